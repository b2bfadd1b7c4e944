"""The hostile inputs of issues 14 and 18, each run through ``velfaerd check`` (run by hand).

    python benchmarks/bench_hostile.py [--folder DIR] [--only NAME ...]

Writes each input to a folder (a temporary one unless given), runs the installed
``velfaerd check`` on it under ``/usr/bin/time -v`` where that exists, and prints the
wall time and peak memory. Each should take at most 10 s and 500 MB on a quiet
machine; timings on a busy one are noisy.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The inputs the suite also checks, at sizes it can afford, are written once, in tests/.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests._documents import AGREEMENT_X as _AGREEMENT
from tests._documents import COUNCILS as _HEAD
from tests._documents import DATED_X as _DATED
from tests._documents import reversed_chain as _chain


def _daily() -> str:
    """REV001: a thousand daily reviews over a thousand years (105 KB)."""
    out = [
        _HEAD,
        _AGREEMENT + 'start = 2020-01-01\nduration = "1000 years"\n',
    ]
    out += [
        f'[[agreements.milestones]]\nid = "r{i}"\ntitle = "R"\nkind = "review"\n'
        f'due = 2020-01-{1 + i % 28:02d}\nevery = "1 day"\n'
        for i in range(1000)
    ]
    return "".join(out)


def _near_misses(count: int) -> str:
    """REF002: unknown references, each near one of as many known ids."""
    out = [_HEAD]
    out += [
        f'[[actors]]\nid = "actor-number-{i:05d}"\nname = "A"\nkind = "council"\n'
        for i in range(count)
    ]
    refs = ", ".join(f'"actor-numbr-{i:05d}"' for i in range(count))
    out.append(_AGREEMENT.replace('"b"]', f'"b", {refs}]'))
    return "".join(out)


def _milestone(name: str, due: str) -> str:
    return (
        f'[[agreements.milestones]]\nid = "{name}"\ntitle = "M"\nkind = "activity"\ndue = {due}\n'
    )


def _anchors(count: int, *, loop: bool) -> str:
    """Issue 18, item 16: each milestone due a day after the next (the last: a loop or start)."""
    last = '"1 dag efter m0"' if loop else '"1 dag efter start"'
    return (
        _DATED
        + "".join(_milestone(f"m{i}", f'"1 dag efter m{i + 1}"') for i in range(count - 1))
        + _milestone(f"m{count - 1}", last)
    )


def _after_chain(count: int) -> str:
    """A process of steps each after the next (REF002 compared each with every step)."""
    return '[[approval_processes]]\nid = "p"\n' + "".join(
        f'[[approval_processes.steps]]\nid = "s{i}"\nname = "S"\nafter = ["s{i + 1}"]\n'
        for i in range(count - 1)
    )


def _id_400kb() -> str:
    """Issue 18: an agreement id of 400 KB, quoted by each finding on 6,000 milestones."""
    reviews = "".join(
        _milestone(f"m{i}", "2060-01-01").replace('"activity"', '"review"') + 'responsible = "n"\n'
        for i in range(6000)
    )
    return _DATED.replace('id = "x"', f'id = "{"x" * 400_000}"') + reviews


def _unknown_parties() -> str:
    """Issue 18: 2,270 agreements of 460 bytes, each with 100 unknown parties (1 MB)."""
    parties = '"x",' * 100
    return "".join(
        f'[[agreements]]\nid="a{i}"\ntitle=""\nkind="contract"\nparties=[{parties}]\n'
        for i in range(2270)
    )


def _long_names() -> str:
    """Issue 18: a theme and a step named in 300 KB each, taken up by 3,940 agreements."""
    head = (
        f'[[policies]]\nid = "p"\nname = "P"\nthemes = [{{ id = "t", name = "{"T" * 300_000}" }}]\n'
        '[[approval_processes]]\nid = "g"\n'
        f'[[approval_processes.steps]]\nid = "s"\nname = "{"S" * 300_000}"\n'
    )
    return head + "".join(
        f'[[agreements]]\nid = "a{i}"\ntitle = "A"\nkind = "cooperation"\nparties = []\n'
        'policies = ["p"]\napproval_process = "g"\n'
        for i in range(3940)
    )


INPUTS = {
    "date-2MB": lambda: (
        '[[agreements]]\nid = "x"\ntitle = "X"\nkind = "cooperation"\nparties = ["a"]\n'
        'start = "' + "2013 - " * 300_000 + '"\n'
    ),
    "near-misses-10000": lambda: _near_misses(10_000),
    "reversed-chain-1000": lambda: _chain(1000),
    "reversed-chain-3000": lambda: _chain(3000),
    "daily-reviews": _daily,
    "a-million-ints": lambda: (
        '[[agreements]]\nid = "x"\ntitle = "X"\nkind = "cooperation"\nparties = ['
        + ", ".join(["1"] * 1_000_000)
        + "]\n"
    ),
    "a-million-unknown-keys": lambda: "".join(f"k{i} = 1\n" for i in range(1_000_000)),
    # Issue 18, items 13 and 14: texts measured before a pattern or a conversion sees them.
    "due-30000-spaces": lambda: _DATED + _milestone("m", '"1' + " " * 30_000 + 'x"'),
    "due-1MB-spaces": lambda: _DATED + _milestone("m", '"1' + " " * 1_000_000 + 'x"'),
    "due-1MB-1dot": lambda: _DATED + _milestone("m", '"' + "1. " * 333_333 + '"'),
    "amount-1MB-digits": lambda: (
        _DATED + '[[agreements.budget]]\namount = "' + "1" * 1_000_000 + ' kr."\n'
    ),
    "id-1MB-spaces": lambda: _DATED.replace('id = "x"', 'id = "x' + " " * 1_000_000 + '\\n"'),
    # Texts quoted by many findings: ids at most 200 characters, names quoted by their
    # first 80, at most 10,000 findings in a check.
    "id-400KB-6000-reviews": _id_400kb,
    "unknown-parties-1MB": _unknown_parties,
    "long-names-1MB": _long_names,
    # Item 16: anchors resolved by a loop, not by recursion.
    "anchors-chain-5000": lambda: _anchors(5000, loop=False),
    "anchors-loop-500": lambda: _anchors(500, loop=True),
    "after-chain-12000": lambda: _after_chain(12_000),
}


def _run(path: Path) -> str:
    script = shutil.which("velfaerd") or str(Path(sys.executable).parent / "velfaerd")
    command = [script, "check", "--output-format", "concise", str(path)]
    timer = Path("/usr/bin/time")
    if timer.exists():
        command = [str(timer), "-v", *command]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    elapsed = time.perf_counter() - started
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    memory = f"{int(peak[1]) / 1024:.0f} MB" if peak else "? MB"
    return (
        f"{elapsed:6.2f} s  {memory:>7}  exit {result.returncode}  {len(result.stdout)} bytes out"
    )


def main() -> None:
    """Write and check each input; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--only", nargs="*", choices=sorted(INPUTS), default=None)
    arguments = parser.parse_args()
    folder = arguments.folder or Path(tempfile.mkdtemp(prefix="velfaerd-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    for name in arguments.only or INPUTS:
        path = folder / f"{name}.toml"
        path.write_text(INPUTS[name](), encoding="utf-8")
        print(f"{name:<24} {path.stat().st_size / 1e6:7.2f} MB  {_run(path)}")


if __name__ == "__main__":
    main()
