"""Page generation: HTML for post pages from the package's Jinja templates.

Templates are looked up through the theme's own loader, so a file of the same
name in the theme's `custom_dir` wins, but rendered by an environment of ours
with autoescaping on: post fields are text, never markup.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import urls
from .model import Post

TEMPLATES_DIR = Path(__file__).parent / "templates"
ASSETS_DIR = Path(__file__).parent / "assets"
POST_TEMPLATE = "blogmeta/post.html"


def long_date(value: datetime) -> str:
    """`March 26, 2023`: the date as readers see it."""
    return f"{value:%B} {value.day}, {value.year}"


def make_environment(loader: jinja2.BaseLoader | None) -> jinja2.Environment:
    """An autoescaping environment over `loader` (the theme's, or the package's)."""
    env = jinja2.Environment(
        loader=loader or jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    return env


def image_url(post: Post, image: str | None, page_url: str) -> str | None:
    """URL of one of the post's images as seen from the page at `page_url`."""
    if not image:
        return None
    if urls.is_absolute_url(image):
        return image
    return urls.relative_url(post.asset_path(image), page_url)


def render_post(env: jinja2.Environment, post: Post, content: str, **extra: Any) -> str:
    """The post page's content: header (title, dates, author, tags, image) and body."""
    template = env.get_template(POST_TEMPLATE)
    return template.render(
        post=post,
        content=Markup(content),
        header_img=image_url(post, post.header_img, post.url),
        page_url=post.url,
        **extra,
    )
