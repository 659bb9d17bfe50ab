"""Whether a post (or a page of a post's bundle) is published: the one owner of that rule.

Every engine a blog may come from says it in its own field: `status` (SCHEMA.md,
WordPress, Ghost), `draft` (Hugo, Jekyll, Material, Astro), `published` (Jekyll),
`publishDate` / `expiryDate` and `build` / `_build` (Hugo), `headless` (Hugo). The
rule fails closed: a post is published only when every field that speaks says so
and each holds a value of its type; anything else holds it back, and a value this
rule cannot read is an error naming the field and the values it takes. No MkDocs
import.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import messages
from .model import Problem

PUBLISHED = "published"
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
#: Hugo's build options (`build:`, legacy `_build:`): the values that keep a page out.
BUILD_OPTIONS: dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]] = {
    # option: (values that publish, values that hold back)
    "render": (("always", True), ("never", "link", False)),
    "list": (("always", True), ("never", "local", False)),
    "publishResources": ((True,), (False,)),
}


@dataclass(frozen=True)
class Verdict:
    """What the fields say: `hidden` is None when the post is published, else why not
    (`draft`, `future`, `expired`); `status` is the post's status word."""

    hidden: str | None
    status: str
    problems: tuple[Problem, ...] = ()

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
    status = front.get("status")
    word = PUBLISHED
    # No `status` at all is how Hugo, Jekyll and Material write a published post; a
    # `status` written empty (`status: null`, `status: ~`) says nothing clearly.
    if status is not None or "status" in front:
        if isinstance(status, str) and status == PUBLISHED:
            pass
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
                hint=_did_you_mean(status, (PUBLISHED, *HELD_STATUSES)),
            )
    for name, holds in FLAGS:
        value = front.get(name)
        if value is None:
            continue
        if not isinstance(value, bool):
            say("flag-invalid", name, value=_shown(value))
            held.append((name, _shown(value)))
        elif value is holds:
            held.append((name, "true" if value else "false"))
    for name in ("build", "_build"):
        if front.get(name) is not None and not _build_within(front[name], publishing=True):
            if not _build_within(front[name], publishing=False):
                say("build-invalid", name, value=_shown(front[name]))
            held.append((name, _shown(front[name])))
    if held and word == PUBLISHED:
        word = "draft"
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
    return Verdict(hidden, word, tuple(problems))


def _said_published(front: Mapping[str, Any]) -> str:
    """The field that says the post is published, for the conflict message."""
    if front.get("status") == PUBLISHED:
        return "status: published"
    if front.get("draft") is False:
        return "draft: false"
    return "published: true"


def _build_within(value: Any, *, publishing: bool) -> bool:
    """Whether every option of a Hugo `build` mapping is known and holds a value that
    publishes (with `publishing`) or any value the option takes (without)."""
    if not isinstance(value, Mapping):
        return False
    for option, given in value.items():
        if option not in BUILD_OPTIONS:
            return False
        publish, hold = BUILD_OPTIONS[option]
        allowed = publish if publishing else publish + hold
        if not any(given == v and type(given) is type(v) for v in allowed):
            return False
    return True


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
