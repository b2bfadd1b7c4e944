"""Every Python snippet of the documentation passes ``mypy --strict``, as a user's code would.

The snippets are the ```` ```python ```` and ```` ```{testcode} ```` blocks of
``README.md`` and ``docs/**/*.md``, and the ``.. code-block:: python`` blocks of the
docstrings the API page shows. (The ``>>>`` examples run as doctests, under Sphinx and
``pytest --doctest-modules``; so do the ``{testcode}`` blocks.) The
blocks of one page form one module, in their order, as a reader meets them: a later
block may use what an earlier one imported.

The project's own ``[tool.mypy]`` settings apply, but not its paths: the snippets see
velfaerd as an installed package, and nothing of the repository (no ``tests``). One mypy
run checks every page, with its cache in the temporary directory, where the next run
finds it.
"""

from __future__ import annotations

import ast
import inspect
import re
import tempfile
from pathlib import Path

import attrs
import pytest
from tests._documents import VALID

import velfaerd

ROOT = Path(__file__).resolve().parent.parent
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")
_CODE_BLOCK = re.compile(r"^(?P<indent>[ \t]*)\.\. code-block:: python[ \t]*$")
#: The fences of Python code: ``{testcode}`` is Python that Sphinx's doctest runs.
_PYTHON = {"python", "py", "{testcode}"}
_MYPY_LINE = re.compile(r"^(?P<file>[\w.]+\.py):(?P<line>\d+):(?P<rest>.*)$")


@attrs.frozen
class Snippet:
    """The code of one block, and where it starts: its first line in ``source``."""

    source: str
    line: int
    code: str


def markdown_snippets(text: str, source: str) -> list[Snippet]:
    """The fenced blocks of Python code of a Markdown page (``python``, ``{testcode}``)."""
    snippets = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        index += 1
        if opening is None:
            continue
        indent, fence = opening["indent"], opening["fence"]
        body: list[str] = []
        while index < len(lines) and not re.fullmatch(
            rf"[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*", lines[index]
        ):
            body.append(lines[index].removeprefix(indent))
            index += 1
        index += 1  # the closing fence
        if opening["info"].strip() in _PYTHON:
            first = index - len(body)  # 1-based: the line after the opening fence
            snippets.append(Snippet(source, first, "\n".join(body) + "\n"))
    return snippets


def docstring_snippets(text: str, source: str) -> list[Snippet]:
    """The ``.. code-block:: python`` blocks of a module's docstrings."""
    snippets = []
    for node in ast.walk(ast.parse(text)):
        if not isinstance(
            node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        ) or not (node.body and isinstance(node.body[0], ast.Expr)):
            continue
        constant = node.body[0].value
        if not (isinstance(constant, ast.Constant) and isinstance(constant.value, str)):
            continue
        lines = inspect.cleandoc(constant.value).splitlines()
        for number, line in enumerate(lines):
            opening = _CODE_BLOCK.match(line)
            if opening is None:
                continue
            body = []
            for following in lines[number + 1 :]:
                if following.strip() and len(following) - len(following.lstrip()) <= len(
                    opening["indent"]
                ):
                    break
                body.append(following)
            code = inspect.cleandoc("\n".join(body))
            # The docstring's first line is the line of its opening quotes.
            snippets.append(Snippet(source, constant.lineno + number + 1, code + "\n"))
    return snippets


def documented_snippets() -> dict[str, list[Snippet]]:
    """Every page's snippets, by the page's path (relative to the repository)."""
    pages = [
        ROOT / "README.md",
        *sorted(
            path
            for path in (ROOT / "docs").rglob("*.md")
            if not {"_build", "_generated"} & set(path.relative_to(ROOT / "docs").parts)
        ),
    ]
    found: dict[str, list[Snippet]] = {}
    for page in pages:
        name = page.relative_to(ROOT).as_posix()
        found[name] = markdown_snippets(page.read_text(encoding="utf-8"), name)
    for module in sorted((ROOT / "src").rglob("*.py")):
        name = module.relative_to(ROOT).as_posix()
        found[name] = docstring_snippets(module.read_text(encoding="utf-8"), name)
    return {name: snippets for name, snippets in found.items() if snippets}


def _module_name(source: str) -> str:
    return "snippets_of_" + re.sub(r"\W", "_", source) + ".py"


def _write_modules(folder: Path) -> dict[tuple[str, int], tuple[str, int]]:
    """Write each page's snippets as one module; map its lines back to the page's."""
    where: dict[tuple[str, int], tuple[str, int]] = {}
    for source, snippets in documented_snippets().items():
        name = _module_name(source)
        lines: list[str] = []
        for snippet in snippets:
            for offset, line in enumerate(snippet.code.splitlines()):
                lines.append(line)
                where[name, len(lines)] = (source, snippet.line + offset)
            lines.append("")
        (folder / name).write_text("\n".join(lines), encoding="utf-8")
    return where


def _readable(report: str, where: dict[tuple[str, int], tuple[str, int]]) -> str:
    """Mypy's report with each line named by the page and line it comes from."""
    shown = []
    for line in report.splitlines():
        found = _MYPY_LINE.match(line)
        place = where.get((found["file"], int(found["line"]))) if found else None
        if found is not None and place is not None:
            line = f"{place[0]}:{place[1]}:{found['rest']}"  # noqa: PLW2901 - the same line, renamed
        shown.append(line)
    return "\n".join(shown)


def test_markdown_snippets_are_the_python_blocks_in_their_place() -> None:
    page = "text\n\n```python\nx = 1\n```\n\n  ```py\n  y = 2\n  ```\n\n```toml\nz = 3\n```\n"
    assert markdown_snippets(page, "p.md") == [
        Snippet("p.md", 4, "x = 1\n"),
        Snippet("p.md", 8, "y = 2\n"),
    ]


def test_docstring_snippets_are_the_code_blocks_in_their_place() -> None:
    module = '"""Title.\n\n.. code-block:: python\n\n    import velfaerd\n\nAfter.\n"""\n'
    assert docstring_snippets(module, "m.py") == [Snippet("m.py", 4, "import velfaerd\n")]


def test_the_documentation_has_snippets_to_check() -> None:
    pages = documented_snippets()
    assert {"README.md", "docs/testing.md", "src/velfaerd/rules/__init__.py"} <= set(pages)
    assert any("TomlValidator" in snippet.code for snippet in pages["docs/cli.md"])


def test_every_documented_snippet_passes_mypy_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mypy = pytest.importorskip("mypy.api", reason="mypy is in the test dependency group")
    where = _write_modules(tmp_path)
    cache = Path(tempfile.gettempdir()) / "velfaerd-snippets-mypy-cache"
    # The project's settings; its relative paths (mypy_path) resolve in the snippets'
    # directory, so the repository's own packages stay out of reach, as for a user.
    monkeypatch.chdir(tmp_path)
    stdout, stderr, status = mypy.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--strict",
            "--cache-dir",
            str(cache),
            "--no-error-summary",
            "--hide-error-context",
            *sorted({name for name, _ in where}),
        ]
    )
    assert status == 0, _readable(stdout + stderr, where)


# Issue 14 (items 27, 28, 30): what a new user meets first.
def test_the_readme_sample_message_is_the_real_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    text = VALID.replace('parties = ["byraadet", "auraskolen"]', 'parties = ["byraadet"]', 1)
    report = velfaerd.check(velfaerd.loads(text))
    (finding,) = [f for f in report.findings if f.code == "AGR002"]
    assert f"AGR002 [error] {finding.message}" in readme


# Issue 14 (items 27, 28, 30): what a new user meets first.
# The tutorial has none: it shows its files and outputs inline (tests/test_docs_tutorial.py).
@pytest.mark.parametrize("page", ["dates", "cli", "api"])
def test_pages_with_generated_parts_say_where_the_built_page_is(page: str) -> None:
    text = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
    head = "\n".join(text.splitlines()[:8])
    assert "Reading this on GitHub?" in head
    assert f"docs/_build/html/{page}.html" in head
