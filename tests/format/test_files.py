"""Items 8, 9, 14-22, 24 and 26 of issue 14: a clear message, never an internal error."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import attrs
import pytest

import velfaerd
from velfaerd.cli import main
from velfaerd.config import Config
from velfaerd.format import _files

DATA = Path(__file__).parent.parent / "data"
VALID = (DATA / "valid.toml").read_text(encoding="utf-8")
FAILING = VALID.replace('parties = ["byraadet", "auraskolen"]', 'parties = ["byraadet"]', 1)


def _only_problem(error: pytest.ExceptionInfo[velfaerd.LoadError]) -> velfaerd.Problem:
    (problem,) = error.value.problems
    return problem


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_is_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.load(fifo)  # would block for ever waiting for a writer
    problem = _only_problem(caught)
    assert problem.code == "LOAD001"
    assert "not a regular file" in problem.message


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_without_reading() -> None:
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.load("/dev/zero")
    assert "not a regular file" in _only_problem(caught).message


def test_a_file_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(VALID, encoding="utf-8")
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.load(path, max_file_size=100)
    problem = _only_problem(caught)
    assert problem.code == "LOAD001"
    assert "larger than the limit of 100 bytes" in problem.message
    assert velfaerd.load(path, max_file_size=len(VALID.encode())).agreements


@pytest.mark.parametrize(
    ("said", "limit", "expected"),
    [
        (200_000, 1 << 20, 200_000),  # the size it has
        (0, 1 << 20, 200_000),  # no size, as in /proc: read to its end
        (10, 1 << 20, 200_000),  # it grew since its size was taken
        (10, 150_001, 150_001),  # ... beyond the limit: no more than the limit
        (200_000, 150_001, 150_001),
    ],
)
def test_a_file_is_read_to_its_end_or_the_limit(
    tmp_path: Path, said: int, limit: int, expected: int
) -> None:
    path = tmp_path / "grown.toml"
    path.write_bytes(bytes(range(256)) * 781 + b"x" * 64)
    descriptor = os.open(path, os.O_RDONLY)
    try:
        assert _files._read_at_most(descriptor, said, limit) == path.read_bytes()[:expected]
    finally:
        os.close(descriptor)


def test_the_cli_takes_a_file_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v.toml").write_text(VALID, encoding="utf-8")
    assert main(["check", "v.toml", "--max-file-size", "10"]) == 1
    assert "LOAD001" in capsys.readouterr().out
    assert main(["check", "v.toml", "--max-file-size", "0"]) == 2
    assert "--max-file-size" in capsys.readouterr().err


def test_a_long_date_is_refused_at_once_and_not_echoed() -> None:
    text = "2013 - " * 300_000
    with pytest.raises(velfaerd.DateFormatError) as caught:
        velfaerd.parse_window(text)
    assert len(str(caught.value)) < 300
    assert f"this text has {len(text)}" in str(caught.value)
    with pytest.raises(velfaerd.LoadError) as loaded:
        velfaerd.loads(f'[[agreements]]\nid = "a"\nstart = "{text}"\n')
    assert len(str(loaded.value)) < 1000


@pytest.mark.parametrize(
    "text", ["format = " + "1" * 5000, "[municipality]\nname = 'x'\ncode = " + "9" * 5000]
)
def test_a_huge_integer_is_a_load_problem(text: str) -> None:
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.loads(text)
    assert _only_problem(caught).code == "LOAD002"


def test_an_integer_beyond_64_bits_is_refused() -> None:
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.loads("[municipality]\nname = 'x'\ncode = 99999999999999999999\n")
    problem = _only_problem(caught)
    assert (problem.code, problem.path) == ("LOAD003", "municipality.code")
    assert "fits in 64 bits" in problem.message


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
    (tmp_path / "v.toml").write_text(VALID, encoding="utf-8")
    assert main(["check", "v.toml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("velfaerd: error: ")
    assert "internal error" not in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("text", ["tool = 5", 'tool = "x"', "[tool]\nvelfaerd = 5"])
def test_a_pyproject_of_the_wrong_shape_is_a_config_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(velfaerd.ConfigError, match="must be a table"):
        Config.from_file(path)


def test_a_discovered_tool_table_that_is_no_table_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool]\nvelfaerd = 5\n", encoding="utf-8")
    (tmp_path / "v.toml").write_text(VALID, encoding="utf-8")
    assert main(["check", "v.toml"]) == 2
    err = capsys.readouterr().err
    assert "must be a table" in err
    assert "internal error" not in err


@pytest.mark.parametrize("data", [{1: 2}, {"actors": [{2: 3}]}])
def test_from_dict_with_keys_that_are_not_strings(data: object) -> None:
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.from_dict(data)
    assert "a key must be a string" in _only_problem(caught).message


def test_a_name_too_long_or_an_unsearchable_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.load(tmp_path / ("x" * 5000))
    assert _only_problem(caught).code == "LOAD001"
    inner = tmp_path / "locked" / "a.toml"
    real = Path.stat

    def stat(self: Path, **kwargs: bool) -> os.stat_result:
        if self == inner:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    with pytest.raises(velfaerd.LoadError) as locked:
        velfaerd.load(inner)
    assert "Permission denied" in _only_problem(locked).message


def test_a_file_name_that_is_not_utf8_with_an_output_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(b"\xff-aftale.toml")
    try:
        (tmp_path / name).write_text(FAILING, encoding="utf-8")
    except (OSError, UnicodeEncodeError):  # pragma: no cover - a file system of UTF-8 names
        pytest.skip("the file system takes only UTF-8 names")
    for output_format in ("text", "json", "sarif"):
        assert main(["check", name, "--output-format", output_format, "--output-file", "o"]) == 1
        assert "AGR002" in (tmp_path / "o").read_text(encoding="utf-8")


def test_dump_refuses_what_would_not_load_back() -> None:
    portfolio = velfaerd.loads(VALID)
    actor = attrs.evolve(portfolio.actors[0], name=int("f" * 5000, 16))  # type: ignore[arg-type]
    with pytest.raises(velfaerd.DumpError):
        velfaerd.dump(attrs.evolve(portfolio, actors=(actor,)))
    municipality = attrs.evolve(portfolio.municipalities[0], code=2**70)
    with pytest.raises(velfaerd.DumpError, match="loads back"):
        velfaerd.dump(attrs.evolve(portfolio, municipalities=(municipality,)))
    agreement = attrs.evolve(
        portfolio.agreements[0],
        entered=velfaerd.DateWindow(dt.date(999, 3, 1), dt.date(999, 3, 31)),
    )
    with pytest.raises(velfaerd.DumpError, match="loads back"):
        velfaerd.dump(attrs.evolve(portfolio, agreements=(agreement,)))


@pytest.mark.parametrize("output_format", ["text", "concise", "github"])
def test_control_characters_in_file_names_are_escaped(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    output_format: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    name = "a\x1b[2J\nb.toml"
    (tmp_path / name).write_text(FAILING, encoding="utf-8")
    assert main(["check", name, "--output-format", output_format]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "AGR002" in out


def test_an_empty_path_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", ""]) == 2
    assert "empty path" in capsys.readouterr().err
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.load("")
    assert "empty path" in _only_problem(caught).message


def test_statistics_takes_only_text_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v.toml").write_text(VALID, encoding="utf-8")
    for output_format in ("sarif", "github", "concise"):
        assert main(["check", "v.toml", "--statistics", "--output-format", output_format]) == 2
        assert "--statistics prints text or json" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_standard_output_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v.toml"
    path.write_text(FAILING, encoding="utf-8")
    with Path("/dev/full").open("w", encoding="utf-8") as full:
        monkeypatch.setattr(sys, "stdout", full)
        assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cannot write the output" in err
    assert "internal error" not in err


@pytest.mark.parametrize("closed", ["none", "closed"])
def test_standard_output_closed(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    closed: str,
) -> None:
    path = tmp_path / "v.toml"
    path.write_text(FAILING, encoding="utf-8")
    stream = None
    if closed == "closed":
        stream = (tmp_path / "out").open("w", encoding="utf-8")
        stream.close()
    monkeypatch.setattr(sys, "stdout", stream)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cannot write the output" in err
    assert "internal error" not in err


def test_str_of_a_load_error_names_the_key_path() -> None:
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.loads('[[agreements]]\nid = "a"\ntitle = "t"\nkind = "cooperation"\nparties = 5\n')
    text = str(caught.value)
    assert "<string>:5: LOAD003 agreements[0].parties: expected" in text


def test_the_cli_names_the_key_path_of_a_load_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = VALID.replace('parties = ["byraadet", "auraskolen"]', "parties = {}", 1)
    (tmp_path / "v.toml").write_text(text, encoding="utf-8")
    assert main(["check", "v.toml", "--output-format", "concise"]) == 1
    out = capsys.readouterr().out
    assert ": LOAD003 [error] agreements[0].parties: expected" in out
