"""The blog beside mkdocs-static-i18n (issue 24, item 5): i18n builds the site once per
language (suffix files, `index.it.md`); each build writes its language's posts, index
pages and feeds at i18n's URLs, drafts in none, and every hreflang alternate leads to a
page that links back."""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from helpers import Site
from lxml import etree

from mkdocs_blogmeta import languages

SITE_URL = "https://blog.example.org/"
MARKER = "ZZ-I18N-DRAFT-TRANSLATION-MARKER"
UNLISTED = "ZZ-I18N-UNLISTED-MARKER"
I18N = {
    "docs_structure": "suffix",
    "languages": [
        {"locale": "en", "default": True, "name": "English", "build": True},
        {"locale": "it", "name": "Italiano", "build": True, "site_name": "Blog italiano"},
    ],
}
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def write_docs(site: Site) -> None:
    """Four English posts (the front matter's usual `en_US`): alpha and delta translated,
    beta's translation a draft, gamma alone; an unlisted post and its translation; a page
    and its translation."""
    alpha = site.post("2023-01-02_alpha", "![pic](pic.png)\n", {"pic.png": (800, 400)},
                      tags=["python"])  # fmt: skip
    (alpha.parent / "index.it.md").write_text(
        "---\ntitle: Alfa\ntags: [pitone]\n---\nCiao dal post. ![foto](pic.png)\n", "utf-8"
    )
    beta = site.post("2023-01-03_beta", tags=["python"])
    (beta.parent / "index.it.md").write_text(
        f"---\ntitle: Beta IT\nstatus: draft\n---\n{MARKER}\n", "utf-8"
    )
    site.post("2023-01-04_gamma", tags=["rust"])
    delta = site.post("2023-01-05_delta", "See [gamma](../2023-01-04_gamma/index.md).\n",
                      tags=["rust"])  # fmt: skip
    (delta.parent / "index.it.md").write_text(
        "---\ntitle: Delta IT\n---\n"
        "Vedi [gamma](../2023-01-04_gamma/index.md) e [alfa](../2023-01-02_alpha/index.md).\n",
        "utf-8",
    )
    hidden = site.post("2023-01-06_hidden", f"{UNLISTED}\n", tags=["rust"], status="unlisted")
    (hidden.parent / "index.it.md").write_text(f"---\ntitle: Nascosto\n---\n{UNLISTED}\n")
    site.page("about.md", "# About\n\nHello.\n")
    site.page("about.it.md", "# Chi siamo\n\nCiao, [gamma](posts/2023-01-04_gamma/index.md).\n")


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(
        tmp_path_factory.mktemp("i18n"),
        extra={"plugins": ["search", "blogmeta", {"i18n": I18N}]},
    )
    write_docs(site)
    return site.build(strict=True)


@pytest.fixture(scope="module")
def alone(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The same docs with the plugin's `languages:` option and no mkdocs-static-i18n."""
    option = {"en": {"name": "English", "default": True}, "it": {"name": "Italiano"}}
    site = Site(tmp_path_factory.mktemp("alone"), plugin={"languages": option})
    write_docs(site)
    return site.build()


def text(site: Site, path: str) -> str:
    return site.html(path).get_text(" ", strip=True)


def feed_links(site: Site, path: str) -> set[str]:
    return {entry.link for entry in feedparser.parse((site.site / path).read_bytes()).entries}


def site_path(url: str) -> str:
    path = urlsplit(url).path.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def page_url(path: str) -> str:
    """The absolute URL of a built page (`it/alpha/index.html` -> `.../it/alpha/`)."""
    return SITE_URL + (path[: -len("index.html")] if path.endswith("index.html") else path)


def hreflangs(site: Site, path: str) -> dict[str, str]:
    """A page's `<link rel="alternate" hreflang>`, as absolute URLs; two that differ for
    one language fail."""
    found: dict[str, str] = {}
    for tag in site.html(path).head.find_all("link", rel="alternate"):
        if tag.get("hreflang"):
            url = urljoin(page_url(path), tag["href"])
            assert found.setdefault(tag["hreflang"], url) == url, (path, tag)
    return found


# -- each language's build: its posts, index pages and feeds ---------------------------


def test_italian_posts_at_their_language_url(blog: Site) -> None:
    page = blog.html("it/alpha/index.html")
    assert page.html["lang"] == "it" and page.find("h1").get_text(strip=True) == "Alfa"
    assert "Ciao dal post." in page.get_text() and "2 gennaio 2023" in page.get_text()
    assert blog.html("it/delta/index.html").find("h1").get_text(strip=True) == "Delta IT"
    assert blog.html("alpha/index.html").html["lang"] == "en-US"  # the post's own
    for absent in ("it/gamma", "it/beta", "posts", "it/posts"):  # no fallback copies
        assert not (blog.site / absent).exists(), absent


def test_each_language_lists_only_its_posts(blog: Site) -> None:
    italian = text(blog, "it/index.html")
    assert "Alfa" in italian and "Delta IT" in italian
    assert "Post gamma" not in italian and "Post alpha" not in italian
    english = text(blog, "index.html")
    assert all(f"Post {s}" in english for s in ("alpha", "beta", "gamma", "delta"))
    assert "Alfa" not in english and "Delta IT" not in english
    assert "Alfa" in text(blog, "it/tag/pitone/index.html")
    assert not (blog.site / "it/tag/python").exists()
    rust = text(blog, "it/tag/rust/index.html")  # the tags a translation takes from its post
    assert "Delta IT" in rust and "Post gamma" not in rust and "Post delta" not in rust
    assert "Alfa" not in text(blog, "tag/python/index.html")
    assert "Tutti i tag" in text(blog, "it/tag/pitone/index.html")


def test_each_language_has_its_feeds(blog: Site) -> None:
    it = {SITE_URL + "it/alpha/", SITE_URL + "it/delta/"}
    assert feed_links(blog, "it/rss.xml") == it
    assert feed_links(blog, "it/atom.xml") == it
    assert feed_links(blog, "it/tag/pitone/rss.xml") == {SITE_URL + "it/alpha/"}
    english = {SITE_URL + s + "/" for s in ("alpha", "beta", "gamma", "delta")}
    assert feed_links(blog, "rss.xml") == english
    assert feed_links(blog, "tag/python/rss.xml") == {SITE_URL + "alpha/", SITE_URL + "beta/"}
    assert feedparser.parse((blog.site / "it/rss.xml").read_bytes()).feed.title == "Blog italiano"
    assert feedparser.parse((blog.site / "rss.xml").read_bytes()).feed.title == "Test blog"
    name = blog.html("it/alpha/index.html").find("meta", property="og:site_name")
    assert name["content"] == "Blog italiano"  # i18n's setting for the language
    heads = [t["href"] for t in blog.html("it/alpha/index.html").find_all("link", type=True)]
    assert SITE_URL + "it/rss.xml" in heads and SITE_URL + "rss.xml" not in heads


def test_the_default_language_is_as_without_i18n(blog: Site, alone: Site) -> None:
    """The blog's files, and what each feed holds, are those of the same site with the
    plugin's own `languages:` option: i18n adds its pages (`it/about/`), nothing else."""

    def blog_files(site: Site) -> set[str]:
        found = {p.relative_to(site.site).as_posix() for p in site.files()}
        return {f for f in found if not f.startswith(("assets/", "search/", "about", "it/about/"))}

    assert blog_files(blog) == blog_files(alone)
    for feed in [f for f in blog_files(alone) if f.endswith(("rss.xml", "atom.xml"))]:
        assert feed_links(blog, feed) == feed_links(alone, feed), feed
    for page in ("gamma/index.html", "it/alpha/index.html", "it/index.html"):
        ours, theirs = blog.html(page).find("article"), alone.html(page).find("article")
        assert ours.get_text(" ", strip=True) == theirs.get_text(" ", strip=True), page


def test_links_to_a_post_of_another_language(blog: Site) -> None:
    """A page of the Italian build links an English-only post at its English URL, and a
    translated post at its Italian one (i18n's rule for suffix files)."""
    links = {a.get_text(): a["href"] for a in blog.html("it/delta/index.html").select("article a")}
    assert links["gamma"] == "../../gamma/" and links["alfa"] == "../alpha/"
    about = {a.get_text(): a["href"] for a in blog.html("it/about/index.html").select("article a")}
    assert about["gamma"] == "../../gamma/"
    picture = blog.html("it/alpha/index.html").find("img", alt="foto")
    assert (blog.site / "it/alpha" / picture["src"]).resolve().is_file()


# -- hreflang: the blog's and i18n's agree ----------------------------------------------


def pages(site: Site) -> list[str]:
    return sorted(p.relative_to(site.site).as_posix() for p in site.site.rglob("*.html"))


def test_every_hreflang_alternate_links_back(blog: Site) -> None:
    checked = 0
    for path in pages(blog):
        found = hreflangs(blog, path)
        for url in found.values():
            target = site_path(url)
            assert (blog.site / target).is_file(), (path, url)
            assert hreflangs(blog, target) == found, (path, target)
            checked += 1
    assert checked > 20


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("it/alpha/index.html", {"en-US": "alpha/", "it": "it/alpha/", "x-default": "alpha/"}),
        ("alpha/index.html", {"en-US": "alpha/", "it": "it/alpha/", "x-default": "alpha/"}),
        (
            "it/tag/rust/index.html",
            {"en": "tag/rust/", "it": "it/tag/rust/", "x-default": "tag/rust/"},
        ),
        ("it/index.html", {"en": "", "it": "it/", "x-default": ""}),
        ("it/tags/index.html", {"en": "tags/", "it": "it/tags/", "x-default": "tags/"}),
        ("gamma/index.html", {}),  # in one language: no alternates, not Material's homes
        ("beta/index.html", {}),  # its translation is a draft
        ("it/tag/pitone/index.html", {}),
        ("404.html", {}),  # i18n's would name the last page it rendered
    ],
)
def test_hreflang_of_blog_pages(blog: Site, path: str, expected: dict[str, str]) -> None:
    assert hreflangs(blog, path) == {k: SITE_URL + v for k, v in expected.items()}


def test_material_language_selector(blog: Site) -> None:
    def selector(path: str) -> dict[str, str]:
        return {a["hreflang"]: a["href"] for a in blog.html(path).select("a.md-select__link")}

    assert selector("it/alpha/index.html") == {"en": "../../alpha/", "it": "./"}
    assert selector("it/index.html") == {"en": "../", "it": "./"}
    assert selector("gamma/index.html") == {"en": "/", "it": "/it/"}  # as i18n configured it
    assert selector("tag/python/index.html") == {"en": "/", "it": "/it/"}
    assert selector("tag/rust/index.html") == {"en": "./", "it": "../../it/tag/rust/"}
    assert selector("about/index.html") == {"en": "./", "it": "../it/about/"}  # i18n's own


def test_sitemap_lists_every_language_with_alternates(blog: Site) -> None:
    data = (blog.site / "sitemap.xml").read_bytes()
    assert gzip.decompress((blog.site / "sitemap.xml.gz").read_bytes()) == data
    tree = etree.fromstring(data)
    found = {}
    for url in tree.iterfind("s:url", SITEMAP):
        loc = url.findtext("s:loc", namespaces=SITEMAP).strip()
        assert loc not in found, loc  # once each
        found[loc] = {x.get("hreflang"): x.get("href") for x in url.iterfind("x:link", SITEMAP)}
    for path in ("alpha/", "gamma/", "it/alpha/", "it/delta/", "it/", "", "it/tag/pitone/",
                 "tag/rust/", "about/", "it/about/"):  # fmt: skip
        assert SITE_URL + path in found, path
    assert (
        found[SITE_URL + "it/alpha/"]
        == found[SITE_URL + "alpha/"]
        == hreflangs(blog, "alpha/index.html")
    )
    for links in found.values():
        assert set(links.values()) <= set(found)


# -- drafts -------------------------------------------------------------------------------


def test_draft_translation_in_no_file(blog: Site) -> None:
    assert not (blog.site / "it/beta").exists()
    for path in blog.files():
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        assert MARKER.encode() not in data, path
        assert b"Beta IT" not in data, path
        if path.suffix in {".html", ".xml", ".json", ".gz"}:
            assert b"it/beta" not in data, path


# -- the rule, as data ------------------------------------------------------------------


def test_which_language_a_build_writes() -> None:
    option = {"en": {"name": "English", "default": True}, "it": {"name": "Italiano"}}
    everything = languages.make(option)
    assert languages.writes(everything, None) and languages.writes(everything, "it")
    english = languages.make(option, "en")
    assert languages.writes(english, None) and not languages.writes(english, "it")
    italian = languages.make(option, "it")
    assert languages.writes(italian, "it") and not languages.writes(italian, None)
    unknown = languages.make(option, "fr")  # a language the blog lacks: nothing of it
    assert not languages.writes(unknown, None) and not languages.writes(unknown, "it")
    assert everything.find("en_US") == everything.find("en")


def test_one_language_i18n_is_a_one_language_blog(tmp_path: Path) -> None:
    """mkdocs-static-i18n with one language (or the folder structure): the blog is built
    as without it."""
    one = {**I18N, "languages": I18N["languages"][:1]}
    site = Site(tmp_path, extra={"plugins": ["search", "blogmeta", {"i18n": one}]})
    site.post("2023-01-02_alpha", tags=["python"])
    site.page("about.md", "# About\n")
    site.build(strict=True)
    assert (site.site / "alpha/index.html").is_file() and not (site.site / "it").exists()
    assert hreflangs(site, "alpha/index.html") == {}


def test_either_order_in_plugins(blog: Site, tmp_path: Path) -> None:
    """mkdocs-static-i18n listed before the plugin: the same site."""
    site = Site(tmp_path, extra={"plugins": ["search", {"i18n": I18N}, "blogmeta"]})
    write_docs(site)
    site.build(strict=True)
    written = {p.relative_to(site.site).as_posix() for p in site.files()}
    assert written == {p.relative_to(blog.site).as_posix() for p in blog.files()}
    for page in ("it/alpha/index.html", "it/index.html", "alpha/index.html"):
        assert (site.site / page).read_text("utf-8") == (blog.site / page).read_text("utf-8")


def unlisted_nowhere(site: Site) -> None:
    """The unlisted post and its translation are built, and in no list: listings, feeds,
    the sitemap, the search index."""
    assert (site.site / "hidden/index.html").is_file()
    assert (site.site / "it/hidden/index.html").is_file()
    for path in site.files():
        if path.suffix in {".xml", ".json"} or path.name == "index.html":
            data = path.read_text("utf-8", errors="replace")
            if path.parent.name != "hidden":
                assert "hidden/" not in data and UNLISTED not in data, path


def test_unlisted_posts_listed_nowhere(blog: Site) -> None:
    unlisted_nowhere(blog)


def test_unlisted_posts_out_of_mkdocs_search_index(tmp_path: Path) -> None:
    """MkDocs' search plugin, whose index i18n writes again from every language's pages
    at the end: the unlisted pages stay out of it."""
    site = Site(tmp_path, theme="mkdocs", extra={"plugins": ["search", "blogmeta", {"i18n": I18N}]})
    write_docs(site)
    site.build(strict=True)
    index = (site.site / "search/search_index.json").read_text("utf-8")
    assert "it/alpha/" in index and "gamma/" in index
    unlisted_nowhere(site)
