"""Wherever MkDocs 1.x sites are built: ProperDocs, both URL styles, sub-path sites,
`serve` rebuilds, every bundled theme."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from checks import check_links_resolve, resolve
from helpers import ROOT, Site, build, load_config, settle

GENERATOR_RE = re.compile(rb'<meta name="generator" content="[^"]*">')


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): GENERATOR_RE.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file() and p.suffix != ".gz"}  # fmt: skip


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    for tool in ("mkdocs", "properdocs"):
        run = subprocess.run(
            [sys.executable, "-m", tool, "build", "-q", "-d", str(tmp_path / tool)],
            cwd=ROOT, capture_output=True, text=True,
            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
    mkdocs, properdocs = tree(tmp_path / "mkdocs"), tree(tmp_path / "properdocs")
    assert sorted(mkdocs) == sorted(properdocs)
    assert mkdocs == properdocs
    assert not [p for p in properdocs if "unfinished-thoughts" in p or "letters-to-2099" in p]
    for data in properdocs.values():
        assert b"Unfinished thoughts on monorepos" not in data


SITE_URL = "https://example.org/blog/"

URL_TABLE = [
    # (what, page file with use_directory_urls, its URL: true, false)
    ("post", "one/index.html", "one/", "one/index.html"),
    ("blog index", "index.html", "", "index.html"),
    ("blog page 2", "page/2/index.html", "page/2/", "page/2/index.html"),
    ("tag", "tag/t/index.html", "tag/t/", "tag/t/index.html"),
    ("tag page 2", "tag/t/page/2/index.html", "tag/t/page/2/", "tag/t/page/2/index.html"),
    ("tags", "tags/index.html", "tags/", "tags.html"),
    ("author", "author/ada-quinn/index.html", "author/ada-quinn/", "author/ada-quinn/index.html"),
    ("authors", "authors/index.html", "authors/", "authors.html"),
]


@pytest.fixture(params=[True, False], ids=["directory-urls", "html-urls"])
def url_site(request: pytest.FixtureRequest, site: Site) -> tuple[Site, bool]:
    site.extra = {"site_url": SITE_URL, "use_directory_urls": request.param}
    site.plugin = {"per_page": 1}
    site.page("setup.md", "# Setup\n\n## Part\n")
    site.page("guide/index.md", "# Guide\n\n## Part\n")
    site.page("files/notes.txt", "notes\n")
    site.post("2023-01-01_one", tags=["t"], body="![i](./i.png) [two](../2023-01-02_two/index.md)\n",
              images={"i.png": (50, 50), "one.jpg": (800, 400)}, header_img="./one.jpg",
              links=[entry for entry, _, _ in LINKS_TABLE])  # fmt: skip
    site.post("2023-01-02_two", tags=["t"])
    site.build(strict=True)
    return site, request.param


#: Material's `links:` of post "one" (docs paths), and the href each gets on the post's
#: page with `use_directory_urls` true and false.
LINKS_TABLE = [
    ("setup.md", "../setup/", "../setup.html"),
    ({"The guide": "guide/index.md#part"}, "../guide/#part", "../guide/index.html#part"),
    ("posts/2023-01-02_two/index.md", "../two/", "../two/index.html"),
    ("posts/2023-01-01_one/i.png", "i.png", "i.png"),
    ("files/notes.txt", "../files/notes.txt", "../files/notes.txt"),
    ("https://example.com/x/", "https://example.com/x/", "https://example.com/x/"),
]


def test_material_links_for_both_settings(url_site) -> None:
    site, directory_urls = url_site
    page = site.site / "one/index.html"
    links = site.html("one/index.html").select(".blogmeta-links a")
    assert [a["href"] for a in links] == [d if directory_urls else h for _, d, h in LINKS_TABLE]
    assert links[1].get_text() == "The guide"
    for a in links[:-1]:
        assert resolve(site.site, page, a["href"], "/blog/").is_file(), a["href"]


@pytest.mark.parametrize(("what", "_dir_file", "dir_url", "html_url"), URL_TABLE)
def test_page_urls_for_both_settings(url_site, what, _dir_file, dir_url, html_url) -> None:
    site, directory_urls = url_site
    url = dir_url if directory_urls else html_url
    page = site.site / (url + "index.html" if url.endswith("/") or not url else url)
    soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
    assert soup.find("link", rel="canonical")["href"] == SITE_URL + url, what


def absolute_urls(site: Path) -> list[tuple[str, str]]:
    found = []
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        for el in soup.find_all(["a", "link", "img", "meta"]):
            for value in (el.get("href"), el.get("src"), el.get("content")):
                if value and value.startswith("https://example.org"):
                    found.append((str(page), value))
        for script in soup.find_all("script", type="application/ld+json"):
            found += [(str(page), u) for u in re.findall(r'"(https://example\.org[^"]*)"',
                                                          script.get_text())]  # fmt: skip
    for feed in list(site.rglob("*.xml")) + list(site.rglob("*.json")):
        text = feed.read_text("utf-8")
        if feed.suffix == ".json":
            text = " ".join(_strings(json.loads(text)))
        found += [(str(feed), u) for u in re.findall(r'(https://example\.org[^"<\s]*)', text)]
    return found


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_every_absolute_url_carries_the_sub_path_and_exists(url_site) -> None:
    site, _ = url_site
    check_links_resolve(site.site, root="/blog/")
    urls = absolute_urls(site.site)
    assert len(urls) > 50
    for where, url in urls:
        assert url.startswith(SITE_URL), (where, url)
        path = unquote(urlsplit(url).path).removeprefix("/blog/")
        target = site.site / path
        if url.endswith("/"):
            target = target / "index.html"
        assert target.exists(), (where, url)


def test_serve_rebuilds_start_clean(site: Site) -> None:
    """As `mkdocs serve` does: one startup, then builds in the same process."""
    site.post("2023-01-01_one", tags=["a", "b"])
    site.post("2023-01-02_two", tags=["a"], status="draft")
    config_file = site.config_file()

    def rebuild() -> dict[str, bytes]:
        config = load_config(config_file=str(config_file))
        build(config, serve_url="http://127.0.0.1:8000/")
        settle(config)  # share cards are drawn after a served build returns
        return tree(site.site)

    first_config = load_config(config_file=str(config_file))
    first_config.plugins.on_startup(command="serve", dirty=False)
    try:
        first = rebuild()
        again = rebuild()  # a full rebuild: the site emptied, the cached cards copied again
        assert again == first
        page = BeautifulSoup(again["one/index.html"], "lxml")  # its cards are there
        cards = [
            m["content"]
            for m in page.select('meta[property="og:image"], meta[name="twitter:image"]')
        ]
        assert len(cards) == 2
        for card in cards:
            assert urlsplit(card).path.removeprefix("/") in again, card
        feed = feedparser.parse(again["rss.xml"])  # written once the site was served
        assert [entry.title for entry in feed.entries] == ["Post one"]
        assert "two/index.html" in first  # drafts show while serving
        site.post("2023-01-01_one", tags=["b", "c"])
        site.post("2023-01-02_two", tags=["a"], status="published")
        changed = rebuild()
    finally:
        first_config.plugins.on_shutdown()
    assert "tag/c/index.html" in changed and "tag/c/index.html" not in first
    index = BeautifulSoup(changed["tag/a/index.html"], "lxml")
    assert [a.get_text() for a in index.select(".blogmeta-entry__title a")] == ["Post two"]
    assert "Draft" not in BeautifulSoup(changed["two/index.html"], "lxml").get_text()


@pytest.mark.parametrize(
    ("theme", "marks"),
    [
        ({"name": "material", "language": "fr"}, [".md-header", ".md-search", ".md-nav"]),
        ({"name": "mkdocs"}, [".navbar", "#mkdocs_search_modal", ".navbar-nav"]),
        ({"name": "readthedocs"}, [".wy-nav-side", "#rtd-search-form", ".wy-menu"]),
    ],
    ids=["material-fr", "mkdocs", "readthedocs"],
)
def test_every_bundled_theme(site: Site, theme: dict, marks: list[str]) -> None:
    site.extra = {"theme": theme}
    site.plugin = {"per_page": 1}
    site.post("2023-01-01_one", tags=["t"], date="!raw 2023-03-26T10:00:00Z")
    site.post("2023-01-02_two", tags=["t"])
    site.page("about.md", "# About\n")
    site.build(strict=True)
    for page in ("one/index.html", "index.html", "tag/t/index.html", "tags/index.html"):
        soup = site.html(page)
        for mark in marks:
            assert soup.select_one(mark), (page, mark)
    if theme.get("language") == "fr":
        post = site.html("one/index.html").get_text()
        assert "min de lecture" in post and "26 mars 2023" in post
        assert "Page 1 sur 2" in site.html("index.html").get_text()
        tags = site.html("tags/index.html")
        assert tags.select_one("h1").get_text() == "Étiquettes"
    check_links_resolve(site.site)


ADAPTERS = {"plugin", "state", "settings", "sitefiles", "cli", "config"}


def test_core_modules_import_no_mkdocs() -> None:
    """Every module but the adapters (`docs/architecture.md`) works without MkDocs: the
    post model, URLs, reading, taxonomies, the guard, metadata, feeds and cards."""
    import pkgutil

    import mkdocs_blogmeta

    names = {m.name for m in pkgutil.iter_modules(mkdocs_blogmeta.__path__)}
    assert names >= ADAPTERS
    core = sorted(names - ADAPTERS)
    assert {"model", "blog", "guard", "taxonomies", "feeds", "seo"} <= set(core)
    code = (
        "import sys, builtins\n"
        "real = builtins.__import__\n"
        "def guard(name, *a, **k):\n"
        "    if name == 'mkdocs' or name.startswith('mkdocs.'):\n"
        "        raise ImportError('core imported ' + name)\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = guard\n"
        + "".join(f"import mkdocs_blogmeta.{name}\n" for name in core)
        + "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "ok", run.stderr


def test_example_site_json_feed_is_valid(example_site: Path) -> None:
    data = json.loads((example_site / "feed.json").read_text("utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
