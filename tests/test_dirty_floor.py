"""What plain MkDocs itself leaves stale under `mkdocs serve --dirty`: the ground truth.

Why: the plugin's incremental rebuilds are held to "the served site equals a clean
build, apart from what plain MkDocs leaves stale". This file pins down that
exception, with no plugin at all (`plugins: [search]`), for MkDocs' own theme and
Material's, so it is measured rather than guessed, and a change in MkDocs' or
Material's behaviour shows up here first.

How: a six-page docs tree (auto nav; titles from an H1, and one from front matter)
is served by `DirtyServe` (`mkdocs serve --dirty` in-process); after one edit and a
rebuild, the served folder is compared byte for byte with a clean build of the same
files (`DirtyServe.stale`). Each edit starts from a fresh loop; the last test runs
them in sequence in one loop, where staleness accumulates.

What MkDocs 1.6.1 leaves stale (each entry below asserts its reason):

- `NAV`: a page's HTML whose content region (the theme's main column / article) is
  identical to the clean build's, but whose navigation differs. Two causes: (1) a
  dirty build reads only modified pages, and `Page.title` is `None` for a page not
  read, so every page *rendered* in a rebuild (the edited one, and `404.html`, a
  static template rendered on every build) shows "None" for every other page in
  its nav (and Material's footer); (2) a page not rendered keeps the nav of the
  build that wrote it, so after a retitle, an added or a deleted page, every other
  page lists the old titles and pages (and prev/next links).
- `LEFTOVER`: a deleted page's HTML, still in `site_dir` (a dirty build never
  removes files).
- `SEARCH_REBUILT` (MkDocs' search plugin, theme `mkdocs`):
  `search/search_index.json` holds only the pages rendered in the last rebuild
  (empty when none was).
- Material's search plugin merges the new entries into the previous index
  (`search_index_prev`): `SEARCH_ORDER` the same entries, the rebuilt page's moved
  to the end; `SEARCH_HOME`, after an edit of the home page (location `""`), which
  the merge takes as a prefix of every location, only the home page's entries;
  `SEARCH_KEPT`, after a deletion (no page rebuilt), the deleted page's entries still
  there. After a rebuild with no page modified, the previous index is kept intact.

Never stale: `sitemap.xml` and `sitemap.xml.gz` (rendered from the full file list on
every build), theme assets, and a page's own content once it is rebuilt.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import DirtyServe, Site

PAGES = {
    "index.md": "# Welcome\n\nThe home page.\n",
    "about.md": "# About us\n\nWho we are.\n",
    "faq.md": "# Questions\n\nAsked often.\n",
    "notes.md": "# Field notes\n\nSome notes.\n",
    "guide/install.md": "# Installing\n\nRun pip.\n",
    "guide/usage.md": "---\ntitle: Using it\n---\n\nUse it well.\n",
}
HTML = ["index.html", "about/index.html", "faq/index.html", "notes/index.html",
        "guide/install/index.html", "guide/usage/index.html"]  # fmt: skip
SEARCH = "search/search_index.json"

# Reasons a served file differs from the clean build's (see the module docstring).
NAV, LEFTOVER = "nav", "leftover"
SEARCH_REBUILT, SEARCH_ORDER, SEARCH_HOME, SEARCH_KEPT = "rebuilt", "order", "home", "kept"

Edit = Callable[[DirtyServe, Path], None]


def _nothing(serve: DirtyServe, docs: Path) -> None:
    """A rebuild with no page modified (a file MkDocs does not render was saved)."""


def _body(serve: DirtyServe, docs: Path) -> None:
    serve.write(docs / "about.md", "# About us\n\nWho we are, and what we do.\n")


def _home_body(serve: DirtyServe, docs: Path) -> None:
    serve.write(docs / "index.md", "# Welcome\n\nThe home page, reworded.\n")


def _title(serve: DirtyServe, docs: Path) -> None:
    serve.write(docs / "notes.md", "# Notes from the field\n\nSome notes.\n")


def _front_matter_title(serve: DirtyServe, docs: Path) -> None:
    serve.write(docs / "guide/usage.md", "---\ntitle: Using it well\n---\n\nUse it well.\n")


def _add(serve: DirtyServe, docs: Path) -> None:
    serve.write(docs / "new.md", "# Brand new\n\nFresh.\n")


def _delete(serve: DirtyServe, docs: Path) -> None:
    serve.delete(docs / "faq.md")


def _all_pages(*extra: str, but: str = "") -> dict[str, str]:
    return {name: NAV for name in (*HTML, *extra, "404.html") if name != but}


# edit -> (the edit, the pages rendered by the rebuild, theme -> stale file -> reason)
EDITS: dict[str, tuple[Edit, list[str], dict[str, dict[str, str]]]] = {
    "nothing": (_nothing, [], {
        "mkdocs": {"404.html": NAV, SEARCH: SEARCH_REBUILT},
        "material": {"404.html": NAV},
    }),
    "body": (_body, ["about/"], {
        "mkdocs": {"404.html": NAV, "about/index.html": NAV, SEARCH: SEARCH_REBUILT},
        "material": {"404.html": NAV, "about/index.html": NAV, SEARCH: SEARCH_ORDER},
    }),
    "home body": (_home_body, [""], {
        "mkdocs": {"404.html": NAV, "index.html": NAV, SEARCH: SEARCH_REBUILT},
        "material": {"404.html": NAV, "index.html": NAV, SEARCH: SEARCH_HOME},
    }),
    "title": (_title, ["notes/"], {
        "mkdocs": {**_all_pages(), SEARCH: SEARCH_REBUILT},
        "material": {**_all_pages(), SEARCH: SEARCH_ORDER},
    }),
    "front matter title": (_front_matter_title, ["guide/usage/"], {
        "mkdocs": {**_all_pages(), SEARCH: SEARCH_REBUILT},
        # the last page in nav order: moving its entries to the end changes nothing
        "material": _all_pages(),
    }),
    "add": (_add, ["new/"], {
        "mkdocs": {**_all_pages("new/index.html"), SEARCH: SEARCH_REBUILT},
        "material": {**_all_pages("new/index.html"), SEARCH: SEARCH_ORDER},
    }),
    "delete": (_delete, [], {
        "mkdocs": {**_all_pages(but="faq/index.html"), "faq/index.html": LEFTOVER,
                   SEARCH: SEARCH_REBUILT},
        "material": {**_all_pages(but="faq/index.html"), "faq/index.html": LEFTOVER,
                     SEARCH: SEARCH_KEPT},
    }),
}  # fmt: skip


def _content(path: Path) -> str:
    """The theme's content region: what the page says, without nav, header or footer."""
    page = BeautifulSoup(path.read_text("utf-8"), "lxml")
    region = page.select_one('div[role="main"], article.md-content__inner, #main-content')
    assert region is not None, path
    return str(region)


def _entries(site_dir: Path) -> list[str]:
    docs = json.loads((site_dir / SEARCH).read_text("utf-8"))["docs"]
    return [json.dumps(entry, sort_keys=True) for entry in docs]


def _page_of(entry: str) -> str:
    return json.loads(entry)["location"].split("#")[0]


def _assert_reason(name: str, reason: str, served: Path, clean: Path, rebuilt: list[str]) -> None:
    """`name` differs between the served and the clean site for exactly `reason`."""
    if reason == LEFTOVER:
        assert (served / name).is_file() and not (clean / name).exists()
        return
    if reason == NAV:
        assert _content(served / name) == _content(clean / name), name
        return
    mine, theirs = _entries(served), _entries(clean)
    if reason == SEARCH_REBUILT:
        assert {_page_of(e) for e in mine} == set(rebuilt)
        assert set(mine) <= set(theirs)
    elif reason == SEARCH_ORDER:
        assert sorted(mine) == sorted(theirs) and mine != theirs
        assert {_page_of(e) for e in mine[-len(rebuilt) :]} == set(rebuilt)
    elif reason == SEARCH_HOME:
        assert {_page_of(e) for e in mine} == {""}
        assert set(mine) <= set(theirs)
    elif reason == SEARCH_KEPT:
        assert set(theirs) < set(mine)
        assert {_page_of(e) for e in set(mine) - set(theirs)} == {"faq/"}
    else:
        raise AssertionError(reason)


def _site(root: Path, theme: str) -> Site:
    site = Site(root, theme=theme, extra={"plugins": ["search"]})
    for name, text in PAGES.items():
        site.page(name, text)
    return site


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
@pytest.mark.parametrize("edit", list(EDITS))
def test_what_plain_mkdocs_leaves_stale(tmp_path: Path, theme: str, edit: str) -> None:
    change, rebuilt, expected = EDITS[edit]
    site = _site(tmp_path, theme)
    served, clean = tmp_path / "served", tmp_path / "clean"
    with DirtyServe(site.config_file(), served) as serve:
        assert serve.stale(clean) == [], "the first dirty build (empty site_dir) is clean"
        change(serve, site.docs)
        serve.rebuild()
        stale = serve.stale(clean)
    assert stale == sorted(expected[theme])
    for name, reason in expected[theme].items():
        _assert_reason(name, reason, served, clean, rebuilt)


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_staleness_accumulates_in_one_loop(tmp_path: Path, theme: str) -> None:
    """Edits in sequence: a file stays stale until a rebuild renders it again, so after
    the first retitle every page is; page contents never are."""
    site = _site(tmp_path, theme)
    served, clean = tmp_path / "served", tmp_path / "clean"
    seen: list[tuple[str, list[str]]] = []
    with DirtyServe(site.config_file(), served) as serve:
        for edit in ("body", "title", "add", "delete", "body"):
            EDITS[edit][0](serve, site.docs)
            serve.rebuild()
            seen.append((edit, serve.stale(clean)))
            for name in seen[-1][1]:
                if name.endswith(".html") and (clean / name).is_file():
                    assert _content(served / name) == _content(clean / name), (edit, name)
    every = sorted([*_all_pages("new/index.html"), SEARCH])  # after the deletion, with
    assert seen == [  # faq/index.html a leftover
        ("body", sorted(EDITS["body"][2][theme])),
        ("title", sorted([*_all_pages(), SEARCH])),
        ("add", every),
        ("delete", every),
        ("body", every),  # about/ rendered again, with "None" for the others in its nav
    ]
