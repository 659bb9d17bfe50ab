"""The interop matrix: the example site built beside each plugin of `peers.toml`, the
real package from PyPI, listed after blogmeta and then before it, under `--strict`.

Each case is one build of a copy of the example site, plus a post that uses the peer's
feature from files of its own bundle, and a draft the published post links to. Each
case checks blogmeta's features (posts at their URLs with one `og:title`, index and tag
pages listing posts, feeds with items, no byte of the draft anywhere, no warning that
blogmeta alone does not give) and the peer's own feature.
"""

from __future__ import annotations

import logging
import re
import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest
import yaml
from adversarial.common import MARKER, assert_absent
from bs4 import BeautifulSoup
from helpers import ROOT, BuildFailed, captured, git_commit, run_build
from mkdocs.config import load_config
from PIL import Image

PEERS_FILE = Path(__file__).with_name("peers.toml")
PEERS: list[dict[str, Any]] = tomllib.loads(PEERS_FILE.read_text("utf-8"))["peer"]
SITE_URL = "https://blog.example.org/"
POST = "posts/2024-05-01_works-with"
DRAFT = f"posts/2024-05-02_{MARKER}"
SLUGS = [
    "the-quiet-joy-of-boring-tools", "reading-code-out-loud", "cafe-culture-pairing",
    "template-tag-tips", "commit-messages-for-strangers", "flaky-tests-are-a-smell",
    "profiling-before-guessing", "the-docs-are-the-product", "on-call-without-burning-out",
    "small-pull-requests", "type-hints-as-documentation",
    "works-with",
]  # fmt: skip
FEEDS = ["rss.xml", "atom.xml", "feed.json"]


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, "utf-8")


def _front_matter(**fields: Any) -> str:
    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n\n"


def make_site(root: Path, peer: dict[str, Any] | None, first: bool, cache: Path) -> Path:
    """The example site, a post using the peer's feature, a draft it links to; the config
    with the peer listed after (`first`) or before blogmeta. Returns the config file."""
    docs = root / "docs"
    shutil.copytree(ROOT / "example_site/docs", docs)
    todo = docs / "posts/2023-04-07_profiling-before-guessing/index.md"  # planted on purpose
    todo.write_text(todo.read_text("utf-8").replace("TODO: add benchmarks here", ""), "utf-8")
    peer = peer or {}
    link = f"A link to [the draft](../2024-05-02_{MARKER}/index.md)."
    _write(
        docs / POST / "index.md",
        _front_matter(
            title="Works with other plugins",
            slug="works-with",
            date="2024-05-01T10:00:00.000Z",
            author="Ada Quinn",
            author_slug="ada-quinn",
            status="published",
            tags=["tooling"],
            **peer.get("front_matter", {}),
        )
        + f"Plain words zqxplainwords.\n\n{link}\n\n{peer.get('markdown', '')}\n",
    )
    _write(docs / POST / "part.md", f"Included words zqxincluded.\n\n{link}\n")
    _write(docs / POST / "table.csv", "name,count\nzqxcell,1\nbeta,2\n")
    _write(docs / POST / "clip.mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
    (docs / POST / "photo.png").parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), "#557799").save(docs / POST / "photo.png")
    _write(
        docs / DRAFT / "index.md",
        _front_matter(
            title=f"Draft {MARKER}",
            slug=MARKER,
            date="2024-05-02T10:00:00Z",
            status="draft",
            tags=["tooling", MARKER],
        )
        + f"Secret {MARKER}.\n\n![x]({MARKER}.png)\n",
    )
    Image.new("RGB", (20, 20), "#aa0000").save(docs / DRAFT / f"{MARKER}.png")
    for name, text in peer.get("files", {}).items():
        _write(docs / name, text)
    example = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    example["theme"]["custom_dir"] = str(ROOT / "example_site/overrides/material")
    # The post links the draft on purpose: under `--strict`, that removal is advice.
    mine = {"blogmeta": {"cache_dir": str(cache), "messages": {"link-to-draft": "info"}}}
    plugins: list[Any] = ["search"]
    if peer:
        theirs = {peer["name"]: peer.get("config", {})}
        plugins += [mine, theirs] if first else [theirs, mine]
    else:
        plugins.append(mine)
    config = {**example, "docs_dir": "docs", "site_dir": "site", "plugins": plugins}
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
    git_commit(root)
    return path


def build(config_file: Path, strict: bool) -> list[logging.LogRecord]:
    """Build as `mkdocs build [--strict]` does; every log record kept."""
    with captured() as records:
        try:
            run_build(load_config(config_file=str(config_file), strict=strict))
        except Exception as exc:
            raise BuildFailed(f"{type(exc).__name__}: {exc}", records) from exc
    return records


def _unnumbered(message: str) -> str:
    """A message without its line number (the peer's post has more front matter)."""
    return re.sub(r"\.md:\d+:", ".md:", message)


def warnings(records: list[logging.LogRecord]) -> list[str]:
    return [r.getMessage() for r in records if r.levelno >= logging.WARNING]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One card cache for every case: the cards are drawn once."""
    return tmp_path_factory.mktemp("cards")


@pytest.fixture(scope="module")
def alone(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> list[str]:
    """What blogmeta alone says of the test site."""
    root = tmp_path_factory.mktemp("alone")
    return warnings(build(make_site(root, None, True, cache), strict=False))


def html(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text("utf-8"), "lxml")


def check_blog(site: Path) -> None:
    """blogmeta's own features, whatever ran beside it."""
    for slug in SLUGS:
        page = html(site, f"{slug}/index.html")
        assert len(page.select('meta[property="og:title"]')) == 1, slug
    listed = set()
    for index in [site / "index.html", *site.glob("page/*/index.html")]:
        for a in BeautifulSoup(index.read_text("utf-8"), "lxml").select("a[href]"):
            listed.add(a["href"].strip("./").split("/")[0])
    assert set(SLUGS) <= listed, set(SLUGS) - listed
    tag = html(site, "tag/tooling/index.html")
    hrefs = {a["href"] for a in tag.select("a[href]")}
    assert any("works-with" in h for h in hrefs), "the tag page does not list the post"
    for name in FEEDS[:2]:
        feed = feedparser.parse((site / name).read_bytes())
        links = {e.link.removesuffix("index.html") for e in feed.entries}
        assert f"{SITE_URL}works-with/" in links, name  # offline: no directory URLs
    assert_absent(site, MARKER)


def _text(site: Path, path: str = "works-with/index.html") -> str:
    return html(site, path).get_text(" ")


def _post(site: Path) -> BeautifulSoup:
    return html(site, "works-with/index.html")


def peer_git_revision(site: Path) -> None:
    assert _post(site).select(".git-revision-date-localized-plugin")


def peer_git_authors(site: Path) -> None:
    assert "Blog" in _text(site)


def peer_rss(site: Path) -> None:
    feed = feedparser.parse((site / "feed_rss_created.xml").read_bytes())
    links = {e.link for e in feed.entries}
    assert f"{SITE_URL}works-with/" in links, links
    assert not any("posts/" in link for link in links), links


def peer_include(site: Path) -> None:
    assert "zqxincluded" in _text(site)


def peer_table(site: Path) -> None:
    assert any("zqxcell" in td.get_text() for td in _post(site).select("table td"))


def peer_video(site: Path) -> None:
    page = _post(site)
    assert any("clip.mp4" in (el.get("src") or "") for el in page.select("video, source, iframe"))


def peer_i18n(site: Path) -> None:
    assert (site / "about/index.html").is_file()


def peer_htmlproofer(site: Path) -> None:
    pass  # `raise_error` fails the build on a broken link


def peer_redirects(site: Path) -> None:
    for old, new in [("old-peer", "works-with/"), ("old-tags", "tags/")]:
        page = html(site, f"{old}/index.html")
        refresh = page.select_one('meta[http-equiv="refresh"]')["content"]
        target = refresh.split("url=", 1)[1].strip()
        resolved = (Path("/", old) / target).resolve().as_posix().strip("/") + "/"
        assert resolved == new, (old, target)


def peer_print_site(site: Path) -> None:
    text = html(site, "print_page/index.html").get_text(" ")
    assert "Works with other plugins" in text and "Small pull requests" in text  # the listing


def peer_minify(site: Path) -> None:
    raw = (site / "works-with/index.html").read_text("utf-8")
    assert raw.count("\n") < 10, "not minified"


def peer_glightbox(site: Path) -> None:
    links = _post(site).select("a.glightbox")
    assert any("photo.png" in a.get("href", "") for a in links)


def peer_macros(site: Path) -> None:
    assert "Built by Three Desks macros" in _text(site)


def peer_awesome_nav(site: Path) -> None:
    nav = [a.get_text(strip=True) for a in html(site, "index.html").select("nav a.md-nav__link")]
    assert nav and nav[0].startswith("About"), nav


def peer_literate_nav(site: Path) -> None:
    assert (site / "works-with/index.html").is_file()


def peer_section_index(site: Path) -> None:
    assert (site / "about/index.html").is_file()


def peer_gen_files(site: Path) -> None:
    assert "Made by a script" in _text(site, "generated/index.html")


def peer_exclude_search(site: Path) -> None:
    index = (site / "search/search_index.json").read_text("utf-8")
    assert '"location":"about/"' not in index.replace(" ", "")
    assert "works-with/" in index


def peer_new_tab(site: Path) -> None:
    assert (site / "assets/javascripts/open_in_new_tab.js").is_file() or "open_in_new_tab" in (
        site / "works-with/index.html"
    ).read_text("utf-8")


def peer_enumerate(site: Path) -> None:
    # It numbers the pages of the nav, where posts are not (the blog index lists them).
    headings = [h.get_text(" ", strip=True) for h in html(site, "about/index.html").select("h2")]
    assert headings and all(re.match(r"\d", h) for h in headings), headings


def peer_ezlinks(site: Path) -> None:
    hrefs = [a["href"] for a in _post(site).select("a[href]")]
    assert any("about" in h for h in hrefs), hrefs


def peer_autorefs(site: Path) -> None:
    hrefs = [a["href"] for a in _post(site).select("article a[href], .md-content a[href]")]
    assert any(h.endswith("#first-heading") for h in hrefs), hrefs


def peer_tags(site: Path) -> None:
    assert _post(site).select(".md-tag"), "no tags on the post"
    index = html(site, "tag-index/index.html")
    hrefs = {a["href"] for a in index.select("a[href]")}
    assert any(h.rstrip("/").endswith("works-with") for h in hrefs), hrefs


def peer_offline(site: Path) -> None:
    assert (site / "search/search_index.js").is_file()


def peer_privacy(site: Path) -> None:
    assert (site / "works-with/index.html").is_file()


def peer_meta(site: Path) -> None:
    toc = _post(site).select_one(".md-sidebar--secondary")
    assert toc is not None and toc.has_attr("hidden"), "the .meta.yml was not applied"


def _resolves(site: Path, page_url: str, ref: str) -> str | None:
    """The site path a relative `ref` on the page at `page_url` names, if it exists."""
    path = unquote(urlsplit(urljoin("https://h" + page_url, ref)).path).lstrip("/")
    target = site / path / "index.html" if path == "" or path.endswith("/") else site / path
    return path if target.is_file() else None


def _every_file_text(site: Path) -> str:
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in site.rglob("*") if p.is_file()
    )


def peer_meta_descriptions(site: Path) -> None:
    assert len(_post(site).select('meta[name="description"]')) == 1
    about = html(site, "about/index.html").select('meta[name="description"]')
    assert len(about) == 1 and about[0].get("content")


def peer_llmstxt(site: Path) -> None:
    text = (site / "llms.txt").read_text("utf-8")
    assert f"{SITE_URL}works-with/index.md" in text, text
    assert "zqxplainwords" in (site / "works-with/index.md").read_text("utf-8")


def peer_simple_hooks(site: Path) -> None:
    assert "zqxhooked" in _text(site)


def peer_mermaid2(site: Path) -> None:
    page = _post(site)
    assert page.select("div.mermaid")
    script = next(
        s.string for s in page.select("script[type=module]") if "mermaid" in (s.string or "")
    )
    found = re.search(r'import mermaid from "([^"]+)"', script)
    assert found and _resolves(site, "/works-with/", found.group(1)), script


def peer_caption(site: Path) -> None:
    figures = _post(site).select("figure")
    assert any(
        f.select_one("img[src$='photo.png']") and "Figure 1" in f.get_text() for f in figures
    )


def peer_badges(site: Path) -> None:
    assert any("zqxbadge" in b.get_text() for b in _post(site).select(".badge"))


def peer_alias(site: Path) -> None:
    user = [a["href"] for a in html(site, "alias-user/index.html").select(".md-content a[href]")]
    assert any(_resolves(site, "/alias-user/", h) == "works-with/" for h in user), user
    post = [a["href"] for a in _post(site).select(".md-content a[href]")]
    assert any(_resolves(site, "/works-with/", h) == "alias-target/" for h in post), post


def peer_nav_weight(site: Path) -> None:
    nav = html(site, "about/index.html").select("nav.md-nav--primary a.md-nav__link")
    titles = [a.get_text(strip=True) for a in nav]
    assert titles and titles[0].startswith("ZZ first"), titles


def peer_codeinclude(site: Path) -> None:
    assert "zqxsnippet" in " ".join(c.get_text() for c in _post(site).select("code"))


def peer_link_marker(site: Path) -> None:
    links = _post(site).select('a[href="https://example.com/"]')
    assert links and "\u29c9" in links[0].get_text()


def peer_swagger(site: Path) -> None:
    frames = _post(site).select("iframe")
    assert frames and all(_resolves(site, "/works-with/", f["src"]) for f in frames)


def peer_kroki(site: Path) -> None:
    assert any("kroki.io/plantuml/" in i.get("src", "") for i in _post(site).select("img"))


def peer_pagetree(site: Path) -> None:
    assert _post(site).select(".pagetree")


def peer_obsidian(site: Path) -> None:
    hrefs = [a["href"] for a in _post(site).select(".md-content a[href]")]
    assert any(_resolves(site, "/works-with/", h) == "about/" for h in hrefs), hrefs


def peer_encrypt(site: Path) -> None:
    raw = (site / "works-with/index.html").read_text("utf-8")
    assert "encrypted_content" in raw or "mkdocs-encrypted-content" in raw, "not encrypted"
    assert "zqxsecretbody" not in _every_file_text(site)


def peer_img2fig(site: Path) -> None:
    images = _post(site).select("figure img")
    assert len(images) >= 2, images
    bad = [i["src"] for i in images if not _resolves(site, "/works-with/", i["src"])]
    assert not bad, bad


def peer_document_dates(site: Path) -> None:
    hrefs = [
        a.get("href", "") for a in html(site, "recent/index.html").select(".md-content a[href]")
    ]
    assert any(h.rstrip("/").endswith("works-with") for h in hrefs), hrefs


def peer_exclude(site: Path) -> None:
    assert not (site / "works-with/table.csv").exists()
    assert (site / "works-with/photo.png").is_file()


CHECKS: dict[str, Callable[[Path], None]] = {
    "git-revision-date-localized": peer_git_revision,
    "git-authors": peer_git_authors,
    "rss": peer_rss,
    "include-markdown": peer_include,
    "table-reader": peer_table,
    "mkdocs-video": peer_video,
    "i18n": peer_i18n,
    "htmlproofer": peer_htmlproofer,
    "redirects": peer_redirects,
    "print-site": peer_print_site,
    "minify": peer_minify,
    "glightbox": peer_glightbox,
    "macros": peer_macros,
    "awesome-nav": peer_awesome_nav,
    "literate-nav": peer_literate_nav,
    "section-index": peer_section_index,
    "gen-files": peer_gen_files,
    "exclude-search": peer_exclude_search,
    "open-in-new-tab": peer_new_tab,
    "enumerate-headings": peer_enumerate,
    "ezlinks": peer_ezlinks,
    "autorefs": peer_autorefs,
    "tags": peer_tags,
    "offline": peer_offline,
    "privacy": peer_privacy,
    "meta": peer_meta,
    "meta-descriptions": peer_meta_descriptions,
    "llmstxt": peer_llmstxt,
    "minify_html": peer_minify,
    "mkdocs-simple-hooks": peer_simple_hooks,
    "mermaid2": peer_mermaid2,
    "caption": peer_caption,
    "badges": peer_badges,
    "alias": peer_alias,
    "mkdocs-nav-weight": peer_nav_weight,
    "codeinclude": peer_codeinclude,
    "link-marker": peer_link_marker,
    "swagger-ui-tag": peer_swagger,
    "kroki": peer_kroki,
    "pagetree": peer_pagetree,
    "obsidian-bridge": peer_obsidian,
    "encryptcontent": peer_encrypt,
    "img2fig": peer_img2fig,
    "document-dates": peer_document_dates,
    "exclude": peer_exclude,
}


def test_every_peer_has_its_check() -> None:
    assert sorted(CHECKS) == sorted(p["name"] for p in PEERS)
    assert len(PEERS) >= 20


@pytest.mark.parametrize("first", [True, False], ids=["after", "before"])
@pytest.mark.parametrize("peer", PEERS, ids=[p["name"] for p in PEERS])
def test_builds_beside(
    peer: dict[str, Any],
    first: bool,
    tmp_path: Path,
    cache: Path,
    alone: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = make_site(tmp_path, peer, first, cache)
    monkeypatch.chdir(tmp_path)  # as `mkdocs build` is run: from the repository
    # `--strict`, unless the peer warns of pages it did not expect (its notes say which).
    strict = not peer.get("allowed")
    try:
        records = build(config, strict=strict)
    except BuildFailed as exc:
        pytest.fail(f"{exc}\n" + "\n".join(exc.messages()))
    for record in records:
        assert record.exc_info is None, record.getMessage()
        assert "Traceback" not in record.getMessage(), record.getMessage()
    allowed = peer.get("allowed", [])
    known = set(map(_unnumbered, alone))
    new = [
        w
        for w in warnings(records)
        if _unnumbered(w) not in known and not any(a in w for a in allowed)
    ]
    assert not new, new
    site = tmp_path / "site"
    check_blog(site)
    CHECKS[peer["name"]](site)
