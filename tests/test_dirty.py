"""Incremental rebuilds under `mkdocs serve --dirty`: after every kind of edit, what is
served equals a clean build of the same files, apart from what plain MkDocs itself
leaves stale (`tests/test_dirty_floor.py`, the README's "Editing with mkdocs serve").

One loop in one process, as an author's session is: a list of edits (a body, a title,
a description, an update date, tags, a post to draft and back, a date, a new post, a
deleted post, a new image, a renamed tag, a post joining a series, another author, an
authors file and a new bio, an excerpt marker taken out, a new slug; three posts are
parts of a series), each followed by a dirty rebuild and a clean build to compare with.
What may differ, as in plain MkDocs:

- `search/search_index.json` (MkDocs' search indexes only the pages it rebuilt);
- a page's navigation: MkDocs gives a page it did not read no title, so every page it
  renders in a rebuild shows the others as "None" in its nav, and a page it does not
  render keeps the nav it was written with. Such a page must still be the same page:
  its content region, its `<title>` and every tag the plugin writes in its `<head>`
  (share tags, canonical, description, JSON-LD, feed links) are compared.

Everything else (posts, listings, tag and author pages, feeds, the sitemap, cards,
redirects) is byte for byte the clean build's, and nothing a draft or a deleted post
left behind stays: the plugin removes its own outputs that a rebuild no longer makes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import DirtyServe, Site, captured, front_matter, write_image

SEARCH = "search/search_index.json"
REGION = 'div[role="main"], article.md-content__inner, #main-content'


def _head(soup: BeautifulSoup) -> list[str]:
    """The tags of a page's `<head>` that are the page's own, not the theme's nav."""
    head = soup.head
    if head is None:
        return []
    found = [str(head.title)]
    for tag in head.find_all(["meta", "link", "script"]):
        if tag.name == "script" and tag.get("type") != "application/ld+json":
            continue
        if tag.name == "link" and tag.get("rel") not in (["canonical"], ["alternate"]):
            continue
        found.append(str(tag))
    return found


def _same_page(served: Path, clean: Path) -> bool:
    """Two HTML pages that differ only in the theme's navigation."""
    a = BeautifulSoup(served.read_text("utf-8"), "lxml")
    b = BeautifulSoup(clean.read_text("utf-8"), "lxml")
    region_a, region_b = a.select_one(REGION), b.select_one(REGION)
    if region_a is None or region_b is None:
        return False
    return str(region_a) == str(region_b) and _head(a) == _head(b)


def stale(serve: DirtyServe) -> list[str]:
    """The served files that differ from a clean build in more than plain MkDocs lets a
    dirty build differ."""
    clean = serve.site_dir.with_name(serve.site_dir.name + "-clean")
    wrong = []
    for name in serve.stale(clean):
        served, built = serve.site_dir / name, clean / name
        if name == SEARCH:
            continue
        pages = name.endswith(".html") and served.is_file() and built.is_file()
        if not (pages and _same_page(served, built)):
            wrong.append(name)
    return wrong


def _blog(root: Path, theme: str) -> Site:
    site = Site(root, theme=theme, plugin={"drafts_on_serve": False, "related_count": 2})
    tags = [["rust", "cli"], ["rust", "web"], ["web", "css"], ["cli"], ["css", "design"]]
    for n, tag_list in enumerate(tags, 1):
        site.post(
            f"2023-0{n}-1{n}_post-{n}",
            f"Post {n} says something.\n\nA second paragraph of post {n}.\n",
            tags=tag_list,
            author="Ada Quinn" if n % 2 else "Bo Lind",
            author_slug="ada-quinn" if n % 2 else "bo-lind",
            **({"series": "Tour"} if n in (2, 4, 5) else {}),  # boxes, series and archive pages
        )
    three = site.docs / "posts/2023-03-13_post-3/index.md"  # its link goes when four is held
    three.write_text(three.read_text("utf-8") + "\nThen [read four](../2023-04-14_post-4/).\n")
    site.page(
        "reading.md", "# Reading\n\nRead [the fourth post](posts/2023-04-14_post-4/index.md).\n"
    )
    site.page("about.md", "# About\n\nWho writes here.\n")
    site.page("news.md", "# News\n\n<!-- blogmeta:latest 2 tag=rust -->\n")
    one = site.docs / "posts/2023-01-11_post-1/index.md"  # an excerpt, in listings and news
    one.write_text(_replace(one, "\nA second", "\n<!-- more -->\n\nA second"), "utf-8")
    return site


def _replace(path: Path, old: str, new: str) -> str:
    text = path.read_text("utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


def _replace_in(path: Path, old: str, new: str) -> Path:
    """The file with `old` replaced, for a second `_replace` of the same edit."""
    path.write_text(_replace(path, old, new), "utf-8")
    return path


def _edits(site: Site) -> list[tuple[str, Callable[[DirtyServe], None]]]:
    posts = site.docs / "posts"
    one = posts / "2023-01-11_post-1/index.md"
    two = posts / "2023-02-12_post-2/index.md"
    three = posts / "2023-03-13_post-3/index.md"
    four = posts / "2023-04-14_post-4/index.md"
    five = posts / "2023-05-15_post-5/index.md"
    new = posts / "2023-06-16_post-6/index.md"
    authors = site.docs / "authors.yml"

    def write(path: Path, text: str) -> Callable[[DirtyServe], None]:
        return lambda serve: serve.write(path, text)

    def image(serve: DirtyServe) -> None:
        write_image(one.parent / "header.png", (800, 400))
        serve.write(one, _replace(one, "header_img: null", 'header_img: "header.png"'))

    def resized(serve: DirtyServe) -> None:  # the same file name: new size, new variants
        write_image(one.parent / "header.png", (600, 300), "#aa3366")
        serve.touch(one.parent / "header.png")

    def body_image(serve: DirtyServe) -> None:
        write_image(three.parent / "chart.png", (900, 300))
        serve.write(three, three.read_text("utf-8") + "\n![A chart](./chart.png)\n")

    return [
        ("nothing", lambda serve: None),
        ("body", lambda serve: serve.write(one, one.read_text("utf-8") + "\nOne more line.\n")),
        ("title", lambda serve: serve.write(two, _replace(two, "Post post-2", "A new title"))),
        ("description", lambda serve: serve.write(two, _replace(two, '"About post-2"', '"Said anew"'))),
        ("updated", lambda serve: serve.write(two, _replace(two, "updated: 2023-02-12T12", "updated: 2024-01-02T12"))),
        ("tags", lambda serve: serve.write(three, _replace(three, '"css"]', '"python"]'))),
        ("to draft", lambda serve: serve.write(four, _replace(four, '"published"', '"draft"'))),
        ("published again", lambda serve: serve.write(four, _replace(four, '"draft"', '"published"'))),
        ("to unlisted", lambda serve: serve.write(four, _replace(four, '"published"', '"unlisted"'))),
        ("listed again", lambda serve: serve.write(four, _replace(four, '"unlisted"', '"published"'))),
        ("date", lambda serve: serve.write(five, _replace(five, "2023-05-15T12", "2022-12-01T12"))),
        ("new post", write(new, front_matter("post-6", tags=["rust"]) + "\nA new post.\n")),
        ("deleted post", lambda serve: serve.delete(two.parent)),
        ("new image", image),
        ("image resized", resized),
        ("body image", body_image),
        ("renamed tag", lambda serve: serve.write(one, _replace(one, '"rust"', '"rustlang"'))),
        ("joins a series", lambda serve: serve.write(one, _replace(one, "tags:", 'series: "Tour"\ntags:'))),
        ("other author", lambda serve: serve.write(three, _replace(_replace_in(three, '"Ada Quinn"', '"Bo Lind"'), '"ada-quinn"', '"bo-lind"'))),
        ("authors file", write(authors, "bo-lind:\n  name: Bo Lind\n  bio: Writes about CSS.\n")),
        ("new bio", write(authors, "bo-lind:\n  name: Bo Lind\n  bio: Writes about the web.\n")),
        ("excerpt gone", lambda serve: serve.write(one, _replace(one, "<!-- more -->\n", ""))),
        ("new slug", lambda serve: serve.write(five, _replace(five, 'slug: "post-5"', 'slug: "post-five"'))),
    ]  # fmt: skip


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_every_edit_serves_what_a_clean_build_would(tmp_path: Path, theme: str) -> None:
    site = _blog(tmp_path / "blog", theme)
    site.config_file()
    with DirtyServe(site.config_file(), tmp_path / "served") as serve:
        assert stale(serve) == []
        for name, edit in _edits(site):
            edit(serve)
            serve.rebuild()
            assert stale(serve) == [], name


def test_a_body_edit_renders_only_that_post(tmp_path: Path) -> None:
    """The point of it: one saved post is one page rendered (its listings, feeds and
    neighbours show nothing that changed)."""
    from helpers import renders_recorded

    site = _blog(tmp_path / "blog", "mkdocs")
    one = site.docs / "posts/2023-01-11_post-1/index.md"
    with DirtyServe(site.config_file(), tmp_path / "served") as serve:
        serve.write(one, one.read_text("utf-8") + "\nOne more line.\n")
        with renders_recorded() as renders:
            serve.rebuild()
        assert stale(serve) == []
    posts = [v for k, v in renders.items() if k == "blogmeta/post.html"]
    assert sum(len(calls) for calls in posts) == 1, renders.keys()
    assert "blogmeta/index.html" not in renders and "blogmeta/tag.html" not in renders


def test_a_new_title_is_served_before_its_card_is_drawn(tmp_path: Path) -> None:
    """The page is not held back by its share card: the rebuild returns with the card
    still being drawn; it and the feeds (whose enclosure states its size) follow."""
    import feedparser

    site = _blog(tmp_path / "blog", "mkdocs")
    two = site.docs / "posts/2023-02-12_post-2/index.md"
    with DirtyServe(site.config_file(), tmp_path / "served") as serve:
        serve.write(two, _replace(two, "Post post-2", "A new title"))
        serve.rebuild(wait=False)
        plugin = serve.plugin("blogmeta")
        assert plugin.memory.finishing is not None  # the card and feeds follow the build
        page = BeautifulSoup((serve.site_dir / "post-2/index.html").read_text("utf-8"), "lxml")
        assert "A new title" in page.title.text
        plugin.settle()
        card_url = page.select_one('meta[property="og:image"]')["content"]
        card = serve.site_dir / card_url.removeprefix(serve.serve_url)
        feed = feedparser.parse((serve.site_dir / "rss.xml").read_bytes())
        entry = next(e for e in feed.entries if e.title == "A new title")
        (enclosure,) = [link for link in entry.links if link.rel == "enclosure"]
        assert enclosure.href == card_url
        assert int(enclosure.length) == card.stat().st_size > 0
        assert stale(serve) == []


def test_a_post_linking_one_held_since_is_warned_again(tmp_path: Path) -> None:
    """Links between posts are checked once and kept while `mkdocs serve` runs: a post
    whose text did not change is warned again when the post it links is held."""
    site = _blog(tmp_path / "blog", "mkdocs")
    four = site.docs / "posts/2023-04-14_post-4/index.md"
    with DirtyServe(site.config_file(), tmp_path / "served") as serve:
        serve.write(four, _replace(four, '"published"', '"draft"'))
        with captured("mkdocs", logging.WARNING) as records:
            serve.rebuild()
        assert stale(serve) == []
    said = [r.getMessage() for r in records]
    # the link as written: the check of the post's text (a later check of the page
    # finds it again made permanent, `index.md`, whatever was kept)
    assert any("'../2023-04-14_post-4/'" in m and "[link-to-draft]" in m for m in said), said
