"""Reading files (``velfaerd.format._files``): what is refused, and how clearly.

FIFOs, devices, files over the size limit, names too long, directories that cannot
be searched, huge integers, keys that are not strings: each is a clear load problem,
never an internal error (issue 14, items 8, 9, 14-22, 24 and 26).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests._documents import VALID

import velfaerd
from velfaerd.cli import main
from velfaerd.format import _files


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


def test_an_empty_path_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", ""]) == 2
    assert "empty path" in capsys.readouterr().err
    with pytest.raises(velfaerd.LoadError) as caught:
        velfaerd.load("")
    assert "empty path" in _only_problem(caught).message
