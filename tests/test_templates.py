"""The templates' variables are what `scripts/reference_docs.py` (and so the README) says.

Every template render of real builds is recorded, with the names of the variables it
was given: a variable added, dropped or renamed in the code without the table (or
the other way round) fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
import reference
import reference_docs
from helpers import ROOT, ExampleBuild, Site, renders_recorded

from mkdocs_blogmeta import pages


@pytest.fixture(scope="module")
def rendered(
    example_build: ExampleBuild, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[set[str]]]:
    """Template name -> the variable names of each render, over the example site and a
    site with categories, an alias, a series and excerpts in its feeds (the example has
    none of the first two)."""
    with renders_recorded() as more:
        site = Site(tmp_path_factory.mktemp("more"), theme="mkdocs")
        site.plugin = {"feed_content": "excerpt"}  # excerpts in feeds, latest posts
        site.post("2024-01-01_sorted", categories=["Notes"], aliases=["/old-sorted/"],
                  series="Parts", body="Top.\n\n<!-- more -->\n\nRest.\n")  # fmt: skip
        site.post("2024-01-02_second-part", series="Parts")
        site.page("news.md", "# News\n\n<!-- blogmeta:latest 2 -->\n")
        site.build()
    seen = {name: list(renders) for name, renders in example_build.renders.items()}
    for name, renders in more.items():
        seen.setdefault(name, []).extend(renders)
    return seen


def test_every_template_is_rendered_with_the_variables_the_table_names(
    rendered: dict[str, list[set[str]]],
) -> None:
    ours = {name: renders for name, renders in rendered.items() if name.startswith("blogmeta/")}
    assert sorted(ours) == sorted(reference_docs.TEMPLATES)
    globals_ = set(reference_docs.GLOBALS)  # a language's page passes its own `t`, `tn`
    for name, renders in ours.items():
        wanted = set(reference_docs.TEMPLATES[name])
        assert [r for r in renders if r - globals_ != wanted] == [], name


def test_theme_templates_get_blog_everywhere_and_post_on_posts(
    rendered: dict[str, list[set[str]]],
) -> None:
    theme = [r for name, renders in rendered.items() if name == "main.html" for r in renders]
    assert theme and all("blog" in r for r in theme)
    assert any("post" in r for r in theme)
    # What the table says the theme gets is what it got.
    assert set(reference_docs.THEME_CONTEXT) <= set.union(*theme)


def test_the_globals_of_the_table_are_those_the_environment_adds() -> None:
    env = pages.make_environment(None)
    plain = jinja2.Environment()
    added = (set(env.globals) - set(plain.globals)) | (set(env.filters) - set(plain.filters))
    assert added == set(reference_docs.GLOBALS)


def test_the_partials_exist_and_are_included() -> None:
    """`pagination.html` is not rendered on its own: the blog index includes it, and the
    other list templates extend the blog index; the post template includes the series
    box."""
    folder = Path(pages.TEMPLATES_DIR) / "blogmeta"
    on_disk = {p.relative_to(folder.parent).as_posix() for p in folder.rglob("*.html")}
    included = on_disk - set(reference_docs.TEMPLATES)
    assert included == set(reference_docs.INCLUDED)
    index = pages.LISTING_TEMPLATES["index"]
    includes = {
        "blogmeta/partials/series.html": pages.POST_TEMPLATE,
        "blogmeta/partials/languages.html": pages.POST_TEMPLATE,
    }
    for name in included:
        by = includes.get(name, index)
        text = (folder.parent / by).read_text("utf-8")
        assert re.search(r'\{%-? include "' + re.escape(name) + r'" %\}', text), name
    for listing in set(pages.LISTING_TEMPLATES.values()) - {index}:
        assert f'{{% extends "{index}" %}}' in (folder.parent / listing).read_text("utf-8")


def test_readme_templates_reference_matches_the_code() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    generated = reference.templates_markdown()
    assert reference.current_table(readme, "templates") == generated, f"run `{reference.COMMAND}`"
    # What the objects hold is read from the classes: a field added shows up.
    assert "`related_to(post)`" in generated and "`previous_url`" in generated
