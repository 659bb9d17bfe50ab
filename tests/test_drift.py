"""Posts as people really write them: looser front matter, other engines' fields,
Material's blog layout, every language."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import extruct
import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import Site

SITE_URL = "https://blog.example.org/"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def og(page: Path) -> dict[str, list[str]]:
    data = extruct.extract(page.read_text("utf-8"), syntaxes=["opengraph", "json-ld"])
    out: dict[str, list[str]] = {}
    for block in data["opengraph"]:
        for key, value in block["properties"]:
            out.setdefault(key, []).append(value)
    out["json-ld"] = data["json-ld"]
    return out


def test_looser_posts_build_into_a_whole_site(site: Site) -> None:
    site.extra = {"site_author": "Site Owner", "theme": {"name": "material", "language": "en"}}
    site.plugin = {"defaults": {"author_slug": "owner"}}
    write(site.docs / "posts/2024-02-03_no-uuid/index.md",
          "---\ntitle: No uuid, no author\ndescription: Written with MkDocs' own field\n---\n"
          "First paragraph of the post.\n")  # fmt: skip
    write(site.docs / "posts/2024-02-04_hugo-style/index.md",
          "---\ntitle: Hugo style\ndate: 2024-02-04\nlastmod: 2024-03-01\nsummary: From Hugo\n"
          "tags: [a, b]\n---\nBody.\n")  # fmt: skip
    write(site.docs / "posts/2024-02-05_real-draft/index.md",
          "---\ntitle: Draft zqxdriftdraft\ndraft: true\n---\nSecret zqxdriftdraft.\n")  # fmt: skip
    write(site.docs / "posts/2024-02-06_both/index.md",
          "---\ntitle: Both\nmeta_description: Ours\ndescription: Theirs\n---\nBody.\n")  # fmt: skip
    site.build()
    assert not [m for m in site.messages() if "posts/" in m], site.messages()
    for slug, description in (("no-uuid", "Written with MkDocs' own field"),
                              ("hugo-style", "From Hugo"), ("both", "Ours")):  # fmt: skip
        meta = og(site.site / slug / "index.html")
        assert meta["og:description"] == [description]
        assert meta["og:image"][0].endswith(f"/{slug}/card-fb.png")
        assert (site.site / slug / "card-fb.png").is_file()
        assert meta["article:author"] == [f"{SITE_URL}author/owner/"]
    hugo = og(site.site / "hugo-style/index.html")
    assert hugo["article:modified_time"] == ["2024-03-01T00:00:00+00:00"]
    info = [m for m in site.messages(20) if "2024-02-06_both" in m and "'description'" in m]
    assert len(info) == 1 and "'meta_description' is used" in info[0]
    for path in site.files():
        assert b"zqxdriftdraft" not in path.read_bytes(), path
    feed = feedparser.parse((site.site / "atom.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 3
    assert {e.author for e in feed.entries} == {"Site Owner"}


def test_publish_and_expiry_dates(site: Site) -> None:
    site.post("2023-01-01_later", publishDate="!raw 2999-01-01T00:00:00Z")
    site.post("2023-01-02_expired", expiryDate="!raw 2020-01-01T00:00:00Z", tags=["x"])
    site.post("2023-01-03_current", expiryDate="!raw 2999-01-01T00:00:00Z", tags=["x"])
    site.build(strict=True)
    assert (site.site / "current/index.html").is_file()
    for gone in ("later", "expired"):
        assert not (site.site / gone).exists()
        for path in site.files():
            assert f"/{gone}/".encode() not in path.read_bytes(), (gone, path)


MATERIAL_TREE = {
    "index.md": "# Welcome\n\nThe home page.\n",
    "blog/index.md": "# Blog\n\nNotes from the team.\n",
    "blog/.authors.yml": (
        "authors:\n"
        "  ada:\n    name: Ada Q\n    description: Writes tools\n"
        "    avatar: https://example.org/ada.png\n"
        "  bo:\n    name: Bo K\n    description: Reviews code\n"
        "    avatar: https://example.org/bo.png\n"
    ),
    "blog/posts/hello-world.md": (
        "---\ndate:\n  created: 2024-01-31\n  updated: 2024-02-02\nauthors:\n  - ada\n  - bo\n"
        "categories:\n  - Hello\ntags:\n  - intro\nreadtime: 7\nlinks:\n  - setup.md\n---\n\n"
        "# Hello world\n\nThe first post, by two people.\n\n<!-- more -->\n\nMore text.\n"
    ),
    "blog/posts/second.md": (
        "---\ndate: 2024-03-05\nauthors: [ada]\nslug: custom-slug\ncategories: [Hello, News]\n"
        "---\n\n# The second post\n\nShort.\n"
    ),
    "blog/posts/pinned.md": (
        "---\ndate: 2023-05-01\nauthors: [bo]\npin: true\n---\n\n# Pinned and old\n\nKept on top.\n"
    ),
    "blog/posts/wip.md": (
        "---\ndate: 2024-04-01\nauthors: [ada]\ndraft: true\n---\n\n# Work zqxmaterialdraft\n\nNot yet.\n"
    ),
    "setup.md": "# Setup\n\nHow to.\n",
}


def test_a_material_blog_switches_by_changing_plugins_only(tmp_path: Path) -> None:
    for name, text in MATERIAL_TREE.items():
        write(tmp_path / "docs" / name, text)
    config = {
        "site_name": "Team blog",
        "site_url": SITE_URL,
        "theme": {"name": "material"},
        # was: plugins: [search, blog]
        "plugins": ["search", {"blogmeta": {"posts_dir": "blog/posts",
                                            "post_url": "blog/{year}/{month}/{day}/{slug}/"}}],
    }  # fmt: skip
    write(tmp_path / "mkdocs.yml", yaml.safe_dump(config))
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path,
                         capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    site = tmp_path / "site"
    hello = site / "blog/2024/01/31/hello-world/index.html"
    assert hello.is_file()
    assert (site / "blog/2024/03/05/custom-slug/index.html").is_file()
    soup = BeautifulSoup(hello.read_text("utf-8"), "lxml")
    assert soup.select_one("article h1").get_text() == "Hello world"
    assert len(soup.find_all("h1")) == 1
    assert [a.get_text() for a in soup.select(".blogmeta-post__author")] == ["Ada Q", "Bo K"]
    assert "7 min read" in soup.get_text()
    assert soup.select_one(".blogmeta-links a")["href"] == "../../../../../setup/"
    meta = og(hello)
    assert meta["article:author"] == [f"{SITE_URL}author/ada/", f"{SITE_URL}author/bo/"]
    [ld] = meta["json-ld"]
    assert [a["name"] for a in ld["author"]] == ["Ada Q", "Bo K"]
    assert ld["dateModified"].startswith("2024-02-02")

    index = BeautifulSoup((site / "blog/index.html").read_text("utf-8"), "lxml")
    assert "Notes from the team." in index.get_text()  # the page's own text stays on top
    titles = [a.get_text() for a in index.select(".blogmeta-entry__title a")]
    assert titles == ["Pinned and old", "The second post", "Hello world"]
    entry = index.select(".blogmeta-entry")[2]
    assert [a.get_text() for a in entry.select(".blogmeta-entry__author")] == ["Ada Q", "Bo K"]
    assert (site / "index.html").is_file()
    assert "The home page." in (site / "index.html").read_text("utf-8")

    hello_category = BeautifulSoup((site / "category/hello/index.html").read_text("utf-8"), "lxml")
    assert [a.get_text() for a in hello_category.select(".blogmeta-entry__title a")] == [
        "The second post", "Hello world"]  # fmt: skip
    assert (site / "categories/index.html").is_file()
    feed = feedparser.parse((site / "blog/atom.xml").read_bytes())
    [entry] = [e for e in feed.entries if e.title == "Hello world"]
    assert entry.author == "Ada Q, Bo K"
    for path in site.rglob("*"):
        if path.is_file():
            assert b"zqxmaterialdraft" not in path.read_bytes(), path


def test_cjk_reading_time_and_missing_glyphs(site: Site) -> None:
    text = "日本語の文章です。" * 300  # 2,700 characters: about 5.4 minutes at 500 a minute
    site.post("2023-01-01_nihongo", title="日本語のタイトル", body=text + "\n", language="ja_JP")
    site.build()
    soup = site.html("nihongo/index.html")
    minutes = int(soup.select_one(".blogmeta-post__time").get_text().split()[0])
    assert abs(minutes - len(text) / 500) <= 0.2 * len(text) / 500
    [warning] = [m for m in site.messages() if "glyphs" in m]
    assert "posts/2023-01-01_nihongo/index.md" in warning
    for char in "日本語":
        assert char in warning


def test_right_to_left_posts(site: Site) -> None:
    site.post("2023-01-01_shalom", title="שלום עולם", language="he_IL", body="טקסט.\n")
    site.post("2023-01-02_hello", title="Hello", language="en_US")
    site.build()
    assert site.html("shalom/index.html").select_one("article.blogmeta-post")["dir"] == "rtl"
    assert not site.html("hello/index.html").select_one("article.blogmeta-post").get("dir")
    entries = {e.select_one("a").get_text(): e.get("dir") for e in
               site.html("index.html").select(".blogmeta-entry__title")}  # fmt: skip
    rtl = [e for e in site.html("index.html").select(".blogmeta-entry") if e.get("dir") == "rtl"]
    assert len(rtl) == 1 and "שלום" in rtl[0].get_text()
    assert entries


def test_assumptions_are_visible(site: Site) -> None:
    write(site.docs / "posts/2024-02-03_assumed/index.md", "---\ndescription: D\n---\n# Title\n")
    site.config_file()
    run = subprocess.run([sys.executable, "-m", "mkdocs_blogmeta.cli", "list", "--json"],
                         cwd=site.root, capture_output=True, text=True)  # fmt: skip
    [row] = json.loads(run.stdout)
    assert "'date' taken from the folder name" in row["assumed"]
    assert "'slug' taken from the folder name" in row["assumed"]
    assert "'title' taken from the first heading" in row["assumed"]
    assert "'description' read as 'meta_description'" in row["assumed"]
    verbose = subprocess.run([sys.executable, "-m", "mkdocs_blogmeta.cli", "check", "--verbose"],
                             cwd=site.root, capture_output=True, text=True).stdout  # fmt: skip
    assert "info: assumed: 'title' taken from the first heading" in verbose


@pytest.mark.parametrize("bad", [{"defaults": {"colour": "red"}}, {"defaults": "x"}])
def test_bad_defaults_are_a_config_error(site: Site, bad: dict) -> None:
    from helpers import BuildFailed

    site.plugin = bad
    site.post("2023-01-01_one")
    with pytest.raises(BuildFailed):
        site.build()
