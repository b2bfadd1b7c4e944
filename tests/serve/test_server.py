"""The real server: started as a process, called over a socket, stopped by SIGTERM."""

from __future__ import annotations

import http.client
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for(process: subprocess.Popen[bytes], said: bytes, seconds: float) -> bytes:
    """What the process wrote on stderr, up to the line that has ``said`` (or fail)."""
    assert process.stderr is not None
    seen = b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stderr, selectors.EVENT_READ)
        while said not in seen:
            if not selector.select(timeout=seconds):
                pytest.fail(f"the server did not say {said!r} in {seconds} s: {seen!r}")
            line = process.stderr.readline()
            if not line:
                pytest.fail(f"the server ended: {seen!r}")
            seen += line
    return seen


def test_the_server_answers_over_a_socket_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = _free_port()
    environment = {**os.environ, "VELFAERD_LANG": "en"}
    process = subprocess.Popen(
        [sys.executable, "-m", "velfaerd", "serve", "--port", str(port), "--root-path", "/v"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        bufsize=0,  # unbuffered: a line read is all that was read, for the selector
        cwd=tmp_path,
        env=environment,
    )
    try:
        _wait_for(process, b"Uvicorn running on", 30)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        name = "varde-partnerskab.toml"
        connection.request(
            "POST",
            f"/v1/check?name={name}&as_of=2014-01-01",
            body=(ROOT / "examples" / name).read_bytes(),
            headers={"Content-Type": "application/toml", "Accept-Language": "da"},
        )
        response = connection.getresponse()
        report = json.loads(response.read())
        assert response.status == 200
        assert (report["lang"], report["as_of"]) == ("da", "2014-01-01")
        assert report["findings"][0]["code"] == "REV001"
        connection.request("GET", "/openapi.json")
        described = json.loads(connection.getresponse().read())
        assert described["servers"] == [{"url": "/v"}]  # behind a proxy at /v
        connection.close()
        # The proxy took /v off the path; the log shows the path the client asked for.
        logged = _wait_for(process, b'"GET /v/openapi.json HTTP/1.1" 200', 10)
        assert b'"POST /v/v1/check?name=varde-partnerskab.toml&as_of=2014-01-01 HTTP/1.1" 200' in (
            logged
        )
        process.send_signal(signal.SIGTERM)
        # Uvicorn stops gracefully, then ends by the signal it was sent, as a service
        # manager expects (systemd counts it a clean stop).
        assert process.wait(timeout=30) == -signal.SIGTERM
        stopped = process.stderr.read() if process.stderr is not None else b""
        assert b"Application shutdown complete" in stopped
        assert b"Traceback" not in logged + stopped
    finally:
        if process.poll() is None:  # pragma: no cover - only when the test failed
            process.kill()
            process.wait()
        assert process.stderr is not None
        process.stderr.close()
    with pytest.raises(ProcessLookupError):
        os.kill(process.pid, 0)  # nothing left of it
