"""The migration guides (docs/migrating.md) build what they say.

Each guide (a `## From ...` section) holds one or more example sites. A site's
marked blocks are written into a temp folder and built with MkDocs in-process;
the site's "What the build gives" table is then checked against the HTML, so a
guide whose examples no longer build as described fails here. Markers:

- `<!-- example: <site>/<path> -->` before a fenced block: a file of the site;
- `<!-- example-image: <site>/<path> <w>x<h> -->`: an image of that size;
- `<!-- expect: <site> -->` before a `| what | value |` table: what to check.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from helpers import ROOT, Site, write_image
from test_permalinks import redirect_target

from mkdocs_blogmeta import cli, posts

GUIDE = ROOT / "docs" / "migrating.md"
#: The example sites of each `## From ...` section, in the guide's order.
SECTION_SITES = (("material",), ("schema", "astro"), ("hugo",), ("jekyll",))
SITES = tuple(site for sites in SECTION_SITES for site in sites)
SECTIONS = ("### Steps", "### What the build gives", "### What maps to what",
            "### Keeping old URLs", "### What changes")  # fmt: skip

_EXAMPLE_RE = re.compile(
    r"^<!-- example: (?P<path>\S+) -->\n(?P<fence>`{3,}|~{3,})[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_IMAGE_RE = re.compile(r"^<!-- example-image: (?P<path>\S+) (?P<w>\d+)x(?P<h>\d+) -->$", re.M)
_EXPECT_RE = re.compile(r"^<!-- expect: (?P<guide>[\w-]+) -->\n(?P<table>(?:\|.*\n?)+)", re.M)
_MARKER_RE = re.compile(r"^<!-- (example|example-image|expect): (\S+)", re.M)
_CODE_RE = re.compile(r"`([^`]+)`")

#: Rows of a "What the build gives" table: which must be there, which may repeat.
KEYS = {"post file", "url", "title", "date", "updated", "author", "tags", "categories",
        "reading time", "description", "header image", "share image", "index", "tag page",
        "category page", "author page", "archive page", "old url", "feed", "not built",
        "warnings", "excerpt"}  # fmt: skip
REQUIRED = {"post file", "url", "title", "date", "author", "tags", "description", "not built",
            "warnings"}  # fmt: skip
REPEATABLE = {"old url", "not built"}


@dataclass
class Guide:
    """One example site (named as in its markers) and what the guide says its build gives."""

    name: str
    files: dict[str, str] = field(default_factory=dict)
    images: dict[str, tuple[int, int]] = field(default_factory=dict)
    expect: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def one(self, key: str) -> str | None:
        """A row given at most once (a repeated one is a mistake in the guide)."""
        values = self.expect.get(key, [])
        assert len(values) <= 1, f"{self.name}: '{key}' given {len(values)} times"
        return values[0] if values else None

    def items(self, key: str) -> list[str]:
        """A comma-separated row (tags, authors) as a list; `none` is the empty list."""
        value = self.one(key)
        return [v.strip() for v in value.split(",")] if value and value != "none" else []


def read_guides(text: str) -> dict[str, Guide]:
    """Every example site's files and expectations, by site name."""
    guides: dict[str, Guide] = {}

    def guide_of(path: str) -> tuple[Guide, str]:
        name, _, rest = path.partition("/")
        assert rest, f"example path '{path}' has no '<site>/' prefix"
        return guides.setdefault(name, Guide(name)), rest

    for match in _EXAMPLE_RE.finditer(text):
        guide, rest = guide_of(match["path"])
        assert rest not in guide.files, f"{match['path']} is given twice"
        guide.files[rest] = match["body"]
    for match in _IMAGE_RE.finditer(text):
        guide, rest = guide_of(match["path"])
        guide.images[rest] = (int(match["w"]), int(match["h"]))
    for match in _EXPECT_RE.finditer(text):
        guide = guides.setdefault(match["guide"], Guide(match["guide"]))
        for key, value in _table_rows(match["table"]):
            assert key in KEYS, f"{guide.name}: unknown row '{key}' (known: {sorted(KEYS)})"
            guide.expect[key].append(value)
    return guides


def _table_rows(table: str) -> list[tuple[str, str]]:
    """(what, value) of each row; a value that is one code span loses its backticks."""
    rows = []
    for line in table.strip().splitlines()[2:]:  # the header and the |---| line
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == 2, f"a row should be '| what | value |': {line}"
        key, value = cells[0].lower(), cells[1]
        rows.append((key, value[1:-1] if _CODE_RE.fullmatch(value) else value))
    return rows


@pytest.fixture(scope="module")
def guides() -> dict[str, Guide]:
    """The guide is read once: every test checks the same text."""
    return read_guides(GUIDE.read_text("utf-8"))


class GuideSite(Site):
    """A site built from the guide's own mkdocs.yml (Site writes one of its own)."""

    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"


def write_site(guide: Guide, root: Path) -> GuideSite:
    """Write the guide's example files and images under `root`, as a reader would."""
    for path, text in guide.files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    for path, size in guide.images.items():
        write_image(root / path, size)
    return GuideSite(root)


def page_file(site_dir: Path, url: str) -> Path:
    """The file served at a site URL (`/x/` is `x/index.html`, `/x.html` itself)."""
    path = url.lstrip("/")
    return site_dir / (path + "index.html" if not path or path.endswith("/") else path)


def soup_of(path: Path) -> BeautifulSoup:
    """A page parsed as browsers do, not searched as text."""
    return BeautifulSoup(path.read_text("utf-8"), "lxml")


def meta(soup: BeautifulSoup, prop: str) -> list[str]:
    """Every `<meta property=...>` value of that name, in order."""
    return [m["content"] for m in soup.find_all("meta", property=prop)]


def listed_entry(site_dir: Path, url: str, title: str) -> Tag | None:
    """The entry with that title on the listing page at `url`, if there is one."""
    for entry in soup_of(page_file(site_dir, url)).select(".blogmeta-entry"):
        link = entry.select_one(".blogmeta-entry__title a")
        if link is not None and link.get_text(strip=True) == title:
            return entry
    return None


def with_drafts(config_text: str) -> str:
    """The guide's mkdocs.yml with the plugin's `drafts: true`."""
    config = yaml.safe_load(config_text)
    plugins = config["plugins"]
    for index, entry in enumerate(plugins):
        if entry == "blogmeta":
            plugins[index] = {"blogmeta": {"drafts": True}}
        elif isinstance(entry, dict) and "blogmeta" in entry:
            entry["blogmeta"] = {**(entry["blogmeta"] or {}), "drafts": True}
    return yaml.safe_dump(config, allow_unicode=True)


def text_outputs(site_dir: Path) -> list[Path]:
    """Every page, feed, sitemap and search index the build wrote (not the theme's assets)."""
    return [p for p in site_dir.rglob("*") if p.suffix in (".html", ".xml", ".json")
            and "assets" not in p.relative_to(site_dir).parts]  # fmt: skip


def test_the_guide_has_four_complete_sections(guides: dict[str, Guide]) -> None:
    """One `## From ...` section per engine, each with its parts and its own examples."""
    text = GUIDE.read_text("utf-8")
    assert sorted(guides) == sorted(SITES)
    sections = [s for s in re.split(r"^## ", text, flags=re.M) if s.startswith("From ")]
    assert len(sections) == len(SECTION_SITES)
    for section, sites in zip(sections, SECTION_SITES, strict=True):
        heading = section.splitlines()[0]
        missing = [part for part in SECTIONS if f"\n{part}\n" not in section]
        assert not missing, f"'{heading}' lacks {missing}"
        names = {m[1].split("/")[0] for m in _MARKER_RE.findall(section)}
        assert names == set(sites), f"'{heading}' holds examples of {sorted(names)}"
    for guide in guides.values():
        assert "mkdocs.yml" in guide.files, guide.name
        missing = REQUIRED - set(guide.expect)
        assert not missing, f"{guide.name} lacks the rows {sorted(missing)}"
        for key, values in guide.expect.items():
            assert key in REPEATABLE or len(values) == 1, f"{guide.name}: '{key}' repeated"


def test_the_extensions_named_are_those_read_as_posts() -> None:
    """The guide's "Before you start" names every extension a post may have, no other."""
    text = GUIDE.read_text("utf-8")
    before = text.split("## Before you start", 1)[1].split("\n## ", 1)[0]
    item = next(i for i in re.split(r"\n(?=\d+\. )", before) if "extension" in i)
    assert set(re.findall(r"`(\.\w+)`", item)) == set(posts.MARKDOWN_EXTENSIONS)


@pytest.mark.parametrize("name", SITES)
def test_the_example_builds_as_the_guide_says(
    guides: dict[str, Guide], name: str, tmp_path: Path
) -> None:
    """Build the guide's example site; every row of its table must hold in the output."""
    guide = guides[name]
    site = write_site(guide, tmp_path).build()
    site_url = yaml.safe_load(guide.files["mkdocs.yml"])["site_url"]
    check_warnings(guide, site.messages())
    post_page = check_post(guide, site.site, site_url)
    check_listings(guide, site.site, site_url)
    check_old_urls(guide, site.site, post_page)
    check_drafts_absent(guide, site.site)
    if "blogmeta-urls.yml" in guide.files:
        # The history shown is what `blogmeta urls` writes: running it changes nothing.
        assert cli.main(["-f", str(site.config_file()), "urls"]) == 0
        history = (tmp_path / "blogmeta-urls.yml").read_text("utf-8")
        assert history == guide.files["blogmeta-urls.yml"]

    # A URL that merely does not exist would pass the checks above: with drafts shown,
    # each URL the guide says is not built must be the URL of a held-back post.
    config = site.config_file()
    config.write_text(with_drafts(config.read_text("utf-8")), "utf-8")
    site.build()
    for draft in guide.expect["not built"]:
        shown = page_file(site.site, draft)
        assert shown.is_file(), f"{draft} is not the URL of a held-back post"
        assert soup_of(shown).select_one("article.blogmeta-post--draft") is not None, draft


def check_warnings(guide: Guide, warnings: list[str]) -> None:
    """The build's warnings are exactly those the guide names (`none`, or code spans)."""
    expected = guide.one("warnings") or ""
    if expected == "none":
        assert warnings == []
        return
    fragments = _CODE_RE.findall(expected) or [expected]
    assert len(warnings) == len(fragments), warnings
    for fragment in fragments:
        assert len([w for w in warnings if fragment in w]) == 1, (fragment, warnings)


def check_post(guide: Guide, site_dir: Path, site_url: str) -> Path:
    """The post is published at the guide's URL and shows what its front matter says.

    Each expected value must also be written in the post file (or an authors
    file), so the table cannot drift from the example it describes.
    """
    url, post_file = guide.one("url") or "", guide.one("post file") or ""
    post_page = page_file(site_dir, url)
    assert post_page.is_file(), f"no page at {url}: {sorted(map(str, text_outputs(site_dir)))}"
    soup = soup_of(post_page)
    assert soup.find("link", rel="canonical")["href"] == site_url + url.lstrip("/")
    article = soup.select_one("article.blogmeta-post")
    assert article is not None and "blogmeta-post--draft" not in article["class"]

    assert post_file in guide.files, f"'{post_file}' is not an example of the guide"
    written = post_file + "\n" + guide.files[post_file] + "".join(
        text for path, text in guide.files.items() if path.endswith("authors.yml"))  # fmt: skip
    title, date, updated = guide.one("title"), guide.one("date"), guide.one("updated")
    description = guide.one("description")
    for value in [title, date, updated, description, *guide.items("author"),
                  *guide.items("tags"), *guide.items("categories")]:  # fmt: skip
        assert value is None or value in written, f"'{value}' is not in {post_file}"

    assert article.select_one(".blogmeta-post__title").get_text(strip=True) == title
    times = article.select(".blogmeta-post__meta time")
    assert times[0]["datetime"][:10] == date
    assert [t[:10] for t in meta(soup, "article:published_time")] == [date]
    if updated:
        assert len(times) == 2, f"{url} shows no updated date"
        assert times[1]["datetime"][:10] == updated
        assert [t[:10] for t in meta(soup, "article:modified_time")] == [updated]
    authors = [a.get_text(strip=True) for a in article.select(".blogmeta-post__author")]
    assert authors == guide.items("author")
    tags = [a.get_text(strip=True) for a in article.select(".blogmeta-post__header .blogmeta-tag")]
    assert tags == guide.items("tags") == meta(soup, "article:tag")
    categories = [a.get_text(strip=True) for a in article.select(".blogmeta-post__categories a")]
    assert categories == guide.items("categories")
    if reading := guide.one("reading time"):
        assert article.select_one(".blogmeta-post__time").get_text(strip=True) == reading
    assert soup.find("meta", attrs={"name": "description"})["content"] == description
    if header := guide.one("header image"):
        shown = article.select_one(".blogmeta-post__image")
        assert shown is not None, f"{url} shows no header image"
        assert urljoin(site_url + url.lstrip("/"), shown["src"]) == site_url + header.lstrip("/")
        assert page_file(site_dir, header).is_file()
    if image := guide.one("share image"):
        assert meta(soup, "og:image") == [site_url + image.lstrip("/")]
        assert page_file(site_dir, image).is_file()
    return post_page


def check_listings(guide: Guide, site_dir: Path, site_url: str) -> None:
    """The index, taxonomy and author pages the guide names list the post, with its
    excerpt (when the guide gives one) or its description as the summary; the feed
    holds it."""
    title = guide.one("title") or ""
    for key in ("index", "tag page", "category page", "author page", "archive page"):
        if where := guide.one(key):
            entry = listed_entry(site_dir, where, title)
            assert entry is not None, f"{key} {where} does not list the post"
            if excerpt := guide.one("excerpt"):  # the text above the separator
                shown = entry.select_one(".blogmeta-entry__excerpt")
                assert shown is not None and shown.get_text(" ", strip=True) == excerpt
                continue
            summary = entry.select_one(".blogmeta-entry__summary")
            assert summary is not None and summary.get_text(strip=True) == guide.one(
                "description")  # fmt: skip
    if feed := guide.one("feed"):
        post_url = site_url + (guide.one("url") or "").lstrip("/")
        assert post_url in page_file(site_dir, feed).read_text("utf-8")


def check_old_urls(guide: Guide, site_dir: Path, post_page: Path) -> None:
    """Each old URL redirects to the post and is not in the sitemap."""
    sitemap = (site_dir / "sitemap.xml").read_text("utf-8")
    for old in guide.expect.get("old url", []):
        page = page_file(site_dir, old)
        assert page.is_file(), f"no page at old URL {old}"
        target = redirect_target(site_dir, str(page.relative_to(site_dir)))
        assert target == post_page.resolve(), old
        assert old.lstrip("/") not in sitemap


def check_drafts_absent(guide: Guide, site_dir: Path) -> None:
    """Drafts leave no trace: no page, and their slug in no page, feed or index."""
    outputs = {p: p.read_text("utf-8") for p in text_outputs(site_dir)}
    for draft in guide.expect["not built"]:
        assert not page_file(site_dir, draft).exists(), draft
        slug = draft.rstrip("/").rsplit("/", 1)[-1]
        assert not [p for p, text in outputs.items() if slug in text], draft
