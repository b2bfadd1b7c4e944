"""What ``velfaerd.status`` costs beside parsing the portfolio's TOML (run by hand).

    python benchmarks/bench_status.py [--milestones 50000] [--repeat 3] [--as-of 2014-06-01]

The portfolio of ``benchmarks/portfolio.py`` (one file, 2,500 agreements of 20
milestones at 50,000) is loaded once; then the best of ``--repeat`` runs of
``tomli.loads`` of its text, of ``velfaerd.status`` of a portfolio just loaded (on a
day with no finding, and on one with thousands), of the same again, and of
``Status.to_dict`` and ``to_text`` are printed, with the ratio to the parse. The
issue's bound is a status that takes at most 1.0x the tomli parse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import time
from pathlib import Path

import tomli

import velfaerd
import velfaerd.rules

sys.path.insert(0, str(Path(__file__).parent))
from portfolio import one_file


def _best(repeat: int, run: object) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        begun = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - begun)
    return min(times)


def _fresh(repeat: int, text: str, as_of: dt.date) -> float:
    """The best time of a status of a portfolio just loaded (the load is not timed)."""
    times = []
    for _ in range(repeat):
        portfolio = velfaerd.loads(text)
        gc.collect()
        begun = time.perf_counter()
        velfaerd.status(portfolio, as_of=as_of)
        times.append(time.perf_counter() - begun)
    return min(times)


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--milestones", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--as-of", default="2014-06-01")
    parser.add_argument("--quiet-as-of", default="2010-06-01")
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    quiet = dt.date.fromisoformat(args.quiet_as_of)
    text = one_file(args.milestones)
    portfolio = velfaerd.loads(text)
    velfaerd.rules.all_rules()  # imported once, as a program that checks has
    milestones = sum(len(a.milestones) for a in portfolio.agreements)
    agreements = len(portfolio.agreements)
    parse = _best(args.repeat, lambda: tomli.loads(text))
    report = velfaerd.status(portfolio, as_of=as_of)
    found = sum(len(a.findings) for a in report.agreements)
    rows = [
        (f"status on {quiet}, just loaded", _fresh(args.repeat, text, quiet)),
        (f"status on {as_of}, just loaded", _fresh(args.repeat, text, as_of)),
        (
            f"status on {as_of}, again",
            _best(args.repeat, lambda: velfaerd.status(portfolio, as_of=as_of)),
        ),
        ("Status.to_dict", _best(args.repeat, report.to_dict)),
        ("Status.to_text", _best(args.repeat, report.to_text)),
    ]
    print(f"{milestones:,} milestones in {agreements:,} agreements, {len(text):,} characters")
    print(f"{'tomli.loads':36} {parse * 1000:8.1f} ms")
    for name, seconds in rows:
        print(f"{name:36} {seconds * 1000:8.1f} ms  ({seconds / parse:.2f}x the parse)")
    print(f"on {as_of}: {found:,} findings that need the date")


if __name__ == "__main__":
    main()
