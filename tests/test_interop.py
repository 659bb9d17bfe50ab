"""Beside the plugins blogs already run: real packages from the registry, listed after
and before blogmeta (issue 18 grows this into the full matrix).

A post stays the file MkDocs documents: it keeps its `abs_src_path`, so a plugin that
reads the source through it (git revision dates) works on posts as on any page.
"""

from __future__ import annotations

import json

import pytest
from adversarial.common import MARKER, assert_absent, build_case
from helpers import Site, git_commit


@pytest.mark.parametrize("first", [True, False], ids=["after", "before"])
def test_git_revision_dates_on_posts(site: Site, first: bool) -> None:
    site.theme = "material"
    peer = "git-revision-date-localized"
    mine = {"blogmeta": {"cards": "off"}}
    site.post("2023-01-01_kept", body="Kept text.\n")
    site.post(f"2023-01-02_{MARKER}", body=f"Secret {MARKER}.\n", status="draft")
    site.config_file()
    git_commit(site.root)
    plugins = ["search", mine, peer] if first else ["search", peer, mine]
    site.extra = {"plugins": plugins}
    ok, said = build_case(site)
    assert ok, said
    page = site.html("kept/index.html")
    assert page.select(".git-revision-date-localized-plugin"), "no revision date on the post"
    assert page.select_one("h1").get_text(strip=True) == "Post kept"
    assert_absent(site.site, MARKER)


# -- how a post is handed to MkDocs, seen by a plugin that runs before blogmeta ----------

_SEEN_HOOK = '''
import json
from mkdocs.plugins import event_priority

SEEN = {}


@event_priority(1000)
def on_page_markdown(markdown, page, config, files):
    """Runs before every plugin: what a peer sees of a page as MkDocs read it."""
    SEEN[page.file.src_uri] = {
        "abs_src_path": page.file.abs_src_path,
        "tags": page.meta.get("tags"),
        "date": type(page.meta.get("date")).__name__,
        "status": page.meta.get("status"),
        "meta": {k: [type(v).__name__, str(v)] for k, v in page.meta.items()},
        "markdown": markdown,
    }
    return markdown


@event_priority(0)
def on_page_content(html, page, config, files):
    SEEN.setdefault(page.file.src_uri, {})["html"] = html
    return html


def on_post_build(config):
    with open(config.config_file_path + ".seen.json", "w") as handle:
        json.dump(SEEN, handle)
'''


def test_a_peer_sees_posts_and_index_pages_as_pages(site: Site) -> None:
    """Whatever runs first: a post's `abs_src_path` is its file, `page.meta` its front
    matter with YAML's types, its Markdown the body; an index page has a source file, a
    title and, by `on_page_content`, its listing."""
    site.post("2023-01-01_kept", body="Kept body words.\n", tags=["alpha", "beta"],
              date="!raw 2023-01-01T12:00:00Z")  # fmt: skip
    (site.root / "seen_hook.py").write_text(_SEEN_HOOK, "utf-8")
    site.extra = {"hooks": ["seen_hook.py"]}
    site.build()
    seen = json.loads((site.root / "mkdocs.yml.seen.json").read_text("utf-8"))
    post = seen["posts/2023-01-01_kept/index.md"]
    assert post["abs_src_path"] == str(site.docs / "posts/2023-01-01_kept/index.md")
    assert post["tags"] == ["alpha", "beta"]
    assert post["date"] == "datetime"
    assert post["status"] == "published"
    assert post["markdown"].strip() == "Kept body words."
    index = seen["index.md"]
    assert index["abs_src_path"], "an index page without a source file"
    assert "kept/" in index["html"], "the blog index is empty when other plugins read it"
    tag = seen["tag/alpha/index.md"]
    assert "kept/" in tag["html"]


def test_a_peer_sees_each_post_s_front_matter_as_read(site: Site) -> None:
    """`page.meta` is the front matter as blogmeta read it, with YAML's types, and the
    Markdown its body, whether MkDocs reads the file as it is written (a plain post, one
    with a byte-order mark and CRLF line endings) or is handed it written again: a date
    YAML cannot build (MkDocs would drop the whole front matter), fields filled in from
    the folder's name and a title from the first heading, a `...` line MkDocs ends the
    front matter at."""
    from mkdocs_blogmeta import posts

    site.post("2023-01-01_plain", body="Plain body.\n", tags=["alpha"])
    site.post("2023-01-02_bad-date", body="Bad date body.\n", custom="!raw 2023-02-30")
    crlf = site.post("2023-01-03_crlf", body="CRLF body.\n", tags=["beta"])
    crlf.write_bytes(b"\xef\xbb\xbf" + crlf.read_bytes().replace(b"\n", b"\r\n"))
    site.page("posts/2023-01-04_from-folder/index.md", "---\nauthor: Jane\n---\n# Heading title\n\nFolder body.\n")  # fmt: skip
    site.page("posts/2023-01-05_dots/index.md", "---\ntitle: Dots\nnote: |\n  x\n...\n---\n\nDots body.\n")  # fmt: skip
    (site.root / "seen_hook.py").write_text(_SEEN_HOOK, "utf-8")
    site.extra = {"hooks": ["seen_hook.py"]}
    site.build()
    seen = json.loads((site.root / "mkdocs.yml.seen.json").read_text("utf-8"))
    for folder in ("plain", "bad-date", "crlf", "from-folder", "dots"):
        src = next(s for s in seen if s.startswith("posts/2023-01-0") and folder in s)
        path = site.docs / src
        parsed = posts.read_post(
            src,
            path.read_text("utf-8-sig"),
            bundle_dir=path.parent.name,
            known_files={},
            fallbacks={"language": "en"},
        )  # the site's
        # MkDocs opens a file as this test does: its BOM and CRLF read away; else written again
        assert parsed.as_written is (folder in ("plain", "crlf")), src
        page = seen[src]
        assert page["abs_src_path"] == str(path), src
        expected = {k: [type(v).__name__, str(v)] for k, v in parsed.front_matter.items()}
        assert page["meta"] == expected, src
        assert page["markdown"] == parsed.body, src
    assert seen["posts/2023-01-01_plain/index.md"]["meta"]["date"][0] == "datetime"
    assert seen["posts/2023-01-01_plain/index.md"]["meta"]["tags"] == ["list", "['alpha']"]
    assert seen["posts/2023-01-02_bad-date/index.md"]["meta"]["custom"] == ["str", "2023-02-30"]
    assert seen["posts/2023-01-04_from-folder/index.md"]["meta"]["title"][1] == "Heading title"
    assert "..." not in seen["posts/2023-01-05_dots/index.md"]["markdown"]


def test_mkdocs_finds_front_matter_where_blogmeta_says() -> None:
    """`posts.read_alike` follows MkDocs' own rule for where front matter ends."""
    from mkdocs.utils import meta

    from mkdocs_blogmeta import posts

    assert posts._MKDOCS_META_RE.pattern == meta.YAML_RE.pattern
    assert posts._MKDOCS_META_RE.flags == meta.YAML_RE.flags
    text = "---\ntitle: A\n---\n\nBody.\n"
    fm, body, _ = posts.split(text)
    assert fm is not None and posts.read_alike(text, fm, body)
    for other in ("\ufeff" + text, text.replace("\n", "\r\n"), "----\ntitle: A\n---\nBody.\n",
                  "---\ntitle: A\n...\nx: 1\n---\nBody.\n"):  # fmt: skip
        fm, body, _ = posts.split(other)
        assert fm is None or not posts.read_alike(other, fm, body), repr(other)


_REWRITE_HOOK = '''
import re
from mkdocs.plugins import event_priority


@event_priority(1000)
def on_page_markdown(markdown, page, config, files):
    """A plugin that turns a Markdown link into a script before blogmeta sees it."""
    return re.sub(
        r"\\[([^\\]]*)\\]\\(([^)]*)\\)",
        lambda m: "<script>var go = '" + m.group(2).replace("index.md", "") + "';</script>",
        markdown,
    )
'''


def test_a_draft_link_no_pass_can_take_out_stops_the_build(site: Site) -> None:
    """A published post's link to a draft that another plugin rewrote into a script: the
    Markdown edit cannot find it, the HTML pass does not touch scripts, and the page
    still names the draft: the build stops, naming the page and the draft."""
    site.post("2023-01-01_kept", body=f"See [it](../2023-01-02_{MARKER}/index.md).\n")
    site.post(f"2023-01-02_{MARKER}", body="Secret.\n", status="draft")
    (site.root / "rewrite_hook.py").write_text(_REWRITE_HOOK, "utf-8")
    site.extra = {"hooks": ["rewrite_hook.py"]}
    ok, said = build_case(site)
    assert not ok
    assert any("[draft-link-left]" in line and "posts/2023-01-01_kept/index.md" in line
               for line in said), said  # fmt: skip


def test_link_edits_follow_text_another_plugin_moved() -> None:
    """An include above a link shifts every offset: the edit is made where its text is."""
    from mkdocs_blogmeta.links import Edit, apply

    body = "Intro.\n\nSee [the draft](../d/index.md) and [x](y.md).\n"
    start = body.index("[the draft]")
    old = "[the draft](../d/index.md)"
    edits = [Edit(start, start + len(old), old, "the draft", "posts/d/index.md")]
    moved = "INCLUDED TEXT\n" * 3 + body
    out, missed = apply(moved, edits)
    assert "../d/index.md" not in out and "See the draft and" in out
    assert missed == set()
    out, missed = apply("Nothing of it here.\n", edits)
    assert missed == {"posts/d/index.md"}


def test_a_post_another_plugin_excludes_stops_the_build(site: Site) -> None:
    """mkdocs-exclude taking a published post out: the blog still lists it, so the build
    stops with a message naming the post, and no traceback (it crashed writing feeds)."""
    site.post("2023-01-01_kept", body="Kept.\n")
    site.post("2023-01-02_gone", body="Gone.\n")
    site.extra = {"plugins": ["search", {"blogmeta": {"cards": "off"}},
                              {"exclude": {"glob": ["posts/2023-01-02_gone/*"]}}]}  # fmt: skip
    ok, said = build_case(site)
    assert not ok
    assert any("posts/2023-01-02_gone/index.md" in line and "[post-taken-out]" in line
               for line in said), said  # fmt: skip


def test_raw_html_paths_follow_a_post_to_its_url(site: Site) -> None:
    """Raw HTML written relative to the post's folder (by hand, or by a plugin such as
    img2fig) still finds its file once the post lives at `/{year}/{month}/{slug}/`."""
    site.plugin = {"cards": "off", "post_url": "{year}/{month}/{slug}/"}
    site.page("assets/me.png", "not really a png")
    site.post("2023-01-01_kept", body='<img src="../../assets/me.png" alt="me">\n\n'
                                       '<a href="../../about.md">About</a>\n')  # fmt: skip
    site.page("about.md", "# About\n")
    site.build()
    page = site.html("2023/01/kept/index.html")
    assert page.select_one('img[alt="me"]')["src"] == "../../../assets/me.png"
    assert page.select_one('a[href*="about"]')["href"] == "../../../about/"


def test_a_path_too_long_for_a_file_name_builds(site: Site) -> None:
    """An index page's source lives in a scratch folder under a name made from its path:
    a long tag under a long `tag_url` folder (each folder fits a file name; the path as
    one quoted name, `topics...%2F<tag>%2Findex.md`, would not) must not stop the build."""
    folder = "topics-" + "f" * 60
    site.plugin = {"cards": "off", "tag_url": folder + "/{slug}/"}
    site.post("2023-01-01_kept", tags=["t" * 200])
    ok, said = build_case(site)
    assert ok, said
    pages = list((site.site / folder).glob("*/index.html"))
    assert pages and "kept/" in pages[0].read_text("utf-8")
