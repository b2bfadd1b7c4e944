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

from velfaerd.__about__ import __version__
from velfaerd._checking import check
from velfaerd._dumping import DumpError, dump
from velfaerd._loading import from_dict, load, load_partial, loads
from velfaerd.config import Config
from velfaerd.dates import DateWindow, Period, RelativeDate, parse_period, parse_window
from velfaerd.errors import (
    AmountFormatError,
    ConfigError,
    DateFormatError,
    LoadError,
    Problem,
    RuleRegistrationError,
    VelfaerdError,
)
from velfaerd.model import (
    Actor,
    ActorKind,
    Agreement,
    AgreementKind,
    AgreementStatus,
    ApprovalProcess,
    Basis,
    BasisKind,
    Budget,
    Commitment,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Municipality,
    Origin,
    Phase,
    Policy,
    Portfolio,
    Principle,
    Step,
    Theme,
    Waiver,
)
from velfaerd.report import Finding, Report, Severity

__all__ = [
    "Actor",
    "ActorKind",
    "Agreement",
    "AgreementKind",
    "AgreementStatus",
    "AmountFormatError",
    "ApprovalProcess",
    "Basis",
    "BasisKind",
    "Budget",
    "Commitment",
    "Config",
    "ConfigError",
    "DateFormatError",
    "DateWindow",
    "DumpError",
    "Finding",
    "LoadError",
    "Milestone",
    "MilestoneKind",
    "MilestoneStatus",
    "Municipality",
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
    "Step",
    "Theme",
    "VelfaerdError",
    "Waiver",
    "__version__",
    "check",
    "dump",
    "from_dict",
    "load",
    "load_partial",
    "loads",
    "parse_period",
    "parse_window",
]
