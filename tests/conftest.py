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

from helpers import Site, captured

from mkdocs_blogmeta.messages import MESSAGES

#: Where the plugin logs (`get_plugin_logger` names its loggers below this one).
PLUGIN_LOGGER = "mkdocs.plugins.mkdocs_blogmeta"
_CODE_RE = re.compile(r" \[([a-z0-9-]+)\]$")


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


@pytest.fixture(autouse=True)
def _every_warning_names_its_message() -> Iterator[None]:
    """Whatever a test builds, each warning or error the plugin logs ends in the `[code]`
    of a catalogue entry, so the README's Messages table explains it. A handler of its
    own: `caplog` and the handler of `Site.build` see the same records as before."""
    with captured(PLUGIN_LOGGER, logging.WARNING) as kept:
        yield
    bad = [
        record.getMessage()
        for record in kept
        if not ((m := _CODE_RE.search(record.getMessage())) and m.group(1) in MESSAGES)
    ]
    if bad:
        pytest.fail("logged without a code of messages.MESSAGES:\n" + "\n".join(bad))
