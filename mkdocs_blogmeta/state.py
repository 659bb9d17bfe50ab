"""What one build knows: the record the plugin's hooks share, made whole in `on_config`
and replaced by the next build, so that nothing is reset by hand and `mkdocs serve`'s
rebuilds start clean. The MkDocs side of the plugin: it holds MkDocs `File`s."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

from . import cards, i18n, images, links, pages, permalinks, seo, unpublished
from .model import Blog, Listing, Overview, Post


@dataclass
class Build:
    """One build's state, from the options read in `on_config` to the feeds written in
    `on_post_build`."""

    # -- from the configuration (on_config)
    labels: i18n.Labels = field(default_factory=i18n.Labels)
    site: seo.Site = field(default_factory=lambda: seo.Site(url=None, name=""))
    cache_dir: Path = Path(".cache/blogmeta")
    drawer: cards.Drawer = field(default_factory=cards.Drawer)
    outside_build: bool = False  # `blogmeta check`: planned, never built
    # -- the blog, as read in on_files
    blog: Blog = field(default_factory=Blog)
    posts_by_src: dict[str, Post] = field(default_factory=dict)
    front_matter: dict[str, dict[str, Any]] = field(default_factory=dict)  # posts, index pages
    generated: dict[str, Listing | Overview] = field(default_factory=dict)
    adopted: set[str] = field(default_factory=set)  # the blog folder's own index.md
    index_page: str | None = None
    images: dict[str, images.ImageInfo] = field(default_factory=dict)
    edits: dict[str, list[links.Edit]] = field(default_factory=dict)
    link_index: links.LinkIndex | None = None
    unpublished: unpublished.Space = field(default_factory=unpublished.Space)
    moved_pages: set[str] = field(default_factory=set)  # Markdown pages moved to new URLs
    # -- the files the plugin adds
    ours: list[File] = field(default_factory=list)  # the posts and the files added
    feed_files: dict[tuple[str, str], File] = field(default_factory=dict)
    redirects: list[tuple[permalinks.Redirect, File]] = field(default_factory=list)
    card_owner: dict[str, Post] = field(default_factory=dict)
    card_files: dict[str, File] = field(default_factory=dict)
    card_pending: dict[str, str] = field(default_factory=dict)  # card being drawn -> its src
    scratch: Path | None = None
    # -- what pages leave for later events
    reported_links: set[tuple[str, str, str]] = field(default_factory=set)  # page, held, link
    missed: dict[str, set[str]] = field(default_factory=dict)  # page -> held posts missed
    url_of: dict[str, str] | None = None  # docs path -> site URL, once pages render
    site_files_known: bool = False
    descriptions: dict[str, str | None] = field(default_factory=dict)
    feed_posts: set[str] = field(default_factory=set)  # posts some feed carries
    feed_bodies: dict[str, str] = field(default_factory=dict)  # their bodies, as left
    bodies: dict[str, str] = field(default_factory=dict)  # a post's body while it is wrapped
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # page.meta as others know it
    env: Any = None  # the plugin's own autoescaping environment
    entries: pages.Entries | None = None
    site_alternates: list[tuple[str, str, str]] | None = None
    theme_removals: set[str] = field(default_factory=set)  # held posts taken out of pages
