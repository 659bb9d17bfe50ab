"""What every adversarial case checks of a built site, read with real parsers.

Each case is a tiny site with one hostile input, built with MkDocs' own build
(with and without `--strict`). A case passes when the build either stops with a
clear message or gives a site in which:

- no byte of a draft (a planted marker) or its URL is anywhere under `site_dir`
  (pages, search index, sitemap and its gzip copy, feeds, images, file names);
- no page or feed holds an element or a live `javascript:` link that front
  matter put there;
- no message is a traceback, and every plugin message names a file.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
from pathlib import Path

import feedparser
import lxml.html
from helpers import BuildFailed, Site

#: A planted marker: unusual enough that it can only come from the hostile input.
MARKER = "zqxdraftleak"
#: An element name only an injection can put in a page.
EVIL_TAG = "blogmetaevil"
PLUGIN_LOGGER = "mkdocs.plugins.mkdocs_blogmeta"
_CODE_RE = re.compile(r" \[([a-z0-9-]+)\]$")


def site_bytes(site_dir: Path) -> dict[str, bytes]:
    """Every file under `site_dir` (gzip files decompressed), by relative path."""
    out = {}
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        out[path.relative_to(site_dir).as_posix()] = data
    return out


def assert_absent(site_dir: Path, *needles: str) -> None:
    """None of `needles` (case-insensitive) in any file name or file under `site_dir`."""
    assert site_dir.is_dir(), site_dir
    for rel, data in site_bytes(site_dir).items():
        low = data.lower()
        for needle in needles:
            n = needle.lower()
            assert n not in rel.lower(), f"{needle!r} in the file name {rel}"
            assert n.encode() not in low, f"{needle!r} in {rel}"


def _html_pages(site_dir: Path) -> list[Path]:
    return [p for p in site_dir.rglob("*.html") if p.is_file()]


def assert_no_injection(site_dir: Path) -> None:
    """No injected element, `<script>` with the marker, or live `javascript:`/`data:`
    link in any page, and no element in any feed text that is meant as plain text."""
    for page in _html_pages(site_dir):
        text = page.read_text("utf-8", errors="replace")
        if not text.strip():
            continue
        tree = lxml.html.document_fromstring(text)
        rel = page.relative_to(site_dir)
        assert not tree.xpath(f"//{EVIL_TAG}"), f"injected element in {rel}"
        for script in tree.xpath("//script"):
            assert MARKER not in (script.text or ""), f"injected script in {rel}"
        for el in tree.xpath("//*[@href or @src or @action or @formaction]"):
            for attr in ("href", "src", "action", "formaction"):
                value = (el.get(attr) or "").strip().lower()
                value = re.sub(r"[\s\x00-\x1f]", "", value)
                assert not value.startswith(("javascript:", "vbscript:", "data:text")), (
                    f"live {value[:40]!r} in {rel}"
                )
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            for name in el.attrib:
                assert not name.lower().startswith("on") or MARKER not in el.get(name, ""), (
                    f"injected handler in {rel}"
                )
    for feed in [*site_dir.rglob("*.xml"), *site_dir.rglob("*.json")]:
        if feed.name.startswith("sitemap") or "search" in feed.parts:
            continue
        data = feed.read_bytes()
        if feed.suffix == ".json":
            if b'"version"' not in data:
                continue
            doc = json.loads(data)
            items = [(i.get("summary"), i.get("content_html")) for i in doc.get("items", [])]
            texts = [doc.get("description"), doc.get("title")] + [s for s, _ in items]
            for text in texts:
                assert not text or (f"<{EVIL_TAG}" not in text and "<script" not in text), feed
            continue
        parsed = feedparser.parse(data)
        fields = [parsed.feed.get("subtitle"), parsed.feed.get("title")]
        fields += [e.get("summary") for e in parsed.entries]
        fields += [c.get("value") for e in parsed.entries for c in e.get("content", [])]
        for value in fields:
            if not value:
                continue
            low = value.lower()
            assert f"<{EVIL_TAG}" not in low, f"element in {feed.relative_to(site_dir)}"
            assert "<script" not in low, f"script in {feed.relative_to(site_dir)}"
            assert "javascript:" not in low or "href" not in low, feed


def plugin_messages(records: list[logging.LogRecord]) -> list[str]:
    """The plugin's warnings and errors."""
    return [
        r.getMessage()
        for r in records
        if r.name.startswith(PLUGIN_LOGGER) and r.levelno >= logging.WARNING
    ]


def build_case(site: Site, *, strict: bool = False) -> tuple[bool, list[str]]:
    """Build; (built, warnings and errors). A traceback anywhere fails the case, and so
    does a plugin message that names no file or lacks its `[code]`."""
    try:
        site.build(strict=strict)
        ok, records = True, site.records
    except BuildFailed as exc:
        ok, records = False, exc.records
    for record in records:
        assert record.exc_info is None, record.getMessage()
        assert "Traceback" not in record.getMessage(), record.getMessage()
    said = plugin_messages(records)
    for line in said:
        line = line.removeprefix("mkdocs_blogmeta: ")  # MkDocs' plugin logger prefix
        head = line.split(": ", 1)[0]
        assert "/" in head or "." in head, f"message names no file: {line}"
        assert _CODE_RE.search(line), f"message without a code: {line}"
    messages = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    return ok, messages


def both_ways(site: Site) -> list[tuple[bool, list[str]]]:
    """Build without, then with, `--strict`; the site left is the plain build's when it
    built (rebuilt last), so a case can read it."""
    strict = build_case(site, strict=True)
    plain = build_case(site, strict=False)
    return [plain, strict]
