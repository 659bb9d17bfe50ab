"""Feeds read back with feedparser and lxml, as feed readers read them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedgenerator
import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from checks import published_posts
from helpers import ROOT, Site
from lxml import etree

from mkdocs_blogmeta import feeds, urls

SITE_URL = "https://blog.example.org/"
FORMATS = ("rss.xml", "atom.xml", "feed.json")


def local(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    path = site / unquote(urlsplit(url).path).lstrip("/")
    return path / "index.html" if url.endswith("/") else path


def parse(path: Path) -> feedparser.FeedParserDict:
    """RSS/Atom through feedparser (no bozo flag) and lxml; JSON Feed through `json`,
    checked against JSON Feed 1.1's required fields and shaped like feedparser's."""
    if path.suffix == ".json":
        return parse_json_feed(path)
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    etree.fromstring(path.read_bytes())  # a strict XML parser: well formed
    return feed


def parse_json_feed(path: Path) -> feedparser.FeedParserDict:
    data = json.loads(path.read_text("utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(data["title"], str) and isinstance(data["items"], list)
    entries = []
    for item in data["items"]:
        assert isinstance(item["id"], str)
        entry = feedparser.FeedParserDict(
            id=item["id"], link=item["url"], title=item["title"],
            tags=[feedparser.FeedParserDict(term=t) for t in item.get("tags", [])],
        )  # fmt: skip
        if "content_html" in item:
            entry["content"] = [feedparser.FeedParserDict(value=item["content_html"])]
        entries.append(entry)
    return feedparser.FeedParserDict(entries=entries)


@pytest.mark.parametrize("name", FORMATS)
def test_site_feeds_list_the_published_posts(example_site: Path, name: str) -> None:
    posts_dir = ROOT / "example_site/docs/posts"
    expected = published_posts(posts_dir)
    uuids = {}
    for index in posts_dir.glob("*/index.md"):
        fm = yaml.safe_load(index.read_text("utf-8").split("---", 2)[1])
        uuids[fm["slug"]] = fm["uuid"]
    feed = parse(example_site / name)
    assert [e.link for e in feed.entries] == [f"{SITE_URL}{e.slug}/" for e in expected]
    for entry, post in zip(feed.entries, expected, strict=True):
        assert entry.id == f"urn:uuid:{uuids[post.slug]}"
        assert entry.title == post.title
        assert local(example_site, entry.link).is_file()
        assert [t.term for t in entry.get("tags", [])] == post.tags
        content = entry.content[0].value if "content" in entry else ""
        soup = BeautifulSoup(content, "lxml")
        for ref in [a["href"] for a in soup.find_all("a", href=True)] + [
            i["src"] for i in soup.find_all("img")
        ]:
            assert ref.startswith(("https://", "http://", "mailto:")), ref
            if ref.startswith(SITE_URL):
                assert local(example_site, ref.split("#")[0]).exists(), ref


def test_entries_carry_dates_author_summary_and_image(example_site: Path) -> None:
    feed = parse(example_site / "atom.xml")
    entry = next(e for e in feed.entries if e.link.endswith("/small-pull-requests/"))
    assert entry.published.startswith("2024-09-05")
    assert entry.updated.startswith("2024-09-05")
    assert entry.author == "Ada Quinn"
    assert entry.author_detail.href == f"{SITE_URL}author/ada-quinn/"
    assert entry.summary.startswith("Why I split")
    [image] = [link for link in entry.links if link.rel == "enclosure"]
    assert local(example_site, image.href).is_file()
    data = json.loads((example_site / "feed.json").read_text("utf-8"))
    item = next(i for i in data["items"] if i["url"].endswith("/small-pull-requests/"))
    assert item["image"] == image.href
    assert item["authors"] == [{"name": "Ada Quinn", "url": f"{SITE_URL}author/ada-quinn/"}]


def test_tag_and_author_feeds(example_site: Path) -> None:
    feed = parse(example_site / "tag/python/rss.xml")
    links = [e.link for e in feed.entries]
    tagged = [f"{SITE_URL}{p.slug}/" for p in published_posts(ROOT / "example_site/docs/posts")
              if "python" in p.tags]  # fmt: skip
    assert links == tagged
    author = parse(example_site / "author/bruno-okafor/atom.xml")
    assert {e.author for e in author.entries} == {"Bruno Okafor"}


def test_every_page_links_its_feeds(example_site: Path) -> None:
    for page in [example_site / "about/index.html", example_site / "small-pull-requests/index.html",
                 example_site / "tag/python/index.html"]:  # fmt: skip
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        hrefs = [link["href"] for link in soup.find_all("link", rel="alternate")]
        assert f"{SITE_URL}rss.xml" in hrefs
        for href in hrefs:
            assert local(example_site, href).is_file()
    tag = BeautifulSoup((example_site / "tag/python/index.html").read_text("utf-8"), "lxml")
    assert f"{SITE_URL}tag/python/atom.xml" in [
        link["href"] for link in tag.find_all("link", rel="alternate")
    ]


def test_hostile_text_gives_well_formed_feeds(site: Site) -> None:
    title = 'Tom & Jerry <b>]]></b> \x01bell\x0b 🎉 "q"'
    site.post("2023-01-01_hostile", title=title, tags=["a&b", "]]>"],
              body="Body & <span>]]></span> \x02 ok 🎉\n\n![x](./x.png)\n",
              images={"x.png": (10, 10)})  # fmt: skip
    site.build()
    for name in FORMATS:
        feed = parse(site.site / name)
        [entry] = feed.entries
        assert entry.title == 'Tom & Jerry <b>]]></b> bell 🎉 "q"'
        assert [t.term for t in entry.tags] == ["a&b", "]]>"]
        assert "]]&gt;" in entry.content[0].value
        assert f'src="{SITE_URL}hostile/x.png"' in entry.content[0].value


def test_limits_formats_and_switches(site: Site) -> None:
    for n in range(5):
        site.post(f"2023-01-0{n + 1}_p{n}", tags=["t"])
    site.post("2023-02-01_wip", status="draft")
    site.plugin = {"feed_limit": 2, "feeds": {"rss": "feed.xml"}, "taxonomy_feeds": False}
    site.build(strict=True)
    assert [p.name for p in site.site.glob("*.xml") if p.name != "sitemap.xml"] == ["feed.xml"]
    assert not (site.site / "feed.json").exists()
    assert not list((site.site / "tag").rglob("*.xml"))
    feed = parse(site.site / "feed.xml")
    assert [e.link for e in feed.entries] == [f"{SITE_URL}p4/", f"{SITE_URL}p3/"]
    site.plugin = {"feed_limit": 0}
    site.build(strict=True)
    assert len(parse(site.site / "rss.xml").entries) == 5


def test_no_site_url_no_feeds_one_warning(site: Site) -> None:
    site.extra = {"site_url": None}
    site.post("2023-01-01_one")
    site.build()
    assert not list(site.site.glob("*.xml")) or [p.name for p in site.site.glob("*.xml")] == [
        "sitemap.xml"
    ]
    assert not (site.site / "feed.json").exists()
    assert len([m for m in site.messages() if "site_url" in m]) == 1


def _entry(n: int, text: str) -> feeds.Entry:
    when = datetime(2024, 1, n, 9, 30, tzinfo=UTC)
    return feeds.Entry(
        id=f"urn:uuid:0000000{n}-0000-4000-8000-000000000000", url=f"{SITE_URL}p{n}/",
        title=f"{text} {n}", published=when, updated=when, summary=f"Summary {text}",
        content=f"<p>{text}</p>\n<pre><code>a\n  b</code></pre>" if n % 2 else None,
        author=text if n < 3 else None, author_url=f"{SITE_URL}author/x/" if n == 1 else None,
        tags=(text, "t"), language="en" if n == 2 else None,
        image=f"{SITE_URL}p{n}/card.png" if n != 2 else None, image_type="image/png",
        image_length=n,
    )  # fmt: skip


def test_an_entry_shared_by_feeds_is_written_as_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each entry is written once for every feed that carries it (`feeds.render` with one
    `written` for the build): the feeds are what feedgenerator and `json.dumps` write
    for each feed alone."""
    text = 'Tom & "Jerry" <b>]]></b>\u2028 é 🎉 \\ \n line'
    entries = [_entry(n, text) for n in (1, 2, 3, 4)]
    made = [
        feeds.Feed("Site", SITE_URL, "", "All", tuple(entries)),
        feeds.Feed("Site: t", f"{SITE_URL}tag/t/", "tag/t/", "T", tuple(entries[1:3]), "en"),
        feeds.Feed("Site: none", f"{SITE_URL}tag/u/", "tag/u/", "", ()),
    ]
    written: feeds.Written = {}
    shared = {(f.folder, fmt): feeds.render(f, fmt, "u", written) for fmt in feeds.FORMATS
              for f in made}  # fmt: skip
    assert written  # the items were shared
    for feed in made:  # JSON: as `json.dumps` indents the whole feed
        text_ = shared[feed.folder, "json"]
        assert text_ == json.dumps(json.loads(text_), ensure_ascii=False, indent=1) + "\n"
    monkeypatch.setattr(feeds._Rss, "write_items", feedgenerator.Rss201rev2Feed.write_items)
    monkeypatch.setattr(feeds._Atom, "write_items", feedgenerator.Atom1Feed.write_items)
    for feed in made[:2]:  # RSS and Atom: as feedgenerator writes each item in the feed
        for fmt in ("rss", "atom"):  # (an empty feed is dated by the build: below)
            assert shared[feed.folder, fmt] == feeds.render(feed, fmt, "u")
            etree.fromstring(shared[feed.folder, fmt].encode())


def test_a_feed_without_entries_is_dated_by_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """A feed with no entry (a tag whose posts are all drafts shown by `mkdocs serve`)
    gives the build's date, `SOURCE_DATE_EPOCH` when set, not the clock's: the same
    sources write the same feed (feedgenerator alone dates it `now`)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    empty = feeds.Feed("Site: none", f"{SITE_URL}tag/u/", "tag/u/", "", ())
    rss = feedparser.parse(feeds.render(empty, "rss", "u"))
    atom = feedparser.parse(feeds.render(empty, "atom", "u"))
    assert rss.feed.updated_parsed[:6] == atom.feed.updated_parsed[:6] == (2023, 11, 14, 22, 13, 20)
    assert not rss.entries and not atom.entries


@pytest.mark.parametrize(
    "value", ["#a", "#", "##", "#a#b", "# a", "#\ta", "#a\n", "#é%20?x", "#;p", " #a", "x#a"]
)
def test_anchors_made_absolute_as_urljoin_makes_them(value: str) -> None:
    for base in [f"{SITE_URL}2024/a/", f"{SITE_URL}a.html?q=1", f"{SITE_URL}a/#f", SITE_URL]:
        html = f'<a href="{value}">x</a><img srcset="{value} 2x, b.png 1x">'
        want = urls.map_links(html, lambda v, base=base: urljoin(base, v))
        assert feeds.absolute_links(html, base) == want
