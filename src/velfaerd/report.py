"""Findings and reports: what :func:`velfaerd.check` returns.

A :class:`Finding` carries its evidence (the dates or ids a rule compared) as data
beside its message, and its message is rendered from a template per rule code and
variant (:data:`MESSAGES`), so that a user interface can word a finding in Danish or
English without touching the rules.

>>> finding = Finding(
...     code="COV002",
...     severity="warning",
...     message="commitment 'trivsel' has no goal",
...     subject="trivsel",
...     source="aftale.toml",
...     path="agreements[0].commitments[1]",
...     line=42,
... )
>>> finding.location
'aftale.toml:42'
"""

from __future__ import annotations

import enum
import hashlib
import itertools
import json
import re
import string
from collections.abc import Callable, Mapping
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

import attrs

try:
    from json.encoder import c_make_encoder  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - CPython has it
    c_make_encoder = None

if TYPE_CHECKING:
    from collections.abc import Iterable

    from velfaerd.baseline import Baseline
    from velfaerd.errors import Problem

__all__ = [
    "FINGERPRINT_VERSION",
    "MESSAGES",
    "NEEDS_AS_OF",
    "NOT_IDENTITY",
    "NOT_SELECTED",
    "REPORT_VERSION",
    "Finding",
    "Report",
    "RuleStatus",
    "Severity",
    "fingerprint",
    "render",
    "template",
]

#: Why a rule did not run (``RuleStatus.reason``; data, so always in English).
NOT_SELECTED = "not selected"
NEEDS_AS_OF = "needs an as-of date (as_of)"

#: The version of the JSON shape of :meth:`Report.to_dict` and the CLI's ``json`` output.
REPORT_VERSION = 1


class Severity(str, enum.Enum):
    """How serious a finding is. Only errors make a report not ``ok``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def _evidence(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(value or {})


#: The version of what a fingerprint is made of: changed only when that changes (a
#: baseline written before then no longer matches, and says so).
FINGERPRINT_VERSION = 1

#: Evidence that says where, when or in what words a finding is shown, not what it is:
#: left out of its fingerprint. ``first`` and ``files`` name files and lines; ``as_of``
#: is the day of the check (a CI run's today); ``name`` and ``step_name`` are titles a
#: document may reword; ``hint`` and ``suggestions`` change with ids defined elsewhere;
#: ``count``, ``more``, ``left_out`` and ``limit`` count other findings; ``certainty``
#: goes with the variant.
NOT_IDENTITY = frozenset(
    {
        "as_of",
        "certainty",
        "count",
        "files",
        "first",
        "hint",
        "left_out",
        "limit",
        "more",
        "name",
        "step_name",
        "suggestions",
    }
)


def fingerprint(
    code: str, variant: str, subject: str, evidence: Mapping[str, Any], scope: str = ""
) -> str:
    """The stable identity of a finding: 32 hex digits of a SHA-256.

    Made of the code, the variant, the ``scope`` (the ids of the objects from the
    portfolio down to the one the finding is about, and the key there:
    ``agreements/a/milestones/m:due``), the subject and the ``evidence`` but
    :data:`NOT_IDENTITY` (:func:`velfaerd.check` gives only the ids in it). Not of
    the file, the line, the key path's positions or the message: a finding keeps its
    fingerprint when lines are inserted above it, when its file is renamed or split,
    and in Danish as in English.

    >>> a = fingerprint("MIL005", "default", "m1", {"milestone": "m1", "as_of": "2024-01-01"})
    >>> a == fingerprint("MIL005", "default", "m1", {"milestone": "m1", "as_of": "2025-06-30"})
    True
    """
    identity = {key: value for key, value in evidence.items() if key not in NOT_IDENTITY}
    text = _IDENTITY.encode([FINGERPRINT_VERSION, code, variant, scope, subject, identity])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


#: What writes a fingerprint's identity as text: ``json.dumps`` with these options, made
#: once (``json.dumps`` makes an encoder per call, a fifth of a fingerprint's cost).
_IDENTITY = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _identity_text() -> Callable[[object, int], Iterable[str]] | None:
    """The C function that ``_IDENTITY.encode`` makes on each call to write its text.

    Made once (half of a fingerprint's cost was making it), as ``JSONEncoder.iterencode``
    makes it but without the table of the objects met, which only a list inside itself
    needs: for what cannot hold itself. ``None`` where the json module has no C
    speedups, or where it does not write what ``_IDENTITY.encode`` writes.
    """
    if c_make_encoder is None:  # pragma: no cover - CPython has them
        return None
    try:
        made = c_make_encoder(
            None,
            _IDENTITY.default,
            encode_basestring,
            _IDENTITY.indent,
            _IDENTITY.key_separator,
            _IDENTITY.item_separator,
            _IDENTITY.sort_keys,
            _IDENTITY.skipkeys,
            _IDENTITY.allow_nan,
        )
        sample = [FINGERPRINT_VERSION, "C\u2028", "v\ud800", {"b": ["ø", "\x00"], "a": '"'}]
        same = "".join(made(sample, 0)) == _IDENTITY.encode(sample)
    except (TypeError, ValueError):  # pragma: no cover - another Python's json
        return None
    return made if same else None


_IDENTITY_TEXT = _identity_text()


def _ids_fingerprint(
    code: str, variant: str, subject: str, identity: Mapping[str, str | list[str]], scope: str
) -> str:
    """:func:`fingerprint` of ids: ``identity`` holds ids and lists of ids, by evidence key.

    Its keys are none of :data:`NOT_IDENTITY`, and ``subject`` is text (what
    :func:`velfaerd.check` gives): text alone cannot hold itself, so it is written
    without looking for that.
    """
    if _IDENTITY_TEXT is None:  # pragma: no cover - CPython has the C speedups
        return fingerprint(code, variant, subject, identity, scope)
    text = "".join(
        _IDENTITY_TEXT([FINGERPRINT_VERSION, code, variant, scope, subject, identity], 0)
    )
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _own_fingerprint(finding: Finding) -> str:
    """The fingerprint of a finding made without one: a load problem's, or one built by hand.

    A file that did not load has no ids: its name and the key path are what there is.
    """
    scope = f"{finding.source or ''}::{finding.path}" if finding.code.startswith("LOAD") else ""
    return fingerprint(finding.code, finding.variant, finding.subject, finding.evidence, scope)


_DIGITS = re.compile(r"([0-9]+)")

#: How a key path sorts: its text and numbers in turn, each number as a number.
_PathOrder = tuple[tuple[int, str], ...]


def _path_order(path: str) -> _PathOrder:
    """The order of key paths: ``milestones[2]`` before ``milestones[10]``.

    The path is cut into text and numbers in turn (the text first, possibly empty), so
    that two paths compare text with text and number with number; a number compares
    by its value, without being converted (a key may hold thousands of digits).

    >>> paths = ["a[10].b", "a[2].c", "a[2]", "a[02].b"]
    >>> sorted(paths, key=_path_order)
    ['a[2]', 'a[02].b', 'a[2].c', 'a[10].b']
    """
    parts: list[tuple[int, str]] = []
    for position, part in enumerate(_DIGITS.split(path)):
        if position % 2:  # a number: shorter (without leading zeros) is smaller
            value = part.lstrip("0")
            parts.append((len(value), value))
        else:
            parts.append((0, part))
    return tuple(parts)


#: The order of findings (:meth:`Finding.sort_key`).
_FindingOrder = tuple[str, bool, int, int, _PathOrder, str, _PathOrder, str, str, str]


@attrs.frozen(kw_only=True)
class Finding:
    """One thing a rule found, or a problem that kept a file from loading.

    ``path`` is the key path in ``source`` (``agreements[0].milestones[2].due``);
    a finding about something missing points at the object that lacks it; ``line``
    and ``column`` (where known) are where it is in the file. ``evidence`` holds the
    ids and dates compared, JSON-ready. ``variant`` names the message template used
    (a rule may word several situations differently). A load problem is a finding
    with its ``LOAD`` code (:meth:`from_problem`).
    """

    code: str
    severity: Severity = attrs.field(converter=Severity)
    message: str
    subject: str = ""
    source: str | None = None
    path: str = ""
    line: int | None = None
    evidence: dict[str, Any] = attrs.field(factory=dict, converter=_evidence, hash=False)
    variant: str = "default"
    column: int | None = None
    fingerprint: str = attrs.field(
        default=attrs.Factory(_own_fingerprint, takes_self=True), eq=False
    )
    """Its stable identity (:func:`fingerprint`): :func:`velfaerd.check` scopes it by the
    ids of what the finding is about; a finding built without one gets its own."""

    @classmethod
    def from_problem(cls, problem: Problem, lang: str = "en") -> Finding:
        """The finding of a load problem: an error with its ``LOAD`` code, as the CLI shows it.

        Its message, written in ``lang``, names the key path where the problem has a
        line (where it has none, the location is the path); its evidence is empty.
        This is the one way load problems become findings: :func:`velfaerd.check`
        (given ``left_out``) and the command line both take it.

        >>> from velfaerd.errors import Problem
        >>> problem = Problem(
        ...     code="LOAD004",
        ...     message="unknown key 'titel'",
        ...     source="a.toml",
        ...     path="agreements[0].titel",
        ...     line=3,
        ...     column=1,
        ... )
        >>> Finding.from_problem(problem).message
        "agreements[0].titel: unknown key 'titel'"
        """
        named = f"{problem.path}: " if problem.path and problem.line is not None else ""
        return cls(
            code=problem.code,
            severity=Severity.ERROR,
            message=named + problem.render(lang),
            source=problem.source,
            path=problem.path,
            line=problem.line,
            column=problem.column,
        )

    @property
    def location(self) -> str:
        """``source:line`` where the line is known, else ``source::path``."""
        source = self.source or "<unknown>"
        if self.line is not None:
            return f"{source}:{self.line}"
        return f"{source}::{self.path}" if self.path else source

    def sort_key(self) -> _FindingOrder:
        """The order of findings, everywhere: as a reader goes through the files.

        By file; in a file by line, column (column 1 where it is not known) and then
        code; findings without a line (built in Python, with no file) follow those
        with one, by key path (``milestones[2]`` before ``milestones[10]``) and then
        code. The key path, subject and message break what ties remain.
        """
        path = _path_order(self.path)
        unplaced = self.line is None
        return (
            self.source or "",
            unplaced,
            self.line or 0,
            self.column or 1,
            path if unplaced else (),
            self.code,
            path,
            self.path,
            self.subject,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as JSON-ready data."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "subject": self.subject,
            "source": self.source,
            "path": self.path,
            "line": self.line,
            "evidence": self.evidence,
            "fingerprint": self.fingerprint,
        }


def _head(finding: Finding) -> tuple[object, ...]:
    """What begins a finding's :meth:`~Finding.sort_key`: all of it that most findings need.

    A finding with a line: its file, line, column and code (its key path is ``()``
    there); one without: the key up to its code. Two findings with the same head are
    in the order of the rest of their keys.
    """
    line = finding.line
    if line is None:
        return finding.sort_key()[:6]
    return (finding.source or "", False, line, finding.column or 1, finding.code)


def _in_order(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """``sorted(findings, key=Finding.sort_key)``, each key made only where heads tie.

    A first run's thousands of findings are on lines of their own: the order of their
    heads (:func:`_head`) is theirs, without cutting each key path into its numbers.
    """
    items = list(findings)
    heads = list(map(_head, items))
    order = sorted(range(len(items)), key=heads.__getitem__)  # stable, as sorted() is
    ordered: list[Finding] = []
    for _, tied in itertools.groupby(order, key=heads.__getitem__):
        run = [items[position] for position in tied]
        if len(run) > 1:
            run.sort(key=Finding.sort_key)
        ordered.extend(run)
    return tuple(ordered)


@attrs.frozen(kw_only=True)
class RuleStatus:
    """Whether a rule ran in a check, and if not, why."""

    code: str
    ran: bool
    reason: str | None = None


@attrs.frozen(kw_only=True)
class Report:
    """The result of :func:`velfaerd.check`.

    ``findings`` are in the order of :meth:`Finding.sort_key` (file, line, column,
    code), as every output format lists them; ``waived`` holds the findings a
    :class:`~velfaerd.Waiver` set aside; ``rules`` says for each rule whether it ran;
    ``lang`` is the language of the messages; ``known`` holds the findings a
    baseline set aside (:meth:`without`).
    """

    findings: tuple[Finding, ...] = ()
    waived: tuple[Finding, ...] = ()
    rules: tuple[RuleStatus, ...] = ()
    as_of: str | None = None
    lang: str = "en"
    known: tuple[Finding, ...] = ()

    def without(self, baseline: Baseline) -> Report:
        """The report without the findings a :class:`~velfaerd.Baseline` knows (``known``).

        Findings are matched by fingerprint, each entry of the baseline as many times
        as its ``count``; a finding beyond that is new. ``ok`` is then about the new
        findings alone.
        """
        new, known = baseline.split(self.findings)
        return attrs.evolve(self, findings=tuple(new), known=(*self.known, *known))

    @property
    def ok(self) -> bool:
        """``True`` when no finding is an error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def count(self, severity: Severity | str) -> int:
        """Count the findings of one severity."""
        level = Severity(severity)
        return sum(1 for f in self.findings if f.severity is level)

    def codes(self) -> set[str]:
        """The set of codes among the findings."""
        return {f.code for f in self.findings}

    def status(self, code: str) -> RuleStatus | None:
        """Return whether the rule with this code ran, or ``None`` if it is unknown."""
        return next((s for s in self.rules if s.code == code), None)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data with a format ``version``."""
        return {
            "version": REPORT_VERSION,
            "lang": self.lang,
            "as_of": self.as_of,
            "findings": [f.to_dict() for f in self.findings],
            "waived": [f.to_dict() for f in self.waived],
            "rules": [
                {"code": s.code, "ran": s.ran, "reason": s.reason}
                for s in sorted(self.rules, key=lambda s: s.code)
            ],
            "summary": {
                "errors": self.count(Severity.ERROR),
                "warnings": self.count(Severity.WARNING),
                "infos": self.count(Severity.INFO),
                "waived": len(self.waived),
                "known": len(self.known),
                "ok": self.ok,
            },
        }

    @classmethod
    def build(
        cls,
        findings: Iterable[Finding],
        waived: Iterable[Finding] = (),
        rules: Iterable[RuleStatus] = (),
        as_of: str | None = None,
        lang: str = "en",
    ) -> Report:
        """Build a report with its findings in their deterministic order."""
        return cls(
            findings=_in_order(findings),
            waived=_in_order(waived),
            rules=tuple(sorted(rules, key=lambda s: s.code)),
            as_of=as_of,
            lang=lang,
        )


#: Message templates: ``MESSAGES[language][(code, variant)]``, filled from the
#: evidence with :meth:`str.format`. Rules add their English templates when they
#: register (and a plugin its translations); velfaerd's own translations are in the
#: catalogues of :mod:`velfaerd.i18n`, which this table overrides.
MESSAGES: dict[str, dict[tuple[str, str], str]] = {"en": {}, "da": {}}

#: Evidence values a rule writes itself in another language than English, by code:
#: given the evidence and the language, the values to show instead (those derived
#: from others, as ``REF002``'s ``hint`` from its ``suggestions``). Rules add theirs
#: when they register (the ``localize`` of :func:`velfaerd.rules.rule`).
LOCALIZERS: dict[str, Callable[[Mapping[str, Any], str], Mapping[str, Any]]] = {}


class _Evidence(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


#: The names of the fields of each template seen (:func:`_fields`).
_FIELDS: dict[str, frozenset[str] | None] = {}
#: Where a field's name ends and its attribute or index begins.
_FIELD_HEAD = re.compile(r"[.\[]")


def _fields(chosen: str) -> frozenset[str] | None:
    """The evidence keys a template shows; ``None`` if it cannot be told (all are)."""
    try:
        return _FIELDS[chosen]
    except KeyError:
        found = _FIELDS[chosen] = _parse_fields(chosen)
        return found


def _parse_fields(chosen: str) -> frozenset[str] | None:
    try:
        parsed = list(string.Formatter().parse(chosen))
    except ValueError:  # malformed: format_map says so, as before
        return None
    names: set[str] = set()
    for _, name, spec, _ in parsed:
        if name is None:
            continue
        head = _FIELD_HEAD.split(name, maxsplit=1)[0]
        if not head or head.isdigit() or (spec and "{" in spec):
            return None  # positional, or a field inside a field's format: all of them
        names.add(head)
    return frozenset(names)


def _render_value(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)


def template(code: str, variant: str, language: str = "en") -> str | None:
    """Return the message template of a code and variant in a language, or ``None``.

    Looks in :data:`MESSAGES`, then the language's catalogue; ``None`` where the
    language has none (then English is used).
    """
    found = MESSAGES.get(language, {}).get((code, variant))
    if found is None and language != "en":
        from velfaerd.i18n import lookup  # noqa: PLC0415 - the catalogues load on first use

        entry = lookup(f"rules.{code}.messages.{variant}", language)
        found = entry if isinstance(entry, str) else None
    return found


def render(code: str, variant: str, evidence: Mapping[str, Any], language: str = "en") -> str:
    """Render the message for a code and variant from its evidence.

    Falls back to English where the language has no template. In another language
    than English the evidence's dates, periods and kinds are written in it.

    >>> MESSAGES["en"][("XXX001", "default")] = "{what} is missing"
    >>> render("XXX001", "default", {"what": "a review"})
    'a review is missing'
    >>> del MESSAGES["en"][("XXX001", "default")]
    >>> render("COV004", "in-force", {"institution": "auraskolen", "as_of": "2024-06-30"}, "da")
    "institutionen 'auraskolen' er ikke part i nogen aftale, der gælder 30. juni 2024"
    """
    return _Messages(language).render(code, variant, evidence)


#: What a template is to a language: the template, the evidence keys it shows (``None``:
#: all), the language it is in (English where the language has none) and the code's
#: localizer in that language, if any.
_Chosen = tuple[str, "frozenset[str] | None", str, "_Localizer | None"]
_Localizer = Callable[[Mapping[str, Any], str], Mapping[str, Any]]


class _Messages:
    """The messages of one language, rendered as :func:`render` renders them.

    What is the same for every finding of a code and variant (its template, the fields
    it shows, the localizer) is found once, and each evidence text once as each field
    shows it: a check makes one for its thousands of findings.
    """

    def __init__(self, language: str = "en") -> None:
        """Render in ``language`` (English where it has no template)."""
        from velfaerd.i18n import localize  # noqa: PLC0415 - the catalogues load on first use

        self.language = language
        self._localize = localize
        self._chosen: dict[tuple[str, str], _Chosen] = {}
        # Each text of the evidence as a field shows it, by the language and the field.
        self._shown: dict[tuple[str, str, str], str] = {}

    def _choose(self, code: str, variant: str) -> _Chosen:
        chosen = template(code, variant, self.language)
        if chosen is None:
            language_used = "en"
            chosen = MESSAGES["en"].get((code, variant))
            if chosen is None:
                chosen = MESSAGES["en"].get((code, "default"), code)
        else:
            language_used = self.language
        localizer = LOCALIZERS.get(code) if language_used != "en" else None
        found = self._chosen[code, variant] = (chosen, _fields(chosen), language_used, localizer)
        return found

    def render(self, code: str, variant: str, evidence: Mapping[str, Any]) -> str:
        """The message of a code and variant from its evidence (see :func:`render`)."""
        try:
            chosen, fields, language, localizer = self._chosen[code, variant]
        except KeyError:
            chosen, fields, language, localizer = self._choose(code, variant)
        # Every language writes its dates its own way ("1 July 2021"), the evidence ISO.
        # Only what the template shows is written: the rest of the evidence (ids kept for
        # programs, the files left out) costs nothing for thousands of findings.
        values = _Evidence()
        shown, localize = self._shown, self._localize
        for key in evidence if fields is None else fields:
            if key not in evidence:
                continue  # shown as {key}, as str.format_map is told (_Evidence)
            value = evidence[key]
            if type(value) is str:  # most are: the same words, dates and ids again and again
                remembered = (language, key, value)
                written = shown.get(remembered)
                if written is None:
                    written = shown[remembered] = str(localize(key, value, language))
                values[key] = written
            else:
                values[key] = _render_value(localize(key, value, language))
        if localizer is not None:
            for key, value in localizer(evidence, language).items():
                values[key] = _render_value(value)
        try:
            # str.format_map is string.Formatter's vformat in C: the same text, at a
            # fraction of the cost, for the thousands of findings of a first run.
            return chosen.format_map(values)
        except (ValueError, IndexError):  # a template with a positional field: as before
            return string.Formatter().vformat(chosen, (), values)
