"""The plugin's options: one typed `Config`, with defaults that need no setup."""

from __future__ import annotations

import re

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from PIL import ImageColor

from . import feeds, fieldmap, messages, urls
from .model import FEED_CONTENT
from .taxonomies import ARCHIVE, AUTHOR, CATEGORY, SERIES, TAG


class _DocsFolder(c.Type):
    """A folder of `docs_dir`, read without slashes at its ends: the one place they go."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        return str(super().run_validation(value)).strip("/")


class _PostUrl(c.Type):
    """A `post_url` template, checked when `mkdocs.yml` is read."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        problem = urls.check_post_url_template(value)
        if problem:
            raise c.ValidationError(problem)
        return value


class _Folder(c.Type):
    """A folder of the site for generated pages (`tags/`, `tag/{slug}/`)."""

    def __init__(
        self, default: str | None, *, needs_slug: bool = False, fields: tuple[str, ...] = ("slug",)
    ) -> None:
        super().__init__(str, default=default)
        self.needs_slug, self.fields = needs_slug, fields

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        problem = urls.check_folder_template(value, needs_slug=self.needs_slug, fields=self.fields)
        if problem:
            raise c.ValidationError(problem)
        return value


class _Feeds(c.Type):
    """Feed formats and their file names: `{rss: rss.xml, atom: atom.xml, json: feed.json}`."""

    def __init__(self) -> None:
        super().__init__(dict, default=dict(feeds.DEFAULT_FILES))

    def run_validation(self, value: object) -> dict[str, str]:
        if value is None or value is False:
            return {}
        value = super().run_validation(value)
        chosen = {}
        for fmt, name in value.items():
            if fmt not in feeds.FORMATS:
                known = ", ".join(feeds.FORMATS)
                raise c.ValidationError(f"'{fmt}' is not a feed format ({known})")
            if name in (None, False, ""):
                continue
            if not isinstance(name, str) or "/" in name or name.startswith("."):
                raise c.ValidationError(f"the {fmt} feed's file name '{name}' must be a plain name")
            chosen[fmt] = name
        return chosen


class _Size(c.Type):
    """A card size, `[width, height]` in pixels."""

    def __init__(self, default: list[int]) -> None:
        super().__init__(list, default=default)

    def run_validation(self, value: object) -> list[int]:
        value = super().run_validation(value)
        if len(value) != 2 or not all(isinstance(v, int) and 100 <= v <= 4096 for v in value):
            raise c.ValidationError(f"{value} is not [width, height] in pixels (100 to 4096)")
        return value


class _Widths(c.Type):
    """Image widths in pixels, `[480, 800, 1200, 1600]`."""

    def __init__(self, default: list[int]) -> None:
        super().__init__(list, default=default)

    def run_validation(self, value: object) -> list[int]:
        value = super().run_validation(value)
        if not value or not all(isinstance(v, int) and 16 <= v <= 8192 for v in value):
            raise c.ValidationError(f"{value} is not a list of widths in pixels (16 to 8192)")
        return sorted(set(value))


class _Files(c.ListOfItems):
    """One file or a list of files, relative to `mkdocs.yml`."""

    def __init__(self) -> None:
        super().__init__(c.File(exists=True), default=[])

    def run_validation(self, value: object) -> list[str]:
        return super().run_validation([value] if isinstance(value, str) else value)


class _Colour(c.Type):
    """A colour Pillow understands (`#1f2a44`, `white`, `rgb(0, 0, 0)`)."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        try:
            ImageColor.getrgb(value)
        except ValueError as exc:
            raise c.ValidationError(f"'{value}' is not a colour") from exc
        return value


class _Defaults(c.Type):
    """Values for fields a post lacks: `author`, `author_slug`, `language`, `layout`, `status`."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def run_validation(self, value: object) -> dict:
        value = super().run_validation(value)
        unknown = sorted(set(value) - set(fieldmap.DEFAULTABLE))
        if unknown:
            raise c.ValidationError(
                f"{', '.join(unknown)}: not a field with a default "
                f"(these have: {', '.join(fieldmap.DEFAULTABLE)})"
            )
        return value


class _Languages(c.Type):
    """The blog's languages: `{en: {name: English, default: true}, it: {name: Italiano}}`."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def run_validation(self, value: object) -> dict[str, dict[str, object]]:
        value = super().run_validation(value)
        out: dict[str, dict[str, object]] = {}
        for code, settings in value.items():
            code = str(code)
            if not re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?", code):
                raise c.ValidationError(f"'{code}' is not a language code (it, pt-br, en_US)")
            settings = {"name": settings} if isinstance(settings, str) else settings or {}
            if not isinstance(settings, dict):
                raise c.ValidationError(f"{code}: expected a mapping such as {{name: {code}}}")
            unknown = sorted(set(settings) - {"name", "default"})
            if unknown:
                raise c.ValidationError(f"{code}: unknown {', '.join(unknown)} (name, default)")
            out[code] = {"name": str(settings.get("name") or code),
                         "default": settings.get("default") is True}  # fmt: skip
        if sum(1 for s in out.values() if s["default"]) > 1:
            raise c.ValidationError("only one language can be the default")
        return out


class _MessageLevels(c.Type):
    """Message codes and the level each is said at: `{title-too-long: warning}`."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def run_validation(self, value: object) -> dict[str, str]:
        value = super().run_validation(value)
        try:
            return messages.read_levels(value)
        except ValueError as exc:
            raise c.ValidationError(str(exc)) from exc


class _CardMode(c.Choice):
    """`missing`, `always` or `off`; YAML reads a bare `off` as false, and that means off."""

    def __init__(self) -> None:
        super().__init__(("missing", "always", "off"), default="missing")

    def run_validation(self, value: object) -> str:
        if value is False:
            value = "off"
        elif value is True:
            value = "missing"
        return super().run_validation(value)


class _Separator(c.Type):
    """The excerpt separator: text on its own, or null for no excerpts."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str | None:
        if value is None or value is False:
            return None
        value = str(super().run_validation(value)).strip()
        if not value:
            raise c.ValidationError("the excerpt separator cannot be empty (null: no excerpts)")
        return value


class BlogmetaConfig(Config):
    """Options of the `blogmeta` plugin, all optional."""

    posts_dir = _DocsFolder(default="posts")
    """Folder of the post bundles, relative to `docs_dir`."""

    post_url = _PostUrl(default="{slug}/")
    """Where a post lives: `{slug}`, `{year}`, `{month}`, `{day}`, `{author_slug}`,
    `{lang}` (as in every URL option: see `languages`)."""

    defaults = _Defaults()
    """Values for fields a post lacks (`author`, `author_slug`, `language`, `layout`,
    `status`); the post's front matter wins, then its folder name, then these."""

    languages = _Languages()
    """The blog's languages, each code with its `name` and one `default: true` (else the
    first): the default language keeps its URLs, each other one gets the same tree under
    its code (`it/<slug>/`, `it/tag/<t>/`, `it/rss.xml`); `{lang}` in a URL option
    (`tag_url: "{lang}/topics/{slug}/"`) places it there instead, empty for the default
    language. Translations are `index.<code>.md` beside a bundle's `index.md`, or posts
    sharing a `translation_key`."""

    drafts = c.Type(bool, default=False)
    """Build drafts (and held-back future posts) into the site, marked as drafts."""

    drafts_on_serve = c.Type(bool, default=True)
    """Show drafts, with a "Draft" banner, while `mkdocs serve` runs."""

    future_is_draft = c.Type(bool, default=True)
    """Hold back a published post dated in the future, as if it were a draft."""

    index_url = c.Optional(_Folder(default=None))
    """Folder of the blog index; further pages at `page/2/`, ... Default: the folder
    that holds `posts_dir` (the site root for `posts`, `blog/` for `blog/posts`)."""

    per_page = c.Type(int, default=10)
    """Posts on each page of the blog index, a tag's page and an author's page."""

    tag_url = _Folder(default=TAG.url, needs_slug=True)
    """Folder of each tag's page."""

    tags_url = _Folder(default=TAG.overview_url)
    """Folder of the page listing every tag with its post count."""

    category_url = _Folder(default=CATEGORY.url, needs_slug=True)
    """Folder of each category's page (posts with `categories`, as Material writes them)."""

    categories_url = _Folder(default=CATEGORY.overview_url)
    """Folder of the page listing every category (only when posts have categories)."""

    author_url = _Folder(default=AUTHOR.url, needs_slug=True)
    """Folder of each author's page (`{slug}` is the `author_slug`)."""

    authors_url = _Folder(default=AUTHOR.overview_url)
    """Folder of the page listing every author."""

    archive_url = _Folder(default=ARCHIVE.url, needs_slug=True, fields=("year", "month"))
    """Folder of each year's page of the date archive (`{year}`); with `{month}` too, a
    page per month (`archive/{year}/{month}/`). Material's are `blog/archive/{year}/`."""

    archives_url = _Folder(default=ARCHIVE.overview_url)
    """Folder of the date archive's first page: every year with its post count."""

    series_url = _Folder(default=SERIES.url, needs_slug=True)
    """Folder of each series' page (posts with `series`), its parts in order."""

    all_series_url = _Folder(default=SERIES.overview_url)
    """Folder of the page listing every series (only when posts have one)."""

    authors_file = c.Optional(c.Type(str))
    """Author profiles (YAML), relative to `docs_dir`; default `authors.yml` beside `posts_dir`."""

    related_count = c.Type(int, default=5)
    """Related posts shown under a post (most shared tags first); 0 for none."""

    words_per_minute = c.Type(int, default=265)
    """Reading speed for the reading time (CJK text is counted at 500 characters a minute)."""

    excerpt_separator = _Separator("<!-- more -->")
    """What ends a post's excerpt (Material's `<!-- more -->`): listings show the post up
    to it, with a "Continue reading" link; a post without it shows its description.
    `null`: no excerpts."""

    default_image = c.Optional(c.Type(str))
    """Share image for pages without one (index pages, posts without images):
    a path relative to `docs_dir`, or an absolute URL."""

    image_alt = c.Optional(c.Type(str))
    """Alt text of share images (`og:image:alt`); default: the page's title."""

    twitter_site = c.Optional(c.Type(str))
    """The site's X account (`@name`), as `twitter:site`."""

    feeds = _Feeds()
    """Feed formats to write and their file names; leave a format out (or set it to
    `false`) to skip it. Needs `site_url`."""

    feed_limit = c.Type(int, default=20)
    """Entries in each feed, newest first; 0 for every post."""

    feed_content = c.Choice(FEED_CONTENT, default="full")
    """What each feed entry carries: the whole post (`full`), its excerpt, as listings
    show it (`excerpt`; the description for a post without one), or its description
    alone (`description`). A post's own `feed_content` field wins."""

    taxonomy_feeds = c.Type(bool, default=True)
    """Also write feeds for each tag and each author, beside their pages."""

    cards = _CardMode()
    """Share cards drawn with Pillow: for posts without `fb_img`/`tw_img` (or whose
    file is missing), for every post (`always`), or never (`off`)."""

    card_fb_size = _Size([1200, 630])
    """Size of the OpenGraph card."""

    card_tw_size = _Size([1200, 600])
    """Size of the X card."""

    card_background = _Colour("#1f2a44")
    """Background colour of cards for posts without a header image."""

    card_text_color = _Colour("#ffffff")
    """Colour of the cards' text."""

    card_accent_color = _Colour("#f5b700")
    """Colour of the cards' accent bar."""

    card_logo = c.Optional(c.File(exists=True))
    """An image drawn in the cards' top right corner, relative to `mkdocs.yml`."""

    card_font = _Files()
    """Font file(s) for cards, relative to `mkdocs.yml`, tried in order for each
    character; DejaVu Sans (shipped) comes last."""

    card_title_lines = c.Type(int, default=3)
    """Lines of title on a card before it ends in an ellipsis."""

    responsive_images = c.Type(bool, default=True)
    """Resized variants of the posts' images (the header image, listing thumbnails and
    every image of a post's body), in AVIF (where the installed Pillow writes it) and
    WebP beside the original format, drawn with Pillow and cached in `cache_dir`; each
    such `<img>` gets `srcset`, `sizes`, `width` and `height`, and loads lazily but the
    first. `false`: images as written."""

    image_widths = _Widths([480, 800, 1200, 1600])
    """The widths, in pixels, of the images' variants (only those narrower than the
    image: never upscaled)."""

    cache_dir = c.Type(str, default=".cache/blogmeta")
    """Where drawn cards, images' resized variants, and what was read of images, are kept
    between builds, relative to `mkdocs.yml`. A full build removes the variants no page
    offers any more."""

    url_history = c.Type(str, default="blogmeta-urls.yml")
    """The permalink history (`blogmeta urls` writes it), relative to `mkdocs.yml`: each
    post's old URLs, redirected to its current one. Without the file, nothing changes."""

    messages = _MessageLevels()
    """Message codes (see Messages) and the level each is said at, for the build and
    `blogmeta check` alike: `error` (stops every build), `warning` (fails `--strict`),
    `info` (advice, not counted by `--strict`) or `off`. The errors marked fixed cannot be
    lowered; an unknown code is an error naming it."""
