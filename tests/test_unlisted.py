"""Unlisted posts: built at their URL with `noindex`, and in no other file of the site
(lists, feeds, sitemap, search index, other posts' boxes, the permalink history), each
of the three ways engines write it."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import OMIT, Site
from lxml import html as lxml_html

from mkdocs_blogmeta import visibility

#: One marker per spelling: each is in its post's title, body, a tag and a category, and
#: in its slug, but for the post a published post links to (its URL is in that post's
#: page and feed entries by design): its slug is `QUIET`.
SPELLINGS = {
    "zqxunlistedstatus": {"status": "unlisted"},
    "zqxunlistedflag": {"unlisted": True},
    "zqxunlistedhugo": {"status": OMIT, "build": {"list": "never"}},
}
LINKED = "zqxunlistedstatus"
QUIET = "quiet-one"


def _folder(marker: str) -> str:
    """The unlisted post's folder in the site."""
    return QUIET if marker == LINKED else marker


def _site(root: Path, theme: str) -> Site:
    site = Site(root, theme=theme, plugin={"related_count": 5, "per_page": 2})
    site.post("2023-01-01_oldest", tags=["shared"], categories=["Notes"])
    for n, (marker, fields) in enumerate(SPELLINGS.items(), 2):
        site.post(
            f"2023-0{n}-01_{marker}",
            body=f"The {marker} body.\n\n## A {marker} section\n\nMore {marker} text.\n",
            title=f"The {marker} title",
            tags=["shared", f"{marker}-tag"],
            categories=["Notes", f"{marker}-category"],
            updated="!raw 2024-06-01T00:00:00Z",  # newer than any listed post
            **({"slug": QUIET} if marker == LINKED else {}),
            **fields,
        )
    site.post(
        "2023-06-01_linker",
        body=f"Read [the secret one](../2023-02-01_{LINKED}/index.md).\n",
        tags=["shared"],
        categories=["Notes"],
    )
    site.post("2023-07-01_newest", tags=["shared"], categories=["Notes"])
    return site


@pytest.fixture(scope="module", params=["material", "mkdocs"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = _site(tmp_path_factory.mktemp(f"unlisted-{request.param}"), request.param)
    return site.build(strict=True)


def _texts(site: Site) -> dict[str, str]:
    """Every output file as text, gzip opened: the sitemap's `.gz` copy too."""
    out = {}
    for path in site.files():
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        out[path.relative_to(site.site).as_posix()] = data.decode("utf-8", "replace")
    return out


def test_each_spelling_is_read_as_unlisted() -> None:
    from datetime import UTC, datetime

    for marker, fields in SPELLINGS.items():
        front = {k: v for k, v in fields.items() if v is not OMIT}
        verdict = visibility.decide(
            front, src=marker, lines={}, now=datetime.now(UTC), future_is_draft=True
        )
        assert (verdict.hidden, verdict.listed, verdict.status) == (None, False, "unlisted")


@pytest.mark.parametrize(
    "front",
    [{"unlisted": "yes"}, {"build": {"list": "sometimes"}}, {"status": "unlisted", "draft": True}],
)
def test_an_unreadable_or_held_unlisted_post_is_held_back(front: dict) -> None:
    from datetime import UTC, datetime

    verdict = visibility.decide(front, src="x.md", lines={}, now=datetime.now(UTC),
                                future_is_draft=True)  # fmt: skip
    assert verdict.hidden == "draft"


def test_the_page_is_built_with_noindex_and_its_own_canonical(built: Site) -> None:
    for marker in SPELLINGS:
        url = f"https://blog.example.org/{_folder(marker)}/"
        page = lxml_html.fromstring((built.site / _folder(marker) / "index.html").read_bytes())
        assert marker in page.xpath("string(//article//h1)")
        assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
        assert page.xpath("//link[@rel='canonical']/@href") in ([], [url])
        # Shared by its link: the share tags are there.
        assert page.xpath("//meta[@property='og:url']/@content") == [url]
        # No previous/next of its own; related posts, from the listed ones only.
        assert not page.xpath("//*[contains(@class, 'blogmeta-neighbours')]//a")
        related = page.xpath("//*[contains(@class, 'blogmeta-related')]//a/@href")
        assert related and not [href for href in related if "zqx" in href or QUIET in href]


def test_its_marker_is_in_no_other_file(built: Site) -> None:
    texts = _texts(built)
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "rss.xml"} <= set(texts)
    for marker in SPELLINGS:
        for name, text in texts.items():
            if name.startswith(f"{_folder(marker)}/"):
                continue
            assert marker not in name, name
            assert marker not in text, name
    # The linked post's URL: in the page and the feed entries of the post linking it.
    for name in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "index.html"):
        assert QUIET not in texts[name], name


def test_a_published_post_keeps_its_link(built: Site) -> None:
    page = lxml_html.fromstring((built.site / "linker/index.html").read_bytes())
    links = page.xpath(f"//article//a[contains(@href, '{QUIET}')]/@href")
    assert links == [f"../{QUIET}/"]
    # Only the link names it: no box, list or tag of the page does.
    for link in page.xpath(f"//a[contains(@href, '{QUIET}')]"):
        link.drop_tree()
    assert QUIET not in lxml_html.tostring(page, encoding="unicode")


def test_lists_skip_it(built: Site) -> None:
    index = lxml_html.fromstring((built.site / "index.html").read_bytes())
    entries = index.xpath("//article//a/@href")
    assert entries and "linker/" in entries and not [h for h in entries if "zqx" in h]
    # Its neighbours are each other's.
    linker = lxml_html.fromstring((built.site / "linker/index.html").read_bytes())
    older = linker.xpath("//a[contains(@class, 'blogmeta-neighbours__older')]/@href")
    assert older == ["../oldest/"]


def test_listing_lastmod_is_the_newest_listed_post(built: Site) -> None:
    from lxml import etree

    tree = etree.fromstring((built.site / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {
        url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
        for url in tree.findall("s:url", ns)
    }
    root = "https://blog.example.org/"
    # The unlisted posts were updated in 2024; the lists' newest listed post is of July.
    assert lastmod[root] == "2023-07-01"
    assert lastmod[root + "tag/shared/"] == "2023-07-01"
    assert lastmod[root + "category/notes/"] == "2023-07-01"
    assert lastmod[root + "tags/"] == "2023-07-01"
    assert lastmod[root + "linker/"] == "2023-06-01"
    assert (
        gzip.decompress((built.site / "sitemap.xml.gz").read_bytes())
        == (built.site / "sitemap.xml").read_bytes()
    )


def test_search_index_keeps_the_other_pages(built: Site) -> None:
    docs = json.loads((built.site / "search/search_index.json").read_text("utf-8"))["docs"]
    locations = {d["location"].split("#")[0] for d in docs}
    assert {"linker/", "oldest/", "newest/"} <= locations


def test_search_index_leaves_out_later_listing_pages(built: Site) -> None:
    """A listing's first page is found by search; its later pages, which hold only
    excerpts of posts search finds as themselves, are not (both search plugins)."""
    docs = json.loads((built.site / "search/search_index.json").read_text("utf-8"))["docs"]
    locations = {d["location"].split("#")[0] for d in docs}
    assert (built.site / "page/2/index.html").is_file()
    assert (built.site / "tag/shared/page/2/index.html").is_file()
    assert {"", "tag/shared/", "category/notes/"} <= locations
    assert not {loc for loc in locations if "page/" in loc}
    sitemap = (built.site / "sitemap.xml").read_text("utf-8")
    assert "/tag/shared/page/2/</loc>" in sitemap  # still in the sitemap


def test_a_prebuilt_search_index_is_built_again(tmp_path: Path) -> None:
    """MkDocs' search with `prebuild_index`: the index it prebuilt held the unlisted
    posts' and later listing pages' words. It is built again from the entries kept, by
    MkDocs' own code, not dropped (the browser would build it on every visit)."""
    site = _site(tmp_path, "mkdocs")
    site.extra = {"plugins": [{"search": {"prebuild_index": "python"}}, {"blogmeta": site.plugin}]}
    site.build(strict=True)
    data = json.loads((site.site / "search/search_index.json").read_text("utf-8"))
    kept = {d["location"] for d in data["docs"]}
    refs = {ref.split("/", 1)[1] for ref, _ in data["index"]["fieldVectors"]}
    assert refs == kept and "tag/shared/" in kept
    assert not {loc for loc in kept if "page/" in loc}
    words = {word for word, _ in data["index"]["invertedIndex"]}
    assert "linker" in words and not {w for w in words if w.startswith("zqx")}


def test_the_history_file_and_list_command(tmp_path: Path) -> None:
    site = _site(tmp_path, "material")
    config = site.config_file()

    def blogmeta(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "mkdocs_blogmeta.cli", *args],
                              cwd=config.parent, capture_output=True, text=True)  # fmt: skip

    run = blogmeta("urls")
    assert run.returncode == 0, run.stderr
    history = (tmp_path / "blogmeta-urls.yml").read_text("utf-8")
    assert "/linker/" in history and "zqx" not in history and QUIET not in history
    rows = json.loads(blogmeta("list", "--json").stdout)
    states = {r["slug"]: (r["state"], r["listed"]) for r in rows}
    for marker in SPELLINGS:
        assert states[_folder(marker)] == ("unlisted", False)
    assert states["linker"] == ("published", True)
    assert "3 unlisted" in blogmeta("list").stdout


def test_a_sitemap_it_cannot_read_stops_the_build(site: Site) -> None:
    """Fails closed: a theme's sitemap that is not XML may name the unlisted post."""
    from helpers import BuildFailed

    site.extra = {"theme": {"name": "mkdocs", "custom_dir": "overrides"}}
    site.page(
        "../overrides/sitemap.xml", "<urlset>{% for f in pages %}<url>{{ f.page.url }}{% endfor %}"
    )
    site.post("2023-01-01_shown")
    site.post("2023-02-01_hidden-one", status="unlisted")
    with pytest.raises(BuildFailed) as failed:
        site.build()
    assert "[unlisted-unreadable]" in str(failed.value.messages()) + str(failed.value)
