"""Nothing changes silently: a broken image is named, and no file of `docs/` is replaced.

A truncated JPEG or a PNG with a bad chunk as a post's image gives a message naming
the image and the field; a binary `authors.yml` is named; every file of `docs/` that
MkDocs copies as it is (bundle files moved with their post) reaches the site byte
for byte. Each case is built with and without `--strict`.
"""

from __future__ import annotations

import io

import pytest
from common import build_case
from helpers import Site
from PIL import Image

POST = "posts/2023-01-01_one/index.md"


def _jpeg(size: tuple[int, int] = (1200, 630)) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def _png(size: tuple[int, int] = (1200, 630)) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(out, "PNG")
    return out.getvalue()


def _bad_chunk(png: bytes) -> bytes:
    """The PNG with one byte of its first IDAT chunk changed (its CRC no longer holds)."""
    at = png.index(b"IDAT") + 4 + 100
    return png[:at] + bytes([png[at] ^ 0xFF]) + png[at + 1 :]


BROKEN = {
    "jpeg-cut": ("head.jpg", lambda: _jpeg()[: len(_jpeg()) // 2]),
    "png-cut": ("head.png", lambda: _png()[: len(_png()) // 2]),
    "png-bad-chunk": ("head.png", lambda: _bad_chunk(_png())),
}


@pytest.mark.parametrize("field", ["header_img", "fb_img"])
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_image_is_named_with_its_field(site: Site, case: str, field: str) -> None:
    name, make = BROKEN[case]
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}
    site.post("2023-01-01_one", **{field: name})
    (site.docs / "posts/2023-01-01_one" / name).write_bytes(make())
    for strict in (True, False):
        ok, said = build_case(site, strict=strict)
        assert ok is not strict, said
        assert any(POST in m and name in m and field in m for m in said), said
    head = site.html("one/index.html")
    assert not [m for m in head.select("meta[property='og:image']") if name in m["content"]]


def test_binary_authors_file_is_named(site: Site) -> None:
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}
    site.post("2023-01-01_one")
    (site.docs / "authors.yml").write_bytes(b"ada-quinn:\n  name: \xff\xfe\x00\x01" * 10)
    for strict in (True, False):
        ok, said = build_case(site, strict=strict)
        assert ok is not strict, said
        assert any(m.split(": ", 1)[-1].startswith("authors.yml") for m in said), said


def test_no_file_of_docs_is_replaced(site: Site) -> None:
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}
    site.post("2023-01-01_one", tags=["life"])
    bundle = site.docs / "posts/2023-01-01_one"
    mine = {
        "robots.txt": b"User-agent: *\n",
        "feeds/rss.xml.txt": b"<mine/>\n",
        "tag/notes.txt": b"mine\n",
        "img/photo.png": _png((40, 40)),
        "extra.json": b'{"version": "mine"}\n',
    }
    for rel, data in mine.items():
        (site.docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (site.docs / rel).write_bytes(data)
    (bundle / "data.csv").write_bytes(b"a,b\n1,2\n")
    (bundle / "photo.jpg").write_bytes(_jpeg((64, 64)))
    for strict in (True, False):
        ok, said = build_case(site, strict=strict)
        assert ok, said
        for rel, data in mine.items():
            assert (site.site / rel).read_bytes() == data, rel
        for name in ("data.csv", "photo.jpg"):
            assert (site.site / "one" / name).read_bytes() == (bundle / name).read_bytes()
