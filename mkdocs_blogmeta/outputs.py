"""Who writes which path of the site, and where two writers meet.

A site path can be written once, and a path cannot be both a file and a
folder (`sitemap.xml` and `sitemap.xml/index.html`): either clash makes MkDocs
replace a file silently or stop with `FileExistsError`/`IsADirectoryError`.
The plugin lists every path it adds beside every path something else writes,
and a clash becomes an error naming both, before anything is written.
No MkDocs import: the caller says who writes what.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import messages
from .model import Problem

#: What MkDocs' own plugins write outside the build's list of files, by plugin name:
#: the search plugins write their index in `on_post_build`.
PLUGIN_OUTPUTS: dict[str, tuple[str, ...]] = {
    "search": ("search/search_index.json",),
    "material/search": ("search/search_index.json",),
}


@dataclass(frozen=True)
class Output:
    """A path of the site and who writes it.

    `owner` is a docs-relative file or a description ("MkDocs (the theme's
    404.html)"); outputs of one owner never clash with each other. `kind` is what
    of ours it is ("post", "alias", "feed", ...), or "" when not ours.
    """

    dest: str
    owner: str
    kind: str = ""
    #: what the plugin adds to the build's files (its `src_uri`), when it adds one
    src: str | None = None
    #: for ours: the file a message names, and the field or option to change
    path: str = ""
    field: str | None = None
    line: int | None = None
    #: for ours: what it is and what to change, as a message says them
    what: str = ""
    change: str = ""

    @property
    def ours(self) -> bool:
        return bool(self.kind)


@dataclass(frozen=True)
class Collision:
    """Our output `mine` and another output `theirs` that cannot both exist."""

    mine: Output
    theirs: Output

    @property
    def exact(self) -> bool:
        """The same file, rather than a file where the other needs a folder."""
        return self.mine.dest == self.theirs.dest


#: Each kind of output of ours: what it is, and what to change when it meets another.
KINDS: dict[str, tuple[str, str]] = {
    "post": ("the post's page", "give the post another 'slug'"),
    "bundle": ("the bundle's file", "give the post another 'slug', or rename the file"),
    "alias": ("the redirect page of '{url}'", "drop that old URL from 'aliases'"),
    "history": (
        "the redirect page of the old URL '{url}'",
        "set 'removed: true' on its entry of {history} or move the other file",
    ),
    "card": ("the share card", "rename the bundle's file, or set '{field}' to an image"),
    "feed": (
        "the feed",
        "set the plugin's 'feeds' to other file names (or 'taxonomy_feeds: false'), "
        "or move the other file",
    ),
    "page": (
        "the plugin's page '{title}'",
        "set the plugin's '{option}' (now '{value}') to another folder, or move the other file",
    ),
    "asset": ("the plugin's stylesheet", "move the other file"),
    "variant": (
        "a resized copy of '{image}'",
        "rename the other file, or set the plugin's 'responsive_images: false'",
    ),
}


def ours(
    kind: str,
    dest: str,
    owner: str,
    *,
    path: str,
    src: str | None = None,
    field: str | None = None,
    line: int | None = None,
    **values: Any,
) -> Output:
    """One of the plugin's outputs, with the words a collision message needs."""
    what, change = KINDS[kind]
    return Output(
        dest,
        owner,
        kind,
        src,
        path,
        field,
        line,
        what.format(field=field, **values),
        change.format(field=field, **values),
    )


def problem(collision: Collision) -> Problem:
    """The error for a collision: both sides, and what to change."""
    mine, theirs = collision.mine, collision.theirs
    how = (
        "the same file"
        if collision.exact
        else "one would be a file where the other needs a folder of that name"
    )
    return messages.problem(
        "output-collision",
        mine.path,
        mine.line,
        mine.field,
        what=mine.what,
        dest=mine.dest,
        other=theirs.owner,
        other_dest=theirs.dest,
        how=how,
        change=mine.change,
    )


def reserved(static_templates: Iterable[str], plugins: Iterable[str]) -> list[Output]:
    """What MkDocs and its plugins write outside the build's files: the theme's static
    templates (`404.html`, `sitemap.xml` and its `sitemap.xml.gz`), the search index."""
    found = []
    for name in sorted(static_templates):
        found.append(Output(name, f"MkDocs (the theme's {name})"))
        if name == "sitemap.xml":
            found.append(Output("sitemap.xml.gz", "MkDocs (the sitemap's gzip copy)"))
    for plugin in plugins:
        for dest in PLUGIN_OUTPUTS.get(plugin, ()):
            found.append(Output(dest, f"the '{plugin}' plugin"))
    return found


def collisions(outputs: Iterable[Output]) -> list[Collision]:
    """Each pair of outputs, at least one ours and with different owners, that writes the
    same path, or where one is a file and the other needs it as a folder. Each of ours is
    reported once, with the first output it meets; linear in the number of paths."""
    items = [o for o in outputs if o.dest]
    by_dest: dict[str, Output] = {}
    by_src: dict[str, Output] = {}
    under: dict[str, Output] = {}  # folder -> an output inside it
    for item in items:
        if not item.ours:
            by_dest.setdefault(item.dest, item)
            if item.src is not None:
                by_src.setdefault(item.src, item)
            for folder in _folders(item.dest):
                under.setdefault(folder, item)
    found = []
    for item in items:
        if not item.ours:
            continue
        other = _first_other(item, by_dest, by_src, under)
        if other is not None:
            found.append(Collision(item, other))
        by_dest.setdefault(item.dest, item)
        for folder in _folders(item.dest):
            under.setdefault(folder, item)
    return found


def _first_other(
    item: Output, by_dest: dict[str, Output], by_src: dict[str, Output], under: dict[str, Output]
) -> Output | None:
    candidates = [by_dest.get(item.dest), under.get(item.dest)]
    if item.src is not None:
        candidates.append(by_src.get(item.src))
    candidates += [by_dest.get(folder) for folder in _folders(item.dest)]
    for other in candidates:
        if other is not None and other.owner != item.owner:
            return other
    return None


def _folders(dest: str) -> list[str]:
    """`a/b/c.html` -> `a`, `a/b`."""
    parts = dest.strip("/").split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]
