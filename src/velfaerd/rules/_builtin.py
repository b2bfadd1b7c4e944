"""The built-in rules: importing this module registers them.

It is the target of velfaerd's own ``velfaerd.rules`` entry point, so the built-in
rules register the same way as other packages' rules.
"""

from velfaerd.rules import (
    agreements,
    approvals,
    calendar,
    coverage,
    indicators,
    milestones,
    references,
    reviews,
    reviews_held,
)

__all__ = [
    "agreements",
    "approvals",
    "calendar",
    "coverage",
    "indicators",
    "milestones",
    "references",
    "reviews",
    "reviews_held",
]
