"""Unlisted posts kept out of the lists the site makes of every page, which the blog's
own rule (`visibility.listed`) does not reach: MkDocs' sitemap (`sitemap.xml`, whose
text its `.gz` copy holds too) and the search index (`search/search_index.json`, as
MkDocs' search plugin and Material's write it).

Both are read with a real parser and only the entries of unlisted pages are taken out;
a file that cannot be read raises `Unreadable`, and the build stops rather than
publish an unlisted post's address. No MkDocs import.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from typing import Any
from xml.parsers import expat

SEARCH_INDEX = "search/search_index.json"


class Unreadable(Exception):
    """A sitemap or search index that may list an unlisted page, and cannot be read."""


def sitemap_without(text: str, locations: Collection[str]) -> str:
    """The sitemap without the `<url>` entries whose `<loc>` is one of `locations` (the
    unlisted pages' absolute URLs, as MkDocs writes them); the rest byte for byte as the
    theme's template wrote it."""
    if not locations:
        return text
    data = text.encode("utf-8")
    cuts = _SitemapReader(data, locations).cuts
    if not cuts:
        return text
    parts, at = [], 0
    for begin, close in cuts:
        parts.append(data[at:begin].rstrip(b" \t\r\n"))
        at = close
    parts.append(data[at:])
    return b"".join(parts).decode("utf-8")


class _SitemapReader:
    """Where each `<url>` entry whose `<loc>` is one of `locations` starts and ends, in
    bytes, as expat reads the sitemap (any namespace prefix, entities decoded)."""

    def __init__(self, data: bytes, locations: Collection[str]) -> None:
        self.data, self.locations = data, locations
        self.cuts: list[tuple[int, int]] = []
        self.start: int | None = None
        self.loc: list[str] | None = None
        self.found: str | None = None
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self.open
        self.parser.CharacterDataHandler = self.text
        self.parser.EndElementHandler = self.close
        try:
            self.parser.Parse(data, True)
        except expat.ExpatError as exc:
            raise Unreadable(str(exc)) from None

    def open(self, name: str, attrs: object) -> None:
        tag = name.rsplit(" ", 1)[-1]
        if tag == "url":
            self.start, self.found = self.parser.CurrentByteIndex, None
        elif tag == "loc" and self.start is not None:
            self.loc = []

    def text(self, value: str) -> None:
        if self.loc is not None:
            self.loc.append(value)

    def close(self, name: str) -> None:
        tag = name.rsplit(" ", 1)[-1]
        if tag == "loc" and self.loc is not None:
            self.found, self.loc = "".join(self.loc).strip(), None
        elif tag == "url" and self.start is not None:
            if self.found in self.locations:
                end = self.data.index(b">", self.parser.CurrentByteIndex) + 1
                self.cuts.append((self.start, end))
            self.start = None


#: Builds a search index's prebuilt index from its entries and its `config` (None: the
#: browser builds it).
Prebuild = Callable[[list[Any], dict[str, Any]], Any]


def search_index_without(
    text: str, page_urls: Collection[str], prebuild: Prebuild | None = None
) -> str | None:
    """The search index without the entries of the unlisted pages (`page_urls`: their
    URLs as MkDocs gives them, `slug/`; an entry's location is the URL and an anchor),
    or None when it has none of them. A prebuilt index (`prebuild_index`) holds their
    words: it is built again from the rest with `prebuild`, or else dropped, and the
    browser then builds it."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise Unreadable(str(exc)) from None
    docs = data.get("docs") if isinstance(data, dict) else None
    if not isinstance(docs, list):
        raise Unreadable("it has no list of entries ('docs')")
    kept = [doc for doc in docs if not _of_page(doc, page_urls)]
    if len(kept) == len(docs):
        return None
    data["docs"] = kept
    if "index" in data:
        config = data.get("config")
        index = prebuild(kept, config) if prebuild and isinstance(config, dict) else None
        if index is None:
            del data["index"]
        else:
            data["index"] = index
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)


def _of_page(doc: object, page_urls: Collection[str]) -> bool:
    """Whether a search entry is one of the pages' (the page, or a section of it). An
    entry without a location it can be matched by is kept: it names no page."""
    location = doc.get("location") if isinstance(doc, dict) else None
    return isinstance(location, str) and location.split("#", 1)[0] in page_urls


def search_excluded(value: object) -> dict[str, object]:
    """A page's `search` front matter (Material's search plugin reads it) saying to leave
    the page out, whatever else it said."""
    return {**(value if isinstance(value, dict) else {}), "exclude": True}
