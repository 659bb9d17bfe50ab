"""Social and search metadata, read back as crawlers read it (extruct, lxml)."""

from __future__ import annotations

import json
import logging
import struct
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

import extruct
import yaml
from bs4 import BeautifulSoup
from checks import published_posts
from helpers import ROOT, Site, write_image
from lxml import etree
from PIL import Image

from mkdocs_blogmeta import i18n, seo

SITE_URL = "https://blog.example.org/"


def metadata(page: Path, url: str) -> dict:
    """OpenGraph (every property, repeated ones as lists), X tags and JSON-LD of a page."""
    text = page.read_text("utf-8")
    data = extruct.extract(text, base_url=url, syntaxes=["opengraph", "json-ld"])
    og: dict[str, list[str]] = defaultdict(list)
    for block in data["opengraph"]:
        for key, value in block["properties"]:
            og[key].append(value)
    soup = BeautifulSoup(text, "lxml")
    names: dict[str, list[str]] = defaultdict(list)
    for tag in soup.head.find_all("meta", attrs={"name": True}):
        names[tag["name"]].append(tag.get("content"))
    return {"og": og, "name": names, "ld": data["json-ld"], "soup": soup}


def file_for(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site / unquote(urlsplit(url).path).lstrip("/")


def front_matter(index: Path) -> dict:
    return yaml.safe_load(index.read_text("utf-8").split("---", 2)[1])


def test_every_example_post_has_complete_correct_tags(example_site: Path) -> None:
    posts_dir = ROOT / "example_site/docs/posts"
    for expected in published_posts(posts_dir):
        [index] = posts_dir.glob(f"*_{expected.slug}/index.md")
        fm = front_matter(index)
        url = f"{SITE_URL}{expected.slug}/"
        page = example_site / expected.slug / "index.html"
        meta = metadata(page, url)
        og, names, soup = meta["og"], meta["name"], meta["soup"]
        title = fm["meta_title"] or fm["title"]
        description = fm["meta_description"] or fm["subtitle"]

        assert soup.title.get_text() == title
        assert og["og:title"] == [title] and names["twitter:title"] == [title]
        assert og["og:description"] == [description] == names["twitter:description"]
        assert names["description"] == [description]
        assert og["og:type"] == ["article"]
        assert og["og:url"] == [url]
        assert [link["href"] for link in soup.find_all("link", rel="canonical")] == [url]
        assert og["og:site_name"] == ["Three Desks"]
        assert og["og:locale"] == [fm["language"]]
        assert soup.html["lang"] == fm["language"].replace("_", "-")
        assert og["article:tag"] == list(fm["tags"])
        assert og["article:published_time"] == [fm_date(fm["date"])]
        assert og["article:modified_time"] == [fm_date(fm["updated"])]
        assert names["author"] == [fm["author"]]

        [og_image] = og["og:image"]
        image = Image.open(file_for(example_site, og_image))
        assert og_image.endswith(fm["fb_img"].removeprefix("./"))
        assert og["og:image:width"] == [str(image.width)]
        assert og["og:image:height"] == [str(image.height)]
        assert og["og:image:type"] == ["image/png"]
        [x_image] = names["twitter:image"]
        assert x_image.endswith(fm["tw_img"].removeprefix("./"))
        assert file_for(example_site, x_image).is_file()
        assert names["twitter:card"] == ["summary_large_image"]
        assert names["twitter:label1"] == ["Reading time"]

        [ld] = meta["ld"]
        assert ld["@type"] == "BlogPosting"
        assert ld["headline"] == title
        assert ld["description"] == description
        assert ld["datePublished"] == fm_date(fm["date"])
        assert ld["dateModified"] == fm_date(fm["updated"])
        assert ld["image"]["url"] == og_image
        assert (ld["image"]["width"], ld["image"]["height"]) == image.size
        assert ld["author"]["name"] == fm["author"]
        assert ld["author"]["url"] == f"{SITE_URL}author/{fm['author_slug']}/"
        assert ld["mainEntityOfPage"]["@id"] == url
        assert ld["keywords"] == list(fm["tags"])
        assert ld["inLanguage"] == fm["language"].replace("_", "-")
        for key in Counter(k for k, _ in meta_keys(soup)):
            if not key.startswith(("article:tag", "og:see_also")):  # one per tag, per part
                assert Counter(k for k, _ in meta_keys(soup))[key] == 1, key
        parts = [
            e.slug for e in published_posts(posts_dir) if e.series and e.series == fm.get("series")
        ]
        # The example's parts have no series_order: by date, oldest first.
        others = [f"{SITE_URL}{slug}/" for slug in parts[::-1] if slug != expected.slug]
        assert og.get("og:see_also", []) == others
        assert ("isPartOf" in ld) == bool(parts)


def fm_date(value: object) -> str:
    from checks import _aware

    return _aware(value).isoformat()


def meta_keys(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [(t.get("property") or t.get("name"), t.get("content")) for t in soup.head.find_all("meta")
            if t.get("property") or t.get("name")]  # fmt: skip


def test_one_description_and_one_canonical_on_every_page(example_site: Path) -> None:
    for page in example_site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        if page.name == "404.html":
            continue
        assert len(soup.find_all("meta", attrs={"name": "description"})) <= 1, page
        assert len(soup.find_all("link", rel="canonical")) == 1, page
        assert len(soup.find_all("title")) == 1, page


def test_index_pages_are_websites(example_site: Path) -> None:
    for path, url in [("index.html", SITE_URL), ("tag/python/index.html", f"{SITE_URL}tag/python/"),
                      ("author/ada-quinn/index.html", f"{SITE_URL}author/ada-quinn/")]:  # fmt: skip
        meta = metadata(example_site / path, url)
        assert meta["og"]["og:type"] == ["website"]
        assert meta["og"]["og:url"] == [url]
        assert meta["og"]["og:title"][0] == meta["soup"].title.get_text().split(" - ")[0]


def test_sitemap_lastmod_is_the_posts_updated_date(example_site: Path) -> None:
    tree = etree.parse(str(example_site / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
               for u in tree.getroot()}  # fmt: skip
    for index in (ROOT / "example_site/docs/posts").glob("*/index.md"):
        fm = front_matter(index)
        url = f"{SITE_URL}{fm['slug']}/"
        if url in lastmod:
            assert lastmod[url] == fm_date(fm["updated"])[:10]


HOSTILE = {
    "title": 'Quotes " and \' <b>&amp;</b> </script> "><script>alert(1)</script> 🎉 שלום',
    "meta_description": 'Say "hi" & <i>bye</i>\nnext line </script><script>alert(2)</script> مرحبا',
    "tags": ["</script>", '"><img src=x>', "emoji 🎉"],
}


def test_hostile_text_comes_out_as_the_same_text(site: Site) -> None:
    site.extra = {"site_url": SITE_URL}
    site.post("2023-01-01_hostile", **HOSTILE)
    site.post("2023-01-02_control", title="Plain", meta_description="Plain", tags=["a", "b", "c"])
    site.build()
    meta = metadata(site.site / "hostile/index.html", f"{SITE_URL}hostile/")
    control = metadata(site.site / "control/index.html", f"{SITE_URL}control/")
    og, names, soup = meta["og"], meta["name"], meta["soup"]
    assert soup.title.get_text() == HOSTILE["title"]
    assert og["og:title"] == [HOSTILE["title"]] == names["twitter:title"]
    assert og["og:description"] == [HOSTILE["meta_description"]] == names["description"]
    assert og["article:tag"] == HOSTILE["tags"]
    [ld] = meta["ld"]
    assert ld["headline"] == HOSTILE["title"]
    assert ld["description"] == HOSTILE["meta_description"]
    assert ld["keywords"] == HOSTILE["tags"]
    # Nothing was injected: the same elements as the harmless page.
    assert Counter(t.name for t in soup.find_all()) == Counter(
        t.name for t in control["soup"].find_all()
    )
    scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    assert not [s for s in scripts if "alert(" in s.get_text()]
    raw = (site.site / "hostile/index.html").read_text("utf-8")
    json_ld = raw.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(json_ld)["headline"] == HOSTILE["title"]


def test_without_site_url_absolute_tags_are_left_out_with_one_warning(site: Site) -> None:
    site.extra = {"site_url": None}
    site.post("2023-01-01_one", fb_img="./one-fb.png", images={"one-fb.png": (1200, 630)})
    site.post("2023-01-02_two")
    site.build()
    assert len([m for m in site.messages() if "site_url" in m]) == 1
    soup = site.html("one/index.html")
    assert not soup.find_all("link", rel="canonical")
    keys = [k for k, _ in meta_keys(soup)]
    assert "og:url" not in keys and "og:image" not in keys and "twitter:image" not in keys
    assert "og:title" in keys


def test_description_falls_back_to_the_first_paragraph(site: Site) -> None:
    words = " ".join(f"word{n}" for n in range(60))
    site.extra = {"site_url": SITE_URL}
    site.post("2023-01-01_long", meta_description=None, body=f"# Heading\n\n*{words}*\n\nSecond.\n")
    site.post("2023-01-02_sub", meta_description=None, subtitle="The subtitle")
    site.build()
    [description] = metadata(site.site / "long/index.html", "x")["name"]["description"]
    assert description.endswith("…") and len(description) <= 160
    assert words.startswith(description[:-1])
    assert metadata(site.site / "sub/index.html", "x")["name"]["description"] == ["The subtitle"]


def test_square_x_image_gives_a_summary_card(site: Site) -> None:
    site.extra = {"site_url": SITE_URL}
    site.post("2023-01-01_sq", tw_img="./sq.png", fb_img="./fb.png",
              images={"sq.png": (400, 400), "fb.png": (2400, 1260)})  # fmt: skip
    site.build()
    meta = metadata(site.site / "sq/index.html", f"{SITE_URL}sq/")
    assert meta["name"]["twitter:card"] == ["summary"]
    assert meta["og"]["og:image:width"] == ["2400"]


def _bomb(path: Path) -> None:
    """A tiny PNG whose header claims 60000x60000 pixels."""
    write_image(path, (1, 1))
    data = bytearray(path.read_bytes())
    data[16:24] = struct.pack(">II", 60000, 60000)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    path.write_bytes(bytes(data))


def test_bad_share_images_are_warnings_not_crashes(site: Site) -> None:
    site.extra = {"site_url": SITE_URL}
    site.post("2023-01-01_small", fb_img="./s.png", tw_img="./t.png",
              images={"s.png": (100, 80), "t.png": (200, 200)})  # fmt: skip
    site.post("2023-01-02_corrupt", fb_img="./c.png", tw_img="./z.png")
    (site.docs / "posts/2023-01-02_corrupt/c.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    (site.docs / "posts/2023-01-02_corrupt/z.png").write_bytes(b"")
    site.post("2023-01-03_bomb", fb_img="./b.png", tw_img="./b.bmp", images={"b.bmp": (880, 440)})
    _bomb(site.docs / "posts/2023-01-03_bomb/b.png")
    Image.open(site.docs / "posts/2023-01-03_bomb/b.bmp").save(
        site.docs / "posts/2023-01-03_bomb/b.bmp", "BMP"
    )
    site.build(strict=False)
    warnings = site.messages(logging.INFO)  # small images are advice: info lines

    def about(folder: str, field: str) -> str:
        [found] = [m for m in warnings if f"posts/{folder}/index.md" in m and f"'{field}'" in m]
        return found

    assert "100x80" in about("2023-01-01_small", "fb_img") and "200x200" in about(
        "2023-01-01_small", "fb_img"
    )
    assert "200x200" in about("2023-01-01_small", "tw_img")
    assert "300x157" in about("2023-01-01_small", "tw_img")
    assert "cannot be read" in about("2023-01-02_corrupt", "fb_img") or "not an image" in about(
        "2023-01-02_corrupt", "fb_img"
    )
    assert "empty" in about("2023-01-02_corrupt", "tw_img")
    assert "too large" in about("2023-01-03_bomb", "fb_img")
    assert "BMP" in about("2023-01-03_bomb", "tw_img")
    assert not [r for r in site.records if r.exc_info]
    # A broken image is not offered to crawlers.
    keys = dict(meta_keys(site.html("corrupt/index.html")))
    assert "og:image" not in keys


def test_text_and_date_checks(site: Site) -> None:
    site.page("authors.yml", "ada-quinn:\n  twitter: not a handle\n")
    site.post("2023-01-05_checks", updated="!raw 2020-01-01T00:00:00Z", language="english",
              title="T" * 80, meta_description="D" * 210)  # fmt: skip
    site.build()
    messages = site.messages()
    advice = site.messages(logging.INFO)
    src = "posts/2023-01-05_checks/index.md"
    for field in ("updated", "language"):
        assert [m for m in messages if src in m and f"'{field}'" in m], field
    for field in ("title", "meta_description"):  # lengths are advice
        assert not [m for m in messages if src in m and f"'{field}'" in m], field
        assert [m for m in advice if src in m and f"'{field}'" in m], field
    assert [m for m in messages if "authors.yml" in m and "not a handle" in m]


def test_drafts_shown_are_noindex(site: Site) -> None:
    site.plugin = {"drafts": True}
    site.post("2023-01-01_wip", status="draft")
    site.build()
    robots = site.html("wip/index.html").find("meta", attrs={"name": "robots"})
    assert robots["content"] == "noindex"


def test_rtl_and_locale_helpers() -> None:
    assert i18n.bcp47("en_US") == "en-US"
    assert i18n.is_rtl("he_IL") and i18n.is_rtl("ar") and not i18n.is_rtl("en_US")
    assert seo.first_paragraph("<h1>x</h1><p>  <em>Hi</em> &amp;\n there </p>") == "Hi & there"
