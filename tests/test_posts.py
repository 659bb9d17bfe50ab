"""Reading front matter into posts: pure functions, no build."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from mkdocs_blogmeta import posts

UTC = UTC

# The header of a real post, exactly as SCHEMA.md shows it.
SCHEMA_POST = """---
uuid: f184d499-3f81-4dd5-8c17-e8b761744d5d
layout: post
title: 'The Definition of Senior: A Look at the expectations for Software Engineers'
slug: the-senior-dev
subtitle: null
date: 2023-03-26T16:30:00.000Z
updated: 2023-03-26T16:30:00.000Z
author: Luciano Mammino
author_slug: luciano-mammino
header_img: './the-senior-dev.jpg'
fb_img: ./the-senior-dev-fb.png
tw_img: ./the-senior-dev-tw.png
status: published
language: en_US
meta_title: null
meta_description: An opinionated take on what's the role and the skills that are expected from a "senior" developer
tags: ['life', 'career']
written_with: vim
---

Body text.
"""
BUNDLE = "posts/2023-03-26_the-senior-dev"
KNOWN = {f"{BUNDLE}/{n}" for n in ("the-senior-dev.jpg", "the-senior-dev-fb.png",
                                   "the-senior-dev-tw.png")}  # fmt: skip


def read(text: str, known=KNOWN) -> posts.Parsed:
    return posts.read_post(f"{BUNDLE}/index.md", text, bundle_dir=BUNDLE, known_files=known)


def test_schema_post_reads_every_field_typed() -> None:
    parsed = read(SCHEMA_POST)
    post = parsed.post
    assert parsed.problems == []
    assert post is not None
    assert (
        post.title == "The Definition of Senior: A Look at the expectations for Software Engineers"
    )
    assert post.slug == "the-senior-dev"
    assert post.date == datetime(2023, 3, 26, 16, 30, tzinfo=UTC)
    assert post.date.tzinfo is not None
    assert post.updated == post.date
    assert post.subtitle is None and post.meta_title is None
    assert post.tags == ("life", "career")
    assert post.header_img == f"{BUNDLE}/the-senior-dev.jpg"
    assert post.fb_img == f"{BUNDLE}/the-senior-dev-fb.png"
    assert post.meta_description.endswith('"senior" developer')
    assert dict(post.extra) == {"written_with": "vim"}
    assert parsed.body.strip() == "Body text."


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2023-03-26T16:30:00.000Z", datetime(2023, 3, 26, 16, 30, tzinfo=UTC)),
        ('"2020-10-05T09:00:00.000Z"', datetime(2020, 10, 5, 9, 0, tzinfo=UTC)),
        ("'2020-10-05T09:00:00.000Z'", datetime(2020, 10, 5, 9, 0, tzinfo=UTC)),
        ("2020-10-05", datetime(2020, 10, 5, tzinfo=UTC)),
        ('"2020-10-05"', datetime(2020, 10, 5, tzinfo=UTC)),
        ("2020-10-05 09:00:00", datetime(2020, 10, 5, 9, 0, tzinfo=UTC)),
        (
            '"2020-10-05T09:00:00+02:00"',
            datetime(2020, 10, 5, 9, 0, tzinfo=timezone(timedelta(hours=2))),
        ),
    ],
)
def test_dates_in_every_form_become_aware(written: str, expected: datetime) -> None:
    post = read(SCHEMA_POST.replace("date: 2023-03-26T16:30:00.000Z", f"date: {written}")).post
    assert post is not None
    assert post.date == expected
    assert post.date.tzinfo is not None


def test_parse_date_rejects_what_is_not_a_date() -> None:
    for value in ("yesterday", "2023-13-45", "", 12, [2023], {"a": 1}, True, "x" * 1000):
        assert posts.parse_date(value) is None
    assert posts.parse_date(date(2021, 1, 2)) == datetime(2021, 1, 2, tzinfo=UTC)


def test_invalid_calendar_date_names_the_field() -> None:
    parsed = read(SCHEMA_POST.replace("date: 2023-03-26T16:30:00.000Z", "date: 2023-02-30"))
    assert parsed.post is None
    [problem] = parsed.problems
    assert problem.field == "date" and problem.line == 7
    assert "2023-02-30" in problem.message


def test_block_and_inline_tag_lists_and_nulls() -> None:
    text = SCHEMA_POST.replace("tags: ['life', 'career']", "tags:\n  - life\n  - café\n  - life")
    assert read(text).post.tags == ("life", "café")
    assert read(SCHEMA_POST.replace("tags: ['life', 'career']", "tags: null")).post.tags == ()


def test_missing_image_is_a_warning_naming_field_and_line() -> None:
    parsed = read(SCHEMA_POST, known=set())
    fields = {(p.field, p.line) for p in parsed.problems}
    assert fields == {("header_img", 11), ("fb_img", 12), ("tw_img", 13)}
    assert all(p.level == "warning" for p in parsed.problems)
    assert parsed.post is not None and parsed.post.fb_img is None


def test_image_outside_docs_is_refused() -> None:
    text = SCHEMA_POST.replace("header_img: './the-senior-dev.jpg'", "header_img: ../../../x.jpg")
    [problem] = read(text).problems
    assert problem.field == "header_img" and "outside" in problem.message


def test_an_image_from_the_site_root_is_read_from_docs_dir() -> None:
    """Jekyll and Hugo write `image: /assets/img/x.png`: the docs folder's root."""
    text = SCHEMA_POST.replace("fb_img: ./the-senior-dev-fb.png", "fb_img: /assets/share.png")
    parsed = read(text, known={*KNOWN, "assets/share.png"})
    assert parsed.problems == [] and parsed.post is not None
    assert parsed.post.fb_img == "assets/share.png"
    [problem] = read(text).problems
    assert problem.code == "image-missing" and "assets/share.png" in problem.message


@pytest.mark.parametrize("slug", ["../x", "a b", "a/b", ".hidden", "", "x?y", "100%"])
def test_slug_that_is_not_a_segment_leaves_the_post_out(slug: str) -> None:
    parsed = read(SCHEMA_POST.replace("slug: the-senior-dev", f"slug: '{slug}'"))
    assert parsed.post is None
    assert [p.field for p in parsed.problems] == ["slug"]


def test_broken_yaml_gives_the_line() -> None:
    parsed = read(SCHEMA_POST.replace("status: published", "status: [published"))
    assert parsed.post is None
    [problem] = parsed.problems
    assert problem.line is not None and 15 <= problem.line <= 20
    assert "YAML" in problem.message


def test_bom_and_crlf_are_read() -> None:
    parsed = read("\ufeff" + SCHEMA_POST.replace("\n", "\r\n"))
    assert parsed.post is not None and parsed.problems == []


def test_todo_lines_skip_fenced_code() -> None:
    body = "a\nTODO: write\n```python\n# TODO not this\n```\n~~~\nTODO\n~~~\nend TODO\n"
    assert posts.todo_lines(body, 10) == (11, 18)


def test_find_posts_groups_bundle_files() -> None:
    found, owner = posts.find_posts(
        [
            "index.md",
            "posts/index.md",
            "posts/a/index.md",
            "posts/a/x.png",
            "posts/a/sub/y.png",
            "posts/loose.md",
            "posts/shared.png",
            "other/z.png",
        ],
        "posts",
    )
    assert found == ["posts/a/index.md", "posts/loose.md"]
    assert owner == {"posts/a/x.png": "posts/a/index.md", "posts/a/sub/y.png": "posts/a/index.md"}


def test_visibility() -> None:
    """Whether a post is published is decided when it is read (`visibility.decide`)."""

    def hidden(text: str, now: datetime, future_is_draft: bool = True) -> str | None:
        parsed = posts.read_post(
            f"{BUNDLE}/index.md", text, bundle_dir=BUNDLE, known_files=KNOWN, now=now,
            future_is_draft=future_is_draft,
        )  # fmt: skip
        assert parsed.post is not None
        return parsed.post.hidden

    now = datetime(2024, 1, 1, tzinfo=UTC)
    assert hidden(SCHEMA_POST, now) is None
    early = datetime(2020, 1, 1, tzinfo=UTC)
    assert hidden(SCHEMA_POST, early) == "future"
    assert hidden(SCHEMA_POST, early, future_is_draft=False) is None
    assert hidden(SCHEMA_POST.replace("status: published", "status: draft"), now) == "draft"


def test_the_first_of_several_names_for_a_field_wins() -> None:
    """jekyll-seo-tag reads `description` before `excerpt`; Hugo `description` before
    `summary`: the order of FIELD_MAP, never the order the loop happens to end in."""
    from mkdocs_blogmeta import fieldmap

    data = {"excerpt": "from excerpt", "summary": "from summary", "description": "from description"}
    norm = fieldmap.normalize(data, "", 0, folder=None, defaults={}, fallbacks={})
    assert norm.data["meta_description"] == "from description"
    assert norm.both_given == []
