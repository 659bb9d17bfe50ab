"""The patterns that read every post's body are written for speed (each starts with the
characters it can start with, ASCII text counted without a match per word): they must
find exactly what the plain patterns they replace find, on any text."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mkdocs_blogmeta import links, posts

# The plain patterns, as they were written before they were made fast.
PLAIN_INLINE = re.compile(r"(?<!!)\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)\n]*)?\)")
PLAIN_FILE_REF = re.compile(
    r"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)"
    r"""|\b(?:src|poster|data)\s*=\s*(?:"([^"<>\n]+)"|'([^'<>\n]+)'|["']?([^"'\s>]+))""",
    re.IGNORECASE,
)
PLAIN_RAW_URL = re.compile(
    r"""\b(?:src|href|poster)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)
PLAIN_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.MULTILINE)
PLAIN_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)

# Pieces that make the patterns match, half match, or nearly match.
PIECES = [
    *"!![]()<>\"'` \t\n=~:/.-_1aéx#\u017fKSsRrCcPpOoTtEe\u4e00",
    "src", "SRC", "Src", "\u017frc", "poster", "PoStEr", "xsrc", "_src", "époster", "href",
    "HrEf", "=\"", "= '",
    "![", "](", "]: ", "title:", "\ntags :", "x-y:", "```", "~~~", "   ```", "\t~~~", "    ```",
    "<a href='", "TODO", "data", "DaTa", "metadata",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(texts)
@example('<img SRC="a.png"> <video \u017frc=b.mp4 Poster = \'c.jpg\'> xsrc="d" ![e](f.png)')
@example("<a HREF='../x/'>x</a> <img src = \"\" poster='p.jpg'> data-href=\"no\"")
@example('![a](<Screen Shot.png>) <img src="a b.png"> ![c](<d.png) <img src="e.png>')
@example("x\n ```py\n~~~\n\t~~~~\n    ```\n`` ```")
@example("```\n[a](b.md)\n  ```\n[c](d.md)\n~~~~\n```\n~~~~~\n`[e](f.md)` [g](h.md)")
def test_fast_patterns_find_what_the_plain_ones_do(text: str) -> None:
    assert [(m.span(), m.groups()) for m in links._INLINE_RE.finditer(text)] == [
        (m.span(), m.groups()) for m in PLAIN_INLINE.finditer(text)
    ]
    assert [(m.span(), m[m.lastindex]) for m in links._FILE_REF_RE.finditer(text)] == [
        (m.span(), m[m.lastindex]) for m in PLAIN_FILE_REF.finditer(text)
    ]
    raw = [(m.span(), m.span(m.lastindex)) for m in links._RAW_URL_RE.finditer(text)]
    assert raw == [
        (m.span(), m.span(1 if m.group(1) is not None else 2)) for m in PLAIN_RAW_URL.finditer(text)
    ]
    assert (links._QUOTED_VALUE_RE.search(text) is None) <= (not raw)
    assert posts.blank_code(text) == _plain_blank_code(text)
    plain_lines: dict[str, int] = {}
    for m in PLAIN_KEY_LINE.finditer(text):
        plain_lines.setdefault(m.group(1), text.count("\n", 0, m.start()) + 1)
    assert posts.key_lines(text) == plain_lines


def _plain_blank_code(body: str) -> str:
    """`posts.blank_code` as it was written with `PLAIN_FENCE`."""
    pieces: list[str] = []
    fence: str | None = None
    start = at = 0
    for match in PLAIN_FENCE.finditer(body):
        marker = match.group(1)
        if fence is None:
            fence, start = marker[0] * 3, match.start()
        elif marker.startswith(fence):
            end = body.find("\n", match.end())
            end = len(body) if end < 0 else end
            pieces += [body[at:start], posts._blank(body[start:end])]
            at, fence = end, None
    if fence is not None:
        pieces += [body[at:start], posts._blank(body[start:])]
        at = len(body)
    pieces.append(body[at:])
    return posts._CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), "".join(pieces))


@settings(max_examples=1000, deadline=None)
@given(st.one_of(texts, st.text(max_size=80)))
def test_words_counted_as_the_plain_pattern_counts_them(text: str) -> None:
    plain = posts._MARKUP_RE.sub(" ", text)
    wide = len(posts._WIDE_RE.findall(plain))
    expected = len(posts._WORD_RE.findall(posts._WIDE_RE.sub(" ", plain))), wide
    assert posts.count_words(text) == expected


def test_reference_links_found_only_where_a_definition_can_be() -> None:
    body = "Text [a][r].\n\n  [r]: ../2020-01-01_other/\n```\n[c]: /in-code/\n```\n"
    assert [link.target for link in links.find_links(body)] == ["../2020-01-01_other/"]
    assert links.find_links("No definition [a](x.md) here.")[0].target == "x.md"
