"""The blog's data: posts, and the problems found while reading them.

Pure data, no MkDocs types: the same model feeds the build, the command line
and the tests, and could feed another site engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

#: Levels of a problem, mildest first. A warning fails `mkdocs build --strict`;
#: an error stops every build.
LEVELS = ("info", "warning", "error")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one post, said so that its author can fix it."""

    level: str
    path: str
    message: str
    field: str | None = None
    line: int | None = None

    def location(self) -> str:
        """`path:line`, the form editors and CI annotations understand."""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


@dataclass(frozen=True)
class Post:
    """A post as read from its bundle, with every SCHEMA.md field typed.

    Image fields hold the image's path relative to `docs_dir` (resolved
    against the bundle), or an absolute `http(s)` URL kept as written.
    """

    src_path: str
    bundle_dir: str | None
    title: str
    slug: str
    date: datetime
    updated: datetime
    uuid: str | None = None
    layout: str = "post"
    subtitle: str | None = None
    author: str | None = None
    author_slug: str | None = None
    header_img: str | None = None
    fb_img: str | None = None
    tw_img: str | None = None
    status: str = "published"
    language: str | None = None
    meta_title: str | None = None
    meta_description: str | None = None
    tags: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    #: Why the post is held back (`"draft"` or `"future"`), None when published.
    hidden: str | None = None
    #: Folder of the post in the site, relative to its root, ending in `/`.
    path: str = ""
    #: The page's URL relative to the site root (`path`, or `path` + `index.html`).
    url: str = ""

    @property
    def is_post(self) -> bool:
        """`layout: post`; other layouts are plain pages kept out of the blog."""
        return self.layout == "post"

    @property
    def is_draft(self) -> bool:
        """True when the post is shown although it is not published (drafts on)."""
        return self.hidden is not None

    def asset_path(self, src_path: str) -> str:
        """Where a file of the docs tree lands in the site, relative to its root.

        Files of the post's bundle move with the post; any other file stays
        where MkDocs puts it (its path in `docs_dir`).
        """
        if self.bundle_dir and src_path.startswith(self.bundle_dir + "/"):
            return self.path + src_path[len(self.bundle_dir) + 1 :]
        return src_path


@dataclass(frozen=True)
class Blog:
    """Every post the build shows, newest first."""

    posts: tuple[Post, ...] = ()

    @property
    def published(self) -> tuple[Post, ...]:
        """Posts with `layout: post`: the ones that make up the blog."""
        return tuple(p for p in self.posts if p.is_post)
