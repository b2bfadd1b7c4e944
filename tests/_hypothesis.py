"""Example counts that scale with the hypothesis profile in use (see ``tests/conftest.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hypothesis import settings

__all__ = ["CI_EXAMPLES", "scaled"]

#: Examples per property test under the default ``ci`` profile: the same fixed examples
#: on every run, so more find nothing new; the ``long`` profile draws forty times as many
#: at random.
CI_EXAMPLES = 15


def scaled(examples: int) -> settings:
    """Settings for ``examples`` examples under the ``ci`` profile, more under ``long``.

    A cheap test asks for more examples than the profile's default, an expensive one
    for fewer; the ``long`` profile multiplies every count by the same factor. It is
    :func:`velfaerd.strategies.scaled`, the helper users' suites get, with the ``ci``
    profile's count as its baseline.
    """
    # Imported here: conftest.py imports this module for CI_EXAMPLES alone.
    from velfaerd.strategies import scaled as relative  # noqa: PLC0415

    return relative(examples, baseline=CI_EXAMPLES)
