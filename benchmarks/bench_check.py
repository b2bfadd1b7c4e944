"""How velfaerd.check scales with the number of milestones (run by hand).

    python benchmarks/bench_check.py [--sizes 1000 10000 100000] [--repeat 3]

Builds a synthetic portfolio of agreements with 100 milestones each (dependency
chains, approximate dates, yearly reviews, an approval process) and reports the best
time of ``check`` and of ``loads(dump(...))`` per size, and the ratio to the previous
size: linear growth shows as ratios near the size ratio (10x).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import velfaerd
from velfaerd import (
    Actor,
    Agreement,
    ApprovalProcess,
    Commitment,
    DateWindow,
    Milestone,
    Period,
    Policy,
    Portfolio,
    Step,
    Theme,
)

PER_AGREEMENT = 100


def build(milestones: int) -> Portfolio:
    """A valid-looking portfolio with about ``milestones`` milestones."""
    agreements = []
    count = max(1, milestones // PER_AGREEMENT)
    start = dt.date(2021, 1, 1)
    for a in range(count):
        items = [
            Milestone(
                id="indgaaet",
                title="Indgået",
                kind="approval",
                step="s1",
                approver="skole",
                due=DateWindow.exact(dt.date(2020, 12, 1)),
            ),
            Milestone(
                id="godkendt",
                title="Godkendt",
                kind="approval",
                step="s2",
                approver="chef",
                due=DateWindow.exact(dt.date(2020, 12, 15)),
            ),
            Milestone(
                id="review",
                title="Opfølgning",
                kind="review",
                every=Period(1, "years"),
                due=DateWindow.exact(dt.date(2021, 12, 1)),
            ),
        ]
        for m in range(PER_AGREEMENT - len(items)):
            day = start + dt.timedelta(days=m * 7)
            items.append(
                Milestone(
                    id=f"m{m}",
                    title=f"Aktivitet {m}",
                    due=DateWindow(day, day + dt.timedelta(days=6)),
                    depends_on=(f"m{m - 1}",) if m else (),
                    responsible="skole",
                )
            )
        agreements.append(
            Agreement(
                id=f"aftale-{a}",
                title=f"Aftale {a}",
                kind="cooperation",
                parties=["byraad", "skole"],
                start=start,
                duration=Period(3, "years"),
                policies=["politik"],
                approval_process="proces",
                follow_up="Årligt møde",
                commitments=[Commitment(id="c", title="Indsats", themes=["t"], goals=["Mål"])],
                milestones=items,
            )
        )
    return Portfolio(
        actors=[
            Actor(id="byraad", name="Byrådet", kind="council"),
            Actor(id="skole", name="Skolen", kind="institution"),
            Actor(id="chef", name="Områdechef", kind="manager"),
        ],
        policies=[Policy(id="politik", name="Politik", themes=[Theme(id="t", name="Tema")])],
        approval_processes=[
            ApprovalProcess(
                id="proces",
                steps=[
                    Step(id="s1", name="Indgået", actor_kind="institution"),
                    Step(id="s2", name="Godkendt", actors=["chef"]),
                ],
            )
        ],
        agreements=agreements,
    )


def best(function, repeat: int) -> float:  # type: ignore[no-untyped-def]  # noqa: ANN001
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    previous: tuple[int, float, float] | None = None
    print(f"{'milestones':>10} {'check s':>9} {'ratio':>6} {'load s':>9} {'ratio':>6} findings")
    for size in args.sizes:
        portfolio = build(size)
        total = sum(len(a.milestones) for a in portfolio.agreements)
        report = velfaerd.check(portfolio)
        text = velfaerd.dump(portfolio)
        check_time = best(lambda p=portfolio: velfaerd.check(p), args.repeat)
        load_time = best(lambda t=text: velfaerd.loads(t), args.repeat)
        ratios = ("", "")
        if previous is not None:
            ratios = (
                f"{check_time / previous[1]:.1f}x",
                f"{load_time / previous[2]:.1f}x",
            )
        print(
            f"{total:>10} {check_time:>9.3f} {ratios[0]:>6} {load_time:>9.3f} {ratios[1]:>6} "
            f"{len(report.findings)}"
        )
        previous = (total, check_time, load_time)


if __name__ == "__main__":
    main()
