"""The registry of rules: what each rule is, registering it, and loading the rules.

:mod:`velfaerd.rules` is where its public names are imported from (``Rule``,
``rule``, ``register``, ``all_rules``, ``get_rule``...). It lives below
:mod:`velfaerd.config` so that a configuration can check the codes it names against
the registered rules without importing the rules package, which imports the
configuration. velfaerd's own rules are loaded as another package's are, by the
module name of their entry point (``velfaerd.rules._builtin``).
"""

from __future__ import annotations

import contextvars
import importlib
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs

from velfaerd.errors import RuleRegistrationError
from velfaerd.report import LOCALIZERS, MESSAGES, Severity

if TYPE_CHECKING:
    from velfaerd.rules import Context, Violation

__all__ = [
    "ENTRY_POINT_GROUP",
    "OPT_IN",
    "PLUGINS_ENV",
    "Rule",
    "RuleFunction",
    "all_rules",
    "get_rule",
    "plugins_enabled",
    "plugins_installed",
    "register",
    "registered_directly",
    "rule",
]

#: The entry-point group other packages register rules under.
ENTRY_POINT_GROUP = "velfaerd.rules"

#: Set this environment variable to ``0`` to stop :func:`velfaerd.check` loading rules
#: from other packages' ``velfaerd.rules`` entry points.
PLUGINS_ENV = "VELFAERD_PLUGINS"

_CODE = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def plugins_enabled(*, plugins: bool = True) -> bool:
    """Whether to load rules from entry points: ``plugins``, unless ``VELFAERD_PLUGINS=0``."""
    return plugins and os.environ.get(PLUGINS_ENV, "1").strip().lower() not in {
        "0",
        "false",
        "no",
        "off",
    }


#: A rule's function: it receives a :class:`velfaerd.rules.Context` and yields
#: :class:`velfaerd.rules.Violation` objects.
RuleFunction = Callable[["Context"], Iterable["Violation"]]


@attrs.frozen(kw_only=True)
class Rule:
    """A registered rule: its code, name, severity, texts and function."""

    code: str
    name: str
    severity: Severity = attrs.field(converter=Severity)
    summary: str
    description: str
    why: str
    failing: str
    fixed: str
    check: RuleFunction = attrs.field(eq=False, repr=False)
    messages: Mapping[str, str] = attrs.field(factory=dict, hash=False, repr=False)
    needs_as_of: bool = False
    #: Not in the default selection: only a code or prefix that names it selects it
    #: (``extend_select = ["IND003"]``), never ``ALL``.
    opt_in: bool = False
    plugin: str | None = None
    translations: Mapping[str, Mapping[str, Any]] = attrs.field(
        factory=dict, hash=False, repr=False
    )
    lang: str = "en"
    #: The evidence values the rule writes itself in another language (see
    #: :data:`velfaerd.report.LOCALIZERS`), or ``None``.
    localize: Callable[[Mapping[str, Any], str], Mapping[str, Any]] | None = attrs.field(
        default=None, eq=False, hash=False, repr=False
    )

    def translated(self, lang: str) -> Rule:
        """Return the rule with its texts in ``lang``, English where it has none.

        The texts come from velfaerd's catalogue (``rules.<CODE>`` in
        ``velfaerd/locale/<lang>.toml``), else from the rule's own ``translations``
        (how a plugin ships them).

        >>> get_rule("REV003").translated("da").summary
        'en tilbagevendende opfølgning er lovet, men har ingen dato'
        """
        if lang == self.lang:
            return self
        if lang == "en":
            return attrs.evolve(get_rule(self.code), plugin=self.plugin)
        from velfaerd.i18n import lookup  # noqa: PLC0415 - the catalogues load on first use

        own = self.translations.get(lang, {})
        catalogued = lookup(f"rules.{self.code}", lang) if self.plugin is None else None
        found = catalogued if isinstance(catalogued, dict) else {}
        changes: dict[str, Any] = {}
        for field in ("summary", "description", "why", "failing", "fixed"):
            value = found.get(field, own.get(field))
            if isinstance(value, str) and value.strip():
                changes[field] = (
                    value.strip() if field in {"summary", "description", "why"} else value
                )
        messages = dict(self.messages)
        for source in (own.get("messages", {}), found.get("messages", {})):
            messages.update({k: v for k, v in source.items() if isinstance(v, str)})
        return attrs.evolve(self, messages=messages, lang=lang, **changes)

    @property
    def family(self) -> str:
        """The letters of the code: ``REV`` for ``REV001``."""
        return self.code.rstrip("0123456789")

    @property
    def explanation(self) -> str:
        """What the rule checks, why it matters, a failing example and the fix."""
        from velfaerd.i18n import text  # noqa: PLC0415 - the catalogues load on first use

        lang = self.lang
        severity = text(f"severity.{self.severity.value}", lang)
        as_of = " " + text("explain.needs-as-of", lang) if self.needs_as_of else ""
        if self.opt_in:
            as_of += " " + text("explain.opt-in", lang, code=self.code)
        return (
            f"# {self.code} ({self.name})\n\n"
            f"{text('explain.default-severity', lang, severity=severity)}{as_of}\n\n"
            f"## {text('explain.what', lang)}\n\n{self.description}\n\n"
            f"## {text('explain.why', lang)}\n\n{self.why}\n\n"
            f"## {text('explain.example', lang)}\n\n```toml\n{self.failing.strip()}\n```\n\n"
            f"## {text('explain.fix', lang)}\n\n```toml\n{self.fixed.strip()}\n```\n"
        )


_REGISTRY: dict[str, Rule] = {}
#: The codes of the registered rules that are not in the default selection.
OPT_IN: set[str] = set()
_CURRENT_PLUGIN: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "velfaerd_plugin", default=None
)
_state = {"builtin": False, "plugins": False}
# Held while rules are first loaded: a second thread waits for the whole registry
# instead of seeing the flag set before the import has registered anything.
_LOADING = threading.RLock()


def register(new: Rule) -> Rule:
    """Add a rule to the registry.

    :raises RuleRegistrationError: when the code or name is malformed or taken.
    """
    if not _CODE.match(new.code):
        msg = f"rule code {new.code!r} is not 2-5 capital letters and 3 digits"
        raise RuleRegistrationError(msg)
    if not _NAME.match(new.name):
        msg = f"rule name {new.name!r} of {new.code} is not kebab-case"
        raise RuleRegistrationError(msg)
    if new.code in _REGISTRY:
        owner = _REGISTRY[new.code].plugin or "velfaerd"
        msg = f"rule code {new.code} is registered twice (first by {owner})"
        raise RuleRegistrationError(msg)
    for other in _REGISTRY.values():
        if other.name == new.name:
            msg = f"rule name {new.name!r} is taken by {other.code}"
            raise RuleRegistrationError(msg)
    if "default" not in new.messages:
        msg = f"rule {new.code} has no 'default' message template"
        raise RuleRegistrationError(msg)
    _REGISTRY[new.code] = new
    if new.opt_in:
        OPT_IN.add(new.code)
    _publish(new)
    return new


def _publish(new: Rule) -> None:
    """Give the report the rule's message templates and its evidence in other languages."""
    if new.localize is not None:
        LOCALIZERS[new.code] = new.localize
    for variant, template in new.messages.items():
        MESSAGES["en"][(new.code, variant)] = template
    for lang, texts in new.translations.items():
        for variant, template in dict(texts.get("messages", {})).items():
            MESSAGES.setdefault(lang, {})[(new.code, variant)] = template


def rule(
    code: str,
    *,
    name: str,
    severity: Severity | str,
    summary: str,
    description: str,
    why: str,
    failing: str,
    fixed: str,
    messages: Mapping[str, str],
    needs_as_of: bool = False,
    opt_in: bool = False,
    translations: Mapping[str, Mapping[str, Any]] | None = None,
    localize: Callable[[Mapping[str, Any], str], Mapping[str, Any]] | None = None,
) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as a rule (see the module documentation).

    ``translations`` gives the rule's texts in other languages, as a plugin ships
    them: ``{"da": {"summary": ..., "description": ..., "why": ...,
    "messages": {"default": ...}}}``. What it leaves out is shown in English.
    ``localize`` writes evidence values derived from others in a language (see
    :data:`velfaerd.report.LOCALIZERS`).
    """

    def decorate(function: RuleFunction) -> RuleFunction:
        register(
            Rule(
                code=code,
                name=name,
                severity=severity,
                summary=summary,
                description=description,
                why=why,
                failing=failing,
                fixed=fixed,
                check=function,
                messages=dict(messages),
                needs_as_of=needs_as_of,
                opt_in=opt_in,
                plugin=_CURRENT_PLUGIN.get(),
                translations=dict(translations or {}),
                localize=localize,
            )
        )
        return function

    return decorate


def _load_builtin() -> None:
    if _state["builtin"]:
        return
    with _LOADING:
        if not _state["builtin"]:
            importlib.import_module("velfaerd.rules._builtin")
            # Only once every rule is registered: another thread may be reading the flag.
            _state["builtin"] = True


def _load_plugins() -> None:
    if _state["plugins"]:
        return
    with _LOADING:
        if not _state["plugins"]:
            try:
                _load_plugin_entry_points()
            finally:
                # A plugin that fails is reported once, as before; never half-loaded
                # to another thread.
                _state["plugins"] = True


def _load_plugin_entry_points() -> None:
    from importlib.metadata import entry_points  # noqa: PLC0415 - only when plugins load

    for entry_point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if entry_point.value == "velfaerd.rules._builtin":
            continue
        token = _CURRENT_PLUGIN.set(entry_point.name)
        try:
            loaded = entry_point.load()
            _register_loaded(loaded, entry_point.name)
        except RuleRegistrationError:
            raise
        except Exception as error:
            msg = f"cannot load rules from entry point {entry_point.name!r}: {error}"
            raise RuleRegistrationError(msg) from error
        finally:
            _CURRENT_PLUGIN.reset(token)


def plugins_installed() -> bool:
    """Whether another package has rules in the entry-point group (none is imported)."""
    from importlib.metadata import entry_points  # noqa: PLC0415 - only when asked

    return any(
        entry_point.value != "velfaerd.rules._builtin"
        for entry_point in entry_points(group=ENTRY_POINT_GROUP)
    )


def _register_loaded(loaded: object, plugin: str) -> None:
    if isinstance(loaded, ModuleType):
        return  # importing it registered its rules
    items = [loaded] if isinstance(loaded, Rule) else loaded
    if not isinstance(items, Iterable):
        msg = f"entry point {plugin!r} gave {type(loaded).__name__}, not a module or rules"
        raise RuleRegistrationError(msg)
    for item in items:
        if not isinstance(item, Rule):
            msg = f"entry point {plugin!r} gave {type(item).__name__}, not a Rule"
            raise RuleRegistrationError(msg)
        register(attrs.evolve(item, plugin=plugin))


def all_rules(*, plugins: bool = True) -> tuple[Rule, ...]:
    """Return every registered rule, sorted by code.

    With ``plugins`` (and unless ``VELFAERD_PLUGINS=0`` is set), rules of other
    packages are loaded from their entry points first; without, they are left out.
    """
    _load_builtin()
    use_plugins = plugins_enabled(plugins=plugins)
    if use_plugins:
        _load_plugins()
    return tuple(
        sorted(
            (r for r in _REGISTRY.values() if use_plugins or r.plugin is None),
            key=lambda r: r.code,
        )
    )


def registered_directly() -> tuple[str, ...]:
    """The codes of rules that neither velfaerd's modules nor an entry point registered.

    A program (or a test) may call :func:`register` itself; the command line's cache of
    whole runs cannot know such a rule from one process to the next, so it is not
    used while one is registered.
    """
    return tuple(
        code
        for code, registered in _REGISTRY.items()
        if registered.plugin is None
        and not getattr(registered.check, "__module__", "").startswith("velfaerd.rules.")
    )


def get_rule(code: str) -> Rule:
    """Return the registered rule with this code.

    :raises KeyError: naming the nearest known codes.
    """
    rules = {r.code: r for r in all_rules()}
    try:
        return rules[code.upper()]
    except KeyError:
        import difflib  # noqa: PLC0415 - only on the error path

        near = difflib.get_close_matches(code.upper(), list(rules), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        msg = f"no rule with code {code!r}{hint}"
        raise KeyError(msg) from None
