"""What the README's reference says that the code cannot say itself: an example value
per option, computed defaults as a reader reads them, and each template's variables.

Kept beside `reference.py`, out of the runtime package: the build never reads any of
it. Tests hold it to the code (every option has an example, every template render of
a real build gets exactly the variables named here), so it cannot drift.
"""

from __future__ import annotations

from mkdocs_blogmeta.pages import (
    ENTRY_TEMPLATE,
    EXCERPT_TEMPLATE,
    HEAD_TEMPLATE,
    LATEST_TEMPLATE,
    LISTING_TEMPLATES,
    OVERVIEW_TEMPLATES,
    PICTURE_TEMPLATE,
    POST_TEMPLATE,
    REDIRECT_TEMPLATE,
)

#: One example value per option, shown in the README's configuration reference.
EXAMPLES = {
    "posts_dir": "posts_dir: blog/posts",
    "post_url": "post_url: '{year}/{month}/{slug}/'",
    "defaults": "defaults: {author: Ada Quinn, author_slug: ada-quinn, language: en_US}",
    "languages": "languages: {en: {name: English, default: true}, it: {name: Italiano}}",
    "drafts": "drafts: true",
    "drafts_on_serve": "drafts_on_serve: false",
    "future_is_draft": "future_is_draft: false",
    "index_url": "index_url: blog/",
    "per_page": "per_page: 20",
    "tag_url": "tag_url: 'topics/{slug}/'",
    "tags_url": "tags_url: topics/",
    "category_url": "category_url: 'blog/category/{slug}/'",
    "categories_url": "categories_url: blog/categories/",
    "author_url": "author_url: 'people/{slug}/'",
    "authors_url": "authors_url: people/",
    "archive_url": "archive_url: 'blog/archive/{year}/'",
    "archives_url": "archives_url: blog/archive/",
    "series_url": "series_url: 'blog/series/{slug}/'",
    "all_series_url": "all_series_url: blog/series/",
    "authors_file": "authors_file: blog/.authors.yml",
    "related_count": "related_count: 3",
    "words_per_minute": "words_per_minute: 230",
    "excerpt_separator": "excerpt_separator: '<!-- excerpt -->'",
    "default_image": "default_image: assets/share.png",
    "image_alt": "image_alt: The Three Desks logo",
    "twitter_site": "twitter_site: '@threedesks'",
    "feeds": "feeds: {rss: feed.xml}",
    "feed_limit": "feed_limit: 0",
    "feed_content": "feed_content: excerpt",
    "taxonomy_feeds": "taxonomy_feeds: false",
    "cards": "cards: always",
    "card_fb_size": "card_fb_size: [2400, 1260]",
    "card_tw_size": "card_tw_size: [1200, 630]",
    "card_background": "card_background: '#0b3d2e'",
    "card_text_color": "card_text_color: '#fffbe6'",
    "card_accent_color": "card_accent_color: crimson",
    "card_logo": "card_logo: docs/assets/logo.png",
    "card_font": "card_font: [fonts/NotoSans-Bold.ttf, fonts/NotoSansCJK-Bold.ttc]",
    "card_title_lines": "card_title_lines: 2",
    "responsive_images": "responsive_images: false",
    "image_widths": "image_widths: [400, 800, 1600]",
    "cache_dir": "cache_dir: .cache/cards",
    "url_history": "url_history: urls.yml",
    "messages": "messages: {title-too-long: warning, todo-left: error}",
}

#: Defaults that are computed, as the reference shows them.
DEFAULT_TEXT = {
    "index_url": "the folder holding `posts_dir`",
    "authors_file": "`authors.yml` (or Material's `.authors.yml`) beside `posts_dir`",
    "card_font": "DejaVu Sans (shipped)",
    "image_alt": "the page's title",
}

_LISTING = {
    "listing": "the page: `title`, `kind`, `number`, `pages`, `posts`, `url`, "
    "`previous_url`, `next_url`",
    "blog": "the whole blog",
    "link": "URLs relative to this page",
    "entry": "`entry(post)`: the post's entry in a list, rendered once from `partials/entry.html`",
    "below_page": "true when the list sits under the text of the site's own page "
    "(Material's `blog/index.md`)",
}

#: Every template the plugin renders and the variables it passes to each, besides
#: the globals every template gets (`GLOBALS`). The README's table is made from this,
#: and a test records what each render of a real build passes and compares.
TEMPLATES: dict[str, dict[str, str]] = {
    POST_TEMPLATE: {
        "post": "the post",
        "content": "the post's body as HTML",
        "blog": "the whole blog",
        "link": "URLs relative to this page",
    },
    LISTING_TEMPLATES["index"]: _LISTING,
    LISTING_TEMPLATES["tag"]: {
        **_LISTING,
        "tag": "the tag: `name`, `slug`, `url`, `count`, `posts`",
    },
    LISTING_TEMPLATES["category"]: {**_LISTING, "category": "the category (as `tag`)"},
    LISTING_TEMPLATES["author"]: {
        **_LISTING,
        "author": "the author: `slug`, `name`, `url`, `bio` (the profile's `bio` on one "
        "line), `profile` (from `authors.yml`), `count`, `posts`",
    },
    LISTING_TEMPLATES["archive"]: {
        **_LISTING,
        "archive": "the year (or month): `name`, `slug`, `year`, `month`, `url`, `count`, "
        "`posts` (newest first)",
    },
    LISTING_TEMPLATES["series"]: {
        **_LISTING,
        "series": "the series: `name`, `slug`, `url`, `count`, `parts` (in reading order), "
        "`posts` (newest first), `number(post)`",
    },
    **{
        name: {
            "overview": "the page: `kind`, `title`, `url`",
            "blog": "the whole blog (`blog.tags`, `blog.authors`, `blog.categories`, "
            "`blog.archives`, `blog.all_series`)",
            "link": "URLs relative to this page",
        }
        for name in OVERVIEW_TEMPLATES.values()
    },
    ENTRY_TEMPLATE: {
        "post": "the post",
        "blog": "the whole blog",
        "link": "URLs from the site root (made relative to each list's page)",
        "excerpt": "the post up to `excerpt_separator` as HTML (links work from any page, "
        "no ids, headings from `<h3>`), or none: then the description is shown",
    },
    EXCERPT_TEMPLATE: {
        "post": "the post",
        "blog": "the whole blog",
        "excerpt": "the excerpt as HTML",
        "link": "URLs from the site root; also included by `partials/entry.html`, and "
        "rendered alone for feeds that carry excerpts (`feed_content: excerpt`)",
    },
    PICTURE_TEMPLATE: {
        "sources": "`(type, srcset)` of each modern format (AVIF, WebP), best first; "
        "none for a GIF",
        "srcset": "the `<img>`'s own `srcset`: its original format, the original file widest",
        "sizes": "how wide the theme lays the image out (`sizes`)",
        "attrs": "the `<img>`'s attributes as written, with `width`, `height` and how it "
        'loads (`fetchpriority="high"` for the first image, else `loading="lazy"`)',
    },
    LATEST_TEMPLATE: {
        "posts": "the posts a `<!-- blogmeta:latest N -->` marker lists, newest first",
        "blog": "the whole blog",
        "link": "URLs relative to the page holding the marker",
        "entry": "`entry(post)`: the post's entry, as the indexes show it",
    },
    HEAD_TEMPLATE: {
        "head": "the page's metadata: `title`, `description`, `canonical`, `robots`, "
        "`meta` (name/property and content pairs), `json_ld`, `alternates` (feeds)",
    },
    REDIRECT_TEMPLATE: {
        "title": "the post's title",
        "target": "the post's URL, relative to the old one",
        "canonical": "the post's absolute URL (none without `site_url`)",
    },
}

#: Templates that are included by others rather than rendered: they see the
#: variables of the template that includes them.
INCLUDED: dict[str, str] = {
    "blogmeta/partials/pagination.html": "the page links, included by `blogmeta/index.html` "
    "(which the tag, category, author, archive and series templates extend)",
    "blogmeta/partials/series.html": "the series box (`Part 2 of 4` and every part), "
    "included by `blogmeta/post.html`; `blog.series_of(post)` is the post's series",
    "blogmeta/partials/languages.html": "the language switcher (`languages:`), included by "
    "`blogmeta/post.html`; `blog.translations_of(post)` is the post in each language, "
    "`blog.language_name(code)` a language's name; empty for a post without translations",
}

#: What every plugin template gets from the environment (`pages.make_environment`).
GLOBALS: dict[str, str] = {
    "t": "a label in the site's language (with `languages:`, the page's): `t(\"Tags\")`, "
    '`t("Page {n} of {m}", n=2, m=5)`',
    "tn": 'a label with a plural: `tn("{n} post", "{n} posts", count)`',
    "is_rtl": "`is_rtl(post.language)`: true for right-to-left languages",
    "long_date": "a filter: `post.date | long_date`, the date in the site's language "
    "(with `languages:`, the page's)",
    "bcp47": "a filter: `post.language | bcp47`, a language as `lang` and `hreflang` want "
    "it (`en_US` -> `en-US`)",
}

#: What the plugin adds to the theme's own templates (`main.html`, ...).
THEME_CONTEXT: dict[str, str] = {
    "blog": "the whole blog, on every page",
    "post": "the post, on a post's page",
}
