"""Load problems: what cattrs says is wrong with a document, as velfaerd's problems.

:func:`structure_in_detail` structures a document again with cattrs' detailed
validation, when the fast pass refused it, and turns every error cattrs collects into
a :class:`~velfaerd.errors.Problem` with its code (``LOAD003`` a wrong value,
``LOAD004`` an unknown key, ``LOAD005`` a missing one), its key path, and its line where
the file is small enough to scan; at most :data:`MAX_PROBLEMS_PER_FILE` a file.
:func:`string_keys` finds what no TOML parser gives (a key that is not a string) in
data handed to :func:`velfaerd.from_dict`.
"""

from __future__ import annotations

import difflib
import heapq

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)

from velfaerd._gc import paused_gc
from velfaerd._texts import shortened
from velfaerd.errors import Problem, VelfaerdError
from velfaerd.format._convert import Document, converter, known_keys
from velfaerd.format._danish import danish_key
from velfaerd.format._locate import KeyLines, join_key, locate
from velfaerd.format._values import described
from velfaerd.i18n import Text

__all__ = [
    "BOM",
    "MAX_LOCATED_FAILURE",
    "MAX_PROBLEMS_PER_FILE",
    "problem",
    "string_keys",
    "structure_in_detail",
]

#: A byte order mark, which some Windows editors write: accepted, and dropped.
BOM = "\ufeff"

#: A file reports at most this many load problems; one more says how many were left out.
MAX_PROBLEMS_PER_FILE = 200

#: The longest key looked up among the Danish words (the longest is a third of it).
_LONGEST_WORD = 40
#: The problems of a file that fails to load name their lines up to this many
#: characters; beyond, they name key paths only (finding lines costs more than loading).
MAX_LOCATED_FAILURE = 1 << 20


def string_keys(data: object, source: str, problems: list[Problem]) -> None:
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
                    problems.append(problem("LOAD003", said, source=source, path=path))
        elif isinstance(item, (list, tuple)):
            pending.extend((_join(path, number), value) for number, value in enumerate(item))


def structure_in_detail(
    data: object, source: str, text: str | bytes | None, problems: list[Problem]
) -> Document | None:
    """Structure again with every problem collected, each with its key path and line.

    ``text`` is the file's text, or its bytes (which decoded as UTF-8 to be parsed).
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8").removeprefix(BOM)
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
        _name_danish_keys(problems, before)
        # In the order of the file, as a reader fixes them.
        problems[before:] = sorted(problems[before:], key=_reading_order)
        problems.extend(
            problem(
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
        problems.append(problem("LOAD001", Text("problem.too-deep-data"), source=source))
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
            said = _unknown_key(key, keys)
            problems.append(
                problem(
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
            problem(
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


def _unknown_key(key: str, keys: tuple[str, ...]) -> Text:
    """What LOAD004 says of ``key``: the format's word for a Danish one, or the nearest."""
    quoted = shortened(key)  # the key path has it whole
    danish = danish_key(key, keys) if len(key) <= _LONGEST_WORD else None
    if danish:
        return Text("problem.unknown-key-danish", {"key": quoted, "near": danish})
    hint = difflib.get_close_matches(key, keys, n=1)
    if hint:
        return Text("problem.unknown-key-near", {"key": quoted, "near": hint[0]})
    return Text("problem.unknown-key", {"key": quoted, "keys": ", ".join(keys)})


def _name_danish_keys(problems: list[Problem], before: int) -> None:
    """Say, where a required key is missing, that it was written in Danish (``navn``)."""
    written: dict[str, str] = {}
    for found in problems[before:]:
        said = found.text
        if said is not None and said.key == "problem.unknown-key-danish":
            owner = found.path.rpartition(".")[0]
            written[_join(owner, said.values["near"])] = said.values["key"]
    if not written:
        return
    for index in range(before, len(problems)):
        found = problems[index]
        danish = written.get(found.path) if found.code == "LOAD005" else None
        if danish is not None:
            key = found.path.rpartition(".")[2]
            said = Text("problem.missing-key-danish", {"key": key, "written": danish})
            problems[index] = attrs.evolve(found, message=said.render(), text=said)


def problem(
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
