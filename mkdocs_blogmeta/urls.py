"""URLs: slugs, the `post_url` template, and paths that stay inside the site.

Pure functions: every URL the plugin makes is decided here, so the rules for
both `use_directory_urls` settings live in one place.
"""

from __future__ import annotations

import posixpath
import re
import string
import unicodedata
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote, urljoin, urlsplit

from pymdownx.slugs import slugify as _pymdownx_slugify

#: Fields a `post_url` template may use.
POST_URL_FIELDS = ("slug", "year", "month", "day", "author_slug", "lang")
#: What MkDocs renders as Markdown (`mkdocs.utils.markdown_extensions`).
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")

# A URL segment as people write slugs: letters (any script), digits, `-`, `_`,
# `.` and `~` (RFC 3986 unreserved), starting with a letter or digit so that
# `.`, `..` and hidden names are impossible.
_SEGMENT_RE = re.compile(r"[^\W_][\w.~-]*")


#: Longest segment, in UTF-8 bytes: a file name must stay under 255 bytes.
MAX_SEGMENT_BYTES = 200


def is_url_segment(value: str) -> bool:
    """True when `value` can be one path segment of a URL (and a folder name) as it is."""
    return bool(_SEGMENT_RE.fullmatch(value)) and len(value.encode()) <= MAX_SEGMENT_BYTES


def slugify(text: str) -> str:
    """A readable slug: lowercase, letters of any script kept, the rest to `-`.

    `café au lait` gives `café-au-lait`; `C++` gives `c`.
    """
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"[\W_]+", "-", text).strip("-")
    if len(text.encode()) > MAX_SEGMENT_BYTES:  # a folder name must fit the file system
        text = text.encode()[:MAX_SEGMENT_BYTES].decode(errors="ignore").strip("-")
    return text


_material = _pymdownx_slugify(case="lower")


def material_slugify(text: str) -> str:
    """The slug Material's blog gives a title or a category (its `post_slugify` and
    `categories_slugify` defaults: accents kept, punctuation dropped), so migrated
    URLs stay the same; `slugify`'s when that is no URL segment."""
    slug = _material(text, "-")
    return slug if is_url_segment(slug) else slugify(text)


def check_post_url_template(template: str) -> str | None:
    """Why `template` cannot be a `post_url`, or None when it is fine."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        return f"'{template}' is not a valid template ({exc})"
    unknown = sorted({n for n in names if n not in POST_URL_FIELDS})
    if unknown:
        return (
            f"'{template}' uses {', '.join('{' + n + '}' for n in unknown)}; "
            f"the fields are {', '.join('{' + n + '}' for n in POST_URL_FIELDS)}"
        )
    if "slug" not in names:
        return f"'{template}' has no {{slug}}, so two posts could get the same URL"
    if template.startswith("/") or not template.endswith("/"):
        return f"'{template}' must not start with '/' and must end with '/', as in '{{slug}}/'"
    return None


def post_path(
    template: str, slug: str, date: datetime, author_slug: str | None, lang: str = ""
) -> str:
    """The folder of a post in the site, from the `post_url` template.

    Raises ValueError when `{author_slug}` is used and the post has none.
    """
    if "{author_slug}" in template and not author_slug:
        raise ValueError("author_slug")
    return template.format(
        slug=slug,
        # as strftime writes them (`%Y`, `%m`, `%d`), without its cost for each post;
        # a year before 1000, which platforms write differently, is left to strftime
        year=f"{date.year:04d}" if date.year >= 1000 else f"{date:%Y}",
        month=f"{date.month:02d}",
        day=f"{date.day:02d}",
        author_slug=author_slug or "",
        lang=lang,
    )


def page_url(path: str, use_directory_urls: bool) -> str:
    """The URL of the page kept in folder `path` (`''` is the site root)."""
    if use_directory_urls:
        return path
    return path + "index.html"


def doc_url(src: str, use_directory_urls: bool) -> str:
    """The URL MkDocs gives the page built from Markdown file `src` ('' is the root)."""
    parent, name = posixpath.split(src)
    stem = name.rsplit(".", 1)[0]
    if stem in ("index", "README"):
        return page_url(parent + "/" if parent else "", use_directory_urls)
    if use_directory_urls:
        return posixpath.join(parent, stem) + "/"
    return posixpath.join(parent, stem + ".html")


def is_docs_path(target: str) -> bool:
    """True for a link written as a path of the docs tree or site (`setup.md`, `a/b.png`),
    false for a URL, a path from the site root (`/x/`), an `#anchor` or another scheme
    (`mailto:`): those are used as written."""
    return not (
        is_absolute_url(target) or target.startswith(("/", "#", "?")) or _SCHEME_RE.match(target)
    )


def doc_link(target: str, use_directory_urls: bool, placed: Mapping[str, str] | None = None) -> str:
    """A link written as a path of the docs tree (Material's `links:`, `setup/blog.md#x`)
    as the path from the site root that serves it, under either `use_directory_urls`:
    a Markdown page at its page URL, a file moved by the build (a post, a file of its
    bundle) where `placed` says, any other file where it is. Anything else (see
    `is_docs_path`) is returned as written."""
    if not is_docs_path(target):
        return target
    cut = min((i for i in (target.find("#"), target.find("?")) if i >= 0), default=len(target))
    path, rest = target[:cut], target[cut:]
    clean = posixpath.normpath(path) if path else ""
    if clean == ".":
        clean = ""
    if placed is not None and clean in placed:
        url = placed[clean]
    elif clean.endswith(MARKDOWN_EXTENSIONS):
        url = doc_url(clean, use_directory_urls)
    else:
        url = clean + "/" if path.endswith("/") and clean else clean
    return url + rest


def check_folder_template(
    value: str, *, needs_slug: bool = False, fields: tuple[str, ...] = ("slug",)
) -> str | None:
    """Why `value` cannot be a page folder option (`tags/`, `tag/{slug}/`, with `fields`
    the names it may use: `archive/{year}/`), or None. `needs_slug`: it must use the
    first of `fields`."""
    if value and (value.startswith("/") or not value.endswith("/")):
        return f"'{value}' must not start with '/' and must end with '/', as in 'tags/'"
    try:
        names = {n for _, n, _, _ in string.Formatter().parse(value) if n is not None}
    except ValueError as exc:
        return f"'{value}' is not a valid template ({exc})"
    allowed = (*fields, "lang")  # `{lang}`: where each language's tree goes (`languages:`)
    if names - set(allowed):
        return f"'{value}' may only use " + ", ".join(f"{{{n}}}" for n in allowed)
    if needs_slug and fields[0] not in names:
        example = "archive/{year}/" if fields[0] == "year" else "tag/{slug}/"
        return f"'{value}' needs {{{fields[0]}}}, as in '{example}'"
    if not is_inside(value or "."):
        return f"'{value}' points outside the site"
    return None


def fill_lang(template: str, code: str) -> str:
    """A URL template with `{lang}` filled (`''` for the default language) and the slashes
    an empty one leaves collapsed (`{lang}/tag/{slug}/` -> `tag/{slug}/`, `blog/{lang}/`
    -> `blog/`): the one rule for `{lang}` in every URL option. Its other fields stay."""
    out = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if name == "lang":
            out.append(code.replace("{", "{{").replace("}", "}}"))
        elif name is not None:
            out.append("{" + name + (f"!{conversion}" if conversion else "")
                       + (f":{spec}" if spec else "") + "}")  # fmt: skip
    return re.sub(r"/{2,}", "/", "".join(out)).lstrip("/")


def has_field(template: str, name: str) -> bool:
    """True when a URL template uses the field `name` (`{lang}`)."""
    try:
        return any(found == name for _, found, _, _ in string.Formatter().parse(template))
    except ValueError:
        return False


def period_path(template: str, date: datetime) -> str:
    """The folder of a date archive's page (`archive/{year}/`, `archive/{year}/{month}/`)
    for the period holding `date`: its year and month as `post_url` writes them."""
    return template.format(year=f"{date:%Y}", month=f"{date:%m}")


def is_inside(path: str) -> bool:
    """True when a site-relative path stays inside the site folder."""
    norm = posixpath.normpath(path)
    return not (norm.startswith("../") or norm == ".." or posixpath.isabs(path))


def resolve(base_dir: str, reference: str) -> str | None:
    """Resolve a relative file reference (`./x.jpg`) against a docs folder.

    Returns the docs-relative path, or None if it leaves the docs folder.
    """
    ref = reference.split("#", 1)[0].split("?", 1)[0]
    joined = posixpath.normpath(posixpath.join(base_dir, ref))
    if joined in (".", "") or not is_inside(joined) or ref.startswith("/"):
        return None
    return joined


def relative_url(target: str, base: str) -> str:
    """URL of `target` as seen from the page at `base` (both site-relative).

    Same rule as MkDocs' own `get_relative_url`, kept here so the core needs no
    MkDocs import.
    """
    base_dir = base if base.endswith("/") or not base else posixpath.dirname(base)
    target_dir, name = posixpath.split(target)
    rel = _relpath(target_dir or ".", base_dir or ".")
    if name:
        rel = posixpath.join(rel, name) if rel != "." else name
    elif rel != ".":
        rel += "/"
    else:
        rel = "./"
    return rel


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath` (which reads the working folder and normalises both paths):
    for the plain folders of site URLs (no `.`, `..` or empty segment, not from `/`), the
    same answer from the segments alone; every page's links are made this way."""
    into, at = _segments(path), _segments(start)
    if into is None or at is None:
        return posixpath.relpath(path, start)
    common = 0
    for a, b in zip(into, at, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(at) - common) + into[common:]) or "."


def _segments(path: str) -> list[str] | None:
    """A relative folder's segments (`.`: none), or None when it is not plain."""
    if path == ".":
        return []
    parts = path.rstrip("/").split("/")
    if path.startswith("/") or any(part in ("", ".", "..") for part in parts):
        return None
    return parts


_URL_ATTR_RE = re.compile(r"""(\s(?:href|src|poster)\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE)
_SRCSET_RE = re.compile(r"""(\ssrcset\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)


def map_links(html: str, fix: Callable[[str], str]) -> str:
    """Every `href`/`src`/`poster` URL and each `srcset` candidate of HTML that Markdown
    wrote (attributes quoted) replaced by `fix(url)`: the one rule that moves a post's
    HTML to another page (a listing's excerpt) or another reader (a feed). An `#anchor`
    is handed over as it is: it names the page the HTML came from."""

    def one(match: re.Match[str]) -> str:
        return f"{match.group(1)}{match.group(2)}{fix(match.group(3))}{match.group(2)}"

    def many(match: re.Match[str]) -> str:
        parts = []
        for candidate in match.group(3).split(","):
            bits = candidate.strip().split(maxsplit=1)
            if bits:
                bits[0] = fix(bits[0])
            parts.append(" ".join(bits))
        return f"{match.group(1)}{match.group(2)}{', '.join(parts)}{match.group(2)}"

    return _SRCSET_RE.sub(many, _URL_ATTR_RE.sub(one, html))


def is_absolute_url(value: str) -> bool:
    """True for `http(s)://` and protocol-relative URLs: used as written."""
    return bool(re.match(r"^(https?:)?//", value, re.IGNORECASE))


#: Schemes a link the plugin writes may have; a site path has none.
SAFE_SCHEMES = ("http", "https")
# What a browser strips before it reads a URL: C0 controls and spaces at either end,
# tabs and line breaks anywhere (so `java\tscript:` is `javascript:`).
_URL_STRIP = "".join(chr(c) for c in range(0x21))
_URL_REMOVED_RE = re.compile(r"[\t\n\r]")
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def unsafe_link(value: object) -> str | None:
    """Why `value` cannot be a link the site shows, or None when it can.

    The one rule for every URL field (authors' `url` and `avatar`, `links:`, image
    fields, `default_image`): `http(s)` URLs and site paths only. The value is read
    as a browser reads it, so `JavaScript:`, ` javascript:` and `java\\tscript:` are
    all the `javascript:` scheme; control characters are refused outright.
    """
    if not isinstance(value, str):
        return "it is not text"
    text = _URL_REMOVED_RE.sub("", value.strip(_URL_STRIP))
    if _CONTROL_RE.search(text):
        return "it holds control characters"
    match = _SCHEME_RE.match(text)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        return f"the scheme '{match.group(1).lower()}:' is not http(s)"
    return None


def generated_src(path: str, *, in_nav: bool = False) -> str:
    """Source path of a generated page living in folder `path`.

    Pages meant for the nav are `name.md` (a nav page, not a section of one);
    others are `path/index.md`. Both land in `path/index.html` with
    directory URLs.
    """
    if not path:
        return "index.md"
    if in_nav:
        return path.rstrip("/") + ".md"
    return path + "index.md"


_DATED_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[_-](.+)$")


def dated_name(name: str) -> tuple[str, str] | None:
    """(date, slug) of a dated bundle or file name, `YYYY-MM-DD_<slug>` (SCHEMA.md) or
    `YYYY-MM-DD-<slug>` (Jekyll's): the one rule for what a dated name is."""
    match = _DATED_RE.match(name)
    return (match.group(1), match.group(2)) if match else None


def encoded(path: str) -> str:
    """A site path as links write it: percent-encoded, its `/`, `#`, query and existing
    escapes kept (the one rule for absolute, root and relative links)."""
    return quote(path, safe="/#%?=&~")


@lru_cache(maxsize=65536)
def absolute(site_url: str, path: str) -> str:
    """The absolute URL of a path relative to the site root (`site_url` ends in `/`)."""
    return urljoin(site_url, encoded(path))


def forget() -> None:
    """Empty the cache of absolute URLs: the heads and feeds ask for them, and once
    those are written it would only hold every URL of the site to the end."""
    absolute.cache_clear()


def site_path(site_url: str | None) -> str:
    """The path the site is served under (`/` or `/blog/`), from `site_url`."""
    path = urlsplit(site_url).path if site_url else "/"
    return path if path.endswith("/") else path + "/"
