"""Page generation: HTML for post pages and index pages from Jinja templates.

Templates are looked up through the theme's own loader, so a file of the same
name in the theme's `custom_dir` wins, but rendered by an environment of ours
with autoescaping on: post fields are text, never markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from . import i18n, indexes, languages, messages, responsive, unlisted, urls
from .i18n import Labels, bcp47, is_rtl
from .images import ImageInfo
from .model import Blog, Listing, Overview, Post, Problem
from .seo import Head, Site, absolute, index_description, index_head, own_site, post_head
from .taxonomies import BY_KIND, OVERVIEW_ORDER, TAXONOMIES

TEMPLATES_DIR = Path(__file__).parent / "templates"
ASSETS_DIR = Path(__file__).parent / "assets"
#: The folder of the plugin's templates: each renders a part of a page, none a page.
OWN_TEMPLATES = "blogmeta/"
POST_TEMPLATE = "blogmeta/post.html"
HEAD_TEMPLATE = "blogmeta/head.html"
ENTRY_TEMPLATE = "blogmeta/partials/entry.html"
EXCERPT_TEMPLATE = "blogmeta/partials/excerpt.html"
LATEST_TEMPLATE = "blogmeta/latest.html"
REDIRECT_TEMPLATE = "blogmeta/redirect.html"
PICTURE_TEMPLATE = "blogmeta/partials/picture.html"
LISTING_TEMPLATES = {"index": "blogmeta/index.html", **{t.kind: t.template for t in TAXONOMIES}}
OVERVIEW_TEMPLATES = {t.overview: t.overview_template for t in OVERVIEW_ORDER}


def is_own_template(name: str) -> bool:
    """Whether a page's `template` names one of the plugin's templates."""
    return str(name).lstrip("./").startswith(OWN_TEMPLATES)


def make_environment(
    loader: jinja2.BaseLoader | None, labels: Labels | None = None, *, reload: bool = True
) -> jinja2.Environment:
    """An autoescaping environment over `loader` (the theme's, or the package's), with
    the plugin's labels in the site's language: `t("Tags")`, `tn(one, many, n)` and
    the `long_date` filter. Without `reload` (one build: no template changes during it),
    a template is read once, not looked at on disk again at each of the pages' renders."""
    labels = labels or Labels()
    env = jinja2.Environment(
        loader=loader or jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        keep_trailing_newline=True,
        auto_reload=reload,
    )

    @jinja2.pass_context
    def long_date(context: jinja2.runtime.Context, value: Any) -> str:
        return context.get("t", labels).date(value)  # a language's blog: its own labels

    env.filters["long_date"] = long_date
    env.filters["bcp47"] = bcp47  # `en_US` -> `en-US`, for `lang` and `hreflang`
    env.globals["t"] = labels
    env.globals["tn"] = labels.plural
    env.globals["is_rtl"] = is_rtl
    return env


def own_labels(blog: Blog) -> dict[str, Any]:
    """What a template renders with in one language's blog (`languages:`): its labels
    (`t`, `tn`, and the dates of `long_date`). None for the site's blog: the environment
    has its labels."""
    if blog.language is None or blog.languages:
        return {}
    labels = i18n.labels(blog.language)
    return {"t": labels, "tn": labels.plural}


class Linker:
    """URLs as seen from one page: what templates call `link`."""

    def __init__(self, blog: Blog, page_url: str, from_root: bool = False) -> None:
        self.blog = blog
        self.page_url = page_url
        self.use_directory_urls = blog.use_directory_urls
        self.from_root = from_root

    def to(self, url: str) -> str:
        """A site-relative URL (`tag/x/`, `''` for the root) made relative to this page.

        With `from_root`, the URL starts with a marker that `relative_to_page` turns
        into the way up to the site root: HTML made so holds for any page, and one
        post's entry is rendered once for every listing that shows it. The marker
        holds `<`, which autoescaping turns to `&lt;` in every text a template prints,
        so no title can forge it: it is returned as `Markup` to stay as it is.
        """
        if self.from_root:
            return _from_root(url)
        return _relative(url, self.page_url)

    def post(self, post: Post) -> str:
        return self.to(post.url)

    def tag(self, name: str) -> str | None:
        tag = self.blog.tag(name)
        return self.to(tag.url) if tag else None

    def asset(self, src: str) -> str:
        """A file of the docs tree that MkDocs copies as it is (an avatar, ...)."""
        return src if urls.is_absolute_url(src) else self.to(src)

    def doc(self, target: str) -> str:
        """A page or file of the docs tree by its path (`setup/blog.md#x`; a post's
        `links` are already placed), at its URL under either `use_directory_urls`; a URL,
        a path from the site root or an anchor as it is."""
        if not urls.is_docs_path(target):
            return target
        return self.to(urls.doc_link(target, self.use_directory_urls))

    def image(self, post: Post, image: str | None) -> str | None:
        """One of the post's images (which moved with the post)."""
        if not image:
            return None
        if urls.is_absolute_url(image):
            return image
        return self.to(post.asset_path(image))


@lru_cache(maxsize=65536)
def _from_root(url: str) -> Markup:
    """Behind the root marker and percent-encoded; every listing links the same URLs."""
    return Markup(ROOT_MARK) + urls.encoded(url)


@lru_cache(maxsize=2048)
def _relative(url: str, page_url: str) -> str:
    """Relative and percent-encoded. Bounded: a pair recurs on one page (a tag linked
    twice), rarely on another, and a cache of every post page's would hold them all."""
    return urls.encoded(urls.relative_url(url, page_url))


def render_post(env: jinja2.Environment, blog: Blog, post: Post, content: str) -> str:
    """A post page's content: header (title, dates, author, tags, image), body, footer."""
    blog = languages.post_blog(blog, post)
    return env.get_template(POST_TEMPLATE).render(
        post=post,
        blog=blog,
        content=Markup(content),
        link=Linker(blog, post.url),
        **own_labels(blog),
    )


def forget() -> None:
    """Empty the caches of links placed (`Linker.to`, `relative_to_page`): they speed
    the listings' renders, which are over once `on_env` runs, and would hold every
    URL of the site to the end of the build."""
    _from_root.cache_clear()
    _relative.cache_clear()
    _way_up.cache_clear()


#: Where a link made by `Linker(from_root=True)` starts. Never in escaped text (`<`).
ROOT_MARK = "<blogmeta-root>/"


def relative_to_page(html: str, page_url: str) -> str:
    """HTML made with `Linker(from_root=True)`, with its links made relative to a page."""
    up = _way_up(page_url)
    return html.replace(ROOT_MARK, "" if up == "./" else up)


@lru_cache(maxsize=65536)
def _way_up(page_url: str) -> str:
    """The site root as seen from a page (every listing and excerpt on it asks)."""
    return urls.relative_url("", page_url)


#: Offers a page's images at their variants (`responsive.rewrite`): the HTML as the
#: page at the URL shows it, and whether its first image loads at once; `mark`: what
#: starts a path from the site root in it (`Entries`).
Offer = Callable[..., str]

#: The site root in an entry while its images are offered, once for every depth of
#: page: text that no template escapes (`ROOT_MARK` is a tag) and no page holds.
_OFFER_ROOT = "\x00blogmeta-root\x00/"


class Entries:
    """Each post's listing entry, rendered once per build and shared by every listing
    (blog index, tags, categories, authors, a page's latest posts) that shows the post;
    with its excerpt (`excerpts`: HTML whose links start at `ROOT_MARK`) when it has one.

    `for_page` places them: images offered (`offer`) once for each post, links made
    relative once for each depth a page can have, not once for each page, since every
    listing page at one depth shows an entry the same way."""

    def __init__(
        self,
        env: jinja2.Environment,
        blog: Blog,
        excerpts: Callable[[Post], str | None] | None = None,
        offer: Offer | None = None,
    ) -> None:
        self.template = env.get_template(ENTRY_TEMPLATE)
        self.blog = blog
        self.link = Linker(blog, "", from_root=True)
        self.excerpts = excerpts
        self.offer = offer
        self.done: dict[str, Markup] = {}
        self.offered: dict[tuple[str, bool], str] = {}
        self.placed: dict[tuple[str, str, bool], Markup] = {}

    def __call__(self, post: Post) -> Markup:
        if post.src_path not in self.done:
            excerpt = self.excerpts(post) if self.excerpts else None
            blog = languages.post_blog(self.blog, post)
            html = self.template.render(
                post=post,
                blog=blog,
                link=self.link if blog is self.blog else Linker(blog, "", from_root=True),
                excerpt=Markup(excerpt) if excerpt else None,
                **own_labels(blog),
            )
            self.done[post.src_path] = Markup(html)
        return self.done[post.src_path]

    def for_page(self, page_url: str, *, eager_first: bool = True) -> Callable[[Post], Markup]:
        """The entries as the page at `page_url` shows them, the first one's image loading
        at once (`eager_first`: the first a reader of a listing sees)."""
        up = _way_up(page_url)
        shown = 0

        def entry(post: Post) -> Markup:
            nonlocal shown
            eager, shown = eager_first and shown == 0, shown + 1
            key = (post.src_path, up, eager)
            if key not in self.placed:
                self.placed[key] = Markup(relative_to_page(self._offered(post, eager), page_url))
            return self.placed[key]

        return entry

    def _offered(self, post: Post, eager: bool) -> str:
        """The post's entry with its images offered, links still from the site root."""
        key = (post.src_path, eager)
        if key not in self.offered:
            html = str(self(post))
            if self.offer is not None:
                html = self.offer(html.replace(ROOT_MARK, _OFFER_ROOT), "", eager, _OFFER_ROOT)
                html = html.replace(_OFFER_ROOT, ROOT_MARK)
            self.offered[key] = html
        return self.offered[key]


def render_latest(
    env: jinja2.Environment, blog: Blog, posts: list[Post], page_url: str, entries: Entries
) -> str:
    """The posts a page's `<!-- blogmeta:latest -->` marker lists, with the indexes'
    entries, links made relative to the page."""
    html = env.get_template(LATEST_TEMPLATE).render(
        posts=posts,
        blog=blog,
        link=Linker(blog, page_url, from_root=True),
        entry=entries.for_page(page_url, eager_first=False),
    )
    return relative_to_page(html, page_url)


def render_feed_excerpt(env: jinja2.Environment, blog: Blog, post: Post, excerpt: str) -> str:
    """A post's excerpt and its "Continue reading" link as a feed entry carries them,
    links relative to the post's page (the feed makes them absolute)."""
    own = own_labels(languages.post_blog(blog, post))
    html = env.get_template(EXCERPT_TEMPLATE).render(
        post=post, blog=blog, excerpt=Markup(excerpt), link=Linker(blog, "", from_root=True), **own
    )
    return relative_to_page(html, post.url)


def render_listing(
    env: jinja2.Environment,
    blog: Blog,
    listing: Listing,
    below_page: bool = False,
    entries: Entries | None = None,
) -> str:
    """One page of the blog index, a tag's or an author's posts (`below_page`: under the
    text of the site's own page, which has its own heading)."""
    entries = entries or Entries(env, blog)
    blog = languages.item_blog(blog, listing)
    extra: dict[str, Any] = {}
    if (taxonomy := BY_KIND.get(listing.kind)) is not None:  # `tag`, `author`: the term
        extra[listing.kind] = blog.term(taxonomy.overview, listing.key or "")
    holes: list[Post] = []

    def hole(post: Post) -> Markup:
        holes.append(post)
        return Markup(_HOLE.format(len(holes) - 1))

    html = env.get_template(LISTING_TEMPLATES[listing.kind]).render(
        listing=listing,
        blog=blog,
        link=Linker(blog, listing.url, from_root=True),
        entry=hole,
        below_page=below_page,
        **extra,
        **own_labels(blog),
    )
    return _fill_holes(relative_to_page(html, listing.url), holes, listing.url, entries)


#: Where a listing's template put an entry, until the page's own images are offered.
_HOLE = '<blogmeta-entry n="{}">'
_HOLE_RE = re.compile(r'<blogmeta-entry n="(\d+)">')


def _fill_holes(html: str, posts: list[Post], page_url: str, entries: Entries) -> str:
    """A listing page with its entries in their holes. The page's own images (an author's
    avatar) are offered first, without the entries (placed once for each depth of page);
    the first image of the page loads at once, the avatar's or else the first entry's."""
    first = html.find(_HOLE.format(0))
    image_first = responsive.has_image(html if first < 0 else html[:first])
    if entries.offer is not None:
        html = entries.offer(html, page_url, image_first)
    entry = entries.for_page(page_url, eager_first=not image_first)
    placed = [entry(post) for post in posts]
    return _HOLE_RE.sub(lambda m: placed[int(m.group(1))], html)


def picture_renderer(env: jinja2.Environment) -> Callable[..., str]:
    """What `responsive.rewrite` renders each image with: the picture template."""
    template = env.get_template(PICTURE_TEMPLATE)

    def render(sources: list[tuple[str, str]], srcset: str, sizes: str, attrs: list) -> str:
        return template.render(sources=sources, srcset=srcset, sizes=sizes, attrs=attrs)

    return render


def render_overview(env: jinja2.Environment, blog: Blog, overview: Overview) -> str:
    """The page of every tag or every author."""
    blog = languages.item_blog(blog, overview)
    return env.get_template(OVERVIEW_TEMPLATES[overview.kind]).render(
        overview=overview, blog=blog, link=Linker(blog, overview.url), **own_labels(blog)
    )


def listing_title(listing: Listing, labels: Labels) -> str:
    """The page title of a listing (`<title>`, nav): page numbers after page 1."""
    if listing.number == 1:
        return listing.title
    return labels("{title}, page {n}", title=listing.title, n=listing.number)


def generated_title(item: Listing | Overview, labels: Labels) -> str:
    """The title of an index page (a listing's page number after its first page)."""
    return listing_title(item, labels) if isinstance(item, Listing) else item.title


def index_meta(item: Listing | Overview, site: Site, blog: Blog) -> dict[str, Any]:
    """An index page's front matter: what its `page.meta` holds for every plugin (a feed
    plugin wants a description; a theme, a title). A listing's pages after its first
    (`indexes.searched`) say so to Material's search."""
    site = own_site(site, languages.item_blog(blog, item))
    meta: dict[str, Any] = {
        "title": generated_title(item, site.labels),
        "description": index_description(item, site, blog),
    }
    if not indexes.searched(item):
        meta["search"] = unlisted.search_excluded(None)
    return meta


def head(
    post: Post | None,
    item: Listing | Overview | None,
    blog: Blog,
    site: Site,
    infos: Mapping[str, ImageInfo],
    description: str | None,
) -> Head:
    """The tags a page's `<head>` gets: a post's, an index page's, or (any other page)
    none but the feed links."""
    if post is not None:
        own = languages.post_blog(blog, post)
        return post_head(post, own, own_site(site, own), infos, description=description)
    if item is not None:
        own = languages.item_blog(blog, item)
        site = own_site(site, own)
        found = index_head(item, generated_title(item, site.labels), site, own, infos)
        if blog.languages:  # `languages:`: the page's language, and its counterparts
            found.lang = bcp47(own.language)
            pairs = languages.counterparts(blog, item)
            found.add_languages([(code, absolute(site, other.url)) for code, other in pairs])
        return found
    return Head(title="")


def check_template(post: Post, meta: dict[str, Any], env: jinja2.Environment) -> list[Problem]:
    """A post naming a `template` the theme does not have, or one of the plugin's own
    (which render a part of a page, not a page): a warning, and the theme's default
    template instead of a crash."""
    name = meta.get("template")
    if not name:
        return []
    if is_own_template(name):
        meta.pop("template", None)
        return [messages.post_problem("template-reserved", post, "template", name=name)]
    try:
        env.get_template(name)
    except Exception:
        meta.pop("template", None)
        return [messages.post_problem("template-missing", post, "template", name=name)]
    return []


def in_nav(item: Listing | Overview) -> bool:
    """Only the blog index's first page and the overviews (tags, authors) go in the nav."""
    if isinstance(item, Overview):
        return True
    return item.kind == "index" and item.number == 1


class _TextList(list):
    """A list of front matter values as a theme sees it: it loops over the items (each
    text), and printing the whole list gives the items as text, not a Python repr."""

    def __str__(self) -> str:
        return _printed(self)

    def __html__(self) -> Markup:
        return Markup(_printed(self))


class _TextDict(dict):
    """A mapping of front matter values as a theme sees it (keys kept for lookups)."""

    def __str__(self) -> str:
        return _printed(self)

    def __html__(self) -> Markup:
        return Markup(_printed(self))


#: How deep and how many items of nested values are printed: YAML aliases can make a
#: list that holds itself, or a billion items out of a few lines.
_PRINT_DEPTH, _PRINT_ITEMS = 3, 50


def _printed(value: Any, depth: int = 0) -> str:
    """A nested value as text, its items joined by commas (already escaped items)."""
    if not isinstance(value, list | dict):
        return str(value)
    if depth >= _PRINT_DEPTH:
        return "…"
    if isinstance(value, dict):
        items = [f"{escape(str(k))}: {_printed(v, depth + 1)}" for k, v in value.items()]
    else:
        items = [_printed(item, depth + 1) for item in value[:_PRINT_ITEMS]]
    more = ["…"] if len(value) > _PRINT_ITEMS else []
    return ", ".join(items[:_PRINT_ITEMS] + more)


def as_text(value: Any, _done: dict[int, Any] | None = None) -> Any:
    """A front matter value made safe to print in a template that does not escape: text
    HTML-escaped (as `Markup`, so an escaping template leaves it alone), lists and
    mappings item by item; numbers, dates, true/false and null as they are.

    A list or mapping YAML shares (an alias) is converted once and stays shared, so
    an alias bomb stays small and a list holding itself holds its copy.
    """
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape(value)
    if value is None or isinstance(value, bool | int | float | date):
        return value
    done = {} if _done is None else _done
    if id(value) in done:
        return done[id(value)]
    if isinstance(value, list | tuple | set | frozenset):
        out_list = done[id(value)] = _TextList()
        out_list.extend(as_text(item, done) for item in value)
        return out_list
    if isinstance(value, dict):
        out_dict = done[id(value)] = _TextDict()
        out_dict.update((key, as_text(item, done)) for key, item in value.items())
        return out_dict
    return escape(str(value))


def theme_meta(meta: dict[str, Any], front_matter: Mapping[str, Any]) -> dict[str, Any]:
    """A post's `page.meta` as the theme gets it: every value the post's front matter
    gave is text (MkDocs' theme environment does not autoescape, and themes print
    `page.meta.author`, `page.meta.description` as they are). A value another plugin
    set (git revision dates put HTML there on purpose) is that plugin's, and left as it
    is. `template` is a file name MkDocs has already read, not text to print."""
    done: dict[int, Any] = {}
    return {
        k: as_text(v, done) if k != "template" and _from_front_matter(k, v, front_matter) else v
        for k, v in meta.items()
    }


def _from_front_matter(key: str, value: Any, front_matter: Mapping[str, Any]) -> bool:
    """Whether `page.meta[key]` is still what the post's front matter holds (the title and
    description are handed over already escaped: escaping them again is harmless)."""
    if key not in front_matter:
        return False
    given = front_matter[key]
    return value is given or value == given or isinstance(value, Markup)
