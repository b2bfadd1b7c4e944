"""Lines on demand, cheap origins, the fast structuring path and the paused collector."""

from __future__ import annotations

import contextlib
import gc
import pickle
from typing import TYPE_CHECKING, Any

import attrs
import pytest
import tomli
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import ACTORS
from tests._hypothesis import scaled

import velfaerd
from velfaerd import _gc
from velfaerd import strategies as vst
from velfaerd.format import _provenance
from velfaerd.format._convert import Document, converter, fast_converter
from velfaerd.format._locate import locate
from velfaerd.model import Agreement, Origin
from velfaerd.rules import _engine as _checking

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from velfaerd.format._locate import KeyLines

AGREEMENT = """\
[[agreements]]
id = "aftale-{n}"
title = "Samarbejdsaftale"
kind = "cooperation"
parties = ["byraadet", "skolen"]
start = "januar 2015"
end = "december 2016"

[[agreements.milestones]]
id = "opfoelgning"
title = "Opfølgning"
kind = "review"
due = "primo juni 2015"
every = "1 year"
"""


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts scanned for lines from now on."""
    scanned: list[str] = []

    def counting(text: str) -> KeyLines:
        scanned.append(text)
        return locate(text)

    monkeypatch.setattr(_provenance, "locate", counting)
    return scanned


def test_nothing_is_scanned_while_nothing_needs_a_line(tmp_path: Path, scans: list[str]) -> None:
    (tmp_path / "aktører.toml").write_text(ACTORS, encoding="utf-8")
    for n in range(3):
        (tmp_path / f"aftale-{n}.toml").write_text(AGREEMENT.format(n=n), encoding="utf-8")
    report = velfaerd.check(velfaerd.load(tmp_path))
    assert report.findings == ()
    assert scans == []


def test_only_the_file_of_a_finding_is_scanned_and_only_once(
    tmp_path: Path, scans: list[str]
) -> None:
    (tmp_path / "aktører.toml").write_text(ACTORS, encoding="utf-8")
    for n in range(3):
        (tmp_path / f"aftale-{n}.toml").write_text(AGREEMENT.format(n=n), encoding="utf-8")
    broken = AGREEMENT.format(n=9).replace('"skolen"]', '"skolen", "ukendt", "ukendt-2"]')
    (tmp_path / "aftale-9.toml").write_text(broken, encoding="utf-8")
    report = velfaerd.check(velfaerd.load(tmp_path))
    assert [(f.code, f.line) for f in report.findings] == [("REF002", 5), ("REF002", 5)]
    assert scans == [broken]
    velfaerd.check(velfaerd.load(tmp_path))
    assert len(scans) == 2  # a new load is a new file: scanned once again


def test_an_origin_asked_for_its_line_scans_its_file_once(scans: list[str]) -> None:
    portfolio = velfaerd.loads(ACTORS + AGREEMENT.format(n=0), source="a.toml")
    assert scans == []
    milestone = portfolio.agreements[0].milestones[0]
    assert milestone.origin is not None
    assert (milestone.origin.source, milestone.origin.path) == (
        "a.toml",
        "agreements[0].milestones[0]",
    )
    assert milestone.origin.line == 18
    assert dict(milestone.origin.keys) == {
        "id": 19,
        "title": 20,
        "kind": 21,
        "due": 22,
        "every": 23,
    }
    assert portfolio.actors[1].origin is not None
    assert portfolio.actors[1].origin.line == 6
    assert len(scans) == 1


def _objects(value: object, path: str = "") -> Iterator[tuple[str, Any]]:
    for field in attrs.fields(type(value)):  # type: ignore[arg-type]
        item = getattr(value, field.name)
        if isinstance(item, tuple):
            for index, element in enumerate(item):
                if attrs.has(type(element)) and hasattr(element, "origin"):
                    where = f"{path}.{field.name}[{index}]" if path else f"{field.name}[{index}]"
                    yield where, element
                    yield from _objects(element, where)
        elif field.name != "origin" and attrs.has(type(item)) and hasattr(item, "origin"):
            yield field.name, item
            yield from _objects(item, field.name)


# Origins are stamped one by one in a small document, a level at a time in a large
# one (LEVEL_AT objects or more in a level): 1 takes every level of these the large way.
@pytest.mark.parametrize("level_at", [1, _provenance.LEVEL_AT])
@scaled(10)
@given(vst.portfolios(max_agreements=2))
def test_lazy_origins_are_what_an_eager_scan_gives(
    level_at: int, portfolio: velfaerd.Portfolio
) -> None:
    text = velfaerd.dump(portfolio)
    default, _provenance.LEVEL_AT = _provenance.LEVEL_AT, level_at
    try:
        loaded = velfaerd.loads(text, source="p.toml")
    finally:
        _provenance.LEVEL_AT = default
    lines = locate(text)
    for where, obj in _objects(loaded):
        # A portfolio's municipalities are each file's one [municipality] table.
        path = "municipality" if where == "municipalities[0]" else where
        origin = obj.origin
        assert (origin.source, origin.path) == ("p.toml", path)
        assert origin.line == lines.nearest(path)
        names = [field.name for field in attrs.fields(type(obj))]
        expected = {n: lines[f"{path}.{n}"] for n in names if f"{path}.{n}" in lines}
        assert dict(origin.keys) == expected


@scaled(10)
@given(vst.portfolios(max_agreements=2))
def test_the_fast_and_the_detailed_converter_agree(portfolio: velfaerd.Portfolio) -> None:
    data = tomli.loads(velfaerd.dump(portfolio))
    assert fast_converter.structure(data, Document) == converter.structure(data, Document)


@given(
    st.sampled_from(
        [
            "id = 5",
            'kind = "skole"',
            'parties = "byraadet"',
            'start = "1. januar"',
            "tentative = 1",
            'ukendt = "x"',
            'review_every = "hvert år"',
        ]
    )
)
def test_a_document_the_fast_path_refuses_is_explained_in_detail(line: str) -> None:
    text = AGREEMENT.format(n=0).replace('title = "Samarbejdsaftale"', line, 1)
    if "tentative" in line:
        text = text.replace('kind = "review"', line)
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.loads(text, source="x.toml")
    assert caught.value.problems
    assert all(p.line is not None for p in caught.value.problems)


def test_origins_compare_hash_print_and_pickle() -> None:
    given_by_hand = Origin(source="a.toml", path="actors[0]", line=2, keys={"id": 3})
    loaded = velfaerd.loads('\n[[actors]]\nid = "a"\nname = "A"\nkind = "council"\n', "a.toml")
    origin = loaded.actors[0].origin
    assert origin == Origin(
        source="a.toml", path="actors[0]", line=2, keys={"id": 3, "name": 4, "kind": 5}
    )
    assert origin != given_by_hand
    assert hash(origin) == hash(given_by_hand)
    assert repr(given_by_hand) == "Origin(source='a.toml', path='actors[0]', line=2)"
    assert (given_by_hand == "actors[0]") is False
    again = pickle.loads(pickle.dumps(loaded))  # noqa: S301 - our own data
    assert again.actors[0].origin == origin
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        given_by_hand.path = "x"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del given_by_hand.source
    assert Origin(source="s", path="p").keys == {}


def test_an_origin_pickled_before_its_lines_were_looked_for_finds_them_after() -> None:
    text = '\n[[actors]]\nid = "a"\nname = "A"\nkind = "council"\n'
    again = pickle.loads(pickle.dumps(velfaerd.loads(text, "a.toml")))  # noqa: S301 - our own
    origin = again.actors[0].origin
    assert (origin.line, origin.key_line("kind"), dict(origin.keys)) == (
        2,
        5,
        {"id": 3, "name": 4, "kind": 5},
    )


def test_every_element_of_a_long_array_has_its_own_path_and_line() -> None:
    # Longer than the table of positions that loading writes key paths with.
    count = len(_provenance._POSITIONS) + 3
    text = "".join(f'[[actors]]\nid = "a{i}"\nname = "A"\nkind = "council"\n' for i in range(count))
    origins = [actor.origin for actor in velfaerd.loads(text, "a.toml").actors]
    assert [origin.path for origin in origins if origin] == [f"actors[{i}]" for i in range(count)]
    assert [origin.line for origin in origins[-2:] if origin] == [4 * count - 7, 4 * count - 3]


def test_from_dict_gives_origins_without_lines() -> None:
    portfolio = velfaerd.from_dict({"actors": [{"id": "a", "name": "A", "kind": "council"}]})
    origin = portfolio.actors[0].origin
    assert origin is not None
    assert (origin.source, origin.path, origin.line, dict(origin.keys)) == (
        "<dict>",
        "actors[0]",
        None,
        {},
    )


def _a_rule_raises(error: type[BaseException]) -> Callable[[pytest.MonkeyPatch], None]:
    def patch(monkeypatch: pytest.MonkeyPatch) -> None:
        from velfaerd import rules  # noqa: PLC0415

        def explode(_: object) -> list[rules.Violation]:
            raise error

        broken = attrs.evolve(rules.get_rule("AGR002"), check=explode)
        monkeypatch.setattr(_checking, "all_rules", lambda **_: (broken,))

    return patch


@pytest.mark.parametrize(
    ("text", "trouble", "raised"),
    [
        (ACTORS, None, None),
        ("not = [valid", None, velfaerd.LoadError),
        ('[[actors]]\nid = 5\nname = "A"\nkind = "council"\n', None, velfaerd.LoadError),
        ("a = " + "[" * 2000 + "]" * 2000, None, velfaerd.LoadError),
        (ACTORS, _a_rule_raises(ZeroDivisionError), ZeroDivisionError),
        (ACTORS, _a_rule_raises(KeyboardInterrupt), KeyboardInterrupt),
    ],
    ids=["valid", "malformed", "invalid", "too-deep", "a-rule-raises", "interrupted"],
)
@pytest.mark.parametrize("enabled", [True, False])
def test_loading_and_checking_leave_the_collector_as_they_found_it(
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    trouble: Callable[[pytest.MonkeyPatch], None] | None,
    raised: type[BaseException] | None,
    *,
    enabled: bool,
) -> None:
    # velfaerd pauses the cyclic collector while it builds objects: on every way out
    # (a result, a load error, a rule that raises, an interrupt) the caller's process
    # gets its collector back as it was, on or off.
    if trouble is not None:
        trouble(monkeypatch)
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        with contextlib.nullcontext() if raised is None else pytest.raises(raised):
            velfaerd.check(velfaerd.loads(text))
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()


def test_a_large_load_leaves_its_objects_in_the_oldest_generation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_gc, "PROMOTE_AT", 1_000)  # well below what the load makes
    gc.collect()
    text = "".join(AGREEMENT.format(n=n) for n in range(300))
    velfaerd.loads(text)  # compiles what a first load compiles: not counted below
    gc.collect()
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        portfolio = velfaerd.loads(text)
        young = gc.get_count()[0]
    finally:
        gc.callbacks.remove(count)
    # No collection walked what was loaded, and nothing is left young or frozen.
    assert collections == []
    assert young < 100  # a few objects made since, not the portfolio's
    assert gc.get_freeze_count() == 0
    assert len(portfolio.agreements) == 300


def test_a_small_load_leaves_the_collector_as_it_was() -> None:
    gc.collect()
    garbage: list[object] = [[] for _ in range(50)]
    before = gc.get_count()[0]
    velfaerd.loads(ACTORS)
    # What was young (the caller's, and the few objects loaded) stays young.
    assert gc.get_count()[0] >= before
    assert gc.get_freeze_count() == 0
    del garbage


def _tables(data: object) -> list[dict[str, object]]:
    """Every table of parsed TOML, the document's own first."""
    found: list[dict[str, object]] = []
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            found.append(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return found


_WRONG = st.one_of(
    st.integers(-3, 3),
    st.booleans(),
    st.text(max_size=5),
    st.just([1]),
    st.just(["a", 2]),
    st.just({}),
    st.dates(),
)


def _refuses(structure: Callable[[], object]) -> bool:
    try:
        structure()
    except Exception:  # noqa: BLE001 - whatever a converter raises is a refusal
        return True
    return False


# Forty attacks, each on one table of a drawn portfolio: a few milestones of each
# agreement show every kind of table as well as a dozen do, at half the cost.
@scaled(40)
@given(vst.portfolios(max_agreements=2, max_milestones=5), st.data())
def test_the_fast_path_refuses_what_the_detailed_one_refuses(
    portfolio: velfaerd.Portfolio, data: st.DataObject
) -> None:
    parsed = tomli.loads(velfaerd.dump(portfolio))
    tables = _tables(parsed)
    table = data.draw(st.sampled_from(tables))
    keys = sorted(table)
    action = data.draw(st.sampled_from(["replace", "add", "remove"] if keys else ["add"]))
    if action == "add":
        table[data.draw(st.sampled_from(["ukendt", *keys]) if keys else st.just("ukendt"))] = (
            data.draw(_WRONG)
        )
    elif action == "replace":
        table[data.draw(st.sampled_from(keys))] = data.draw(_WRONG)
    else:
        del table[data.draw(st.sampled_from(keys))]
    refused = _refuses(lambda: converter.structure(parsed, Document))
    assert _refuses(lambda: fast_converter.structure(parsed, Document)) == refused
    if not refused:
        assert fast_converter.structure(parsed, Document) == converter.structure(parsed, Document)


@pytest.mark.parametrize(
    "term",
    [
        'entered = "marts 2020"\nduration = "2 years"',
        'start = "august 2019"\nduration = "18 months"',
        'entered = "senest 1. maj 2020"',
        'start = 2020-01-01\nend = 2021-12-31\nreview_every = "none"',
        "",
    ],
)
@pytest.mark.parametrize("kind", ["cooperation", "implementation_plan"])
def test_the_fast_path_computes_an_agreements_defaults_as_its_init_does(
    term: str, kind: str
) -> None:
    data = tomli.loads(
        f'[[agreements]]\nid = "a"\ntitle = "A"\nkind = "{kind}"\nparties = ["p"]\n{term}\n'
    )
    fast = fast_converter.structure(data, Document).agreements[0]
    # The detailed converter makes the agreement with Agreement.__init__.
    detailed = converter.structure(data, Document).agreements[0]
    assert fast == detailed
    assert (fast.start, fast.end, fast.review_every) == (
        detailed.start,
        detailed.end,
        detailed.review_every,
    )
    assert isinstance(fast, Agreement)
