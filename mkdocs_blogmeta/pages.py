"""Page generation: HTML for post pages and index pages from Jinja templates.

Templates are looked up through the theme's own loader, so a file of the same
name in the theme's `custom_dir` wins, but rendered by an environment of ours
with autoescaping on: post fields are text, never markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from . import urls
from .i18n import Labels
from .model import Blog, Listing, Overview, Post
from .seo import is_rtl

TEMPLATES_DIR = Path(__file__).parent / "templates"
ASSETS_DIR = Path(__file__).parent / "assets"
POST_TEMPLATE = "blogmeta/post.html"
HEAD_TEMPLATE = "blogmeta/head.html"
REDIRECT_TEMPLATE = "blogmeta/redirect.html"
LISTING_TEMPLATES = {
    "index": "blogmeta/index.html",
    "tag": "blogmeta/tag.html",
    "category": "blogmeta/category.html",
    "author": "blogmeta/author.html",
}
OVERVIEW_TEMPLATES = {
    "tags": "blogmeta/tags.html",
    "authors": "blogmeta/authors.html",
    "categories": "blogmeta/categories.html",
}


def make_environment(
    loader: jinja2.BaseLoader | None, labels: Labels | None = None
) -> jinja2.Environment:
    """An autoescaping environment over `loader` (the theme's, or the package's), with
    the plugin's labels in the site's language: `t("Tags")`, `tn(one, many, n)` and
    the `long_date` filter."""
    labels = labels or Labels()
    env = jinja2.Environment(
        loader=loader or jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = labels.date
    env.globals["t"] = labels
    env.globals["tn"] = labels.plural
    env.globals["is_rtl"] = is_rtl
    return env


class Linker:
    """URLs as seen from one page: what templates call `link`."""

    def __init__(self, blog: Blog, page_url: str, use_directory_urls: bool = True) -> None:
        self.blog = blog
        self.page_url = page_url
        self.use_directory_urls = use_directory_urls

    def to(self, url: str) -> str:
        """A site-relative URL (`tag/x/`, `''` for the root) made relative to this page."""
        return quote(urls.relative_url(url, self.page_url), safe="/#%?=&~")

    def post(self, post: Post) -> str:
        return self.to(post.url)

    def tag(self, name: str) -> str | None:
        tag = self.blog.tag(name)
        return self.to(tag.url) if tag else None

    def asset(self, src: str) -> str:
        """A file of the docs tree that MkDocs copies as it is (an avatar, ...)."""
        return src if urls.is_absolute_url(src) else self.to(src)

    def doc(self, target: str) -> str:
        """A page of the docs tree by its path (`setup/blog.md`), or a URL as it is."""
        if urls.is_absolute_url(target) or target.startswith(("/", "#", "mailto:")):
            return target
        return (
            self.to(urls.doc_url(target, self.use_directory_urls))
            if target.endswith(".md")
            else self.to(target)
        )

    def image(self, post: Post, image: str | None) -> str | None:
        """One of the post's images (which moved with the post)."""
        if not image:
            return None
        if urls.is_absolute_url(image):
            return image
        return self.to(post.asset_path(image))


def render_post(env: jinja2.Environment, blog: Blog, post: Post, content: str) -> str:
    """A post page's content: header (title, dates, author, tags, image), body, footer."""
    return env.get_template(POST_TEMPLATE).render(
        post=post, blog=blog, content=Markup(content), link=Linker(blog, post.url)
    )


def render_listing(
    env: jinja2.Environment, blog: Blog, listing: Listing, below_page: bool = False
) -> str:
    """One page of the blog index, a tag's or an author's posts (`below_page`: under the
    text of the site's own page, which has its own heading)."""
    extra: dict[str, Any] = {}
    if listing.kind == "tag":
        extra["tag"] = blog.tag(listing.key or "")
    elif listing.kind == "category":
        extra["category"] = blog.category(listing.key or "")
    elif listing.kind == "author":
        extra["author"] = blog.author_by_slug.get(listing.key or "")
    return env.get_template(LISTING_TEMPLATES[listing.kind]).render(
        listing=listing, blog=blog, link=Linker(blog, listing.url), below_page=below_page, **extra
    )


def render_overview(env: jinja2.Environment, blog: Blog, overview: Overview) -> str:
    """The page of every tag or every author."""
    return env.get_template(OVERVIEW_TEMPLATES[overview.kind]).render(
        overview=overview, blog=blog, link=Linker(blog, overview.url)
    )


def listing_title(listing: Listing, labels: Labels) -> str:
    """The page title of a listing (`<title>`, nav): page numbers after page 1."""
    if listing.number == 1:
        return listing.title
    return labels("{title}, page {n}", title=listing.title, n=listing.number)
