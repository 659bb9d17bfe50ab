"""Injection: front matter, authors.yml and link fields stay text in every page, head,
JSON-LD and feed, in the `material`, `mkdocs` and `readthedocs` themes.

Each case is a one-post site holding one hostile value, built with and without
`--strict` and read back with lxml, extruct and feedparser: no element, script or
live `javascript:` link came from it, and the value still shows, as the text written,
where it belongs.
"""

from __future__ import annotations

import html
import json

import extruct
import feedparser
import lxml.html
import pytest
from common import EVIL_TAG, MARKER, assert_no_injection, both_ways
from helpers import Site, write_image

#: Breaks out of an attribute, opens an element, a script, and closes a script.
HOSTILE = f'"><{EVIL_TAG}>{MARKER}</{EVIL_TAG}><script>{MARKER}</script></script>'
SITE_URL = "https://blog.example.org/"


def _site(site: Site, theme: str) -> Site:
    site.theme = theme
    site.plugin = {"cards": "off"}
    return site


def _head(site: Site, path: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring((site.site / path).read_text("utf-8"))


def _meta(tree: lxml.html.HtmlElement, key: str) -> list[str]:
    return tree.xpath(f'//meta[@name="{key}" or @property="{key}"]/@content')


def _json_ld(site: Site, path: str) -> dict:
    text = (site.site / path).read_text("utf-8")
    [data] = extruct.extract(text, base_url=SITE_URL, syntaxes=["json-ld"])["json-ld"]
    return data


def _feeds(site: Site, folder: str = "") -> tuple[feedparser.FeedParserDict, ...]:
    base = site.site / folder
    return feedparser.parse((base / "rss.xml").read_bytes()), feedparser.parse(
        (base / "atom.xml").read_bytes()
    )


def _html_text(value: str) -> str:
    """What a feed reader shows of an HTML value."""
    return lxml.html.fragment_fromstring(value, create_parent="div").text_content()


def _said(result: tuple[bool, list[str]], code: str) -> list[str]:
    """The messages of one build with `[code]`, without the logger's prefix."""
    return [m.removeprefix("mkdocs_blogmeta: ") for m in result[1] if f"[{code}]" in m]


def _built(site: Site) -> None:
    results = both_ways(site)
    assert results[0][0], results[0][1]  # the plain build builds
    assert_no_injection(site.site)


# -- post fields, in each theme -------------------------------------------------

THEMES = ["material", "mkdocs", "readthedocs"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("field", ["title", "meta_title"])
def test_title_is_text(site: Site, theme: str, field: str) -> None:
    _site(site, theme).post("2023-01-01_hostile", **{field: HOSTILE})
    _built(site)
    tree = _head(site, "hostile/index.html")
    assert tree.xpath("//title/text()") == [HOSTILE]
    assert _meta(tree, "og:title") == [HOSTILE] == _meta(tree, "twitter:title")
    assert _json_ld(site, "hostile/index.html")["headline"] == HOSTILE
    if field == "title":
        assert tree.xpath('//h1[@class="blogmeta-post__title"]')[0].text_content() == HOSTILE
        index = _head(site, "index.html")
        assert [a.text_content() for a in index.xpath("//h2/a")] == [HOSTILE]
        for feed in _feeds(site):
            assert feed.entries[0].title == HOSTILE
        items = json.loads((site.site / "feed.json").read_text("utf-8"))["items"]
        assert items[0]["title"] == HOSTILE


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("field", ["meta_description", "description", "subtitle"])
def test_description_is_text(site: Site, theme: str, field: str) -> None:
    fields = {"meta_description": None, field: HOSTILE}
    _site(site, theme).post("2023-01-01_hostile", **fields)
    _built(site)
    tree = _head(site, "hostile/index.html")
    assert _meta(tree, "description") == [HOSTILE] == _meta(tree, "og:description")
    assert _json_ld(site, "hostile/index.html")["description"] == HOSTILE
    for feed in _feeds(site):  # HTML that shows the text, not the elements
        assert _html_text(feed.entries[0].summary) == HOSTILE
    items = json.loads((site.site / "feed.json").read_text("utf-8"))["items"]
    assert items[0]["summary"] == HOSTILE  # JSON Feed's summary is plain text
    index = _head(site, "index.html")
    assert index.xpath('//p[@class="blogmeta-entry__summary"]')[0].text_content() == HOSTILE


@pytest.mark.parametrize("theme", THEMES)
def test_description_as_a_list_is_no_markup(site: Site, theme: str) -> None:
    _site(site, theme).post("2023-01-01_hostile", meta_description=None, description=[HOSTILE, "b"])
    results = both_ways(site)
    assert any("[not-text]" in m for m in results[0][1])
    assert_no_injection(site.site)
    text = (site.site / "hostile/index.html").read_text("utf-8")
    assert "['" not in text and "Markup(" not in text  # no Python repr printed
    assert _meta(_head(site, "hostile/index.html"), "description") == ["Some text."]


@pytest.mark.parametrize("theme", THEMES)
def test_author_is_text(site: Site, theme: str) -> None:
    _site(site, theme).post("2023-01-01_hostile", author=HOSTILE)
    _built(site)
    tree = _head(site, "hostile/index.html")
    assert _meta(tree, "author") == [HOSTILE]
    assert _json_ld(site, "hostile/index.html")["author"]["name"] == HOSTILE
    author = _head(site, "author/ada-quinn/index.html")
    assert author.xpath('//div[@class="blogmeta-author"]//h1')[0].text_content() == HOSTILE
    for feed in _feeds(site):
        assert feed.entries[0].author == HOSTILE
    for feed in _feeds(site, "author/ada-quinn/"):
        assert _html_text(feed.feed.subtitle).endswith(HOSTILE)
        assert _html_text(feed.feed.title) == f"Test blog: {HOSTILE}"


@pytest.mark.parametrize("theme", THEMES)
def test_tag_is_text(site: Site, theme: str) -> None:
    _site(site, theme).post("2023-01-01_hostile", tags=[HOSTILE])
    _built(site)
    tree = _head(site, "hostile/index.html")
    assert _meta(tree, "article:tag") == [HOSTILE]
    assert [a.text_content() for a in tree.xpath('//a[@class="blogmeta-tag"]')] == [HOSTILE]
    [folder] = [p.parent for p in (site.site / "tag").glob("*/rss.xml")]
    for feed in _feeds(site, str(folder.relative_to(site.site))):
        assert _html_text(feed.feed.title) == f"Test blog: {HOSTILE}"
        assert HOSTILE in _html_text(feed.feed.subtitle)
    data = json.loads((folder / "feed.json").read_text("utf-8"))
    assert data["title"] == f"Test blog: {HOSTILE}"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("field", ["source", "written_with", "hide"])
def test_other_fields_a_theme_prints_are_text(site: Site, theme: str, field: str) -> None:
    """`page.meta` as the theme gets it: every value text, lists and mappings too."""
    value = [HOSTILE, {"k": HOSTILE}] if field != "hide" else [HOSTILE]
    _site(site, theme).post("2023-01-01_hostile", **{field: value})
    _built(site)


def test_theme_gets_text_other_plugins_get_the_front_matter(site: Site, tmp_path) -> None:
    """A custom template printing `page.meta` raw shows text; `page.meta` is the front
    matter as written again once the page is rendered."""
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}<p id="a">{{ page.meta.author }}</p>'
        '<p id="w">{{ page.meta.written_with }}</p><p id="d">{{ page.meta.date }}</p>'
        "{{ super() }}{% endblock %}",
        "utf-8",
    )
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}
    site.extra = {"theme": {"name": "mkdocs", "custom_dir": str(overrides)}}
    site.post("2023-01-01_hostile", author=HOSTILE, written_with=[HOSTILE, 2])
    _built(site)
    tree = _head(site, "hostile/index.html")
    assert tree.get_element_by_id("a").text_content() == HOSTILE
    assert tree.get_element_by_id("w").text_content() == f"{HOSTILE}, 2"
    assert tree.get_element_by_id("d").text_content() == "2023-01-01 12:00:00+00:00"


# -- authors.yml ----------------------------------------------------------------


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
@pytest.mark.parametrize("key", ["name", "bio"])
def test_profile_text_is_text(site: Site, theme: str, key: str) -> None:
    profile = {"name": "Ada Quinn", key: HOSTILE}
    site.page("authors.yml", json.dumps({"ada-quinn": profile}))
    _site(site, theme).post("2023-01-01_hostile")
    _built(site)
    author = _head(site, "author/ada-quinn/index.html")
    if key == "name":
        assert author.xpath('//div[@class="blogmeta-author"]//h1')[0].text_content() == HOSTILE
        for feed in _feeds(site, "author/ada-quinn/"):
            assert _html_text(feed.feed.title) == f"Test blog: {HOSTILE}"
        assert _json_ld(site, "hostile/index.html")["author"]["name"] == HOSTILE
    else:
        assert author.xpath('//p[@class="blogmeta-author__bio"]')[0].text_content() == HOSTILE


#: Schemes a browser would run, written as people (and attackers) write them.
SCRIPT_URLS = [
    f"javascript:alert('{MARKER}')",
    f"JavaScript:alert('{MARKER}')",
    f" \tjava\nscript:alert('{MARKER}')",
    f"\x01javascript:alert('{MARKER}')",
    f"vbscript:msgbox('{MARKER}')",
    f"data:text/html,<script>{MARKER}</script>",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("url", SCRIPT_URLS)
@pytest.mark.parametrize("key", ["url", "avatar"])
def test_profile_links_refuse_other_schemes(site: Site, key: str, url: str) -> None:
    site.page("authors.yml", json.dumps({"ada-quinn": {"name": "Ada", key: url}}))
    _site(site, "mkdocs").post("2023-01-01_hostile")
    results = both_ways(site)
    said = _said(results[0], "url-unsafe")
    assert len(said) == 1 and said[0].startswith("authors.yml: 'ada-quinn."), said
    assert not results[1][0]  # a warning: --strict fails
    assert_no_injection(site.site)
    page = _head(site, "author/ada-quinn/index.html")
    assert not page.xpath('//a[@rel="me"]') and not page.xpath("//img[@class]")


def test_profile_links_keep_http_and_site_paths(site: Site) -> None:
    site.page("authors.yml", "ada-quinn: {name: Ada, url: 'HTTPS://ada.example/', avatar: a.png}")
    write_image(site.docs / "a.png", (40, 40))
    _site(site, "mkdocs").post("2023-01-01_hostile")
    site.build(strict=False)
    page = _head(site, "author/ada-quinn/index.html")
    assert page.xpath('//a[@rel="me"]/@href') == ["HTTPS://ada.example/"]
    assert not [m for m in site.messages() if "[url-unsafe]" in m]


# -- links:, image fields, default_image ------------------------------------------


@pytest.mark.parametrize("url", SCRIPT_URLS[:3] + SCRIPT_URLS[5:])
def test_links_refuse_other_schemes(site: Site, url: str) -> None:
    _site(site, "material").post(
        "2023-01-01_hostile", links=[{HOSTILE: url}, {"Fine": "https://ok.example/"}]
    )
    results = both_ways(site)
    said = _said(results[0], "url-unsafe")
    assert len(said) == 1 and said[0].startswith("posts/2023-01-01_hostile/index.md:"), said
    assert "'links'" in said[0]
    assert_no_injection(site.site)
    tree = _head(site, "hostile/index.html")
    assert tree.xpath('//section[@class="blogmeta-links"]//a/@href') == ["https://ok.example/"]


def test_link_title_is_text(site: Site) -> None:
    _site(site, "material").post("2023-01-01_hostile", links=[{HOSTILE: "https://ok.example/"}])
    _built(site)
    tree = _head(site, "hostile/index.html")
    [link] = tree.xpath('//section[@class="blogmeta-links"]//a')
    assert link.text_content() == HOSTILE


@pytest.mark.parametrize("field", ["fb_img", "header_img"])
def test_image_fields_refuse_other_schemes(site: Site, field: str) -> None:
    _site(site, "mkdocs").post("2023-01-01_hostile", **{field: SCRIPT_URLS[0]})
    results = both_ways(site)
    said = _said(results[0], "url-unsafe")
    assert len(said) == 1 and f"'{field}'" in said[0], results[0][1]
    assert_no_injection(site.site)
    assert MARKER not in (site.site / "hostile/index.html").read_text("utf-8")


def test_default_image_refuses_other_schemes(site: Site) -> None:
    _site(site, "mkdocs").plugin["default_image"] = SCRIPT_URLS[0]
    site.post("2023-01-01_hostile")
    results = both_ways(site)
    said = _said(results[0], "url-unsafe")
    assert len(said) == 1 and said[0].startswith("mkdocs.yml:"), said
    assert_no_injection(site.site)
    assert MARKER not in (site.site / "index.html").read_text("utf-8")


# -- the head rewrite ------------------------------------------------------------


def test_inject_removes_theme_tags_whose_attributes_hold_markup() -> None:
    from mkdocs_blogmeta import seo

    page = (
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="author" content="a > <{EVIL_TAG}>">'
        f"<meta property='og:title' content='x>\"<{EVIL_TAG}>'>"
        f'<title>{html.escape(HOSTILE)}</title><link rel="canonical" href="/x>y">'
        f'</head><body><p>keep <meta name="author" content="body"></p></body></html>'
    )
    out = seo.inject(page, "<title>ours</title>", "fr-FR")
    tree = lxml.html.document_fromstring(out)
    assert not tree.xpath(f"//{EVIL_TAG}")
    assert tree.xpath("//head/title/text()") == ["ours"]
    assert tree.xpath("//html/@lang") == ["fr-FR"]
    assert not tree.xpath("//head/meta[@name='author' or @property] | //link")
    assert tree.xpath("//body//meta/@content") == ["body"]
