"""The unpublished URL space and `unpublished.clean`, on tricky HTML (no build)."""

from __future__ import annotations

import pytest

from mkdocs_blogmeta import unpublished
from mkdocs_blogmeta.unpublished import Target, clean, make_space

DRAFT = Target("posts/2023-01-02_secret/index.md", "a draft")
SITE = "https://blog.example.org/"


def space(site_url: str | None = SITE, published: tuple[str, ...] = ()) -> unpublished.Space:
    held = {"secret/": DRAFT, "posts/2023-01-02_secret": DRAFT}
    return make_space(held, ["about/", *published], site_url, {"2023-01-02_secret": DRAFT})


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # unquoted attribute, text kept, the rest byte-identical
        ("<p>A <a href=/secret/ class=x>link</a>  &amp; more</p>", "<p>A link  &amp; more</p>"),
        # entities in the URL
        ('<p><a href="/secret/?a=1&amp;b=2">x</a></p>', "<p>x</p>"),
        ('<p><a href="&#x2f;secret&#x2f;">x</a></p>', "<p>x</p>"),
        # nested markup in the link text stays
        (
            '<p><a href="/secret"><em>very</em> <code>x</code></a>!</p>',
            "<p><em>very</em> <code>x</code>!</p>",
        ),
        # an <a> without end tag: its start tag goes, the rest stays
        ('<p><a href="../secret/">open <b>b</b></p><p>next</p>', "<p>open <b>b</b></p><p>next</p>"),
        # a kept link around an image of the draft: the image goes, the link stays
        (
            '<a href="/about/"><img src="/secret/p.jpg" alt=""> About</a>',
            '<a href="/about/"> About</a>',
        ),
        # an autolink's text is the URL itself: it goes with the link
        (
            '<p><a href="https://blog.example.org/secret/">https://blog.example.org/secret/</a>.</p>',
            "<p>.</p>",
        ),
        (
            '<p><a href="http://Blog.Example.org/secret">blog.example.org/secret</a>.</p>',
            "<p>.</p>",
        ),
        # srcset, poster, background: the element goes, its content stays
        (
            '<picture><source srcset="/a.png 1x, /secret/b.png 2x"><img src="/a.png"></picture>',
            '<picture><img src="/a.png"></picture>',
        ),
        ('<video poster="/secret/x.png"><p>fallback</p></video>', "<p>fallback</p>"),
        ('<td background="/secret/x.png">cell</td>', "cell"),
        # the bundle folder, wherever a page-relative link makes it land
        ('<a href="../2023-01-02_secret/photo.jpg">x</a>', "x"),
        ('<a href="/posts/2023-01-02_secret/">x</a>', "x"),
        # backslashes and line breaks, as browsers read them
        ('<a href="\\secret\\">x</a>', "x"),
        ('<a href="/sec\nret/">x</a>', "x"),
    ],
)
def test_clean(html: str, expected: str) -> None:
    cleaned, removed = clean(html, "source/", space())
    assert cleaned == expected
    assert removed and all(r.target == DRAFT for r in removed)


@pytest.mark.parametrize(
    "html",
    [
        '<p><a href="/secretive/">other post</a> <a href="https://other.example.org/secret/">x</a></p>',
        '<p><a href="/about/secret">x</a> <a href="#secret">y</a> <a href="mailto:secret@x">z</a></p>',
        '<pre><code>&lt;a href="/secret/"&gt;</code></pre>',
        '<p><a href="javascript:secret()">x</a></p>',
    ],
)
def test_clean_keeps_what_is_not_the_draft(html: str) -> None:
    assert clean(html, "source/", space()) == (html, [])


def test_a_held_folder_does_not_hide_what_is_published_below_it() -> None:
    shown = space(published=("secret/guide/", "secret/logo.png"))
    html = '<a href="/secret/guide/">g</a><img src="/secret/logo.png"><a href="/secret/x/">x</a>'
    cleaned, removed = clean(html, "", shown)
    assert cleaned == '<a href="/secret/guide/">g</a><img src="/secret/logo.png">x'
    assert [r.url for r in removed] == ["/secret/x/"]
    # and pages inside the held folder are checked even without the slug written
    assert clean('<a href="../">up</a>', "secret/guide/", shown)[0] == "up"


def test_site_under_a_sub_path_and_without_site_url() -> None:
    sub = space("https://example.org/blog/")
    assert clean('<a href="https://example.org/blog/secret/">x</a>', "", sub)[0] == "x"
    assert clean('<a href="/blog/secret/">x</a>', "", sub)[0] == "x"
    assert clean('<a href="../secret/">x</a>', "about/", sub)[0] == "x"
    kept = '<a href="/secret/">outside the site</a>'
    assert clean(kept, "", sub)[0] == kept
    none = space(None)
    assert clean('<a href="../secret/">x</a>', "about/", none)[0] == "x"
    kept = '<a href="https://blog.example.org/secret/">x</a>'
    assert clean(kept, "", none)[0] == kept  # no site_url: another site's page


def test_fast_path_skips_pages_without_a_hint() -> None:
    s = space()
    assert not s.may_point_in('<p><a href="/about/">x</a></p>', "source/")
    assert s.may_point_in('<p><a href="/SECRET">x</a></p>', "source/")
    assert s.may_point_in('<p><a href="/s%65cret">x</a></p>', "source/")
    assert s.may_point_in('<p><a href="/sec&#x72;et">x</a></p>', "source/")
    assert s.may_point_in('<p><a href="/sec\nret/">x</a></p>', "source/")
    assert s.may_point_in("<p>See HTTPS://blog.example.org/Secret/ now</p>", "source/")
    # the word must be a whole segment, as before the cheaper first look
    assert not s.may_point_in('<p><a href="/secrets/">x</a> secret</p>', "source/")
    assert not unpublished.Space().may_point_in("<a href=/secret/>", "")


def test_messages_name_the_line_of_the_link() -> None:
    source = "---\ntitle: x\n---\n\nSee https://blog.example.org/secret/ and\n\n[y](/secret)\n"
    html = (
        '<p>See <a href="https://blog.example.org/secret/">https://blog.example.org/secret/</a>'
        ' and</p>\n<p><a href="/secret">y</a></p><p><img src="/secret/p.jpg"></p>'
    )
    _, removed = clean(html, "about/", space())
    problems = unpublished.removal_problems("about.md", source, removed)
    assert [(p.code, p.line) for p in problems] == [
        ("link-to-draft", 5),
        ("link-to-draft", 7),
        ("embeds-draft", 5),  # not written as such: the first line naming the draft
    ]
    assert all(p.path == "about.md" and DRAFT.src in p.message for p in problems)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # a URL written as text, not a link: the URL goes, the text around it stays
        ("<p>See https://blog.example.org/secret/ soon.</p>", "<p>See  soon.</p>"),
        ("<p>HTTPS://BLOG.EXAMPLE.ORG/SECRET/ soon</p>", "<p> soon</p>"),
        ("<p>Http://Blog.Example.org/secret</p>", "<p></p>"),
        # trailing punctuation is not part of it, a balanced `(...)` is
        ("<p>(see https://blog.example.org/secret/).</p>", "<p>(see ).</p>"),
        ("<p>'https://blog.example.org/secret/', next</p>", "<p>'', next</p>"),
        ("<p>https://blog.example.org/secret/a_(b) x</p>", "<p> x</p>"),
        # in code, with entities in the URL and around it
        (
            '<pre><code>u = "https://blog.example.org/secret/?a=1&amp;b=2"\n</code></pre>',
            '<pre><code>u = ""\n</code></pre>',
        ),
        (
            "<p>a &amp; <code>https://blog.example.org/secret/?a=1&amp;b=2&quot;</code></p>",
            "<p>a &amp; <code>&quot;</code></p>",
        ),
        ("<p>&lt;https://blog.example.org/sec&#114;et/&gt;</p>", "<p>&lt;&gt;</p>"),
        # inside a kept link: the text loses the URL, the link stays
        (
            '<p><a href="/about/">see https://blog.example.org/secret/</a></p>',
            '<p><a href="/about/">see </a></p>',
        ),
        # the bundle folder's files, written in full
        ("<p>https://blog.example.org/posts/2023-01-02_secret/p.jpg</p>", "<p></p>"),
    ],
)
def test_clean_takes_urls_written_as_text(html: str, expected: str) -> None:
    cleaned, removed = clean(html, "source/", space())
    assert cleaned == expected
    assert [r.tag for r in removed] == ["#text"] and removed[0].target == DRAFT


@pytest.mark.parametrize(
    "html",
    [
        "<p>https://blog.example.org/about/ and https://blog.example.org/secretive/</p>",
        "<p>https://other.example.org/secret/ elsewhere</p>",
        '<script>var u = "https://blog.example.org/secret/";</script>',
        "<style>a::after { content: 'https://blog.example.org/secret/' }</style>",
        "<p>/secret/ and blog.example.org/secret/ are not absolute URLs</p>",
    ],
)
def test_clean_keeps_text_that_is_not_the_draft_url(html: str) -> None:
    assert clean(html, "source/", space()) == (html, [])


def test_a_text_url_inside_a_link_taken_out_is_named_once() -> None:
    html = '<p><a href="/secret/">read https://blog.example.org/secret/ now</a></p>'
    cleaned, removed = clean(html, "source/", space())
    assert cleaned == "<p>read  now</p>"
    assert [r.tag for r in removed] == ["a"]


def test_fast_path_reads_urls_written_as_text() -> None:
    s = space()
    assert s.may_point_in("<p>See https://blog.example.org/secret/.</p>", "source/")
    assert s.may_point_in("<pre><code>HTTPS://BLOG.EXAMPLE.ORG/S%45CRET</code></pre>", "x/")
    assert not s.may_point_in("<p>See /secret/ or https://blog.example.org/a/</p>", "x/")


def test_messages_name_the_line_of_a_url_written_as_text() -> None:
    source = "# T\n\nIntro.\n\nSee https://blog.example.org/secret/ soon.\n"
    _, removed = clean("<p>See https://blog.example.org/secret/ soon.</p>", "about/", space())
    problems = unpublished.removal_problems("about.md", source, removed)
    assert [(p.code, p.line, p.path) for p in problems] == [("draft-url-in-text", 5, "about.md")]
    assert DRAFT.src in problems[0].message


def test_folds_to_ascii_is_every_such_character() -> None:
    """`named_in`'s fast look trusts this list: every character beyond ASCII whose case
    folding holds an ASCII letter, by this Python's Unicode tables."""
    every = map(chr, range(0x80, 0x110000))
    found = {c for c in every if (f := c.casefold()) != c and any(x.isascii() for x in f)}
    assert found == unpublished.FOLDS_TO_ASCII


@pytest.mark.parametrize(
    ("page", "named"),
    [
        ("<p>nothing here</p>", False),
        ('<a href="/SECRET/">x</a>', True),
        ("<p>café · naïve SeCrEt</p>", True),
        ("<p>%2Fsecret</p>", True),
        ("<p>sec ret, secre t</p>", False),
        # folding turns these into ASCII letters: the page is folded in full
        ("<p>\u017fecret</p>", True),  # long s -> s
        ("<p>Straße</p>", False),
        ("<p>\ufb01</p>", False),
    ],
)
def test_named_in_is_case_folded_matching(page: str, named: bool) -> None:
    """The fast look (UTF-8 bytes, ASCII letters lowered) answers as the page case-folded."""
    found = space()
    assert found.named_in(page) is named
    assert any(n in page.casefold() for n in found._written_needles) is named


def test_named_in_a_non_ascii_needle() -> None:
    """A held slug beyond ASCII: the page is case-folded in full."""
    held = make_space({"café/": DRAFT}, [], SITE)
    assert held._ascii_automaton is None
    assert held.named_in("<p>CAFÉ</p>")
    assert held.named_in("<a href='/caf%C3%A9/'>x</a>")
    assert not held.named_in("<p>cafe</p>")
    kelvin = make_space({"kiosk/": DRAFT}, [], SITE)
    assert kelvin.named_in("<p>\u212aIOSK</p>")
    assert not kelvin.named_in("<p>kiosq</p>")
