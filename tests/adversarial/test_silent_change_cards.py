"""Silent change: text a card or a listing could lose or choke on.

A title of 10,000 characters without a space (and a CJK one) gets its card
quickly; a title holding the plugin's internal link marker, or a control
character, comes out on the blog index as the text written.
"""

from __future__ import annotations

import time

import lxml.html
import pytest
from common import assert_no_injection, both_ways
from helpers import Site
from PIL import Image, ImageFont

from mkdocs_blogmeta import cards, pages


@pytest.mark.parametrize(
    "title",
    ["a" * 10_000, "漢字かな交じり文" * 1_250, ("word " * 2_000).strip()],
    ids=["one-word", "cjk", "many-words"],
)
def test_a_huge_title_gets_its_card_quickly(site: Site, title: str) -> None:
    site.theme = "mkdocs"
    site.plugin = {"cards": "always", "cache_dir": str(site.root / "cache")}
    site.post("2023-01-01_long", title=title)
    started = time.monotonic()
    site.build()
    # Not a timing assertion on the build: a guard so a regression fails rather than
    # hanging the suite (the old wrap took minutes for a tenth of this).
    assert time.monotonic() - started < 120
    assert_no_injection(site.site)
    for name in ("card-fb.png", "card-tw.png"):
        with Image.open(site.site / "long" / name) as card:
            card.load()
            assert card.width >= 600


@pytest.mark.parametrize("text", ["a" * 10_000, "漢" * 10_000, "漢字 " * 5_000])
def test_wrap_stops_when_the_card_is_full(text: str) -> None:
    """wrap measures a bounded number of prefixes however long the text: linear."""
    font = ImageFont.truetype(str(cards.DEFAULT_BOLD), 60)
    calls = 0
    real = font.getlength

    def counting(s: str, *args: object) -> float:
        nonlocal calls
        calls += 1
        return real(s, *args)

    font.getlength = counting  # type: ignore[method-assign]
    lines = cards.wrap(text, font, 1000, 3)
    assert len(lines) == 3 and lines[-1].endswith(cards.ELLIPSIS)
    assert calls < 200, calls
    assert len(cards.clip(text)) == cards.MAX_CARD_TEXT


@pytest.mark.parametrize(
    "title",
    [f"Before {pages.ROOT_MARK} after", "Before \x1bblogmeta-root\x1b/ after", "Bell \x07 x"],
    ids=["marker", "old-marker", "control"],
)
def test_marker_in_a_title_stays_text(site: Site, title: str) -> None:
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}
    site.post("2023-01-01_marked", title=title, tags=["t"])
    site.post("2023-01-02_other")
    [plain, _strict] = both_ways(site)
    assert plain[0], plain[1]
    assert_no_injection(site.site)
    for page, up in [("index.html", ""), ("tag/t/index.html", "../../")]:
        tree = lxml.html.document_fromstring((site.site / page).read_text("utf-8"))
        [link] = [a for a in tree.xpath("//h2/a") if "Before" in a.text_content()
                  or "Bell" in a.text_content()]  # fmt: skip
        shown = link.text_content()
        assert shown.replace("\x1b", "").replace("\x07", "") == title.replace("\x1b", "").replace(
            "\x07", ""
        )
        assert link.get("href") == f"{up}marked/"
