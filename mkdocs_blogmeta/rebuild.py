"""Incremental rebuilds: what each page the plugin makes is made from, as a digest, so
that `mkdocs serve --dirty` renders only the pages whose digest changed since the
last build.

A post's page is made from the post (every field, its text), the links it holds to
other posts, the posts its related and previous/next boxes show, its authors and tags,
and its images; a listing from its posts' entries; an overview from its terms. All of
them also depend on what the whole site shares (`site_digest`): the settings, the
templates, every post's URL and status (links on any page may point to any post), the
feeds, and whatever the theme's own templates read of `blog` (a tag cloud on every
page). When that changes, every page is rendered again. No MkDocs import.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import fields
from operator import attrgetter
from typing import Any

from . import languages, latest
from .images import ImageInfo
from .model import POST_FIELD_NAMES, Blog, Derived, Listing, Overview, Post
from .taxonomies import BY_KIND

#: `blog` in a theme template: `blog.tags` reads the tags; `blog` handed to a macro or
#: a filter (`cloud(blog)`, `blog | x`) may read anything.
_BLOG_RE = re.compile(r"(?<![\w./])blog\b(?:\s*\.\s*(\w+))?")
_NOT_SHOWN = {"words", "wide_chars", "assumed", "lines"}
_IMAGE_FIELDS = ("header_img", "fb_img", "tw_img")
_JINJA_COMMENT_RE = re.compile(r"\{#.*?#\}", re.DOTALL)
#: What `blog.<name>` in a theme template reads, as parts of `site_parts`.
_READS = {
    "tags": "terms",
    "categories": "terms",
    "authors": "terms",
    "terms": "terms",
    "tag_by_name": "terms",
    "category_by_name": "terms",
    "author_by_slug": "terms",
    "archives": "terms",
    "all_series": "terms",
    "series_of": "terms",
    "tag": "terms",
    "category": "terms",
    "term": "terms",
    "overview": "overviews",
    "overviews": "overviews",
}


def digest(*parts: Any) -> str:
    """A short, stable digest of the parts' `repr`."""
    return hashlib.sha1(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def theme_reads(texts: Iterable[str]) -> set[str]:
    """What the theme's own templates read of `blog`: `terms`, `overviews`, or `all`
    (the posts, or `blog` handed on whole). A bare `{% if blog %}` reads nothing."""
    reads: set[str] = set()
    for text in texts:
        text = _JINJA_COMMENT_RE.sub("", text)
        for match in _BLOG_RE.finditer(text):
            name = match.group(1)
            if name:
                reads.add(_READS.get(name, "all"))
                continue
            before = text[: match.start()].rstrip()[-1:]
            after = text[match.end() :].lstrip()[:1]
            if before in ("(", ",", "=", "[", ":") or after in (")", ",", "|", "["):
                reads.add("all")
    return reads


def entry(
    post: Post, blog: Blog, infos: Mapping[str, ImageInfo], excerpt: str | None = None
) -> str:
    """What a list, a box or a feed shows of a post: every field but the counts of its
    words (a body edit that keeps the reading time changes no list), its images, and its
    excerpt's Markdown (an edit above the separator changes every list showing it)."""
    fields = [(k, getattr(post, k)) for k in POST_FIELD_NAMES if k not in _NOT_SHOWN]
    images = [_image(infos.get(getattr(post, f) or "")) for f in _IMAGE_FIELDS]
    return digest(fields, blog.reading_time(post), images, excerpt)


def _image(info: ImageInfo | None) -> Any:
    """An image as pages show it. Its weight (a feed enclosure's length) is left out: a
    share card's is known only once it is drawn, after the first build's digests."""
    return info and (info.width, info.height, info.format, info.mime, info.error)


def entries(
    blog: Blog,
    infos: Mapping[str, ImageInfo],
    posts: Iterable[Post] = (),
    excerpts: Mapping[str, str] | None = None,
    kept: Derived | None = None,
) -> dict[str, str]:
    """Every post's `entry`, made once a build: the listed posts', and those of `posts`
    (every shown post: an unlisted one has a page too); `excerpts`: each post's, as
    Markdown; `kept`: the last build's entries (`mkdocs serve`), by the same post and
    all else an entry reads of the build (its reading time, images, excerpt)."""
    excerpts = excerpts or {}
    last = {p.src_path: p for p in (*blog.posts, *posts)}  # a shown post is often listed too
    if kept is None:
        return {src: entry(p, blog, infos, excerpts.get(src)) for src, p in last.items()}

    def reads(post: Post) -> Any:
        images = [_image(infos.get(getattr(post, f) or "")) for f in _IMAGE_FIELDS]
        return blog.reading_time(post), images, excerpts.get(post.src_path)

    made = kept.each(
        last.values(), reads, lambda p: entry(p, blog, infos, excerpts.get(p.src_path))
    )
    return dict(zip(last, made, strict=True))


def latest_digest(text: str, blog: Blog, shown: Mapping[str, str], site: str) -> str | None:
    """A page holding `<!-- blogmeta:latest -->` markers: the posts each lists, as entries
    (None: the page has no marker)."""
    found = latest.markers(text)
    if not found:
        return None
    listed = [(m, [shown.get(p.src_path) for p in latest.select(blog, m)]) for m in found]
    return digest(site, listed)


def site_parts(blog: Blog, reads: set[str], shown: Mapping[str, str]) -> Any:
    """What every page may show of the blog, by what the theme reads (`theme_reads`)."""
    parts: list[Any] = []
    if reads & {"terms", "all"}:
        parts.append({k: [(repr(t), t.count) for t in v] for k, v in blog.terms.items()})
    if reads & {"overviews", "all"}:
        parts.append(repr(blog.overviews))
    if "all" in reads:
        parts.append([shown[p.src_path] for p in blog.posts])
    return parts


def post_digest(
    post: Post,
    text: str,
    blog: Blog,
    edits: Any,
    infos: Mapping[str, ImageInfo],
    shown: Mapping[str, str],
    site: str,
    terms: Mapping[tuple[str, str, str], str],
) -> str:
    """A post's page: the post, its text, its links' edits, its boxes (related,
    neighbours, series), its terms (`term_reprs`: its language's) and images, and its
    translations (`languages:`: hreflang, the switcher)."""
    own = languages.post_blog(blog, post)
    code = languages.code_of(blog, own) or ""
    return digest(
        site,
        shown[post.src_path],  # every field, and its images
        post.words,
        post.wide_chars,
        hash(text),  # the same text is the same object from build to build (posts.ReadCache)
        repr(edits),
        [shown.get(p.src_path) for p in blog.related_to(post)],
        [shown.get(p.src_path) if p else None for p in (blog.older(post), blog.newer(post))],
        [terms.get((code, "authors", a)) for a in post.author_keys],
        [terms.get((code, "tags", t)) for t in post.tags],
        [terms.get((code, "categories", c)) for c in post.categories],
        _series_box(post, own, shown),
        [shown.get(p.src_path) for p in blog.translations_of(post)],
    )


def _series_box(post: Post, blog: Blog, shown: Mapping[str, str]) -> Any:
    """The post's series box: the series and every part as listed (a part's new title,
    date or place shows on every other part)."""
    series = blog.series_of(post)
    return series and (repr(series), [shown.get(p.src_path) for p in series.parts])


def term_reprs(blog: Blog) -> dict[tuple[str, str, str], str]:
    """Each term as pages show it (name, URL, profile), by (language code: `''` for the
    default one, kind, key), made once a build."""
    return {
        (code, kind, t.key): repr(t)
        for code, each in [("", blog), *blog.languages.items()]
        for kind, found in each.terms.items()
        for t in found
    }


def listing_digest(
    item: Listing | Overview,
    blog: Blog,
    shown: Mapping[str, str],
    site: str,
    overviews: dict[int, str] | None = None,
) -> str:
    """An index page: a listing's page and its posts' entries, or an overview's terms;
    with `languages:`, in its language's blog, and its counterparts (hreflang).
    `overviews`: each blog's overviews as text, made once for all its index pages."""
    found = languages.counterparts(blog, item) if blog.languages else []
    pairs = [(code, other.url) for code, other in found]
    blog = languages.item_blog(blog, item)
    if isinstance(item, Overview):
        terms = blog.terms.get(item.kind, ())
        return digest(site, repr(item), [(repr(t), t.count) for t in terms], *pairs)
    term = blog.term(_overview_of(item.kind), item.key or "") if item.key else None
    overviews = {} if overviews is None else overviews
    if (listed := overviews.get(id(blog))) is None:
        listed = overviews[id(blog)] = repr(blog.overviews)
    return digest(
        site,
        _LISTING_PAGE(item),  # every field but its posts
        [shown.get(p.src_path) for p in item.posts],
        repr(term),
        listed,
        *pairs,
    )


#: a listing's fields but its posts (`listing_digest`), as `repr(replace(item, posts=()))`
#: would tell them, without the copy
_LISTING_PAGE = attrgetter(*(f.name for f in fields(Listing) if f.name != "posts"))


def _overview_of(kind: str) -> str:
    taxonomy = BY_KIND.get(kind)
    return taxonomy.overview if taxonomy else kind
