"""Sphinx configuration for velfaerd's documentation.

Build it from the repository root::

    python -m sphinx -W --keep-going -b html docs docs/_build/html
    python -m sphinx -W --keep-going -b doctest docs docs/_build/doctest

The rule reference, the table of date forms and the outputs shown on the CLI and
examples pages are generated at build time by ``docs/_ext/velfaerd_docs.py`` into
``docs/_generated/`` (never hand-copied), and included from the pages. The tutorials
show their files and outputs inline, so that they read on GitHub too;
``tests/test_docs_tutorial.py`` keeps them equal to the real ones.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent

# The local extension; velfaerd itself comes from the environment (pip install -e .),
# with the source tree as a fallback so that a plain checkout builds too.
sys.path.insert(0, str(DOCS / "_ext"))
try:
    import velfaerd
except ImportError:  # pragma: no cover - only without an installed velfaerd
    sys.path.insert(0, str(ROOT / "src"))
    import velfaerd

project = "velfaerd"
author = "The velfaerd developers"
copyright = "the velfaerd developers"
release = velfaerd.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "velfaerd_docs",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
# _generated/ holds pages included from others; tutorial/ holds the tutorial's files.
exclude_patterns = ["_build", "_generated", "tutorial", "Thumbs.db", ".DS_Store"]
language = "en"

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# The build machine has no network: no intersphinx inventories are fetched.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}

# Every {doctest} and {testcode} block of the pages, and every ">>>" example in the
# docstrings autodoc pulls in, runs with `-b doctest`. A docstring's examples use the
# names of its own module, as under `pytest --doctest-modules`: the star imports give
# them those names (each module's __all__).
doctest_global_setup = f"""
import datetime
import datetime as dt
import pathlib
import velfaerd
from velfaerd import *
from velfaerd.dates import *
from velfaerd.model import *
from velfaerd.config import *
from velfaerd.report import *
from velfaerd.errors import *
from velfaerd.i18n import *
from velfaerd.format._loading import *
from velfaerd.rules import *
from velfaerd.strategies import *
from velfaerd.graph import *
from velfaerd.amounts import *
from velfaerd.schema import *
ROOT = pathlib.Path({str(ROOT)!r})
"""

html_theme = "furo"
html_title = f"velfaerd {release}"
html_static_path: list[str] = []
