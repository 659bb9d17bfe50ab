"""Build real sites in temporary folders and read what MkDocs wrote.

Sites are built in-process with MkDocs' own `load_config` and `build`, the
way `mkdocs build` does, and log records are kept for asserting messages.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import uuid as uuidlib
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
__all__ = [
    "ROOT", "BuildFailed", "ExampleBuild", "Site", "build", "build_example", "captured", "git_commit",
    "load_config", "renders_recorded", "run_build",
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
def captured(
    name: str = "mkdocs", level: int = logging.INFO
) -> Iterator[list[logging.LogRecord]]:
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
