"""The timeline in a real browser: Debian's chromium, headless, driven by selenium.

``.ci/run`` installs ``chromium`` and ``chromium-driver`` with apt-get where they are
missing; where they cannot be installed, this test skips and says why.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

import pytest
from tests._browser import PHONE, missing, viewport
from tests.pictures._documents import EXAMPLES

import velfaerd

if TYPE_CHECKING:
    from pathlib import Path

    from tests.cli.conftest import Run


# What the page shows at the viewport's width: titles not visible, elements past its edges.
_INSPECT = """
const width = window.innerWidth;
const hidden = [];
for (const title of document.querySelectorAll('.milestone .title')) {
  const box = title.getBoundingClientRect();
  const style = getComputedStyle(title);
  if (box.width === 0 || box.height === 0 || style.visibility !== 'visible'
      || style.display === 'none' || box.left < 0 || box.right > width + 0.5) {
    hidden.push(title.textContent);
  }
}
const overflowing = [];
for (const element of document.body.querySelectorAll('*')) {
  const box = element.getBoundingClientRect();
  if (box.width > 0 && (box.left < -0.5 || box.right > width + 0.5)) {
    overflowing.push(element.tagName + '.' + element.className + ' ' + box.left + '-' + box.right);
  }
}
return {
  width: width,
  scrollWidth: document.documentElement.scrollWidth,
  height: document.documentElement.scrollHeight,
  titles: [...document.querySelectorAll('.milestone .title')].map(t => t.textContent),
  hidden: hidden,
  overflowing: overflowing,
  resources: performance.getEntriesByType('resource').map(r => r.name),
};
"""


@pytest.mark.parametrize(
    ("browser", "driver", "said"),
    [
        (
            None,
            "/usr/bin/chromedriver",
            (
                "Debian's chromium is not installed: no `chromium` on PATH "
                "(apt-get install chromium;"
            ),
        ),
        (
            "/usr/bin/chromium",
            None,
            (
                "Debian's chromium-driver is not installed: no `chromedriver` on PATH "
                "(apt-get install chromium-driver;"
            ),
        ),
        (
            None,
            None,
            (
                "Debian's chromium and chromium-driver are not installed: no `chromium` and "
                "`chromedriver` on PATH (apt-get install chromium chromium-driver;"
            ),
        ),
    ],
)
def test_the_skip_message_names_exactly_what_ismissing(
    browser: str | None, driver: str | None, said: str
) -> None:
    message = missing(browser=browser, driver=driver)
    assert message is not None
    assert message.startswith(said)


def test_nothing_is_missing_when_both_are_found() -> None:
    assert missing(browser="/usr/bin/chromium", driver="/usr/bin/chromedriver") is None


def test_the_timeline_in_chromium_on_a_phone(
    run_in_process: Run,
    tmp_path: Path,
    browser: Any,
) -> None:
    page = tmp_path / "timeline.html"
    args = ("timeline", str(EXAMPLES), "-o", str(page), "--as-of", "2013-09-01", "--lang", "da")
    assert run_in_process(*args).returncode == 0
    viewport(browser, PHONE, 800)
    browser.get(page.as_uri())
    seen = browser.execute_script(_INSPECT)
    errors = [e for e in browser.get_log("browser") if e["level"] in {"SEVERE", "WARNING"}]
    assert errors == []
    assert seen["resources"] == []  # nothing fetched: no font, script or image
    assert seen["width"] == PHONE
    titles = [m.title for _, m in velfaerd.load(EXAMPLES).iter_milestones()]
    assert seen["titles"] == titles
    assert seen["hidden"] == []
    assert seen["scrollWidth"] <= PHONE
    assert seen["overflowing"] == []
    viewport(browser, PHONE, min(seen["height"], 4000))
    screenshot = tmp_path / "timeline-375.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # It prints: Chromium makes a PDF of it (A4 landscape, from the page's @page rule).
    pdf = base64.b64decode(browser.print_page())
    assert pdf.startswith(b"%PDF-")
