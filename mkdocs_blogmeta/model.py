"""The blog's data: posts, and the problems found while reading them.

Pure data, no MkDocs types: the same model feeds the build, the command line
and the tests, and could feed another site engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import cached_property
from operator import attrgetter
from types import MappingProxyType
from typing import Any, TypeVar

from . import urls

#: What a feed entry carries of a post (`feed_content`, the option and the field): the
#: whole body, the excerpt (up to `excerpt_separator`), or the description alone.
FEED_CONTENT = ("full", "excerpt", "description")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one post, said so that its author can fix it.

    `level` is "info", "warning" (fails `mkdocs build --strict`) or "error" (stops
    every build). `code` names the message in `messages.MESSAGES` (and the README's
    Messages table); `messages.problem` makes every one.
    """

    level: str
    path: str
    message: str
    field: str | None = None
    line: int | None = None
    code: str = ""

    def location(self) -> str:
        """`path:line`, the form editors and CI annotations understand."""
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def text(self) -> str:
        """The message with its `[code]`, so a reader can look it up."""
        return f"{self.message} [{self.code}]" if self.code else self.message

    def __str__(self) -> str:
        return f"{self.location()}: {self.text}"


@dataclass(frozen=True, slots=True)  # a blog has thousands, each copied a few times
class Post:
    """A post as read from its bundle, with every SCHEMA.md field typed.

    Image fields hold the image's path relative to `docs_dir` (resolved
    against the bundle), or an absolute `http(s)` URL kept as written.
    """

    src_path: str
    bundle_dir: str | None
    title: str
    slug: str
    date: datetime
    updated: datetime
    uuid: str | None = None
    layout: str = "post"
    subtitle: str | None = None
    author: str | None = None
    author_slug: str | None = None
    header_img: str | None = None
    fb_img: str | None = None
    tw_img: str | None = None
    status: str = "published"
    language: str | None = None
    meta_title: str | None = None
    meta_description: str | None = None
    tags: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    #: Every author's slug, when a post has several (Material's `authors: [...]`).
    authors: tuple[str, ...] = ()
    #: A second taxonomy (Material, Hugo, Jekyll `categories`).
    categories: tuple[str, ...] = ()
    #: Hugo's publishDate (held back until then) and expiryDate (gone after it).
    publish_date: datetime | None = None
    expiry_date: datetime | None = None
    #: Minutes to read, as written (Material's `readtime`); else counted.
    readtime: int | None = None
    #: Pinned posts come first on the blog index (Material's `pin`).
    pin: bool = False
    #: What the feeds carry of the post (one of `FEED_CONTENT`); None: the site's option.
    feed_content: str | None = None
    #: Further reading: (title, docs-relative path or URL) pairs (Material's `links`).
    links: tuple[tuple[str, str], ...] = ()
    #: The series the post is a part of (its name), and its place in it when written
    #: (`series_order`); parts without one follow by date.
    series: str | None = None
    series_order: int | None = None
    #: What the plugin assumed to read this post (a default used, a field mapped, ...).
    assumed: tuple[str, ...] = ()
    #: Line of each front matter field in the file, for messages.
    lines: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )
    #: Words in the body, and CJK characters (read by character, not by word).
    words: int = 0
    wide_chars: int = 0
    #: Why the post is held back (`"draft"` or `"future"`), None when published.
    hidden: str | None = None
    #: False for an unlisted post (`visibility.decide`): built at its URL, in no list
    #: (`visibility.listed` is the rule every list goes through).
    listed: bool = True
    #: Folder of the post in the site, relative to its root, ending in `/`.
    path: str = ""
    #: The page's URL relative to the site root (`path`, or `path` + `index.html`).
    url: str = ""
    #: Who the post is in feeds (entry ids) and the permalink history: its `uuid`, or,
    #: when an older post has the same uuid, an id made from it and this post's file
    #: (`posts.identify`). None without a uuid.
    identity: str | None = None
    #: A translation file's post (`index.it.md` -> the bundle's `index.md`), else None.
    translation_of: str | None = None
    #: the fields a translation does not write and takes from that post
    taken: tuple[str, ...] = ()
    #: Where the files of its bundle landed, when not at `path`: a translation's are
    #: with the post it translates.
    assets_at: str | None = None

    @property
    def translation_key(self) -> str | None:
        """What joins posts of different bundles as translations of one another
        (`translation_key`, Hugo's `translationKey`)."""
        value = self.extra.get("translation_key", self.extra.get("translationKey"))
        return str(value) if isinstance(value, str | int) and str(value).strip() else None

    @property
    def is_post(self) -> bool:
        """`layout: post`; other layouts are plain pages kept out of the blog."""
        return self.layout == "post"

    @property
    def description(self) -> str | None:
        """What the post says it is about: `meta_description`, else `subtitle` (the page
        falls back to its first paragraph: `seo.describe`)."""
        return self.meta_description or self.subtitle

    @property
    def author_key(self) -> str | None:
        """The author's identity: `author_slug`, else the `author` name as a slug."""
        return self.author_slug or (urls.slugify(self.author) if self.author else None) or None

    @property
    def author_keys(self) -> tuple[str, ...]:
        """Every author's identity, first author first."""
        if self.authors:
            return self.authors
        return (self.author_key,) if self.author_key else ()

    @property
    def is_draft(self) -> bool:
        """True when the post is shown although it is not published (drafts on)."""
        return self.hidden is not None

    def but(self, **changes: Any) -> Post:
        """The post with `changes`, as `dataclasses.replace` makes it, without the checks
        and defaults of `__init__`: a build changes every post a few times (its URL, its
        identity, its cards), a `--dirty` rebuild too. Post has no `__post_init__`, no
        field left out of `__init__` and no cached value, so a copy is the same post."""
        unknown = changes.keys() - _POST_FIELDS
        if unknown:
            raise TypeError(f"Post has no field {sorted(unknown)[0]!r}")
        made = object.__new__(Post)
        for put, value in zip(_PUTS, _VALUES(self)):  # noqa: B905 (as many)
            put(made, value)
        for name, value in changes.items():
            _set(made, name, value)
        return made

    def asset_path(self, src_path: str) -> str:
        """Where a file of the docs tree lands in the site, relative to its root.

        Files of the post's bundle move with the post; any other file stays
        where MkDocs puts it (its path in `docs_dir`).
        """
        if self.bundle_dir and src_path.startswith(self.bundle_dir + "/"):
            return (self.assets_at or self.path) + src_path[len(self.bundle_dir) + 1 :]
        return src_path


#: Post's fields, in order (its slots: a post has no `__dict__`).
POST_FIELD_NAMES = tuple(f.name for f in fields(Post))
_POST_FIELDS = frozenset(POST_FIELD_NAMES)
_set = object.__setattr__  # past the frozen dataclass's refusal, as its `__init__` does
#: every field's value at once, and each slot's own setter (`Post.but`: a third faster
#: than `getattr` and `_set` by name, field by field)
_VALUES = attrgetter(*POST_FIELD_NAMES)
_PUTS = tuple(vars(Post)[name].__set__ for name in POST_FIELD_NAMES)
#: what `Post.but` relies on, checked once: a change to Post that breaks it fails loudly
assert all(f.init for f in fields(Post)) and not hasattr(Post, "__post_init__")
assert not any(isinstance(v, cached_property) for v in vars(Post).values())


_In = TypeVar("_In")
_Out = TypeVar("_Out")


class Derived:
    """What one step made of each post at the last build of one `mkdocs serve`, found
    again by the post itself (the same object: `posts.ReadCache` gives back an unchanged
    file's post) and by everything else the step reads (`key`): an unchanged post comes
    out as the same object again, so the next step's `Derived`, and the digests of
    `rebuild`, find theirs too. Each kept answer holds its post, so no other object can
    take its id; answers a build did not ask for are dropped."""

    __slots__ = ("_kept",)

    def __init__(self) -> None:
        self._kept: dict[int, tuple[Any, Any, Any]] = {}

    def each(
        self,
        items: Iterable[_In],
        key: Callable[[_In], Any],
        make: Callable[[_In], _Out],
    ) -> list[_Out]:
        """`make(item)` for each item, the last build's answer when `item` is the same
        object and `key(item)` is equal (keep keys to plain values: they are compared)."""
        kept: dict[int, tuple[Any, Any, Any]] = {}
        made: list[_Out] = []
        for item in items:
            wanted = key(item)
            found = self._kept.get(id(item))
            if found is None or found[0] is not item or found[1] != wanted:
                found = (item, wanted, make(item))
            kept[id(item)] = found
            made.append(found[2])
        self._kept = kept
        return made

    def forget(self) -> None:
        """After a failed build: nothing kept."""
        self._kept = {}


@dataclass(frozen=True)
class Tag:
    """A tag and the posts carrying it, newest first. Equal and sorted by name."""

    name: str
    slug: str
    path: str
    url: str = field(default="", compare=False)
    posts: tuple[Post, ...] = field(default=(), compare=False, repr=False)

    @property
    def count(self) -> int:
        return len(self.posts)

    @property
    def key(self) -> str:
        """What its listing names it by (`Listing.key`)."""
        return self.name

    @property
    def listed(self) -> tuple[Post, ...]:
        """The posts its pages list, in their order."""
        return self.posts


@dataclass(frozen=True)
class Author:
    """An author (by `author_slug`), their profile, and their posts, newest first."""

    slug: str
    name: str
    path: str
    url: str = field(default="", compare=False)
    profile: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), repr=False)
    posts: tuple[Post, ...] = field(default=(), compare=False, repr=False)

    @property
    def count(self) -> int:
        return len(self.posts)

    @property
    def bio(self) -> str:
        """The profile's `bio` (or Material's `description`) on one line: their page shows
        it, and describes the page with it."""
        text = self.profile.get("bio") or self.profile.get("description") or ""
        return " ".join(str(text).split())

    @property
    def key(self) -> str:
        """What its listing names it by (`Listing.key`)."""
        return self.slug

    @property
    def listed(self) -> tuple[Post, ...]:
        """The posts its pages list, in their order."""
        return self.posts


@dataclass(frozen=True)
class Period:
    """A year of the date archive (or a month of one, when the archive's URL has
    `{month}`), and its posts, newest first."""

    name: str  # what its page is called: `2023`, `March 2023` in the site's language
    slug: str  # `2023`, `2023-03`: its key
    path: str
    url: str = field(default="", compare=False)
    year: int = 0
    month: int | None = None
    posts: tuple[Post, ...] = field(default=(), compare=False, repr=False)

    @property
    def count(self) -> int:
        return len(self.posts)

    @property
    def key(self) -> str:
        """What its listing names it by (`Listing.key`)."""
        return self.slug

    @property
    def listed(self) -> tuple[Post, ...]:
        """The posts its pages list: newest first."""
        return self.posts


@dataclass(frozen=True)
class Series:
    """A series and its parts in reading order (`series_order`, else by date); `posts`
    holds them newest first, as every term's posts (its feed takes the newest)."""

    name: str
    slug: str
    path: str
    url: str = field(default="", compare=False)
    parts: tuple[Post, ...] = field(default=(), compare=False, repr=False)
    posts: tuple[Post, ...] = field(default=(), compare=False, repr=False)

    @property
    def count(self) -> int:
        return len(self.parts)

    @property
    def key(self) -> str:
        """What its listing names it by (`Listing.key`)."""
        return self.name

    @property
    def listed(self) -> tuple[Post, ...]:
        """The posts its pages list: the parts in reading order."""
        return self.parts

    def number(self, post: Post) -> int | None:
        """The post's part number (1 for the first part), None when it is no part."""
        return next((i for i, p in enumerate(self.parts, 1) if p.src_path == post.src_path), None)


Term = Tag | Author | Period | Series


@dataclass(frozen=True)
class Listing:
    """One page of a paginated list of posts (blog index, a tag's or an author's page)."""

    kind: str  # "index", or a taxonomy's kind: "tag", "category", "author", "archive", ...
    title: str
    src: str  # the generated Markdown file's path
    path: str  # folder in the site ("" is the root)
    url: str  # the page's URL, relative to the site root
    number: int
    pages: int
    posts: tuple[Post, ...] = field(repr=False)
    key: str | None = None  # the tag's name or the author's slug
    previous_url: str | None = None
    next_url: str | None = None


@dataclass(frozen=True)
class Overview:
    """A page listing every tag or every author."""

    kind: str  # a taxonomy's overview: "tags", "categories", "authors", "archives", ...
    title: str
    src: str
    path: str
    url: str


@dataclass(frozen=True)
class Blog:
    """Everything the build shows of the blog: what templates get as `blog`.

    `posts` are the listed posts (`visibility.listed`: shown, `layout: post`, not
    unlisted), newest first; the mappings are keyed by a post's `src_path` (an unlisted
    post has its reading time and related posts, for its own page).
    """

    posts: tuple[Post, ...] = ()
    #: each taxonomy's terms, by its overview's kind (`tags`, `authors`, `categories`,
    #: `archives`, `all_series`): templates read them as `blog.tags` or `blog.terms.tags`
    terms: Mapping[str, tuple[Term, ...]] = field(default_factory=dict, repr=False)
    listings: tuple[Listing, ...] = ()
    overviews: tuple[Overview, ...] = ()
    related: Mapping[str, tuple[Post, ...]] = field(default_factory=dict, repr=False)
    neighbours: Mapping[str, tuple[Post | None, Post | None]] = field(
        default_factory=dict, repr=False
    )
    minutes: Mapping[str, int] = field(default_factory=dict, repr=False)
    #: MkDocs' `use_directory_urls`: how a page of the docs tree is linked (`link.doc`)
    use_directory_urls: bool = True
    #: its language's code, with `languages:` (None: a blog with one language)
    language: str | None = None
    #: each other language's blog, by its code (`languages:`); empty with one language
    languages: Mapping[str, Blog] = field(default_factory=dict, repr=False)
    #: each post's translations, itself included, by `src_path` (`languages.translations`)
    translations: Mapping[str, tuple[Post, ...]] = field(default_factory=dict, repr=False)
    #: each language's name, by its code (the `languages:` option)
    language_names: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def tags(self) -> tuple[Tag, ...]:
        return self.terms.get("tags", ())  # type: ignore[return-value]

    @property
    def categories(self) -> tuple[Tag, ...]:
        return self.terms.get("categories", ())  # type: ignore[return-value]

    @property
    def authors(self) -> tuple[Author, ...]:
        return self.terms.get("authors", ())  # type: ignore[return-value]

    @property
    def archives(self) -> tuple[Period, ...]:
        """The date archive's years (or months), newest first."""
        return self.terms.get("archives", ())  # type: ignore[return-value]

    @property
    def all_series(self) -> tuple[Series, ...]:
        return self.terms.get("all_series", ())  # type: ignore[return-value]

    @cached_property
    def _series_by_post(self) -> Mapping[str, Series]:
        return {p.src_path: s for s in self.all_series for p in s.parts}

    def series_of(self, post: Post) -> Series | None:
        """The series the post is a part of (its box, its page), None when it is in none."""
        return self._series_by_post.get(post.src_path)

    @cached_property
    def _by_key(self) -> Mapping[tuple[str, str], Term]:
        return {(kind, term.key): term for kind, terms in self.terms.items() for term in terms}

    @cached_property
    def tag_by_name(self) -> Mapping[str, Tag]:
        return {tag.name: tag for tag in self.tags}

    @cached_property
    def category_by_name(self) -> Mapping[str, Tag]:
        return {category.name: category for category in self.categories}

    @cached_property
    def author_by_slug(self) -> Mapping[str, Author]:
        return {author.slug: author for author in self.authors}

    def term(self, overview: str, key: str) -> Term | None:
        """A term of one taxonomy (`"tags"`, ...) by its key: a tag's name, an author's
        slug."""
        return self._by_key.get((overview, key))

    def author_of(self, post: Post) -> Author | None:
        """The (first) author of a post, with their page and profile."""
        found = self.authors_of(post)
        return found[0] if found else None

    def authors_of(self, post: Post) -> tuple[Author, ...]:
        """Every author of a post, with their pages and profiles."""
        return tuple(a for k in post.author_keys if (a := self.term("authors", k)))  # type: ignore[misc]

    def author_names(self, post: Post) -> list[str]:
        """Names of the post's authors (profile names; the post's `author` otherwise)."""
        names = [a.name for a in self.authors_of(post)]
        return names or ([post.author] if post.author else [])

    def category(self, name: str) -> Tag | None:
        return self.term("categories", name)  # type: ignore[return-value]

    def tag(self, name: str) -> Tag | None:
        return self.term("tags", name)  # type: ignore[return-value]

    def overview(self, kind: str) -> Overview | None:
        """The page listing every tag (`"tags"`) or every author (`"authors"`)."""
        return next((o for o in self.overviews if o.kind == kind), None)

    def related_to(self, post: Post) -> tuple[Post, ...]:
        return self.related.get(post.src_path, ())

    def older(self, post: Post) -> Post | None:
        return self.neighbours.get(post.src_path, (None, None))[0]

    def newer(self, post: Post) -> Post | None:
        return self.neighbours.get(post.src_path, (None, None))[1]

    def translations_of(self, post: Post) -> tuple[Post, ...]:
        """The post's translations, itself included (none: it has no other language)."""
        return self.translations.get(post.src_path, ())

    def language_name(self, code: str | None) -> str:
        """A language's name as the `languages:` option gives it (else its code)."""
        return self.language_names.get(code or "", code or "")

    def reading_time(self, post: Post) -> int:
        """Minutes to read the post (its own `readtime`, else counted)."""
        return post.readtime or self.minutes.get(post.src_path, 1)
