"""The plugin's options: one typed `Config`, with defaults that need no setup."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from . import urls


class _PostUrl(c.Type):
    """A `post_url` template, checked when `mkdocs.yml` is read."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        problem = urls.check_post_url_template(value)
        if problem:
            raise c.ValidationError(problem)
        return value


class BlogmetaConfig(Config):
    """Options of the `blogmeta` plugin, all optional."""

    posts_dir = c.Type(str, default="posts")
    """Folder of the post bundles, relative to `docs_dir`."""

    post_url = _PostUrl(default="{slug}/")
    """Where a post lives: `{slug}`, `{year}`, `{month}`, `{day}`, `{author_slug}`."""

    drafts = c.Type(bool, default=False)
    """Build drafts (and held-back future posts) into the site, marked as drafts."""

    drafts_on_serve = c.Type(bool, default=True)
    """Show drafts, with a "Draft" banner, while `mkdocs serve` runs."""

    future_is_draft = c.Type(bool, default=True)
    """Hold back a published post dated in the future, as if it were a draft."""
