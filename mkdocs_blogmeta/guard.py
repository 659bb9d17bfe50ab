"""The guard: no link to a held post (a draft, a future post, a page of its bundle)
reaches the site, whatever made it.

A post's own links were checked when the blog was read (`links.check_page` gave each
its edit). What other plugins, includes, macros and the theme add later is caught
here, in three passes the plugin's hooks call: over Markdown (first and last in
`on_page_markdown`), over each page's HTML (last in `on_page_content`) and over each
written page (last in `on_post_page`). Each link is reported once a build. No MkDocs
import: the hooks hand it text and paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import links, messages, unpublished
from .model import Problem


class Leak(Exception):
    """A held post's URL left in a page in a form the guard cannot take out: the build
    must stop with the problem (`draft-link-left`)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Guard:
    """One build's guard: what was read of the held posts, and what was said."""

    space: unpublished.Space = field(default_factory=unpublished.Space)
    link_index: links.LinkIndex | None = None
    #: post src -> the edits of its Markdown planned when the blog was read
    edits: dict[str, list[links.Edit]] = field(default_factory=dict)
    #: (page, held post, link) already reported
    reported: set[tuple[str, str, str]] = field(default_factory=set)
    #: page -> held posts whose Markdown edit missed (another plugin changed the text)
    missed: dict[str, set[str]] = field(default_factory=dict)
    #: held posts whose links the theme made, already reported
    theme_removals: set[str] = field(default_factory=set)
    site_files_known: bool = False

    @classmethod
    def of(
        cls,
        space: unpublished.Space,
        link_index: links.LinkIndex | None,
        edits: dict[str, list[links.Edit]],
    ) -> Guard:
        """The guard of a blog as read: its posts' links to held posts are reported."""
        reported = {(src, e.held, e.old) for src, found in edits.items() for e in found if e.held}
        return cls(space, link_index, edits, reported)

    def post_markdown(self, src: str, markdown: str) -> str:
        """A post's Markdown with its planned edits made (links made permanent, links
        to held posts out); each edit found by the text it replaces."""
        markdown, self.missed[src] = links.apply(markdown, self.edits.get(src, []))
        return markdown

    def markdown(
        self, src: str, markdown: str, source: Callable[[], str]
    ) -> tuple[str, list[Problem]]:
        """`markdown` without links to held posts, by the posts' own rule
        (`links.check_page`), so MkDocs never meets a link to a page it does not have.
        Each link is reported once, at its line when the page's file (`source`) holds it."""
        if self.link_index is None or not self.space.named_in(markdown):
            return markdown, []
        text = source()
        at = text.find(markdown[:200]) if markdown else -1
        first = text.count("\n", 0, at) + 1 if at >= 0 else 1
        edits, problems = links.check_page(src, markdown, first, self.link_index)
        edits = [e for e in edits if e.held]
        said = [p for p in problems if p.code == "link-to-draft"]
        markdown, missed = links.apply(markdown, edits)
        self.missed[src] = self.missed.get(src, set()) | missed
        fresh = []
        for problem, edit in zip(said, edits, strict=True):
            if (src, edit.held, edit.old) not in self.reported:
                self.reported.add((src, edit.held, edit.old))
                fresh.append(problem)
        return markdown, fresh

    def html(
        self,
        src: str,
        url: str,
        html: str,
        *,
        own: bool,
        published: Callable[[], Iterable[str]],
        source: Callable[[], str],
    ) -> tuple[str, list[Problem]]:
        """A page's HTML without links to held posts (`own`: the plugin's own index page,
        for which the cheap look is enough). `published` gives every path the site
        writes, once. A link whose Markdown edit missed, still named in the page in a
        form this pass cannot take out, raises `Leak`: its URL must not reach the site."""
        if not self.space or (own and not self.space.named_in(html)):
            return html, []
        if not self.site_files_known:  # the files are final once pages render
            self.site_files_known = True
            self.space = self.space.with_published(published())
        html, removed = unpublished.clean(html, url, self.space)
        # A link whose Markdown edit another plugin's text change made miss: it was
        # reported with its line when the posts were read, and is taken out here.
        missed = self.missed.pop(src, set())
        gone = {r.target.src for r in removed}
        for held in sorted(missed - gone):
            if self.space.still_named(html, held):
                raise Leak(messages.problem("draft-link-left", src, other=held))
        removed = [r for r in removed if not (r.tag == "a" and r.target.src in missed)]
        if not removed:
            return html, []
        return html, unpublished.removal_problems(src, source(), removed)

    def output(self, html: str, url: str, src: str) -> tuple[str, list[Problem]]:
        """A written page without links into held posts that the theme made (the nav
        naming a draft's file, an override); one report per held post per build, since
        a link in the nav is on every page."""
        if not self.space or not self.space.named_in(html):
            return html, []
        html, removed = unpublished.clean(html, url, self.space)
        fresh = {r.target.src: r for r in removed if r.target.src not in self.theme_removals}
        self.theme_removals.update(fresh)
        return html, [
            messages.problem(
                "theme-links-draft", src, target=r.url, state=r.target.state, other=r.target.src
            )
            for r in fresh.values()
        ]
