"""Loading: files and directories → TOML text → dicts → the model.

Every problem in every file is gathered before anything is raised, and raised at
once as one :class:`~velfaerd.errors.LoadError`. Nothing from a dependency escapes:
unreadable files, text that is not UTF-8, malformed TOML, a nesting too deep for the
parser, wrong types, unknown and missing keys all become
:class:`~velfaerd.errors.Problem` objects with a file, a key path and, where it can be
found, a line.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs
import tomli

from velfaerd._gc import paused_gc
from velfaerd.errors import LoadError, Problem
from velfaerd.format._convert import Document, fast_converter
from velfaerd.format._files import DEFAULT_MAX_FILE_SIZE, StrPath, discover
from velfaerd.format._files import read_bytes as _read_bytes
from velfaerd.format._problems import (
    BOM,
    MAX_PROBLEMS_PER_FILE,
    problem,
    string_keys,
    structure_in_detail,
)
from velfaerd.format._provenance import FileLines, record
from velfaerd.format._resolve import resolve_agreements, unmatched_occurrences
from velfaerd.i18n import Text
from velfaerd.model import STRUCTURE, Portfolio

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from velfaerd.format._sections import Sections, Structured

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
    "loads",
    "parse_bytes",
    "read_bytes",
]


class Unparsed(enum.Enum):
    """No parse given: :func:`load_bytes` parses the bytes itself."""

    TOKEN = 0


UNPARSED: Final = Unparsed.TOKEN


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

    ``files`` may be :func:`~velfaerd.format._files.discover`'s generator, which adds its
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


def parse_bytes(
    data: bytes, source: str, problems: list[Problem], sections: Sections | None = None
) -> dict[str, object] | None:
    """Decode and parse a file's bytes: its TOML as dicts, or ``None`` with the problems.

    The part of loading that ``velfaerd check --jobs`` runs in other processes. With
    ``sections``, the text is parsed from the sections of texts parsed before where
    that gives what parsing it whole gives (a revision of a file parsed before), and
    otherwise whole, and its sections are kept for the next.
    """
    text = _decode(data, source, problems)
    if text is None:
        return None
    with paused_gc():
        if sections is not None:
            relative = sections.parse(text)
            if relative is not None:
                return relative
        parsed = _toml(text, source, problems)
        if parsed is not None and sections is not None:
            sections.learn(text, parsed)
        return parsed


def load_bytes(
    data: bytes,
    source: str,
    problems: list[Problem],
    *,
    parsed: dict[str, object] | Unparsed | None = UNPARSED,
    structured: Structured | None = None,
) -> Document | LeftOut | None:
    """Decode, parse and structure a file's bytes, without origins (see :func:`record`).

    When the model fails, the ids that the file's TOML defines; when the bytes are not
    TOML, ``None``; the problems in either case are added to ``problems``. ``parsed``
    is what :func:`parse_bytes` gave for these bytes, when it was run elsewhere (its
    problems are the caller's to add). ``structured`` copies the objects of tables it
    structured before (:class:`~velfaerd.format._sections.Structured`).
    """
    if isinstance(parsed, Unparsed):
        parsed = parse_bytes(data, source, problems)
    if parsed is None:
        return None
    with paused_gc():
        document = _structure(parsed, source, data, problems, structured)
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
    text = text.removeprefix(BOM)
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
    string_keys(data, source, problems)
    document = None if problems else _structure(data, source, None, problems)
    if problems or document is None:
        raise LoadError(problems)
    record(document, FileLines(source, None))
    return _merge([document])


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
            problem(
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
    return text.removeprefix(BOM)


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
            problem(
                "LOAD002",
                Text("problem.invalid-toml", {"reason": getattr(error, "msg", str(error))}),
                source=source,
                line=getattr(error, "lineno", None),
                column=getattr(error, "colno", None),
            )
        )
        return None
    except RecursionError:
        problems.append(problem("LOAD001", Text("problem.too-deep-parser"), source=source))
        return None
    except ValueError as error:
        # A number too long to convert (Python's int_max_str_digits), not a TOML error.
        said = Text("problem.invalid-toml", {"reason": _shorten(str(error))})
        problems.append(problem("LOAD002", said, source=source))
        return None


def _shorten(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _structure(
    data: object,
    source: str,
    text: str | bytes | None,
    problems: list[Problem],
    structured: Structured | None = None,
) -> Document | None:
    """Structure one file's data: fast while it is valid, in detail when it is not.

    The document has no origins yet: :func:`record` gives them.
    """
    document: Document | None
    try:
        if structured is None:
            document = fast_converter.structure(data, Document)
        else:
            document = structured.structure(data)
    except Exception:  # noqa: BLE001 - whatever it is, the detailed pass explains it
        document = structure_in_detail(data, source, text, problems)
    if document is None:
        return None
    # Relative dates need the whole agreement: resolved once it is structured.
    document = attrs.evolve(document, agreements=resolve_agreements(document.agreements))
    # So does the occurrence each record of what happened names.
    return _occurrences_named(document, source, text, problems)


def _occurrences_named(
    document: Document, source: str, text: str | bytes | None, problems: list[Problem]
) -> Document | None:
    """The document, or ``None`` with a ``LOAD004`` for each record naming no occurrence."""
    found = [
        (a, m, r, said)
        for a, agreement in enumerate(document.agreements)
        if any(milestone.occurrences for milestone in agreement.milestones)
        for m, r, said in unmatched_occurrences(agreement)
    ]
    if not found:
        return document
    lines = FileLines(source, text)
    for a, m, r, said in found[:MAX_PROBLEMS_PER_FILE]:
        path = f"agreements[{a}].milestones[{m}].occurrences[{r}].due"
        problems.append(problem("LOAD004", said, source=source, path=path, line=lines.line(path)))
    return None


def _merge(documents: list[Document]) -> Portfolio:
    arrays = {
        name: tuple(item for d in documents for item in getattr(d, name))
        for name in STRUCTURE[Portfolio].children  # a document has a portfolio's arrays
    }
    return Portfolio(
        municipalities=tuple(d.municipality for d in documents if d.municipality is not None),
        **arrays,
    )
