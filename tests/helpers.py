"""Build real sites in temporary folders and read what MkDocs wrote.

Sites are built in-process with MkDocs' own `load_config` and `build`, the
way `mkdocs build` does, and log records are kept for asserting messages.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import time
import uuid as uuidlib
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.livereload import _serve_url
from mkdocs.plugins import BasePlugin
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
__all__ = [
    "ROOT", "BuildFailed", "DirtyServe", "ExampleBuild", "Site", "build", "build_example", "captured",
    "differing_files", "git_commit", "load_config", "renders_recorded", "run_build",
]  # fmt: skip


def yaml_value(value: Any) -> str:
    """A value written the way YAML front matter would hold it (one line)."""
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False)


def front_matter(name: str, **fields: Any) -> str:
    """Front matter in the SCHEMA.md style: every field present, `null` allowed.

    A field given as a `str` starting with `!raw ` is written as it is.
    """
    values: dict[str, Any] = {
        "uuid": str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, name)),
        "layout": "post",
        "title": f"Post {name}",
        "slug": name,
        "subtitle": None,
        "date": "!raw 2023-03-26T16:30:00.000Z",
        "updated": "!raw 2023-03-26T16:30:00.000Z",
        "author": "Ada Quinn",
        "author_slug": "ada-quinn",
        "header_img": None,
        "fb_img": None,
        "tw_img": None,
        "status": "published",
        "language": "en_US",
        "meta_title": None,
        "meta_description": f"About {name}",
        "tags": ["life", "career"],
    }
    values.update(fields)
    lines = ["---"]
    for key, value in values.items():
        if value is _OMIT:
            continue
        if isinstance(value, str) and value.startswith("!raw "):
            lines.append(f"{key}: {value[5:]}")
        else:
            lines.append(f"{key}: {yaml_value(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


_OMIT = object()
OMIT: Any = _OMIT
"""Pass as a field's value to leave the field out of the front matter."""


def write_image(path: Path, size: tuple[int, int], color: str = "#3366aa") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, color)
    image.save(path)


@dataclass
class Site:
    """A docs tree in a temp folder, and what building it gave."""

    root: Path
    theme: str = "material"
    plugin: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    records: list[logging.LogRecord] = field(default_factory=list)

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def post(
        self,
        folder: str,
        body: str = "Some text.\n",
        images: dict[str, tuple[int, int]] | None = None,
        **fields: Any,
    ) -> Path:
        """Write a bundle `posts/<folder>/index.md`; the slug is the part after `_`."""
        slug = folder.split("_", 1)[1] if "_" in folder else folder
        if re.match(r"\d{4}-\d\d-\d\d_", folder):  # the date of the folder's name
            fields.setdefault("date", f"!raw {folder[:10]}T12:00:00.000Z")
        if "date" in fields:
            fields.setdefault("updated", fields["date"])
        bundle = self.docs / "posts" / folder
        bundle.mkdir(parents=True, exist_ok=True)
        (bundle / "index.md").write_text(front_matter(slug, **fields) + "\n" + body, "utf-8")
        for name, size in (images or {}).items():
            write_image(bundle / name, size)
        return bundle / "index.md"

    def page(self, name: str, text: str) -> Path:
        path = self.docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        return path

    def config_file(self) -> Path:
        config = {
            "site_name": "Test blog",
            "site_url": "https://blog.example.org/",
            "docs_dir": "docs",
            "site_dir": "site",
            "theme": {"name": self.theme},
            "plugins": ["search", {"blogmeta": self.plugin}],
            **self.extra,
        }
        path = self.root / "mkdocs.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
        return path

    def build(self, strict: bool = False, serve: bool = False) -> Site:
        """Build; raises `BuildFailed` with the log when MkDocs aborts.

        With `serve`, build as `mkdocs serve` does (startup event, serve URL).
        """
        self.docs.mkdir(parents=True, exist_ok=True)
        with captured() as self.records:
            try:
                config = load_config(config_file=str(self.config_file()), strict=strict)
                run_build(config, serve=serve)
            except (Abort, MkDocsException) as exc:
                raise BuildFailed(str(exc), self.records) from exc
        return self

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]

    def html(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.site / path).read_text("utf-8"), "lxml")

    def files(self) -> Iterator[Path]:
        return (p for p in self.site.rglob("*") if p.is_file())


def git_commit(root: Path) -> None:
    """`root` as a git repository with everything committed once, as a blog's is (git
    dates and git authors read the history)."""
    env = ["-c", "user.name=Blog", "-c", "user.email=blog@example.org"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), *env, "commit", "-qm", "posts"], check=True)


def run_build(config: Any, serve: bool = False) -> None:
    """Build as the `mkdocs build` / `mkdocs serve` commands do, with the startup and
    shutdown events (plugin instances live as long as the process, as in `serve`)."""
    config.plugins.on_startup(command="serve" if serve else "build", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/" if serve else None)
    finally:
        config.plugins.on_shutdown()


def build_example(site_dir: Path, config: str = "mkdocs.yml", **overrides: Any) -> Path:
    """Build the example site (`config`, relative to the repository: the root mkdocs.yml,
    or example_site/mkdocs-theme.yml for the `mkdocs` theme) into `site_dir`. Tests that
    only read the default builds take the session's `example_site` fixtures instead."""
    run_build(load_config(config_file=str(ROOT / config), site_dir=str(site_dir),
                          **overrides))  # fmt: skip
    return site_dir


@dataclass(frozen=True)
class ExampleBuild:
    """An example build shared by the session (conftest's `example_build`): its site
    folder, what it logged, and the variable names each template render was given."""

    site: Path
    records: list[logging.LogRecord]
    renders: dict[str, list[set[str]]]


@contextmanager
def renders_recorded() -> Iterator[dict[str, list[set[str]]]]:
    """Template name -> the variable names of each render while the block runs: what the
    templates were really given, to hold the README's templates table to."""
    seen: dict[str, list[set[str]]] = defaultdict(list)
    original = jinja2.Template.render

    def spy(self: jinja2.Template, *args: object, **kwargs: object) -> str:
        seen[self.name or ""].append(set(dict(*args, **kwargs)))  # type: ignore[call-overload]
        return original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.Template, "render", spy)
        yield seen


class BuildFailed(Exception):
    def __init__(self, message: str, records: list[logging.LogRecord]) -> None:
        super().__init__(message)
        self.records = records

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord], level: int) -> None:
        super().__init__(level)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def captured(name: str = "mkdocs", level: int = logging.INFO) -> Iterator[list[logging.LogRecord]]:
    """Every record of logger `name` (and below) at `level` or above while the block runs.
    The logger's level is lowered to `level` for the block when records at `level` would
    not reach it otherwise (MkDocs' INFO lines while it builds), and put back after."""
    records: list[logging.LogRecord] = []
    handler = _Collect(records, level)
    logger = logging.getLogger(name)
    before = logger.level
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > level:
        logger.setLevel(level)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(before)


# --------------------------------------------------------------------------- mkdocs serve --dirty


@contextmanager
def _plugin_instances(cache: dict[str, BasePlugin]) -> Iterator[None]:
    """Load configs with `cache` as the `plugins` option's instance cache.

    Why: MkDocs keeps one instance of each plugin that defines `on_startup` or
    `on_shutdown` in a cache of the `plugins` config option, which is a class attribute
    of `MkDocsConfig`: every `load_config` in the process shares it. `mkdocs serve`
    relies on it to reuse instances across rebuilds; a dirty loop needs its own, and a
    clean build to compare with needs fresh ones.
    """
    option = dict(MkDocsConfig._schema)["plugins"]
    before = option.plugin_cache  # type: ignore[attr-defined]
    option.plugin_cache = cache  # type: ignore[attr-defined]
    try:
        yield
    finally:
        option.plugin_cache = before  # type: ignore[attr-defined]


@contextmanager
def _build_date(epoch: str) -> Iterator[None]:
    """`SOURCE_DATE_EPOCH` set while the block runs: MkDocs' build date (the `mkdocs`
    theme's home page prints it, to the microsecond) is then the same in two builds."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", epoch)
        yield


class _Watcher:
    """The server `on_serve` is given: records what plugins ask to watch, serves nothing."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        self.watched.append(os.path.abspath(path))

    def unwatch(self, path: str) -> None:
        self.watched.remove(os.path.abspath(path))


def differing_files(served: Path, clean: Path) -> list[str]:
    """Paths (relative, `/`-separated, sorted) of the files that differ in bytes between
    two site folders, or exist in only one of them."""

    def files(root: Path) -> dict[str, Path]:
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}

    a, b = files(served), files(clean)
    return sorted(
        name
        for name in a.keys() | b.keys()
        if name not in a or name not in b or a[name].read_bytes() != b[name].read_bytes()
    )


def settle(config: MkDocsConfig) -> None:
    """Wait for what a served build finishes after it returns (blogmeta draws a saved
    post's share card, then writes the feeds, while the page is already served), as an
    author looking a moment later sees it."""
    for plugin in config.plugins.values():
        if callable(settle := getattr(plugin, "settle", None)):
            settle()


class DirtyServe:
    """`mkdocs serve --dirty` in this process, its file watcher replaced by the test.

    Why: an incremental rebuild is right only if what it serves equals what a clean
    build of the same files gives. This does what `mkdocs.commands.serve.serve` does
    with `--dirty` (MkDocs 1.6): load the config, `on_startup(command="serve",
    dirty=True)`, `site_url` set to the serve URL, a first `build(..., dirty=True)` into
    `site_dir`, then `on_serve`; and for each rebuild, load the config again (plugin
    instances with `on_startup`/`on_shutdown` are kept, from this loop's own cache) and
    `build(..., dirty=True)` into the same `site_dir`. `on_shutdown` on `close()`.

    Edit files with `write`, `touch` and `delete` between `rebuild()`s: MkDocs' dirty
    build renders a page only when its source is newer than its output
    (`File.is_modified`), so a write sets the source's mtime past every file of the
    served site, without sleeping and never in the future. `stale()` builds the same
    files cleanly, with fresh plugin instances, and lists the files that differ. Every
    build runs with one `SOURCE_DATE_EPOCH` (the environment's, or the loop's start), so
    build dates cannot make files differ.

        with DirtyServe(site.config_file(), tmp_path / "served") as serve:
            serve.write(post, new_text)
            serve.rebuild()
            assert serve.stale() == []
    """

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        self.config_file = Path(config_file)
        self.site_dir = Path(site_dir)
        self.serve_url = ""
        self.watched: list[str] = []  # what plugins asked `on_serve`'s server to watch
        self._plugins: dict[str, BasePlugin] = {}
        self._config: MkDocsConfig | None = None
        self._epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(int(time.time()))

    def _load(self, site_dir: Path, plugins: dict[str, BasePlugin]) -> MkDocsConfig:
        with _plugin_instances(plugins):
            return load_config(config_file=str(self.config_file), site_dir=str(site_dir))

    def start(self) -> DirtyServe:
        """The first build, as `mkdocs serve --dirty` starts."""
        config = self._config = self._load(self.site_dir, self._plugins)
        config.plugins.on_startup(command="serve", dirty=True)
        host, port = config.dev_addr
        self.serve_url = _serve_url(host, port, urlsplit(config.site_url or "/").path)
        config.site_url = self.serve_url
        with _build_date(self._epoch):
            build(config, serve_url=self.serve_url, dirty=True)
            settle(config)
        watcher = _Watcher()
        config.plugins.on_serve(watcher, config=config, builder=self._builder)
        self.watched = watcher.watched
        return self

    def _builder(self, config: MkDocsConfig | None = None, *, wait: bool = True) -> None:
        if config is None:
            config = self._load(self.site_dir, self._plugins)
            config.site_url = self.serve_url
        with _build_date(self._epoch):
            build(config, serve_url=self.serve_url, dirty=True)
            if wait:
                settle(config)

    def rebuild(self, *, wait: bool = True) -> None:
        """What the server does after a file change: reload the config, dirty build (and,
        unless not `wait`, wait for what the plugins finish after the build returns)."""
        self._builder(wait=wait)

    def plugin(self, name: str) -> BasePlugin:
        """The plugin instance this loop keeps from build to build."""
        assert self._config is not None
        return self._config.plugins[name]

    def close(self) -> None:
        if self._config is not None:
            self._config.plugins.on_shutdown()
            self._config = None

    def __enter__(self) -> DirtyServe:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- edits between rebuilds

    def _newest_output_ns(self) -> int:
        return max((p.stat().st_mtime_ns for p in self.site_dir.rglob("*") if p.is_file()),
                   default=0)  # fmt: skip

    def touch(self, path: Path) -> None:
        """Make `path` newer than every served file, as a save after the last build is."""
        mtime = max(path.stat().st_mtime_ns, self._newest_output_ns() + 1)
        os.utime(path, ns=(mtime, mtime))

    def write(self, path: Path, text: str) -> Path:
        """Save `path` (created with its folders if new) with `text`."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        self.touch(path)
        return path

    def delete(self, path: Path) -> None:
        """Remove a file, or a folder with everything in it (a post's bundle)."""
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()

    # -- comparing with a clean build

    def clean_build(self, site_dir: Path) -> Path:
        """Build the same files cleanly into `site_dir`, as a fresh `mkdocs serve` would
        (serve URL, drafts on serve), with fresh plugin instances: none of this loop's."""
        shutil.rmtree(site_dir, ignore_errors=True)
        config = self._load(site_dir, {})
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            config.site_url = self.serve_url
            with _build_date(self._epoch):
                build(config, serve_url=self.serve_url, dirty=False)
                settle(config)
        finally:
            config.plugins.on_shutdown()
        return site_dir

    def stale(self, clean_dir: Path | None = None) -> list[str]:
        """The served files that differ from a clean build's (see `differing_files`);
        the clean build goes to `clean_dir` (default: `<site_dir>-clean`, replaced)."""
        clean = clean_dir or self.site_dir.with_name(self.site_dir.name + "-clean")
        return differing_files(self.site_dir, self.clean_build(clean))
