"""Feeds: RSS 2.0 and Atom through feedgenerator, JSON Feed 1.1 through `json`.

Entries come from the same post model as the pages, so a feed can never list
what the site does not show. No MkDocs import.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import StringIO
from typing import Any
from urllib.parse import urljoin

import feedgenerator
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator

from . import languages as languages_
from . import urls
from .i18n import bcp47
from .images import ImageInfo
from .model import Blog, Listing, Overview, Post, Term
from .seo import Site, absolute, describe, own_site, share_images
from .taxonomies import BY_KIND, TAXONOMIES, Taxonomy, term_description

FORMATS = ("rss", "atom", "json")
DEFAULT_FILES = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}
LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
MIME = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}

# Characters XML 1.0 cannot hold at all (not even escaped).
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str | None) -> str | None:
    """Text without the control characters XML cannot carry."""
    return _NOT_XML_RE.sub("", text) if text is not None else None


def html_text(text: str | None) -> str | None:
    """Text as HTML that displays it: what RSS `<description>`, Atom `type="html"` and
    feed titles carry, since feed readers render them as HTML (a `<script>` in a
    summary must reach subscribers as the word, not as a script)."""
    return html.escape(xml_text(text), quote=False) if text is not None else None


#: What `urljoin` takes out of a URL wherever it is (so it is no plain anchor).
_URL_REMOVED = ("\t", "\r", "\n")


def absolute_links(content: str, base: str) -> str:
    """Every `href`/`src`/`srcset` URL of a post's HTML made absolute (feed readers
    have no base URL). An anchor (`#section`, every heading's permalink) is the page's
    own URL with the anchor after it, as `urljoin` makes it: joined once, not once for
    each anchor."""
    page = urljoin(base, "#")  # the page's URL as `urljoin` writes it, without a fragment

    def join(value: str) -> str:
        if value[:1] == "#" and len(value) > 1 and not any(c in value for c in _URL_REMOVED):
            return page + value
        return urljoin(base, value)

    return urls.map_links(content, join)


@dataclass(frozen=True)
class Entry:
    """One post as every feed format shows it."""

    id: str
    url: str
    title: str
    published: datetime
    updated: datetime
    summary: str | None
    content: str | None
    author: str | None
    author_url: str | None
    tags: tuple[str, ...]
    language: str | None
    image: str | None
    image_type: str | None
    image_length: int


@dataclass(frozen=True)
class Feed:
    """One feed: the site's, a tag's or an author's."""

    title: str
    home: str  # absolute URL of the page the feed follows
    folder: str  # site folder the feed files go in
    description: str
    entries: tuple[Entry, ...]
    language: str | None = None


_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def entry_id(post: Post, url: str) -> str:
    """`urn:uuid:<uuid>` of the post's identity (its uuid, stable across renames, or its
    own when an older post has the same: `posts.identify`), else the post's URL."""
    if post.identity and _UUID_RE.match(post.identity):
        return f"urn:uuid:{post.identity.lower()}"
    return url


def content_of(
    post: Post, mode: str, body: str | None, excerpt: str | None
) -> tuple[str | None, str | None]:
    """What an entry carries of a post, as (content, the body its summary is described
    from): `mode` is the site's `feed_content`, the post's own field wins. `excerpt`
    mode without an excerpt (no separator) carries the description, as listings show."""
    mode = post.feed_content or mode
    if mode == "full":
        return body, body
    if mode == "excerpt" and excerpt:
        return excerpt, body
    return None, body


def make_entry(
    post: Post,
    blog: Blog,
    site: Site,
    infos: Mapping[str, ImageInfo],
    content: str | None,
    mode: str = "full",
    excerpt: str | None = None,
) -> Entry:
    """A feed entry from a post and its rendered body (relative links made absolute):
    the body, the excerpt or only the description, as `mode` (`content_of`) says."""
    content, body = content_of(post, mode, content, excerpt)
    url = absolute(site, post.url) or post.url
    blog = languages_.post_blog(blog, post)  # its author's page in its language's blog
    author = blog.author_of(post)
    names = blog.author_names(post)
    image, _ = share_images(site, post, infos)
    info = image.info if image else None
    return Entry(
        id=entry_id(post, url),
        url=url,
        title=xml_text(post.title) or "",
        published=post.date,
        updated=post.updated,
        summary=xml_text(describe(post, body)),
        content=xml_text(absolute_links(content, url)) if content else None,
        author=xml_text(", ".join(names)) if names else None,
        author_url=absolute(site, author.url) if author else None,
        tags=tuple(xml_text(t) or "" for t in post.tags),
        language=bcp47(post.language),
        image=image.url if image else None,
        image_type=info.mime if info else None,
        image_length=info.size_bytes if info else 0,
    )


def in_feed(posts: Iterable[Post], limit: int) -> list[Post]:
    """The posts a feed carries: the newest `limit` (all when 0) that are published. A
    draft shown to preview the site (`drafts: true`, `mkdocs serve`) is marked on its
    page, but a feed is read by subscribers, whoever builds it: never in one."""
    chosen = [p for p in posts if not p.is_draft]
    return chosen[:limit] if limit > 0 else chosen


@dataclass(frozen=True)
class Settings:
    """Which feeds a build writes (from the plugin's options)."""

    #: each format written and its file name; empty: no feeds (or no `site_url`)
    files: Mapping[str, str] = field(default_factory=dict)
    limit: int = 20
    #: a feed per term of the taxonomies that have them (tags, authors)
    taxonomies: bool = True
    #: the blog index's folder, where the site's feeds go
    index_folder: str = ""
    #: what an entry carries of a post (`model.FEED_CONTENT`); a post's own field wins
    content: str = "full"
    #: the blog's languages; beside mkdocs-static-i18n, which language's feeds this
    #: build writes (`Languages.building`)
    languages: languages_.Languages = field(default_factory=languages_.Languages)


def sources(blog: Blog, settings: Settings) -> list[tuple[str, Taxonomy | None, Term | None]]:
    """Every feed folder, with the taxonomy and term it follows (None: the whole blog),
    in the order they are written: the one rule for which feeds a build has."""
    if not settings.files:
        return []
    found: list[tuple[str, Taxonomy | None, Term | None]] = []
    homes = [(settings.index_folder, blog, None)]
    homes += [(sub.listings[0].path, sub, code) for code, sub in blog.languages.items()]
    for folder, each, code in homes:  # with `languages:`, each language's under its prefix
        if not languages_.writes(settings.languages, code):
            continue  # beside mkdocs-static-i18n: another language's build writes them
        found.append((folder, None, None))
        if settings.taxonomies:
            for taxonomy in TAXONOMIES:
                if taxonomy.feeds:
                    found += [(t.path, taxonomy, t) for t in each.terms.get(taxonomy.overview, ())]
    return found


def home_posts(blog: Blog, folder: str) -> tuple[Post, ...]:
    """The posts of the site feed in `folder`: the blog's, or one language's."""
    return feed_blog(blog, folder, None).posts


def feed_blog(blog: Blog, folder: str, term: Term | None) -> Blog:
    """The blog a feed follows (`languages:`): the language's whose index is in `folder`
    (the site feed) or that holds `term`; the site's otherwise."""
    for sub in blog.languages.values():
        if term is None and sub.listings and sub.listings[0].path == folder:
            return sub
        if term is not None and any(term is t for found in sub.terms.values() for t in found):
            return sub
    return blog


def carried(blog: Blog, settings: Settings) -> set[str]:
    """The posts some feed carries: their entries are made as their pages render."""
    return {
        post.src_path
        for folder, _, term in sources(blog, settings)
        for post in in_feed(term.posts if term else home_posts(blog, folder), settings.limit)
    }


def alternates(
    site: Site, settings: Settings, folders: set[str], wanted: list[tuple[str, str]]
) -> list[tuple[str, str, str]]:
    """A page's `<link rel="alternate">` feeds, as (type, title, URL): for each
    (folder, label) of `wanted` that has feeds (`folders`), every format."""
    found = []
    for folder, label in wanted:
        if folder not in folders:
            continue
        for fmt, name in settings.files.items():
            url = absolute(site, folder + name) or ""
            found.append((MIME[fmt], f"{label} ({LABELS[fmt]})", url))
    return found


def _feed(
    blog: Blog,
    site: Site,
    folder: str,
    taxonomy: Taxonomy | None,
    term: Term | None,
    pick: Callable[[Iterable[Post]], tuple[Entry, ...]],
) -> Feed:
    own = feed_blog(blog, folder, term)
    # with `languages:`, each feed in its language: its labels and its `language`
    language = bcp47(own.language) if blog.languages else None
    if taxonomy is None or term is None:
        home = absolute(site, folder) or ""
        description = site.description or site.name
        return Feed(site.name, home, folder, description, pick(own.posts), language)
    description = term_description(taxonomy.kind, term, own_site(site, own).labels) or ""
    home = absolute(site, term.url) or ""
    return Feed(f"{site.name}: {term.name}", home, folder, description, pick(term.posts), language)


def page_feed(item: Listing | Overview) -> tuple[str, str] | None:
    """The feed of a term's page, as (folder, label) for its `<head>`: the first page
    of a term of a taxonomy with feeds; else None (the site's feeds only)."""
    taxonomy = BY_KIND.get(item.kind)
    if isinstance(item, Listing) and taxonomy and taxonomy.feeds and item.number == 1:
        return item.path, item.title
    return None


def write(
    blog: Blog,
    site: Site,
    settings: Settings,
    posts: Mapping[str, Post],
    infos: Mapping[str, ImageInfo],
    bodies: Mapping[str, str],
    out: Callable[[tuple[str, str], str], None],
    previous: Mapping[tuple[str, str], str] | None = None,
    signatures: tuple[str, Mapping[str, str]] | None = None,
    excerpts: Mapping[str, str] | None = None,
) -> dict[tuple[str, str], str]:
    """Hand `out` the text of each feed, by (folder, format), whose entries changed since
    the digests of `previous` (every feed without it), one at a time (a blog's feeds
    together weigh more than its pages), format by format; return the digests of all.
    Each entry is made once, and written once in each format, for every feed that
    carries it (the site's, its tags', its author's), and dropped after its last; each
    entry holds its post's body as the page left it (`bodies`; none for a post whose
    page was not rendered and never was). `signatures`: the site's digest and each post's entry
    (`rebuild`), which stand for the site and the posts when given. `excerpts`: each
    post's excerpt as entries carry it (`feed_content: excerpt`), links relative to its
    page."""
    entries: dict[str, Entry] = {}
    excerpts = excerpts or {}
    written: Written = {}

    def pick(chosen_from: Iterable[Post]) -> tuple[Entry, ...]:
        chosen = [p for p in in_feed(chosen_from, settings.limit) if p.src_path in posts]
        for post in chosen:
            if post.src_path not in entries:
                body = bodies.get(post.src_path)
                entries[post.src_path] = make_entry(
                    post, blog, site, infos, body, settings.content, excerpts.get(post.src_path)
                )
        return tuple(entries[p.src_path] for p in chosen)

    digests: dict[tuple[str, str], str] = {}
    due = []  # the feeds to write, and the formats of each
    for folder, taxonomy, term in sources(blog, settings):
        chosen = in_feed(term.posts if term else home_posts(blog, folder), settings.limit)
        digest = ""
        if signatures is not None:  # `mkdocs serve --dirty`: only feeds that changed
            site_digest, shown = signatures
            made_of = (
                folder, repr(term), site_digest,
                [
                    (shown.get(p.src_path), hash(bodies.get(p.src_path)),
                     hash(excerpts.get(p.src_path)))
                    for p in chosen
                ],
            )  # fmt: skip
            digest = hashlib.sha1(repr(made_of).encode()).hexdigest()
        changed = [
            fmt for fmt in settings.files
            if previous is None or not digest or previous.get((folder, fmt)) != digest
        ]  # fmt: skip
        for fmt in settings.files:
            digests[folder, fmt] = digest
        if changed:
            carried = {p.src_path for p in chosen if p.src_path in posts}
            due.append((folder, taxonomy, term, changed, carried))
    # format by format, each entry's text in it dropped once the last feed carrying it
    # is written, the entry itself after its last format: a blog's entries together
    # weigh more than one feed
    left = {
        fmt: Counter(src for *_, changed, carried in due if fmt in changed for src in carried)
        for fmt in settings.files
    }
    for fmt in settings.files:
        for folder, taxonomy, term, changed, carried in due:
            if fmt not in changed:
                continue
            feed = _feed(blog, site, folder, taxonomy, term, pick)
            url = absolute(site, folder + settings.files[fmt]) or ""
            out((folder, fmt), render(feed, fmt, url, written))
            for src in carried:
                left[fmt][src] -= 1
                if not left[fmt][src] and src in entries:
                    written.pop((fmt, entries[src]), None)
                    if not any(counts[src] for counts in left.values()):
                        del entries[src]
    return digests


#: Each entry's text in each format (an RSS `<item>`, an Atom `<entry>`, a JSON Feed
#: item), by (format, entry): written once for every feed that carries the entry.
Written = dict[tuple[str, Entry], str]


class _AsHtml:
    """A feed writer's XML handler that marks the named elements `type="html"`
    (feedgenerator writes Atom's feed `<title>` and `<subtitle>` as plain text)."""

    def __init__(self, handler: Any, names: tuple[str, ...]) -> None:
        self._handler, self._names = handler, names

    def addQuickElement(self, name: str, contents: Any = None, attrs: Any = None) -> None:
        if name in self._names:
            attrs = {**(attrs or {}), "type": "html"}
        self._handler.addQuickElement(name, contents, attrs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handler, name)


class _Shared:
    """A feed writer that writes each entry's item once (`written`) for every feed that
    carries it: the site's feed, its tags' and its author's hold the same bytes for it.
    An item is written on a handler of its own, as the feed's handler would write it
    (between two closed elements, nothing of one item depends on the next), and copied
    in unchanged."""

    fmt: str
    item_tag: str
    written: Written
    items: list[dict[str, Any]]
    item_attributes: Callable[[dict[str, Any]], dict[str, str]]  # feedgenerator's
    add_item_elements: Callable[[Any, dict[str, Any]], None]

    def latest_post_date(self) -> datetime:
        """The newest entry's date, as feedgenerator tells it; a feed with no entry (a
        tag whose posts are all drafts `mkdocs serve` shows, a blog with no post yet) is
        dated by the build, not by the clock: the same sources write the same feed."""
        return super().latest_post_date() if self.items else build_date()  # type: ignore[misc]

    def write_items(self, handler: Any) -> None:
        for item in self.items:
            key = (self.fmt, item["entry"])
            text = self.written.get(key)
            if text is None:
                text = self.written[key] = self._item_text(item)
            handler.ignorableWhitespace(text)  # written as it is, as the feed's own text

    def _item_text(self, item: dict[str, Any]) -> str:
        out = StringIO()
        handler = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
        handler.startElement(self.item_tag, self.item_attributes(item))
        self.add_item_elements(handler, item)
        handler.endElement(self.item_tag)
        return out.getvalue()


def build_date() -> datetime:
    """The time of this build: `SOURCE_DATE_EPOCH` when set (reproducible builds; MkDocs
    dates its sitemap by it), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)


class _Atom(_Shared, feedgenerator.Atom1Feed):
    """Atom whose feed title and subtitle are HTML, as its entries' summaries are."""

    fmt, item_tag = "atom", "entry"

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(_AsHtml(handler, ("title", "subtitle")))


class _Rss(_Shared, feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with the full post in `content:encoded`, as feed readers expect."""

    fmt, item_tag = "rss", "item"

    def rss_attributes(self) -> dict[str, str]:
        attributes = super().rss_attributes()
        attributes["xmlns:content"] = "http://purl.org/rss/1.0/modules/content/"
        attributes["xmlns:media"] = "http://search.yahoo.com/mrss/"
        return attributes

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item["content"]:
            handler.addQuickElement("content:encoded", item["content"])
        for enclosure in item["enclosures"]:  # the share image, for readers of Media RSS
            attributes = {"url": enclosure.url, "type": enclosure.mime_type, "medium": "image"}
            if enclosure.length and enclosure.length != "0":
                attributes["fileSize"] = enclosure.length
            handler.addQuickElement("media:content", None, attributes)


def render(feed: Feed, fmt: str, feed_url: str, written: Written | None = None) -> str:
    """The feed as RSS, Atom or JSON Feed text. Titles, descriptions and summaries are
    text: escaped HTML in RSS and Atom, plain text in JSON Feed (as its spec says).
    `written`: the entries' items already written, shared by the feeds of one build."""
    written = {} if written is None else written
    if fmt == "json":
        return _json_feed(feed, feed_url, written)
    cls = _Rss if fmt == "rss" else _Atom
    out = cls(
        title=html_text(feed.title),
        link=feed.home,
        description=html_text(feed.description),
        language=feed.language,
        feed_url=feed_url,
        feed_guid=feed_url,
    )
    out.written = written
    for e in feed.entries:
        enclosures = []
        if e.image and e.image_type:
            enclosures.append(feedgenerator.Enclosure(e.image, str(e.image_length), e.image_type))
        out.add_item(
            title=e.title,
            link=e.url,
            description=html_text(e.summary) or ("" if fmt == "rss" else None),
            author_name=e.author,
            author_link=e.author_url,
            pubdate=e.published,
            updateddate=e.updated,
            unique_id=e.id,
            unique_id_is_permalink=e.id == e.url,
            categories=list(e.tags),
            content=e.content,
            enclosures=enclosures,
            entry=e,
        )
    return out.writeString("utf-8")


def _json_feed(feed: Feed, feed_url: str, written: Written) -> str:
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home,
        "feed_url": feed_url,
        "description": feed.description,
        **({"language": feed.language} if feed.language else {}),
        "items": [],
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if feed.entries:  # `items` comes last: its `[]` and the closing brace end the text
        items = []
        for e in feed.entries:
            if (item := written.get(("json", e))) is None:
                item = written["json", e] = _json_item(e)
            items.append(item)
        text = text[: -len("[]\n}")] + "[\n  " + ",\n  ".join(items) + "\n ]\n}"
    return text + "\n"


def _json_item(e: Entry) -> str:
    """An entry as a JSON Feed item, indented as `json.dumps(indent=1)` indents it in
    the feed's `items` (JSON text holds no line break but its own)."""
    item: dict[str, object] = {
        "id": e.id,
        "url": e.url,
        "title": e.title,
        "date_published": e.published.isoformat(),
        "date_modified": e.updated.isoformat(),
    }
    if e.content:
        item["content_html"] = e.content
    else:  # JSON Feed wants content in every item: the description, as text
        item["content_text"] = e.summary or e.title
    if e.summary:
        item["summary"] = e.summary
    if e.image:
        item["image"] = e.image
    if e.author:
        person: dict[str, str] = {"name": e.author}
        if e.author_url:
            person["url"] = e.author_url
        item["authors"] = [person]
    if e.tags:
        item["tags"] = list(e.tags)
    if e.language:
        item["language"] = e.language
    return json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n  ")
