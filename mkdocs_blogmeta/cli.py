"""The `blogmeta` command: check, create and list posts without building the site.

`check` runs exactly the checks of the build (`blog.check`), reading front
matter and image headers only, so it takes seconds where a build takes
minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import uuid
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import blog as blog_
from . import fieldmap, languages, messages, permalinks, urls
from .model import Blog, Post

if TYPE_CHECKING:
    from .settings import Settings


class CommandError(Exception):
    """A problem with the command's input: printed, exit status 2."""


EXIT_CODES = """\
exit status:
  0  done; for check: no errors (and no warnings, with --strict)
  1  check found errors (or warnings, with --strict); or the output's reader left
     (blogmeta list | head)
  2  the command could not run: no mkdocs.yml, no blogmeta in its plugins, a
     configuration error, a wrong argument, or nothing to go on (new: no author)
"""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `blogmeta` console script."""
    parser = argparse.ArgumentParser(
        prog="blogmeta",
        description="Check, create and list the posts of an MkDocs blog.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        help="the site's mkdocs.yml (default: ./mkdocs.yml)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check", help="validate every post as the build does", epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    check.add_argument("docs_dir", nargs="?", help="docs folder (default: docs_dir of mkdocs.yml)")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument(
        "--verbose", action="store_true", help="also print advice (info) and what was assumed"
    )
    new = commands.add_parser(
        "new", help="create a draft post bundle, or (--lang, --from) a post's translation"
    )
    new.add_argument("title", nargs="?", help="the post's title (a translation: the post's)")
    new.add_argument("--slug", help="URL segment (default: from the title)")
    new.add_argument(
        "--author",
        help="author name (default: the site's defaults or site_author, else the only "
        "author of authors.yml, else the author of most posts)",
    )
    new.add_argument("--author-slug", help="author identity (default: from the name)")
    new.add_argument(
        "--language", default=None, help="locale such as en_US (default: as the build reads "
        "a post without one: the site's defaults, else the theme's language)",
    )  # fmt: skip
    new.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    new.add_argument(
        "--lang", help="with --from: write the post's translation into this language "
        "(one of the `languages:` option), `index.<lang>.md` beside the post",
    )  # fmt: skip
    new.add_argument(
        "--from", dest="source", metavar="POST",
        help="with --lang: the post to translate (its file, folder or slug)",
    )  # fmt: skip
    listing = commands.add_parser(
        "list", help="list posts with status, date, URL and tags, cut to the terminal's width"
    )
    listing.add_argument("--json", action="store_true", help="every field, uncut, as JSON")
    commands.add_parser(
        "urls", help="record every published post's URL in the permalink history file"
    )
    args = parser.parse_args(argv)
    from mkdocs.exceptions import MkDocsException

    try:
        site = _Site.load(args.config_file, getattr(args, "docs_dir", None))
        if args.command == "check":
            status = _check(site, strict=args.strict, verbose=args.verbose)
        elif args.command == "new":
            status = _new(site, args)
        elif args.command == "urls":
            status = _urls(site)
        else:
            status = _list(site, as_json=args.json)
        sys.stdout.flush()  # here, not at exit, so a reader that left is caught below
        return status
    except CommandError as exc:
        print(f"blogmeta: {exc}", file=sys.stderr)
        return 2
    except (MkDocsException, OSError) as exc:
        if isinstance(exc, BrokenPipeError):  # `blogmeta list | head`: the reader left
            return _broken_pipe()
        print(f"blogmeta: {args.config_file}: {exc}", file=sys.stderr)
        return 2


def _broken_pipe() -> int:
    """Stop quietly when the output's reader has gone (Python's documented recipe: point
    stdout at devnull so the interpreter's last flush does not fail again)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1


class _Site:
    """mkdocs.yml and the docs tree, read as the build reads them."""

    def __init__(self, config: Any, plugin: Any) -> None:
        self.config = config
        self.plugin = plugin

    @classmethod
    def load(cls, config_file: str, docs_dir: str | None) -> _Site:
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner, not ours
        from mkdocs.config import load_config
        from mkdocs.exceptions import ConfigurationError

        if not Path(config_file).is_file():
            raise CommandError(f"{config_file} not found; run in the site's folder or give -f")
        overrides = {"docs_dir": docs_dir} if docs_dir else {}
        try:
            config = load_config(config_file=config_file, **overrides)
        except ConfigurationError as exc:
            raise CommandError(f"{config_file}: {exc}") from exc
        plugin = config.plugins.get("blogmeta")
        if plugin is None:
            raise CommandError(f"{config_file} has no 'blogmeta' in plugins")
        return cls(config, plugin)

    @cached_property
    def settings(self) -> Settings:
        """The build's settings, made by the build's own rule (`settings.make`)."""
        from . import settings

        return settings.make(self.config, self.plugin.config)

    @property
    def docs_dir(self) -> Path:
        return Path(self.config.docs_dir)

    def files(self) -> dict[str, str | None]:
        from mkdocs.structure.files import get_files

        return {
            f.src_uri: f.abs_src_path
            for f in get_files(self.config)
            if not f.inclusion.is_excluded()
        }

    def read(self, src: str) -> str | None:
        try:
            return (self.docs_dir / src).read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None

    def check(self, show_drafts: bool = False) -> blog_.Checked:
        settings = self.settings.blog
        if show_drafts:
            settings = replace(settings, show_drafts=True)
        return blog_.check(self.files(), self.read, settings)


def _check(site: _Site, *, strict: bool, verbose: bool) -> int:
    from . import sitefiles
    from .settings import config_problems  # the build's own check of mkdocs.yml

    levels = site.settings.levels  # the site's `messages:`, as the build reads it
    checked = site.check()
    found = config_problems(site.config, site.plugin.config) + checked.problems
    found += languages.advice(checked.shown, site.settings.blog.languages)
    if verbose:
        found += [
            messages.problem("assumed", post.src_path, what=what)
            for post in checked.reading.posts
            for what in post.assumed
        ]
        found += [  # a translation's fields from its post: not defaults it forgot
            messages.problem("translation-inherits", post.src_path, post=post.translation_of,
                             fields=", ".join(f"'{name}'" for name in post.taken))
            for post in checked.reading.posts
            if post.translation_of and post.taken
        ]  # fmt: skip
    problems = messages.with_levels(found, levels)
    if not any(p.level == "error" for p in problems):
        # the build's collision check: what MkDocs, the theme, the search plugin and the
        # docs tree write (not what other plugins write in their own events)
        outputs = sitefiles.check_outputs(site.config, site.settings, checked)
        problems += messages.with_levels(outputs, levels)
    problems.sort(key=lambda p: (p.path, p.line or 0))
    counts = {"error": 0, "warning": 0, "info": 0}
    for problem in problems:
        counts[problem.level] += 1
        if problem.level != "info" or verbose:
            print(f"{problem.location()}: {problem.level}: {problem.text}")
    total = len(checked.reading.posts) + len(checked.reading.unreadable)
    advice = f", {counts['info']} advice" + ("" if verbose else " (--verbose shows it)")
    print(
        f"blogmeta: {_count(total, 'post')} checked in {site.docs_dir}: "
        f"{_count(counts['error'], 'error')}, {_count(counts['warning'], 'warning')}"
        + (advice if counts["info"] else "")
    )
    if counts["error"] or (strict and counts["warning"]):
        return 1
    return 0


def _urls(site: _Site) -> int:
    """Write the permalink history: each published post's URL added to those it had."""
    settings = site.settings.blog
    path = Path(settings.history_file or "blogmeta-urls.yml")
    history = permalinks.History()
    if path.is_file():
        try:
            history = permalinks.History.parse(path.read_text("utf-8"))
        except (yaml.YAMLError, ValueError) as exc:
            raise CommandError(f"{path} cannot be read ({exc}); fix or delete it") from exc
    checked = blog_.check(site.files(), site.read, settings)
    changes = history.record(checked.shown)
    path.write_text(history.dump(), "utf-8")
    for change in changes:
        print(change)
    print(f"blogmeta: {path}: {_count(len(changes), 'change')}")
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _new(site: _Site, args: argparse.Namespace) -> int:
    if args.lang or args.source:
        return _translate(site, args)
    if not args.title:
        raise CommandError('give the post\'s title: blogmeta new "My post"')
    checked = site.check(show_drafts=True)
    slug = args.slug or urls.slugify(args.title)
    if not urls.is_url_segment(slug):
        raise CommandError(f"'{slug}' cannot be a URL segment; give --slug my-post")
    taken = {p.slug: p.src_path for p in checked.reading.posts}
    if slug in taken:
        raise CommandError(f"slug '{slug}' is already used by {taken[slug]}; give --slug")
    settings = site.settings.blog
    # what the build gives a post that says nothing: the site's defaults, then what the
    # configuration says (theme language, site_author), by the build's own rule
    assumed = fieldmap.assumed_values(settings.defaults, settings.fallbacks)
    author, author_slug, whose = _author(args, assumed, checked)
    now = datetime.now(UTC)
    stamp = f"{now:%Y-%m-%dT%H:%M:%S}.000Z"
    posts_dir = site.docs_dir / settings.posts_dir
    bundle = posts_dir / f"{now:%Y-%m-%d}_{slug}"
    if bundle.exists():
        raise CommandError(f"{bundle} exists already; nothing was written")
    language = args.language or assumed.get("language")
    fields: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "layout": "post",
        "title": args.title,
        "slug": slug,
        "subtitle": None,
        "date": stamp,
        "updated": stamp,
        "author": author,
        "author_slug": author_slug,
        "header_img": None,
        "fb_img": None,
        "tw_img": None,
        "status": "draft",
        "language": language,
        "meta_title": None,
        "meta_description": None,
        "tags": list(args.tag),
    }
    head = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=1000)
    bundle.mkdir(parents=True)
    index = bundle / "index.md"
    index.write_text(f"---\n{head}---\n\nWrite the post here.\n", "utf-8")
    print(index)
    said = "the site's language" if not args.language and language else "--language"
    print(
        f"blogmeta: a draft by {author} ({whose}), in {language or 'no language'} ({said})",
        file=sys.stderr,
    )
    return 0


def _translate(site: _Site, args: argparse.Namespace) -> int:
    """`new --lang it --from <post>`: the post's translation, `index.it.md` beside it, a
    draft with the fields to translate (title, description) and a body to write."""
    if not (args.lang and args.source):
        raise CommandError("a translation needs both --lang it and --from <post>")
    option = site.settings.blog.languages
    language = option.find(args.lang)
    if language is None:
        codes = ", ".join(lang.code for lang in option.items) or "none: no `languages:` option"
        raise CommandError(f"'{args.lang}' is not one of the site's languages ({codes})")
    checked = site.check(show_drafts=True)
    post = _find_post(site, checked.reading.posts, args.source)
    if not post.bundle_dir or post.translation_of:
        raise CommandError(
            f"{post.src_path} is not a bundle's index.md: give its translation a file of its "
            "own with the same `translation_key`"
        )
    if language is option.of(post):
        raise CommandError(f"{post.src_path} is in {language.code} already")
    target = site.docs_dir / post.bundle_dir / f"index.{language.code}.md"
    if target.exists():
        raise CommandError(f"{target} exists already; nothing was written")
    fields: dict[str, Any] = {"title": args.title or post.title}
    if post.subtitle:
        fields["subtitle"] = post.subtitle
    fields["meta_description"] = post.meta_description
    fields["status"] = "draft"
    head = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=1000)
    body = f"Translate the post into {language.name} here.\n"
    target.write_text(f"---\n{head}---\n\n{body}", "utf-8")
    print(target)
    print(
        f"blogmeta: a draft translation of {post.src_path} into {language.name}; what it "
        "does not set (date, tags, images, author) comes from the post",
        file=sys.stderr,
    )
    return 0


def _find_post(site: _Site, posts: list[Post], given: str) -> Post:
    """The post `--from` names: its file or bundle folder (from here or from docs_dir),
    its path in docs_dir, or its slug."""
    wanted = given.rstrip("/")
    for base in (Path.cwd(), site.docs_dir):
        path = (base / wanted).resolve()
        for post in posts:
            own = (site.docs_dir / post.src_path).resolve()
            if path in (own, own.parent) and not post.translation_of:
                return post
    matches = [p for p in posts if p.slug == wanted and not p.translation_of]
    if len(matches) == 1:
        return matches[0]
    raise CommandError(f"no post is '{given}': give its file, its folder or its slug")


def _author(
    args: argparse.Namespace, assumed: dict[str, Any], checked: blog_.Checked
) -> tuple[str, str | None, str]:
    """(name, slug, where they came from): --author, else what the build assumes for a
    post without an author (the site's `defaults`, then `site_author`), else the only
    profile of the authors file, else the author of most posts."""
    profiles = checked.profiles
    if args.author:
        return args.author, args.author_slug or urls.slugify(args.author), "--author"
    if args.author_slug and args.author_slug in profiles:
        profile = profiles[args.author_slug]
        return str(profile.get("name") or args.author_slug), args.author_slug, "--author-slug"
    if assumed.get("author"):
        name = str(assumed["author"])
        return name, assumed.get("author_slug") or urls.slugify(name), "the site's author"
    if len(profiles) == 1:
        slug, profile = next(iter(profiles.items()))
        return str(profile.get("name") or slug), slug, "the only author of the authors file"
    every = [(p.author, p.author_slug) for p in checked.reading.posts if p.author]
    if every:
        counts = Counter(every)
        (name, slug), n = max(counts.items(), key=lambda item: (item[1], -every.index(item[0])))
        return name, slug or urls.slugify(name), f"the author of {n} of {len(every)} posts"
    names = ", ".join(sorted(profiles)) or "none in the authors file"
    raise CommandError(
        f'no post, site_author or authors file names an author: give --author "Name" '
        f"(or --author-slug, one of: {names})"
    )


def fit(table: list[tuple[str, ...]], width: int) -> list[str]:
    """The rows as lines at most `width` columns wide (the terminal's, or `COLUMNS`):
    state and date whole, the URL and tags cut to a share of what is left, the title to
    the rest; a cut cell ends in `…`. `blogmeta list --json` has every value whole."""
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    gap = 2
    left = width - widths[0] - widths[1] - 4 * gap
    widths[2] = min(widths[2], max(12, left * 2 // 5))
    widths[3] = min(widths[3], max(8, left // 4))
    widths[4] = max(10, left - widths[2] - widths[3])
    lines = []
    for row in table:
        cells = [_cut(cell, w).ljust(w) for cell, w in zip(row, widths, strict=True)]
        lines.append((" " * gap).join(cells).rstrip())
    return lines


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _state(post: Post) -> str:
    if post.hidden:
        return post.hidden
    if not post.is_post:
        return f"page ({post.layout})"
    return "published" if post.listed else "unlisted"


def _part(blog: Blog, post: Post) -> str | None:
    """`2/4`: the post's place in its series as the build shows it, when it has one."""
    series = blog.series_of(post)
    return f"{series.number(post)}/{series.count}" if series else None


def _language(option: languages.Languages, post: Post) -> str:
    """The language whose blog holds a post (`languages:`), as the option writes it."""
    found = option.of(post)
    return found.code if found else post.language or ""


def _titled(row: dict[str, Any]) -> str:
    """The title after the series the post is a part of (`[Rust on Lambda 2/4]`), which a
    narrow terminal would cut at the end of the title."""
    if not row["series"]:
        return row["title"]
    return f"[{row['series']} {row['series_part'] or '-'}] {row['title']}"


def _list(site: _Site, *, as_json: bool) -> int:
    checked = site.check(show_drafts=True)
    posts = sorted(checked.shown + checked.held, key=lambda p: (p.date, p.slug), reverse=True)
    option = site.settings.blog.languages
    rows = [
        {
            **({"language": _language(option, p)} if option else {}),
            "src": p.src_path,
            "title": p.title,
            "slug": p.slug,
            "state": _state(p),
            "status": p.status,
            "listed": p.listed,
            "date": p.date.isoformat(),
            "updated": p.updated.isoformat(),
            "url": "/" + p.url,
            "author": p.author,
            "authors": list(p.author_keys),
            "tags": list(p.tags),
            "categories": list(p.categories),
            "series": p.series,
            "series_part": _part(checked.blog, p),
            "assumed": list(p.assumed),
        }
        for p in posts
    ]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    table = [("STATE", "DATE", "URL", "TAGS", "TITLE")] + [
        (r["state"], r["date"][:10], r["url"], ", ".join(r["tags"]), _titled(r)) for r in rows
    ]
    if option:  # each post's language before its title
        table[1:] = [
            (*row[:4], f"({r['language']}) {row[4]}")
            for row, r in zip(table[1:], rows, strict=True)
        ]
    for line in fit(table, shutil.get_terminal_size((100, 24)).columns):
        print(line)
    drafts = sum(1 for r in rows if r["state"] not in ("published", "unlisted"))
    unlisted = sum(1 for r in rows if r["state"] == "unlisted")
    print(f"\n{len(rows)} posts, {drafts} not published, {unlisted} unlisted")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
