"""What loading and checking give on fixed inputs: findings, problems, lines, origins.

``tests/data/golden/golden.json`` holds this snapshot as the loader gave it before the
loading was rewritten for speed (lines on demand, cheap provenance, cattrs' fast
path, the cache); ``tests/test_golden.py`` asserts that nothing has changed since.
Regenerate it only for a deliberate change of behaviour, from the repository root:

    python -m tests._golden
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from tests._cli import check

import velfaerd

if TYPE_CHECKING:
    from collections.abc import Iterator

    from velfaerd.report import Finding

__all__ = ["GOLDEN", "INPUTS", "snapshot"]

ROOT = Path(__file__).parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden" / "golden.json"
#: Directories checked as a whole, relative to the repository root.
INPUTS = ("examples", "tests/data/golden/portfolio")
#: Files of load problems, relative to the repository root.
BROKEN = ROOT / "tests" / "data" / "golden" / "broken"
#: The day "now" means for the rules that need one.
_AS_OF = dt.date(2016, 6, 1)


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "subject": finding.subject,
        "source": finding.source,
        "path": finding.path,
        "line": finding.line,
        "variant": finding.variant,
    }


def _objects(value: object) -> Iterator[object]:
    """Every model object below ``value``, depth first, in field order."""
    for field in attrs.fields(type(value)):  # type: ignore[arg-type]
        if field.name == "origin":
            continue
        item = getattr(value, field.name)
        for element in item if isinstance(item, tuple) else (item,):
            if attrs.has(type(element)) and hasattr(element, "origin"):
                yield element
                yield from _objects(element)


def _origins(portfolio: velfaerd.Portfolio) -> list[Any]:
    rows: list[Any] = []
    for obj in _objects(portfolio):
        origin = getattr(obj, "origin", None)
        if origin is None:
            rows.append(None)
        else:
            rows.append(
                [origin.source, origin.path, origin.line, dict(sorted(origin.keys.items()))]
            )
    return rows


def _cli(*arguments: str) -> str:
    code, out, err = check(*arguments)
    return f"exit {code}\n{out}{err}"


def snapshot(*cli_options: str) -> dict[str, Any]:
    """The snapshot; must be taken with the repository root as the working directory.

    :param cli_options: options added to each ``velfaerd check`` (such as a cache
        directory), which must not change what it prints.
    """
    result: dict[str, Any] = {}
    for directory in INPUTS:
        portfolio = velfaerd.load(directory)
        report = velfaerd.check(portfolio)
        dated = velfaerd.check(portfolio, as_of=_AS_OF)
        result[directory] = {
            "findings": [_finding(f) for f in report.findings],
            "waived": [_finding(f) for f in report.waived],
            "as_of": [_finding(f) for f in dated.findings],
            "origins": _origins(portfolio),
            "cli": _cli(directory, *cli_options),
            "cli-json": _cli(directory, "--output-format", "json", *cli_options),
            "cli-da": _cli(directory, "--lang", "da", *cli_options),
        }
    for path in sorted(BROKEN.glob("*.toml")):
        relative = path.relative_to(ROOT).as_posix()
        try:
            velfaerd.load(relative)
        except velfaerd.LoadError as error:
            problems = [
                [p.code, p.message, p.source, p.path, p.line, p.column] for p in error.problems
            ]
        else:  # pragma: no cover - every broken file is broken
            problems = []
        text = path.read_text(encoding="utf-8")
        try:
            velfaerd.loads(text, source=path.name)
        except velfaerd.LoadError as error:
            from_text = [[p.code, p.message, p.path, p.line, p.column] for p in error.problems]
        else:  # pragma: no cover
            from_text = []
        result[relative] = {
            "problems": problems,
            "loads": from_text,
            "cli": _cli(relative, *cli_options),
            "cli-da": _cli(relative, "--lang", "da", *cli_options),
        }
    result["broken-together"] = _cli(BROKEN.relative_to(ROOT).as_posix(), *cli_options)
    return result


if __name__ == "__main__":
    GOLDEN.write_text(
        json.dumps(snapshot(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )
