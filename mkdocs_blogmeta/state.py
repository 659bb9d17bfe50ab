"""What one build knows: the record the plugin's hooks share, made whole in `on_config`
and `on_files` and replaced by the next build, so that nothing is reset by hand and
`mkdocs serve`'s rebuilds start clean. The MkDocs side of the plugin: it holds MkDocs
`File`s (in `plan`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mkdocs.structure.files import File

from . import cards, images, pages, sitefiles
from .guard import Guard
from .model import Blog, Post
from .settings import Settings


@dataclass
class Build:
    """One build's state, from the settings made in `on_config` to the feeds written in
    `on_post_build`."""

    # -- from the configuration (on_config)
    settings: Settings | None = None
    drawer: cards.Drawer = field(default_factory=cards.Drawer)
    scratch: sitefiles.Scratch = field(default_factory=sitefiles.Scratch)
    # -- the blog, as read in on_files
    blog: Blog = field(default_factory=Blog)
    posts_by_src: dict[str, Post] = field(default_factory=dict)
    front_matter: dict[str, dict[str, Any]] = field(default_factory=dict)  # posts, index pages
    plan: sitefiles.Plan = field(default_factory=sitefiles.Plan)  # the files the plugin adds
    ours: list[File] = field(default_factory=list)  # the posts and the files added
    images: dict[str, images.ImageInfo] = field(default_factory=dict)
    card_pending: dict[str, str] = field(default_factory=dict)  # card being drawn -> its src
    guard: Guard = field(default_factory=Guard)
    moved_pages: set[str] = field(default_factory=set)  # Markdown pages moved to new URLs
    # -- what pages leave for later events
    url_of: dict[str, str] | None = None  # docs path -> site URL, once pages render
    descriptions: dict[str, str | None] = field(default_factory=dict)
    feed_folders: set[str] = field(default_factory=set)  # folders that have feeds
    feed_posts: set[str] = field(default_factory=set)  # posts some feed carries
    feed_bodies: dict[str, str] = field(default_factory=dict)  # their bodies, as left
    bodies: dict[str, str] = field(default_factory=dict)  # a post's body while it is wrapped
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # page.meta as others know it
    env: Any = None  # the plugin's own autoescaping environment
    entries: pages.Entries | None = None
    site_alternates: list[tuple[str, str, str]] | None = None

    @property
    def generated(self) -> dict[str, Any]:
        """The index pages by source path (`plan.generated`)."""
        return self.plan.generated

    def is_own_page(self, src: str) -> bool:
        """An index page the plugin made (not the blog folder's own `index.md`)."""
        return src in self.plan.generated and src not in self.plan.adopted
