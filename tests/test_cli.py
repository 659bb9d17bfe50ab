"""The `blogmeta` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import OMIT, ROOT, BuildFailed, ExampleBuild, Site


def blogmeta(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs_blogmeta.cli", *args], cwd=cwd,
                          capture_output=True, text=True)  # fmt: skip


def test_check_prints_the_planted_problem_as_the_build_does(tmp_path: Path) -> None:
    run = blogmeta("check", cwd=ROOT)
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stdout.splitlines() if not line.startswith("blogmeta:")]
    assert lines == [
        "posts/2023-04-07_profiling-before-guessing/index.md:60: warning: the post is published "
        "but still holds a TODO marker (line 60); finish it or set 'status: draft' [todo-left]"
    ]
    todo_line = (ROOT / "example_site/docs/posts/2023-04-07_profiling-before-guessing/index.md"
                 ).read_text("utf-8").splitlines().index("TODO: add benchmarks here") + 1  # fmt: skip
    assert todo_line == 60
    # 17 posts and 4 Italian translations; the advice: the 11 published posts without an
    # Italian translation, and the French post that stays in the English blog
    assert "21 posts checked" in run.stdout and "0 errors, 1 warning, 12 advice" in run.stdout
    assert blogmeta("check", "--strict", cwd=ROOT).returncode == 1
    assert "Traceback" not in run.stderr


def _build_warnings(site: Site) -> set[str]:
    return {m.removeprefix("mkdocs_blogmeta: ") for m in site.messages()}


def _check_warnings(stdout: str) -> set[str]:
    out = set()
    for line in stdout.splitlines():
        match = re.match(r"^(.*?): (warning|error): (.*)$", line)
        if match:
            out.add(f"{match.group(1)}: {match.group(3)}")
    return out


def test_check_and_build_agree_on_a_tree_full_of_problems(site: Site) -> None:
    site.post("2023-01-01_todo", body="TODO: write\n")
    site.post("2023-01-02_noimg", fb_img="./missing.png", language="english")
    site.post("2023-01-03_baddate", date="soon", updated="!raw 2023-01-01")
    site.post("2023-01-04_long", title="L" * 90, tags=["C++", "c"])
    site.post("2023-01-05_small", tw_img="./t.png", images={"t.png": (100, 100)})
    (site.docs / "posts/2023-01-06_empty").mkdir(parents=True)
    (site.docs / "posts/2023-01-06_empty/x.png").write_bytes(b"")
    site.page("authors.yml", "ada-quinn:\n  twitter: nope nope\n")
    with pytest.raises(BuildFailed) as failed:  # the unreadable date stops the build
        site.build()
    built = {m.removeprefix("mkdocs_blogmeta: ") for m in failed.value.messages()}
    built = {m for m in built if not m.endswith("[build-stopped]")}
    run = blogmeta("check", cwd=site.root)
    assert run.returncode == 1, run.stdout + run.stderr
    assert _check_warnings(run.stdout) == built
    assert len(built) >= 6
    assert [m for m in built if m.startswith("posts/2023-01-03_baddate/index.md:7: 'date'")]
    # the site's levels, for both: the date left out with a warning, advice made warnings
    site.plugin = {"messages": {"date-invalid": "warning", "title-too-long": "warning",
                                "tag-slug-clash": "warning", "todo-left": "off"}}  # fmt: skip
    site.build()
    run = blogmeta("check", cwd=site.root)
    assert run.returncode == 0, run.stdout + run.stderr
    assert _check_warnings(run.stdout) == _build_warnings(site)
    assert len(_build_warnings(site)) >= 7
    assert not [m for m in _build_warnings(site) if "[todo-left]" in m]


def test_check_exits_1_on_errors(site: Site) -> None:
    site.post("2023-01-01_a", slug="same")
    site.post("2023-01-02_b", slug="same")
    site.config_file()
    run = blogmeta("check", cwd=site.root)
    assert run.returncode == 1
    assert "error: two posts have the same slug 'same'" in run.stdout


def test_new_creates_a_draft_the_build_hides(site: Site) -> None:
    site.post("2023-01-01_old")
    site.config_file()
    run = blogmeta("new", 'Héllo: a "new" post', "--author", "Ada Quinn", cwd=site.root)
    assert run.returncode == 0, run.stderr
    path = Path(run.stdout.strip())
    if not path.is_absolute():
        path = site.root / path
    text = path.read_text("utf-8")
    for field in ("uuid", "layout", "title", "slug", "subtitle", "date", "updated", "author",
                  "author_slug", "header_img", "fb_img", "tw_img", "status", "language",
                  "meta_title", "meta_description", "tags"):  # fmt: skip
        assert re.search(rf"^{field}:", text, re.MULTILINE), field
    assert "status: draft" in text
    assert path.parent.name.endswith("_héllo-a-new-post")
    site.build(strict=True)
    assert not (site.site / "héllo-a-new-post").exists()
    site.plugin = {"drafts": True}
    site.build()
    page = site.html("héllo-a-new-post/index.html")
    assert page.select_one("article h1").get_text() == 'Héllo: a "new" post'
    again = blogmeta("new", 'Héllo: a "new" post', "--author", "Ada Quinn", cwd=site.root)
    assert again.returncode == 2 and "already used" in again.stderr
    assert path.read_text("utf-8") == text


def test_list_marks_drafts_and_speaks_json(tmp_path: Path) -> None:
    run = blogmeta("list", "--json", cwd=ROOT)
    rows = json.loads(run.stdout)
    states = {r["slug"]: r["state"] for r in rows}
    assert states["unfinished-thoughts-on-monorepos"] == "draft"
    assert states["letters-to-2099"] == "future"
    assert states["small-pull-requests"] == "published"
    assert states["our-incident-review-template"] == "unlisted"
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    table = blogmeta("list", cwd=ROOT).stdout
    assert "/small-pull-requests/" in table and "draft" in table
    assert "1 unlisted" in table


def test_errors_in_the_command_are_messages(tmp_path: Path) -> None:
    run = blogmeta("check", cwd=tmp_path)
    assert run.returncode == 2
    assert "mkdocs.yml not found" in run.stderr and "Traceback" not in run.stderr


def test_example_build_warnings_match_check(example_build: ExampleBuild) -> None:
    import logging

    built = {
        r.getMessage().removeprefix("mkdocs_blogmeta: ")
        for r in example_build.records
        if r.levelno >= logging.WARNING
    }
    assert built == _check_warnings(blogmeta("check", cwd=ROOT).stdout)


def test_check_stops_on_the_collisions_the_build_stops_on(site: Site) -> None:
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}
    site.post("2023-01-01_one", slug="sitemap.xml")
    site.post("2023-01-02_two", aliases=["/404.html"])
    site.page("rss.xml", "<mine/>\n")
    site.config_file()
    for args in (["check"], ["check", "--strict"]):
        run = blogmeta(*args, cwd=site.root)
        assert run.returncode == 1, run.stdout
        errors = [line for line in run.stdout.splitlines() if ": error: " in line]
        assert any(line.startswith("posts/2023-01-01_one/index.md:") for line in errors)
        assert any(line.startswith("posts/2023-01-02_two/index.md:") for line in errors)
        assert any(line.startswith("mkdocs.yml: ") and "'rss.xml'" in line for line in errors)
        assert all(line.endswith("[output-collision]") for line in errors), errors
        assert "Traceback" not in run.stderr


def test_check_never_prints_a_traceback(site: Site) -> None:
    site.theme = "mkdocs"
    site.plugin = {"cards": "always", "card_font": ["missing.ttf"]}
    site.post("2023-01-01_one")
    site.config_file()
    run = blogmeta("check", cwd=site.root)  # on_config refuses the font: a message
    assert run.returncode == 2 and "card_font" in run.stderr and "Traceback" not in run.stderr
    (site.root / "mkdocs.yml").write_text("site_name: [unclosed\n", "utf-8")
    run = blogmeta("check", cwd=site.root)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    site.plugin = {"cards": "off"}
    for n in range(300):
        site.post(f"2023-01-01_p{n}", tags=[f"tag-{n}-{'x' * 40}"])
    site.config_file()
    piped = subprocess.run(
        f"{sys.executable} -m mkdocs_blogmeta.cli list --json | head -c 10",
        shell=True, cwd=site.root, capture_output=True, text=True,
    )  # fmt: skip
    assert "Traceback" not in piped.stderr and "BrokenPipe" not in piped.stderr, piped.stderr


def test_strict_fails_on_warnings_even_quiet(site: Site) -> None:
    """MkDocs' `-q` sets the `mkdocs` logger to ERROR, so the warnings `--strict` counts
    would never be logged; the plugin keeps its own logger at WARNING under `--strict`,
    so `mkdocs build --strict -q` fails like `blogmeta check --strict` (tests/test_strict.py
    covers the build's side in full)."""
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}
    site.post("2023-01-01_one", body="TODO: write\n")
    site.config_file()

    def mkdocs(*args: str) -> int:
        command = [sys.executable, "-m", "mkdocs", "build", *args]
        return subprocess.run(command, cwd=site.root, capture_output=True).returncode

    assert mkdocs("--strict") == 1
    assert mkdocs("--strict", "-q") == 1
    assert mkdocs("-q") == 0
    assert blogmeta("check", "--strict", cwd=site.root).returncode == 1
    assert blogmeta("check", cwd=site.root).returncode == 0


def test_new_on_the_common_blog_takes_the_blogs_author_and_the_sites_language(
    site: Site,
) -> None:
    """No authors file, no site_author, every post by one author, a French Material site:
    the draft gets that author and the language the build reads posts in."""
    site.extra = {"theme": {"name": "material", "language": "fr"}}
    for n in range(3):
        site.post(f"2023-01-0{n + 1}_p{n}", author="Luciano Mammino",
                  author_slug="luciano-mammino", language=OMIT)  # fmt: skip
    site.post("2023-01-09_guest", author="A Guest", author_slug="a-guest")
    site.config_file()
    run = blogmeta("new", "A Brand New Post", cwd=site.root)
    assert run.returncode == 0, run.stderr
    text = Path(run.stdout.strip()).read_text("utf-8")
    assert "\nauthor: Luciano Mammino\n" in text and "\nauthor_slug: luciano-mammino\n" in text
    assert "\nlanguage: fr\n" in text and "\nstatus: draft\n" in text
    assert "Luciano Mammino (the author of 3 of 4 posts)" in run.stderr
    site.plugin = {"drafts": True}
    site.build()
    page = site.html("a-brand-new-post/index.html")
    assert page.html["lang"] == "fr"
    assert "Luciano Mammino" in page.select_one(".blogmeta-post__author").get_text()
    post = site.html("p0/index.html")  # what the build reads for a post without language
    assert post.find("meta", property="og:locale")["content"] == "fr"

    site.extra["site_author"] = "Ada Quinn"  # the site's author comes first
    site.config_file()
    run = blogmeta("new", "Another one", cwd=site.root)
    assert run.returncode == 0 and "Ada Quinn (the site's author)" in run.stderr


def test_new_with_nothing_to_go_on_asks_for_an_author(site: Site) -> None:
    site.post("2023-01-01_anonymous", author=None, author_slug=None)
    site.config_file()
    run = blogmeta("new", "Title", cwd=site.root)
    assert run.returncode == 2 and "--author" in run.stderr and "Traceback" not in run.stderr
    assert not list((site.docs / "posts").glob("*_title"))


def test_list_is_a_unix_tool(site: Site) -> None:
    """Through a real pipe: `| head -3` gives three lines and no traceback; lines fit
    the terminal (`COLUMNS`), long values cut; `--json` has every value whole; the exit
    codes are in `--help`."""
    long_title = "A title so long that no terminal would show it on one line " * 3
    for n in range(40):
        site.post(f"2023-01-{n % 28 + 1:02d}_post-{n}-{'x' * 60}", title=long_title.strip(),
                  tags=[f"tag-{n}", "javascript", "nodejs", "career"])  # fmt: skip
    site.config_file()
    command = f"{sys.executable} -m mkdocs_blogmeta.cli list | head -3"
    piped = subprocess.run(command, shell=True, cwd=site.root, capture_output=True,
                           text=True, env={**os.environ, "COLUMNS": "80"})  # fmt: skip
    assert piped.stderr == ""
    lines = piped.stdout.splitlines()
    assert len(lines) == 3 and lines[0].split() == ["STATE", "DATE", "URL", "TAGS", "TITLE"]
    assert all(len(line) <= 80 for line in lines), lines
    assert lines[1].startswith("published  2023-01-") and lines[1].endswith("…")
    rows = json.loads(blogmeta("list", "--json", cwd=site.root).stdout)
    assert len(rows) == 40 and all(r["title"] == long_title.strip() for r in rows)
    assert all(len(r["url"]) > 60 for r in rows)
    help_text = blogmeta("--help", cwd=site.root).stdout
    assert "exit status:" in help_text and "  2  the command could not run" in help_text


def test_check_verbose_says_a_translation_takes_its_fields_from_its_post(site: Site) -> None:
    """A translation's fields it does not write come from the post it translates: named
    with that post, not reported as the site's defaults it forgot (`assumed`)."""
    site.plugin = {"languages": {"en": {"name": "English", "default": True}, "it": {}}}
    post = site.post("2023-01-02_alpha", tags=["python"], language="en")
    (post.parent / "index.it.md").write_text("---\ntitle: Alfa\n---\nCiao.\n", "utf-8")
    site.post("2023-01-03_beta", language=None)  # no language: the site's, assumed
    site.config_file()
    said = blogmeta("check", "--verbose", cwd=site.root).stdout.splitlines()
    italian = [line for line in said if "index.it.md" in line]
    assert len(italian) == 1, said
    [line] = italian
    assert line.startswith("posts/2023-01-02_alpha/index.it.md: info: takes ")
    assert line.endswith(
        " from posts/2023-01-02_alpha/index.md, the post it translates [translation-inherits]"
    )
    taken = re.findall(r"'(\w+)'", line)
    assert {"date", "tags", "author", "slug"} <= set(taken)
    assert not {"title", "uuid", "language"} & set(taken)  # its own, or never inherited
    assert any("2023-01-03_beta/index.md" in s and "[assumed]" in s and "'language'" in s
               for s in said)  # fmt: skip
