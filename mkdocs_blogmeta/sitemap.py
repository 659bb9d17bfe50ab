"""The sitemap's `xhtml:link` hreflang alternates of pages in several languages
(`languages:`): Google reads them there as it reads the `<head>`'s; beside
mkdocs-static-i18n, whose sitemap lists only the pages it localised, the blog's pages.

MkDocs' sitemap is a theme template; its text is read with a real parser (expat) and
only added to: an `xhtml:link` element, written by ElementTree, before the end of each
`<url>` of a translated page, and the namespace on `<urlset>`. An alternate names only
an address the sitemap itself lists, so a held or unlisted page is never added. No
MkDocs import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from xml.etree import ElementTree
from xml.parsers import expat

from . import languages
from .model import Blog, Listing
from .seo import Site, absolute, hreflangs, listing_date, post_languages, sitemap_date

XHTML = "http://www.w3.org/1999/xhtml"


def alternates(blog: Blog, site: Site) -> dict[str, list[tuple[str, str]]]:
    """Each page in several languages, by its absolute URL: its hreflang alternates, as
    its `<head>` has them (posts and their translations, index pages and their
    counterparts)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for group in blog.translations.values():
        for post in group:
            if (url := absolute(site, post.url)) and (links := post_languages(site, group)):
                found[url] = links
    for each in [blog, *blog.languages.values()]:
        for item in [*each.listings, *each.overviews]:
            pairs = languages.counterparts(blog, item)
            links = hreflangs([(code, absolute(site, other.url)) for code, other in pairs])
            if links and (url := absolute(site, item.url)):
                found[url] = links
    return found


def _read(text: str) -> tuple[bytes, _Reader] | None:
    """The sitemap's bytes and what they list, or None when it is not XML."""
    data = text.encode("utf-8")
    try:
        return data, _Reader(data)
    except expat.ExpatError:
        return None


def with_alternates(text: str, wanted: Mapping[str, Sequence[tuple[str, str]]]) -> str:
    """The sitemap with each listed page's alternates (`wanted`) that the sitemap lists
    too; as it was when none apply, or when it cannot be read or already uses the
    `xhtml` prefix for something else."""
    if not wanted or (read := _read(text)) is None:
        return text
    data, reader = read
    listed = {loc for loc, _ in reader.urls}
    inserts: list[tuple[int, bytes]] = []
    for loc, end in reader.urls:
        links = [(lang, href) for lang, href in wanted.get(loc, ()) if href in listed]
        if sum(1 for lang, _ in links if lang != "x-default") < 2:
            continue
        inserts.append((end, b"".join(_link(lang, href) for lang, href in links)))
    if not inserts or reader.root_end is None or reader.prefix_taken:
        return text
    if not reader.declared:
        inserts.append((reader.root_end, f' xmlns:xhtml="{XHTML}"'.encode()))
    parts, at = [], 0
    for where, what in sorted(inserts):
        parts += [data[at:where], what]
        at = where
    parts.append(data[at:])
    return b"".join(parts).decode("utf-8")


def pages(blog: Blog, site: Site) -> list[tuple[str, str | None]]:
    """Every page of the blog in every language, as (absolute URL, `lastmod`): its
    listed posts (`Blog.posts`: published, not unlisted) and its index pages. For a
    sitemap that lists none of them (mkdocs-static-i18n's, made of the pages it
    localised itself)."""
    found = []
    for each in [blog, *blog.languages.values()]:
        found += [(absolute(site, post.url), sitemap_date(post)) for post in each.posts]
    for item in [*blog.listings, *blog.overviews]:  # every language's (`languages.merge`)
        newest = listing_date(item.posts if isinstance(item, Listing) else blog.posts)
        found.append((absolute(site, item.url), newest))
    return [(url, date) for url, date in found if url]


def with_pages(text: str, wanted: Sequence[tuple[str, str | None]]) -> str:
    """The sitemap with a `<url>` for each page of `wanted` it does not list yet, before
    the end of `<urlset>`; as it was when it cannot be read."""
    if (read := _read(text)) is None:
        return text
    data, reader = read
    listed = {loc for loc, _ in reader.urls}
    added = b"".join(_url(loc, date) for loc, date in wanted if loc not in listed)
    if not added or reader.root_close is None:
        return text
    at = reader.root_close
    return (data[:at] + added + b"\n" + data[at:]).decode("utf-8")


def _url(loc: str, lastmod: str | None) -> bytes:
    element = ElementTree.Element("url")
    ElementTree.SubElement(element, "loc").text = loc
    if lastmod:
        ElementTree.SubElement(element, "lastmod").text = lastmod
    return b"\n    " + ElementTree.tostring(element, encoding="utf-8", xml_declaration=False)


def _link(hreflang: str, href: str) -> bytes:
    element = ElementTree.Element("xhtml:link", rel="alternate", hreflang=hreflang, href=href)
    return b"\n         " + ElementTree.tostring(element, encoding="utf-8", xml_declaration=False)


class _Reader:
    """Each `<url>`'s `<loc>` and where its end tag starts (bytes), where the root's
    start tag ends (before its `>`), and whether it declares the `xhtml` prefix."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.urls: list[tuple[str, int]] = []
        self.root_end: int | None = None
        self.root_close: int | None = None  # where `</urlset>` starts
        self.declared = self.prefix_taken = False
        self.depth = 0
        self.loc: list[str] | None = None
        self.found = ""
        self.parser = expat.ParserCreate()  # no namespace processing: prefixes as written
        self.parser.StartElementHandler = self.open
        self.parser.EndElementHandler = self.close
        self.parser.CharacterDataHandler = self.text
        self.parser.Parse(data, True)

    def _after_root(self) -> None:
        if self.depth == 1 and self.root_end is None:  # the first event after `<urlset ...>`
            here = self.parser.CurrentByteIndex
            self.root_end = self.data.rindex(b">", 0, here)
            if self.data[self.root_end - 1 : self.root_end] == b"/":
                self.root_end = None  # an empty `<urlset/>`: nothing to add to

    def open(self, name: str, attrs: dict[str, str]) -> None:
        self._after_root()
        self.depth += 1
        if self.depth == 1:
            value = attrs.get("xmlns:xhtml")
            self.declared = value == XHTML
            self.prefix_taken = value is not None and value != XHTML
        tag = name.rsplit(":", 1)[-1]
        if tag == "loc":
            self.loc = []

    def text(self, value: str) -> None:
        self._after_root()
        if self.loc is not None:
            self.loc.append(value)

    def close(self, name: str) -> None:
        self._after_root()
        self.depth -= 1
        tag = name.rsplit(":", 1)[-1]
        if tag == "loc" and self.loc is not None:
            self.found, self.loc = "".join(self.loc).strip(), None
        elif tag == "url":
            self.urls.append((self.found, self.parser.CurrentByteIndex))
            self.found = ""
        if self.depth == 0 and self.root_end is not None:
            self.root_close = self.parser.CurrentByteIndex
