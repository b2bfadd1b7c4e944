"""Pictures and calendars of a portfolio: dependency graphs, a timeline, an iCalendar file.

Import this package by name: ``import velfaerd`` does not import it (it uses networkx,
and :func:`calendar` uses ``icalendar``).

* :func:`mermaid` and :func:`dot` — each agreement's milestone dependency graph, for
  Markdown (GitHub, GitLab) and for Graphviz;
* :func:`timeline` — one self-contained HTML page with every agreement on a shared
  time axis;
* :func:`calendar` — the dated milestones as RFC 5545 all-day events.

The command line runs them as ``velfaerd graph``, ``velfaerd timeline`` and
``velfaerd calendar``.
"""

from velfaerd.pictures._common import UnknownAgreementError
from velfaerd.pictures._graphs import FORMATS, dot, mermaid
from velfaerd.pictures._ics import calendar
from velfaerd.pictures._timeline import timeline

__all__ = ["FORMATS", "UnknownAgreementError", "calendar", "dot", "mermaid", "timeline"]
