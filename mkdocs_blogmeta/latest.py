"""Latest posts on any page: `<!-- blogmeta:latest 3 tag=rust -->` in a page's Markdown
is replaced by the list of the newest published posts it asks for, in the entries the
indexes show.

A marker is an HTML comment, so Markdown keeps it as it is (and shows nothing where it
is not replaced); it is found in the page's HTML, where a marker written in code is
text, not a comment. Only published posts are listed, never a draft shown to preview
the site: a page listing posts is read like a feed. No MkDocs import.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import messages, urls
from .model import Blog, Post, Problem
from .taxonomies import BY_KIND
from .unpublished import find_line

#: A marker as the page's HTML holds it (the comment Markdown kept).
MARKER_RE = re.compile(r"<!--\s*blogmeta:latest\b(.*?)-->", re.DOTALL)
#: What a marker can filter on, each the kind of a taxonomy or a post's field.
KEYS = ("tag", "author", "category", "series")
#: What a page's text must hold for its markers to be looked for at all.
HINT = "blogmeta:latest"


@dataclass(frozen=True)
class Marker:
    """One marker read: how many posts, and the filters (key, value), all of which a
    post must match."""

    count: int
    filters: tuple[tuple[str, str], ...] = ()


def parse(arguments: str) -> Marker | str:
    """A marker's words (`3 tag=rust`) read, or why they cannot be."""
    try:
        words = shlex.split(arguments)
    except ValueError as exc:
        return str(exc).lower()
    if not words or not words[0].isdigit() or int(words[0]) < 1:
        return "it must start with the number of posts, 1 or more"
    filters: dict[str, str] = {}
    for word in words[1:]:
        key, equals, value = word.partition("=")
        if not equals or key not in KEYS:
            return f"'{word}' is not one of {', '.join(k + '=' for k in KEYS)}"
        if key in filters:
            return f"'{key}=' is given twice"
        if not value.strip():
            return f"'{key}=' has no value"
        filters[key] = value.strip()
    return Marker(int(words[0]), tuple(filters.items()))


def _matches(wanted: str, *names: str | None) -> bool:
    folded = wanted.casefold()
    return any(n is not None and (n.casefold() == folded) for n in names)


def _keys(blog: Blog, post: Post, key: str) -> Iterable[tuple[str | None, ...]]:
    """What a post is named by under a filter: each term's name and slug (key)."""
    if key == "author":
        return [(a.name, a.slug) for a in blog.authors_of(post)] or [(post.author, None)]
    names = getattr(post, {"tag": "tags", "category": "categories"}.get(key, key), ()) or ()
    if isinstance(names, str):
        names = (names,)
    overview = BY_KIND[key].overview if key in BY_KIND else None
    found = []
    for name in names:
        term = blog.term(overview, name) if overview else None
        found.append((name, getattr(term, "slug", None) or urls.slugify(str(name))))
    return found


def select(blog: Blog, marker: Marker) -> list[Post]:
    """The newest published posts matching every filter, at most `marker.count`."""
    chosen = []
    for post in blog.posts:
        if post.is_draft:
            continue
        if all(
            any(_matches(value, *names) for names in _keys(blog, post, key))
            for key, value in marker.filters
        ):
            chosen.append(post)
            if len(chosen) == marker.count:
                break
    return chosen


def fill(
    html: str,
    blog: Blog,
    render: Callable[[list[Post]], str],
    src: str,
    source: Callable[[], str],
    *,
    in_post: bool = False,
) -> tuple[str, list[Problem]]:
    """The page's HTML with each marker replaced by its list (`render`), and a warning
    with its line for each marker that cannot be read (left out). In a post (`in_post`)
    markers are taken out with a warning."""
    if HINT not in html:
        return html, []
    problems: list[Problem] = []
    searched_from = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal searched_from
        written = match.group(0)
        marker = None if in_post else parse(match.group(1))
        if isinstance(marker, Marker):
            posts = select(blog, marker)
            if posts or not marker.filters:
                return render(posts)
            marker = "no published post has " + " and ".join(f"{k}={v}" for k, v in marker.filters)
        line, searched_from = find_line(source(), [written, HINT], searched_from)
        shown = " ".join(written.split())
        if in_post:
            problems.append(messages.problem("latest-in-post", src, line, marker=shown))
        else:
            problems.append(
                messages.problem("latest-marker-invalid", src, line, marker=shown, reason=marker)
            )
        return ""

    return MARKER_RE.sub(replace, html), problems


def markers(text: str) -> list[Marker]:
    """The markers a page's Markdown holds that can be read (what `mkdocs serve --dirty`
    compares between builds)."""
    if HINT not in text:
        return []
    found = [parse(m.group(1)) for m in MARKER_RE.finditer(text)]
    return [m for m in found if isinstance(m, Marker)]
