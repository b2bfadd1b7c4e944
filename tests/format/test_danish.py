"""The Danish words for the format's keys and values, in LOAD004's and LOAD003's hints."""

from __future__ import annotations

import pytest
from tests._documents import ACTORS, AGREEMENT, load, milestone, problem

import velfaerd
from velfaerd.format._convert import Document, known_keys
from velfaerd.format._danish import KEY_WORDS, VALUE_WORDS, danish_key, danish_value
from velfaerd.model import STRUCTURE


def test_every_word_names_a_key_or_value_of_the_format() -> None:
    keys = {key for cl in (*STRUCTURE, Document) for key in known_keys(cl)}
    assert set(KEY_WORDS) <= keys
    for vocabulary, table in VALUE_WORDS.items():
        assert set(table) == {member.value for member in vocabulary}


@pytest.mark.parametrize(
    ("document", "path", "near"),
    [
        (ACTORS.replace('name = "Byrådet"', 'navn = "Byrådet"'), "actors[0].navn", "name"),
        (AGREEMENT.replace('title = "', 'titel = "', 1), "agreements[0].titel", "title"),
        (AGREEMENT.replace("parties = [", "parter = [", 1), "agreements[0].parties", None),
        (AGREEMENT + "startdato = 2021-01-01\n", "agreements[0].startdato", "start"),
        (AGREEMENT + "Slut_dato = 2021-01-01\n", "agreements[0].Slut_dato", "end"),
        (
            AGREEMENT + milestone("m", "2021-01-01", "frist = 1"),
            "agreements[0].milestones[0].frist",
            "due",
        ),
        (AGREEMENT + "milepaele = []\n", "agreements[0].milepaele", "milestones"),
    ],
)
def test_a_danish_key_names_the_formats_key(document: str, path: str, near: str | None) -> None:
    with pytest.raises(velfaerd.LoadError) as caught:
        load(document)
    unknown = [p for p in caught.value.problems if p.code == "LOAD004"]
    (found,) = unknown
    if near is None:  # parter → parties: the missing key says it, and so does LOAD004
        near, path = "parties", "agreements[0].parter"
        missing = next(p for p in caught.value.problems if p.code == "LOAD005")
        assert missing.message == (
            "missing required key 'parties': the file writes it in Danish, as 'parter'"
        )
        assert "filen skriver den på dansk, 'parter'" in missing.render("da")
    assert found.path == path
    assert found.message.endswith(f"the format's word for it is {near!r}")
    assert found.render("da").endswith(f"i formatet hedder den {near!r}")


@pytest.mark.parametrize(
    ("key", "value", "near"),
    [
        ("kind", "samarbejdsaftale", "cooperation"),
        ("kind", "Udviklingsaftale", "development"),
        ("kind", "implementeringsplan", "implementation_plan"),
        ("status", "godkendt", "adopted"),
        ("status", "udkast", "draft"),
    ],
)
def test_a_danish_agreement_value_names_the_formats_value(key: str, value: str, near: str) -> None:
    document = AGREEMENT.replace('kind = "cooperation"\n', "") + f'{key} = "{value}"\n'
    if key != "kind":
        document += 'kind = "cooperation"\n'
    found = problem(document)
    assert (found.code, found.path) == ("LOAD003", f"agreements[0].{key}")
    assert found.message.endswith(f"found string {value!r}: the format's word for it is {near!r}")
    assert found.render("da").endswith(f"i formatet hedder det {near!r}")


@pytest.mark.parametrize(
    ("written", "vocabulary", "near"),
    [
        ("byråd", velfaerd.ActorKind, "council"),
        ("udvalg", velfaerd.ActorKind, "committee"),
        ("skole", velfaerd.ActorKind, "institution"),
        ("opfølgning", velfaerd.MilestoneKind, "review"),
        ("Opfoelgning", velfaerd.MilestoneKind, "review"),
        ("godkendt", velfaerd.MilestoneStatus, "met"),
        ("i gang", velfaerd.MilestoneStatus, "in_progress"),
        ("lov", velfaerd.BasisKind, "law"),
        ("xyz", velfaerd.ActorKind, None),
    ],
)
def test_danish_values(written: str, vocabulary: type, near: str | None) -> None:
    assert danish_value(written, vocabulary) == near


def test_a_near_miss_in_english_is_suggested_too() -> None:
    found = problem(AGREEMENT + milestone("m", "2021-01-01", 'kind = "meting"'))
    assert found.message.endswith("found string 'meting': did you mean 'meeting'?")


def test_a_key_is_suggested_only_where_the_table_has_it() -> None:
    assert danish_key("navn", ["id", "name"]) == "name"
    assert danish_key("navn", ["id", "title"]) == "title"
    assert danish_key("fra", ["start", "end"]) == "start"
    assert danish_key("fra", ["since", "until"]) == "since"
    assert danish_key("navn", ["id"]) is None
    assert danish_key("x" * 10_000, ["id"]) is None
