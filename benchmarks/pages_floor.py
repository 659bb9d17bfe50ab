"""The floor with the blog's pages (a+): plain MkDocs rendering the posts AND the index pages
the plugin makes, so that what the plugin costs can be told from what MkDocs and the theme
cost for the pages any blog has.

Why: the floor (a) renders only the posts. A blog also has its index, tag, author, category
and archive pages (662 of them at 1,000 posts with `per_page: 10`), and MkDocs spends on
each what it spends on any page: a Markdown instance, the theme's template, the search
index, and `page.content` held until the build ends. (a+) measures that part alone.

How: after one (b) build of the corpus, the content of every index page it wrote (each
page's `<article>`, found by the plugin's listing markup) is stored beside the corpus,
and a one-line Markdown page stands at the same URL in a copy of the floor's docs folder.
A five-line MkDocs hook (`hooks:`) hands each such page its stored HTML in
`on_page_content`, so the theme and the search plugin see the same HTML as in (b), and
nothing of the plugin runs. A listing's later pages say `search: {exclude: true}`, as the
plugin's do (Material's search skips them). Written by `run.py --configs a,ap,...`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html

CONFIG = "mkdocs-ap.yml"
DOCS = "docs-floor-pages"
STORE = "pages-floor-html"
HOOK = "pages_floor_hook.py"
#: The root class of each page the plugin makes (`blogmeta/*.html` templates); posts carry
#: `blogmeta-post` and are the floor's already.
MARKERS = ("blogmeta-listing", "blogmeta-author")

_HOOK_TEXT = """\
from pathlib import Path

STORE = Path(__file__).parent / "{store}"


def on_page_content(html, page, **kwargs):
    if html.strip() == "<p>BLOGMETA-PAGE</p>":
        return (STORE / (page.file.src_uri.replace("/", "__") + ".html")).read_text("utf-8")
    return html
"""


def index_pages(site: Path) -> dict[str, str]:
    """Each index page of a built (b) site by its folder (`tag/git/page/2`), with the
    inner HTML of its `<article>`."""
    found = {}
    for path in sorted(site.rglob("index.html")):
        root = lxml.html.parse(str(path)).getroot()
        if root is None:
            continue
        articles = root.xpath('//article[contains(@class, "md-content__inner")]')
        if not articles:
            continue
        article = articles[0]
        classes = " ".join(article.xpath(".//@class"))
        if "blogmeta-post" in classes or not any(m in classes for m in MARKERS):
            continue
        folder = path.parent.relative_to(site).as_posix()
        found[folder] = "".join(lxml.html.tostring(c, encoding="unicode") for c in article)
    return found


def write(corpus: Path, site: Path) -> int:
    """Write (a+) into `corpus` from the (b) site at `site`: its docs folder, the stored
    HTML, the hook and its config. Returns the number of index pages."""
    docs, store = corpus / DOCS, corpus / STORE
    for folder in (docs, store):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(corpus / "docs-floor", docs, symlinks=True)
    pages = index_pages(site)
    store.mkdir()
    for folder, html in pages.items():
        src = f"blogpages/{folder or 'home'}.md"
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        later = re.search(r"(^|/)page/\d+$", folder) is not None  # as `indexes.searched`
        meta = "title: Listing\n" + ("search:\n  exclude: true\n" if later else "")
        (docs / src).write_text(f"---\n{meta}---\n\nBLOGMETA-PAGE\n", "utf-8")
        (store / (src.replace("/", "__") + ".html")).write_text(html, "utf-8")
    (corpus / HOOK).write_text(_HOOK_TEXT.format(store=STORE), "utf-8")
    floor = (corpus / "mkdocs-a.yml").read_text("utf-8")
    config = floor.replace("docs_dir: docs-floor", f"docs_dir: {DOCS}")
    config = config.replace("  /posts/\n", "  /posts/\n  /blogpages/\n")
    config = "# (a+) the floor with the blog's index pages (benchmarks/pages_floor.py)\n" + config
    (corpus / CONFIG).write_text(config + f"hooks:\n  - {HOOK}\n", "utf-8")
    return len(pages)
