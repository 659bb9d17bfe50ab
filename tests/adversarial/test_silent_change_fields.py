"""Silent changes of front matter: a value read as something else than written, with no
message. Each coercion the plugin still makes is said, and each is what the author
meant (`authors: ada` is one author, `tags: "a, b"` two tags)."""

from __future__ import annotations

from typing import Any

import pytest
from common import both_ways
from helpers import Site


def small(site: Site) -> None:
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}


def infos(site: Site, code: str) -> list[str]:
    return [r.getMessage() for r in site.records if r.getMessage().endswith(f"[{code}]")]


def test_authors_as_one_name_is_one_author(site: Site) -> None:
    small(site)
    site.post("2023-03-01_solo", authors="ada", author=None, author_slug=None)
    (ok, said), (strict_ok, _) = both_ways(site)
    assert ok and strict_ok, said
    assert (site.site / "author/ada/index.html").is_file()
    for letter in ("a", "d"):
        assert not (site.site / f"author/{letter}/index.html").exists()
    told = infos(site, "one-author")
    assert told and told[0].startswith("mkdocs_blogmeta: posts/2023-03-01_solo/index.md:")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [('"life, career"', ["life", "career"]), ("'a,b , c'", ["a", "b", "c"])],
)
def test_tags_as_text_with_commas_are_split(site: Site, raw: str, expected: list[str]) -> None:
    small(site)
    site.post("2023-03-01_tagged", tags=f"!raw {raw}")
    (ok, said), (strict_ok, _) = both_ways(site)
    assert ok and strict_ok, said
    for tag in expected:
        assert (site.site / f"tag/{tag}/index.html").is_file(), tag
    assert not [p for p in site.site.glob("tag/*") if "," in p.name]
    told = infos(site, "tags-split")
    assert told and "posts/2023-03-01_tagged/index.md:" in told[0]
    assert all(f"'{tag}'" in told[0] for tag in expected)


def test_one_tag_as_text_is_one_tag(site: Site) -> None:
    small(site)
    site.post("2023-03-01_one", tags="life")
    (ok, said), _ = both_ways(site)
    assert ok, said
    assert (site.site / "tag/life/index.html").is_file()
    assert not infos(site, "tags-split")


@pytest.mark.parametrize("raw", ["Published", "PUBLISHED", "publish", "Draft"])
def test_a_status_in_another_case_is_never_hidden_silently(site: Site, raw: str) -> None:
    small(site)
    site.post("2023-03-01_cased", status=raw)
    for ok, said in both_ways(site):
        assert not ok
        found = [m for m in said if m.endswith("[status-invalid]")]
        assert found and "posts/2023-03-01_cased/index.md:" in found[0], said
        assert "did you mean" in found[0]


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "published", "draft": True},
        {"published": True, "status": "draft"},
        {"draft": False, "published": False},
    ],
)
def test_fields_that_disagree_hold_the_post_back_and_say_so(site: Site, fields: Any) -> None:
    small(site)
    site.post("2023-01-01_kept")
    site.post("2023-03-01_torn", **fields)
    (ok, said), _ = both_ways(site)
    assert ok, said
    assert not (site.site / "torn/index.html").exists()
    site.build()
    told = [r.getMessage() for r in site.records]
    assert any("posts/2023-03-01_torn/index.md:" in m and "[status-conflict]" in m for m in told)
