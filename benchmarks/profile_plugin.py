"""Profile one build of configuration (b), mkdocs-blogmeta, and show what the plugin costs.

Why: run.py says *whether* the plugin stays near the floor; this says *where*
its time goes. It writes a corpus (make_corpus.py), builds it in this process
under cProfile, the way `mkdocs build` does (load_config, on_startup, build,
on_shutdown), and prints

  (i)   the total build time (under the profiler, which inflates Python-heavy
        code evenly, so shares are meaningful and absolute numbers are not);
  (ii)  the cumulative time of the plugin's own event handlers (every `on_*`
        method in `mkdocs_blogmeta/plugin.py`: on_config, on_files,
        on_page_markdown, on_page_content, on_env, on_page_context,
        on_post_page, ...), each and summed, and their share of the build;
        plus the self time of all code in `mkdocs_blogmeta/` files (templates
        included: Jinja compiles them to functions named after the template's
        path), and the CPU time of worker processes the build started (share
        cards are drawn there: cProfile sees only the wait for them);
  (iii) the top 25 functions of `mkdocs_blogmeta/` files by cumulative time,
        and the top 15 functions overall by self time (tottime).

The plugin's card cache (`<corpus>/.cache/blogmeta`) is emptied first, so
every card is drawn as on a fresh checkout; `--warm` builds once, unprofiled,
to fill it, and profiles the second build.

    python benchmarks/profile_plugin.py --posts 1000
    python benchmarks/profile_plugin.py --corpus /tmp/blogmeta-bench/corpus-1000 --save b.prof
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # the sibling script, not an installed package

PLUGIN_PATH = "mkdocs_blogmeta" + os.sep
PLUGIN_CACHE = Path(".cache") / "blogmeta"  # the plugin's default cache_dir, beside mkdocs.yml

# (file, line, function) -> (primitive calls, calls, tottime, cumtime, callers)
Key = tuple[str, int, str]
Row = tuple[int, int, float, float, dict]


def build(config_file: Path, site_dir: Path) -> None:
    """What `mkdocs build` does, in this process."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config, dirty=False)
    finally:
        config.plugins.on_shutdown()


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def short(key: Key) -> str:
    path, line, name = key
    if PLUGIN_PATH in path:
        path = "mkdocs_blogmeta/" + path.split(PLUGIN_PATH, 1)[1].replace(os.sep, "/")
    elif "site-packages" + os.sep in path:
        path = path.split("site-packages" + os.sep, 1)[1]
    return f"{path}:{line}({name})" if line else name


def print_rows(title: str, rows: Iterable[tuple[Key, Row]]) -> None:
    print(title)
    print(f"{'ncalls':>9} {'tottime':>8} {'cumtime':>8}  function")
    for key, (_, calls, tottime, cumtime, _) in rows:
        print(f"{calls:>9} {tottime:>8.3f} {cumtime:>8.3f}  {short(key)}")
    print()


def report(stats: pstats.Stats, wall: float, worker_cpu: float) -> None:
    table: dict[Key, Row] = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    ours = {k: v for k, v in table.items() if PLUGIN_PATH in k[0]}
    handlers = {
        k: v for k, v in ours.items() if k[2].startswith("on_") and k[0].endswith("plugin.py")
    }
    handler_total = sum(v[3] for v in handlers.values())
    self_total = sum(v[2] for v in ours.values())

    print(f"(i)   total build time: {wall:.2f}s wall under the profiler "
          f"({total:.2f}s profiled)")  # fmt: skip
    print(f"(ii)  plugin event handlers, cumulative: {handler_total:.2f}s "
          f"= {100 * handler_total / total:.1f}% of the build")  # fmt: skip
    for key, (_, calls, _, cumtime, _) in sorted(handlers.items(), key=lambda kv: -kv[1][3]):
        print(f"        {key[2]:<18} {calls:>6} calls {cumtime:>8.3f}s")
    print(f"      self time of all mkdocs_blogmeta/ code (incl. templates): {self_total:.2f}s "
          f"= {100 * self_total / total:.1f}%")  # fmt: skip
    print(f"      CPU time of worker processes (not in the profile): {worker_cpu:.2f}s")
    print()
    by_cum = sorted(ours.items(), key=lambda kv: -kv[1][3])[:25]
    print_rows("(iii) top 25 in mkdocs_blogmeta/ by cumulative time", by_cum)
    by_tot = sorted(table.items(), key=lambda kv: -kv[1][2])[:15]
    print_rows("      top 15 overall by self time (tottime)", by_tot)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--images", action="store_true", help="corpus with real images")
    parser.add_argument("--corpus", type=Path, help="use this corpus (from make_corpus.py)")
    parser.add_argument("--save", type=Path, help="also dump the raw stats here (pstats)")
    parser.add_argument("--warm", action="store_true", help="profile with the card cache filled")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="blogmeta-profile-"))
    try:
        corpus = args.corpus
        if corpus is None:
            corpus = work / "corpus"
            make_corpus.write_corpus(corpus, args.posts, seed=args.seed, images=args.images)
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        shutil.rmtree(corpus / PLUGIN_CACHE, ignore_errors=True)
        if args.warm:
            build(corpus / "mkdocs-b.yml", work / "site-warmup")
        cache = "warm" if args.warm else "cold"
        print(f"profiling configuration (b) on {corpus} ({cache} card cache)")
        profiler = cProfile.Profile()
        cpu_before = _cpu_children()
        start = time.perf_counter()
        profiler.enable()
        build(corpus / "mkdocs-b.yml", work / "site")
        profiler.disable()
        wall = time.perf_counter() - start
        worker_cpu = _cpu_children() - cpu_before
        stats = pstats.Stats(profiler)
        if args.save:
            stats.dump_stats(args.save)
        report(stats, wall, worker_cpu)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
