"""Danish throughout: the catalogues are complete, and every text follows the language."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from tests._hypothesis import scaled

import velfaerd
from velfaerd import dates, i18n
from velfaerd.cli import _rule_text, main
from velfaerd.errors import ConfigError
from velfaerd.format._values import InvalidValueError
from velfaerd.report import MESSAGES
from velfaerd.rules import all_rules, get_rule
from velfaerd.strategies import AS_OF_CODES, MUTATIONS, violating

SOURCE = Path(velfaerd.__file__).parent
BUILTIN = all_rules(plugins=False)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_QUOTED = re.compile(r"'[^']*'|\([^()]*\)")


def _leaves(node: object, prefix: str = "") -> dict[str, str]:
    """Every text of a catalogue by its dotted key."""
    if isinstance(node, str):
        return {prefix: node}
    assert isinstance(node, dict), prefix
    found: dict[str, str] = {}
    for key, value in node.items():
        found.update(_leaves(value, f"{prefix}.{key}" if prefix else key))
    return found


EN = _leaves(i18n.catalogue("en"))
DA = _leaves(i18n.catalogue("da"))


def _rule_texts(lang: str) -> dict[str, str]:
    """What each built-in rule needs in a language: its texts and every message variant."""
    texts: dict[str, str] = {}
    for rule in BUILTIN:
        for field in ("summary", "description", "why"):
            texts[f"rules.{rule.code}.{field}"] = getattr(rule, field)
        for variant, template in rule.messages.items():
            texts[f"rules.{rule.code}.messages.{variant}"] = template
    return texts if lang == "en" else {key: DA.get(key, "") for key in texts}


def test_every_english_text_has_danish_with_the_same_placeholders() -> None:
    missing = sorted(key for key in EN if not DA.get(key, "").strip())
    assert not missing, f"no Danish text in velfaerd/locale/da.toml for: {', '.join(missing)}"
    differing = sorted(
        key for key in EN if i18n.placeholders(EN[key]) != i18n.placeholders(DA[key])
    )
    assert not differing, f"placeholders differ between en.toml and da.toml: {differing}"


def test_every_rule_text_and_variant_has_danish_with_the_same_placeholders() -> None:
    english = _rule_texts("en")
    missing = sorted(key for key, value in _rule_texts("da").items() if not value.strip())
    assert not missing, f"no Danish text in velfaerd/locale/da.toml for: {', '.join(missing)}"
    differing = sorted(
        key for key in english if i18n.placeholders(english[key]) != i18n.placeholders(DA[key])
    )
    assert not differing, f"placeholders differ from the rule's English: {differing}"


def test_the_danish_catalogue_has_nothing_english_lacks() -> None:
    # A stray key is a typo of a real one (which then falls back to English).
    # Two documented exceptions: `values.*` translates evidence words, and `schema.*`
    # holds the JSON Schema's Danish descriptions, whose English is the format
    # reference (velfaerd.format._reference), not en.toml; tests/test_schema.py checks
    # `schema.*` against that instead, so a stray Danish schema key still fails.
    examples = {f"rules.{r.code}.{field}" for r in BUILTIN for field in ("failing", "fixed")}
    known = set(EN) | set(_rule_texts("en")) | examples
    stray = sorted(
        key for key in DA if key not in known and not key.startswith(("values.", "schema."))
    )
    assert not stray, f"keys in da.toml that velfaerd never asks for: {stray}"


def test_every_load_code_has_its_texts() -> None:
    for load in _rule_text.LOAD_RULES:
        for lang in i18n.LANGUAGES:
            translated = load.translated(lang)
            assert translated.summary.strip()
            assert translated.description.strip()
    assert _rule_text.LOAD_RULES[0].translated("en") == _rule_text.LOAD_RULES[0]


_LITERAL_KEY = re.compile(r"""\b(?:Text|text)\(\s*["']([a-z0-9-]+(?:\.[a-zA-Z0-9-]+)+)["']""")


def test_every_key_the_code_names_is_in_the_english_catalogue() -> None:
    named = {
        (path.name, key)
        for path in SOURCE.rglob("*.py")
        for key in _LITERAL_KEY.findall(path.read_text(encoding="utf-8"))
    }
    assert named, "the scan found no keys"
    unknown = sorted((name, key) for name, key in named if key not in EN)
    assert not unknown, f"texts named in the code but missing from en.toml: {unknown}"


def test_a_missing_text_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="no-such-key"):
        i18n.text("cli.no-such-key", "da")


def test_counts_agree_in_number() -> None:
    assert [i18n.count("error", n, "da") for n in (1, 2)] == ["1 fejl", "2 fejl"]
    assert [i18n.count("warning", n, "da") for n in (1, 2)] == ["1 advarsel", "2 advarsler"]
    assert [i18n.count("file", n, "da") for n in (1, 3)] == ["1 fil", "3 filer"]
    assert [i18n.count("warning", n, "en") for n in (1, 2)] == ["1 warning", "2 warnings"]


def test_dates_and_periods_are_written_in_danish() -> None:
    assert i18n.format_date(dt.date(2024, 6, 30), "da") == "30. juni 2024"
    assert i18n.format_date(dt.date(2024, 6, 30), "en") == "30 June 2024"
    assert i18n.localize("review_every", "1 year", "da") == "1 år"
    assert i18n.localize("every", "1 year", "da") == "hvert år"  # how often, not how long
    assert i18n.localize("every", "2 weeks", "da") == "hver 2. uge"
    assert i18n.localize("due", "primo juni 2013", "da") == "primo juni 2013"
    assert i18n.localize("start", "2021-02-30", "da") == "2021-02-30"  # no such day: as given
    assert i18n.localize("cycle", ["a", "2021-03-01"], "da") == ["a", "1. marts 2021"]
    # English writes its dates as English readers do, never ISO beside a Danish window
    assert i18n.localize("start", "2021-03-01", "en") == "1 March 2021"
    assert i18n.localize("every", "1 year", "en") == "1 year"
    assert i18n.localize("share", 0.25, "da") == "0,25"
    assert i18n.localize("kinds", "conference, meeting", "da") == "konference, møde"


# --- choosing the language ---------------------------------------------------------------


def test_the_library_is_english_by_default_and_never_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VELFAERD_LANG", "da")
    monkeypatch.setenv("LANG", "da_DK.UTF-8")
    assert velfaerd.Config().lang == "en"
    report = velfaerd.check(velfaerd.loads(get_rule("COV002").failing))
    assert report.lang == "en"
    assert any("has no goal" in f.message for f in report.findings)


def test_config_chooses_the_language() -> None:
    assert velfaerd.Config.from_mapping({"lang": "da"}).lang == "da"
    with pytest.raises(ConfigError, match=r"lang: expected one of 'en', 'da', found 'de'"):
        velfaerd.Config(lang="de")
    with pytest.raises(ConfigError, match=r"velfaerd\.toml: lang must be a string"):
        velfaerd.Config.from_mapping({"lang": 1}, source="velfaerd.toml")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "da_DK.UTF-8"}, "da"),
        ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "da_DK"}, "da"),
        ({"LC_ALL": "C", "LANG": "da_DK.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "da"}, "da"),
        ({"VELFAERD_LANG": "en", "LANG": "da_DK.UTF-8"}, "en"),
        ({"VELFAERD_LANG": "DA"}, "da"),
    ],
)
def test_the_environment_chooses_the_command_lines_language(
    environ: dict[str, str], expected: str
) -> None:
    assert i18n.language_from_environment(environ) == expected


def test_an_unknown_velfaerd_lang_is_an_error() -> None:
    with pytest.raises(ConfigError, match="VELFAERD_LANG: expected one of"):
        i18n.language_from_environment({"VELFAERD_LANG": "de"})


# --- every rule speaks Danish --------------------------------------------------------------

_ENGLISH_WORDS = {
    word
    for (code, _), template in MESSAGES["en"].items()
    if code in {rule.code for rule in BUILTIN}
    for word in re.findall(r"[a-z]{3,}", re.sub(r"\{[^}]*\}", " ", template.lower()))
} - {
    word
    for template in _leaves(i18n.catalogue("da")).values()
    for word in re.findall(r"[a-zæøå]{3,}", template.lower())
}
_AS_OF = dt.date(2024, 6, 1)


@pytest.mark.parametrize("code", sorted(set(MUTATIONS) | AS_OF_CODES))
def test_violating_portfolios_give_danish_messages(code: str) -> None:
    as_of = _AS_OF if code in AS_OF_CODES else None

    # One message per mutation: three portfolios show the same messages (code and
    # variant) that eight do, and their words.
    @scaled(3)
    @given(violating(code, as_of=as_of))
    def check(portfolio: velfaerd.Portfolio) -> None:
        # An opt-in rule (IND003) speaks only when it is selected.
        config = velfaerd.Config(lang="da", extend_select=[code])
        report = velfaerd.check(portfolio, config, as_of=as_of)
        assert report.findings
        for finding in report.findings:
            assert not _ISO.search(finding.message), finding.message
            words = set(re.findall(r"[a-z]{3,}", _QUOTED.sub(" ", finding.message)))
            assert not words & _ENGLISH_WORDS, (finding.message, words & _ENGLISH_WORDS)
            english = velfaerd.report.render(finding.code, finding.variant, finding.evidence)
            assert finding.message != english

    check()


# --- load problems -------------------------------------------------------------------------


def _load_error(text: str) -> velfaerd.LoadError:
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.loads(text, source="a.toml")
    return caught.value


@pytest.mark.parametrize(
    ("text", "english", "danish"),
    [
        (
            '[[actors]]\nid = "a"\nname = "A"\nkind = "skole"',
            "expected one of 'council'",
            "skal være en af 'council'",
        ),
        (
            '[[actors]]\nid = 5\nname = "A"\nkind = "council"',
            "expected a string, found integer 5",
            "skal være en tekst, men er heltallet 5",
        ),
        (
            '[[actors]]\nid = "a"\nname = "A"\nkindd = "council"',
            "unknown key 'kindd'; did you mean 'kind'?",
            "ukendt nøgle 'kindd'; mente du 'kind'?",
        ),
        (
            '[[agreements]]\nid = "a"\ntitle = "A"\nkind = "cooperation"\nstart = "31.02.2021"',
            "cannot read '31.02.2021': februar 2021 has 28 days",
            "kan ikke læse '31.02.2021': februar 2021 har 28 dage",
        ),
        (
            '[[agreements]]\nid = "a"\ntitle = "A"\nkind = "cooperation"\nstart = "medio maj"',
            "it has no year, and a year is never guessed",
            "der står intet årstal, og velfaerd gætter aldrig et år",
        ),
        (
            '[[agreements]]\nid = "a"\ntitle = "A"\nkind = "cooperation"\nduration = "3 uger x"',
            "a period is a count and a unit",
            "et interval skrives som et antal og en enhed",
        ),
        ("format = 2", "expected 1 (the only format version)", "skal være 1 (den eneste"),
        ("a = [", "not valid TOML", "ikke gyldig TOML"),
    ],
)
def test_load_problems_are_written_in_the_language(text: str, english: str, danish: str) -> None:
    error = _load_error(text)
    assert english in str(error)
    assert str(error) == error.text("en")
    assert danish in error.text("da")
    assert error.text("da").splitlines()[0].endswith("ved indlæsningen:")


def test_many_problems_are_cut_short_in_danish() -> None:
    actors = "".join(f'[[actors]]\nid = "a{n}"\nname = "A"\nkind = "x"\n' for n in range(22))
    assert "… og 2 mere" in _load_error(actors).text("da")


def test_a_problem_made_by_hand_has_only_its_message() -> None:
    problem = velfaerd.Problem(code="LOAD001", message="gone", source="a.toml")
    assert problem.render("da") == "gone"


# --- output ---------------------------------------------------------------------------------


def test_json_and_sarif_carry_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "a.toml"
    source.write_text(get_rule("COV002").failing, encoding="utf-8")
    main(["check", str(source), "--lang", "da", "--output-format", "json", "--exit-zero"])
    data = json.loads(capsys.readouterr().out)
    assert data["lang"] == "da"
    assert any("har intet mål" in f["message"] for f in data["findings"])
    main(["check", str(source), "--lang", "da", "--output-format", "sarif", "--exit-zero"])
    log: Any = json.loads(capsys.readouterr().out)
    run = log["runs"][0]
    assert run["properties"]["lang"] == "da"
    descriptors = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert descriptors["COV002"]["shortDescription"]["text"] == "en indsats har intet mål"
    assert descriptors["LOAD004"]["shortDescription"]["text"] == "en nøgle er ukendt"
    assert "Hvorfor det er vigtigt" in descriptors["COV002"]["help"]["markdown"]
    assert any("har intet mål" in r["message"]["text"] for r in run["results"])


def test_statistics_and_load_problems_in_danish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "a.toml"
    source.write_text(get_rule("COV002").failing, encoding="utf-8")
    main(["check", str(source), "--lang", "da", "--statistics", "--exit-zero"])
    assert "[advarsel]" in capsys.readouterr().out
    broken = tmp_path / "b.toml"
    broken.write_text("[[actors]]\nid = 1\n", encoding="utf-8")
    main(["check", str(broken), "--lang", "da"])
    out = capsys.readouterr().out
    assert "LOAD003 [fejl] actors[0].id: skal være en tekst, men er heltallet 1" in out
    assert out.rstrip().endswith(
        "Fandt 3 fejl, 0 advarsler i 1 fil. Kunne ikke indlæses og er udeladt: 1 fil."
    )


def test_misuse_is_said_in_danish(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "findes-ikke.toml", "--lang", "da"]) == 2
    assert capsys.readouterr().err == (
        "velfaerd: fejl: filen eller mappen findes ikke: 'findes-ikke.toml'\n"
    )
    assert main(["explain", "REV01", "--lang", "da"]) == 2
    assert "ingen regel har koden 'REV01'; mente du REV001" in capsys.readouterr().err
    assert main(["check", ".", "--lang", "da", "--select", "LOAD001"]) == 2
    assert "indlæsningsproblemer meldes altid" in capsys.readouterr().err
    assert main(["--lang=da"]) == 2
    assert "angiv en kommando" in capsys.readouterr().err


def test_the_limits_and_refusals_are_said_in_danish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "stor.toml"
    big.write_text("# " + "x" * 100 + "\n", encoding="utf-8")
    assert main(["check", str(big), "--lang", "da", "--max-file-size", "64"]) == 1
    assert (
        "LOAD001 [fejl] filen er større end grænsen på 64 bytes (103 bytes); hæv grænsen "
        "med --max-file-size, hvis filen skal læses" in capsys.readouterr().out
    )
    assert main(["check", str(big), "--lang", "da", "--max-file-size", "0"]) == 2
    assert capsys.readouterr().err == (
        "velfaerd: fejl: --max-file-size: skal være et positivt antal bytes, men er 0\n"
    )
    assert (
        main(["check", str(big), "--lang", "da", "--statistics", "--output-format", "concise"]) == 2
    )
    assert "--statistics skriver text eller json, ikke concise" in capsys.readouterr().err
    (tmp_path / "velfaerd.toml").write_text(
        '[per-file-ignores]\n"planer/*.toml" = 5\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check", ".", "--lang", "da"]) == 2
    assert capsys.readouterr().err == (
        f"velfaerd: fejl: {tmp_path / 'velfaerd.toml'}: per-file-ignores 'planer/*.toml': "
        "skal være en liste af regelkoder eller præfikser, men er 5\n"
    )
    with pytest.raises(ConfigError) as caught:
        velfaerd.Config(lang="da", select=[5])  # type: ignore[list-item]
    assert caught.value.text("da") == (
        "5 er ikke en regelkode eller et præfiks (som 'REV001' eller 'REV')"
    )
    evidence = {"milestone": "m", "step": "s", "due": "2024-01-02", "more": 1, "round": None}
    assert velfaerd.report.render("APR001", "more-one", evidence, "da") == (
        "godkendelsen 'm' af trinnet 's' (2. januar 2024) ligger også før 1 godkendelse "
        "mere af et tidligere trin"
    )


def test_rules_and_explain_in_danish(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--lang", "da"]) == 0
    listing = capsys.readouterr().out
    assert "REV  opfølgning" in listing
    assert "LOAD  indlæsning" in listing
    assert main(["explain", "LOAD002", "--lang", "da"]) == 0
    assert "Et indlæsningsproblem" in capsys.readouterr().out
    assert main(["rules", "--lang", "da", "--output-format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"code": "REV003", "summary": get_rule("REV003").translated("da").summary}.items() <= (
        next(item for item in data if item["code"] == "REV003").items()
    )


def test_a_translated_rule_keeps_its_examples_and_goes_back_to_english() -> None:
    rule = get_rule("REV001")
    danish = rule.translated("da")
    assert (danish.failing, danish.fixed, danish.code, danish.name) == (
        rule.failing,
        rule.fixed,
        rule.code,
        rule.name,
    )
    assert danish.translated("da") is danish
    assert danish.translated("en") == rule
    assert "## Hvad reglen tjekker" in danish.explanation


def test_configuration_errors_are_said_in_danish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "velfaerd.toml").write_text('ignorer = ["COV"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", ".", "--lang", "da"]) == 2
    assert capsys.readouterr().err == (
        f"velfaerd: fejl: {tmp_path / 'velfaerd.toml'}: ukendt nøgle i konfigurationen "
        "'ignorer'; mente du 'ignore'?\n"
    )
    with pytest.raises(ConfigError) as caught:
        velfaerd.Config.from_mapping({"severity": {"REV001": "høj"}}, source="v.toml")
    assert str(caught.value) == caught.value.text("en")
    assert caught.value.text("da").startswith("v.toml: alvorlighed for REV001: skal være en af")


def test_the_examples_give_a_danish_report(capsys: pytest.CaptureFixture[str]) -> None:
    examples = Path(__file__).parent.parent / "examples"
    assert main(["check", str(examples), "--lang", "da"]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.strip()]
    assert re.fullmatch(r"Fandt \d+ fejl, \d+ advarsl(er|) i 5 filer\.", lines[-1]), lines[-1]
    for line in lines[:-1]:
        message = line.split("] ", 1)[1]
        assert not _ISO.search(message), line
        words = set(re.findall(r"[a-z]{3,}", _QUOTED.sub(" ", message)))
        assert not words & _ENGLISH_WORDS, (line, words & _ENGLISH_WORDS)
        assert re.search(r" \[(fejl|advarsel)\] ", line), line


def test_misuse_after_the_configuration_is_said_in_its_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "velfaerd.toml").write_text('lang = "da"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", ".", "--select", "NOPE"]) == 2
    assert capsys.readouterr().err.startswith(
        "velfaerd: fejl: --select: ingen regel har koden eller præfikset 'NOPE'"
    )
    assert main(["check", ".", "--as-of", "igår"]) == 2
    assert capsys.readouterr().err.startswith("velfaerd: fejl: --as-of: skal være en dato")
    assert main(["check", "findes-ikke"]) == 2
    assert capsys.readouterr().err.startswith("velfaerd: fejl: filen eller mappen findes ikke")


def test_a_message_not_yet_in_the_catalogues_is_shown_as_it_is() -> None:
    # How a text another branch adds before its Danish exists still reaches the reader.
    error = dates._UnreadableError("a reason in English")
    assert str(error) == "a reason in English"
    said = velfaerd.DateFormatError("x", "a reason in English", said=error.reason)
    assert said.said.render("da") == "kan ikke læse 'x': a reason in English"
    plain = InvalidValueError("expected something")
    assert (str(plain), plain.said) == ("expected something", None)


@pytest.mark.parametrize("table", ["approver_kind", "allowed_kind"])
def test_every_actor_kind_has_a_danish_name(table: str) -> None:
    # APR003 names the kind of actor that approved and the kinds that may: in Danish,
    # every kind, the ones format 1.1 added included.
    from velfaerd.model import ActorKind  # noqa: PLC0415

    missing = [
        kind.value
        for kind in ActorKind
        if i18n.lookup(f"values.{table}.{kind.value}", "da") is None
    ]
    assert not missing, f"no Danish name in values.{table} for: {missing}"


# --- one word per concept -------------------------------------------------------------------

#: The glossary of docs/languages.md: its rows, between the markers around the table.
GLOSSARY = Path(__file__).parents[1] / "docs" / "languages.md"
#: What documents write, quoted in a description ("i dokumenterne: godkendelsesgange").
_QUOTED_FROM_DOCUMENTS = re.compile(r"\(i dokumenterne:[^)]*\)")


def banned_synonyms() -> dict[str, str]:
    """Each word the glossary says never to use, and the word to use instead."""
    text = GLOSSARY.read_text(encoding="utf-8")
    table = text.split("<!-- glossary -->")[1].split("<!-- /glossary -->")[0]
    banned: dict[str, str] = {}
    for row in table.strip().splitlines()[2:]:
        _, word, never = (cell.strip() for cell in row.strip("|").split("|"))
        for synonym in filter(None, (part.strip() for part in never.split(","))):
            banned[synonym] = word
    return banned


def test_the_glossary_bans_the_synonyms_the_issue_found() -> None:
    banned = banned_synonyms()
    assert {"løbetid", "tidsrum", "periode", "hver 1 år", "cirkel"} <= set(banned)
    assert banned["løbetid"] == "aftaleperiode"


def test_no_banned_synonym_is_in_the_danish_catalogue() -> None:
    found = []
    for key, value in DA.items():
        shown = _QUOTED_FROM_DOCUMENTS.sub("", value).lower()
        for synonym, word in banned_synonyms().items():
            if re.search(rf"(?<![\wæøå]){re.escape(synonym)}(?![\wæøå])", shown):
                found.append(f"{key}: {synonym!r} (write {word!r})")
    assert not found, "banned synonyms in da.toml:\n" + "\n".join(found)


def test_a_banned_synonym_would_be_found() -> None:
    # The check above is not vacuous: a sentence like the ones it replaced fails it.
    sentence = "milepælen ligger efter aftalens tidsrum slutter"
    assert any(
        re.search(rf"(?<![\wæøå]){re.escape(synonym)}(?![\wæøå])", sentence)
        for synonym in banned_synonyms()
    )
