"""Loading: files and directories → TOML text → dicts → the model.

Every problem in every file is gathered before anything is raised, and raised at
once as one :class:`~velfaerd.errors.LoadError`. Nothing from a dependency escapes:
unreadable files, text that is not UTF-8, malformed TOML, a nesting too deep for the
parser, wrong types, unknown and missing keys all become
:class:`~velfaerd.errors.Problem` objects with a file, a key path and, where it can be
found, a line.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import tomli
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)

from velfaerd._convert import Document, converter, fast_converter, known_keys
from velfaerd._gc import paused_gc
from velfaerd._locate import KeyLines, join_key, locate
from velfaerd._provenance import FileLines, record
from velfaerd._resolve import resolve_agreements
from velfaerd.errors import LoadError, Problem, VelfaerdError
from velfaerd.i18n import Text
from velfaerd.model import Portfolio

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = [
    "FileLoader",
    "from_dict",
    "load",
    "load_bytes",
    "load_file",
    "load_with",
    "loads",
    "read_bytes",
]

StrPath = str | os.PathLike[str]

_BOM = "\ufeff"

# Configuration, not agreement data: skipped when a directory is walked.
_CONFIG_FILES = frozenset({"pyproject.toml", "velfaerd.toml"})


def load(paths: StrPath | Iterable[StrPath]) -> Portfolio:
    r"""Load TOML files, and every ``*.toml`` below directories, into one portfolio.

    Files are read in sorted order, so the result does not depend on the file
    system. Below a directory, hidden files and directories (a name starting with
    ``.``) and the configuration files ``pyproject.toml`` and ``velfaerd.toml`` are
    skipped; named explicitly, any file is read.

    :raises LoadError: listing every problem in every file.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "aktører.toml").write_text(
    ...     '[[actors]]\nid = "byraadet"\nname = "Byrådet"\nkind = "council"\n',
    ...     encoding="utf-8",
    ... )
    >>> [actor.name for actor in load(folder).actors]
    ['Byrådet']
    """
    return load_with(paths, load_file)


#: How one file becomes a document: ``(path, source, problems)`` to the document, or
#: ``None`` with its problems added. :func:`load_file` reads, parses and structures it;
#: the command line's cache gives one that may find it in the cache first.
FileLoader = Callable[[Path, str, list[Problem]], "Document | None"]


def load_with(paths: StrPath | Iterable[StrPath], load_one: FileLoader) -> Portfolio:
    """:func:`load`, with each file loaded by ``load_one``."""
    problems: list[Problem] = []
    documents: list[Document] = []
    # Paused once for every file: re-enabled between files, the collector would walk
    # all that was loaded before again and again.
    with paused_gc():
        for path in _discover(paths, problems):
            document = load_one(path, str(path), problems)
            if document is not None:
                documents.append(document)
    if problems:
        raise LoadError(problems)
    return _merge(documents)


def load_file(path: Path, source: str, problems: list[Problem]) -> Document | None:
    """Read, parse and structure one file, with the origins of its objects."""
    data = read_bytes(path, source, problems)
    if data is None:
        return None
    document = load_bytes(data, source, problems)
    if document is not None:
        record(document, FileLines(source, data))
    return document


def load_bytes(data: bytes, source: str, problems: list[Problem]) -> Document | None:
    """Decode, parse and structure a file's bytes, without origins (see :func:`record`)."""
    text = _decode(data, source, problems)
    if text is None:
        return None
    return _parse(text, source, problems)


def loads(text: str, source: str = "<string>") -> Portfolio:
    """Load a portfolio from TOML text; ``source`` names it in problems and findings.

    >>> portfolio = loads('''
    ... [[agreements]]
    ... id = "aftale"
    ... title = "Samarbejdsaftale"
    ... kind = "cooperation"
    ... parties = ["byraadet", "skolen"]
    ... start = "januar 2015"
    ... end = "december 2016"
    ... ''')
    >>> agreement = portfolio.agreement("aftale")
    >>> agreement.start, agreement.end
    (datetime.date(2015, 1, 1), datetime.date(2016, 12, 31))

    :raises LoadError: listing every problem in the text.
    """
    _require_str(text)
    problems: list[Problem] = []
    text = text.removeprefix(_BOM)
    document = _parse(text, source, problems)
    if problems or document is None:
        raise LoadError(problems)
    record(document, FileLines(source, text))
    return _merge([document])


def _require_str(text: object) -> None:
    if not isinstance(text, str):
        msg = f"loads() takes a str, not {type(text).__name__}"
        raise TypeError(msg)


def from_dict(data: object, source: str = "<dict>") -> Portfolio:
    """Load a portfolio from what a TOML parser gives (nested dicts and lists).

    >>> from_dict({"actors": [{"id": "bfu", "name": "BFU", "kind": "committee"}]}).actors[0].id
    'bfu'

    :raises LoadError: listing every problem in the data.
    """
    problems: list[Problem] = []
    document = _structure(data, source, None, problems)
    if problems or document is None:
        raise LoadError(problems)
    record(document, FileLines(source, None))
    return _merge([document])


def _discover(paths: StrPath | Iterable[StrPath], problems: list[Problem]) -> Iterator[Path]:
    given = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not given:
        problems.append(_problem("LOAD001", Text("problem.no-paths"), source="<none>"))
    for raw in given:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                candidate
                for candidate in path.rglob("*.toml")
                if candidate.is_file()
                and candidate.name not in _CONFIG_FILES
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
            )
            if not found:
                problems.append(
                    _problem("LOAD001", Text("problem.empty-directory"), source=str(path))
                )
            yield from found
        elif path.exists():
            yield path
        else:
            problems.append(_problem("LOAD001", Text("problem.no-such-file"), source=str(path)))


def read_bytes(path: Path, source: str, problems: list[Problem]) -> bytes | None:
    """The bytes of a file, or ``None`` with the problem that it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        problems.append(
            _problem("LOAD001", Text("problem.cannot-read", {"reason": reason}), source=source)
        )
        return None


def _decode(data: bytes, source: str, problems: list[Problem]) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(
            _problem(
                "LOAD001",
                Text(
                    "problem.not-utf8",
                    {"byte": f"{data[error.start]:02x}", "offset": error.start},
                ),
                source=source,
                line=line,
                column=column,
            )
        )
        return None
    # A byte order mark is what some Windows editors write: accept it.
    return text.removeprefix(_BOM)


def _parse(text: str, source: str, problems: list[Problem]) -> Document | None:
    with paused_gc():
        try:
            data = tomli.loads(text)
        except tomli.TOMLDecodeError as error:
            problems.append(
                _problem(
                    "LOAD002",
                    Text("problem.invalid-toml", {"reason": getattr(error, "msg", str(error))}),
                    source=source,
                    line=getattr(error, "lineno", None),
                    column=getattr(error, "colno", None),
                )
            )
            return None
        except RecursionError:
            problems.append(_problem("LOAD001", Text("problem.too-deep-parser"), source=source))
            return None
        return _structure(data, source, text, problems)


def _structure(
    data: object, source: str, text: str | None, problems: list[Problem]
) -> Document | None:
    """Structure one file's data: fast while it is valid, in detail when it is not.

    The document has no origins yet: :func:`record` gives them.
    """
    document: Document | None
    try:
        document = fast_converter.structure(data, Document)
    except Exception:  # noqa: BLE001 - whatever it is, the detailed pass explains it
        document = _structure_in_detail(data, source, text, problems)
    if document is None:
        return None
    # Relative dates need the whole agreement: resolved once it is structured.
    return attrs.evolve(document, agreements=resolve_agreements(document.agreements))


def _structure_in_detail(
    data: object, source: str, text: str | None, problems: list[Problem]
) -> Document | None:
    """Structure again with every problem collected, each with its key path and line."""
    with paused_gc():  # the lines are only scanned here, when a problem needs them
        lines = locate(text) if text is not None else None
    try:
        document = converter.structure(data, Document)
    except (BaseValidationError, VelfaerdError, ValueError, TypeError) as error:
        before = len(problems)
        _collect(error, "", Document, _Sink(source, lines, problems))
        if len(problems) == before:  # pragma: no cover - every error names a path
            problems.append(Problem(code="LOAD003", message=str(error), source=source))
        # In the order of the file, as a reader fixes them.
        problems[before:] = sorted(problems[before:], key=_reading_order)
        return None
    except RecursionError:
        problems.append(_problem("LOAD001", Text("problem.too-deep-data"), source=source))
        return None
    # What the fast pass refused, the detailed pass refuses too; should it not, the
    # document is good.
    return document  # pragma: no cover


def _reading_order(problem: Problem) -> tuple[bool, int, str]:
    return (problem.line is None, problem.line or 0, problem.path)


def _join(path: str, segment: str | int) -> str:
    if isinstance(segment, int):
        return f"{path}[{segment}]"
    return join_key(path, segment)


def _line(lines: KeyLines | None, path: str) -> int | None:
    return None if lines is None else lines.nearest(path)


@attrs.frozen
class _Sink:
    """Where the problems of one document go, with what locates them."""

    source: str
    lines: KeyLines | None
    problems: list[Problem]


def _collect(error: BaseException, path: str, cl: type | None, sink: _Sink) -> None:
    source, lines, problems = sink.source, sink.lines, sink.problems
    if isinstance(error, BaseValidationError):
        child_cl = getattr(error, "cl", None)
        for sub in error.exceptions:
            note = _note(sub)
            if isinstance(note, AttributeValidationNote):
                _collect(sub, _join(path, note.name), _attrs_class(note.type), sink)
            elif isinstance(note, IterableValidationNote):
                _collect(sub, _join(path, note.index), _attrs_class(note.type), sink)
            else:
                _collect(sub, path, _attrs_class(child_cl) or cl, sink)
        return
    if isinstance(error, ForbiddenExtraKeysError):
        keys = known_keys(error.cl)
        for key in sorted(error.extra_fields):
            key_path = _join(path, key)
            hint = difflib.get_close_matches(key, keys, n=1)
            said = (
                Text("problem.unknown-key-near", {"key": key, "near": hint[0]})
                if hint
                else Text("problem.unknown-key", {"key": key, "keys": ", ".join(keys)})
            )
            problems.append(
                _problem(
                    "LOAD004",
                    said,
                    source=source,
                    path=key_path,
                    line=_line(lines, key_path),
                )
            )
        return
    if isinstance(error, KeyError):
        key = path.rsplit(".", 1)[-1]
        owner = path.rsplit(".", 1)[0] if "." in path else ""
        problems.append(
            _problem(
                "LOAD005",
                Text("problem.missing-key", {"key": key}),
                source=source,
                path=path,
                line=_line(lines, owner),
            )
        )
        return
    problems.append(
        Problem(
            code="LOAD003",
            message=_message(error),
            text=_said(error),
            source=source,
            path=path,
            line=_line(lines, path),
        )
    )


def _problem(
    code: str,
    said: Text,
    *,
    source: str,
    path: str = "",
    line: int | None = None,
    column: int | None = None,
) -> Problem:
    """A problem whose message is ``said``, in English and ready for other languages."""
    return Problem(
        code=code,
        message=said.render(),
        text=said,
        source=source,
        path=path,
        line=line,
        column=column,
    )


def _said(error: BaseException) -> Text | None:
    # The message in the catalogues' terms, where the error was written from them.
    said = getattr(error, "said", None)
    return said if isinstance(said, Text) else None


def _message(error: BaseException) -> str:
    text = str(error)
    if isinstance(error, (VelfaerdError, ValueError)) and text:
        return text
    return f"invalid value: {text or type(error).__name__}"  # pragma: no cover


def _note(error: BaseException) -> AttributeValidationNote | IterableValidationNote | None:
    for note in reversed(getattr(error, "__notes__", ())):
        if isinstance(note, (AttributeValidationNote, IterableValidationNote)):
            return note
    return None


def _attrs_class(cl: object) -> type | None:
    return cl if isinstance(cl, type) and attrs.has(cl) else None


def _merge(documents: list[Document]) -> Portfolio:
    return Portfolio(
        municipalities=tuple(d.municipality for d in documents if d.municipality is not None),
        actors=tuple(item for d in documents for item in d.actors),
        policies=tuple(item for d in documents for item in d.policies),
        principles=tuple(item for d in documents for item in d.principles),
        approval_processes=tuple(item for d in documents for item in d.approval_processes),
        agreements=tuple(item for d in documents for item in d.agreements),
    )
