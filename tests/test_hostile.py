"""Hostile and broken files: each gives a clear message or a correct site, never a
traceback, and nothing outside site_dir is read into it or written."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import pytest
from helpers import Site, front_matter


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}  # fmt: skip


@pytest.fixture
def hostile(site: Site) -> Site:
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}
    site.post("2023-01-01_fine", body="A fine post.\n")
    return site


def built_ok(site: Site, src: str, needle: str) -> str:
    """Build; return the one message about `src`, which must contain `needle`."""
    docs_before = tree_digest(site.docs)
    site.build()
    assert not [r for r in site.records if r.exc_info]
    assert (site.site / "fine/index.html").is_file()
    assert tree_digest(site.docs) == docs_before  # docs_dir is never written
    found = [m for m in site.messages() if src in m]
    assert found and needle in found[0], site.messages()
    return found[0]


def stopped(site: Site, src: str, needle: str) -> str:
    """Build, which must stop (a post that cannot be read: nobody can tell whether it is a
    draft); return the one error about `src`, which must contain `needle`."""
    from helpers import BuildFailed

    docs_before = tree_digest(site.docs)
    with pytest.raises(BuildFailed) as failed:
        site.build()
    assert not [r for r in failed.value.records if r.exc_info]
    assert tree_digest(site.docs) == docs_before  # docs_dir is never written
    found = [m for m in failed.value.messages(logging.ERROR) if src in m]
    assert found and needle in found[0], failed.value.messages()
    return found[0]


BOMB = """---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
title: *i
tags: *i
slug: bomb
date: 2023-01-01
status: published
---
Boom.
"""


def test_yaml_bomb(hostile: Site) -> None:
    path = hostile.docs / "posts/2023-01-02_bomb/index.md"
    path.parent.mkdir(parents=True)
    path.write_text(BOMB, "utf-8")
    # Refused before anything walks it (issue 17): the build stops, naming the line.
    message = stopped(hostile, "posts/2023-01-02_bomb/index.md", "not valid YAML")
    assert "aliases" in message and message.endswith("[yaml-invalid]")
    assert not (hostile.site / "bomb/index.html").exists()


def test_fifty_megabyte_post(hostile: Site) -> None:
    path = hostile.docs / "posts/2023-01-02_huge/index.md"
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(front_matter("huge"))
        line = "All work and no play makes a very long post. " * 20 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    stopped(hostile, "posts/2023-01-02_huge/index.md", "50 MB")
    assert not (hostile.site / "huge").exists()


def test_binary_file_named_index_md(hostile: Site) -> None:
    path = hostile.docs / "posts/2023-01-02_binary/index.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(bytes(range(256)) * 64 + b"\xff\xfe\x00\x00")
    stopped(hostile, "posts/2023-01-02_binary/index.md", "not UTF-8")


def test_image_linking_outside_docs_dir_is_not_copied(hostile: Site, tmp_path: Path) -> None:
    secret = tmp_path / "outside-secret.png"
    secret.write_bytes(b"\x89PNG top secret zqxsecret")
    hostile.post("2023-01-02_linked", body="![x](./x.png)\n", fb_img="./x.png")
    os.symlink(secret, hostile.docs / "posts/2023-01-02_linked/x.png")
    built_ok(hostile, "posts/2023-01-02_linked/x.png", "outside docs_dir")
    for path in hostile.files():
        assert b"zqxsecret" not in path.read_bytes(), path


def test_ten_thousand_tags(hostile: Site) -> None:
    hostile.post("2023-01-02_many-tags", tags=[f"tag-{n}" for n in range(10_000)])
    built_ok(hostile, "posts/2023-01-02_many-tags/index.md", "only the first 100")
    assert (hostile.site / "tag/tag-99/index.html").is_file()
    assert not (hostile.site / "tag/tag-100").exists()


def test_bundle_without_index_md(hostile: Site) -> None:
    folder = hostile.docs / "posts/2023-01-02_lost"
    folder.mkdir(parents=True)
    (folder / "photo.png").write_bytes(b"\x89PNG")
    (folder / "index.mdx").write_text("---\nstatus: draft\n---\nSECRET-MDX-DRAFT\n", "utf-8")
    built_ok(hostile, "posts/2023-01-02_lost", "no index.md")
    assert not [p for p in hostile.files() if "lost" in str(p)]
    assert not [p for p in hostile.files() if b"SECRET-MDX-DRAFT" in p.read_bytes()]


def test_utf16_file(hostile: Site) -> None:
    path = hostile.docs / "posts/2023-01-02_utf16/index.md"
    path.parent.mkdir(parents=True)
    path.write_text(front_matter("utf16") + "\nBody\n", "utf-16")
    stopped(hostile, "posts/2023-01-02_utf16/index.md", "UTF-16")


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf"])
def test_bom_and_crlf_build_the_same_page(hostile: Site, variant: str) -> None:
    path = hostile.post("2023-01-02_plain", title="Same «text»", body="Body **bold**\n")
    text = path.read_text("utf-8")
    hostile.build(strict=True)
    reference = (hostile.site / "plain/index.html").read_bytes()
    data = text.replace("\n", "\r\n") if "crlf" in variant else text
    raw = data.encode("utf-8")
    if "bom" in variant:
        raw = b"\xef\xbb\xbf" + raw
    (hostile.docs / "posts/2023-01-02_plain/index.md").write_bytes(raw)
    hostile.build(strict=True)
    assert (hostile.site / "plain/index.html").read_bytes() == reference


def test_nothing_is_written_outside_site_dir_and_the_cache(site: Site) -> None:
    site.post("2023-01-01_one", header_img="./h.jpg", images={"h.jpg": (800, 400)})
    site.config_file()
    before = set(tree_digest(site.root))
    site.build()
    after = set(tree_digest(site.root)) - before
    assert all(p.startswith(("site/", ".cache/")) for p in after), sorted(after)[:5]


def test_a_failed_build_leaves_docs_untouched(site: Site) -> None:
    from helpers import BuildFailed

    site.post("2023-01-01_a", slug="same")
    site.post("2023-01-02_b", slug="same")
    before = tree_digest(site.docs)
    with pytest.raises(BuildFailed):
        site.build()
    assert tree_digest(site.docs) == before
