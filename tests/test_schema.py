"""The JSON Schema: generated from the model, shipped, and in agreement with the loader."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
import tomli
from hypothesis import given
from tests._hypothesis import scaled
from tests.format.test_loading import KEY_CASES

import velfaerd
from velfaerd import model
from velfaerd import strategies as vst
from velfaerd.cli import main
from velfaerd.errors import ConfigError
from velfaerd.format import _convert
from velfaerd.format._reference import MEANINGS
from velfaerd.i18n import lookup
from velfaerd.schema import json_schema, schema_text, shipped_schema

ROOT = Path(__file__).parent.parent
#: The schema in each language of its descriptions (``None``: both, as shipped).
SCHEMAS = {lang: json_schema(lang) for lang in (None, "en", "da")}
VALIDATOR = jsonschema.Draft202012Validator(SCHEMAS[None])


def as_json(value: object) -> Any:
    """TOML data as JSON sees it: a TOML date is a string, as editors validate it."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value


def errors(text: str, validator: jsonschema.Draft202012Validator = VALIDATOR) -> list[str]:
    return [error.message for error in validator.iter_errors(as_json(tomli.loads(text)))]


def test_the_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_the_shipped_schema_is_the_generated_one() -> None:
    # Regenerate with: velfaerd schema -o src/velfaerd/velfaerd.schema.json
    assert shipped_schema() == schema_text()


def test_the_command_prints_and_writes_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()
    target = tmp_path / "velfaerd.schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema_text()


def _model_classes() -> list[type]:
    return [
        _convert.Document,
        *(
            getattr(model, name)
            for name in model.__all__
            if attrs.has(getattr(model, name)) and name not in {"Origin", "Portfolio"}
        ),
    ]


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda cls: cls.__name__)
def test_every_key_is_in_the_schema_with_a_description(cls: type) -> None:
    schema = json_schema()
    table = schema if cls is _convert.Document else schema["$defs"][cls.__name__]
    assert list(table["properties"]) == list(_convert.known_keys(cls))
    assert table["additionalProperties"] is False
    for key, prop in table["properties"].items():
        assert prop.get("description"), f"{cls.__name__}.{key} has no description"


def test_choices_are_enums() -> None:
    defs = json_schema()["$defs"]
    assert defs["Agreement"]["properties"]["status"]["enum"] == [
        "draft",
        "proposed",
        "adopted",
        "revoked",
    ]
    assert "in_progress" in defs["Milestone"]["properties"]["status"]["enum"]
    assert {"party", "region"} <= set(defs["Actor"]["properties"]["kind"]["enum"])
    assert defs["Basis"]["properties"]["kind"]["enum"] == [k.value for k in model.BasisKind]


_MARKER = re.compile(r"<!-- keys: (\w+) -->")


def _format_reference() -> dict[str, dict[str, tuple[str, str]]]:
    tables: dict[str, dict[str, tuple[str, str]]] = {}
    current: str | None = None
    for line in (ROOT / "docs" / "format.md").read_text(encoding="utf-8").splitlines():
        marker = _MARKER.search(line)
        if marker:
            current = marker.group(1)
            tables[current] = {}
        elif current is not None and line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
            key = re.fullmatch(r"`([a-z_]+)`", cells[0])
            if key:
                tables[current][key.group(1)] = (cells[3], cells[4])
        elif line.strip():
            current = None
    return tables


def test_the_descriptions_are_the_format_reference() -> None:
    # src/velfaerd/format/_reference.py holds docs/format.md's key tables: edit both.
    assert _format_reference() == MEANINGS["en"]


_KEYS = [(cls_name, key) for cls_name, keys in MEANINGS["en"].items() for key in keys]


def _properties(schema: dict[str, Any], cls_name: str) -> dict[str, Any]:
    table = schema if cls_name == "Document" else schema["$defs"][cls_name]
    return table["properties"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(("cls_name", "key"), _KEYS, ids=lambda item: item)
def test_every_key_has_a_danish_description(cls_name: str, key: str) -> None:
    danish = lookup(f"schema.{cls_name}.{key}", "da")
    assert isinstance(danish, str), f"no [schema.{cls_name}] {key} in velfaerd/locale/da.toml"
    assert danish.strip(), f"[schema.{cls_name}] {key} is empty in velfaerd/locale/da.toml"
    # Plain text for an editor's tooltip: no Sphinx roles, every `code` span closed.
    assert "{" not in danish, f"[schema.{cls_name}] {key} has a Sphinx role: {danish!r}"
    assert danish.count("`") % 2 == 0, f"[schema.{cls_name}] {key} has an unclosed `: {danish!r}"


def test_the_danish_descriptions_name_only_keys_of_the_format() -> None:
    # tests/test_i18n.py lets `schema.*` through; a typo of a table or key fails here.
    catalogue = lookup("schema", "da")
    assert isinstance(catalogue, dict)
    stray = sorted(
        f"schema.{cls_name}.{key}"
        for cls_name, keys in catalogue.items()
        for key in (keys if isinstance(keys, dict) else {"": keys})
        if key not in MEANINGS["en"].get(cls_name, {})
    )
    assert not stray, f"keys in da.toml's [schema.*] that the format does not have: {stray}"


@pytest.mark.parametrize(("cls_name", "key"), _KEYS, ids=lambda item: item)
def test_the_shipped_description_is_the_english_then_the_danish(cls_name: str, key: str) -> None:
    english = _properties(SCHEMAS["en"], cls_name)[key]["description"]
    danish = _properties(SCHEMAS["da"], cls_name)[key]["description"]
    assert english != danish
    assert _properties(SCHEMAS[None], cls_name)[key]["description"] == f"{english}\n\n{danish}"


def test_the_danish_description_is_the_catalogues_text() -> None:
    prop = SCHEMAS["da"]["$defs"]["Agreement"]["properties"]["status"]
    assert prop["description"] == lookup("schema.Agreement.status", "da")
    assert prop["enum"] == SCHEMAS["en"]["$defs"]["Agreement"]["properties"]["status"]["enum"]


def test_only_the_descriptions_differ_between_the_languages() -> None:
    def without_descriptions(node: object) -> object:
        if isinstance(node, dict):
            return {
                key: without_descriptions(value)
                for key, value in node.items()
                if not (key == "description" and isinstance(value, str))
            }
        if isinstance(node, list):
            return [without_descriptions(item) for item in node]
        return node

    # So the one-language schemas accept and refuse exactly what the shipped one does.
    shapes = [without_descriptions(schema) for schema in SCHEMAS.values()]
    assert shapes[0] == shapes[1] == shapes[2]


def test_an_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="'de'"):
        json_schema("de")


def test_the_command_prints_one_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--lang", "da"]) == 0
    danish = json.loads(capsys.readouterr().out)
    assert danish == json_schema("da")
    validator = jsonschema.Draft202012Validator(danish)
    for path in sorted((ROOT / "examples").glob("*.toml")):
        assert errors(path.read_text(encoding="utf-8"), validator) == [], path.name
    target = tmp_path / "en.schema.json"
    assert main(["schema", "--lang", "en", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema_text("en")


@pytest.mark.parametrize(
    "path",
    sorted([*(ROOT / "examples").glob("*.toml"), *(ROOT / "tests" / "data").glob("*.toml")]),
    ids=lambda path: path.name,
)
def test_every_example_and_test_file_validates(path: Path) -> None:
    assert errors(path.read_text(encoding="utf-8")) == []


# The draws that tests/strategies/test_portfolios.py shows to hold every key of the format (two
# agreements, so that one can supersede the other).
@scaled(60)
@given(vst.portfolios(max_agreements=2, max_milestones=5))
def test_generated_portfolios_validate(portfolio: velfaerd.Portfolio) -> None:
    assert errors(velfaerd.dump(portfolio)) == []


@pytest.mark.parametrize(("text", "codes"), KEY_CASES)
def test_every_unknown_and_missing_key_case_fails_the_schema(text: str, codes: set[str]) -> None:
    assert codes <= {"LOAD004", "LOAD005"}
    assert errors(text), "the schema accepts what the loader refuses"


_AGREEMENT = '[[agreements]]\nid = "a"\ntitle = "A"\nkind = "contract"\n'


@pytest.mark.parametrize(
    "text",
    [
        "format = 2\n",
        '[[actors]]\nid = "x"\nname = "X"\nkind = "parti"\n',
        _AGREEMENT + 'parties = []\nstatus = "udkast"\n',
        _AGREEMENT + 'parties = []\nyear = "2013"\n',
        _AGREEMENT + 'parties = "x"\n',
        _AGREEMENT + "parties = []\nbudget = [{ amount = -5 }]\n",
    ],
)
def test_wrong_types_and_choices_fail_the_schema(text: str) -> None:
    assert errors(text)


def _recipe() -> dict[str, Any]:
    """Run docs/cli.md's recipe for validating parsed data; return what it defines."""
    from tests.test_docs_snippets import markdown_snippets  # noqa: PLC0415

    page = ROOT / "docs" / "cli.md"
    (code,) = (
        snippet.code
        for snippet in markdown_snippets(page.read_text(encoding="utf-8"), "docs/cli.md")
        if "TomlValidator" in snippet.code
    )
    namespace: dict[str, Any] = {}
    exec(compile(code, str(page), "exec"), namespace)  # noqa: S102 - our own documentation
    return namespace


def test_the_documented_recipe_validates_parsed_data_with_its_dates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    validator = _recipe()["validator"]
    capsys.readouterr()
    for path in [*sorted((ROOT / "examples").glob("*.toml")), ROOT / "tests/data/valid.toml"]:
        data = tomli.loads(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == [], path
        # ... and says what a plain validator says of the same data with ISO strings.
        assert errors(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "text",
    [
        'format = 1\n[[actors]]\nid = "a"\nname = 2007-01-01\nkind = "council"\n',
        (
            'format = 1\n[[actors]]\nid = "a"\nname = "A"\nkind = "council"\n'
            "since = 2007-01-01T10:00:00\n"
        ),
    ],
    ids=["a date where a string belongs", "a date-time where a date belongs"],
)
def test_the_documented_recipe_takes_a_date_only_where_the_schema_says_date(text: str) -> None:
    validator = _recipe()["validator"]
    assert list(validator.iter_errors(tomli.loads(text)))
    with pytest.raises(velfaerd.LoadError):
        velfaerd.loads(text)


def test_a_plain_validator_refuses_parsed_dates_which_is_why_the_recipe_exists() -> None:
    data = tomli.loads(
        'format = 1\n[[actors]]\nid = "a"\nname = "A"\nkind = "council"\nsince = 2007-01-01\n'
    )
    assert list(VALIDATOR.iter_errors(data))
    assert list(_recipe()["validator"].iter_errors(data)) == []
