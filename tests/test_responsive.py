"""Responsive images: every `<img>` of a post or a listing offers resized variants that
exist at the widths they state, with its size and how it loads; drafts' images stay out;
the cache draws nothing twice and keeps nothing no build uses; the option off changes
nothing."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup, Tag
from helpers import Site, write_image
from PIL import Image

MARKER = "zqxresponsiveleak"
WIDTHS = [100, 200]  # small: the test images are drawn in a blink
PLUGIN = {"image_widths": WIDTHS, "cache_dir": ".cache/bm"}
FORMATS = {"image/avif": "AVIF", "image/webp": "WEBP", "image/jpeg": "JPEG", "image/png": "PNG"}


def _blog(root: Path, **extra: object) -> Site:
    """Two posts with a header image, body images (Markdown, raw HTML, a GIF, an SVG),
    and a draft whose images carry MARKER."""
    site = Site(root, plugin=dict(PLUGIN), extra=dict(extra))
    site.post(
        "2023-05-01_alpha",
        body=(
            "Intro.\n\n![A diagram](./diagram.png)\n\n"
            '<img src="photo.jpg" alt="A photo" class="wide">\n\n'
            "![Moving](./anim.gif)\n\n![Logo](./logo.svg)\n"
        ),
        images={"alpha.jpg": (600, 300), "diagram.png": (300, 200), "photo.jpg": (500, 250)},
        header_img="!raw './alpha.jpg'",
    )
    bundle = site.docs / "posts/2023-05-01_alpha"
    Image.new("P", (120, 60)).save(bundle / "anim.gif")
    (bundle / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "utf-8"
    )
    site.post(
        "2023-04-01_beta",
        body="Beta.\n",
        header_img="!raw './beta.jpg'",
    )
    write_image(site.docs / "posts/2023-04-01_beta/beta.jpg", (500, 250), "#aa6633")
    site.post(
        f"2023-04-15_{MARKER}-draft",
        body=f"Secret.\n\n![x](./{MARKER}-body.png)\n",
        images={f"{MARKER}.jpg": (400, 200), f"{MARKER}-body.png": (300, 100)},
        header_img=f"!raw './{MARKER}.jpg'",
        status="draft",
    )
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return _blog(tmp_path_factory.mktemp("responsive")).build(strict=True)


def _candidates(value: str) -> list[tuple[str, int]]:
    found = []
    for part in value.split(","):
        url, width = part.split()
        assert width.endswith("w"), value
        found.append((url, int(width[:-1])))
    return found


def _file(page: Path, url: str) -> Path:
    return (page.parent / unquote(urlsplit(url).path)).resolve()


def _sets(img: Tag) -> list[tuple[str | None, str]]:
    """(type, srcset) of the image's `<source>`s and its own."""
    sets: list[tuple[str | None, str]] = []
    if (picture := img.find_parent("picture")) is not None:  # lxml nests the <source>s
        sets += [(s.get("type"), s["srcset"]) for s in picture.find_all("source")]
    if img.get("srcset"):
        sets.append((None, img["srcset"]))
    return sets


def check_image(page: Path, img: Tag, first: bool, *, variants: bool = True) -> None:
    """An `<img>` as the plugin leaves it: size, candidates that exist at their widths
    (and in their types), and how it loads."""
    width, height = int(img["width"]), int(img["height"])
    with Image.open(_file(page, img["src"])) as original:
        assert original.size == (width, height), img
    sets = _sets(img)
    assert bool(sets) == variants, img
    for mime, srcset in sets:
        assert img.get("sizes") and (mime is None or img.find_parent("picture").source["sizes"])
        candidates = _candidates(srcset)
        assert max(w for _, w in candidates) <= width  # never upscaled
        for url, stated in candidates:
            with Image.open(_file(page, url)) as drawn:
                assert drawn.width == stated, (url, img)
                assert abs(drawn.height - height * stated / width) <= 1, url
                if mime is not None:
                    assert drawn.format == FORMATS[mime], url
    if first:
        assert img.get("fetchpriority") == "high" and img.get("loading") != "lazy", img
    else:
        assert img.get("loading") == "lazy" and img.get("decoding") == "async", img


def blog_pages(site_dir: Path) -> list[Path]:
    """Every post page and listing page of a built site."""
    found = []
    for page in site_dir.rglob("*.html"):
        text = page.read_text("utf-8")
        if "blogmeta-post__header" in text or "blogmeta-entry" in text:
            found.append(page)
    return found


def check_site(site_dir: Path) -> int:
    """Every `<img>` of every post and listing page; how many there were."""
    seen = 0
    for page in blog_pages(site_dir):
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        for n, img in enumerate(soup.find_all("img")):
            if img["src"].endswith(".svg"):  # passes through as written
                continue
            first = n == 0 and img.find_parent(class_="blogmeta-latest") is None  # not a listing
            check_image(page, img, first=first, variants=not img["src"].endswith(".gif"))
            seen += 1
    return seen


@pytest.mark.parametrize("which", ["example_site", "example_site_mkdocs_theme"])
def test_every_image_of_the_example_is_responsive(which: str, request: pytest.FixtureRequest):
    site_dir: Path = request.getfixturevalue(which)
    assert check_site(site_dir) > 30
    soup = BeautifulSoup((site_dir / "index.html").read_text("utf-8"), "lxml")
    assert soup.select("picture source[type='image/webp']")


def test_the_small_blog_every_kind_of_image(built: Site) -> None:
    page = built.site / "alpha/index.html"
    imgs = BeautifulSoup(page.read_text("utf-8"), "lxml").find_all("img")
    by_src = {img["src"]: img for img in imgs}
    assert [img["src"] for img in imgs] == [
        "alpha.jpg", "diagram.png", "photo.jpg", "anim.gif", "logo.svg"
    ]  # fmt: skip
    check_image(page, by_src["alpha.jpg"], first=True)
    for src in ("diagram.png", "photo.jpg"):
        check_image(page, by_src[src], first=False)
    assert by_src["photo.jpg"]["class"] == ["wide"] and by_src["photo.jpg"]["alt"] == "A photo"
    check_image(page, by_src["anim.gif"], first=False, variants=False)  # its size only
    assert by_src["logo.svg"].attrs == {"alt": "Logo", "src": "logo.svg"}  # as written
    names = {p.name for p in page.parent.iterdir()}
    assert {"alpha-100w.jpg", "alpha-200w.webp", "alpha-600w.webp", "diagram-200w.png"} <= names
    assert not {n for n in names if n.startswith(("anim-", "logo-"))}
    assert "alpha-600w.jpg" not in names  # the original is its own widest candidate
    assert check_site(built.site) >= 6


def test_share_tags_feeds_and_json_ld_keep_the_originals(built: Site) -> None:
    soup = built.html("alpha/index.html")
    og = soup.find("meta", property="og:image")["content"]  # the share card, full size
    assert og == "https://blog.example.org/alpha/card-fb.jpg"
    ld = soup.find("script", type="application/ld+json").string
    assert "alpha-" not in ld and "srcset" not in ld
    feed = feedparser.parse((built.site / "atom.xml").read_text("utf-8"))
    text = " ".join(e.get("content", [{}])[0].get("value", "") for e in feed.entries)
    assert "https://blog.example.org/alpha/photo.jpg" in text or "photo.jpg" in text
    assert "srcset" not in text and "-100w" not in text


def test_a_drafts_images_and_variants_reach_no_file(built: Site) -> None:
    for path in built.files():
        assert MARKER not in path.name, path
        assert MARKER.encode() not in path.read_bytes(), path
    draft = built.docs / f"posts/2023-04-15_{MARKER}-draft/{MARKER}.jpg"
    digest = hashlib.sha256(draft.read_bytes()).hexdigest()[:32]
    cache = built.root / ".cache/bm/images"
    assert not [p for p in cache.iterdir() if p.name.startswith(digest)]
    memo = built.root / ".cache/bm/responsive.json"  # what was read of images
    assert not memo.exists() or MARKER not in memo.read_text("utf-8")


def _drawing(site: Site) -> list[str]:
    return [m for m in site.messages(level=0) if re.search(r"drawing \d+ image variants", m)]


def _cache(site: Site) -> dict[str, float]:
    return {p.name: p.stat().st_mtime for p in (site.root / ".cache/bm/images").iterdir()}


def test_a_warm_rebuild_draws_nothing_and_a_removed_post_is_pruned(tmp_path: Path) -> None:
    site = _blog(tmp_path).build()
    assert _drawing(site)
    cold = _cache(site)
    site.build()
    assert _drawing(site) == []
    assert _cache(site) == cold  # not one file drawn again
    beta = site.docs / "posts/2023-04-01_beta"
    digest = hashlib.sha256((beta / "beta.jpg").read_bytes()).hexdigest()[:32]
    assert [n for n in cold if n.startswith(digest)]
    for path in sorted(beta.iterdir(), reverse=True):
        path.unlink()
    beta.rmdir()
    site.build()
    left = _cache(site)
    assert not [n for n in left if n.startswith(digest)]
    assert {n: t for n, t in cold.items() if not n.startswith(digest)} == left


def test_without_directory_urls_and_under_a_sub_path(tmp_path: Path) -> None:
    site = _blog(tmp_path, use_directory_urls=False, site_url="https://x.org/blog/").build()
    pages = blog_pages(site.site)
    assert site.site / "alpha/index.html" in pages and site.site / "index.html" in pages
    assert check_site(site.site) >= 6
    soup = site.html("alpha/index.html")
    assert (
        soup.find("meta", property="og:image")["content"] == "https://x.org/blog/alpha/card-fb.jpg"
    )
    assert soup.find("img", class_="blogmeta-post__image")["src"] == "alpha.jpg"
    tag = site.html("tag/life/index.html").find("img")  # a listing two folders down
    assert tag["srcset"].startswith("../../alpha/alpha-100w.jpg 100w")


def test_the_option_off_leaves_images_as_written(tmp_path: Path) -> None:
    site = _blog(tmp_path)
    site.plugin["responsive_images"] = False
    site.build(strict=True)
    for page in blog_pages(site.site):
        text = page.read_text("utf-8")
        assert "srcset" not in text and "<picture" not in text and "fetchpriority" not in text
    assert not [p for p in site.files() if re.search(r"-\d+w\.", p.name)]
    header = site.html("alpha/index.html").find("img")
    assert str(header) == '<img alt="" class="blogmeta-post__image" src="alpha.jpg"/>'
    assert not (site.root / ".cache/bm/images").exists()


def _chosen(page: Path, img: Tag, viewport: int, dpr: float) -> Path:
    """The file a browser that shows AVIF fetches for `img` at `viewport` CSS pixels and
    `dpr`: the slot width from `sizes`, the smallest candidate at least that wide."""
    sizes = img.get("sizes", "")
    slot = float(viewport)
    for part in sizes.split(","):
        part = part.strip()
        if m := re.match(r"\(max-width:\s*([\d.]+)(px|em)\)\s+(\S+)$", part):
            limit = float(m.group(1)) * (16 if m.group(2) == "em" else 1)
            if viewport <= limit:
                slot = viewport if m.group(3) == "100vw" else float(m.group(3)[:-2])
                break
        elif part.endswith("px"):
            slot = float(part[:-2])
            break
    sets = _sets(img)
    if not sets:
        return _file(page, img["src"])
    candidates = sorted(_candidates(sets[0][1]), key=lambda c: c[1])
    wanted = slot * dpr
    url = next((u for u, w in candidates if w >= wanted), candidates[-1][0])
    return _file(page, url)


def test_the_example_index_fetches_at_most_300_kb_of_images_on_a_phone(
    example_site: Path,
) -> None:
    """The issue's budget: a 412-pixel-wide phone at DPR 1.75 (Lighthouse's mobile)."""
    page = example_site / "index.html"
    soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
    fetched = sum(_chosen(page, img, 412, 1.75).stat().st_size for img in soup.find_all("img"))
    originals = sum(_file(page, img["src"]).stat().st_size for img in soup.find_all("img"))
    assert fetched <= 300_000, (fetched, originals)
    assert fetched < originals / 3


def test_images_as_authors_write_them(tmp_path: Path) -> None:
    """`width="250"` in raw HTML or `{ width="120" }` with attr_list: the image keeps the
    size its author gave it (the other side from its proportions), and `sizes` says so, so
    a phone fetches a variant for that width, not the image's own. A file name with a
    space (a screenshot's), written `![x](<a b.png>)` or `<img src="a b.png">`, is an
    image of the post like any other."""
    site = Site(tmp_path, plugin=dict(PLUGIN), extra={"markdown_extensions": ["attr_list"]})
    site.post(
        "2023-05-01_sized",
        body=(
            'Intro.\n\n![first](./photo.jpg)\n\n![narrow](./photo.jpg){ width="120" }\n\n'
            '<img src="photo.jpg" width="250" alt="half">\n\n'
            '<img src="photo.jpg" height="50px" alt="short">\n\n'
            '<img src="photo.jpg" width="300" height="100" alt="both">\n\n'
            '<img src="photo.jpg" width="50%" alt="relative">\n\n'
            "![angle](<Screen Shot 1.png>)\n\n"
            '<img src="Screen Shot 2.png" alt="quoted">\n'
        ),
        images={"photo.jpg": (500, 250), "Screen Shot 1.png": (400, 300)},
    )
    write_image(site.docs / "posts/2023-05-01_sized/Screen Shot 2.png", (300, 400))
    site.build(strict=True)
    page = site.site / "sized/index.html"
    imgs = {img["alt"]: img for img in site.html("sized/index.html").find_all("img")}
    expected = {
        "first": ("500", "250", "500px"),
        "narrow": ("120", "60", "120px"),
        "half": ("250", "125", "250px"),
        "short": ("100", "50px", "100px"),
        "both": ("300", "100", "300px"),
        "relative": ("50%", None, "500px"),
        "angle": ("400", "300", "400px"),
        "quoted": ("300", "400", "300px"),
    }
    for alt, (width, height, slot) in expected.items():
        img = imgs[alt]
        assert (img.get("width"), img.get("height")) == (width, height), img
        assert img["sizes"].endswith(f", {slot}"), img
        for url, stated in _candidates(img["srcset"]):
            with Image.open(_file(page, url)) as drawn:
                assert drawn.width == stated, url


def test_images_are_found_around_code_blocks() -> None:
    """A code block's text is read as text (highlighted code is most of a post's tags):
    the images after it, in a `<picture>` or after a commented-out `<pre>` are found
    where they are written."""
    from mkdocs_blogmeta import responsive

    html = (
        '<p>a</p><pre><code><span>&lt;img src="x"&gt;</span></code></pre>'
        '<img src="after.png"><picture><img src="in.png"></picture>'
        '<!-- <pre> --><img alt="1 > 0" src="c.png"><PRE>x</PRE><img src="d.png"/>'
    )
    found = responsive.find_images(html)
    assert [(dict(t.attrs)["src"], t.in_picture) for t in found] == [
        ("after.png", False), ("in.png", True), ("c.png", False), ("d.png", False),
    ]  # fmt: skip
    assert [html[t.start : t.end] for t in found][2:] == [
        '<img alt="1 > 0" src="c.png">', '<img src="d.png"/>',
    ]  # fmt: skip
