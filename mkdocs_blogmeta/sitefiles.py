"""The site's files as MkDocs holds them: posts moved to their URLs and handed to MkDocs
as pages, and every file the plugin adds (index pages, feeds, redirect pages, share
cards, its CSS), each backed by a real file, checked against what else the site writes.

The MkDocs side of the plugin's planning: the blog itself (`blog.py` and the modules
under it) knows nothing of `File`s; this module turns its plan into them.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.pages import Page

from . import blog as blog_
from . import (
    cards,
    feeds,
    images,
    languages,
    messages,
    outputs,
    pages,
    permalinks,
    responsive,
    taxonomies,
    yamlread,
)
from .model import Derived, Listing, Overview, Post, Problem
from .settings import CSS_URI, Settings


class Scratch:
    """The build's scratch folder, where the files the plugin adds get their source
    (generated pages, feeds, redirect pages), removed when the build ends. Outside a
    build (`blogmeta check`) no file is written: only paths are planned."""

    def __init__(self, *, outside_build: bool = False) -> None:
        self.outside_build = outside_build
        self.path: Path | None = None
        self.texts: dict[str, str] = {}  # what each file holds, to write it only when new
        self.dated: dict[str, float] = {}  # the time each was given (`date_source`)

    def new_file(
        self,
        config: MkDocsConfig,
        src: str,
        cls: type[File] = File,
        *,
        text: str | None = None,
        abs_src_path: str | None = None,
    ) -> File:
        """A file the plugin adds. In a build, `File.generated` (which records the plugin
        whose event made it) backed by a real file: its `text` written to the scratch
        folder, or the file at `abs_src_path`. Plugins read every page's source through
        `abs_src_path` (the rss plugin's dates, i18n's and wiki-links' file maps), so no
        file of ours leaves it unset. For `blogmeta check` no event runs, and a plain
        `File` at the same path is all the collision check needs."""
        if self.outside_build:
            return cls(src, None, config.site_dir, config.use_directory_urls)
        if text is not None:
            if self.path is None:
                self.path = Path(tempfile.mkdtemp(prefix="blogmeta-"))
            abs_src_path = os.path.join(self.path, scratch_name(src))
            self.write(abs_src_path, text)
        return cls.generated(config, src, abs_src_path=abs_src_path)

    def placeholder(self, config: MkDocsConfig, src: str) -> File:
        """A file whose content the plugin writes into the site itself (a feed): every
        one is backed by the same empty scratch file, not one file each."""
        if self.outside_build:
            return self.new_file(config, src)
        if self.path is None:
            self.path = Path(tempfile.mkdtemp(prefix="blogmeta-"))
        empty = self.path / "placeholder"  # no quoted site path is spelt so
        self.write(empty, "")
        return self.new_file(config, src, abs_src_path=str(empty))

    def write(self, path: Path | str, text: str) -> None:
        """Write a scratch file, unless it holds `text` already: a file kept from the last
        build of `mkdocs serve --dirty` keeps its time, so MkDocs does not copy it again."""
        if self.texts.get(str(path)) != text or not os.path.exists(path):
            Path(path).write_text(text, "utf-8")
            self.texts[str(path)] = text
            self.dated.pop(str(path), None)

    def date(self, path: str, when: float) -> None:
        """Give a scratch file its time, unless it has it since the last build gave it."""
        if self.dated.get(path) != when:
            os.utime(path, (when, when))
            self.dated[path] = when

    def remove(self) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None
            self.texts, self.dated = {}, {}


@lru_cache(maxsize=65536)  # every index page's, on every build of `mkdocs serve`
def scratch_name(src: str) -> str:
    """A file name for `src` in the scratch folder: its path, quoted (the plugin's paths
    never collide), or a digest of it when that is longer than file systems allow."""
    name = quote(src, safe="")
    if len(name.encode()) <= 200:
        return name
    return hashlib.sha256(src.encode()).hexdigest() + posixpath.splitext(src)[1]


@dataclass
class Plan:
    """Every file the plugin adds to the site, planned (collisions are checked before
    any is added)."""

    #: the index pages by their source path, and the blog folder's own `index.md` when
    #: it holds the blog index
    generated: dict[str, Listing | Overview] = field(default_factory=dict)
    adopted: set[str] = field(default_factory=set)
    pages: dict[str, File] = field(default_factory=dict)
    metas: dict[str, dict[str, Any]] = field(default_factory=dict)  # their front matter
    feeds: dict[tuple[str, str], File] = field(default_factory=dict)  # (folder, format)
    redirects: list[tuple[permalinks.Redirect, File]] = field(default_factory=list)
    cards: dict[str, tuple[File, cards.Planned, Post]] = field(default_factory=dict)
    #: each image variant (`responsive`) by its source path, with its original's
    variants: dict[str, tuple[File, str]] = field(default_factory=dict)
    css: File | None = None

    @property
    def added(self) -> list[File]:
        """The files to add, in the order they are added."""
        return [
            *(file for file, _, _ in self.cards.values()),
            *(file for file, _ in self.variants.values()),
            *self.pages.values(),
            *self.feeds.values(),
            *(file for _, file in self.redirects),
            *([self.css] if self.css else []),
        ]


def plan_cards(
    config: MkDocsConfig,
    planned: list[cards.Planned],
    posts: list[Post],
    kept: Derived | None = None,
) -> dict[str, tuple[File, cards.Planned, Post]]:
    """Each share card as a file of the site (drawn into the cache, copied by MkDocs).
    `kept`: the last build's file of the same card (`mkdocs serve`), for the same site
    folder and URLs; an image is never a page, so MkDocs gives it nothing to keep, and
    its place (`move`) and inclusion are given again."""
    by_src = {post.src_path: post for post in posts}
    where = (config.site_dir, config.use_directory_urls)

    def new(card: cards.Planned) -> File:
        return File.generated(config, card.src, abs_src_path=card.target)

    made = (
        [new(card) for card in planned]
        if kept is None
        else kept.each(planned, lambda _: where, new)
    )
    for file in made:
        file.inclusion = InclusionLevel.UNDEFINED  # `exclude_docs` may have changed
    return {
        card.src: (file, card, by_src[card.post_src])
        for card, file in zip(planned, made, strict=True)
    }


def plan_variants(
    config: MkDocsConfig, pictures: dict[str, responsive.Picture], by_src: dict[str, File]
) -> tuple[dict[str, tuple[File, str]], dict[str, responsive.Picture]]:
    """Each image variant as a file of the site, beside its original wherever the
    original goes (a post's bundle moves with the post), drawn into the cache and copied
    by MkDocs; and the pictures by their originals' site paths, as pages link them."""
    variants: dict[str, tuple[File, str]] = {}
    by_dest: dict[str, responsive.Picture] = {}
    for src, picture in pictures.items():
        original = by_src.get(src)
        if original is None:
            continue
        by_dest[original.dest_uri] = picture
        folder = posixpath.dirname(src)
        dest_folder = posixpath.dirname(original.dest_uri)
        for variant in picture.variants:
            file = File.generated(
                config, posixpath.join(folder, variant.name), abs_src_path=variant.target
            )
            file.dest_uri = posixpath.join(dest_folder, variant.name)
            for cached in ("url", "abs_dest_path"):  # computed from dest_uri, maybe already
                vars(file).pop(cached, None)
            variants[file.src_uri] = (file, src)
    return variants, by_dest


def place(
    files: Files,
    config: MkDocsConfig,
    settings: Settings,
    checked: blog_.Checked,
    by_src: dict[str, File],
    scratch: Scratch,
    plan: Plan,
) -> Plan:
    """Posts and their bundles' files moved to their URLs, and every file the plugin
    will add planned (index pages, feeds, redirects, CSS), none added yet: what the
    build and `blogmeta check` both check for collisions."""
    shown = {p.src_path: p for p in checked.shown if p.src_path in by_src}
    for src, index in checked.owner.items():
        if index in shown and src in by_src:
            move(by_src[src], shown[index])
    for post in shown.values():
        move(by_src[post.src_path], post)
    for file, _, post in plan.cards.values():
        move(file, post)
    blog, langs = checked.blog, settings.blog.languages
    plan.generated = {
        g.src: g
        for g in [*blog.listings, *blog.overviews]
        if languages.item_written(blog, g, langs)  # beside mkdocs-static-i18n: its own
    }
    first = blog.listings[0]  # the blog index's first page
    own = (
        first.src in by_src and first.src in plan.generated and bool(settings.blog.index.index_url)
    )
    plan.adopted = {first.src} if own else set()
    file_class = type(next(iter(files))) if len(files) else File
    for src, item in plan.generated.items():
        if src in plan.adopted:
            continue
        plan.metas[src] = meta = pages.index_meta(item, settings.site, blog)
        text = _meta_text(json.dumps(meta))
        page = scratch.new_file(config, src, cls=file_class, text=text)
        date_source(page, item.posts if isinstance(item, Listing) else blog.posts, scratch)
        if not pages.in_nav(item):
            page.inclusion = type(page.inclusion).NOT_IN_NAV
        plan.pages[src] = page
    plan.feeds = {
        (folder, fmt): scratch.placeholder(config, folder + name)
        for folder, _, _ in feeds.sources(blog, settings.feeds)
        for fmt, name in settings.feeds.files.items()
    }
    plan.redirects = [(r, scratch.new_file(config, r.dest, text="")) for r in checked.redirects]
    plan.css = scratch.new_file(
        config, CSS_URI, abs_src_path=str(pages.ASSETS_DIR / "blogmeta.css")
    )
    return plan


@lru_cache(maxsize=16384)
def _meta_text(meta: str) -> str:
    """An index page's source: its front matter (`meta`, as JSON: the same pages recur
    on every build of `mkdocs serve`)."""
    return yamlread.front_matter_text(json.loads(meta))


def move(file: File, post: Post) -> None:
    """Send a post's page, or a file of its bundle, to the post's folder."""
    page = file.is_documentation_page()
    if file.src_uri == post.src_path:
        dest = post.path + "index.html"
    else:
        dest = post.asset_path(file.dest_uri if page else file.src_uri)
    file.dest_uri = dest
    for cached in ("url", "abs_dest_path"):  # computed from dest_uri, maybe already
        vars(file).pop(cached, None)
    if page and file.inclusion.is_in_nav():
        file.inclusion = type(file.inclusion).NOT_IN_NAV


def date_source(
    file: File, posts: tuple[Post, ...] | list[Post], scratch: Scratch | None = None
) -> None:
    """An index page's source file dated by the newest change of the posts it lists:
    plugins that date pages without git history by their file (document-dates, the rss
    plugin's fallback) see when the page's content last changed, not the build.
    `scratch`: the folder that wrote it, which remembers the times it gave."""
    if file.abs_src_path and posts:
        newest = max(post.updated for post in posts).timestamp()
        if 0 < newest < min(2**32, time.time()):  # a date to come: the file's own time
            if scratch is None:
                os.utime(file.abs_src_path, (newest, newest))
            else:
                scratch.date(file.abs_src_path, newest)


def hand_post(
    file: File, front_matter: dict[str, Any], body: str, *, as_written: bool, dirty: bool
) -> None:
    """Hand MkDocs the post as it was read: MkDocs' own reading of the text gives
    `page.meta` (the front matter, with the same types) and `page.markdown` (the body),
    so every plugin sees a post as it sees any page, from `on_page_markdown` on, at any
    priority. A post MkDocs reads as it was read (`as_written`: `posts.read_alike`) is
    left as it is, so no second copy of every post is held through the build (under
    `--dirty`, its text is handed over as it is: what makes MkDocs render it). Any other
    has its front matter written back as plain YAML: MkDocs would drop a front matter
    holding a date YAML cannot build (`2023-02-30`, kept as text here) and show it as
    text, and would not see the fields filled in (folder name, defaults). The file keeps
    its `abs_src_path` (setting `content_string` clears it), through which plugins find
    the source: git dates, the rss plugin, includes relative to the post, `--dirty`
    rebuilds."""
    if as_written:
        if dirty:
            force(file)
        return
    path = file.abs_src_path
    file.content_string = yamlread.front_matter_text(front_matter) + body
    file.abs_src_path = path


class FileUrls(Mapping[str, str]):
    """Each file of the site by its docs path, to its URL: a URL is worked out when a page
    asks for it (a `--dirty` rebuild renders a few pages among thousands of files).
    Made once pages render, when the files are final."""

    def __init__(self, files: Files) -> None:
        self._files = files

    def _file(self, src: str) -> File | None:
        file = self._files.src_uris.get(src)
        return None if file is None or file.inclusion.is_excluded() else file

    def __getitem__(self, src: str) -> str:
        if (file := self._file(src)) is None:
            raise KeyError(src)
        return file.url

    def __contains__(self, src: object) -> bool:
        return isinstance(src, str) and self._file(src) is not None

    def __iter__(self) -> Iterator[str]:
        return (f.src_uri for f in self._files if not f.inclusion.is_excluded())

    def __len__(self) -> int:
        return sum(1 for _ in self)


def read_text(file: File) -> str | None:
    """A file's text, or None when it cannot be read as UTF-8."""
    try:
        return file.content_string
    except (OSError, ValueError):
        return None


class Texts:
    """The posts' texts between the rebuilds of one `mkdocs serve`: a file whose inode,
    size, modification and change times are what they were when it was read is not read
    again (reading every post's file took 0.7 s of each rebuild at 5,000 posts; looking
    at them, 0.1 s). Any write changes the change time, which no tool can set back. A
    file changed less than `RACY_NS` before it was read is read again next time: the
    file system's clock may not tell two writes in one tick apart (git's "racy" rule,
    `images.is_racy`). A file the plugin or another one made (`generated_by`) is always
    read."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[list[int], str | None]] = {}

    def read(self, file: File) -> str | None:
        path = file.abs_src_path
        if file.generated_by is not None or not path:
            return read_text(file)
        try:
            found = os.stat(path)
        except OSError:
            return read_text(file)
        key = images.signature(found)
        kept = self.kept.get(path)
        if kept is not None and kept[0] == key:
            return kept[1]
        text = read_text(file)
        if not images.is_racy(found):
            self.kept[path] = (key, text)
        else:
            self.kept.pop(path, None)
        return text

    def keep_only(self, paths: set[str]) -> None:
        """Forget the files the build did not read (deleted or no longer posts)."""
        self.kept = {path: kept for path, kept in self.kept.items() if path in paths}


def page_source(page: Page) -> str:
    """The page's Markdown file as written (messages give its lines), else its Markdown."""
    path = page.file.abs_src_path
    if path and os.path.isfile(path):
        try:
            with open(path, encoding="utf-8-sig", errors="replace") as handle:
                return handle.read()
        except OSError:
            pass
    return page.markdown or ""


def collisions(
    files: Files,
    config: MkDocsConfig,
    settings: Settings,
    checked: blog_.Checked,
    by_src: dict[str, File],
    plan: Plan,
) -> list[Problem]:
    """Every path the plugin adds, against every path something else writes (the posts
    and their files already moved to their URLs): the build's check and `blogmeta
    check`'s."""
    keep = {p.src_path for p in checked.shown}
    moved = {s: i for s, i in checked.owner.items() if i in keep and s in by_src}
    planned = _our_outputs(settings, checked.shown, moved, by_src, plan)
    theirs = _their_outputs(files, config, keep | set(moved))
    return [outputs.problem(c) for c in outputs.collisions([*theirs, *planned])]


def _our_outputs(
    settings: Settings,
    shown: list[Post],
    bundle_files: dict[str, str],
    by_src: dict[str, File],
    plan: Plan,
) -> list[outputs.Output]:
    """Every path the plugin adds or moves a file to. The site-wide ones come first, so a
    post meeting a feed or an index page is the one named (its slug is what to change)."""
    name = settings.config_name
    found = []
    for src, file in plan.pages.items():
        option = taxonomies.url_option(plan.generated[src].kind)
        value = settings.options.get(option) or ""
        found.append(
            outputs.ours(
                "page", file.dest_uri, name, path=name, src=file.src_uri, field=option,
                title=plan.generated[src].title, option=option, value=value,
            )
        )  # fmt: skip
    for file in plan.feeds.values():
        found.append(outputs.ours("feed", file.dest_uri, name, path=name, src=file.src_uri))
    if plan.css is not None:
        css = plan.css
        found.append(outputs.ours("asset", css.dest_uri, name, path=name, src=css.src_uri))
    for post in shown:
        found.append(
            outputs.ours(
                "post", by_src[post.src_path].dest_uri, post.src_path, path=post.src_path,
                field="slug", line=post.lines.get("slug"),
            )
        )  # fmt: skip
    for src in bundle_files:
        found.append(outputs.ours("bundle", by_src[src].dest_uri, src, path=src, field="slug"))
    for file, card, post in plan.cards.values():
        found.append(
            outputs.ours(
                "card", file.dest_uri, f"the share card {file.src_uri}", path=post.src_path,
                src=file.src_uri, field=card.field, line=post.lines.get(card.field),
            )
        )  # fmt: skip
    for file, original in plan.variants.values():
        found.append(
            outputs.ours(
                "variant", file.dest_uri, f"the variants of {original}", path=original,
                src=file.src_uri, image=original,
            )
        )  # fmt: skip
    for redirect, file in plan.redirects:
        field_ = "aliases" if redirect.reason == "alias" else "uuid"
        found.append(
            outputs.ours(
                redirect.reason, file.dest_uri, redirect.post.src_path,
                path=redirect.post.src_path, src=file.src_uri, field=field_,
                line=redirect.post.lines.get(field_), url=redirect.url,
                history=settings.options.get("url_history"),
            )
        )  # fmt: skip
    return found


def _their_outputs(files: Files, config: MkDocsConfig, ours: set[str]) -> list[outputs.Output]:
    """What the rest of the build writes: the docs tree's and the theme's files (but the
    posts and their files, `ours`), and what MkDocs and its plugins write outside the list
    of files."""
    found = [
        outputs.Output(f.dest_uri, f.src_uri, src=f.src_uri)
        for f in files
        if not f.inclusion.is_excluded() and f.src_uri not in ours
    ]
    plugins = [name for name in config.plugins if name != "blogmeta"]
    return found + outputs.reserved(config.theme.static_templates, plugins)


def check_outputs(
    config: MkDocsConfig, settings: Settings, checked: blog_.Checked
) -> list[Problem]:
    """The build's collision check without a build, for `blogmeta check`: the docs
    tree's and the theme's files, MkDocs' static templates and the search index. What
    other plugins write in their own events cannot be known here."""
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    by_src = {f.src_uri: f for f in files if not f.inclusion.is_excluded()}
    scratch = Scratch(outside_build=True)
    plan = place(files, config, settings, checked, by_src, scratch, Plan())
    return collisions(files, config, settings, checked, by_src, plan)


def keep(
    files: Files, ours: list[File], posts: set[str], elsewhere: set[str] | None = None
) -> list[Problem]:
    """Put back what other plugins' `on_files` took out or replaced of the plugin's files:
    an added file missing is added again, a post replaced by a fresh `File` (i18n reads
    the source again) is put back as handed, and so is a post another language's build
    writes (`elsewhere`: i18n's copy would send links to it under this language's
    folder). A post taken out (an exclude) is an error: the blog lists it, and would
    link a page that is not there."""
    present = {f.src_uri: f for f in files}
    elsewhere = elsewhere or set()
    gone = []
    for file in ours:
        now, post = present.get(file.src_uri), file.src_uri in posts
        if now is None and post:
            gone.append(messages.problem("post-taken-out", file.src_uri))
        elif now is None:
            files.append(file)
        elif now is not file and (post or file.src_uri in elsewhere):
            files.remove(now)
            files.append(file)
    return gone


def set_aside(by_src: dict[str, File], srcs: set[str]) -> list[File]:
    """Posts another of mkdocs-static-i18n's builds writes (another language's): kept in
    this build's files at their URLs, so that links to them resolve, but excluded, so that
    this build neither renders nor lists them."""
    kept = [by_src[src] for src in sorted(srcs) if src in by_src]
    for file in kept:
        file.inclusion = type(file.inclusion).EXCLUDED
    return kept


def write_sources(written: dict[File, str], scratch: Scratch) -> None:
    """Write files' sources (redirect pages) before MkDocs copies them."""
    for file, text in written.items():
        scratch.write(file.abs_src_path or "", text)


def force(file: File) -> None:
    """Make MkDocs render a page under `--dirty` (`File.is_modified`): its text handed
    over as it is, its `abs_src_path` kept."""
    path = file.abs_src_path
    file.content_string = file.content_string
    file.abs_src_path = path


def write_over(placed: dict[tuple[str, str], File], key: tuple[str, str], text: str) -> None:
    """Write over a placeholder MkDocs copied into the site (a feed)."""
    path = Path(placed[key].abs_dest_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def rewrite(site_dir: str, path: str, change: Callable[[str], str | None]) -> None:
    """A file MkDocs or a plugin wrote into the site (`path`, site-relative), written
    again as `change` makes it from its text (None: left as it is); no file, no change."""
    target = Path(site_dir, path)
    if not target.is_file():
        return
    changed = change(target.read_text("utf-8"))
    if changed is not None:
        target.write_text(changed, "utf-8")


def theme_texts(config: MkDocsConfig) -> list[str]:
    """The site's own templates (`custom_dir`): what they read of `blog` decides which
    changes every page shows (`rebuild.theme_reads`), and an edit of one renders all."""
    folder = config.theme.custom_dir
    if not folder or not os.path.isdir(folder):
        return []
    texts = []
    for path in sorted(Path(folder).rglob("*.html")):
        try:
            texts.append(path.read_text("utf-8", errors="replace"))
        except OSError:
            continue
    return texts


def remove_outputs(site_dir: str, gone: set[str]) -> None:
    """Under `mkdocs serve --dirty`: the files the last build wrote for the blog that this
    one does not (a post deleted or held back, a tag no post has any more) leave the
    served site, so no draft stays reachable at its old URL."""
    root = os.path.realpath(site_dir)
    for dest in gone:
        path = os.path.realpath(os.path.join(site_dir, dest))
        if path.startswith(root + os.sep) and os.path.isfile(path):
            os.remove(path)


def paths_key(files: Files, plan: Plan, config: MkDocsConfig) -> str:
    """A digest of every (source, destination) pair of the site's files and the plugin's:
    under `mkdocs serve --dirty`, the same pairs as a build that had no collision cannot
    collide, and the check is not made again."""
    # NUL is in no path: the pairs joined by it are one text, without a tuple for each
    pairs = sorted(f"{f.src_uri}\0{f.dest_uri}" for f in [*files, *plan.added])
    reserved = (sorted(config.theme.static_templates), list(config.plugins))
    text = "\0".join([*pairs, repr(reserved)])
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
