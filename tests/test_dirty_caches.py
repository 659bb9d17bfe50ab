"""What `mkdocs serve` keeps from one rebuild to the next to do less work: each kept
answer is found again only by everything it was made from (`tests/test_dirty.py` checks
the served site after each edit against a clean build)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mkdocs_blogmeta import images, links
from mkdocs_blogmeta.model import POST_FIELD_NAMES, Post

T0 = datetime(2023, 1, 1, tzinfo=UTC)


def make_post(slug: str, hidden: str | None = None) -> Post:
    return Post(src_path=f"posts/{slug}/index.md", bundle_dir=f"posts/{slug}", title=slug,
                slug=slug, date=T0, updated=T0, hidden=hidden, path=f"{slug}/",
                url=f"{slug}/", tags=("a",))  # fmt: skip


@pytest.mark.parametrize(
    "changes",
    [{"url": "x/", "path": "x/"}, {"identity": "id"}, {"tags": ()}, {"hidden": "draft"}, {}],
)
def test_but_is_dataclasses_replace(changes: dict) -> None:
    post = make_post("one")
    made = post.but(**changes)
    expected = replace(post, **changes)
    assert made == expected
    assert [getattr(made, k) for k in POST_FIELD_NAMES] == [
        getattr(expected, k) for k in POST_FIELD_NAMES
    ]
    assert made is not post and post == make_post("one")  # the original is left as it was


def test_but_refuses_a_field_posts_do_not_have() -> None:
    with pytest.raises(TypeError):
        make_post("one").but(nope=1)


def _index(*posts: Post, known: tuple[str, ...] = ("about/",)) -> links.LinkIndex:
    return links.site_for(posts, known, "posts", "https://example.org/", "{slug}/")


def test_the_link_index_key_changes_with_whatever_a_check_reads() -> None:
    one, two = make_post("one"), make_post("two")
    key = links.index_key(_index(one, two))
    assert key == links.index_key(_index(one, two))  # the same site, the same key
    drafted = _index(one, two.but(hidden="draft"))
    moved = _index(one, two.but(path="elsewhere/", url="elsewhere/"))
    others = [drafted, moved, _index(one), _index(one, two, known=("about/", "new/"))]
    assert len({key, *(links.index_key(i) for i in others)}) == 5


def test_a_kept_link_check_is_the_check_made_again() -> None:
    """What `blog._check_urls` keeps is `check_post`'s answer for a key of the post's
    text, status and `index_key`: the answer changes only when one of those does."""
    one, two = make_post("one"), make_post("two")
    body = "See [two](../two/) and [two again](/two/).\n"
    published = links.check_post(one, body, 1, _index(one, two))
    drafted = links.check_post(one, body, 1, _index(one, two.but(hidden="draft")))
    assert published[1] == [] and len(published[0]) == 1  # the bundle link made permanent
    assert {p.code for p in drafted[1]} == {"link-to-draft"} and len(drafted[0]) == 2
    assert links.index_key(_index(one, two)) != links.index_key(
        _index(one, two.but(hidden="draft"))
    )


def test_a_post_text_is_read_again_after_any_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text kept between rebuilds is found again only while the file's inode, size,
    modification and change times are the same: a write that keeps the size and sets
    the modification time back is still seen (the change time moved)."""
    import os

    from mkdocs.structure.files import File

    from mkdocs_blogmeta.sitefiles import Texts

    path = tmp_path / "docs/posts/one/index.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: One\n---\nAAAA\n", "utf-8")
    file = File("posts/one/index.md", str(tmp_path / "docs"), str(tmp_path / "site"), True)
    texts = Texts()
    first = texts.read(file)
    assert first == path.read_text("utf-8")
    assert str(path) not in texts.kept  # written just now: read again next time (racy)
    monkeypatch.setattr(images, "RACY_NS", -(10**18))  # as if written long ago
    first = texts.read(file)
    assert texts.read(file) is first  # kept: not read again
    stat = path.stat()
    while path.stat().st_ctime_ns == stat.st_ctime_ns:  # a write the clock can tell apart
        path.write_text("---\ntitle: One\n---\nBBBB\n", "utf-8")  # the same size
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same mtime
    assert texts.read(file) == "---\ntitle: One\n---\nBBBB\n"
    texts.keep_only(set())
    assert texts.kept == {}


def test_a_derived_answer_is_found_by_the_same_post_and_the_same_key() -> None:
    """`Derived` gives back the last build's answer only for the very same object asked
    with an equal key; an equal copy, a new key, or an answer a build left out is made
    again."""
    from mkdocs_blogmeta.model import Derived

    kept, made = Derived(), []

    def make(post: Post) -> str:
        made.append(post.slug)
        return f"{post.slug}:{len(made)}"

    one, two = make_post("one"), make_post("two")
    first = kept.each([one, two], lambda p: "a", make)
    assert kept.each([one, two], lambda p: "a", make) == first and made == ["one", "two"]
    assert kept.each([one.but(), two], lambda p: "a", make)[0] != first[0]  # equal, not same
    assert kept.each([one, two], lambda p: "b" if p is two else "a", make)[1] != first[1]
    kept.each([one], lambda p: "a", make)  # two is not asked for: its answer is dropped
    count = len(made)
    kept.each([one, two], lambda p: "a", make)
    assert made[count:] == ["two"]
    kept.forget()
    kept.each([one], lambda p: "a", make)
    assert made[-1] == "one"


def test_kept_placing_and_identities_follow_what_they_read() -> None:
    """Under `mkdocs serve` the same post placed and identified again is the same object
    (the next steps find their answers by it), and a change of what the step reads of
    the build (its URL template, a uuid an older post now shares) is never missed."""
    from mkdocs_blogmeta import posts
    from mkdocs_blogmeta.model import Derived

    one = make_post("one").but(uuid="u-1", path="", url="")
    two = make_post("two").but(uuid="u-2", path="", url="", date=T0.replace(year=2024))
    placing, naming = Derived(), Derived()

    def place(every: list[Post], template: str, kept: Derived | None) -> list[Post]:
        shown, _, _ = posts.place_posts(
            every, template=template, use_directory_urls=True, show_drafts=False, kept=kept
        )
        return sorted(shown, key=lambda p: p.src_path)

    first = place([one, two], "{slug}/", placing)
    again = place([one, two], "{slug}/", placing)
    assert [a is b for a, b in zip(first, again, strict=True)] == [True, True]
    moved = place([one, two], "blog/{slug}/", placing)
    assert moved == place([one, two], "blog/{slug}/", None)
    assert [p.url for p in moved] == ["blog/one/", "blog/two/"]

    named, _ = posts.identify([one, two], naming)
    assert posts.identify([one, two], naming)[0][1] is named[1]
    twin = two.but(uuid="u-1")  # a later post copied from one: its identity is made anew
    renamed, problems = posts.identify([one, twin], naming)
    assert renamed == posts.identify([one, twin])[0] and problems
    assert renamed[1].identity not in (None, "u-1")


def test_kept_entries_follow_reading_time_images_and_excerpt() -> None:
    """`rebuild.entries` kept for the same post is made again when its reading time, one
    of its images or its excerpt changes, and is otherwise the entry made anew."""
    from mkdocs_blogmeta import rebuild
    from mkdocs_blogmeta.images import ImageInfo
    from mkdocs_blogmeta.model import Blog, Derived

    post = make_post("one").but(fb_img="posts/one/card.png")
    kept = Derived()

    def entry(blog: Blog, infos: dict, excerpts: dict) -> str:
        made = rebuild.entries(blog, infos, [post], excerpts, kept)
        assert made == rebuild.entries(blog, infos, [post], excerpts)
        return made[post.src_path]

    blog, infos = Blog(posts=(post,), minutes={post.src_path: 3}), {}
    first = entry(blog, infos, {})
    assert entry(blog, infos, {}) == first
    longer = entry(Blog(posts=(post,), minutes={post.src_path: 4}), infos, {})
    card = {"posts/one/card.png": ImageInfo(1200, 630, "PNG", "image/png", 10)}
    drawn = entry(blog, card, {})
    cut = entry(blog, infos, {post.src_path: "The start."})
    assert len({first, longer, drawn, cut}) == 4


def test_a_kept_card_file_is_planned_again_for_another_site(tmp_path) -> None:
    """A share card's `File` is kept by the card planned, for the same site folder and
    URLs; its inclusion is worked out again by MkDocs on every build."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import InclusionLevel

    from mkdocs_blogmeta import cards, sitefiles
    from mkdocs_blogmeta.model import Derived

    (tmp_path / "docs").mkdir()

    def config(site: str) -> MkDocsConfig:
        made = MkDocsConfig()
        made.load_dict({"site_name": "x", "docs_dir": str(tmp_path / "docs"), "site_dir": site})
        assert made.validate() == ([], [])
        made.plugins._current_plugin = "blogmeta"  # as in the plugin's `on_files`
        return made

    post = make_post("one")
    spec = cards.CardSpec(1200, 630, "One", None, "", "x", cards.Style())
    card = cards.Planned(post.src_path, "fb_img", "posts/one/card.png", "/c/1.png", spec, 0)
    kept, here = Derived(), config(str(tmp_path / "site"))
    file = sitefiles.plan_cards(here, [card], [post], kept)[card.src][0]
    file.inclusion = InclusionLevel.EXCLUDED
    again = sitefiles.plan_cards(here, [card], [post], kept)[card.src][0]
    assert again is file and again.inclusion == InclusionLevel.UNDEFINED
    there = config(str(tmp_path / "elsewhere"))
    moved = sitefiles.plan_cards(there, [card], [post], kept)[card.src][0]
    assert moved is not file and moved.abs_dest_path.startswith(str(tmp_path / "elsewhere"))


def test_a_scratch_file_is_dated_again_once_written_again(tmp_path) -> None:
    """An index page's scratch file keeps the time `date_source` gave it; written again
    (its text changed), it is given its time again."""
    import os

    from mkdocs_blogmeta.sitefiles import Scratch

    scratch, path = Scratch(), str(tmp_path / "page.md")
    scratch.write(path, "one")
    scratch.date(path, 1_000_000.0)
    assert os.path.getmtime(path) == 1_000_000.0
    scratch.write(path, "one")  # the same text: not written, its time kept
    scratch.date(path, 1_000_000.0)
    assert os.path.getmtime(path) == 1_000_000.0
    scratch.write(path, "two")
    assert os.path.getmtime(path) != 1_000_000.0
    scratch.date(path, 1_000_000.0)
    assert os.path.getmtime(path) == 1_000_000.0


def test_a_header_image_saved_again_in_the_same_second_is_a_new_card_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The card plans kept between rebuilds are keyed by the header image's status to the
    nanosecond and its size, and a file changed just now is never found again by its
    status: a header image saved again in place within one second (its whole-second
    times unchanged) gets its cards planned, and drawn, again."""
    import os

    from mkdocs_blogmeta.blog import _card_key

    header = tmp_path / "header.png"
    header.write_bytes(b"first")
    post = make_post("one")
    key = lambda: _card_key(post, lambda _: str(header), lambda _: None, lambda _: "")  # noqa: E731
    assert key() != key()  # written just now (racy): looked at again every time
    monkeypatch.setattr(images, "RACY_NS", -(10**18))  # as if written long ago
    before = key()
    assert key() == before
    stat = header.stat()
    header.write_bytes(b"second, longer")
    os.utime(header, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # the same second
    assert int(header.stat().st_mtime) == int(stat.st_mtime)
    assert key() != before
