"""Reading post bundles: front matter in, typed `Post` and problems out.

This is the one code path that decides what a post is and what is wrong with
it; the build and the command line both call it. No MkDocs import.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import sys
import uuid as uuidlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import frontmatter
import yaml

from . import fieldmap, messages, urls, visibility, yamlread
from .languages import Languages, localized
from .model import FEED_CONTENT, Derived, Post, Problem

try:  # the C loader is many times faster; PyYAML without libyaml still works
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

#: Every field of SCHEMA.md; the rest of the front matter goes to `Post.extra`.
SCHEMA_FIELDS = (
    "uuid",
    "layout",
    "title",
    "slug",
    "subtitle",
    "date",
    "updated",
    "author",
    "author_slug",
    "header_img",
    "fb_img",
    "tw_img",
    "status",
    "language",
    "meta_title",
    "meta_description",
    "tags",
)
IMAGE_FIELDS = ("header_img", "fb_img", "tw_img")
TEXT_FIELDS = (
    "uuid",
    "layout",
    "title",
    "slug",
    "subtitle",
    "author",
    "author_slug",
    "language",
    "meta_title",
    "meta_description",
)

#: More tags than this on one post are cut (each tag is a page to build).
MAX_TAGS = 100
_HANDLER = frontmatter.YAMLHandler()
#: Where MkDocs finds a page's front matter (`mkdocs.utils.meta.YAML_RE`, which
#: `tests/test_compat.py` holds this to): a post it reads as `split` does is handed to
#: MkDocs as it is written.
_MKDOCS_META_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
#: A top-level key, with the line break before its line (`re` skips to line breaks).
_KEY_LINE_RE = re.compile(r"\n([A-Za-z_][\w-]*)[ \t]*:")
#: A fence's opening or closing line, with the line break before it (`blank_code` reads
#: the body after a line break): `re` skips to line breaks, where `^` would be tried at
#: every position.
_FENCE_RE = re.compile(r"\n[ \t]{0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"`[^`\n]*`")
_TODO_RE = re.compile(r"\bTODO\b")
# Chinese, Japanese and Korean scripts are read character by character.
_WIDE_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_MARKUP_RE = re.compile(r"<[^>]*>|\]\([^)]*\)|https?://\S+")
_WORD_RE = re.compile(r"\w+")
#: ASCII text with every character `\w` does not match turned to a space: its words are
#: then what `str.split` finds, many times faster than a match object per word.
_ASCII_WORDS = str.maketrans({chr(c): " " for c in range(128) if not _WORD_RE.match(chr(c))})


@dataclass
class Reading:
    """What reading the posts gave: posts that can be built, and problems."""

    posts: list[Post] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: src path -> the front matter as YAML gave it (for `page.meta`).
    front_matter: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: src path -> Markdown body (front matter removed), and its first line.
    bodies: dict[str, str] = field(default_factory=dict)
    body_start: dict[str, int] = field(default_factory=dict)
    #: src paths of posts that cannot be built at all (left out of the site).
    unreadable: list[str] = field(default_factory=list)
    #: src paths of posts MkDocs reads as they were read here (`Parsed.as_written`)
    as_written: set[str] = field(default_factory=set)


# -- finding posts -----------------------------------------------------------

#: What MkDocs renders as Markdown: a post in any of them is read as a post (`jekyll
#: new` writes `.markdown`), never copied as is.
MARKDOWN_EXTENSIONS = urls.MARKDOWN_EXTENSIONS
#: Names of a bundle's main file, the first one found winning: `index.md`, then the
#: other Markdown extensions (`jekyll new` writes `.markdown`), then Hugo's branch
#: bundles (`_index.md`). A folder holding any of them is a bundle, so none of its
#: files is published unless its post is.
MAIN_FILES = tuple(f"{stem}{ext}" for stem in ("index", "_index") for ext in MARKDOWN_EXTENSIONS)


def find_bundles(src_paths: Iterable[str], posts_dir: str) -> dict[str, str]:
    """Each bundle folder under `posts_dir` and its main file (see `MAIN_FILES`)."""
    root = posts_dir
    prefix = root + "/"
    rank = {name: i for i, name in enumerate(MAIN_FILES)}
    bundles: dict[str, str] = {}
    for path in src_paths:
        name = posixpath.basename(path)
        folder = posixpath.dirname(path)
        if name not in rank or not path.startswith(prefix) or folder == root:
            continue
        if folder not in bundles or rank[name] < rank[posixpath.basename(bundles[folder])]:
            bundles[folder] = path
    return bundles


def find_posts(src_paths: Iterable[str], posts_dir: str) -> tuple[list[str], dict[str, str]]:
    """Which files under `posts_dir` are posts, and which post owns each other file.

    A folder holding a main file (`index.md`, `index.markdown`, `_index.md`, ...) is a
    bundle: that file is the post and every other file below it (down to a nested
    bundle), Markdown included, belongs to it. A Markdown file outside any bundle is a
    single-file post, except `posts_dir/index.md`, which stays the folder's own page.
    Returns (post src paths, {file src path: owning post src path}).
    """
    prefix = posts_dir + "/"
    inside = [p for p in src_paths if p.startswith(prefix)]
    mains = find_bundles(inside, posts_dir)
    bundles = set(mains)
    posts: list[str] = []
    owner: dict[str, str] = {}
    for path in inside:
        folder = posixpath.dirname(path)
        bundle = _nearest_bundle(folder, bundles, posts_dir)
        if bundle is not None:
            index = mains[bundle]
            if path == index:
                posts.append(path)
            else:
                owner[path] = index
        elif path.endswith(MARKDOWN_EXTENSIONS) and path != prefix + "index.md":
            posts.append(path)
    return sorted(posts), owner


def _nearest_bundle(folder: str, bundles: set[str], root: str) -> str | None:
    while folder and folder != root:
        if folder in bundles:
            return folder
        folder = posixpath.dirname(folder)
    return None


# -- reading one post --------------------------------------------------------


def split(text: str) -> tuple[str | None, str, int]:
    """Split a post into (front matter YAML, body, line where the body starts).

    Accepts a byte-order mark and CRLF line endings, as editors write them.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not _HANDLER.detect(text):
        return None, text, 1
    try:
        fm, body = _HANDLER.split(text)
    except ValueError:
        return None, text, 1
    body = body.lstrip("\n")
    return fm, body, text[: len(text) - len(body)].count("\n") + 1


def read_alike(text: str, fm: str, body: str) -> bool:
    """Whether MkDocs, reading `text` as a page (`mkdocs.utils.meta.get_data`), takes the
    same front matter (`fm`, as `split` gave it) and the same body from it: no byte-order
    mark or carriage return `split` reads away, the same delimiter lines."""
    if "\r" in text or text.startswith("\ufeff"):
        return False
    match = _MKDOCS_META_RE.match(text)
    if match is None:
        return False
    theirs = match.group(1)  # `fm` keeps the line break that ends the first `---` line
    if len(fm) != len(theirs) + 1 or not fm.startswith("\n") or not fm.endswith(theirs):
        return False
    end = match.end()
    while text.startswith("\n", end):  # MkDocs: `doc[m.end():].lstrip("\n")`
        end += 1
    return len(text) - end == len(body) and text.endswith(body)


def key_lines(fm: str) -> dict[str, int]:
    """Line of each top-level key in the file (front matter starts on line 2)."""
    lines: dict[str, int] = {}
    line, at = 1, 0
    for m in _KEY_LINE_RE.finditer("\n" + fm):  # its line starts at `m.start()` in `fm`
        line, at = line + fm.count("\n", at, m.start()), m.start()
        lines.setdefault(sys.intern(m.group(1)), line)
    return lines


def load_front_matter(src: str, fm: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parse the YAML once, with its types (`yamlread`: a date YAML cannot build is kept
    as its text, for the date's own check to name), every failure a problem with its
    line."""
    data, problems, _ = _front_matter(src, fm)
    return data, problems


def _front_matter(src: str, fm: str) -> tuple[dict[str, Any] | None, list[Problem], bool]:
    """`load_front_matter`, and whether MkDocs' loader gives `page.meta` the same mapping
    (a mapping, not an empty document, every value as YAML's safe loader builds it)."""
    data, failure, plain = yamlread.read(fm)
    if failure is not None:
        problem = messages.problem("yaml-invalid", src, failure.line, problem=failure.problem)
        return None, [problem], False
    if data is None:
        return {}, [], False
    if not isinstance(data, dict):
        return None, [messages.problem("front-matter-not-mapping", src, line=2)], False
    # Every post writes the same keys: kept once each (interned), not once a post.
    return {sys.intern(k) if type(k) is str else k: v for k, v in data.items()}, [], plain


@dataclass
class Parsed:
    """One post file, read: the post (None if it cannot be built) and the rest."""

    post: Post | None
    problems: list[Problem]
    front_matter: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_start: int = 1
    #: MkDocs reads the same front matter and body from the file (`read_alike`)
    as_written: bool = False


def read_post(
    src: str,
    text: str,
    *,
    bundle_dir: str | None,
    known_files: Iterable[str] | Mapping[str, Any],
    defaults: Mapping[str, Any] | None = None,
    fallbacks: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    future_is_draft: bool = True,
    inherited: Mapping[str, Any] | None = None,
) -> Parsed:
    """Read one post file: other engines' fields mapped, defaults applied, every field
    checked, every problem said, and whether it is published (`visibility.decide`).
    `inherited`: a translation's fields from the post it translates, under its own
    (`Post.taken`: those it does not write)."""
    fm, body, start = split(text)
    if fm is None:
        return Parsed(None, [messages.problem("front-matter-missing", src, line=1)])
    data, problems, plain = _front_matter(src, fm)
    if data is None:
        return Parsed(None, problems)
    written_data, written_body = data, body
    lines = key_lines(fm)
    written = set(data)
    if inherited:
        data = {**inherited, **data}
    folder = posixpath.basename(bundle_dir or posixpath.splitext(src)[0])
    norm = fieldmap.normalize(
        data,
        body,
        start,
        folder=folder,
        bundle=bundle_dir is not None,
        defaults=defaults or {},
        fallbacks=fallbacks or {},
    )
    data, body, start = norm.data, norm.body, norm.body_start
    for theirs, ours, _ in fieldmap.FIELD_MAP:
        if theirs in lines and ours not in lines:
            lines[ours] = lines[theirs]
    checker = _Checker(src, lines, problems)
    checker.written = written
    for name, ours in norm.both_given:
        checker.say("field-both-given", name, ours=ours)
    if norm.slug_made:
        checker.say("slug-from-title", "slug", slug=norm.slug_made)
    template = data.get("template", "main.html")
    if not isinstance(template, str) or not template.strip():
        checker.say("template-invalid", "template")
        data = {k: v for k, v in data.items() if k != "template"}
    values: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        values[name] = checker.text(data, name)

    fatal = False
    if not values["slug"]:
        checker.say("slug-missing", "slug")
        fatal = True
    elif not urls.is_url_segment(values["slug"]):
        suggestion = urls.slugify(values["slug"]) or "my-post"
        checker.say("slug-invalid", "slug", slug=values["slug"], suggestion=suggestion)
        fatal = True
    if values["author_slug"] and not urls.is_url_segment(values["author_slug"]):
        checker.say(
            "author-slug-invalid",
            "author_slug",
            value=values["author_slug"],
            suggestion=urls.slugify(values["author_slug"]) or "jane-doe",
        )
        values["author_slug"] = None

    published = checker.date(data, "date", required=True)
    if published is None:
        fatal = True
    updated = checker.date(data, "updated", required=False) or published

    if not values["title"]:
        fallback = values["slug"] or posixpath.basename(bundle_dir or src)
        checker.say("title-missing", "title", fallback=fallback)
        values["title"] = fallback

    layout = values["layout"] or "post"
    if layout != "post":
        checker.say("layout-not-post", "layout", layout=layout)

    base = bundle_dir if bundle_dir is not None else posixpath.dirname(src)
    images = {name: checker.image(data, name, base, known_files) for name in IMAGE_FIELDS}
    tags = checker.tags(data)
    categories = checker.tags(data, "categories")
    dates = timing(data, published, written)
    verdict = visibility.decide(
        data,
        src=src,
        lines=lines,
        dates=dates,
        now=now or datetime.now(UTC),
        future_is_draft=future_is_draft,
    )
    problems.extend(verdict.problems)
    authors = checker.authors(data)
    bad = [a for a in authors if not urls.is_url_segment(a)]
    if bad:
        checker.say("authors-invalid", "authors", value=bad[0])
        authors = tuple(a for a in authors if a not in bad)
    readtime = data.get("readtime")
    if readtime is not None and (
        isinstance(readtime, bool) or not isinstance(readtime, int) or not 0 < readtime < 10000
    ):
        checker.say("readtime-invalid", "readtime")
        readtime = None
    links = checker.links(data)
    series, series_order = checker.series(data)
    feed_content = data.get("feed_content")
    if feed_content is not None and feed_content not in FEED_CONTENT:
        name = fieldmap.written_name("feed_content", written)
        checker.say("feed-content-invalid", name, value=_short(feed_content))
        feed_content = None

    if fatal:
        return Parsed(None, problems)
    assert published is not None and updated is not None
    extra = {k: v for k, v in data.items() if k not in SCHEMA_FIELDS}
    words, wide = count_words(body)
    post = Post(
        src_path=src,
        bundle_dir=bundle_dir,
        title=values["title"],
        slug=values["slug"],
        date=published,
        updated=updated,
        uuid=values["uuid"],
        layout=layout,
        subtitle=values["subtitle"],
        author=values["author"],
        author_slug=values["author_slug"],
        status=verdict.status,
        hidden=verdict.hidden,
        listed=verdict.listed,
        language=values["language"],
        meta_title=values["meta_title"],
        meta_description=values["meta_description"],
        tags=tags,
        extra=MappingProxyType(extra),
        words=words,
        wide_chars=wide,
        lines=MappingProxyType(lines),
        authors=authors,
        categories=categories,
        publish_date=dates.publish[2] if dates.publish else None,
        expiry_date=dates.expiry[2] if dates.expiry else None,
        readtime=readtime,
        pin=data.get("pin") is True,
        links=links,
        series=series,
        series_order=series_order,
        feed_content=feed_content,
        assumed=tuple(norm.assumed),
        taken=tuple(name for name in inherited or {} if name not in written),
        **images,
    )
    as_written = (
        plain
        and body is written_body
        and list(data) == list(written_data)
        and all(data[key] is value for key, value in written_data.items())
        and read_alike(text, fm, body)
    )
    return Parsed(post, problems, data, body, start, as_written)


def timing(
    data: Mapping[str, Any], date: datetime | None, written_keys: Iterable[str] | None = None
) -> visibility.Dates:
    """The dates that decide when a post is shown, for `visibility.decide`: each as
    (the field as written, its value, the date read). `data` is the front matter, with
    other engines' names mapped or not; `written_keys` the fields the author wrote."""
    keys = set(data if written_keys is None else written_keys)

    def one(name: str) -> tuple[str, Any, datetime | None]:
        written = fieldmap.written_name(name, keys)
        value = data.get(name)
        if value is None:
            value = data.get(written)
        return written, value, parse_date(value) if value is not None else None

    return visibility.Dates(date, one("publish_date"), one("expiry_date"))


class _Checker:
    """Field readers that coerce YAML values and record what is wrong."""

    def __init__(self, src: str, lines: dict[str, int], problems: list[Problem]) -> None:
        self.src, self.lines, self.problems = src, lines, problems
        #: the fields the author wrote, so a message names a field as written (`lastmod`)
        self.written: set[str] = set()

    def say(self, code: str, field: str, **values: Any) -> None:
        """Note the message `code` about `field`, at the field's line."""
        self.problems.append(
            messages.problem(code, self.src, self.lines.get(field), field, **values)
        )

    def text(self, data: Mapping[str, Any], name: str) -> str | None:
        value = data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float | date):
            self.say("not-text", name, kind=_kind(value))
            return None
        text = str(value).strip()
        return text or None

    def date(self, data: Mapping[str, Any], name: str, *, required: bool) -> datetime | None:
        value = data.get(name)
        if value is None:
            if required:
                self.say("date-missing", name)
            return None
        parsed = parse_date(value)
        if parsed is None:
            shown = _short(value if isinstance(value, str | int | float) else _kind(value))
            said = fieldmap.written_name(name, self.written)  # as the author wrote it
            if required:
                self.say("date-invalid", said, value=shown)
            else:
                self.say("date-field-invalid", said, value=shown)
        return parsed

    def image(
        self, data: Mapping[str, Any], name: str, base: str, known: Iterable[str] | Mapping
    ) -> str | None:
        value = self.text(data, name)
        if value is None:
            return None
        if bad := messages.link_problem(value, self.src, name, self.lines.get(name)):
            self.problems.append(bad)
            return None
        if urls.is_absolute_url(value):
            return value
        if value.startswith("/"):  # from the site's root, as Jekyll and Hugo write it
            base, value = "", value.lstrip("/")
        resolved = urls.resolve(base, value)
        if resolved is None:
            self.say("image-outside-docs", name, value=value)
            return None
        if resolved not in known:
            self.say("image-missing", name, value=value, resolved=resolved)
            return None
        return resolved

    def links(self, data: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
        """Material's `links`: paths (relative to docs_dir) or URLs, or `Title: path`."""
        value = data.get("links")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.say("links-invalid", "links")
            return ()
        found = []
        for item in value:
            if isinstance(item, str):
                found.append((posixpath.splitext(posixpath.basename(item.rstrip("/")))[0], item))
            elif isinstance(item, dict) and len(item) == 1:
                ((title, target),) = item.items()
                if isinstance(target, str):
                    found.append((str(title), target))
        safe = []
        for title, target in found:
            if bad := messages.link_problem(target, self.src, "links", self.lines.get("links")):
                self.problems.append(bad)
            else:
                safe.append((title, target))
        return tuple(safe)

    def series(self, data: Mapping[str, Any]) -> tuple[str | None, int | None]:
        """The series' name (a list's first, mapped by `fieldmap`), and `series_order`."""
        value, order = data.get("series"), data.get("series_order")
        name = None
        if value is not None and value != []:  # Hugo's archetypes write `series: []`
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                self.say("series-invalid", "series", kind=_kind(value))
            else:
                name = " ".join(str(value).split()) or None
        if order is not None and (
            isinstance(order, bool) or not isinstance(order, int) or not 0 <= order < 10**6
        ):
            shown = repr(order) if isinstance(order, str) else order
            shown = shown if isinstance(shown, str | int | float) else _kind(order)
            self.say("series-order-invalid", "series_order", value=_short(shown))
            order = None
        return name, order if name else None

    def authors(self, data: Mapping[str, Any]) -> tuple[str, ...]:
        """Material's `authors`: a list of author slugs; one name is one author."""
        value = data.get("authors")
        if value is None:
            return ()
        if isinstance(value, str):
            if value.strip():
                self.say("one-author", "authors", value=value.strip())
            value = [value]
        if not isinstance(value, list):
            self.say("authors-not-list", "authors", kind=_kind(value))
            return ()
        found: list[str] = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, str | int):
                self.say("authors-not-list", "authors", kind=_kind(item))
                continue
            text = str(item).strip()
            if text and text not in found:
                found.append(text)
        return tuple(found)

    def tags(self, data: Mapping[str, Any], name: str = "tags") -> tuple[str, ...]:
        value = data.get(name)
        if value is None:
            return ()
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",")]
            value = [part for part in parts if part]
            if len(value) > 1:
                shown = ", ".join(f"'{part}'" for part in value[:10])
                self.say("tags-split", name, count=len(value), tags=shown)
        if not isinstance(value, list):
            self.say("tags-not-list", name, kind=_kind(value))
            return ()
        if len(value) > MAX_TAGS:
            self.say("too-many-tags", name, count=len(value), limit=MAX_TAGS)
            value = value[:MAX_TAGS]
        tags: list[str] = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.say("tag-not-text", name, kind=_kind(item))
                continue
            tag = str(item).strip()
            if tag and tag not in tags:
                tags.append(tag)
        return tuple(tags)


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", bool: "true/false", type(None): "null"}
    return names.get(type(value), f"a {type(value).__name__}")


def _short(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_date(value: Any) -> datetime | None:
    """Read a front matter date as an aware datetime (UTC when no zone is given).

    Takes YAML timestamps, plain dates, and the same written as quoted
    strings ("2020-10-05T09:00:00.000Z"): a string is read by YAML's own
    timestamp rule, then by `datetime.fromisoformat`.
    """
    if isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 64:
            return None
        parsed: Any = None
        try:
            parsed = yaml.load(text, Loader=_SafeLoader)
        except (yaml.YAMLError, ValueError, OverflowError):
            parsed = None
        if not isinstance(parsed, date):
            try:
                parsed = datetime.fromisoformat(text)
            except ValueError:
                return None
        value = parsed
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return None


def count_words(body: str) -> tuple[int, int]:
    """(words, CJK characters) of a Markdown body, leaving out tags and link targets."""
    text = _MARKUP_RE.sub(" ", body)
    if text.isascii():  # no wide characters; `\w` is `[A-Za-z0-9_]`
        return len(text.translate(_ASCII_WORDS).split()), 0
    wide = len(_WIDE_RE.findall(text))
    if wide:
        text = _WIDE_RE.sub(" ", text)
    return len(_WORD_RE.findall(text)), wide


def blank_code(body: str) -> str:
    """The body with fenced code blocks and code spans turned to spaces, offsets and
    line breaks kept: what the checks of TODO markers and links read."""
    pieces: list[str] = []
    fence: str | None = None
    start = at = 0
    for match in _FENCE_RE.finditer("\n" + body):  # at `match.start()` in the body
        marker = match.group(1)
        if fence is None:
            fence, start = marker[0] * 3, match.start()
        elif marker.startswith(fence):
            end = body.find("\n", match.end() - 1)
            end = len(body) if end < 0 else end
            pieces += [body[at:start], _blank(body[start:end])]
            at, fence = end, None
    if fence is not None:
        pieces += [body[at:start], _blank(body[start:])]
        at = len(body)
    pieces.append(body[at:])
    return _CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), "".join(pieces))


def _blank(text: str) -> str:
    """`text` as spaces, its line breaks kept."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


@lru_cache(maxsize=16384)
def todo_lines(body: str, first_line: int = 1) -> tuple[int, ...]:
    """Lines of the body holding a `TODO` marker, outside code (kept per body: `mkdocs
    serve` checks every post again on each save)."""
    if "TODO" not in body:  # most posts: no marker to look for outside code
        return ()
    lines = blank_code(body).split("\n")
    return tuple(n for n, line in enumerate(lines, first_line) if _TODO_RE.search(line))


# -- reading the whole blog --------------------------------------------------


@dataclass
class ReadCache:
    """Posts read by earlier builds of one `mkdocs serve`: a post whose text, bundle and
    reading settings are the same, in a docs tree with the same files, is not read again.
    Its verdict (`visibility.decide`) is kept unless one of its dates was passed since.
    `identified` and `placed` keep what `identify` and `place_posts` made of each post."""

    entries: dict[str, tuple[Any, datetime, Parsed]] = field(default_factory=dict)
    identified: Derived = field(default_factory=Derived)
    placed: Derived = field(default_factory=Derived)

    def get(self, src: str, key: Any, now: datetime) -> Parsed | None:
        found = self.entries.get(src)
        if found is None or found[0] != key:
            return None
        then, parsed = found[1], found[2]
        post = parsed.post
        if post is not None:
            for moment in (post.date, post.publish_date, post.expiry_date):
                if moment is not None and (moment <= then) != (moment <= now):
                    return None
        return parsed

    def put(self, src: str, key: Any, now: datetime, parsed: Parsed) -> None:
        self.entries[src] = (key, now, parsed)


def read_posts(
    sources: Mapping[str, str | None],
    *,
    bundles: Mapping[str, str | None],
    known_files: Iterable[str] | Mapping[str, Any],
    defaults: Mapping[str, Any] | None = None,
    fallbacks: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    future_is_draft: bool = True,
    cache: ReadCache | None = None,
    inherited: Mapping[str, Mapping[str, Any]] | None = None,
) -> Reading:
    """Read every post. `sources` maps src path to text (None: not readable as UTF-8);
    `cache` keeps what earlier builds read (`mkdocs serve`); `inherited`: a
    translation's fields from its post (`read_post`)."""
    reading = Reading()
    known = known_files if isinstance(known_files, Mapping | set | frozenset) else set(known_files)
    now = now or datetime.now(UTC)
    common = None
    if cache is not None:
        tree = hashlib.sha1("\n".join(sorted(known)).encode()).hexdigest()
        common = (tree, repr(defaults), repr(fallbacks), future_is_draft)
    for src, text in sources.items():
        if text is None:
            reading.problems.append(messages.problem("not-utf8", src))
            reading.unreadable.append(src)
            continue
        own = (inherited or {}).get(src)
        key = (
            (text, bundles.get(src), common)
            if own is None
            else (text, bundles.get(src), common, repr(own))
        )
        parsed = cache.get(src, key, now) if cache is not None else None
        if parsed is None:
            parsed = read_post(
                src,
                text,
                bundle_dir=bundles.get(src),
                known_files=known,
                defaults=defaults,
                fallbacks=fallbacks,
                now=now,
                future_is_draft=future_is_draft,
                inherited=own,
            )
            if cache is not None:
                cache.put(src, key, now, parsed)
        reading.problems.extend(parsed.problems)
        if parsed.post is None:
            reading.unreadable.append(src)
            continue
        reading.posts.append(parsed.post)
        reading.front_matter[src] = parsed.front_matter
        reading.bodies[src] = parsed.body
        reading.body_start[src] = parsed.body_start
        if parsed.as_written:
            reading.as_written.add(src)
    return reading


def place_posts(
    posts: Iterable[Post],
    *,
    template: str,
    use_directory_urls: bool,
    show_drafts: bool,
    languages: Languages | None = None,
    kept: Derived | None = None,
) -> tuple[list[Post], list[Post], list[Problem]]:
    """Give each post its URL (under its language's prefix: `languages`) and sort out
    what the build shows (`post.hidden`, decided when the post was read). `kept`: each
    post placed by the last build (`mkdocs serve`), by its template.

    Returns (posts shown, newest first; posts held back; problems).
    """
    shown: list[Post] = []
    held: list[Post] = []
    problems: list[Problem] = []

    def own_template(post: Post) -> str:
        return localized(template, languages.of(post) if languages else None)

    def place(post: Post) -> Post | None:
        try:
            path = urls.post_path(own_template(post), post.slug, post.date, post.author_slug)
        except ValueError:
            return None
        return post.but(path=path, url=urls.page_url(path, use_directory_urls))

    every = list(posts)
    if kept is None:
        placed_ = [place(post) for post in every]
    else:
        placed_ = kept.each(every, lambda p: (own_template(p), use_directory_urls), place)
    for post, placed in zip(every, placed_, strict=True):
        if placed is None:
            problems.append(
                messages.problem(
                    "post-url-needs-author-slug",
                    post.src_path,
                    field="author_slug",
                    template=template,
                )
            )
            held.append(post)
            continue
        (shown if post.hidden is None or show_drafts else held).append(placed)
    shown.sort(key=lambda p: (p.date, p.slug), reverse=True)
    return shown, held, problems


def check_blog(shown: Iterable[Post]) -> list[Problem]:
    """Checks across posts: one URL per post."""
    problems: list[Problem] = []
    by_path: dict[str, list[Post]] = defaultdict(list)
    for post in shown:
        by_path[post.path].append(post)
    for path, same in sorted(by_path.items()):
        if len(same) > 1:
            names = " and ".join(p.src_path for p in same)
            if len({p.slug for p in same}) == 1:
                found = messages.post_problem(
                    "slug-duplicate", same[1], "slug", slug=same[0].slug, names=names
                )
            else:
                found = messages.post_problem(
                    "url-duplicate", same[1], "slug", url=path, names=names
                )
            problems.append(found)
    return problems


def identify(
    every: Iterable[Post], kept: Derived | None = None
) -> tuple[list[Post], list[Problem]]:
    """Each post with its `identity`, the one key of feeds and the permalink history.

    A post's identity is its `uuid`. Posts that share one (a post copied from another
    keeps its uuid; uuids are compared without case, as feed readers do) are told apart:
    the oldest (by date, then path) keeps it, each later one gets a uuid made from the
    shared one and its own file's path, the same on every build whatever is published,
    and a warning names every file. Every post is given, drafts too, so publishing one
    never changes another's identity. `kept`: each post identified by the last build
    (`mkdocs serve`), by its identity."""
    posts = list(every)
    by_uuid: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        if post.uuid:
            by_uuid[post.uuid.lower()].append(post)
    given: dict[str, str] = {}
    problems: list[Problem] = []
    for same in by_uuid.values():
        first, *later = sorted(same, key=lambda p: (p.date, p.src_path))
        given[first.src_path] = first.uuid or ""
        for post in later:
            given[post.src_path] = _own_uuid(post)
        if later:
            names = " and ".join(p.src_path for p in sorted(same, key=lambda p: p.src_path))
            for post in later:
                problems.append(
                    messages.post_problem(
                        "uuid-duplicate", post, "uuid", uuid=post.uuid, names=names,
                        later=post.src_path, key=given[post.src_path],
                    )
                )  # fmt: skip
    problems.sort(key=lambda p: (p.path, p.line or 0))

    def named(post: Post) -> Post:
        return post.but(identity=given[post.src_path]) if post.src_path in given else post

    if kept is None:
        return [named(p) for p in posts], problems
    return kept.each(posts, lambda p: given.get(p.src_path), named), problems


def _own_uuid(post: Post) -> str:
    """The identity of a post whose uuid an older post has: a name-based uuid (RFC 4122
    version 5) of the shared uuid and the post's file, so it is the same on every build."""
    return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, f"blogmeta:{post.uuid}:{post.src_path}"))
