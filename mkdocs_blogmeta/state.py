"""What one build knows: the record the plugin's hooks share, made whole in `on_config`
and `on_files` and replaced by the next build, so that nothing is reset by hand and
`mkdocs serve`'s rebuilds start clean. The MkDocs side of the plugin: it holds MkDocs
`File`s (in `plan`)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from . import blog as blog_
from . import (
    cards,
    feeds,
    images,
    indexes,
    languages,
    messages,
    pages,
    posts,
    rebuild,
    responsive,
    seo,
    sitefiles,
    unpublished,
    urls,
)
from . import excerpts as excerpts_
from .guard import Guard
from .model import Blog, Derived, Listing, Overview, Post, Problem
from .settings import Settings


@dataclass
class Build:
    """One build's state, from the settings made in `on_config` to the feeds written in
    `on_post_build`."""

    # -- from the configuration (on_config)
    settings: Settings | None = None
    drawer: cards.Drawer = field(default_factory=cards.Drawer)
    scratch: sitefiles.Scratch = field(default_factory=sitefiles.Scratch)
    # -- the blog, as read in on_files
    blog: Blog = field(default_factory=Blog)
    posts_by_src: dict[str, Post] = field(default_factory=dict)
    front_matter: dict[str, dict[str, Any]] = field(default_factory=dict)  # posts, index pages
    plan: sitefiles.Plan = field(default_factory=sitefiles.Plan)  # the files the plugin adds
    ours: list[File] = field(default_factory=list)  # the posts and the files added
    images: dict[str, images.ImageInfo] = field(default_factory=dict)
    card_pending: dict[str, str] = field(default_factory=dict)  # card being drawn -> its src
    #: `mkdocs serve`: the cards copied once the page is served, and whether each is drawn now
    cards_later: list[tuple[File, bool]] = field(default_factory=list)
    # -- responsive images: the pictures by their originals' site paths, their variants
    pictures: dict[str, responsive.Picture] = field(default_factory=dict)
    picture_of: dict[str, str] = field(default_factory=dict)  # post src -> what it shows
    image_drawer: cards.Drawer = field(
        default_factory=lambda: cards.Drawer(render=responsive.draw_many)
    )
    variant_pending: dict[str, str] = field(default_factory=dict)  # target -> its src
    render_picture: Callable[..., str] | None = None  # the picture template, once
    listing_sizes: Callable[[responsive.Picture], str] | None = None
    guard: Guard = field(default_factory=Guard)
    moved_pages: set[str] = field(default_factory=set)  # Markdown pages moved to new URLs
    #: beside mkdocs-static-i18n: the posts another language's build writes (excluded)
    elsewhere: set[str] = field(default_factory=set)
    #: with several languages: Material's `extra.alternate` as configured (`on_files`)
    alternate: Any = None
    # -- what pages leave for later events
    url_of: Mapping[str, str] | None = None  # docs path -> site URL, once pages render
    descriptions: dict[str, str | None] = field(default_factory=dict)
    feed_folders: set[str] = field(default_factory=set)  # folders that have feeds
    feed_posts: set[str] = field(default_factory=set)  # posts some feed carries
    feed_bodies: dict[str, str] = field(default_factory=dict)  # their bodies, as left
    bodies: dict[str, str] = field(default_factory=dict)  # a post's body while it is wrapped
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # page.meta as others know it
    env: Any = None  # the plugin's own autoescaping environment
    entries: pages.Entries | None = None
    #: each shown post's excerpt as Markdown (`excerpts.sources`), and rendered
    excerpt_md: dict[str, str] = field(default_factory=dict)
    excerpts: excerpts_.Excerpts | None = None
    site_alternates: list[tuple[str, str, str]] | None = None
    # -- unlisted posts: their pages (and their bundles' pages), kept out of the sitemap
    # by their locations (absolute URLs); they and the later pages of each listing
    # (`indexes.searched`) kept out of the search index by their URLs (`page.url`)
    unlisted: set[str] = field(default_factory=set)
    unsearched: set[str] = field(default_factory=set)
    unsearched_urls: set[str] = field(default_factory=set)
    unlisted_locations: set[str] = field(default_factory=set)
    # -- `mkdocs serve --dirty`: the pages to render (None: all), digests, outputs
    render: set[str] | None = None
    digests: dict[str, str] = field(default_factory=dict)
    site_digest: str = ""
    shown: dict[str, str] = field(default_factory=dict)  # each post's entry (`rebuild`)
    written: set[str] = field(default_factory=set)  # every path this build writes
    post_dates: dict[int, tuple[Post, str]] = field(default_factory=dict)  # `_post_date`
    outputs: set[str] = field(default_factory=set)

    @property
    def generated(self) -> dict[str, Any]:
        """The index pages by source path (`plan.generated`)."""
        return self.plan.generated

    def sitemap_date(self, src: str) -> str | None:
        """A post's or an index page's `lastmod` in the sitemap (`seo.sitemap_date`,
        `seo.listing_date`: an overview's is the newest listed post's); None for any other
        page."""
        if (post := self.posts_by_src.get(src)) is not None:
            return self._post_date(post)
        item = self.generated.get(src)
        if item is None:
            return None
        posts_ = item.posts if isinstance(item, Listing) else self.blog.posts
        return seo.listing_date(posts_, self._post_date)

    def _post_date(self, post: Post) -> str:
        """`seo.sitemap_date`, once a build for each post (listings share their posts)."""
        found = self.post_dates.get(id(post))
        if found is None or found[0] is not post:
            found = self.post_dates[id(post)] = (post, seo.sitemap_date(post))
        return found[1]

    def date_pages(self, files: Files) -> None:
        """Every post and index page dated for the sitemap, those a `--dirty` rebuild does
        not read too (their `on_page_markdown` does not run)."""
        by_src = files.src_uris  # `get_file_from_path` without its `PurePath` each time
        for src in [*self.posts_by_src, *self.generated]:
            file = by_src.get(src)
            if file is not None and file.page is not None:
                file.page.update_date = self.sitemap_date(src) or file.page.update_date

    def note_unlisted(self, files: Files, *, excluded: bool) -> None:
        """The URLs of the pages to take out of the search index and the absolute locations
        of the unlisted ones, as MkDocs gives them to the search index and the sitemap
        (once every page is made). `excluded`: the search plugin leaves out the pages
        whose `search.exclude` says so (Material's); the unlisted ones are taken out all
        the same, the later listing pages need not be looked for."""
        for src in self.unlisted if excluded else self.unsearched:
            file = files.get_file_from_path(src)
            if file is None or file.page is None:
                continue
            page = file.page
            self.unsearched_urls.add(page.url)
            if src in self.unlisted:
                found = (page.canonical_url, page.abs_url)
                self.unlisted_locations |= {value for value in found if value}

    def is_own_page(self, src: str) -> bool:
        """An index page the plugin made (not the blog folder's own `index.md`)."""
        return src in self.plan.generated and src not in self.plan.adopted

    def feed_links(
        self, item: Listing | Overview | None, post: Post | None = None
    ) -> list[tuple[str, str, str]]:
        """A page's feed links: the site's (the same on every page: made once), and a
        term page's own; a page of another language's blog (`languages:`) links that
        language's feeds."""
        assert self.settings is not None
        made = self.settings
        site_feed = (made.feeds.index_folder, made.site.name)
        own = feeds.page_feed(item) if item is not None else None
        links = partial(feeds.alternates, made.site, made.feeds, self.feed_folders)
        mine = self.blog
        if self.blog.languages and item is not None:
            mine = languages.item_blog(self.blog, item)
        elif self.blog.languages and post is not None:
            mine = languages.post_blog(self.blog, post)
        if mine is not self.blog and mine.listings:
            return links([(mine.listings[0].path, made.site.name), *([own] if own else [])])
        if own and (found := links([site_feed, own])):
            return found
        if self.site_alternates is None:
            self.site_alternates = links([site_feed])
        return self.site_alternates

    def start_cards(
        self, read: blog_.Checked, config: MkDocsConfig, cards_cache: blog_.CardPlans | None
    ) -> tuple[list[Post], list[Problem], str | None]:
        """Plan the share cards and start drawing the ones not cached yet, so they are
        drawn while MkDocs renders pages: the posts pointing to their cards, the problems,
        and what to say of the drawing."""
        assert self.settings is not None
        self.images = read.images
        placed, planned, problems = blog_.plan_cards(
            read, self.settings.cards, self.settings.labels, cards_cache
        )
        kept = cards_cache.files if cards_cache else None
        self.plan.cards = sitefiles.plan_cards(config, planned, placed, kept)
        info = lambda card: images.ImageInfo(*card.info)  # noqa: E731 (of the card alone)
        if cards_cache is None:
            infos = [info(card) for card in planned]
        else:  # a planned card is frozen: the same card, the same image
            infos = cards_cache.infos.each(planned, lambda _: None, info)
        jobs = []
        for card, info in zip(planned, infos, strict=True):
            self.images[card.src] = info
            if not card.cached:
                jobs.append((card.spec, card.target))
                self.card_pending[card.target] = card.src
        self.drawer.start(jobs)
        cached = len(planned) - len(jobs)
        drawing = f"drawing {len(jobs)} share cards ({cached} from the cache)" if jobs else None
        return placed, problems, drawing

    def start_variants(
        self,
        checked: blog_.Checked,
        config: MkDocsConfig,
        by_src: dict[str, File],
        cache: dict[str, Any] | None = None,
    ) -> str | None:
        """Plan the responsive images' variants of the shown posts (their files beside
        the originals, once those are placed) and start drawing those not cached, while
        MkDocs renders pages; what to say of the drawing. `cache` keeps the images each
        post shows between the builds of one `mkdocs serve`, by all they are found from:
        its text, its header image and the docs tree's files."""
        assert self.settings is not None
        made = self.settings.responsive
        if not made.enabled:
            return None
        usable = {src: path for src, path in checked.usable.items() if src in by_src}
        tree = rebuild.digest(sorted(usable)) if cache is not None else ""
        wanted: dict[str, set[str]] = {}
        for post in checked.shown:
            src, body = post.src_path, checked.reading.bodies.get(post.src_path, "")
            key = (body, post.header_img, tree)
            if cache is not None and (kept := cache.get(src)) is not None and kept[0] == key:
                wanted[src] = set(kept[1])
                continue
            wanted[src] = responsive.wanted([post], checked.reading.bodies, usable)
            if cache is not None:
                cache[src] = (key, frozenset(wanted[src]))
        if cache is not None:
            for gone in set(cache) - set(wanted):  # posts deleted or held since
                del cache[gone]
        avatars = {str(p.get("avatar")) for p in checked.profiles.values() if p.get("avatar")}
        everything = set().union(*wanted.values(), avatars & set(usable))
        pictures, jobs = responsive.plan(everything, usable, made, checked.images)
        self.plan.variants, self.pictures = sitefiles.plan_variants(config, pictures, by_src)
        self.picture_of = {
            src: repr(sorted(pictures[i].describe() for i in found if i in pictures))
            for src, found in wanted.items()
        }
        by_target = {file.abs_src_path: src for src, (file, _) in self.plan.variants.items()}
        self.variant_pending = {target: by_target.get(target, "") for _, target in jobs}
        self.image_drawer.start(jobs)
        if not jobs:
            return None
        count = sum(len(p.variants) for p in pictures.values())
        return f"drawing {len(jobs)} image variants ({count - len(jobs)} from the cache)"

    def collect_variants(self, files: Files) -> list[Problem]:
        """Wait for the variants being drawn; one that could not be drawn leaves the site
        and the `srcset`s (the pages offer the others)."""
        problems, failed = [], set()
        for target, _, failure in self.image_drawer.wait():
            src = self.variant_pending.pop(target, None)
            if failure and src is not None:
                failed.add(target)
                original = self.plan.variants[src][1] if src in self.plan.variants else src
                problems.append(
                    messages.problem("image-variant-failed", original, variant=src, error=failure)
                )
                if src in self.plan.variants:
                    files.remove(self.plan.variants.pop(src)[0])
        if failed:
            self.pictures = {
                dest: replace(p, variants=tuple(v for v in p.variants if v.target not in failed))
                for dest, p in self.pictures.items()
            }
        return problems

    def offer_pictures(
        self,
        html: str,
        page_url: str,
        sizes: Callable[[responsive.Picture], str],
        *,
        eager_first: bool = True,
        mark: str = "",
    ) -> str:
        """The page's images of posts offered at their variants (`responsive.rewrite`),
        rendered by the picture template."""
        if not self.pictures or self.env is None or self.settings is None:
            return html
        if self.render_picture is None:
            self.render_picture = pages.picture_renderer(self.env)
        root = urls.site_path(self.settings.site.url)
        return responsive.rewrite(
            html, page_url, self.pictures, self.render_picture, sizes,
            root=root, eager_first=eager_first, mark=mark,
        )  # fmt: skip

    def offer_entry(self, html: str, page_url: str, eager: bool, mark: str = "") -> str:
        """A listing entry's images offered at their variants, sized as thumbnails
        (`pages.Entries` asks once for each post, `mark` starting its paths from the root;
        a listing page's own images, once for the page)."""
        sizes = self.thumbnail_sizes()
        return self.offer_pictures(html, page_url, sizes, eager_first=eager, mark=mark)

    def thumbnail_sizes(self) -> Callable[[responsive.Picture], str]:
        """`sizes` in listings: the posts' header images are their thumbnails (made once)."""
        if self.listing_sizes is None:
            headers = {p.header_img for p in self.posts_by_src.values() if p.header_img}
            self.listing_sizes = responsive.listing_sizes(headers)
        return self.listing_sizes

    def used_variants(self) -> set[str]:
        """The cached files of every variant this build offers (the rest is pruned)."""
        return {v.target for p in self.pictures.values() for v in p.variants}

    def collect_cards(self, files: Files) -> list[Problem]:
        """Wait for the cards being drawn and note their sizes; a card that could not be
        drawn leaves the site (its page's share tags fall back to the next image)."""
        problems, failed, _ = self._collect()
        for src in failed:
            files.remove(self.plan.cards[src][0])
        return problems

    def defer_cards(self, files: Files, *, every: bool) -> None:
        """`mkdocs serve`: the cards still being drawn leave MkDocs' files (there is
        nothing to copy yet) and the page is served without waiting for them;
        `finish_cards` puts them in the site once drawn. `every`: the cached cards too
        (a full rebuild, into an emptied site: copying a blog's cards again, two for
        each post, is the largest part of what MkDocs copies)."""
        pending = set(self.card_pending.values())
        self.cards_later = [
            (file, src in pending)
            for src, (file, _, _) in self.plan.cards.items()
            if every or src in pending
        ]  # fmt: skip
        for file, _ in self.cards_later:
            files.remove(file)

    def finish_cards(self) -> tuple[list[Problem], bool]:
        """Wait for the cards `defer_cards` left out and copy each one that is drawn into
        the site: the problems, and whether a card could not be drawn (its page names it:
        the next rebuild must render every page again)."""
        problems, failed, sizes = self._collect()
        for file, drawn in self.cards_later:
            if not drawn or file.src_uri in sizes:  # the cached, and those drawn now
                file.copy_file()
        return problems, bool(failed)

    def _collect(self) -> tuple[list[Problem], dict[str, str], dict[str, int]]:
        owner = {src: post for src, (_, _, post) in self.plan.cards.items()}
        problems, failed, sizes = cards.collected(self.drawer.wait(), self.card_pending, owner)
        for src, error in failed.items():
            self.images[src] = images.ImageInfo(error=error)
        for src, size in sizes.items():
            self.images[src] = replace(self.images[src], size_bytes=size)
        return problems, failed, sizes

    def plan_rebuild(
        self,
        checked: blog_.Checked,
        files: Files,
        by_src: dict[str, File],
        memory: Memory,
        theme_texts: list[str],
    ) -> None:
        """Under `mkdocs serve --dirty`, after a first build: the pages whose digest
        (`rebuild`) changed, or whose source MkDocs finds newer than its page, are
        rendered; the others keep the page the last build wrote. A change the whole site
        shares (settings, templates, a post's URL or status, what the theme reads of the
        blog) renders every page, the site's own pages too."""
        assert self.settings is not None
        made, blog, reading = self.settings, checked.blog, checked.reading
        shown = rebuild.entries(blog, self.images, checked.shown, self.excerpt_md, memory.entries)
        for src, showing in self.picture_of.items():  # an image's size or variants changed
            if src in shown:
                shown[src] = rebuild.digest(shown[src], showing)
        terms = rebuild.term_reprs(blog)
        urls_ = sorted(
            (p.src_path, p.url, p.hidden, p.listed) for p in [*checked.shown, *checked.held]
        )
        site = rebuild.digest(
            repr(replace(made.blog, now=None)), repr(made.site), repr(made.cards),
            repr(made.feeds), sorted(made.options.items(), key=repr), theme_texts, urls_,
            sorted(self.feed_folders_of(blog)), sorted(checked.excluded), repr(checked.profiles),
            rebuild.site_parts(blog, rebuild.theme_reads(theme_texts), shown),
        )  # fmt: skip
        digests = {
            post.src_path: rebuild.post_digest(
                post, reading.bodies[post.src_path],
                blog, checked.edits.get(post.src_path), self.images, shown, site, terms,
            )
            for post in checked.shown
        }  # fmt: skip
        overviews: dict[int, str] = {}  # each blog's, once
        for src, item in self.plan.generated.items():
            digests[src] = rebuild.listing_digest(item, blog, shown, site, overviews)
        marked: set[str] = set()  # pages listing the latest posts: rendered when those change
        for src, file in by_src.items():
            own = src in digests and src not in self.plan.adopted  # a post, an index page
            if own or not file.is_documentation_page():
                continue
            text = sitefiles.read_text(file) or ""
            if (found := rebuild.latest_digest(text, blog, shown, site)) is not None:
                digests[src] = rebuild.digest(digests.get(src), found)
                marked.add(src)
        self.digests, self.site_digest, self.shown = digests, site, shown
        self.written = {file.dest_uri for file in files}
        if memory.site_digest != site:  # the first build, or a change every page shows
            posts_ = {post.src_path for post in checked.shown}  # handed over in `take`
            for file in files.documentation_pages():
                if file.src_uri not in posts_ and file.abs_src_path:
                    sitefiles.force(file)
            return
        self.render = {
            src for src, value in digests.items()
            if memory.digests.get(src) != value
            or (src in by_src and by_src[src].is_modified())
        }  # fmt: skip
        for src in self.render & (set(self.plan.generated) | marked):
            file = self.plan.pages.get(src) or by_src.get(src)
            if file is not None:
                sitefiles.force(file)

    def read_excerpts(self, checked: blog_.Checked) -> None:
        """Each shown post's excerpt as Markdown, cut at the separator: what listings
        and feeds show of it, and what `--dirty` compares."""
        assert self.settings is not None
        self.excerpt_md = excerpts_.sources(
            checked.shown, checked.reading.bodies, checked.edits, self.settings.excerpt_separator
        )

    def feed_excerpts(self) -> dict[str, str]:
        """The excerpts the feeds carry (`feed_content: excerpt`), with their "Continue
        reading" link, links relative to the post's page, and none into a held post."""
        found: dict[str, str] = {}
        if self.excerpts is None or self.env is None:
            return found
        for post in self.excerpt_feed_posts():
            if (excerpt := self.excerpts(post)) is not None:
                html = pages.render_feed_excerpt(self.env, self.blog, post, excerpt)
                if self.guard.space:
                    html, _ = unpublished.clean(html, post.url, self.guard.space)
                found[post.src_path] = html
        return found

    def excerpt_feed_posts(self) -> list[Post]:
        """The posts some feed carries with their excerpt (`feed_content: excerpt`, the
        site's or their own): the only excerpts wanted once the listings are rendered."""
        assert self.settings is not None
        mode = self.settings.feeds.content
        found = (self.posts_by_src.get(src) for src in self.feed_posts)
        return [p for p in found if p is not None and (p.feed_content or mode) == "excerpt"]

    def feed_folders_of(self, blog: Blog) -> set[str]:
        assert self.settings is not None
        return {folder for folder, _, _ in feeds.sources(blog, self.settings.feeds)}

    def take(self, checked: blog_.Checked, by_src: dict[str, File], *, dirty: bool) -> None:
        """Keep what the pages need of the blog as read, and hand MkDocs its posts
        (`dirty`: under `mkdocs serve --dirty`, where a post handed over is rendered)."""
        assert self.settings is not None
        keep = [p.src_path for p in checked.shown]
        self.blog, self.posts_by_src = checked.blog, {p.src_path: p for p in checked.shown}
        self.guard = Guard.of(checked.unpublished_urls, checked.link_index, checked.edits)
        pages_ = {src for src, file in by_src.items() if file.is_documentation_page()}
        self.moved_pages = blog_.moved_pages(checked, pages_)
        self.front_matter = {src: checked.reading.front_matter[src] for src in keep}
        for src, item in self.plan.generated.items():
            if src not in self.plan.adopted:
                found = self.plan.metas.get(src)  # `sitefiles.place` made it of the same blog
                if found is None:
                    found = pages.index_meta(item, self.settings.site, self.blog)
                self.front_matter[src] = found
        for src in keep:
            if self.render is None or src in self.render:
                body, reading = checked.reading.bodies[src], checked.reading
                sitefiles.hand_post(
                    by_src[src], reading.front_matter[src], body,
                    as_written=src in reading.as_written, dirty=dirty,
                )  # fmt: skip
        self.ours = [by_src[src] for src in keep] + self.plan.added
        bundled = [by_src[src] for src, main in checked.owner.items() if src in by_src]
        unlisted = {p.src_path for p in checked.shown if not p.listed}
        self.unlisted = unlisted | {
            f.src_uri for f in bundled if checked.owner[f.src_uri] in unlisted
            and f.is_documentation_page()
        }  # fmt: skip
        later = {src for src, item in self.plan.generated.items() if not indexes.searched(item)}
        self.unsearched = self.unlisted | later
        self.outputs = {f.dest_uri for f in [*self.ours, *bundled] if main_kept(f, checked)}
        found = feeds.sources(self.blog, self.settings.feeds)
        self.feed_folders = {folder for folder, _, _ in found}


def main_kept(file: File, checked: blog_.Checked) -> bool:
    """Whether a file is published with its post (every file of a shown post's bundle)."""
    main = checked.owner.get(file.src_uri)
    return main is None or any(p.src_path == main for p in checked.shown)


@dataclass
class Memory:
    """What one `mkdocs serve` keeps from build to build: the posts read, and (under
    `--dirty`) each page's digest at the last build, the post bodies the feeds quote,
    the files the plugin wrote, and one scratch folder whose unchanged files keep their
    time (so MkDocs does not copy them over what the plugin wrote)."""

    reads: posts.ReadCache = field(default_factory=posts.ReadCache)
    texts: sitefiles.Texts = field(default_factory=sitefiles.Texts)
    digests: dict[str, str] = field(default_factory=dict)
    site_digest: str | None = None
    bodies: dict[str, str] = field(default_factory=dict)
    outputs: set[str] = field(default_factory=set)
    feed_digests: dict[tuple[str, str], str] = field(default_factory=dict)
    card_plans: blog_.CardPlans = field(default_factory=blog_.CardPlans)
    entries: Derived = field(default_factory=Derived)  # each post's (`rebuild.entries`)
    link_checks: dict[str, Any] = field(default_factory=dict)  # each post's (`blog.assemble`)
    shown_images: dict[str, Any] = field(default_factory=dict)  # `Build.start_variants`
    paths: str | None = None  # every path the last build wrote, when none collided
    env: tuple[Any, Any] | None = None  # (theme folders, language), the plugin's templates
    scratch: sitefiles.Scratch = field(default_factory=sitefiles.Scratch)
    drawer: cards.Drawer = field(default_factory=lambda: cards.Drawer(background=True))
    later: Callable[[], None] | None = None  # cards and feeds a served build leaves to do
    finishing: threading.Thread | None = None  # doing them
    #: beside mkdocs-static-i18n, whose builds run inside its first one: the builds under
    #: way, and every one's unlisted pages, for the search index it writes last
    builds: int = 0
    i18n_unsearched: set[str] = field(default_factory=set)

    def start_later(self) -> None:
        """Start, in the background, what the served build left to do."""
        if self.later is not None:
            later, self.later = self.later, None
            self.finishing = threading.Thread(target=later, name="blogmeta-later", daemon=True)
            self.finishing.start()

    def settle(self) -> None:
        """Wait for what the last served build left to do (its cards, its feeds); do it
        now if it was not started."""
        if self.later is not None:
            later, self.later = self.later, None
            later()
        if self.finishing is not None:
            self.finishing.join()
            self.finishing = None

    def forget(self) -> None:
        """After a failed build: render every page next time."""
        self.digests, self.site_digest, self.feed_digests = {}, None, {}
        for kept in (self.reads.identified, self.reads.placed, self.card_plans.placed,
                     self.card_plans.files, self.card_plans.infos, self.entries):  # fmt: skip
            kept.forget()
