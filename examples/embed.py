"""A municipal system embedding velfaerd: load, check, report, ask the graph.

    python examples/embed.py [DIRECTORY] [--as-of YYYY-MM-DD]

Loads every agreement file below DIRECTORY (default: this folder), checks them with a
configuration and an as-of date, prints the findings as JSON, and asks the milestone
graph what each late milestone waits on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import velfaerd
from velfaerd import graph


def main(argv: list[str] | None = None) -> int:
    """Run the example; return the exit code a script would use."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", default=str(Path(__file__).parent))
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2013, 9, 1))
    args = parser.parse_args(argv)

    try:
        portfolio = velfaerd.load(args.directory)
    except velfaerd.LoadError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1

    # A system usually keeps its own configuration; here: everything but COV003, and
    # overdue milestones (MIL005) reported as errors.
    config = velfaerd.Config(ignore=["COV003"], severity={"MIL005": "error"})
    report = velfaerd.check(portfolio, config=config, as_of=args.as_of)
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))

    # What is late on the as-of date, and what does it wait on?
    for agreement, milestone in graph.late(portfolio, args.as_of):
        waits_on = graph.prerequisites(agreement, milestone.id, portfolio)
        print(
            f"late: {agreement.id}/{milestone.id} ({milestone.due}) waits on {waits_on}",
            file=sys.stderr,
        )
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
