"""One blog, several languages (issue 24): translation files at their language's URLs,
a blog (index, tags, feeds) per language, hreflang alternates, drafts of a translation
hidden everywhere."""

from __future__ import annotations

from urllib.parse import urlsplit

import feedparser
import pytest
from helpers import Site

LANGUAGES = {"en": {"name": "English", "default": True}, "it": {"name": "Italiano"}}
MARKER = "ZZ-DRAFT-TRANSLATION-MARKER"
SITE_URL = "https://blog.example.org/"


def translate(index, text: str) -> None:
    (index.parent / "index.it.md").write_text(text, "utf-8")


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Three English posts: one translated, one whose translation is a draft, one alone."""
    alternate = [{"name": "English", "link": "/", "lang": "en"},
                 {"name": "Italiano", "link": "/it/", "lang": "it"}]  # fmt: skip
    site = Site(
        tmp_path_factory.mktemp("languages"),
        plugin={"languages": LANGUAGES},
        extra={"extra": {"alternate": alternate}},
    )
    alpha = site.post("2023-01-02_alpha", tags=["python"], language="en")
    translate(alpha, "---\ntitle: Alfa\ntags: [pitone]\n---\nCiao dal post.\n")
    beta = site.post("2023-01-03_beta", tags=["python"], language="en")
    translate(beta, f"---\ntitle: Beta IT\nstatus: draft\n---\n{MARKER}\n")
    site.post("2023-01-04_gamma", tags=["rust"], language="en")
    return site.build()


def links(site: Site, path: str) -> dict[str, str]:
    return {
        tag["hreflang"]: tag["href"]
        for tag in site.html(path).find_all("link", rel="alternate")
        if tag.get("hreflang") and tag["href"].startswith(SITE_URL)  # not Material's own
    }


def site_path(url: str) -> str:
    path = urlsplit(url).path.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def test_translation_at_its_language_url(blog: Site) -> None:
    page = blog.html("it/alpha/index.html")
    assert page.html["lang"] == "it"
    assert page.find("h1").get_text(strip=True) == "Alfa"
    assert "Ciao dal post." in page.get_text()
    assert blog.html("alpha/index.html").html["lang"] == "en"


def test_each_language_lists_only_its_posts(blog: Site) -> None:
    italian = blog.html("it/index.html").get_text()
    assert "Alfa" in italian and "Post gamma" not in italian and "Post alpha" not in italian
    english = blog.html("index.html").get_text()
    assert "Post alpha" in english and "Post gamma" in english and "Alfa" not in english
    assert (blog.site / "it/tag/pitone/index.html").is_file()
    assert not (blog.site / "it/tag/python/index.html").exists()
    assert "Alfa" not in blog.html("tag/python/index.html").get_text()


def test_each_language_has_its_feeds(blog: Site) -> None:
    italian = feedparser.parse((blog.site / "it/rss.xml").read_text("utf-8"))
    assert [e.link for e in italian.entries] == [SITE_URL + "it/alpha/"]
    english = feedparser.parse((blog.site / "rss.xml").read_text("utf-8"))
    assert {e.link for e in english.entries} == {
        SITE_URL + s for s in ("alpha/", "beta/", "gamma/")
    }
    tag = feedparser.parse((blog.site / "it/tag/pitone/rss.xml").read_text("utf-8"))
    assert [e.link for e in tag.entries] == [SITE_URL + "it/alpha/"]
    assert italian.entries[0].id != english.entries[-1].id  # ids distinct per language


@pytest.mark.parametrize("start", ["alpha/index.html", "it/alpha/index.html", "it/index.html",
                                   "index.html", "it/tags/index.html"])  # fmt: skip
def test_hreflang_reciprocal_and_absolute(blog: Site, start: str) -> None:
    found = links(blog, start)
    assert set(found) == {"en", "it", "x-default"}
    assert found["x-default"] == found["en"]
    for url in found.values():
        assert url.startswith(SITE_URL)
        target = site_path(url)
        assert (blog.site / target).is_file(), target
        assert links(blog, target) == found  # every alternate links back, the same set


def test_untranslated_post_has_no_hreflang(blog: Site) -> None:
    assert links(blog, "gamma/index.html") == {}
    assert links(blog, "beta/index.html") == {}  # its translation is a draft


def test_json_ld_and_locales(blog: Site) -> None:
    import json

    def ld(path: str) -> dict:
        script = blog.html(path).find("script", type="application/ld+json")
        return json.loads(script.string)

    assert ld("it/alpha/index.html")["translationOfWork"]["@id"] == SITE_URL + "alpha/"
    assert ld("it/alpha/index.html")["inLanguage"] == "it"
    assert ld("alpha/index.html")["workTranslation"][0]["@id"] == SITE_URL + "it/alpha/"
    alternate = blog.html("it/alpha/index.html").find("meta", property="og:locale:alternate")
    assert alternate["content"] == "en"


def test_draft_translation_leaks_nowhere(blog: Site) -> None:
    assert not (blog.site / "it/beta").exists()
    for path in blog.files():
        data = path.read_bytes()
        assert MARKER.encode() not in data, path
        if path.suffix in {".html", ".xml", ".json"}:
            assert b"it/beta/" not in data, path


def test_unknown_language_suffix_stays_a_bundle_page(tmp_path) -> None:
    site = Site(tmp_path, plugin={"languages": LANGUAGES}, theme="mkdocs")
    post = site.post("2023-01-02_alpha", language="en")
    (post.parent / "index.fr.md").write_text("---\ntitle: Alpha FR\n---\nSalut.\n", "utf-8")
    site.build()
    assert any("index.fr.md" in m and "'fr'" in m for m in site.messages())
    assert not (site.site / "fr").exists()


# -- each language's labels, dates and feeds -----------------------------------


def test_each_language_speaks_its_own_words(blog: Site) -> None:
    italian = blog.html("it/alpha/index.html")
    text = italian.get_text(" ", strip=True)
    assert "2 gennaio 2023" in text and "min di lettura" in text
    assert "min read" not in text and "January" not in text
    english = blog.html("alpha/index.html").get_text(" ", strip=True)
    assert "January 2, 2023" in english and "min read" in english
    tag = blog.html("it/tag/pitone/index.html").get_text(" ", strip=True)
    assert "1 articolo" in tag and "Tutti i tag" in tag, tag
    description = blog.html("it/tag/pitone/index.html").find("meta", attrs={"name": "description"})
    assert "Articoli con il tag" in description["content"]
    twitter = italian.find("meta", attrs={"name": "twitter:label1"})
    assert twitter["content"] == "Tempo di lettura"


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_each_languages_feeds_speak_its_language(blog: Site, name: str) -> None:
    """A tag's and an author's feed of the Italian blog describe themselves in Italian
    and say `it`; the English ones stay English."""

    def read(path: str) -> feedparser.FeedParserDict:
        return feedparser.parse((blog.site / path / name).read_text("utf-8"))

    tag, author, home = read("it/tag/pitone"), read("it/author/ada-quinn"), read("it")
    english = read("tag/python")
    assert tag.feed.subtitle == "Articoli con il tag «pitone»"
    assert author.feed.subtitle == "Articoli di Ada Quinn"
    assert english.feed.subtitle == "Posts tagged “python”"
    assert [f.feed.language for f in (tag, author, home, english)] == ["it", "it", "it", "en"]
    if name == "atom.xml":  # RSS names no author's page: Atom leads to the Italian one
        assert tag.entries[0].author_detail.href == SITE_URL + "it/author/ada-quinn/"


def test_each_languages_json_feed_speaks_its_language(blog: Site) -> None:
    import json

    def read(path: str) -> dict:
        return json.loads((blog.site / path / "feed.json").read_text("utf-8"))

    tag = read("it/tag/pitone")
    assert tag["description"] == "Articoli con il tag «pitone»"
    assert read("it/author/ada-quinn")["description"] == "Articoli di Ada Quinn"
    assert read("tag/python")["description"] == "Posts tagged “python”"
    assert [read(p)["language"] for p in ("it", "it/tag/pitone", "tag/python")] == [
        "it",
        "it",
        "en",
    ]
    assert tag["items"][0]["authors"][0]["url"] == SITE_URL + "it/author/ada-quinn/"


@pytest.mark.parametrize("path", ["it/alpha/index.html", "it/index.html"])
def test_italian_pages_link_the_italian_feeds(blog: Site, path: str) -> None:
    feeds = [
        tag["href"]
        for tag in blog.html(path).find_all("link", rel="alternate")
        if tag.get("type") in {"application/rss+xml", "application/atom+xml"}
    ]
    assert feeds and all(href.startswith(SITE_URL + "it/") for href in feeds), feeds
    english = [t["href"] for t in blog.html("alpha/index.html").find_all("link", type=True)]
    assert SITE_URL + "rss.xml" in english


def test_a_language_without_labels_falls_back_with_one_warning(tmp_path) -> None:
    languages = {**LANGUAGES, "nl": {"name": "Nederlands"}, "ja": {"name": "日本語"}}
    site = Site(tmp_path, plugin={"languages": languages}, theme="mkdocs")
    alpha = site.post("2023-01-02_alpha", language="en")
    (alpha.parent / "index.nl.md").write_text("---\ntitle: Alfa NL\n---\nHallo.\n", "utf-8")
    site.build()
    said = [m for m in site.messages() if "labels-missing" in m]
    assert len(said) == 1 and "'nl'" in said[0], said  # Japanese has its labels
    assert "min read" in site.html("nl/alpha/index.html").get_text()


# -- the sitemap, the language switcher, Material's language selector ---------------


def test_sitemap_has_reciprocal_hreflang_alternates(blog: Site) -> None:
    from lxml import etree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = etree.fromstring((blog.site / "sitemap.xml").read_bytes())
    listed = {loc.text.strip() for loc in tree.iterfind("s:url/s:loc", ns)}
    found = {}
    for url in tree.iterfind("s:url", ns):
        loc = url.findtext("s:loc", namespaces=ns).strip()
        found[loc] = {x.get("hreflang"): x.get("href") for x in url.iterfind("x:link", ns)}
        assert all(x.get("rel") == "alternate" for x in url.iterfind("x:link", ns))
    alpha = found[SITE_URL + "alpha/"]
    assert alpha == {"en": SITE_URL + "alpha/", "it": SITE_URL + "it/alpha/",
                     "x-default": SITE_URL + "alpha/"}  # fmt: skip
    assert found[SITE_URL + "it/alpha/"] == alpha
    assert found[SITE_URL]["it"] == SITE_URL + "it/"
    assert found[SITE_URL + "beta/"] == {} and found[SITE_URL + "gamma/"] == {}
    for links_ in found.values():
        assert set(links_.values()) <= listed  # every alternate a page the sitemap lists
        assert links_ == links(blog, site_path(links_.get("en", SITE_URL))) or not links_
    import gzip

    zipped = gzip.decompress((blog.site / "sitemap.xml.gz").read_bytes())
    assert zipped == (blog.site / "sitemap.xml").read_bytes()


def test_language_switcher_on_translated_posts_only(blog: Site) -> None:
    nav = blog.html("it/alpha/index.html").find("nav", class_="blogmeta-languages")
    assert nav["aria-label"] == "Lingue"
    other = nav.find("a")
    assert (other["hreflang"], other["href"], other.get_text()) == ("en", "../../alpha/", "English")
    assert nav.find(attrs={"aria-current": "page"}).get_text() == "Italiano"
    english = blog.html("alpha/index.html").find("nav", class_="blogmeta-languages")
    assert english.find("a")["href"] == "../it/alpha/"
    for path in ("beta/index.html", "gamma/index.html"):  # a draft translation: none
        assert blog.html(path).find("nav", class_="blogmeta-languages") is None


def test_material_language_selector_leads_to_the_translation(blog: Site) -> None:
    def selector(path: str) -> dict[str, str]:
        return {a["hreflang"]: a["href"] for a in blog.html(path).select("a.md-select__link")}

    assert selector("it/alpha/index.html") == {"en": "../../alpha/", "it": "./"}
    assert selector("alpha/index.html") == {"en": "./", "it": "../it/alpha/"}
    assert selector("gamma/index.html") == {"en": "/", "it": "/it/"}  # as configured


# -- `mkdocs serve --dirty`: a translation's edits re-render the pages showing it -------


def test_dirty_rebuild_after_translation_edits(tmp_path) -> None:
    from helpers import DirtyServe
    from test_dirty import stale

    plugin = {"languages": LANGUAGES, "drafts_on_serve": False}  # as the clean build
    site = Site(tmp_path / "src", plugin=plugin, theme="mkdocs")
    alpha = site.post("2023-01-02_alpha", tags=["python"], language="en")
    translate(alpha, "---\ntitle: Alfa\ntags: [pitone]\n---\nCiao.\n")
    gamma = site.post("2023-01-04_gamma", tags=["rust"], language="en")
    site.config_file()
    edits = [
        (alpha.parent / "index.it.md", "---\ntitle: Alfa nuova\ntags: [pitone]\n---\nCiao!\n"),
        (gamma.parent / "index.it.md", "---\ntitle: Gamma IT\n---\nCiao gamma.\n"),
        (alpha.parent / "index.it.md", "---\ntitle: Alfa\nstatus: draft\n---\nCiao.\n"),
    ]
    with DirtyServe(site.root / "mkdocs.yml", tmp_path / "served") as serve:
        for path, text in edits:
            serve.write(path, text)
            serve.rebuild()
            assert stale(serve) == [], (text, stale(serve))
        served = (tmp_path / "served" / "gamma/index.html").read_text("utf-8")
        assert 'hreflang="it"' in served and "Alfa" not in (
            tmp_path / "served" / "it/index.html"
        ).read_text("utf-8")


# -- the `blogmeta` command ------------------------------------------------------


def test_command_lists_checks_and_writes_translations(tmp_path) -> None:
    import json

    from test_cli import blogmeta

    site = Site(tmp_path, plugin={"languages": LANGUAGES}, theme="mkdocs")
    alpha = site.post("2023-01-02_alpha", language="en", meta_description="About alpha.")
    translate(alpha, "---\ntitle: Alfa\n---\nCiao.\n")
    site.post("2023-01-03_beta", language="en")
    site.post("2023-01-04_gamma", language="en", translation_key="lonely")
    site.config_file()

    rows = json.loads(blogmeta("list", "--json", cwd=tmp_path).stdout)
    assert {(r["language"], r["url"]) for r in rows} >= {("en", "/alpha/"), ("it", "/it/alpha/")}
    assert "(it) Alfa" in blogmeta("list", cwd=tmp_path).stdout

    run = blogmeta("check", "--verbose", cwd=tmp_path)
    said = run.stdout.splitlines()
    assert any("beta/index.md" in s and "info" in s and "[translation-missing]" in s
               for s in said)  # fmt: skip
    assert not any("alpha/index.md" in s and "translation-missing" in s for s in said)
    unmatched = [s for s in said if "[translation-key-unmatched]" in s]
    assert len(unmatched) == 1 and "gamma/index.md" in unmatched[0] and "warning" in unmatched[0]

    run = blogmeta("new", "--lang", "it", "--from", "beta", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    written = tmp_path / "docs/posts/2023-01-03_beta/index.it.md"
    assert run.stdout.strip() == str(written)
    text = written.read_text("utf-8")
    assert "title: Post beta" in text and "status: draft" in text and "meta_description" in text
    again = blogmeta("new", "--lang", "it", "--from", "docs/posts/2023-01-03_beta", cwd=tmp_path)
    assert again.returncode == 2 and "exists already" in again.stderr
    unknown = blogmeta("new", "--lang", "fr", "--from", "beta", cwd=tmp_path)
    assert unknown.returncode == 2 and "not one of the site's languages" in unknown.stderr
    site.build()
    assert not (site.site / "it/beta").exists()  # a draft until translated
    assert (site.site / "it/alpha/index.html").is_file()


# -- `{lang}` in every URL option ---------------------------------------------------

PLACED = {
    "post_url": "{lang}/{year}/{slug}/",
    "index_url": "blog/{lang}/",
    "tag_url": "{lang}/topics/{slug}/",
    "tags_url": "{lang}/topics/",
    "author_url": "people/{lang}/{slug}/",
}


@pytest.fixture(scope="module")
def placed(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Each language's tree placed by `{lang}` in the URL options; `archive_url` left
    without it (the prefix, as before)."""
    site = Site(tmp_path_factory.mktemp("placed"), plugin={"languages": LANGUAGES, **PLACED},
                theme="mkdocs")  # fmt: skip
    alpha = site.post("2023-01-02_alpha", tags=["python"], language="en")
    translate(alpha, "---\ntitle: Alfa\ntags: [pitone]\n---\nCiao.\n")
    site.post("2023-01-04_gamma", tags=["rust"], language="en")
    return site.build(strict=True)


@pytest.mark.parametrize(
    ("english", "italian"),
    [
        ("2023/alpha/index.html", "it/2023/alpha/index.html"),
        ("blog/index.html", "blog/it/index.html"),
        ("blog/rss.xml", "blog/it/rss.xml"),
        ("topics/python/index.html", "it/topics/pitone/index.html"),
        ("topics/python/atom.xml", "it/topics/pitone/atom.xml"),
        ("topics/index.html", "it/topics/index.html"),
        ("people/ada-quinn/index.html", "people/it/ada-quinn/index.html"),
        ("archive/2023/index.html", "it/archive/2023/index.html"),
    ],
)
def test_lang_in_url_options_places_each_tree(placed: Site, english: str, italian: str) -> None:
    assert (placed.site / english).is_file() and (placed.site / italian).is_file()
    if english.endswith(".html"):
        assert placed.html(english).html["lang"] == "en"
        assert placed.html(italian).html["lang"] == "it"


def test_lang_in_url_options_keeps_alternates_and_feeds_together(placed: Site) -> None:
    for start in ("blog/it/index.html", "it/2023/alpha/index.html", "it/topics/index.html"):
        found = links(placed, start)
        assert set(found) == {"en", "it", "x-default"}, start
        for url in found.values():
            assert links(placed, site_path(url)) == found  # reciprocal, at the new places
    italian = feedparser.parse((placed.site / "blog/it/rss.xml").read_text("utf-8"))
    assert [e.link for e in italian.entries] == [SITE_URL + "it/2023/alpha/"]
    assert not (placed.site / "it/topics/python").exists()
    assert not [p for p in placed.files() if "//" in str(p) or "{lang}" in str(p)]


def test_lang_in_url_options_of_a_blog_with_one_language(tmp_path) -> None:
    """Without `languages:`, `{lang}` is empty: the default language's URLs."""
    site = Site(tmp_path, plugin=PLACED, theme="mkdocs")
    site.post("2023-01-02_alpha", tags=["python"])
    site.build(strict=True)
    for path in ("2023/alpha/index.html", "blog/index.html", "topics/python/rss.xml",
                 "people/ada-quinn/index.html"):  # fmt: skip
        assert (site.site / path).is_file(), path


def test_lang_is_a_field_of_every_url_option() -> None:
    from mkdocs_blogmeta import urls

    assert urls.fill_lang("{lang}/topics/{slug}/", "") == "topics/{slug}/"
    assert urls.fill_lang("blog/{lang}/", "it") == "blog/it/"
    assert urls.fill_lang("{lang}/", "") == ""
    assert urls.check_folder_template("{lang}/tag/{slug}/", needs_slug=True) is None
    assert "may only use" in urls.check_folder_template("{lang}/{x}/", needs_slug=False)


# -- a regional code in its language's blog; pages only one language has -------------


def test_regional_code_is_in_its_languages_blog(tmp_path) -> None:
    """`language: en_US` (as Ghost and this project's schema write it) is in the `en`
    blog: no warning, its own `lang`, and the switcher names it as the option does."""
    site = Site(tmp_path, plugin={"languages": LANGUAGES}, theme="mkdocs")
    alpha = site.post("2023-01-02_alpha", tags=["python"], language="en_US")
    translate(alpha, "---\ntitle: Alfa\ntags: [pitone]\n---\nCiao.\n")
    site.post("2023-01-03_beta", language="fr_FR")
    site.build()
    assert [m for m in site.messages() if "language-unknown" in m] == [
        "mkdocs_blogmeta: posts/2023-01-03_beta/index.md:15: is in language 'fr_FR', which the "
        "`languages:` option does not name; it is left in the default language's blog "
        "[language-unknown]"
    ]
    assert site.html("alpha/index.html").html["lang"] == "en-US"
    switch = site.html("it/alpha/index.html").find("nav", class_="blogmeta-languages").find("a")
    assert (switch.get_text(), switch["hreflang"], switch["lang"]) == ("English", "en-US", "en-US")
    assert "Post beta" in site.html("index.html").get_text()


def test_a_page_only_one_language_has_links_no_counterpart(blog: Site) -> None:
    """`it/tag/pitone/` has no English page: no hreflang (not itself named English)."""
    assert links(blog, "it/tag/pitone/index.html") == {}
    assert links(blog, "tag/rust/index.html") == {}
