"""Checks of a built blog that any site must pass, read from the output only.

The expected posts come from the front matter of the docs tree (read with
plain YAML, not with the plugin), the actual ones from the built HTML.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from bs4 import BeautifulSoup

NOW = datetime.now(UTC)


@dataclass
class Expected:
    slug: str
    title: str
    date: datetime
    tags: list[str]
    author_slug: str | None
    series: str | None = None
    series_order: int | None = None


def _aware(value: object) -> datetime:
    if isinstance(value, str):
        value = yaml.safe_load(value) if "T" in value else datetime.fromisoformat(value)
        if isinstance(value, str):
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    raise ValueError(value)


def published_posts(posts_dir: Path) -> list[Expected]:
    """Published, not future, `layout: post` posts of a docs tree, newest first."""
    found = []
    for index in sorted(posts_dir.rglob("index.md")):
        text = index.read_text("utf-8-sig")
        meta = yaml.safe_load(text.split("---", 2)[1])
        if meta.get("status", "published") != "published" or meta.get("layout", "post") != "post":
            continue
        when = _aware(meta["date"])
        if when > NOW:
            continue
        tags = meta.get("tags") or []
        series = meta.get("series")
        series = series[0] if isinstance(series, list) and series else series
        order = meta.get("series_order")
        found.append(
            Expected(str(meta["slug"]), str(meta["title"]), when,
                     list(dict.fromkeys(str(t) for t in tags)), meta.get("author_slug"),
                     str(series) if isinstance(series, str | int) else None,
                     order if isinstance(order, int) and not isinstance(order, bool) else None)
        )  # fmt: skip
    found.sort(key=lambda e: (e.date, e.slug), reverse=True)
    return found


def page_path(site: Path, url_path: str) -> Path:
    path = site / unquote(url_path).lstrip("/")
    return path / "index.html" if url_path.endswith("/") or url_path == "" else path


def resolve(site: Path, page: Path, href: str, root: str = "/") -> Path:
    """The file a link on `page` points to (a `/path` from the site root, which is
    served at `root`)."""
    ref = unquote(urlsplit(href).path)
    if ref.startswith(root):
        ref = "/" + ref[len(root) :]
    base = str(site) if ref.startswith("/") else str(page.parent)
    target = posixpath.normpath(
        posixpath.join(base, ref.lstrip("/") if ref.startswith("/") else ref)
    )
    path = Path(target)
    return path / "index.html" if href.endswith("/") or path.is_dir() else path


def slug_of(site: Path, file: Path) -> str:
    return file.relative_to(site).parent.as_posix()


def entries(site: Path, page: Path) -> list[str]:
    """Slugs of the posts a listing page shows, in order (default `post_url`)."""
    soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
    out = []
    for link in soup.select(".blogmeta-entry .blogmeta-entry__title a"):
        out.append(slug_of(site, resolve(site, page, link["href"])))
    return out


def follow_pages(site: Path, first: Path) -> list[str]:
    """Entries of a paginated listing, following its "older posts" links."""
    seen, page, slugs = set(), first, []
    while page and page not in seen:
        seen.add(page)
        assert page.is_file(), page
        slugs += entries(site, page)
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        older = soup.select_one(".blogmeta-pagination a[rel=next]")
        page = resolve(site, page, older["href"]) if older else None
    return slugs


def check_indexes(site: Path, posts_dir: Path) -> None:
    """Blog index, tag pages, tags page, author pages: exactly the published posts."""
    expected = published_posts(posts_dir)
    order = [e.slug for e in expected]
    assert follow_pages(site, site / "index.html") == order

    by_tag: dict[str, list[str]] = defaultdict(list)
    by_author: dict[str, list[str]] = defaultdict(list)
    for e in expected:
        for tag in e.tags:
            by_tag[tag].append(e.slug)
        if e.author_slug:
            by_author[e.author_slug].append(e.slug)

    tags_page = site / "tags/index.html"
    soup = BeautifulSoup(tags_page.read_text("utf-8"), "lxml")
    listed = {}
    for link in soup.select(".blogmeta-tags--all a"):
        count = link.select_one(".blogmeta-tag__count").extract().get_text()
        listed[link.get_text().strip()] = (int(count), resolve(site, tags_page, link["href"]))
    assert set(listed) == set(by_tag)
    for tag, slugs in by_tag.items():
        count, page = listed[tag]
        assert count == len(slugs), tag
        assert follow_pages(site, page) == slugs, tag

    for author, slugs in by_author.items():
        assert follow_pages(site, site / "author" / author / "index.html") == slugs, author
    authors = BeautifulSoup((site / "authors/index.html").read_text("utf-8"), "lxml")
    names = authors.select(".blogmeta-author__name")
    assert {
        slug_of(site, resolve(site, site / "authors/index.html", a["href"])) for a in names
    } == {f"author/{a}" for a in by_author}

    check_archives(site, posts_dir)
    check_series(site, posts_dir)


def check_archives(site: Path, posts_dir: Path, overview: str = "archive/") -> None:
    """The date archive: every year with published posts, its count, and its pages
    listing exactly that year's published posts, newest first."""
    by_year: dict[str, list[str]] = defaultdict(list)
    for e in published_posts(posts_dir):
        by_year[f"{e.date:%Y}"].append(e.slug)
    page = site / overview / "index.html"
    if not by_year:
        return
    soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
    listed = {}
    for year in soup.select(".blogmeta-archive__year"):
        link = year.select_one("a.blogmeta-archive__name")
        count = year.select_one(".blogmeta-tag__count").get_text()
        listed[link.get_text().strip()] = (int(count.split()[0]), resolve(site, page, link["href"]))
    assert list(listed) == sorted(by_year, reverse=True)
    for year, slugs in by_year.items():
        count, first = listed[year]
        assert count == len(slugs), year
        assert follow_pages(site, first) == slugs, year


def check_series(site: Path, posts_dir: Path, overview: str = "series/") -> None:
    """Every series of published posts on the series page, and its page listing exactly
    its published parts in order (`series_order`, then date)."""
    parts: dict[str, list[Expected]] = defaultdict(list)
    for e in published_posts(posts_dir):
        if e.series:
            parts[e.series].append(e)
    page = site / overview / "index.html"
    if not parts:
        assert not page.exists()
        return
    soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
    listed = {}
    for link in soup.select(".blogmeta-tags--all a"):
        count = link.select_one(".blogmeta-tag__count").extract().get_text()
        listed[link.get_text().strip()] = (int(count), resolve(site, page, link["href"]))
    assert set(listed) == set(parts)
    for name, found in parts.items():
        found.sort(key=lambda e: (e.series_order is None, e.series_order or 0, e.date))
        count, first = listed[name]
        assert count == len(found), name
        assert follow_pages(site, first) == [e.slug for e in found], name


def check_links_resolve(site: Path, root: str = "/") -> None:
    """Every relative href/src in every HTML page points to a file in site_dir."""
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        for el in soup.find_all(["a", "img", "link", "script"]):
            ref = el.get("href") or el.get("src")
            if not ref or re.match(r"^([a-z]+:|//|#)", ref):
                continue
            target = resolve(site, page, ref, root)
            assert target.exists(), f"{page.relative_to(site)}: {ref}"
