"""Write a synthetic blog of N posts, in the plugin's format and in Material's, for benchmarks.

Why our own generator: the benchmark has to compare mkdocs-blogmeta with a floor
(plain MkDocs) and with Material's blog plugin on *the same* posts, so one
generator writes the same Markdown bodies three ways and the build
configurations that go with them. The posts look like a real blog's, because
the plugin's costs (tag pages, related posts, share metadata) grow with what a
real blog has: tags spread Zipf-like over ~150 names (1-5 per post), ~12
authors (a few prolific), ~5% drafts, a few posts dated in the future, and
600-900-word bodies with headings, lists, fenced code, tables and links.

Layout under --out:

    docs/                    configuration (b), mkdocs-blogmeta
      posts/YYYY-MM-DD_<slug>/index.md   every SCHEMA.md field in the front matter
      authors.yml                        author profiles
    docs-floor/              configuration (a), plain MkDocs
      index.md                           the only page in the nav
      posts -> ../docs/posts             the same files, rendered as ordinary pages
    docs-material/           configuration (c), Material's blog + tags plugins
      index.md, tags.md, blog/index.md, blog/.authors.yml
      blog/posts/<slug>.md               same bodies, Material's front matter
    mkdocs-a.yml, mkdocs-b.yml, mkdocs-c.yml

    python benchmarks/make_corpus.py --posts 1000 --out /tmp/blog-1000 [--images] [--seed 1]

Standard library only; `--images` needs Pillow and writes real header (1600x800
JPEG), OpenGraph (1200x630 PNG) and X (440x220 PNG) images into every bundle
(hard links of them beside Material's posts, so every configuration copies the
same bytes). Without `--images` the image fields are `null`, so the plugin has
no missing file to warn about. The output depends only on --posts and --seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import shutil
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# --------------------------------------------------------------------------- vocabulary


def _words(text: str) -> list[str]:
    """A word list written as running text (easier to read and edit than a list literal)."""
    return text.split()


TAGS = _words("""
javascript python aws serverless node.js career rust typescript testing devops
docker kubernetes lambda react architecture performance security open-source
productivity go databases postgresql api design-patterns ci-cd cloud frontend
backend microservices terraform linux git code-review observability monitoring
logging refactoring functional-programming concurrency async webassembly css
html accessibility graphql rest dynamodb s3 redis kafka event-driven streaming
machine-learning data-engineering sql nosql caching cdn networking http dns
tls cryptography authentication oauth web-security fastify express deno bun
vue svelte angular nextjs static-sites mkdocs documentation writing public-speaking
conferences mentoring hiring interviews remote-work leadership management
team-culture burnout learning books podcasts side-projects startups freelancing
product-management agile scrum estimation technical-debt legacy-code migrations
monorepo package-management npm pip cargo build-tools bundlers vite webpack
esbuild linters formatters type-systems compilers interpreters parsing regex
unicode i18n datetime algorithms data-structures benchmarks profiling memory
garbage-collection embedded iot raspberry-pi arduino electronics 3d-printing
gamedev graphics shaders audio video streaming-media mobile android ios
flutter desktop electron cli terminal shell vim emacs vscode dotfiles
career-change open-source-maintenance licensing ethics privacy gdpr
sustainability green-software
""")

NOUNS = _words("""
cache queue pipeline request response handler module package plugin theme template
index page build deploy release service client server worker thread process event
stream schema migration query table record field function closure promise future
callback iterator generator decorator trait interface type compiler parser lexer
token buffer socket connection session cookie header payload config flag toggle
metric trace span log alert dashboard incident review test fixture mock stub
benchmark profile allocation heap stack pointer reference lifetime borrow
container image volume cluster node pod namespace bucket object key value
version branch commit merge rebase tag artifact registry mirror proxy gateway
""")

VERBS = _words("""
build ship test deploy refactor measure profile cache index render parse
serialize validate migrate split merge rewrite debug trace log monitor scale
shard replicate retry throttle batch stream compress encrypt sign verify
document review benchmark optimise simplify automate schedule release
""")

ADJECTIVES = _words("""
fast slow small large boring simple complex flaky stable reliable hidden
obvious subtle lazy eager immutable mutable typed untyped remote local
distributed concurrent parallel sequential incremental stateless stateful
careful pragmatic cheap expensive modern legacy tiny huge quiet noisy
""")

FILLER = _words("""
the a an and or but so because when while after before with without into from
over under about across through between every each some many most few this
that these those our your their its we you they it is are was were be been
can should would might will must often rarely always never usually then
""")

TECH = [
    "Python", "Rust", "Go", "Node.js", "TypeScript", "AWS Lambda", "PostgreSQL",
    "Redis", "Kafka", "Docker", "Kubernetes", "Terraform", "MkDocs", "React",
    "DynamoDB", "WebAssembly", "Deno", "SQLite", "Nginx", "GitHub Actions",
]  # fmt: skip

TITLE_PATTERNS = [
    "How we {verb} {noun}s with {tech}",
    "{adj_cap} {noun}s: a field guide",
    "Why {noun}s are {adj}",
    "Notes on {verb}ing a {adj} {noun}",
    "{tech} in production: {num} lessons",
    "The case for {adj} {noun}s",
    "What I learned from a {adj} {noun}",
    "{verb_cap}, then {verb}: {noun}s in {tech}",
    'A "{adj}" {noun} is still a {noun}',
    "Don't {verb} your {noun}s (yet)",
    "{num} ways to {verb} a {noun} in {tech}",
    "Café chats: {verb}ing {noun}s with {tech}",
    "Naïve {noun}s and other {adj} ideas",
    "From {noun} to {noun}: a {adj} migration",
]

AUTHORS = [
    ("Ada Quinn", "ada-quinn"),
    ("Bruno Okafor", "bruno-okafor"),
    ("Chiara Lindqvist", "chiara-lindqvist"),
    ("José Álvarez", "jose-alvarez"),
    ("Mei Tanaka", "mei-tanaka"),
    ("Priya Raman", "priya-raman"),
    ("Zoë Brandt", "zoe-brandt"),
    ("Tomás Ó Briain", "tomas-o-briain"),
    ("Nadia Haddad", "nadia-haddad"),
    ("Lars Eriksen", "lars-eriksen"),
    ("Grace Mwangi", "grace-mwangi"),
    ("Oleksandr Kovalenko", "oleksandr-kovalenko"),
]

CODE_LANGS = ["python", "javascript", "bash", "yaml", "rust", "go", "json"]

FIRST_DATE = dt.datetime(2010, 1, 4, 8, 0, tzinfo=dt.UTC)
LAST_DATE = dt.datetime(2025, 6, 30, 18, 0, tzinfo=dt.UTC)
FUTURE_DATE = dt.datetime(2099, 1, 15, 9, 0, tzinfo=dt.UTC)
SITE_URL = "https://example.org/"

HEADER_SIZE, FB_SIZE, TW_SIZE = (1600, 800), (1200, 630), (440, 220)
IMAGE_VARIANTS = 12  # distinct images per kind, written as bytes into each bundle


# --------------------------------------------------------------------------- text


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1 / (rank**s) for rank in range(1, n + 1)]


def sample_distinct(rng: random.Random, items: Sequence[str], weights: Sequence[float], k: int):
    """k distinct items drawn by weight (weighted sampling without replacement)."""
    chosen: list[str] = []
    while len(chosen) < k:
        item = rng.choices(items, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def words(rng: random.Random, n: int) -> list[str]:
    """n words of plausible technical prose (about one in three a content word)."""
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.45:
            out.append(rng.choice(FILLER))
        elif r < 0.75:
            out.append(rng.choice(NOUNS))
        elif r < 0.87:
            out.append(rng.choice(VERBS))
        else:
            out.append(rng.choice(ADJECTIVES))
    return out


def inline(rng: random.Random, word: str) -> str:
    """Sometimes dress a word up as code, emphasis or a link."""
    r = rng.random()
    if r < 0.03:
        return f"`{word}()`"
    if r < 0.05:
        return f"**{word}**"
    if r < 0.065:
        return f"*{word}*"
    if r < 0.075:
        return f"[{word}](https://example.com/{word}/)"
    return word


def sentence(rng: random.Random, n: int, plain: bool = False) -> str:
    ws = words(rng, n) if plain else [inline(rng, w) for w in words(rng, n)]
    ws[0] = ws[0].capitalize()
    end = rng.choice([".", ".", ".", ".", "?", "!"]) if n > 6 else "."
    return " ".join(ws) + end


def paragraph(rng: random.Random, n_words: int) -> tuple[str, int]:
    sentences, count = [], 0
    while count < n_words:
        k = rng.randint(8, 22)
        sentences.append(sentence(rng, k))
        count += k
    return " ".join(sentences), count


def heading(rng: random.Random) -> str:
    ws = [rng.choice(ADJECTIVES), rng.choice(NOUNS) + "s"]
    if rng.random() < 0.5:
        ws = [rng.choice(VERBS).capitalize() + "ing", *ws]
    else:
        ws[0] = ws[0].capitalize()
    return " ".join(ws)


def code_block(rng: random.Random) -> list[str]:
    lang = rng.choice(CODE_LANGS)
    name = rng.choice(VERBS) + "_" + rng.choice(NOUNS)
    arg = rng.choice(NOUNS)
    n = rng.randint(2, 9)
    if lang == "python":
        body = [f"def {name}({arg}: dict, retries: int = {n}) -> list[str]:",
                f'    """{sentence(rng, 6)}"""',
                "    out = []",
                f"    for key, value in sorted({arg}.items()):",
                "        if value is None:",
                "            continue",
                '        out.append(f"{key}={value!r}")',
                "    return out"]  # fmt: skip
    elif lang == "javascript":
        body = [f"export async function {name.replace('_', '')}({arg}) {{",
                f"  const res = await fetch(`/api/{arg}s/${{{arg}.id}}`)",
                "  if (!res.ok) {",
                f"    throw new Error(`{arg} failed: ${{res.status}}`)",
                "  }",
                f"  return (await res.json()).items.slice(0, {n})",
                "}"]  # fmt: skip
    elif lang == "bash":
        body = ["set -euo pipefail",
                f'for f in ./{arg}s/*.json; do',
                f'  jq -r ".{arg}" "$f" | sort | uniq -c | head -n {n}',
                "done"]  # fmt: skip
    elif lang == "yaml":
        body = [f"{arg}:",
                f"  name: {name}",
                f"  replicas: {n}",
                "  env:",
                f"    - {rng.choice(NOUNS).upper()}_URL=https://example.org/{arg}",
                f"    - TIMEOUT={n * 10}s"]  # fmt: skip
    elif lang == "rust":
        body = [f"fn {name}({arg}: &[u8]) -> Result<usize, Error> {{",
                f"    let n = {arg}.iter().filter(|b| **b == b'\\n').count();",
                f"    if n > {n} {{",
                f'        return Err(Error::TooMany("{arg}"));',
                "    }",
                "    Ok(n)",
                "}"]  # fmt: skip
    elif lang == "go":
        body = [f"func {name.title().replace('_', '')}(ctx context.Context, {arg} string) error {{",
                f"\tctx, cancel := context.WithTimeout(ctx, {n}*time.Second)",
                "\tdefer cancel()",
                f"\treturn client.Do(ctx, {arg})",
                "}"]  # fmt: skip
    else:
        body = ["{",
                f'  "{arg}": "{name}",',
                f'  "count": {n},',
                f'  "tags": ["{rng.choice(NOUNS)}", "{rng.choice(NOUNS)}"]',
                "}"]  # fmt: skip
    return [f"```{lang}", *body, "```"]


def bullet_list(rng: random.Random) -> tuple[list[str], int]:
    ordered = rng.random() < 0.3
    items, count = [], 0
    for i in range(rng.randint(3, 6)):
        k = rng.randint(4, 14)
        count += k
        mark = f"{i + 1}." if ordered else "-"
        items.append(f"{mark} {sentence(rng, k)}")
    return items, count


def table(rng: random.Random) -> list[str]:
    cols = [rng.choice(NOUNS).capitalize() for _ in range(3)]
    rows = ["| " + " | ".join(cols) + " |", "|---|---|---|"]
    for _ in range(rng.randint(2, 5)):
        rows.append(
            f"| {rng.choice(NOUNS)} | {rng.randint(1, 999)} ms | {rng.choice(ADJECTIVES)} |"
        )
    return rows


def make_body(rng: random.Random) -> str:
    """A 600-900-word Markdown body; `<!-- more -->` after the intro (Material's excerpt
    separator: an HTML comment, invisible to the other two configurations)."""
    target = rng.randint(600, 900)
    intro, count = paragraph(rng, rng.randint(40, 80))
    lines = [intro, "", "<!-- more -->", ""]
    while count < target:
        lines += [f"## {heading(rng)}", ""]
        for j in range(rng.randint(1, 3)):
            if j and rng.random() < 0.2:
                lines += [f"### {heading(rng)}", ""]
            text, n = paragraph(rng, rng.randint(50, 110))
            lines += [text, ""]
            count += n
            r = rng.random()
            if r < 0.25:
                lines += [*code_block(rng), ""]
            elif r < 0.45:
                items, n = bullet_list(rng)
                lines += [*items, ""]
                count += n
            elif r < 0.52:
                lines += [*table(rng), ""]
            elif r < 0.58:
                quote, n = paragraph(rng, rng.randint(15, 30))
                lines += [f"> {quote}", ""]
                count += n
            elif r < 0.62:
                lines += [f"<small>{sentence(rng, 10)}</small>", ""]
            if count >= target:
                break
    lines += [f"Further reading: [the {rng.choice(NOUNS)} docs](https://example.org/docs/).", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- posts


@dataclass
class Post:
    slug: str
    title: str
    date: dt.datetime
    updated: dt.datetime
    author: str
    author_slug: str
    tags: list[str]
    draft: bool
    subtitle: str | None
    meta_title: str | None
    meta_description: str
    uuid: str
    body: str
    date_quoted: bool
    block_tags: bool
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def folder(self) -> str:
        return f"{self.date:%Y-%m-%d}_{self.slug}"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out, dash = [], False
    for ch in ascii_text.lower():
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")[:60].strip("-")


def make_title(rng: random.Random) -> str:
    verb = rng.choice(VERBS)
    adj = rng.choice(ADJECTIVES)
    return rng.choice(TITLE_PATTERNS).format(
        verb=verb,
        verb_cap=verb.capitalize(),
        noun=rng.choice(NOUNS),
        adj=adj,
        adj_cap=adj.capitalize(),
        tech=rng.choice(TECH),
        num=rng.randint(3, 12),
    )


def make_posts(n: int, seed: int) -> list[Post]:
    """The corpus, oldest first; the last few posts are dated in the future."""
    rng = random.Random(seed)
    tag_weights = zipf_weights(len(TAGS), 1.05)
    author_weights = zipf_weights(len(AUTHORS), 0.8)
    n_future = max(1, n // 300)
    span = (LAST_DATE - FIRST_DATE) / max(1, n - n_future)
    slugs: set[str] = set()
    posts = []
    for i in range(n):
        if i < n - n_future:
            date = FIRST_DATE + span * i + dt.timedelta(minutes=rng.randrange(0, 600))
        else:
            date = FUTURE_DATE + dt.timedelta(days=i)
        date = date.replace(second=0, microsecond=0)
        title = make_title(rng)
        slug = base = slugify(title)
        k = 2
        while slug in slugs:
            slug, k = f"{base}-{k}", k + 1
        slugs.add(slug)
        author, author_slug = rng.choices(AUTHORS, author_weights)[0]
        updated = date + dt.timedelta(days=rng.choice([0, 0, 0, 2, 30, 400]))
        description = sentence(rng, rng.randint(12, 24), plain=True)
        if rng.random() < 0.1:
            description = f'What "{rng.choice(NOUNS)}" really means: ' + description
        posts.append(
            Post(
                slug=slug,
                title=title,
                date=date,
                updated=updated,
                author=author,
                author_slug=author_slug,
                tags=sample_distinct(rng, TAGS, tag_weights, rng.randint(1, 5)),
                draft=rng.random() < 0.05,
                subtitle=sentence(rng, rng.randint(6, 12), plain=True)
                if rng.random() < 0.3
                else None,
                meta_title=title[:50] if rng.random() < 0.1 else None,
                meta_description=description[:190],
                uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                body=make_body(rng),
                date_quoted=rng.random() < 0.3,
                block_tags=rng.random() < 0.3,
                extra={"written_with": "Vim"} if rng.random() < 0.1 else {},
            )
        )
    return posts


# --------------------------------------------------------------------------- writers


def q(value: str | None) -> str:
    """A YAML scalar: null, or a single-quoted string."""
    if value is None:
        return "null"
    return "'" + value.replace("'", "''") + "'"


def iso(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def blogmeta_markdown(post: Post, images: bool) -> str:
    """index.md of a bundle: every SCHEMA.md field, in the forms real posts use."""
    date = f'"{iso(post.date)}"' if post.date_quoted else iso(post.date)
    updated = f'"{iso(post.updated)}"' if post.date_quoted else iso(post.updated)
    img = (
        (f"'./{post.slug}.jpg'", f"./{post.slug}-fb.png", f"./{post.slug}-tw.png")
        if images
        else ("null", "null", "null")
    )
    if post.block_tags:
        tags = "tags:\n" + "".join(f"  - {q(t)}\n" for t in post.tags)
    else:
        tags = "tags: [" + ", ".join(q(t) for t in post.tags) + "]\n"
    extra = "".join(f"{k}: {q(v)}\n" for k, v in post.extra.items())
    return (
        "---\n"
        f"uuid: {post.uuid}\n"
        "layout: post\n"
        f"title: {q(post.title)}\n"
        f"slug: {post.slug}\n"
        f"subtitle: {q(post.subtitle)}\n"
        f"date: {date}\n"
        f"updated: {updated}\n"
        f"author: {post.author}\n"
        f"author_slug: {post.author_slug}\n"
        f"header_img: {img[0]}\n"
        f"fb_img: {img[1]}\n"
        f"tw_img: {img[2]}\n"
        f"status: {'draft' if post.draft else 'published'}\n"
        "language: en_US\n"
        f"meta_title: {q(post.meta_title)}\n"
        f"meta_description: {q(post.meta_description)}\n"
        f"{tags}{extra}"
        "---\n\n" + post.body
    )


def material_markdown(post: Post) -> str:
    """The same post for Material's blog plugin: its own front matter, the same body."""
    lines = [
        "---",
        f"title: {q(post.title)}",
        f"description: {q(post.meta_description)}",
        "date:",
        f"  created: {iso(post.date)}",
        f"  updated: {iso(post.updated)}",
        f"authors: [{post.author_slug}]",
        "tags: [" + ", ".join(q(t) for t in post.tags) + "]",
        f"slug: {post.slug}",
    ]
    if post.draft:
        lines.append("draft: true")
    return "\n".join([*lines, "---", "", post.body])


def blogmeta_authors() -> str:
    out = ["# Author profiles for mkdocs-blogmeta, keyed by author_slug."]
    for name, slug in AUTHORS:
        handle = slug.replace("-", "")[:15]
        out += [
            f"{slug}:",
            f"  name: {q(name)}",
            f"  bio: {q(f'{name} writes about software, teams and tools.')}",
            f"  avatar: https://example.org/avatars/{slug}.png",
            f"  url: https://example.org/people/{slug}/",
            f"  twitter: '@{handle}'",
        ]
    return "\n".join(out) + "\n"


def material_authors() -> str:
    out = ["authors:"]
    for name, slug in AUTHORS:
        out += [
            f"  {slug}:",
            f"    name: {q(name)}",
            f"    description: {q(f'{name} writes about software, teams and tools.')}",
            f"    avatar: https://example.org/avatars/{slug}.png",
        ]
    return "\n".join(out) + "\n"


MARKDOWN_EXTENSIONS = """markdown_extensions:
  - toc:
      permalink: true
  - tables
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.highlight
  - pymdownx.superfences
"""


def configs() -> dict[str, str]:
    """mkdocs.yml of each configuration; only docs_dir and plugins differ."""
    head = f"site_url: {SITE_URL}\ntheme:\n  name: material\n"
    return {
        "mkdocs-a.yml": (
            "# (a) the floor: plain MkDocs renders the same Markdown, posts kept out of the nav\n"
            f"site_name: Floor\ndocs_dir: docs-floor\n{head}"
            "not_in_nav: |\n  /posts/\n"
            f"plugins:\n  - search\n{MARKDOWN_EXTENSIONS}"
        ),
        "mkdocs-b.yml": (
            "# (b) mkdocs-blogmeta on the post bundles\n"
            f"site_name: Blogmeta\ndocs_dir: docs\n{head}"
            f"plugins:\n  - search\n  - blogmeta\n{MARKDOWN_EXTENSIONS}"
        ),
        "mkdocs-c.yml": (
            "# (c) Material's blog and tags plugins on the same posts, Material's format\n"
            f"site_name: Material blog\ndocs_dir: docs-material\n{head}"
            "plugins:\n  - search\n  - blog:\n      draft_if_future_date: true\n  - tags\n"
            f"{MARKDOWN_EXTENSIONS}"
        ),
    }


def image_pool(rng: random.Random) -> dict[str, list[bytes]]:
    """A few distinct images of each kind at real sizes, with real compression."""
    from PIL import Image, ImageDraw, ImageFilter

    def draw(size: tuple[int, int], fmt: str) -> bytes:
        w, h = size
        base = tuple(rng.randrange(40, 200) for _ in range(3))
        img = Image.new("RGB", size, base)
        pen = ImageDraw.Draw(img)
        for _ in range(40):
            x, y = rng.randrange(w), rng.randrange(h)
            r = rng.randrange(w // 20, w // 5)
            colour = tuple(rng.randrange(256) for _ in range(3))
            pen.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        img = img.filter(ImageFilter.GaussianBlur(3))
        for _ in range(6):
            y = rng.randrange(h)
            pen = ImageDraw.Draw(img)
            pen.text((rng.randrange(w // 2), y), "synthetic blog", fill=(255, 255, 255))
        buf = io.BytesIO()
        if fmt == "JPEG":
            img.save(buf, "JPEG", quality=85)
        else:
            img.save(buf, "PNG", optimize=False)
        return buf.getvalue()

    return {
        "header": [draw(HEADER_SIZE, "JPEG") for _ in range(IMAGE_VARIANTS)],
        "fb": [draw(FB_SIZE, "PNG") for _ in range(IMAGE_VARIANTS)],
        "tw": [draw(TW_SIZE, "PNG") for _ in range(IMAGE_VARIANTS)],
    }


def link_or_copy(src: Path, dest: Path) -> None:
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


def write_corpus(out: Path, n: int, seed: int = 1, images: bool = False) -> list[Post]:
    """Write the corpus and the three configurations under `out` (replacing what was there)."""
    posts = make_posts(n, seed)
    for name in ("docs", "docs-floor", "docs-material"):
        shutil.rmtree(out / name, ignore_errors=True)
    posts_dir = out / "docs" / "posts"
    floor = out / "docs-floor"
    material = out / "docs-material"
    material_posts = material / "blog" / "posts"
    for folder in (posts_dir, floor, material_posts):
        folder.mkdir(parents=True)
    pool = image_pool(random.Random(seed)) if images else {}

    for i, post in enumerate(posts):
        bundle = posts_dir / post.folder
        bundle.mkdir()
        (bundle / "index.md").write_text(blogmeta_markdown(post, images), encoding="utf-8")
        (material_posts / f"{post.slug}.md").write_text(material_markdown(post), encoding="utf-8")
        if images:
            for kind, name in (("header", ".jpg"), ("fb", "-fb.png"), ("tw", "-tw.png")):
                path = bundle / f"{post.slug}{name}"
                path.write_bytes(pool[kind][i % IMAGE_VARIANTS])
                link_or_copy(path, material_posts / path.name)

    (out / "docs" / "authors.yml").write_text(blogmeta_authors(), encoding="utf-8")
    (floor / "index.md").write_text("# Home\n\nThe floor: posts are plain pages.\n")
    os.symlink(os.path.join("..", "docs", "posts"), floor / "posts")
    (material / "index.md").write_text("# Home\n\nSee the [blog](blog/index.md).\n")
    (material / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n")
    (material / "blog" / "index.md").write_text("# Blog\n")
    (material / "blog" / ".authors.yml").write_text(material_authors(), encoding="utf-8")
    for name, text in configs().items():
        (out / name).write_text(text, encoding="utf-8")
    return posts


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000, help="number of posts (default 1000)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--images", action="store_true", help="write real header/fb/tw images (needs Pillow)"
    )
    args = parser.parse_args(argv)
    posts = write_corpus(args.out, args.posts, args.seed, args.images)
    drafts = sum(p.draft for p in posts)
    future = sum(p.date > LAST_DATE for p in posts)
    print(f"wrote {len(posts)} posts ({drafts} drafts, {future} future-dated) to {args.out}")


if __name__ == "__main__":
    main()
