"""Hostile texts in a file: each measured before a pattern or a conversion sees it.

Attacks of issue 18 (items 13, 14 and 16): a text of a megabyte in a date, a period
or an id is a clear load problem, and a finding about it is one line. Amounts have
their bounds in ``tests/test_amounts.py`` and anchors theirs in
``tests/format/test_resolve.py``. The attacks that used to take minutes run in a
subprocess with a generous timeout, so that a regression fails the suite instead of
hanging it; what is asserted is the report, never a time.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests._documents import ACTIVITY, DATED_X, MEGABYTE
from tests._hypothesis import scaled

import velfaerd
from velfaerd import strategies as vst
from velfaerd.format._convert import ID_KEYS, known_keys
from velfaerd.model import MAX_ID_LENGTH
from velfaerd.rules._engine import MAX_FINDINGS_IN_CHECK

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path


def _with_due(due: str) -> str:
    return DATED_X + ACTIVITY.format(id="m", due=f'"{due}"')


def _with_amount(amount: str) -> str:
    return DATED_X + f'\n[[agreements.budget]]\namount = "{amount}"\n'


#: file name → (its text, what its one problem says, at which key path).
_TOO_LONG = "a date is at most 200 characters, and this text has"
_ATTACKS: dict[str, tuple[str, str, str]] = {
    "due-30000-spaces": (
        _with_due("1" + " " * 30_000 + "x"),
        _TOO_LONG,
        "agreements[0].milestones[0].due",
    ),
    "due-1MB-spaces": (
        _with_due("1" + " " * MEGABYTE + "x"),
        _TOO_LONG,
        "agreements[0].milestones[0].due",
    ),
    "due-1MB-digits": (_with_due("1" * MEGABYTE), _TOO_LONG, "agreements[0].milestones[0].due"),
    "due-1MB-a": (_with_due("a" * MEGABYTE), _TOO_LONG, "agreements[0].milestones[0].due"),
    "due-1MB-1dot": (
        _with_due("1. " * (MEGABYTE // 3)),
        _TOO_LONG,
        "agreements[0].milestones[0].due",
    ),
    "amount-1MB-digits": (
        _with_amount("1" * MEGABYTE + " kr."),
        "an amount is at most 100 characters",
        "agreements[0].budget[0].amount",
    ),
    "amount-1MB-thousands": (
        _with_amount("1" + ".000" * (MEGABYTE // 4) + " kr."),
        "an amount is at most 100 characters",
        "agreements[0].budget[0].amount",
    ),
    "period-1MB-spaces": (
        DATED_X.replace('"30 years"', '"5' + " " * MEGABYTE + 'years"'),
        "a period is at most 200 characters",
        "agreements[0].duration",
    ),
    # An id is quoted by every finding about it: at most 200 characters.
    "id-1MB-spaces": (
        DATED_X.replace('id = "x"', 'id = "x' + " " * MEGABYTE + '\\n"'),
        "an id (or a reference to one) is at most 200 characters, and this text has 1000002",
        "agreements[0].id",
    ),
    "party-1MB": (
        DATED_X.replace('["a", "b"]', '["a", "' + "b" * MEGABYTE + '"]'),
        "an id (or a reference to one) is at most 200 characters",
        "agreements[0].parties[1]",
    ),
}


def _check_in_a_subprocess(folder: Path) -> subprocess.CompletedProcess[str]:
    script = "import sys; from velfaerd.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", script, "check", "--no-cache", "--jobs", "1", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,  # each took from 17 s to hours before issue 18; all together ~2 s now
    )


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Check a folder of every attack at once; the check's output."""
    folder = tmp_path_factory.mktemp("attacks")
    for name, (text, _, _) in _ATTACKS.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    # A key that is a megabyte of spaces and a line break: the one-line message of its
    # problem used to try every split of the spaces (an id was, until ids were bounded).
    (folder / "key-1MB-spaces.toml").write_text(
        DATED_X + '"x' + " " * MEGABYTE + '\\n" = 1\n', encoding="utf-8"
    )
    result = _check_in_a_subprocess(folder)
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr
    return folder, result.stdout


@pytest.mark.parametrize("name", sorted(_ATTACKS))
def test_a_hostile_text_is_a_clear_load_problem(attacked: tuple[Path, str], name: str) -> None:
    folder, output = attacked
    _, said, path = _ATTACKS[name]
    (line,) = [line for line in output.splitlines() if line.startswith(f"{folder / name}.toml:")]
    assert f"LOAD003 [error] {path}: " in line
    assert said in line
    assert len(line) < 500  # the text is quoted by its start, not whole


def test_a_finding_about_a_megabyte_of_spaces_is_one_line(attacked: tuple[Path, str]) -> None:
    folder, output = attacked
    (line,) = [line for line in output.splitlines() if "key-1MB-spaces.toml:" in line]
    assert line.startswith(f"{folder}/key-1MB-spaces.toml:")
    # The key path names the key whole (once); the message quotes its start.
    assert f'LOAD004 [error] agreements[0]."x{" " * MEGABYTE}' in line
    assert "unknown key 'x" + " " * 79 + "…'; known keys: id, title" in line


# Item 14: amounts ---------------------------------------------------------------------


# Item 16: relative anchors ------------------------------------------------------------


# One-line messages ----------------------------------------------------------------------


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
def test_a_long_date_is_refused_at_once_and_not_echoed() -> None:
    text = "2013 - " * 300_000
    with pytest.raises(velfaerd.DateFormatError) as caught:
        velfaerd.parse_window(text)
    assert len(str(caught.value)) < 300
    assert f"this text has {len(text)}" in str(caught.value)
    with pytest.raises(velfaerd.LoadError) as loaded:
        velfaerd.loads(f'[[agreements]]\nid = "a"\nstart = "{text}"\n')
    assert len(str(loaded.value)) < 1000


# Amplification: a text quoted by many findings ----------------------------------------
#
# A finding quotes ids (in its message, its subject and its evidence), and a report may
# hold thousands: before issue 18 an agreement id of 400 KB, quoted by each finding
# about its 6,000 milestones, made 124 MB of json from 0.9 MB (575 MB of memory). Ids
# are now at most MAX_ID_LENGTH characters, names are quoted by their first 80, and the
# rules report at most MAX_FINDINGS_IN_CHECK findings in all.

#: 1 MiB: SECURITY.md's "any input of at most 1 MiB".
_MIB = 1 << 20

#: The most bytes any output format may take for an input of at most 1 MiB. The
#: largest measured is about 11 MB (sarif); SECURITY.md allows 500 MB of memory.
_MAX_OUTPUT = 20_000_000
_MAX_MEMORY_KB = 500_000

_FORMATS = ("text", "concise", "json", "sarif", "github")


def _an_id(prefix: str, number: int, length: int) -> str:
    """A unique id of ``length`` characters (or as few as the number needs)."""
    base = f"{prefix}{number}-"
    return base.ljust(length, "x") if length > len(base) else base[:-1]


def _fill(head: str, item: Callable[[int], str], size: int = _MIB) -> str:
    """``head`` and then as many items as fit in ``size`` bytes (1 MiB)."""
    parts, filled, number = [head], len(head.encode()), 0
    while True:
        text = item(number)
        filled += len(text.encode())
        if filled > size:
            return "".join(parts)
        parts.append(text)
        number += 1


def _milestones(id_length: int, per_agreement: int, size: int = _MIB) -> str:
    """Agreements whose milestones each break four rules, every id as long as allowed.

    Each milestone has an unknown ``responsible`` (``REF002``), depends on itself
    (``MIL001``), is a review due on a Sunday (``CAL001``) after the term (``REV002``);
    each agreement has one unknown party (``AGR002``, ``REF002``), no review in its term
    (``REV001``) and a focus area without a commitment (``COV001``).
    """
    head = '[[actors]]\nid = "i"\nname = "' + "N" * 1000 + '"\nkind = "institution"\n'

    def agreement(a: int) -> str:
        parts = [
            (
                f'\n[[agreements]]\nid = "{_an_id("a", a, id_length)}"\ntitle = ""\n'
                f'kind = "cooperation"\nparties = ["{_an_id("p", a, id_length)}"]\n'
                'start = 2020-01-01\nduration = "1 year"\n'
                f'themes = [{{ id = "{_an_id("t", a, id_length)}", name = "{"T" * 200}" }}]\n'
            )
        ]
        for m in range(per_agreement):
            milestone = _an_id(f"m{a}.", m, id_length)
            parts.append(
                f'[[agreements.milestones]]\nid = "{milestone}"\ntitle = ""\nkind = "review"\n'
                f'due = 2099-01-04\nresponsible = "{_an_id("r", m, id_length)}"\n'
                f'depends_on = ["{milestone}"]\n'
            )
        return "".join(parts)

    return _fill(head, agreement, size)


def _unknown_parties(size: int = _MIB) -> str:
    """Agreements of 460 bytes with a hundred unknown parties each: in a MiB, 216,600
    ``REF002``."""
    parties = '"x",' * 100
    return _fill(
        "",
        lambda a: f'[[agreements]]\nid="a{a}"\ntitle=""\nkind="contract"\nparties=[{parties}]\n',
        size,
    )


def _long_names(length: int = 300_000, size: int = _MIB) -> str:
    """A policy theme and a process step with names of ``length`` characters, and every
    agreement of the rest of ``size`` bytes taking both up without a commitment or an
    approval: each finding (``COV001``, ``APR002``) used to quote a name whole."""
    head = (
        '[[policies]]\nid = "p"\nname = "P"\n'
        f'themes = [{{ id = "t", name = "{"T" * length}" }}]\n\n'
        '[[approval_processes]]\nid = "g"\n\n'
        f'[[approval_processes.steps]]\nid = "s"\nname = "{"S" * length}"\n'
    )
    return _fill(
        head,
        lambda a: (
            f'\n[[agreements]]\nid = "a{a}"\ntitle = "A"\nkind = "cooperation"\n'
            'parties = []\npolicies = ["p"]\napproval_process = "g"\n'
        ),
        size,
    )


#: Each attack, and the formats it is checked in: all five for the first, a whole MiB;
#: for the others json, which holds every finding's message whole, as each check of a
#: MiB takes a second or two. Those are as large as their attack needs, and no larger
#: (the suite's time): the unknown parties and the short ids give more findings than
#: a check reports (MAX_FINDINGS_IN_CHECK), as a MiB would; 1,200 findings quoting
#: names of 100 KB whole would write 120 MB.
_AMPLIFIERS: dict[str, tuple[Callable[[], str], tuple[str, ...]]] = {
    "milestones-200": (lambda: _milestones(MAX_ID_LENGTH, 100), _FORMATS),
    "unknown-parties": (lambda: _unknown_parties(_MIB // 4), ("json",)),
    "milestones-1": (lambda: _milestones(1, 3, _MIB // 2), ("json",)),
    "long-names": (lambda: _long_names(100_000, _MIB // 4), ("json",)),
}

#: The attacks whose findings are more than a check reports.
_PAST_THE_BOUND = ("unknown-parties", "milestones-1")

#: Checks each attack once per output format, every attack in one process: each
#: output's size, and the process's peak memory (kB). The first format checks; the
#: others find that run in the cache (a folder of each attack's own) and render it, as a
#: CI job asking for a second format does.
_EVERY_FORMAT = """
import json, resource, sys
from pathlib import Path
from velfaerd.cli import main
folder = Path(sys.argv[1])
sizes = {}
for name, *formats in json.loads(sys.argv[2]):
    path = folder / f"{name}.toml"
    for fmt in formats:
        out = folder / f"{name}.{fmt}"
        code = main(["check", "--cache-dir", str(folder / f"{name}.cache"), "--jobs", "1",
                     "--output-format", fmt, "--output-file", str(out), str(path)])
        sizes[f"{name}.{fmt}"] = [code, out.stat().st_size]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"sizes": sizes, "peak": peak}))
"""


@pytest.fixture(scope="module")
def amplified(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """Every amplifier checked in its formats, in one process: the folder and what it said."""
    folder = tmp_path_factory.mktemp("amplifiers")
    plan = []
    for name, (make, formats) in _AMPLIFIERS.items():
        text = make()
        assert len(text.encode()) <= _MIB
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
        plan.append([name, *formats])
    result = subprocess.run(
        [sys.executable, "-c", _EVERY_FORMAT, str(folder), json.dumps(plan)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,  # 2 MiB checked, and rendered 8 times: about 4 s on a quiet machine
    )
    assert result.returncode == 0, result.stderr
    return folder, json.loads(result.stdout)


@pytest.mark.parametrize("name", sorted(_AMPLIFIERS))
def test_no_megabyte_makes_a_large_report_in_any_format(
    amplified: tuple[Path, dict[str, Any]], name: str
) -> None:
    folder, measured = amplified
    formats = _AMPLIFIERS[name][1]
    for fmt in formats:
        code, size = measured["sizes"][f"{name}.{fmt}"]
        assert code == 1, fmt
        assert size < _MAX_OUTPUT, f"{fmt}: {size} bytes"
    assert measured["peak"] < _MAX_MEMORY_KB
    report = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    findings = report["findings"]
    assert len(findings) <= MAX_FINDINGS_IN_CHECK + 200  # and a few that count the rest
    if name in _PAST_THE_BOUND:
        assert len(findings) > MAX_FINDINGS_IN_CHECK
    assert all(len(f["message"]) < 2_000 for f in findings)
    # The formats after the first rendered the same run: the same findings in each.
    if "sarif" in formats:
        sarif = json.loads((folder / f"{name}.sarif").read_text(encoding="utf-8"))
        assert len(sarif["runs"][0]["results"]) == len(findings)


def test_the_rules_report_a_bounded_number_of_findings_and_count_the_rest() -> None:
    # 128 KiB: 283 agreements, 28,300 unknown parties, well past the bound.
    portfolio = velfaerd.loads(_unknown_parties(_MIB // 8))
    report = velfaerd.check(portfolio)
    shown = [f for f in report.findings if f.variant != "left-out"]
    (rest,) = [f for f in report.findings if f.evidence.get("limit") == MAX_FINDINGS_IN_CHECK]
    assert len(shown) == MAX_FINDINGS_IN_CHECK
    agreements = len(portfolio.agreements)
    # A hundred unknown parties and too few parties in each agreement: all counted.
    ref002 = sum(f.code == "REF002" for f in shown)
    assert rest.code == "REF002"
    assert rest.evidence["left_out"] == 100 * agreements - ref002
    assert sum(f.code == "AGR002" for f in shown) == MAX_FINDINGS_IN_CHECK - ref002
    assert f"… and {rest.evidence['left_out']} more REF002 findings, not shown" in rest.message
    # Where the first finding not shown is.
    assert rest.source is not None
    assert rest.line is not None
    assert not report.ok


def test_a_400_kb_agreement_id_is_one_load_problem_not_124_mb(tmp_path: Path) -> None:
    # The attack of the issue: 0.9 MB, an agreement id of 400 KB and 6,000 milestones,
    # each a review after the term with an unknown responsible: 124 MB of json before.
    milestones = "".join(
        f'[[agreements.milestones]]\nid = "m{i}"\ntitle = "M"\nkind = "review"\n'
        f'due = 2060-01-01\nresponsible = "n"\n'
        for i in range(6000)
    )
    text = DATED_X.replace('id = "x"', f'id = "{"x" * 400_000}"') + milestones
    assert 800_000 < len(text) < _MIB
    path = tmp_path / "aftale.toml"
    path.write_text(text, encoding="utf-8")
    script = "import sys; from velfaerd.cli import main; sys.exit(main(sys.argv[1:]))"
    result = subprocess.run(
        [sys.executable, "-c", script, "check", "--no-cache", "--output-format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert len(result.stdout) < 5_000
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["code"], finding["path"], finding["line"]) == (
        "LOAD003",
        "agreements[0].id",
        12,
    )
    assert "at most 200 characters, and this text has 400000: 'xxxx" in finding["message"]


# Ids: at most MAX_ID_LENGTH characters, each key that holds one ------------------------


def _every_id_key() -> dict[str, object]:
    """Data with every key that holds an id, each ``"a"`` (an array: ``["a", "a"]``)."""
    ids = ["a", "a"]
    data = {
        "actors": [{"id": "a", "name": "A", "kind": "council", "part_of": "a", "members": ids}],
        "policies": [
            {
                "id": "a",
                "name": "P",
                "adopted_by": "a",
                "themes": [{"id": "a", "name": "T"}],
                "basis": [{"title": "B", "ref": "a"}],
            }
        ],
        "principles": [{"id": "a", "text": "P"}],
        "approval_processes": [
            {"id": "a", "steps": [{"id": "a", "name": "S", "actors": ids, "after": ids}]}
        ],
        "agreements": [
            {
                "id": "a",
                "title": "X",
                "kind": "cooperation",
                "parties": ids,
                "policies": ids,
                "covers": ids,
                "principles": ids,
                "approval_process": "a",
                "part_of": "a",
                "supersedes": "a",
                "themes": [{"id": "a", "name": "T"}],
                "commitments": [
                    {"id": "a", "title": "C", "themes": ids, "owner": "a", "principles": ids}
                ],
                "milestones": [
                    {
                        "id": "a",
                        "title": "M",
                        "depends_on": ids,
                        "phase": "a",
                        "responsible": "a",
                        "participants": ids,
                        "approver": "a",
                        "step": "a",
                        "round": "a",
                        "commitments": ids,
                    }
                ],
                "phases": [{"id": "a", "name": "F"}],
                "waivers": [{"rule": "REV001", "reason": "R", "granted_by": "a"}],
                "basis": [{"title": "B", "ref": "a"}],
            }
        ],
    }
    unshared: dict[str, object] = json.loads(json.dumps(data))  # no list in two places
    return unshared


def _id_paths(data: object, path: str = "") -> list[str]:
    """The key path of every id in ``_every_id_key()`` (an array's second item)."""
    if isinstance(data, list):
        if data and all(isinstance(item, str) for item in data):
            return [f"{path}[1]"]
        return [p for index, item in enumerate(data) for p in _id_paths(item, f"{path}[{index}]")]
    if isinstance(data, dict):
        found = []
        for key, value in data.items():
            inner = f"{path}.{key}" if path else key
            if isinstance(value, (list, dict)):
                found += _id_paths(value, inner)
            elif value == "a" or key == "rule":
                found.append(inner)
        return found
    return []


_ID_PATHS = _id_paths(_every_id_key())


def test_every_key_that_holds_an_id_is_bounded() -> None:
    # Each class's id keys, as the converter lists them, are each somewhere in the data.
    named = {(cls.__name__, key) for cls, keys in ID_KEYS.items() for key in keys}
    assert {key.rsplit(".", 1)[-1].split("[")[0] for key in _ID_PATHS} == {k for _, k in named}
    assert len(_ID_PATHS) > len(named)  # some keys in two places (basis, themes)
    for cls, keys in ID_KEYS.items():
        assert keys <= set(known_keys(cls)), cls


def _with(data: dict[str, object], path: str, value: str) -> dict[str, object]:
    """``data`` with ``value`` at the key path ``path``."""
    copied = copy.deepcopy(data)
    node: Any = copied
    parts = re.findall(r"[a-z_]+|\[\d+\]", path)
    for part in parts[:-1]:
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    last = parts[-1]
    if last.startswith("["):
        node[int(last[1:-1])] = value
    else:
        node[last] = value
    return copied


@st.composite
def _ids_at(draw: st.DrawFn) -> tuple[str, str]:
    path = draw(st.sampled_from(_ID_PATHS))
    length = draw(st.integers(1, MAX_ID_LENGTH))
    if path.endswith(".rule"):  # a rule code: letters and digits
        alphabet = st.sampled_from("ABCREFMILV0123456789")
    else:
        alphabet = st.characters(codec="utf-8")  # no lone surrogate: a file is UTF-8
    return path, draw(st.text(alphabet, min_size=length, max_size=length))


@given(_ids_at())
@example(("agreements[0].id", "å" * MAX_ID_LENGTH))
@example(("agreements[0].parties[1]", '"\\\n' * (MAX_ID_LENGTH // 3)))
@example(("agreements[0].waivers[0].rule", "R" * MAX_ID_LENGTH))
@scaled(100)
def test_an_id_up_to_the_bound_loads_and_is_written_back(drawn: tuple[str, str]) -> None:
    path, value = drawn
    portfolio = velfaerd.from_dict(_with(_every_id_key(), path, value))
    assert velfaerd.loads(velfaerd.dump(portfolio)) == portfolio


@given(_ids_at())
@example(("agreements[0].milestones[0].round", "r" * MAX_ID_LENGTH))
@scaled(100)
def test_an_id_one_character_longer_is_load003_at_its_key_path(drawn: tuple[str, str]) -> None:
    path, value = drawn
    value += value[-1] * (MAX_ID_LENGTH + 1 - len(value))
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.from_dict(_with(_every_id_key(), path, value))
    (problem,) = caught.value.problems
    assert (problem.code, problem.path) == ("LOAD003", path)
    said = f"is at most {MAX_ID_LENGTH} characters, and this text has {MAX_ID_LENGTH + 1}"
    assert said in problem.message
    assert f"højst {MAX_ID_LENGTH} tegn" in problem.render("da")
    assert len(problem.message) < 600  # its first 40 characters, each at most \U0001abcd
    # The same in a file: the problem has the line of the key.
    marker = "Ω" * MAX_ID_LENGTH
    text = velfaerd.dump(velfaerd.from_dict(_with(_every_id_key(), path, marker)))
    with pytest.raises(velfaerd.LoadError) as in_file:
        velfaerd.loads(text.replace(marker, marker + "Ω"))
    (problem,) = in_file.value.problems
    assert (problem.code, problem.path) == ("LOAD003", path)
    assert problem.line is not None


def test_dump_refuses_an_id_that_loads_would_refuse() -> None:
    agreement = velfaerd.Agreement(
        id="a" * (MAX_ID_LENGTH + 1), title="X", kind="cooperation", parties=["b", "c"]
    )
    with pytest.raises(velfaerd.DumpError, match=r"loads back at agreements\[0\]\.id: an id"):
        velfaerd.dump(velfaerd.Portfolio(agreements=[agreement]))


def test_every_problem_in_an_array_of_ids_is_reported() -> None:
    parties = ["a", "b" * (MAX_ID_LENGTH + 1), 5, "c" * 300]
    data = _with(_every_id_key(), "agreements[0].id", "x")
    data["agreements"][0]["parties"] = parties  # type: ignore[index]
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.from_dict(data)
    assert [(p.path, p.message[:40]) for p in caught.value.problems] == [
        ("agreements[0].parties[1]", "an id (or a reference to one) is at most"),
        ("agreements[0].parties[2]", "expected a string, found integer 5"),
        ("agreements[0].parties[3]", "an id (or a reference to one) is at most"),
    ]


@given(st.data())
@scaled(50)
def test_the_strategies_draw_no_id_longer_than_the_bound(data: st.DataObject) -> None:
    code = data.draw(st.sampled_from(sorted(vst.MUTATIONS)))
    as_of = dt.date(2030, 1, 1) if code == "MIL005" else None
    portfolio = data.draw(vst.violating(code, as_of=as_of))
    assert max(len(text) for text in _ids_of(portfolio)) <= MAX_ID_LENGTH
    # And dump writes it: it loads back (dump checks that it does).
    velfaerd.dump(portfolio)


def _ids_of(item: object) -> Iterator[str]:
    """Every id, and reference to one, in a portfolio or a part of it."""
    if isinstance(item, (tuple, list)):
        for inner in item:
            yield from _ids_of(inner)
        return
    cls: Any = type(item)
    if not attrs.has(cls):
        return
    keys = ID_KEYS.get(cls, frozenset())
    for field in attrs.fields(cls):
        value = getattr(item, field.name)
        if field.name in keys:
            yield from (value,) if isinstance(value, str) else (value or ())
        elif isinstance(value, (tuple, list)) or attrs.has(type(value)):
            yield from _ids_of(value)
