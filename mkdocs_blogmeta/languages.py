"""One blog in several languages: the `languages:` option as data, translation files
(`index.<lang>.md`) and `translation_key` groups, each language's URLs under its prefix,
and a blog (index, taxonomies, feeds) per language.

Every rule here is inert when the site has no `languages:` option: a blog with one
language is read, placed and written exactly as before.
"""

from __future__ import annotations

import posixpath
import re
import uuid as uuidlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from . import messages, urls
from .model import Blog, Listing, Overview, Post, Problem

#: `index.it.md`, `index.pt-br.md`: Hugo's and mkdocs-static-i18n's suffix files.
_SUFFIX_RE = re.compile(r"^(?:index|_index)\.([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)\.md$")

#: Front matter a translation never takes from the post it translates: its own
#: identity and the old URLs that lead to the post itself.
NOT_INHERITED = ("uuid", "id", "language", "lang", "aliases", "redirect_from", "url")


@dataclass(frozen=True)
class Language:
    """One language of the blog, from the `languages:` option."""

    code: str  # as written in the option (`it`, `pt-br`)
    name: str
    default: bool = False

    @property
    def prefix(self) -> str:
        """Where its tree starts: `''` for the default language, `it/` for the others."""
        return "" if self.default else self.code + "/"


@dataclass(frozen=True)
class Languages:
    """The site's languages; empty: a blog with one language (nothing here applies)."""

    items: tuple[Language, ...] = ()
    #: beside mkdocs-static-i18n, which builds the site once per language: the language
    #: this build writes (its posts, index pages and feeds); None: every language
    building: str | None = None

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def default(self) -> Language | None:
        return next((lang for lang in self.items if lang.default), None)

    def find(self, code: str | None) -> Language | None:
        """The language a code names (`pt_BR`, `pt-br` and `PT-BR` alike), else the one
        it is a regional variant of (`en_US` in `en`: BCP 47's lookup, so posts that
        say `language: en_US` stay in the `en` blog), or None."""
        if not code:
            return None
        wanted = _norm(code)
        while True:
            found = next((lang for lang in self.items if _norm(lang.code) == wanted), None)
            if found is not None or "-" not in wanted:
                return found
            wanted = wanted.rsplit("-", 1)[0]

    def of(self, post: Post) -> Language | None:
        """The language whose blog holds a post: its own, else the default one."""
        return self.find(post.language) or self.default


def _norm(code: str) -> str:
    return code.replace("_", "-").lower()


def make(option: Mapping[str, Mapping[str, Any]] | None, building: str | None = None) -> Languages:
    """The `languages:` option (validated by `config.py`), or mkdocs-static-i18n's
    languages, as data: the language marked `default`, else the first written, is the
    default. `building`: the language this build of mkdocs-static-i18n writes."""
    if not option:
        return Languages()
    codes = list(option)
    default = next((code for code in codes if option[code].get("default")), codes[0])
    items = tuple(
        Language(code, str(option[code].get("name") or code), code == default) for code in codes
    )
    made = Languages(items)
    if building is not None:
        found = made.find(building)
        # a language the blog does not know: write nothing of the blog's own (fail closed)
        made = replace(made, building=found.code if found else _NONE)
    return made


#: `Languages.building` when this build writes no language of the blog's.
_NONE = "\0"


def writes(languages: Languages, code: str | None) -> bool:
    """Whether this build writes a language's posts, pages and feeds (`code`: None for the
    default language's): every build does, but mkdocs-static-i18n's, which each write
    one language."""
    if languages.building is None:
        return True
    default = languages.default
    if code is None:
        return default is not None and languages.building == default.code
    found = languages.find(code)
    return found is not None and found.code == languages.building


def elsewhere(shown: Sequence[Post], languages: Languages) -> set[str]:
    """The shown posts that another of mkdocs-static-i18n's builds writes (another
    language's): kept in this build's files so that links to them resolve, and never
    rendered by it. None when the build writes every language."""
    if languages.building is None:
        return set()
    out = set()
    for post in shown:
        lang = languages.of(post)
        if not writes(languages, None if lang is None or lang.default else lang.code):
            out.add(post.src_path)
    return out


def item_written(blog: Blog, item: Listing | Overview, languages: Languages) -> bool:
    """Whether this build writes an index page (mkdocs-static-i18n's builds write their
    language's only)."""
    return languages.building is None or writes(languages, code_of(blog, item_blog(blog, item)))


def suffix_language(src: str) -> str | None:
    """The language of a translation file's name (`index.it.md` -> `it`), or None."""
    found = _SUFFIX_RE.match(posixpath.basename(src))
    return found.group(1) if found else None


def split_translations(
    owner: Mapping[str, str], post_srcs: Iterable[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The translation files of bundles (`index.<lang>.md` beside their `index.md`),
    taken out of the bundles' files: ({translation src: its post's src}, the other
    bundle files and their posts)."""
    mains = set(post_srcs)
    found, rest = {}, {}
    for src, main in owner.items():
        same_folder = posixpath.dirname(src) == posixpath.dirname(main)
        if same_folder and main in mains and suffix_language(src):
            found[src] = main
        else:
            rest[src] = main
    return found, rest


def inherited(front_matter: Mapping[str, Any]) -> dict[str, Any]:
    """What a translation takes from the post it translates: every field it does not
    set itself, but its identity and old URLs."""
    return {k: v for k, v in front_matter.items() if k not in NOT_INHERITED}


def translation_uuid(uuid: str | None, code: str) -> str | None:
    """A translation's own id, made from its post's uuid and its language: distinct per
    language (feeds, the permalink history), the same on every build."""
    if not uuid:
        return None
    return str(uuidlib.uuid5(uuidlib.NAMESPACE_URL, f"blogmeta:{uuid}:{_norm(code)}"))


def localized(template: str, language: Language | None) -> str:
    """A URL template (`post_url`, `tag_url`, `index_url`, ...) for one language's tree:
    `{lang}` filled with its code (empty for the default language, and for a blog with
    one language: `urls.fill_lang`), else the language's prefix before it (the default
    language keeps its URLs)."""
    if urls.has_field(template, "lang"):
        return urls.fill_lang(template, language.code if language and not language.default else "")
    return template if language is None else language.prefix + template


def group_key(post: Post) -> str:
    """What joins a post and its translations: `translation_key`, else the post that a
    translation file translates, else the post itself."""
    return post.translation_key or post.translation_of or post.src_path


def translations(shown: Sequence[Post], languages: Languages) -> dict[str, tuple[Post, ...]]:
    """Each published post's translations, itself included, in the option's order of
    languages; posts without any other language get none. Posts shown only as drafts
    (`mkdocs serve`) are in no other post's list."""
    if not languages:
        return {}
    groups: dict[str, list[Post]] = defaultdict(list)
    for post in shown:
        if post.is_post and not post.is_draft:
            groups[group_key(post)].append(post)
    order = {lang.code: i for i, lang in enumerate(languages.items)}
    out: dict[str, tuple[Post, ...]] = {}
    for same in groups.values():
        by_lang: dict[str, Post] = {}
        for post in sorted(same, key=lambda p: (p.translation_of is not None, p.src_path)):
            lang = languages.of(post)
            if lang is not None:
                by_lang.setdefault(lang.code, post)
        if len(by_lang) < 2:
            continue
        first = {lang.code: not lang.default for lang in languages.items}
        ordered = tuple(by_lang[c] for c in sorted(by_lang, key=lambda c: (first[c], order[c])))
        for post in ordered:
            out[post.src_path] = ordered
    return out


@dataclass(frozen=True)
class Split:
    """The shown posts by language: the default language's, then each other's."""

    default: list[Post] = field(default_factory=list)
    others: dict[str, list[Post]] = field(default_factory=dict)


def split(shown: Sequence[Post], languages: Languages) -> Split:
    """Which language's blog holds each shown post (`Languages.of`)."""
    out = Split(others={lang.code: [] for lang in languages.items if not lang.default})
    for post in shown:
        lang = languages.of(post)
        if lang is None or lang.default:
            out.default.append(post)
        else:
            out.others[lang.code].append(post)
    return out


def merge(default: Blog, others: Mapping[str, Blog], code: str) -> Blog:
    """The site's blog: the default language's, holding each other language's blog
    (`Blog.languages`); its pages and per-post maps hold every language's."""
    others = {each: replace(sub, language=each) for each, sub in others.items()}
    blogs = [default, *others.values()]
    return replace(
        default,
        language=code,
        listings=tuple(item for b in blogs for item in b.listings),
        overviews=tuple(item for b in blogs for item in b.overviews),
        related={k: v for b in blogs for k, v in b.related.items()},
        neighbours={k: v for b in blogs for k, v in b.neighbours.items()},
        minutes={k: v for b in blogs for k, v in b.minutes.items()},
        languages=dict(others),
    )


def with_translations(
    blog: Blog, found: Mapping[str, tuple[Post, ...]], languages: Languages
) -> Blog:
    """The site's blog and each language's, knowing every post's translations and each
    language's name."""
    names = {lang.code: lang.name for lang in languages.items}
    names |= {lang.code.replace("-", "_"): lang.name for lang in languages.items}
    for group in found.values():  # `en_US` is named as the language whose blog holds it
        names |= {p.language: lang.name for p in group if p.language and (lang := languages.of(p))}
    subs = {
        code: replace(sub, translations=found, language_names=names)
        for code, sub in blog.languages.items()
    }
    return replace(blog, languages=subs, translations=found, language_names=names)


def material_alternate(
    alternate: Sequence[Mapping[str, Any]], pages: Mapping[str, str]
) -> list[dict[str, Any]] | None:
    """Material's language selector (`extra.alternate`) on a page in several languages:
    each entry whose `lang` is one of the page's languages (`pages`: code -> URL from the
    site root) leads to the page in it, not to that language's home; None when no entry
    changes."""
    by_code = {_norm(code): url for code, url in pages.items()}
    out, changed = [], False
    for entry in alternate:
        url = (
            by_code.get(_norm(str(entry.get("lang") or ""))) if isinstance(entry, Mapping) else None
        )
        if url is None:
            out.append(entry)
            continue
        out.append({**entry, "link": url or "./"})  # from the site root (its `url` filter)
        changed = True
    return out if changed else None


def page_languages(
    blog: Blog, languages: Languages, post: Post | None, item: Listing | Overview | None
) -> dict[str, str]:
    """A post's or an index page's URL (from the site root) in each of its languages,
    itself included, by language code; empty for a page in one language."""
    if post is not None:
        found = {}
        for each in blog.translations_of(post):
            if (lang := languages.of(each)) is not None:
                found.setdefault(lang.code, each.url)
        return found
    if item is not None:
        return {code: other.url for code, other in counterparts(blog, item)}
    return {}


def post_blog(blog: Blog, post: Post) -> Blog:
    """The blog of a post's language (its tags, authors, related posts): the site's for
    the default language, and for every post of a blog with one language."""
    for sub in blog.languages.values():
        if post.src_path in sub.minutes:
            return sub
    return blog


def item_blog(blog: Blog, item: Listing | Overview) -> Blog:
    """The blog of an index page's language."""
    for sub in blog.languages.values():
        if item in sub.listings or item in sub.overviews:
            return sub
    return blog


def code_of(blog: Blog, sub: Blog) -> str | None:
    """The language code of one of the site's blogs (None: the default language's)."""
    return next((code for code, each in blog.languages.items() if each is sub), None)


def counterparts(blog: Blog, item: Listing | Overview) -> list[tuple[str, Listing | Overview]]:
    """An index page and the same page in each other language (the blog index, the page
    of every tag, a tag both languages use), as (language code, page); none when it
    has no counterpart."""
    subs = list(blog.languages.values())
    theirs = {id(other) for sub in subs for other in [*sub.listings, *sub.overviews]}
    # the site's blog holds every language's pages: the default language's are the rest
    own = [other for other in [*blog.listings, *blog.overviews] if id(other) not in theirs]
    found = []
    for code, pages in [(blog.language or "", own)] + [
        (sub.language or "", [*sub.listings, *sub.overviews]) for sub in subs
    ]:
        for other in pages:
            if _same_page(item, other):
                found.append((code, other))
                break
    return found if len(found) > 1 else []


def _same_page(one: Listing | Overview, other: Listing | Overview) -> bool:
    if isinstance(one, Listing) and isinstance(other, Listing):
        return (one.kind, one.key, one.number) == (other.kind, other.key, other.number)
    return isinstance(one, Overview) and isinstance(other, Overview) and one.kind == other.kind


def advice(shown: Sequence[Post], languages: Languages) -> list[Problem]:
    """What `blogmeta check` says of translations: each published post of the default
    language that some other language lacks (advice), each `translation_key` that no
    other published post shares (a warning). None without `languages:`."""
    if not languages:
        return []
    published = [p for p in shown if p.is_post and not p.is_draft]
    found = translations(published, languages)
    keys: dict[str, int] = defaultdict(int)
    for post in published:
        if post.translation_key:
            keys[post.translation_key] += 1
    problems = []
    others = [lang for lang in languages.items if not lang.default]
    for post in published:
        if post.translation_key and keys[post.translation_key] < 2:
            problems.append(
                messages.post_problem(
                    "translation-key-unmatched", post, "translation_key", key=post.translation_key
                )
            )
        own = languages.of(post)
        if own is None or not own.default or post.translation_of:
            continue
        has = {languages.of(p) for p in found.get(post.src_path, ())}
        lacking = [lang.code for lang in others if lang not in has]
        if lacking:
            problems.append(
                messages.problem("translation-missing", post.src_path, languages=", ".join(lacking))
            )
    return problems
