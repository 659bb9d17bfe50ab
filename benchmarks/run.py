"""Time and size MkDocs builds of the same synthetic blog: floor, blogmeta, Material's blog.

Why: the project promises that mkdocs-blogmeta costs little on top of what
MkDocs itself spends rendering the posts (goal: b/a <= 1.25 in wall time and
<= 1.3 in peak memory at 1000 and 5000 posts), and we want to see where it
stands against Material's own blog plugin. For each size the corpus is written
once (make_corpus.py), then the configurations are built in turn,
A B BW C A B BW C ..., so drift of the machine (thermal, page cache,
neighbours) spreads over all of them instead of biasing one:

  (a)  floor     plain MkDocs, theme material, plugins [search]; the same post
                 files rendered as ordinary pages, kept out of the nav
                 (`not_in_nav: /posts/`): the cost of rendering the Markdown.
  (b)  blogmeta  theme material, plugins [search, blogmeta] on the bundles,
                 with the plugin's card cache (`<corpus>/.cache/blogmeta`)
                 emptied first: a fresh checkout, every share card drawn.
  (bw) blogmeta  the same, warm: the cache as the previous build left it.
  (c)  material  plugins [search, blog, tags] on Material-format copies.

A build that fails is reported with its stderr and left out of the medians;
the run goes on (the package is installed editable, and may be mid-edit).
Each build is its own `mkdocs build -q` process with a fresh site_dir, so no
build profits from another's imports or caches (other than the plugin's own
cache in (bw)). What is measured, per build:

- wall seconds, with `time.perf_counter` around the child;
- CPU seconds (user + system) of the child and everything it waited for,
  from `getrusage(RUSAGE_CHILDREN)` deltas: these are sums, so deltas work;
- peak RSS of the build process. `RUSAGE_CHILDREN` cannot give it per build
  (its ru_maxrss is a running maximum over every child ever waited for), so
  each build runs under `/usr/bin/time -v`, which waits for exactly that one
  child and prints its "Maximum resident set size". Where GNU time is missing,
  a tiny launcher runs MkDocs' CLI in-process and prints its own
  `getrusage(RUSAGE_SELF).ru_maxrss` at exit. Either way this is the largest
  single process, and a plugin that draws in worker processes uses more;
- so also the peak RSS of the whole process tree, summed: /proc is sampled
  every 50 ms (each process's resident pages; shared library pages count once
  per process, so the sum is a little high for multi-process builds).

    python benchmarks/run.py                          # sizes 1000,5000, 3 runs each
    python benchmarks/run.py --sizes 200 --runs 1     # smoke run
    python benchmarks/run.py --sizes 1000 --runs 3 --json /tmp/bench-1000.json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # the sibling script, not an installed package
import pages_floor  # the floor with the blog's index pages (a+)

# key -> (label, config file, plugin cache: "cold" emptied before, "warm" kept, None)
CONFIGS: dict[str, tuple[str, str, str | None]] = {
    "a": ("floor", "mkdocs-a.yml", None),
    "ap": ("floor+pages", pages_floor.CONFIG, None),  # written after one (b) build
    "b": ("blogmeta", "mkdocs-b.yml", "cold"),
    "bw": ("blogmeta warm", "mkdocs-b.yml", "warm"),
    "c": ("material", "mkdocs-c.yml", None),
}
PLUGIN_CACHE = Path(".cache") / "blogmeta"  # the plugin's default cache_dir, beside mkdocs.yml
GNU_TIME = "/usr/bin/time"
GOAL_TIME, GOAL_MEMORY = 1.25, 1.3
SAMPLE_SECONDS = 0.05
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

# Run MkDocs' CLI in this process and report this process's peak RSS on the way out.
LAUNCHER = """
import atexit, resource, sys
atexit.register(lambda: print(
    "maxrss_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr))
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", *sys.argv[1:]]
cli()
"""


@dataclass
class Build:
    config: str
    seconds: float
    cpu_seconds: float
    rss_mb: float  # peak RSS of the largest process
    tree_mb: float  # peak of the summed RSS of the process tree (sampled)
    returncode: int
    stderr: str = ""


def _num(value: float, digits: int) -> float | None:
    """A rounded number for JSON, None for NaN (a configuration whose builds all failed)."""
    return None if math.isnan(value) else round(value, digits)


@dataclass
class SizeResult:
    posts: int
    runs: dict[str, list[Build]] = field(default_factory=dict)

    def ok(self, config: str) -> list[Build]:
        return [b for b in self.runs[config] if b.returncode == 0]

    def median(self, config: str, what: str) -> float:
        """Median over the builds that succeeded (NaN when none did)."""
        values = [getattr(b, what) for b in self.ok(config)]
        return statistics.median(values) if values else math.nan

    def ratio(self, config: str, what: str) -> float:
        return self.median(config, what) / self.median("a", what)

    def summary(self) -> dict[str, object]:
        out: dict[str, object] = {"posts": self.posts}
        for key in self.runs:
            out[key] = {
                "label": CONFIGS[key][0],
                "builds_ok": len(self.ok(key)),
                "builds": len(self.runs[key]),
                "median_seconds": _num(self.median(key, "seconds"), 3),
                "median_cpu_seconds": _num(self.median(key, "cpu_seconds"), 3),
                "median_rss_mb": _num(self.median(key, "rss_mb"), 1),
                "median_tree_rss_mb": _num(self.median(key, "tree_mb"), 1),
            }
            if key != "a" and "a" in self.runs:
                out[f"{key}/a"] = {
                    "time": _num(self.ratio(key, "seconds"), 3),
                    "cpu": _num(self.ratio(key, "cpu_seconds"), 3),
                    "memory": _num(self.ratio(key, "rss_mb"), 3),
                    "tree_memory": _num(self.ratio(key, "tree_mb"), 3),
                }
        return out


# --------------------------------------------------------------------------- measuring


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                kids += [int(k) for k in f.read().split()]
    except OSError:
        pass
    return kids


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


class TreeSampler(threading.Thread):
    """Peak of the summed RSS of a process's descendants (and itself, if asked)."""

    def __init__(self, pid: int, include_root: bool) -> None:
        super().__init__(daemon=True)
        self.pid, self.include_root = pid, include_root
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = [self.pid] if self.include_root else []
            todo = _children(self.pid)
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo += _children(pid)
            self.peak = max(self.peak, sum(_rss_bytes(p) for p in pids))
            self.stop.wait(SAMPLE_SECONDS)


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_build(corpus: Path, key: str, site_dir: Path) -> Build:
    """One build in its own process: wall and CPU seconds, peak RSS of the process and tree."""
    _, config_file, cache = CONFIGS[key]
    if cache == "cold":
        shutil.rmtree(corpus / PLUGIN_CACHE, ignore_errors=True)
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config_file, "-d", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # Material's end-of-life banner
    use_time = os.access(GNU_TIME, os.X_OK)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        if use_time:
            cmd = [GNU_TIME, "-v", "-o", report.name, *args]
        else:
            cmd = [sys.executable, "-c", LAUNCHER, *args[3:]]
        cpu_before = _cpu_children()
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=corpus, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        sampler = TreeSampler(proc.pid, include_root=not use_time)
        sampler.start()
        _, stderr = proc.communicate()
        seconds = time.perf_counter() - start
        sampler.stop.set()
        sampler.join()
        cpu = _cpu_children() - cpu_before
        text = report.read() if use_time else stderr
    pattern = r"Maximum resident set size \(kbytes\): (\d+)" if use_time else r"maxrss_kb (\d+)"
    match = re.search(pattern, text)
    rss_mb = int(match.group(1)) / 1024 if match else 0.0
    tree_mb = max(sampler.peak / 2**20, rss_mb)  # a sample may miss the very peak
    stderr = re.sub(r"maxrss_kb \d+\n?", "", stderr).strip()
    return Build(key, seconds, cpu, rss_mb, tree_mb, proc.returncode, stderr)


def bench_size(
    posts: int, runs: int, keys: list[str], workdir: Path, seed: int, images: bool
) -> SizeResult:
    corpus = workdir / f"corpus-{posts}"
    started = time.perf_counter()
    make_corpus.write_corpus(corpus, posts, seed=seed, images=images)
    shutil.rmtree(corpus / PLUGIN_CACHE, ignore_errors=True)
    print(f"[{posts} posts] corpus written in {time.perf_counter() - started:.1f}s: {corpus}",
          flush=True)  # fmt: skip
    if "ap" in keys:  # its index pages are the ones a (b) build writes
        site_dir = workdir / f"site-{posts}-pages"
        run_build(corpus, "bw", site_dir)  # untimed (fills the card cache too)
        count = pages_floor.write(corpus, site_dir)
        shutil.rmtree(site_dir, ignore_errors=True)
        print(f"[{posts} posts] (ap): the floor with the blog's {count} index pages", flush=True)
    result = SizeResult(posts, {key: [] for key in keys})
    for run in range(1, runs + 1):
        for key in keys:
            site_dir = workdir / f"site-{posts}-{key}-{run}"
            shutil.rmtree(site_dir, ignore_errors=True)
            if CONFIGS[key][2] == "warm" and not (corpus / PLUGIN_CACHE).exists():
                run_build(corpus, key, site_dir)  # untimed: fills the cache
                shutil.rmtree(site_dir, ignore_errors=True)
            build = run_build(corpus, key, site_dir)
            shutil.rmtree(site_dir, ignore_errors=True)
            result.runs[key].append(build)
            note = "" if build.returncode == 0 else f"  FAILED (exit {build.returncode})"
            print(f"[{posts} posts] run {run}/{runs} ({key}) {CONFIGS[key][0]:13s} "
                  f"{build.seconds:7.2f}s wall {build.cpu_seconds:7.2f}s cpu "
                  f"{build.rss_mb:7.1f} MB {build.tree_mb:7.1f} MB tree{note}",
                  flush=True)  # fmt: skip
            if build.stderr:
                lines = build.stderr.splitlines()
                shown = "\n    ".join(lines[:10])
                more = f"\n    ... {len(lines) - 10} more lines" if len(lines) > 10 else ""
                print(f"    stderr: {shown}{more}", flush=True)
    return result


# --------------------------------------------------------------------------- reporting


def machine() -> dict[str, object]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    def git(*args: str) -> str:
        try:
            repo = Path(__file__).resolve().parent.parent
            out = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
            return out.stdout.strip()
        except OSError:
            return ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--", "mkdocs_blogmeta"):
        commit += " (mkdocs_blogmeta/ modified)"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "mkdocs-blogmeta": version("mkdocs-blogmeta"),
        "blogmeta_commit": commit,
        "rss_source": "GNU time -v" if os.access(GNU_TIME, os.X_OK) else "in-process launcher",
    }


def table(result: SizeResult, runs: int) -> str:
    head = (f"{'config':<18}{'wall s':>8}{'cpu s':>8}{'RSS MB':>8}{'tree MB':>9}"
            f"{'time/a':>8}{'cpu/a':>7}{'RSS/a':>7}{'tree/a':>8}")  # fmt: skip
    rows = [f"{result.posts} posts, median of {runs} run(s)", head]
    for key in result.runs:
        t, cpu = result.median(key, "seconds"), result.median(key, "cpu_seconds")
        m, tree = result.median(key, "rss_mb"), result.median(key, "tree_mb")
        row = f"{f'({key}) {CONFIGS[key][0]}':<18}{t:>8.2f}{cpu:>8.2f}{m:>8.1f}{tree:>9.1f}"
        failed = len(result.runs[key]) - len(result.ok(key))
        note = f"  ({failed} of {len(result.runs[key])} builds FAILED, left out)" if failed else ""
        if "a" in result.runs:
            r = [result.ratio(key, w) for w in ("seconds", "cpu_seconds", "rss_mb", "tree_mb")]
            row += f"{r[0]:>8.2f}{r[1]:>7.2f}{r[2]:>7.2f}{r[3]:>8.2f}"
        rows.append(row + note)
    if "a" in result.runs:
        for key in ("b", "bw"):
            if key not in result.runs:
                continue
            t, m, tree = (result.ratio(key, w) for w in ("seconds", "rss_mb", "tree_mb"))
            ok = t <= GOAL_TIME and m <= GOAL_MEMORY and tree <= GOAL_MEMORY
            verdict = "NOT MEASURED" if math.isnan(t) else "MET" if ok else "NOT MET"
            rows.append(
                f"goal {key}/a <= {GOAL_TIME} time, <= {GOAL_MEMORY} memory: "
                f"{verdict} (time {t:.2f}, RSS {m:.2f}, tree {tree:.2f})"
            )
            if "ap" in result.runs:  # what the plugin adds to MkDocs rendering the same pages
                t, m = (
                    result.median(key, w) / result.median("ap", w) for w in ("seconds", "rss_mb")
                )
                rows.append(f"{key}/ap (the plugin's own share): time {t:.2f}, RSS {m:.2f}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000", help="post counts (default 1000,5000)")
    parser.add_argument("--runs", type=int, default=3, help="builds per configuration (default 3)")
    parser.add_argument(
        "--configs", default="a,ap,b,bw,c", help=f"which of {','.join(CONFIGS)} (default all)"
    )
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--images", action="store_true", help="corpus with real images")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "blogmeta-bench",
        help="where corpora and sites go (default: $TMPDIR/blogmeta-bench)",
    )  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the corpora afterwards")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    keys = [k.strip() for k in args.configs.split(",") if k.strip()]
    if unknown := [k for k in keys if k not in CONFIGS]:
        parser.error(f"unknown configuration(s) {unknown}; choose from {list(CONFIGS)}")

    info = machine()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for posts in sizes:
        results.append(bench_size(posts, args.runs, keys, args.workdir, args.seed, args.images))
        if not args.keep:
            shutil.rmtree(args.workdir / f"corpus-{posts}", ignore_errors=True)
        print(flush=True)
        print(table(results[-1], args.runs), flush=True)
        print(flush=True)

    print("=" * 80)
    print(f"machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, "
          f"mkdocs {info['mkdocs']}, mkdocs-material {info['mkdocs-material']}, "
          f"mkdocs-blogmeta {info['mkdocs-blogmeta']} at {info['blogmeta_commit']}")  # fmt: skip
    print("RSS = peak of the largest process; tree = peak of the summed process tree")
    for result in results:
        print()
        print(table(result, args.runs))
    if args.json:
        payload = {
            "machine": info,
            "runs": args.runs,
            "seed": args.seed,
            "images": args.images,
            "results": [r.summary() for r in results],
            "builds": {r.posts: {k: [asdict(b) for b in v] for k, v in r.runs.items()}
                       for r in results},
        }  # fmt: skip
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
        print(f"\nJSON written to {args.json}")


if __name__ == "__main__":
    main()
