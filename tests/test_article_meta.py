"""A post's article tags (OpenGraph's `article:*`, read as a crawler reads them) and the
sitemap's `lastmod` of the index pages."""

from __future__ import annotations

from pathlib import Path

import extruct
import pytest
from helpers import Site
from lxml import etree

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ROOT = "https://blog.example.org/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("article"), plugin={"per_page": 1})
    site.post(
        "2023-01-01_first",
        tags=["rust", "web & css"],
        categories=["Engineering", "Notes"],
        updated="!raw 2023-09-30T08:00:00Z",
    )
    site.post("2023-02-01_second", tags=["rust"], updated="!raw 2023-02-03T08:00:00Z")
    site.post("2023-03-01_third", tags=["go"], author="Bo Lind", author_slug="bo-lind")
    return site.build(strict=True)


def _article(site: Path, slug: str) -> dict[str, list[str]]:
    html = (site / slug / "index.html").read_text("utf-8")
    found = extruct.extract(html, base_url=ROOT + slug + "/", syntaxes=["opengraph"])
    tags: dict[str, list[str]] = {}
    for item in found["opengraph"]:
        for key, value in item["properties"]:
            tags.setdefault(key, []).append(value)
    return tags


def test_article_tags_author_and_section(built: Site) -> None:
    tags = _article(built.site, "first")
    assert tags["article:tag"] == ["rust", "web & css"]
    assert tags["article:author"] == [ROOT + "author/ada-quinn/"]
    assert tags["article:section"] == ["Engineering"]
    # The author's URL is a page of the site.
    assert (built.site / "author/ada-quinn/index.html").is_file()
    other = _article(built.site, "third")
    assert other["article:tag"] == ["go"] and other["article:author"] == [ROOT + "author/bo-lind/"]
    assert "article:section" not in other  # no category, no section


def test_each_listing_page_is_dated_by_its_newest_post(built: Site) -> None:
    tree = etree.fromstring((built.site / "sitemap.xml").read_bytes())
    lastmod = {
        url.findtext("s:loc", namespaces=SITEMAP): url.findtext("s:lastmod", namespaces=SITEMAP)
        for url in tree.findall("s:url", SITEMAP)
    }
    # Posts by their `updated`; lists by their newest post's, page by page.
    assert lastmod[ROOT + "first/"] == "2023-09-30"
    assert lastmod[ROOT + "third/"] == "2023-03-01"
    assert lastmod[ROOT] == "2023-03-01"  # page 1: the third post
    assert lastmod[ROOT + "page/3/"] == "2023-09-30"  # page 3: the first post
    assert lastmod[ROOT + "tag/rust/"] == "2023-02-03"  # the second post, newest by date
    assert lastmod[ROOT + "tag/rust/page/2/"] == "2023-09-30"
    assert lastmod[ROOT + "tag/go/"] == "2023-03-01"
    assert lastmod[ROOT + "author/ada-quinn/page/2/"] == "2023-09-30"
    assert lastmod[ROOT + "category/engineering/"] == "2023-09-30"
    assert lastmod[ROOT + "tags/"] == "2023-09-30"  # an overview: the whole blog's newest
