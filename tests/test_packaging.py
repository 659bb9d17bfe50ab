"""The released package: `python -m build` makes an sdist and a wheel that carry
everything the plugin reads at run time, and the wheel alone, in a fresh virtual
environment, builds the example site.

This is the one slow test (a venv and an install from the package index, served
from pip's cache after the first run): it is what a user gets from `pip install`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT
from lxml import html
from PIL import Image

from mkdocs_blogmeta import __version__

#: Files the plugin opens at run time: every file of the package that is not Python.
PACKAGE = ROOT / "mkdocs_blogmeta"
DATA = sorted(
    p.relative_to(PACKAGE).as_posix()
    for p in PACKAGE.rglob("*")
    if p.is_file() and p.suffix not in (".py", ".pyc")
)


def test_the_package_data_is_what_the_plugin_reads() -> None:
    """A check of the check: the list covers templates, translations, fonts and CSS."""
    kinds = {name.split("/")[0] for name in DATA}
    assert kinds == {"assets", "fonts", "templates", "translations"}
    assert "templates/blogmeta/partials/entry.html" in DATA


#: The environment of commands in the fresh venv: nothing of this one's import path.
CLEAN = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
CLEAN["NO_MKDOCS_2_WARNING"] = "1"


def _run(*args: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=CLEAN, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python -m build` of the repository, as a release would be made."""
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--outdir", out, ROOT, cwd=out)
    return out


def test_the_version_is_written_in_one_place() -> None:
    tomllib = pytest.importorskip("tomllib")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "version" not in pyproject["project"]
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "mkdocs_blogmeta.__version__"
    }
    assert f"## {__version__}" in (ROOT / "CHANGELOG.md").read_text("utf-8")


def test_sdist_and_wheel_carry_the_templates_translations_and_fonts(dist: Path) -> None:
    (wheel,) = dist.glob(f"mkdocs_blogmeta-{__version__}-py3-none-any.whl")
    (sdist,) = dist.glob(f"mkdocs_blogmeta-{__version__}.tar.gz")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = zf.read(f"mkdocs_blogmeta-{__version__}.dist-info/entry_points.txt")
    assert [f for f in DATA if f"mkdocs_blogmeta/{f}" not in names] == []
    assert b"[mkdocs.plugins]\nblogmeta = mkdocs_blogmeta.plugin:BlogmetaPlugin" in entry_points
    assert b"[console_scripts]\nblogmeta = mkdocs_blogmeta.cli:main" in entry_points
    # Nothing of the repository beyond the package (tests, example, site) is installed.
    assert {n.split("/")[0] for n in names} == {
        "mkdocs_blogmeta",
        f"mkdocs_blogmeta-{__version__}.dist-info",
    }
    # The repository's tools (scripts/, e.g. the README generator) are not the plugin's.
    tools = {p.name for p in (ROOT / "scripts").glob("*.py")}
    assert "reference.py" in tools
    assert [n for n in names if n.rsplit("/", 1)[-1] in tools] == []
    with tarfile.open(sdist) as tf:
        members = {m.name.split("/", 1)[1] for m in tf.getmembers() if "/" in m.name}
    top = ["LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml"]
    assert [f for f in top if f not in members] == []
    assert [f for f in DATA if f"mkdocs_blogmeta/{f}" not in members] == []


def test_the_wheel_alone_builds_the_example_site(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    _run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        wheel,
        cwd=tmp_path,
    )
    # The plugin imported is the installed one, not the repository's source tree.
    where = _run(
        python, "-c", "import mkdocs_blogmeta; print(mkdocs_blogmeta.__file__)", cwd=tmp_path
    )
    assert str(venv) in where
    # The example site, copied out of the repository, built by the venv's `mkdocs`.
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        (ROOT / "mkdocs.yml")
        .read_text("utf-8")
        .replace(" example_site/", f" {ROOT}/example_site/")  # docs_dir, custom_dir
        # Cards for every post: drawn with the font the wheel ships.
        .replace("  - blogmeta:\n", "  - blogmeta:\n      cards: always\n"),
        "utf-8",
    )
    log = _run(venv / "bin" / "mkdocs", "build", "-f", config, cwd=tmp_path)
    site = tmp_path / "site"
    assert "Traceback" not in log
    page = html.parse(str(site / "small-pull-requests" / "index.html"))
    assert page.findtext(".//title") == "Small pull requests: a love letter"
    assert page.xpath('//meta[@property="og:image:width"]/@content') == ["1200"]
    assert page.xpath('//link[@href="../assets/blogmeta/blogmeta.css"]'), "the CSS asset"
    assert (site / "assets" / "blogmeta" / "blogmeta.css").is_file()
    assert (site / "tag" / "git" / "index.html").is_file()
    assert (site / "rss.xml").is_file()
    assert not (site / "unfinished-thoughts-on-monorepos").exists()
    (card,) = page.xpath('//meta[@property="og:image"]/@content')
    assert card == "https://blog.example.org/small-pull-requests/card-fb.jpg"
    with Image.open(site / "small-pull-requests" / "card-fb.jpg") as image:
        assert image.size == (1200, 630)
