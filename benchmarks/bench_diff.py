"""``velfaerd diff`` of two versions of a large portfolio, against tomli's parse of one side.

    python benchmarks/bench_diff.py [--milestones 50000] [--moved 100] [--repeat 3]
                                    [--layout file|files|both]

The old side is ``portfolio.one_file(milestones)`` (``file``: one file of 2,500
agreements for 50,000 milestones) or ``portfolio.files(milestones)`` (``files``: the
shared file and one file per agreement, as a repository keeps them); the new side is
the same with ``--moved`` milestones moved (each ``due`` written as another date of
the same year, spread evenly: in ``files``, one milestone in each of ``--moved``
files). Prints the least CPU time (user and system, with the child processes') of ``--repeat``
runs of

- ``tomli.loads`` of the old side (the yardstick: one parse of one side);
- ``velfaerd diff OLD NEW --output-format json`` in this process (``velfaerd.cli.main``),
  and its parts: loading each side, checking each, comparing;
- ``velfaerd diff`` in a fresh process (imports included; velfaerd's bytecode
  compiled first, as installing it compiles it),

and the ratio of the diff to the parse.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import tomli
from bench_pipeline import forget
from portfolio import files, one_file

import velfaerd
from velfaerd.cli import main
from velfaerd.revisions import Loader, compare

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
    """The least CPU time (this process's and its children's) of ``repeat`` calls.

    CPU time rather than wall time: on a machine shared with other work, the wall time of
    two measurements taken a minute apart says more about the others than about these.
    velfaerd's caches are emptied before each call (not timed), so that a call in this
    process pays what a fresh process pays for the dates it reads.
    """
    times = []
    for _ in range(repeat):
        forget()
        started = _cpu()
        function()  # type: ignore[operator]
        times.append(_cpu() - started)
    return min(times)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _write(folder: Path, named: list[tuple[str, str]]) -> None:
    folder.mkdir()
    for name, text in named:
        (folder / name).write_text(text, encoding="utf-8")


def _sides(folder: str, layout: str, milestones: int, count: int) -> tuple[Path, Path, str, int]:
    """The two sides written below ``folder``; one side's text (for tomli), how many moved."""
    if layout == "file":
        old_text = one_file(milestones)
        new_text, moved_count = moved(old_text, count)
        old, new = Path(folder, "old.toml"), Path(folder, "new.toml")
        old.write_text(old_text, encoding="utf-8")
        new.write_text(new_text, encoding="utf-8")
        return old, new, old_text, moved_count
    named = list(files(milestones))
    step = max(1, (len(named) - 1) // count)
    revised = list(named)
    moved_count = 0
    for index in range(1, len(named), step):
        if moved_count == count:
            break
        text, one = moved(named[index][1], 1)
        revised[index] = (named[index][0], text)
        moved_count += one
    old, new = Path(folder, "old"), Path(folder, "new")
    _write(old, named)
    _write(new, revised)
    # One side's files as one text: what tomli parses is the same bytes, in one call each.
    return old, new, "".join(text for _, text in named), moved_count


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--milestones", type=int, default=50_000)
    parser.add_argument("--moved", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--layout", choices=("file", "files", "both"), default="both")
    args = parser.parse_args()
    for layout in ("file", "files") if args.layout == "both" else (args.layout,):
        _measure(args, layout)


def _measure(args: argparse.Namespace, layout: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        old, new, old_text, count = _sides(folder, layout, args.milestones, args.moved)
        texts = [old_text] if layout == "file" else [p.read_text("utf-8") for p in old.iterdir()]
        out = Path(folder, "diff.json")
        size = sum(len(t) for t in texts) / 1e6
        print(f"{layout}: {args.milestones} milestones, {count} moved, {size:.1f} MB a side")
        parse = best(lambda: [tomli.loads(text) for text in texts], args.repeat)
        print(f"tomli.loads of one side      {parse:7.2f} s")
        arguments = ["diff", str(old), str(new), "--output-format", "json"]
        in_process = best(lambda: main([*arguments, "--output-file", str(out)]), args.repeat)
        ratio = in_process / parse
        print(f"velfaerd diff, in process    {in_process:7.2f} s  ({ratio:.2f}x parse)")
        loaded: dict[str, tuple[velfaerd.Portfolio, object]] = {}
        loaders: list[Loader] = []

        def load() -> None:
            loader = Loader()
            loaded["old"] = loader.load_paths(old)
            loaded["new"] = loader.load_paths(new)
            loaders[:] = [loader]

        print(f"  loading both sides         {best(load, 1):7.2f} s")
        reports: dict[str, velfaerd.Report] = {}

        def check() -> None:
            reports["old"] = velfaerd.check(loaded["old"][0])
            reports["new"] = velfaerd.check(loaded["new"][0])

        print(f"  checking both sides        {best(check, 1):7.2f} s")

        def comparing() -> None:
            old_side, new_side = loaded["old"][0], loaded["new"][0]
            compare(old_side, new_side, reports["old"], reports["new"], alike=loaders[0].alike)

        print(f"  comparing                  {best(comparing, args.repeat):7.2f} s")
        command = [sys.executable, "-m", "velfaerd", *arguments, "--output-file", str(out)]
        # An installed velfaerd has its bytecode (pip compiles it); a working tree run
        # only with PYTHONDONTWRITEBYTECODE=1 has none, and each fresh process would
        # compile velfaerd's sources again (0.1 s). Compiled once, as an install does.
        compileall.compile_dir(Path(velfaerd.__file__).parent, quiet=1)
        environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        fresh = best(
            lambda: subprocess.run(command, check=False, env=environment),  # noqa: S603 - ours
            args.repeat,
        )
        print(f"velfaerd diff, fresh process {fresh:7.2f} s  ({fresh / parse:.2f}x parse)")
        if layout == "files":
            _measure_git(Path(folder), old, new, parse, args.repeat)


def _measure_git(folder: Path, old: Path, new: Path, parse: float, repeat: int) -> None:
    """``velfaerd diff --git HEAD~1..HEAD`` of the two sides committed in turn.

    Both revisions name their files alike: the files the revision left as they were
    are loaded once (:class:`velfaerd.revisions.Loader`).
    """
    repository = folder / "repository"
    repository.mkdir()
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "B",
        "GIT_AUTHOR_EMAIL": "b@example.org",
        "GIT_COMMITTER_NAME": "B",
        "GIT_COMMITTER_EMAIL": "b@example.org",
    }

    def git(*arguments: str) -> None:
        subprocess.run(  # noqa: S603 - git, ours
            ["git", *arguments],  # noqa: S607 - git on PATH
            cwd=repository,
            env=environment,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    for side in (old, new):
        target = repository / "aftaler"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(side, target)
        git("add", "-A")
        git("commit", "-q", "-m", side.name)
    here = Path.cwd()
    os.chdir(repository)
    try:
        out = str(folder / "git.json")
        arguments = [
            "diff",
            "--git",
            "HEAD~1..HEAD",
            "--output-format",
            "json",
            "--output-file",
            out,
        ]
        taken = best(lambda: main(arguments), repeat)
    finally:
        os.chdir(here)
    print(f"velfaerd diff --git A..B, in process {taken:7.2f} s  ({taken / parse:.2f}x parse)")


if __name__ == "__main__":
    run()
