"""Front matter values of a type nobody expects: a message naming the file, never a
traceback (`authors: 1` once raised a TypeError)."""

from __future__ import annotations

import pytest
from common import MARKER, assert_absent, both_ways
from helpers import Site


def small(site: Site) -> None:
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}
    site.post("2023-01-01_kept")


@pytest.mark.parametrize(
    ("field", "raw"),
    [
        ("authors", "1"),
        ("authors", "true"),
        ("authors", "{a: b}"),
        ("authors", "[[a], {b: c}, true]"),
        ("authors", "3.5"),
        ("tags", "7"),
        ("tags", "{a: b}"),
        ("categories", "true"),
        ("readtime", "'x'"),
        ("links", "7"),
        ("template", "[a]"),
        ("date", "{created: [1]}"),
        ("build", "[never]"),
        ("_build", "{render: sometimes}"),
        ("headless", "'true'"),
        ("expiryDate", "[1]"),
        ("publishDate", "{a: 1}"),
    ],
)
def test_a_value_of_the_wrong_type_is_a_message(site: Site, field: str, raw: str) -> None:
    small(site)
    site.post("2023-03-01_odd", **{field: f"!raw {raw}"})
    results = both_ways(site)  # a traceback fails `build_case` itself
    said = [m for _, messages in results for m in messages]
    assert [m for m in said if "posts/2023-03-01_odd/index.md" in m], said
    assert results[0][0] or any(m.endswith("]") for m in said)


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize("front", [BOMB, "title: a\x00b\n"], ids=["alias-bomb", "nul"])
def test_front_matter_bombs_and_nul_stop_the_build_or_leave_the_post_out(
    site: Site, front: str
) -> None:
    small(site)
    folder = site.docs / "posts" / f"2023-03-01_{MARKER}"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(f"---\n{front}status: draft\n---\n{MARKER}\n", "utf-8")
    for ok, said in both_ways(site):  # unreadable: nobody can tell it is a draft
        assert not ok, said
        found = [m for m in said if m.endswith("[yaml-invalid]")]
        assert found and f"posts/2023-03-01_{MARKER}/index.md" in found[0], said
    site.plugin = {**site.plugin, "messages": {"yaml-invalid": "warning"}}
    (ok, said), _ = both_ways(site)
    assert ok, said
    assert_absent(site.site, MARKER)
    assert [m for m in said if m.endswith("[yaml-invalid]")], said
