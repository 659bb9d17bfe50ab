"""Draw the images of the demo blog's post bundles.

Why this exists: every post bundle under ``docs/posts/`` names a header image
and two share images in its front matter, and some posts embed body images as
``./name.png``. The plugin reads, checks and publishes those files, so the demo
needs real images at the sizes the post format uses (header 1600x800; share
cards 1200x630 or 2400x1260 and 440x220 or 880x440). Rather than keep
hand-made artwork in the repository, this script redraws all of them from each
post's front matter: deterministic (same input, same bytes), offline, and using
only Pillow's built-in font, so anyone can regenerate them after editing a post.

Run from the repository root::

    .venv/bin/python example_site/make_images.py
"""

import colorsys
import functools
import hashlib
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from PIL import Image, ImageDraw, ImageFont

POSTS_DIR = Path(__file__).resolve().parent / "docs" / "posts"
SITE_NAME = "Notes from the workbench"

RGB = tuple[int, int, int]
Size = tuple[int, int]
Point = tuple[float, float]

HEADER_SIZE: Size = (1600, 800)
BODY_SIZE: Size = (800, 450)
FB_SIZE: Size = (1200, 630)
TW_SIZE: Size = (440, 220)
# Both share-card sizes occur in real blogs, so two demo posts get the double-size
# ("retina") variants and the plugin sees each size at least once.
LARGE_SHARE_SLUGS = frozenset({"profiling-before-guessing", "the-docs-are-the-product"})

# ![alt](./file.png) in a post body; code blocks are removed before matching.
BODY_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(\./([^)\s]+\.(?:png|jpe?g))\)", re.IGNORECASE)
FENCE_RE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)

# The built-in font only has ASCII glyphs: map common typography to ASCII first.
ASCII_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2026": "...",  # ellipsis
        "\u00df": "ss",  # sharp s
    }
)


@dataclass(frozen=True)
class Palette:
    """Colours of one post's images, derived from its slug."""

    top: RGB
    bottom: RGB
    accent: RGB
    text: RGB
    paper: RGB
    ink: RGB


def _hls(hue: float, lightness: float, saturation: float) -> RGB:
    r, g, b = colorsys.hls_to_rgb(hue % 1.0, lightness, saturation)
    return round(r * 255), round(g * 255), round(b * 255)


def palette_for(slug: str) -> Palette:
    """Return a stable palette: the slug's hash picks the hue, so each post looks different."""
    digest = hashlib.sha256(slug.encode("utf-8")).digest()
    hue = digest[0] / 256
    drift = 0.04 + digest[1] / 256 * 0.12
    return Palette(
        top=_hls(hue, 0.20, 0.55),
        bottom=_hls(hue + drift, 0.32, 0.60),
        accent=_hls(hue + 0.5, 0.65, 0.80),
        text=(250, 248, 240),
        paper=_hls(hue, 0.95, 0.45),
        ink=_hls(hue, 0.22, 0.50),
    )


def read_post(index: Path) -> tuple[dict[str, Any], str]:
    """Split ``index.md`` into its front matter (parsed) and its Markdown body."""
    lines = index.read_text(encoding="utf-8").splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ValueError(f"{index}: no front matter")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise ValueError(f"{index}: front matter is not closed")
    meta = yaml.safe_load("".join(lines[1:end])) or {}
    return meta, "".join(lines[end + 1 :])


def body_images(body: str) -> list[tuple[str, str]]:
    """Return ``(file name, alt text)`` for each local image the body embeds."""
    prose = FENCE_RE.sub("", body)
    found: dict[str, str] = {}
    for alt, name in BODY_IMAGE_RE.findall(prose):
        found.setdefault(name, alt)
    return sorted(found.items())


def drawable(text: str) -> str:
    """Fold text to ASCII for the built-in font (``Café über`` becomes ``Cafe uber``)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(ASCII_PUNCTUATION))
    return "".join(ch for ch in decomposed if ch.isascii())


@functools.cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's built-in scalable font (Pillow >= 10.1), so no system font is needed."""
    loaded = ImageFont.load_default(size=max(size, 8))
    assert isinstance(loaded, ImageFont.FreeTypeFont), "Pillow >= 10.1 with FreeType needed"
    return loaded


def wrap(text: str, face: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Greedy word wrap measured in pixels."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and face.getlength(candidate) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def fit_text(
    text: str, size: int, box: Size, max_lines: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """Shrink the font until the wrapped text fits ``box`` in at most ``max_lines`` lines."""
    width, height = box
    while True:
        face = font(size)
        lines = wrap(text, face, width)
        if size <= 10 or (len(lines) <= max_lines and len(lines) * size * 1.2 <= height):
            return face, lines
        size -= 2


def gradient(size: Size, top: RGB, bottom: RGB) -> Image.Image:
    """A vertical gradient (one column stretched sideways: small and PNG-friendly)."""
    height = size[1]
    column = Image.new("RGB", (1, height))
    steps = max(height - 1, 1)
    column.putdata(
        [
            tuple(round(a + (b - a) * y / steps) for a, b in zip(top, bottom, strict=True))
            for y in range(height)
        ]
    )
    return column.resize(size, Image.Resampling.NEAREST)


def draw_card(meta: dict[str, Any], slug: str, size: Size) -> Image.Image:
    """Header and share images: gradient, rings, site name, wrapped title, byline."""
    palette = palette_for(slug)
    width, height = size
    unit = height / 100  # layout in percent of the height: the cards are all about 2:1
    margin = round(8 * unit)
    image = gradient(size, palette.top, palette.bottom)
    draw = ImageDraw.Draw(image)

    rng = random.Random(slug)  # seeded by the slug: same post, same picture
    cx, cy = width - rng.uniform(28, 40) * unit, height * rng.uniform(0.35, 0.65)
    for step in range(rng.randint(3, 5)):
        radius = (8 + step * rng.uniform(5, 7)) * unit
        draw.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius),
            outline=palette.accent,
            width=max(1, round(unit * 0.8)),
        )

    draw.rectangle((margin, margin, margin + round(1.2 * unit), height - margin), palette.accent)
    left = margin + round(4 * unit)

    draw.text((left, margin), SITE_NAME.upper(), font=font(round(4.5 * unit)), fill=palette.accent)
    status = str(meta.get("status") or "")
    if status != "published":
        label_font = font(round(4.5 * unit))
        label = status.upper() or "UNPUBLISHED"
        label_x = width - margin - label_font.getlength(label)
        draw.text((label_x, margin), label, font=label_font, fill=palette.text)

    title = drawable(str(meta.get("title") or slug))
    box = (round(width - left - 72 * unit), round(height * 0.56))
    title_font, lines = fit_text(title, round(12 * unit), box, max_lines=4)
    line_height = round(title_font.size * 1.2)
    y = round(height * 0.52 - line_height * len(lines) / 2)
    for line in lines:
        draw.text((left, y), line, font=title_font, fill=palette.text)
        y += line_height

    date = str(meta.get("date") or "")[:10]
    byline = drawable(" - ".join(part for part in (str(meta.get("author") or ""), date) if part))
    tags = " ".join(f"#{drawable(str(tag))}" for tag in meta.get("tags") or [])
    small = font(round(4.5 * unit))
    draw.text((left, height - margin - small.size), byline, font=small, fill=palette.text)
    if tags:
        draw.text(
            (left, height - margin - round(small.size * 2.4)), tags, font=small, fill=palette.accent
        )
    return image


def draw_arrow(draw: ImageDraw.ImageDraw, start: Point, end: Point, colour: RGB) -> None:
    """A horizontal arrow from ``start`` to ``end`` (only the start's y is used)."""
    (x0, y), (x1, _) = start, end
    draw.line((x0, y, x1 - 10, y), fill=colour, width=4)
    draw.polygon([(x1, y), (x1 - 14, y - 8), (x1 - 14, y + 8)], fill=colour)


def draw_diagram(name: str, alt: str, slug: str, size: Size = BODY_SIZE) -> Image.Image:
    """Body images: three boxes joined by arrows, the file name above, the alt text below."""
    palette = palette_for(slug)
    width, height = size
    image = Image.new("RGB", size, palette.paper)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width - 1, height - 1), outline=palette.ink, width=3)
    draw.text((30, 24), name, font=font(30), fill=palette.ink)

    box_w, box_h, gap = 180, 120, 70
    x = (width - (3 * box_w + 2 * gap)) // 2
    top = (height - box_h) // 2
    for step in range(3):
        fill = palette.bottom if step == 1 else palette.top
        draw.rounded_rectangle((x, top, x + box_w, top + box_h), radius=16, fill=fill)
        label = str(step + 1)
        label_font = font(56)
        draw.text(
            (x + (box_w - label_font.getlength(label)) / 2, top + (box_h - 56) / 2 - 4),
            label,
            font=label_font,
            fill=palette.text,
        )
        if step < 2:
            mid = top + box_h // 2
            draw_arrow(draw, (x + box_w + 8, mid), (x + box_w + gap - 8, mid), palette.ink)
        x += box_w + gap

    caption_font, lines = fit_text(drawable(alt or name), 24, (width - 60, 70), max_lines=2)
    y = height - 30 - len(lines) * round(caption_font.size * 1.2)
    for line in lines:
        draw.text((30, y), line, font=caption_font, fill=palette.ink)
        y += round(caption_font.size * 1.2)
    return image


def save(image: Image.Image, path: Path) -> None:
    """Write JPEG or PNG by suffix, small and without metadata (so output is reproducible)."""
    if path.suffix.lower() in {".jpg", ".jpeg"}:
        image.save(path, "JPEG", quality=80, optimize=True)
    else:
        image.save(path, "PNG", optimize=True)
    print(f"  {path.name:<48} {image.width}x{image.height}  {path.stat().st_size // 1024} KB")


def bundle_file(bundle: Path, meta: dict[str, Any], field: str, default: str) -> Path:
    """Resolve an image field such as ``./x.jpg`` relative to the bundle."""
    return bundle / str(meta.get(field) or default).removeprefix("./")


def make_bundle_images(index: Path) -> None:
    bundle = index.parent
    meta, body = read_post(index)
    slug = str(meta.get("slug") or bundle.name.partition("_")[2])
    large = slug in LARGE_SHARE_SLUGS
    fb_size = (FB_SIZE[0] * 2, FB_SIZE[1] * 2) if large else FB_SIZE
    tw_size = (TW_SIZE[0] * 2, TW_SIZE[1] * 2) if large else TW_SIZE

    print(bundle.name)
    save(draw_card(meta, slug, HEADER_SIZE), bundle_file(bundle, meta, "header_img", f"{slug}.jpg"))
    save(draw_card(meta, slug, fb_size), bundle_file(bundle, meta, "fb_img", f"{slug}-fb.png"))
    save(draw_card(meta, slug, tw_size), bundle_file(bundle, meta, "tw_img", f"{slug}-tw.png"))
    for name, alt in body_images(body):
        save(draw_diagram(name, alt, slug), bundle / name)


AUTHORS_FILE = POSTS_DIR.parent / "authors.yml"
AVATAR_SIZE: Size = (256, 256)


def draw_avatar(slug: str, name: str) -> Image.Image:
    """A round avatar with the author's initials, coloured from their slug."""
    colours = palette_for(slug)
    image = Image.new("RGB", AVATAR_SIZE, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, AVATAR_SIZE[0] - 1, AVATAR_SIZE[1] - 1), fill=colours.top)
    initials = "".join(part[0] for part in drawable(name).split()[:2]).upper()
    face = font(110)
    draw.text((AVATAR_SIZE[0] / 2, AVATAR_SIZE[1] / 2), initials, font=face, anchor="mm",
              fill=(255, 255, 255))  # fmt: skip
    return image


def make_avatars() -> None:
    """Avatars named in authors.yml (`avatar: assets/avatars/<slug>.png`)."""
    profiles = yaml.safe_load(AUTHORS_FILE.read_text("utf-8")) or {}
    for slug, profile in profiles.items():
        if profile.get("avatar"):
            path = AUTHORS_FILE.parent / profile["avatar"]
            path.parent.mkdir(parents=True, exist_ok=True)
            save(draw_avatar(slug, profile.get("name", slug)), path)


def main() -> None:
    make_avatars()
    indexes = sorted(POSTS_DIR.glob("*/index.md"))
    if not indexes:
        raise SystemExit(f"no post bundles found under {POSTS_DIR}")
    for index in indexes:
        make_bundle_images(index)


if __name__ == "__main__":
    main()
