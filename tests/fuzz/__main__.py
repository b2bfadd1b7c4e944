"""The long fuzz run: ``python -m tests.fuzz [--inputs N] [--seed S] [--target T] [--atheris]``.

Feeds the targets of :mod:`tests.fuzz._targets` (loader, checker, configuration,
command line and cache directories) with mutated seed files, generated documents,
configuration and attacked cache directories, and prints how many inputs each target
took. ``--target cache`` feeds the cache directories alone
(``python -m tests.fuzz --target cache --inputs 200000``). A failing input is written to
``fuzz-crash-<n>.bin`` and the run stops with exit code 1.

With ``--atheris`` (``pip install atheris``), libFuzzer's coverage-guided mutation
drives the same targets instead: ``python -m tests.fuzz --atheris -runs=1000000``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from tests.fuzz import _targets

_CONFIG_SEED = (
    b'select = ["REV", "APR001"]\nignore = ["REV002"]\n[severity]\nREV001 = "warning"\n'
    b'[per-file-ignores]\n"plans/*.toml" = ["COV"]\n'
)
_FLAGS = (
    ["--output-format", "json"],
    ["--output-format", "sarif"],
    ["--output-format", "github"],
    ["--output-format", "concise"],
    ["--statistics"],
    ["--select", "REV"],
    ["--select", ""],
    ["--as-of", "9999-12-31"],
    ["--output-file", "a.toml"],
    ["--max-file-size", "100"],
    ["--config", "velfaerd.toml"],
)


def _operations(rng: random.Random) -> list[tuple[int, int, int]]:
    return [
        (rng.randrange(7), rng.randrange(1 << 20), rng.randrange(1 << 12))
        for _ in range(rng.randint(1, 4))
    ]


def _value(rng: random.Random, depth: int = 0) -> object:
    choice = rng.randrange(9 if depth < 2 else 7)
    scalars = (
        lambda: rng.choice(["", " ", "primo juni 2013", "9999", "1 year", "council", "ALL"]),
        lambda: rng.randint(-(2**70), 2**70),
        rng.random,
        lambda: rng.random() < 0.5,
        lambda: "".join(chr(rng.randrange(0x2FF)) for _ in range(rng.randrange(8))),
        lambda: rng.choice(_targets.RETYPES),
        lambda: None,
    )
    if choice < len(scalars):
        return scalars[choice]()
    if choice == 7:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(3))]
    return {rng.choice(["id", "name", "kind", "x", "due"]): _value(rng, depth + 1)}


def _document(rng: random.Random) -> dict[str, object]:
    from velfaerd.format._convert import Document, known_keys  # noqa: PLC0415

    keys = known_keys(Document)
    return {
        rng.choice(keys): [
            {
                rng.choice(["id", "name", "kind", "title", "parties", "due", "every", "steps"]): (
                    _value(rng)
                )
                for _ in range(rng.randrange(6))
            }
            for _ in range(rng.randrange(3))
        ]
        if rng.random() < 0.8
        else _value(rng)
        for _ in range(rng.randrange(4))
    }


_CACHE_FLAGS: tuple[tuple[str, ...], ...] = (
    (),
    ("--output-format", "json"),
    ("--select", "AGR,REF"),
    ("--lang", "da", "--output-format", "concise"),
)


def _cache(rng: random.Random, counts: Counter[str]) -> bytes:
    operations = [
        (rng.randrange(10), rng.randrange(1 << 20), rng.randrange(1 << 12))
        for _ in range(rng.randint(1, 5))
    ]
    flags = rng.choice(_CACHE_FLAGS)
    counts["cache directory"] += 1
    _cache_fuzz().run(operations, flags)
    return repr((operations, flags)).encode()


_CACHE_FUZZ: list[_targets.CacheFuzz] = []


def _cache_fuzz() -> _targets.CacheFuzz:
    if not _CACHE_FUZZ:
        # What a call costs but holds nothing of the input, done once per process:
        # - the command line's parser (this process speaks one language throughout);
        # - the stamp of velfaerd's files and of the distributions installed, which the
        #   caches' keys hold (nothing is installed or edited during the run: each call
        #   would scan sys.path and the package anew for the same text).
        import functools  # noqa: PLC0415

        from velfaerd.cli import _parser, _store  # noqa: PLC0415

        _parser.build_parser = functools.cache(_parser.build_parser)
        _store.environment = functools.cache(_store.environment)
        _store.velfaerd_code = functools.cache(_store.velfaerd_code)
        _CACHE_FUZZ.append(_targets.CacheFuzz(_work_folder()))
    return _CACHE_FUZZ[0]


def _work_folder() -> str | None:
    """Where the cache target works: in memory (``/dev/shm``) where there is such a folder.

    Each input copies a cache directory, attacks it and removes it: on a disk, creating
    and removing those files costs more than the check itself.
    """
    memory = Path("/dev/shm")  # noqa: S108 - a folder of our own is made in it
    return str(memory) if memory.is_dir() and os.access(memory, os.W_OK) else None


def _one(rng: random.Random, folder: Path, counts: Counter[str], only: str = "all") -> bytes:
    """Run one input on one target; return it (for the crash file)."""
    if only == "cache":
        return _cache(rng, counts)
    target = rng.randrange(104)
    if target >= 100:
        return _cache(rng, counts)
    seed = rng.choice(_targets.SEEDS).encode("utf-8")
    if target < 55:
        data = _targets.mutate(seed, _operations(rng))
        counts["loads"] += 1
        _targets.run_text(data.decode("utf-8", "replace"))
    elif target < 70:
        data = _targets.mutate(seed, _operations(rng))
        counts["load (files)"] += 1
        _targets.run_bytes(data, folder)
    elif target < 85:
        document = _document(rng)
        data = repr(document).encode()
        counts["from_dict"] += 1
        _targets.run_dict(document)
    elif target < 97:
        data = _targets.mutate(_CONFIG_SEED, _operations(rng))
        counts["configuration"] += 1
        _targets.run_config_text(data, folder, rng.choice(["velfaerd.toml", "pyproject.toml"]))
        _targets.run_config(_value(rng))
    else:
        data = _targets.mutate(seed, _operations(rng))
        flags = [flag for group in rng.sample(_FLAGS, rng.randrange(3)) for flag in group]
        files = {"a.toml": data, "b.toml": seed}
        if rng.random() < 0.3:
            files["velfaerd.toml"] = _targets.mutate(_CONFIG_SEED, _operations(rng))
        counts["command line"] += 1
        _targets.run_cli(["check", "a.toml", "b.toml", *flags], files)
    return data


def _random(inputs: int, seed: int, only: str = "all") -> int:
    rng = random.Random(seed)  # noqa: S311 - fuzzing, not cryptography
    counts: Counter[str] = Counter()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for number in range(inputs):
            state = rng.getstate()
            try:
                _one(rng, folder, counts, only)
            except Exception:  # noqa: BLE001 - a crash is what this looks for
                rng.setstate(state)
                crash = Path(f"fuzz-crash-{number}.bin")
                crash.write_bytes(_one_input(rng, folder, only))
                traceback.print_exc()
                print(f"crash at input {number} (seed {seed}); input in {crash}")  # noqa: T201
                return 1
            if number % 10_000 == 0 and number:
                print(f"{number} inputs, {time.monotonic() - started:.0f} s: {dict(counts)}")  # noqa: T201
                sys.stdout.flush()
    for fuzz in _CACHE_FUZZ:  # its work folder (in memory, where there is /dev/shm)
        fuzz.close()
    print(f"done: {sum(counts.values())} inputs, no crash: {dict(counts)}")  # noqa: T201
    return 0


def _one_input(rng: random.Random, folder: Path, only: str) -> bytes:
    try:
        return _one(rng, folder, Counter(), only)
    except Exception:  # noqa: BLE001 - only the input is wanted now
        return b"(the input raised again; rerun with the same seed to see it)"


def _atheris(arguments: list[str]) -> int:
    import atheris  # type: ignore[import-not-found,import-untyped,unused-ignore]  # noqa: PLC0415

    # velfaerd is imported already (by _targets): instrument what is loaded.
    atheris.instrument_all()

    folder = Path(tempfile.mkdtemp())

    def one_input(data: bytes) -> None:
        rng = random.Random(data)  # noqa: S311 - fuzzing, not cryptography
        kind = data[0] % 4 if data else 0
        if kind == 0:
            _targets.run_text(data[1:].decode("utf-8", "replace"))
        elif kind == 1:
            seed = rng.choice(_targets.SEEDS).encode("utf-8")
            _targets.run_text(_targets.mutate(seed, _operations(rng)).decode("utf-8", "replace"))
        elif kind == 2:
            _targets.run_config_text(data[1:], folder, "velfaerd.toml")
        else:
            _targets.run_bytes(data[1:], folder)

    atheris.Setup([sys.argv[0], *arguments], one_input)
    atheris.Fuzz()
    return 0


def main() -> int:
    """Run the long fuzz run; see the module documentation."""
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--inputs", type=int, default=100_000, help="how many inputs")
    parser.add_argument("--seed", type=int, default=0, help="the random seed")
    parser.add_argument("--atheris", action="store_true", help="let atheris drive")
    parser.add_argument(
        "--target", choices=("all", "cache"), default="all", help="every target, or one"
    )
    arguments, rest = parser.parse_known_args()
    if arguments.atheris:
        return _atheris(rest)
    if arguments.target != "cache":
        return _random(arguments.inputs, arguments.seed, arguments.target)
    # The key of the caches in a folder of its own, not the user's.
    with tempfile.TemporaryDirectory(prefix="velfaerd-fuzz-key-") as keys:
        os.environ["XDG_CACHE_HOME"] = keys
        return _random(arguments.inputs, arguments.seed, arguments.target)


if __name__ == "__main__":
    sys.exit(main())
