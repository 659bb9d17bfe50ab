"""The plugin's own markup is accessible and described: what Lighthouse's accessibility
and SEO audits check, as structure (`scripts/lighthouse` measures the real scores).

Every page the plugin makes has a meta description, in the site's language; listing
images are decorative (`alt=""`, beside their post's title link) or say what they show;
headings go down one level at a time; and the colours of blogmeta.css are AA (4.5:1) on
the backgrounds of every shipped theme, computed from the CSS itself.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import mkdocs.themes
import pytest
from helpers import ROOT, Site
from lxml import html

from mkdocs_blogmeta import i18n

CSS = (ROOT / "mkdocs_blogmeta/assets/blogmeta.css").read_text("utf-8")

#: The plugin's pages: a post, or a listing or overview (not a page of the site that
#: holds a `blogmeta:latest` list, whose description is the site's own).
OURS = (
    '//article[contains(concat(" ", @class, " "), " blogmeta-post ")]'
    ' | //div[contains(concat(" ", @class, " "), " blogmeta-listing ")'
    ' and not(contains(@class, "blogmeta-latest"))]'
)
#: Where each theme puts the page's content.
CONTENT = {
    "material": '//article[contains(@class, "md-content__inner")]',
    "mkdocs": '//div[@role="main"]',
}


def plugin_pages(site: Path) -> dict[str, html.HtmlElement]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        page = html.parse(str(path)).getroot()
        if page.xpath(OURS):
            pages[path.relative_to(site).as_posix()] = page
    return pages


@pytest.fixture(scope="module")
def material(example_site: Path) -> dict[str, html.HtmlElement]:
    return plugin_pages(example_site)


@pytest.fixture(scope="module")
def mkdocs_theme(example_site_mkdocs_theme: Path) -> dict[str, html.HtmlElement]:
    return plugin_pages(example_site_mkdocs_theme)


def description(page: html.HtmlElement) -> str:
    found = page.xpath('//head/meta[@name="description"]/@content')
    assert len(found) == 1, found  # the theme's own is replaced, never doubled
    return found[0]


# -- descriptions -------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_every_page_the_plugin_makes_has_a_description(
    theme: str, request: pytest.FixtureRequest
) -> None:
    pages = request.getfixturevalue("material" if theme == "material" else "mkdocs_theme")
    kinds = {p.split("/")[0] for p in pages}
    assert {"index.html", "tag", "tags", "author", "authors", "archive", "series"} <= kinds
    for path, page in pages.items():
        assert description(page).strip(), path
    english = i18n.Labels(None)
    assert description(pages["index.html"]) == (
        "A demo blog for mkdocs-blogmeta, written by three developers."
    )
    assert description(pages["tag/git/index.html"]) == english("Posts tagged “{name}”", name="git")
    # an author with a bio is described by it; the page of every tag by a sentence
    assert description(pages["author/ada-quinn/index.html"]).startswith("Builds developer tools")
    assert description(pages["tags/index.html"]) == english(
        "Every tag of the blog, with its number of posts."
    )
    assert description(pages["series/a-small-cli/index.html"]) == english(
        "The series “{name}”", name="A small CLI"
    )


@pytest.mark.parametrize("language", ["fr", "de", "es"])
def test_descriptions_are_in_the_site_language(site: Site, language: str) -> None:
    """Without `site_description` or bios, every page of the plugin still has a
    description, a sentence of the site's language."""
    site.extra = {"theme": {"name": "material", "language": language}}
    (site.docs / "authors.yml").parent.mkdir(parents=True, exist_ok=True)
    (site.docs / "authors.yml").write_text("ada:\n  name: Ada\n", "utf-8")
    for n in (1, 2):
        site.post(
            f"2023-0{n}-01_part-{n}", tags=["t"], categories=["Notes"], author_slug="ada",
            series="Saga",
        )  # fmt: skip
    site.build(strict=True)
    labels, english = i18n.Labels(language), i18n.Labels(None)
    pages = plugin_pages(site.site)
    expected = {
        "index.html": ("The latest posts on {name}", "Test blog"),
        "tag/t/index.html": ("Posts tagged “{name}”", "t"),
        "category/notes/index.html": ("Posts in the category “{name}”", "Notes"),
        "author/ada/index.html": ("Posts by {name}", "Ada"),
        "series/saga/index.html": ("The series “{name}”", "Saga"),
        "archive/2023/index.html": ("Posts from {name}", "2023"),
        "tags/index.html": ("Every tag of the blog, with its number of posts.", None),
        "authors/index.html": ("Every author of the blog, with their posts.", None),
        "categories/index.html": ("Every category of the blog, with its number of posts.", None),
        "series/index.html": ("Every series of the blog, with its number of parts.", None),
        "archive/index.html": ("Every year of the blog, with its number of posts.", None),
    }
    for path, (label, name) in expected.items():
        values = {"name": name} if name else {}
        assert description(pages[path]) == labels(label, **values), path
        assert labels(label, **values) != english(label, **values), (language, label)
    for path, page in pages.items():  # posts: their first paragraph
        assert description(page).strip(), path


# -- images and headings ----------------------------------------------------------


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_listing_images_are_decorative_beside_their_title_link(
    theme: str, request: pytest.FixtureRequest
) -> None:
    """A listing's picture is decorative (`alt=""`): its post's title link is beside it,
    and the picture's own link is out of the tab order and the accessibility tree, so a
    screen reader meets one link per post. Every image the plugin renders has an alt."""
    pages = request.getfixturevalue("material" if theme == "material" else "mkdocs_theme")
    seen = 0
    for path, page in pages.items():
        for entry in page.xpath('//article[contains(@class, "blogmeta-entry")]'):
            title = entry.xpath('.//h2[contains(@class, "blogmeta-entry__title")]/a')[0]
            for link in entry.xpath('./a[contains(@class, "blogmeta-entry__image")]'):
                (img,) = link.xpath(".//img")
                assert img.get("alt") == "", path
                assert link.get("aria-hidden") == "true" and link.get("tabindex") == "-1"
                assert link.get("href") == title.get("href"), path
                seen += 1
        for img in page.xpath(OURS)[0].iter("img"):
            assert img.get("alt") is not None, (path, img.get("src"))
        for avatar in page.xpath('//img[contains(@class, "blogmeta-author__avatar")]'):
            assert avatar.get("alt") == ""  # beside the author's name
    assert seen > 10


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_headings_go_down_one_level_at_a_time(theme: str, request: pytest.FixtureRequest) -> None:
    """One h1 (the post's title, the listing's name), entries at h2, an excerpt's
    headings under its entry's: no level skipped on any page the plugin renders."""
    pages = request.getfixturevalue("material" if theme == "material" else "mkdocs_theme")
    for path, page in pages.items():
        (content,) = page.xpath(CONTENT[theme])
        levels = [int(h.tag[1]) for h in content.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[0] == 1 and levels.count(1) == 1, (path, levels)
        skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert skips == [], (path, levels)
        if page.xpath('//div[contains(@class, "blogmeta-listing")]//article'):
            entries = content.xpath('.//article[contains(@class, "blogmeta-entry")]/*//h2')
            assert entries, path


def test_landmarks_of_a_post_and_a_listing(material: dict[str, html.HtmlElement]) -> None:
    """Navigation the plugin adds is a labelled `nav`; the series box an `aside` with a
    name; a post an `article` with its own header and footer."""
    post = material["a-small-cli-testing-it/index.html"]
    assert post.xpath('//article[contains(@class, "blogmeta-post")]/header/h1')
    (box,) = post.xpath('//aside[contains(@class, "blogmeta-series")]')
    assert box.get("aria-label", "").strip()
    for page in (post, material["index.html"]):
        for nav in page.xpath('//nav[contains(@class, "blogmeta-")]'):
            assert nav.get("aria-label", "").strip()


# -- colours ------------------------------------------------------------------------


def luminance(colour: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0-255 channels)."""

    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def parse_colour(text: str) -> tuple[tuple[float, float, float], float]:
    """`#rrggbb`, `#rgb`, `rgb(r, g, b)`, `rgba(r, g, b, a)`, or bare `r, g, b`: (rgb,
    alpha)."""
    text = text.strip()
    if text.startswith("#"):
        hexa = text[1:]
        if len(hexa) == 3:
            hexa = "".join(c * 2 for c in hexa)
        return (int(hexa[0:2], 16), int(hexa[2:4], 16), int(hexa[4:6], 16)), 1.0
    numbers = [float(n) for n in re.findall(r"[\d.]+", text)]
    return (numbers[0], numbers[1], numbers[2]), numbers[3] if len(numbers) > 3 else 1.0


def over(colour: str, background: tuple[float, float, float]) -> tuple[float, float, float]:
    """A (translucent) colour painted over an opaque background."""
    rgb, alpha = parse_colour(colour)
    return tuple(c * alpha + b * (1 - alpha) for c, b in zip(rgb, background, strict=True))  # type: ignore[return-value]


def css_block(selector: str) -> dict[str, str]:
    """The declarations of the rule whose selector list is exactly `selector`."""
    css = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    for found in re.finditer(r"([^{}]+)\{([^}]*)\}", css):
        if " ".join(found.group(1).split()) == selector:
            return {
                key.strip(): value.strip()
                for key, value in (d.split(":", 1) for d in found.group(2).split(";") if ":" in d)
            }
    raise AssertionError(f"no rule {selector!r} in blogmeta.css")


LIGHT = css_block(":root")
DARK = {**LIGHT, **css_block("[data-md-color-scheme=slate], [data-bs-theme=dark]")}
_MKDOCS = css_block("[data-bs-theme=light] :is(.blogmeta-post, .blogmeta-listing)")
MKDOCS_LINK = f"rgb({_MKDOCS['--bs-link-color-rgb']})"
_RTD = ".rst-content :is(.blogmeta-post, .blogmeta-listing) a:not(.blogmeta-tag)"
RTD_LINK = css_block(_RTD)["color"]
THEMES_DIR = Path(mkdocs.themes.__file__).parent

#: Each shipped theme (and scheme): the plugin's colours there, the page's background
#: and the links' colour. The theme's values are checked against its CSS below.
THEMES = {
    "material": (LIGHT, "#ffffff", "#4051b5"),
    "material slate": (DARK, "#1e2129", "#5488e8"),  # hsl(225, 15%, 14%)
    "mkdocs": (LIGHT, "#ffffff", MKDOCS_LINK),
    "mkdocs dark": (DARK, "#212529", "#82c8f1"),
    "readthedocs": (LIGHT, "#fcfcfc", RTD_LINK),
}


def test_the_theme_colours_the_check_assumes_are_the_themes() -> None:
    material = Path(__import__("material").__file__).parent / "templates/assets/stylesheets"
    palette = next(material.glob("palette.*.min.css")).read_text("utf-8")
    main = next(material.glob("main.*.min.css")).read_text("utf-8")
    assert "--md-default-bg-color:hsla(var(--md-hue), 15%, 14%, 1)" in palette
    assert "--md-hue:225deg" in main
    assert "[data-md-color-primary=indigo]{--md-typeset-a-color:#5488e8}" in palette
    assert "--md-primary-fg-color:#4051b5" in palette
    bootstrap = (THEMES_DIR / "mkdocs/css/bootstrap.min.css").read_text("utf-8")
    for value in ("--bs-body-bg:#fff", "--bs-body-bg:#212529", "--bs-link-color:#82c8f1"):
        assert value in bootstrap
    rtd = (THEMES_DIR / "readthedocs/css/theme.css").read_text("utf-8")
    assert ".wy-nav-content{margin:0;background:#fcfcfc}" in rtd


@pytest.mark.parametrize("theme", THEMES)
def test_the_plugin_colours_are_aa_on_every_theme(theme: str) -> None:
    """Secondary text, the draft banner and links, on the page, on a tag chip and in the
    series box: 4.5:1 at least (WCAG AA for text)."""
    colours, page_bg, link = THEMES[theme]
    page = parse_colour(page_bg)[0]
    backgrounds = {
        "page": page,
        "chip": over(colours["--blogmeta-chip-bg"], page),
        "series box": over(colours["--blogmeta-box-bg"], page),
    }
    texts = {
        "muted": colours["--blogmeta-muted"],
        "draft": colours["--blogmeta-draft"],
        "link": link,
    }
    for text_name, text in texts.items():
        for bg_name, bg in backgrounds.items():
            if text_name == "link" and bg_name == "chip":
                continue  # chips are in the muted colour
            ratio = contrast(parse_colour(text)[0], bg)
            assert ratio >= 4.5, f"{theme}: {text_name} {text} on the {bg_name}: {ratio:.2f}"


def test_no_text_is_faded_with_opacity() -> None:
    """`opacity` would make a colour's contrast depend on what is under it: the plugin's
    text colours are set outright, and chips use the muted colour, not the link's."""
    css = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    assert "opacity" not in css
    chip = css_block(".blogmeta-tag, :is(.blogmeta-post, .blogmeta-listing) .blogmeta-tag")
    assert chip["color"] == "var(--blogmeta-muted)"
