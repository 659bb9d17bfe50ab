"""Excerpts: a post's text up to its separator (Material's `<!-- more -->`), as HTML
that works on any page that shows it (a listing, a page's latest posts, a feed).

The excerpt is cut from the post's Markdown as read, with the links the blog planned
for it made (links between posts made permanent, links to held posts taken out), and
rendered with the site's own Markdown extensions, as Material's blog does: it does not
depend on the order MkDocs renders pages, nor on the post's page being rendered at all
(`mkdocs serve --dirty`). Its links are then placed from the site root (each a file of
the docs tree at its URL, else as a browser on the post's page reads it), its ids
dropped (two excerpts on one page must not share one) and its headings put under the
entry's title. No MkDocs import: the adapter hands over the Markdown renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from html import escape
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from . import links, posts, urls
from .model import Post

#: Stands for the site's root while a URL is placed (never printed).
_ROOT = "http://blogmeta.invalid/"
#: The entry's title is an `<h2>`: the excerpt's headings go below it.
_FIRST_HEADING = 3


@lru_cache(maxsize=16384)
def cut(body: str, separator: str) -> str | None:
    """The body up to the first `separator` outside code (fenced blocks and code spans),
    or None when it has none."""
    start = 0
    while (at := body.find(separator, start)) >= 0:
        end = at + len(separator)
        if posts.blank_code(body[:end])[at:end] == separator:
            return body[:at].rstrip()
        start = end
    return None


def sources(
    shown: Iterable[Post],
    bodies: Mapping[str, str],
    edits: Mapping[str, list[links.Edit]],
    separator: str | None,
) -> dict[str, str]:
    """Each shown post's excerpt as Markdown, by its `src_path`: the body with the blog's
    link edits made (the same as its page's), cut at the separator. Posts without a
    separator have none; a body is searched only when it holds the separator at all."""
    found: dict[str, str] = {}
    if not separator:
        return found
    for post in shown:
        body = bodies.get(post.src_path, "")
        if separator not in body:
            continue
        body, _ = links.apply(body, edits.get(post.src_path, []))
        text = cut(body, separator)
        if text:
            found[post.src_path] = text
    return found


def place(value: str, post: Post, url_of: Mapping[str, str]) -> str | None:
    """Where a URL of the post's HTML leads, as a path from the site root: a file of the
    docs tree (a page, an image of the bundle) at its URL, an `#anchor` on the post's
    page, anything else relative as a browser on the post's page reads it. None for a
    URL that leads elsewhere (another site, a path from the host's root, `mailto:`)."""
    if value.startswith("#"):
        return post.url + value
    if not urls.is_docs_path(value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    if parts.path:
        target = urls.resolve(_folder(post.src_path), unquote(parts.path))
        if target is not None and target in url_of:
            rest = ("?" + parts.query if parts.query else "") + (
                "#" + parts.fragment if parts.fragment else ""
            )
            return url_of[target] + rest
    joined = urljoin(_ROOT + post.url, value)
    return joined[len(_ROOT) :] if joined.startswith(_ROOT) else None


def _folder(src: str) -> str:
    return src.rsplit("/", 1)[0] if "/" in src else ""


def finish(html: str, post: Post, url_of: Mapping[str, str], mark: str) -> str:
    """Rendered excerpt HTML made to hold on any page: each link placed from the site
    root behind `mark` (the page that shows it puts the way up there), ids and
    permalinks dropped, headings under the entry's title."""

    def fix(value: str) -> str:
        placed = place(value, post, url_of)
        return value if placed is None else mark + placed

    return urls.map_links(_Finisher.finish(html), fix).strip()


class _Finisher(HTMLParser):
    """Rendered HTML read by the stdlib parser and written again tag by tag: ids and
    heading permalinks (`a.headerlink`) dropped, headings a level down from `<h3>`;
    text, comments and untouched tags as written, changed attributes escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self._skip = 0  # depth of `<a>` inside a permalink being dropped

    @classmethod
    def finish(cls, html: str) -> str:
        finisher = cls()
        finisher.feed(html)
        finisher.close()
        return "".join(finisher.out)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        if self._skip or (tag == "a" and "headerlink" in _classes(attrs)):
            self._skip += tag == "a" and not closed
            return
        kept = [(name, value) for name, value in attrs if name != "id"]
        name = _demoted(tag)
        if name == tag and len(kept) == len(attrs):
            self.out.append(self.get_starttag_text() or "")
            return
        written = "".join(f" {n}" if v is None else f' {n}="{escape(v)}"' for n, v in kept)
        self.out.append(f"<{name}{written}{' /' if closed else ''}>")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            self._skip -= tag == "a"
            return
        self.out.append(f"</{_demoted(tag)}>")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.handle_data(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.handle_data(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.handle_data(f"<![{data}]>")

    def handle_pi(self, data: str) -> None:
        self.handle_data(f"<?{data}>")


def _classes(attrs: list[tuple[str, str | None]]) -> list[str]:
    return next((v or "" for n, v in attrs if n == "class"), "").split()


def _demoted(tag: str) -> str:
    """`h1`, `h2` (a post's sections) to `h3`, each deeper one a level down; any other
    tag as it is."""
    if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
        return f"h{min(max(int(tag[1]) + 1, _FIRST_HEADING), 6)}"
    return tag


class Excerpts:
    """Each post's excerpt as HTML, rendered once a build, for every page that shows it.

    `render` is Markdown with the site's extensions (from the adapter); `url_of` gives
    each file of the docs tree its URL; links start with `mark` (`pages.ROOT_MARK`)."""

    def __init__(
        self,
        markdown: Mapping[str, str],
        render: Callable[[str], str],
        url_of: Mapping[str, str],
        mark: str,
    ) -> None:
        self.markdown, self.render, self.url_of, self.mark = markdown, render, url_of, mark
        self.done: dict[str, str] = {}

    def __contains__(self, post: Post) -> bool:
        return post.src_path in self.markdown

    def __call__(self, post: Post) -> str | None:
        """The post's excerpt, or None when it has no separator."""
        text = self.markdown.get(post.src_path)
        if text is None:
            return None
        if post.src_path not in self.done:
            self.done[post.src_path] = finish(self.render(text), post, self.url_of, self.mark)
        return self.done[post.src_path]

    def keep_only(self, srcs: Iterable[str]) -> None:
        """Keep the excerpts of these posts alone (the feeds', once every listing is
        rendered), as Markdown and as rendered; the others are not asked for again."""
        keep = set(srcs)
        self.markdown = {src: text for src, text in self.markdown.items() if src in keep}
        self.done = {src: html for src, html in self.done.items() if src in keep}
