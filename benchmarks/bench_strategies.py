"""How fast velfaerd.strategies generates data (run by hand).

    python benchmarks/bench_strategies.py

Times hypothesis' default 100 examples of a typical portfolio (3 agreements, 20
milestones each), of violating(code) for a few codes, and reports the size of what
was drawn.
"""

from __future__ import annotations

import time

from hypothesis import given, settings

from velfaerd import strategies as vst


def measure(strategy: object, label: str) -> None:
    sizes: list[int] = []

    @settings(max_examples=100, database=None)
    @given(strategy)
    def draw(portfolio: object) -> None:
        sizes.append(sum(len(a.milestones) for a in portfolio.agreements))  # type: ignore[attr-defined]

    began = time.perf_counter()
    draw()
    elapsed = time.perf_counter() - began
    print(
        f"{label:<45} {len(sizes):>4} examples {elapsed:6.2f} s "
        f"({len(sizes) / elapsed:6.1f}/s, mean {sum(sizes) / len(sizes):5.1f} milestones)"
    )


def main() -> None:
    typical = vst.portfolios(
        min_agreements=3, max_agreements=3, min_milestones=20, max_milestones=20
    )
    measure(typical, "portfolios: 3 agreements x 20 activities")
    measure(vst.portfolios(), "portfolios() with its defaults")
    for code in ("REV001", "APR001", "MIL002", "COV001"):
        measure(vst.violating(code), f"violating({code!r})")


if __name__ == "__main__":
    main()
