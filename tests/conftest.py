from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
# The repository's tools (the README generator and its tables), imported by name.
sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))

from helpers import ExampleBuild, Site, build_example, captured, renders_recorded

from mkdocs_blogmeta.messages import MESSAGES

#: Where the plugin logs (`get_plugin_logger` names its loggers below this one).
PLUGIN_LOGGER = "mkdocs.plugins.mkdocs_blogmeta"
_CODE_RE = re.compile(r" \[([a-z0-9-]+)\]$")


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


def _without_a_code(records: list[logging.LogRecord]) -> list[str]:
    """The plugin's warnings and errors among `records` that end in no catalogue code."""
    return [
        record.getMessage()
        for record in records
        if record.name.startswith(PLUGIN_LOGGER)
        and record.levelno >= logging.WARNING
        and not ((m := _CODE_RE.search(record.getMessage())) and m.group(1) in MESSAGES)
    ]


@pytest.fixture(autouse=True)
def _every_warning_names_its_message() -> Iterator[None]:
    """Whatever a test builds, each warning or error the plugin logs ends in the `[code]`
    of a catalogue entry, so the README's Messages table explains it. A handler of its
    own: `caplog` and the handler of `Site.build` see the same records as before."""
    with captured(PLUGIN_LOGGER, logging.WARNING) as kept:
        yield
    if bad := _without_a_code(kept):
        pytest.fail("logged without a code of messages.MESSAGES:\n" + "\n".join(bad))


def _build_example_once(factory: pytest.TempPathFactory, config: str) -> ExampleBuild:
    """One build of the example site for the whole session, with the warning check of
    every other build (a session fixture runs outside any test's own check)."""
    with captured() as records, renders_recorded() as renders:
        site = build_example(factory.mktemp("example") / "site", config=config)
    if bad := _without_a_code(records):
        pytest.fail("logged without a code of messages.MESSAGES:\n" + "\n".join(bad))
    return ExampleBuild(site, records, dict(renders))


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> ExampleBuild:
    """The default example build, made once: tests only read it (never write into it)."""
    return _build_example_once(tmp_path_factory, "mkdocs.yml")


@pytest.fixture(scope="session")
def example_site(example_build: ExampleBuild) -> Path:
    """The site folder of the default example build (material theme, root mkdocs.yml)."""
    return example_build.site


@pytest.fixture(scope="session")
def example_site_mkdocs_theme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built with MkDocs' own theme (example_site/mkdocs-theme.yml),
    once: tests only read it."""
    return _build_example_once(tmp_path_factory, "example_site/mkdocs-theme.yml").site
