"""The MkDocs plugin: thin event handlers over the pure modules.

Each handler gathers what MkDocs hands it, calls a function that takes data
and returns data, and applies the result. State lives on the instance and is
rebuilt in `on_config`, so `mkdocs serve` rebuilds start clean.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import pages, posts
from .config import BlogmetaConfig
from .model import Blog, Post, Problem

log = get_plugin_logger(__name__)

CSS_URI = "assets/blogmeta/blogmeta.css"
# What MkDocs reads in place of a post file: the front matter was read once
# already, by us, and is handed back in `on_page_markdown`.
_NO_FRONT_MATTER = "---\n{}\n---\n"


class BlogmetaPlugin(BasePlugin[BlogmetaConfig]):
    """Turns a folder of post bundles into a blog."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self._reset()

    def _reset(self) -> None:
        self.blog = Blog()
        self.posts_by_src: dict[str, Post] = {}
        self._front_matter: dict[str, dict[str, Any]] = {}
        self._bodies: dict[str, str] = {}
        self._env: Any = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve`, where drafts may be shown."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Add our templates after the theme's (so `custom_dir` wins) and our CSS."""
        self._reset()
        templates = str(pages.TEMPLATES_DIR)
        if templates not in config.theme.dirs:
            config.theme.dirs.append(templates)
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Read every post before the nav is built, move posts to their URLs, drop drafts."""
        settings = self.config
        candidates = [f for f in files if not f.inclusion.is_excluded()]
        by_src = {f.src_uri: f for f in candidates}
        post_srcs, owner = posts.find_posts(by_src, settings.posts_dir)
        sources = {src: _read_text(by_src[src]) for src in post_srcs}
        bundles = {src: _bundle_of(src) for src in post_srcs}
        reading = posts.read_posts(sources, bundles=bundles, known_files=by_src)

        show_drafts = settings.drafts or (self.serving and settings.drafts_on_serve)
        shown, held, problems = posts.place_posts(
            reading.posts,
            template=settings.post_url,
            use_directory_urls=config.use_directory_urls,
            now=datetime.now(timezone.utc),
            future_is_draft=settings.future_is_draft,
            show_drafts=show_drafts,
        )
        problems += posts.check_blog(shown, reading.posts)
        problems += _todo_problems(shown, reading)
        _log_problems(reading.problems + problems)

        keep = {p.src_path for p in shown}
        for src in [*reading.unreadable, *(p.src_path for p in held)]:
            files.remove(by_src[src])
        for src, index in owner.items():
            if index not in keep:
                files.remove(by_src[src])
        shown_by_src = {p.src_path: p for p in shown}
        for src, index in owner.items():
            if index in shown_by_src:
                _move(by_src[src], shown_by_src[index], config)
        for post in shown:
            _move(by_src[post.src_path], post, config)
        if not _has_errors(reading.problems, problems):
            problems = _dest_collisions(files, keep | {s for s, i in owner.items() if i in keep})
            _log_problems(problems)
        if _has_errors(reading.problems, problems):
            raise PluginError("blogmeta: the blog has errors (see above); the build stopped")

        self.blog = Blog(posts=tuple(shown))
        self.posts_by_src = shown_by_src
        self._front_matter = {s: reading.front_matter[s] for s in keep}
        self._bodies = {s: reading.bodies[s] for s in keep}
        for src in keep:
            by_src[src].content_string = _NO_FRONT_MATTER + self._bodies.pop(src)
        files.append(
            File.generated(config, CSS_URI, abs_src_path=str(pages.ASSETS_DIR / "blogmeta.css"))
        )
        return files

    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Hand back the front matter (read once, in `on_files`) with an HTML-safe title.

        Runs first so that other plugins see the post's metadata as usual.
        """
        post = self.posts_by_src.get(page.file.src_uri)
        if post is not None:
            page.meta = {**self._front_matter.get(post.src_path, {}), "title": escape(post.title)}
        return markdown

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Our own autoescaping environment over the theme's template loader."""
        self._env = pages.make_environment(env.loader)
        return env

    @event_priority(-100)
    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        """Wrap a post's body in the post template and give templates `post` and `blog`.

        Runs last, after the search plugin has indexed the body alone.
        """
        context["blog"] = self.blog
        post = self.posts_by_src.get(page.file.src_uri)
        if post is not None:
            context["post"] = post
            if post.is_post:
                page.content = pages.render_post(self._env, post, page.content or "")
        return context


def _read_text(file: File) -> str | None:
    try:
        return file.content_string
    except (OSError, ValueError):
        return None


def _bundle_of(src: str) -> str | None:
    return src.rsplit("/", 1)[0] if src.endswith("/index.md") else None


def _move(file: File, post: Post, config: MkDocsConfig) -> None:
    """Send a post's page, or a file of its bundle, to the post's folder."""
    if file.src_uri == post.src_path:
        dest = post.path + "index.html"
    else:
        dest = post.asset_path(file.src_uri)
        if file.is_documentation_page():
            dest = post.asset_path(file.dest_uri)
    file.dest_uri = dest
    for cached in ("url", "abs_dest_path"):  # computed from dest_uri, maybe already
        vars(file).pop(cached, None)
    if file.is_documentation_page() and file.inclusion.is_in_nav():
        file.inclusion = type(file.inclusion).NOT_IN_NAV


def _dest_collisions(files: Files, ours: set[str]) -> list[Problem]:
    """Two files written to the same place: an error naming both."""
    seen: dict[str, File] = {}
    problems = []
    for file in files:
        if file.inclusion.is_excluded():
            continue
        other = seen.setdefault(file.dest_uri, file)
        if other is not file and (file.src_uri in ours or other.src_uri in ours):
            problems.append(
                Problem(
                    "error",
                    file.src_uri,
                    f"would be written to '{file.dest_uri}', where '{other.src_uri}' is "
                    "written too; change the post's slug or move the other file",
                )
            )
    return problems


def _todo_problems(shown: list[Post], reading: posts.Reading) -> list[Problem]:
    problems = []
    for post in shown:
        if post.hidden:
            continue
        lines = posts.todo_lines(reading.bodies[post.src_path], reading.body_start[post.src_path])
        if lines:
            where = ", ".join(str(n) for n in lines)
            problems.append(
                Problem(
                    "warning",
                    post.src_path,
                    f"is published but still holds a TODO marker (line {where}); finish it "
                    "or set 'status: draft'",
                    line=lines[0],
                )
            )
    return problems


def _has_errors(*groups: list[Problem]) -> bool:
    return any(p.level == "error" for group in groups for p in group)


def _log_problems(problems: list[Problem]) -> None:
    for problem in problems:
        getattr(log, problem.level)(str(problem))
