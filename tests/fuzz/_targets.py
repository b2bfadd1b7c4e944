"""What the fuzz tests feed, and the properties every input must keep (issue 14).

Each ``run_*`` function takes one input and asserts the properties; the quick tests in
this folder draw inputs with hypothesis, and ``python -m tests.fuzz`` runs the same
functions for as long as it is asked to (see ``tests/fuzz/__main__.py``).

The properties:

- ``load``/``loads``/``from_dict`` return a :class:`~velfaerd.Portfolio` or raise
  :class:`~velfaerd.LoadError`; configuration gives a ``Config`` or a ``ConfigError``;
- ``check`` returns a :class:`~velfaerd.Report`;
- ``loads(dump(p)) == p`` for whatever loads;
- the command line exits 0, 1 or 2, with no traceback and no "internal error";
- nothing writes to an input file.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import velfaerd
from velfaerd.cli import main
from velfaerd.config import Config

ROOT = Path(__file__).parent.parent.parent
SEEDS: tuple[str, ...] = tuple(
    path.read_text(encoding="utf-8")
    for path in sorted(
        [ROOT / "tests" / "data" / "valid.toml", *(ROOT / "examples").glob("*.toml")]
    )
)

#: What a mutation inserts: NUL, a byte order mark, bytes that are not UTF-8, CRLF.
INSERTS: tuple[bytes, ...] = (
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"\r\n",
    b"\r",
    b"[[",
    b"]]",
    b'"',
    b"'''",
    b"=",
    b"\n[x]\n",
    b"\n[[agreements]]\n",
    b"[" * 200,
    b"9" * 400,
    b"\x1b[2J",
)

#: Values of every TOML type (and some that only Python gives ``from_dict``).
RETYPES: tuple[str, ...] = (
    "5",
    "-1",
    "1e400",
    "nan",
    "true",
    "[]",
    "{}",
    "[1, 'a']",
    "2013-01-01",
    "2013-01-01T10:00:00",
    "10:00:00",
    '""',
    '" "',
    '"primo juni 2013"',
    '"uge 53 2015"',
    '"9999"',
    '"999"',
    '"1 år"',
    '"0 days"',
    '"none"',
    "99999999999999999999",
)


def mutate(data: bytes, operations: list[tuple[int, int, int]]) -> bytes:
    """Apply ``(kind, position, argument)`` operations to bytes."""
    for kind, position, argument in operations:
        at = position % (len(data) + 1)
        if kind == 0:  # truncate
            data = data[:at]
        elif kind == 1 and data:  # flip a byte
            index = at % len(data)
            data = data[:index] + bytes([data[index] ^ (1 + argument % 255)]) + data[index + 1 :]
        elif kind == 2:  # insert
            data = data[:at] + INSERTS[argument % len(INSERTS)] + data[at:]
        elif kind == 3:  # duplicate a line
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            line = data[start : end if end >= 0 else len(data)]
            data = data[:start] + line + b"\n" + data[start:]
        elif kind == 4:  # retype the value on this line
            start = data.rfind(b"\n", 0, at) + 1
            equals = data.find(b"=", start)
            end = data.find(b"\n", start)
            if 0 <= equals < (end if end >= 0 else len(data)):
                value = RETYPES[argument % len(RETYPES)].encode()
                data = data[: equals + 1] + b" " + value + data[end if end >= 0 else len(data) :]
        elif kind == 5:  # delete a line
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            data = data[:start] + (data[end + 1 :] if end >= 0 else b"")
        else:  # nest deeply
            data = data[:at] + b"x = " + b"[" * (argument % 3000) + data[at:]
    return data


def check_portfolio(portfolio: velfaerd.Portfolio) -> None:
    """``check`` gives a report, and the portfolio survives ``dump`` and ``loads``."""
    report = velfaerd.check(portfolio)
    assert isinstance(report, velfaerd.Report)
    assert isinstance(report.to_dict(), dict)
    text = velfaerd.dump(portfolio)
    assert velfaerd.loads(text) == portfolio


def run_text(text: str) -> None:
    """``loads`` gives a portfolio or a LoadError; a portfolio passes check_portfolio."""
    try:
        portfolio = velfaerd.loads(text, source="fuzz.toml")
    except velfaerd.LoadError as error:
        _check_error(error)
        return
    check_portfolio(portfolio)


def _check_error(error: velfaerd.LoadError) -> None:
    problems = error.problems
    assert problems
    assert all(problem.code.startswith("LOAD") for problem in problems)
    assert str(error)


def run_bytes(data: bytes, folder: Path) -> None:
    """``load`` of the bytes in a file, and the file is not written."""
    path = folder / "fuzz.toml"
    path.write_bytes(data)
    before = path.stat().st_mtime_ns
    try:
        portfolio = velfaerd.load(path)
    except velfaerd.LoadError as error:
        _check_error(error)
    else:
        check_portfolio(portfolio)
    partial, _ = velfaerd.load_partial([path])
    assert isinstance(partial, velfaerd.Portfolio)
    assert path.read_bytes() == data
    assert path.stat().st_mtime_ns == before


def run_dict(data: Any) -> None:
    """``from_dict`` gives a portfolio or a LoadError."""
    try:
        portfolio = velfaerd.from_dict(data)
    except velfaerd.LoadError as error:
        _check_error(error)
        return
    check_portfolio(portfolio)


def run_config(data: Any) -> None:
    """A configuration table gives a Config or a ConfigError, and the Config works."""
    try:
        config = Config.from_mapping(data) if isinstance(data, dict) else Config(select=data)
    except velfaerd.ConfigError:
        return
    velfaerd.check(velfaerd.Portfolio(), config=config)


def run_config_text(text: bytes, folder: Path, name: str) -> None:
    """A configuration file gives a Config or a ConfigError."""
    path = folder / name
    path.write_bytes(text)
    message = "-"
    try:
        Config.from_file(path)
    except velfaerd.ConfigError as error:
        message = str(error)
    assert message


def run_cli(arguments: list[str], files: dict[str, bytes]) -> int:
    """Run the command line in a fresh folder; exit 0, 1 or 2, no traceback, no writes."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for file_name, data in files.items():
            (folder / file_name).write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        here = Path.cwd()
        os.chdir(folder)  # contextlib.chdir is Python 3.11's
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(arguments)
        finally:
            os.chdir(here)
        assert code in {0, 1, 2}, (code, err.getvalue())
        assert "internal error" not in err.getvalue(), err.getvalue()
        assert "Traceback" not in err.getvalue() + out.getvalue()
        for file_name, data in files.items():
            assert (folder / file_name).read_bytes() == data, file_name
        return code
