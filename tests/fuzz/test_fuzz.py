"""The quick fuzz run: hostile and broken input of every kind (issue 14).

A few seconds inside the suite; ``python -m tests.fuzz`` runs the same targets for
as long as it is asked to (see the README of the tests and ``tests/fuzz/__main__.py``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from tests._hypothesis import scaled
from tests.fuzz import _targets

from velfaerd import strategies as vst
from velfaerd.format._convert import Document, known_keys
from velfaerd.model import (
    Actor,
    Agreement,
    ApprovalProcess,
    Commitment,
    Milestone,
    Municipality,
    Phase,
    Policy,
    Principle,
    Step,
    Theme,
    Waiver,
)

OPERATIONS = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 1 << 20), st.integers(0, 1 << 12)),
    min_size=1,
    max_size=4,
)
SEEDS = st.sampled_from(_targets.SEEDS)

# TOML values of every type, nested a little; keys as TOML gives them.
SCALARS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["primo juni 2013", "2013", "1 year", "review", "council", "ALL", ""]),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
CLASSES: tuple[type, ...] = (
    Municipality,
    Actor,
    Theme,
    Policy,
    Principle,
    Step,
    ApprovalProcess,
    Commitment,
    Milestone,
    Phase,
    Waiver,
    Agreement,
)


@st.composite
def tables(draw: st.DrawFn, cl: type) -> dict[str, Any]:
    """A table of a model class: each known key with some value, right or wrong."""
    keys = draw(st.lists(st.sampled_from(known_keys(cl)), unique=True, max_size=8))
    return {key: draw(VALUES) for key in keys}


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A document: its known keys, each a table, an array of tables or any value."""
    document: dict[str, Any] = {}
    for key in draw(st.lists(st.sampled_from(known_keys(Document)), unique=True, max_size=4)):
        cl = draw(st.sampled_from(CLASSES))
        document[key] = draw(
            st.one_of(VALUES, tables(cl), st.lists(tables(cl), min_size=1, max_size=2))
        )
    return document


@scaled(40)
@given(seed=SEEDS, operations=OPERATIONS)
def test_mutated_text(seed: str, operations: list[tuple[int, int, int]]) -> None:
    data = _targets.mutate(seed.encode("utf-8"), operations)
    _targets.run_text(data.decode("utf-8", "replace"))


@scaled(15)
@given(seed=SEEDS, operations=OPERATIONS)
def test_mutated_files(seed: str, operations: list[tuple[int, int, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        _targets.run_bytes(_targets.mutate(seed.encode("utf-8"), operations), Path(folder))


@scaled(40)
@given(data=documents())
def test_generated_documents(data: dict[str, Any]) -> None:
    _targets.run_dict(data)


@scaled(10)
@given(portfolio=vst.portfolios(), operations=OPERATIONS)
def test_mutated_portfolios(portfolio: Any, operations: list[tuple[int, int, int]]) -> None:
    _targets.check_portfolio(portfolio)
    text = _targets.mutate(vst_dump(portfolio).encode("utf-8"), operations)
    _targets.run_text(text.decode("utf-8", "replace"))


def vst_dump(portfolio: Any) -> str:
    import velfaerd  # noqa: PLC0415

    return velfaerd.dump(portfolio)


CONFIG_KEYS = st.sampled_from(
    ["select", "ignore", "extend-select", "severity", "options", "per-file-ignores", "plugins"]
)


@scaled(40)
@given(data=st.dictionaries(CONFIG_KEYS, VALUES, max_size=4) | VALUES)
def test_configuration_values(data: Any) -> None:
    _targets.run_config(data)


CONFIG_SEED = (
    b'select = ["REV", "APR001"]\nignore = ["REV002"]\n[severity]\nREV001 = "warning"\n'
    b'[per-file-ignores]\n"plans/*.toml" = ["COV"]\n'
)


@scaled(15)
@given(
    operations=OPERATIONS,
    name=st.sampled_from(["velfaerd.toml", "pyproject.toml"]),
    wrap=st.booleans(),
)
def test_configuration_files(operations: list[tuple[int, int, int]], name: str, wrap: bool) -> None:
    seed = CONFIG_SEED
    if wrap:
        seed = b"[tool.velfaerd]\n" + seed.replace(b"[severity]", b"[tool.velfaerd.severity]")
    with tempfile.TemporaryDirectory() as folder:
        _targets.run_config_text(_targets.mutate(seed, operations), Path(folder), name)


FLAGS = st.lists(
    st.sampled_from(
        [
            ["--output-format", "text"],
            ["--output-format", "concise"],
            ["--output-format", "json"],
            ["--output-format", "sarif"],
            ["--output-format", "github"],
            ["--statistics"],
            ["--select", "REV"],
            ["--select", ""],
            ["--ignore", "COV,REF"],
            ["--as-of", "2022-01-01"],
            ["--as-of", "9999-12-31"],
            ["--as-of", "0001-01-01"],
            ["--exit-zero"],
            ["--warnings-as-errors"],
            ["--quiet"],
            ["--output-file", "a.toml"],
            ["--output-file", "out.txt"],
            ["--max-file-size", "100"],
            ["--config", "velfaerd.toml"],
            ["--no-plugins"],
        ]
    ),
    max_size=3,
)


@scaled(8)
@given(
    seed=SEEDS,
    operations=OPERATIONS,
    flags=FLAGS,
    config=st.sampled_from([b"", CONFIG_SEED, b"select = 5"]),
)
def test_command_line(
    seed: str, operations: list[tuple[int, int, int]], flags: list[list[str]], config: bytes
) -> None:
    files = {"a.toml": _targets.mutate(seed.encode("utf-8"), operations), "b.toml": seed.encode()}
    if config:
        files["velfaerd.toml"] = config
    arguments = ["check", "a.toml", "b.toml", *(flag for group in flags for flag in group)]
    _targets.run_cli(arguments, files)
