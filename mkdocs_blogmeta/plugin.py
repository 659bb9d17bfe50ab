"""The MkDocs plugin: thin event handlers over the pure modules.

Each handler gathers what MkDocs hands it, calls a function that takes data and
returns data, and applies the result. A build's state is one record (`state.Build`),
made new in `on_config`, so `mkdocs serve` rebuilds start clean. `docs/architecture.md`
follows a build through these hooks, module by module.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import markdown
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.contrib.search.search_index import SearchIndex
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import blog as blog_
from . import (
    cards,
    excerpts,
    feeds,
    languages,
    latest,
    links,
    messages,
    pages,
    permalinks,
    responsive,
    seo,
    settings,
    sitefiles,
    sitemap,
    urls,
)
from . import unlisted as unlisted_
from .config import BlogmetaConfig
from .guard import Leak
from .model import Post, Problem
from .state import Build, Memory

log = get_plugin_logger(__name__)
T = TypeVar("T")


class BlogmetaPlugin(BasePlugin[BlogmetaConfig]):
    """Turns a folder of post bundles into a blog."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = self.dirty = False
        self.memory = Memory()  # what `mkdocs serve` keeps from one build to the next
        self.state = Build()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve` (drafts may show; posts read once),
        with `--dirty` (only the pages a change touches are rendered)."""
        self.serving, self.dirty = command == "serve", command == "serve" and dirty
        self.memory = Memory()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Make the build's settings; add our templates after the theme's (so `custom_dir`
        wins) and our CSS."""
        self._end_build()
        self.memory.builds += 1  # mkdocs-static-i18n runs its other builds inside this one
        made = settings.make(config, self.config, serving=self.serving)
        scratch = self.memory.scratch if self.dirty else sitefiles.Scratch()
        drawer = self.memory.drawer if self.serving else cards.Drawer()
        self.state = Build(settings=made, scratch=scratch, drawer=drawer)
        messages.strict_even_if_quiet(log.logger.name, config.strict)
        if str(pages.TEMPLATES_DIR) not in config.theme.dirs:
            config.theme.dirs.append(str(pages.TEMPLATES_DIR))
        if settings.CSS_URI not in config.extra_css:
            config.extra_css.append(settings.CSS_URI)
        if self.config.cards != "off" and (bad := cards.check_fonts(self.config.card_font)):
            problem = messages.problem("card-font", made.config_name, font=bad[0], error=bad[1])
            raise PluginError(str(problem))
        self._say(settings.config_problems(config, self.config))
        return config

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
        s, made = self.state, self.state.settings
        assert made is not None
        if made.blog.languages.building is not None:
            # i18n's `on_config` (after ours) gave the language its own `site_name`, ...
            s.settings = made = settings.make(config, self.config, serving=self.serving)
        by_src = {f.src_uri: f for f in files if not f.inclusion.is_excluded()}
        paths = {src: f.abs_src_path for src, f in by_src.items()}
        reads, plans = (self.memory.reads, self.memory.card_plans) if self.serving else (None, None)
        if self.serving:
            self.memory.texts.keep_only({path for path in paths.values() if path})
            text = lambda src: self.memory.texts.read(by_src[src])  # noqa: E731
        else:
            text = lambda src: sitefiles.read_text(by_src[src])  # noqa: E731
        read = blog_.read_posts(paths, text, made.blog, reads)
        shown, problems, drawing = s.start_cards(read, config, plans)
        self._say(problems)
        if drawing:
            log.info(drawing)
        link_checks = self.memory.link_checks if self.serving else None
        checked = blog_.assemble(read, shown, made.blog, link_checks)
        problems = self._say(checked.problems)
        for src in blog_.left_out(checked, made.blog.authors_src) & set(by_src):
            files.remove(by_src.pop(src))
        s.plan = sitefiles.place(files, config, made, checked, by_src, s.scratch, s.plan)
        s.elsewhere = languages.elsewhere(checked.shown, made.blog.languages)
        if made.blog.languages:  # Material's selector as configured (i18n rewrites it)
            s.alternate = copy.deepcopy((config.extra or {}).get("alternate"))
        sitefiles.set_aside(by_src, s.elsewhere)  # mkdocs-static-i18n: another build's
        shown_images = self.memory.shown_images if self.serving else None
        if drawing := s.start_variants(checked, config, by_src, shown_images):
            log.info(drawing)
        paths = sitefiles.paths_key(files, s.plan, config) if self.dirty else None
        if not _has_errors(problems) and (paths is None or paths != self.memory.paths):
            found = sitefiles.collisions(files, config, made, checked, by_src, s.plan)
            problems += self._say(found)
            self.memory.paths = None if found else paths  # the same paths: no new collision
        if _has_errors(problems):
            raise PluginError(messages.text("build-stopped"))
        for file in s.plan.added:
            files.append(file)
        s.read_excerpts(checked)
        if self.dirty:
            theme = sitefiles.theme_texts(config)
            s.plan_rebuild(checked, files, by_src, self.memory, theme)
        s.take(checked, by_src, dirty=self.dirty)
        if not self.serving:  # read once: nothing asks the caches by body again
            blog_.forget_bodies()
        return files

    @event_priority(-99)
    def _step_aside(self, files: Files, config: MkDocsConfig) -> Files:
        """The index pages leave the list of files while the plugins that run last in
        `on_files` (-100) rebuild it, and come back in `_keep_ours`.

        Those plugins localise or filter the documentation pages of `docs_dir` (i18n makes
        a new `File` of each from its source and warns of any other page); an index page
        has no source there to localise. Every plugin before them has seen it.
        """
        ours = {id(f) for f in self.state.plan.pages.values()}
        for file in [f for f in files if id(f) in ours]:
            files.remove(file)
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
        s = self.state
        posts = set(s.posts_by_src) - s.elsewhere
        if self._say(sitefiles.keep(files, s.ours, posts, s.elsewhere)):
            raise PluginError(messages.text("build-stopped"))
        return files

    on_files = CombinedEvent(_read_blog, _step_aside, _keep_ours)

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
        src, s = page.file.src_uri, self.state
        post = s.posts_by_src.get(src)
        # The sitemap's lastmod: a post's last update, an index page's newest post's.
        if (date := s.sitemap_date(src)) is not None:
            page.update_date = date
        if src in s.unlisted:  # Material's search reads it (MkDocs': `_unlist_search`)
            page.meta["search"] = unlisted_.search_excluded(page.meta.get("search"))
        if post is not None:
            markdown = s.guard.post_markdown(src, markdown)
            page.meta["title"] = page.title = escape(post.title)
        elif s.is_own_page(src):
            page.meta["title"] = page.title = escape(s.front_matter[src]["title"])
        else:  # any other page (a file of a post's bundle, the about page)
            markdown = self._unlink(markdown, page)
        return markdown

    @event_priority(-100)
    def _unlink_late(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Links to held posts in the Markdown as MkDocs will render it, whatever made them
        (an include, a macro, a wiki link, a page that is not a post), taken out; raw
        HTML paths of a moved page made to work from its new URL.

        Runs last, when every other plugin has made its changes to the text.
        """
        markdown, s = self._unlink(markdown, page), self.state
        if page.file.src_uri in s.moved_pages:
            if s.url_of is None:  # the files are final once pages render
                s.url_of = sitefiles.FileUrls(files)
            edits = links.raw_html_moves(page.file.src_uri, markdown, s.url_of, page.url)
            markdown, _ = links.apply(markdown, edits)
        return markdown

    def _unlink(self, markdown: str, page: Page) -> str:
        source = lambda: sitefiles.page_source(page)  # noqa: E731 (read only when needed)
        markdown, problems = self.state.guard.markdown(page.file.src_uri, markdown, source)
        self._say(problems)
        return markdown

    on_page_markdown = CombinedEvent(_hand_over, _unlink_late)

    @event_priority(100)
    def _fill_listing(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """An index, tag, author or category page holds its listing from here on (under the
        text of the blog folder's own `index.md`, when there is one).

        Runs first, so that every plugin reading page HTML in `on_page_content` (print
        pages, link checkers, minifiers, video embeds) and the search index see a real
        page, not an empty document.
        """
        s, src = self.state, page.file.src_uri
        item = s.generated.get(src)
        if item is None or src in s.plan.adopted:
            html = self._fill_latest(html, page, config, files)
        if item is None:
            return html
        env = self._templates(config)
        if isinstance(item, pages.Overview):
            return pages.render_overview(env, s.blog, item)
        below = src in s.plan.adopted
        listing = pages.render_listing(env, s.blog, item, below, self._entries(config, files))
        return html + listing if below else listing

    def _fill_latest(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Each `<!-- blogmeta:latest N -->` marker of a page replaced by its list of posts
        (taken out of a post, with a warning)."""
        if latest.HINT not in html:
            return html
        s, src = self.state, page.file.src_uri
        env, entries = self._templates(config), self._entries(config, files)

        def render(found: list[Post]) -> str:
            return pages.render_latest(env, s.blog, found, page.url, entries)

        source = lambda: sitefiles.page_source(page)  # noqa: E731
        html, problems = latest.fill(html, s.blog, render, src, source,
                                     in_post=src in s.posts_by_src)  # fmt: skip
        self._say(problems)
        return html

    def _entries(self, config: MkDocsConfig, files: Files) -> pages.Entries:
        """The listing entries of this build, with the posts' excerpts."""
        s = self.state
        if s.entries is None:
            excerpts_ = self._excerpts(config, files)
            s.entries = pages.Entries(self._templates(config), s.blog, excerpts_, s.offer_entry)
        return s.entries

    def _excerpts(self, config: MkDocsConfig, files: Files) -> excerpts.Excerpts:
        """The posts' excerpts, rendered when a page first shows one, by Markdown with the
        site's extensions (as the posts' pages are), links placed by the docs tree's
        files."""
        s = self.state
        if s.excerpts is None:
            md = markdown.Markdown(
                extensions=config.markdown_extensions, extension_configs=config.mdx_configs
            )
            if s.url_of is None:  # the files are final once pages render
                s.url_of = sitefiles.FileUrls(files)
            s.excerpts = excerpts.Excerpts(
                s.excerpt_md, lambda text: md.reset().convert(text), s.url_of, pages.ROOT_MARK
            )
        return s.excerpts

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
        try:
            html, problems = self.state.guard.html(
                src, page.url, html, own=self.state.is_own_page(src),
                published=lambda: (f.dest_uri for f in files if not f.inclusion.is_excluded()),
                source=lambda: sitefiles.page_source(page),
            )  # fmt: skip
        except Leak as leak:
            problem = leak.problem
            raise PluginError(str(problem)) from None
        self._say(problems)
        return html

    on_page_content = CombinedEvent(_fill_listing, _clean_html)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Once every page's Markdown is rendered and before any is written: check the
        posts' templates, wait for the share cards (MkDocs copies them next), note which
        posts the feeds carry, and write the redirect pages."""
        s, made = self.state, self.state.settings
        assert made is not None
        own, by_src = self._templates(config), files.src_uris  # without a `PurePath` each
        for src, post in s.posts_by_src.items():
            file = by_src.get(src)
            if file is not None and file.page is not None:
                problems = pages.check_template(post, file.page.meta, env)
                self._say(problems)
        self._say(s.collect_variants(files))  # MkDocs copies them next
        if self.serving:  # the page is served while its card is drawn (`on_post_build`)
            s.defer_cards(files, every=not self.dirty)
        else:
            self._say(s.collect_cards(files))  # MkDocs copies them next
        s.date_pages(files)  # the pages `--dirty` does not read too
        s.note_unlisted(files, excluded="material/search" in config.plugins)
        if made.blog.languages.building is not None:  # i18n writes the search index last
            self.memory.i18n_unsearched |= s.unsearched_urls
        s.entries = None  # every listing is rendered: the entries are not held to the end
        pages.forget()  # nor the links they placed
        s.feed_posts = feeds.carried(s.blog, made.feeds)
        # for feeds that carry excerpts (`on_post_build`): theirs alone
        self._excerpts(config, files).keep_only(p.src_path for p in s.excerpt_feed_posts())
        s.excerpt_md = {}
        template = own.get_template(pages.REDIRECT_TEMPLATE)
        written = {
            file: template.render(permalinks.redirect_context(redirect, made.site.url))
            for redirect, file in s.plan.redirects
        }
        sitefiles.write_sources(written, s.scratch)
        return env

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
        s, src = self.state, page.file.src_uri
        context["blog"] = s.blog
        if (given := s.front_matter.pop(src, None)) is not None:  # needed once: not kept
            s.meta[src] = page.meta
            page.meta = pages.theme_meta(page.meta, given)
        if (post := s.posts_by_src.get(src)) is not None:
            context["post"] = post
            # The body as every other plugin left it (one that encrypts a post has done
            # it by now): what the head's description and the feeds may quote.
            body = page.content or ""
            s.descriptions[src] = seo.describe(post, body)
            if src in s.feed_posts:
                s.feed_bodies[src] = body  # the page keeps it too: no copy held
            if post.is_post:
                s.bodies[src] = body
                html = pages.render_post(s.env, s.blog, post, body)
                page.content = s.offer_pictures(html, page.url, responsive.content_sizes)
        if s.blog.languages and (post is not None or src in s.generated):
            assert s.settings is not None
            found = languages.page_languages(
                s.blog, s.settings.blog.languages, post, s.generated.get(src)
            )
            context = _with_alternate(context, config, s.alternate, found)
        return context

    @event_priority(100)
    def _restore_meta(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Give a post's `page.meta` back as other plugins knew it (runs first): the
        escaped copy was for the theme's templates only."""
        if (meta := self.state.meta.pop(page.file.src_uri, None)) is not None:
            page.meta = meta
        return output

    @event_priority(90)
    def _write_head(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Write the social and search tags into the head of post and index pages.

        Runs early (after `_restore_meta`), so that plugins that rewrite the written page
        (minifiers, i18n's alternate links) see the head whole.
        """
        s, made, src = self.state, self.state.settings, page.file.src_uri
        assert made is not None
        post, item = s.posts_by_src.get(src), s.generated.get(src)
        head = pages.head(post, item, s.blog, made.site, s.images, s.descriptions.get(src))
        head.alternates = s.feed_links(item, post)
        if post is None and item is None and not head.alternates:
            return output
        tags = s.env.get_template(pages.HEAD_TEMPLATE).render(head=head)
        if s.is_own_page(src):
            page.content = None  # written; nothing reads an index page's HTML again
        elif src in s.bodies:
            page.content = s.bodies.pop(src)  # the body alone, as other plugins know it
        several = bool(s.blog.languages) and (post is not None or item is not None)
        return seo.inject(output, tags, head.lang, replace=bool(head.title), hreflang=several)

    @event_priority(-100)
    def _clean_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The last look at each written page: links into a held post that the theme made
        (the nav naming a draft's file, an override, a template printing `links:`) are
        taken out too. Runs last, after every other plugin's `on_post_page` (minifiers
        included), so what it leaves is what is written."""
        output, problems = self.state.guard.output(output, page.url, page.file.src_uri)
        self._say(problems)
        return output

    on_post_page = CombinedEvent(_restore_meta, _write_head, _clean_page)

    @event_priority(-100)
    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """The theme's static pages (`404.html`) show the nav too: the same last look."""
        output, problems = self.state.guard.output(output_content, template_name, template_name)
        self._say(problems)
        made = self.state.settings
        if template_name == "404.html" and made and made.blog.languages.building is not None:
            output = seo.without_hreflang(output)  # i18n's: the last page's alternates
        if template_name == "sitemap.xml":  # and the `.gz` MkDocs makes of this text
            drop = partial(unlisted_.sitemap_without, output, self.state.unlisted_locations)
            output = _unlisted_out(template_name, drop)
            if made is not None and made.blog.languages.building is not None:  # i18n's
                output = sitemap.with_pages(output, sitemap.pages(self.state.blog, made.site))
            if self.state.blog.languages and self.state.settings is not None:  # hreflang
                found = sitemap.alternates(self.state.blog, self.state.settings.site)
                output = sitemap.with_alternates(output, found)
        return output

    @event_priority(100)
    def _finish_build(self, *, config: MkDocsConfig) -> None:
        """Write the feeds over the placeholders MkDocs copied, then drop the scratch
        folder.

        Runs first, so that plugins reading the built site (link checkers, minifiers)
        see the feeds. The feeds are written this late because their entries are the
        posts' bodies as other plugins left them in `on_page_context` (a plugin that
        encrypts a post does it there), not as Markdown rendered them. Under `mkdocs
        serve` the site is served now, and the share cards still being drawn, then the
        feeds (an enclosure states its card's size), follow in the background
        (`_finish_later`): an author looks at the page, and its feeds are there a moment
        later (a blog of 1,000 posts has some 500 of them).
        """
        s, memory, made = self.state, self.memory, self.state.settings
        assert made is not None
        bodies = {**memory.bodies, **s.feed_bodies} if self.dirty else s.feed_bodies
        if not self.serving:
            self._write_feeds(s, bodies)
            _forget_pages(s)  # before the search plugin writes its index (the peak)
        if not self.dirty and made.responsive.enabled:  # what no page offers any more
            responsive.prune(made.responsive.cache_dir, s.used_variants())
        if self.dirty:  # the next rebuild starts from what this one wrote
            gone = memory.outputs - s.outputs - s.written  # another file may take the path
            sitefiles.remove_outputs(config.site_dir, gone)
            memory.digests, memory.site_digest = s.digests, s.site_digest
            memory.bodies, memory.outputs = bodies, s.outputs
        if self.serving:  # started once every plugin has done its `on_post_build`
            memory.later = partial(self._finish_later, s, bodies)
        elif not self.dirty:
            s.scratch.remove()

    def _write_feeds(self, s: Build, bodies: dict[str, str]) -> None:
        """Write the feeds over their placeholders (under `--dirty`, only those whose
        entries changed)."""
        made, memory = s.settings, self.memory
        if made is not None and s.plan.feeds:
            previous = memory.feed_digests if self.dirty else None
            signatures = (s.site_digest, s.shown) if self.dirty else None
            memory.feed_digests = feeds.write(
                s.blog, made.site, made.feeds, s.posts_by_src, s.images, bodies,
                partial(sitefiles.write_over, s.plan.feeds), previous, signatures,
                s.feed_excerpts(),
            )  # fmt: skip

    def _finish_later(self, s: Build, bodies: dict[str, str]) -> None:
        """`mkdocs serve`, after the page is served: wait for the cards, copy them into the
        site, then write the feeds (an enclosure states its card's size). The next build
        waits for this (`Memory.settle`) before it starts."""
        try:
            problems, failed = s.finish_cards()
            self._say(problems)
            if failed:  # a page names a card that is not there: render it again
                self.memory.forget()
            self._write_feeds(s, bodies)
        except Exception as error:  # a thread's traceback would say nothing useful
            self.memory.forget()
            log.warning(messages.text("serve-unfinished", error=error))
        finally:
            if not self.dirty:
                s.scratch.remove()

    def settle(self) -> None:
        """Wait for the share cards and feeds a `mkdocs serve` build is still finishing
        (tests and tools that read the served site call this first)."""
        self.memory.settle()

    @event_priority(-100)
    def _unlist_search(self, *, config: MkDocsConfig) -> None:
        """Take the unlisted pages, and a listing's later pages (`indexes.searched`), out
        of the search index. Runs last, after the search plugin wrote it. MkDocs' search
        has no way to leave a page out. Material's reads `search.exclude`, which those
        pages carry: its index is still read for the unlisted ones, to fail closed."""
        _unlist_search_index(config, self.state.unsearched_urls)

    @event_priority(-101)
    def _unlist_search_i18n(self, *, config: MkDocsConfig) -> None:
        """Beside mkdocs-static-i18n, which writes the search index again from every
        language's pages at the end of its first build (`on_post_build`, -100), after its
        other builds: every build's unlisted pages taken out of it once more. Runs after
        it; does nothing without i18n's languages."""
        memory, made = self.memory, self.state.settings
        memory.builds = max(memory.builds - 1, 0)
        if made is None or made.blog.languages.building is None:
            return
        urls = memory.i18n_unsearched
        if memory.builds == 0:  # the first build, which all the others ran inside
            memory.i18n_unsearched = set()
        _unlist_search_index(config, urls)

    @event_priority(-200)
    def _serve_now(self, *, config: MkDocsConfig) -> None:
        """Under `mkdocs serve`: start finishing the cards and feeds in the background
        (`_finish_later`), now that the site is served.

        Runs after every other plugin's `on_post_build` (MkDocs' "last" is -100), so that
        the search indexes they write do not share the interpreter with that work: only
        the served page is waited for. A build run inside this one (mkdocs-static-i18n's
        languages) finishes this one's first (`Memory.settle`)."""
        self.memory.start_later()

    on_post_build = CombinedEvent(_finish_build, _unlist_search, _unlist_search_i18n, _serve_now)

    def on_build_error(self, *, error: Exception) -> None:
        """Stop drawing cards when the build fails; drop scratch files; the next rebuild
        renders every page."""
        self.memory.later = None  # nothing of a failed build is finished
        self._end_build()
        self.memory.forget()
        self.memory.builds, self.memory.i18n_unsearched = 0, set()

    def on_shutdown(self) -> None:
        """The instance may be reused by a later build in the same process."""
        self._end_build()
        self.memory.drawer.close()
        self.memory.scratch.remove()
        self.serving = self.dirty = False
        self.memory, self.state = Memory(), Build()

    def _end_build(self) -> None:
        self.memory.settle()
        self.state.image_drawer.close()
        if self.state.drawer is not self.memory.drawer:
            self.state.drawer.close()
        if self.state.scratch is not self.memory.scratch:
            self.state.scratch.remove()

    def _templates(self, config: MkDocsConfig) -> Any:
        """Our own autoescaping environment over the theme's template loader (`custom_dir`
        first), made when the first page needs it, once a build (once a `mkdocs serve`:
        Jinja reloads a template whose file changed)."""
        if self.state.env is None:
            assert self.state.settings is not None
            labels = self.state.settings.labels
            key = (tuple(config.theme.dirs), labels.language)
            if self.serving and self.memory.env and self.memory.env[0] == key:
                self.state.env = self.memory.env[1]
            else:
                loader = config.theme.get_env().loader
                self.state.env = pages.make_environment(loader, labels, reload=self.serving)
                self.memory.env = (key, self.state.env) if self.serving else None
        return self.state.env

    def _say(self, problems: list[Problem]) -> list[Problem]:
        """Log each problem at the level the site's `messages:` option gives its code
        (`messages.with_levels`, the one rule): returns them at those levels."""
        problems = messages.with_levels(problems, self.config.messages)
        for problem in problems:
            getattr(log, problem.level)(str(problem))
        return problems


def _forget_pages(s: Build) -> None:
    """What only the pages and the feeds asked for, let go once both are written: the
    posts' descriptions, bodies and excerpts, and the caches of URLs."""
    s.descriptions, s.feed_bodies, s.excerpts = {}, {}, None
    pages.forget()
    urls.forget()


def _has_errors(problems: list[Problem]) -> bool:
    return any(p.level == "error" for p in problems)


class _PageConfig:
    """The site's configuration as one page's templates see it: with its own `extra`
    (Material's language selector, `extra.alternate`, leading to the page's
    translations); everything else is the site's."""

    def __init__(self, config: MkDocsConfig, extra: dict[str, Any]) -> None:
        self._config, self.extra = config, extra

    def __getattr__(self, name: str) -> Any:
        return getattr(self._config, name)

    def __getitem__(self, key: str) -> Any:
        return self.extra if key == "extra" else self._config[key]

    def __contains__(self, key: object) -> bool:
        return key in self._config


def _with_alternate(
    context: dict[str, Any], config: MkDocsConfig, alternate: Any, found: dict[str, str]
) -> dict[str, Any]:
    """The page context of a post or an index page of a blog in several languages: its
    `config.extra.alternate` (Material's language selector) as the site configured it
    (`alternate`: mkdocs-static-i18n rewrites it for the pages it knows, and the last
    one's would stay), each entry leading to the page in its language when it has one
    (`languages.material_alternate`)."""
    if not isinstance(alternate, list):
        return context
    changed = languages.material_alternate(alternate, found) if len(found) > 1 else None
    if changed is None and alternate == _jinja_attribute(config.extra, "alternate"):
        return context
    new = changed if changed is not None else copy.deepcopy(alternate)
    context["config"] = _PageConfig(config, {**config.extra, "alternate": new})
    return context


def _jinja_attribute(value: Any, name: str) -> Any:
    """`value.name` as a template reads it: the attribute, else the item (i18n sets
    `config.extra.alternate` as an attribute, which the theme reads first)."""
    try:
        return getattr(value, name)
    except AttributeError:
        return value.get(name) if hasattr(value, "get") else None


def _unlist_search_index(config: MkDocsConfig, urls: set[str]) -> None:
    """The search index the search plugin wrote, without the unlisted pages (`urls`)."""
    if urls:
        drop = partial(unlisted_.search_index_without, page_urls=urls, prebuild=_prebuilt)
        path = unlisted_.SEARCH_INDEX
        _unlisted_out(path, partial(sitefiles.rewrite, config.site_dir, path, drop))


def _prebuilt(docs: list[Any], config: dict[str, Any]) -> Any:
    """The prebuilt index of MkDocs' search (`prebuild_index`) for `docs`, made by its own
    code from its own settings, as it made the one the index held (None: it could not)."""
    index = SearchIndex(**config)
    for doc in docs:
        if isinstance(doc, dict):
            index._add_entry(doc.get("title"), doc.get("text", ""), doc.get("location", ""))
    return json.loads(index.generate_search_index()).get("index")


def _unlisted_out(what: str, take_out: Callable[[], T]) -> T:
    """`take_out` the unlisted pages of the sitemap or the search index (`what`); one
    that cannot be read stops the build rather than publish their addresses."""
    try:
        return take_out()
    except unlisted_.Unreadable as exc:
        raise PluginError(messages.text("unlisted-unreadable", what=what, error=exc)) from None
