"""Whether a post (or a page of a post's bundle) is published: the one owner of that rule.

Every engine a blog may come from says it in its own field: `status` (SCHEMA.md,
WordPress, Ghost), `draft` (Hugo, Jekyll, Material, Astro), `published` (Jekyll),
`publishDate` / `expiryDate` and `build` / `_build` (Hugo), `headless` (Hugo). It also
owns the rule for unlisted posts (`status: unlisted`, Docusaurus' `unlisted: true`,
Hugo's `build: {list: never}`): built at their URL, shown in no list (`listed`). The
rule fails closed: a post is published only when every field that speaks says so
and each holds a value of its type; anything else holds it back, and a value this
rule cannot read is an error naming the field and the values it takes. No MkDocs
import.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import messages
from .model import Post, Problem

PUBLISHED = "published"
#: Published at its URL, but in no list, feed, sitemap or search index.
UNLISTED = "unlisted"
#: Statuses that hold a post back, as blogging engines write them (SCHEMA.md's
#: `draft`; WordPress's `private`, `pending`, `future`, `trash`; Ghost's `scheduled`).
HELD_STATUSES = (
    "draft",
    "private",
    "pending",
    "scheduled",
    "future",
    "review",
    "hidden",
    "archived",
    "trash",
    "unpublished",
)
#: Fields that must be YAML's true or false, and the value that holds a post back.
FLAGS = (("draft", True), ("published", False), ("headless", True))
#: Fields that must be YAML's true or false, and the value that unlists a post
#: (Docusaurus' `unlisted: true`).
UNLISTING_FLAGS = (("unlisted", True),)
#: Hugo's build options (`build:`, legacy `_build:`): the values that keep a page out of
#: every list (`list: never`, and `local`: the blog's lists are all site-wide) and those
#: that keep it out of the site.
BUILD_OPTIONS: dict[str, tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]] = {
    # option: (values that publish, values that unlist, values that hold back)
    "render": (("always", True), (), ("never", "link", False)),
    "list": (("always", True), ("never", "local", False), ()),
    "publishResources": ((True,), (), (False,)),
}


@dataclass(frozen=True)
class Verdict:
    """What the fields say: `hidden` is None when the post is published, else why not
    (`draft`, `future`, `expired`); `status` is the post's status word; `listed` is false
    when a field unlists the post (a field that could, holding a value of another type,
    holds the post back)."""

    hidden: str | None
    status: str
    problems: tuple[Problem, ...] = ()
    listed: bool = True

    @property
    def published(self) -> bool:
        return self.hidden is None


@dataclass(frozen=True)
class Dates:
    """The dates that decide a post's time, as read: (field as written, value written,
    value read or None). A date written but not readable holds the post back."""

    date: datetime | None = None
    publish: tuple[str, Any, datetime | None] | None = None
    expiry: tuple[str, Any, datetime | None] | None = None


def decide(
    front: Mapping[str, Any],
    *,
    src: str,
    lines: Mapping[str, int],
    dates: Dates | None = None,
    now: datetime,
    future_is_draft: bool,
) -> Verdict:
    """Whether the post whose front matter is `front` is published now, why not, and
    what is wrong. Every field is read on its own, so one bad value never changes how
    another is read; the most restrictive field wins."""
    problems: list[Problem] = []

    def say(code: str, name: str, **values: Any) -> None:
        problems.append(messages.problem(code, src, lines.get(name), name, **values))

    held: list[tuple[str, str]] = []  # (field, value shown) of each field holding it back
    unlisted: list[str] = []  # each field unlisting it
    status = front.get("status")
    word = PUBLISHED
    # No `status` at all is how Hugo, Jekyll and Material write a published post; a
    # `status` written empty (`status: null`, `status: ~`) says nothing clearly.
    if status is not None or "status" in front:
        if isinstance(status, str) and status == PUBLISHED:
            pass
        elif isinstance(status, str) and status == UNLISTED:
            unlisted.append("status")
        elif isinstance(status, str) and status in HELD_STATUSES:
            word = status
            held.append(("status", status))
        else:
            word = "draft"
            held.append(("status", _shown(status)))
            say(
                "status-invalid",
                "status",
                value=_shown(status),
                held=", ".join(f"'{s}'" for s in HELD_STATUSES[:3]),
                hint=_did_you_mean(status, (PUBLISHED, UNLISTED, *HELD_STATUSES)),
            )
    for name, holds in FLAGS:
        if _flag(front, name, say, held) is holds:
            held.append((name, "true" if holds else "false"))
    for name, unlists in UNLISTING_FLAGS:
        if _flag(front, name, say, held) is unlists:
            unlisted.append(name)
    for name in ("build", "_build"):
        if front.get(name) is None:
            continue
        reach = _build_reach(front[name])
        if reach is None:
            say("build-invalid", name, value=_shown(front[name]))
        if reach != PUBLISHED and reach != UNLISTED:
            held.append((name, _shown(front[name])))
        elif reach == UNLISTED:
            unlisted.append(name)
    if held and word in (PUBLISHED, UNLISTED):
        word = "draft"
    elif unlisted:
        word = UNLISTED
    said_published = status == PUBLISHED or front.get("draft") is False or front.get("published")
    if held and said_published is True and not problems:
        name, value = held[0]
        problems.append(
            messages.problem(
                "status-conflict",
                src,
                lines.get(name),
                name,
                value=value,
                other=_said_published(front),
            )
        )
    hidden = "draft" if held else None
    when = dates or Dates()
    for pair in (when.publish, when.expiry):
        if pair is not None and pair[1] is not None and pair[2] is None:
            name, raw, _ = pair
            say("date-holds-back", name, value=_shown(raw))
            hidden = hidden or "draft"
    if hidden is None:
        publish = when.publish[2] if when.publish else None
        expiry = when.expiry[2] if when.expiry else None
        start = max(d for d in (when.date, publish) if d is not None) if when.date else publish
        if future_is_draft and start is not None and start > now:
            hidden = "future"
        elif expiry is not None and expiry <= now:
            hidden = "expired"
    return Verdict(hidden, word, tuple(problems), listed=not unlisted)


def _said_published(front: Mapping[str, Any]) -> str:
    """The field that says the post is published, for the conflict message."""
    if front.get("status") == PUBLISHED:
        return "status: published"
    if front.get("draft") is False:
        return "draft: false"
    return "published: true"


def _build_reach(value: Any) -> str | None:
    """What a Hugo `build` mapping does to the post: `published`, `unlisted` (an option
    keeps it out of every list), `draft` (one keeps it out of the site), or None when an
    option or a value is not one Hugo knows (the post is then held back)."""
    if not isinstance(value, Mapping):
        return None
    reach = PUBLISHED
    for option, given in value.items():
        if option not in BUILD_OPTIONS:
            return None
        effects = zip((PUBLISHED, UNLISTED, "draft"), BUILD_OPTIONS[option], strict=True)
        found = [
            effect
            for effect, values in effects
            if any(given == v and type(given) is type(v) for v in values)
        ]
        if not found:
            return None
        if found[0] == "draft" or reach == "draft":
            reach = "draft"
        elif found[0] == UNLISTED:
            reach = UNLISTED
    return reach


def _did_you_mean(value: Any, words: tuple[str, ...]) -> str:
    """` (did you mean 'published'?)` for a near miss (case, a typo), else nothing."""
    if not isinstance(value, str):
        return ""
    text = value.strip().lower()
    if text in words:
        return f" (did you mean '{text}'?)"
    if text in ("publish", "public", "live", "true", "yes", "on"):
        return f" (did you mean '{PUBLISHED}'?)"
    close = difflib.get_close_matches(text, words, n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _flag(
    front: Mapping[str, Any], name: str, say: Callable[..., None], held: list[tuple[str, str]]
) -> bool | None:
    """A true/false field as written (None when absent). Any other value is an error that
    holds the post back: the plugin will not guess what `"yes"` means."""
    value = front.get(name)
    if value is None or isinstance(value, bool):
        return value
    say("flag-invalid", name, value=_shown(value))
    held.append((name, _shown(value)))
    return None


def _shown(value: Any, limit: int = 60) -> str:
    """A value as the message shows it: text quoted, other YAML values named by kind."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return repr(text)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return str(value)[:limit]


def listed(posts: Iterable[Post]) -> list[Post]:
    """The posts a list may show (the blog index, every taxonomy's pages, feeds, related
    posts, previous/next): posts (`layout: post`) that no field unlists. The one rule
    every list of the blog goes through; an unlisted post is built at its URL only."""
    return [post for post in posts if post.is_post and post.listed]
