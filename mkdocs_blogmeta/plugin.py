"""The MkDocs plugin: thin event handlers over the pure modules.

Each handler gathers what MkDocs hands it, calls a function that takes data
and returns data, and applies the result. State lives on the instance and is
rebuilt in `on_config`, so `mkdocs serve` rebuilds start clean.
"""

from __future__ import annotations

import hashlib
import logging
import os
import posixpath
import shutil
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import (
    __version__,
    cards,
    feeds,
    i18n,
    images,
    indexes,
    links,
    messages,
    outputs,
    pages,
    permalinks,
    seo,
    state,
    unpublished,
    urls,
    yamlread,
)
from . import blog as blog_
from .config import BlogmetaConfig
from .model import Blog, Listing, Overview, Post, Problem

log = get_plugin_logger(__name__)

CSS_URI = "assets/blogmeta/blogmeta.css"
_EPOCH = datetime(1970, 1, 2, tzinfo=UTC)


class BlogmetaPlugin(BasePlugin[BlogmetaConfig]):
    """Turns a folder of post bundles into a blog."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self._reset()

    def _reset(self) -> None:
        """A new build's record (the last build's scratch folder dropped)."""
        if getattr(self, "state", None) is not None:
            self._remove_scratch()
        self.state = state.Build()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve`, where drafts may be shown."""
        self.serving = command == "serve"

    @event_priority(100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the feeds over the placeholders MkDocs copied, then drop the scratch
        folder.

        Runs first, so that plugins reading the built site (link checkers, minifiers)
        see the feeds. The feeds are written this late because their entries are the
        posts' bodies as other plugins left them in `on_page_context` (a plugin that
        encrypts a post does it there), not as Markdown rendered them.
        """
        if self.state.feed_files:
            self._write_feeds()
        self._remove_scratch()

    def on_shutdown(self) -> None:
        """The instance may be reused by a later build in the same process."""
        self.state.drawer.close()
        self._remove_scratch()
        self.serving = False
        self._reset()

    def on_build_error(self, *, error: Exception) -> None:
        """Stop drawing cards when the build fails; drop scratch files."""
        self.state.drawer.close()
        self._remove_scratch()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Add our templates after the theme's (so `custom_dir` wins) and our CSS."""
        self._reset()
        _strict_even_if_quiet(config)
        templates = str(pages.TEMPLATES_DIR)
        if templates not in config.theme.dirs:
            config.theme.dirs.append(templates)
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        c = self.config
        site_url = _site_url(config)
        self.state.labels = i18n.Labels(_theme_language(config))
        self.state.site = seo.Site(
            labels=self.state.labels,
            url=site_url,
            name=config.site_name,
            description=config.site_description,
            default_image=_default_image(c),
            image_alt=c.image_alt,
            twitter_site=c.twitter_site,
        )
        base = Path(config.config_file_path or ".").parent
        self.state.cache_dir = base / c.cache_dir
        if c.cards != "off" and (bad := cards.check_fonts(c.card_font)):
            font, error = bad
            problem = messages.problem("card-font", config_name(config), font=font, error=error)
            raise PluginError(str(problem))
        self._say(config_problems(config))
        return config

    def _say(self, problems: list[Problem]) -> list[Problem]:
        """Log each problem at the level the site's `messages:` option gives its code
        (`messages.with_levels`, the one rule): returns them at those levels."""
        problems = messages.with_levels(problems, self.config.messages)
        _log_problems(problems)
        return problems

    @event_priority(50)
    def _read_blog(self, files: Files, config: MkDocsConfig) -> Files:
        """Read every post before the nav is built, move posts to their URLs, drop drafts,
        and add the index pages.

        Runs early (priority 50), before plugins at the default priority whatever their
        place in `plugins:`: those that take their view of the files here (htmlproofer's
        link index, redirects' known pages, git dates) see the posts at their URLs and the
        index pages, and never see a draft. Files a plugin adds later (gen-files) are
        published as pages, not read as posts; a plugin that runs last (i18n) sees ours.
        """
        by_src = {f.src_uri: f for f in files if not f.inclusion.is_excluded()}
        own = self._index_url + "index.md"
        self.state.index_page = own if self._index_url and own in by_src else None
        settings = self.blog_settings(config)
        read = blog_.read_posts(
            {src: f.abs_src_path for src, f in by_src.items()},
            lambda src: _read_text(by_src[src]),
            settings,
        )
        shown = self._plan_cards(read.shown, by_src, config, read.profiles, read.images)
        checked = blog_.assemble(read, shown, settings)
        problems = self._say(checked.problems)
        reading, shown, held, owner, blog = (
            checked.reading,
            checked.shown,
            checked.held,
            checked.owner,
            checked.blog,
        )
        # Files that must not be published: links leaving docs_dir, the authors file,
        # pages of a bundle that are not published themselves.
        for src in checked.excluded | ({settings.authors_src} & set(by_src)):
            files.remove(by_src.pop(src))
        owner = {src: index for src, index in owner.items() if src in by_src}

        keep = {p.src_path for p in shown}
        for src in [*reading.unreadable, *(p.src_path for p in held)]:
            files.remove(by_src[src])
        for src, index in owner.items():
            if index not in keep:
                files.remove(by_src[src])
        shown_by_src = {p.src_path: p for p in shown}
        for src, file in self.state.card_files.items():
            _move(file, self.state.card_owner[src])
        generated, pages_, redirects, css = self._place(files, config, checked, by_src)
        collisions: list[Problem] = []
        if not _has_errors(problems):
            cards_ = [(f, self.state.card_owner[s]) for s, f in self.state.card_files.items()]
            collisions = self._collisions(
                files, config, checked, by_src, generated, pages_, redirects, cards_, css
            )
        collisions = self._say(collisions)
        if _has_errors(problems, collisions):
            raise PluginError(messages.text("build-stopped"))
        added = [
            *self.state.card_files.values(),
            *pages_.values(),
            *self.state.feed_files.values(),
            *(file for _, file in redirects),
            css,
        ]
        for file in added:
            files.append(file)
        self.state.redirects = redirects

        self.state.blog = blog
        self.state.posts_by_src = shown_by_src
        self.state.edits = checked.edits
        self.state.reported_links = {
            (src, e.held, e.old) for src, edits in checked.edits.items() for e in edits if e.held
        }
        self.state.unpublished = checked.unpublished_urls
        self.state.link_index = checked.link_index
        self.state.moved_pages = keep | {
            s for s, i in owner.items() if i in keep and by_src[s].is_documentation_page()
        }
        self.state.generated = generated
        self.state.front_matter = {s: reading.front_matter[s] for s in keep}
        for src, item in generated.items():
            if src not in self.state.adopted:
                self.state.front_matter[src] = self._meta_of(item)
        for src in keep:
            _hand_post(by_src[src], reading.front_matter[src], reading.bodies[src])
        self.state.ours = [by_src[src] for src in keep] + added
        return files

    @event_priority(-150)
    def _keep_ours(self, files: Files, config: MkDocsConfig) -> Files:
        """The posts and pages this plugin added are in the files whatever ran after it.

        Runs after every plugin's `on_files` (below MkDocs' "last", -100): the index pages
        come back (`_step_aside`), and a post that a plugin rebuilding the list replaced
        by a fresh `File` reading the source again (i18n) is put back as handed.
        A published post another plugin took out (an exclude) stops the build: the blog
        lists it, and would link a page that is not there.
        """
        present = {f.src_uri: f for f in files}
        gone = []
        for file in self.state.ours:
            now = present.get(file.src_uri)
            post = file.src_uri in self.state.posts_by_src
            if now is None and post:
                gone.append(messages.problem("post-taken-out", file.src_uri))
            elif now is None:
                files.append(file)
            elif now is not file and post:
                files.remove(now)
                files.append(file)
        if gone:
            self._say(gone)
            raise PluginError(messages.text("build-stopped"))
        return files

    @event_priority(-99)
    def _step_aside(self, files: Files, config: MkDocsConfig) -> Files:
        """The index pages leave the list of files while the plugins that run last in
        `on_files` (-100) rebuild it, and come back in `_keep_ours`.

        Those plugins localise or filter the documentation pages of `docs_dir` (i18n makes
        a new `File` of each from its source and warns of any other page); an index page
        has no source there to localise. Every plugin before them has seen it.
        """
        pages = {id(f) for f in self.state.ours if f.src_uri in self.state.generated}
        for file in [f for f in files if id(f) in pages]:
            files.remove(file)
        return files

    on_files = CombinedEvent(_read_blog, _step_aside, _keep_ours)

    def _plan_cards(
        self,
        shown: list[Post],
        by_src: dict[str, File],
        config: MkDocsConfig,
        profiles: dict[str, dict[str, Any]],
        infos: dict[str, images.ImageInfo],
    ) -> list[Post]:
        """Plan the share cards and start drawing the ones not cached yet, so they are
        drawn while MkDocs renders pages. Returns the posts pointing to their cards."""
        c = self.config
        self.state.images = infos
        settings = cards.Settings(
            mode=c.cards,
            style=cards.Style(
                background=c.card_background,
                text=c.card_text_color,
                accent=c.card_accent_color,
                fonts=tuple(c.card_font),
                logo=c.card_logo,
                title_lines=max(1, c.card_title_lines),
            ),
            fb_size=tuple(c.card_fb_size),
            tw_size=tuple(c.card_tw_size),
            site_name=config.site_name,
            cache_dir=str(self.state.cache_dir),
            version=__version__,
        )

        def header_path(post: Post) -> str | None:
            file, info = by_src.get(post.header_img or ""), infos.get(post.header_img or "")
            return file.abs_src_path if file and info and info.ok else None

        placed, planned, problems = cards.plan(
            shown,
            settings,
            header_path=header_path,
            author_name=lambda post: (
                profiles.get(post.author_key or "", {}).get("name") or post.author
            ),
            date_text=lambda post: self.state.labels.date(post.date),
        )
        self._say(problems)
        by_post = {post.src_path: post for post in placed}
        jobs = []
        for card in planned:
            card_file = File.generated(config, card.src, abs_src_path=card.target)
            self.state.card_files[card.src] = card_file
            self.state.card_owner[card.src] = by_post[card.post_src]
            infos[card.src] = images.ImageInfo(*card.info)
            if not card.cached:
                jobs.append((card.spec, card.target))
                self.state.card_pending[card.target] = card.src
        self.state.drawer.start(jobs)
        if jobs:
            log.info(f"drawing {len(jobs)} share cards ({len(planned) - len(jobs)} from the cache)")
        return placed

    def _adopt_index_page(self, files: Files, generated: dict[str, Listing | Overview]) -> set[str]:
        """The blog folder's own `index.md` (Material's `blog/index.md`) becomes the blog
        index: its text stays on top and the posts are listed below it. A page at the
        site root is never taken over: that is an error naming the option."""
        first = next(g for g in generated.values() if isinstance(g, Listing) and g.kind == "index")
        page = files.get_file_from_path(first.src) if self._index_url else None
        if page is None or page.inclusion.is_excluded():
            return set()
        return {page.src_uri}

    def _collisions(
        self,
        files: Files,
        config: MkDocsConfig,
        checked: blog_.Checked,
        by_src: dict[str, File],
        generated: dict[str, Listing | Overview],
        pages_: dict[str, File],
        redirects: list[tuple[permalinks.Redirect, File]],
        cards_: list[tuple[File, Post]],
        css: File,
    ) -> list[Problem]:
        """Every path the plugin adds, against every path something else writes (the posts
        and their files already moved to their URLs): the build's check and `blogmeta
        check`'s."""
        keep = {p.src_path for p in checked.shown}
        moved = {s: i for s, i in checked.owner.items() if i in keep and s in by_src}
        planned = _our_outputs(
            config,
            self.config,
            checked.shown,
            moved,
            by_src,
            [(f, generated[s]) for s, f in pages_.items()],
            self.state.feed_files,
            redirects,
            cards_,
            css,
        )
        theirs = _their_outputs(files, config, keep | set(moved))
        return [outputs.problem(c) for c in outputs.collisions([*theirs, *planned])]

    def check_outputs(self, config: MkDocsConfig, checked: blog_.Checked) -> list[Problem]:
        """The build's collision check without a build, for `blogmeta check`: the docs
        tree's and the theme's files, MkDocs' static templates and the search index. What
        other plugins write in their own events cannot be known here."""
        from mkdocs.structure.files import get_files

        self.on_config(config)
        self.state.outside_build = True
        files = get_files(config)
        files.add_files_from_theme(config.theme.get_env(), config)
        by_src = {f.src_uri: f for f in files if not f.inclusion.is_excluded()}
        generated, pages_, redirects, css = self._place(files, config, checked, by_src)
        return self._collisions(
            files, config, checked, by_src, generated, pages_, redirects, [], css
        )

    def _place(
        self,
        files: Files,
        config: MkDocsConfig,
        checked: blog_.Checked,
        by_src: dict[str, File],
    ) -> tuple[
        dict[str, Listing | Overview],
        dict[str, File],
        list[tuple[permalinks.Redirect, File]],
        File,
    ]:
        """Posts and their bundles' files moved to their URLs, and every file the plugin
        will add planned (index pages, feeds, redirects, CSS), none added yet: what the
        build and `blogmeta check` both check for collisions."""
        shown = {p.src_path: p for p in checked.shown if p.src_path in by_src}
        for src, index in checked.owner.items():
            if index in shown and src in by_src:
                _move(by_src[src], shown[index])
        for post in shown.values():
            _move(by_src[post.src_path], post)
        generated = {g.src: g for g in [*checked.blog.listings, *checked.blog.overviews]}
        self.state.adopted = self._adopt_index_page(files, generated)
        pages_ = self._generated_files(files, config, generated, checked.blog)
        self.state.feed_files = self._plan_feeds(config, checked.blog)
        redirects = [(r, self._new_file(config, r.dest, text="")) for r in checked.redirects]
        css = self._new_file(config, CSS_URI, abs_src_path=str(pages.ASSETS_DIR / "blogmeta.css"))
        return generated, pages_, redirects, css

    def _new_file(
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
        file of ours leaves it unset. For `blogmeta check` no event runs, and a plain `File`
        at the same path is all the collision check needs."""
        if self.state.outside_build:
            return cls(src, None, config.site_dir, config.use_directory_urls)
        if text is not None:
            path = self._scratch_dir() / _scratch_name(src)
            path.write_text(text, "utf-8")
            abs_src_path = str(path)
        return cls.generated(config, src, abs_src_path=abs_src_path)

    def _scratch_dir(self) -> Path:
        """This build's scratch folder (generated pages' sources, feeds, redirect pages),
        removed when the build ends."""
        if self.state.scratch is None:
            self.state.scratch = Path(tempfile.mkdtemp(prefix="blogmeta-"))
        return self.state.scratch

    def _generated_files(
        self,
        files: Files,
        config: MkDocsConfig,
        generated: dict[str, Listing | Overview],
        blog: Blog,
    ) -> dict[str, File]:
        """The index pages as generated files, not added yet (collisions are checked first)."""
        file_class = type(next(iter(files))) if len(files) else File
        made = {}
        for src, item in generated.items():
            if src in self.state.adopted:
                continue
            page = self._new_file(
                config, src, cls=file_class, text=yamlread.front_matter_text(self._meta_of(item))
            )
            _date_source(page, item.posts if isinstance(item, Listing) else blog.posts)
            if not _in_nav(item, blog):
                page.inclusion = type(page.inclusion).NOT_IN_NAV
            made[src] = page
        return made

    def _meta_of(self, item: Listing | Overview) -> dict[str, Any]:
        """An index page's front matter: what its `page.meta` holds for every plugin (a feed
        plugin wants a description; a theme, a title)."""
        meta = {"title": _generated_title(item, self.state.labels)}
        if description := seo.index_description(item, self.state.site):
            meta["description"] = description
        return meta

    def _plan_feeds(self, config: MkDocsConfig, blog: Blog) -> dict[tuple[str, str], File]:
        """Feed files: empty placeholders MkDocs copies, written over in `on_post_build`
        once every post's HTML exists. Outside a build, only their paths (for `blogmeta
        check`)."""
        if not self.state.site.url or not self.config.feeds:
            return {}
        folders = [self._index_url]
        if self.config.taxonomy_feeds:
            folders += [t.path for t in blog.tags] + [a.path for a in blog.authors]
        added = {}
        for folder in folders:
            for fmt, name in self.config.feeds.items():
                added[folder, fmt] = self._new_file(config, folder + name, text="")
        return added

    def _remove_scratch(self) -> None:
        if self.state.scratch is not None:
            shutil.rmtree(self.state.scratch, ignore_errors=True)
            self.state.scratch = None

    @property
    def _index_url(self) -> str:
        """`index_url`, or the folder that holds the posts folder."""
        if self.config.index_url is not None:
            return self.config.index_url
        parent = posixpath.dirname(self.config.posts_dir)
        return parent + "/" if parent else ""

    def blog_settings(self, config: MkDocsConfig) -> blog_.Settings:
        """The plugin's options as the blog reader takes them."""
        c = self.config
        labels = i18n.Labels(_theme_language(config))
        return blog_.Settings(
            docs_dir=config.docs_dir,
            posts_dir=c.posts_dir,
            post_url=c.post_url,
            use_directory_urls=config.use_directory_urls,
            future_is_draft=c.future_is_draft,
            show_drafts=c.drafts or (self.serving and c.drafts_on_serve),
            default_image=_default_image(c),
            authors_file=c.authors_file,
            site_url=_site_url(config),
            defaults=c.defaults,
            fallbacks={"language": _theme_language(config), "author": config.site_author},
            history_file=str(Path(config.config_file_path or ".").parent / c.url_history),
            history_name=c.url_history,
            image_cache=str(
                Path(config.config_file_path or ".").parent / c.cache_dir / "images.json"
            ),
            index=indexes.IndexSettings(
                use_directory_urls=config.use_directory_urls,
                index_url=self._index_url,
                index_in_nav=not self._index_url or self.state.index_page is None,
                tag_url=c.tag_url,
                tags_url=c.tags_url,
                category_url=c.category_url,
                categories_url=c.categories_url,
                author_url=c.author_url,
                authors_url=c.authors_url,
                per_page=c.per_page,
                related_count=c.related_count,
                words_per_minute=c.words_per_minute,
                titles={
                    k: labels(v)
                    for k, v in {
                        "index": "Blog",
                        "tags": "Tags",
                        "authors": "Authors",
                        "categories": "Categories",
                    }.items()
                },
            ),
        )

    @event_priority(100)
    def _hand_over(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Make a post's links permanent and take its links to held posts out of its
        Markdown, so that plugins after this one never read a draft's URL; give post and
        index pages an HTML-safe title: the nav, themes and Material's search index print
        `page.title` and `page.meta.title` as HTML. The rest of `page.meta` stays what
        MkDocs read from the front matter.

        Runs first. A plugin at the same priority listed earlier may have changed the text
        (an include): each edit is found by the text it replaces. Other pages' links to
        held posts are taken out here too.
        """
        src = page.file.src_uri
        post = self.state.posts_by_src.get(src)
        if post is not None:
            markdown, self.state.missed[src] = links.apply(markdown, self.state.edits.get(src, []))
            page.meta["title"] = page.title = escape(post.title)
            # The sitemap's lastmod. MkDocs also takes the timestamp of sitemap.xml.gz
            # from the newest page, which gzip wants between 1970 and 2106: keep it
            # between the epoch and now.
            when = min(max(post.updated, _EPOCH), datetime.now(UTC))
            page.update_date = when.date().isoformat()
        elif src in self.state.generated and src not in self.state.adopted:
            page.meta["title"] = page.title = escape(self.state.front_matter[src]["title"])
        else:  # any other page (a file of a post's bundle, the about page)
            markdown = self._unlink(markdown, page)
        return markdown

    @event_priority(-100)
    def _unlink_late(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Links to held posts in the Markdown as MkDocs will render it, whatever made them
        (an include, a macro, a wiki link, a page that is not a post), taken out; raw
        HTML paths of a moved page made to work from its new URL.

        Runs last, when every other plugin has made its changes to the text.
        """
        markdown = self._unlink(markdown, page)
        src = page.file.src_uri
        if src in self.state.moved_pages:
            if self.state.url_of is None:  # the files are final once pages render
                shown = [f for f in files if not f.inclusion.is_excluded()]
                self.state.url_of = {f.src_uri: f.url for f in shown}
            edits = links.raw_html_moves(src, markdown, self.state.url_of, page.url)
            markdown, _ = links.apply(markdown, edits)
        return markdown

    def _unlink(self, markdown: str, page: Page) -> str:
        """`markdown` without links to held posts, by the posts' own rule
        (`links.check_page`), so MkDocs never meets a link to a page it does not have.
        Each link is reported once a build, at its line when the page's file holds it."""
        if self.state.link_index is None or not self.state.unpublished.named_in(markdown):
            return markdown
        src = page.file.src_uri
        source = _page_source(page)
        at = source.find(markdown[:200]) if markdown else -1
        first = source.count("\n", 0, at) + 1 if at >= 0 else 1
        edits, problems = links.check_page(src, markdown, first, self.state.link_index)
        edits = [e for e in edits if e.held]
        said = [p for p in problems if p.code == "link-to-draft"]
        markdown, missed = links.apply(markdown, edits)
        self.state.missed[src] = self.state.missed.get(src, set()) | missed
        fresh = []
        for problem, edit in zip(said, edits, strict=True):
            if (src, edit.held, edit.old) not in self.state.reported_links:
                self.state.reported_links.add((src, edit.held, edit.old))
                fresh.append(problem)
        self._say(fresh)
        return markdown

    on_page_markdown = CombinedEvent(_hand_over, _unlink_late)

    @event_priority(100)
    def _fill_listing(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """An index, tag, author or category page holds its listing from here on (under the
        text of the blog folder's own `index.md`, when there is one).

        Runs first, so that every plugin reading page HTML in `on_page_content` (print
        pages, link checkers, minifiers, video embeds) and the search index see a real
        page, not an empty document.
        """
        item = self.state.generated.get(page.file.src_uri)
        if item is None:
            return html
        env = self._templates(config)
        if isinstance(item, Overview):
            return pages.render_overview(env, self.state.blog, item)
        if self.state.entries is None:
            self.state.entries = pages.Entries(env, self.state.blog)
        below = page.file.src_uri in self.state.adopted
        listing = pages.render_listing(env, self.state.blog, item, below, self.state.entries)
        return html + listing if below else listing

    @event_priority(-100)
    def _clean_html(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Take links to unpublished posts out of every page.

        Runs last: by then Markdown, its extensions (autolinks, `pymdownx.magiclink`, raw
        HTML) and every other plugin have made their links, so each is an `<a href>` or
        `<img src>` to check, and the page, the search index (read in `on_page_context`)
        and the feeds (made from `page.content` in `on_page_context`) never carry a held
        URL.
        """
        src = page.file.src_uri
        own = src in self.state.generated and src not in self.state.adopted
        # An index page is the plugin's own HTML: the cheap look is enough for it.
        if self.state.unpublished and (not own or self.state.unpublished.named_in(html)):
            if not self.state.site_files_known:  # the files are final once pages render
                self.state.site_files_known = True
                self.state.unpublished = self.state.unpublished.with_published(
                    f.dest_uri for f in files if not f.inclusion.is_excluded()
                )
            html, removed = unpublished.clean(html, page.url, self.state.unpublished)
            # A link whose Markdown edit another plugin's text change made miss: it was
            # reported with its line when the posts were read, and is taken out here. If
            # it is not, yet the page still names the held post, the build stops: its
            # URL must not reach the site in a form this pass cannot take out.
            missed = self.state.missed.pop(src, set())
            gone = {r.target.src for r in removed}
            for held in sorted(missed - gone):
                if self.state.unpublished.still_named(html, held):
                    raise PluginError(str(messages.problem("draft-link-left", src, other=held)))
            removed = [r for r in removed if not (r.tag == "a" and r.target.src in missed)]
            if removed:
                source = _page_source(page)
                problems = unpublished.removal_problems(src, source, removed)
                self._say(problems)
        return html

    on_page_content = CombinedEvent(_fill_listing, _clean_html)

    def _templates(self, config: MkDocsConfig) -> Any:
        """Our own autoescaping environment over the theme's template loader (`custom_dir`
        first), made once per build when the first page needs it."""
        if self.state.env is None:
            loader = config.theme.get_env().loader
            self.state.env = pages.make_environment(loader, self.state.labels)
        return self.state.env

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Once every page's Markdown is rendered and before any is written: check the
        posts' templates, wait for the share cards (MkDocs copies them next), note which
        posts the feeds carry, and write the redirect pages."""
        self._templates(config)
        self._check_templates(env, files)
        self._collect_cards(files)  # cards must exist before MkDocs copies them
        self.state.feed_posts = self._in_feeds()
        template = self.state.env.get_template(pages.REDIRECT_TEMPLATE)
        for redirect, file in self.state.redirects:
            html = template.render(permalinks.redirect_context(redirect, self.state.site.url))
            Path(file.abs_src_path).write_text(html, "utf-8")
        return env

    def _collect_cards(self, files: Files) -> None:
        """Wait for the cards being drawn, note their sizes, and say what went wrong (once
        per post: its two cards share a header image); a card that could not be drawn is
        left out rather than stopping the build when MkDocs copies it."""
        problems: list[Problem] = []
        for target, header_error, failure in self.state.drawer.wait():
            src = self.state.card_pending.pop(target, None)
            post = self.state.card_owner.get(src) if src is not None else None
            if src is None or post is None:
                continue
            if header_error:
                problems.append(
                    messages.post_problem(
                        "card-header", post, "header_img", src=post.header_img, error=header_error
                    )
                )
            if failure:
                problems.append(
                    messages.post_problem("card-failed", post, "title", card=src, error=failure)
                )
                files.remove(self.state.card_files[src])
                # The page's share tags and feed entries fall back to the next image.
                self.state.images[src] = images.ImageInfo(error=failure)
            elif os.path.exists(target):
                size = os.stat(target).st_size
                self.state.images[src] = replace(self.state.images[src], size_bytes=size)
        self._say(list(dict.fromkeys(problems)))

    def _check_templates(self, env: Any, files: Files) -> None:
        """A post naming a `template` the theme does not have, or one of the plugin's own
        (which render a part of a page, not a page): a warning, not a crash."""
        for src, post in self.state.posts_by_src.items():
            file = files.get_file_from_path(src)
            name = file.page.meta.get("template") if file and file.page else None
            if not name:
                continue
            if pages.is_own_template(name):
                self._say(
                    [messages.post_problem("template-reserved", post, "template", name=name)]
                )
                file.page.meta.pop("template", None)
                continue
            try:
                env.get_template(name)
            except Exception:
                self._say(
                    [messages.post_problem("template-missing", post, "template", name=name)]
                )
                file.page.meta.pop("template", None)

    def _in_feeds(self) -> set[str]:
        """The posts some feed carries: their entries are made as their pages render."""
        if not self.state.feed_files:
            return set()
        limit = self.config.feed_limit
        lists = [self.state.blog.posts] + (
            [t.posts for t in self.state.blog.tags] + [a.posts for a in self.state.blog.authors]
            if self.config.taxonomy_feeds
            else []
        )
        return {p.src_path for posts_ in lists for p in feeds.in_feed(posts_, limit)}

    def _write_feeds(self) -> None:
        """Write each feed where MkDocs copied its placeholder. A post whose page was not
        rendered (`--dirty`) gets an entry without its body."""
        entries = {
            src: feeds.make_entry(
                self.state.posts_by_src[src],
                self.state.blog,
                self.state.site,
                self.state.images,
                self.state.feed_bodies.get(src),
            )
            for src in self.state.feed_posts
        }
        for feed in feeds.feeds_for(
            self.state.blog,
            self.state.site,
            entries,
            limit=self.config.feed_limit,
            index_folder=self._index_url,
            taxonomies=self.config.taxonomy_feeds,
        ):
            for fmt, name in self.config.feeds.items():
                url = seo.absolute(self.state.site, feed.folder + name) or ""
                path = Path(self.state.feed_files[feed.folder, fmt].abs_dest_path)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(feeds.render(feed, fmt, url), "utf-8")

    def _alternates(self, folder: str | None, title: str | None) -> list[tuple[str, str, str]]:
        """Feed links for a page's head: the site's feeds, and a tag's or author's."""
        links = []
        for where, label in [(self._index_url, self.state.site.name), (folder, title)]:
            first = (where, next(iter(self.config.feeds), ""))
            if where is None or first not in self.state.feed_files:
                continue
            for fmt, name in self.config.feeds.items():
                url = seo.absolute(self.state.site, where + name) or ""
                links.append((feeds.MIME[fmt], f"{label} ({feeds.LABELS[fmt]})", url))
        return links

    @event_priority(-100)
    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        """Wrap a post's body in the post template and give templates `post` and `blog`;
        hand the theme a copy of `page.meta` in which every value the post's front matter
        (or an index page's title) gave is text.

        Runs last (lowest priority), after the search plugin has indexed the body alone
        and after every other plugin has read `page.meta` as written: the theme renders
        right after this, and `_restore_meta` gives the values back before any
        `on_post_page` handler runs.
        """
        context["blog"] = self.state.blog
        src = page.file.src_uri
        given = self.state.front_matter.get(src)
        if given is not None:
            self.state.meta[src] = page.meta
            page.meta = pages.theme_meta(page.meta, given)
        post = self.state.posts_by_src.get(src)
        if post is not None:
            context["post"] = post
            # The body as every other plugin left it (one that encrypts a post has done
            # it by now): what the head's description and the feeds may quote.
            body = page.content or ""
            self.state.descriptions[src] = seo.describe(post, body)
            if src in self.state.feed_posts:
                self.state.feed_bodies[src] = body  # the page keeps it too: no copy held
            if post.is_post:
                self.state.bodies[src] = page.content or ""
                page.content = pages.render_post(
                    self.state.env, self.state.blog, post, page.content or ""
                )
        return context

    @event_priority(100)
    def _restore_meta(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Give a post's `page.meta` back as other plugins knew it (runs first): the
        escaped copy was for the theme's templates only."""
        meta = self.state.meta.pop(page.file.src_uri, None)
        if meta is not None:
            page.meta = meta
        return output

    @event_priority(90)
    def _write_head(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Write the social and search tags into the head of post and index pages.

        Runs early (after `_restore_meta`), so that plugins that rewrite the written page
        (minifiers, i18n's alternate links) see the head whole.
        """
        src = page.file.src_uri
        post = self.state.posts_by_src.get(src)
        if post is not None:
            head = seo.post_head(
                post,
                self.state.blog,
                self.state.site,
                self.state.images,
                description=self.state.descriptions.get(src),
            )
        elif (item := self.state.generated.get(src)) is not None:
            head = seo.index_head(
                item, _generated_title(item, self.state.labels), self.state.site, self.state.images
            )
            if isinstance(item, Listing) and item.kind in ("tag", "author") and item.number == 1:
                head.alternates = self._alternates(item.path, item.title)
        else:
            head = seo.Head(title="")
        if not head.alternates:
            if self.state.site_alternates is None:  # the same on every page: once per build
                self.state.site_alternates = self._alternates(None, None)
            head.alternates = self.state.site_alternates
        if post is None and src not in self.state.generated and not head.alternates:
            return output
        tags = self.state.env.get_template(pages.HEAD_TEMPLATE).render(head=head)
        if src in self.state.generated and src not in self.state.adopted:
            page.content = None  # written; nothing reads an index page's HTML again
        elif src in self.state.bodies:
            page.content = self.state.bodies.pop(src)  # the body alone, as other plugins know it
        return seo.inject(output, tags, head.lang, replace=bool(head.title))

    @event_priority(-100)
    def _clean_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The last look at each written page: links into a held post that the theme made
        (the nav naming a draft's file, an override, a template printing `links:`) are
        taken out too. Runs last, after every other plugin's `on_post_page` (minifiers
        included), so what it leaves is what is written."""
        return self._clean_output(output, page.url, page.file.src_uri)

    on_post_page = CombinedEvent(_restore_meta, _write_head, _clean_page)

    @event_priority(-100)
    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """The theme's static pages (`404.html`) show the nav too: the same last look."""
        return self._clean_output(output_content, template_name, template_name)

    def _clean_output(self, output: str, url: str, src: str) -> str:
        """`output` without links into held posts; one warning per held post per build,
        since a link in the nav is on every page (written relative to each)."""
        if not self.state.unpublished or not self.state.unpublished.named_in(output):
            return output
        html, removed = unpublished.clean(output, url, self.state.unpublished)
        fresh = {r.target.src: r for r in removed if r.target.src not in self.state.theme_removals}
        self.state.theme_removals.update(fresh)
        problems = [
            messages.problem(
                "theme-links-draft", src, target=r.url, state=r.target.state, other=r.target.src
            )
            for r in fresh.values()
        ]
        self._say(problems)
        return html


def config_name(config: MkDocsConfig) -> str:
    """The configuration file's name, where messages about options point."""
    return Path(config.config_file_path or "mkdocs.yml").name


def config_problems(config: MkDocsConfig) -> list[Problem]:
    """Problems of the configuration: the build and `blogmeta check` both report them."""
    problems = []
    if not config.site_url:
        problems.append(messages.problem("site-url-missing", config_name(config)))
    plugin = config.plugins.get("blogmeta")
    image = plugin.config.get("default_image") if plugin is not None else None
    if image is not None and (
        bad := messages.link_problem(image, config_name(config), "default_image")
    ):
        problems.append(bad)
    return problems


def _default_image(c: BlogmetaConfig) -> str | None:
    """`default_image`, unless it is no safe link (`config_problems` says so)."""
    image = c.default_image
    return image if image is None or urls.unsafe_link(image) is None else None


def _site_url(config: MkDocsConfig) -> str | None:
    """`site_url`, ending in `/`, or None."""
    url = config.site_url or None
    return url if not url or url.endswith("/") else url + "/"


def _theme_language(config: MkDocsConfig) -> str | None:
    """The site's language, as a locale (`fr`, `pt_BR`): `theme.language` (material) or
    `theme.locale` (mkdocs). The one rule: the build's labels, the language of a post that
    has none, and what `blogmeta new` writes (through `blog_settings`)."""
    value = config.theme.get("language") or config.theme.get("locale")
    return str(value).replace("-", "_") if value else None


def _read_text(file: File) -> str | None:
    try:
        return file.content_string
    except (OSError, ValueError):
        return None


def _hand_post(file: File, front_matter: dict[str, Any], body: str) -> None:
    """Hand MkDocs the post as it was read: MkDocs' own reading of the text gives
    `page.meta` (the front matter, with the same types) and `page.markdown` (the body),
    so every plugin sees a post as it sees any page, from `on_page_markdown` on, at any
    priority. The front matter is written back as plain YAML: MkDocs would drop a
    front matter holding a date YAML cannot build (`2023-02-30`, kept as text here) and
    show it as text. The file keeps its `abs_src_path` (setting `content_string` clears
    it), through which plugins find the source: git dates, the rss plugin, includes
    relative to the post, `--dirty` rebuilds."""
    path = file.abs_src_path
    file.content_string = yamlread.front_matter_text(front_matter) + body
    file.abs_src_path = path


def _page_source(page: Page) -> str:
    """The page's Markdown file as written (messages give its lines), else its Markdown."""
    path = page.file.abs_src_path
    if path and os.path.isfile(path):
        try:
            with open(path, encoding="utf-8-sig", errors="replace") as handle:
                return handle.read()
        except OSError:
            pass
    return page.markdown or ""


def _move(file: File, post: Post) -> None:
    """Send a post's page, or a file of its bundle, to the post's folder."""
    if file.src_uri == post.src_path:
        dest = post.path + "index.html"
    else:
        dest = post.asset_path(file.src_uri)
        if file.is_documentation_page():
            dest = post.asset_path(file.dest_uri)
    file.dest_uri = dest
    for cached in ("url", "abs_dest_path"):  # computed from dest_uri, maybe already
        vars(file).pop(cached, None)
    if file.is_documentation_page() and file.inclusion.is_in_nav():
        file.inclusion = type(file.inclusion).NOT_IN_NAV


def _scratch_name(src: str) -> str:
    """A file name for `src` in the scratch folder: its path, quoted (the plugin's paths
    never collide), or a digest of it when that is longer than file systems allow."""
    name = quote(src, safe="")
    if len(name.encode()) <= 200:
        return name
    return hashlib.sha256(src.encode()).hexdigest() + posixpath.splitext(src)[1]


def _date_source(file: File, posts: tuple[Post, ...] | list[Post]) -> None:
    """An index page's source file dated by the newest change of the posts it lists:
    plugins that date pages without git history by their file (document-dates, the rss
    plugin's fallback) see when the page's content last changed, not the build."""
    if file.abs_src_path and posts:
        newest = max(post.updated for post in posts).timestamp()
        if 0 < newest < 2**32:
            os.utime(file.abs_src_path, (newest, newest))


def _generated_title(item: Listing | Overview, labels: i18n.Labels) -> str:
    """The title of an index page (a listing's page number after its first page)."""
    return pages.listing_title(item, labels) if isinstance(item, Listing) else item.title


def _in_nav(item: Listing | Overview, blog: Blog) -> bool:
    """Only the blog index's first page and the tags/authors pages go in the nav."""
    if isinstance(item, Overview):
        return True
    return item.kind == "index" and item.number == 1


_OPTION_OF = {
    "category": "category_url",
    "categories": "categories_url",
    "index": "index_url",
    "tag": "tag_url",
    "author": "author_url",
    "tags": "tags_url",
    "authors": "authors_url",
}


def _our_outputs(
    config: MkDocsConfig,
    settings: BlogmetaConfig,
    shown: list[Post],
    bundle_files: dict[str, str],
    by_src: dict[str, File],
    pages_: list[tuple[File, Listing | Overview]],
    feed_files: dict[tuple[str, str], File],
    redirects: list[tuple[permalinks.Redirect, File]],
    card_files: list[tuple[File, Post]],
    css: File,
) -> list[outputs.Output]:
    """Every path the plugin adds or moves a file to. The site-wide ones come first, so a
    post meeting a feed or an index page is the one named (its slug is what to change)."""
    name = config_name(config)
    found = []
    for file, item in pages_:
        option = _OPTION_OF[item.kind]
        value = getattr(settings, option) or ""
        found.append(
            outputs.ours(
                "page", file.dest_uri, name, path=name, src=file.src_uri, field=option,
                title=item.title, option=option, value=value,
            )
        )
    for file in feed_files.values():
        found.append(outputs.ours("feed", file.dest_uri, name, path=name, src=file.src_uri))
    found.append(outputs.ours("asset", css.dest_uri, name, path=name, src=css.src_uri))
    for post in shown:
        found.append(
            outputs.ours(
                "post", by_src[post.src_path].dest_uri, post.src_path, path=post.src_path,
                field="slug", line=post.lines.get("slug"),
            )
        )
    for src in bundle_files:
        found.append(outputs.ours("bundle", by_src[src].dest_uri, src, path=src, field="slug"))
    for file, post in card_files:
        field = "fb_img" if file.src_uri.rsplit("/", 1)[-1].startswith("card-fb") else "tw_img"
        found.append(
            outputs.ours(
                "card", file.dest_uri, f"the share card {file.src_uri}", path=post.src_path,
                src=file.src_uri, field=field, line=post.lines.get(field),
            )
        )
    for redirect, file in redirects:
        field = "aliases" if redirect.reason == "alias" else "uuid"
        found.append(
            outputs.ours(
                redirect.reason, file.dest_uri, redirect.post.src_path,
                path=redirect.post.src_path, src=file.src_uri, field=field,
                line=redirect.post.lines.get(field), url=redirect.url,
                history=settings.url_history,
            )
        )
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


def _has_errors(*groups: list[Problem]) -> bool:
    return any(p.level == "error" for group in groups for p in group)


def _strict_even_if_quiet(config: MkDocsConfig) -> None:
    """`mkdocs build --strict -q` sets MkDocs' logger to errors only, so a warning is
    never emitted and MkDocs' strict counter (a handler on the `mkdocs` logger) never
    sees it: the build would pass. Under `--strict`, our logger stays at WARNING, so our
    warnings are printed and counted, and the build fails as `--strict` promises."""
    logger = logging.getLogger(log.logger.name)
    quiet = not logging.getLogger("mkdocs").isEnabledFor(logging.WARNING)
    logger.setLevel(logging.WARNING if config.strict and quiet else logging.NOTSET)


def _log_problems(problems: list[Problem]) -> None:
    """Each problem as one line, `path:line: message [code]`, at its level."""
    for problem in problems:
        getattr(log, problem.level)(str(problem))
