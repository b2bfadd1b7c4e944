"""Configuration of a check: which rules, at which severity, with which options.

Codes are selected and ignored by code or prefix, as in ruff: ``"REV"`` is the whole
review family, ``"APR00"`` the approval rules ``APR001``–``APR009``, ``"ALL"`` every
rule. When both ``select`` and ``ignore`` match a code, the more specific prefix wins,
and ``ignore`` wins a tie.

>>> config = Config(select=["REV", "APR001"], ignore=["REV002"])
>>> config.enabled("REV001"), config.enabled("REV002"), config.enabled("APR002")
(True, False, False)

Configuration is read from ``velfaerd.toml`` (top level) or ``[tool.velfaerd]`` in
``pyproject.toml``:

>>> Config.from_mapping({"ignore": ["COV"], "severity": {"REV001": "warning"}}).ignore
('COV',)

Every code and prefix must name a rule: a configuration that would silently check
nothing is refused, as the command line refuses it.

>>> try:
...     Config(select=["REW"])
... except ConfigError as error:
...     print(error)
select: no rule has the code or prefix 'REW'; did you mean REV, REF?
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import fnmatch
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import attrs
import tomli

from velfaerd._registry import (
    OPT_IN,
    PLUGINS_ENV,
    all_rules,
    plugins_enabled,
    plugins_installed,
)
from velfaerd.errors import ConfigError
from velfaerd.format._files import CONFIG_FILES
from velfaerd.i18n import Text, check_language
from velfaerd.report import Severity

if TYPE_CHECKING:
    import os
    from collections.abc import Collection, Iterable, Iterator, Mapping

__all__ = ["CONFIG_FILES", "PLUGINS_ENV", "Config", "find_config", "match_length"]


#: A file of velfaerd's own, and the one whose configuration is its ``[tool.velfaerd]`` table.
_VELFAERD_TOML, _PYPROJECT = CONFIG_FILES


def _codes(value: Iterable[str] | str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    elif not isinstance(value, (list, tuple, set, frozenset)):
        # A table or a number is no list of codes: its keys must not pass for codes.
        raise ConfigError(Text("config.codes-array", {"found": value}))
    codes: list[str] = []
    for given in value:
        if not isinstance(given, str):
            raise ConfigError(Text("config.not-a-code", {"code": given}))
        code = given.strip().upper()
        if not code or not code.isalnum():
            raise ConfigError(Text("config.not-a-code", {"code": code}))
        codes.append(code)
    return tuple(codes)


def _severities(value: Mapping[str, Severity | str] | None) -> dict[str, Severity]:
    levels = {s.value: s for s in Severity}
    result: dict[str, Severity] = {}
    for code, given in (value or {}).items():
        level: object = given.value if isinstance(given, Severity) else given
        if not isinstance(level, str) or level not in levels:
            allowed = ", ".join(repr(s) for s in levels)
            values = {"code": code, "allowed": allowed, "found": level}
            raise ConfigError(Text("config.severity", values))
        (key,) = _codes([code])  # written as select's codes are
        result[key] = levels[level]
    return result


def _options(value: Mapping[str, Mapping[str, Any]] | None) -> dict[str, dict[str, Any]]:
    return {str(code).upper(): dict(options) for code, options in (value or {}).items()}


def _per_file(value: Mapping[str, Iterable[str] | str] | None) -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = {}
    for pattern, codes in (value or {}).items():
        given: object = pattern  # read from TOML or Python: its type is not checked yet
        if not isinstance(given, str) or not pattern.strip():
            raise ConfigError(Text("config.not-a-pattern", {"pattern": pattern}))
        try:
            result[pattern] = _codes(codes)
        except ConfigError as error:
            said = Text("config.per-file-ignores", {"pattern": pattern, "error": error.said})
            raise ConfigError(said) from None
    return result


#: Set while the command line reads its configuration: it checks the codes itself once
#: the rules are loaded (naming the flag or the file), and a run found in its cache
#: loads no rule at all.
_CODES_LATER: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "velfaerd_config_codes_later", default=False
)


@contextlib.contextmanager
def _codes_checked_later() -> Iterator[None]:
    """Make configurations without checking their codes against the rules (the CLI's)."""
    token = _CODES_LATER.set(True)
    try:
        yield
    finally:
        _CODES_LATER.reset(token)


def _known(code: str, known: Collection[str]) -> bool:
    """Whether ``code`` is ``ALL`` or a code or prefix of one of the ``known`` codes."""
    return code == "ALL" or any(rule.startswith(code) for rule in known)


def _unknown_code(code: str, where: str, known: Collection[str]) -> ConfigError:
    """The error for a code or prefix no rule has, with the nearest codes and families."""
    candidates = sorted({*known, *(c.rstrip("0123456789") for c in known)})
    near = difflib.get_close_matches(code, candidates, n=3, cutoff=0.5)
    hint: Text | str = Text("common.did-you-mean", {"names": ", ".join(near)}) if near else ""
    if code.startswith("LOAD"):
        hint = Text("cli.load-not-selectable")
    return ConfigError(Text("cli.unknown-code", {"where": where, "code": code, "hint": hint}))


def _check_known(codes: Iterable[str], where: str, known: Collection[str]) -> None:
    """Raise :class:`ConfigError` for the first of ``codes`` that no rule has.

    The one test of codes against the rules: :class:`Config`'s, and the command
    line's for its flags (``where`` names the setting or the flag).
    """
    for code in codes:
        if not _known(code, known):
            raise _unknown_code(code, where, known)


def match_length(code: str, prefixes: Iterable[str]) -> int:
    """Return the length of the longest prefix matching ``code`` (``ALL`` is 0), or -1.

    How a code is matched wherever codes or prefixes are given: ``select``/``ignore``
    (the longest match wins), ``per_file_ignores`` and an agreement's ``waivers``.

    >>> match_length("REV001", ["REV", "ALL"]), match_length("REV001", ["MIL"])
    (3, -1)
    """
    best = -1
    for prefix in prefixes:
        if prefix == "ALL":
            best = max(best, 0)
        elif code.startswith(prefix):
            best = max(best, len(prefix))
    return best


@attrs.frozen(kw_only=True)
class Config:
    """How :func:`velfaerd.check` runs.

    ``select`` (default: every rule) and ``ignore`` take codes or prefixes;
    ``extend_select`` adds to ``select``; ``severity`` overrides a rule's default
    severity by code; ``options`` gives rule options by code; ``per_file_ignores``
    maps glob patterns of source files to codes ignored in them; ``plugins=False``
    stops rules of other packages from loading; ``lang`` is the language of the
    messages (``"en"``, the default, or ``"da"``; see :mod:`velfaerd.i18n`);
    ``baseline`` is the baseline file the command line checks against (read from a
    configuration file, relative to that file's folder; see :mod:`velfaerd.baseline`).

    A code or prefix that names no rule is a :class:`ConfigError` with the nearest
    codes (:meth:`check_codes`), as on the command line.
    """

    select: tuple[str, ...] = attrs.field(default=("ALL",), converter=_codes)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    extend_select: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    severity: dict[str, Severity] = attrs.field(factory=dict, converter=_severities, hash=False)
    options: dict[str, dict[str, Any]] = attrs.field(factory=dict, converter=_options, hash=False)
    per_file_ignores: dict[str, tuple[str, ...]] = attrs.field(
        factory=dict, converter=_per_file, hash=False
    )
    plugins: bool = True
    lang: str = attrs.field(default="en", validator=lambda _, __, value: check_language(value))
    baseline: str | None = None

    def __attrs_post_init__(self) -> None:
        """Check every code and prefix against the rules (see :meth:`check_codes`)."""
        if not _CODES_LATER.get():
            self.check_codes()

    def _named(self) -> list[tuple[str, str]]:
        """Each code and prefix named, with the setting that names it."""
        named = [
            *(("select", code) for code in self.select),
            *(("ignore", code) for code in self.ignore),
            *(("extend-select", code) for code in self.extend_select),
            *(("severity", code) for code in self.severity),
        ]
        for pattern, codes in self.per_file_ignores.items():
            named.extend((f"per-file-ignores {pattern!r}", code) for code in codes)
        return [(where, code) for where, code in named if code != "ALL"]

    def check_codes(self) -> None:
        """Raise :class:`ConfigError` (with a did-you-mean) for a code no rule has.

        Every code and prefix in ``select``, ``ignore``, ``extend_select``,
        ``severity`` and ``per_file_ignores`` must be ``ALL`` or the code, or a prefix
        of the code, of a registered rule: velfaerd's, one registered with
        :func:`velfaerd.rules.register` before, or (where ``plugins`` and the
        environment let them load) one of another package's entry points. A
        configuration is checked when it is made (``Config(...)``,
        :meth:`from_file`, :meth:`merge`) and again by :func:`velfaerd.check`.

        The rules are imported the first time a configuration names a code (not by
        ``import velfaerd``, nor for ``Config()``); other packages' rules only when a
        code is not velfaerd's own. Where plugins are turned off but installed, a code
        velfaerd does not know may be theirs: it is accepted, since telling would
        mean importing them.

        :raises ConfigError: naming the setting, the code and the nearest codes.
        :raises RuleRegistrationError: when another package's rules, loaded to tell,
            cannot be loaded (as :func:`velfaerd.check` would say).
        """
        named = self._named()
        if not named:
            return
        known = [rule.code for rule in all_rules(plugins=False)]
        unknown = [(where, code) for where, code in named if not _known(code, known)]
        if not unknown:
            return
        if self.plugins_enabled():
            known = [rule.code for rule in all_rules(plugins=True)]
        elif plugins_installed():
            # A turned-off plugin's codes cannot be known without importing it.
            unknown = [(where, code) for where, code in unknown if code.startswith("LOAD")]
        for where, code in unknown:
            _check_known((code,), where, known)

    def enabled(self, code: str) -> bool:
        """Whether a rule code is selected and not ignored."""
        selected = match_length(code, (*self.select, *self.extend_select))
        ignored = match_length(code, self.ignore)
        if code in OPT_IN:  # only a code or prefix that names it selects it, not ALL
            return selected > 0 and selected > ignored
        return selected >= 0 and selected > ignored

    def ignored_in(self, code: str, source: str | None) -> bool:
        """Whether ``per_file_ignores`` ignores ``code`` in the file ``source``."""
        if source is None or not self.per_file_ignores:
            return False
        path = PurePath(source)
        for pattern, codes in self.per_file_ignores.items():
            if (
                fnmatch.fnmatch(source, pattern)
                or path.match(pattern)
                or fnmatch.fnmatch(path.name, pattern)
            ) and match_length(code, codes) >= 0:
                return True
        return False

    def plugins_enabled(self) -> bool:
        """Whether to load rules from entry points (``plugins`` and the environment)."""
        return plugins_enabled(plugins=self.plugins)

    def option(self, code: str, name: str, default: object = None) -> object:
        """Return the option ``name`` of the rule ``code``, or ``default``."""
        return self.options.get(code, {}).get(name, default)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "<config>") -> Config:
        """Build a configuration from a ``[tool.velfaerd]`` table or ``velfaerd.toml``.

        Keys may be written ``extend-select`` or ``extend_select``.
        Unknown keys and values of the wrong type are a :class:`ConfigError`.
        """
        known = {field.name for field in attrs.fields(cls)}
        kwargs: dict[str, Any] = {}
        for raw_key, value in data.items():
            key = raw_key.replace("-", "_")
            if key not in known:
                hint = difflib.get_close_matches(key, sorted(known), n=1)
                near = repr(hint[0].replace("_", "-")) if hint else ""
                advice: Text | str = Text("common.did-you-mean", {"names": near}) if hint else ""
                values = {"source": source, "key": raw_key, "hint": advice}
                raise ConfigError(Text("config.unknown-key", values))
            _check_type(key, value, source)
            kwargs[key] = value
        try:
            return cls(**kwargs)
        except ConfigError as error:
            raise ConfigError(
                Text("config.in-file", {"source": source, "error": error.said})
            ) from None

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Config:
        """Read ``velfaerd.toml``, or ``[tool.velfaerd]`` of a ``pyproject.toml``."""
        file = Path(path)
        try:
            data = tomli.loads(file.read_text(encoding="utf-8-sig"))
        except RecursionError:
            raise ConfigError(Text("config.too-deep", {"file": str(file)})) from None
        except OSError as error:
            values = {"file": str(file), "reason": error.strerror or error}
            raise ConfigError(Text("config.cannot-read", values)) from None
        except UnicodeDecodeError:
            raise ConfigError(Text("config.not-utf8", {"file": str(file)})) from None
        except tomli.TOMLDecodeError as error:
            values = {"file": str(file), "reason": str(error)}
            raise ConfigError(Text("config.invalid-toml", values)) from None
        except ValueError as error:  # a number too long to read (int_max_str_digits)
            values = {"file": str(file), "reason": _short(str(error))}
            raise ConfigError(Text("config.invalid-toml", values)) from None
        if file.name == _PYPROJECT:
            tool = data.get("tool", {})
            if not isinstance(tool, dict):
                raise ConfigError(Text("config.tool-table", {"file": f"{file} (tool)"}))
            data = tool.get("velfaerd", {})
            if not isinstance(data, dict):
                raise ConfigError(Text("config.tool-table", {"file": str(file)}))
        config = cls.from_mapping(data, source=str(file))
        if config.baseline is not None:  # where the file says, wherever velfaerd runs
            config = attrs.evolve(config, baseline=str(file.parent / config.baseline))
        return config

    def merge(self, **changes: Any) -> Config:  # noqa: ANN401 - the fields' own types
        """Return a copy with some settings replaced (command-line flags win)."""
        return attrs.evolve(self, **{k: v for k, v in changes.items() if v is not None})


_EXPECTED: dict[str, tuple[type, ...]] = {
    "select": (list,),
    "ignore": (list,),
    "extend_select": (list,),
    "severity": (dict,),
    "options": (dict,),
    "per_file_ignores": (dict,),
    "plugins": (bool,),
    "lang": (str,),
    "baseline": (str,),
}


def _check_type(key: str, value: object, source: str) -> None:
    expected = _EXPECTED[key]
    if not isinstance(value, expected):
        kinds = {list: "codes", dict: "table", str: "string", bool: "boolean"}
        kind = Text(f"config.kind.{kinds[expected[0]]}")
        found = _Shown(_short(_repr(value)))
        values = {"source": source, "key": key.replace("_", "-"), "kind": kind, "found": found}
        raise ConfigError(Text("config.wrong-type", values))
    if key == "options":
        for code, options in value.items():  # type: ignore[attr-defined]
            if not isinstance(options, dict):
                values = {"source": source, "code": code, "found": _Shown(_short(_repr(options)))}
                raise ConfigError(Text("config.options-table", values))


class _Shown:
    """A value already written out short: ``{found!r}`` shows it as it is."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _repr(value: object) -> str:
    try:
        return repr(value)
    except RecursionError:
        return f"a deeply nested {type(value).__name__}"


def find_config(start: str | os.PathLike[str] = ".") -> Path | None:
    """Find the configuration file for a directory, as ruff finds it.

    The nearest of the directory and its parents that holds ``velfaerd.toml``, or a
    ``pyproject.toml`` with a ``[tool.velfaerd]`` table, wins; ``velfaerd.toml`` wins
    in the same directory.
    """
    directory = Path(start).resolve()
    for folder in (directory, *directory.parents):
        candidate = folder / _VELFAERD_TOML
        if candidate.is_file():
            return candidate
        pyproject = folder / _PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        data = tomli.loads(pyproject.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, RecursionError):  # TOMLDecodeError and bad UTF-8 too
        return False
    tool = data.get("tool")
    return isinstance(tool, dict) and "velfaerd" in tool


def _configured_language(path: Path | None) -> str | None:
    """The ``lang`` a configuration file sets, or ``None`` where it sets none.

    Read before the configuration is (the command line speaks it from the start), and
    leniently: a file that cannot be read says why when it is read in full.
    """
    if path is None:
        return None
    data: object
    try:
        data = tomli.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, RecursionError):  # unreadable, not TOML, nested too deep
        return None
    if path.name == _PYPROJECT and isinstance(data, dict):
        tool = data.get("tool")
        data = tool.get("velfaerd") if isinstance(tool, dict) else None
    lang = data.get("lang") if isinstance(data, dict) else None
    return lang if isinstance(lang, str) else None
