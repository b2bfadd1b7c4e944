"""Shared fixtures, and the hypothesis profiles the suite runs under.

Two profiles (``docs/testing.md`` and the README say how to choose one):

``ci``
    The default, loaded here, so that ``python -m pytest`` and ``.ci/run`` give the same
    verdict on every run: examples come from a fixed seed (``derandomize``), no example
    database carries anything from one run to the next, and no test has a deadline
    that a busy machine could miss.
``long``
    ``python -m pytest --hypothesis-profile=long``: random seeds, forty times the
    examples, and the local example database, so that a failure found once is tried
    first the next time. Run it by hand; it is how new counterexamples are found.
"""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, settings
from tests._documents import VALID
from tests._hypothesis import CI_EXAMPLES, NOMINAL_EXAMPLES

import velfaerd

if TYPE_CHECKING:
    from collections.abc import Iterator


settings.register_profile(
    "ci",
    max_examples=CI_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
)
settings.register_profile(
    "long",
    max_examples=NOMINAL_EXAMPLES * 40,
    derandomize=False,
    deadline=None,
    print_blob=True,
    # Forty times the examples makes generating them slower than hypothesis expects.
    suppress_health_check=[HealthCheck.too_slow],
)
# ``--hypothesis-profile`` (read after this file is imported) overrides this default.
settings.load_profile("ci")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Collect garbage less often while the tests run.

    The suite's process holds every collected test, fixture and hypothesis strategy,
    and the tests allocate millions of short-lived objects: at Python's default of a
    collection every 700 allocations, the collector ran 5,000 times a run and took 3 s
    of the suite's CPU; at every 10,000, 800 times and 1.7 s. velfaerd's own
    pausing of the collector (``velfaerd._gc``) works the same under any threshold.
    """
    del session
    gc.set_threshold(10_000, 20, 20)


@pytest.fixture(autouse=True)
def _english_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line run in-process speaks English, whatever the machine's locale."""
    for name in ("VELFAERD_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def valid_text() -> str:
    """The TOML text of a small portfolio that every rule accepts."""
    return VALID


@pytest.fixture(scope="session")
def valid(valid_text: str) -> velfaerd.Portfolio:
    """The baseline portfolio, loaded."""
    return velfaerd.loads(valid_text, source="valid.toml")


@pytest.fixture(scope="session", autouse=True)
def _cache_outside_the_tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """``velfaerd check`` keeps its cache, and its key, in temporary directories.

    Not where it runs, and not in the user's cache directory (``$XDG_CACHE_HOME``).
    """
    names = ("VELFAERD_CACHE_DIR", "XDG_CACHE_HOME")
    before = {name: os.environ.get(name) for name in names}
    os.environ["VELFAERD_CACHE_DIR"] = str(tmp_path_factory.mktemp("velfaerd_cache"))
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg_cache"))
    yield
    for name, value in before.items():
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def _chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for the session's tests of pages (``tests/_browser.py``)."""
    from tests._browser import chromium  # noqa: PLC0415 - selenium only where a page is tested

    driver = chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(_chromium: Any) -> Any:
    """The session's Chromium on a blank page, its console log read empty."""
    _chromium.get("about:blank")
    _chromium.get_log("browser")
    return _chromium
