"""Images: size, format and weight of share images, read from their headers.

Pillow opens an image lazily: `Image.open` reads the header only; the rest is
read cheaply to find truncated files (PNG chunks checked without inflating, JPEG
decoded at an eighth of its size). That still costs about a millisecond an image,
so what was found is remembered between builds (`Remembered`, in the plugin's
cache folder) and an unchanged image is not read again.
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import PIL
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


def inspect(path: str, memo: Remembered | None = None) -> ImageInfo:
    """Read an image's header (or what `memo` remembers of it, while the file is
    unchanged). Never raises: a broken image gives `error`."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        return ImageInfo(error=f"cannot be read ({exc.strerror or exc})")
    if memo is None:
        return _inspect(path, stat.st_size)
    known = memo.get(path, stat)
    if known is not None:
        try:
            width, height, fmt, error = known
            if error is not None:
                return ImageInfo(size_bytes=stat.st_size, error=str(error))
            return ImageInfo(int(width), int(height), fmt, _mime(fmt), stat.st_size)
        except (TypeError, ValueError):  # a manifest edited by hand: read the image
            pass
    info = _inspect(path, stat.st_size)
    memo.put(path, stat, [info.width, info.height, info.format, info.error])
    return info


def _mime(fmt: str | None) -> str | None:
    """The MIME type of a Pillow format. Pillow learns a format's type when its plugin
    loads, which an image remembered (never opened in this process) has not done."""
    if fmt and fmt not in Image.MIME:
        Image.preinit()
        if fmt not in Image.MIME:
            Image.init()
    return Image.MIME.get(fmt) if fmt else None


def _inspect(path: str, size: int) -> ImageInfo:
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


# -- what was read of files, remembered between builds ------------------------

#: Bump when what is remembered of a file changes meaning, so every file is read again.
MEMO_VERSION = "1"
#: A file whose status changed less than this long before it was read is not
#: remembered: a change in the same tick of the file system's clock would leave its
#: status as it was (git's "racily clean" entries). Read again on the next build.
RACY_NS = 2_000_000_000


def signature(stat: os.stat_result) -> list[int]:
    """What changes whenever the file's bytes do: its size, modification and status
    change times (the latter cannot be set back by hand, `cp -p` or `touch -d`), inode."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def is_racy(stat: os.stat_result) -> bool:
    """Whether the file changed less than `RACY_NS` before `stat` was taken: what is
    worked out from it now is not to be trusted by its status next time."""
    return time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) < RACY_NS


def file_stamp(path: str) -> Any:
    """What a key of things made from the file at `path` holds of it (`mkdocs serve`
    caches): its status (`signature`), equal again only while the file is unchanged;
    for a racy file (`is_racy`), a value equal to no other, so it is looked at again;
    None for no file."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return object() if is_racy(stat) else tuple(signature(stat))


class Remembered:
    """Values worked out from files (an image's size, a file's hash), kept in a JSON
    manifest and trusted while the file's status (`signature`) is unchanged, so a
    build does not read every image again. Only the files asked about in this build
    are written back, so the manifest does not grow with files long deleted.

    `kind` names what is remembered: a manifest written for another kind, by another
    version of this code or of Pillow, is ignored rather than misread."""

    def __init__(self, manifest: str | os.PathLike[str], kind: str) -> None:
        self.manifest = Path(manifest)
        self.header = {"kind": kind, "version": MEMO_VERSION, "pillow": PIL.__version__}
        self.known: dict[str, list[Any]] = {}
        try:
            data = json.loads(self.manifest.read_text("utf-8"))
            if isinstance(data, dict) and data.get("header") == self.header:
                entries = data.get("files")
                self.known = entries if isinstance(entries, dict) else {}
        except (OSError, ValueError):
            pass
        self.used: dict[str, list[Any]] = {}

    def get(self, path: str, stat: os.stat_result) -> Any | None:
        """The value remembered for `path`, or None when the file changed since."""
        seen = self.known.get(path)
        if isinstance(seen, list) and len(seen) == 2 and seen[0] == signature(stat):
            self.used[path] = seen
            return seen[1]
        return None

    def put(self, path: str, stat: os.stat_result, value: Any) -> None:
        """Remember `value`, worked out from `path` after it was found in status `stat`
        (taken before reading it: a change while it was read shows next time)."""
        if is_racy(stat):
            self.used.pop(path, None)
            return
        self.used[path] = [signature(stat), value]

    def save(self) -> None:
        """Write the manifest when it changed. A cache that cannot be written is not
        an error: the next build reads the files again."""
        if self.used == self.known:
            return
        data = {"header": self.header, "files": self.used}
        try:
            write_atomic(self.manifest, json.dumps(data, ensure_ascii=False).encode())
        except OSError:
            return
        self.known = dict(self.used)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all: a reader (or a build stopped halfway) never
    sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
