"""The blog's settings, made once from MkDocs' configuration and the plugin's options.

The build's hooks and the `blogmeta` command both read the one `Settings` made here,
so the two cannot drift (the site's language, the index folder, the drafts shown).
Options arrive normalised by their types in `config.py` (slashes, clamps); this module
only gathers them for the pure modules, each of which takes its own part.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from . import __version__, cards, feeds, i18n, indexes, languages, messages, responsive, seo, urls
from . import blog as blog_
from .config import BlogmetaConfig
from .model import Problem
from .taxonomies import TAXONOMIES

CSS_URI = "assets/blogmeta/blogmeta.css"


@dataclass(frozen=True)
class Settings:
    """Everything a build (or the `blogmeta` command) needs to know of the configuration."""

    blog: blog_.Settings
    site: seo.Site
    labels: i18n.Labels
    cards: cards.Settings
    feeds: feeds.Settings
    #: the card cache, resolved against `mkdocs.yml`'s folder
    cache_dir: Path
    #: `mkdocs.yml`'s name, where messages about options point
    config_name: str
    #: the site's `messages:` option: the level of each message code
    levels: Mapping[str, str]
    #: every option by name, for messages that quote one (`tag_url`, ...)
    options: Mapping[str, object]
    #: responsive images: their variants' widths and formats
    responsive: responsive.Settings = field(default_factory=responsive.Settings)
    #: what ends a post's excerpt (None: no excerpts)
    excerpt_separator: str | None = None


def make(config: MkDocsConfig, options: BlogmetaConfig, *, serving: bool = False) -> Settings:
    """The settings of one build (`serving`: `mkdocs serve`, where drafts may show)."""
    language = theme_language(config)
    found, building = static_i18n(config)
    langs = languages.make(options.languages or found, building if found else None)
    if langs.default is not None:  # a post without `language` is in the default one
        language = i18n.locale_code(langs.default.code)
    labels = i18n.Labels(language)
    # resolved: `mkdocs serve` loads the file by another path on each rebuild
    path = config.config_file_path
    base = Path(path).resolve().parent if path else Path.cwd()
    site = seo.Site(
        labels=labels,
        url=site_url(config),
        name=config.site_name,
        description=config.site_description,
        default_image=default_image(options.default_image),
        image_alt=options.image_alt,
        twitter_site=options.twitter_site,
    )
    written = {"index_url": index_url(options.index_url, options.posts_dir)}
    written |= {
        option: options[option] for t in TAXONOMIES for option in (t.url_option, t.overview_option)
    }
    # `{lang}` in a URL option: filled for the default language here, for the others
    # from `written` (blog.py); options without it are used as written
    filled = {
        option: languages.localized(value, langs.default) for option, value in written.items()
    }
    index = filled.pop("index_url")
    taxonomy_urls = filled
    blog = blog_.Settings(
        docs_dir=config.docs_dir,
        posts_dir=options.posts_dir,
        post_url=options.post_url,
        use_directory_urls=config.use_directory_urls,
        future_is_draft=options.future_is_draft,
        show_drafts=options.drafts or (serving and options.drafts_on_serve),
        default_image=site.default_image,
        authors_file=options.authors_file,
        site_url=site.url,
        defaults=options.defaults,
        fallbacks={"language": language, "author": config.site_author},
        history_file=str(base / options.url_history),
        history_name=options.url_history,
        image_cache=str(base / options.cache_dir / "images.json"),
        languages=langs,
        index=indexes.IndexSettings(
            use_directory_urls=config.use_directory_urls,
            index_url=index,
            urls=taxonomy_urls,
            written=written if any(urls.has_field(v, "lang") for v in written.values()) else {},
            per_page=options.per_page,
            related_count=options.related_count,
            words_per_minute=options.words_per_minute,
            titles=indexes.titles(labels),
            labels=labels,
        ),
    )
    card_settings = cards.Settings(
        mode=options.cards,
        style=cards.Style(
            background=options.card_background,
            text=options.card_text_color,
            accent=options.card_accent_color,
            fonts=tuple(options.card_font),
            logo=options.card_logo,
            title_lines=options.card_title_lines,
        ),
        fb_size=tuple(options.card_fb_size),
        tw_size=tuple(options.card_tw_size),
        site_name=config.site_name,
        cache_dir=str(base / options.cache_dir),
        version=__version__,
    )
    feed_settings = feeds.Settings(
        files=dict(options.feeds) if site.url else {},
        limit=options.feed_limit,
        taxonomies=options.taxonomy_feeds,
        index_folder=index,
        content=options.feed_content,
        languages=langs,
    )
    return Settings(
        blog=blog,
        site=site,
        labels=labels,
        cards=card_settings,
        feeds=feed_settings,
        cache_dir=base / options.cache_dir,
        config_name=config_name(config),
        levels=options.messages,
        options=dict(options.items()),
        excerpt_separator=options.excerpt_separator,
        responsive=responsive.Settings(
            enabled=options.responsive_images,
            widths=tuple(options.image_widths),
            cache_dir=str(base / options.cache_dir),
            formats=responsive.modern_formats(),
        ),
    )


def static_i18n(config: MkDocsConfig) -> tuple[dict[str, dict[str, object]], str | None]:
    """mkdocs-static-i18n's languages (suffix structure, at least two built) as a
    `languages:` option, and the language its current build writes (it builds the site
    once per language, the default first); ({}, None) without it, or when what it holds
    cannot be read: the blog is then built as by a site of one language."""
    plugin = config.plugins.get("i18n") if config.plugins else None
    try:
        if plugin is None or plugin.config.docs_structure != "suffix":
            return {}, None
        found = {
            str(lang.locale): {"name": str(lang.name or lang.locale), "default": bool(lang.default)}
            for lang in plugin.config.languages
            if lang.build and lang.locale != "null"
        }
        default = next((code for code, lang in found.items() if lang["default"]), None)
        current = plugin.current_language or default  # set by its `on_config`, after ours
    except (AttributeError, TypeError):
        return {}, None
    if len(found) < 2 or default is None or current not in found:
        return {}, None
    return found, str(current)


def config_name(config: MkDocsConfig) -> str:
    """The configuration file's name, where messages about options point."""
    return Path(config.config_file_path or "mkdocs.yml").name


def config_problems(config: MkDocsConfig, options: BlogmetaConfig) -> list[Problem]:
    """Problems of the configuration: the build and `blogmeta check` both report them."""
    problems = []
    name = config_name(config)
    if not config.site_url:
        problems.append(messages.problem("site-url-missing", name))
    image = options.default_image
    if image is not None and (bad := messages.link_problem(image, name, "default_image")):
        problems.append(bad)
    for code in options.languages or {}:  # a language's labels that fall back to English
        if lacking := i18n.missing(code):
            shown = ", ".join(f"'{label}'" for label in lacking[:3])
            shown += ", ..." if len(lacking) > 3 else ""
            problems.append(messages.problem("labels-missing", name, language=code,
                                             count=len(lacking), labels=shown))  # fmt: skip
    return problems


def default_image(image: str | None) -> str | None:
    """`default_image`, unless it is no safe link (`config_problems` says so)."""
    return image if image is None or urls.unsafe_link(image) is None else None


def site_url(config: MkDocsConfig) -> str | None:
    """`site_url`, ending in `/`, or None."""
    url = config.site_url or None
    return url if not url or url.endswith("/") else url + "/"


def theme_language(config: MkDocsConfig) -> str | None:
    """The site's language, as a locale (`fr`, `pt_BR`): `theme.language` (material) or
    `theme.locale` (mkdocs). The one rule: the build's labels, the language of a post that
    has none, and what `blogmeta new` writes."""
    value = config.theme.get("language") or config.theme.get("locale")
    return i18n.locale_code(str(value)) if value else None


def index_url(option: str | None, posts_dir: str) -> str:
    """`index_url`, or the folder that holds the posts folder."""
    if option is not None:
        return option
    parent = posixpath.dirname(posts_dir)
    return parent + "/" if parent else ""
