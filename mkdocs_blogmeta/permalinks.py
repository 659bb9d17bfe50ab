"""URLs that never break: aliases, the permalink history, and the redirects they make.

A post's old URLs come from its `aliases` (as in Hugo) and from the history
file `blogmeta urls` writes (uuid -> every URL the post was published at).
Each old URL becomes a small redirect page. No MkDocs import.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import yaml

from . import messages, urls, yamlread
from .model import Post, Problem

HISTORY_HEADER = (
    "# The URLs every post has been published at, by uuid: written by `blogmeta urls`,\n"
    "# read by the build to keep old links alive. Commit it. Set `removed: true` on a\n"
    "# post that was taken down on purpose.\n"
)


class HistoryError(ValueError):
    """The permalink history cannot be used: why, and at which line when known."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.line = line


@dataclass(frozen=True)
class Redirect:
    """A page at an old URL that sends readers to a post."""

    dest: str  # file in the site, e.g. "old-slug/index.html"
    url: str  # the old URL as written ("/old-slug/")
    post: Post
    reason: str  # "alias" or "history"


@dataclass
class History:
    """The permalink history: uuid -> {title, urls, removed}."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str) -> History:
        """The history written in `text`; `HistoryError` (with the line when known) when it
        is not YAML, too large, or holds a value of the wrong type."""
        data, failure = yamlread.load(text)
        if failure is not None:
            raise HistoryError(failure.problem, failure.line)
        data = {} if data is None else data
        if not isinstance(data, dict):
            raise HistoryError("it should map each post's uuid to its URLs")
        entries = {}
        for key, value in data.items():
            if isinstance(value, list):
                value = {"urls": value}
            urls_ = value.get("urls", []) if isinstance(value, dict) else None
            if not isinstance(urls_, list) or not all(isinstance(u, str) for u in urls_):
                raise HistoryError(f"the entry of {key} should hold 'urls: [/old-path/, ...]'")
            removed = value.get("removed", False)
            if not isinstance(removed, bool):
                raise HistoryError(f"'removed' of {key} should be true or false, not {removed!r}")
            title = value.get("title")
            entries[str(key)] = {
                "title": title if isinstance(title, str) else None,
                "urls": list(urls_),
                "removed": removed,
            }
        return cls(entries)

    def dump(self) -> str:
        ordered = {
            k: {kk: vv for kk, vv in v.items() if vv not in (None, False)}
            for k, v in sorted(self.entries.items())
        }
        body = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=1000)
        return HISTORY_HEADER + body

    def record(self, posts: Iterable[Post]) -> list[str]:
        """Add each published post's current URL under its identity (`posts.identify`:
        two posts never share an entry); returns what changed, for people.

        A URL belongs to the post that lives there now: an entry that still lists it as
        an old URL (a post copied from another, recorded under the shared uuid by an
        earlier version; a slug taken again) gives it up, and an entry left with no URL
        goes, so the next build has no old URL that is a post's."""
        changes = []
        # An unlisted post is known by its link alone: the history (kept in the
        # repository, often public) does not name it.
        live = [p for p in posts if p.identity and not p.hidden and p.listed]
        owner = {"/" + post.url: post.identity for post in live}
        for key, entry in list(self.entries.items()):
            taken = [u for u in entry["urls"] if owner.get(u, key) != key]
            if not taken:
                continue
            entry["urls"] = [u for u in entry["urls"] if u not in taken]
            what = f"'{entry['title']}'" if entry.get("title") else key
            changes += [f"{u}: no longer an old URL of {what} (a post lives there)" for u in taken]
            if not entry["urls"]:
                del self.entries[key]
        for post in live:
            url = "/" + post.url
            entry = self.entries.setdefault(
                post.identity or "", {"title": None, "urls": [], "removed": False}
            )
            entry["title"] = post.title
            if url not in entry["urls"]:
                entry["urls"].append(url)
                changes.append(f"{post.src_path}: recorded {url}")
            if entry["removed"]:
                entry["removed"] = False
                changes.append(f"{post.src_path}: published again")
        return changes


#: Longest old path written: a redirect page is a folder per segment, on every file system.
MAX_ALIAS_CHARS = 2000


def _alias_dest(path: str) -> tuple[str | None, str]:
    """(the file an old path is served from, "") or (None, why it cannot be one)."""
    if len(path) > MAX_ALIAS_CHARS:
        return None, f"it is longer than {MAX_ALIAS_CHARS} characters"
    if any(ord(c) < 32 or ord(c) == 127 for c in path.strip()):
        return None, "it holds a control character"
    parts = urlsplit(path.strip())
    if parts.scheme or parts.netloc:
        return None, "it is not a path of this site (write '/old-path/')"
    clean = unquote(parts.path).lstrip("/")
    if any(ord(c) < 32 or ord(c) == 127 for c in clean):
        return None, "it holds a control character"
    segments = clean.rstrip("/").split("/")
    if not clean or any(part in ("", ".", "..") for part in segments):
        return None, "it is empty, or holds '.', '..' or '//'"
    if any(len(part.encode()) > urls.MAX_SEGMENT_BYTES for part in segments):
        return None, f"a part of it is longer than {urls.MAX_SEGMENT_BYTES} bytes"
    if clean.endswith("/"):
        return clean + "index.html", ""
    if posixpath.splitext(clean)[1] in (".html", ".htm"):
        return clean, ""
    return clean + "/index.html", ""


def aliases_of(post: Post) -> tuple[list[str], list[Problem]]:
    """The post's `aliases` (a list of old paths, or one path)."""
    value = post.extra.get("aliases")
    if value is None:
        return [], []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return [], [messages.post_problem("aliases-invalid", post, "aliases")]
    return value, []


def plan_redirects(
    shown: list[Post],
    held: list[Post],
    history: History | None,
    *,
    history_src: str,
    site_url: str | None,
) -> tuple[list[Redirect], list[Problem]]:
    """Every redirect the build writes, and the problems found on the way."""
    redirects: dict[str, Redirect] = {}
    problems: list[Problem] = []
    own = {post.path + "index.html": post for post in shown}

    def add(post: Post, url: str, reason: str) -> None:
        dest, why = _alias_dest(_site_path(url, site_url))
        field_name = "aliases" if reason == "alias" else "uuid"
        if dest is None:
            shown = url if len(url) <= 80 else url[:77] + "..."
            shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)
            problems.append(
                messages.post_problem("old-url-invalid", post, field_name, url=shown, reason=why)
            )
            return
        if dest in own:
            if own[dest] is not post:
                other = own[dest].src_path
                if reason == "alias":  # the author's to remove
                    found = messages.post_problem(
                        "old-url-is-post", post, field_name, url=url, other=other
                    )
                else:  # the history is `blogmeta urls`' to fix: it gives the URL up
                    found = messages.post_problem(
                        "history-url-taken", post, field_name, url=url, other=other
                    )
                problems.append(found)
            return
        other = redirects.get(dest)
        if other is not None:
            if other.post is not post:
                problems.append(
                    messages.post_problem(
                        "old-url-shared", post, field_name, url=url, other=other.post.src_path
                    )
                )
            return
        redirects[dest] = Redirect(dest, url, post, reason)

    for post in shown:
        if post.hidden:
            continue
        aliases, found = aliases_of(post)
        problems += found
        for alias in aliases:
            add(post, alias, "alias")
    if history is None:
        return list(redirects.values()), problems

    published = {p.identity: p for p in shown if p.identity and not p.hidden}
    untracked = [
        p.src_path for p in shown if not p.identity and p.is_post and not p.hidden and p.listed
    ]
    if untracked:
        problems.append(
            messages.problem(
                "uuid-missing",
                untracked[0],
                field="uuid",
                count=len(untracked),
                names=", ".join(untracked),
            )
        )
    for uuid, entry in sorted(history.entries.items()):
        post = published.get(uuid)
        if post is None:
            if not entry["removed"] and entry["urls"]:
                what = f"'{entry['title']}'" if entry.get("title") else f"uuid {uuid}"
                problems.append(
                    messages.problem(
                        "post-gone",
                        history_src,
                        what=what,
                        urls=", ".join(entry["urls"]),
                        uuid=uuid,
                    )
                )
            continue
        current = "/" + post.url
        old = [u for u in entry["urls"] if u != current]
        for url in old:
            add(post, url, "history")
        if current not in entry["urls"] and post.listed:  # `record` leaves unlisted out
            moved = ", ".join(old) if old else "nowhere"
            problems.append(
                messages.post_problem("post-moved", post, "slug", old=moved, new=current)
            )
    return list(redirects.values()), problems


def _site_path(url: str, site_url: str | None) -> str:
    """A URL of the site (`https://host/blog/x/`, `/blog/x/`) as a path below the site root."""
    if site_url and url.startswith(site_url):
        return "/" + url[len(site_url) :]
    base = urls.site_path(site_url)
    if base != "/" and url.startswith(base):
        return "/" + url[len(base) :]
    return url


def read_history(src: str, data: bytes | None) -> tuple[History | None, list[Problem]]:
    """The history file's content, or None with a problem when it cannot be read."""
    if data is None:
        return None, []
    if len(data) > yamlread.MAX_BYTES:
        reason = f"it is larger than {yamlread.MAX_BYTES // 1024} KB"
        return None, [messages.problem("history-invalid", src, error=reason)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        reason = "it is not UTF-8 text; is it a binary file?"
        return None, [messages.problem("history-invalid", src, error=reason)]
    try:
        return History.parse(text), []
    except HistoryError as exc:
        return None, [messages.problem("history-invalid", src, exc.line, error=exc)]


def redirect_context(redirect: Redirect, site_url: str | None) -> dict[str, Any]:
    """What `blogmeta/redirect.html` needs for one redirect page: the post's URL relative
    to the old one (works under any sub-path) and absolute (canonical)."""
    folder = posixpath.dirname(redirect.dest)
    target = urls.relative_url(redirect.post.url, folder + "/" if folder else "")
    target = quote(target, safe="/#%~")
    canonical = urls.absolute(site_url, redirect.post.url) if site_url else None
    return {"title": redirect.post.title, "target": target, "canonical": canonical}
