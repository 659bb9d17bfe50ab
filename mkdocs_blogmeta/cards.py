"""Share cards drawn with Pillow: offline, cached by what shapes them, in parallel.

A card is drawn from a `CardSpec`, a value holding everything that shapes it
(text, sizes, colours, and hashes of the header image, font and logo files).
Its key names the cached file, so a card is drawn once and copied on every
later build. Drawing runs in worker processes started as soon as the posts
are read, while MkDocs renders pages. No MkDocs import.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, fields
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from PIL import Image, ImageColor, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

from . import images, messages
from .model import Post, Problem

#: Bump when the drawing code changes, so every cached card is drawn again.
LAYOUT_VERSION = "3"
FONTS_DIR = Path(__file__).parent / "fonts"
DEFAULT_BOLD = FONTS_DIR / "DejaVuSans-Bold.ttf"
DEFAULT_REGULAR = FONTS_DIR / "DejaVuSans.ttf"
#: Fewer cards than this are drawn in the build's own process: starting
#: workers would cost more than it saves.
POOL_THRESHOLD = 8
ELLIPSIS = "…"
#: The file name of each card in the post's folder (plus `.png` or `.jpg`).
CARD_NAMES = {"fb_img": "card-fb", "tw_img": "card-tw"}


@dataclass(frozen=True)
class Style:
    """The card layout's options (from the plugin's `card_*` options)."""

    background: str = "#1f2a44"
    text: str = "#ffffff"
    accent: str = "#f5b700"
    fonts: tuple[str, ...] = ()  # font files tried in order; default: DejaVu Sans
    logo: str | None = None
    title_lines: int = 3


@dataclass(frozen=True)
class CardSpec:
    """Everything that shapes one card. Equal specs give identical cards."""

    width: int
    height: int
    title: str
    description: str | None
    byline: str
    site: str
    style: Style
    header: str | None = field(default=None, compare=False)  # path of the header image
    header_hash: str | None = None
    font_hashes: tuple[str, ...] = ()
    logo_hash: str | None = None
    version: str = ""

    @property
    def suffix(self) -> str:
        """JPEG over a photo (small files), PNG over a flat colour (crisp text)."""
        return ".jpg" if self.header else ".png"

    def key(self) -> str:
        """A hash of every field that shapes the card (not where the header is read from)."""
        data = [getattr(self, name) for name in _SPEC_FIELDS]
        data[data.index(self.style)] = _style_fields(self.style)
        blob = json.dumps([LAYOUT_VERSION, *data], ensure_ascii=False, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:32]


#: The fields of `CardSpec` its key is made of, in order (every card of a build asks).
_SPEC_FIELDS = tuple(f.name for f in fields(CardSpec) if f.name != "header")


@lru_cache(maxsize=8)
def _style_fields(style: Style) -> list[Any]:
    """A style's fields, in order, as a card's key holds them (one style per build)."""
    return [getattr(style, f.name) for f in fields(Style)]


class FileHashes:
    """sha256 of files (header images, fonts, the logo), remembered between builds
    (`images.Remembered`), so unchanged files are not read again on every build."""

    def __init__(self, manifest: Path) -> None:
        self.memo = images.Remembered(manifest, "sha256")

    def digest(self, path: str) -> str | None:
        try:
            stat = os.stat(path)
        except OSError:
            return None
        known = self.memo.get(path, stat)
        if isinstance(known, str):
            return known
        sha = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                sha.update(block)
        self.memo.put(path, stat, sha.hexdigest())
        return sha.hexdigest()

    def save(self) -> None:
        self.memo.save()


# -- drawing ------------------------------------------------------------------


class _Fonts:
    """Fonts by size; the first file that has a glyph is used for each character
    (done line by line: the line's text is drawn with the first font covering it)."""

    def __init__(self, files: Iterable[str], bold: bool) -> None:
        default = DEFAULT_BOLD if bold else DEFAULT_REGULAR
        self.files = [*files, str(default)] if files else [str(default)]
        self._cache: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}

    def get(self, size: int, text: str = "") -> ImageFont.FreeTypeFont:
        """The first font that draws all of `text` (else the first font)."""
        fonts = [self._font(f, size) for f in self.files]
        for font in fonts:
            if not text or not missing_glyphs(font, text):
                return font
        return fonts[0]

    def runs(self, size: int, text: str) -> list[tuple[str, ImageFont.FreeTypeFont]]:
        """`text` cut into runs, each drawn with the first font that has its glyphs."""
        whole = self.get(size, text)
        if not missing_glyphs(whole, text):
            return [(text, whole)]
        fonts = [self._font(f, size) for f in self.files]
        runs: list[tuple[str, ImageFont.FreeTypeFont]] = []
        for char in text:
            font = next((f for f in fonts if not missing_glyphs(f, char)), fonts[0])
            if runs and (runs[-1][1] is font or char.isspace()):
                runs[-1] = (runs[-1][0] + char, runs[-1][1])
            else:
                runs.append((char, font))
        return runs

    def text(
        self,
        pen: ImageDraw.ImageDraw,
        xy: tuple[int, int],
        text: str,
        size: int,
        fill: tuple[int, ...],
    ) -> None:
        """Draw a line, font by font when no single font has every glyph."""
        x, y = xy
        for run, font in self.runs(size, text):
            pen.text((x, y), run, font=font, fill=fill)
            x += round(font.getlength(run))

    def _font(self, path: str, size: int) -> ImageFont.FreeTypeFont:
        key = (path, size)
        if key not in self._cache:
            self._cache[key] = ImageFont.truetype(path, size)
        return self._cache[key]


_GLYPHS: dict[tuple[str, str], bytes] = {}


def _glyph(font: ImageFont.FreeTypeFont, char: str) -> bytes:
    """The character drawn at a fixed size: equal to the "missing glyph" box when the
    font has no glyph for it (Pillow exposes no character map)."""
    key = (str(font.path), char)
    if key not in _GLYPHS:
        probe = font.font_variant(size=24)
        image = Image.new("L", (48, 48))
        ImageDraw.Draw(image).text((4, 4), char, font=probe, fill=255)
        _GLYPHS[key] = image.tobytes()
    return _GLYPHS[key]


def missing_glyphs(font: ImageFont.FreeTypeFont, text: str) -> str:
    """Characters of `text` the font would draw as its "missing glyph" box."""
    notdef = _glyph(font, "\U0010fffd")
    missing = []
    for char in dict.fromkeys(text):
        if char.isspace() or not char.isprintable():
            continue
        if _glyph(font, char) == notdef:
            missing.append(char)
    return "".join(missing)


#: The most characters of a title or description a card is given: more than its lines
#: can show at the smallest size, so nothing visible is lost, and a title of thousands
#: of characters costs no more to lay out than a long one.
MAX_CARD_TEXT = 300


def clip(text: str, limit: int = MAX_CARD_TEXT) -> str:
    """`text` cut to `limit` characters (ending in an ellipsis when cut)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def wrap(text: str, font: ImageFont.FreeTypeFont, width: float, lines: int) -> list[str]:
    """Break `text` into at most `lines` lines of at most `width` pixels; the last
    line ends in an ellipsis when text is left over. Words wider than a line (or
    scripts without spaces) break between characters, never inside a glyph.

    Linear in the text's length: it stops once a line more than fits is made, and a
    word is cut by a doubling-then-halving search rather than one character at a time.
    """
    out: list[str] = []
    current = ""
    for word in text.split():
        if len(out) > lines:
            break
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            out.append(current)
            current = ""
        while len(out) <= lines and font.getlength(word) > width:  # wider than the line
            cut = _fit(word, font, width)
            out.append(word[:cut])
            word = word[cut:]
        current = word
    if current and len(out) <= lines:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        while last and font.getlength(last + ELLIPSIS) > width:
            last = last[:-1].rstrip()
        out[-1] = last.rstrip(" ,.;:-") + ELLIPSIS
    return out


def _fit(word: str, font: ImageFont.FreeTypeFont, width: float) -> int:
    """The longest prefix of `word` (at least one character) within `width`; `word`
    itself is wider."""
    fits, wide = 1, 2
    while wide < len(word) and font.getlength(word[:wide]) <= width:
        fits, wide = wide, wide * 2
    wide = min(wide, len(word))
    while wide - fits > 1:
        middle = (fits + wide) // 2
        if font.getlength(word[:middle]) <= width:
            fits = middle
        else:
            wide = middle
    return fits


def draw(spec: CardSpec) -> tuple[Image.Image, str | None]:
    """Draw a card. Returns the image and why its header image could not be drawn (None
    when it could, or there is none): the card is drawn on the plain colour then."""
    w, h = spec.width, spec.height
    style = spec.style
    header_error = None
    canvas = Image.new("RGB", (w, h), ImageColor.getrgb(style.background))
    if spec.header:
        try:
            with Image.open(spec.header) as header:
                photo = ImageOps.fit(header.convert("RGB"), (w, h), Image.Resampling.LANCZOS)
            photo = photo.filter(ImageFilter.GaussianBlur(max(2, w // 60)))
            canvas = ImageEnhance.Brightness(photo).enhance(0.38)
        except Exception as exc:
            header_error = str(exc)
    pen = ImageDraw.Draw(canvas)
    bold, regular = _Fonts(style.fonts, bold=True), _Fonts(style.fonts, bold=False)
    text_rgb = ImageColor.getrgb(style.text)
    margin = round(w * 0.06)
    inner = w - 2 * margin

    pen.rectangle((0, 0, round(w * 0.012), h), fill=ImageColor.getrgb(style.accent))
    top = round(h * 0.08)
    site_font = bold.get(round(h * 0.045), spec.site)
    bold.text(pen, (margin, top), spec.site, site_font.size, text_rgb)
    if style.logo:
        _paste_logo(canvas, style.logo, (w - margin, top), round(h * 0.12))

    byline_font = regular.get(round(h * 0.042), spec.byline)
    byline_y = h - round(h * 0.08) - byline_font.size
    regular.text(pen, (margin, byline_y), spec.byline, byline_font.size, text_rgb)

    # Title: the largest size (down to a floor) whose lines fit; then ellipsis.
    title_top = top + site_font.size + round(h * 0.08)
    room = byline_y - round(h * 0.06) - title_top
    title, description = clip(spec.title), clip(spec.description or "")
    for size in range(round(h * 0.1), round(h * 0.065) - 1, -2):
        title_font = bold.get(size, title)
        lines = wrap(title, title_font, inner, style.title_lines)
        height = len(lines) * round(size * 1.2)
        if not lines[-1].endswith(ELLIPSIS) and height <= room:
            break
    y = title_top
    for line in lines:
        bold.text(pen, (margin, y), line, title_font.size, text_rgb)
        y += round(title_font.size * 1.2)
    if description:
        desc_font = regular.get(round(h * 0.045), description)
        line_height = round(desc_font.size * 1.3)
        space = (byline_y - round(h * 0.04) - (y + round(h * 0.03))) // line_height
        y += round(h * 0.03)
        for line in wrap(description, desc_font, inner, min(2, max(space, 0))):
            regular.text(pen, (margin, y), line, desc_font.size, text_rgb)
            y += line_height
    return canvas, header_error


def _paste_logo(canvas: Image.Image, path: str, top_right: tuple[int, int], height: int) -> None:
    with Image.open(path) as logo:
        logo = logo.convert("RGBA")
        scale = height / logo.height
        logo = logo.resize((max(1, round(logo.width * scale)), height), Image.Resampling.LANCZOS)
    canvas.paste(logo, (top_right[0] - logo.width, top_right[1]), logo)


def render_to(spec: CardSpec, target: str) -> str | None:
    """Draw a card into `target` (atomically). Returns why its header image could not
    be drawn, or None."""
    image, header_error = draw(spec)
    buffer = _encode(image, spec.suffix)
    images.write_atomic(Path(target), buffer)
    return header_error


def _encode(image: Image.Image, suffix: str) -> bytes:
    import io

    out = io.BytesIO()
    if suffix == ".jpg":
        image.save(out, "JPEG", quality=88, optimize=True)
    else:
        image.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


#: (target, why the header image could not be drawn, why the card could not be drawn)
Drawn = tuple[str, str | None, str | None]


def _render_job(args: tuple[CardSpec, str]) -> Drawn:
    spec, target = args
    try:
        return target, render_to(spec, target), None
    except Exception as exc:
        return target, None, str(exc) or type(exc).__name__


class Drawer:
    """Draws cards in worker processes while the build goes on; `wait` collects them.

    A `background` drawer (`mkdocs serve`) always draws in its workers, even one card,
    and keeps them from build to build: the page is served while its card is drawn.
    `render` draws a list of jobs, each `(what, target)` (a module's function, so worker
    processes can run it): cards by default, image variants with `responsive.draw_many`."""

    def __init__(
        self,
        workers: int | None = None,
        *,
        background: bool = False,
        render: Callable[[list[Any]], list[Drawn]] | None = None,
    ) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.background = background
        self.render = render or _render_many
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[tuple[Future, list[tuple[Any, str]]]] = []
        self._done: list[Drawn] = []

    def start(self, jobs: list[tuple[Any, str]]) -> None:
        """Start drawing (in this process when there are few cards and none waits)."""
        if not jobs:
            return
        if not self.background and (len(jobs) < POOL_THRESHOLD or self.workers == 1):
            self._done += self.render(jobs)
            return
        if self._pool is None:
            workers = self.workers if self.background else min(self.workers, len(jobs))
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
        chunk = max(1, len(jobs) // (self.workers * 4))
        for i in range(0, len(jobs), chunk):
            part = jobs[i : i + chunk]
            try:
                self._futures.append((self._pool.submit(self.render, part), part))
            except BrokenProcessPool as exc:  # a worker died: this build draws nothing more
                self._pool = None
                self._done += [_failed(job, exc) for job in jobs[i:]]
                return

    def wait(self) -> list[Drawn]:
        """What became of every card started (a card whose worker died: not drawn);
        stops the workers (a background drawer's stay for the next build)."""
        done, self._done = self._done, []
        futures, self._futures = self._futures, []
        for future, part in futures:
            try:
                done += future.result()
            except BrokenProcessPool as exc:
                self._pool = None  # the next build starts new workers
                done += [_failed(job, exc) for job in part]
        if not self.background:
            self.close()
        return done

    def close(self) -> None:
        self._futures, self._done = [], []
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _failed(job: tuple[Any, str], exc: Exception) -> Drawn:
    return job[1], None, str(exc) or type(exc).__name__


def _render_many(jobs: list[tuple[CardSpec, str]]) -> list[Drawn]:
    return [_render_job(job) for job in jobs]


def check_fonts(paths: Iterable[str]) -> tuple[str, str] | None:
    """The first font file that cannot be used and why, or None when all load."""
    for path in paths:
        try:
            ImageFont.truetype(path, 20)
        except OSError as exc:
            return path, str(exc)
    return None


class GlyphCheck:
    """Which characters no card font can draw (they would show as empty boxes)."""

    def __init__(self, fonts: Iterable[str]) -> None:
        chain = _Fonts(list(fonts), bold=True)
        self.fonts = [ImageFont.truetype(path, 24) for path in chain.files]
        self._known: dict[str, bool] = {}

    def missing(self, text: str) -> str:
        out = []
        for char in dict.fromkeys(text):
            if char not in self._known:
                self._known[char] = all(missing_glyphs(f, char) for f in self.fonts)
            if self._known[char]:
                out.append(char)
        return "".join(out)


@dataclass(frozen=True)
class Planned:
    """One card a build needs: where it sits in the site and in the cache."""

    post_src: str
    field: str  # "fb_img" or "tw_img"
    src: str  # its path in the docs tree (beside the post)
    target: str  # the cached file
    spec: CardSpec
    size_bytes: int  # 0 while it is not drawn yet

    @property
    def cached(self) -> bool:
        return self.size_bytes > 0

    @property
    def info(self) -> tuple[int, int, str, str, int]:
        """(width, height, format, MIME type, bytes), as images.ImageInfo takes them."""
        fmt = "JPEG" if self.spec.suffix == ".jpg" else "PNG"
        return self.spec.width, self.spec.height, fmt, f"image/{fmt.lower()}", self.size_bytes


@dataclass(frozen=True)
class Settings:
    """What planning cards needs of the configuration and the site."""

    mode: str  # "missing", "always" or "off"
    style: Style
    fb_size: tuple[int, int]
    tw_size: tuple[int, int]
    site_name: str
    cache_dir: str
    version: str


def plan(
    posts: Iterable[Post],
    settings: Settings,
    *,
    header_path: Callable[[Post], str | None],
    author_name: Callable[[Post], str | None],
    date_text: Callable[[Post], str],
) -> tuple[list[Post], list[Planned], list[Problem]]:
    """Which posts get cards, and where. Returns the posts with `fb_img`/`tw_img`
    pointing to their cards, the cards, and a warning for each post whose text has
    characters no card font can draw."""
    if settings.mode == "off":
        return list(posts), [], []
    cache = os.path.join(settings.cache_dir, "cards")
    hashes = FileHashes(Path(settings.cache_dir) / "hashes.json")
    style = settings.style
    common = {
        "style": style,
        "site": settings.site_name,
        "font_hashes": tuple(hashes.digest(f) or "" for f in style.fonts),
        "logo_hash": hashes.digest(style.logo) if style.logo else None,
        "version": settings.version,
    }
    glyphs = GlyphCheck(style.fonts)
    placed: list[Post] = []
    planned: list[Planned] = []
    problems: list[Problem] = []
    for post in posts:
        wanted = [
            (name, size)
            for name, size in (("fb_img", settings.fb_size), ("tw_img", settings.tw_size))
            if post.is_post and (settings.mode == "always" or not getattr(post, name))
        ]
        if not wanted:
            placed.append(post)
            continue
        title = clip(post.meta_title or post.title)
        description = post.description
        description = clip(description) if description else None
        if missing := glyphs.missing(f"{title} {description or ''}"):
            problems.append(
                messages.post_problem("card-glyphs", post, "title", chars=" ".join(missing))
            )
        header = header_path(post)
        byline = " · ".join(x for x in (author_name(post), date_text(post)) if x)
        changes = {}
        for name, (width, height) in wanted:
            spec = CardSpec(
                width,
                height,
                title,
                description,
                byline,
                header=header,
                header_hash=hashes.digest(header) if header else None,
                **common,
            )
            target = os.path.join(cache, spec.key() + spec.suffix)
            card = CARD_NAMES[name]
            if post.translation_of and post.language:  # beside its post's: `card-fb.it.png`
                card += f".{post.language}"
            src = (
                f"{post.bundle_dir}/{card}{spec.suffix}"
                if post.bundle_dir
                else (f"{post.path}{card}{spec.suffix}")
            )
            try:
                size_bytes = os.stat(target).st_size
            except OSError:  # not drawn yet: its size is known once it is
                size_bytes = 0
            planned.append(Planned(post.src_path, name, src, target, spec, size_bytes))
            changes[name] = src
        placed.append(post.but(**changes))
    hashes.save()
    return placed, planned, problems


def collected(
    drawn: Iterable[Drawn],
    pending: dict[str, str],
    owner: Mapping[str, Post],
) -> tuple[list[Problem], dict[str, str], dict[str, int]]:
    """What became of the cards drawn (`Drawer.wait`), for the build: the problems (once
    per post: its two cards share a header image), the cards that could not be drawn
    (src -> why; left out of the site, the page's share tags fall back to the next
    image), and the size of each card drawn (src -> bytes). `pending` maps each card
    being drawn to its src; the cards collected leave it."""
    problems: list[Problem] = []
    failed: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for target, header_error, failure in drawn:
        src = pending.pop(target, None)
        post = owner.get(src) if src is not None else None
        if src is None or post is None:
            continue
        if header_error:
            problems.append(
                messages.post_problem(
                    "card-header", post, "header_img", src=post.header_img, error=header_error
                )
            )
        if failure:
            problems.append(
                messages.post_problem("card-failed", post, "title", card=src, error=failure)
            )
            failed[src] = failure
        elif os.path.exists(target):
            sizes[src] = os.stat(target).st_size
    return list(dict.fromkeys(problems)), failed, sizes
