"""Baselines: the findings a portfolio already had, so that only new ones are reported.

A municipality adopting velfaerd on old documents writes their findings to a baseline
(``velfaerd check --write-baseline velfaerd-baseline.json``) and checks against it from
then on (``--baseline``, or ``baseline = "…"`` in the configuration): CI fails on a new
problem only. Findings are matched by their :attr:`~velfaerd.Finding.fingerprint`,
which survives edits elsewhere, a move to another file and a change of language.

The file is JSON, sorted and indented so that a reviewer can read its diff: one entry
per fingerprint with the code and subject for a reader, and a ``count`` where the same
fingerprint occurs more than once (say, two reviews missing from one agreement's year).

>>> baseline = Baseline.loads(
...     '{"velfaerd-baseline": 1, "fingerprint-version": 1, "findings": ['
...     '{"code": "COV002", "subject": "trivsel", '
...     '"fingerprint": "0123456789abcdef0123456789abcdef"}]}'
... )
>>> baseline.entries[0].code, len(baseline)
('COV002', 1)
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from velfaerd.errors import BaselineError
from velfaerd.i18n import Text
from velfaerd.report import FINGERPRINT_VERSION

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable, Sequence

    from velfaerd.report import Finding

__all__ = ["BASELINE_VERSION", "MAX_BASELINE_SIZE", "Baseline", "BaselineEntry"]

#: The version of the file's shape (its ``velfaerd-baseline`` key).
BASELINE_VERSION: Final = 1
#: The largest baseline file read: far more than the findings of any portfolio
#: (an entry is about a hundred bytes), and bounded, as every input is.
MAX_BASELINE_SIZE: Final = 32 * 1024 * 1024

_FINGERPRINT = re.compile(r"[0-9a-f]{32}")
_KEYS = ("code", "subject", "fingerprint", "count")


@attrs.frozen(kw_only=True)
class BaselineEntry:
    """One fingerprint of a baseline, ``count`` times, with its code and subject for a reader."""

    code: str
    subject: str
    fingerprint: str
    count: int = 1

    def to_dict(self) -> dict[str, Any]:
        """The entry as the file writes it: ``count`` only where it is more than one."""
        data: dict[str, Any] = {
            "code": self.code,
            "subject": self.subject,
            "fingerprint": self.fingerprint,
        }
        if self.count > 1:
            data["count"] = self.count
        return data


@attrs.frozen(kw_only=True)
class Baseline:
    """The known findings: entries sorted by code, subject and fingerprint.

    Build one from findings (:meth:`of`), read one (:meth:`load`, :meth:`loads`), and
    set its findings aside with :meth:`velfaerd.Report.without`.
    """

    entries: tuple[BaselineEntry, ...] = ()
    source: str | None = attrs.field(default=None, eq=False)

    def __len__(self) -> int:
        """How many findings it knows (entries counted with their ``count``)."""
        return sum(entry.count for entry in self.entries)

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Baseline:
        """The baseline of these findings (what ``--write-baseline`` writes)."""
        counts: Counter[str] = Counter()
        first: dict[str, Finding] = {}
        for finding in findings:
            counts[finding.fingerprint] += 1
            first.setdefault(finding.fingerprint, finding)
        entries = (
            BaselineEntry(
                code=finding.code,
                subject=finding.subject,
                fingerprint=fingerprint,
                count=counts[fingerprint],
            )
            for fingerprint, finding in first.items()
        )
        return cls(entries=_sorted(entries))

    def dumps(self) -> str:
        """The baseline as its file holds it: sorted, indented JSON, alike for alike findings."""
        data = {
            "velfaerd-baseline": BASELINE_VERSION,
            "fingerprint-version": FINGERPRINT_VERSION,
            "findings": [entry.to_dict() for entry in self.entries],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write :meth:`dumps` to ``path`` (UTF-8)."""
        Path(path).write_text(self.dumps(), encoding="utf-8")

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Baseline:
        """Read a baseline file.

        :raises BaselineError: naming the file and what is wrong with it.
        """
        file = Path(path)
        name = str(file)
        try:
            if not file.is_file():
                raise BaselineError(Text("baseline.not-a-file", {"file": name}))
            if file.stat().st_size > MAX_BASELINE_SIZE:
                values = {"file": name, "limit": MAX_BASELINE_SIZE}
                raise BaselineError(Text("baseline.too-large", values))
            data = file.read_bytes()
        except OSError as error:
            values = {"file": name, "reason": error.strerror or str(error)}
            raise BaselineError(Text("baseline.cannot-read", values)) from None
        return cls.loads(data, name)

    @classmethod
    def loads(cls, text: str | bytes, source: str = "<baseline>") -> Baseline:
        """Read a baseline from its JSON text; ``source`` names it in errors.

        :raises BaselineError: naming ``source``, the key and what is wrong.
        """
        try:
            data = json.loads(text)
        except RecursionError:
            raise _error(source, "", Text("baseline.nested")) from None
        except ValueError as error:  # JSONDecodeError, and bytes that are not UTF-8
            said = str(error).splitlines()[0][:200]
            raise _error(source, "", Text("baseline.not-json", {"reason": said})) from None
        return cls(entries=_entries(data, source), source=source)

    def split(self, findings: Sequence[Finding]) -> tuple[list[Finding], list[Finding]]:
        """The findings it does not know, and those it knows (each entry ``count`` times)."""
        left = Counter({entry.fingerprint: entry.count for entry in self.entries})
        new: list[Finding] = []
        known: list[Finding] = []
        for finding in findings:
            if left[finding.fingerprint] > 0:
                left[finding.fingerprint] -= 1
                known.append(finding)
            else:
                new.append(finding)
        return new, known

    def unmatched(self, findings: Iterable[Finding]) -> tuple[BaselineEntry, ...]:
        """Its entries that these findings no longer match (to prune), with what is left.

        An entry of ``count`` 3 matched by one finding is unmatched with ``count`` 2.
        """
        seen = Counter(finding.fingerprint for finding in findings)
        return tuple(
            attrs.evolve(entry, count=entry.count - seen[entry.fingerprint])
            for entry in self.entries
            if seen[entry.fingerprint] < entry.count
        )


def _sorted(entries: Iterable[BaselineEntry]) -> tuple[BaselineEntry, ...]:
    return tuple(sorted(entries, key=lambda e: (e.code, e.subject, e.fingerprint)))


def _error(source: str, where: str, what: Text) -> BaselineError:
    values = {"file": source, "where": f" {where}" if where else "", "what": what}
    return BaselineError(Text("baseline.malformed", values))


def _entries(data: object, source: str) -> tuple[BaselineEntry, ...]:
    """The entries of a baseline's JSON data, every key and value checked."""
    if not isinstance(data, dict):
        raise _error(source, "", Text("baseline.not-an-object"))
    if data.get("velfaerd-baseline") != BASELINE_VERSION:
        found = _shown(data.get("velfaerd-baseline"))
        what = Text("baseline.version", {"expected": BASELINE_VERSION, "found": found})
        raise _error(source, "velfaerd-baseline", what)
    if data.get("fingerprint-version") != FINGERPRINT_VERSION:
        found = _shown(data.get("fingerprint-version"))
        what = Text(
            "baseline.fingerprint-version", {"expected": FINGERPRINT_VERSION, "found": found}
        )
        raise _error(source, "fingerprint-version", what)
    unknown = sorted(set(data) - {"velfaerd-baseline", "fingerprint-version", "findings"})
    if unknown:
        raise _error(source, unknown[0], Text("baseline.unknown-key", {"key": unknown[0]}))
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise _error(source, "findings", Text("baseline.not-a-list"))
    entries: list[BaselineEntry] = []
    seen: set[str] = set()
    for index, item in enumerate(findings):
        entry = _entry(item, source, f"findings[{index}]")
        if entry.fingerprint in seen:
            what = Text("baseline.repeated", {"fingerprint": entry.fingerprint})
            raise _error(source, f"findings[{index}].fingerprint", what)
        seen.add(entry.fingerprint)
        entries.append(entry)
    return _sorted(entries)


def _entry(item: object, source: str, where: str) -> BaselineEntry:
    if not isinstance(item, dict):
        raise _error(source, where, Text("baseline.not-an-object"))
    for key in item:
        if key not in _KEYS:
            raise _error(source, f"{where}.{key}", Text("baseline.unknown-key", {"key": key}))
    for key in ("code", "subject", "fingerprint"):
        if not isinstance(item.get(key), str):
            what = Text("baseline.not-a-string", {"key": key, "found": _shown(item.get(key))})
            raise _error(source, f"{where}.{key}", what)
    if not _FINGERPRINT.fullmatch(item["fingerprint"]):
        what = Text("baseline.not-a-fingerprint", {"found": _shown(item["fingerprint"])})
        raise _error(source, f"{where}.fingerprint", what)
    count = item.get("count", 1)
    if type(count) is not int or count < 1:
        what = Text("baseline.count", {"found": _shown(count)})
        raise _error(source, f"{where}.count", what)
    return BaselineEntry(
        code=item["code"][:100],
        subject=item["subject"][:1000],
        fingerprint=item["fingerprint"],
        count=count,
    )


def _shown(value: object) -> str:
    shown = json.dumps(value, ensure_ascii=False)  # a missing value is JSON's null
    return shown if len(shown) <= 60 else shown[:59] + "…"  # noqa: PLR2004
