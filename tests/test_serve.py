"""Under `mkdocs serve`, a saved post is rebuilt with its new text, beside the real
git-revision-date-localized plugin listed after and before blogmeta, and a draft stays out.

Why: `mkdocs serve` keeps one instance of each plugin that has `on_startup` for the
whole session and reloads only the config for each rebuild, so state a plugin left
from the first build (ours or the peer's) must neither break nor go stale on the next.
`Site.build` runs one build per process-lifetime of events; only `serve` runs two.

How: MkDocs' own `mkdocs.commands.serve.serve` runs unchanged (default: neither
`--dirty` nor `--clean`); only its `LiveReloadServer` is swapped for a subclass whose
`serve()` binds no socket and starts no watcher: it reads the first build, saves the
post, and calls `self.builder()` as `LiveReloadServer._build_loop` does after a file
change. `serve` then runs `server.shutdown()`, `on_shutdown` and removes its site_dir.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from adversarial.common import MARKER, assert_absent
from bs4 import BeautifulSoup
from helpers import Site, captured, git_commit
from mkdocs.commands import serve as serve_command
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

OLD = "Firstdraftwording of the kept post."
NEW = "Secondsavedwording of the kept post."
REVISION = ".git-revision-date-localized-plugin"


def _page(site_dir: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / path).read_text("utf-8"), "lxml")


def _text(page: BeautifulSoup) -> str:
    article = page.select_one("article") or page.body
    assert article is not None
    return article.get_text(" ", strip=True)


def _save(post: Path, body: str) -> None:
    """Rewrite the post's body as an editor would, its front matter kept as written."""
    text = post.read_text("utf-8")
    head, sep, old_body = text.partition("\n---\n")
    assert sep and OLD in old_body, text
    post.write_text(f"{head}{sep}\n{body}", "utf-8")


@pytest.fixture
def records() -> Iterator[list[logging.LogRecord]]:
    """Every record MkDocs and its plugins log (INFO and up) while the test runs."""
    with captured() as kept:
        yield kept


@pytest.mark.parametrize("first", [True, False], ids=["after", "before"])
def test_serve_rebuilds_a_saved_post(
    site: Site,
    first: bool,
    records: list[logging.LogRecord],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    peer = "git-revision-date-localized"
    # `drafts_on_serve` (default true) shows drafts under serve by design; off, a draft
    # must stay out of serve's site as it does out of `mkdocs build`'s.
    mine = {"blogmeta": {"cards": "off", "drafts_on_serve": False}}
    post = site.post("2023-01-01_kept", body=f"{OLD}\n")
    site.post(f"2023-01-02_{MARKER}", body=f"Secret {MARKER}.\n", status="draft")
    site.extra = {"plugins": ["search", mine, peer] if first else ["search", peer, mine]}
    config_file = site.config_file()
    git_commit(site.root)

    configs: list[MkDocsConfig] = []
    real_load_config = serve_command.load_config

    def load_config(**kwargs: Any) -> MkDocsConfig:
        config = real_load_config(**kwargs)
        configs.append(config)
        return config

    # serve.py's `get_config` (its only caller of load_config): the initial config and
    # one per rebuild, each kept here to compare the plugin instances they hold.
    monkeypatch.setattr(serve_command, "load_config", load_config)
    seen: dict[str, str] = {}

    class Server(LiveReloadServer):
        """serve.py's server, minus the socket, the watcher and the waiting loop."""

        def serve(self, *, open_in_browser: bool = False) -> None:
            site_dir = Path(self.root)
            seen["site_dir"] = str(site_dir)
            page = _page(site_dir, "kept/index.html")
            assert page.select(REVISION), "no revision date on the post (first build)"
            assert OLD in _text(page)
            assert_absent(site_dir, MARKER)

            _save(post, f"{NEW}\n")
            self.builder()  # what `_build_loop` runs once a watched file changed

            page = _page(site_dir, "kept/index.html")
            text = _text(page)
            assert NEW in text, text
            assert OLD not in text, text
            assert page.select(REVISION), "no revision date on the post (rebuild)"
            assert page.select_one("h1").get_text(strip=True) == "Post kept"
            assert_absent(site_dir, MARKER)
            seen["rebuilt"] = "yes"

    monkeypatch.setattr(serve_command, "LiveReloadServer", Server)
    serve_command.serve(config_file=str(config_file))  # `mkdocs serve -f mkdocs.yml`

    assert seen.get("rebuilt") == "yes"
    assert not Path(seen["site_dir"]).exists(), "serve removes its temp site_dir"
    assert len(configs) == 2, "one config for the first build, one for the rebuild"
    for name in ("blogmeta", peer):  # serve keeps the instances across rebuilds
        assert configs[1].plugins[name] is configs[0].plugins[name], name
    for config in configs:
        assert config.site_url == "http://127.0.0.1:8000/"
        assert config.site_dir == seen["site_dir"]
    for record in records:
        message = record.getMessage()
        assert record.exc_info is None, message
        assert "Traceback" not in message, message
        assert "AssertionError" not in message, message
        assert record.levelno < logging.ERROR, message
