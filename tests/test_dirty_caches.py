"""What `mkdocs serve` keeps from one rebuild to the next to do less work: each kept
answer is found again only by everything it was made from (`tests/test_dirty.py` checks
the served site after each edit against a clean build)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from mkdocs_blogmeta import links
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


def test_a_post_text_is_read_again_after_any_write(tmp_path) -> None:
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
    texts.RACY_NS = -(10**18)  # as if the file had been written long ago
    first = texts.read(file)
    assert texts.read(file) is first  # kept: not read again
    stat = path.stat()
    while path.stat().st_ctime_ns == stat.st_ctime_ns:  # a write the clock can tell apart
        path.write_text("---\ntitle: One\n---\nBBBB\n", "utf-8")  # the same size
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same mtime
    assert texts.read(file) == "---\ntitle: One\n---\nBBBB\n"
    texts.keep_only(set())
    assert texts.kept == {}
