"""The status page in a real browser, as the timeline is (``tests/pictures/test_browser.py``).

At 375 px (a phone) and 1400 px: nothing fetched, no console error, every agreement's
title shown within the width, nothing wider than the page; and it prints (A4).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from tests._browser import PHONE, viewport
from tests.pictures._documents import EXAMPLES

import velfaerd

if TYPE_CHECKING:
    from pathlib import Path

    from tests.cli.conftest import Run

WIDE = 1400

_INSPECT = """
const width = window.innerWidth;
const hidden = [];
for (const title of document.querySelectorAll('section h2')) {
  const box = title.getBoundingClientRect();
  if (box.width === 0 || box.height === 0 || box.left < 0 || box.right > width + 0.5) {
    hidden.push(title.textContent);
  }
}
const overflowing = [];
for (const element of document.body.querySelectorAll('*')) {
  const box = element.getBoundingClientRect();
  if (box.width > 0 && (box.left < -0.5 || box.right > width + 0.5)) {
    overflowing.push(element.tagName + '.' + element.className);
  }
}
return {
  width: width,
  scrollWidth: document.documentElement.scrollWidth,
  height: document.documentElement.scrollHeight,
  titles: [...document.querySelectorAll('section h2')].map(t => t.textContent),
  hidden: hidden,
  overflowing: overflowing,
  columns: getComputedStyle(document.querySelector('.lists')).gridTemplateColumns.split(' ').length,
  resources: performance.getEntriesByType('resource').map(r => r.name),
};
"""


def test_the_status_page_in_chromium_on_a_phone_and_a_wide_screen(
    run_in_process: Run, tmp_path: Path, browser: Any
) -> None:
    page = tmp_path / "status.html"
    args = ("status", str(EXAMPLES), "--as-of", "2013-09-01", "--lang", "da")
    assert run_in_process(*args, "--output-format", "html", "-o", str(page)).returncode == 0
    titles = [a.title for a in velfaerd.load(EXAMPLES).agreements]
    columns = {}
    for width in (PHONE, WIDE):
        viewport(browser, width, 900)
        browser.get(page.as_uri())
        seen = browser.execute_script(_INSPECT)
        assert [e for e in browser.get_log("browser") if e["level"] in {"SEVERE", "WARNING"}] == []
        assert seen["resources"] == []
        assert seen["width"] == width
        assert seen["titles"] == titles
        assert seen["hidden"] == []
        assert seen["scrollWidth"] <= width
        assert seen["overflowing"] == []
        columns[width] = seen["columns"]
    # A column on the phone; the lists side by side on the wide screen.
    assert columns[PHONE] == 1
    assert columns[WIDE] > 1
    pdf = base64.b64decode(browser.print_page())
    assert pdf.startswith(b"%PDF-")
