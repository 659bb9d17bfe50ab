"""Social and search metadata as data: what goes in a page's `<head>`.

Builds, from the post model, the `<title>`, description, canonical link,
OpenGraph, X (Twitter), article and JSON-LD values; `blogmeta/head.html`
renders them with autoescaping. No MkDocs import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

from . import i18n, messages, urls
from .i18n import Labels, bcp47
from .images import ImageInfo
from .model import Author, Blog, Listing, Overview, Post, Problem
from .taxonomies import BY_KIND, overview_description, term_description

DESCRIPTION_LENGTH = 160
TITLE_LIMIT = 70
DESCRIPTION_LIMIT = 200
_LOCALE_RE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
_HANDLE_RE = re.compile(r"^@\w{1,15}$")
_FEDIVERSE_RE = re.compile(r"^@?[\w.-]+@[\w.-]+\.\w+$")
_PARAGRAPH_RE = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL | re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Site:
    """What the metadata needs of the site's configuration."""

    url: str | None  # `site_url`, ending in `/`, or None
    name: str
    description: str | None = None
    default_image: str | None = None  # docs-relative path (kept where it is) or URL
    image_alt: str | None = None
    twitter_site: str | None = None
    labels: Labels = field(default_factory=Labels, compare=False)


@dataclass
class Head:
    """Everything written into one page's `<head>`."""

    title: str
    description: str | None = None
    canonical: str | None = None
    lang: str | None = None
    robots: str | None = None
    #: (attribute, key, value): ("property", "og:title", "..."), ("name", "twitter:card", ...)
    meta: list[tuple[str, str, str]] = field(default_factory=list)
    json_ld: dict[str, Any] | None = None
    #: (MIME type, title, absolute URL) of feeds, as `<link rel="alternate">`.
    alternates: list[tuple[str, str, str]] = field(default_factory=list)
    #: (hreflang, absolute URL) of the page in every language, itself and `x-default`
    #: included; empty without translations.
    languages: list[tuple[str, str]] = field(default_factory=list)

    def add_languages(self, pages: list[tuple[str, str | None]]) -> None:
        """hreflang alternates of a page in several languages, as (code, absolute URL):
        each one, then `x-default` (the first: the default language's)."""
        self.languages = hreflangs(pages)

    def add(self, key: str, value: object) -> None:
        """One `<meta>` tag; `og:*`/`article:*` use `property=`, the rest `name=`."""
        if value is None or value == "":
            return
        attr = "property" if key.startswith(("og:", "article:")) else "name"
        self.meta.append((attr, key, str(value)))


def hreflangs(pages: Iterable[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """A page in several languages as hreflang alternates (the `<head>`'s and the
    sitemap's): each (code, absolute URL), then `x-default` (the first: the default
    language's); none for fewer than two."""
    found = [(bcp47(code) or code, url) for code, url in pages if url]
    return [*found, ("x-default", found[0][1])] if len(found) > 1 else []


def post_languages(site: Site, translations: Iterable[Post]) -> list[tuple[str, str]]:
    """A translated post's hreflang alternates: it and its translations."""
    return hreflangs([(p.language or "", absolute(site, p.url)) for p in translations])


def absolute(site: Site, path: str) -> str | None:
    """Absolute URL of a site-relative path, or None without `site_url`."""
    return urls.absolute(site.url, path) if site.url else None


def first_paragraph(content_html: str, limit: int = DESCRIPTION_LENGTH) -> str | None:
    """The first paragraph of a rendered post as plain text, cut on a word boundary."""
    for match in _PARAGRAPH_RE.finditer(content_html):
        text = " ".join(html.unescape(_TAG_RE.sub("", match.group(1))).split())
        if text:
            return trim(text, limit)
    return None


def trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"


def describe(post: Post, content_html: str | None = None) -> str | None:
    """`meta_description`, else `subtitle`, else the first paragraph."""
    return post.description or first_paragraph(content_html or "")


@dataclass(frozen=True)
class Share:
    """A share image: its absolute URL and what Pillow read of it."""

    url: str
    info: ImageInfo | None


def _image(site: Site, post: Post | None, src: str | None, infos: Mapping[str, ImageInfo]):
    if not src:
        return None
    info = infos.get(src)
    if info is not None and not info.ok:
        return None
    if src.startswith(("http://", "https://", "//")):
        return Share(src, None)
    path = post.asset_path(src) if post else src
    url = absolute(site, path)
    return Share(url, info) if url else None


def share_images(
    site: Site, post: Post | None, infos: Mapping[str, ImageInfo]
) -> tuple[Share | None, Share | None]:
    """(OpenGraph image, X image), each from its field, then the fallbacks."""
    default = _image(site, None, site.default_image, infos)
    if post is None:
        return default, default
    fb = _image(site, post, post.fb_img, infos)
    tw = _image(site, post, post.tw_img, infos)
    header = _image(site, post, post.header_img, infos)
    return (fb or header or tw or default), (tw or fb or header or default)


def _add_image(head: Head, prefix: str, image: Share | None, alt: str) -> None:
    if image is None:
        return
    head.add(f"{prefix}:image", image.url)
    if prefix == "og":
        if image.info is not None:
            head.add("og:image:width", image.info.width)
            head.add("og:image:height", image.info.height)
            head.add("og:image:type", image.info.mime)
        head.add("og:image:alt", alt)
    else:
        head.add("twitter:image:alt", alt)


def post_head(
    post: Post,
    blog: Blog,
    site: Site,
    infos: Mapping[str, ImageInfo],
    *,
    description: str | None,
    serving_draft: bool = False,
) -> Head:
    """The full set of tags for a post page."""
    title = post.meta_title or post.title
    canonical = absolute(site, post.url)
    authors = blog.authors_of(post)
    author = authors[0] if authors else None
    author_name = ", ".join(blog.author_names(post)) or None
    head = Head(
        title=title,
        description=description,
        canonical=canonical,
        lang=bcp47(post.language),
        # An unlisted post is shared by its link, never found: its canonical URL is its
        # own, and search engines are asked to leave it out.
        robots="noindex" if serving_draft or post.is_draft or not post.listed else None,
    )
    og_image, x_image = share_images(site, post, infos)
    alt = site.image_alt or title

    head.add("og:type", "article")
    head.add("og:title", title)
    head.add("og:description", description)
    head.add("og:url", canonical)
    head.add("og:site_name", site.name)
    head.add("og:locale", post.language)
    _add_image(head, "og", og_image, alt)
    head.add("article:published_time", post.date.isoformat())
    head.add("article:modified_time", post.updated.isoformat())
    for one in authors or [None]:
        head.add("article:author", absolute(site, one.url) if one else author_name)
    if post.categories:
        head.add("article:section", post.categories[0])
    for tag in post.tags:
        head.add("article:tag", tag)
    series = blog.series_of(post)
    for part in series.parts if series else ():
        if part.src_path != post.src_path:
            head.add("og:see_also", absolute(site, part.url))

    large = x_image is not None and (x_image.info is None or x_image.info.is_wide)
    head.add("twitter:card", "summary_large_image" if large else "summary")
    head.add("twitter:title", title)
    head.add("twitter:description", description)
    _add_image(head, "twitter", x_image, alt)
    head.add("twitter:site", site.twitter_site)
    handle = _profile_value(author, "twitter", "x")
    if handle and _HANDLE_RE.match(handle):
        head.add("twitter:creator", handle)
    minutes = blog.reading_time(post)
    head.add("twitter:label1", site.labels("Reading time"))
    head.add("twitter:data1", site.labels("{n} min read", n=minutes))
    head.add("author", author_name)
    fediverse = _profile_value(author, "fediverse", "mastodon")
    if fediverse and _FEDIVERSE_RE.match(fediverse):
        head.add("fediverse:creator", fediverse if fediverse.startswith("@") else "@" + fediverse)

    head.json_ld = _blog_posting(
        post, site, title, description, canonical, og_image, authors, author_name
    )
    if translations := blog.translations_of(post):
        _add_translations(head, post, translations, site)
    if series is not None:
        head.json_ld["isPartOf"] = {"@type": "CreativeWorkSeries", "name": series.name}
        if url := absolute(site, series.url):
            head.json_ld["isPartOf"]["url"] = url
    return head


def _add_translations(head: Head, post: Post, translations: tuple[Post, ...], site: Site) -> None:
    """A translated post's hreflang alternates, `og:locale:alternate`, and JSON-LD
    `workTranslation` (on the first: the default language's) or `translationOfWork`."""
    head.languages = post_languages(site, translations)
    for other in translations:
        if other is not post and other.language:
            head.add("og:locale:alternate", other.language)
    first = translations[0]
    assert head.json_ld is not None
    if post.src_path == first.src_path:
        head.json_ld["workTranslation"] = [
            {"@id": absolute(site, p.url), "inLanguage": bcp47(p.language)}
            for p in translations[1:]
        ]
    else:
        head.json_ld["translationOfWork"] = {"@id": absolute(site, first.url)}


def _profile_value(author: Author | None, *keys: str) -> str | None:
    if author is None:
        return None
    for key in keys:
        value = author.profile.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _blog_posting(
    post: Post,
    site: Site,
    title: str,
    description: str | None,
    canonical: str | None,
    image: Share | None,
    authors: tuple[Author, ...],
    author_name: str | None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": title,
        "datePublished": post.date.isoformat(),
        "dateModified": post.updated.isoformat(),
    }
    if description:
        data["description"] = description
    if image is not None:
        data["image"] = {"@type": "ImageObject", "url": image.url}
        if image.info is not None:
            data["image"].update(width=image.info.width, height=image.info.height)
    people: list[dict[str, Any]] = []
    for one in authors:
        person: dict[str, Any] = {"@type": "Person", "name": one.name}
        if absolute(site, one.url):
            person["url"] = absolute(site, one.url)
        people.append(person)
    if not people and author_name:
        people.append({"@type": "Person", "name": author_name})
    if people:
        data["author"] = people[0] if len(people) == 1 else people
    data["publisher"] = {"@type": "Organization", "name": site.name}
    if site.url:
        data["publisher"]["url"] = site.url
    if canonical:
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": canonical}
        data["url"] = canonical
    if post.tags:
        data["keywords"] = list(post.tags)
    if post.language:
        data["inLanguage"] = bcp47(post.language)
    return data


def own_site(site: Site, blog: Blog) -> Site:
    """The site as one language's blog describes it (its pages and feeds): in that
    language's labels."""
    if blog.language is None or blog.languages:
        return site
    return replace(site, labels=i18n.labels(blog.language))


def index_description(item: Listing | Overview, site: Site, blog: Blog) -> str:
    """What an index page is about: its meta description, share tags' and `page.meta`'s.
    The blog index: `site_description`; a term's page: the author's bio or a sentence in
    the site's language; the page of every term: a sentence. Never empty: search engines
    (and Lighthouse's SEO audit) want one on every page."""
    if isinstance(item, Overview):
        described = overview_description(item.kind, site.labels)
    elif (taxonomy := BY_KIND.get(item.kind)) is not None:
        term = blog.term(taxonomy.overview, item.key) if item.key is not None else None
        described = term_description(item.kind, term or item.title, site.labels)
    else:
        described = site.description
    latest = site.labels("The latest posts on {name}", name=site.name)
    return described or site.description or latest


def index_head(
    item: Listing | Overview, title: str, site: Site, blog: Blog, infos: Mapping[str, ImageInfo]
) -> Head:
    """Site-level tags for the blog index, tag and author pages."""
    canonical = absolute(site, item.url)
    description = index_description(item, site, blog)
    head = Head(title=f"{title} - {site.name}", description=description, canonical=canonical)
    image, _ = share_images(site, None, infos)
    head.add("og:type", "website")
    head.add("og:title", title)
    head.add("og:description", description)
    head.add("og:url", canonical)
    head.add("og:site_name", site.name)
    _add_image(head, "og", image, site.image_alt or site.name)
    large = image is not None and (image.info is None or image.info.is_wide)
    head.add("twitter:card", "summary_large_image" if large else "summary")
    head.add("twitter:title", title)
    head.add("twitter:description", description)
    _add_image(head, "twitter", image, site.image_alt or site.name)
    head.add("twitter:site", site.twitter_site)
    return head


def text_problems(post: Post) -> list[Problem]:
    """Text and dates that share cards will cut or misread."""
    problems = []
    if post.updated < post.date:
        problems.append(
            messages.post_problem(
                "updated-before-date",
                post,
                "updated",
                updated=post.updated.isoformat(),
                date=post.date.isoformat(),
            )
        )
    if post.language and not _LOCALE_RE.match(post.language):
        problems.append(
            messages.post_problem("language-invalid", post, "language", value=post.language)
        )
    if post.meta_title and len(post.meta_title) > TITLE_LIMIT:
        problems.append(
            messages.post_problem(
                "meta-title-too-long",
                post,
                "meta_title",
                length=len(post.meta_title),
                limit=TITLE_LIMIT,
            )
        )
    elif not post.meta_title and len(post.title) > TITLE_LIMIT:
        problems.append(
            messages.post_problem(
                "title-too-long", post, "title", length=len(post.title), limit=TITLE_LIMIT
            )
        )
    text = post.description
    if text and len(text) > DESCRIPTION_LIMIT:
        name = "meta_description" if post.meta_description else "subtitle"
        problems.append(
            messages.post_problem(
                "description-too-long", post, name, length=len(text), limit=DESCRIPTION_LIMIT
            )
        )
    return problems


def is_handle(value: object) -> bool:
    """An X handle (`@name`, at most 15 letters, digits or `_`)?"""
    return isinstance(value, str) and bool(_HANDLE_RE.match(value.strip()))


_HEAD_BOUND_RE = re.compile(r"</head\s*>|<body\b[^>]*>", re.IGNORECASE)
_REPLACED_NAMES = ("description", "author", "robots")
_REPLACED_PREFIXES = ("og:", "twitter:", "article:", "fediverse:")


class _HeadReader(HTMLParser):
    """Where the theme's `<html>` tag, the tags we replace and the end of `<head>` are,
    read by the stdlib HTML parser (attribute values may hold `>` or quotes)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self._line_starts = [0]
        for line in text.split("\n")[:-1]:  # getpos() counts lines by "\n" alone
            self._line_starts.append(self._line_starts[-1] + len(line) + 1)
        self.html_tag: tuple[int, int, list[tuple[str, str | None]]] | None = None
        self.replaced: list[tuple[int, int]] = []
        self.hreflang: list[tuple[int, int]] = []  # the theme's language alternates
        self.head_end: int | None = None
        self._title_start: int | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _tag_end(self, start: int) -> int:
        return start + len(self.get_starttag_text() or "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        values = {name: (value or "").strip().lower() for name, value in attrs}
        if tag == "html" and self.html_tag is None:
            self.html_tag = (start, self._tag_end(start), attrs)
        elif tag == "title" and self._title_start is None:
            self._title_start = start
        elif tag == "meta":
            key = values.get("name") or values.get("property") or ""
            if key in _REPLACED_NAMES or key.startswith(_REPLACED_PREFIXES):
                self.replaced.append((start, self._tag_end(start)))
        elif tag == "link" and "canonical" in values.get("rel", "").split():
            self.replaced.append((start, self._tag_end(start)))
        elif (
            tag == "link" and "alternate" in values.get("rel", "").split() and "hreflang" in values
        ):
            self.hreflang.append((start, self._tag_end(start)))
        elif tag == "body":
            self._stop(start)

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        if tag == "title" and self._title_start is not None:
            end = self.text.find(">", start)
            self.replaced.append((self._title_start, len(self.text) if end < 0 else end + 1))
            self._title_start = None
        elif tag == "head":
            self._stop(start)

    def _stop(self, offset: int) -> None:
        self.head_end = offset
        raise _HeadRead


class _HeadRead(Exception):
    """The head is read: stop parsing the body."""


def _read_head(text: str) -> _HeadReader:
    reader = _HeadReader(text)
    try:
        reader.feed(text)
        reader.close()
    except _HeadRead:
        pass
    return reader


def inject(
    output: str, tags: str, lang: str | None = None, *, replace: bool = True, hreflang: bool = False
) -> str:
    """Put `tags` at the end of the page's `<head>`, in place of the theme's own
    title, description, canonical link and social tags (unless not `replace`), and of
    its `<link rel="alternate" hreflang>` with `hreflang` (a blog in several languages
    writes its own, reciprocal: Material's lead to each language's home), and set
    `<html lang>`.

    The head is read with the stdlib HTML parser, so a theme's tag whose attribute
    holds `>` or a quote is removed whole, as a browser would read it.
    """
    # The parser needs no more than the head: where `</head>` (or `<body>`) first appears
    # bounds it (the parser still finds the real end, which cannot come later).
    bound = _HEAD_BOUND_RE.search(output)
    reader = _read_head(output[: bound.end()] if bound else output)
    if reader.head_end is None and bound:  # that `</head>` was inside a script: read on
        reader = _read_head(output)
    if reader.head_end is None:
        return output
    edits = [(start, end, "") for start, end in reader.replaced] if replace else []
    edits += [(start, end, "") for start, end in reader.hreflang] if hreflang else []
    if lang and reader.html_tag is not None:
        start, end, attrs = reader.html_tag
        edits.append((start, end, _html_tag(attrs, lang)))
    parts, at = [], 0
    for start, end, text in sorted(edits):
        if start >= at and end <= reader.head_end:
            parts += [output[at:start], text]
            at = end
    parts.append(output[at : reader.head_end])
    return "".join(parts) + tags + "\n" + output[reader.head_end :]


def without_hreflang(output: str) -> str:
    """A page without the theme's `<link rel="alternate" hreflang>`: beside
    mkdocs-static-i18n, the 404 page names the alternates of whichever page it rendered
    last, none of which links back."""
    reader = _read_head(output)
    parts, at = [], 0
    for start, end in reader.hreflang:
        parts += [output[at:start]]
        at = end
    return "".join(parts) + output[at:]


def _html_tag(attrs: list[tuple[str, str | None]], lang: str) -> str:
    """The `<html>` tag again, with `lang` set."""
    kept = [(name, value) for name, value in attrs if name != "lang"]
    out = "<html"
    for name, value in [*kept, ("lang", lang)]:
        out += f" {name}" if value is None else f' {name}="{html.escape(value)}"'
    return out + ">"


_EPOCH = datetime(1970, 1, 2, tzinfo=UTC)


def sitemap_date(post: Post) -> str:
    """A post's date in the sitemap (`lastmod`): when it was last updated. MkDocs also
    takes the timestamp of `sitemap.xml.gz` from the newest page, which gzip wants
    between 1970 and 2106: kept between the epoch and now."""
    return min(max(post.updated, _EPOCH), datetime.now(UTC)).date().isoformat()


def listing_date(posts: Iterable[Post], dated: Callable[[Post], str] = sitemap_date) -> str | None:
    """An index page's date in the sitemap (`lastmod`): its newest post's (`sitemap_date`;
    `dated`: the same, remembered for a build's many pages), None for a page without
    posts."""
    return max((dated(post) for post in posts), default=None)
