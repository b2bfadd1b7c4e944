"""A local Sphinx extension: what the documentation shows is produced at build time.

On ``builder-inited`` it writes, into ``docs/_generated/`` (excluded from the sources
and included from the pages):

* ``rules.md`` — the rule reference, from :func:`velfaerd.rules.all_rules`, grouped by
  family: code, name, default severity, summary, what it checks, why, the failing
  example and the fix, and whether it needs ``as_of``;
* ``regler.md`` — the same reference in Danish, from the Danish catalogue
  (``velfaerd/locale/da.toml``, through :meth:`velfaerd.rules.Rule.translated`);
* ``date-forms.md`` — every date form with the window :func:`velfaerd.dates.parse_window`
  reads it as;
* ``messages.md`` and ``mutations.md`` — the tables :data:`velfaerd.report.MESSAGES` and
  :data:`velfaerd.strategies.MUTATIONS` hold, one row each, for the API page (which
  shows the names without their values);
* ``*.txt`` — the real output of the command line on the tutorial's files and on the
  examples, and its ``--help``, for the CLI and examples pages (the tutorials write
  their outputs inline, and a test compares them).

It also checks that the data format reference (``format.md``) lists every key the
loader reads, and no other: a key added to the model without documentation is a
warning, and so a failed ``-W`` build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

FAMILIES = {
    "REF": "References",
    "AGR": "Agreements",
    "COV": "Coverage",
    "REV": "Reviews",
    "APR": "Approvals",
    "MIL": "Milestones",
}

#: Every date form the format reference and ``dates.md`` talk about, in their order.
DATE_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Exact days",
        (
            "5. december 2012",
            "5 december 2012",
            "8.september 2017",
            "5. dec. 2012",
            "d. 15.03.2021",
            "15.03.2021",
            "26-11-2012",
            "2012-11-26",
            "31/3 2019",
            "31/3-2019",
            "pr. 31.03.2019",
            "mandag den 24. juni 2019",
            "1. marts 2023 kl. 14",
            "1. marts 2023 kl. 14.00-16.00",
        ),
    ),
    ("Months and spans of months", ("juni 2013", "februar-marts 2013", "februar - marts 2013")),
    (
        "Primo, medio, ultimo",
        (
            "primo juni 2013",
            "medio januar 2013",
            "ultimo februar 2024",
            "begyndelsen af marts 2014",
            "midten af marts 2014",
            "slutningen af marts 2014",
            "primo 2019",
            "medio 2019",
            "ultimo 2019",
        ),
    ),
    ("Weeks", ("uge 8 2013", "uge 8, 2013", "uge 53 2020")),
    (
        "Quarters and halves",
        (
            "1. kvartal 2019",
            "fjerde kvartal 2019",
            "2. kvartal af 2019",
            "1. halvår 2013",
            "første halvår af 2013",
            "andet halvår 2013",
            "1. kvt. 2019",
            "Q1 2019",
        ),
    ),
    (
        "Years and school years",
        (
            "2013",
            "2021-22",
            "skoleåret 2013/2014",
            "skoleåret 2014/15",
            "2014/15",
            "skoleåret 2013-2014",
            "skoleåret 23/24",
        ),
    ),
    (
        "Seasons",
        ("foråret 2019", "sommeren 2019", "efteråret 2019", "vinteren 2019", "vinteren 2022/23"),
    ),
    (
        "School holidays",
        (
            "sommerferien 2022",
            "efterårsferien 2022",
            "vinterferien 2023",
            "juleferien 2022",
            "påskeferien 2023",
            "efter sommerferien 2022",
        ),
    ),
    (
        "Ranges",
        (
            "juni 2013 - august 2014",
            "fra marts 2013 til juni 2013",
            "medio november - ultimo december 2024",
            "uge 8-10 2013",
            "juni/juli 2022",
        ),
    ),
    (
        "In, the start of and the end of",
        (
            "i juni 2013",
            "i løbet af efteråret 2021",
            "start 2022",
            "starten af 2022",
            "udgangen af september 2014",
        ),
    ),
    (
        "Deadlines",
        (
            "senest 1. maj 2013",
            "senest med udgangen af 2013",
            "inden udgangen af 2. kvartal 2019",
            "inden juni 2013",
            "før 1. marts 2024",
            "inden skoleåret 2013/2014",
            "til og med juni 2013",
            "frem til 30. september 2024",
            "indtil skoleåret 2013/2014",
            "frem til skoleåret 2013/2014",
        ),
    ),
)

#: The model classes whose keys ``format.md`` documents, by the marker before each table.
FORMAT_TABLES = (
    "Document",
    "Municipality",
    "Actor",
    "Policy",
    "Theme",
    "Principle",
    "ApprovalProcess",
    "Step",
    "Agreement",
    "Basis",
    "Budget",
    "Commitment",
    "Milestone",
    "Phase",
    "Waiver",
)

_AS_OF = "yes — it runs only when an as-of date is given"
_MARKER = re.compile(r"<!-- keys: (\w+) -->")
_ROW_KEY = re.compile(r"^\|\s*`([a-z_]+)`")


def _write(path: Path, text: str) -> None:
    """Write ``text`` unless the file already holds it (keeps incremental builds quiet)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _fence(text: str, language: str) -> str:
    """Fence ``text`` with more backticks than it contains in a row."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{language}\n{text.strip()}\n{ticks}"


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


#: The words of the rule reference that are not rule texts, by language.
_REFERENCE_WORDS = {
    "en": {
        "glance": "All rules at a glance",
        "columns": "| code | name | default severity | needs `as_of` | summary |",
        "yes": "yes",
        "no": "no",
        "as_of": _AS_OF,
        "severity": "Default severity",
        "needs": "Needs `as_of`",
        "show": "Show it on the command line",
        "what": "What it checks.",
        "why": "Why it matters.",
        "failing": "Failing example.",
        "fix": "Fix.",
        "anchor": "rule",
        "flag": "",
    },
    "da": {
        "glance": "Alle regler i overblik",
        "columns": "| kode | navn | alvorlighed | kræver `as_of` | resumé |",
        "yes": "ja",
        "no": "nej",
        "as_of": "ja – den køres kun, når der er angivet en skæringsdato",
        "severity": "Standardalvorlighed",
        "needs": "Kræver `as_of`",
        "show": "Vis den på kommandolinjen",
        "what": "Hvad reglen tjekker.",
        "why": "Hvorfor det er vigtigt.",
        "failing": "Eksempel, der fejler.",
        "fix": "Sådan rettes det.",
        "anchor": "regel",
        "flag": " --lang da",
    },
}


def rules_reference(lang: str = "en") -> str:
    """Return the rule reference (MyST markdown) generated from the registry, in ``lang``."""
    from velfaerd.i18n import text  # noqa: PLC0415
    from velfaerd.rules import all_rules  # noqa: PLC0415

    words = _REFERENCE_WORDS[lang]
    # Only velfaerd's own rules: what else happens to be installed on the build
    # machine is not part of velfaerd's documentation.
    rules = [rule.translated(lang) for rule in all_rules(plugins=False)]
    families: dict[str, list[Any]] = {}
    for rule in rules:
        families.setdefault(rule.family, []).append(rule)
    order = [f for f in FAMILIES if f in families] + sorted(set(families) - set(FAMILIES))

    lines = [
        "<!-- Generated by docs/_ext/velfaerd_docs.py from velfaerd.rules.all_rules(). -->",
        "<!-- Do not edit: it is rewritten on every build. -->",
        "",
        f"## {words['glance']}",
        "",
        words["columns"],
        "|---|---|---|---|---|",
    ]
    anchor = words["anchor"]
    lines.extend(
        f"| [`{rule.code}`](#{anchor}-{rule.code.lower()}) | `{rule.name}` "
        f"| {text('severity.' + rule.severity.value, lang)} "
        f"| {words['yes'] if rule.needs_as_of else words['no']} "
        f"| {_one_line(rule.summary)} |"
        for family in order
        for rule in families[family]
    )
    lines.append("")
    for family in order:
        title = FAMILIES.get(family, family) if lang == "en" else text(f"cli.family.{family}", lang)
        lines += [f"## {family}: {title}", ""]
        for rule in families[family]:
            lines += [
                f"({anchor}-{rule.code.lower()})=",
                f"### {rule.code} · {rule.name}",
                "",
                f"*{rule.summary.strip()}*",
                "",
                f"- **{words['severity']}:** `{text('severity.' + rule.severity.value, lang)}`",
                f"- **{words['needs']}:** {words['as_of'] if rule.needs_as_of else words['no']}",
                f"- **{words['show']}:** `velfaerd explain {rule.code}{words['flag']}`",
                "",
                f"**{words['what']}** " + rule.description.strip(),
                "",
                f"**{words['why']}** " + rule.why.strip(),
                "",
                f"**{words['failing']}**",
                "",
                _fence(rule.failing, "toml"),
                "",
                f"**{words['fix']}**",
                "",
                _fence(rule.fixed, "toml"),
                "",
            ]
    return "\n".join(lines)


def date_forms() -> str:
    """Return a table of every date form and the window velfaerd reads it as."""
    from velfaerd.dates import format_window, parse_window  # noqa: PLC0415

    lines = [
        "<!-- Generated by docs/_ext/velfaerd_docs.py with velfaerd.dates.parse_window(). -->",
        "",
        "| written | earliest | latest | canonical form |",
        "|---|---|---|---|",
    ]
    for group, forms in DATE_FORMS:
        lines.append(f"| **{group}** | | | |")
        for text in forms:
            window = parse_window(text)
            earliest = window.earliest.isoformat() if window.earliest else "— (deadline)"
            lines.append(
                f'| `"{text}"` | {earliest} | {window.latest.isoformat()} '
                f'| `"{format_window(window)}"` |'
            )
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """``text`` as inline code in a table cell (its ``|`` escaped)."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{_one_line(text)}{pad}{ticks}"


def messages_table() -> str:
    """Return the message templates of velfaerd's rules, English and Danish, as a table."""
    from velfaerd.report import MESSAGES, template  # noqa: PLC0415
    from velfaerd.rules import all_rules  # noqa: PLC0415

    all_rules(plugins=False)  # the rules add their templates when they register
    lines = [
        "<!-- Generated by docs/_ext/velfaerd_docs.py from velfaerd.report.MESSAGES. -->",
        "",
        "| code | variant | English | Danish |",
        "|---|---|---|---|",
    ]
    for code, variant in sorted(MESSAGES["en"]):
        english = MESSAGES["en"][code, variant]
        danish = template(code, variant, "da")
        lines.append(
            f"| `{code}` | `{variant}` | {_code(english)} | {_code(danish) if danish else '—'} |"
        )
    return "\n".join(lines) + "\n"


def mutations_table() -> str:
    """Return the named mutations of :mod:`velfaerd.strategies` as a table."""
    from velfaerd.strategies import MUTATIONS  # noqa: PLC0415

    lines = [
        "<!-- Generated by docs/_ext/velfaerd_docs.py from velfaerd.strategies.MUTATIONS. -->",
        "",
        "| key: the code it makes fire | `name` | `description` |",
        "|---|---|---|",
    ]
    lines.extend(
        f"| `{code}` | `{mutation.name}` | {_one_line(mutation.description)} |"
        for code, mutation in MUTATIONS.items()
    )
    return "\n".join(lines) + "\n"


def _run(args: list[str], cwd: Path, *, exit_code: bool = True) -> str:
    """Run velfaerd's command line as a user would, and return what it printed."""
    import velfaerd  # noqa: PLC0415

    # The same velfaerd the build imports, wherever it comes from.
    package_root = str(Path(velfaerd.__file__).resolve().parent.parent)
    python_path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
    env = {
        **os.environ,
        "PYTHONPATH": python_path,
        "NO_COLOR": "1",
        "COLUMNS": "88",
        "VELFAERD_PLUGINS": "0",
        "VELFAERD_LANG": "en",  # whatever the build machine's locale; --lang da says Danish
        # The check's cache goes to a temporary directory, not into the docs' sources.
        "VELFAERD_CACHE_DIR": str(Path(tempfile.gettempdir()) / "velfaerd-docs-cache"),
    }
    env.pop("FORCE_COLOR", None)
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "velfaerd", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        logger.warning("velfaerd %s could not run: %s", " ".join(args), error, type="velfaerd")
        return f"(velfaerd {' '.join(args)} could not run)\n"
    output = done.stdout + done.stderr
    broken = ("Traceback", "No module named", "cannot be directly executed")
    if done.returncode == 2 or any(b in output for b in broken):  # noqa: PLR2004 - misuse
        logger.warning(
            "velfaerd %s failed (exit %s): %s",
            " ".join(args),
            done.returncode,
            output.strip()[-500:],
            type="velfaerd",
        )
    if not exit_code:
        return f"{output.rstrip()}\n"
    return f"{output.rstrip()}\n\n(exit code {done.returncode})\n"


def command_outputs(docs: Path) -> dict[str, str]:
    """Return the outputs the CLI page and the examples page show.

    The tutorials write theirs into the page, for readers on GitHub;
    ``tests/test_docs_tutorial.py`` runs each command and compares.
    """
    tutorial = docs / "tutorial"
    root = docs.parent
    outputs = {
        "tutorial-check-concise.txt": _run(
            ["check", "--output-format", "concise", "aftale.toml"], tutorial
        ),
        "tutorial-check-json.txt": _run(
            ["check", "--output-format", "json", "aftale.toml"], tutorial, exit_code=False
        ),
        "cli-help.txt": _run(["--help"], tutorial),
        "cli-check-help.txt": _run(["check", "--help"], tutorial),
        "cli-rules.txt": _run(["rules"], tutorial),
    }
    if (root / "examples").is_dir() and any((root / "examples").glob("*.toml")):
        outputs["examples-check.txt"] = _run(["check", "examples/"], root)
    if (root / "tests" / "data" / "kobenhavn-21-maj-april.toml").is_file():
        outputs["kobenhavn-error.txt"] = _run(
            ["check", "tests/data/kobenhavn-21-maj-april.toml"], root
        )
    return outputs


def _documented_keys(page: Path) -> dict[str, list[str]]:
    """Read the key tables of ``format.md``: each follows a ``<!-- keys: Class -->``."""
    documented: dict[str, list[str]] = {}
    current: str | None = None
    for line in page.read_text(encoding="utf-8").splitlines():
        marker = _MARKER.search(line)
        if marker:
            current = marker.group(1)
            documented[current] = []
        elif current is not None and line.startswith("|"):
            row = _ROW_KEY.match(line)
            if row:
                documented[current].append(row.group(1))
        elif line.strip():
            current = None
    return documented


def check_format_reference(docs: Path) -> None:
    """Warn where ``format.md`` and the keys the loader reads disagree."""
    from velfaerd import model  # noqa: PLC0415
    from velfaerd.format import _convert  # noqa: PLC0415

    page = docs / "format.md"
    documented = _documented_keys(page)
    for name in FORMAT_TABLES:
        cls = _convert.Document if name == "Document" else getattr(model, name)
        known = list(_convert.known_keys(cls))
        keys = documented.get(name)
        if keys is None:
            logger.warning("format.md has no key table for %s", name, type="velfaerd")
            continue
        missing = [k for k in known if k not in keys]
        extra = [k for k in keys if k not in known]
        for problem, found in (("does not document", missing), ("documents unknown", extra)):
            if found:
                logger.warning(
                    "format.md %s %s keys: %s", problem, name, ", ".join(found), type="velfaerd"
                )


def generate(app: Sphinx) -> None:
    """Write everything under ``docs/_generated/`` (``builder-inited``)."""
    docs = Path(app.srcdir)
    generated = docs / "_generated"
    steps = (
        ("the rule reference", lambda: _write(generated / "rules.md", rules_reference())),
        (
            "the Danish rule reference",
            lambda: _write(generated / "regler.md", rules_reference("da")),
        ),
        ("the date forms", lambda: _write(generated / "date-forms.md", date_forms())),
        ("the messages table", lambda: _write(generated / "messages.md", messages_table())),
        ("the mutations table", lambda: _write(generated / "mutations.md", mutations_table())),
        ("the command outputs", lambda: _write_all(generated, command_outputs(docs))),
        ("the format reference check", lambda: check_format_reference(docs)),
    )
    for what, step in steps:
        _attempt(what, step)


def _attempt(what: str, step: Callable[[], None]) -> None:
    try:
        step()
    except Exception as error:  # noqa: BLE001 - report it as a build warning
        logger.warning("cannot generate %s: %r", what, error, type="velfaerd")


def _write_all(generated: Path, outputs: dict[str, str]) -> None:
    for name, text in outputs.items():
        _write(generated / name, text)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the generator with Sphinx."""
    app.connect("builder-inited", generate)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
