"""The README's first screen and its worked examples do what they say.

Its pictures are the ones `./scripts/screenshots` makes, made from the current
templates and example site; its set-up snippets build a blog; the tag cloud override
it shows is the example site's own, and works in both themes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import screenshots as shots  # scripts/, on the path by conftest
import yaml
from bs4 import BeautifulSoup
from helpers import ROOT, Site, build_example, front_matter

README = (ROOT / "README.md").read_text("utf-8")


def readme_block(marker: str) -> str:
    """The fenced block that follows `<!-- example: marker -->` in the README."""
    found = re.search(rf"<!-- example: {re.escape(marker)} -->\n```\w*\n(.*?)\n```", README, re.S)
    assert found, f"no example {marker!r} in the README"
    return found.group(1) + "\n"


def test_the_readme_shows_every_picture_the_script_makes() -> None:
    embedded = re.findall(r'src="docs/images/([^"]+)"', README)
    assert sorted(embedded) == sorted(shots.PICTURES)
    assert [p for p in shots.PICTURES if not (shots.OUT / p).is_file()] == []


def test_the_pictures_were_made_from_the_current_templates_and_example() -> None:
    made_from = (shots.OUT / shots.DIGEST).read_text("utf-8").strip()
    assert made_from == shots.inputs_digest(), (
        "a template, the example site or the card drawing changed since the pictures "
        "were taken: run ./scripts/screenshots"
    )


def test_the_share_card_picture_is_the_card_the_build_draws(tmp_path: Path) -> None:
    site = build_example(
        tmp_path / "site",
        plugins=["search", {"blogmeta": {"cards": "always", "cache_dir": str(tmp_path)}}],
    )
    drawn = site / shots.CARD_POST / "card-fb.jpg"
    assert drawn.read_bytes() == (shots.OUT / shots.CARD).read_bytes()


def test_the_readme_shows_two_setup_commands_that_exist() -> None:
    first = README.split("## Add it to your site", 1)[0]
    commands = re.findall(r"^(\./scripts/\S+)", first, re.M)
    assert commands == ["./scripts/build-example", "./scripts/test"]
    assert all((ROOT / c).stat().st_mode & 0o111 for c in commands)
    assert "./scripts/test" in (ROOT / ".ci/run").read_text("utf-8")


def _posts(docs: Path, folder: str) -> None:
    for name, status in [("2024-05-01_first-post", "published"), ("2024-06-01_later", "draft")]:
        bundle = docs / folder / name
        bundle.mkdir(parents=True)
        slug = name.split("_", 1)[1]
        when = "!raw 2024-05-01T10:00:00Z"
        text = front_matter(slug, status=status, date=when, updated=when)
        (bundle / "index.md").write_text(text + "\nHello.\n", "utf-8")


def test_the_five_lines_add_a_blog_to_a_new_site(tmp_path: Path) -> None:
    site = Site(tmp_path, extra=yaml.safe_load(readme_block("add-to-site")))
    _posts(site.docs, "posts")
    site.build(strict=True)
    index = site.html("index.html")
    assert [a.get_text(strip=True) for a in index.select(".blogmeta-entry h2 a")] == [
        "Post first-post"
    ]
    post = site.html("first-post/index.html")
    (canonical,) = post.select('link[rel="canonical"]')
    assert canonical["href"] == "https://blog.example.org/first-post/"
    assert (site.site / "rss.xml").is_file()
    assert not (site.site / "later").exists()


def test_a_site_with_its_own_home_page_gets_the_blog_under_a_folder(tmp_path: Path) -> None:
    site = Site(tmp_path, extra=yaml.safe_load(readme_block("add-to-existing-site")))
    site.page("index.md", "# Our project\n\nThe home page.\n")
    _posts(site.docs, "blog/posts")
    site.build(strict=True)
    assert "The home page." in site.html("index.html").get_text()
    blog = site.html("blog/index.html")
    assert [a.get_text(strip=True) for a in blog.select(".blogmeta-entry h2 a")] == [
        "Post first-post"
    ]
    assert (site.site / "first-post" / "index.html").is_file()


def test_the_tag_cloud_override_in_the_readme_is_the_example_sites() -> None:
    override = (ROOT / "example_site/overrides/material/main.html").read_text("utf-8")
    assert readme_block("tag-cloud-override") == override


@pytest.mark.parametrize(
    ("built", "where"),
    [
        ("example_site", ".md-sidebar--secondary .tag-cloud"),
        ("example_site_mkdocs_theme", ".tag-cloud"),
    ],
)
def test_the_tag_cloud_override_shows_every_tag_with_a_working_link(
    request: pytest.FixtureRequest, built: str, where: str
) -> None:
    site: Path = request.getfixturevalue(built)
    tags_page = BeautifulSoup((site / "tags/index.html").read_text("utf-8"), "lxml")
    every_tag = sorted(
        a.find(string=True, recursive=False).strip()
        for a in tags_page.select(".blogmeta-tags--all a")
    )
    page = BeautifulSoup((site / "small-pull-requests/index.html").read_text("utf-8"), "lxml")
    (cloud,) = page.select(where)
    links = cloud.select("a")
    assert sorted(a.get_text(strip=True) for a in links) == every_tag
    for a in links:
        target = (site / "small-pull-requests" / a["href"]).resolve() / "index.html"
        heading = BeautifulSoup(target.read_text("utf-8"), "lxml").select_one(
            ".blogmeta-listing h1"
        )
        assert heading and heading.get_text(strip=True) == a.get_text(strip=True)


def test_the_message_levels_example_sets_levels_for_build_and_check(tmp_path: Path) -> None:
    """The README's `messages:` example: a TODO stops the build, a long title fails
    `--strict`, a small share image says nothing; an unknown code is named."""
    import logging
    import subprocess

    from helpers import BuildFailed

    site = Site(tmp_path, extra=yaml.safe_load(readme_block("message-levels")))
    long_title = "A title much longer than the seventy characters that a search result shows"
    site.post("2023-01-01_one", title=long_title, body="Intro.\n\nTODO: end\n",
              fb_img="./small.png", images={"small.png": (100, 100)})  # fmt: skip
    with pytest.raises(BuildFailed) as failed:
        site.build()
    assert [m for m in failed.value.messages(logging.ERROR) if m.endswith("[todo-left]")]
    site.post("2023-01-01_one", title=long_title, fb_img="./small.png")
    with pytest.raises(BuildFailed, match="strict"):
        site.build(strict=True)
    said = site.messages(logging.DEBUG)
    assert [m for m in said if m.endswith("[title-too-long]")]
    assert not [m for m in said if "[og-image-small]" in m]
    check = [sys.executable, "-m", "mkdocs_blogmeta.cli", "check", "--strict", "--verbose"]
    run = subprocess.run(check, cwd=site.root, capture_output=True, text=True)
    assert run.returncode == 1 and ": warning: 'title' has" in run.stdout, run.stdout
    assert "og-image-small" not in run.stdout

    site.extra["plugins"][0]["blogmeta"]["messages"] = {"titel-too-long": "info"}
    with pytest.raises(BuildFailed) as failed:
        site.build()
    said = " ".join(failed.value.messages())
    assert "'titel-too-long' is not a message code (did you mean 'title-too-long'?)" in said
    run = subprocess.run(check, cwd=site.root, capture_output=True, text=True)
    assert run.returncode == 2 and "'titel-too-long' is not a message code" in run.stderr
    assert "Traceback" not in run.stderr


def test_the_archive_example_makes_month_pages(tmp_path: Path) -> None:
    site = Site(tmp_path, extra=yaml.safe_load(readme_block("archive-options")))
    site.post("2023-03-04_one")
    site.post("2023-03-20_two")
    site.post("2022-12-01_three")
    site.build(strict=True)
    march = site.html("archive/2023/03/index.html")
    assert [h.get_text(strip=True) for h in march.select(".blogmeta-entry__title")] == [
        "Post two", "Post one",
    ]  # fmt: skip
    years = site.html("archive/index.html").select(".blogmeta-archive__year")
    assert [[a["href"] for a in y.select("a")] for y in years] == [["2023/03/"], ["2022/12/"]]


def test_the_series_example_is_read_as_it_says(tmp_path: Path) -> None:
    fields = yaml.safe_load(readme_block("series-front-matter"))
    site = Site(tmp_path)
    site.post("2023-01-01_first", series=fields["series"], series_order=3)
    site.post("2023-02-01_second", series=[fields["series"]], series_order=fields["series_order"])
    site.post("2023-03-01_third", series=fields["series"])
    site.build(strict=True)
    box = site.html("third/index.html").select_one(".blogmeta-series")
    assert box.select_one(".blogmeta-series__position").get_text() == "Part 3 of 3"
    parts = [li.get_text(strip=True) for li in box.select("li")]
    assert parts == ["Post second", "Post first", "Post third"]
