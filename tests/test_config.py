from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from velfaerd import Config, ConfigError, Severity
from velfaerd.config import find_config

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("select", "ignore", "code", "enabled"),
    [
        (["ALL"], [], "REV001", True),
        (["REV"], [], "REV001", True),
        (["REV"], [], "APR001", False),
        (["REV"], ["REV001"], "REV001", False),
        (["REV001"], ["REV"], "REV001", True),
        (["APR00"], [], "APR004", True),
        (["REV"], ["REV"], "REV001", False),
    ],
)
def test_select_and_ignore_by_prefix(
    select: list[str], ignore: list[str], code: str, enabled: bool
) -> None:
    assert Config(select=select, ignore=ignore).enabled(code) is enabled


def test_extend_select_adds() -> None:
    config = Config(select=["REV"], extend_select=["APR001"])
    assert config.enabled("APR001")
    assert not config.enabled("APR002")


def test_codes_are_normalised_and_validated() -> None:
    assert Config(select="rev").select == ("REV",)
    with pytest.raises(ConfigError, match="not a rule code"):
        Config(select=["REV-1"])


def test_severity_overrides() -> None:
    assert Config(severity={"rev001": "warning"}).severity == {"REV001": Severity.WARNING}
    with pytest.raises(ConfigError, match="'error'"):
        Config(severity={"REV001": "fatal"})


def test_from_mapping_rejects_unknown_keys_with_a_hint() -> None:
    with pytest.raises(ConfigError, match="did you mean 'ignore'"):
        Config.from_mapping({"ignroe": ["REV"]}, source="velfaerd.toml")


def test_from_mapping_rejects_wrong_types() -> None:
    with pytest.raises(ConfigError, match="select must be an array"):
        Config.from_mapping({"select": "REV"})
    with pytest.raises(ConfigError, match=r"options\.REV001 must be a table"):
        Config.from_mapping({"options": {"REV001": 1}})


def test_per_file_ignores() -> None:
    config = Config.from_mapping({"per-file-ignores": {"examples/*.toml": ["COV"]}})
    assert config.ignored_in("COV002", "examples/a.toml")
    assert not config.ignored_in("REV001", "examples/a.toml")
    assert not config.ignored_in("COV002", "data/a.toml")


def test_plugins_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Config().plugins_enabled()
    monkeypatch.setenv("VELFAERD_PLUGINS", "0")
    assert not Config().plugins_enabled()
    assert not Config(plugins=False).plugins_enabled()


def test_files_and_discovery(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.velfaerd]\nignore = ["COV004"]\n', encoding="utf-8"
    )
    nested = tmp_path / "data" / "esbjerg"
    nested.mkdir(parents=True)
    assert find_config(nested) == tmp_path / "pyproject.toml"
    assert Config.from_file(tmp_path / "pyproject.toml").ignore == ("COV004",)
    (tmp_path / "data" / "velfaerd.toml").write_text('select = ["REV"]\n', encoding="utf-8")
    assert find_config(nested) == tmp_path / "data" / "velfaerd.toml"
    assert Config.from_file(tmp_path / "data" / "velfaerd.toml").select == ("REV",)


def test_broken_config_files(tmp_path: Path) -> None:
    broken = tmp_path / "velfaerd.toml"
    broken.write_text("select = [", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Config.from_file(broken)
    with pytest.raises(ConfigError, match="cannot read"):
        Config.from_file(tmp_path / "missing.toml")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool]\nvelfaerd = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a table"):
        Config.from_file(pyproject)
