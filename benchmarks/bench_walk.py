"""The walk below a checked directory, on a plain tree and on hostile link trees (by hand).

    python benchmarks/bench_walk.py [--folder DIR]

Builds each tree in a folder (a temporary one unless given) and prints how long
``velfaerd.format._files.find`` takes on it, what it found, and how long a whole
``velfaerd check --no-cache --jobs 1`` takes. The hostile trees are what a pull request
of at most 1 MiB may add: thousands of links to ``/``, to the tree's parents, to one
large file, and links at the bottom of a deep tree. POSIX only (symlinks).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
from pathlib import Path

from velfaerd.cli import main
from velfaerd.format._files import find

_ACTOR = '[[actors]]\nid = "{id}"\nname = "A"\nkind = "council"\n'


def _plain(root: Path) -> None:
    """2,000 files in 100 directories, no links."""
    for folder in range(100):
        here = root / f"d{folder}"
        here.mkdir(parents=True)
        for number in range(20):
            (here / f"f{number}.toml").write_text(_ACTOR.format(id=f"a{folder}-{number}"))


def _links_out(root: Path) -> None:
    """10,000 links to / and to the tree's parent, in 100 directories."""
    for folder in range(100):
        here = root / f"d{folder}"
        here.mkdir(parents=True)
        for number in range(50):
            (here / f"root{number}").symlink_to("/", target_is_directory=True)
            (here / f"up{number}.toml").symlink_to(root.parent / "secret.toml")
    (root / "good.toml").write_text(_ACTOR.format(id="a"))


def _fan_out(root: Path) -> None:
    """A 600 KB file and 12,000 links to it (about 1 MiB as git holds it)."""
    root.mkdir(parents=True)
    body = "".join(_ACTOR.format(id=f"a{number}") for number in range(12_000))
    (root / "big.toml").write_text(body)
    links = root / "links"
    links.mkdir()
    for number in range(12_000):
        (links / f"l{number}.toml").symlink_to("../big.toml")


def _deep(root: Path) -> None:
    """1,000 directories deep, with 2,000 links at the bottom to the top and to /."""
    root.mkdir(parents=True)
    here = root
    for _ in range(1000):  # one by one: pathlib's mkdir(parents=True) recurses
        here /= "d"
        here.mkdir()
    (here / "good.toml").write_text(_ACTOR.format(id="a"))
    for number in range(1000):
        (here / f"top{number}").symlink_to(root, target_is_directory=True)
        (here / f"out{number}.toml").symlink_to("/etc/hostname")


_TREES = {"plain": _plain, "links-out": _links_out, "fan-out": _fan_out, "deep": _deep}


def _check(root: Path) -> tuple[float, int]:
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(["check", "--no-cache", "--jobs", "1", str(root)])
    return time.perf_counter() - started, code


def main_() -> None:
    """Build each tree, walk it, check it, and print the times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)  # shutil.rmtree of the deep tree recurses
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.folder or Path(temporary)
        (folder / "secret.toml").write_text("password = 1\n")
        for name, build in _TREES.items():
            root = folder / name
            build(root)
            started = time.perf_counter()
            found = find(root)
            walked = time.perf_counter() - started
            checked, code = _check(root)
            print(
                f"{name:10} walk {walked * 1000:8.1f} ms: {len(found):5} files, "
                f"{len(found.problems):5} problems; check {checked:6.2f} s (exit {code})"
            )
            os.sync()


if __name__ == "__main__":
    main_()
