"""What a request asks: its files and options read from the body, or a clear error.

Every body is read here and only here, from the bytes the client sent: a file is a
name and a text, never a path on the server (``../../etc/passwd`` is a name like any
other, and nothing is opened). A request that cannot be read is a
:class:`RequestError` with its HTTP status, a stable ``code`` and a message naming
the key that was wrong, in the language the request chose.

>>> request = from_json(b'{"files": {"a.toml": "x = 1"}, "lang": "da"}', FILES_KEYS, "en")
>>> request.files, request.lang
((('a.toml', b'x = 1'),), 'da')
>>> from_json(b'{"files": {}, "lang": "de"}', FILES_KEYS, "en")
Traceback (most recent call last):
...
velfaerd.serve._requests.RequestError: 422 wrong-shape: lang: velfaerd speaks en, da, not 'de'
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, NoReturn

import attrs

from velfaerd.cli._serve import DEFAULT_MAX_BODY, DEFAULT_MAX_FILES, DEFAULT_TIME_LIMIT
from velfaerd.i18n import LANGUAGES, Text

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "CHECK_KEYS",
    "DIFF_KEYS",
    "ERROR_CODES",
    "FILES_KEYS",
    "INTERNAL",
    "LOAD_FAILED",
    "MALFORMED",
    "MAX_NAME_LENGTH",
    "METHOD_NOT_ALLOWED",
    "NOT_FOUND",
    "STATUS_KEYS",
    "TIMEOUT",
    "TOO_LARGE",
    "TOO_MANY_FILES",
    "UNKNOWN_RULE",
    "UNSUPPORTED",
    "WRONG_SHAPE",
    "DiffRequest",
    "FilesRequest",
    "Limits",
    "RequestError",
    "files_request",
    "from_diff_json",
    "from_json",
    "from_query",
    "kind",
    "language",
    "type_name",
    "wrong_shape",
]

# The codes of the errors (``{"error": {"code": …}}``): stable, for programs to test.
MALFORMED = "malformed"
TOO_LARGE = "too-large"
TOO_MANY_FILES = "too-many-files"
UNSUPPORTED = "unsupported-media-type"
WRONG_SHAPE = "wrong-shape"
UNKNOWN_RULE = "unknown-rule"
LOAD_FAILED = "load-failed"
NOT_FOUND = "not-found"
METHOD_NOT_ALLOWED = "method-not-allowed"
TIMEOUT = "timeout"
INTERNAL = "internal"
#: Every error code, for the API's description.
ERROR_CODES = (
    MALFORMED,
    TOO_LARGE,
    TOO_MANY_FILES,
    UNSUPPORTED,
    WRONG_SHAPE,
    UNKNOWN_RULE,
    LOAD_FAILED,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    TIMEOUT,
    INTERNAL,
)

#: The longest file name a request may give (a path on most file systems is shorter).
MAX_NAME_LENGTH = 1024

#: The keys of a request that checks files (``POST /v1/check``).
CHECK_KEYS = ("files", "as_of", "select", "ignore", "extend_select", "lang")
#: The keys of a request that draws files (``POST /v1/timeline``, ``/v1/calendar``).
FILES_KEYS = ("files", "as_of", "lang", "agreement")
#: The keys of a request for the follow-up on a day (``POST /v1/status``).
STATUS_KEYS = (*FILES_KEYS, "within")
#: The keys of a request comparing two revisions (``POST /v1/diff``): the files of each
#: side, and the options both are checked with.
DIFF_KEYS = ("old", "new", "as_of", "select", "ignore", "extend_select", "lang")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^[A-Za-z0-9]+$")
#: Characters a name may not hold: they cannot be written in a response (surrogates)
#: or would write on a reader's terminal (controls).
_UNWRITABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


@attrs.frozen(kw_only=True)
class Limits:
    """How much one request may ask: body bytes, files, and seconds of work."""

    max_body: int = DEFAULT_MAX_BODY
    max_files: int = DEFAULT_MAX_FILES
    time_limit: float = DEFAULT_TIME_LIMIT


class RequestError(Exception):
    """A request that cannot be answered: its HTTP status, code, and message.

    ``said`` is the message still to be written in the request's language; ``key``
    names the key (or parameter) that was wrong, where one was.
    """

    def __init__(self, status: int, code: str, said: Text | str, *, key: str | None = None) -> None:
        self.status = status
        self.code = code
        self.said = said
        self.key = key
        super().__init__(f"{status} {code}: {said}")

    def to_dict(self, lang: str) -> dict[str, Any]:
        """The error as the API answers it: ``{"error": {"code", "message"[, "key"]}}``."""
        message = self.said.render(lang) if isinstance(self.said, Text) else self.said
        error: dict[str, Any] = {"code": self.code, "message": message}
        if self.key is not None:
            error["key"] = self.key
        return {"error": error}


def wrong_shape(where: str, said: str, /, **values: object) -> NoReturn:
    """Refuse (422) the key ``where``, as the message ``serve.error.<said>`` says."""
    said_values = {"key": where, **values}
    raise RequestError(422, WRONG_SHAPE, Text(f"serve.error.{said}", said_values), key=where)


@attrs.frozen(kw_only=True)
class FilesRequest:
    """Files to check or draw, by name (in the order a directory's walk gives), and options.

    >>> files_request([("a.toml", b"")], {"within": "60d"}, "da").extra
    {'within': '60d'}
    """

    files: tuple[tuple[str, bytes], ...]
    as_of: dt.date | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    lang: str = "en"
    agreement: str | None = None
    #: The endpoint's own keys, as the body or the query gave them (``within`` of a
    #: ``status``): its work reads and checks them.
    extra: dict[str, Any] = attrs.field(factory=dict, hash=False)


#: The keys every endpoint that takes files reads the same way.
_READ = frozenset({"files", "name", "old", "new", *CHECK_KEYS, *FILES_KEYS})


@attrs.frozen(kw_only=True)
class DiffRequest:
    """Two revisions' files (``old`` and ``new``), each with the options of the request.

    The options (``as_of``, the selection, ``lang``) are the same on both sides.
    """

    old: FilesRequest
    new: FilesRequest

    @property
    def files(self) -> tuple[tuple[str, bytes], ...]:
        """The files of both sides (for the limit on files in one request)."""
        return (*self.old.files, *self.new.files)

    @property
    def lang(self) -> str:
        """The language the request chose."""
        return self.new.lang


def language(accept_language: str | None) -> str:
    """The language an ``Accept-Language`` header prefers among velfaerd's: else English.

    >>> language("da-DK,da;q=0.9,en;q=0.8"), language("en-GB,da;q=0.5"), language(None)
    ('da', 'en', 'en')
    """
    best, weight = "en", 0.0
    for part in (accept_language or "")[:1000].split(","):
        tag, _, parameters = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        quality = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
        if primary in LANGUAGES and quality > weight:
            best, weight = primary, quality
    return best


def type_name(value: object) -> Text:
    """What a JSON value is, said in the reader's language (``serve.type.*``)."""
    names = {dict: "object", list: "array", str: "string", bool: "boolean"}
    if value is None:
        return kind("null")
    return kind(names.get(type(value), "number"))


def kind(name: str) -> Text:
    """The name of a kind of value (``serve.type.<name>``), for a message."""
    return Text(f"serve.type.{name}")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's pairs as a dict; a key given twice is refused, never dropped."""
    found: dict[str, Any] = {}
    for name, value in pairs:
        if name in found:
            raise _Duplicate(name)
        found[name] = value
    return found


class _Duplicate(Exception):  # noqa: N818 - a signal out of json.loads, not an error shown
    def __init__(self, name: str) -> None:
        self.name = name


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        said = Text("serve.error.not-utf8", {"offset": error.start})
        raise RequestError(400, MALFORMED, said) from None


def _json_object(body: bytes, keys: Sequence[str]) -> dict[str, Any]:
    """A JSON body's object, with only ``keys``.

    :raises RequestError: 400 when it is not JSON, 422 when it is not an object of these keys.
    """
    try:
        data = json.loads(_decode(body), object_pairs_hook=_no_duplicates)
    except _Duplicate as duplicate:
        wrong_shape(duplicate.name, "duplicate-key", name=duplicate.name)
    except (ValueError, RecursionError) as error:
        said = Text("serve.error.malformed", {"reason": str(error)[:200]})
        raise RequestError(400, MALFORMED, said) from None
    if not isinstance(data, dict):
        raise RequestError(
            422, WRONG_SHAPE, Text("serve.error.not-object", {"found": type_name(data)})
        )
    _known(data, keys)
    return data


def _named_files(data: Mapping[str, Any], key: str) -> list[tuple[str, bytes]]:
    """The files of the object under ``key`` (``{name: text}``), as names and bytes."""
    if key not in data:
        wrong_shape(key, "missing-key", key=key)
    files = data[key]
    if not isinstance(files, dict):
        wrong_shape(key, "wrong-type", expected=kind("object"), found=type_name(files))
    named: list[tuple[str, bytes]] = []
    for name, content in files.items():
        where = f"{key}[{json.dumps(name, ensure_ascii=False)}]"
        if not isinstance(content, str):
            wrong_shape(where, "wrong-type", expected=kind("string"), found=type_name(content))
        # A lone surrogate is not UTF-8: the file's bytes say so, as a LOAD001.
        named.append((name, content.encode("utf-8", "surrogatepass")))
    return named


def from_json(body: bytes, keys: Sequence[str], default_lang: str) -> FilesRequest:
    """A request from a JSON body ``{"files": {name: text}, …}`` with only ``keys``.

    :raises RequestError: 400 when it is not JSON, 422 when its shape is wrong.
    """
    data = _json_object(body, keys)
    return files_request(_named_files(data, "files"), data, default_lang)


def from_diff_json(body: bytes, keys: Sequence[str], default_lang: str) -> DiffRequest:
    """A request from a JSON body ``{"old": {name: text}, "new": {name: text}, …}``.

    >>> read = from_diff_json(b'{"old": {}, "new": {"a.toml": ""}, "lang": "da"}', DIFF_KEYS, "en")
    >>> read.old.files, read.new.files, read.lang
    ((), (('a.toml', b''),), 'da')

    :raises RequestError: 400 when it is not JSON, 422 when its shape is wrong.
    """
    data = _json_object(body, keys)
    old = _named_files(data, "old")
    new = _named_files(data, "new")
    return DiffRequest(
        old=files_request(old, data, default_lang, key="old"),
        new=files_request(new, data, default_lang, key="new"),
    )


def from_query(
    body: bytes, query: Iterable[tuple[str, str]], keys: Sequence[str], default_lang: str
) -> FilesRequest:
    """A request from one TOML document (the body) and the query's options.

    The document's name is ``name`` (``document.toml`` unless given); ``select``,
    ``ignore`` and ``extend_select`` are comma-separated, as on the command line.

    :raises RequestError: 422 for an unknown, repeated or wrong parameter.
    """
    options: dict[str, Any] = {}
    for name, value in query:
        if name in options:
            wrong_shape(name, "repeated", key=name)
        options[name] = value
    _known(options, ("name", *(key for key in keys if key != "files")))
    for key in ("select", "ignore", "extend_select"):
        if key in options:
            options[key] = [part for part in options[key].split(",") if part.strip()]
    name = options.pop("name", "document.toml")
    return files_request([(name, body)], options, default_lang)


def _known(data: Mapping[str, Any], keys: Sequence[str]) -> None:
    for key in data:
        if key not in keys:
            near = difflib.get_close_matches(key, keys, n=1)
            hint = Text("common.did-you-mean", {"names": near[0]}) if near else ""
            wrong_shape(key, "unknown-key", key=key, hint=hint, known=", ".join(keys))


def files_request(
    named: list[tuple[str, bytes]],
    data: Mapping[str, Any],
    default_lang: str,
    *,
    key: str = "files",
) -> FilesRequest:
    """The request of these files (names checked, in a directory's order) and options.

    ``data`` holds the options as a JSON body gives them; ``key`` is the key of the
    files, for the errors (``files``; ``old`` or ``new`` of a diff).
    """
    seen: set[str] = set()
    for name, _ in named:
        _check_name(name, f"{key}[{json.dumps(name, ensure_ascii=False)}]")
        if name in seen:  # two uploads of one name: neither is dropped without a word
            wrong_shape(key, "duplicate-key", name=name)
        seen.add(name)
    lang = _lang(data.get("lang"), default_lang)
    # In the order `velfaerd check DIR` reads a directory: by the parts of the path.
    ordered = tuple(sorted(named, key=lambda file: (PurePosixPath(file[0]).parts, file[0])))
    return FilesRequest(
        files=ordered,
        as_of=_as_of(data.get("as_of")),
        select=_codes(data, "select"),
        ignore=_codes(data, "ignore") or (),
        extend_select=_codes(data, "extend_select") or (),
        lang=lang,
        agreement=_string(data, "agreement"),
        extra={key: value for key, value in data.items() if key not in _READ},
    )


def _check_name(name: str, key: str) -> None:
    """A file name is a name: any text, written plainly (as a path would print it)."""
    if not name:
        wrong_shape(key, "empty-name", key=key)
    if len(name) > MAX_NAME_LENGTH:
        wrong_shape(key, "long-name", key=key, limit=MAX_NAME_LENGTH, length=len(name))
    if _UNWRITABLE.search(name):
        wrong_shape(key, "unprintable-name", key=key, name=name.encode("utf-8", "replace"))
    # Findings name the file as the command line prints a path: a name it would
    # print otherwise ("./a.toml", "a//b.toml") is refused rather than changed.
    plain = str(PurePosixPath(name))
    if plain != name:
        wrong_shape(key, "plain-name", key=key, name=name, plain=plain)


def _lang(value: object, default: str) -> str:
    if value is None:
        return default
    if value not in LANGUAGES:
        said = {"key": "lang", "languages": ", ".join(LANGUAGES), "value": value}
        raise RequestError(422, WRONG_SHAPE, Text("serve.error.lang", said), key="lang")
    return str(value)


def _as_of(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        if value.strip().lower() == "today":
            return dt.date.today()  # noqa: DTZ011 - the client asked for the server's today
        if _ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
    wrong_shape("as_of", "as-of", key="as_of", value=value)


def _codes(data: Mapping[str, Any], key: str) -> tuple[str, ...] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        wrong_shape(key, "wrong-type", expected=kind("codes"), found=type_name(value))
    codes = tuple(code.strip().upper() for code in value if code.strip())
    for code in codes:
        if not _CODE.match(code):
            wrong_shape(key, "codes", key=key, code=code)
    return codes


def _string(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    wrong_shape(key, "wrong-type", expected=kind("string"), found=type_name(value))
