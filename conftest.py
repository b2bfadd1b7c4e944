"""What pytest's doctests of ``src/`` need beyond their own module's names.

``velfaerd.dates._window`` defines :class:`~velfaerd.dates.DateWindow`, and its
docstrings show windows read with :func:`~velfaerd.dates.parse_window`, which lives in
``velfaerd.dates._reading``, a module above it (reading builds windows, so the class
cannot import its reader without a cycle). The API page runs the same examples with
``from velfaerd.dates import *`` (``docs/conf.py``); this gives pytest's
``--doctest-modules`` the same names, so the examples stay as the page shows them.
"""

from __future__ import annotations

import pytest

import velfaerd.dates


@pytest.fixture(autouse=True, scope="session")
def _dates_for_doctests(doctest_namespace: dict[str, object]) -> None:
    doctest_namespace.update(
        {name: getattr(velfaerd.dates, name) for name in velfaerd.dates.__all__}
    )
