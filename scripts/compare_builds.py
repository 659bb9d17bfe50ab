"""Build the same sites with an earlier commit of the plugin and with the working tree,
and say which output files differ: the check a refactoring must pass (byte-identical
sites), and the list of what a behaviour change changed.

    .venv/bin/python scripts/compare_builds.py --base main~3
    .venv/bin/python scripts/compare_builds.py --base da8abaa --posts 500 --keep /tmp/cmp

The earlier commit is checked out in a temporary git worktree and put first on
`PYTHONPATH` of its builds (the venv's editable install points at this tree). Sites: the
example blog with the material and mkdocs themes, and a synthetic blog
(`benchmarks/make_corpus.py`: drafts, future posts, images) with both themes.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
EPOCH = str(int(time.time()))

CORPUS_CONFIG = """\
site_name: Corpus
site_url: https://corpus.example.org/
docs_dir: docs
theme:
  name: {theme}
plugins:
  - search
  - blogmeta:
      cards: "off"
"""


def build(config: Path, site: Path, pythonpath: str) -> None:
    """One `mkdocs build` of `config` into `site`, with the plugin from `pythonpath`.
    `-P`: `python -m` would otherwise put the current folder first on `sys.path`, so run
    from a checkout, both builds would import that checkout's plugin."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)  # the mkdocs theme prints the build's date
    env["PYTHONPATH"] = pythonpath
    cmd = [PYTHON, "-P", "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"build failed ({config}, {pythonpath}):\n{done.stderr}")


def differing(a: Path, b: Path) -> list[str]:
    """Paths under `a` and `b` that are missing from one or differ in bytes."""
    names_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    names_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    out = [f"only before: {n}" for n in sorted(names_a - names_b)]
    out += [f"only after:  {n}" for n in sorted(names_b - names_a)]
    for name in sorted(names_a & names_b):
        if not filecmp.cmp(a / name, b / name, shallow=False):
            out.append(f"differs:     {name}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the earlier commit")
    parser.add_argument("--posts", type=int, default=300, help="size of the synthetic blog")
    parser.add_argument("--keep", help="write the sites here and keep them")
    args = parser.parse_args()

    work = Path(args.keep or tempfile.mkdtemp(prefix="blogmeta-cmp-"))
    work.mkdir(parents=True, exist_ok=True)
    base = work / "base-src"
    if base.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT)
    subprocess.run(
        ["git", "worktree", "add", "-q", "--detach", str(base), args.base], cwd=ROOT, check=True
    )
    try:
        corpus = work / "corpus"
        if not corpus.exists():
            subprocess.run(
                [
                    PYTHON,
                    str(ROOT / "benchmarks/make_corpus.py"),
                    "--posts",
                    str(args.posts),
                    "--out",
                    str(corpus),
                    "--images",
                    "--seed",
                    "7",
                ],
                check=True,
                capture_output=True,
            )
        configs = {
            "example-material": ROOT / "mkdocs.yml",
            "example-mkdocs": ROOT / "example_site/mkdocs-theme.yml",
        }
        for theme in ("material", "mkdocs"):
            path = corpus / f"mkdocs-{theme}.yml"
            path.write_text(CORPUS_CONFIG.format(theme=theme), "utf-8")
            configs[f"corpus-{theme}"] = path
        failures = 0
        for name, config in configs.items():
            before, after = work / name / "before", work / name / "after"
            for site in (before, after):
                shutil.rmtree(site, ignore_errors=True)
            build(config, before, str(base))
            build(config, after, str(ROOT))
            diff = differing(before, after)
            count = sum(1 for _ in after.rglob("*"))
            print(f"{name}: {len(diff)} of {count} paths differ")
            for line in diff[:40]:
                print("   ", line)
            failures += bool(diff)
        return 1 if failures else 0
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
