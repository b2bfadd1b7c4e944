"""The hostile inputs of issue 18 (item 15) through the picture commands (run by hand).

    python benchmarks/bench_pictures.py [--folder DIR] [--only NAME ...] [--commands ...]

Writes each input to a folder (a temporary one unless given), runs ``python -m
velfaerd timeline``, ``calendar`` and ``graph`` on it under ``/usr/bin/time -v`` where
that exists, and prints the wall time, the peak memory and the size of what was
written. ``PYTHONPATH=<another checkout>/src`` measures another version of velfaerd
with the same inputs (before and after a change). Timings on a busy machine are noisy.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_AGREEMENT = (
    '[[agreements]]\nid = "x"\ntitle = "X"\nkind = "cooperation"\nparties = []\n'
    'review_every = "none"\n'
)


def _millennia() -> str:
    """300 milestones in an agreement from the year 1000 to 9998 (21 KB)."""
    out = [_AGREEMENT + "start = 1000-01-01\nend = 9998-12-31\n"]
    out += [
        f'[[agreements.milestones]]\nid = "m{i}"\ntitle = "M {i}"\n'
        f"due = {1000 + 30 * i:04d}-06-01\n"
        for i in range(300)
    ]
    return "".join(out)


def _daily(years: int) -> str:
    """A thousand daily reviews over ``years`` years (about 100 KB)."""
    out = [_AGREEMENT + f'start = 2020-01-01\nduration = "{years} years"\n']
    out += [
        f'[[agreements.milestones]]\nid = "r{i}"\ntitle = "R"\nkind = "review"\n'
        f'due = 2020-01-{1 + i % 28:02d}\nevery = "1 day"\n'
        for i in range(1000)
    ]
    return "".join(out)


INPUTS = {
    "millennia-300": _millennia,
    "daily-reviews-1000y": lambda: _daily(1000),
    "daily-reviews-30y": lambda: _daily(30),
}

COMMANDS = {
    "timeline": ["timeline", "-o", "{out}.html"],
    "calendar": ["calendar", "-o", "{out}.ics"],
    "graph": ["graph", "-o", "{out}.mmd"],
}


def _run(path: Path, command: str) -> str:
    out = path.with_suffix("")
    args = [part.format(out=out) for part in COMMANDS[command]]
    written = Path(args[-1])
    written.unlink(missing_ok=True)
    line = [sys.executable, "-m", "velfaerd", args[0], str(path), *args[1:]]
    timer = Path("/usr/bin/time")
    if timer.exists():
        line = [str(timer), "-v", *line]
    started = time.perf_counter()
    result = subprocess.run(line, capture_output=True, text=True, check=False)  # noqa: S603
    elapsed = time.perf_counter() - started
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    memory = f"{int(peak[1]) / 1024:.0f} MB" if peak else "? MB"
    size = written.stat().st_size if written.exists() else 0
    return f"{elapsed:6.2f} s  {memory:>7}  exit {result.returncode}  {size / 1e6:8.3f} MB written"


def main() -> None:
    """Write each input and draw it with each command; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--only", nargs="*", choices=sorted(INPUTS), default=None)
    parser.add_argument("--commands", nargs="*", choices=sorted(COMMANDS), default=None)
    arguments = parser.parse_args()
    folder = arguments.folder or Path(tempfile.mkdtemp(prefix="velfaerd-pictures-"))
    folder.mkdir(parents=True, exist_ok=True)
    for name in arguments.only or INPUTS:
        path = folder / f"{name}.toml"
        path.write_text(INPUTS[name](), encoding="utf-8")
        for command in arguments.commands or COMMANDS:
            size = f"{path.stat().st_size / 1e3:.0f} KB"
            print(f"{name:<20} {size:>7}  {command:<9} {_run(path, command)}", flush=True)


if __name__ == "__main__":
    main()
