"""`--strict` means strict: `mkdocs build --strict -q` fails on the plugin's warnings.

MkDocs' `-q` sets its logger to errors only, so warnings never reach the handler
that counts them for `--strict`; the plugin keeps its own logger at WARNING under
`--strict`, so the build still fails (and says why). Run as the real command.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import Site


@pytest.fixture
def warned(site: Site) -> Site:
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}
    site.post("2023-01-01_long", body="Intro.\n\nTODO: finish\n")
    site.config_file()
    return site


@pytest.mark.parametrize(
    ("flags", "fails"),
    [(["--strict", "-q"], True), (["--strict"], True), (["-q"], False), ([], False)],
)
def test_strict_quiet_still_fails(warned: Site, flags: list[str], fails: bool) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *flags],
        cwd=warned.root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in run.stderr
    assert (run.returncode != 0) is fails, run.stderr
    if fails:  # the warning that failed the build is shown, even under -q
        assert "[todo-left]" in run.stderr
        assert "posts/2023-01-01_long/index.md" in run.stderr


@pytest.mark.parametrize(
    ("levels", "fails"),
    [({}, False), ({"title-too-long": "warning"}, True), ({"title-too-long": "info"}, False)],
)
def test_advice_passes_strict_unless_the_site_raises_it(
    site: Site, levels: dict[str, str], fails: bool
) -> None:
    """A long title is advice (`info`): `--strict` passes, and the line is still shown;
    the site's `messages:` makes it a warning, and then `--strict` fails on it."""
    site.theme = "mkdocs"
    site.plugin = {"cards": "off", "messages": levels}
    site.post(
        "2023-01-01_long",
        title="A title far longer than the seventy characters that a share card or a search result shows",
    )
    site.config_file()
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site.root, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert (run.returncode != 0) is fails, run.stderr
    line = next(x for x in run.stderr.splitlines() if "[title-too-long]" in x)
    assert line.startswith("WARNING" if fails else "INFO"), line
