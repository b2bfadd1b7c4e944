"""``velfaerd rules``, ``explain`` and ``schema``: what the rules and the format are."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from velfaerd.cli._common import CHOSEN, EXIT_OK, UsageError, emit, found_config, output_language
from velfaerd.cli._rule_text import LOAD_RULES
from velfaerd.errors import RuleRegistrationError
from velfaerd.i18n import Text, text

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

    from velfaerd.rules import Rule

__all__ = ["FAMILIES", "explain", "rule_list", "rules", "schema"]

#: The families of the built-in rules, by the letters of their codes (in English; the
#: catalogues hold them in every language as ``cli.family.<letters>``).
FAMILIES = {
    "REF": "references",
    "COV": "coverage",
    "REV": "reviews",
    "APR": "approvals",
    "MIL": "milestones",
    "AGR": "agreements",
    "CAL": "calendar",
}


def _family_name(family: str, members: Sequence[Rule], lang: str = "en") -> str:
    if family in FAMILIES:
        return text(f"cli.family.{family}", lang)
    plugins = sorted({rule.plugin for rule in members if rule.plugin})
    return (
        text("cli.family-plugin", lang, plugins=", ".join(plugins)) if plugins else family.lower()
    )


def rule_list(lang: str, rules: Sequence[Rule] | None = None) -> list[dict[str, Any]]:
    """Every rule (``rules``, else all registered) as ``rules --output-format json`` lists it.

    :raises RuleRegistrationError: when another package's rules cannot be loaded.
    """
    if rules is None:
        from velfaerd.rules import all_rules  # noqa: PLC0415 - not needed by check

        rules = tuple(rule.translated(lang) for rule in all_rules())
    return [
        {
            "code": rule.code,
            "name": rule.name,
            "family": rule.family,
            "severity": rule.severity.value,
            "summary": rule.summary,
            "needs_as_of": rule.needs_as_of,
            "plugin": rule.plugin,
        }
        for rule in rules
    ]


def rules(args: argparse.Namespace) -> int:
    """``velfaerd rules``: every rule by family, and the ``LOAD`` codes, as text or JSON."""
    lang = output_language(args, found_config())
    CHOSEN.set(lang)
    from velfaerd.rules import all_rules  # noqa: PLC0415 - not needed by check

    try:
        rules = tuple(rule.translated(lang) for rule in all_rules(plugins=not args.no_plugins))
    except RuleRegistrationError as error:
        raise UsageError(Text("cli.cannot-load-rules", {"error": str(error)})) from None
    if args.output_format == "json":
        import json  # noqa: PLC0415 - only for this output

        data = rule_list(lang, rules)
        emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", None)
        return EXIT_OK
    families: dict[str, list[Rule]] = {}
    for rule in rules:
        families.setdefault(rule.family, []).append(rule)
    loads = [load.translated(lang) for load in LOAD_RULES]
    severity = {level: text(f"severity.{level}", lang) for level in ("error", "warning", "info")}
    rows = [(rule.code, rule.name, rule.severity.value, rule.summary) for rule in rules]
    rows += [(load.code, load.name, "error", load.summary) for load in loads]
    severity_width = max(7, *(len(label) for label in severity.values()))
    code_width = max(len(row[0]) for row in rows)
    name_width = max(len(row[1]) for row in rows)

    def line(code: str, name: str, level: str, summary: str) -> str:
        shown = severity.get(level, level)
        return f"  {code:<{code_width}}  {name:<{name_width}}  {shown:<{severity_width}}  {summary}"

    blocks = [
        "\n".join(
            [
                f"{family}  {_family_name(family, members, lang)}",
                *(
                    line(rule.code, rule.name, rule.severity.value, rule.summary)
                    for rule in members
                ),
            ]
        )
        for family, members in families.items()
    ]
    blocks.append(
        "\n".join(
            [
                f"LOAD  {text('cli.load-family', lang)}",
                *(line(load.code, load.name, "error", load.summary) for load in loads),
            ]
        )
    )
    emit("\n\n".join(blocks) + "\n", None)
    return EXIT_OK


def _wrap(text: str, width: int = 88) -> str:
    """Wrap the paragraphs of an explanation; headings and code blocks stay as they are."""
    import textwrap  # noqa: PLC0415 - only for explain

    blocks: list[str] = []
    fenced = False
    for block in text.split("\n\n"):
        if block.startswith("```") or fenced:
            fenced = block.count("```") % 2 == 1 if not fenced else block.count("```") % 2 == 0
            blocks.append(block)
        elif block.startswith("#"):
            blocks.append(block)
        else:
            blocks.append(textwrap.fill(" ".join(block.split()), width=width))
    return "\n\n".join(blocks)


def _by_name(name: str) -> str | None:
    """The code of the rule with this kebab-case name (``velfaerd rules`` prints them)."""
    from velfaerd.rules import all_rules  # noqa: PLC0415 - not needed by check

    wanted = name.strip().lower()
    for rule in all_rules():
        if rule.name == wanted:
            return rule.code
    return None


def explain(args: argparse.Namespace) -> int:
    """``velfaerd explain``: a rule (by code or name) or a ``LOAD`` code explained."""
    lang = output_language(args, found_config())
    CHOSEN.set(lang)
    code = args.code.strip().upper()
    try:
        code = _by_name(args.code) or code
    except RuleRegistrationError as error:
        raise UsageError(Text("cli.cannot-load-rules", {"error": str(error)})) from None
    for load_rule in LOAD_RULES:
        if code in {load_rule.code, load_rule.name.upper()}:
            load_rule = load_rule.translated(lang)  # noqa: PLW2901 - the same code, in lang
            emit(
                f"# {load_rule.code} ({load_rule.name})\n\n"
                f"{text('cli.load-explained', lang)}\n\n"
                f"{load_rule.description}\n",
                None,
            )
            return EXIT_OK
    from velfaerd.rules import all_rules  # noqa: PLC0415 - not needed by check

    try:
        rules = {rule.code: rule for rule in all_rules()}
    except RuleRegistrationError as error:
        raise UsageError(Text("cli.cannot-load-rules", {"error": str(error)})) from None
    if code not in rules:
        import difflib  # noqa: PLC0415 - only on the error path

        near = difflib.get_close_matches(code, list(rules), n=3, cutoff=0.5)
        hint: Text | str = Text("common.did-you-mean", {"names": ", ".join(near)}) if near else ""
        raise UsageError(Text("cli.no-rule", {"code": args.code, "hint": hint}))
    emit(_wrap(rules[code].translated(lang).explanation) + "\n", None)
    return EXIT_OK


def schema(args: argparse.Namespace) -> int:
    """``velfaerd schema``: the JSON Schema of the TOML format."""
    from velfaerd.schema import schema_text  # noqa: PLC0415 - only this command needs it

    # Only the flag chooses: the schema an editor reads should not depend on the locale.
    # Without it, both languages, as the package ships the schema.
    emit(schema_text(args.lang), args.output)
    return EXIT_OK
