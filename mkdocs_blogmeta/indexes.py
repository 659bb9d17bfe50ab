"""Indexes: the blog's pages of lists (the blog index, and a page per term of each
taxonomy in `taxonomies.TAXONOMIES`), related posts, prev/next.

Pure functions from posts to data; pages.py renders the data and plugin.py
turns each listing into a page MkDocs builds.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import messages, urls, visibility, yamlread
from .i18n import Labels
from .model import Blog, Listing, Overview, Post, Problem, Term
from .taxonomies import OVERVIEW_ORDER, TAXONOMIES

#: Tags considered per post when ranking related posts (a post with thousands
#: of tags would otherwise make the ranking slow; no real post has so many).
RELATED_TAG_LIMIT = 64


def paginate(
    posts: Sequence[Post],
    *,
    kind: str,
    title: str,
    path: str,
    per_page: int,
    use_directory_urls: bool = True,
    key: str | None = None,
    in_nav: bool = False,
) -> list[Listing]:
    """Split a list of posts into pages: page 1 at `path`, page N at `path/page/N/`."""
    count = max(1, math.ceil(len(posts) / per_page))
    srcs = [urls.generated_src(path, in_nav=in_nav)] + [
        urls.generated_src(f"{path}page/{n}/") for n in range(2, count + 1)
    ]
    page_urls = [urls.doc_url(src, use_directory_urls) for src in srcs]
    listings = []
    for number in range(1, count + 1):
        listings.append(
            Listing(
                kind=kind,
                title=title,
                src=srcs[number - 1],
                path=path if number == 1 else f"{path}page/{number}/",
                url=page_urls[number - 1],
                number=number,
                pages=count,
                posts=tuple(posts[(number - 1) * per_page : number * per_page]),
                key=key,
                previous_url=page_urls[number - 2] if number > 1 else None,
                next_url=page_urls[number] if number < count else None,
            )
        )
    return listings


def searched(item: object) -> bool:
    """Whether an index page belongs in the site's search index. A listing's first page
    does (a tag's, an author's, the blog's: a reader searching for the tag finds it); its
    later pages do not: they repeat titles and summaries a reader finds at the posts
    themselves, and "Blog, page 37" is no answer to a search. Material's search is told
    by the page's front matter (`pages.index_meta`); MkDocs' has no such switch, and the
    pages are taken out of the index it wrote (`plugin._unlist_search`)."""
    return not (isinstance(item, Listing) and item.number > 1)


def related_posts(posts: Sequence[Post], count: int) -> dict[str, tuple[Post, ...]]:
    """Up to `count` related posts for each post: most shared tags first, then newest.

    Posts are given newest first. Each tag's posts are a bit mask over that
    order; a post's shared-tag counts are the bitwise sum of its tags' masks,
    so ranking costs a few big-integer operations per post instead of a loop
    over every other post.
    """
    if count <= 0:
        return {}
    index = {post.src_path: i for i, post in enumerate(posts)}
    masks: dict[str, int] = defaultdict(int)
    for i, post in enumerate(posts):
        for tag in post.tags:
            masks[tag] |= 1 << i
    everyone = (1 << len(posts)) - 1
    related: dict[str, tuple[Post, ...]] = {}
    for post in posts:
        own = 1 << index[post.src_path]
        planes = _bit_sum(masks[t] & ~own for t in post.tags[:RELATED_TAG_LIMIT])
        chosen: list[Post] = []
        for shared in range(min(len(post.tags), RELATED_TAG_LIMIT), 0, -1):
            exact = everyone
            for bit, plane in enumerate(planes):
                exact &= plane if shared >> bit & 1 else everyone ^ plane
            if shared >> len(planes):
                exact = 0
            while exact and len(chosen) < count:
                low = exact & -exact
                chosen.append(posts[low.bit_length() - 1])
                exact ^= low
            if len(chosen) >= count:
                break
        related[post.src_path] = tuple(chosen)
    return related


def _related(
    everyone: Sequence[Post], listed: Sequence[Post], count: int
) -> dict[str, tuple[Post, ...]]:
    """Related posts of every post, always among the listed ones: an unlisted post
    (in `everyone`, not in `listed`) is ranked against them for its own page only."""
    related = related_posts(listed, count)
    shown = {post.src_path for post in listed}
    for post in everyone:
        if post.src_path not in shown:
            own = [p for p in everyone if p.src_path in shown or p is post]
            related[post.src_path] = related_posts(own, count).get(post.src_path, ())
    return related


def _bit_sum(masks: Iterable[int]) -> list[int]:
    """Add bit masks column-wise: plane k holds bit k of each column's count."""
    planes: list[int] = []
    for mask in masks:
        carry = mask
        for k, plane in enumerate(planes):
            planes[k], carry = plane ^ carry, plane & carry
            if not carry:
                break
        if carry:
            planes.append(carry)
    return planes


def neighbours(posts: Sequence[Post]) -> dict[str, tuple[Post | None, Post | None]]:
    """(older, newer) post of each post, by date; posts are given newest first."""
    out: dict[str, tuple[Post | None, Post | None]] = {}
    for i, post in enumerate(posts):
        older = posts[i + 1] if i + 1 < len(posts) else None
        newer = posts[i - 1] if i > 0 else None
        out[post.src_path] = (older, newer)
    return out


def reading_minutes(words: int, wide_chars: int, words_per_minute: int) -> int:
    """Minutes to read: words at `words_per_minute`, CJK characters at 500 a minute."""
    minutes = words / max(words_per_minute, 1) + wide_chars / 500
    return max(1, round(minutes))


def titles(labels: Callable[[str], str]) -> dict[str, str]:
    """The blog index's title and each overview's, in a language (`labels`)."""
    return {"index": labels("Blog"), **{t.overview: labels(t.title) for t in TAXONOMIES}}


def _default_urls() -> dict[str, str]:
    return {
        option: value
        for t in TAXONOMIES
        for option, value in ((t.url_option, t.url), (t.overview_option, t.overview_url))
    }


@dataclass(frozen=True)
class IndexSettings:
    """Where the index pages go and how they list posts (from the plugin's options)."""

    use_directory_urls: bool = True
    index_url: str = ""
    #: the blog index is a page of its own in the nav (`blog.md`); false when the site's
    #: own `blog/index.md` holds it
    index_in_nav: bool = True
    #: each taxonomy's URL templates, by option (`tag_url`, `tags_url`, ...)
    urls: Mapping[str, str] = field(default_factory=_default_urls)
    #: `index_url` and these as the options write them, when one uses `{lang}`
    #: (`languages.localized` makes each language's from them; `index_url`, `urls`:
    #: the default language's); empty otherwise
    written: Mapping[str, str] = field(default_factory=dict)
    per_page: int = 10
    related_count: int = 5
    words_per_minute: int = 265
    #: the blog index's title and each overview's, by kind (`index`, `tags`, ...)
    titles: Mapping[str, str] = field(
        default_factory=lambda: {"index": "Blog", **{t.overview: t.title for t in TAXONOMIES}}
    )
    #: the site's labels: what the archive calls a month (`März 2023`)
    labels: Labels = field(default_factory=Labels, compare=False)


def build_blog(
    shown: Sequence[Post],
    settings: IndexSettings,
    profiles: Mapping[str, Mapping[str, Any]] | None = None,
) -> tuple[Blog, list[Problem]]:
    """The whole blog model from the shown posts (newest first): the blog index, then
    each taxonomy's terms and their listings, then the overviews. Every list is made
    of the listed posts (`visibility.listed`); an unlisted post gets its reading time
    and related posts (from the listed ones) for its own page, and no previous/next."""
    everyone = [p for p in shown if p.is_post]
    posts = visibility.listed(everyone)
    dir_urls = settings.use_directory_urls
    pages = {"per_page": max(1, settings.per_page), "use_directory_urls": dir_urls}
    pinned = [p for p in posts if p.pin] + [p for p in posts if not p.pin]
    listings = paginate(
        pinned,
        kind="index",
        title=settings.titles["index"],
        path=settings.index_url,
        in_nav=settings.index_in_nav,
        **pages,
    )
    terms: dict[str, tuple[Term, ...]] = {}
    problems: list[Problem] = []
    for taxonomy in TAXONOMIES:
        url = settings.urls[taxonomy.url_option]
        found, said = taxonomy.rule(posts, url, dir_urls, profiles or {}, settings.labels)
        terms[taxonomy.overview] = tuple(found)
        problems += said
        for term in found:
            listings += paginate(
                term.listed, kind=taxonomy.kind, title=term.name, path=term.path, key=term.key,
                **pages,
            )  # fmt: skip
    overviews = tuple(
        Overview(t.overview, settings.titles[t.overview], src, path, urls.doc_url(src, dir_urls))
        for t in OVERVIEW_ORDER
        if t.always or terms[t.overview]
        for path in [settings.urls[t.overview_option]]
        for src in [urls.generated_src(path, in_nav=True)]
    )
    blog = Blog(
        posts=tuple(posts),
        terms=terms,
        listings=tuple(listings),
        overviews=overviews,
        related=_related(everyone, posts, settings.related_count),
        neighbours=neighbours(posts),
        minutes={
            p.src_path: reading_minutes(p.words, p.wide_chars, settings.words_per_minute)
            for p in everyone
        },
        use_directory_urls=dir_urls,
    )
    return blog, problems


def read_profiles(src: str, text: str) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """Author profiles from an authors file: `slug: {name, bio, avatar, url, ...}`.

    Also takes Material's layout, with the profiles under an `authors:` key. Every
    value of a profile is text (themes and feeds print them): a value of another type
    is named and left out, so one bad field never drops the profile.
    """
    data, failure = yamlread.load(text)
    if failure is not None:
        problem = messages.problem(
            "authors-file-invalid", src, failure.line, problem=failure.problem
        )
        return {}, [problem]
    if isinstance(data, dict) and isinstance(data.get("authors"), dict):
        data = data["authors"]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [messages.problem("authors-file-not-mapping", src, kind=_kind(data))]
    profiles: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for slug, profile in data.items():
        if not isinstance(profile, dict):
            line = _key_line(text, str(slug))
            problems.append(
                messages.problem(
                    "author-profile-invalid", src, line, slug=slug, kind=_kind(profile)
                )
            )
            continue
        kept = {}
        for key, value in profile.items():
            if value is None:
                continue
            if not isinstance(value, str):
                problems.append(
                    messages.problem(
                        "author-field-invalid",
                        src,
                        _key_line(text, str(slug), str(key)),
                        str(key),
                        slug=slug,
                        kind=_kind(value),
                    )
                )
                continue
            kept[str(key)] = value
        profiles[str(slug)] = kept
    return profiles, problems


def _kind(value: Any) -> str:
    """A value's type as a message says it."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text" if isinstance(value, str) else type(value).__name__


def _key_line(text: str, slug: str, key: str | None = None) -> int | None:
    """The line of `slug:` (and of `key:` after it) in a YAML text, when it is written
    plainly; None when it cannot be found."""

    def holds(line: str, name: str) -> bool:
        return line.lstrip().startswith((f"{name}:", f"'{name}':", f'"{name}":'))

    found = False
    for number, line in enumerate(text.splitlines(), 1):
        if not found:
            found = holds(line, slug)
            if found and key is None:
                return number
        elif key is not None and holds(line, key):
            return number
    return None
