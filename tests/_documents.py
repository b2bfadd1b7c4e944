"""Documents the tests share, said once: the smallest agreements, and helpers around them.

``AGREEMENT`` is a council and a school under one cooperation agreement, to which a test
appends the keys it is about; ``load``, ``problem`` and ``round_trip`` read it as a
file would be read. ``COUNCILS`` and ``AGREEMENT_X`` are the two councils and the
agreement the hostile inputs grow from; ``reversed_chain`` is one of those inputs, and
``benchmarks/bench_hostile.py`` times it at sizes the suite cannot afford.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import velfaerd
from velfaerd.dates import DateWindow

__all__ = [
    "ACTIVITY",
    "ACTORS",
    "AGREEMENT",
    "AGREEMENT_X",
    "COUNCILS",
    "DATA",
    "DATED_X",
    "FAILING",
    "FOLLOWED_UP",
    "MEGABYTE",
    "PARTIES",
    "VALID",
    "YEARLY_REVIEW",
    "days",
    "groups",
    "load",
    "milestone",
    "problem",
    "reversed_chain",
    "round_trip",
]

#: The test data folder, and its whole valid portfolio as text.
DATA = Path(__file__).parent / "data"
VALID = (DATA / "valid.toml").read_text(encoding="utf-8")
#: The valid portfolio with one party too few: a file that loads and fails the check.
FAILING = VALID.replace('parties = ["byraadet", "auraskolen"]', 'parties = ["byraadet"]', 1)

#: A council and a school.
ACTORS = """\
[[actors]]
id = "byraadet"
name = "Byrådet"
kind = "council"

[[actors]]
id = "skolen"
name = "Skolen"
kind = "institution"
"""

#: ``ACTORS``, and an agreement between them with no dates yet.
PARTIES = (
    ACTORS
    + """
[[agreements]]
id = "aftale"
title = "Samarbejdsaftale"
kind = "cooperation"
parties = ["byraadet", "skolen"]
"""
)

#: The smallest agreement that checks clean: ``PARTIES`` with no reviews required.
AGREEMENT = PARTIES + 'review_every = "none"\n'

#: An agreement between ``ACTORS``' council and school from 15 March 2021 for three
#: years, without its actors: what the tests of follow-up (format 1.2's records of
#: occurrences, and indicators) add to.
FOLLOWED_UP = """
[[agreements]]
id = "aftale"
title = "Samarbejdsaftale"
kind = "cooperation"
parties = ["byraadet", "skolen"]
start = 2021-03-15
duration = "3 years"
"""

#: ``FOLLOWED_UP`` with its yearly review meeting from March 2022, whose occurrences
#: those tests record.
YEARLY_REVIEW = (
    FOLLOWED_UP
    + """
[[agreements.milestones]]
id = "opfoelgning"
title = "Årligt opfølgningsmøde"
kind = "review"
due = "primo marts 2022"
every = "1 year"
"""
)

#: Two councils, ``a`` and ``b``: the actors of every hostile input.
COUNCILS = """\
[[actors]]
id = "a"
name = "A"
kind = "council"

[[actors]]
id = "b"
name = "B"
kind = "council"
"""

#: An agreement ``x`` between ``a`` and ``b``; its keys follow.
AGREEMENT_X = '[[agreements]]\nid = "x"\ntitle = "X"\nkind = "cooperation"\nparties = ["a", "b"]\n'

#: The councils and ``x``, dated: from 2020 for 30 years.
DATED_X = COUNCILS + "\n" + AGREEMENT_X + 'start = 2020-01-01\nduration = "30 years"\n'

#: A milestone of kind activity; ``.format(id=..., due=...)`` with ``due`` in TOML.
ACTIVITY = '\n[[agreements.milestones]]\nid = "{id}"\ntitle = "M"\nkind = "activity"\ndue = {due}\n'

#: A megabyte: a hostile text, kept below the 1 MiB bound on a file with the rest of it.
MEGABYTE = 1_000_000


def days(first: str | None, last: str) -> DateWindow:
    """The window from ``first`` (or open) to ``last``, both ISO dates."""
    return DateWindow(
        None if first is None else dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    )


def load(text: str) -> velfaerd.Portfolio:
    """``text`` loaded as the file ``aftale.toml``."""
    return velfaerd.loads(text, source="aftale.toml")


def problem(text: str) -> velfaerd.Problem:
    """The one problem loading ``text`` raises (the test fails if it loads)."""
    with pytest.raises(velfaerd.LoadError) as caught:
        load(text)
    (only,) = caught.value.problems
    return only


def milestone(milestone_id: str, due: str, *extra: str) -> str:
    """A milestone of the last agreement, due ``due`` (TOML), with ``extra`` lines."""
    lines = [f'id = "{milestone_id}"', f'title = "{milestone_id}"', f"due = {due}", *extra]
    return "\n[[agreements.milestones]]\n" + "\n".join(lines) + "\n"


def round_trip(portfolio: velfaerd.Portfolio) -> velfaerd.Portfolio:
    """``portfolio`` dumped and loaded again, asserted equal to itself."""
    again = velfaerd.loads(velfaerd.dump(portfolio))
    assert again == portfolio
    return again


def groups(*rows: tuple[str, list[str]]) -> str:
    """Actors of kind ``group``, each ``(id, its members)``."""
    return "".join(
        f'[[actors]]\nid = "{actor}"\nname = "{actor}"\nkind = "group"\n'
        f"members = {json.dumps(members)}\n"
        for actor, members in rows
    )


def reversed_chain(steps: int) -> str:
    """APR001: a reversed chain of approval steps (n²/2 pairs out of order)."""
    out = [COUNCILS, '[[approval_processes]]\nid = "p"\n']
    out += [f'[[approval_processes.steps]]\nid = "s{i}"\nname = "S{i}"\n' for i in range(steps)]
    out.append(AGREEMENT_X + 'approval_process = "p"\n')
    first = dt.date(2020, 1, 1)
    out += [
        f'[[agreements.milestones]]\nid = "m{i}"\ntitle = "M"\nkind = "approval"\n'
        f'step = "s{i}"\ndue = {first + dt.timedelta(days=steps - i)}\n'
        for i in range(steps)
    ]
    return "".join(out)
