"""What the fuzz tests feed, and the properties every input must keep (issue 14).

Each ``run_*`` function takes one input and asserts the properties; the quick tests in
this folder draw inputs with hypothesis, and ``python -m tests.fuzz`` runs the same
functions for as long as it is asked to (see ``tests/fuzz/__main__.py``).

The properties:

- ``load``/``loads``/``from_dict`` return a :class:`~velfaerd.Portfolio` or raise
  :class:`~velfaerd.LoadError`; configuration gives a ``Config`` or a ``ConfigError``;
- ``check`` returns a :class:`~velfaerd.Report`;
- ``loads(dump(p)) == p`` for whatever loads;
- the command line exits 0, 1 or 2, with no traceback and no "internal error";
- nothing writes to an input file;
- a check with a cache directory holding anything (random bytes, forged entries,
  links to devices, FIFOs and other folders) says what it says without a cache, and
  changes nothing outside the cache directory (:class:`CacheFuzz`).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import velfaerd
from velfaerd.cli import main
from velfaerd.config import Config

ROOT = Path(__file__).parent.parent.parent
SEEDS: tuple[str, ...] = tuple(
    path.read_text(encoding="utf-8")
    for path in sorted(
        [ROOT / "tests" / "data" / "valid.toml", *(ROOT / "examples").glob("*.toml")]
    )
)

#: What a mutation inserts: NUL, a byte order mark, bytes that are not UTF-8, CRLF.
INSERTS: tuple[bytes, ...] = (
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"\r\n",
    b"\r",
    b"[[",
    b"]]",
    b'"',
    b"'''",
    b"=",
    b"\n[x]\n",
    b"\n[[agreements]]\n",
    b"[" * 200,
    b"9" * 400,
    b"\x1b[2J",
)

#: Values of every TOML type (and some that only Python gives ``from_dict``).
RETYPES: tuple[str, ...] = (
    "5",
    "-1",
    "1e400",
    "nan",
    "true",
    "[]",
    "{}",
    "[1, 'a']",
    "2013-01-01",
    "2013-01-01T10:00:00",
    "10:00:00",
    '""',
    '" "',
    '"primo juni 2013"',
    '"uge 53 2015"',
    '"9999"',
    '"999"',
    '"1 år"',
    '"0 days"',
    '"none"',
    "99999999999999999999",
)


def mutate(data: bytes, operations: list[tuple[int, int, int]]) -> bytes:
    """Apply ``(kind, position, argument)`` operations to bytes."""
    for kind, position, argument in operations:
        at = position % (len(data) + 1)
        if kind == 0:  # truncate
            data = data[:at]
        elif kind == 1 and data:  # flip a byte
            index = at % len(data)
            data = data[:index] + bytes([data[index] ^ (1 + argument % 255)]) + data[index + 1 :]
        elif kind == 2:  # insert
            data = data[:at] + INSERTS[argument % len(INSERTS)] + data[at:]
        elif kind == 3:  # duplicate a line
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            line = data[start : end if end >= 0 else len(data)]
            data = data[:start] + line + b"\n" + data[start:]
        elif kind == 4:  # retype the value on this line
            start = data.rfind(b"\n", 0, at) + 1
            equals = data.find(b"=", start)
            end = data.find(b"\n", start)
            if 0 <= equals < (end if end >= 0 else len(data)):
                value = RETYPES[argument % len(RETYPES)].encode()
                data = data[: equals + 1] + b" " + value + data[end if end >= 0 else len(data) :]
        elif kind == 5:  # delete a line
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            data = data[:start] + (data[end + 1 :] if end >= 0 else b"")
        else:  # nest deeply
            data = data[:at] + b"x = " + b"[" * (argument % 3000) + data[at:]
    return data


def check_portfolio(portfolio: velfaerd.Portfolio) -> None:
    """``check`` gives a report, and the portfolio survives ``dump`` and ``loads``."""
    report = velfaerd.check(portfolio)
    assert isinstance(report, velfaerd.Report)
    assert isinstance(report.to_dict(), dict)
    text = velfaerd.dump(portfolio)
    assert velfaerd.loads(text) == portfolio


def run_text(text: str) -> None:
    """``loads`` gives a portfolio or a LoadError; a portfolio passes check_portfolio."""
    try:
        portfolio = velfaerd.loads(text, source="fuzz.toml")
    except velfaerd.LoadError as error:
        _check_error(error)
        return
    check_portfolio(portfolio)


def _check_error(error: velfaerd.LoadError) -> None:
    problems = error.problems
    assert problems
    assert all(problem.code.startswith("LOAD") for problem in problems)
    assert str(error)


def run_bytes(data: bytes, folder: Path) -> None:
    """``load`` of the bytes in a file, and the file is not written."""
    path = folder / "fuzz.toml"
    path.write_bytes(data)
    before = path.stat().st_mtime_ns
    try:
        portfolio = velfaerd.load(path)
    except velfaerd.LoadError as error:
        _check_error(error)
    else:
        check_portfolio(portfolio)
    partial, _ = velfaerd.load_partial([path])
    assert isinstance(partial, velfaerd.Portfolio)
    assert path.read_bytes() == data
    assert path.stat().st_mtime_ns == before


def run_dict(data: Any) -> None:
    """``from_dict`` gives a portfolio or a LoadError."""
    try:
        portfolio = velfaerd.from_dict(data)
    except velfaerd.LoadError as error:
        _check_error(error)
        return
    check_portfolio(portfolio)


def run_config(data: Any) -> None:
    """A configuration table gives a Config or a ConfigError, and the Config works."""
    try:
        config = Config.from_mapping(data) if isinstance(data, dict) else Config(select=data)
    except velfaerd.ConfigError:
        return
    velfaerd.check(velfaerd.Portfolio(), config=config)


def run_config_text(text: bytes, folder: Path, name: str) -> None:
    """A configuration file gives a Config or a ConfigError."""
    path = folder / name
    path.write_bytes(text)
    message = "-"
    try:
        Config.from_file(path)
    except velfaerd.ConfigError as error:
        message = str(error)
    assert message


def run_cli(arguments: list[str], files: dict[str, bytes]) -> int:
    """Run the command line in a fresh folder; exit 0, 1 or 2, no traceback, no writes."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for file_name, data in files.items():
            (folder / file_name).write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        here = Path.cwd()
        os.chdir(folder)  # contextlib.chdir is Python 3.11's
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(arguments)
        finally:
            os.chdir(here)
        assert code in {0, 1, 2}, (code, err.getvalue())
        assert "internal error" not in err.getvalue(), err.getvalue()
        assert "Traceback" not in err.getvalue() + out.getvalue()
        for file_name, data in files.items():
            assert (folder / file_name).read_bytes() == data, file_name
        return code


# --- cache directories ------------------------------------------------------------------

#: The tree a cache target checks: a valid file, one with a finding, one that fails to load.
CACHE_TREE: dict[str, bytes] = {
    "a.toml": b'[[actors]]\nid = "byraadet"\nname = "Byr\xc3\xa5det"\nkind = "council"\n'
    b'[[actors]]\nid = "skolen"\nname = "Skolen"\nkind = "institution"\n',
    "b.toml": b'[[agreements]]\nid = "x"\ntitle = "t"\nkind = "cooperation"\n'
    b'parties = ["byraadet", "nobody"]\nstart = "januar 2015"\nend = "december 2014"\n'
    b"entered = 2014-12-01\n",
    "c.toml": b'[[actors]]\nid = "a"\nname = "unterminated\n',
}
#: A pickle that, if unpickled, would create ``pickled-ran`` in the current directory.
PICKLE = (
    b"\x80\x04\x95,\x00\x00\x00\x00\x00\x00\x00\x8c\x05posix\x94\x8c\x06system\x94\x93\x94"
    b"\x8c\x11touch pickled-ran\x94\x85\x94R\x94."
)
#: Payloads a forger might try under a genuine marker (with a MAC it cannot make).
FORGED: tuple[bytes, ...] = (
    b"T{}",
    b'T{"agreements": []}',
    b'P["t", ["l"], null]',
    b'["o", "Run", "report", ["o", "Report"], "problems", ["t"], "rules", ["t"]]',
    PICKLE,
    b"",
)
_MARKERS = (b"velfaerd-pack-1\n", b"velfaerd-run-2\n", b"velfaerd-cache-3\n")


class CacheFuzz:
    """A cache directory, attacked by operations, then a check compared with ``--no-cache``.

    The properties: the check of :data:`CACHE_TREE` with the attacked cache says what it
    says without a cache (exit code, stdout, stderr); no pickle runs; nothing outside the
    cache directory changes (the tree, a folder beside it, the targets of links).
    """

    def __init__(self, where: str | None = None) -> None:
        """Make the work folder (in ``where``, else the temporary folder); nothing else yet."""
        self.base = Path(tempfile.mkdtemp(prefix="velfaerd-cache-fuzz-", dir=where))
        self.folder = self._fresh()
        self._expected: dict[tuple[str, ...], tuple[int, str, str]] = {}
        self._genuine: dict[tuple[str, ...], dict[str, bytes]] = {}
        self._before = _snapshot(self.folder, skip=self.folder / "cache")

    def _run(self, folder: Path, arguments: list[str]) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        here = Path.cwd()
        os.chdir(folder)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["check", *arguments, "tree"])
        finally:
            os.chdir(here)
        return code, out.getvalue(), err.getvalue()

    def _fresh(self) -> Path:
        folder = Path(tempfile.mkdtemp(dir=self.base))
        (folder / "tree").mkdir()
        for name, data in CACHE_TREE.items():
            (folder / "tree" / name).write_bytes(data)
        (folder / "outside").mkdir()
        (folder / "outside" / "keep.txt").write_bytes(b"keep")
        for number in range(3):
            (folder / "outside" / f"{number:016x}-{number:064x}").write_bytes(b"x")
        os.mkfifo(folder / "outside" / "fifo")
        return folder

    def _prepare(self, flags: tuple[str, ...]) -> None:
        if flags in self._expected:
            return
        folder = self.folder
        self._expected[flags] = self._run(folder, ["--no-cache", *flags])
        self._run(folder, ["--cache-dir", "cache", *flags])
        cache = folder / "cache"
        self._genuine[flags] = {
            path.relative_to(cache).as_posix(): path.read_bytes()
            for path in sorted(cache.rglob("*"))
            if path.is_file()
        }
        shutil.rmtree(cache)

    def run(self, operations: list[tuple[int, int, int]], flags: tuple[str, ...]) -> None:
        """Attack a copy of the genuine cache of ``flags`` with ``operations``; check."""
        self._prepare(flags)
        folder = self.folder
        cache = folder / "cache"
        try:
            for name, data in self._genuine[flags].items():
                (cache / name).parent.mkdir(parents=True, exist_ok=True)
                (cache / name).write_bytes(data)
            for operation in operations:
                with contextlib.suppress(OSError):  # an attack this tree does not allow
                    _attack(folder, cache, operation)
            found = self._run(folder, ["--cache-dir", "cache", *flags])
            assert found == self._expected[flags], (operations, found)
            assert _snapshot(folder, skip=cache) == self._before, operations
        finally:
            _remove(cache)

    def close(self) -> None:
        """Remove the work folder."""
        _remove(self.base)


def _entries(cache: Path) -> list[Path]:
    found: list[Path] = []
    for where, directories, names in os.walk(cache):
        found.extend(Path(where, name) for name in [*names, *directories])
    return sorted(found)


def _replace(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    else:
        shutil.rmtree(path)


def _attack(  # noqa: C901, PLR0912, PLR0915 - one branch per attack
    folder: Path, cache: Path, operation: tuple[int, int, int]
) -> None:
    kind, position, argument = operation
    kind %= 10
    if not _real(cache) and kind != 7:
        return
    entries = _entries(cache)
    target = entries[position % len(entries)] if entries else cache / ".gitignore"
    outside = folder / "outside"
    links = (
        Path("/dev/zero"),
        outside / "fifo",
        outside,
        outside / "keep.txt",
        outside / "created",
        target,
        folder / "tree",
        Path(".."),
        Path(),
    )
    if kind in {0, 1} and target.is_file() and not target.is_symlink():
        data = target.read_bytes()
        if kind == 0 and data:  # flip a byte
            index = argument % len(data)
            data = data[:index] + bytes([data[index] ^ (1 + position % 255)]) + data[index + 1 :]
        else:  # truncate
            data = data[: argument % (len(data) + 1)]
        target.write_bytes(data)
    elif kind == 2:  # a link in an entry's place
        _replace(target)
        target.symlink_to(links[argument % len(links)])
    elif kind == 3:  # a forged entry: a genuine marker, a made-up MAC
        _replace(target)
        marker = _MARKERS[argument % len(_MARKERS)]
        forged = FORGED[position % len(FORGED)]
        target.write_bytes(marker + position.to_bytes(32, "big") + forged)
    elif kind == 4 and cache.is_dir() and not cache.is_symlink():  # runs/ somewhere else
        runs = cache / "runs"
        if runs.exists() or runs.is_symlink():
            _replace(runs)
        runs.symlink_to(outside if argument % 2 else folder / "tree")
    elif kind == 5:  # the .gitignore: a dangling link, empty, a folder, a link to the tree
        ignore = cache / ".gitignore"
        if cache.is_dir() and not cache.is_symlink():
            _replace(ignore)
            choice = argument % 4
            if choice == 0:
                ignore.symlink_to(outside / "created")
            elif choice == 1:
                ignore.write_bytes(b"")
            elif choice == 2:
                ignore.mkdir()
            else:
                ignore.symlink_to(folder / "tree" / "a.toml")
    elif kind == 6 and len(entries) > 1:  # two entries swapped
        other = entries[argument % len(entries)]
        if all(p.is_file() and not p.is_symlink() for p in (target, other)):
            first, second = target.read_bytes(), other.read_bytes()
            target.write_bytes(second)
            other.write_bytes(first)
    elif kind == 7:  # the cache directory itself a link, or not a directory
        _replace(cache)
        choice = argument % 4
        if choice == 3:
            cache.write_bytes(b"x")
        else:
            cache.symlink_to((Path(), folder / "tree", outside)[choice])
    elif kind == 8 and cache.is_dir() and not cache.is_symlink():  # random names
        name = f"{position:064x}"[-64:] if argument % 2 else f"{argument:x}"
        where = cache / ("runs" if position % 2 and _real(cache / "runs") else "") / name
        if not where.exists() and not where.is_symlink():
            if argument % 3 == 0:
                where.mkdir()
            elif argument % 3 == 1:
                os.mkfifo(where)
            else:
                where.write_bytes(bytes(range(argument % 256)))
    elif kind == 9 and target.exists() and not target.is_symlink():
        target.chmod(0)  # unreadable (not to root)


def _real(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink()


def _snapshot(folder: Path, skip: Path) -> dict[str, object]:
    """Every path under ``folder`` but ``skip``: its kind, and a file's bytes or a link's target."""
    found: dict[str, object] = {}
    for where, directories, names in os.walk(folder):
        directories[:] = [d for d in directories if Path(where, d) != skip]
        for name in [*names, *directories]:
            path = Path(where, name)
            if path == skip:
                continue
            info = path.lstat()
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = ("link", str(path.readlink()))
            elif path.is_file():
                found[key] = ("file", info.st_mode, path.read_bytes())
            else:
                found[key] = ("other", info.st_mode)
    return found


def _remove(folder: Path) -> None:
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
        return
    for where, directories, _ in os.walk(folder):
        for name in directories:
            if not Path(where, name).is_symlink():  # a link's target is not ours to change
                with contextlib.suppress(OSError):
                    Path(where, name).chmod(0o700)
    shutil.rmtree(folder, ignore_errors=True)
