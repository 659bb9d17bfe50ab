"""URL rules, one table per rule, with both `use_directory_urls` settings."""

from __future__ import annotations

import itertools
import posixpath
from datetime import UTC, datetime

import pytest

from mkdocs_blogmeta import urls

WHEN = datetime(2023, 3, 6, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{slug}/", "the-senior-dev/"),
        ("{year}/{month}/{day}/{slug}/", "2023/03/06/the-senior-dev/"),
        ("blog/{author_slug}/{slug}/", "blog/ada/the-senior-dev/"),
    ],
)
def test_post_path(template: str, expected: str) -> None:
    assert urls.check_post_url_template(template) is None
    assert urls.post_path(template, "the-senior-dev", WHEN, "ada") == expected


@pytest.mark.parametrize("template", ["{title}/", "{year}/", "/{slug}/", "{slug}", "{slug"])
def test_bad_templates_are_explained(template: str) -> None:
    assert urls.check_post_url_template(template)


@pytest.mark.parametrize(
    ("path", "directory_urls", "expected"),
    [
        ("the-senior-dev/", True, "the-senior-dev/"),
        ("the-senior-dev/", False, "the-senior-dev/index.html"),
        ("", True, ""),
        ("", False, "index.html"),
    ],
)
def test_page_url(path: str, directory_urls: bool, expected: str) -> None:
    assert urls.page_url(path, directory_urls) == expected


@pytest.mark.parametrize(
    ("target", "base", "expected"),
    [
        ("a/x.jpg", "a/", "x.jpg"),
        ("a/x.jpg", "a/index.html", "x.jpg"),
        ("b/", "a/", "../b/"),
        ("b/index.html", "a/index.html", "../b/index.html"),
        ("", "a/", "../"),
        ("a/", "", "a/"),
        ("a/", "a/", "./"),
    ],
)
def test_relative_url(target: str, base: str, expected: str) -> None:
    assert urls.relative_url(target, base) == expected


def test_slugs() -> None:
    assert urls.slugify("Café au lait") == "café-au-lait"
    assert urls.slugify("C++") == "c"
    assert urls.slugify("Node.js") == "node-js"
    assert urls.is_url_segment("the-senior-dev")
    assert urls.is_url_segment("café")
    for bad in ("..", "../x", "a b", "a/b", "", ".x", "-x"):
        assert not urls.is_url_segment(bad)


def test_resolve_stays_in_docs() -> None:
    assert urls.resolve("posts/a", "./x.jpg") == "posts/a/x.jpg"
    assert urls.resolve("posts/a", "../b/y.png") == "posts/b/y.png"
    assert urls.resolve("posts/a", "../../../etc/passwd") is None
    assert urls.resolve("posts/a", "/etc/passwd") is None


@pytest.mark.parametrize(
    ("target", "dir_url", "html_url"),
    [
        ("setup.md", "setup/", "setup.html"),
        ("./setup.md#part", "setup/#part", "setup.html#part"),
        ("guide/index.md", "guide/", "guide/index.html"),
        ("guide/README.md?x=1", "guide/?x=1", "guide/index.html?x=1"),
        ("index.md", "", "index.html"),
        ("files/a.pdf", "files/a.pdf", "files/a.pdf"),
        ("posts/b/index.md", "b-moved/", "b-moved/index.html"),  # placed by the build
        ("https://example.org/x.md", "https://example.org/x.md", "https://example.org/x.md"),
        ("/from/root/", "/from/root/", "/from/root/"),
        ("#top", "#top", "#top"),
        ("mailto:ada@example.org", "mailto:ada@example.org", "mailto:ada@example.org"),
    ],
)
def test_doc_link(target: str, dir_url: str, html_url: str) -> None:
    for directory_urls, expected in ((True, dir_url), (False, html_url)):
        placed = {"posts/b/index.md": urls.page_url("b-moved/", directory_urls)}
        assert urls.doc_link(target, directory_urls, placed) == expected, directory_urls


def test_relative_folders_as_posixpath_reads_them() -> None:
    """`relative_url`'s own reading of plain folders gives `posixpath.relpath`'s answer,
    and hands everything else (`..`, `.`, `//`, `/x`) to it, whatever the working folder."""
    segments = ["a", "b", "tag", "x y", "é", "..", ".", ""]
    paths = {"/".join(c) for n in range(1, 4) for c in itertools.product(segments, repeat=n)}
    paths = {p for p in paths if p} | {"."}
    paths |= {p + "/" for p in paths} | {"/" + p for p in paths}
    for path in sorted(paths)[::7]:
        for start in sorted(paths)[::5]:
            assert urls._relpath(path, start) == posixpath.relpath(path, start), (path, start)
