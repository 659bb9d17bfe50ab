"""Real sites built with MkDocs in temp folders: URLs, drafts, titles, messages."""

from __future__ import annotations

import gzip
import html
import json
import logging
import subprocess
import sys
from collections import Counter

import pytest
from helpers import OMIT, BuildFailed, Site, front_matter

THEMES = ["material", "mkdocs"]
MARKER = "zqxleakmarker"


def site_text(site: Site) -> dict[str, str]:
    """Every file under site_dir as text (gzip opened), keyed by its path."""
    out = {}
    for path in site.files():
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        out[str(path.relative_to(site.site))] = data.decode("utf-8", "replace")
    return out


def assert_absent(site: Site, marker: str) -> None:
    for name, text in site_text(site).items():
        assert marker not in name, name
        assert marker not in text, name


@pytest.mark.parametrize("theme", THEMES)
def test_posts_live_at_their_slug_with_their_images(site: Site, theme: str) -> None:
    site.theme = theme
    site.post(
        "2023-03-26_the-senior-dev",
        body="See ![a diagram](./diagram.png) and [the slides](./slides.pdf).\n",
        images={"the-senior-dev.jpg": (800, 400), "diagram.png": (120, 60)},
        header_img="!raw './the-senior-dev.jpg'",
    )
    (site.docs / "posts/2023-03-26_the-senior-dev/slides.pdf").write_bytes(b"%PDF-1.4\n")
    site.post("2021-01-02_second", date="!raw 2021-01-02T10:00:00Z")
    site.page("about.md", "# About\n")
    site.build(strict=True)

    page = site.site / "the-senior-dev/index.html"
    assert page.is_file()
    assert (site.site / "the-senior-dev/diagram.png").is_file()
    assert (site.site / "the-senior-dev/slides.pdf").is_file()
    assert (site.site / "second/index.html").is_file()
    assert not (site.site / "posts").exists()
    soup = site.html("the-senior-dev/index.html")
    for img in soup.select("article img"):
        assert (page.parent / img["src"]).resolve().is_file(), img["src"]
    links = [a["href"] for a in soup.select("article a[href]")]
    assert "slides.pdf" in links
    # Posts are kept out of the nav: the about page does not list them.
    nav = site.html("about/index.html").select("nav a[href]")
    assert not [a for a in nav if "senior" in a["href"]]


def test_files_beside_a_single_file_draft_stay_out_however_it_names_them(site: Site) -> None:
    """Files beside a single-file draft (no bundle) are the draft's when its Markdown
    names them: a name with spaces (`![x](<a b.png>)`, `<img src="a b.png">`, a reference
    `[x]: <a b.png>`), a `srcset` candidate, an `<object data>`."""
    site.post("2023-03-01_visible", body="Public text.\n")
    held = site.docs / "posts"
    names = ["shot", "raw", "plain", "ref", "one", "two", "object"]
    for name in names:
        (held / f"{MARKER} {name}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    m = MARKER
    (held / "2023-04-01-secret.md").write_text(
        front_matter("secret", status="draft")
        + f'\n![a](<{m} shot.png>)\n\n<img src="{m} raw.png">\n\n![c](<{m} plain.png>)\n\n'
        + f"![r][ref]\n\n[ref]: <{m} ref.png>\n\n"
        + f'<img src="x.png" srcset="{m}%20one.png 1x, {m}%20two.png 2x">\n\n'
        + f'<object data="{m} object.png"></object>\n',
        "utf-8",
    )
    site.build(strict=True)
    assert (site.site / "visible/index.html").is_file()
    assert_absent(site, MARKER)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("kind", ["draft", "future"])
def test_a_held_back_post_leaves_no_trace(site: Site, theme: str, kind: str) -> None:
    site.theme = theme
    fields = {"status": "draft"} if kind == "draft" else {"date": "!raw 2999-01-01T00:00:00Z"}
    site.post(
        f"2023-04-01_{MARKER}-post",
        body=f"Secret {MARKER} text ![x](./{MARKER}.png)\n\nTODO: {MARKER}\n",
        images={f"{MARKER}.png": (40, 40), f"{MARKER}-fb.png": (1200, 630)},
        title=f"The {MARKER} title",
        tags=[f"{MARKER}-tag"],
        fb_img=f"./{MARKER}-fb.png",
        series="Shared",  # its series' box, page and feed, beside its year's archive
        series_order=1,
        # its author's and category's pages (and their descriptions: the bio) are not made
        author_slug=f"{MARKER}-author",
        categories=[f"{MARKER}-cat"],
        **fields,
    )
    (site.docs / "authors.yml").write_text(
        f"{MARKER}-author:\n  name: {MARKER} Name\n  bio: The {MARKER} bio.\n", "utf-8"
    )
    site.post(f"2019-04-01_{MARKER}-alone", title=f"{MARKER} alone", series=MARKER, **fields)
    site.post("2023-03-01_visible", body="Public text.\n", series="Shared")
    site.post("2023-03-02_visible-too", body="Public text.\n", series="Shared")
    site.build(strict=True)
    assert (site.site / "visible/index.html").is_file()
    assert len(site.html("visible/index.html").select(".blogmeta-series li")) == 2
    assert (site.site / "series/shared/rss.xml").is_file()
    assert (site.site / "archive/2023/index.html").is_file()
    assert not (site.site / "archive/2019").exists()
    assert_absent(site, MARKER)


def test_drafts_option_builds_drafts_with_a_banner(site: Site) -> None:
    site.plugin = {"drafts": True}
    site.post("2023-04-01_wip", status="draft")
    site.build()
    soup = site.html("wip/index.html")
    assert "Draft" in soup.select_one(".blogmeta-draft").get_text()


def test_serve_shows_drafts_with_a_banner_and_noindex(site: Site) -> None:
    site.post("2023-04-01_wip", status="draft", tags=["t"])
    site.post("2023-04-02_later", date="!raw 2999-01-01T00:00:00Z")
    site.post("2023-03-01_done", tags=["t"])
    site.build(serve=True)
    for slug in ("wip", "later"):
        soup = site.html(f"{slug}/index.html")
        assert "Draft" in soup.select_one(".blogmeta-draft").get_text()
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "scheduled" in site.html("later/index.html").select_one(".blogmeta-draft").get_text()
    site.plugin = {"drafts_on_serve": False}
    site.build(serve=True)
    assert not (site.site / "wip").exists() and not (site.site / "later").exists()
    assert (site.site / "done/index.html").is_file()


def test_future_posts_are_published_when_configured(site: Site) -> None:
    site.plugin = {"future_is_draft": False}
    site.post("2023-04-01_later", date="!raw 2999-01-01T00:00:00Z")
    site.build()
    assert (site.site / "later/index.html").is_file()


HOSTILE_TITLE = '"><script>alert(1)</script> Tom & Jerry\'s "tips" </script> <b>bold</b>'


@pytest.mark.parametrize("theme", THEMES)
def test_titles_subtitles_and_tags_are_text(site: Site, theme: str) -> None:
    site.theme = theme
    site.post(
        "2023-03-26_hostile",
        body="Plain body.\n",
        title=HOSTILE_TITLE,
        subtitle="<i>sub</i> & </script>",
        tags=["<em>tag</em>", "a&b"],
    )
    site.post(
        "2023-03-25_control", body="Plain body.\n", title="Plain", subtitle="s", tags=["x", "y"]
    )
    site.build()
    soup = site.html("hostile/index.html")
    control = site.html("control/index.html")
    # The same elements as a page with harmless text: nothing was injected.
    assert Counter(t.name for t in soup.find_all()) == Counter(t.name for t in control.find_all())
    for script in soup.find_all("script"):
        if script.get("type") != "application/ld+json":  # data, not code
            assert "alert(1)" not in script.get_text()
    assert soup.select_one("article h1").get_text() == HOSTILE_TITLE
    assert soup.title.get_text().startswith(HOSTILE_TITLE)
    assert soup.select_one(".blogmeta-post__subtitle").get_text() == "<i>sub</i> & </script>"
    tags = [li.get_text() for li in soup.select(".blogmeta-tag")]
    assert tags == ["<em>tag</em>", "a&b"]
    if theme == "material":
        topic = soup.select(".md-header__topic .md-ellipsis")
        assert any(t.get_text().strip() == HOSTILE_TITLE for t in topic)
    index = json.loads((site.site / "search/search_index.json").read_text("utf-8"))
    titles = [html.unescape(d["title"]) for d in index["docs"]]
    assert HOSTILE_TITLE in titles


# -- messages for bad input ---------------------------------------------------


BAD_CASES = {
    "missing-title": ({"title": OMIT}, "title"),
    "missing-image": ({"fb_img": "!raw ./nope-fb.png"}, "fb_img"),
    "missing-header": ({"header_img": "!raw './nope.jpg'"}, "header_img"),
    "missing-tw": ({"tw_img": "./nope-tw.png"}, "tw_img"),
    "layout-page": ({"layout": "page"}, "layout"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_names_file_and_field_and_fails_strict(site: Site, case: str) -> None:
    fields, field = BAD_CASES[case]
    site.post(case, **fields)  # a folder without a date: nothing is taken from its name
    site.post("2023-03-20_fine")
    site.build()
    src = f"posts/{case}/index.md"
    [message] = [m for m in site.messages(logging.INFO) if src in m]
    assert f"'{field}'" in message
    assert not [r for r in site.records if r.exc_info]
    assert (site.site / "fine/index.html").exists()
    with pytest.raises(BuildFailed, match="strict"):
        site.build(strict=True)


#: Posts that cannot be read or placed: nobody can tell whether they are published.
UNREADABLE_CASES = {
    "missing-date": ({"date": OMIT}, "date", "date-missing"),
    "bad-date": ({"date": "not-a-date", "updated": "!raw 2023-01-01"}, "date", "date-invalid"),
    "bad-slug": ({"slug": "../../etc"}, "slug", "slug-invalid"),
    "draft-bad-date": ({"date": "soon", "status": "draft"}, "date", "date-invalid"),
    "bad-publish-date": ({"publishDate": "!raw 2023-02-30"}, "publishDate", "date-holds-back"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE_CASES))
def test_a_post_that_cannot_be_read_or_placed_stops_the_build(site: Site, case: str) -> None:
    """An unreadable date or slug stops every build, a draft's too, with `path:line`, the
    field and the fix; at `warning` (the site's `messages:`) the post is left out instead."""
    fields, field, code = UNREADABLE_CASES[case]
    path = site.post(case, **fields)
    site.post("2023-03-20_fine")
    with pytest.raises(BuildFailed) as failed:
        site.build()
    src = f"posts/{case}/index.md"
    [message] = [m for m in failed.value.messages(logging.ERROR) if src in m]
    lines = path.read_text("utf-8").splitlines()
    line = next((i for i, t in enumerate(lines, 1) if t.startswith(f"{field}:")), None)
    assert message.startswith(
        f"mkdocs_blogmeta: {src}:{line}: " if line else f"mkdocs_blogmeta: {src}: "
    )
    assert f"'{field}'" in message and message.endswith(f"[{code}]")
    assert "build-stopped" in failed.value.messages(logging.ERROR)[-1]
    assert not [r for r in failed.value.records if r.exc_info]
    site.plugin = {"messages": {code: "warning"}}
    site.build()
    assert (site.site / "fine/index.html").exists()
    assert not (site.site / case).exists() and not (site.site / "etc").exists()
    with pytest.raises(BuildFailed, match="strict"):
        site.build(strict=True)


def test_a_missing_slug_comes_from_the_bundle_folder_or_as_material_makes_it(
    site: Site,
) -> None:
    """Hugo's and Gatsby's bundles are named for their URL; a single file gets the slug
    Material's blog gives it (its `post_slugify`), so migrated URLs stay the same."""
    site.post("hugo-style-bundle", slug=OMIT, title="Anything at all")
    single = site.docs / "posts/single.md"
    single.write_text(
        site.post("x", slug=OMIT, title="Don't panic: café <b>au</b> lait")
        .read_text("utf-8"), "utf-8",
    )  # fmt: skip
    (site.docs / "posts/x/index.md").unlink()
    site.build(strict=True)
    assert site.html("hugo-style-bundle/index.html").select_one("h1")
    page = site.site / "dont-panic-café-au-lait" / "index.html"
    assert page.is_file(), sorted(p.name for p in site.site.iterdir())
    said = [m for m in site.messages(logging.INFO) if "posts/single.md" in m]
    assert said and "[slug-from-title]" in said[0]
    assert not [m for m in site.messages(logging.INFO) if "hugo-style-bundle" in m]


def test_every_markdown_extension_mkdocs_renders_is_a_post(site: Site) -> None:
    """`jekyll new` writes `.markdown`: such a draft must stay as hidden as a `.md` one."""
    for name, status in [("2024-01-02-kept.markdown", "published"),
                         ("2024-01-03-hidden.mkd", "draft")]:  # fmt: skip
        written = site.post(f"draft-of-{status}", slug=OMIT, status=status, title=name)
        written.rename(site.docs / "posts" / name)
        written.parent.rmdir()
    site.build(strict=True)
    assert (site.site / "kept/index.html").is_file()
    assert not any("hidden" in str(p) for p in site.files())


def test_date_and_slug_come_from_the_folder_name(site: Site) -> None:
    site.post("2021-05-06_from-folder", date=OMIT, updated=OMIT, slug=OMIT)
    site.build(strict=True)
    soup = site.html("from-folder/index.html")
    assert soup.select_one("article time")["datetime"].startswith("2021-05-06")


def test_duplicate_slug_stops_the_build_naming_both(site: Site) -> None:
    site.post("2023-03-26_one", slug="same")
    site.post("2023-03-27_two", slug="same")
    with pytest.raises(BuildFailed) as failed:
        site.build()
    [message] = [m for m in failed.value.messages() if "same" in m]
    assert "posts/2023-03-26_one/index.md" in message
    assert "posts/2023-03-27_two/index.md" in message
    assert "'slug'" in message or "slug 'same'" in message


def test_duplicate_uuid_is_a_warning_naming_both(site: Site) -> None:
    uuid = "f184d499-3f81-4dd5-8c17-e8b761744d5d"
    site.post("2023-03-26_one", uuid=uuid)
    site.post("2023-03-27_two", uuid=uuid)
    site.build()
    [message] = [m for m in site.messages() if uuid in m]
    assert "posts/2023-03-26_one/index.md" in message
    assert "posts/2023-03-27_two/index.md" in message


def test_post_url_colliding_with_a_page_is_an_error(site: Site) -> None:
    site.post("2023-03-26_about")
    site.page("about.md", "# About\n")
    with pytest.raises(BuildFailed) as failed:
        site.build()
    assert any("about.md" in m and "posts/2023-03-26_about/index.md" in m
               for m in failed.value.messages())  # fmt: skip


def test_broken_yaml_names_file_and_line(site: Site) -> None:
    path = site.post("2023-03-26_broken", status="!raw [published")
    with pytest.raises(BuildFailed) as failed:
        site.build()
    [message] = [m for m in failed.value.messages() if "broken" in m]
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "status" in t)
    assert message.startswith("mkdocs_blogmeta: posts/2023-03-26_broken/index.md:")
    assert abs(int(message.split(":")[2]) - line) <= 1
    assert not (site.site / "broken").exists()


def test_todo_in_a_published_post_is_a_warning_with_its_line(site: Site) -> None:
    site.post("2023-03-26_todo", body="Intro.\n\nTODO: add benchmarks here\n")
    site.build()
    [message] = [m for m in site.messages() if "TODO" in m]
    assert "posts/2023-03-26_todo/index.md:" in message


def test_cli_build_shows_messages_not_tracebacks(site: Site) -> None:
    site.post("2023-03-26_broken", status="!raw [published")
    site.post("2023-03-26_one", slug="same")
    site.post("2023-03-27_two", slug="same")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(site.config_file())],
        capture_output=True,
        text=True,
        cwd=site.root,
    )
    assert run.returncode != 0
    assert "Traceback" not in run.stderr + run.stdout
    assert "posts/2023-03-26_broken/index.md:" in run.stderr
    assert "posts/2023-03-27_two/index.md" in run.stderr


def test_schema_post_verbatim_builds_clean(site: Site) -> None:
    from test_posts import SCHEMA_POST

    bundle = site.docs / "posts/2023-03-26_the-senior-dev"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(SCHEMA_POST, "utf-8")
    from helpers import write_image

    write_image(bundle / "the-senior-dev.jpg", (1600, 800))
    write_image(bundle / "the-senior-dev-fb.png", (1200, 630))
    write_image(bundle / "the-senior-dev-tw.png", (440, 220))
    site.build(strict=True)
    # Its title is longer than X shows: advice, the one line this real post gets.
    assert site.messages() == []
    [advice] = [m for m in site.messages(logging.INFO) if "[title-too-long]" in m]
    assert "'title' has 75 characters" in advice and "meta_title" in advice
    soup = site.html("the-senior-dev/index.html")
    assert soup.select_one("article h1").get_text().startswith("The Definition of Senior")
    assert (site.site / "the-senior-dev/the-senior-dev-fb.png").is_file()


def test_two_builds_in_one_process_are_identical(site: Site) -> None:
    site.post("2023-03-26_one", tags=["a", "b"])
    site.post("2023-03-27_two", status="draft")
    site.build()
    first = site_text(site)
    site.build()
    assert site_text(site) == first


def test_posts_dir_is_read_without_its_slashes(site: Site) -> None:
    """`posts_dir: /posts/` is the folder `posts`: the option is normalised where it is
    read, once, and every rule after it gets the plain folder."""
    site.plugin = {"cards": "off", "posts_dir": "/posts/"}
    site.post("2023-01-01_kept", body="Kept.\n")
    site.build(strict=True)
    assert (site.site / "kept/index.html").is_file()
    assert not (site.site / "posts").exists()
