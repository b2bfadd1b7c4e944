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
import enum
import functools
import heapq
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs
import tomli
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)

from velfaerd._convert import Document, converter, described, fast_converter, known_keys
from velfaerd._files import DEFAULT_MAX_FILE_SIZE, StrPath, discover
from velfaerd._files import read_bytes as _read_bytes
from velfaerd._gc import paused_gc
from velfaerd._locate import KeyLines, join_key, locate
from velfaerd._provenance import FileLines, record
from velfaerd._resolve import resolve_agreements
from velfaerd._texts import shortened
from velfaerd.errors import LoadError, Problem, VelfaerdError
from velfaerd.i18n import Text
from velfaerd.model import Portfolio

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = [
    "MAX_PROBLEMS_PER_FILE",
    "UNPARSED",
    "FileLoader",
    "LeftOut",
    "StrPath",
    "from_dict",
    "load",
    "load_bytes",
    "load_file",
    "load_found",
    "load_partial",
    "load_partial_with",
    "load_with",
    "loads",
    "parse_bytes",
    "read_bytes",
]

_BOM = "\ufeff"


class Unparsed(enum.Enum):
    """No parse given: :func:`load_bytes` parses the bytes itself."""

    TOKEN = 0


UNPARSED: Final = Unparsed.TOKEN

#: A file reports at most this many load problems; one more says how many were left out.
MAX_PROBLEMS_PER_FILE = 200
#: The problems of a file that fails to load name their lines up to this many
#: characters; beyond, they name key paths only (finding lines costs more than loading).
MAX_LOCATED_FAILURE = 1 << 20


def load(paths: StrPath | Iterable[StrPath], *, max_file_size: int | None = None) -> Portfolio:
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

    Only regular files are read, each of at most ``max_file_size`` bytes (64 MiB
    unless given); a larger one, a FIFO or a device is a ``LOAD001`` problem.
    """
    portfolio, error = load_partial(paths, max_file_size=max_file_size)
    if error is not None:
        raise error
    return portfolio


def load_partial(
    paths: StrPath | Iterable[StrPath], *, max_file_size: int | None = None
) -> tuple[Portfolio, LoadError | None]:
    r"""Load what can be loaded: the portfolio of every file that loads, and the problems.

    The command line's behaviour: a file that cannot be loaded is left out, and its
    problems are in the :class:`~velfaerd.errors.LoadError` (``None`` when every file
    loaded). The error also says which ids the files left out define
    (``defined``: their TOML could be read, their model could not) and which files
    could not be read at all (``unreadable``), so that :func:`velfaerd.check` does not
    report references to them as unknown.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.toml").write_text(
    ...     '[[actors]]\nid = "byraadet"\nname = "Byrådet"\nkind = "council"\n',
    ...     encoding="utf-8",
    ... )
    >>> _ = (folder / "b.toml").write_text('[[actors]]\nid = "skolen"\n', encoding="utf-8")
    >>> portfolio, error = load_partial(folder)
    >>> [actor.id for actor in portfolio.actors], sorted(error.defined)
    (['byraadet'], ['skolen'])
    """
    return load_partial_with(paths, functools.partial(load_file, max_file_size=max_file_size))


#: How one file becomes a document: ``(path, source, problems)`` to the document; or,
#: with its problems added, the ids the file defines when its TOML was read but its
#: model failed (:data:`LeftOut`), or ``None`` when it could not be read as TOML.
#: :func:`load_file` reads, parses and structures it; the command line's cache gives
#: one that may find it in the cache first.
FileLoader = Callable[[Path, str, list[Problem]], "Document | LeftOut | None"]

#: The ids that a file whose TOML was read, but whose model failed, defines.
LeftOut = frozenset[str]


def load_with(paths: StrPath | Iterable[StrPath], load_one: FileLoader) -> Portfolio:
    """:func:`load`, with each file loaded by ``load_one``."""
    portfolio, error = load_partial_with(paths, load_one)
    if error is not None:
        raise error
    return portfolio


def load_partial_with(
    paths: StrPath | Iterable[StrPath],
    load_one: FileLoader,
    *,
    prefetch: Callable[[list[Path]], None] | None = None,
) -> tuple[Portfolio, LoadError | None]:
    """:func:`load_partial`, with each file loaded by ``load_one``.

    ``prefetch`` is given every file found, in the order they will be loaded, before
    the first is (to parse them in other processes); the problems stay in order.
    """
    problems: list[Problem] = []
    return load_found(_in_order(paths, problems, prefetch), problems, load_one)


def load_found(
    files: Iterable[Path],
    problems: list[Problem],
    load_one: FileLoader,
    *,
    prefetch: Callable[[list[Path]], None] | None = None,
) -> tuple[Portfolio, LoadError | None]:
    """:func:`load_partial_with` of files already found, after the ``problems`` found so far.

    ``files`` may be :func:`~velfaerd._files.discover`'s generator, which adds its
    problems to ``problems`` as it goes, or a list it gave. ``prefetch`` is given the
    files (which are then listed first) before the first is loaded.
    """
    if prefetch is not None:
        files = list(files)
        prefetch(files)
    documents: list[Document] = []
    defined: set[str] = set()
    unreadable: list[str] = []
    found = 0
    # Paused once for every file: re-enabled between files, the collector would walk
    # all that was loaded before again and again. What is loaded is kept: long-lived.
    with paused_gc(long_lived=True):
        for path in files:
            found += 1
            source = str(path)
            before = len(problems)
            loaded = load_one(path, source, problems)
            if isinstance(loaded, Document):
                documents.append(loaded)
            elif len(problems) > before:
                if loaded is None:
                    unreadable.append(source)
                else:
                    defined.update(loaded)
        portfolio = _merge(documents)
        del documents
    error = (
        LoadError(problems, defined=defined, unreadable=unreadable, files=found)
        if problems
        else None
    )
    return portfolio, error


def _in_order(
    paths: StrPath | Iterable[StrPath],
    problems: list[Problem],
    prefetch: Callable[[list[Path]], None] | None,
) -> Iterator[Path]:
    """The files :func:`discover` finds; with ``prefetch``, all found before the first."""
    if prefetch is None:
        yield from discover(paths, problems)
        return
    steps: list[Path | list[Problem]] = []
    found: list[Problem] = []
    for path in discover(paths, found):
        if found:
            steps.append(found[:])
            found.clear()
        steps.append(path)
    if found:
        steps.append(found)
    prefetch([step for step in steps if isinstance(step, Path)])
    for step in steps:
        if isinstance(step, Path):
            yield step
        else:
            problems.extend(step)


def _ids(data: object) -> set[str]:
    """Every string ``id`` in the tables of parsed TOML (without recursion)."""
    found: set[str] = set()
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            value = item.get("id")
            if isinstance(value, str):
                found.add(value)
            pending.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            pending.extend(v for v in item if isinstance(v, (dict, list)))
    return found


def load_file(
    path: Path, source: str, problems: list[Problem], *, max_file_size: int | None = None
) -> Document | LeftOut | None:
    """Read, parse and structure one file, with the origins of its objects.

    A :data:`FileLoader` (with the size limit given), for :func:`load_partial_with`.
    """
    data = read_bytes(path, source, problems, max_file_size)
    if data is None:
        return None
    loaded = load_bytes(data, source, problems)
    if isinstance(loaded, Document):
        record(loaded, FileLines(source, data))
    return loaded


def parse_bytes(data: bytes, source: str, problems: list[Problem]) -> dict[str, object] | None:
    """Decode and parse a file's bytes: its TOML as dicts, or ``None`` with the problems.

    The part of loading that ``velfaerd check --jobs`` runs in other processes.
    """
    text = _decode(data, source, problems)
    if text is None:
        return None
    with paused_gc():
        return _toml(text, source, problems)


def load_bytes(
    data: bytes,
    source: str,
    problems: list[Problem],
    *,
    parsed: dict[str, object] | Unparsed | None = UNPARSED,
) -> Document | LeftOut | None:
    """Decode, parse and structure a file's bytes, without origins (see :func:`record`).

    When the model fails, the ids that the file's TOML defines; when the bytes are not
    TOML, ``None``; the problems in either case are added to ``problems``. ``parsed``
    is what :func:`parse_bytes` gave for these bytes, when it was run elsewhere (its
    problems are the caller's to add).
    """
    if isinstance(parsed, Unparsed):
        parsed = parse_bytes(data, source, problems)
    if parsed is None:
        return None
    with paused_gc():
        document = _structure(parsed, source, data, problems)
    return document if document is not None else frozenset(_ids(parsed))


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
    with paused_gc(long_lived=True):
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
    _string_keys(data, source, problems)
    document = None if problems else _structure(data, source, None, problems)
    if problems or document is None:
        raise LoadError(problems)
    record(document, FileLines(source, None))
    return _merge([document])


def _string_keys(data: object, source: str, problems: list[Problem]) -> None:
    """A problem for each table key that is not a string (TOML has no other keys)."""
    pending: list[tuple[str, object]] = [("", data)]
    while pending and len(problems) < MAX_PROBLEMS_PER_FILE:
        path, item = pending.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(key, str):
                    pending.append((_join(path, key), value))
                else:
                    said = Text("problem.key-not-string", {"found": described(key)})
                    problems.append(_problem("LOAD003", said, source=source, path=path))
        elif isinstance(item, (list, tuple)):
            pending.extend((_join(path, number), value) for number, value in enumerate(item))


def read_bytes(
    path: Path, source: str, problems: list[Problem], max_file_size: int | None = None
) -> bytes | None:
    """The bytes of a regular file within the size limit (64 MiB unless given).

    ``None``, with the problem, when it cannot be read, is not a regular file (a
    FIFO or a device is refused without reading) or is larger than the limit.
    """
    limit = DEFAULT_MAX_FILE_SIZE if max_file_size is None else max_file_size
    return _read_bytes(path, source, problems, limit)


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
        data = _toml(text, source, problems)
        if data is None:
            return None
        return _structure(data, source, text, problems)


def _toml(text: str, source: str, problems: list[Problem]) -> dict[str, object] | None:
    try:
        return tomli.loads(text)
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
    except ValueError as error:
        # A number too long to convert (Python's int_max_str_digits), not a TOML error.
        said = Text("problem.invalid-toml", {"reason": _shorten(str(error))})
        problems.append(_problem("LOAD002", said, source=source))
        return None


def _shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _structure(
    data: object, source: str, text: str | bytes | None, problems: list[Problem]
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
    data: object, source: str, text: str | bytes | None, problems: list[Problem]
) -> Document | None:
    """Structure again with every problem collected, each with its key path and line.

    ``text`` is the file's text, or its bytes (which decoded as UTF-8 to be parsed).
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8").removeprefix(_BOM)
    try:
        document = converter.structure(data, Document)
    except (BaseValidationError, VelfaerdError, ValueError, TypeError) as error:
        # The lines are only scanned here, when a problem needs them, and only where
        # that is cheap: a huge file (hostile, or generated) is reported by key paths.
        small = text is not None and len(text) <= MAX_LOCATED_FAILURE
        with paused_gc():
            lines = locate(text) if text is not None and small else None
        before = len(problems)
        sink = _Sink(source, lines, problems, before + MAX_PROBLEMS_PER_FILE, {})
        _collect(error, "", Document, sink)
        if len(problems) == before:  # pragma: no cover - every error names a path
            problems.append(Problem(code="LOAD003", message=str(error), source=source))
        # In the order of the file, as a reader fixes them.
        problems[before:] = sorted(problems[before:], key=_reading_order)
        problems.extend(
            _problem(
                code,
                Text(
                    "problem.left-out",
                    {"count": count, "code": code, "limit": MAX_PROBLEMS_PER_FILE},
                ),
                source=source,
            )
            for code, count in sorted(sink.dropped.items())
        )
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
    limit: int  # the length of ``problems`` beyond which problems are only counted
    dropped: dict[str, int]  # how many were only counted, by code

    def full(self, code: str, count: int = 1) -> bool:
        """Whether there is no room for a problem; if so, count ``count`` dropped."""
        if len(self.problems) < self.limit:
            return False
        self.dropped[code] = self.dropped.get(code, 0) + count
        return True


def _code(error: BaseException) -> str:
    if isinstance(error, ForbiddenExtraKeysError):
        return "LOAD004"
    return "LOAD005" if isinstance(error, KeyError) else "LOAD003"


def _collect(error: BaseException, path: str, cl: type | None, sink: _Sink) -> None:
    source, lines, problems = sink.source, sink.lines, sink.problems
    if not isinstance(error, BaseValidationError) and sink.full(
        _code(error), len(getattr(error, "extra_fields", ())) or 1
    ):
        return
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
        room = max(sink.limit - len(problems), 0)
        shown = heapq.nsmallest(room, error.extra_fields)
        if len(error.extra_fields) > room:
            sink.dropped["LOAD004"] = (
                sink.dropped.get("LOAD004", 0) + len(error.extra_fields) - room
            )
        for key in shown:
            key_path = _join(path, key)
            hint = difflib.get_close_matches(key, keys, n=1)
            quoted = shortened(key)  # the key path has it whole
            said = (
                Text("problem.unknown-key-near", {"key": quoted, "near": hint[0]})
                if hint
                else Text("problem.unknown-key", {"key": quoted, "keys": ", ".join(keys)})
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
