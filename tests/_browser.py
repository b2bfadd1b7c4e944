"""Chromium for the tests of pages: Debian's chromium, headless, driven by selenium.

One browser serves every test of the session (starting one costs more than most
tests); each test gets it on a blank page with its console log read empty, and sets
the viewport it needs. ``.ci/run`` installs ``chromium`` and ``chromium-driver`` with
apt-get where they are missing; where they cannot be installed, the tests skip and say
exactly what is missing.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["PHONE", "chromium", "missing", "viewport"]

PHONE = 375

_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


#: Debian's package for each program the test needs, by the command it puts on PATH.
_PACKAGES = {"chromium": "chromium", "chromedriver": "chromium-driver"}


def missing(*, browser: str | None, driver: str | None) -> str | None:
    """Why the test cannot run: exactly the programs not found on PATH, or ``None``."""
    absent = [
        command
        for command, found in (("chromium", browser), ("chromedriver", driver))
        if found is None
    ]
    if not absent:
        return None
    packages = [_PACKAGES[command] for command in absent]
    commands = " and ".join(f"`{command}`" for command in absent)
    verb = "is" if len(absent) == 1 else "are"
    return (
        f"Debian's {' and '.join(packages)} {verb} not installed: no {commands} on PATH "
        f"(apt-get install {' '.join(packages)}; .ci/run does it where it can)"
    )


def chromium(profile: Path) -> Any:
    """A headless Chromium with its profile in ``profile``, its console logged; or a skip."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    browser = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    absent = missing(browser=browser, driver=driver)
    if absent is not None:
        pytest.skip(absent)
    assert browser is not None
    assert driver is not None
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (*_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=options)


def viewport(driver: Any, width: int, height: int) -> None:
    """Show pages at ``width`` × ``height`` CSS pixels, as a phone under 600."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
