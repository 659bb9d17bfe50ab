"""URLs that never break: aliases, the permalink history, links between posts."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import ROOT, BuildFailed, Site

SITE_URL = "https://blog.example.org/"


def blogmeta(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_blogmeta.cli", *args], cwd=cwd,
                          capture_output=True, text=True)  # fmt: skip


def redirect_target(site: Path, old: str) -> Path:
    """Follow the redirect page at `old` (a file of the site); return the page it names."""
    page = site / old
    soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    target = refresh.split("url=", 1)[1]
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find("a")["href"] == target
    resolved = (page.parent / target).resolve()
    if target.endswith("/"):
        resolved = resolved / "index.html"
    assert resolved.is_file(), (old, target)
    return resolved


def not_listed_anywhere(site: Path, old: str) -> None:
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    search = json.loads((site / "search/search_index.json").read_text("utf-8"))
    assert old.removesuffix("index.html") not in sitemap
    assert not [
        d for d in search["docs"] if d["location"].startswith(old.removesuffix("index.html"))
    ]
    for feed in ("rss.xml", "atom.xml", "feed.json"):
        assert old.removesuffix("index.html") not in (site / feed).read_text("utf-8")


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "example_site/docs", tmp_path / "docs")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config.update(docs_dir="docs", site_dir="site")
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")
    todo = tmp_path / "docs/posts/2023-04-07_profiling-before-guessing/index.md"
    todo.write_text(todo.read_text("utf-8").replace("TODO: add benchmarks here", "Done."), "utf-8")
    return tmp_path


def mkdocs_build(folder: Path, strict: bool = False) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "mkdocs", "build"] + (["--strict"] if strict else [])
    return subprocess.run(args, cwd=folder, capture_output=True, text=True,
                          env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})  # fmt: skip


def test_a_changed_slug_keeps_its_old_url_alive(example_copy: Path) -> None:
    recorded = blogmeta("urls", cwd=example_copy)
    assert recorded.returncode == 0, recorded.stderr
    history = yaml.safe_load((example_copy / "blogmeta-urls.yml").read_text("utf-8"))
    # the published posts and their 4 Italian translations (ids of their own); not the
    # draft or the future post
    assert len(history) == 18
    assert mkdocs_build(example_copy, strict=True).returncode == 0

    post = example_copy / "docs/posts/2024-09-05_small-pull-requests/index.md"
    post.write_text(post.read_text("utf-8").replace("slug: small-pull-requests",
                                                    "slug: small-prs"), "utf-8")  # fmt: skip
    run = mkdocs_build(example_copy)
    moved = [line for line in run.stderr.splitlines() if "moved" in line]
    [warning] = [line for line in moved if "small-pull-requests/index.md" in line]
    [italian] = [line for line in moved if "small-pull-requests/index.it.md" in line]
    assert len(moved) == 2  # its Italian translation takes its slug: moved with it
    assert "/it/small-pull-requests/" in italian and "/it/small-prs/" in italian
    assert "/small-pull-requests/" in warning and "/small-prs/" in warning
    assert "blogmeta urls" in warning
    site = example_copy / "site"
    assert redirect_target(site, "small-pull-requests/index.html") == site / "small-prs/index.html"
    not_listed_anywhere(site, "small-pull-requests/index.html")
    italian_page = site / "it/small-prs/index.html"
    assert redirect_target(site, "it/small-pull-requests/index.html") == italian_page
    not_listed_anywhere(site, "it/small-pull-requests/index.html")
    assert mkdocs_build(example_copy, strict=True).returncode != 0

    assert blogmeta("urls", cwd=example_copy).returncode == 0
    assert mkdocs_build(example_copy, strict=True).returncode == 0
    assert redirect_target(site, "small-pull-requests/index.html") == site / "small-prs/index.html"


def test_unpublished_posts_and_posts_without_uuid(site: Site) -> None:
    site.post("2023-01-01_kept")
    site.post("2023-01-02_gone")
    site.post("2023-01-03_untracked", uuid=None)
    site.config_file()
    assert blogmeta("urls", cwd=site.root).returncode == 0
    site.post("2023-01-02_gone", status="draft")
    site.build()
    gone = [m for m in site.messages() if "blogmeta-urls.yml" in m]
    assert len(gone) == 1 and "/gone/" in gone[0] and "removed: true" in gone[0]
    untracked = [m for m in site.messages() if "no 'uuid'" in m]
    assert len(untracked) == 1 and "2023-01-03_untracked" in untracked[0]
    history = yaml.safe_load((site.root / "blogmeta-urls.yml").read_text("utf-8"))
    uuid = next(k for k, v in history.items() if "/gone/" in v["urls"])
    history[uuid]["removed"] = True
    (site.root / "blogmeta-urls.yml").write_text(yaml.safe_dump(history), "utf-8")
    site.build()
    assert not [m for m in site.messages() if "blogmeta-urls.yml" in m]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_aliases_become_redirect_pages(site: Site, directory_urls: bool) -> None:
    site.extra = {"use_directory_urls": directory_urls}
    site.post("2023-01-01_new-home", aliases=["/old-home/", "/2019/05/old.html", "legacy"])
    site.build(strict=True)
    target = site.site / "new-home/index.html"
    for old in ("old-home/index.html", "2019/05/old.html", "legacy/index.html"):
        assert redirect_target(site.site, old) == target
        not_listed_anywhere(site.site, old)
        canonical = BeautifulSoup((site.site / old).read_text("utf-8"), "lxml").find(
            "link", rel="canonical")["href"]  # fmt: skip
        assert canonical.startswith(f"{SITE_URL}new-home/")


def test_alias_colliding_with_a_page_or_another_alias(site: Site) -> None:
    site.page("about.md", "# About\n")
    site.post("2023-01-01_one", aliases=["/about/"])
    with pytest.raises(BuildFailed) as failed:
        site.build()
    [message] = [m for m in failed.value.messages() if "/about/" in m]
    assert "posts/2023-01-01_one/index.md" in message and "about.md" in message
    site.post("2023-01-01_one", aliases=["/same/"])
    site.post("2023-01-02_two", aliases=["/same/"])
    with pytest.raises(BuildFailed) as failed:
        site.build()
    [message] = [m for m in failed.value.messages() if "/same/" in m]
    assert "2023-01-01_one" in message and "2023-01-02_two" in message


def test_links_between_posts(site: Site) -> None:
    site.post("2023-01-01_target", body="Target.\n")
    site.post("2023-01-02_secret-draft", status="draft")
    body = (
        "Intro.\n\n"
        "See [the folder](../2023-01-01_target/) and [the file](../2023-01-01_target/index.md#x).\n"
        "Also [a ghost](../2022-02-02_ghost/) and [by URL](/target/) and [full](https://blog.example.org/target/).\n"
        "And [nowhere](/no-such-post/).\n"
        "Not yet: [draft](../2023-01-02_secret-draft/).\n"
        "```\n[in code](../2022-02-02_ghost/)\n```\n"
    )
    path = site.post("2023-01-03_source", body=body)
    site.build()
    lines = path.read_text("utf-8").splitlines()
    messages = [m for m in site.messages() if "posts/2023-01-03_source/index.md" in m]

    def line_of(text: str) -> int:
        return next(i for i, t in enumerate(lines, 1) if text in t)

    ghost = [m for m in messages if "ghost" in m]
    assert len(ghost) == 1 and f"index.md:{line_of('a ghost')}:" in ghost[0]
    nowhere = [m for m in messages if "no-such-post" in m]
    assert len(nowhere) == 1 and f"index.md:{line_of('nowhere')}:" in nowhere[0]
    draft = [m for m in messages if "secret-draft" in m]
    assert len(draft) == 1 and "draft" in draft[0]
    assert len(messages) == 3
    soup = site.html("source/index.html")
    hrefs = {a.get_text(): a["href"] for a in soup.select("article a[href]")}
    assert hrefs["the folder"] == "../target/"
    assert hrefs["the file"] == "../target/#x"
    assert "draft" not in hrefs  # the link is taken out, its text kept
    assert "Not yet: draft." in soup.get_text()
    for page in site.files():
        assert b"secret-draft" not in page.read_bytes(), page
    assert not [m for m in site.messages(0) if "2023-01-01_target/'" in m]


# -- two posts with one uuid (a post started by copying another) ---------------

SHARED = "f184d499-3f81-4dd5-8c17-e8b761744d5d"


def feed_ids(site: Path) -> dict[str, list[str]]:
    """Every feed of the site (site, tags, authors; RSS, Atom, JSON) and its entry ids,
    read with feedparser and json."""
    import feedparser

    found = {}
    for path in sorted(site.rglob("*")):
        if path.name in ("rss.xml", "atom.xml"):
            parsed = feedparser.parse(path.read_bytes())
            assert not parsed.bozo, path
            found[str(path.relative_to(site))] = [e.id for e in parsed.entries]
        elif path.name == "feed.json":
            items = json.loads(path.read_text("utf-8"))["items"]
            found[str(path.relative_to(site))] = [item["id"] for item in items]
    return found


@pytest.fixture
def copied(site: Site) -> Site:
    site.post("2023-01-01_original", uuid=SHARED, tags=["t"])
    site.post("2023-02-01_copy", uuid=SHARED.upper(), tags=["t"])  # case does not matter
    site.post("2023-03-01_other", tags=["t"])
    site.config_file()
    return site


def test_a_shared_uuid_never_breaks_feeds_history_or_the_next_build(copied: Site) -> None:
    site = copied
    site.build()
    [warning] = [m for m in site.messages() if "[uuid-duplicate]" in m]
    assert "posts/2023-01-01_original/index.md and posts/2023-02-01_copy/index.md" in warning
    assert warning.startswith("mkdocs_blogmeta: posts/2023-02-01_copy/index.md:2: ")
    first = feed_ids(site.site)
    assert {
        "rss.xml",
        "atom.xml",
        "feed.json",
        "tag/t/rss.xml",
        "author/ada-quinn/feed.json",
    } <= set(first)
    for feed, ids in first.items():
        assert len(ids) == 3 and len(set(ids)) == 3, (feed, ids)
    assert f"urn:uuid:{SHARED}" in first["rss.xml"]  # the older post keeps the uuid
    check = blogmeta("check", cwd=site.root)
    assert check.returncode == 0
    [said] = [line for line in check.stdout.splitlines() if "[uuid-duplicate]" in line]
    assert "2023-01-01_original" in said and "2023-02-01_copy" in said

    assert blogmeta("urls", cwd=site.root).returncode == 0
    history = yaml.safe_load((site.root / "blogmeta-urls.yml").read_text("utf-8"))
    urls = sorted(u for entry in history.values() for u in entry["urls"])
    assert urls == ["/copy/", "/original/", "/other/"]  # one URL, one entry each
    assert history[SHARED]["urls"] == ["/original/"]
    site.build()  # the next build, with nothing changed
    assert not [m for m in site.messages() if "blogmeta-urls.yml" in m or "history" in m]
    assert feed_ids(site.site) == first  # the copy's own id is the same on every build
    assert blogmeta("urls", cwd=site.root).stdout.strip().endswith(": 0 changes")


def test_a_history_that_recorded_both_posts_under_one_uuid_is_repaired(copied: Site) -> None:
    """What `blogmeta urls` wrote before the copy had an id of its own: the build warns
    (the copy keeps its URL), and `blogmeta urls` gives the URL to the post there."""
    site = copied
    old = {SHARED: {"title": "Post original", "urls": ["/original/", "/copy/"]}}
    (site.root / "blogmeta-urls.yml").write_text(yaml.safe_dump(old), "utf-8")
    site.build()
    [taken] = [m for m in site.messages() if "[history-url-taken]" in m]
    assert "'/copy/'" in taken and "posts/2023-02-01_copy/index.md" in taken
    assert "blogmeta urls" in taken
    run = blogmeta("urls", cwd=site.root)
    assert run.returncode == 0 and "/copy/: no longer an old URL of 'Post original'" in run.stdout
    history = yaml.safe_load((site.root / "blogmeta-urls.yml").read_text("utf-8"))
    assert history[SHARED]["urls"] == ["/original/"]
    site.build()
    assert not [m for m in site.messages() if "history" in m or "blogmeta-urls" in m]
