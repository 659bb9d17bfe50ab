"""Posts as people really write them: other engines' field names, site defaults,
and what a bundle's folder name says, turned into SCHEMA.md fields.

`FIELD_MAP` is the one table of other engines' field names (the README lists
it). `normalize` applies it, then the defaults, and says what it assumed, so
an author can see how each post was read. No MkDocs import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import urls

#: (their field, our field, who writes it): the field is read as ours when ours is absent.
#: `draft`, `published`, `build` and the other fields that say whether a post is
#: published are not mapped: `visibility.decide` reads each of them as written.
FIELD_MAP: tuple[tuple[str, str, str], ...] = (
    ("description", "meta_description", "MkDocs, Material, Hugo, Jekyll, Astro"),
    ("summary", "meta_description", "Hugo"),
    ("excerpt", "meta_description", "Jekyll"),
    ("pubDate", "date", "Astro"),
    ("updatedDate", "updated", "Astro"),
    ("heroImage", "header_img", "Astro"),
    ("lastmod", "updated", "Hugo"),
    ("last_modified_at", "updated", "Jekyll"),
    ("image", "fb_img", "Jekyll, Hugo"),
    ("images", "fb_img", "Hugo (the first image)"),
    ("cover", "header_img", "Hugo themes"),
    ("publishDate", "publish_date", "Hugo (held back until then)"),
    ("expiryDate", "expiry_date", "Hugo (gone after it)"),
    ("authors", "author_slug", "Material, Hugo (a list: every author is shown)"),
    ("categories", "categories", "Material, Hugo, Jekyll (a second taxonomy, with pages)"),
    ("category", "categories", "Jekyll (one category)"),
    ("redirect_from", "aliases", "Jekyll (jekyll-redirect-from: old URLs redirect here)"),
    ("readtime", "readtime", "Material (minutes, in place of the counted reading time)"),
    ("pin", "pin", "Material (pinned posts come first on the blog index)"),
    ("links", "links", "Material (listed under the post)"),
    ("series", "series", "Hugo (a list: its first name is the post's series)"),
    ("excerpt_only", "feed_content", "jekyll-feed (`true`: feeds carry the excerpt)"),
    ("date.created", "date", "Material (`date: {created: ..., updated: ...}`)"),
    ("date.updated", "updated", "Material"),
)

#: Fields a site's `defaults` may give.
DEFAULTABLE = ("author", "author_slug", "language", "layout", "status")
_H1_RE = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$")


@dataclass
class Normalized:
    """Front matter in SCHEMA.md terms, the body (its title line taken out if the title
    came from it), and what was assumed on the way."""

    data: dict[str, Any]
    body: str
    body_start: int
    assumed: list[str] = field(default_factory=list)
    #: (their field, ours) given both, with different values: ours is used
    both_given: list[tuple[str, str]] = field(default_factory=list)
    #: the slug made from the title, when the post has none
    slug_made: str | None = None


def written_name(ours: str, written: Iterable[str]) -> str:
    """Our field as the author wrote it: `ours` if written, else the first other engine's
    name for it in `FIELD_MAP` that was (`lastmod` for `updated`): what messages name."""
    keys = set(written)
    if ours in keys:
        return ours
    return next((t for t, o, _ in FIELD_MAP if o == ours and t in keys), ours)


def normalize(
    data: Mapping[str, Any],
    body: str,
    body_start: int,
    *,
    folder: str | None,
    bundle: bool = False,
    defaults: Mapping[str, Any],
    fallbacks: Mapping[str, Any],
) -> Normalized:
    """Map other engines' fields, then fill what is missing: from the folder name
    (`YYYY-MM-DD_<slug>`, or a bundle's undated folder as its slug), the site's
    `defaults`, and `fallbacks` (theme language, `site_author`). Front matter always
    wins."""
    out = dict(data)
    result = Normalized(out, body, body_start)
    _material_date(out, result)
    for theirs, ours, _ in FIELD_MAP:
        if "." in theirs or theirs == ours or theirs not in data:
            continue
        value = _convert(theirs, data[theirs])
        if value is None:
            continue
        if ours in data and data[ours] is not None:
            if data[ours] != value:
                result.both_given.append((theirs, ours))
            continue
        if out.get(ours) is not None:  # an earlier name in FIELD_MAP gave it
            continue
        out[ours] = value
        result.assumed.append(f"'{theirs}' read as '{ours}'")
    series = data.get("series")
    if isinstance(series, list) and series and isinstance(series[0], str | int | float):
        out["series"] = series[0]  # Hugo's taxonomy list: a post is in one series
        result.assumed.append("'series' read as its first name")
    if isinstance(data.get("authors"), list) and data["authors"]:
        out["authors"] = [
            a if isinstance(a, str | bool) or not isinstance(a, int) else str(a)
            for a in data["authors"]
        ]

    dated = urls.dated_name(folder or "")
    if dated:
        for name, value in zip(("date", "slug"), dated, strict=True):
            if out.get(name) is None:
                out[name] = value
                result.assumed.append(f"'{name}' taken from the folder name")
    elif bundle and folder and out.get("slug") is None:
        # Hugo's and Gatsby's bundles: the folder's name is the post's URL there.
        out["slug"] = folder if urls.is_url_segment(folder) else urls.slugify(folder) or None
        if out["slug"]:
            result.assumed.append("'slug' taken from the folder name")
    if out.get("title") is None:
        title, body, start = _title_from_body(body, body_start)
        if title:
            out["title"] = title
            result.body, result.body_start = body, start
            result.assumed.append("'title' taken from the first heading")
    if out.get("slug") is None and isinstance(out.get("title"), str):
        out["slug"] = urls.material_slugify(out["title"]) or None
        if out["slug"]:
            result.assumed.append("'slug' made from the title")
            result.slug_made = out["slug"]
    for name in DEFAULTABLE:
        if out.get(name) is None and defaults.get(name) is not None:
            out[name] = defaults[name]
            result.assumed.append(f"'{name}' from the site's defaults")
    for name, value in fallbacks.items():
        if out.get(name) is None and value is not None:
            out[name] = value
            result.assumed.append(f"'{name}' from the site's configuration")
    return result


def assumed_values(defaults: Mapping[str, Any], fallbacks: Mapping[str, Any]) -> dict[str, Any]:
    """What the build gives a post that writes none of the fields a site fills in
    (`author`, `author_slug`, `language`, ...): `normalize`'s own rule, so `blogmeta new`
    writes what the build would read."""
    data = normalize({}, "", 1, folder=None, defaults=defaults, fallbacks=fallbacks).data
    return {k: v for k, v in data.items() if k in (*DEFAULTABLE, *fallbacks)}


def _material_date(out: dict[str, Any], result: Normalized) -> None:
    value = out.get("date")
    if not isinstance(value, dict):
        return
    out["date"] = value.get("created")
    if value.get("updated") is not None and out.get("updated") is None:
        out["updated"] = value["updated"]
    result.assumed.append("'date' read from Material's date.created / date.updated")


def _convert(theirs: str, value: Any) -> Any:
    """A value of their field as our field holds it (None: nothing to take)."""
    if theirs == "images":
        return value[0] if isinstance(value, list) and value else None
    if theirs == "authors":  # one name is one author, never its letters
        if isinstance(value, str):
            return value.strip() or None
        first = value[0] if isinstance(value, list) and value else None
        return str(first) if isinstance(first, str | int) and not isinstance(first, bool) else None
    if theirs == "excerpt_only" and isinstance(value, bool):
        return "excerpt" if value else "full"
    if theirs in ("category", "redirect_from") and isinstance(value, str):
        return [value]
    return value


def _title_from_body(body: str, start: int) -> tuple[str | None, str, int]:
    """The first `# Heading` (before any other text) as the title, and the body without it."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        match = _H1_RE.match(line)
        if not match:
            return None, body, start
        rest = lines[index + 1 :]
        blank = next((i for i, text in enumerate(rest) if text.strip()), len(rest))
        return match.group(1), "\n".join(rest[blank:]), start + index + 1 + blank
    return None, body, start
