"""Links between posts: checked against the blog, and bundle links made permanent.

A post may link another by its bundle (`../2023-03-26_the-senior-dev/`,
`../2023-03-26_the-senior-dev/index.md`) or by its URL (`/the-senior-dev/`,
with or without the site's host). A link to a post that does not exist, or
from a published post to a draft, is reported with its line; a link to a
bundle folder is rewritten to the post's `index.md`, which MkDocs then turns
into the post's permanent URL; a link to a draft is taken out (its text is
kept), so the draft's URL never reaches the site. No MkDocs import.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from . import messages, posts, unpublished, urls
from .model import Post, Problem

# Each pattern starts with the characters it can start with (`[`, not `(?<!!)`; `s`
# before `\b`), so that `re` skips to them instead of trying every position of a body.
_INLINE_RE = re.compile(r"\[(?<!!\[)([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)\n]*)?\)")
_REFERENCE_RE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)
_HTML_RE = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
#: What each letter of an attribute name matches under `re.IGNORECASE` (U+017F, long
#: s, is an `s` to it).
_CASES = {"s": "sS\u017f"}


def _attributes(names: tuple[str, ...], value: str) -> list[str]:
    """Patterns for raw HTML's `name=value`, a name in any case as `re.IGNORECASE` reads
    it, each branch from one spelling of its first letter (`re` skips to it);
    `(?<!\\w.)` after that letter is `\\b` before it."""

    def case(letter: str) -> str:
        return _CASES.get(letter, letter + letter.upper())

    return [
        first + r"(?<!\w.)" + "".join(f"[{case(c)}]" for c in name[1:]) + value
        for name in names
        for first in case(name[0])
    ]


#: What else names a file: images (`![x](a.png)`; in angle brackets: `_ANGLED_RE`) and
#: raw HTML's `src=`/`poster=`/`data=` (`<object>`; quoted, a name with spaces too). The
#: path is the match's last group.
_FILE_REF_RE = re.compile(
    "|".join(
        [
            r"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)",
            *_attributes(
                ("src", "poster", "data"),
                r"""\s*=\s*(?:"([^"<>\n]+)"|'([^'<>\n]+)'|["']?([^"'\s>]+))""",
            ),
        ]
    )
)
#: A link's, an image's or a reference definition's target in angle brackets, which may
#: hold spaces (`[x](<a b.pdf>)`, `![x](<a b.png>)`, `[x]: <a b.png>`): the path is the
#: match's last group.
_ANGLED_RE = re.compile(r"\]\(\s*<([^<>\n]+)>|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<([^<>\n]+)>", re.M)
#: Raw HTML's `srcset="a.png 1x, b.png 2x"`: every candidate's path names a file.
_SRCSET_RE = re.compile("|".join(_attributes(("srcset",), r"""\s*=\s*(?:"([^"]*)"|'([^']*)')""")))


@dataclass(frozen=True)
class Edit:
    """Replace `body[start:end]` (which reads `old`) with `new`."""

    start: int
    end: int
    old: str
    new: str
    held: str = ""  # the held post a link to is taken out, if that is what the edit does


@dataclass(frozen=True, slots=True)  # a blog has tens of thousands
class Link:
    start: int  # span of what an edit replaces
    end: int
    target: str
    text: str | None  # the link text of an inline link (kept when the link goes)
    target_start: int
    line: int


def find_links(body: str) -> tuple[Link, ...]:
    """Links of a Markdown body outside code: inline, reference definitions, `<a href>`,
    each with its line in the body (1 for the first)."""
    return _scan(body)[0]


def _referenced(body: str) -> tuple[str, ...]:
    """Every link, image and raw HTML path a body writes outside code."""
    return _scan(body)[1]


@lru_cache(maxsize=16384)
def _scan(body: str) -> tuple[tuple[Link, ...], tuple[str, ...]]:
    """A body's links (`find_links`) and every path it writes (`_referenced`), from one
    reading of it without its code. Kept per body: a build asks for both at different
    steps, and `mkdocs serve` reads every post again on each save."""
    blanked = posts.blank_code(body)
    found = []
    for match in _INLINE_RE.finditer(blanked):
        found.append(
            Link(match.start(), match.end(), match.group(2), match.group(1), match.start(2), 0)
        )
    for regex in (_REFERENCE_RE, _HTML_RE) if "]:" in blanked else (_HTML_RE,):
        for match in regex.finditer(blanked):
            found.append(
                Link(match.start(1), match.end(1), match.group(1), None, match.start(1), 0)
            )
    found.sort(key=lambda link: link.start)
    lined, line, at = [], 1, 0
    for k in found:  # lines counted on from the link before
        line, at = line + body.count("\n", at, k.start), k.start
        lined.append(Link(k.start, k.end, k.target, k.text, k.target_start, line))
    paths = [m[m.lastindex] for m in _FILE_REF_RE.finditer(blanked)]
    if "<" in blanked:
        paths += [m[m.lastindex] for m in _ANGLED_RE.finditer(blanked)]
        for m in _SRCSET_RE.finditer(blanked):
            paths += [c.split()[0] for c in m[m.lastindex].split(",") if c.strip()]
    return tuple(lined), (*(link.target for link in lined), *paths)


def forget() -> None:
    """Empty the cache kept by body (`find_links`, `_referenced`)."""
    _scan.cache_clear()


def linked_files(src: str, body: str, files: Iterable[str] | Mapping[str, object]) -> set[str]:
    """The files of the docs tree that the Markdown of `src` links or shows (links, images
    and raw HTML outside code), by docs-relative path."""
    found = set()
    for target in _referenced(body):
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = unquote(parts.path)
        if path.startswith("/"):
            resolved = posixpath.normpath(path.lstrip("/"))
        else:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
        if resolved in files:
            found.add(resolved)
    return found


@dataclass(frozen=True)
class LinkIndex:
    """What checking links needs to know of the site."""

    posts_by_src: Mapping[str, Post]  # every post read, shown or held
    bundles: Mapping[str, Post]  # bundle folder -> post
    by_path: Mapping[str, Post]  # site path of every post ("slug/", "slug/index.html")
    known_paths: frozenset[str]  # every other path of the site (pages, files, redirects)
    posts_dir: str
    site_url: str | None
    post_url_re: re.Pattern[str]


def site_for(
    every: Iterable[Post],
    known_paths: Iterable[str],
    posts_dir: str,
    site_url: str | None,
    post_url: str,
) -> LinkIndex:
    posts = list(every)
    by_path: dict[str, Post] = {}
    for post in posts:
        if post.path:
            by_path[post.path] = post
            by_path[post.path + "index.html"] = post
    pattern = re.escape(post_url)
    for name, regex in (
        ("slug", r"[^/]+"),
        ("year", r"\d{4}"),
        ("month", r"\d{2}"),
        ("day", r"\d{2}"),
        ("author_slug", r"[^/]+"),
    ):
        pattern = pattern.replace(re.escape("{" + name + "}"), regex)
    return LinkIndex(
        posts_by_src={p.src_path: p for p in posts},
        bundles={p.bundle_dir: p for p in posts if p.bundle_dir},
        by_path=by_path,
        known_paths=frozenset(known_paths),
        posts_dir=posts_dir,
        site_url=site_url,
        post_url_re=re.compile(f"^{pattern}(index\\.html)?$"),
    )


def check_post(
    post: Post, body: str, first_line: int, blog: LinkIndex
) -> tuple[list[Edit], list[Problem]]:
    """Problems with the post's links to other posts, and the edits its body needs."""
    return check_page(post.src_path, body, first_line, blog, held=bool(post.hidden))


def index_key(blog: LinkIndex) -> str:
    """A digest of everything `check_page` reads of the index: each post a link may
    find (by its source, bundle or site path) with its status, the site's other paths,
    and the URL rules; the same digest, the same answer for the same page text.

    One text of NUL-separated fields (no path holds NUL), each map in its own order: the
    same index built the same way gives the same text, and any other order only a new
    digest (a check made again), never a wrong answer. It is asked at every rebuild of
    `mkdocs serve`, over every post three times: no tuple or `repr` for each."""
    digest = hashlib.sha1()
    for by in (blog.posts_by_src, blog.bundles, blog.by_path):
        digest.update(f"{len(by)}\0".encode())
        text = "\0".join(
            f"{key}\0{p.src_path}\0{'' if p.hidden is None else '!' + p.hidden}"
            for key, p in by.items()
        )  # fmt: skip
        digest.update(text.encode("utf-8", "surrogatepass"))
    rest = (len(blog.known_paths), *sorted(blog.known_paths), blog.posts_dir, blog.site_url)
    rest += (blog.post_url_re.pattern,)
    digest.update("\0".join(map(str, rest)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def check_page(
    src: str, body: str, first_line: int, blog: LinkIndex, *, held: bool = False
) -> tuple[list[Edit], list[Problem]]:
    """Problems with the links of the Markdown page `src` (a post, a file of its bundle,
    any page of the site) to posts, and the edits its body needs: one rule for all, so
    that no page hands MkDocs a link to a post it does not publish."""
    edits: list[Edit] = []
    problems: list[Problem] = []
    for link in find_links(body):
        line = first_line - 1 + link.line
        target, how = _target(src, link.target, blog)
        if how is None:
            continue
        if target is None:
            problems.append(messages.problem("link-not-a-post", src, line, target=link.target))
            continue
        if target.hidden and not held:
            problems.append(
                messages.problem(
                    "link-to-draft",
                    src,
                    line,
                    target=link.target,
                    state=unpublished.state_of(target.hidden),
                    other=target.src_path,
                )
            )
            old, new = (
                (body[link.start : link.end], link.text)
                if link.text is not None
                else (link.target, "#")
            )
            edits.append(Edit(link.start, link.end, old, new, target.src_path))
            continue
        if how == "bundle" and not link.target.split("#")[0].endswith(".md"):
            fragment = "#" + link.target.split("#", 1)[1] if "#" in link.target else ""
            new = posixpath.relpath(target.src_path, posixpath.dirname(src)) + fragment
            start = link.target_start
            edits.append(Edit(start, start + len(link.target), link.target, new))
    return edits, problems


def _target(src: str, target: str, blog: LinkIndex) -> tuple[Post | None, str | None]:
    """(the post a link points to, "bundle" or "site"), (None, kind) for a missing post,
    (None, None) for a link that is not about posts."""
    parts = urlsplit(target)
    path = unquote(parts.path)
    if parts.scheme or parts.netloc:
        if not blog.site_url or not target.startswith(_origin(blog.site_url)):
            return None, None
        return _by_site_path(path, blog)
    if not path:
        return None, None
    if path.startswith("/"):
        return _by_site_path(path, blog)
    base = posixpath.dirname(src)
    resolved = posixpath.normpath(posixpath.join(base, path))
    if resolved in blog.posts_by_src:
        return blog.posts_by_src[resolved], "bundle"
    if resolved in blog.bundles:
        return blog.bundles[resolved], "bundle"
    if resolved.startswith(blog.posts_dir + "/"):
        first = resolved[len(blog.posts_dir) + 1 :].split("/", 1)[0]
        looks_like_post = path.endswith((".md", "/")) or "." not in posixpath.basename(path)
        if urls.dated_name(first) and looks_like_post:
            folder = blog.posts_dir + "/" + first
            if folder not in blog.bundles:
                return None, "bundle"
    return None, None


def _by_site_path(path: str, blog: LinkIndex) -> tuple[Post | None, str | None]:
    base = urls.site_path(blog.site_url)
    if not path.startswith(base):
        return None, None
    relative = path[len(base) :]
    if relative in blog.by_path:
        return blog.by_path[relative], "site"
    if relative in blog.known_paths or (relative.rstrip("/") + "/") in blog.known_paths:
        return None, None
    if relative and blog.post_url_re.match(relative):
        return None, "site"
    return None, None


def _origin(site_url: str) -> str:
    parts = urlsplit(site_url)
    return f"{parts.scheme}://{parts.netloc}"


def apply(body: str, edits: list[Edit]) -> tuple[str, set[str]]:
    """The body with the edits made, and the held posts whose link no edit could find.

    Each edit is made where the text it replaces is: at its offset when the body is as it
    was read, else at the nearest place that reads the same (another plugin may have
    changed the text before: an include above it shifts every offset). An edit whose text
    is nowhere is skipped; a link to a held post it was for is taken out of the HTML.
    """
    placed: list[tuple[int, Edit]] = []
    missed: set[str] = set()
    taken: list[tuple[int, int]] = []
    for edit in sorted(edits, key=lambda e: e.start):
        at = _find(body, edit, taken)
        if at is None:
            if edit.held:
                missed.add(edit.held)
            continue
        placed.append((at, edit))
        taken.append((at, at + len(edit.old)))
    for at, edit in sorted(placed, key=lambda p: p[0], reverse=True):
        body = body[:at] + edit.new + body[at + len(edit.old) :]
    return body, missed


def _find(body: str, edit: Edit, taken: list[tuple[int, int]]) -> int | None:
    """Where `edit.old` is in `body`: its own offset, else the nearest free occurrence."""

    def free(at: int) -> bool:
        end = at + len(edit.old)
        return all(end <= a or at >= b for a, b in taken)

    if body[edit.start : edit.end] == edit.old and free(edit.start):
        return edit.start
    found = [m.start() for m in re.finditer(re.escape(edit.old), body) if free(m.start())]
    return min(found, key=lambda at: abs(at - edit.start)) if found else None


def known_paths(files: Iterable[str], use_directory_urls: bool) -> set[str]:
    """Site paths of the docs tree's files as MkDocs writes them (pages in both forms)."""
    paths = set()
    for src in files:
        if src.endswith(".md"):
            url = urls.doc_url(src, use_directory_urls)
            paths.add(url)
            paths.add(url + "index.html" if url.endswith("/") or not url else url)
        else:
            paths.add(src)
    return paths


#: Raw HTML's `src="..."`, `href='...'`, `poster=...`, in any case; the value is the
#: match's last group.
_RAW_URL_RE = re.compile(
    "|".join(_attributes(("src", "href", "poster"), r"""\s*=\s*(?:"([^"]*)"|'([^']*)')"""))
)
#: What every raw HTML path has (`="` or `='`): a body without it has none.
_QUOTED_VALUE_RE = re.compile(r"=\s*[\"']")


def raw_html_moves(src: str, body: str, url_of: Mapping[str, str], page_url: str) -> list[Edit]:
    """Edits for the raw HTML of a page the blog moved (a post, a file of its bundle):
    MkDocs adjusts Markdown links and images to the page's new URL, never raw HTML
    (`<img src>`, `<a href>`, `<video poster>`, as authors or plugins write it), so a path
    relative to the source that leaves the bundle (`../../assets/me.png`) would break
    where the page now lives. Each such path to a file of the site (`url_of`: docs path ->
    site URL) is rewritten relative to `page_url`; anything else is left as written."""
    if _QUOTED_VALUE_RE.search(body) is None or _RAW_URL_RE.search(body) is None:
        return []  # most posts: no raw HTML path at all
    blanked = posts.blank_code(body)
    edits = []
    for match in _RAW_URL_RE.finditer(blanked):
        group = match.lastindex
        value = body[match.start(group) : match.end(group)]
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), unquote(parts.path)))
        if resolved not in url_of:
            continue
        new = urls.relative_url(url_of[resolved], page_url)
        new += ("?" + parts.query if parts.query else "") + (
            "#" + parts.fragment if parts.fragment else ""
        )
        if new != value:
            edits.append(Edit(match.start(group), match.end(group), value, new))
    return edits
