"""What a secretariat asks on Monday morning: what is overdue, what comes up, what was held.

:func:`status` reads a portfolio on a day (``as_of``) and says, per agreement: the
milestones (and occurrences of recurring ones) whose window has ended and that are not
met (*overdue*); what comes up within ``within`` of the day (*upcoming*); what was held
within ``within`` before it (*held*); the recurring reviews with ended occurrences that
nothing records (*unrecorded*, as ``REV004``); each indicator's latest value against its
next target, in the direction ``better`` says; and the findings of the rules that need
an as-of date (``MIL005``, ``REV004``, ``IND001``).

A :class:`Status` is typed and frozen; :meth:`Status.to_dict` is its stable JSON form
(the command line's ``--output-format json``, and the service's ``/v1/status``), and
:meth:`Status.to_text` and :meth:`Status.to_markdown` write it for a reader, in Danish
or English. Nothing reads today's date: ``as_of`` is always given. Every list is
found arithmetically (occurrences of recurring milestones are never all listed), so the
status of a portfolio costs time linear in its size.

The module is ``velfaerd.followup``; the package exports :func:`status` and
:class:`Status` as ``velfaerd.status`` and ``velfaerd.Status``.

>>> import datetime, velfaerd
>>> portfolio = velfaerd.loads('''
... [[agreements]]
... id = "aftale"
... title = "Samarbejdsaftale"
... kind = "cooperation"
... parties = ["byraadet", "skolen"]
... start = 2021-03-15
... duration = "3 years"
...
... [[agreements.milestones]]
... id = "opfoelgning"
... title = "Årligt opfølgningsmøde"
... kind = "review"
... due = "primo marts 2022"
... every = "1 year"
... ''')
>>> report = velfaerd.status(portfolio, as_of=datetime.date(2022, 2, 1))
>>> [(item.milestone, str(item.due)) for item in report.agreements[0].upcoming]
[('opfoelgning', 'primo marts 2022')]
"""

# The package is private modules, one concept each, and this file re-exports their
# public names: _results the report's typed, frozen classes and their JSON form;
# _compute status() and the arithmetic that fills them; _writing the text and Markdown
# a reader sees (and the helpers velfaerd.pictures writes its HTML page with). The
# imports run _compute → _results → _writing. No ``from __future__ import annotations``:
# that would add a public name, ``annotations``, and the public names are __all__ and the
# writing helpers below.
import typing

from velfaerd.followup import _compute, _results, _writing

# Public names of the module before it was split, kept importable: the report's bounds.
from velfaerd.followup._compute import MAX_PER_MILESTONE as MAX_PER_MILESTONE
from velfaerd.followup._compute import MAX_UNRECORDED_NAMED as MAX_UNRECORDED_NAMED
from velfaerd.followup._compute import parse_within, status
from velfaerd.followup._results import AgreementFollowUp, Due, IndicatorStatus, Status, Unrecorded

# Not in __all__ (they are not promised to users), but velfaerd.pictures writes the
# status page with them, and their doctests name them here.
from velfaerd.followup._writing import number as number
from velfaerd.followup._writing import reached_key as reached_key
from velfaerd.followup._writing import shown as shown
from velfaerd.followup._writing import term as term

__all__ = [
    "DEFAULT_WITHIN",
    "SAID_IN_THE_LISTS",
    "STATUS_VERSION",
    "AgreementFollowUp",
    "Due",
    "IndicatorStatus",
    "Status",
    "Unrecorded",
    "parse_within",
    "shown",
    "status",
]

# Bound here rather than imported, so that the API page, which reads the comments of
# this module, describes them.
#: The version of :meth:`Status.to_dict`'s shape: a key is only ever added.
STATUS_VERSION: typing.Final = _results.STATUS_VERSION
#: The codes whose findings the text, Markdown and HTML forms leave out, because the
#: lists already say them (``MIL005``: overdue; ``REV004``: reviews without a record);
#: :meth:`Status.to_dict` keeps every finding.
SAID_IN_THE_LISTS: typing.Final = _writing.SAID_IN_THE_LISTS
#: How far ahead (and back) the report looks unless told: 60 days.
DEFAULT_WITHIN: typing.Final = _compute.DEFAULT_WITHIN
