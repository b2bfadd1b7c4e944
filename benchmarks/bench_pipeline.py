"""What loading and checking cost next to parsing the TOML alone (run by hand).

    python benchmarks/bench_pipeline.py                  # everything, as in README.md
    python benchmarks/bench_pipeline.py --sizes 1000 50000 --repeat 3 --layout file
    python benchmarks/bench_pipeline.py --no-memory --no-tree --no-import
    python benchmarks/bench_pipeline.py --findings 0 1 5 --sizes 50000 --only-findings

Portfolios come from ``benchmarks/portfolio.py``: realistic, valid, 20 milestones per
agreement, as one file or as one file per agreement (and a shared file). For each size
it prints, in one process and as medians of ``--repeat`` runs:

- ``parse``: tomli alone, reading and parsing every file;
- ``load`` and ``check``: :func:`velfaerd.load` and :func:`velfaerd.check`;
- ``ratio``: (load + check) / parse;
- the peak memory (maximum resident set) of the parse, and of load + check, each in a
  fresh process, and their ratio;

then the log-log slope of load + check against the number of milestones (1.0 is
linear). Before each run velfaerd's caches of date texts and date arithmetic are
emptied, so that every run pays what a fresh process pays.

``--tree`` measures the command line on one file per agreement: ``velfaerd check`` of
the tree without the cache with ``--jobs 1`` and ``--jobs 2``, with a cold cache, with
a warm one (the repeat check of an unchanged tree, which finds the whole run in the
cache), and with a warm cache after one file changed (the run is not found; every
other file comes from the per-file cache), each as a fresh process and, for the repeat
check, also in process; and loading in process as ``--jobs 1`` and ``--jobs 2`` do.
``--import`` measures ``import velfaerd`` over a bare interpreter (median of 10).

``--cpu-time`` measures what runs in this process in CPU seconds (``time.process_time``)
instead of wall-clock seconds: on a machine other processes keep busy, the ratios then
still compare like with like (the tree and the import, measured as processes, are
left out).

``--findings`` measures the first run over a municipality's old documents: for each
size, the one-file portfolio with the given percentages of its milestones carrying a
finding (``portfolio.one_file(..., findings=...)``), with the same columns and a second
check of the same portfolio (its lines are known by then), then what placing the line
of one milestone in the middle of the file costs, against the parse.

The machine this runs on may be busy: say so with any figure taken from it.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import tomli

sys.path.insert(0, str(Path(__file__).parent))

import portfolio

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

SIZES = (1_000, 10_000, 50_000, 100_000, 200_000)

#: What in-process times are measured with: the wall clock, or (``--cpu-time``) this
#: process's CPU time, which other processes on a busy machine disturb far less.
clock = time.perf_counter


def write(directory: Path, milestones: int, layout: str, findings: float = 0) -> Path:
    """Write a portfolio; return what to load (the file, or the directory)."""
    if layout == "file":
        path = directory / f"portfolio-{milestones}-{findings:g}.toml"
        path.write_text(portfolio.one_file(milestones, findings=findings), encoding="utf-8")
        return path
    tree = directory / f"tree-{milestones}"
    tree.mkdir()
    for name, text in portfolio.files(milestones):
        (tree / name).write_text(text, encoding="utf-8")
    return tree


def toml_files(target: Path) -> list[Path]:
    return sorted(target.rglob("*.toml")) if target.is_dir() else [target]


def parse(target: Path) -> object:
    """What tomli alone does: read and parse every file."""
    return [tomli.loads(path.read_text(encoding="utf-8")) for path in toml_files(target)]


def forget() -> None:
    """Empty velfaerd's caches, so that a run in process pays what a fresh one pays."""
    from velfaerd import dates  # noqa: PLC0415
    from velfaerd.format import _values  # noqa: PLC0415

    _values._window.cache_clear()  # noqa: SLF001
    _values._period.cache_clear()  # noqa: SLF001
    _values._due.cache_clear()  # noqa: SLF001
    dates._moved.cache_clear()  # noqa: SLF001
    gc.collect()


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = clock()
    result = action()
    return clock() - started, result


def median_times(target: Path, repeat: int) -> tuple[float, float, float]:
    import velfaerd  # noqa: PLC0415

    # What a process pays once, not per size: imports, and cattrs' hooks, compiled
    # when first used.
    velfaerd.check(velfaerd.loads(portfolio.one_file(1)))
    parses, loads, checks = [], [], []
    for _ in range(repeat):
        forget()
        seconds, data = timed(lambda: parse(target))
        parses.append(seconds)
        del data
        forget()
        seconds, loaded = timed(lambda: velfaerd.load(target))
        loads.append(seconds)
        started = clock()
        report = velfaerd.check(loaded)
        checks.append(clock() - started)
        del loaded, report
    return statistics.median(parses), statistics.median(loads), statistics.median(checks)


def peak(mode: str, target: Path) -> int:
    """The peak resident memory (KiB) of a fresh process doing ``mode`` on ``target``."""
    result = subprocess.run(  # noqa: S603 - this interpreter, this file
        [sys.executable, __file__, "--child", mode, str(target)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.split()[-1])


def memory_columns(target: Path) -> str:
    """The table's memory columns: the peaks of parsing and of load+check, and their ratio.

    Each peak is the median of three fresh processes (MiB).
    """
    parse_peak = statistics.median(peak("parse", target) for _ in range(3))
    full_peak = statistics.median(peak("pipeline", target) for _ in range(3))
    return f" {parse_peak / 1024:.0f} | {full_peak / 1024:.0f} | {full_peak / parse_peak:.2f}× |"


def child(mode: str, target: Path) -> None:
    """Do ``mode`` and print this process's peak resident memory in KiB.

    The peak is ``VmHWM`` of ``/proc/self/status``, which starts afresh at ``exec``
    (``ru_maxrss`` keeps the peak of the process that forked this one).
    """
    if mode == "parse":
        data = parse(target)
    elif mode == "pipeline":
        import velfaerd  # noqa: PLC0415

        data = velfaerd.check(velfaerd.load(target))
    del data
    status = Path("/proc/self/status").read_text(encoding="ascii")
    high_water = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    print(int(high_water.split()[1]))


def slope(sizes: Sequence[int], totals: Sequence[float]) -> float:
    """The least-squares slope of log(total) against log(size)."""
    xs = [math.log(size) for size in sizes]
    ys = [math.log(total) for total in totals]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def pipeline(sizes: Sequence[int], layout: str, repeat: int, *, memory: bool) -> None:
    print(f"\n## {layout}: {'one file' if layout == 'file' else 'one file per agreement'}")
    header = "| milestones | MB | parse s | load s | check s | ratio |"
    rule = "|---:|---:|---:|---:|---:|---:|"
    if memory:
        header += " parse MiB | load+check MiB | memory ratio |"
        rule += "---:|---:|---:|"
    print(header)
    print(rule)
    totals = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            target = write(Path(folder), size, layout)
            megabytes = sum(p.stat().st_size for p in toml_files(target)) / 1e6
            parsing, loading, checking = median_times(target, repeat)
            totals.append(loading + checking)
            row = (
                f"| {size:,} | {megabytes:.1f} | {parsing:.3f} | {loading:.3f} | "
                f"{checking:.3f} | {(loading + checking) / parsing:.2f}× |"
            )
            if memory:
                row += memory_columns(target)
            print(row, flush=True)
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink()
    if len(sizes) > 1:
        print(f"\nlog-log slope of load + check: {slope(sizes, totals):.3f}")


def with_findings(
    sizes: Sequence[int], shares: Sequence[float], repeat: int, *, memory: bool
) -> None:
    import velfaerd  # noqa: PLC0415

    print("\n## findings: one file, a share of its milestones carrying a finding")
    header = (
        "| milestones | findings % | findings | MB | parse s | load s | check s "
        "| second check s | ratio | check / parse |"
    )
    rule = "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    if memory:
        header += " parse MiB | load+check MiB | memory ratio |"
        rule += "---:|---:|---:|"
    print(header)
    print(rule)
    velfaerd.check(velfaerd.loads(portfolio.one_file(1)))
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            for share in shares:
                target = write(Path(folder), size, "file", share)
                megabytes = target.stat().st_size / 1e6
                parses, loads, checks, seconds_again = [], [], [], []
                found = 0
                for _ in range(repeat):
                    forget()
                    parses.append(timed(lambda: parse(target))[0])  # noqa: B023
                    forget()
                    started = clock()
                    loaded = velfaerd.load(target)
                    loads.append(clock() - started)
                    started = clock()
                    report = velfaerd.check(loaded)
                    checks.append(clock() - started)
                    started = clock()
                    velfaerd.check(loaded)
                    seconds_again.append(clock() - started)
                    found = len(report.findings)
                    del loaded, report
                parsing = statistics.median(parses)
                loading, checking = statistics.median(loads), statistics.median(checks)
                row = (
                    f"| {size:,} | {share:g} | {found:,} | {megabytes:.1f} | {parsing:.3f} | "
                    f"{loading:.3f} | {checking:.3f} | {statistics.median(seconds_again):.3f} | "
                    f"{(loading + checking) / parsing:.2f}× | {checking / parsing:.2f}× |"
                )
                if memory:
                    row += memory_columns(target)
                print(row, flush=True)
                if share == shares[-1]:
                    one_line(target, parsing, repeat)
                target.unlink()


def one_line(target: Path, parsing: float, repeat: int) -> None:
    """What the line of one milestone in the middle of a freshly loaded file costs."""
    import velfaerd  # noqa: PLC0415

    seconds = []
    line = None
    for _ in range(repeat):
        loaded = velfaerd.load(target)
        origin = loaded.agreements[len(loaded.agreements) // 2].milestones[10].origin
        if origin is None:  # pragma: no cover - loaded from a file
            return
        started = clock()
        line = origin.line
        _ = origin.keys
        seconds.append(clock() - started)
        del loaded, origin
    one = statistics.median(seconds)
    print(
        f"\none finding's line and keys in this file of {target.stat().st_size / 1e6:.1f} MB "
        f"(a milestone in the middle, freshly loaded): {one * 1000:.1f} ms, "
        f"{one / parsing:.3f}× the parse (line {line})"
    )


def cli_seconds(arguments: Sequence[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - this interpreter and velfaerd
        [sys.executable, "-m", "velfaerd", "check", "--exit-zero", *arguments],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - started


def change_one(target: Path, mark: int) -> None:
    """Change one file's bytes (a comment at its end), so that the run is another."""
    first = toml_files(target)[0]
    text = first.read_text(encoding="utf-8").split("\n# changed ")[0]
    first.write_text(f"{text}\n# changed {mark}\n", encoding="utf-8")


def in_process_check(arguments: Sequence[str]) -> float:
    from velfaerd.cli import main  # noqa: PLC0415

    forget()
    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out):
        main(["check", "--exit-zero", *arguments])
    return time.perf_counter() - started


def tree(milestones: int, repeat: int) -> None:
    print(f"\n## the command line on one file per agreement ({milestones:,} milestones)")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        target = write(base, milestones, "files")
        count = len(toml_files(target))
        parsing = statistics.median(timed(lambda: parse(target))[0] for _ in range(repeat))
        print(f"files: {count:,}; tomli parse of all of them: {parsing:.3f} s (median)")
        rows = []
        for jobs in (1, 2):
            uncached = statistics.median(
                cli_seconds(["--no-cache", f"--jobs={jobs}", str(target)], base)
                for _ in range(repeat)
            )
            rows.append((f"velfaerd check --no-cache --jobs {jobs} (process)", uncached))
        colds, warms, changed = [], [], []
        for run in range(repeat):
            cache = base / f"cache-{run}"
            colds.append(cli_seconds(["--cache-dir", str(cache), str(target)], base))
            warms.append(cli_seconds(["--cache-dir", str(cache), str(target)], base))
            change_one(target, run)
            changed.append(cli_seconds(["--cache-dir", str(cache), str(target)], base))
        rows.append(("velfaerd check, cold cache (process)", statistics.median(colds)))
        rows.append(
            ("velfaerd check, warm cache: the run found (process)", statistics.median(warms))
        )
        rows.append(
            (
                "velfaerd check, warm per-file cache, one file changed (process)",
                statistics.median(changed),
            )
        )
        cache = base / "cache-0"
        # This process's first check keeps the run (its sys.path is not the script's).
        in_process_check(["--cache-dir", str(cache), str(target)])
        warm_inside = statistics.median(
            in_process_check(["--cache-dir", str(cache), str(target)]) for _ in range(repeat)
        )
        rows.append(("velfaerd check, warm cache: the run found (in process)", warm_inside))
        bare = statistics.median(
            timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))[0]
            for _ in range(repeat)
        )
        rows.append(("a bare interpreter (process)", bare))
        from velfaerd.cli import _pool  # noqa: PLC0415

        for jobs in (1, 2):
            forget()
            seconds = statistics.median(
                timed(lambda: _pool.load_partial(target, jobs))[0]  # noqa: B023
                for _ in range(repeat)
            )
            rows.append((f"load as --jobs {jobs} does (in process)", seconds))
        forget()
        import velfaerd  # noqa: PLC0415

        serial = statistics.median(timed(lambda: velfaerd.load(target))[0] for _ in range(repeat))
        rows.append(("load in one process (velfaerd.load)", serial))
        print("| what | s | × parse |\n|---|---:|---:|")
        for what, seconds in rows:
            print(f"| {what} | {seconds:.3f} | {seconds / parsing:.2f}× |")


def import_cost(runs: int = 10) -> None:
    def median_of(code: str) -> float:
        return statistics.median(
            timed(lambda: subprocess.run([sys.executable, "-c", code], check=True))[0]  # noqa: S603
            for _ in range(runs)
        )

    bare = median_of("pass")
    light = median_of("import velfaerd")
    full = median_of("import velfaerd; velfaerd.load; velfaerd.check")
    print(
        f"\n## import (median of {runs})\n"
        f"bare interpreter {bare * 1000:.0f} ms; `import velfaerd` "
        f"+{(light - bare) * 1000:.0f} ms; with load and check imported "
        f"+{(full - bare) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--layout", choices=("file", "files", "both"), default="both")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--tree", type=int, default=50_000, help="milestones of --tree")
    parser.add_argument("--no-tree", action="store_true")
    parser.add_argument("--no-import", action="store_true")
    parser.add_argument(
        "--findings",
        type=float,
        nargs="*",
        default=[0, 1, 5],
        help="percentages of milestones with a finding (none: skip)",
    )
    parser.add_argument("--only-findings", action="store_true", help="only the findings table")
    parser.add_argument("--cpu-time", action="store_true", help="CPU seconds, not wall clock")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    if args.cpu_time:
        global clock  # noqa: PLW0603 - one switch for every timing in this process
        clock = time.process_time
        # The tree and the import are measured as processes: not in CPU time here.
        args.no_tree = args.no_import = True
    print(
        f"Python {sys.version.split()[0]} on {os.cpu_count()} CPUs; "
        f"{'CPU' if args.cpu_time else 'wall-clock'} seconds; load average "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    layouts = ("file", "files") if args.layout == "both" else (args.layout,)
    if not args.only_findings:
        for layout in layouts:
            pipeline(args.sizes, layout, args.repeat, memory=not args.no_memory)
    if args.findings:
        with_findings(args.sizes, args.findings, args.repeat, memory=not args.no_memory)
    if args.only_findings:
        return
    if not args.no_tree:
        tree(args.tree, args.repeat)
    if not args.no_import:
        import_cost()
    print(f"\nload average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
