"""Loading: every bad input is a LoadError naming the file, key path, code and line."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest

import velfaerd
from velfaerd import LoadError, Problem

AGREEMENT = """\
[[agreements]]
id = "aftale"
title = "Samarbejdsaftale"
kind = "cooperation"
parties = ["byraadet", "skolen"]
"""


def problems_of(text: str) -> tuple[Problem, ...]:
    with pytest.raises(LoadError) as caught:
        velfaerd.loads(text, source="test.toml")
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, velfaerd.VelfaerdError)
    return caught.value.problems


def only(text: str) -> Problem:
    problems = problems_of(text)
    assert len(problems) == 1, problems
    return problems[0]


def test_the_baseline_portfolio_loads(valid: velfaerd.Portfolio) -> None:
    agreement = valid.agreement("auraskolen-2021")
    assert agreement.start == dt.date(2021, 3, 15)
    assert agreement.end == dt.date(2024, 3, 14)
    assert agreement.review_every == velfaerd.Period(1, "years")
    assert valid.municipalities[0].name == "Esbjerg Kommune"
    assert valid.actor("bfu").part_of == "byraadet"
    assert valid.policy("bu-politik").themes[1].id == "udsatte"
    assert valid.approval_process("lokal-aftale").predecessors("godkendt") == ("bestyrelse",)
    milestone = agreement.milestone("godkendt")
    assert milestone is not None
    assert milestone.due == velfaerd.DateWindow(dt.date(2021, 3, 8), dt.date(2021, 3, 14))


def test_origins_name_file_path_and_line(valid: velfaerd.Portfolio) -> None:
    agreement = valid.agreement("auraskolen-2021")
    milestone = agreement.milestones[3]
    assert milestone.origin is not None
    assert milestone.origin.source == "valid.toml"
    assert milestone.origin.path == "agreements[0].milestones[3]"
    text = (Path(__file__).parent.parent / "data" / "valid.toml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert milestone.origin.line is not None
    assert lines[milestone.origin.line - 1] == "[[agreements.milestones]]"
    assert lines[milestone.origin.keys["due"] - 1].startswith("due = ")


def test_origin_takes_no_part_in_equality(valid_text: str) -> None:
    one = velfaerd.loads(valid_text, source="a.toml")
    other = velfaerd.loads("\n\n" + valid_text, source="b.toml")
    assert one == other
    assert one.agreements[0].origin != other.agreements[0].origin


def test_dump_round_trip(valid: velfaerd.Portfolio) -> None:
    text = velfaerd.dump(valid)
    assert velfaerd.loads(text) == valid
    assert velfaerd.dump(velfaerd.loads(text)) == text


def test_dump_keeps_review_every_none_and_unordered_steps() -> None:
    text = (
        AGREEMENT
        + 'review_every = "none"\n'
        + '[[approval_processes]]\nid = "p"\nsteps = [{ id = "a", name = "A", after = [] }]\n'
    )
    portfolio = velfaerd.loads(text)
    assert portfolio.agreements[0].review_every is None
    assert portfolio.approval_processes[0].steps[0].after == ()
    assert velfaerd.loads(velfaerd.dump(portfolio)) == portfolio


def test_implementation_plan_has_no_review_by_default() -> None:
    text = AGREEMENT.replace('"cooperation"', '"implementation_plan"')
    assert velfaerd.loads(text).agreements[0].review_every is None


def test_start_and_end_take_first_and_last_day() -> None:
    text = AGREEMENT + 'start = "januar 2015"\nend = "december 2016"\n'
    agreement = velfaerd.loads(text).agreements[0]
    assert (agreement.start, agreement.end) == (dt.date(2015, 1, 1), dt.date(2016, 12, 31))


def test_start_defaults_to_entered_and_end_to_duration() -> None:
    text = AGREEMENT + 'entered = "1. marts 2024"\nduration = "1 year"\n'
    agreement = velfaerd.loads(text).agreements[0]
    assert agreement.start == dt.date(2024, 3, 1)
    assert agreement.end == dt.date(2025, 2, 28)


def test_malformed_toml_names_its_line() -> None:
    problem = only('format = 1\n[[actors]]\nid = "x\n')
    assert problem.code == "LOAD002"
    assert problem.source == "test.toml"
    assert problem.line == 3


def test_too_deep_nesting_is_a_load_error() -> None:
    problem = only("x = " + "[" * 5000 + "]" * 5000)
    assert problem.code in {"LOAD001", "LOAD002"}
    assert "deep" in problem.message or problem.code == "LOAD002"


def test_unknown_key_names_the_nearest_known_key() -> None:
    problem = only(AGREEMENT + 'titel = "x"\n')
    assert problem.code == "LOAD004"
    assert problem.path == "agreements[0].titel"
    assert problem.line == 6
    assert "'title'" in problem.message


def test_unknown_top_level_key() -> None:
    problem = only('agreement = "x"\n')
    assert (problem.code, problem.path, problem.line) == ("LOAD004", "agreement", 1)
    assert "'agreements'" in problem.message


def test_origin_is_not_a_key() -> None:
    problem = only(AGREEMENT + 'origin = "x"\n')
    assert (problem.code, problem.path) == ("LOAD004", "agreements[0].origin")


def test_missing_key_points_at_its_table() -> None:
    problem = only('[[actors]]\nid = "x"\nkind = "council"\n')
    assert problem.code == "LOAD005"
    assert problem.path == "actors[0].name"
    assert problem.line == 1
    assert "'name'" in problem.message


@pytest.mark.parametrize(
    ("line", "path", "expected"),
    [
        ("id = 5", "actors[0].id", "expected a string, found integer 5"),
        ('aliases = "BFU"', "actors[0].aliases", "expected an array"),
        ("aliases = [1]", "actors[0].aliases[0]", "expected a string"),
        ('kind = "kommune"', "actors[0].kind", "'council'"),
        ("since = 2021-03-15T10:00:00", "actors[0].since", "date-time"),
        ('since = "1. januar"', "actors[0].since", "'1. januar'"),
        ('since = "21. maj april 2013"', "actors[0].since", "'21. maj april 2013'"),
        ('since = "31. februar 2021"', "actors[0].since", "'31. februar 2021'"),
        ('since = "uge 54 2013"', "actors[0].since", "'uge 54 2013'"),
    ],
)
def test_wrong_types_and_forms(line: str, path: str, expected: str) -> None:
    base = {"id": 'id = "x"', "name": 'name = "X"', "kind": 'kind = "council"'}
    key = line.split(" ", 1)[0]
    base[key] = line
    problem = only("[[actors]]\n" + "\n".join(base.values()) + "\n")
    assert problem.code == "LOAD003"
    assert problem.path == path
    assert expected in problem.message
    assert problem.line is not None


def test_booleans_are_not_integers_and_integers_not_booleans() -> None:
    problems = problems_of(
        "format = true\n"
        '[municipality]\nname = "Esbjerg"\ncode = true\n'
        + AGREEMENT
        + '[[agreements.milestones]]\nid = "m"\ntitle = "M"\ntentative = 1\n'
    )
    assert {(p.code, p.path) for p in problems} == {
        ("LOAD003", "format"),
        ("LOAD003", "municipality.code"),
        ("LOAD003", "agreements[0].milestones[0].tentative"),
    }


def test_depends_on_must_be_an_array() -> None:
    problem = only(
        AGREEMENT + '[[agreements.milestones]]\nid = "m1"\ntitle = "M"\ndepends_on = "m0"\n'
    )
    assert (problem.code, problem.path) == ("LOAD003", "agreements[0].milestones[0].depends_on")


def test_format_must_be_one() -> None:
    problem = only("format = 2\n")
    assert (problem.code, problem.path, problem.line) == ("LOAD003", "format", 1)


def test_every_problem_is_reported_at_once() -> None:
    problems = problems_of(
        '[[actors]]\nid = 1\nname = "A"\nkind = "nobody"\nextra = 1\n'
        '[[actors]]\nname = "B"\nkind = "council"\n'
    )
    assert [(p.code, p.path) for p in problems] == [
        ("LOAD003", "actors[0].id"),
        ("LOAD003", "actors[0].kind"),
        ("LOAD004", "actors[0].extra"),
        ("LOAD005", "actors[1].id"),
    ]


def test_a_table_where_an_array_of_tables_belongs() -> None:
    problem = only('[actors]\nid = "x"\n')
    assert (problem.code, problem.path) == ("LOAD003", "actors")


def test_from_dict_rejects_what_is_not_a_table() -> None:
    with pytest.raises(LoadError) as caught:
        velfaerd.from_dict(["not", "a", "table"])
    assert caught.value.problems[0].code == "LOAD003"
    assert caught.value.problems[0].line is None


def test_empty_file_loads_nothing(tmp_path: Path) -> None:
    (tmp_path / "tom.toml").write_bytes(b"")
    assert velfaerd.load(tmp_path) == velfaerd.Portfolio()


def test_bom_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf" + AGREEMENT.encode())
    assert velfaerd.load(tmp_path / "bom.toml").agreements[0].id == "aftale"


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[[actors]]\nid = "x"\nname = "Byrådet"\n'.encode("latin-1"))
    with pytest.raises(LoadError) as caught:
        velfaerd.load(path)
    (problem,) = caught.value.problems
    assert (problem.code, problem.source, problem.line) == ("LOAD001", str(path), 3)
    assert "UTF-8" in problem.message


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "binary.toml"
    path.write_bytes(bytes(range(256)))
    with pytest.raises(LoadError) as caught:
        velfaerd.load(path)
    assert caught.value.problems[0].code in {"LOAD001", "LOAD002"}


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        velfaerd.load(tmp_path / "findes-ikke.toml")
    (problem,) = caught.value.problems
    assert problem.code == "LOAD001"
    assert "no such file" in problem.message


def test_directory_without_toml_files(tmp_path: Path) -> None:
    (tmp_path / "noter.txt").write_text("intet", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        velfaerd.load(tmp_path)
    assert caught.value.problems[0].code == "LOAD001"


def test_directory_of_directories_loads_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b", "a"):
        folder = tmp_path / name / "inner"
        folder.mkdir(parents=True)
        (folder / "aktoer.toml").write_text(
            f'[[actors]]\nid = "{name}"\nname = "{name}"\nkind = "council"\n', encoding="utf-8"
        )
    (tmp_path / ".skjult").mkdir()
    (tmp_path / ".skjult" / "x.toml").write_text("nonsense = [", encoding="utf-8")
    assert [a.id for a in velfaerd.load(tmp_path).actors] == ["a", "b"]


def test_directory_of_empty_directories(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    with pytest.raises(LoadError) as caught:
        velfaerd.load(tmp_path)
    assert caught.value.problems[0].code == "LOAD001"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "hemmelig.toml"
    path.write_text(AGREEMENT, encoding="utf-8")

    real = os.open

    def refuse(name: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(name) == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real(name, flags, *args)

    # chmod does not stop root, who runs CI here: refuse the open itself.
    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(LoadError) as caught:
        velfaerd.load(path)
    (problem,) = caught.value.problems
    assert (problem.code, problem.source) == ("LOAD001", str(path))
    assert "Permission denied" in problem.message


def test_problems_of_several_files_are_gathered(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("x = [", encoding="utf-8")
    (tmp_path / "b.toml").write_text('[[actors]]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        velfaerd.load([tmp_path / "a.toml", tmp_path / "b.toml", tmp_path / "c.toml"])
    assert [(Path(p.source).name, p.code) for p in caught.value.problems] == [
        ("a.toml", "LOAD002"),
        ("b.toml", "LOAD005"),
        ("b.toml", "LOAD005"),
        ("c.toml", "LOAD001"),
    ]


def test_same_actor_id_in_two_files_loads_and_is_a_finding(tmp_path: Path) -> None:
    actor = '[[actors]]\nid = "byraadet"\nname = "Byrådet"\nkind = "council"\n'
    (tmp_path / "a.toml").write_text(actor, encoding="utf-8")
    (tmp_path / "b.toml").write_text(actor, encoding="utf-8")
    portfolio = velfaerd.load(tmp_path)
    assert len(portfolio.actors) == 2
    report = velfaerd.check(portfolio, config=velfaerd.Config(select=["REF001"]))
    (finding,) = report.findings
    assert finding.code == "REF001"
    assert finding.source is not None
    assert finding.source.endswith("b.toml")


def test_load_error_message_lists_problems() -> None:
    with pytest.raises(LoadError, match=r"1 problem while loading:\n  test.toml:1: LOAD003"):
        velfaerd.loads("format = 2", source="test.toml")


def test_loads_rejects_bytes() -> None:
    with pytest.raises(TypeError, match="str"):
        velfaerd.loads(b"format = 1")  # type: ignore[arg-type]


def test_an_unknown_quoted_key_is_quoted_in_its_path() -> None:
    problem = only(AGREEMENT + '"ti tle" = "x"\n')
    assert (problem.code, problem.path, problem.line) == (
        "LOAD004",
        'agreements[0]."ti tle"',
        6,
    )


def test_problems_of_a_file_come_in_the_order_of_its_lines() -> None:
    problems = problems_of(
        '[[actors]]\nkind = "nobody"\nid = "x"\nname = 5\n[[actors]]\nid = 1\nname = "y"\n'
        'kind = "council"\n'
    )
    lines = [p.line for p in problems]
    assert lines == sorted(lines)  # type: ignore[type-var]
    assert [p.path for p in problems] == [
        "actors[0].kind",
        "actors[0].name",
        "actors[1].id",
    ]


def test_configuration_files_in_a_directory_are_not_agreements(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (tmp_path / "velfaerd.toml").write_text('select = ["REV"]\n', encoding="utf-8")
    (tmp_path / "aftale.toml").write_text(AGREEMENT, encoding="utf-8")
    assert [a.id for a in velfaerd.load(tmp_path).agreements] == ["aftale"]
    with pytest.raises(LoadError) as caught:
        velfaerd.load(tmp_path / "pyproject.toml")
    assert caught.value.problems[0].code == "LOAD004"


#: Every unknown-key (LOAD004) and missing-key (LOAD005) case of these tests, as the
#: text and the codes it gives: tests/test_schema.py checks the JSON Schema refuses each.
KEY_CASES: tuple[tuple[str, set[str]], ...] = (
    (AGREEMENT + 'titel = "x"\n', {"LOAD004"}),
    ('agreement = "x"\n', {"LOAD004"}),
    (AGREEMENT + 'origin = "x"\n', {"LOAD004"}),
    (AGREEMENT + '"ti tle" = "x"\n', {"LOAD004"}),
    ('[[actors]]\nid = "x"\nkind = "council"\n', {"LOAD005"}),
    ('[[actors]]\nid = "x"\n', {"LOAD005"}),
    ('[[actors]]\nid = "a"\nname = "A"\nkind = "council"\nextra = 1\n', {"LOAD004"}),
    ('[[actors]]\nname = "B"\nkind = "council"\n', {"LOAD005"}),
    ('[project]\nname = "x"\n', {"LOAD004"}),
    # Format 1.1's tables refuse unknown keys and need their required ones.
    (AGREEMENT + 'basis = [{ title = "Lov om Ungdomsskoler", art = "law" }]\n', {"LOAD004"}),
    (AGREEMENT + 'basis = [{ kind = "law" }]\n', {"LOAD005"}),
    (AGREEMENT + "budget = [{ amount = 4, beloeb = 4 }]\n", {"LOAD004"}),
    (AGREEMENT + 'budget = [{ every = "1 year" }]\n', {"LOAD005"}),
    (AGREEMENT + '[[agreements.milestones]]\nid = "m"\ntitle = "M"\nrelative = "x"\n', {"LOAD004"}),
    (AGREEMENT + '[[agreements.commitments]]\nid = "c"\nbudget = [{ amount = 1 }]\n', {"LOAD005"}),
    ('[[actors]]\nid = "kkr"\nname = "KKR"\nkind = "group"\nmedlemmer = ["a"]\n', {"LOAD004"}),
)


@pytest.mark.parametrize(("text", "codes"), KEY_CASES)
def test_key_cases_give_their_codes(text: str, codes: set[str]) -> None:
    assert {p.code for p in problems_of(text)} == codes


# Issue 14 (items 10, 11, 13): a hostile size gives bounded findings, counted.
@pytest.mark.parametrize("count", [101, 150])
def test_many_wrong_items_in_an_array_are_one_problem(count: int) -> None:
    items = ", ".join(["1"] * count)
    text = f'[[agreements]]\nid = "x"\ntitle = "X"\nkind = "cooperation"\nparties = [{items}]\n'
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.loads(text)
    (problem,) = caught.value.problems
    assert problem.path == "agreements[0].parties"
    assert f"found {count} items that are not" in problem.message
