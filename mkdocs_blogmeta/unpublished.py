"""What the site must never point to: the URLs of posts held back, and links into them.

A draft's URL reaches a page in many ways besides a Markdown link (an autolink,
a bare URL that `pymdownx.magiclink` turns into a link, raw HTML with any
quoting, an image link, a page-relative `../draft`, a URL without its trailing
slash or with an upper-case host). All of them have become `<a href>`,
`<img src>`, ... in the HTML that MkDocs produced, so that is where they are
found: every URL attribute is resolved as a browser would, against the page's
own URL, and compared with the **unpublished space**: the site paths of held
posts and of every file of their bundles. No MkDocs import.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from html import unescape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import ahocorasick_rs

from . import messages, urls
from .model import Post, Problem
from .posts import IMAGE_FIELDS

#: Stands in for the site's address when `site_url` is not set: page-relative and
#: root-relative URLs still resolve; absolute URLs of another host never match it.
_NO_SITE = "http://blogmeta.invalid/"
#: Elements without an end tag.
# fmt: off
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
    "param", "source", "track", "wbr",
})
#: Attributes holding one URL (besides any `*src`/`*href`, such as `data-src`, `xlink:href`).
_URL_ATTRS = frozenset({
    "action", "archive", "background", "cite", "classid", "codebase", "data", "dynsrc",
    "formaction", "icon", "itemid", "longdesc", "lowsrc", "manifest", "poster", "profile",
    "usemap",
})
# fmt: on
_CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.IGNORECASE | re.DOTALL)
_REFRESH_RE = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)
#: Attribute values (and the like) of a page, for the fast check of `Space.may_point_in`.
_VALUE_RE = re.compile(r"""=\s*("[^"]*"|'[^']*'|[^\s>"'=`]+)""")
#: An absolute http(s) URL written anywhere in a page (text, code, comments): its path
#: words count for the fast check too, and in text nodes it is what `clean` takes out.
_TEXT_URL_RE = re.compile(r"https?://[^\s<>]+", re.IGNORECASE)
#: What linkifiers leave off the end of a URL written in text.
_TRAILING = ".,;:!?)]'\""
#: A character reference, as `html.unescape` reads it (with or without its `;`).
_CHARREF_RE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_WORD_SPLIT_RE = re.compile(r"""[/?#\s"'=,()<>;&]+""")
_SCHEMES = ("http", "https")
#: The characters beyond ASCII whose case folding holds an ASCII letter (`ß` -> `ss`,
#: the Kelvin sign -> `k`, `ﬁ` -> `fi`), by Python's Unicode tables (a test reads them all).
FOLDS_TO_ASCII = frozenset(
    "\u00df\u0130\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a"
    "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
)
#: What browsers strip from both ends of a URL.
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def state_of(hidden: str | None) -> str:
    """How messages name why a post is not published."""
    return {
        "draft": "a draft",
        "future": "a post scheduled for later",
        "expired": "an expired post",
    }.get(hidden or "", "a post that is not published")


@dataclass(frozen=True)
class Target:
    """A held file a URL leads to: the post (or page) to name, and why it is held."""

    src: str
    state: str


def site_key(path: str) -> str:
    """A site path as it is compared: percent-decoded, without `.`/`..`/empty segments,
    `index.html` or trailing slash, case-folded (a 404 at `/Draft/` still shows the slug)."""
    segments: list[str] = []
    for segment in unquote(path).replace("\\", "/").split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments:
                segments.pop()
            continue
        segments.append(segment)
    if segments and segments[-1].lower() in ("index.html", "index.htm"):
        segments.pop()
    return "/".join(segments).casefold()


def held_paths(
    held: Iterable[Post], owner: Mapping[str, str], use_directory_urls: bool
) -> dict[str, Target]:
    """The unpublished space of the held posts: each one's URL, its source file and
    bundle folder, and where each file of its bundle would have landed, by site path."""
    out: dict[str, Target] = {}
    by_src = {post.src_path: post for post in held}
    for post in by_src.values():
        target = Target(post.src_path, state_of(post.hidden or "draft"))
        paths = [post.src_path, urls.doc_url(post.src_path, use_directory_urls)]
        paths += [post.bundle_dir or "", post.path, post.url]
        for path in paths:
            if path:
                out.setdefault(path, target)
    for src, main in owner.items():
        post = by_src.get(main)
        if post is not None and post.path:
            out.setdefault(post.asset_path(src), Target(post.src_path, state_of(post.hidden)))
    return out


@dataclass(frozen=True)
class Space:
    """The held site paths (a held folder holds everything below it, except what the site
    publishes there), and the site's address to resolve absolute URLs against."""

    held: Mapping[str, Target] = field(default_factory=dict)  # site_key -> target
    published: frozenset[str] = frozenset()  # site_key of everything the site shows
    names: Mapping[str, Target] = field(default_factory=dict)  # held bundle folder names
    site_url: str | None = None
    needles: frozenset[str] = frozenset()  # path segments any URL into the space names

    def __bool__(self) -> bool:
        return bool(self.held)

    def with_published(self, paths: Iterable[str]) -> Space:
        """The same space, knowing more of what the site publishes (files MkDocs, the theme
        or other plugins write), so that a held folder never hides them."""
        more = self.published | {site_key(path) for path in paths}
        names = {name: t for name, t in self.names.items() if name not in more}
        return replace(self, published=more, names=names)

    def owner(self, url: str, page_url: str = "") -> Target | None:
        """The held file `url` (as written in the page at `page_url`) leads to, or None."""
        key = self._key(url, page_url)
        return None if key is None else self.owner_of_key(key)

    def owner_of_path(self, path: str) -> Target | None:
        """The held file at a site (or docs-relative) path, or None."""
        return self.owner_of_key(site_key(path))

    def owner_of_key(self, key: str) -> Target | None:
        if not key or key in self.published:
            return None
        parts = key.split("/")
        for n in range(len(parts), 0, -1):
            folder = "/".join(parts[:n])
            if n < len(parts) and folder in self.published:
                return None  # a published page or post below a held folder
            if (target := self.held.get(folder)) is not None:
                return target
        return next((self.names[p] for p in parts if p in self.names), None)

    def named_in(self, html: str) -> bool:
        """Whether any held slug or folder name appears in `html` as written or
        percent-encoded: a cheaper first look for pages whose body was cleaned already
        and whose other links are written by MkDocs and the theme.

        Every page is looked at, several times: with ASCII needles (slugs are), the page's
        UTF-8 bytes with ASCII letters lowered give the same answer as the page case-folded
        at a fraction of its cost, unless the page holds a character whose folding holds
        an ASCII letter (`ß`, `ﬁ`): that page is folded in full."""
        if self._automaton is None:
            return False
        if (fast := self._ascii_automaton) is not None:
            found = fast.find_matches_as_indexes(html.encode("utf-8", "surrogatepass").lower())
            if not found:
                return False
            needles = len(self._written_needles)
            if any(index < needles for index, _, _ in found):
                return True
        return bool(self._automaton.find_matches_as_indexes(html.casefold()))

    @cached_property
    def _ascii_automaton(self) -> ahocorasick_rs.BytesAhoCorasick | None:
        """The needles as bytes, then each character whose folding holds an ASCII letter
        (found: the page is folded in full); None when a needle is not ASCII."""
        needles = [n for n in self._written_needles if n]
        if not needles or len(needles) != len(self._written_needles):
            return None
        if not all(n.isascii() for n in needles):
            return None
        every = [n.encode() for n in needles] + [c.encode() for c in FOLDS_TO_ASCII]
        return ahocorasick_rs.BytesAhoCorasick(every)

    @cached_property
    def _automaton(self) -> ahocorasick_rs.AhoCorasick | None:
        """Every needle found in one pass over a page (Aho-Corasick), whatever their
        number: a blog holds hundreds of drafts, and every page is looked at."""
        needles = [n for n in self._written_needles if n]
        return ahocorasick_rs.AhoCorasick(needles) if needles else None

    @cached_property
    def _written_needles(self) -> tuple[str, ...]:
        """The needles as a page may write them: as they are and percent-encoded, less
        those holding another (a dated folder holds its slug): the same answer, sooner."""
        every = sorted(self.needles | {quote(n).casefold() for n in self.needles}, key=len)
        kept: list[str] = []
        for needle in every:
            if not any(shorter in needle for shorter in kept):
                kept.append(needle)
        return tuple(kept)

    def still_named(self, html: str, src: str) -> bool:
        """Whether `html` still names the held post `src` by a path into it (`/slug/`,
        `slug/index.html`, its dated folder): asked only of a page whose link to it could
        not be taken out of the Markdown and was not found in the HTML either, so a plain
        word that happens to be its slug is never taken for it."""
        text = unquote(html).casefold()
        for key, target in self.held.items():
            if target.src != src:
                continue
            last = key.rsplit("/", 1)[-1]
            if f"/{last}/" in text or f"{last}/index.html" in text or f"/{last}." in text:
                return True
        return any(name in text for name, t in self.names.items() if t.src == src)

    def may_point_in(self, html: str, page_url: str) -> bool:
        """False when the page cannot hold a URL into the space: no attribute value names a
        held slug or folder as a path segment (however written), and the page is not inside
        a held folder. Pages are many: this is one pass, the full parse is for the rest."""
        if not self.held:
            return False
        text = _url_text(html)
        # A needle that is a word of the text is in it: most pages name none at all.
        if self.named_in(text) and not self.needles.isdisjoint(_url_words(text)):
            return True
        parts = site_key(page_url).split("/")
        return any("/".join(parts[:n]) in self.held for n in range(1, len(parts) + 1))

    def _key(self, url: str, page_url: str) -> str | None:
        value = re.sub(r"[\t\n\r]", "", url).strip(_C0_AND_SPACE)
        if not value or value.startswith("#"):
            return None
        base = self.site_url or _NO_SITE
        try:
            absolute = urljoin(urljoin(base, page_url), value.replace("\\", "/"))
            parts = urlsplit(absolute)
            host = (parts.hostname or "").rstrip(".")
        except ValueError:
            return None
        if parts.scheme.lower() not in _SCHEMES or host != _host(base):
            return None
        key, root = site_key(parts.path), site_key(urlsplit(base).path)
        if not root:
            return key
        if key == root:
            return ""
        return key[len(root) + 1 :] if key.startswith(root + "/") else None


def make_space(
    held: Mapping[str, Target],
    published: Iterable[str],
    site_url: str | None,
    names: Mapping[str, Target] | None = None,
) -> Space:
    """The space of `held` (site or docs paths -> what they belong to; held posts'
    come from `held_paths`, other held files may be added), minus `published` paths.

    `names` are bundle folder names held anywhere in a path (`2023-01-02_draft`): a
    link to the bundle as a folder of the docs tree resolves against the page, not the
    docs folder, and must still be found.
    """
    keyed = {site_key(path): target for path, target in held.items()}
    keyed.pop("", None)  # the site root is never held
    shown = frozenset(site_key(path) for path in published)
    folded = {name.casefold(): target for name, target in (names or {}).items() if name}
    folded = {name: t for name, t in folded.items() if name not in shown}
    needles = set(folded)
    for key in keyed:
        parts = key.split("/")
        if not any("/".join(parts[:n]) in keyed for n in range(1, len(parts))):
            needles.add(parts[-1])  # a key below another is found through the other
    return Space(
        held=keyed,
        published=shown,
        names=folded,
        site_url=site_url,
        needles=frozenset(needles),
    )


def _url_text(html: str) -> str:
    """A page's attribute values and the absolute URLs written in it as text, read as a
    browser reads a URL (entities and percent escapes decoded, line breaks dropped, `\\`
    as `/`): two passes over the page, whatever the number of held posts."""
    text = " ".join([*_VALUE_RE.findall(html), *_TEXT_URL_RE.findall(html)])
    text = re.sub(r"[\t\n\r]", "", text).replace("\\", "/")
    if "&" in text:
        text = unescape(text)
    if "%" in text:
        text = unquote(text)
    return text


def _url_words(text: str) -> set[str]:
    """The path segments of `_url_text`, case-folded."""
    return set(_WORD_SPLIT_RE.split(text.casefold()))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").rstrip(".")


@dataclass(frozen=True)
class Removal:
    """One element taken out of a page: its tag, the URL as written, where it led."""

    tag: str  # "#text" for a URL written as text
    url: str
    target: Target
    offset: int  # of the element's start tag in the page's HTML
    written: str = ""  # the start tag as written (raw HTML in Markdown is copied as it is)


def clean(html: str, page_url: str, space: Space) -> tuple[str, list[Removal]]:
    """The page's HTML without any element pointing into the unpublished space.

    An `<a>` is taken out with its end tag and its text kept (unless the text is the
    URL itself, as autolinks and magiclinks write it); any other element whose URL
    attribute leads there (`<img>`, `<source srcset>`, `<iframe>`, `<video poster>`,
    `<form action>`, ...) is taken out likewise. An absolute `http(s)` URL written as
    text (a text node, `<code>` and `<pre>` included, not `<script>`/`<style>`) that leads
    there is taken out of the text, as its link would have been. Edits are made on the
    string by offset, so everything else stays byte-identical.
    """
    if not space.may_point_in(html, page_url):
        return html, []
    finder = _Finder(html, lambda url: space.owner(url, page_url))
    finder.feed(html)
    finder.close()
    if not finder.edits:
        return html, []
    out = []
    at = 0
    for start, end in sorted(finder.edits):
        if start < at:  # inside a span already taken out
            continue
        out.append(html[at:start])
        at = end
    out.append(html[at:])
    return "".join(out), finder.removed


def attribute_urls(tag: str, name: str, value: str) -> Iterator[str]:
    """The URLs an attribute holds, as a browser reads them."""
    name = name.lower()
    if name.endswith("srcset"):
        for candidate in value.split(","):
            words = candidate.split()
            if words:
                yield words[0]
        yield value.strip()  # a URL holding a comma
    elif name == "ping":
        yield from value.split()
    elif name == "style":
        yield from (m.group(2) for m in _CSS_URL_RE.finditer(value))
    elif name == "content" and tag == "meta":
        if m := _REFRESH_RE.search(value):
            yield m.group(1).strip()
        yield value
    elif name in _URL_ATTRS or name.endswith(("src", "href")):
        yield value


@dataclass
class _Open:
    tag: str
    start: int
    end: int
    target: Target | None


class _Finder(HTMLParser):
    """Finds the spans to take out; positions come from the parser, not from patterns."""

    def __init__(self, html: str, check: Callable[[str], Target | None]) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.check = check
        self.edits: list[tuple[int, int]] = []
        self.removed: list[Removal] = []
        self.stack: list[_Open] = []
        self._lines: list[int] | None = None
        self._raw_text: str | None = None  # inside <script> or <style>
        self._seen: set[tuple[int, int]] = set()

    def _offset(self) -> int:
        if self._lines is None:
            self._lines = [0] + [m.end() for m in re.finditer("\n", self.html)]
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.CDATA_CONTENT_ELEMENTS:
            self._raw_text = tag
        self._start(tag, attrs, void=tag in _VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, void=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], void: bool) -> None:
        hit = None
        for name, value in attrs:
            if not value:
                continue
            for url in attribute_urls(tag, name, value):
                if (target := self.check(url)) is not None:
                    hit = (url, target)
                    break
            if hit:
                break
        if hit is None:
            if not void:
                self.stack.append(_Open(tag, -1, -1, None))
            return
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        self.edits.append((start, end))
        self.removed.append(Removal(tag, hit[0], hit[1], start, self.get_starttag_text() or ""))
        if not void:
            self.stack.append(_Open(tag, start, end, hit[1]))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw_text:
            self._raw_text = None
        for n in range(len(self.stack) - 1, -1, -1):
            if self.stack[n].tag == tag:
                opened = self.stack[n]
                del self.stack[n:]
                if opened.target is not None:
                    self._end(opened)
                return

    def _end(self, opened: _Open) -> None:
        start = self._offset()
        close = self.html.find(">", start)
        end = len(self.html) if close < 0 else close + 1
        inside = self.html[opened.end : start]
        if opened.tag == "a" and "<" not in inside and self._is_held_url(unescape(inside)):
            self.edits.remove((opened.start, opened.end))
            self.edits.append((opened.start, end))  # the text is the URL: it goes too
        else:
            self.edits.append((start, end))

    def handle_data(self, data: str) -> None:
        """Absolute URLs written as text: each one into the space is taken out of it."""
        if self._raw_text is not None or "://" not in data:
            return
        start = self._offset()
        spans = _text_spans(self.html, start, data)
        if spans is None:  # the raw text is not what was decoded: read the raw run
            close = self.html.find("<", start)
            end = len(self.html) if close < 0 else close
            spans = _text_spans(self.html, start, unescape(self.html[start:end]))
        # the text of an element already taken out is named by that element's warning
        quiet = any(opened.target is not None for opened in self.stack)
        for url_start, url_end in spans or ():
            written = self.html[url_start:url_end]
            url = unescape(written)
            target = self.check(url)
            if target is None or (url_start, url_end) in self._seen:
                continue
            self._seen.add((url_start, url_end))
            self.edits.append((url_start, url_end))
            if not quiet:
                self.removed.append(Removal("#text", url, target, url_start, written))

    def _is_held_url(self, text: str) -> bool:
        text = text.strip()
        if not text or any(c.isspace() for c in text):
            return False
        if "://" in text or text.startswith(("/", "//")):
            return self.check(text) is not None
        return "." in text.split("/", 1)[0] and self.check("https://" + text) is not None


def _text_spans(html: str, start: int, data: str) -> list[tuple[int, int]] | None:
    """The raw spans (offsets in `html`) of the absolute URLs in the text `data`, decoded
    by the parser from the HTML at `start`; None when the raw text does not decode to it."""
    n = len(data)
    at = start
    pos: list[int] = []  # the raw offset of each decoded character
    if "&" in html[start : start + n]:
        for m in _CHARREF_RE.finditer(html, start):
            if m.start() - at >= n - len(pos):
                break
            pos.extend(range(at, m.start()))
            pos.extend([m.start()] * len(unescape(m.group())))
            at = m.end()
            if len(pos) >= n:
                break
    take = max(0, n - len(pos))
    pos.extend(range(at, at + take))
    at += take
    if len(pos) != n or unescape(html[start:at]) != data:
        return None
    pos.append(at)
    spans = []
    for m in _TEXT_URL_RE.finditer(data):
        end = m.end()
        while end > m.start():
            last = data[end - 1]
            if last not in _TRAILING:
                break
            if last == ")" and data.count("(", m.start(), end) >= data.count(")", m.start(), end):
                break  # a balanced `(...)` is part of the URL
            end -= 1
        spans.append((pos[m.start()], pos[end]))
    return spans


def _edge(char: str) -> bool:
    return char.isalnum() or char in "/:.%-_"


def find_line(source: str, needles: Iterable[str], after: int = 0) -> tuple[int | None, int]:
    """The line of `source` (1-based) where the first of `needles` is found from offset
    `after` (as a whole URL, not inside a longer one; case-insensitive), and the offset to
    search from for the next removal of the same page."""
    for needle in needles:
        if not needle:
            continue
        url_like = "/" in needle  # not inside a longer URL; a word: not inside a longer word
        before = (r"(?<![\w/:.%-])" if url_like else r"(?<![\w-])") if _edge(needle[0]) else ""
        after_ = (r"(?![\w/.%-])" if url_like else r"(?![\w-])") if _edge(needle[-1]) else ""
        for flags in (0, re.IGNORECASE):
            edge = re.compile(before + re.escape(needle) + after_, flags)
            found = edge.search(source, after)
            if found is not None:
                return source.count("\n", 0, found.start()) + 1, found.start() + 1
    return None, after


def removal_problems(src: str, source: str, removals: Iterable[Removal]) -> list[Problem]:
    """One warning per element taken out of the page `src`, at its line in the page's
    Markdown `source` when the URL (or the held post's slug or folder) is found there."""
    problems = []
    after: dict[str, int] = {}
    for removal in removals:
        path = urlsplit(removal.url.strip()).path.rstrip("/")
        hints = [removal.written, removal.url, path]
        hints += reversed([unquote(s) for s in path.split("/") if s not in ("", ".", "..")])
        hints.append(posixpath.basename(posixpath.dirname(removal.target.src)))
        hints = [h for h in hints if h]
        key = removal.url
        line, after[key] = find_line(source, hints, after.get(key, 0))
        target, state, other = removal.url, removal.target.state, removal.target.src
        if removal.tag == "#text":
            found = messages.problem(
                "draft-url-in-text", src, line, target=target, state=state, other=other
            )
        elif removal.tag == "a":
            found = messages.problem(
                "link-to-draft", src, line, target=target, state=state, other=other
            )
        else:
            found = messages.problem(
                "embeds-draft", src, line, tag=removal.tag, target=target, state=state, other=other
            )
        problems.append(found)
    return problems


def refuse_fields(shown: Iterable[Post], space: Space) -> tuple[list[Post], list[Problem]]:
    """Shown posts without the share images (`header_img`, `fb_img`, `tw_img`) and
    Material `links` that lead into the unpublished space, each refusal a warning: the
    draft's folder name would reach the head, feeds and author pages."""
    posts = list(shown)
    if not space:
        return posts, []
    out: list[Post] = []
    problems: list[Problem] = []
    for post in posts:
        changes: dict[str, Any] = {}
        for name in IMAGE_FIELDS:
            value = getattr(post, name)
            if value and (target := _field_target(space, value, post.url)) is not None:
                problems.append(_refused(post, name, value, target))
                changes[name] = None
        kept = []
        for title, href in post.links:
            if (target := _field_target(space, href, "")) is not None:
                problems.append(_refused(post, "links", href, target))
            else:
                kept.append((title, href))
        if len(kept) != len(post.links):
            changes["links"] = tuple(kept)
        out.append(post.but(**changes) if changes else post)
    return out, problems


def _field_target(space: Space, value: str, page_url: str) -> Target | None:
    """A field's value: a URL (or a site path from `/`), else a path of the docs tree."""
    if urls.is_absolute_url(value) or value.startswith("/") or ":" in value.split("/", 1)[0]:
        return space.owner(value, page_url)
    return space.owner_of_path(value.split("#", 1)[0].split("?", 1)[0])


def _refused(post: Post, name: str, value: str, target: Target) -> Problem:
    return messages.post_problem(
        "field-to-draft", post, name, value=value, state=target.state, other=target.src
    )
