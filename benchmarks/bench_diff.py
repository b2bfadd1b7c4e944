"""``velfaerd diff`` of two versions of a large portfolio, against tomli's parse of one side.

    python benchmarks/bench_diff.py [--milestones 50000] [--moved 100] [--repeat 3]

The old side is ``portfolio.one_file(milestones)`` (one file of 2,500 agreements for
50,000 milestones); the new side is the same text with ``--moved`` milestones moved
(each ``due`` written as another date of the same year, spread evenly over the file).
Prints the best of ``--repeat`` times of

- ``tomli.loads`` of the old side (the yardstick: one parse of one side);
- ``velfaerd diff OLD NEW --output-format json`` in this process (``velfaerd.cli.main``),
  and its parts: loading each side, checking each, comparing;
- ``velfaerd diff`` in a fresh process (imports included),

and the ratio of the diff to the parse.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tomli
from portfolio import one_file

import velfaerd
from velfaerd.cli import main
from velfaerd.revisions import compare

_DUE = re.compile(r'^due = "([^"\n]*?)(\d{4})"$', re.MULTILINE)


def moved(text: str, count: int) -> tuple[str, int]:
    """The text with ``count`` milestones' ``due`` moved to week 10 of the same year."""
    matches = list(_DUE.finditer(text))
    step = max(1, len(matches) // count)
    chosen = matches[::step][:count]
    parts: list[str] = []
    at = 0
    for match in chosen:
        parts += [text[at : match.start()], f'due = "uge 10 {match[2]}"']
        at = match.end()
    parts.append(text[at:])
    return "".join(parts), len(chosen)


def best(function: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--milestones", type=int, default=50_000)
    parser.add_argument("--moved", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    old_text = one_file(args.milestones)
    new_text, count = moved(old_text, args.moved)
    with tempfile.TemporaryDirectory() as folder:
        old, new = Path(folder, "old.toml"), Path(folder, "new.toml")
        old.write_text(old_text, encoding="utf-8")
        new.write_text(new_text, encoding="utf-8")
        out = Path(folder, "diff.json")
        print(f"{args.milestones} milestones, {count} moved, {len(old_text) / 1e6:.1f} MB a side")
        parse = best(lambda: tomli.loads(old_text), args.repeat)
        print(f"tomli.loads of one side      {parse:7.2f} s")
        arguments = ["diff", str(old), str(new), "--output-format", "json"]
        in_process = best(lambda: main([*arguments, "--output-file", str(out)]), args.repeat)
        ratio = in_process / parse
        print(f"velfaerd diff, in process    {in_process:7.2f} s  ({ratio:.2f}x parse)")
        loaded: dict[str, tuple[velfaerd.Portfolio, object]] = {}

        def load() -> None:
            loaded["old"] = velfaerd.load_partial(old)
            loaded["new"] = velfaerd.load_partial(new)

        print(f"  loading both sides         {best(load, 1):7.2f} s")
        reports: dict[str, velfaerd.Report] = {}

        def check() -> None:
            reports["old"] = velfaerd.check(loaded["old"][0])
            reports["new"] = velfaerd.check(loaded["new"][0])

        print(f"  checking both sides        {best(check, 1):7.2f} s")

        def comparing() -> None:
            compare(loaded["old"][0], loaded["new"][0], reports["old"], reports["new"])

        print(f"  comparing                  {best(comparing, args.repeat):7.2f} s")
        command = [sys.executable, "-m", "velfaerd", *arguments, "--output-file", str(out)]
        environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        fresh = best(
            lambda: subprocess.run(command, check=False, env=environment),  # noqa: S603 - ours
            args.repeat,
        )
        print(f"velfaerd diff, fresh process {fresh:7.2f} s  ({fresh / parse:.2f}x parse)")


if __name__ == "__main__":
    run()
