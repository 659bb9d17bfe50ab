"""Responsive images: resized variants of the posts' images, in modern formats, drawn
with Pillow, cached by content, and the `<img>` tags that offer them.

A post's header image and every image its body shows (a raster file of the docs tree)
get variants at the `image_widths` narrower than the image (never upscaled), in AVIF
(where the installed Pillow writes it) and WebP beside the original format. A variant
is named in the cache by the image's content hash, its width, format and `VERSION`, so
it is drawn once (in worker processes, like the share cards) and copied on every later
build; the site gets it beside the original (`photo-800w.webp`). Originals keep their
URLs, so share tags, JSON-LD, feeds and cards point to full-size files. GIF and SVG pass
through: a GIF gets its `width`/`height`, nothing is drawn. No MkDocs import.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from PIL import Image, ImageOps, features

from . import images, links
from .model import Post

#: Bump when drawing or encoding changes, so every cached variant is drawn again.
VERSION = "1"
#: Widths that fit the shipped themes' content columns (and 2x screens), in pixels.
DEFAULT_WIDTHS = (480, 800, 1200, 1600)
#: Formats variants are drawn from (and in, for the original's own format).
RESIZED = {"JPEG", "PNG", "WEBP", "AVIF"}
#: Formats that get `width`/`height` only: no variant would be smaller or still move.
PASS_THROUGH = {"GIF"}
#: Formats best first: a browser takes the first `<source>` it can show.
PREFERRED = ("AVIF", "WEBP", "JPEG", "PNG")
SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "AVIF": ".avif"}
MIMES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "AVIF": "image/avif"}
_ENCODE = {
    "AVIF": {"quality": 55, "speed": 8},
    "WEBP": {"quality": 78, "method": 4},
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": False, "compress_level": 6},
}
#: How the shipped templates and CSS lay images out: a post's column (header and body)
#: is at most this wide; a listing's thumbnail is a 12rem column, the whole width on
#: narrow screens (`blogmeta.css`).
COLUMN = 800
THUMBNAIL_SIZES = "(max-width: 40em) 100vw, 240px"
_NAME_RE = re.compile(r"^[a-zA-Z_:][-a-zA-Z0-9_:.]*$")
#: The attributes the plugin sets on an `<img>` it offers variants for.
_OWN = {"width", "height", "loading", "decoding", "fetchpriority", "srcset", "sizes"}


def modern_formats() -> tuple[str, ...]:
    """The modern formats this Pillow can write, best first."""
    return tuple(
        fmt for fmt, feature in (("AVIF", "avif"), ("WEBP", "webp")) if features.check(feature)
    )


@dataclass(frozen=True)
class Settings:
    """What planning variants needs of the configuration (`responsive_images`,
    `image_widths`, `cache_dir`)."""

    enabled: bool = False
    widths: tuple[int, ...] = DEFAULT_WIDTHS
    cache_dir: str = ".cache/blogmeta"
    formats: tuple[str, ...] = ()  # modern formats written (`modern_formats()`)


@dataclass(frozen=True)
class Variant:
    """One resized (or re-encoded) copy of an image."""

    width: int
    height: int
    format: str
    name: str  # its file name in the site, beside the original
    target: str  # the cached file


@dataclass(frozen=True)
class Picture:
    """An image of the docs tree as pages show it: its size, and its variants."""

    src: str  # docs path of the original
    width: int
    height: int
    format: str
    variants: tuple[Variant, ...] = ()

    def srcsets(self, written: str) -> list[tuple[str, str]]:
        """(MIME type, srcset) for each format, best first, the original's own last; the
        URLs are `written` (the `<img src>` as the page has it) with the file name
        changed, so they hold wherever the page and the image are."""
        folder = _srcset_url(written.rsplit("/", 1)[0] + "/") if "/" in written else ""
        by_format: dict[str, list[tuple[int, str]]] = {}
        for v in self.variants:
            by_format.setdefault(v.format, []).append((v.width, folder + _quote(v.name)))
        by_format.setdefault(self.format, []).append((self.width, _srcset_url(written)))
        order = [f for f in PREFERRED if f in by_format and f != self.format] + [self.format]
        return [
            (MIMES[fmt], ", ".join(f"{url} {w}w" for w, url in sorted(by_format[fmt])))
            for fmt in order
        ]

    def describe(self) -> str:
        """What a page shows of it (for `--dirty`'s digests)."""
        return repr((self.src, self.width, self.height, [v.name for v in self.variants]))


def _srcset_url(url: str) -> str:
    """A URL as a `srcset` candidate: whitespace and commas would end it there."""
    return re.sub(r"[\s,]", lambda m: f"%{ord(m.group()):02X}", url)


def _quote(name: str) -> str:
    return quote(name, safe="~")


def variant_name(src: str, width: int, fmt: str, *, own_suffix: bool = False) -> str:
    """`photo.jpg` at 800 pixels in WebP: `photo-800w.webp` (`own_suffix`, when another
    image of the folder has the same stem: `photo-jpg-800w.webp`)."""
    stem, suffix = posixpath.splitext(posixpath.basename(src))
    if own_suffix:
        stem += "-" + suffix.lstrip(".").lower()
    return f"{stem}-{width}w{SUFFIXES[fmt]}"


#: The files a page's `<img>` may show that variants are made of (or GIFs sized).
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")


def wanted(
    posts: Iterable[Post], bodies: Mapping[str, str], files: Mapping[str, str | None]
) -> set[str]:
    """The images of the docs tree that the posts show: each one's header image, and
    the images its Markdown links or shows (`links.linked_files`)."""
    found: set[str] = set()
    for post in posts:
        shown = links.linked_files(post.src_path, bodies.get(post.src_path, ""), files)
        if post.header_img and post.header_img in files:
            shown.add(post.header_img)
        found |= {src for src in shown if src.lower().endswith(IMAGE_SUFFIXES)}
    return found


def plan(
    wanted: Iterable[str],
    paths: Mapping[str, str | None],
    settings: Settings,
    known: Mapping[str, images.ImageInfo] | None = None,
) -> tuple[dict[str, Picture], list[tuple[tuple[Variant, str], str]]]:
    """The pictures of the images `wanted` (docs paths; `paths` gives each one's file) and
    the variants still to draw, as `draw_many` takes them. An image that cannot be read
    gets no picture (its post's warning, if any, is `images`'; one `known` to be
    unreadable is not read again); what was read is remembered in `cache_dir` between
    builds."""
    if not settings.enabled:
        return {}, []
    folder = Path(settings.cache_dir) / "images"
    memo = images.Remembered(Path(settings.cache_dir) / "responsive.json", "responsive")
    pictures: dict[str, Picture] = {}
    jobs: list[tuple[tuple[Variant, str], str]] = []
    taken: set[str] = (
        set()
    )  # variant paths: `a.jpg` and `a.png` of a folder both make `a-800w.webp`
    for src in sorted(set(wanted)):
        path = paths.get(src)
        if not path or (known and src in known and not known[src].ok):
            continue
        facts = _facts(path, memo)
        if facts is None:
            continue
        width, height, fmt, digest = facts
        if fmt not in RESIZED:
            if fmt in PASS_THROUGH:
                pictures[src] = Picture(src, width, height, fmt)
            continue
        variants = []
        smaller = sorted({w for w in settings.widths if 0 < w < width})
        for out in [*(f for f in settings.formats if f != fmt), fmt]:
            for w in smaller if out == fmt else [*smaller, width]:
                h = max(1, round(height * w / width))
                target = folder / f"{digest[:32]}-v{VERSION}-{w}{SUFFIXES[out]}"
                name = variant_name(src, w, out)
                if posixpath.join(posixpath.dirname(src), name) in taken:
                    name = variant_name(src, w, out, own_suffix=True)
                taken.add(posixpath.join(posixpath.dirname(src), name))
                variant = Variant(w, h, out, name, str(target))
                variants.append(variant)
                if not target.is_file():
                    jobs.append(((variant, path), variant.target))
        pictures[src] = Picture(src, width, height, fmt, tuple(variants))
    memo.save()
    return pictures, jobs


def _facts(path: str, memo: images.Remembered) -> tuple[int, int, str, str] | None:
    """(width, height, format, sha256) of an image file, or None when it cannot be read."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    known = memo.get(path, stat)
    if isinstance(known, list) and len(known) == 4:
        width, height, fmt, digest = known
        return (int(width), int(height), str(fmt), str(digest)) if fmt else None
    info = images.inspect(path)
    if not info.ok:
        memo.put(path, stat, [0, 0, "", ""])
        return None
    sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    width, height = _shown_size(path, info.width, info.height)
    fmt = info.format or ""
    memo.put(path, stat, [width, height, fmt, sha])
    return width, height, fmt, sha


#: EXIF orientations that turn the image a quarter: browsers show it with its sides swapped.
_TURNED = {5, 6, 7, 8}


def _shown_size(path: str, width: int, height: int) -> tuple[int, int]:
    """The size browsers show an image at: turned as its EXIF orientation says."""
    try:
        with Image.open(path) as image:
            turned = image.getexif().get(0x0112) in _TURNED
    except Exception:
        return width, height
    return (height, width) if turned else (width, height)


# -- drawing (in worker processes: `cards.Drawer(render=draw_many)`) -------------------


def draw(variant: Variant, source: str) -> None:
    """Draw one variant into the cache (atomically)."""
    with Image.open(source) as image:
        turned = image.getexif().get(0x0112) in _TURNED
        if image.format == "JPEG":
            wanted = (variant.height, variant.width) if turned else (variant.width, variant.height)
            image.draft("RGB", wanted)
        picture = ImageOps.exif_transpose(image)
        picture = picture.convert("RGBA" if _has_alpha(picture) else "RGB")
        if variant.format == "JPEG":
            picture = picture.convert("RGB")
        resized = picture.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    resized.save(out, variant.format, **_ENCODE[variant.format])
    images.write_atomic(Path(variant.target), out.getvalue())


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def draw_many(jobs: list[tuple[tuple[Variant, str], str]]) -> list[tuple[str, None, str | None]]:
    """Draw variants, each job `((variant, original's file), target)`: (target, None, why
    it could not be drawn or None) for each, as `cards.Drawer` collects them."""
    done: list[tuple[str, None, str | None]] = []
    for (variant, source), target in jobs:
        try:
            draw(variant, source)
            done.append((target, None, None))
        except Exception as exc:
            done.append((target, None, str(exc) or type(exc).__name__))
    return done


def prune(cache_dir: str, used: Iterable[str]) -> int:
    """Remove the cached variants no picture of this build uses; how many went."""
    folder = Path(cache_dir) / "images"
    keep = {os.path.basename(target) for target in used}
    gone = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        if name not in keep:
            try:
                os.remove(folder / name)
                gone += 1
            except OSError:
                continue
    return gone


# -- the pages' <img> tags ----------------------------------------------------------


def content_sizes(picture: Picture) -> str:
    """`sizes` of an image in a post's column: its own width, or the column's, at most;
    the whole screen on narrow ones."""
    return shown_sizes(picture.width)


def shown_sizes(width: int) -> str:
    """`sizes` of an image shown `width` pixels wide in a post's column (at most the
    column's width; the whole screen on narrow ones)."""
    shown = min(width, COLUMN)
    return f"(max-width: {shown}px) 100vw, {shown}px"


_PIXELS_RE = re.compile(r"\s*(\d+)(?:\.\d*)?(?:px)?\s*$", re.IGNORECASE)


def _pixels(value: str | None) -> int | None:
    """A `width` or `height` attribute in pixels (`300`, `300px`), None for anything
    else (`50%`, `auto`, none written)."""
    found = _PIXELS_RE.match(value or "")
    return (int(found.group(1)) or None) if found else None


def shown_size(
    attrs: Mapping[str, str | None], picture: Picture
) -> tuple[list[tuple[str, str | None]], int | None]:
    """The `width` and `height` an `<img>` gets, and the width in pixels it is shown at
    when its author chose one. A size the author wrote (`width="300"` in HTML, `{ width="300"
    }` with `attr_list`) is kept, the other one made from the image's proportions, so a
    smaller picture keeps its place and its shape; without one, the image's own size."""
    width, height = attrs.get("width"), attrs.get("height")
    if width is None and height is None:
        return [("width", str(picture.width)), ("height", str(picture.height))], None
    w, h = _pixels(width), _pixels(height)
    if width is not None and height is None and w:
        height = str(max(1, round(w * picture.height / picture.width)))
    elif height is not None and width is None and h:
        w = max(1, round(h * picture.width / picture.height))
        width = str(w)
    return [(k, v) for k, v in (("width", width), ("height", height)) if v is not None], w


def listing_sizes(headers: set[str]) -> Callable[[Picture], str]:
    """`sizes` in a listing: a post's header image is its thumbnail (`blogmeta.css`); an
    image of an excerpt is laid out as in the post."""

    def sizes(picture: Picture) -> str:
        return THUMBNAIL_SIZES if picture.src in headers else content_sizes(picture)

    return sizes


@dataclass(frozen=True)
class Tag:
    """An `<img>` of a page: where it is, and its attributes."""

    start: int
    end: int
    attrs: tuple[tuple[str, str | None], ...]
    in_picture: bool


class _Images(HTMLParser):
    """Finds every `<img>` and where it is written; positions come from the parser."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.found: list[Tag] = []
        self.pictures = 0
        self._lines = [0] + [m.end() for m in re.finditer("\n", html)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "picture":
            self.pictures += 1
        elif tag == "pre":
            # A code block's text, read as text to its `</pre>` as the parser reads a
            # `<script>`'s: highlighted code is most of a technical post's tags, and
            # holds no image. (An `<img>` an author put in a `<pre>` stays as written.)
            self.set_cdata_mode(tag)
        elif tag == "img":
            line, column = self.getpos()
            start = self._lines[line - 1] + column
            end = start + len(self.get_starttag_text() or "")
            self.found.append(Tag(start, end, tuple(attrs), self.pictures > 0))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture" and self.pictures:
            self.pictures -= 1


_IMG_RE = re.compile(r"<img\b", re.IGNORECASE)


def has_image(html: str) -> bool:
    """Whether `html` may hold an `<img>` (most posts of a blog have none in their text:
    the parser need not read them)."""
    return _IMG_RE.search(html) is not None


def find_images(html: str) -> list[Tag]:
    """Every `<img>` of `html`, in order."""
    if not has_image(html):
        return []
    parser = _Images(html)
    parser.feed(html)
    parser.close()
    return parser.found


def resolve(src: str, page_url: str, root: str) -> str | None:
    """The site path an `<img src>` of the page at `page_url` points to (`root`: the
    path the site is served under), or None for another site's image or a data URL."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(root):
            return None
        return posixpath.normpath(path[len(root) :]).lstrip("/")
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    joined = posixpath.normpath(posixpath.join(base, path))
    return None if joined.startswith("../") or joined == ".." else joined.lstrip("/")


#: Renders one picture (the picture template): its `<source>`s [(type, srcset)], the
#: `<img>`'s own `srcset`, `sizes`, and the `<img>`'s attributes [(name, value)].
Render = Callable[[list[tuple[str, str]], str, str, list[tuple[str, str | None]]], str]


def rewrite(
    html: str,
    page_url: str,
    pictures: Mapping[str, Picture],
    render: Render,
    sizes: Callable[[Picture], str],
    *,
    root: str = "/",
    eager_first: bool = True,
    mark: str = "",
) -> str:
    """Every `<img>` of `html` whose file is a known picture (`pictures`, by site path)
    offered at its variants (`render`: the picture template), with `width` and `height`
    (`shown_size`: the author's, when written).
    The first image (`eager_first`) loads at once, with `fetchpriority="high"`: the one a
    reader sees first; every other one lazily. Other images are left as written. A
    `src` starting with `mark` is a path from the site root (kept in the output)."""
    out: list[str] = []
    last = 0
    for n, tag in enumerate(find_images(html)):
        attrs = dict(tag.attrs)
        written = attrs.get("src") or ""
        if mark and written.startswith(mark):
            site_path = resolve(written[len(mark) :], "", root)
        else:
            site_path = resolve(written, page_url, root)
        picture = pictures.get(site_path) if site_path is not None else None
        if picture is None or tag.in_picture or "srcset" in attrs:
            continue
        first = eager_first and n == 0
        kept = [(k, v) for k, v in tag.attrs if k not in _OWN and _NAME_RE.match(k)]
        own, shown = shown_size(attrs, picture)
        own += (
            [("fetchpriority", "high")] if first else [("loading", "lazy"), ("decoding", "async")]
        )
        if picture.variants:
            *sources, (_, srcset) = picture.srcsets(written)
            size = sizes(picture) if shown is None else shown_sizes(shown)
            markup = render(sources, srcset, size, kept + own)
        else:  # a GIF: its size only
            markup = render([], "", "", kept + own)
        out += [html[last : tag.start], markup]
        last = tag.end
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)
