"""Draft leaks: a post that is not clearly published never reaches the site.

Each case is a tiny site with one published post and one hostile post whose title,
body, slug and image file name carry `MARKER`. The build either stops with a
message naming the file, line and field, or gives a site holding no byte of the
hostile post. The rule itself (`visibility.decide`) is also checked directly, for
many generated values, against the plain statement: published iff every field
that speaks says so, with a value of its type.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from common import MARKER, assert_absent, both_ways, build_case
from helpers import OMIT, Site, front_matter, write_image
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_blogmeta import visibility, yamlread

SLUG = f"{MARKER}-post"
FOLDER = f"2023-02-01_{SLUG}"
SRC = f"posts/{FOLDER}/index.md"


def small(site: Site) -> None:
    site.theme = "mkdocs"
    site.plugin = {"cards": "off"}
    site.post("2023-01-01_kept", body="Kept text.\n")


def hostile(site: Site, **fields: Any) -> Path:
    """The post under test: MARKER in its slug, title, body and an image's name."""
    small(site)
    return site.post(
        FOLDER,
        body=f"Secret {MARKER} body.\n",
        images={f"{MARKER}.png": (20, 20)},
        title=f"Draft {MARKER}",
        **fields,
    )


def line_of(path: Path, name: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.startswith(f"{name}:"))


def built_without_marker(site: Site) -> list[str]:
    """Both builds; each that builds holds no byte of the hostile post. Returns the
    plain build's messages (its site is the one left)."""
    results = both_ways(site)
    for ok, _ in results:
        if ok:
            assert_absent(site.site, MARKER)
    (plain_ok, plain), _ = results
    assert plain_ok, plain
    assert (site.site / "kept/index.html").is_file()  # the published post still builds
    return plain


def stopped_naming(site: Site, path: Path, name: str, code: str) -> str:
    """Both builds stop; the message names the file, the field's line and the field."""
    results = both_ways(site)
    for ok, said in results:
        assert not ok, said
        where = f"{SRC}:{line_of(path, name)}: '{name}'"
        found = [m for m in said if where in m and m.endswith(f"[{code}]")]
        assert found, said
    if site.site.exists():
        assert_absent(site.site, MARKER)
    return found[0]


# -- status that is not plain text, or not a status -------------------------


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        ("[draft]", None),
        ("{a: draft}", None),
        ("true", None),
        ("3", None),
        ("2023-01-01", None),
        ("Published", "published"),
        ("PUBLISHED", "published"),
        ("publish", "published"),
        ("Draft", "draft"),
        ("''", None),
        ("null", None),  # written, but empty: not clearly published (absent is published)
        ("~", None),
    ],
)
def test_status_of_another_type_or_unknown_stops_the_build(
    site: Site, raw: str, hint: str | None
) -> None:
    path = hostile(site, status=f"!raw {raw}")
    said = stopped_naming(site, path, "status", "status-invalid")
    assert "'published'" in said and "'draft'" in said  # the values the field takes
    if hint:
        assert f"did you mean '{hint}'?" in said
    else:
        assert "did you mean" not in said


@pytest.mark.parametrize("raw", ["draft", "private", "scheduled", "pending", "trash"])
def test_statuses_that_hold_back_hide_silently(site: Site, raw: str) -> None:
    hostile(site, status=raw)
    said = built_without_marker(site)
    assert not [m for m in said if "status" in m], said


# -- draft / published written as text --------------------------------------


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("draft", '"true"'),
        ("draft", '"false"'),
        ("draft", "'yes'"),
        ("draft", "1"),
        ("draft", "[true]"),
        ("published", '"false"'),
        ("published", '"true"'),
        ("published", "0"),
    ],
)
def test_flags_that_are_not_booleans_stop_the_build(site: Site, name: str, raw: str) -> None:
    path = hostile(site, status=OMIT, **{name: f"!raw {raw}"})
    said = stopped_naming(site, path, name, "flag-invalid")
    assert f"'{name}: true'" in said and f"'{name}: false'" in said


@pytest.mark.parametrize(
    "fields",
    [
        {"draft": True},
        {"published": False},
        {"status": "published", "draft": True},  # conflicting fields never publish
        {"status": "draft", "draft": False},
        {"status": "draft", "published": True},
        {"build": "!raw {render: never}"},
        {"build": "!raw {list: never, render: never}"},
        {"build": "!raw {publishResources: false}"},
        {"_build": "!raw {render: false}"},
        {"headless": True},
    ],
)
def test_every_engine_field_that_holds_back_is_obeyed(site: Site, fields: dict) -> None:
    fields.setdefault("status", OMIT)
    hostile(site, **fields)
    built_without_marker(site)


# -- a draft with a second problem keeps its draft status ---------------------


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"draft": True, "lastmod": "!raw 2023-02-30"}, "lastmod"),
        ({"status": "draft", "updated": "!raw 2023-02-30", "subtitle": None}, "updated"),
    ],
)
def test_a_draft_with_an_unreadable_date_stays_a_draft(site: Site, fields: dict, bad: str) -> None:
    fields.setdefault("status", OMIT)
    fields.setdefault("updated", OMIT)
    hostile(site, **fields)
    said = built_without_marker(site)
    assert [m for m in said if SRC in m and f"'{bad}'" in m], said  # the bad date is said


@pytest.mark.parametrize(
    "fields",
    [
        {"draft": True, "expiryDate": "!raw 2023-02-30"},
        {"draft": True, "publishDate": "!raw next tuesday"},
        {"expiryDate": "!raw 2023-02-30"},
        {"publishDate": "!raw 2023-02-30"},
        {"expiry_date": "!raw 2023-02-30"},
    ],
    ids=["draft-expiry", "draft-publish", "expiryDate", "publishDate", "expiry_date"],
)
def test_an_unreadable_expiry_or_publish_date_stops_the_build(site: Site, fields: dict) -> None:
    """When a post is shown cannot be read: every build stops (a draft's too, issue 19),
    naming the line; at `warning` (the site's `messages:`) the post is held back."""
    fields.setdefault("status", OMIT)
    path = hostile(site, **fields)
    name = next(k for k in fields if k not in ("draft", "status"))
    message = stopped_naming(site, path, name, "date-holds-back")
    assert "cannot be read as a date" in message
    site.plugin = {**site.plugin, "messages": {"date-holds-back": "warning"}}
    said = built_without_marker(site)
    assert [m for m in said if m.endswith("[date-holds-back]")], said


def test_a_published_post_with_a_bad_date_keeps_its_nulls(site: Site) -> None:
    """One bad date once made the whole front matter text: `null` became "null"."""
    small(site)
    site.post("2023-03-01_bad-date", updated="!raw 2023-02-30", meta_title=None, subtitle=None)
    results = both_ways(site)
    assert results[0][0]
    soup = site.html("bad-date/index.html")
    assert "null" not in soup.title.get_text().lower()
    assert "null" not in soup.get_text().lower()
    og = soup.find("meta", property="og:title")
    assert og is not None and og["content"] == "Post bad-date"
    said = results[0][1]
    assert [m for m in said if "'updated' cannot be read as a date" in m], said


# -- bundles, whatever their main file is called -----------------------------


@pytest.mark.parametrize("main", ["index.markdown", "_index.md", "index.mkd", "_index.markdown"])
def test_a_draft_bundle_with_another_main_file_keeps_its_images_out(site: Site, main: str) -> None:
    small(site)
    bundle = site.docs / "posts" / f"wip-{MARKER}"
    bundle.mkdir(parents=True)
    text = front_matter(SLUG, status="draft", title=f"Draft {MARKER}")
    (bundle / main).write_text(text + f"\nSecret {MARKER}.\n", "utf-8")
    write_image(bundle / f"{MARKER}.png", (20, 20))
    (bundle / f"{MARKER}.pdf").write_bytes(b"%PDF-1.4 " + MARKER.encode())
    built_without_marker(site)


@pytest.mark.parametrize("main", ["post.md", "README.md", "INDEX.md", "index.en.md"])
def test_a_dated_folder_whose_only_post_is_a_draft_keeps_its_files_out(
    site: Site, main: str
) -> None:
    """A dated folder whose main file is not `index.*` is no bundle: its Markdown file is a
    single-file post, and the other files would be copied as they are."""
    small(site)
    folder = site.docs / "posts" / FOLDER
    folder.mkdir(parents=True)
    text = front_matter(SLUG, status="draft", title=f"Draft {MARKER}")
    (folder / main).write_text(text + "\nSecret body.\n", "utf-8")
    write_image(folder / f"{MARKER}.png", (20, 20))
    write_image(folder / "img" / f"{MARKER}-2.png", (20, 20))
    built_without_marker(site)


def test_an_image_only_a_single_file_draft_uses_stays_out(site: Site) -> None:
    """`posts/draft.md` beside `posts/draft.png` (as Jekyll blogs keep them): the image
    goes with the draft; an image a published post also uses stays."""
    small(site)
    posts = site.docs / "posts"
    body = f'![a](./{MARKER}.png) ![b](shared.png) <img src="/assets/{MARKER}-3.png">\n'
    text = front_matter(SLUG, status="draft", title=f"Draft {MARKER}", date="!raw 2023-02-01")
    (posts / f"2023-02-01-{SLUG}.md").write_text(text + "\n" + body, "utf-8")
    write_image(posts / f"{MARKER}.png", (20, 20))
    write_image(posts / "shared.png", (20, 20))
    write_image(site.docs / "assets" / f"{MARKER}-3.png", (20, 20))
    site.post("2023-01-03_user", body="![s](../shared.png)\n")
    built_without_marker(site)
    assert (site.site / "posts/shared.png").is_file()


def test_index_md_wins_over_other_main_files(site: Site) -> None:
    """A folder with `index.md` and `index.markdown`: `index.md` is the post, the other a
    second page of its bundle (published only when it says so)."""
    small(site)
    path = site.post("2023-03-01_both")
    other = front_matter("both", status="draft", title=f"Other {MARKER}")
    (path.parent / "index.markdown").write_text(other + f"\n{MARKER}\n", "utf-8")
    built_without_marker(site)
    assert (site.site / "both/index.html").is_file()


@pytest.mark.parametrize("name", ["notes.md", "index.fr.md", "sub/more.md"])
@pytest.mark.parametrize(
    "fields",
    [
        {"status": "draft"},
        {"draft": True},
        {"published": False},
        {"expiryDate": "!raw 2001-01-01T00:00:00Z"},
        {"date": "!raw 2999-01-01T00:00:00Z"},
    ],
)
def test_a_second_markdown_file_of_a_bundle_that_is_not_published_stays_out(
    site: Site, name: str, fields: dict
) -> None:
    small(site)
    path = site.post("2023-03-01_host", body="Host text.\n")
    page = path.parent / name
    page.parent.mkdir(parents=True, exist_ok=True)
    head = front_matter("x", title=f"Notes {MARKER}", **{"status": OMIT, **fields})
    page.write_text(head + f"\nSecret notes {MARKER}.\n", "utf-8")
    results = both_ways(site)
    assert results[0][0], results[0][1]
    assert_absent(site.site, MARKER)
    assert (site.site / "host/index.html").is_file()
    search = (site.site / "search/search_index.json").read_text("utf-8")
    assert "Host text" in search and MARKER not in search
    infos = [r.getMessage() for r in site.records if "[bundle-page-held]" in r.getMessage()]
    assert [m for m in infos if f"posts/2023-03-01_host/{name}" in m], infos


@pytest.mark.parametrize("head", ["", "---\ntitle: Notes\n---\n", "---\nstatus: published\n---\n"])
def test_a_published_second_markdown_file_still_builds(site: Site, head: str) -> None:
    small(site)
    path = site.post("2023-03-01_host")
    (path.parent / "notes.md").write_text(head + "# Notes\n\nNotes zqxnotesshown.\n", "utf-8")
    results = both_ways(site)
    assert results[0][0] and results[1][0], results
    assert "zqxnotesshown" in (site.site / "host/notes/index.html").read_text("utf-8")


def test_a_second_markdown_file_of_a_draft_bundle_stays_out(site: Site) -> None:
    path = hostile(site, status="draft")
    (path.parent / "notes.md").write_text(f"# Notes {MARKER}\n\nPublic?\n", "utf-8")
    built_without_marker(site)


def test_an_unreadable_second_markdown_file_stops_the_build_or_stays_out(site: Site) -> None:
    small(site)
    path = site.post("2023-03-01_host")
    (path.parent / "notes.md").write_text(f"---\ntitle: [oops\n---\n{MARKER}\n", "utf-8")
    for ok, said in both_ways(site):  # nobody can tell whether it is published
        assert not ok
        assert [m for m in said if "posts/2023-03-01_host/notes.md" in m], said
    site.plugin = {**site.plugin, "messages": {"yaml-invalid": "warning"}}
    results = both_ways(site)
    assert results[0][0]
    assert_absent(site.site, MARKER)
    assert [m for m in results[0][1] if "posts/2023-03-01_host/notes.md" in m], results[0][1]


def test_blogmeta_check_reports_what_the_build_reports(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """`blogmeta check` and the build read posts through the same code."""
    from mkdocs_blogmeta import cli

    path = hostile(site, status="!raw Published")
    notes = site.docs / "posts/2023-01-01_kept/notes.md"
    notes.write_text("---\ndraft: 'no'\n---\nx\n", "utf-8")
    code = cli.main(["-f", str(site.config_file()), "check"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{SRC}:{line_of(path, 'status')}: error: 'status' is 'Published'" in out, out
    assert "posts/2023-01-01_kept/notes.md:2: error: 'draft' should be true or false" in out, out
    ok, said = both_ways(site)[0]
    assert not ok
    assert [m for m in said if "posts/2023-01-01_kept/notes.md:2: 'draft'" in m], said


# -- the rule, for many generated values ---------------------------------------

#: YAML as authors write it for `status`, `draft` and `published`: the right values,
#: near misses, text that looks like a boolean, and YAML's other types.
WRITTEN = [
    "published", "draft", "Published", "PUBLISHED", "publish", "Draft", "private",
    "scheduled", "true", "false", "yes", "no", "on", "off", '"true"', '"false"',
    "'published'", "[draft]", "[published]", "{a: draft}", "1", "0", "3.5", "null",
    "~", "''", "2023-01-01", "published ", "pub lished", "unlisted",
]  # fmt: skip
RAW = st.one_of(
    st.sampled_from(WRITTEN),
    st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=10),
)
MISSING = st.none()


def clearly_published(front: dict[str, Any]) -> bool:
    """The rule stated plainly, independently of the code: no `status` at all is
    published; one written, even empty (`status: null`), must say `published` (or
    `unlisted`: built at its URL, in no list)."""
    status, draft, published = (front.get(k) for k in ("status", "draft", "published"))
    return (
        ("status" not in front or status in ("published", "unlisted"))
        and (draft is None or draft is False)
        and (published is None or published is True)
    )


def typed(raw: str | None) -> Any:
    if raw is None:
        return None
    value, failure = yamlread.load(f"v: {raw}\n")
    return None if failure or not isinstance(value, dict) else value.get("v")


@settings(max_examples=25, deadline=None)
@given(status=st.one_of(MISSING, RAW), draft=st.one_of(MISSING, RAW),
       published=st.one_of(MISSING, RAW))  # fmt: skip
def test_published_iff_the_fields_clearly_say_so(
    status: str | None, draft: str | None, published: str | None
) -> None:
    written = {"status": status, "draft": draft, "published": published}
    front = {name: typed(raw) for name, raw in written.items() if raw is not None}
    verdict = visibility.decide(
        front, src="p.md", lines={}, now=datetime.now(UTC), future_is_draft=True
    )
    assert verdict.published == clearly_published(front), (front, verdict)
    status_wrong = "status" in front and front["status"] not in (
        "published",
        "unlisted",
        *visibility.HELD_STATUSES,
    )
    flag_wrong = any(
        front.get(k) is not None and not isinstance(front[k], bool) for k in ("draft", "published")
    )
    wrong_type = status_wrong or flag_wrong
    assert any(p.level == "error" for p in verdict.problems) == wrong_type, verdict


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(status=st.one_of(MISSING, RAW), draft=st.one_of(MISSING, RAW))
def test_built_site_holds_the_post_iff_published(
    tmp_path_factory: pytest.TempPathFactory, status: str | None, draft: str | None
) -> None:
    site = Site(tmp_path_factory.mktemp("gen"))
    fields: dict[str, Any] = {
        "status": OMIT if status is None else f"!raw {status}",
        "draft": OMIT if draft is None else f"!raw {draft}",
    }
    hostile(site, **fields)
    written = {"status": status, "draft": draft}
    front = {name: typed(raw) for name, raw in written.items() if raw is not None}
    results = both_ways(site)
    (ok, said), _ = results
    page = site.site / SLUG / "index.html"
    if clearly_published(front):
        assert ok and page.is_file(), said
    elif ok:
        assert_absent(site.site, MARKER)
    else:
        assert any(SRC in m for m in said), said


# -- translations (`languages:`): a draft translation, a draft post's translation -----

LANGUAGES = {"en": {"name": "English", "default": True}, "it": {"name": "Italiano"}}


def _translate(post: Path, **fields: Any) -> None:
    body = fields.pop("body")
    (post.parent / "index.it.md").write_text(
        "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + f"---\n\n{body}", "utf-8"
    )


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
@pytest.mark.parametrize("first", [True, False], ids=["search-first", "blogmeta-first"])
def test_draft_translations_leak_nowhere(site: Site, theme: str, first: bool) -> None:
    """In a blog with two languages: a published post's draft translation, and a draft
    post whose translation says `published` (held with its post: it would show the
    draft's tags and description). No byte of either, nor their URLs, in any file
    (pages, feeds, sitemaps and their gzip, search index, file names), whichever of
    the search plugin and blogmeta runs first."""
    site.theme = theme
    mine = {"blogmeta": {"languages": LANGUAGES}}
    site.extra = {"plugins": ["search", mine] if first else [mine, "search"]}
    alpha = site.post("2023-01-02_alpha", tags=["python"], language="en")
    _translate(alpha, title=f"Bozza {MARKER}", status="draft", tags=f"[{MARKER}-tag]",
               meta_description=f"{MARKER} descr", body=f"Segreto {MARKER}.\n")  # fmt: skip
    beta = site.post(
        "2023-01-03_beta", language="en", status="draft", title=f"Draft {MARKER}",
        tags=[f"{MARKER}-beta"], meta_description=f"The {MARKER} post.",
        body=f"Secret {MARKER} body.\n",
    )  # fmt: skip
    _translate(beta, title="Beta pubblicata", status="published", body="Testo pubblico.\n")
    gamma = site.post("2023-01-04_gamma", tags=["python"], language="en")
    _translate(gamma, title="Gamma", body="Ciao.\n")
    for strict in (True, False):  # each build's own site read
        ok, said = build_case(site, strict=strict)
        assert ok, said
        assert_absent(site.site, MARKER, "it/alpha/", "it/beta/", "/beta/")
    assert (site.site / "alpha/index.html").is_file()
    assert (site.site / "it/gamma/index.html").is_file()  # the Italian blog is there
    assert not (site.site / "it/beta").exists() and not (site.site / "beta").exists()
