"""velfaerd: typed models and rule checks for Danish municipal welfare agreements.

Load agreement files, check them, and read the findings:

>>> import velfaerd
>>> portfolio = velfaerd.loads('''
... [[actors]]
... id = "byraadet"
... name = "Byrådet"
... kind = "council"
... ''')
>>> portfolio.actor("byraadet").name
'Byrådet'

``velfaerd.rules``, ``velfaerd.graph`` and ``velfaerd.strategies`` are imported by
name: ``import velfaerd`` imports neither networkx nor hypothesis.
"""

from __future__ import annotations

# Written in __about__, not read through importlib.metadata: importing velfaerd stays cheap.
from velfaerd.__about__ import __version__

# Not ``from typing import TYPE_CHECKING``: importing typing costs more than the rest of
# ``import velfaerd``. Type checkers take a name TYPE_CHECKING as true.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from velfaerd.baseline import Baseline
    from velfaerd.config import Config
    from velfaerd.dates import DateWindow, Period, RelativeDate, parse_period, parse_window
    from velfaerd.errors import (
        AmountFormatError,
        BaselineError,
        ConfigError,
        DateFormatError,
        LoadError,
        Problem,
        RuleRegistrationError,
        VelfaerdError,
    )
    from velfaerd.followup import Status, status
    from velfaerd.format._dumping import DumpError, dump
    from velfaerd.format._loading import from_dict, load, load_partial, loads
    from velfaerd.model import (
        Actor,
        ActorKind,
        Agreement,
        AgreementKind,
        AgreementStatus,
        ApprovalProcess,
        Basis,
        BasisKind,
        Better,
        Budget,
        Commitment,
        Indicator,
        IndicatorBaseline,
        Measurement,
        Milestone,
        MilestoneKind,
        MilestoneStatus,
        Municipality,
        Occurrence,
        OccurrenceStatus,
        Origin,
        Phase,
        Policy,
        Portfolio,
        Principle,
        Step,
        Target,
        Theme,
        Waiver,
    )
    from velfaerd.report import Finding, Report, Severity
    from velfaerd.revisions import Change, Diff, diff
    from velfaerd.rules._engine import check

#: Where each public name is defined, by module: imported when first used (module
#: ``__getattr__``), so that ``import velfaerd`` loads neither the checker nor the
#: converter nor the CLI. The imports above (for type checkers) and ``__all__`` (for
#: readers and tools) say the same, literally: tests/test_imports.py holds the three to
#: one another.
_DEFINED_IN: dict[str, tuple[str, ...]] = {
    "velfaerd.baseline": ("Baseline",),
    "velfaerd.config": ("Config",),
    "velfaerd.dates": ("DateWindow", "Period", "RelativeDate", "parse_period", "parse_window"),
    "velfaerd.errors": (
        "AmountFormatError",
        "BaselineError",
        "ConfigError",
        "DateFormatError",
        "LoadError",
        "Problem",
        "RuleRegistrationError",
        "VelfaerdError",
    ),
    "velfaerd.format._dumping": ("DumpError", "dump"),
    "velfaerd.format._loading": ("from_dict", "load", "load_partial", "loads"),
    "velfaerd.model": (
        "Actor",
        "ActorKind",
        "Agreement",
        "AgreementKind",
        "AgreementStatus",
        "ApprovalProcess",
        "Basis",
        "BasisKind",
        "Better",
        "Budget",
        "Commitment",
        "Indicator",
        "IndicatorBaseline",
        "Measurement",
        "Milestone",
        "MilestoneKind",
        "MilestoneStatus",
        "Municipality",
        "Occurrence",
        "OccurrenceStatus",
        "Origin",
        "Phase",
        "Policy",
        "Portfolio",
        "Principle",
        "Step",
        "Target",
        "Theme",
        "Waiver",
    ),
    "velfaerd.report": ("Finding", "Report", "Severity"),
    "velfaerd.revisions": ("Change", "Diff", "diff"),
    "velfaerd.rules._engine": ("check",),
    "velfaerd.followup": ("Status", "status"),
}
_WHERE = {name: module for module, names in _DEFINED_IN.items() for name in names}


#: Modules that ``velfaerd.<name>`` imports when first used, as an import of the
#: checker once did as a side effect.
_MODULES = frozenset(
    {"cli", "config", "dates", "errors", "graph", "model", "report", "rules", "strategies"}
)


def __getattr__(name: str) -> object:
    """Import a public name from its module (or a submodule) when it is first used."""
    import importlib  # noqa: PLC0415 - only when a name is first used

    module = _WHERE.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
    elif name in _MODULES:
        value = importlib.import_module(f"velfaerd.{name}")
    else:
        msg = f"module 'velfaerd' has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names, and the module's own."""
    return sorted({*globals(), *__all__})


__all__ = [
    "Actor",
    "ActorKind",
    "Agreement",
    "AgreementKind",
    "AgreementStatus",
    "AmountFormatError",
    "ApprovalProcess",
    "Baseline",
    "BaselineError",
    "Basis",
    "BasisKind",
    "Better",
    "Budget",
    "Change",
    "Commitment",
    "Config",
    "ConfigError",
    "DateFormatError",
    "DateWindow",
    "Diff",
    "DumpError",
    "Finding",
    "Indicator",
    "IndicatorBaseline",
    "LoadError",
    "Measurement",
    "Milestone",
    "MilestoneKind",
    "MilestoneStatus",
    "Municipality",
    "Occurrence",
    "OccurrenceStatus",
    "Origin",
    "Period",
    "Phase",
    "Policy",
    "Portfolio",
    "Principle",
    "Problem",
    "RelativeDate",
    "Report",
    "RuleRegistrationError",
    "Severity",
    "Status",
    "Step",
    "Target",
    "Theme",
    "VelfaerdError",
    "Waiver",
    "__version__",
    "check",
    "diff",
    "dump",
    "from_dict",
    "load",
    "load_partial",
    "loads",
    "parse_period",
    "parse_window",
    "status",
]
