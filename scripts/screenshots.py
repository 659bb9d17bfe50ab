"""Take the README's pictures from the example site, as a reader's browser shows it.

Builds the example blog with the `material` and `mkdocs` themes (and once more
with `cards: always`, for a share card as the plugin draws it), serves each
build on a local port, and takes every picture with headless Chromium. The chat
preview is drawn from the metadata of the built post page, read with lxml, so it
shows what a chat app would read from that page. Run it through
`./scripts/screenshots` (which installs Chromium when it is missing); running it
again after a template change refreshes every picture.

    ./scripts/screenshots [--out docs/images]
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from lxml import html

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
CHROMIUM = "/usr/bin/chromium"

# The post shown in the pictures and the one whose card is drawn.
POST = "small-pull-requests"
CARD_POST = "flaky-tests-are-a-smell"


@dataclass(frozen=True)
class Shot:
    """One picture: which build, which page, at what window size."""

    name: str
    build: str
    path: str
    size: tuple[int, int] = (1280, 860)
    alt: str = ""


SHOTS = [
    Shot("material-post.png", "material", f"{POST}/", alt="A post page, material theme"),
    Shot("material-index.png", "material", "", alt="The blog index, material theme"),
    Shot("mkdocs-post.png", "mkdocs", f"{POST}/", alt="A post page, mkdocs theme"),
    Shot("mkdocs-index.png", "mkdocs", "", alt="The blog index, mkdocs theme"),
    Shot("material-tag.png", "material", "tag/git/", alt="A tag page, material theme"),
]
CARD = "share-card.jpg"
CHAT = "chat-preview.png"
PICTURES = [*(shot.name for shot in SHOTS), CARD, CHAT]

#: What the pictures are made from. Their digest is written beside the pictures, and
#: a test fails when it no longer matches: a template changed, the pictures did not.
INPUTS = [
    "mkdocs.yml",
    "example_site/mkdocs-theme.yml",
    "example_site/docs/**/*",
    "example_site/overrides/**/*",
    "mkdocs_blogmeta/templates/**/*",
    "mkdocs_blogmeta/assets/**/*",
    "scripts/chat-preview.html",
    "scripts/screenshots.py",
]
DIGEST = "made-from.sha256"


def inputs_digest() -> str:
    """sha256 over the names and bytes of every file in `INPUTS`, in a stable order."""
    sha = hashlib.sha256()
    files = sorted({p for pattern in INPUTS for p in ROOT.glob(pattern) if p.is_file()})
    for path in files:
        sha.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        sha.update(path.read_bytes())
    return sha.hexdigest()


# Each build: the example's own config, with paths made absolute (the config written
# for it lives in a temporary folder) and, for the card, `cards: always`.
_MATERIAL = (
    "INHERIT: {root}/mkdocs.yml\n"
    "docs_dir: {root}/example_site/docs\n"
    "theme:\n  custom_dir: {root}/example_site/overrides/material\n"
)
BUILDS = {
    "material": _MATERIAL,
    "mkdocs": "INHERIT: {root}/example_site/mkdocs-theme.yml\n"
    "docs_dir: {root}/example_site/docs\n"
    "theme:\n  custom_dir: {root}/example_site/overrides/mkdocs\n",
    "cards": _MATERIAL + "plugins:\n  - search\n  - blogmeta:\n      cards: always\n",
}


def build(name: str, work: Path) -> Path:
    """Build the example site with one of `BUILDS` into `work/<name>`; the site's path."""
    site = work / name
    config = work / f"{name}.yml"
    config.write_text(BUILDS[name].format(root=ROOT) + f"site_dir: {site}\n", "utf-8")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([str(mkdocs), "build", "--quiet", "-f", str(config)], check=True, env=env)
    return site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Chromium's requests are not news."""


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free local port for as long as the block runs; its URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def screenshot(url: str, out: Path, size: tuple[int, int], profile: Path) -> None:
    """One picture of `url` by headless Chromium, offline and without a first-run UI."""
    out.unlink(missing_ok=True)
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--run-all-compositor-stages-before-draw",
            "--force-device-scale-factor=1",
            "--virtual-time-budget=3000",
            f"--user-data-dir={profile}",
            f"--window-size={size[0]},{size[1]}",
            f"--screenshot={out}",
            url,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    if not out.is_file():
        raise SystemExit(f"Chromium wrote no picture of {url}")


def drawn_card(site: Path, slug: str) -> Path:
    """The OpenGraph card the plugin drew for a post (JPEG over a photo, else PNG)."""
    page = html.parse(str(site / slug / "index.html"))
    (image,) = page.xpath('//meta[@property="og:image"]/@content')
    return site / slug / Path(urlsplit(image).path).name


def preview_data(site: Path, slug: str, base: str) -> dict[str, str]:
    """What a chat app reads from a post page: its OpenGraph tags, image served locally."""
    page = html.parse(str(site / slug / "index.html"))

    def meta(prop: str) -> str:
        found = page.xpath(f'//meta[@property="{prop}"]/@content')
        return found[0] if found else ""

    url = meta("og:url")
    return {
        "url": url,
        "host": urlsplit(url).hostname or "",
        "site_name": meta("og:site_name"),
        "title": meta("og:title"),
        "description": meta("og:description"),
        "image": base + urlsplit(meta("og:image")).path.lstrip("/"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the pictures")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="blogmeta-shots-") as tmp:
        work = Path(tmp)
        sites = {name: build(name, work) for name in BUILDS}
        profile = work / "chromium-profile"
        for name, site in sites.items():
            with served(site) as base:
                for shot in (s for s in SHOTS if s.build == name):
                    screenshot(base + shot.path, out / shot.name, shot.size, profile)
                    print(f"{out / shot.name}: {base}{shot.path}")
                if name == "material":
                    templates = jinja2.Environment(
                        loader=jinja2.FileSystemLoader(ROOT / "scripts"), autoescape=True
                    )
                    mock = site / "_chat-preview.html"
                    data = preview_data(site, POST, base)
                    mock.write_text(
                        templates.get_template("chat-preview.html").render(**data), "utf-8"
                    )
                    screenshot(base + mock.name, out / CHAT, (760, 620), profile)
                    print(f"{out / CHAT}: {data['url']}")
        card = drawn_card(sites["cards"], CARD_POST)
        if card.suffix != ".jpg":
            raise SystemExit(f"{card}: expected a JPEG card (drawn over the header image)")
        shutil.copyfile(card, out / CARD)
        print(f"{out / CARD}: {card.relative_to(work)}")
        shutil.rmtree(profile, ignore_errors=True)
    (out / DIGEST).write_text(inputs_digest() + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
