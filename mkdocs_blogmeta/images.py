"""Images: size, format and weight of share images, read from their headers.

Pillow opens an image lazily: `Image.open` reads the header only; the rest is
read cheaply to find truncated files (PNG chunks checked without inflating, JPEG
decoded at an eighth of its size). Each image is read once per build.
"""

from __future__ import annotations

import os
import struct
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from . import messages
from .model import Post, Problem

#: Formats every social network reads.
SHARE_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
MAX_BYTES = 5 * 1024 * 1024
OG_MIN = (200, 200)
LARGE_CARD_MIN = (300, 157)


@dataclass(frozen=True)
class ImageInfo:
    """What a share card needs to know of an image, or why it cannot be used."""

    width: int = 0
    height: int = 0
    format: str | None = None
    mime: str | None = None
    size_bytes: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def is_wide(self) -> bool:
        """About 2:1, at least 300x157: what X shows as a large card."""
        if not self.ok or self.width < LARGE_CARD_MIN[0] or self.height < LARGE_CARD_MIN[1]:
            return False
        return 1.7 <= self.width / self.height <= 2.2


def inspect(path: str) -> ImageInfo:
    """Read an image's header. Never raises: a broken image gives `error`."""
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        return ImageInfo(error=f"cannot be read ({exc.strerror or exc})")
    if size == 0:
        return ImageInfo(error="is an empty file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                fmt = image.format or ""
                width, height = image.size
                _decode(image, fmt)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return ImageInfo(size_bytes=size, error="is too large to decode (a decompression bomb?)")
    except UnidentifiedImageError:
        return ImageInfo(size_bytes=size, error="is not an image Pillow can read")
    except (OSError, ValueError, SyntaxError, EOFError, struct.error) as exc:
        return ImageInfo(size_bytes=size, error=f"cannot be read ({exc})")
    return ImageInfo(width, height, fmt, Image.MIME.get(fmt), size)


def _decode(image: Image.Image, fmt: str) -> None:
    """Read the image to its end, cheaply, so a truncated or corrupt file is found here
    rather than by a share network: a PNG's chunks are checked (CRCs, no inflating), a
    JPEG is decoded at an eighth of its size. Raises what Pillow raises."""
    if fmt == "PNG":
        image.verify()
        return
    if fmt == "JPEG":
        width, height = image.size
        image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
    image.load()


def share_problems(post: Post, field: str, src: str, info: ImageInfo) -> list[Problem]:
    """What is wrong with the readable image `src` used for `field` (`fb_img`, `tw_img`)."""
    found = f"{info.width}x{info.height}"
    problems = []
    if info.format not in SHARE_FORMATS:
        problems.append(
            messages.post_problem(
                "image-format", post, field, src=src, format=info.format or "of an unknown format"
            )
        )
    if field == "tw_img":
        if not info.is_wide:
            problems.append(
                messages.post_problem("tw-image-small", post, field, src=src, size=found)
            )
    elif info.width < OG_MIN[0] or info.height < OG_MIN[1]:
        problems.append(messages.post_problem("og-image-small", post, field, src=src, size=found))
    if info.size_bytes > MAX_BYTES:
        problems.append(
            messages.post_problem(
                "image-too-heavy", post, field, src=src, megabytes=info.size_bytes / 1048576
            )
        )
    return problems


def post_image_problems(post: Post, infos: Mapping[str, ImageInfo]) -> list[Problem]:
    """Warnings for a post's share images (and its header image, the fallback)."""
    problems = []
    for name in ("fb_img", "tw_img", "header_img"):
        src = getattr(post, name)
        info = infos.get(src) if src else None
        if info is None:
            continue
        if not info.ok:
            problems.append(
                messages.post_problem("image-unreadable", post, name, src=src, reason=info.error)
            )
        elif name != "header_img":
            problems += share_problems(post, name, src, info)
    return problems
