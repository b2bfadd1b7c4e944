"""The API over Starlette's test client: the command line's answers, and clear errors."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from starlette.testclient import TestClient

from velfaerd.serve import _app, _work, create_app
from velfaerd.serve._openapi import example, revised_example
from velfaerd.serve._requests import FILES_KEYS, FilesRequest, Limits

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.cli.conftest import Run

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
TOML = {"content-type": "application/toml"}


def _files(*paths: Path) -> dict[str, str]:
    return {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in paths}


@pytest.mark.parametrize(
    ("flags", "options"),
    [
        ((), {}),
        (
            ("--as-of", "2013-09-01", "--lang", "da", "--select", "REV,MIL", "--ignore", "REV002"),
            {"as_of": "2013-09-01", "lang": "da", "select": ["REV", "MIL"], "ignore": ["REV002"]},
        ),
    ],
)
def test_check_answers_the_command_lines_json_byte_for_byte(
    client: TestClient, run_in_process: Run, flags: tuple[str, ...], options: dict[str, Any]
) -> None:
    names = [str(path.relative_to(ROOT)) for path in EXAMPLES]
    printed = run_in_process(
        "check", "--output-format", "json", "--no-cache", *flags, *names, cwd=ROOT
    )
    # The files in another order than the walk's: the answer does not depend on it.
    files = dict(reversed(_files(*EXAMPLES).items()))
    answered = client.post("/v1/check", json={"files": files, **options})
    assert printed.returncode == 1
    assert answered.status_code == 200
    assert answered.headers["content-type"] == "application/json"
    assert answered.content == printed.stdout.encode("utf-8")


def test_one_toml_document_is_checked_as_the_command_line_checks_it(
    client: TestClient, run_in_process: Run
) -> None:
    name = "examples/varde-partnerskab.toml"
    printed = run_in_process("check", "--output-format", "json", "--no-cache", name, cwd=ROOT)
    answered = client.post(
        f"/v1/check?name={name}", content=(ROOT / name).read_bytes(), headers=TOML
    )
    assert answered.content == printed.stdout.encode("utf-8")
    unnamed = client.post("/v1/check", content=(ROOT / name).read_bytes(), headers=TOML).json()
    assert {finding["source"] for finding in unnamed["findings"]} == {"document.toml"}


def test_files_that_do_not_load_are_load_findings_beside_the_others(
    client: TestClient, run_in_process: Run, tmp_path: Path
) -> None:
    broken = {"aftaler/udkast.toml": "[[agreements]\nid = 1\n", "aftaler/tom.toml": "titel = 2\n"}
    for name, content in broken.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    printed = run_in_process(
        "check", "--output-format", "json", "--no-cache", "aftaler", cwd=tmp_path
    )
    answered = client.post("/v1/check", json={"files": broken})
    assert answered.content == printed.stdout.encode("utf-8")
    report = answered.json()
    assert [finding["code"] for finding in report["findings"]] == ["LOAD004", "LOAD002"]
    assert report["summary"]["ok"] is False


def test_a_name_is_only_a_name(client: TestClient) -> None:
    answered = client.post("/v1/check", json={"files": {"../../etc/passwd": ""}}).json()
    assert answered["findings"] == []  # an empty file: nothing was read from /etc/passwd
    secret = client.post("/v1/check", json={"files": {"/etc/hostname": "x = "}}).json()
    assert [finding["source"] for finding in secret["findings"]] == ["/etc/hostname"]
    assert secret["findings"][0]["code"] == "LOAD002"


def test_accept_language_or_lang_chooses_danish(client: TestClient) -> None:
    files = {"files": {"a.toml": "x ="}}
    danish = client.post("/v1/check", json=files, headers={"accept-language": "da-DK,en;q=0.5"})
    assert danish.json()["lang"] == "da"
    assert danish.json()["findings"][0]["message"].startswith("ikke gyldig TOML")
    english = client.post(
        "/v1/check", json={**files, "lang": "en"}, headers={"accept-language": "da"}
    )
    assert english.json()["lang"] == "en"
    error = client.post(
        "/v1/check", json={"files": {}, "as_of": "i går"}, headers={"accept-language": "da"}
    )
    assert error.json()["error"]["message"].startswith("as_of: skal være en dato")
    shape = client.post("/v1/check", json={"files": []}, headers={"accept-language": "da"})
    assert shape.json()["error"]["message"] == "files: skal være et objekt, men er en liste"


def _error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert response.headers["content-type"] == "application/json"
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    return error


@pytest.mark.parametrize(
    ("body", "headers", "status", "code", "key"),
    [
        (b"{", {"content-type": "application/json"}, 400, "malformed", None),
        (b"\xff", {"content-type": "application/json"}, 400, "malformed", None),
        (b"x", {"content-type": "text/plain"}, 415, "unsupported-media-type", None),
        (b"x", {}, 415, "unsupported-media-type", None),
        (b"[]", {"content-type": "application/json"}, 422, "wrong-shape", None),
        (b"{}", {"content-type": "application/json"}, 422, "wrong-shape", "files"),
        (b'{"files": []}', {"content-type": "application/json"}, 422, "wrong-shape", "files"),
        (
            b'{"files": {"a": 1}}',
            {"content-type": "application/json"},
            422,
            "wrong-shape",
            'files["a"]',
        ),
        (
            b'{"files": {"a": "", "a": ""}}',
            {"content-type": "application/json"},
            422,
            "wrong-shape",
            "a",
        ),
        (
            b'{"files": {"./a": ""}}',
            {"content-type": "application/json"},
            422,
            "wrong-shape",
            'files["./a"]',
        ),
        (
            b'{"files": {"": ""}}',
            {"content-type": "application/json"},
            422,
            "wrong-shape",
            'files[""]',
        ),
        (
            b'{"files": {}, "selct": []}',
            {"content-type": "application/json"},
            422,
            "wrong-shape",
            "selct",
        ),
        (
            b'{"files": {}, "select": "REV"}',
            {"content-type": "application/json"},
            422,
            "wrong-shape",
            "select",
        ),
        (
            b'{"files": {}, "select": []}',
            {"content-type": "application/json"},
            422,
            "wrong-shape",
            "select",
        ),
        (
            b'{"files": {}, "ignore": ["NOPE1"]}',
            {"content-type": "application/json"},
            422,
            "unknown-rule",
            "ignore",
        ),
        (
            b'{"files": {}, "lang": "de"}',
            {"content-type": "application/json"},
            422,
            "wrong-shape",
            "lang",
        ),
    ],
)
def test_a_bad_request_is_a_json_error_naming_the_key(  # noqa: PLR0917 - the table's columns
    client: TestClient,
    body: bytes,
    headers: dict[str, str],
    status: int,
    code: str,
    key: str | None,
) -> None:
    answered = client.post("/v1/check", content=body, headers=headers)
    assert answered.status_code == status
    error = _error(answered)
    assert error["code"] == code
    assert error.get("key") == key
    assert error["message"]
    if key is not None and key != "a":  # a duplicate is named as the key it is
        assert error["message"].startswith(key.split("[")[0]) or repr(key) in error["message"]


def test_toml_options_are_query_parameters_checked_like_the_body(client: TestClient) -> None:
    for query, key in (
        ("?nme=a.toml", "nme"),
        ("?lang=da&lang=en", "lang"),
        ("?name=a//b.toml", 'files["a//b.toml"]'),
    ):
        error = _error(client.post(f"/v1/check{query}", content=b"", headers=TOML))
        assert error["key"] == key
    answered = client.post(
        "/v1/check?select=REV,MIL&as_of=2013-09-01&lang=da",
        content=(ROOT / "examples/varde-partnerskab.toml").read_bytes(),
        headers=TOML,
    ).json()
    assert (answered["lang"], answered["as_of"]) == ("da", "2013-09-01")
    assert {rule["code"][:3] for rule in answered["rules"] if rule["ran"]} == {"REV", "MIL"}


def test_limits_answer_413(client: TestClient) -> None:
    small = TestClient(create_app(Limits(max_body=100, max_files=2)))
    too_long = small.post("/v1/check", json={"files": {"a.toml": "x" * 200}})
    assert too_long.status_code == 413
    assert _error(too_long)["code"] == "too-large"
    too_many = small.post("/v1/check", json={"files": {"a": "", "b": "", "c": ""}})
    assert too_many.status_code == 413
    assert _error(too_many) == {
        "code": "too-many-files",
        "message": "3 files: at most 2 are checked in one request",
        "key": "files",
    }
    del client


def test_unknown_paths_methods_and_rules_are_json_errors(client: TestClient) -> None:
    missing = client.get("/v2/check")
    assert (missing.status_code, _error(missing)["code"]) == (404, "not-found")
    wrong = client.get("/v1/check")
    assert (wrong.status_code, _error(wrong)["code"]) == (405, "method-not-allowed")
    assert wrong.headers["allow"] == "POST"
    rule = client.get("/v1/rules/REV01")
    assert rule.status_code == 404
    assert _error(rule)["message"].startswith(
        "no rule with code or name 'REV01'; did you mean REV001"
    )


def test_rules_are_listed_and_explained_as_the_command_line_does(
    client: TestClient, run_in_process: Run
) -> None:
    printed = run_in_process("rules", "--output-format", "json", "--lang", "da")
    listed = client.get("/v1/rules?lang=da")
    assert listed.content == printed.stdout.encode("utf-8")
    by_name = client.get("/v1/rules/annual-review-scheduled").json()
    by_code = client.get("/v1/rules/rev001").json()
    assert by_name == by_code
    assert by_code["code"] == "REV001"
    explained = run_in_process("explain", "REV001").stdout
    assert by_code["explanation"].split() == explained.split()
    load = client.get("/v1/rules/LOAD002", headers={"accept-language": "da"}).json()
    assert (load["family"], load["severity"]) == ("LOAD", "error")
    assert "TOML" in load["explanation"]


def test_the_schema_is_the_formats(client: TestClient, run_in_process: Run) -> None:
    assert client.get("/v1/schema").content == run_in_process("schema").stdout.encode("utf-8")
    danish = client.get("/v1/schema?lang=da").json()
    assert danish["$defs"]["Milestone"]["properties"]["met_on"]["description"].startswith("hvornår")
    assert _error(client.get("/v1/schema?lang=de"))["key"] == "lang"


def test_timeline_and_calendar_are_the_commands_files(
    client: TestClient, run_in_process: Run, tmp_path: Path
) -> None:
    name = "examples/esbjerg-auraskolen.toml"
    body = {"files": _files(ROOT / name), "as_of": "2013-09-01", "lang": "da"}
    run_in_process(
        "timeline",
        str(ROOT / name),
        "-o",
        str(tmp_path / "t.html"),
        "--as-of",
        "2013-09-01",
        "--lang",
        "da",
    )
    timeline = client.post("/v1/timeline", json=body)
    assert timeline.headers["content-type"] == "text/html; charset=utf-8"
    # The same page but for the file's name, which the page does not show.
    assert timeline.content == (tmp_path / "t.html").read_bytes()
    run_in_process(
        "calendar",
        str(ROOT / name),
        "-o",
        str(tmp_path / "c.ics"),
        "--as-of",
        "2013-09-01",
        "--lang",
        "da",
    )
    calendar = client.post("/v1/calendar", json=body)
    assert calendar.headers["content-type"] == "text/calendar; charset=utf-8"
    assert calendar.content == (tmp_path / "c.ics").read_bytes()
    unknown = client.post("/v1/calendar", json={**body, "agreement": "nej"})
    assert _error(unknown)["key"] == "agreement"
    broken = client.post("/v1/timeline", json={"files": {"a.toml": "x ="}})
    assert (broken.status_code, _error(broken)["code"]) == (422, "load-failed")


def test_healthz(client: TestClient) -> None:
    for path in ("/healthz", "/v1/healthz"):
        answered = client.get(path)
        assert answered.status_code == 200
        assert answered.json()["status"] == "ok"


@pytest.fixture
def stuck(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """An endpoint whose work waits until the test lets it go (after its answer)."""
    release = threading.Event()

    def wait(request: object) -> _work.Answer:
        del request
        release.wait(timeout=30)
        return _work.json_answer({})

    endpoint = attrs.evolve(_app.ENDPOINTS[0], name="stuck", keys=FILES_KEYS, work=wait)
    monkeypatch.setattr(_app, "ENDPOINTS", (*_app.ENDPOINTS, endpoint))
    try:
        yield release
    finally:
        release.set()


def test_a_request_past_its_time_limit_is_answered_503(stuck: threading.Event) -> None:
    with TestClient(create_app(Limits(time_limit=0.05))) as client:
        answered = client.post("/v1/stuck", json={"files": {}})
        assert answered.status_code == 503
        assert answered.headers["retry-after"] == "5"
        assert _error(answered)["code"] == "timeout"
        stuck.set()
        # The service goes on answering.
        assert client.get("/healthz").status_code == 200


def test_an_unexpected_error_is_a_500_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(request: object) -> _work.Answer:
        raise ZeroDivisionError(str(request)[:0])

    endpoint = attrs.evolve(_app.ENDPOINTS[0], name="broken", work=broken)
    monkeypatch.setattr(_app, "ENDPOINTS", (*_app.ENDPOINTS, endpoint))
    with TestClient(create_app()) as client:
        answered = client.post("/v1/broken", json={"files": {}})
    assert answered.status_code == 500
    assert _error(answered) == {"code": "internal", "message": "internal error: ZeroDivisionError"}
    assert "Traceback" not in answered.text
    assert "ZeroDivisionError" in caplog.text  # the server's log has it


def test_each_request_is_one_line_of_the_access_log(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="velfaerd.serve"):
        client.get("/v1/rules/REV001?lang=da")
    (line,) = [record.getMessage() for record in caplog.records]
    assert json.dumps(line)  # one line, printable
    client_address, rest = line.split(" - - [", 1)
    assert client_address == "testclient"
    when, request = rest.split("] ", 1)
    assert when.endswith(" +0000")
    assert request.startswith('"GET /v1/rules/REV001?lang=da HTTP/1.1" 200 ')
    size, milliseconds = request.rsplit(" ", 2)[1:]
    assert int(size) > 0
    assert float(milliseconds) >= 0


def test_an_endpoint_of_its_own_keys_is_a_row_of_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As status and diff join: a row with its keys and its work, nothing else."""

    def echo(request: FilesRequest) -> _work.Answer:
        return _work.json_answer({"names": [name for name, _ in request.files], **request.extra})

    endpoint = attrs.evolve(_app.ENDPOINTS[0], name="echo", keys=(*FILES_KEYS, "within"), work=echo)
    monkeypatch.setattr(_app, "ENDPOINTS", (*_app.ENDPOINTS, endpoint))
    with TestClient(create_app()) as client:
        body = {"files": {"b.toml": "", "a.toml": ""}, "within": "60d"}
        assert client.post("/v1/echo", json=body).json() == {
            "names": ["a.toml", "b.toml"],
            "within": "60d",
        }
        query = client.post("/v1/echo?within=30d", content=b"", headers=TOML).json()
        assert query == {"names": ["document.toml"], "within": "30d"}
        assert _error(client.post("/v1/echo", json={"files": {}, "wthin": 1}))["key"] == "wthin"
        described = client.get("/openapi.json").json()
        assert described["paths"]["/v1/echo"]["post"]["operationId"] == "echo"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")


def test_status_answers_the_command_lines_json_byte_for_byte(
    client: TestClient, run_in_process: Run, tmp_path: Path
) -> None:
    files = {
        "aftaler/esbjerg.toml": revised_example(),
        "aftaler/varde.toml": (ROOT / "examples/varde-partnerskab.toml").read_text("utf-8"),
    }
    _write(tmp_path, files)
    printed = run_in_process(
        "status", "aftaler", "--as-of", "2022-02-01", "--within", "8w", "--lang", "da",
        "--output-format", "json",
    )  # fmt: skip
    body = {"files": files, "as_of": "2022-02-01", "within": "8w"}
    answered = client.post("/v1/status", json=body, headers={"accept-language": "da"})
    assert printed.returncode == 0
    assert answered.status_code == 200
    assert answered.headers["content-type"] == "application/json"
    assert answered.content == printed.stdout.encode("utf-8")
    report = answered.json()
    assert report["lang"] == "da"
    (upcoming,) = report["agreements"][0]["upcoming"]
    assert upcoming["due"]["text"] == "primo marts 2022"
    # One agreement, and the within of the command's default, as one TOML document.
    one = client.post(
        "/v1/status?as_of=2022-02-01&agreement=esb-auraskolen-2021&name=aftaler/esbjerg.toml",
        content=revised_example().encode("utf-8"),
        headers=TOML,
    ).json()
    assert (one["within"], [a["id"] for a in one["agreements"]]) == (
        "60 days",
        ["esb-auraskolen-2021"],
    )


@pytest.mark.parametrize(
    ("body", "key", "danish"),
    [
        ({}, "as_of", "nøglen 'as_of' mangler"),
        (
            {"as_of": "2022-02-01", "within": "snart"},
            "within",
            (
                "within: skal være et antal dage, uger, måneder eller år som 60d, 8w, 2m eller 1y, "
                "men er 'snart'"
            ),
        ),
        (
            {"as_of": "2022-02-01", "within": 60},
            "within",
            "within: skal være en tekst, men er et tal",
        ),
        (
            {"as_of": "2022-02-01", "agreement": "nej"},
            "agreement",
            "agreement: ingen aftale har id'et 'nej'; filernes aftaler er: esb-auraskolen-2021",
        ),
        ({"as_of": "2022-02-01", "witin": "8w"}, "witin", "ukendt nøgle 'witin'"),
    ],
)
def test_a_bad_status_request_names_its_key_in_the_requests_language(
    client: TestClient, body: dict[str, Any], key: str, danish: str
) -> None:
    files = {"a.toml": revised_example()}
    answered = client.post(
        "/v1/status", json={"files": files, **body}, headers={"accept-language": "da"}
    )
    assert answered.status_code == 422
    error = _error(answered)
    assert (error["code"], error["key"]) == ("wrong-shape", key)
    assert error["message"].startswith(danish)
    english = _error(client.post("/v1/status", json={"files": files, **body}))
    assert english["key"] == key
    assert english["message"] != error["message"]


def test_status_of_files_that_do_not_load_is_refused_as_the_command_refuses_it(
    client: TestClient,
) -> None:
    body = {"files": {"a.toml": "x ="}, "as_of": "2022-02-01", "lang": "da"}
    answered = client.post("/v1/status", json=body)
    assert (answered.status_code, _error(answered)["code"]) == (422, "load-failed")
    assert _error(answered)["message"].startswith("1 indlæsningsproblem(er): alle filer")


def test_diff_answers_the_command_lines_json_byte_for_byte(
    client: TestClient, run_in_process: Run, tmp_path: Path
) -> None:
    varde = (ROOT / "examples/varde-partnerskab.toml").read_text("utf-8")
    old = {"old/esbjerg.toml": example(), "old/varde.toml": varde}
    new = {"new/esbjerg.toml": revised_example(), "new/udkast.toml": "x ="}
    _write(tmp_path, {**old, **new})
    printed = run_in_process(
        "diff", "old", "new", "--as-of", "2022-02-01", "--lang", "da", "--output-format", "json"
    )
    body = {"old": old, "new": dict(reversed(new.items())), "as_of": "2022-02-01", "lang": "da"}
    answered = client.post("/v1/diff", json=body)
    assert printed.returncode == 1  # the revision introduces an error: the LOAD002
    assert answered.status_code == 200  # an answer all the same: summary.ok says it
    assert answered.headers["content-type"] == "application/json"
    assert answered.content == printed.stdout.encode("utf-8")
    result = answered.json()
    assert {change["change"] for change in result["changes"]} == {"changed", "removed"}
    assert [finding["code"] for finding in result["introduced"]] == ["LOAD002"]
    assert "REV003" in {finding["code"] for finding in result["resolved"]}
    assert result["summary"]["ok"] is False
    same = client.post("/v1/diff", json={"old": old, "new": old}).json()
    assert (same["changes"], same["introduced"], same["resolved"]) == ([], [], [])


@pytest.mark.parametrize(
    ("body", "headers", "status", "code", "key"),
    [
        ({"new": {}}, {}, 422, "wrong-shape", "old"),
        ({"old": {}, "new": []}, {}, 422, "wrong-shape", "new"),
        ({"old": {"a": 1}, "new": {}}, {}, 422, "wrong-shape", 'old["a"]'),
        ({"old": {}, "new": {"./a": ""}}, {}, 422, "wrong-shape", 'new["./a"]'),
        ({"old": {}, "new": {}, "files": {}}, {}, 422, "wrong-shape", "files"),
        ({"old": {}, "new": {}, "ignore": ["NOPE1"]}, {}, 422, "unknown-rule", "ignore"),
        ({"old": {}, "new": {}, "as_of": "i går"}, {}, 422, "wrong-shape", "as_of"),
        (b"x", TOML, 415, "unsupported-media-type", None),
        (b"{", {"content-type": "application/json"}, 400, "malformed", None),
    ],
)
def test_a_bad_diff_request_is_a_json_error_naming_the_key(  # noqa: PLR0917 - the table's columns
    client: TestClient,
    body: dict[str, Any] | bytes,
    headers: dict[str, str],
    status: int,
    code: str,
    key: str | None,
) -> None:
    if isinstance(body, bytes):
        answered = client.post("/v1/diff", content=body, headers=headers)
    else:
        answered = client.post("/v1/diff", json=body, headers={"accept-language": "da"})
    assert answered.status_code == status
    error = _error(answered)
    assert (error["code"], error.get("key")) == (code, key)
    if key is not None and code == "wrong-shape":
        assert key.split("[")[0] in error["message"]


def test_the_files_of_both_sides_of_a_diff_count_toward_the_limit() -> None:
    small = TestClient(create_app(Limits(max_files=2)))
    too_many = small.post("/v1/diff", json={"old": {"a": "", "b": ""}, "new": {"a": ""}})
    assert (too_many.status_code, _error(too_many)["code"]) == (413, "too-many-files")
    assert small.post("/v1/diff", json={"old": {"a": ""}, "new": {"a": ""}}).status_code == 200
