"""Time `mkdocs serve` rebuilds after a saved post: floor, blogmeta, Material's blog.

Why: an author's loop is `mkdocs serve`: write, save, look. What matters is
the time from saving a post to the browser reloading, with and without
`--dirty`, for the plugin against plain MkDocs on the same posts (the floor)
and against Material's blog plugin. The corpus is make_corpus.py's, with the
configurations of run.py:

  floor     mkdocs-a.yml: plain MkDocs, theme material, plugins [search]; the
            posts rendered as ordinary pages, kept out of the nav.
  blogmeta  mkdocs-b.yml: plugins [search, blogmeta]; its card cache warmed
            by one `mkdocs build` first (as an author's checkout has it).
  material  mkdocs-c.yml: plugins [search, blog, tags].

Each configuration is served twice, `mkdocs serve` and `mkdocs serve --dirty`
(livereload on: its build loop prints the lines measured), each server in its
own copy of the corpus (floor and blogmeta share post files, and a save seen
by two servers would make them rebuild together) on a free port of
127.0.0.1. The servers start one after the other (each waits for the
previous one's "Serving on"), so their first builds do not compete. Then, in
rounds, one post (the same one in every configuration: published, in the
middle of the blog) is saved in each server's copy in turn, floor, blogmeta,
material, so drift of the machine spreads over all of them; a save is a
sentence appended to the post's body and its mtime set to now, and the next
save waits until that server has reloaded.

What is measured, per save, from the server's log lines (MkDocs 1.6.1,
mkdocs/livereload/__init__.py `_build_loop`): the time between the arrival
of "Detected file changes" and of "Reloading browsers". That span holds the
livereload debounce (0.1 s without further changes, the same for every
configuration) and the whole rebuild (config reload, plugins, rendering,
writing). Also shown: MkDocs' own "Documentation built in X seconds", and
from the save to "Reloading browsers" (adds the watcher's polling, up to
0.5 s). After each reload the served file of the post is read: "seen" says
whether it holds the sentence just saved; once the server is idle again (blogmeta
writes share cards and feeds after the reload), the number of files in the
served site is compared with the first build's (Material's blog deletes its
index pages 2+ under `--dirty`: mkdocs-material#8360).

Only one server runs at a time: MkDocs' watcher polls the docs every 0.5 s,
which for 1000 posts costs a waiting server 10-15% of a core, so every server
but the one being timed is paused (SIGSTOP to its process group, SIGCONT for
its turn). Before being paused, a server is given time to go idle after its
reload ("busy after": the seconds its processes kept working, e.g. drawing a
card in the background); that time is reported, not counted in the rebuild.

    python benchmarks/serve.py                                # 1000 posts, 3 saves
    python benchmarks/serve.py --sizes 200 --saves 2          # smoke run
    python benchmarks/serve.py --only floor,blogmeta --json /tmp/serve-1000.json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # the sibling script, not an installed package
from run import PLUGIN_CACHE, _children, machine

# name -> config file
CONFIGS: dict[str, str] = {
    "floor": "mkdocs-a.yml",
    "blogmeta": "mkdocs-b.yml",
    "material": "mkdocs-c.yml",
}
MODES = ("serve", "dirty")  # `mkdocs serve`, `mkdocs serve --dirty`
DETECTED = "Detected file changes"
RELOADED = "Reloading browsers"
SERVING = "Serving on"
FAILED = "An error happened during the rebuild"
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
DETECT_SECONDS = 5.0  # a save not seen by the watcher within this is saved again
MTIME_STEP_NS = 1_000_000  # a saved post's mtime is at least this after its previous one
SETTLE_WINDOW = 0.5  # a server is idle when its processes used under
SETTLE_CPU = 0.25  # this share of a core over this many seconds (its watcher polls)
SETTLE_MAX = 120.0  # seconds to wait for a server to go idle before pausing it anyway
TICKS = os.sysconf("SC_CLK_TCK")
SHRINK = 0.005  # a served site smaller than its first build by this share is reported
# Left out unless asked for: Material's blog empties its index pages 2+ on every
# `--dirty` rebuild (mkdocs-material#8360, still so in 9.8.2), so it would time a broken site.
BROKEN = {("material", "dirty"): "mkdocs-material#8360: blog index pages 2+ emptied"}


@dataclass
class Save:
    round: int
    ok: bool
    rebuild_s: float = math.nan  # "Detected file changes" -> "Reloading browsers"
    built_s: float = math.nan  # MkDocs' "Documentation built in X seconds"
    save_to_reload_s: float = math.nan  # the save -> "Reloading browsers"
    seen: bool = False  # the served post holds the sentence just saved
    files: int = 0  # files in the served site once the server is idle after the reload
    site_bytes: int = 0  # their total size
    note: str = ""


@dataclass
class Server:
    """One `mkdocs serve` process over its own copy of the corpus."""

    config: str
    mode: str
    root: Path
    post: Path  # the Markdown file saved
    slug_dir: str  # the name of the folder the post is served from
    port: int = 0
    proc: subprocess.Popen[str] | None = None
    lines: list[tuple[float, str]] = field(default_factory=list)
    cond: threading.Condition = field(default_factory=threading.Condition)
    startup_s: float = math.nan  # the first build, MkDocs' own figure
    site_files: int = 0
    site_bytes: int = 0
    site: Path = Path()  # serve's site_dir, found after the first build
    served_post: Path | None = None
    saves: list[Save] = field(default_factory=list)
    settle_s: list[float] = field(default_factory=list)  # busy after each reload
    dead: str = ""  # why this server was given up (or never started)

    @property
    def key(self) -> str:
        return f"{self.config} {self.mode}"

    def start(self, timeout: float) -> None:
        """Start the server and wait for its first build ("Serving on")."""
        self.port = _free_port()
        tmp = self.root / "tmp"  # mkdocs serve's site_dir is a mkdtemp() here
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", CONFIGS[self.config],
               "-a", f"127.0.0.1:{self.port}"]  # fmt: skip
        if self.mode == "dirty":
            cmd.append("--dirty")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1",
               "TMPDIR": str(tmp)}  # fmt: skip
        self.proc = subprocess.Popen(
            cmd, cwd=self.root, env=env, text=True, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True, bufsize=1,
        )  # fmt: skip
        threading.Thread(target=self._read, daemon=True).start()
        found = self.wait_for(SERVING, 0, timeout)
        if found is None:
            raise RuntimeError(f"{self.key}: no {SERVING!r} within {timeout:.0f} s")
        self.startup_s = self.built_seconds(0, found[0])
        sites = list(tmp.glob("mkdocs_*"))
        if len(sites) != 1:
            raise RuntimeError(f"{self.key}: cannot tell its site_dir among {sites}")
        self.site = sites[0]
        self.site_files, self.site_bytes = _site_size(self.site)
        hits = [p for p in self.site.rglob("index.html") if p.parent.name == self.slug_dir]
        self.served_post = min(hits, key=lambda p: len(p.parts)) if hits else None

    def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))
                self.cond.notify_all()
        with self.cond:
            self.lines.append((time.perf_counter(), "<exited>"))
            self.cond.notify_all()

    def find(self, what: str, start: int) -> tuple[int, str] | None:
        """The first line from `start` holding `what`: (index, line)."""
        for i in range(start, len(self.lines)):
            if what in self.lines[i][1]:
                return i, self.lines[i][1]
        return None

    def built_seconds(self, start: int, stop: int) -> float:
        """MkDocs' "Documentation built in X seconds" between two lines (NaN if absent)."""
        for _, text in self.lines[start:stop]:
            if m := BUILT.search(text):
                return float(m.group(1))
        return math.nan

    def wait_for(self, what: str, start: int, timeout: float) -> tuple[int, str] | None:
        """Wait until a line from `start` holds `what` (or the process exits)."""
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                if found := self.find(what, start):
                    return found
                if self.lines and self.lines[-1][1] == "<exited>":
                    return None
                left = deadline - time.perf_counter()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def save(self, round_: int, timeout: float) -> Save:
        """Append a sentence to the post, and time the rebuild it causes."""
        word = f"servebench{round_}{self.config}{self.mode}"
        with self.cond:
            start = len(self.lines)
        before = self.post.stat().st_mtime_ns
        with self.post.open("a", encoding="utf-8") as f:
            f.write(f"\nSaved again in round {round_}: {word}.\n")
        t_save = _touch(self.post, before)
        detected = None
        for _ in range(3):  # the watcher's first snapshot may postdate a very early save
            detected = self.wait_for(DETECTED, start, DETECT_SECONDS)
            if detected:
                break
            t_save = _touch(self.post, self.post.stat().st_mtime_ns)
        if detected is None:
            return Save(round_, False, note="no change detected")
        reloaded = self.wait_for(RELOADED, detected[0], timeout)
        failed = self.find(FAILED, detected[0])
        if reloaded is None or failed:
            why = "rebuild failed" if failed else f"no reload within {timeout:.0f} s"
            tail = "\n      ".join(line for _, line in self.lines[start:][-15:])
            return Save(round_, False, note=f"{why}:\n      {tail}")
        t_detect, t_reload = self.lines[detected[0]][0], self.lines[reloaded[0]][0]
        post = self.served_post
        seen = bool(post and post.is_file() and word in post.read_text("utf-8", "replace"))
        built = self.built_seconds(detected[0], reloaded[0])
        return Save(round_, True, t_reload - t_detect, built, t_reload - t_save, seen)

    def check_site(self, save: Save) -> None:
        """Once the server is idle after a save: the served site's files against the
        first build's."""
        files, size = _site_size(self.site)
        notes = [f"{files - self.site_files:+d} files"] if files != self.site_files else []
        if size < self.site_bytes * (1 - SHRINK):  # a save adds a sentence, never removes
            notes.append(f"site shrank by {(self.site_bytes - size) / 1024:.0f} KB")
        save.files, save.site_bytes, save.note = files, size, ", ".join(notes)

    def _cpu_seconds(self) -> float:
        """User + system time of the server and every process below it, so far."""
        assert self.proc is not None
        total, todo = 0, [self.proc.pid]
        while todo:
            pid = todo.pop()
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
            except (OSError, IndexError, ValueError):
                continue
            todo += _children(pid)
        return total / TICKS

    def settle(self) -> float:
        """Wait until the server is idle (background work after a reload done); how long."""
        started = time.perf_counter()
        before = self._cpu_seconds()
        while time.perf_counter() - started < SETTLE_MAX:
            time.sleep(SETTLE_WINDOW)
            now = self._cpu_seconds()
            if now - before < SETTLE_CPU * SETTLE_WINDOW:
                break
            before = now
        return time.perf_counter() - started - SETTLE_WINDOW

    def pause(self) -> None:
        """SIGSTOP the server and its workers: a waiting server's watcher polls its
        docs (~1000 files every 0.5 s), load that would fall on the one rebuilding."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGSTOP)

    def resume(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGCONT)

    def stop(self) -> None:
        """Ctrl-C, as an author stops it (on_shutdown runs, the site_dir goes); then harder."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.resume()
        for sig, wait in ((signal.SIGINT, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                if sig == signal.SIGINT:
                    self.proc.send_signal(sig)
                else:  # the server and any worker it started (its own session)
                    os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.proc.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _touch(path: Path, previous_ns: int) -> float:
    """Set `path`'s mtime to now (strictly after `previous_ns`), as a save does; when."""
    now = max(time.time_ns(), previous_ns + MTIME_STEP_NS)
    os.utime(path, ns=(now, now))
    return time.perf_counter()


def _site_size(root: Path) -> tuple[int, int]:
    """Number of files under `root`, and their total size in bytes."""
    count = size = 0
    for folder, _, files in os.walk(root):
        count += len(files)
        size += sum(os.path.getsize(os.path.join(folder, name)) for name in files)
    return count, size


def _post_files(root: Path, post: make_corpus.Post) -> dict[str, tuple[Path, str]]:
    """config -> (the post's Markdown file, the folder name it is served from)."""
    return {
        "floor": (root / "docs-floor" / "posts" / post.folder / "index.md", post.folder),
        "blogmeta": (root / "docs" / "posts" / post.folder / "index.md", post.slug),
        "material": (root / "docs-material" / "blog" / "posts" / f"{post.slug}.md", post.slug),
    }


def _pick_post(posts: list[make_corpus.Post]) -> make_corpus.Post:
    """A published post, not future-dated, from the middle of the blog."""
    for post in posts[len(posts) // 2 :] + posts:
        if not post.draft and post.date <= make_corpus.LAST_DATE:
            return post
    raise RuntimeError("no published post in the corpus")


def _warm_cards(root: Path) -> None:
    """One `mkdocs build` of blogmeta, so its card cache holds every card."""
    with tempfile.TemporaryDirectory() as site:
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", CONFIGS["blogmeta"], "-d", site],
            cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=True,
        )  # fmt: skip


# --------------------------------------------------------------------------- a size


def bench_size(
    posts: int, saves: int, configs: list[str], modes: list[str], workdir: Path, seed: int,
    timeout: float, broken: bool = False, cache: Path | None = None,
) -> list[Server]:  # fmt: skip
    corpus = workdir / f"corpus-{posts}"
    started = time.perf_counter()
    written = make_corpus.write_corpus(corpus, posts, seed=seed)
    shutil.rmtree(corpus / PLUGIN_CACHE, ignore_errors=True)
    if cache is not None:  # cards drawn before for the same posts: the warm build is shorter
        shutil.copytree(cache, corpus / PLUGIN_CACHE)
    post = _pick_post(written)
    print(f"[{posts} posts] corpus written in {time.perf_counter() - started:.1f}s: {corpus}; "
          f"saving {post.folder}", flush=True)  # fmt: skip
    if "blogmeta" in configs:
        started = time.perf_counter()
        _warm_cards(corpus)
        print(f"[{posts} posts] blogmeta card cache warmed in "
              f"{time.perf_counter() - started:.1f}s", flush=True)  # fmt: skip

    servers: list[Server] = []
    for config in configs:
        for mode in modes:
            root = workdir / f"serve-{posts}-{config}-{mode}"
            shutil.rmtree(root, ignore_errors=True)
            md, slug_dir = _post_files(root, post)[config]
            server = Server(config, mode, root, md, slug_dir)
            servers.append(server)
            if (config, mode) in BROKEN and not broken:
                server.dead = f"skipped: {BROKEN[config, mode]}"
                print(f"[{posts} posts] {server.key:15s} {server.dead} (--broken to time it)")
                continue
            shutil.copytree(corpus, root, symlinks=True)
    try:
        for server in servers:
            if server.dead:
                continue
            started = time.perf_counter()
            try:
                server.start(timeout)
            except RuntimeError as exc:
                server.dead = str(exc)
                tail = "\n    ".join(line for _, line in server.lines[-15:])
                print(
                    f"[{posts} posts] {server.key}: FAILED to start: {exc}\n    {tail}", flush=True
                )
                server.stop()
                continue
            server.settle()
            server.pause()
            where = (
                server.served_post.relative_to(server.site) if server.served_post else "NOT FOUND"
            )
            print(f"[{posts} posts] {server.key:15s} serving on :{server.port} after "
                  f"{time.perf_counter() - started:6.1f}s (first build {server.startup_s:.2f}s, "
                  f"{server.site_files} files; post at {where})", flush=True)  # fmt: skip
        for round_ in range(1, saves + 1):
            for server in servers:
                if server.dead:
                    continue
                server.resume()
                save = server.save(round_, timeout)
                server.saves.append(save)
                server.settle_s.append(server.settle() if save.ok else math.nan)
                if save.ok:
                    server.check_site(save)
                server.pause()
                if not save.ok:
                    server.dead = save.note.splitlines()[0]
                    print(f"[{posts} posts] save {round_}/{saves} {server.key:15s} FAILED: "
                          f"{save.note}", flush=True)  # fmt: skip
                    continue
                print(f"[{posts} posts] save {round_}/{saves} {server.key:15s} "
                      f"{save.rebuild_s:7.2f}s rebuild {save.built_s:7.2f}s built "
                      f"{save.save_to_reload_s:7.2f}s save->reload  "
                      f"seen {'yes' if save.seen else 'NO'}  {save.files} files, "
                      f"busy {server.settle_s[-1]:.1f}s after {save.note}",
                      flush=True)  # fmt: skip
    finally:
        for server in servers:
            server.stop()
    return servers


# --------------------------------------------------------------------------- reporting


def median(server: Server | None, what: str = "rebuild_s") -> float:
    values = [getattr(s, what) for s in server.saves if s.ok] if server else []
    return statistics.median(values) if values else math.nan


def table(posts: int, servers: list[Server], saves: int) -> str:
    by = {(s.config, s.mode): s for s in servers}
    rows = [f"{posts} posts, median of {saves} save(s): 'Detected file changes' -> "
            "'Reloading browsers', seconds (ratio to the floor in the same mode)"]  # fmt: skip
    modes = [m for m in MODES if any(s.mode == m for s in servers)]
    titles = {"serve": "mkdocs serve", "dirty": "mkdocs serve --dirty"}
    head = f"{'config':<12}" + "".join(f"{titles[m]:>28}" for m in modes)
    rows.append(head + f"{'first build (serve)':>22}")
    for config in dict.fromkeys(s.config for s in servers):
        row = f"{config:<12}"
        for mode in modes:
            server = by.get((config, mode))
            t, floor = median(server), median(by.get(("floor", mode)))
            if server and server.dead and math.isnan(t):
                cell = "skipped" if server.dead.startswith("skipped") else "FAILED"
            elif math.isnan(t):
                cell = "-"
            else:
                cell = f"{t:.2f}" + ("" if config == "floor" or math.isnan(floor)
                                     else f" ({t / floor:.2f}x)")  # fmt: skip
                unseen = sum(not s.seen for s in server.saves if s.ok) if server else 0
                if unseen:
                    cell += f" [{unseen} unseen]"
            row += f"{cell:>28}"
        first = by.get((config, "serve")) or by.get((config, "dirty"))
        row += f"{first.startup_s if first else math.nan:>21.2f}s"
        rows.append(row)
    for server in servers:
        notes = sorted({s.note.splitlines()[0] for s in server.saves if s.note})
        if server.dead or notes:
            rows.append(f"  {server.key}: {server.dead or '; '.join(notes)}")
    return "\n".join(rows)


def summary(posts: int, servers: list[Server]) -> dict[str, object]:
    out: dict[str, object] = {"posts": posts}
    by = {(s.config, s.mode): s for s in servers}
    for s in servers:
        floor = median(by.get(("floor", s.mode)))
        t = median(s)
        out[s.key] = {
            "median_rebuild_s": None if math.isnan(t) else round(t, 3),
            "median_built_s": None if math.isnan(m := median(s, "built_s")) else round(m, 3),
            "ratio_to_floor": None if math.isnan(t / floor) else round(t / floor, 3),
            "first_build_s": None if math.isnan(s.startup_s) else s.startup_s,
            "failed": s.dead or None,
            "busy_after_reload_s": [round(t, 2) for t in s.settle_s],
            "saves": [asdict(save) for save in s.saves],
        }
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="post counts (default 1000)")
    parser.add_argument("--saves", type=int, default=3, help="saves per server (default 3)")
    parser.add_argument("--only", default=",".join(CONFIGS),
                        help=f"which of {','.join(CONFIGS)} (default all)")  # fmt: skip
    parser.add_argument("--modes", default=",".join(MODES),
                        help="serve (`mkdocs serve`), dirty (`--dirty`); default both")  # fmt: skip
    parser.add_argument("--broken", action="store_true",
                        help="also time material --dirty (mkdocs-material#8360)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds to wait for a build (default 900)")  # fmt: skip
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "blogmeta-serve-bench",
        help="where corpora and their copies go (default: $TMPDIR/blogmeta-serve-bench)",
    )  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the corpora afterwards")
    parser.add_argument(
        "--cache", type=Path,
        help="a card cache (`.cache/blogmeta`) of an earlier corpus of the same size and "
             "seed to start from: its cards are not drawn again (only one size with it)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    # Started in the background, this process (and the servers it starts) would ignore
    # Ctrl-C; servers are stopped with it, so that on_shutdown runs and site_dirs go.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    configs = [c.strip() for c in args.only.split(",") if c.strip()]
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if unknown := [c for c in configs if c not in CONFIGS] + [m for m in modes if m not in MODES]:
        parser.error(f"unknown {unknown}; configurations {list(CONFIGS)}, modes {list(MODES)}")

    info = machine()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items() if k != "rss_source"),
          flush=True)  # fmt: skip
    args.workdir.mkdir(parents=True, exist_ok=True)
    results: list[tuple[int, list[Server]]] = []
    for posts in sizes:
        servers = bench_size(posts, args.saves, configs, modes, args.workdir, args.seed,
                             args.timeout, args.broken, args.cache)  # fmt: skip
        results.append((posts, servers))
        if not args.keep:
            shutil.rmtree(args.workdir / f"corpus-{posts}", ignore_errors=True)
            for server in servers:
                shutil.rmtree(server.root, ignore_errors=True)
        print(flush=True)
        print(table(posts, servers, args.saves), flush=True)
        print(flush=True)

    print("=" * 80)
    print(f"machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, "
          f"mkdocs {info['mkdocs']}, mkdocs-material {info['mkdocs-material']}, "
          f"mkdocs-blogmeta {info['mkdocs-blogmeta']} at {info['blogmeta_commit']}")  # fmt: skip
    for posts, servers in results:
        print()
        print(table(posts, servers, args.saves))
    if args.json:
        payload = {
            "machine": info,
            "saves": args.saves,
            "seed": args.seed,
            "results": [summary(posts, servers) for posts, servers in results],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
        print(f"\nJSON written to {args.json}")


if __name__ == "__main__":
    main()
