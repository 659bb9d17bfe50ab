"""Files the plugin reads, made hostile: no traceback, a message naming the file.

`authors.yml` and `blogmeta-urls.yml` as YAML bombs, with NUL bytes, binary, or
with values of the wrong type; an authors file that links out of `docs_dir`;
aliases no file system can hold; dangling symlinks and loops in a bundle; a post
asking for one of the plugin's own templates. Each case is built with and
without `--strict`: the plain build gives a site, the strict one stops on the
warning, and neither prints a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from common import MARKER, assert_absent, build_case
from helpers import Site

POST = "posts/2023-01-01_one/index.md"
BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
    "ada-quinn: {name: *i}\n"
)


def _site(site: Site) -> Site:
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}
    site.post("2023-01-01_one")
    return site


def _warned(site: Site, *needles: str) -> list[str]:
    """Strict stops on a warning naming every needle; the plain build gives a site."""
    ok, said = build_case(site, strict=True)
    assert not ok, said
    assert any(all(n in line for n in needles) for line in said), (needles, said)
    ok, said = build_case(site, strict=False)
    assert ok, said
    assert any(all(n in line for n in needles) for line in said), (needles, said)
    assert (site.site / "posts/index.html").exists() or (site.site / "index.html").exists()
    return said


AUTHORS = {
    "bomb": BOMB.encode(),
    "nul": b"ada-quinn:\n  name: Ada\x00 Quinn\n",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\xfd" * 20,
    "latin1": "ada-quinn:\n  name: Ad\xe9\n".encode("latin-1"),
    "list": b"- ada-quinn\n- bob\n",
    "scalar": b"just text\n",
    "profile-list": b"ada-quinn:\n  - name\n  - bio\n",
}


@pytest.mark.parametrize("case", sorted(AUTHORS))
def test_hostile_authors_file_is_named(site: Site, case: str) -> None:
    _site(site)
    (site.docs / "authors.yml").write_bytes(AUTHORS[case])
    _warned(site, "authors.yml")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("ada-quinn:\n  name: [1, 2]\n", "name"),
        ("ada-quinn:\n  name: Ada\n  url: 5\n", "url"),
        ("ada-quinn:\n  name: Ada\n  avatar: {a: 1}\n", "avatar"),
        ("ada-quinn:\n  name: Ada\n  twitter: 7\n", "twitter"),
        ("ada-quinn:\n  name: Ada\n  bio: {a: [1]}\n", "bio"),
    ],
)
def test_author_field_of_the_wrong_type_is_named(site: Site, text: str, field: str) -> None:
    _site(site)
    site.page("authors.yml", text)
    _warned(site, "authors.yml", field)


def test_authors_file_linking_out_of_docs_is_not_read(site: Site, tmp_path: Path) -> None:
    _site(site)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yml").write_text(f"ada-quinn:\n  name: {MARKER}\n  bio: {MARKER}\n")
    os.symlink(outside / "secret.yml", site.docs / "authors.yml")
    _warned(site, "authors.yml")
    assert_absent(site.site, MARKER)


HISTORY = {
    "bomb": BOMB.encode(),
    "nul": b"1f0c:\n  urls: ['/old/\x00']\n",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\xfd" * 20,
    "urls-number": b"1f0c:\n  urls: 5\n",
    "url-mapping": b"1f0c:\n  urls: [{a: b}]\n",
    "removed-text": b"1f0c:\n  urls: ['/old/']\n  removed: 'no'\n",
    "top-list": b"- /old/\n",
}


@pytest.mark.parametrize("case", sorted(HISTORY))
def test_hostile_url_history_is_named(site: Site, case: str) -> None:
    _site(site)
    (site.root / "blogmeta-urls.yml").write_bytes(HISTORY[case])
    _warned(site, "blogmeta-urls.yml")


@pytest.mark.parametrize(
    "alias",
    [
        "/old\x00/",
        "/old\x07bell/",
        "/" + "a" * 300 + "/",
        "/a/" + "b" * 256 + ".html",
        "/a/../../etc/",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://elsewhere.example.com/old/",
    ],
)
def test_alias_no_file_can_hold_is_dropped(site: Site, alias: str) -> None:
    _site(site).post("2023-01-01_one", aliases=[alias])
    _warned(site, POST, "aliases")


def test_dangling_symlink_in_a_bundle_is_left_out(site: Site) -> None:
    _site(site)
    bundle = site.docs / "posts/2023-01-01_one"
    os.symlink(bundle / "nowhere.png", bundle / "gone.png")  # inside docs_dir, to nothing
    _warned(site, "posts/2023-01-01_one/gone.png")
    assert not list(site.site.rglob("gone.png"))


def test_symlink_loop_in_a_bundle_is_left_out(site: Site) -> None:
    _site(site)
    bundle = site.docs / "posts/2023-01-01_one"
    os.symlink(bundle / "b.png", bundle / "a.png")
    os.symlink(bundle / "a.png", bundle / "b.png")
    _warned(site, "posts/2023-01-01_one/a.png")
    assert not list(site.site.rglob("a.png"))


@pytest.mark.parametrize("name", ["blogmeta/post.html", "blogmeta/tag.html", "blogmeta/head.html"])
def test_template_naming_a_plugin_template_uses_the_default(site: Site, name: str) -> None:
    _site(site).post("2023-01-01_one", template=name)
    _warned(site, POST, "template")
    assert "Some text." in (site.site / "one/index.html").read_text("utf-8")
