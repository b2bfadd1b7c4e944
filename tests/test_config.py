from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._documents import VALID as VALID_TEXT

import velfaerd
from velfaerd import Config, ConfigError, Severity, _registry
from velfaerd.cli import main
from velfaerd.config import _codes_checked_later, find_config
from velfaerd.rules import Rule, all_rules, register

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# The rules' entry-point plugin of the registry's own tests (a fixture).

from tests._plugins import plugin  # noqa: F401

VALID = Path(__file__).parent / "data" / "valid.toml"


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


# --- issue 18, item 20: every code and prefix names a rule ---------------------------------

CODES = sorted(rule.code for rule in all_rules(plugins=False))
#: Every code and every prefix of one: what a configuration may name.
PREFIXES = sorted({code[:end] for code in CODES for end in range(1, len(code) + 1)})

#: Each setting that takes codes, as a configuration naming ``code`` there.
SETTINGS: dict[str, Callable[[str], dict[str, object]]] = {
    "select": lambda code: {"select": [code]},
    "ignore": lambda code: {"ignore": [code]},
    "extend-select": lambda code: {"extend_select": [code]},
    "severity": lambda code: {"severity": {code: "warning"}},
    "per-file-ignores": lambda code: {"per_file_ignores": {"*.toml": [code]}},
}


def _normal(text: str) -> str:
    return text.strip().upper()


def _accepted(text: str) -> bool:
    code = _normal(text)
    return code == "ALL" or (bool(code) and any(known.startswith(code) for known in CODES))


@pytest.mark.parametrize("setting", sorted(SETTINGS))
@given(text=st.one_of(st.text(max_size=8), st.sampled_from(PREFIXES).map(lambda p: p + "X")))
def test_any_text_that_names_no_rule_is_refused(setting: str, text: str) -> None:
    if _accepted(text):
        Config(**SETTINGS[setting](text))  # type: ignore[arg-type]
    else:
        with pytest.raises(ConfigError):
            Config(**SETTINGS[setting](text))  # type: ignore[arg-type]


@pytest.mark.parametrize("setting", sorted(SETTINGS))
@given(code=st.sampled_from([*PREFIXES, "ALL"]), lower=st.booleans())
def test_every_code_and_prefix_is_accepted(setting: str, code: str, *, lower: bool) -> None:
    config = Config(**SETTINGS[setting](code.lower() if lower else code))  # type: ignore[arg-type]
    velfaerd.check(velfaerd.Portfolio(), config)  # and check agrees


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({"select": ["XYZ"]}, "select: no rule has the code or prefix 'XYZ'"),
        (
            {"ignore": ["REV01"]},
            "ignore: no rule has the code or prefix 'REV01'; did you mean REV001",
        ),
        ({"extend_select": ["MIL099"]}, "extend-select: no rule has the code or prefix 'MIL099'"),
        ({"severity": {"COV009": "info"}}, "severity: no rule has the code or prefix 'COV009'"),
        (
            {"per_file_ignores": {"gamle/*.toml": ["APRX"]}},
            (
                "per-file-ignores 'gamle/*.toml': no rule has the code or prefix 'APRX'; "
                "did you mean APR"
            ),
        ),
        ({"select": ["LOAD001"]}, "load problems are always reported and cannot be selected"),
    ],
)
def test_an_unknown_code_is_refused_with_the_nearest(
    settings: dict[str, object], said: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        Config(**settings)  # type: ignore[arg-type]
    assert said in str(caught.value)
    with pytest.raises(ConfigError):
        Config().merge(**settings)


def test_the_file_and_the_command_line_refuse_it_in_the_same_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "velfaerd.toml").write_text('select = ["XYZ"]\n', encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.velfaerd]\nignore = ["REV01"]\n', encoding="utf-8"
    )
    for name in ("velfaerd.toml", "pyproject.toml"):
        with pytest.raises(ConfigError) as caught:
            Config.from_file(tmp_path / name)
        err = io.StringIO()
        monkeypatch.chdir(tmp_path)
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["check", str(VALID), "--config", str(tmp_path / name), "--no-cache"])
        assert code == 2
        assert err.getvalue() == f"velfaerd: error: {caught.value}\n"
        assert str(caught.value).startswith(f"{tmp_path / name}: ")


def test_check_refuses_a_configuration_made_without_the_test() -> None:
    with _codes_checked_later():  # how the command line makes it, to test it later
        config = Config(select=["XYZ"])
    with pytest.raises(ConfigError, match="'XYZ'"):
        velfaerd.check(velfaerd.Portfolio(), config)


@pytest.fixture
def registered() -> Iterator[Rule]:
    own = Rule(
        code="QQQ001",
        name="registered-here",
        severity="info",
        summary="s",
        description="d",
        why="w",
        failing="",
        fixed="",
        check=lambda _: (),
        messages={"default": "m"},
    )
    register(own)
    yield own
    _registry._REGISTRY.pop(own.code)


@pytest.mark.usefixtures("registered")
def test_a_rule_registered_in_the_program_is_known() -> None:
    config = Config(select=["QQQ"], severity={"QQQ001": "error"})
    assert velfaerd.check(velfaerd.Portfolio(), config).status("QQQ001").ran  # type: ignore[union-attr]


def _plugins_loaded() -> bool:
    return _registry._state["plugins"]


@pytest.mark.usefixtures("plugin")
def test_a_plugin_rule_is_known_and_loaded_only_when_asked() -> None:
    assert not _plugins_loaded()
    Config(select=["REV"])  # velfaerd's own codes: no other package is imported
    assert not _plugins_loaded()
    assert "velfaerd_xyz" not in sys.modules
    Config(select=["XYZ001"])
    assert _plugins_loaded()
    with pytest.raises(ConfigError, match="did you mean XYZ001"):
        Config(select=["XYZ002"])


@pytest.mark.usefixtures("plugin")
def test_with_plugins_off_a_code_that_may_be_a_plugin_s_is_accepted() -> None:
    # Telling would mean importing the plugin the configuration turned off.
    Config(select=["XYZ001"], plugins=False)
    assert "velfaerd_xyz" not in sys.modules
    with pytest.raises(ConfigError, match="load problems"):
        Config(select=["LOAD001"], plugins=False)


def test_with_plugins_off_and_none_installed_an_unknown_code_is_refused() -> None:
    with pytest.raises(ConfigError, match="'XYZ'"):
        Config(select=["XYZ"], plugins=False)


def test_making_a_configuration_imports_no_rule_until_it_names_a_code() -> None:
    script = (
        "import sys, velfaerd\n"
        "velfaerd.Config(lang='da', plugins=False)\n"
        "print('velfaerd.rules' in sys.modules)\n"
        "velfaerd.Config(select=['REV'])\n"
        "print('velfaerd.rules' in sys.modules, 'importlib.metadata' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["False", "True False"]


def test_a_run_found_in_the_cache_with_codes_configured_imports_no_rule(tmp_path: Path) -> None:
    (tmp_path / "velfaerd.toml").write_text(
        'select = ["REV", "APR"]\nseverity = { REV001 = "info" }\n', encoding="utf-8"
    )
    (tmp_path / "aftale.toml").write_bytes(VALID.read_bytes())
    script = (
        "import sys\n"
        "from velfaerd.cli import main\n"
        "code = main(['check', '--exit-zero', '--jobs', '1', 'aftale.toml'])\n"
        "print(code, 'velfaerd.rules' in sys.modules)\n"
    )

    def run() -> str:
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path
        )
        return result.stdout.splitlines()[-1]

    assert run() == "0 True"  # checked
    assert run() == "0 False"  # found: the codes were checked when it was kept


# Issue 14 (items 2-6): an input once silently taken the wrong way.
@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('{ "x" = { a = 1 } }', "expected an array of rule codes or prefixes"),
        ('{ "x" = 5 }', "expected an array of rule codes or prefixes"),
        ('{ "x" = [1] }', "is not a rule code or prefix"),
        ('{ "" = ["REV"] }', "is not a file pattern"),
    ],
)
def test_per_file_ignores_of_the_wrong_shape_are_refused(
    tmp_path: Path, table: str, expected: str
) -> None:
    path = tmp_path / "velfaerd.toml"
    path.write_text(f"per-file-ignores = {table}\n", encoding="utf-8")
    with pytest.raises(velfaerd.ConfigError, match=expected):
        Config.from_file(path)


# Issue 14 (items 2-6): an input once silently taken the wrong way.
def test_a_table_is_not_taken_for_codes_in_python() -> None:
    with pytest.raises(velfaerd.ConfigError):
        Config(select={"a": 1})


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
@pytest.mark.parametrize(
    "text",
    [
        "plugins = " + "1" * 5000,
        "select = " + "[" * 5000 + "]" * 5000,
        "severity = { REV001 = ['error'] }",
        "severity = { REV001 = {} }",
    ],
)
def test_configuration_of_the_wrong_shape_is_a_config_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "velfaerd.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(velfaerd.ConfigError) as caught:
        Config.from_file(path)
    assert len(str(caught.value)) < 300


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
@pytest.mark.parametrize(
    "text",
    [
        "select = " + "[" * 5000 + "]" * 5000,
        "x = " + "{a = " * 401 + "}" * 401,
        "lang = " + "1" * 5000,
    ],
)
def test_a_discovered_configuration_nested_too_deep_is_a_usage_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    text: str,
) -> None:
    # Found by the long fuzz run: the command line reads a discovered configuration's
    # language before anything else, and tomli's RecursionError for inline tables nested
    # over 400 deep escaped that early read as an internal error.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "velfaerd.toml").write_text(text, encoding="utf-8")
    (tmp_path / "v.toml").write_text(VALID_TEXT, encoding="utf-8")
    assert main(["check", "v.toml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("velfaerd: error: ")
    assert "internal error" not in err
    assert err.count("\n") == 1


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
@pytest.mark.parametrize("text", ["tool = 5", 'tool = "x"', "[tool]\nvelfaerd = 5"])
def test_a_pyproject_of_the_wrong_shape_is_a_config_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(velfaerd.ConfigError, match="must be a table"):
        Config.from_file(path)


# Issue 14 (items 8, 9, 14-22, 24, 26): a clear message, never an internal error.
def test_a_discovered_tool_table_that_is_no_table_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool]\nvelfaerd = 5\n", encoding="utf-8")
    (tmp_path / "v.toml").write_text(VALID_TEXT, encoding="utf-8")
    assert main(["check", "v.toml"]) == 2
    err = capsys.readouterr().err
    assert "must be a table" in err
    assert "internal error" not in err
