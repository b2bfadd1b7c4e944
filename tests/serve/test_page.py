"""The page for people: its form, its answer, and in headless Chromium at a phone's width."""

from __future__ import annotations

import datetime as dt
import socket
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from tests._browser import PHONE, viewport

import velfaerd
from velfaerd.serve import create_app

if TYPE_CHECKING:
    from collections.abc import Iterator

    from starlette.testclient import TestClient

ROOT = Path(__file__).parent.parent.parent
EXAMPLE = ROOT / "examples" / "esbjerg-auraskolen.toml"


def test_the_form_needs_no_script_and_fetches_nothing(client: TestClient) -> None:
    page = client.get("/", headers={"accept-language": "da"})
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert '<html lang="da">' in page.text
    assert 'enctype="multipart/form-data"' in page.text
    assert "<script" not in page.text
    assert "http://" not in page.text
    assert "https://" not in page.text


def test_an_upload_shows_the_findings_by_file_with_their_explanations(
    client: TestClient,
) -> None:
    data = EXAMPLE.read_bytes()
    answered = client.post(
        "/",
        files=[("files", (EXAMPLE.name, data, "application/toml"))],
        data={"lang": "da", "as_of": "2021-06-01", "text": "", "name": "document.toml"},
    )
    assert answered.status_code == 200
    page = answered.text
    report = velfaerd.check(
        velfaerd.loads(data.decode(), source=EXAMPLE.name),
        velfaerd.Config(lang="da"),
        as_of=dt.date(2021, 6, 1),
    )
    assert f"<h3>{EXAMPLE.name}</h3>" in page
    assert page.count('<li class="') == len(report.findings)
    for finding in report.findings:
        assert f'<span class="code">{finding.code}</span>' in page
    assert page.count("<details>") == len(report.findings)
    assert "Hvad COV002 kontrollerer" in page
    assert '<iframe title="Tidslinje" sandbox srcdoc="' in page
    assert 'value="2021-06-01"' in page  # the form again, as it was filled in


def test_pasted_text_is_a_file_of_the_name_given(client: TestClient) -> None:
    answered = client.post(
        "/",
        files=[("files", ("", b"", "application/octet-stream"))],
        data={"text": "x =", "name": "udkast.toml", "lang": "en"},
    )
    assert answered.status_code == 200
    assert "<h3>udkast.toml</h3>" in answered.text
    assert "LOAD002" in answered.text
    assert "The timeline is drawn when every file loads." in answered.text


def test_nothing_sent_is_said_on_the_page(client: TestClient) -> None:
    answered = client.post("/", data={"text": " ", "lang": "da"})
    assert answered.status_code == 422
    assert "Vælg en fil, eller indsæt et dokument." in answered.text
    wrong = client.post("/", content=b"{}", headers={"content-type": "application/json"})
    assert wrong.status_code == 415
    assert "<form" in wrong.text


@pytest.fixture
def served() -> Iterator[str]:
    """The application served by Uvicorn in a thread, on a port of its own: its address."""
    import uvicorn  # noqa: PLC0415 - the extra

    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen()  # connections wait for the server, whenever it is ready
    server = uvicorn.Server(uvicorn.Config(create_app(), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]})
    thread.start()
    try:
        yield f"http://127.0.0.1:{listening.getsockname()[1]}/"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listening.close()


_INSPECT = """
const width = window.innerWidth;
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
  files: [...document.querySelectorAll('section.file h3')].map(h => h.textContent),
  codes: [...document.querySelectorAll('ul.findings .code')].map(c => c.textContent),
  overflowing: overflowing,
  resources: performance.getEntriesByType('resource').map(r => r.name),
  fontSize: parseFloat(getComputedStyle(document.body).fontSize),
};
"""


def test_the_page_in_chromium_on_a_phone(served: str, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By  # noqa: PLC0415 - the test's extra
    from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

    viewport(browser, PHONE, 800)
    browser.get(served + "?lang=da")
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(EXAMPLE))
    day = browser.find_element(By.CSS_SELECTOR, "input[name=as_of]")
    browser.execute_script("arguments[0].value = '2021-06-01'", day)  # whatever the locale
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda driver: driver.find_elements(By.ID, "findings"))
    seen = browser.execute_script(_INSPECT)
    report = velfaerd.check(velfaerd.load(EXAMPLE), as_of=dt.date(2021, 6, 1))
    assert seen["files"] == [EXAMPLE.name]
    assert sorted(seen["codes"]) == sorted(finding.code for finding in report.findings)
    explanation = browser.find_element(By.CSS_SELECTOR, "details pre")
    assert not explanation.is_displayed()
    browser.find_element(By.CSS_SELECTOR, "details summary").click()  # one click away
    assert explanation.is_displayed()
    assert "COV002" in explanation.text
    frame = browser.find_element(By.CSS_SELECTOR, "iframe")
    browser.switch_to.frame(frame)
    assert browser.find_elements(By.CSS_SELECTOR, ".milestone .title")
    browser.switch_to.default_content()
    errors = [e for e in browser.get_log("browser") if e["level"] in {"SEVERE", "WARNING"}]
    assert errors == []
    assert seen["resources"] == []  # nothing fetched: no font, script or image
    assert seen["width"] == PHONE
    assert seen["overflowing"] == []
    assert seen["scrollWidth"] <= PHONE
    assert seen["fontSize"] >= 16  # readable on a phone without zooming
    screenshot = tmp_path / "page-375.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
