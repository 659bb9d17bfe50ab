"""Share cards: drawn when missing, sized as declared, cached, offline."""

from __future__ import annotations

import io
import os
import socket
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from helpers import BuildFailed, Site, write_image
from PIL import Image, ImageFont

from mkdocs_blogmeta import cards, images

SITE_URL = "https://blog.example.org/"


def share_meta(page: Path) -> dict[str, str]:
    soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
    return {(t.get("property") or t.get("name")): t["content"]
            for t in soup.head.find_all("meta", content=True) if t.get("property") or t.get("name")}  # fmt: skip


def local(site: Site, url: str) -> Path:
    return site.site / url.removeprefix(SITE_URL)


def drawn(site: Site) -> int:
    found = [m for m in site.messages(0) if "share cards" in m]
    return int(found[0].split("drawing ")[1].split()[0]) if found else 0


@pytest.fixture
def blog(site: Site) -> Site:
    site.plugin = {"cache_dir": ".cache/cards"}
    site.post("2023-01-01_plain", title="A plain post without images")
    site.post("2023-01-02_photo", title="Над горами: Ελληνικά και café", header_img="./p.jpg",
              images={"p.jpg": (1600, 800)})  # fmt: skip
    site.post("2023-01-03_shared", fb_img="./f.png", tw_img="./t.png",
              images={"f.png": (1200, 630), "t.png": (880, 440)})  # fmt: skip
    return site


def test_missing_share_images_get_cards_of_the_stated_sizes(blog: Site) -> None:
    blog.build(strict=True)
    for slug, suffix in (("plain", ".png"), ("photo", ".jpg")):
        meta = share_meta(blog.site / slug / "index.html")
        assert meta["og:image"] == f"{SITE_URL}{slug}/card-fb{suffix}"
        assert meta["twitter:image"] == f"{SITE_URL}{slug}/card-tw{suffix}"
        fb = Image.open(local(blog, meta["og:image"]))
        assert fb.size == (1200, 630)
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        assert Image.open(local(blog, meta["twitter:image"])).size == (1200, 600)
        assert meta["twitter:card"] == "summary_large_image"
    # A post with its own share images keeps them.
    meta = share_meta(blog.site / "shared/index.html")
    assert meta["og:image"].endswith("/shared/f.png")
    assert not list((blog.site / "shared").glob("card-*"))


def test_a_second_build_draws_nothing_and_changes_redraw_only_their_post(blog: Site) -> None:
    blog.build()
    assert drawn(blog) == 4
    cache = sorted((blog.root / ".cache/cards/cards").iterdir())
    before = {p: p.stat().st_mtime_ns for p in cache}
    first = {p.relative_to(blog.site): p.read_bytes() for p in blog.files()}
    blog.build()
    assert drawn(blog) == 0
    assert {p: p.stat().st_mtime_ns for p in cache} == before
    assert {p.relative_to(blog.site): p.read_bytes() for p in blog.files()} == first
    blog.post("2023-01-01_plain", title="A plain post, renamed")
    blog.build()
    assert drawn(blog) == 2
    assert (blog.site / "photo/card-fb.jpg").read_bytes() == first[Path("photo/card-fb.jpg")]
    assert (blog.site / "plain/card-fb.png").read_bytes() != first[Path("plain/card-fb.png")]


def test_cards_are_drawn_in_parallel_workers(site: Site) -> None:
    site.plugin = {"cache_dir": ".cache/cards"}
    for n in range(6):
        site.post(f"2023-01-0{n + 1}_p{n}", title=f"Post number {n}")
    site.build()
    assert drawn(site) == 12 >= cards.POOL_THRESHOLD
    for n in range(6):
        assert Image.open(site.site / f"p{n}/card-fb.png").size == (1200, 630)


def test_modes_always_and_off(blog: Site) -> None:
    blog.plugin = {"cards": "always", "cache_dir": ".cache/cards"}
    blog.build()
    assert share_meta(blog.site / "shared/index.html")["og:image"].endswith("/shared/card-fb.png")
    blog.plugin = {"cards": "off"}
    blog.build()
    assert not list(blog.site.rglob("card-*"))
    assert "og:image" not in share_meta(blog.site / "plain/index.html")


def test_build_works_with_the_network_unreachable(blog: Site, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise OSError("network unreachable (test)")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    blog.build(strict=True)
    assert (blog.site / "photo/card-fb.jpg").is_file()


def test_unreadable_header_falls_back_with_a_warning(site: Site) -> None:
    site.post("2023-01-01_broken", header_img="./h.jpg")
    (site.docs / "posts/2023-01-01_broken/h.jpg").write_bytes(b"\xff\xd8\xff not a jpeg")
    site.build()
    assert [m for m in site.messages() if "'header_img'" in m and "broken" in m]
    assert Image.open(site.site / "broken/card-fb.png").size == (1200, 630)


def test_a_header_that_cannot_be_drawn_is_a_warning_naming_the_post(site: Site) -> None:
    site.post("2023-01-01_cut", header_img="./h.png", images={"h.png": (800, 400)})
    path = site.docs / "posts/2023-01-01_cut/h.png"
    Image.effect_noise((800, 400), 64).save(path)  # noise: the file is large enough to cut
    path.write_bytes(path.read_bytes()[:2000])  # the header reads, the pixels do not
    site.build()
    # the image is read to its end when inspected: named there, and the card is drawn
    # on the plain colour
    [message] = [m for m in site.messages() if "[image-unreadable]" in m]
    assert "posts/2023-01-01_cut/index.md:" in message and "'header_img'" in message
    assert "h.png" in message
    [card] = (site.site / "cut").glob("card-fb.*")
    assert Image.open(card).size == (1200, 630)


def test_a_card_that_cannot_be_drawn_is_a_warning_not_a_crash(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(spec: cards.CardSpec, target: str) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(cards, "render_to", fail)  # few cards: drawn in this process
    site.post("2023-01-01_one")
    site.build()
    failed = [m for m in site.messages() if "[card-failed]" in m]
    assert len(failed) == 2 and all("No space left" in m for m in failed)
    assert "posts/2023-01-01_one/index.md:" in failed[0]
    assert (site.site / "one/index.html").exists()
    assert not (site.site / "one/card-fb.png").exists()
    # No share tag points at the card that is not there.
    head = site.html("one/index.html").head
    assert not head.select('meta[property="og:image"], meta[name="twitter:image"]')
    assert "card-" not in str(head)


def test_a_font_that_cannot_be_loaded_names_the_option(site: Site) -> None:
    (site.root / "bad.ttf").write_bytes(b"not a font")
    site.plugin = {"card_font": "bad.ttf"}
    site.post("2023-01-01_one")
    with pytest.raises(BuildFailed) as failed:
        site.build()
    said = [str(failed.value), *failed.value.messages()]
    assert any("card_font" in m and "bad.ttf" in m and m.endswith("[card-font]") for m in said)


def test_default_font_covers_latin_greek_and_cyrillic() -> None:
    font = ImageFont.truetype(str(cards.DEFAULT_BOLD), 40)
    text = "Ça déjà vu — Ελληνικά γράμματα — Кириллица ёжик — ŁÓDŹ ÆØÅ ñ ß"
    assert cards.missing_glyphs(font, text) == ""
    assert cards.missing_glyphs(font, "日本") == "日本"


@pytest.mark.parametrize(
    "title",
    ["Short", "A very long title " * 12, "Supercalifragilisticexpialidocious" * 4, "漢字" * 60],
)
def test_wrap_stays_on_the_canvas(title: str) -> None:
    font = ImageFont.truetype(str(cards.DEFAULT_BOLD), 60)
    lines = cards.wrap(title, font, 1000, 3)
    assert 1 <= len(lines) <= 3
    assert all(font.getlength(line) <= 1000 for line in lines)
    if len(lines) == 3 and len(title) > 60:
        assert lines[-1].endswith(cards.ELLIPSIS)


def test_card_key_changes_with_what_shapes_the_card() -> None:
    style = cards.Style()
    spec = cards.CardSpec(1200, 630, "T", None, "A", "S", style, header_hash="h1")
    assert spec.key() == cards.CardSpec(1200, 630, "T", None, "A", "S", style,
                                        header_hash="h1").key()  # fmt: skip
    for other in (
        cards.CardSpec(1200, 630, "T2", None, "A", "S", style, header_hash="h1"),
        cards.CardSpec(1200, 630, "T", None, "A", "S", style, header_hash="h2"),
        cards.CardSpec(1200, 600, "T", None, "A", "S", style, header_hash="h1"),
        cards.CardSpec(1200, 630, "T", None, "A", "S", cards.Style(background="#000"),
                       header_hash="h1"),
        cards.CardSpec(1200, 630, "T", None, "A", "S", style, header_hash="h1", version="9"),
    ):  # fmt: skip
        assert other.key() != spec.key()


# -- what was read of images and header files, remembered between builds ----------


def _same_status_as(path: Path, data: bytes) -> None:
    """Write `data` over `path` and set its modification time back: only the status
    change time (and the bytes) tell it changed."""
    before = path.stat()
    assert len(data) == before.st_size
    path.write_bytes(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.fixture
def remembered_now(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Images written by the test are remembered at once (not only two seconds after
    they changed); returns the paths the build actually reads."""
    monkeypatch.setattr(images, "RACY_NS", 0)
    read: list[str] = []
    real = images._inspect

    def spy(path: str, size: int) -> images.ImageInfo:
        read.append(path)
        return real(path, size)

    monkeypatch.setattr(images, "_inspect", spy)
    return read


def test_an_unchanged_image_is_not_read_again_and_its_problems_still_show(
    site: Site, remembered_now: list[str]
) -> None:
    site.plugin = {"cards": "off"}
    site.post("2023-01-01_one", fb_img="./f.png", tw_img="./t.png", header_img="./h.jpg",
              images={"f.png": (1200, 630), "t.png": (300, 100)})  # fmt: skip
    (site.docs / "posts/2023-01-01_one/h.jpg").write_bytes(b"\xff\xd8\xff not a jpeg")
    site.build()
    assert len(remembered_now) == 3
    said = sorted(m for m in site.messages(0) if "2023-01-01_one" in m)
    assert [m for m in said if "[tw-image-small]" in m and "'tw_img'" in m]
    assert [m for m in said if "[image-unreadable]" in m and "'header_img'" in m]
    first = {p.relative_to(site.site): p.read_bytes() for p in site.files()}
    assert share_meta(site.site / "one/index.html")["og:image:width"] == "1200"
    remembered_now.clear()
    site.build()
    assert remembered_now == []
    assert sorted(m for m in site.messages(0) if "2023-01-01_one" in m) == said
    assert {p.relative_to(site.site): p.read_bytes() for p in site.files()} == first


def test_an_image_changed_in_place_is_read_again(site: Site, remembered_now: list[str]) -> None:
    site.plugin = {"cards": "off"}
    site.post("2023-01-01_one", fb_img="./f.png")
    path = site.docs / "posts/2023-01-01_one/f.png"
    Image.effect_noise((1200, 630), 60).convert("RGB").save(path)
    site.build()
    assert not [m for m in site.messages() if "f.png" in m]
    png = path.read_bytes()
    at = png.index(b"IDAT") + 104  # one byte of the pixels changed: its chunk's CRC fails
    _same_status_as(path, png[:at] + bytes([png[at] ^ 0xFF]) + png[at + 1 :])
    remembered_now.clear()
    site.build()
    assert remembered_now == [str(path)]
    [message] = [m for m in site.messages() if "[image-unreadable]" in m]
    assert "'fb_img'" in message and "f.png" in message


def test_a_header_image_changed_in_place_redraws_its_cards(
    site: Site, remembered_now: list[str]
) -> None:
    site.plugin = {"cache_dir": ".cache/cards"}
    site.post("2023-01-01_one", header_img="./h.bmp", images={"h.bmp": (800, 400)})
    site.build()
    assert drawn(site) == 2
    card = (site.site / "one/card-fb.jpg").read_bytes()
    path = site.docs / "posts/2023-01-01_one/h.bmp"
    recoloured = io.BytesIO()
    Image.new("RGB", (800, 400), "#cc2200").save(recoloured, "BMP")
    _same_status_as(path, recoloured.getvalue())
    site.build()
    assert drawn(site) == 2
    assert (site.site / "one/card-fb.jpg").read_bytes() != card


def test_a_file_that_changed_just_now_is_not_remembered(tmp_path: Path) -> None:
    manifest = tmp_path / "memo.json"
    now = time.time_ns()
    fresh = SimpleNamespace(st_size=1, st_mtime_ns=now - 10**10, st_ctime_ns=now, st_ino=7)
    old = SimpleNamespace(st_size=1, st_mtime_ns=now - 10**10, st_ctime_ns=now - 10**10, st_ino=8)
    memo = images.Remembered(manifest, "test")
    memo.put("fresh", fresh, "a")  # type: ignore[arg-type]
    memo.put("old", old, "b")  # type: ignore[arg-type]
    memo.save()
    again = images.Remembered(manifest, "test")
    assert again.get("fresh", fresh) is None  # type: ignore[arg-type]
    assert again.get("old", old) == "b"  # type: ignore[arg-type]
    moved = SimpleNamespace(**{**vars(old), "st_ino": 9})
    assert again.get("old", moved) is None  # type: ignore[arg-type]
    assert images.Remembered(manifest, "another kind").get("old", old) is None  # type: ignore[arg-type]


def test_a_remembered_image_has_its_type_in_a_fresh_process(tmp_path: Path) -> None:
    """A build that reads nothing but the manifest still knows a PNG is `image/png`
    (Pillow learns a format's type only when its plugin loads): `og:image:type` and
    feed enclosures do not depend on the cache."""
    import subprocess
    import sys

    image, manifest = tmp_path / "a.png", tmp_path / "images.json"
    write_image(image, (40, 20))
    code = (
        "import sys\nfrom mkdocs_blogmeta import images\n"
        "images.RACY_NS = 0  # the file was just written: remember it all the same\n"
        "memo = images.Remembered(sys.argv[2], 'image')\n"
        "print(images.inspect(sys.argv[1], memo)); memo.save()\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code, str(image), str(manifest)],
                       capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]  # fmt: skip
    assert manifest.is_file()
    assert runs[0] == runs[1] and "image/png" in runs[1]
