"""The date archive: a page per year (or month) of published posts, and the page of every
year, built by MkDocs from real posts and read back with an HTML parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from checks import check_archives, entries, follow_pages, resolve
from helpers import BuildFailed, Site, front_matter

#: (folder, status): six posts of 2023 over three pages, one of 2021, drafts and a post
#: to come that no archive may show.
POSTS = [
    ("2021-06-01_first-steps", "published"),
    ("2023-01-10_january", "published"),
    ("2023-01-20_january-again", "published"),
    ("2023-02-03_february-draft", "draft"),
    ("2023-03-04_march", "published"),
    ("2023-03-25_march-late", "published"),
    ("2023-07-14_july", "published"),
    ("2023-11-30_november", "published"),
    ("2019-05-05_draft-year", "draft"),
    ("2999-01-01_to-come", "published"),
]


def _blog(root: Path, **plugin: object) -> Site:
    site = Site(root, plugin={"per_page": 2, **plugin})
    for folder, status in POSTS:
        site.post(folder, status=status, title=f"Title of {folder[11:]}")
    return site


@pytest.fixture(scope="module")
def yearly(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return _blog(tmp_path_factory.mktemp("yearly")).build(strict=True)


def _soup(site: Site, path: str) -> BeautifulSoup:
    return site.html(path)


def test_each_year_lists_exactly_its_published_posts_newest_first(yearly: Site) -> None:
    assert follow_pages(yearly.site, yearly.site / "archive/2023/index.html") == [
        "november", "july", "march-late", "march", "january-again", "january",
    ]  # fmt: skip
    assert (yearly.site / "archive/2023/page/3/index.html").is_file()
    assert follow_pages(yearly.site, yearly.site / "archive/2021/index.html") == ["first-steps"]
    check_archives(yearly.site, yearly.docs / "posts")


def test_drafts_and_posts_to_come_have_no_year_and_are_on_no_archive_page(yearly: Site) -> None:
    assert not (yearly.site / "archive/2019").exists()
    assert not (yearly.site / "archive/2999").exists()
    for page in (yearly.site / "archive").rglob("*.html"):
        text = page.read_text("utf-8")
        assert "february-draft" not in text and "to-come" not in text, page


def test_the_archive_page_lists_every_year_with_its_count(yearly: Site) -> None:
    soup = _soup(yearly, "archive/index.html")
    years = [
        (li.select_one(".blogmeta-archive__name").get_text(), li.select_one("a")["href"],
         li.select_one(".blogmeta-tag__count").get_text())
        for li in soup.select(".blogmeta-archive__year")
    ]  # fmt: skip
    assert years == [("2023", "2023/", "6 posts"), ("2021", "2021/", "1 post")]
    assert soup.title.get_text() == "Archive - Test blog"
    canonical = soup.select_one("link[rel=canonical]")["href"]
    assert canonical == "https://blog.example.org/archive/"


def test_a_year_page_is_an_index_page(yearly: Site) -> None:
    """Titled, described and paginated like a tag's page; no feed of its own."""
    first, second = (
        _soup(yearly, "archive/2023/index.html"),
        _soup(yearly, "archive/2023/page/2/index.html"),
    )
    assert first.title.get_text() == "2023 - Test blog"
    assert second.title.get_text() == "2023, page 2 - Test blog"
    assert first.select_one('meta[property="og:description"]')["content"] == "Posts from 2023"
    following = first.select_one(".blogmeta-pagination a[rel=next]")["href"]
    page = yearly.site / "archive/2023/index.html"
    assert resolve(yearly.site, page, following) == yearly.site / "archive/2023/page/2/index.html"
    assert not list((yearly.site / "archive").rglob("*.xml"))
    feeds = [link["href"] for link in first.select("link[rel=alternate]")]
    assert feeds and all(not f.startswith("https://blog.example.org/archive") for f in feeds)


def test_the_archive_is_in_the_nav_and_its_years_are_not(yearly: Site) -> None:
    nav = _soup(yearly, "index.html").select("nav.md-nav--primary a")
    targets = [a["href"] for a in nav]
    assert "archive/" in targets
    assert not [t for t in targets if t.startswith("archive/20")]


@pytest.fixture(scope="module")
def monthly(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = _blog(tmp_path_factory.mktemp("monthly"), archive_url="archive/{year}/{month}/")
    site.extra = {"theme": {"name": "material", "language": "fr"}}
    return site.build(strict=True)


def test_month_pages_when_the_url_has_a_month(monthly: Site) -> None:
    site = monthly.site
    assert entries(site, site / "archive/2023/03/index.html") == ["march-late", "march"]
    assert entries(site, site / "archive/2023/01/index.html") == ["january-again", "january"]
    assert not (site / "archive/2023/02").exists()  # its only post is a draft
    assert not (site / "archive/2023/index.html").exists()
    soup = monthly.html("archive/index.html")
    years = soup.select(".blogmeta-archive__year")
    assert [y.select_one(".blogmeta-archive__name").get_text() for y in years] == ["2023", "2021"]
    assert years[0].select_one(".blogmeta-tag__count").get_text() == "6 articles"
    months = [a.get_text(" ", strip=True) for a in years[0].select("a.blogmeta-tag")]
    assert months == ["novembre 2023 1", "juillet 2023 1", "mars 2023 2", "janvier 2023 2"]
    assert [a["href"] for a in years[1].select("a")] == ["2021/06/"]


def test_labels_in_the_site_language(monthly: Site) -> None:
    page = monthly.html("archive/2023/03/index.html")
    assert page.title.get_text() == "mars 2023 - Test blog"
    assert page.select_one(".blogmeta-listing__kind").get_text() == "Archives"
    assert "Toutes les années" in page.select_one(".blogmeta-listing__count").get_text()
    assert monthly.html("archive/index.html").select_one("h1").get_text() == "Archives"


def test_materials_archive_urls_can_be_kept(tmp_path: Path) -> None:
    """Material's blog puts its archive at `blog/archive/2023/`: a migrated blog keeps it."""
    site = Site(
        tmp_path,
        plugin={
            "posts_dir": "blog/posts", "archive_url": "blog/archive/{year}/",
            "archives_url": "blog/archive/",
        },
    )  # fmt: skip
    for folder in ("2022-02-02_one", "2023-03-03_two"):
        date = f"!raw {folder[:10]}T12:00:00Z"
        text = front_matter(folder[11:], date=date, updated=date) + "\nText.\n"
        site.page(f"blog/posts/{folder}/index.md", text)
    site.build(strict=True)
    assert entries(site.site, site.site / "blog/archive/2023/index.html") == ["two"]
    assert entries(site.site, site.site / "blog/archive/2022/index.html") == ["one"]
    years = site.html("blog/archive/index.html").select(".blogmeta-archive__year a")
    assert [a["href"] for a in years] == ["2023/", "2022/"]


def test_an_archive_url_without_a_year_is_refused(site: Site) -> None:
    site.plugin = {"archive_url": "archive/{slug}/"}
    site.post("2023-01-01_one")
    with pytest.raises(BuildFailed) as failed:
        site.build()
    said = str(failed.value) + " ".join(failed.value.messages())
    assert "'archive/{slug}/' may only use {year}, {month}" in said


def test_a_page_of_the_site_at_the_archive_url_is_a_collision(site: Site) -> None:
    site.post("2023-01-01_one")
    site.page("archive/2023.md", "# My own 2023\n")
    with pytest.raises(BuildFailed) as failed:
        site.build()
    assert any("archive_url" in m and "[" in m for m in failed.value.messages())
