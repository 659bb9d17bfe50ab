"""Blog, tag and author indexes, related posts: pure functions and built sites."""

from __future__ import annotations

import logging
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from checks import check_indexes, check_links_resolve, entries
from helpers import ROOT, BuildFailed, Site

from mkdocs_blogmeta import indexes, taxonomies
from mkdocs_blogmeta.model import Post

T0 = datetime(2020, 1, 1, tzinfo=UTC)


def make_post(n: int, tags: tuple[str, ...]) -> Post:
    when = T0 + timedelta(days=n)
    return Post(src_path=f"p{n}.md", bundle_dir=None, title=f"P{n}", slug=f"p{n}",
                date=when, updated=when, tags=tags, path=f"p{n}/", url=f"p{n}/")  # fmt: skip


def naive_related(posts: list[Post], post: Post, count: int) -> list[str]:
    scored = [
        (len(set(post.tags) & set(o.tags)), i, o) for i, o in enumerate(posts) if o is not post
    ]
    scored = [s for s in scored if s[0] > 0]
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [o.slug for _, _, o in scored[:count]]


def test_related_posts_match_the_plain_definition() -> None:
    rng = random.Random(7)
    vocabulary = [f"t{i}" for i in range(12)]
    posts = [make_post(n, tuple(rng.sample(vocabulary, rng.randint(0, 5)))) for n in range(300)]
    posts.reverse()  # newest first
    related = indexes.related_posts(posts, 5)
    for post in posts:
        assert [p.slug for p in related[post.src_path]] == naive_related(posts, post, 5)


def test_tag_slugs_never_clash_and_do_not_depend_on_order() -> None:
    slugs, warnings = taxonomies.tag_slugs(["C++", "c", "Node.js", "node-js", "café", "C#"])
    assert slugs["c"] == "c"
    assert slugs["node-js"] == "node-js"
    assert slugs["café"] == "café"
    assert len(set(slugs.values())) == 6
    assert len(warnings) == 2
    again, _ = taxonomies.tag_slugs(["C#", "café", "node-js", "Node.js", "c", "C++"])
    assert again == slugs


def test_pagination() -> None:
    posts = [make_post(n, ()) for n in range(23)]
    pages = indexes.paginate(posts, kind="index", title="Blog", path="", per_page=10, in_nav=True)
    assert [p.src for p in pages] == ["index.md", "page/2/index.md", "page/3/index.md"]
    assert [len(p.posts) for p in pages] == [10, 10, 3]
    assert pages[1].previous_url == "" and pages[1].next_url == "page/3/"
    flat = indexes.paginate(posts, kind="tag", title="x", path="tag/x/", per_page=10,
                            use_directory_urls=False)  # fmt: skip
    assert [p.url for p in flat] == [
        "tag/x/index.html", "tag/x/page/2/index.html", "tag/x/page/3/index.html"
    ]  # fmt: skip


def test_reading_minutes() -> None:
    assert indexes.reading_minutes(265 * 4, 0, 265) == 4
    assert indexes.reading_minutes(10, 0, 265) == 1
    assert indexes.reading_minutes(0, 5000, 265) == 10


# -- built sites ----------------------------------------------------------------


@pytest.mark.parametrize("built", ["example_site", "example_site_mkdocs_theme"])
def test_example_site_indexes(request: pytest.FixtureRequest, built: str) -> None:
    """In the material theme and in MkDocs' own (the example's two configs)."""
    site: Path = request.getfixturevalue(built)
    check_indexes(site, ROOT / "example_site/docs/posts")
    check_links_resolve(site)
    # Posts with bundle images have them beside the page.
    for post in (ROOT / "example_site/docs/posts").glob("*/index.md"):
        slug = post.parent.name.split("_", 1)[1]
        if (site / slug).is_dir():
            for image in post.parent.glob("*.png"):
                assert (site / slug / image.name).is_file()


def test_related_posts_on_a_post_page(site: Site) -> None:
    site.post("2023-01-01_base", tags=["a", "b", "c"])
    site.post("2023-01-02_three", tags=["a", "b", "c"])
    site.post("2023-01-03_two", tags=["a", "b"])
    site.post("2023-01-04_one-new", tags=["c"])
    site.post("2023-01-05_none", tags=["z"])
    site.post("2022-01-01_one-old", tags=["a"])
    site.plugin = {"related_count": 3}
    site.build()
    soup = site.html("base/index.html")
    related = [a["href"] for a in soup.select(".blogmeta-related a")]
    assert related == ["../three/", "../two/", "../one-new/"]
    older = soup.select_one(".blogmeta-neighbours a[rel=prev]")["href"]
    newer = soup.select_one(".blogmeta-neighbours a[rel=next]")["href"]
    assert (older, newer) == ("../one-old/", "../three/")


def test_colliding_tag_slugs_keep_separate_pages(site: Site) -> None:
    site.post("2023-01-01_cpp", tags=["C++"])
    site.post("2023-01-02_c", tags=["c"])
    site.post("2023-01-03_node", tags=["Node.js"])
    site.post("2023-01-04_node2", tags=["node-js"])
    site.build(strict=True)  # advice: an info line each, not a warning
    said = [m for m in site.messages(logging.INFO) if "C++" in m or "Node.js" in m]
    assert len(said) == 2 and all(m.endswith("[tag-slug-clash]") for m in said)
    pages = {p.parent.name for p in (site.site / "tag").glob("*/index.html")}
    assert len(pages) == 4
    assert entries(site.site, site.site / "tag/c/index.html") == ["c"]
    check_indexes(site.site, site.docs / "posts")


def test_pagination_in_a_built_site(site: Site) -> None:
    for n in range(7):
        site.post(f"2023-01-0{n + 1}_post-{n}", tags=["all"])
    site.plugin = {"per_page": 3}
    site.build(strict=True)
    assert (site.site / "page/3/index.html").is_file()
    assert (site.site / "tag/all/page/3/index.html").is_file()
    soup = site.html("page/2/index.html")
    assert "Page 2 of 3" in soup.select_one(".blogmeta-pagination").get_text()
    check_indexes(site.site, site.docs / "posts")
    check_links_resolve(site.site)


def test_listings_show_markup_as_text(site: Site) -> None:
    title = '*Stars* _under_ [a](b) `tick` <b>&amp;</b> "q"'
    site.post("2023-01-01_hostile", title=title, tags=["*x* [y](z)", "<i>t</i>"],
              author="<b>Eve</b> & *Co*", author_slug="eve")  # fmt: skip
    site.post("2023-01-02_control", title="Plain", tags=["x", "y"], author="Ann", author_slug="ann")
    site.build()
    soup = site.html("index.html")
    [hostile] = [e for e in soup.select(".blogmeta-entry") if "Stars" in e.get_text()]
    [control] = [e for e in soup.select(".blogmeta-entry") if "Plain" in e.get_text()]
    assert hostile.select_one(".blogmeta-entry__title a").get_text() == title
    assert [a.get_text() for a in hostile.select(".blogmeta-tag")] == ["*x* [y](z)", "<i>t</i>"]
    assert hostile.select_one(".blogmeta-entry__author").get_text() == "<b>Eve</b> & *Co*"
    assert [t.name for t in hostile.find_all()] == [t.name for t in control.find_all()]
    tags_page = site.html("tags/index.html")
    assert "*x* [y](z)" in tags_page.get_text()
    assert not tags_page.select(".blogmeta-tags--all i")
    author_page = site.html("author/eve/index.html")
    assert author_page.select_one("h1").get_text() == "<b>Eve</b> & *Co*"


def test_site_index_page_collision_names_both_and_the_option(site: Site) -> None:
    site.page("index.md", "# Home\n")
    site.post("2023-01-01_one")
    with pytest.raises(BuildFailed) as failed:
        site.build()
    [message] = [m for m in failed.value.messages() if "index_url" in m]
    assert "index.md" in message and "index.html" in message
    site.plugin = {"index_url": "blog/"}
    site.build(strict=True)
    assert entries(site.site, site.site / "blog/index.html") == ["one"]
    assert (site.site / "index.html").is_file()


def test_authors_file_adds_profiles_and_stays_out_of_the_site(site: Site) -> None:
    site.page("authors.yml", "ada-quinn:\n  name: Ada Q.\n  bio: Writes <tools>.\n"
                             "  avatar: ada.png\n  email: secret@example.org\n")  # fmt: skip
    from helpers import write_image

    write_image(site.docs / "ada.png", (64, 64))
    site.post("2023-01-01_one")
    site.build(strict=True)
    assert not (site.site / "authors.yml").exists()
    page = site.html("author/ada-quinn/index.html")
    assert page.select_one("h1").get_text() == "Ada Q."
    assert page.select_one(".blogmeta-author__bio").get_text() == "Writes <tools>."
    avatar = page.select_one(".blogmeta-author__avatar")["src"]
    assert (site.site / "author/ada-quinn" / avatar).resolve().is_file()
    assert "secret@example.org" not in "".join(p.read_text("utf-8", "replace")
                                               for p in site.files())  # fmt: skip


def test_nav_lists_blog_tags_and_authors_only(site: Site) -> None:
    site.theme = "mkdocs"
    site.post("2023-01-01_one", tags=["t"])
    site.page("about.md", "# About\n")
    site.build()
    nav = [a.get_text().strip() for a in site.html("about/index.html").select(".navbar-nav a")]
    assert {"Blog", "Tags", "Authors", "About"} <= set(nav)
    assert "t" not in nav and "Post one" not in nav


def test_theme_override_and_blog_variable(site: Site) -> None:
    overrides = site.root / "overrides"
    (overrides / "blogmeta").mkdir(parents=True)
    (overrides / "blogmeta/post.html").write_text(
        '<div class="custom-post">{{ post.title }} / {{ blog.tags | length }}</div>', "utf-8"
    )
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ super() }}'
        '<aside class="cloud">{% for tag in blog.tags %}{{ tag.name }}:{{ tag.count }} '
        "{% endfor %}</aside>{% endblock %}",
        "utf-8",
    )
    site.theme = "material"
    site.extra = {"theme": {"name": "material", "custom_dir": "overrides"}}
    site.post("2023-01-01_one", title="A & B", tags=["x", "y"])
    site.post("2023-01-02_two", tags=["x"])
    site.build()
    soup = site.html("one/index.html")
    assert soup.select_one(".custom-post").get_text() == "A & B / 2"
    assert soup.select_one(".cloud").get_text().split() == ["x:2", "y:1"]


def test_a_thousand_posts(tmp_path: Path) -> None:
    rng = random.Random(3)
    site = Site(tmp_path, theme="mkdocs", plugin={"cards": "off"})
    vocabulary = [f"tag-{i}" for i in range(40)]
    weights = [1 / (i + 1) for i in range(40)]
    for n in range(1000):
        when = T0 + timedelta(hours=n * 9)
        tags = list(dict.fromkeys(rng.choices(vocabulary, weights, k=rng.randint(1, 4))))
        status = "draft" if n % 17 == 0 else "published"
        site.post(f"{when:%Y-%m-%d}_post-{n}", tags=tags, status=status,
                  date=f"!raw {when:%Y-%m-%dT%H:%M:%SZ}", author=f"Writer {n % 5}",
                  author_slug=f"writer-{n % 5}")  # fmt: skip
    site.build(strict=True)
    check_indexes(site.site, site.docs / "posts")


def test_category_slugs_are_materials_and_tag_slugs_ours() -> None:
    """Material's blog gives `Node.js` the category URL `category/nodejs/`: a migrated
    blog keeps it. Tags had no pages in Material, so they keep the readable slug."""
    post = replace(make_post(1, ("Node.js", "Don't panic")), categories=("Node.js", "Don't panic"))
    tags, _ = taxonomies.collect_tags([post], "tag/{slug}/")
    categories, _ = taxonomies.collect_tags([post], "category/{slug}/", field_name="categories")
    assert sorted(t.url for t in tags) == ["tag/don-t-panic/", "tag/node-js/"]
    assert sorted(c.url for c in categories) == ["category/dont-panic/", "category/nodejs/"]
