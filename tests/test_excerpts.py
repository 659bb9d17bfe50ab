"""Excerpts in listings, what feeds carry (`feed_content`), and the latest posts on any
page (`<!-- blogmeta:latest N -->`), read back from real builds with lxml, BeautifulSoup
and feedparser."""

from __future__ import annotations

import gzip
import json
import logging
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from helpers import BuildFailed, DirtyServe, Site, front_matter
from lxml import etree

SITE_URL = "https://blog.example.org/"
MARKER = "zqxexcerptleak"
HIDDEN = "AFTERSEPARATOR"

EXCERPT_BODY = """Intro of {name} with ![a picture](./pic.png), [the notes](./notes.pdf),
[the about page](../../about.md) and [a later part](#later-part).

## A heading

Second paragraph of {name}.[^1]

[^1]: A footnote.

<!-- more -->

## Later part

{hidden} text of {name}.
"""

CODE_BODY = """Text before code.

```html
<!-- more -->
```

The whole post: no excerpt in code.
"""


def rust_post(site: Site, day: int, **fields: object) -> None:
    name = f"rust{day}"
    body = EXCERPT_BODY.format(name=name, hidden=HIDDEN)
    site.post(f"2023-05-{day:02d}_{name}", body=body, images={"pic.png": (30, 20)},
              tags=["rust"], **fields)  # fmt: skip
    (site.docs / f"posts/2023-05-{day:02d}_{name}/notes.pdf").write_bytes(b"%PDF-1.4\n")


def blog(site: Site, feed_content: str = "full") -> Site:
    """Five rust posts with excerpts (the newest a draft holding MARKER), a post whose
    only separator is in code, one without, pages with latest-post markers."""
    site.plugin = {"cards": "off", "feed_content": feed_content, "per_page": 20}
    site.extra = {"markdown_extensions": ["footnotes", {"toc": {"permalink": True}}]}
    for day in (1, 2, 3, 4):
        rust_post(site, day)
    draft_body = f"Draft {MARKER} intro.\n\n<!-- more -->\n\nRest.\n"
    site.post(f"2023-05-09_{MARKER}", body=draft_body, status="draft", tags=["rust"],
              title=f"Draft {MARKER}")  # fmt: skip
    site.post("2023-05-05_coded", body=CODE_BODY, tags=["go"])
    site.post(
        "2023-04-01_plain",
        body=f"Plain text linking [the draft](../2023-05-09_{MARKER}/).\n",
        tags=["go"],
        meta_description="The plain description.",
    )
    site.page("index.md", "# Home\n")
    site.page("about.md", "# About\n\nNewest on Rust:\n\n<!-- blogmeta:latest 3 tag=rust -->\n")
    site.page(
        "guide/deep.md", "# Deep\n\n<!-- blogmeta:latest 2 -->\n\n`<!-- blogmeta:latest 9 -->`\n"
    )
    site.plugin["index_url"] = "blog/"
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = blog(Site(tmp_path_factory.mktemp("excerpts")))
    return site.build()


def soup_of(site: Site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site.site / path).read_text("utf-8"), "lxml")


def entry_of(soup: BeautifulSoup, slug: str):
    for entry in soup.select("article.blogmeta-entry"):
        title = entry.select_one(".blogmeta-entry__title a")
        if title["href"].rstrip("/").endswith(slug):
            return entry
    raise AssertionError(f"no entry for {slug}")


def target(site: Site, page: str, href: str) -> Path:
    """The built file a link of the page at `page` leads to."""
    url = urlsplit(urljoin("https://x/" + page, href))
    path = site.site / unquote(url.path).lstrip("/")
    return path / "index.html" if url.path.endswith("/") else path


@pytest.mark.parametrize("page", ["blog/", "tag/rust/"])
def test_a_listing_shows_the_excerpt_up_to_the_separator(built: Site, page: str) -> None:
    soup = soup_of(built, page + "index.html")
    entry = entry_of(soup, "rust2")
    excerpt = entry.select_one(".blogmeta-entry__excerpt")
    text = excerpt.get_text(" ")
    assert "Intro of rust2" in text and "Second paragraph of rust2" in text
    assert HIDDEN not in soup.get_text() and "Later part" not in text
    more = entry.select_one(".blogmeta-entry__more a")
    assert more.get_text() == "Continue reading"
    assert target(built, page, more["href"]) == built.site / "rust2/index.html"
    # headings under the entry's <h2>, permalinks dropped
    assert [h.name for h in excerpt.find_all(["h1", "h2", "h3", "h4"])] == ["h3"]
    assert not excerpt.select(".headerlink")


@pytest.mark.parametrize("page", ["blog/", "tag/rust/", "about/", "guide/deep/"])
def test_links_and_images_of_excerpts_work_from_the_page_that_shows_them(
    built: Site, page: str
) -> None:
    soup = soup_of(built, page + "index.html")
    excerpts = soup.select(".blogmeta-entry__excerpt")
    assert excerpts
    seen = Counter()
    for excerpt in excerpts:
        for element, name in [(a, "href") for a in excerpt.select("a[href]")] + [
            (img, "src") for img in excerpt.select("img[src]")
        ]:
            url = element[name]
            assert not url.startswith(("http", "/")), url
            found = target(built, page, url)
            assert found.is_file(), (page, url)
            seen[found.name if found.name != "index.html" else found.parent.name] += 1
            if "#" in url:  # an anchor of the post: on the post's page
                fragment = url.split("#", 1)[1]
                assert soup_of(built, str(found.relative_to(built.site))).find(id=fragment)
    assert {"pic.png", "notes.pdf", "about"} <= set(seen)


@pytest.mark.parametrize("page", ["blog/", "tag/rust/", "about/"])
def test_no_id_is_given_twice(built: Site, page: str) -> None:
    soup = soup_of(built, page + "index.html")
    ids = Counter(el["id"] for el in soup.find_all(id=True))
    assert [i for i, n in ids.items() if n > 1] == []


def test_without_a_separator_the_description_as_before(built: Site) -> None:
    soup = soup_of(built, "blog/index.html")
    plain = entry_of(soup, "plain")
    assert not plain.select(".blogmeta-entry__excerpt, .blogmeta-entry__more")
    assert plain.select_one(".blogmeta-entry__summary").get_text() == "The plain description."
    coded = entry_of(soup, "coded")  # its separator is in code: no excerpt
    assert not coded.select(".blogmeta-entry__excerpt")


def test_latest_lists_the_newest_published_posts_of_the_tag(built: Site) -> None:
    soup = soup_of(built, "about/index.html")
    listed = soup.select(".blogmeta-latest .blogmeta-entry__title a")
    found = [target(built, "about/", a["href"]) for a in listed]
    assert found == [built.site / f"rust{d}/index.html" for d in (4, 3, 2)]
    assert "blogmeta:latest" not in str(soup)
    deep = soup_of(built, "guide/deep/index.html")
    listed = deep.select(".blogmeta-latest .blogmeta-entry__title a")
    found = [target(built, "guide/deep/", a["href"]) for a in listed]
    assert found == [built.site / "coded/index.html", built.site / "rust4/index.html"]
    for a in deep.select(".blogmeta-latest a[href]"):  # tags, authors: every link works
        assert target(built, "guide/deep/", a["href"]).is_file(), a["href"]
    assert "&lt;!-- blogmeta:latest 9 --&gt;" in str(deep)  # in code: text, untouched


def test_no_trace_of_the_draft(built: Site) -> None:
    for path in built.files():
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        assert MARKER.encode() not in data, path
        assert MARKER not in str(path)


def test_a_bad_marker_is_a_warning_with_its_line(site: Site) -> None:
    site.plugin = {"cards": "off"}
    site.post("2023-05-01_one", tags=["rust"])
    site.page("news.md", "# News\n\nText.\n\n<!-- blogmeta:latest three -->\n\n"
              "<!-- blogmeta:latest 2 tag=nosuchtag -->\n")  # fmt: skip
    site.build()
    said = site.messages()
    assert any("news.md:5: " in m and m.endswith("[latest-marker-invalid]") for m in said)
    assert any("news.md:7: " in m and "nosuchtag" in m for m in said), said
    assert "blogmeta:latest" not in (site.site / "news/index.html").read_text("utf-8")
    with pytest.raises(BuildFailed):
        site.build(strict=True)


def test_a_marker_in_a_post_is_taken_out_with_a_warning(site: Site) -> None:
    site.plugin = {"cards": "off"}
    site.post("2023-05-01_one", body="Text.\n\n<!-- blogmeta:latest 3 -->\n")
    site.build()
    assert any(m.endswith("[latest-in-post]") for m in site.messages(logging.WARNING))
    assert "blogmeta:latest" not in (site.site / "one/index.html").read_text("utf-8")


# -- feeds ------------------------------------------------------------------


def parse(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    etree.fromstring(path.read_bytes(), etree.XMLParser(recover=False))
    return feed


def links_in(html: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    return [a["href"] for a in soup.select("a[href]")] + [i["src"] for i in soup.select("img[src]")]


@pytest.mark.parametrize("mode", ["full", "excerpt", "description"])
def test_feeds_in_each_mode(tmp_path: Path, mode: str) -> None:
    site = blog(Site(tmp_path), feed_content=mode).build(strict=False)
    rss, atom = site.site / "blog/rss.xml", site.site / "blog/atom.xml"
    items = {}
    for path in (rss, atom):
        feed = parse(path)
        for entry in feed.entries:
            items[path.name, entry.link.rstrip("/").rsplit("/", 1)[-1]] = entry
    data = json.loads((site.site / "blog/feed.json").read_text("utf-8"))
    for item in data["items"]:
        assert "content_html" in item or "content_text" in item
    rust2 = items["rss.xml", "rust2"]
    content = rust2.get("content", [{}])[0].get("value")
    if mode == "description":
        assert content is None and "content:encoded" not in rss.read_text("utf-8")
    elif mode == "excerpt":
        assert "Intro of rust2" in content and HIDDEN not in content
        assert "Continue reading" in content
        plain = items["rss.xml", "plain"]  # no separator: the description only
        assert "content" not in plain and plain.summary == "The plain description."
    else:
        assert HIDDEN in content
    for (_, _), entry in items.items():
        for value in [c.value for c in entry.get("content", [])]:
            for url in links_in(value):
                assert url.startswith(SITE_URL), url
    # the share image as an enclosure and Media RSS
    tree = etree.fromstring(rss.read_bytes())
    media = tree.findall(".//{http://search.yahoo.com/mrss/}content")
    enclosures = tree.findall(".//enclosure")
    assert len(media) == len(enclosures)
    for element in media + enclosures:
        assert element.get("url").startswith(SITE_URL)
    assert MARKER not in rss.read_text("utf-8") + atom.read_text("utf-8")


def test_a_post_chooses_what_feeds_carry(site: Site) -> None:
    site.plugin = {"cards": "off"}
    site.post("2023-05-01_short", body="Top.\n\n<!-- more -->\n\nBottom.\n", feed_content="excerpt")
    site.post("2023-05-02_jekyll", body="Top.\n\n<!-- more -->\n\nBottom.\n", excerpt_only=True)
    site.post("2023-05-03_bad", feed_content="some")
    site.build()
    feed = parse(site.site / "rss.xml")
    by = {e.link.rstrip("/").rsplit("/", 1)[-1]: e for e in feed.entries}
    for slug in ("short", "jekyll"):
        assert "Bottom" not in by[slug].content[0].value
    assert "Some text" in by["bad"].content[0].value  # the site's `full`
    text = (site.docs / "posts/2023-05-03_bad/index.md").read_text("utf-8")
    line = text.splitlines().index('feed_content: "some"') + 1
    said = [m for m in site.messages() if m.endswith("[feed-content-invalid]")]
    assert said and f"posts/2023-05-03_bad/index.md:{line}: 'feed_content'" in said[0]


# -- mkdocs serve --dirty ---------------------------------------------------


def test_a_page_listing_posts_follows_them_under_serve_dirty(site: Site, tmp_path: Path) -> None:
    site.plugin = {"cards": "off"}
    site.theme = "mkdocs"
    for day in (1, 2):
        site.post(f"2023-05-0{day}_p{day}", body="Top.\n\n<!-- more -->\n\nRest.\n", tags=["t"])
    site.page("news.md", "# News\n\n<!-- blogmeta:latest 2 tag=t -->\n")
    post = site.docs / "posts/2023-05-01_p1/index.md"
    with DirtyServe(site.config_file(), tmp_path / "served") as serve:
        serve.write(post, front_matter("p1", title="Renamed one", tags=["t"],
                                       date="!raw 2023-05-01T12:00:00Z")
                    + "\nNew top.\n\n<!-- more -->\n\nRest.\n")  # fmt: skip
        serve.rebuild()
        news = soup_of_file(serve.site_dir / "news/index.html")
        clean = soup_of_file(serve.clean_build(tmp_path / "clean") / "news/index.html")
    main = 'div[role="main"]'
    assert "Renamed one" in news.get_text() and "New top." in news.get_text()
    assert str(news.select_one(main)) == str(clean.select_one(main))


def soup_of_file(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "lxml")
