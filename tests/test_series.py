"""Series: the box on each part, the series' pages and feeds, and what search engines read
of a part (`isPartOf`, `og:see_also`), built by MkDocs from real posts."""

from __future__ import annotations

import json
from pathlib import Path

import extruct
import feedparser
import pytest
from checks import check_series, entries, follow_pages
from helpers import Site

from mkdocs_blogmeta import cli

SERIES = "Rust on Lambda"


@pytest.fixture(scope="module", params=["material", "mkdocs", "readthedocs"])
def blog(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A four-part series, one part a draft, its last written part first (`series_order`),
    one part in Hugo's list form; a series of one published part; a post in none."""
    site = Site(tmp_path_factory.mktemp("series"), theme=request.param, plugin={"per_page": 2})
    site.post("2023-01-10_setup", series=SERIES, title="Setting up")
    site.post("2023-02-10_handler", series=[SERIES], title="The handler")
    site.post("2023-03-10_secret-part", series=SERIES, status="draft", title="Secret part")
    site.post("2023-04-20_deploying", series=SERIES, series_order=1, title="Deploying")
    site.post("2023-05-10_alone", series="Lonely series", title="Alone")
    site.post("2023-05-11_lonely-draft", series="Lonely series", status="draft")
    site.post("2023-06-01_other", title="Other")
    return site.build(strict=True)


#: The published parts in reading order: `series_order` first, then by date.
ORDER = ["deploying", "setup", "handler"]
TITLES = ["Deploying", "Setting up", "The handler"]


def _box(site: Site, slug: str):
    return site.html(f"{slug}/index.html").select_one(".blogmeta-series")


def test_each_published_part_shows_the_box_in_order_with_itself_marked(blog: Site) -> None:
    for number, slug in enumerate(ORDER, 1):
        box = _box(blog, slug)
        assert box is not None, slug
        position = box.select_one(".blogmeta-series__position").get_text()
        assert position == f"Part {number} of 3"
        items = box.select(".blogmeta-series__parts > li")
        assert [li.get_text(" ", strip=True) for li in items] == TITLES
        current = [li for li in items if li.get("aria-current") == "page"]
        assert [li.get_text(strip=True) for li in current] == [TITLES[number - 1]]
        assert current[0].select("a") == []
        page = blog.site / slug / "index.html"
        links = [
            (blog.site / slug / a["href"]).resolve() for a in box.select(".blogmeta-series__parts a")
        ]  # fmt: skip
        assert links == [
            (blog.site / other).resolve() for other in ORDER if other != slug
        ], page  # fmt: skip
        name = box.select_one(".blogmeta-series__name")
        assert name.get_text() == SERIES
        assert (page.parent / name["href"]).resolve() == (blog.site / "series/rust-on-lambda")


def test_the_draft_part_is_nowhere(blog: Site) -> None:
    assert not (blog.site / "secret-part").exists()
    for path in blog.files():
        if path.suffix in (".html", ".xml", ".json"):
            text = path.read_text("utf-8")
            assert "secret-part" not in text and "Secret part" not in text, path


def test_a_series_with_one_published_part_has_no_box(blog: Site) -> None:
    assert _box(blog, "alone") is None
    assert _box(blog, "other") is None
    assert entries(blog.site, blog.site / "series/lonely-series/index.html") == ["alone"]


def test_the_series_page_lists_the_parts_in_order(blog: Site) -> None:
    first = blog.site / "series/rust-on-lambda/index.html"
    assert follow_pages(blog.site, first) == ORDER
    soup = blog.html("series/rust-on-lambda/index.html")
    assert soup.select_one("h1").get_text() == SERIES
    assert "3 parts" in soup.select_one(".blogmeta-listing__count").get_text()
    later = soup.select_one(".blogmeta-pagination a[rel=next]")
    assert later.get_text(strip=True) == "Later parts →"
    check_series(blog.site, blog.docs / "posts")


def test_the_page_of_every_series_counts_published_parts(blog: Site) -> None:
    soup = blog.html("series/index.html")
    found = [a.get_text(" ", strip=True) for a in soup.select(".blogmeta-tags--all a")]
    assert found == ["Lonely series 1", f"{SERIES} 3"]


def test_a_series_has_a_valid_feed_of_its_published_parts(blog: Site) -> None:
    for name in ("rss.xml", "atom.xml"):
        feed = feedparser.parse((blog.site / "series/rust-on-lambda" / name).read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.feed.title == f"Test blog: {SERIES}"
        links = sorted(e.link for e in feed.entries)
        assert links == sorted(f"https://blog.example.org/{slug}/" for slug in ORDER)
    data = json.loads((blog.site / "series/rust-on-lambda/feed.json").read_text("utf-8"))
    assert len(data["items"]) == 3
    page = blog.html("series/rust-on-lambda/index.html")
    alternates = [link["href"] for link in page.select("link[rel=alternate]")]
    assert "https://blog.example.org/series/rust-on-lambda/rss.xml" in alternates


def test_a_part_says_what_it_is_part_of(blog: Site) -> None:
    html = (blog.site / "setup/index.html").read_text("utf-8")
    data = extruct.extract(html, base_url="https://blog.example.org/setup/", syntaxes=["json-ld"])
    (posting,) = [d for d in data["json-ld"] if d.get("@type") == "BlogPosting"]
    assert posting["isPartOf"] == {
        "@type": "CreativeWorkSeries",
        "name": SERIES,
        "url": "https://blog.example.org/series/rust-on-lambda/",
    }
    soup = blog.html("setup/index.html")
    see_also = [m["content"] for m in soup.select('meta[property="og:see_also"]')]
    assert see_also == ["https://blog.example.org/deploying/", "https://blog.example.org/handler/"]
    other = extruct.extract(
        (blog.site / "other/index.html").read_text("utf-8"), syntaxes=["json-ld"]
    )["json-ld"]
    assert all("isPartOf" not in d for d in other)


def test_the_box_is_styled_for_a_phone(blog: Site) -> None:
    css = (blog.site / "assets/blogmeta/blogmeta.css").read_text("utf-8")
    assert ".blogmeta-series {" in css and "overflow-wrap: anywhere" in css
    assert "@media (max-width: 40em) {\n  .blogmeta-series" in css
    head = blog.html("setup/index.html").head
    assert any("blogmeta.css" in link.get("href", "") for link in head.select("link"))


def test_a_bad_series_is_a_warning_and_the_post_is_in_none(site: Site) -> None:
    site.post("2023-01-01_odd", series={"name": "x"}, series_order="first")
    site.post("2023-01-02_fine", series="Fine", series_order=True)
    site.build()
    said = site.messages()
    assert any(
        "'series' should be the series' name as text" in m and "a mapping" in m for m in said
    )
    orders = [m for m in said if "[series-order-invalid]" in m]
    assert len(orders) == 2 and "'first'" in orders[0]
    assert not (site.site / "series/x").exists()
    assert (site.site / "series/fine/index.html").is_file()


def test_blogmeta_list_shows_each_posts_series(
    blog: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if blog.theme != "mkdocs":
        pytest.skip("one theme is enough")
    monkeypatch.setenv("COLUMNS", "200")
    assert cli.main(["-f", str(blog.root / "mkdocs.yml"), "list", "--json"]) == 0
    rows = {r["slug"]: r for r in json.loads(capsys.readouterr().out)}
    assert (rows["deploying"]["series"], rows["deploying"]["series_part"]) == (SERIES, "1/4")
    assert rows["other"]["series"] is None and rows["other"]["series_part"] is None
    assert cli.main(["-f", str(blog.root / "mkdocs.yml"), "list"]) == 0
    table = capsys.readouterr().out
    assert f"[{SERIES} 3/4] The handler" in table


def test_a_renamed_series_url(tmp_path: Path) -> None:
    site = Site(tmp_path, plugin={"series_url": "read/{slug}/", "all_series_url": "read/"})
    site.post("2023-01-01_one", series="Deep dive")
    site.post("2023-01-02_two", series="Deep dive")
    site.build(strict=True)
    assert entries(site.site, site.site / "read/deep-dive/index.html") == ["one", "two"]
    assert (site.site / "read/index.html").is_file()
