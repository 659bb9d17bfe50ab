"""The blog's ways of grouping posts (tags, categories, authors, the date archive,
series) as rows of one table.

Each row says where its pages go (the options holding the URL templates of a term's
page and of the page listing every term), what those pages are called and described
as, which templates render them, whether each term has a feed, and its rule: which
terms the posts have. Everything else (paging, the nav, feeds, share tags, collision
messages) reads the table, so a new kind (archives, series) is a row and its rule.
In the spirit of Pelican's URL wrappers. No MkDocs import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from . import messages, urls
from .i18n import Labels
from .model import Author, Period, Post, Problem, Series, Tag, Term

#: A kind's rule: the listed posts (newest first), the URL template of a term's page,
#: `use_directory_urls`, the author profiles and the site's labels -> the terms, sorted,
#: and problems.
Rule = Callable[
    [Sequence[Post], str, bool, Mapping[str, Mapping[str, Any]], Labels],
    tuple[list[Any], list[Problem]],
]


@dataclass(frozen=True)
class Taxonomy:
    """One kind of grouping. A term's page is a listing of kind `kind` (template
    `blogmeta/<kind>.html`, URL option `<kind>_url`); the page of every term is an
    overview of kind `overview` (`blogmeta/<overview>.html`, `<overview>_url`), whose
    terms templates read as `blog.<overview>`."""

    kind: str
    overview: str
    #: the default URL templates of a term's page (`{slug}` the term's) and the overview's
    url: str
    overview_url: str
    #: the overview's title, in English (the site's labels translate it)
    title: str
    #: a term's page described (share tags, `page.meta`, its feed), `{name}` the term,
    #: in English (the site's labels translate it); an author's bio comes first
    describe: str
    #: the overview's page described, in English
    describe_all: str
    #: one feed per term, under `taxonomy_feeds`
    feeds: bool
    #: the overview is made even when no post has a term (else only when one does)
    always: bool
    rule: Rule

    @property
    def url_option(self) -> str:
        return f"{self.kind}_url"

    @property
    def overview_option(self) -> str:
        return f"{self.overview}_url"

    @property
    def template(self) -> str:
        return f"blogmeta/{self.kind}.html"

    @property
    def overview_template(self) -> str:
        return f"blogmeta/{self.overview}.html"


def tag_slugs(
    names: Iterable[str], slugify: Callable[[str], str] = urls.slugify
) -> tuple[dict[str, str], list[list[str]]]:
    """A distinct URL slug for every tag name, and the names of each clash.

    Names that slug alike (`C++` and `c`) get `c` and `c-2`: a name equal to
    the slug keeps it, then names in sorted order, so URLs never depend on
    the order posts were read.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(names)):
        groups[slugify(name) or "tag"].append(name)
    taken = set(groups)
    slugs: dict[str, str] = {}
    clashes: list[list[str]] = []
    for base, group in sorted(groups.items()):
        group.sort(key=lambda n: (n != base, n))
        slugs[group[0]] = base
        for name in group[1:]:
            number = 2
            while f"{base}-{number}" in taken:
                number += 1
            slugs[name] = f"{base}-{number}"
            taken.add(slugs[name])
        if len(group) > 1:
            clashes.append(group)
    return slugs, clashes


def collect_tags(
    posts: Sequence[Post], tag_url: str, use_directory_urls: bool = True, field_name: str = "tags"
) -> tuple[list[Tag], list[Problem]]:
    """Every tag (or category) of the posts, sorted by name, each with its posts newest
    first. Categories come from Material's blog, so their slugs are Material's."""
    by_name: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        for name in getattr(post, field_name):
            by_name[name].append(post)
    slugs, clashes = tag_slugs(
        by_name, urls.material_slugify if field_name == "categories" else urls.slugify
    )
    problems = [
        messages.post_problem(
            "tag-slug-clash",
            by_name[min(group)][0],
            field_name,
            given=", ".join(f"'{n}' -> {slugs[n]}" for n in group),
        )
        for group in clashes
    ]
    tags = []
    for name in sorted(by_name, key=lambda n: (n.casefold(), n)):
        path = tag_url.format(slug=slugs[name])
        url = urls.doc_url(urls.generated_src(path), use_directory_urls)
        tags.append(Tag(name, slugs[name], path, url, tuple(by_name[name])))
    return tags, problems


def collect_authors(
    posts: Sequence[Post],
    author_url: str,
    profiles: Mapping[str, Mapping[str, Any]],
    use_directory_urls: bool = True,
) -> list[Author]:
    """Every author with posts, sorted by name; the name comes from the profile,
    else from their newest post's `author`."""
    by_slug: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        for slug in post.author_keys:
            by_slug[slug].append(post)
    authors = []
    for slug, written in by_slug.items():
        profile = profiles.get(slug, {})
        own = [p.author for p in written if p.author and p.author_key == slug]
        name = str(profile.get("name") or (own[0] if own else slug))
        path = author_url.format(slug=slug)
        url = urls.doc_url(urls.generated_src(path), use_directory_urls)
        authors.append(
            Author(slug, name, path, url, MappingProxyType(dict(profile)), tuple(written))
        )
    authors.sort(key=lambda a: (a.name.casefold(), a.slug))
    return authors


def collect_periods(
    posts: Sequence[Post], archive_url: str, labels: Labels, use_directory_urls: bool = True
) -> list[Period]:
    """The date archive: every year with posts (every month, when `archive_url` has
    `{month}`), newest first, each with its posts newest first. A post's year and month
    are those `post_url` gives it (`urls.period_path`)."""
    monthly = "{month}" in archive_url
    by_period: dict[tuple[int, int | None], list[Post]] = defaultdict(list)
    for post in posts:
        by_period[post.date.year, post.date.month if monthly else None].append(post)
    periods = []
    for (year, month), found in sorted(by_period.items(), key=lambda i: (i[0][0], i[0][1] or 0)):
        path = urls.period_path(archive_url, found[0].date)
        url = urls.doc_url(urls.generated_src(path), use_directory_urls)
        name = labels.month(year, month) if month else str(year)
        slug = f"{year:04d}-{month:02d}" if month else f"{year:04d}"
        periods.append(Period(name, slug, path, url, year, month, tuple(found)))
    return periods[::-1]


def collect_series(
    posts: Sequence[Post], series_url: str, use_directory_urls: bool = True
) -> tuple[list[Series], list[Problem]]:
    """Every series, sorted by name, with its parts in reading order: those with
    `series_order` first, by it, then the others by date (the order of parts with the
    same number). Names that slug alike get distinct URLs, as tags do."""
    by_name: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        if post.series:
            by_name[post.series].append(post)
    slugs, clashes = tag_slugs(by_name)
    problems = [
        messages.post_problem(
            "tag-slug-clash",
            by_name[min(group)][0],
            "series",
            given=", ".join(f"'{n}' -> {slugs[n]}" for n in group),
        )
        for group in clashes
    ]
    found = []
    for name in sorted(by_name, key=lambda n: (n.casefold(), n)):
        newest = by_name[name]
        parts = sorted(
            newest,
            key=lambda p: (p.series_order is None, p.series_order or 0, p.date, p.src_path),
        )
        path = series_url.format(slug=slugs[name])
        url = urls.doc_url(urls.generated_src(path), use_directory_urls)
        found.append(Series(name, slugs[name], path, url, tuple(parts), tuple(newest)))
    return found, problems


def _tags(posts, url, dir_urls, profiles, labels):
    return collect_tags(posts, url, dir_urls)


def _categories(posts, url, dir_urls, profiles, labels):
    return collect_tags(posts, url, dir_urls, "categories")


def _authors(posts, url, dir_urls, profiles, labels):
    return collect_authors(posts, url, profiles, dir_urls), []


def _archive(posts, url, dir_urls, profiles, labels):
    return collect_periods(posts, url, labels, dir_urls), []


def _series(posts, url, dir_urls, profiles, labels):
    return collect_series(posts, url, dir_urls)


TAG = Taxonomy(
    "tag", "tags", "tag/{slug}/", "tags/", "Tags", "Posts tagged “{name}”",
    "Every tag of the blog, with its number of posts.", feeds=True, always=True, rule=_tags,
)  # fmt: skip
CATEGORY = Taxonomy(
    "category", "categories", "category/{slug}/", "categories/", "Categories",
    "Posts in the category “{name}”", "Every category of the blog, with its number of posts.",
    feeds=False, always=False, rule=_categories,
)  # fmt: skip
AUTHOR = Taxonomy(
    "author", "authors", "author/{slug}/", "authors/", "Authors", "Posts by {name}",
    "Every author of the blog, with their posts.", feeds=True, always=True, rule=_authors,
)  # fmt: skip

ARCHIVE = Taxonomy(
    "archive", "archives", "archive/{year}/", "archive/", "Archive", "Posts from {name}",
    "Every year of the blog, with its number of posts.", feeds=False, always=False, rule=_archive,
)  # fmt: skip
SERIES = Taxonomy(
    "series", "all_series", "series/{slug}/", "series/", "Series", "The series “{name}”",
    "Every series of the blog, with its number of parts.", feeds=True, always=False, rule=_series,
)  # fmt: skip

#: Every kind, in the order their pages are made (and their overviews: the tags,
#: authors, categories, series and archive pages, in `OVERVIEW_ORDER`).
TAXONOMIES: tuple[Taxonomy, ...] = (TAG, CATEGORY, AUTHOR, SERIES, ARCHIVE)
OVERVIEW_ORDER: tuple[Taxonomy, ...] = (TAG, AUTHOR, CATEGORY, SERIES, ARCHIVE)
BY_KIND: Mapping[str, Taxonomy] = {t.kind: t for t in TAXONOMIES}
BY_OVERVIEW: Mapping[str, Taxonomy] = {t.overview: t for t in TAXONOMIES}


def term_description(kind: str, term: Term | str, labels: Callable[..., str]) -> str | None:
    """A term's page (and feed) described: an author's bio, else a sentence in the site's
    language; None for a kind that is no taxonomy's. Search engines and share previews
    show it, so no page of the plugin goes without one."""
    taxonomy = BY_KIND.get(kind)
    if taxonomy is None:
        return None
    if isinstance(term, Author) and term.bio:
        return term.bio
    return labels(taxonomy.describe, name=term if isinstance(term, str) else term.name)


def overview_description(kind: str, labels: Callable[..., str]) -> str | None:
    """The page of every term of a kind (`tags`, `authors`, ...) described in the site's
    language; None for a kind that is no taxonomy's overview."""
    taxonomy = BY_OVERVIEW.get(kind)
    return labels(taxonomy.describe_all) if taxonomy is not None else None


def url_option(kind: str) -> str:
    """The option that places an index page of `kind` (`index`, `tag`, `tags`, ...)."""
    if (taxonomy := BY_KIND.get(kind)) is not None:
        return taxonomy.url_option
    if (taxonomy := BY_OVERVIEW.get(kind)) is not None:
        return taxonomy.overview_option
    return f"{kind}_url"
