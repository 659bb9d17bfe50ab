"""The blog read from a docs tree: posts found, read, placed and checked.

One code path for the build and for `blogmeta check`: both hand it the docs
tree's files and get back the posts, what to leave out, and every problem.
No MkDocs import: the caller says which files exist and how to read them.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from . import (
    cards,
    excerpts,
    i18n,
    images,
    indexes,
    links,
    messages,
    permalinks,
    posts,
    seo,
    unpublished,
    urls,
    visibility,
    yamlread,
)
from . import (
    languages as languages_,
)
from .model import Blog, Derived, Post, Problem

#: Larger post files are left out: rendering them would take minutes and gigabytes.
MAX_POST_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """What reading the blog needs of the configuration."""

    docs_dir: str = "."
    posts_dir: str = "posts"
    post_url: str = "{slug}/"
    use_directory_urls: bool = True
    future_is_draft: bool = True
    show_drafts: bool = False
    default_image: str | None = None
    authors_file: str | None = None  # docs-relative; None: authors.yml beside posts_dir
    site_url: str | None = None
    #: the site's `defaults` for fields a post lacks, and what the configuration gives
    #: when nothing else does (theme language, `site_author`)
    defaults: Mapping[str, Any] = field(default_factory=dict)
    fallbacks: Mapping[str, Any] = field(default_factory=dict)
    #: the permalink history file on disk, and its name for messages
    history_file: str | None = None
    history_name: str = "blogmeta-urls.yml"
    index: indexes.IndexSettings = field(default_factory=indexes.IndexSettings)
    #: where what was read of images is remembered between builds (None: read them all)
    image_cache: str | None = None
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    #: the `languages:` option (empty: one language, and no translation files)
    languages: languages_.Languages = field(default_factory=languages_.Languages)

    @property
    def authors_src(self) -> str:
        if self.authors_file is not None:
            return self.authors_file
        return posixpath.join(posixpath.dirname(self.posts_dir), "authors.yml")


@dataclass
class Checked:
    """The blog as read: what the build shows, what it leaves out, what is wrong."""

    reading: posts.Reading
    shown: list[Post]
    held: list[Post]
    #: file src -> src of the post whose bundle holds it
    owner: dict[str, str]
    images: dict[str, images.ImageInfo]
    profiles: dict[str, dict[str, Any]]
    blog: Blog
    problems: list[Problem]
    #: files of the docs tree that must not reach the site (links leaving docs_dir, ...)
    excluded: set[str]
    #: pages at old URLs (aliases, permalink history) that send readers to a post
    redirects: list[permalinks.Redirect] = field(default_factory=list)
    #: post src -> edits of its Markdown (links to bundles made permanent, to drafts removed)
    edits: dict[str, list[links.Edit]] = field(default_factory=dict)
    #: where the held posts would be: the build takes links into it out of every page
    unpublished_urls: unpublished.Space = field(default_factory=unpublished.Space)
    #: what checking a page's links to posts needs (other pages are checked as they render)
    link_index: links.LinkIndex | None = None
    #: the files of the docs tree that may be read (not leaving it, not broken links)
    usable: dict[str, str | None] = field(default_factory=dict)


def check(
    files: Mapping[str, str | None],
    read: Callable[[str], str | None],
    settings: Settings,
) -> Checked:
    """Read and check every post of a docs tree, then assemble the blog: what `blogmeta
    check` runs; the build plans share cards between the two (`read_posts`, then
    `assemble`)."""
    checked = read_posts(files, read, settings)
    return assemble(checked, checked.shown, settings)


def read_posts(
    files: Mapping[str, str | None],
    read: Callable[[str], str | None],
    settings: Settings,
    cache: posts.ReadCache | None = None,
) -> Checked:
    """Read and check every post of a docs tree: everything but the blog itself (its
    indexes, redirects and links), which `assemble` makes from the posts to show.

    `files` maps each file's docs-relative path to its path on disk (None for
    files that exist only in the build); `read` returns a file's text, or None
    when it is not UTF-8.
    """
    problems: list[Problem] = []
    broken, leaving = _unsafe_links(files, settings)
    problems += [messages.problem("link-broken", src) for src in sorted(broken)]
    problems += [messages.problem("link-leaves-docs", src) for src in sorted(leaving)]
    excluded = broken | leaving
    usable = {src: path for src, path in files.items() if src not in excluded}
    post_srcs, owner = posts.find_posts(usable, settings.posts_dir)
    translated: dict[str, str] = {}
    if settings.languages:
        translated, owner = languages_.split_translations(owner, post_srcs)
    orphans, found = _bundles_without_index(usable, settings.posts_dir, post_srcs)
    problems += found
    excluded |= orphans
    texts = _Texts(post_srcs, lambda src: _read_post(src, usable[src], read, problems))
    bundles = posts.find_bundles(usable, settings.posts_dir)
    mains = {main: folder for folder, main in bundles.items()}
    reading = posts.read_posts(
        texts,
        bundles={src: mains.get(src) for src in post_srcs},
        known_files=usable,
        defaults=settings.defaults,
        fallbacks=settings.fallbacks,
        now=settings.now,
        future_is_draft=settings.future_is_draft,
        cache=cache,
    )
    if translated:
        owner = {**owner, **read_translations(translated, usable, read, reading, settings, cache)}
    reading.posts, same_uuid = posts.identify(reading.posts, cache.identified if cache else None)
    shown, held, placing = posts.place_posts(
        reading.posts,
        template=settings.post_url,
        use_directory_urls=settings.use_directory_urls,
        show_drafts=settings.show_drafts,
        languages=settings.languages,
        kept=cache.placed if cache else None,
    )
    if translated:
        shown = _assets_with_their_posts(shown)
    problems += reading.problems + placing + same_uuid
    pages_out, page_problems = bundle_pages(owner, shown, usable, read, settings)
    problems += page_problems
    excluded |= pages_out
    loose, loose_problems = held_files(usable, owner, reading, shown, held)
    problems += loose_problems
    excluded |= set(loose)
    # a held translation holds its own URL, not its bundle's folder (its post's)
    held_alone = [replace(p, bundle_dir=None) if p.translation_of else p for p in held]
    space = unpublished_space(settings, usable, owner, reading, shown, held_alone, pages_out, loose)
    shown, refused = unpublished.refuse_fields(shown, space)
    problems += refused
    shown = place_links(shown, owner, settings.use_directory_urls)
    problems += posts.check_blog(shown)
    problems += todo_problems(shown, reading)
    infos = inspect_images(shown, usable, settings.default_image, settings.image_cache)
    for post in shown:
        problems += images.post_image_problems(post, infos)
        problems += seo.text_problems(post)
    profiles, profile_problems = read_profiles(
        settings.authors_src, usable, read, given=settings.authors_file is not None
    )
    hidden = posixpath.join(posixpath.dirname(settings.authors_src), ".authors.yml")
    hidden_path = os.path.join(settings.docs_dir, hidden)
    if not profiles and settings.authors_file is None and os.path.isfile(hidden_path):
        # Material's `.authors.yml`: a dotfile, which MkDocs leaves out of its files
        if _outside(hidden_path, os.path.realpath(settings.docs_dir), {}):
            profile_problems = [messages.problem("link-leaves-docs", hidden)]
        else:
            profiles, profile_problems = read_profiles(
                hidden, {hidden: hidden_path, **usable}, lambda _: _read_file(hidden_path), True
            )
    problems += profile_problems
    return Checked(
        reading, shown, held, owner, infos, profiles, Blog(), problems, excluded,
        unpublished_urls=space, usable=usable,
    )  # fmt: skip


class _Texts(Mapping[str, "str | None"]):
    """The posts' texts, each read when asked for and not kept: `posts.read_posts` reads
    them one at a time, so a blog's texts are never all held at once beside its bodies."""

    def __init__(self, srcs: list[str], read: Callable[[str], str | None]) -> None:
        self._srcs, self._read = dict.fromkeys(srcs), read

    def __getitem__(self, src: str) -> str | None:
        if src not in self._srcs:
            raise KeyError(src)
        return self._read(src)

    def __iter__(self) -> Iterator[str]:
        return iter(self._srcs)

    def __len__(self) -> int:
        return len(self._srcs)


def read_translations(
    translated: Mapping[str, str],
    files: Mapping[str, str | None],
    read: Callable[[str], str | None],
    reading: posts.Reading,
    settings: Settings,
    cache: posts.ReadCache | None = None,
) -> dict[str, str]:
    """Read each translation file (`index.it.md`) as a post of its own language, with
    what it does not set taken from the post it translates (`languages.inherited`), its
    own id (`languages.translation_uuid`) and its own status; held with its post. Into
    `reading`; returns the files that stay bundle files ({src: post}): a language the
    `languages:` option lacks (a warning), a post that could not be read."""
    by_src = {post.src_path: post for post in reading.posts}
    stay: dict[str, str] = {}
    for src, main in sorted(translated.items()):
        post = by_src.get(main)
        code = languages_.suffix_language(src) or ""
        language = settings.languages.find(code)
        if language is None:
            reading.problems.append(messages.problem("language-unknown", src, language=code))
        if post is None or language is None:
            stay[src] = main
            continue
        problems: list[Problem] = []
        text = _read_post(src, files.get(src), read, problems)
        got = posts.read_posts(
            {src: text},
            bundles={src: post.bundle_dir},
            known_files=files,
            defaults=settings.defaults,
            # its language is its file name's: not one assumed from the site's
            fallbacks={**settings.fallbacks, "language": None},
            now=settings.now,
            future_is_draft=settings.future_is_draft,
            cache=cache,
            inherited={src: languages_.inherited(reading.front_matter.get(main, {}))},
        )
        reading.problems += problems + got.problems
        reading.unreadable += got.unreadable
        for found in got.posts:
            uuid = languages_.translation_uuid(post.uuid, language.code)
            found = replace(
                found, language=language.code, uuid=uuid, translation_of=main,
                hidden=found.hidden or post.hidden,
            )  # fmt: skip
            reading.posts.append(found)
            reading.front_matter[src] = got.front_matter[src]
            reading.bodies[src] = got.bodies[src]
            reading.body_start[src] = got.body_start[src]
            reading.as_written |= got.as_written
    return stay


def _assets_with_their_posts(shown: list[Post]) -> list[Post]:
    """Translations whose bundle files are where the post they translate put them."""
    by_src = {post.src_path: post for post in shown}
    return [
        replace(post, assets_at=by_src[post.translation_of].path)
        if post.translation_of in by_src
        else post
        for post in shown
    ]


def assemble(
    checked: Checked,
    shown: list[Post],
    settings: Settings,
    link_checks: dict[str, Any] | None = None,
) -> Checked:
    """The blog of the posts read (`shown`: as read, or with their share cards planned):
    its indexes, the redirects from old URLs and the links between posts checked
    (`link_checks` keeps each post's check between the builds of one `mkdocs serve`).

    When the blog's folder has its own `index.md` (Material's `blog/index.md`), that page
    holds the blog index, in the nav where the site put it; else the index is a page of
    its own (`blog.md`)."""
    index = settings.index
    if index.index_url and index.index_url + "index.md" in checked.usable:
        index = replace(index, index_in_nav=False)
    blog, problems = _build_blog(shown, index, checked.profiles, settings.languages)
    redirects, edits, index, link_problems = _check_urls(
        settings, checked.usable, checked.reading, shown, checked.held, blog, link_checks
    )
    return replace(
        checked,
        shown=shown,
        blog=blog,
        problems=[*checked.problems, *problems, *link_problems],
        redirects=redirects,
        edits=edits,
        link_index=index,
    )


def _build_blog(
    shown: list[Post],
    index: indexes.IndexSettings,
    profiles: Mapping[str, Mapping[str, Any]],
    languages: languages_.Languages,
) -> tuple[Blog, list[Problem]]:
    """The blog; with `languages:`, one per language (each under its prefix, of its own
    posts), held by the default language's (`languages.merge`)."""
    if not languages:
        return indexes.build_blog(shown, index, profiles)
    parts = languages_.split(shown, languages)
    problems = [
        messages.problem("language-unknown", p.src_path, p.lines.get("language"), "language",
                         language=p.language)
        for p in shown
        if p.language and languages.find(p.language) is None
    ]  # fmt: skip
    blog, said = indexes.build_blog(parts.default, index, profiles)
    problems += said
    others = {}
    for code, mine in parts.others.items():
        language = languages.find(code)
        labels = i18n.labels(code)  # the language's own words: titles, months
        written = index.written or {"index_url": index.index_url, **index.urls}
        at = {option: languages_.localized(url, language) for option, url in written.items()}
        local = replace(
            index,
            labels=labels,
            titles=indexes.titles(labels),
            index_url=at.pop("index_url"),
            index_in_nav=False,  # `it/index.md`: the first page of its section
            urls=at,
        )
        others[code], said = indexes.build_blog(mine, local, profiles)
        problems += said
    merged = languages_.merge(blog, others, languages.default.code if languages.default else "")
    found = languages_.translations(shown, languages)
    return languages_.with_translations(merged, found, languages), problems


@dataclass
class CardPlans:
    """What one `mkdocs serve` keeps of planning share cards (`plan_cards`): each post's
    plan by its src, and each post pointed to its cards (the same post, pointed to the
    same cards, is the same object as at the last build); by each card planned, its file
    in the site (`sitefiles.plan_cards`) and what pages read of its image."""

    plans: dict[str, Any] = field(default_factory=dict)
    placed: Derived = field(default_factory=Derived)
    files: Derived = field(default_factory=Derived)
    infos: Derived = field(default_factory=Derived)


def plan_cards(
    checked: Checked,
    settings: cards.Settings,
    labels: i18n.Labels,
    cache: CardPlans | None = None,
) -> tuple[list[Post], list[cards.Planned], list[Problem]]:
    """Which shown posts get share cards, and where (`cards.plan`), between reading the
    posts and assembling the blog: the posts come back pointing to their cards.
    `cache` keeps each post's plan between the builds of one `mkdocs serve`, by what a
    card shows (its text, byline, header image file) and the card settings."""

    def header_path(post: Post) -> str | None:
        info = checked.images.get(post.header_img or "")
        return checked.usable.get(post.header_img or "") if info and info.ok else None

    def author_name(post: Post) -> str | None:
        return checked.profiles.get(post.author_key or "", {}).get("name") or post.author

    def date_text(post: Post) -> str:
        return labels.date(post.date)

    if cache is None:
        return cards.plan(checked.shown, settings, header_path=header_path,
                          author_name=author_name, date_text=date_text)  # fmt: skip
    common, kept = repr(settings), cache.plans
    keys = {post.src_path: (_card_key(post, header_path, author_name, date_text), common)
            for post in checked.shown}  # fmt: skip
    todo = [p for p in checked.shown if kept.get(p.src_path, (None,))[0] != keys[p.src_path]]
    _, fresh, said = cards.plan(todo, settings, header_path=header_path,
                                author_name=author_name, date_text=date_text)  # fmt: skip
    for post in todo:
        mine = [c for c in fresh if c.post_src == post.src_path]
        problems_ = [p for p in said if p.path == post.src_path]
        kept[post.src_path] = (keys[post.src_path], mine, problems_)
    planned, problems = [], []
    for post in checked.shown:
        _, mine, problems_ = kept[post.src_path]
        mine = [_with_size(card) for card in mine]
        kept[post.src_path] = (keys[post.src_path], mine, problems_)
        planned += mine
        problems += problems_

    def pointed(post: Post) -> Post:
        mine = kept[post.src_path][1]
        return post.but(**{c.field: c.src for c in mine}) if mine else post

    def cards_of(post: Post) -> tuple[tuple[str, str], ...]:
        return tuple((c.field, c.src) for c in kept[post.src_path][1])

    return cache.placed.each(checked.shown, cards_of, pointed), planned, problems


def _card_key(post: Post, *shown: Callable[[Post], Any]) -> Any:
    """What a post's cards are made of: the fields they show, where they go, and the
    header image's file, by its status (a header image saved again in place, even in
    the same second, is a new key)."""
    header = shown[0](post)
    stamp = images.file_stamp(header) if header else None
    return (
        post.title, post.meta_title, post.meta_description, post.subtitle, post.layout,
        post.fb_img, post.tw_img, post.bundle_dir, post.path, header, stamp,
        *(f(post) for f in shown[1:]),
    )  # fmt: skip


def _with_size(card: cards.Planned) -> cards.Planned:
    """A planned card with its size on disk now (drawn since it was planned)."""
    try:
        size = os.stat(card.target).st_size
    except OSError:
        size = 0
    return card if size == card.size_bytes else replace(card, size_bytes=size)


def left_out(checked: Checked, authors_src: str) -> set[str]:
    """The files of the docs tree that do not reach the site: links leaving it, the
    authors file, posts held back or unreadable, and the files of their bundles."""
    keep = {post.src_path for post in checked.shown}
    held = {post.src_path for post in checked.held}
    orphaned = {src for src, index in checked.owner.items() if index not in keep}
    return checked.excluded | {authors_src} | set(checked.reading.unreadable) | held | orphaned


def forget_bodies() -> None:
    """Empty the caches kept by post body (its links, files, TODOs, excerpt): `mkdocs
    serve` reads every post again on each save and finds its answers there; a build reads
    the blog once, and they would hold every body and its links to the end."""
    links.forget()
    posts.todo_lines.cache_clear()
    excerpts.cut.cache_clear()


def moved_pages(checked: Checked, documentation_pages: set[str]) -> set[str]:
    """The Markdown pages the build moves to new URLs: the shown posts, and the pages of
    their bundles (`documentation_pages`: the docs tree's Markdown pages)."""
    keep = {post.src_path for post in checked.shown}
    bundled = {s for s, i in checked.owner.items() if i in keep and s in documentation_pages}
    return keep | bundled


def place_links(
    shown: list[Post], owner: Mapping[str, str], use_directory_urls: bool
) -> list[Post]:
    """Shown posts whose Material `links:` (paths of the docs tree) are the paths from the
    site root that serve them (`urls.doc_link`): a post's file at its URL, a file of its
    bundle where it moved with it, a page at its URL under either `use_directory_urls`."""
    if not any(post.links for post in shown):
        return shown
    by_src = {post.src_path: post for post in shown}
    placed = {src: post.url for src, post in by_src.items()}
    for src, main in owner.items():
        if (post := by_src.get(main)) is not None:
            page = src.endswith(posts.MARKDOWN_EXTENSIONS)
            placed[src] = post.asset_path(urls.doc_url(src, use_directory_urls) if page else src)
    return [
        post.but(
            links=tuple(
                (title, urls.doc_link(href, use_directory_urls, placed))
                for title, href in post.links
            ),
        )
        if post.links
        else post
        for post in shown
    ]


def unpublished_space(
    settings: Settings,
    files: Mapping[str, str | None],
    owner: Mapping[str, str],
    reading: posts.Reading,
    shown: list[Post],
    held: list[Post],
    held_pages: set[str],
    held_loose: Mapping[str, str] | None = None,
) -> unpublished.Space:
    """The URLs of held posts and their bundles (and of posts that could not be read, and
    of a shown bundle's other pages that are not published), less what the site
    publishes: shown posts, and files that belong to no post."""
    held_map = unpublished.held_paths(held, owner, settings.use_directory_urls)
    names = {}
    for post in held:
        if post.bundle_dir:
            names[posixpath.basename(post.bundle_dir)] = held_map[post.bundle_dir]
    shown_by_src = {post.src_path: post for post in shown}
    for src in sorted(held_pages):
        post = shown_by_src.get(owner.get(src, ""))
        if post is not None:
            target = unpublished.Target(src, unpublished.state_of("draft"))
            page_url = post.asset_path(urls.doc_url(src, settings.use_directory_urls))
            for path in (src, page_url):
                held_map.setdefault(path, target)
            # A link to its source file that MkDocs could not resolve stays as written:
            # a `.md` segment left in the HTML is always such a link, so its name is enough.
            names.setdefault(posixpath.basename(src), target)
    for src, post_src in (held_loose or {}).items():  # copied where it is: src is its path
        held_map.setdefault(src, unpublished.Target(post_src, unpublished.state_of("draft")))
    mains = set(owner.values())
    for src in reading.unreadable:
        if src.endswith("/index.md") or src in mains:  # its bundle is left out with it
            folder = posixpath.dirname(src)
            target = unpublished.Target(src, unpublished.state_of(None))
            held_map.setdefault(folder, target)
            names.setdefault(posixpath.basename(folder), target)
    if not held_map:
        return unpublished.Space()
    in_posts = set(owner) | {p.src_path for p in reading.posts} | set(reading.unreadable)
    published = [p.path for p in shown] + [p.bundle_dir for p in shown if p.bundle_dir]
    others = [src for src in files if src not in in_posts]
    published += links.known_paths(others, settings.use_directory_urls)
    return unpublished.make_space(held_map, published, settings.site_url, names)


def _check_urls(
    settings: Settings,
    files: Mapping[str, str | None],
    reading: posts.Reading,
    shown: list[Post],
    held: list[Post],
    blog: Blog,
    cache: dict[str, Any] | None = None,
) -> tuple[list[permalinks.Redirect], dict[str, list[links.Edit]], links.LinkIndex, list[Problem]]:
    """Redirects from old URLs, and links between posts: a post's check is kept in
    `cache` by its text, its status and the index (`links.index_key`), all it reads."""
    problems: list[Problem] = []
    history = None
    if settings.history_file and os.path.isfile(settings.history_file):
        try:
            with open(settings.history_file, "rb") as handle:  # a bit more than the limit
                data = handle.read(yamlread.MAX_BYTES + 1)
            history, problems = permalinks.read_history(settings.history_name, data)
        except OSError as exc:
            problem = messages.problem("history-invalid", settings.history_name, error=exc)
            problems = [problem]
    redirects, found = permalinks.plan_redirects(
        shown, held, history, history_src=settings.history_name, site_url=settings.site_url
    )
    problems += found
    known = links.known_paths(files, settings.use_directory_urls)
    known |= {item.url for item in [*blog.listings, *blog.overviews]}
    known |= {r.dest for r in redirects} | {r.dest.removesuffix("index.html") for r in redirects}
    index = links.site_for(
        [*shown, *held], known, settings.posts_dir, settings.site_url, settings.post_url
    )
    edits: dict[str, list[links.Edit]] = {}
    site = links.index_key(index) if cache is not None else ""
    for post in shown:
        src = post.src_path
        body, first = reading.bodies[src], reading.body_start[src]
        key = (src, body, first, repr(post.hidden), site)
        if cache is not None and (kept := cache.get(src)) is not None and kept[0] == key:
            changes, found = kept[1], kept[2]
        else:
            changes, found = links.check_post(post, body, first, index)
            if cache is not None:
                cache[src] = (key, changes, found)
        problems += found
        if changes:
            edits[src] = changes
    if cache is not None:
        for gone in set(cache) - {post.src_path for post in shown}:  # deleted, held
            del cache[gone]
    return redirects, edits, index, problems


def held_files(
    files: Mapping[str, str | None],
    owner: Mapping[str, str],
    reading: posts.Reading,
    shown: list[Post],
    held: list[Post],
) -> tuple[dict[str, str], list[Problem]]:
    """Files outside any bundle that only posts held back use: the images a single-file
    draft links (`posts/draft.md` beside `posts/draft.png`), and every file of a dated
    folder (`2023-01-02_slug/`) whose Markdown files are all held back or unreadable, as
    when a bundle's main file is named `post.md` or `README.md`. MkDocs would copy them as
    they are; they are left out until a published post uses them.
    Returns ({file: the held post it belongs to}, info lines)."""
    in_bundles = set(owner) | set(owner.values())
    shown_srcs = {post.src_path for post in shown}
    markdown = {src for src in files if src.endswith(posts.MARKDOWN_EXTENSIONS)}
    candidates: dict[str, str] = {}
    singles = [p.src_path for p in held if p.src_path not in in_bundles]
    singles += [src for src in reading.unreadable if src not in in_bundles]
    dated = {posixpath.dirname(src) for src in singles}
    dated = {folder for folder in dated if urls.dated_name(posixpath.basename(folder))}
    below: dict[str, list[str]] = {folder: [] for folder in dated}  # every file under each
    for other in files:
        parts = other.split("/")
        for n in range(1, len(parts)):
            if (folder := "/".join(parts[:n])) in below:
                below[folder].append(other)
    single_set = set(singles)
    for src in singles:
        for target in links.linked_files(src, reading.bodies.get(src, ""), files):
            if target not in in_bundles:
                candidates.setdefault(target, src)
        folder = posixpath.dirname(src)
        if folder not in dated:
            continue
        inside = [m for m in below[folder] if m in markdown]
        if any(m in shown_srcs or m not in single_set for m in inside):
            continue  # the folder holds a page that is published, or not a post
        for other in below[folder]:
            if other not in in_bundles and other not in markdown:
                candidates.setdefault(other, src)
    if not candidates:
        return {}, []
    used = set()
    for post in shown:
        used |= links.linked_files(post.src_path, reading.bodies.get(post.src_path, ""), files)
        used |= {getattr(post, name) for name in posts.IMAGE_FIELDS}
    out = {src: post for src, post in sorted(candidates.items()) if src not in used}
    problems = [messages.problem("file-of-draft", src, post=post) for src, post in out.items()]
    return out, problems


def bundle_pages(
    owner: Mapping[str, str],
    shown: list[Post],
    files: Mapping[str, str | None],
    read: Callable[[str], str | None],
    settings: Settings,
) -> tuple[set[str], list[Problem]]:
    """The second Markdown files of shown bundles (`notes.md`, Hugo's `index.fr.md`) that
    are not published: each is read by the posts' own rule (no front matter: it follows
    its post; unreadable: left out). Files of bundles whose post is not shown are left
    out by the caller, with the rest of the bundle."""
    by_src = {post.src_path: post for post in shown}
    out: set[str] = set()
    problems: list[Problem] = []
    for src, main in sorted(owner.items()):
        post = by_src.get(main)
        if post is None or not src.endswith(posts.MARKDOWN_EXTENSIONS):
            continue
        said = len(problems)
        text = _read_post(src, files.get(src), read, problems)
        if text is None or len(problems) > said:  # not UTF-8, too large: left out
            if text is None:
                problems.append(messages.problem("not-utf8", src))
            out.add(src)
            continue
        fm, _, _ = posts.split(text)
        if fm is None:
            continue  # no front matter: the page follows its post
        data, found = posts.load_front_matter(src, fm)
        problems += found
        if data is None:
            out.add(src)
            continue
        verdict = visibility.decide(
            data,
            src=src,
            lines=posts.key_lines(fm),
            dates=posts.timing(data, posts.parse_date(data.get("date"))),
            now=settings.now,
            future_is_draft=settings.future_is_draft,
        )
        problems += verdict.problems
        if not verdict.published:
            out.add(src)
            problems.append(
                messages.problem("bundle-page-held", src, post=main, reason=verdict.hidden)
            )
    return out, problems


def _read_post(
    src: str, path: str | None, read: Callable[[str], str | None], problems: list[Problem]
) -> str | None:
    if path is not None:
        try:
            size = os.path.getsize(path)
        except OSError:
            size = 0
        if size > MAX_POST_BYTES:
            problems.append(messages.problem("post-too-large", src, megabytes=size / 1048576))
            return ""
    text = read(src)
    # UTF-16's byte order marks are never UTF-8: only a file that could not be read as
    # UTF-8 is opened again, to say what it is.
    if text is None and path is not None and _is_utf16(path):
        problems.append(messages.problem("utf16", src))
        return ""
    return text


def _read_file(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def _is_utf16(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(2) in (b"\xff\xfe", b"\xfe\xff")
    except OSError:
        return False


def _unsafe_links(files: Mapping[str, str | None], settings: Settings) -> tuple[set[str], set[str]]:
    """Files under posts_dir, and the authors file, that are symbolic links to nothing
    (missing, or a loop), and those that lead outside docs_dir: (broken, leaving). Both
    are left out, and the authors file is then never read."""
    root = os.path.realpath(settings.docs_dir)
    prefix = settings.posts_dir + "/"
    broken, leaving = set(), set()
    linked: dict[str, bool] = {}  # each folder looked at once, not once for each file in it
    for src, path in files.items():
        if path is None or not (src.startswith(prefix) or src == settings.authors_src):
            continue
        if not os.path.exists(path):  # a dangling link, or a loop: exists() follows it
            broken.add(src)
        elif _outside(path, root, linked):
            leaving.add(src)
    return broken, leaving


def _outside(path: str, root: str, linked: dict[str, bool]) -> bool:
    """Whether `path`, a link or below a linked folder, leads outside `root`."""
    if not (os.path.islink(path) or _has_linked_parent(os.path.dirname(path), root, linked)):
        return False
    return os.path.commonpath([root, os.path.realpath(path)]) != root


def _has_linked_parent(folder: str, root: str, linked: dict[str, bool]) -> bool:
    """Whether `folder` or a folder above it, below `root`, is a symbolic link."""
    if len(folder) <= len(root):
        return False
    found = linked.get(folder)
    if found is None:
        found = os.path.islink(folder) or _has_linked_parent(os.path.dirname(folder), root, linked)
        linked[folder] = found
    return found


def _bundles_without_index(
    files: Mapping[str, str | None], posts_dir: str, post_srcs: list[str]
) -> tuple[set[str], list[Problem]]:
    """Folders named like a bundle (`YYYY-MM-DD_slug`) that hold no `index.md`, and their
    files: left out of the site, since a post saved in another format (`index.mdx`)
    may be a draft whose text would otherwise be copied as it is."""
    prefix = posts_dir + "/"
    folders = {posixpath.dirname(src) for src in files if src.startswith(prefix)}
    bundles = {posixpath.dirname(src) for src in post_srcs}
    problems = []
    orphans: set[str] = set()
    for folder in sorted(folders - bundles):
        if urls.dated_name(posixpath.basename(folder)) and not any(
            b.startswith(folder + "/") for b in bundles
        ):
            problems.append(messages.problem("bundle-without-index", folder))
            orphans |= {src for src in files if src.startswith(folder + "/")}
    return orphans, problems


def todo_problems(shown: list[Post], reading: posts.Reading) -> list[Problem]:
    """A warning for each published post that still holds a TODO line."""
    problems = []
    for post in shown:
        if post.hidden:
            continue
        lines = posts.todo_lines(reading.bodies[post.src_path], reading.body_start[post.src_path])
        if lines:
            where = ", ".join(str(n) for n in lines)
            problems.append(messages.problem("todo-left", post.src_path, lines[0], lines=where))
    return problems


def inspect_images(
    shown: list[Post],
    files: Mapping[str, str | None],
    default_image: str | None,
    cache: str | None = None,
) -> dict[str, images.ImageInfo]:
    """Read the header of every image a share card may use, once; with `cache` (a
    manifest file), only those changed since the last build."""
    wanted = {getattr(p, f) for p in shown for f in ("fb_img", "tw_img", "header_img")}
    wanted.add(default_image)
    memo = images.Remembered(cache, "image") if cache else None
    infos = {}
    for src in wanted:
        path = files.get(src) if src else None
        if path:
            infos[src] = images.inspect(path, memo)
    if memo is not None:
        memo.save()
    return infos


#: Profile fields that templates print as links (`<a href>`, `<img src>`).
PROFILE_LINKS = ("url", "avatar")


def read_profiles(
    src: str, files: Mapping[str, str | None], read: Callable[[str], str | None], given: bool
) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """Author profiles from the authors file (when the docs tree has one)."""
    if src not in files:
        if not given:
            return {}, []
        return {}, [messages.problem("authors-file-missing", src)]
    path = files[src]
    try:
        size = os.path.getsize(path) if path else 0
    except OSError as exc:
        return {}, [messages.problem("authors-file-unreadable", src, reason=exc.strerror)]
    if size > yamlread.MAX_BYTES:
        reason = f"it is larger than {yamlread.MAX_BYTES // 1024} KB"
        return {}, [messages.problem("authors-file-unreadable", src, reason=reason)]
    text = read(src)
    if text is None:
        reason = "it is not UTF-8 text; is it a binary file?"
        return {}, [messages.problem("authors-file-unreadable", src, reason=reason)]
    profiles, problems = indexes.read_profiles(src, text)
    base = posixpath.dirname(src)
    for slug, profile in profiles.items():
        for name in PROFILE_LINKS:  # printed as `href`/`src` by the author templates
            value = profile.get(name)
            if value is not None and (bad := messages.link_problem(value, src, f"{slug}.{name}")):
                problems.append(bad)
                profile[name] = None
        avatar = profile.get("avatar")
        if isinstance(avatar, str) and not urls.is_absolute_url(avatar):
            profile["avatar"] = urls.resolve(base, avatar)
            if profile["avatar"] not in files:
                problems.append(messages.problem("avatar-missing", src, slug=slug, avatar=avatar))
                profile["avatar"] = None
        handle = profile.get("twitter") or profile.get("x")
        if handle is not None and not seo.is_handle(handle):
            problems.append(
                messages.problem("twitter-handle-invalid", src, slug=slug, value=handle)
            )
    return profiles, problems
