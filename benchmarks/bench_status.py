"""What ``velfaerd.status`` costs beside parsing the portfolio's TOML (run by hand).

    python benchmarks/bench_status.py [--milestones 50000] [--repeat 5] [--as-of 2014-06-01]

The portfolio of ``benchmarks/portfolio.py`` (one file, 2,500 agreements of 20
milestones at 50,000) is loaded once; then the best of ``--repeat`` runs of
``tomli.loads`` of its text, of ``velfaerd.status`` of the loaded portfolio, and of
``Status.to_dict`` and ``to_text`` are printed, with the ratio of the status to the
parse. The issue's bound is a status that takes at most 1.0x the tomli parse.
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

sys.path.insert(0, str(Path(__file__).parent))
from portfolio import one_file  # noqa: E402 - the benchmarks' own module, beside this one


def _best(repeat: int, run: object) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        begun = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - begun)
    return min(times)


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--milestones", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--as-of", default="2014-06-01")
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    text = one_file(args.milestones)
    portfolio = velfaerd.loads(text)
    milestones = sum(len(a.milestones) for a in portfolio.agreements)
    parse = _best(args.repeat, lambda: tomli.loads(text))
    status = _best(args.repeat, lambda: velfaerd.status(portfolio, as_of=as_of))
    report = velfaerd.status(portfolio, as_of=as_of)
    as_dict = _best(args.repeat, report.to_dict)
    as_text = _best(args.repeat, report.to_text)
    counts = {
        "overdue": sum(len(a.overdue) for a in report.agreements),
        "upcoming": sum(len(a.upcoming) for a in report.agreements),
        "held": sum(len(a.held) for a in report.agreements),
        "findings": sum(len(a.findings) for a in report.agreements),
    }
    print(f"{milestones:,} milestones in {len(portfolio.agreements):,} agreements, {len(text):,} characters")
    print(f"tomli.loads        {parse * 1000:8.1f} ms")
    print(f"velfaerd.status    {status * 1000:8.1f} ms  ({status / parse:.2f}x the parse)")
    print(f"Status.to_dict     {as_dict * 1000:8.1f} ms")
    print(f"Status.to_text     {as_text * 1000:8.1f} ms")
    print(f"on {as_of}: {counts}")


if __name__ == "__main__":
    main()
