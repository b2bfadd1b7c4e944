"""Example counts that scale with the hypothesis profile in use (see ``tests/conftest.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hypothesis import settings

__all__ = ["CI_EXAMPLES", "NOMINAL_EXAMPLES", "scaled"]

#: The examples per property test that the counts given to :func:`scaled` are written
#: against: ``scaled(100)`` is a test worth 100 where a plain one is worth this many.
NOMINAL_EXAMPLES = 15

#: Examples per property test under the default ``ci`` profile, two-thirds of the
#: nominal count (and so two-thirds of every scaled count): the same fixed examples on
#: every run, so that more find nothing new and only cost the suite time (it keeps under
#: 45 s of CPU); the ``long`` profile draws forty times the nominal count at random, and
#: is how new counterexamples are found.
CI_EXAMPLES = 10


def scaled(examples: int) -> settings:
    """Settings for ``examples`` nominal examples: two-thirds under ``ci``, 40× under ``long``.

    A cheap test asks for more examples than the profile's default, an expensive one
    for fewer; the ``long`` profile multiplies every count by the same factor. It is
    :func:`velfaerd.strategies.scaled`, the helper users' suites get, with the nominal count as
    its baseline.
    """
    # Imported here: conftest.py imports this module for its two counts alone.
    from velfaerd.strategies import scaled as relative  # noqa: PLC0415

    return relative(examples, baseline=NOMINAL_EXAMPLES)
