"""Share cards: how fast they are drawn, and what a fully cached build costs.

Why: cards are the one part of the plugin whose cost grows with drawing, not
with reading; a build where nothing changed must draw nothing and cost almost
nothing more than a build with cards off (the goal: at most 5% more).

    .venv/bin/python benchmarks/cards.py                 # 1000 posts, 3 builds each
    .venv/bin/python benchmarks/cards.py --posts 200 --runs 1 --cards 40   # smoke run

Prints (1) cards drawn per second on one core and on all cores, and (2) the
median wall time of a build with `cards: off` and of the same build with every
card already in the cache, alternating, and their ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from mkdocs_blogmeta import cards  # noqa: E402


def draw_rate(count: int, workers: int, header: Path | None) -> float:
    """Cards drawn per second by `workers` processes (1: in this process)."""
    style = cards.Style()
    with tempfile.TemporaryDirectory() as out:
        jobs = [
            (
                cards.CardSpec(1200, 630, f"A title that wraps over two lines, number {n}",
                               "A description of the post, long enough for two lines of text "
                               "on the card.", f"Author {n % 7} · March {n % 28 + 1}, 2024",
                               "Benchmark blog", style, header=str(header) if header else None,
                               header_hash=str(n)),
                f"{out}/{n}.png",
            )
            for n in range(count)
        ]  # fmt: skip
        drawer = cards.Drawer(workers=workers)
        start = time.perf_counter()
        if workers == 1:
            for job in jobs:
                cards.render_to(*job)
        else:
            drawer.start(jobs)
            drawer.wait()
        return count / (time.perf_counter() - start)


def build(folder: Path, config: str) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d",
                    str(folder / "site")], cwd=folder, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cards", type=int, default=200, help="cards drawn for the rate")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="blogmeta-cards-"))
    try:
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--posts",
                        str(args.posts), "--out", str(work)], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        cores = os.cpu_count() or 1
        print(f"cards per second, {args.cards} cards of 1200x630 (flat colour background):")
        print(f"  1 core:   {draw_rate(args.cards, 1, None):7.1f}")
        print(f"  {cores} cores:  {draw_rate(args.cards, cores, None):7.1f}")

        base = (work / "mkdocs-b.yml").read_text("utf-8")
        (work / "cards-off.yml").write_text(
            base.replace("  - blogmeta\n", "  - blogmeta:\n      cards: off\n"), "utf-8"
        )
        (work / "cards-on.yml").write_text(base, "utf-8")
        build(work, "cards-on.yml")  # draws every card once: the cache the others reuse
        off, cached = [], []
        for _ in range(args.runs):
            off.append(build(work, "cards-off.yml"))
            cached.append(build(work, "cards-on.yml"))
        a, b = statistics.median(off), statistics.median(cached)
        print(f"\n{args.posts} posts, median of {args.runs} builds:")
        print(f"  cards off:          {a:7.2f} s")
        print(f"  cards, all cached:  {b:7.2f} s")
        print(f"  cached / off:       {b / a:7.3f}  (goal: at most 1.05)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
