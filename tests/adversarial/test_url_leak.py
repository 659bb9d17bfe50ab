"""URL leaks: no link, image or field of a published page leads to a held post.

Each case is a tiny site with a draft (`MARKER` in its slug, with an image) and one
published post or plain page (`about.md`) pointing at it in one of the ways Markdown,
its extensions and raw HTML make a link. The build must give a site holding no byte of
the draft's URL (pages, search index, sitemap, feeds), keep the link's text, and say so
in a warning naming the page's file and line. The pure function (`unpublished.clean`)
is also checked for many generated link syntaxes rendered by Python-Markdown.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import unquote, urljoin

import lxml.html
import markdown
import pytest
from common import MARKER, assert_absent, both_ways
from helpers import Site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_blogmeta import unpublished

SLUG = f"{MARKER}-post"
FOLDER = f"2023-01-02_{SLUG}"
DRAFT_SRC = f"posts/{FOLDER}/index.md"
SOURCE = "2023-01-03_source"
SOURCE_SRC = f"posts/{SOURCE}/index.md"
EXTENSIONS = ["pymdownx.magiclink", "md_in_html", "attr_list"]
TEXT = "see the draft"
HOST = "https://blog.example.org"

# (name, Markdown, the text that must survive, or None when the text is the URL itself)
SYNTAXES = [
    ("inline", f"[{TEXT}]({HOST}/{SLUG}/)", TEXT),
    ("autolink", f"<{HOST}/{SLUG}/>", None),
    ("magiclink", f"Bare {HOST}/{SLUG}/ here.", "Bare"),
    ("raw-unquoted", f"<a href={HOST}/{SLUG}/>{TEXT}</a>", TEXT),
    ("raw-single-quoted", f"<a title='x' href='/{SLUG}/'>{TEXT}</a>", TEXT),
    ("raw-entity", f'<a href="/zqx&#100;raftleak-post/">{TEXT}</a>', TEXT),
    ("nested-brackets", f"[see [the] draft](../{SLUG}/)", "see [the] draft"),
    ("image-link", f"[![{TEXT}](../{SLUG}/photo.jpg)](../{SLUG}/)", None),
    ("line-break", f"[see the\ndraft](/{SLUG}/)", "see the\ndraft"),
    ("no-trailing-slash", f"[{TEXT}](/{SLUG})", TEXT),
    ("page-relative", f"[{TEXT}](../{SLUG}/)", TEXT),
    ("upper-case", f"[{TEXT}](HTTPS://BLOG.EXAMPLE.ORG/{SLUG}/)", TEXT),
    ("index-html", f"[{TEXT}](/{SLUG}/index.html?x=1#top)", TEXT),
    ("protocol-relative", f"[{TEXT}](//blog.example.org/{SLUG}/)", TEXT),
    ("percent-encoded", f"[{TEXT}](/zqx%64raftleak-post/)", TEXT),
    ("reference", f"[{TEXT}][d]\n\n[d]: /{SLUG}/", TEXT),
    ("md-in-html", f'<div markdown="1">\n[{TEXT}](/{SLUG})\n</div>', TEXT),
    ("attr-list", f"[{TEXT}](/elsewhere/){{: data-href='/{SLUG}/' }}", TEXT),
    ("bundle-folder", f"[{TEXT}](../{FOLDER}/)", TEXT),
    ("image", f"![a photo](/{SLUG}/photo.jpg) after", "after"),
]


def make(site: Site) -> None:
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}
    site.extra = {"markdown_extensions": list(EXTENSIONS)}
    site.post(
        FOLDER, body=f"Secret {MARKER} text.\n", images={"photo.jpg": (40, 30)}, status="draft"
    )


def source_file(site: Site, where: str, body: str) -> tuple[str, Path]:
    """The page under test: a published post, or a plain page."""
    if where == "post":
        return SOURCE_SRC, site.post(SOURCE, body=body)
    site.post(SOURCE, body="Nothing to see.\n")
    return "about.md", site.page("about.md", body)


def held_hrefs(site_dir: Path) -> list[str]:
    """Every URL of every page that, resolved as a browser does, names the draft."""
    found = []
    for page in site_dir.rglob("*.html"):
        text = page.read_text("utf-8", errors="replace")
        if not text.strip():
            continue
        rel = page.relative_to(site_dir).as_posix()
        base = urljoin(HOST + "/", rel)
        for el in lxml.html.document_fromstring(text).iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                if name.endswith(("href", "src", "srcset")):
                    url = unquote(urljoin(base, value.strip())).lower()
                    if SLUG in url or FOLDER.lower() in url:
                        found.append(f"{rel}: <{el.tag} {name}={value!r}>")
    return found


def line_span(path: Path, snippet: str) -> range:
    text = path.read_text("utf-8")
    first = text[: text.index(snippet)].count("\n") + 1
    return range(first, first + snippet.count("\n") + 1)


@pytest.mark.parametrize("where", ["post", "page"])
@pytest.mark.parametrize(("name", "snippet", "kept"), SYNTAXES, ids=[s[0] for s in SYNTAXES])
def test_no_syntax_leaks_the_draft_url(
    site: Site, where: str, name: str, snippet: str, kept: str | None
) -> None:
    make(site)
    src, path = source_file(site, where, f"# Source\n\nIntro.\n\n{snippet}\n\nThe end.\n")
    results = both_ways(site)
    for _, said in results:
        mine = [m for m in said if "[link-to-draft]" in m or "[embeds-draft]" in m]
        # reported once: not by the Markdown check and again in the HTML
        assert len(mine) == (2 if name == "image-link" else 1), said
        where_said = re.search(r"(\S+?):(\d+): ", mine[0].removeprefix("mkdocs_blogmeta: "))
        assert where_said and where_said.group(1) == src, mine[0]
        assert int(where_said.group(2)) in line_span(path, snippet), mine[0]
        assert DRAFT_SRC in mine[0]
    assert results[0][0]  # the plain build (left last) builds
    assert_absent(site.site, MARKER)
    assert held_hrefs(site.site) == []
    page = site.html("source/index.html" if where == "post" else "about/index.html")
    body = page.get_text()
    assert "Intro." in body and "The end." in body
    if kept is not None:
        assert " ".join(kept.split()) in " ".join(body.split())
    if name == "image-link":
        assert page.find("img", alt=TEXT) is None  # the draft's photo goes too


TEXT_URLS = [
    ("plain", f"See {HOST}/{SLUG}/ soon.", "See"),
    ("upper-case", f"See HTTPS://BLOG.EXAMPLE.ORG/{SLUG.upper()}/, soon.", "See"),
    ("code-span", f"Run `curl {HOST}/{SLUG}/?a=1&b=2` now.", "curl"),
    ("code-block", f"    wget {HOST}/{SLUG}/photo.jpg", "wget"),
]


@pytest.mark.parametrize("where", ["post", "page"])
@pytest.mark.parametrize(("name", "snippet", "kept"), TEXT_URLS, ids=[u[0] for u in TEXT_URLS])
def test_no_url_written_as_text_leaks_the_draft(
    site: Site, where: str, name: str, snippet: str, kept: str
) -> None:
    """A draft's absolute URL as plain text (no linkifier): taken out of the page, the
    search index and the feeds, with a warning naming the file and line."""
    make(site)
    site.extra = {"markdown_extensions": ["md_in_html", "attr_list"]}
    src, path = source_file(site, where, f"# Source\n\nIntro.\n\n{snippet}\n\nThe end.\n")
    results = both_ways(site)
    for _, said in results:
        mine = [m for m in said if "[draft-url-in-text]" in m]
        assert len(mine) == 1, said
        where_said = re.search(r"(\S+?):(\d+): ", mine[0].removeprefix("mkdocs_blogmeta: "))
        assert where_said and where_said.group(1) == src, mine[0]
        assert int(where_said.group(2)) in line_span(path, snippet), mine[0]
        assert DRAFT_SRC in mine[0]
    assert results[0][0]
    assert_absent(site.site, MARKER)
    page = site.html("source/index.html" if where == "post" else "about/index.html")
    body = page.get_text()
    assert "Intro." in body and "The end." in body and kept in body


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("header_img", f"../{FOLDER}/photo.jpg"),
        ("fb_img", f"../{FOLDER}/photo.jpg"),
        ("tw_img", f"/posts/{FOLDER}/photo.jpg"),
        ("header_img", f"{HOST}/{SLUG}/photo.jpg"),
        ("links", [f"posts/{FOLDER}/index.md"]),
        ("links", [{"The draft": f"/{SLUG}/"}]),
        ("links", [f"HTTPS://BLOG.EXAMPLE.ORG/{SLUG}"]),
    ],
)
def test_fields_into_a_draft_are_refused(site: Site, field: str, value: object) -> None:
    make(site)
    site.post(SOURCE, body="Some text.\n", **{field: value})
    (ok, said), (_, strict) = both_ways(site)
    for messages in (said, strict):
        mine = [m for m in messages if "[field-to-draft]" in m]
        assert len(mine) == 1 and SOURCE_SRC in mine[0] and f"'{field}'" in mine[0], messages
    assert ok
    assert_absent(site.site, MARKER)
    assert held_hrefs(site.site) == []


def test_shown_drafts_keep_their_links(site: Site) -> None:
    """With `drafts: true` the draft is part of the site: nothing is taken out of the HTML
    (the Markdown check still says a published post links to a draft)."""
    make(site)
    site.plugin = {"cards": "off", "drafts": True}
    site.post(SOURCE, body=f"See <{HOST}/{SLUG}/>.\n", header_img=f"../{FOLDER}/photo.jpg")
    site.build()
    assert not [m for m in site.messages() if "draft]" in m]
    page = site.html("source/index.html")
    assert f"{HOST}/{SLUG}/" in [a["href"] for a in page.select("article a[href]")]
    assert f"{SLUG}/photo.jpg" in page.find("meta", property="og:image")["content"]


def test_a_held_folder_does_not_hide_what_is_published_below_it(site: Site) -> None:
    """A draft at `/zqx.../` and a published page at `/zqx.../guide/`: links to the page stay."""
    make(site)
    site.page(f"{SLUG}/guide.md", "# Guide\n\nPublished.\n")
    site.post(SOURCE, body=f"[the guide](/{SLUG}/guide/) and [{TEXT}](/{SLUG}/)\n")
    site.build()
    hrefs = [a["href"] for a in site.html("source/index.html").select("a[href]")]
    assert f"/{SLUG}/guide/" in hrefs and f"/{SLUG}/" not in hrefs


# -- generated link syntaxes ---------------------------------------------------

_PREFIXES = [
    f"{HOST}/",
    "http://blog.example.org/",
    "HTTPS://BLOG.EXAMPLE.ORG/",
    "https://Blog.Example.Org:443/",
    "//blog.example.org/",
    "/",
    "../",
    "./../",
    "../../source/../",
]
_SUFFIXES = ["", "/", "/index.html", "/photo.jpg", "//"]


@st.composite
def draft_urls(draw: st.DrawFn) -> str:
    """A URL of the draft as someone may write it, from the page at `/source/`."""
    slug = SLUG
    if draw(st.booleans()):
        slug = slug.replace("d", "%64", 1)
    if draw(st.booleans()):
        slug = slug.upper()
    url = draw(st.sampled_from(_PREFIXES)) + slug + draw(st.sampled_from(_SUFFIXES))
    url += draw(st.sampled_from(["", "?a=1&b=2", "?q=%20"]))
    return url + draw(st.sampled_from(["", "#part", "#"]))


@st.composite
def link_syntaxes(draw: st.DrawFn) -> tuple[str, str | None]:
    """(Markdown holding one link to the draft, the text that must survive or None)."""
    url = draw(draft_urls())
    absolute = url.lower().startswith(("http://", "https://"))
    kinds = ["inline", "title", "angle", "reference", "raw", "image-link", "image", "div"]
    if absolute and "//" not in url.split("://", 1)[1] and "%" not in url:
        kinds += ["autolink", "magiclink"]
    kind = draw(st.sampled_from(kinds))
    quote = draw(st.sampled_from(['"', "'", ""]))
    if not quote and "?" in url:
        quote = '"'  # Python-Markdown takes `<a href=x?y>` for text, not HTML
    html_url = url.replace("&", "&amp;") if draw(st.booleans()) else url
    if kind == "inline":
        return f"[{TEXT}]({url})", TEXT
    if kind == "title":
        return f'[{TEXT}]({url} "a title")', TEXT
    if kind == "angle":
        return f"[{TEXT}](<{url}>)", TEXT
    if kind == "reference":
        return f"[{TEXT}][ref]\n\n[ref]: {url}", TEXT
    if kind == "raw":
        return f"<a class=x href={quote}{html_url}{quote}>{TEXT}</a>", TEXT
    if kind == "image-link":
        return f"[![{TEXT}](photo.png)]({url})", None
    if kind == "image":
        return f"![{TEXT}]({url}) after", "after"
    if kind == "div":
        return f'<div markdown="1">\n[{TEXT}]({url})\n</div>', TEXT
    if kind == "autolink":
        return f"<{url}>", None
    return f"Bare {url} here.", "Bare"


def space() -> unpublished.Space:
    target = unpublished.Target(DRAFT_SRC, "a draft")
    held = {f"{SLUG}/": target, f"posts/{FOLDER}": target, DRAFT_SRC: target}
    published = ["source/", "about/", "photo.png", "source/photo.png"]
    return unpublished.make_space(held, published, HOST + "/", {FOLDER: target})


SPACE = space()


@settings(max_examples=400, deadline=None)
@given(link_syntaxes())
def test_clean_removes_every_generated_link(case: tuple[str, str | None]) -> None:
    text, kept = case
    html = markdown.markdown(f"Intro.\n\n{text}\n\nThe end.", extensions=EXTENSIONS)
    cleaned, removed = unpublished.clean(html, "source/", SPACE)
    assert removed, html
    tree = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    for el in tree.iter():
        for value in el.attrib.values():
            url = unquote(urljoin(f"{HOST}/source/", value.strip())).lower()
            assert SLUG not in url and FOLDER.lower() not in url, (html, cleaned)
    assert MARKER not in unquote(cleaned).lower(), (html, cleaned)
    assert "Intro." in cleaned and "The end." in cleaned
    if kept is not None:
        assert " ".join(kept.split()) in " ".join(tree.text_content().split())


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(link_syntaxes())
def test_generated_links_in_real_builds(case: tuple[str, str | None]) -> None:
    text, _ = case
    with tempfile.TemporaryDirectory() as tmp:
        site = Site(Path(tmp))
        make(site)
        site.post(SOURCE, body=f"Intro.\n\n{text}\n", images={"photo.png": (30, 30)})
        site.build()
        assert [m for m in site.messages() if "draft]" in m and SOURCE_SRC in m]
        assert_absent(site.site, MARKER)
        assert held_hrefs(site.site) == []


@pytest.mark.parametrize("theme", ["mkdocs", "material", "readthedocs"])
def test_a_nav_entry_naming_a_draft_leaves_every_written_page(site: Site, theme: str) -> None:
    """`nav:` in mkdocs.yml naming a draft's file or URL: MkDocs makes a link of it on
    every page (and on 404.html); the theme renders it, outside any page's Markdown.
    The last look at each written page takes it out, with one warning per draft."""
    site.theme = theme
    site.plugin = {"cards": "off"}
    site.post("2023-01-01_kept", body="Kept.\n")
    site.post(FOLDER, body=f"Secret {MARKER}.\n", status="draft", title=f"Draft {MARKER}")
    site.page("about.md", "# About\n\nText.\n")
    site.extra = {"nav": ["about.md", {"Secret": DRAFT_SRC}, {"Old": f"/{SLUG}/"}]}
    results = both_ways(site)
    assert results[0][0], results[0][1]  # strict stops on MkDocs' own nav warning too
    for _, said in results:
        warned = [m for m in said if m.endswith("[theme-links-draft]")]
        assert len(warned) == 1 and DRAFT_SRC in warned[0], said
    assert_absent(site.site, MARKER)
    assert "About" in (site.site / "about/index.html").read_text("utf-8")
