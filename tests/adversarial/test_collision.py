"""Collisions: an output of the plugin meeting a file that something else writes.

Each case is a tiny site where a post's slug or alias, a feed, a card or an index
page lands on a path that MkDocs, the theme, the search plugin, the docs tree or
the plugin itself writes, exactly or as a file where a folder is needed
(`sitemap.xml` vs `sitemap.xml/index.html`). The build must stop with an error
naming both sides and what to change, never crash and never replace a file.
"""

from __future__ import annotations

import pytest
from common import build_case
from helpers import Site, write_image

POST = "posts/2023-01-01_one/index.md"


def _stopped_naming(site: Site, *needles: str) -> None:
    """Both ways, the build stops; one plugin error names every needle."""
    for strict in (True, False):
        ok, said = build_case(site, strict=strict)
        assert not ok, f"built (strict={strict}): {said}"
        assert any(all(n in line for n in needles) for line in said), (needles, said)


def _site(site: Site) -> Site:
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}
    return site


@pytest.mark.parametrize(
    "slug",
    ["404.html", "sitemap.xml", "sitemap.xml.gz", "index.html", "rss.xml", "feed.json"],
)
def test_reserved_name_as_slug_stops_the_build(site: Site, slug: str) -> None:
    _site(site).post("2023-01-01_one", slug=slug)
    _stopped_naming(site, POST, slug, "slug")


@pytest.mark.parametrize(
    "alias",
    [
        "/404.html",
        "/sitemap.xml",
        "/sitemap.xml.gz",
        "/index.html",
        "/rss.xml",
        "/feed.json",
        "/search/search_index.json",
        "/tag/life/atom.xml",
        "/tag/life/",
    ],
)
def test_reserved_name_as_alias_stops_the_build(site: Site, alias: str) -> None:
    _site(site).post("2023-01-01_one", aliases=[alias])
    _stopped_naming(site, POST, alias, "aliases")


@pytest.mark.parametrize("name", ["rss.xml", "feed.json", "tag/life/atom.xml"])
def test_docs_file_where_a_feed_goes_stops_the_build(site: Site, name: str) -> None:
    _site(site).post("2023-01-01_one")
    site.page(name, "<mine/>\n")
    _stopped_naming(site, name, "feeds")


def test_docs_file_named_like_the_slug_stops_the_build(site: Site) -> None:
    _site(site).post("2023-01-01_one", slug="notes.txt")
    site.page("notes.txt", "mine\n")
    _stopped_naming(site, POST, "notes.txt", "slug")


def test_docs_folder_where_the_post_would_be_a_file(site: Site) -> None:
    _site(site).post("2023-01-01_one", aliases=["/guide/intro.html"])
    site.page("guide/intro.html/readme.txt", "mine\n")
    _stopped_naming(site, POST, "guide/intro.html", "aliases")


def test_post_slug_equal_to_a_docs_page_url_stops_the_build(site: Site) -> None:
    _site(site).post("2023-01-01_one", slug="about")
    site.page("about.md", "# About\n")
    _stopped_naming(site, POST, "about/index.html", "about.md")


def test_bundle_file_named_like_a_card_is_not_replaced(site: Site) -> None:
    site.theme = "mkdocs"
    site.plugin = {"cards": "missing"}
    site.post("2023-01-01_one")
    write_image(site.docs / "posts/2023-01-01_one/card-fb.png", (300, 300), "#ff0000")
    _stopped_naming(site, "posts/2023-01-01_one/card-fb.png", "fb_img")


def test_index_page_over_a_docs_page_stops_the_build(site: Site) -> None:
    _site(site).post("2023-01-01_one")
    site.page("tag/life/index.md", "# Mine\n")
    _stopped_naming(site, "tag/life/index.md", "tag_url")
