"""``velfaerd serve`` under load: concurrent clients checking the five examples (run by hand).

    python benchmarks/bench_serve.py [--clients 20] [--seconds 60] [--workers 2]
    python benchmarks/bench_serve.py --url http://127.0.0.1:8000   # a server already running

Starts ``python -m velfaerd serve`` (unless ``--url`` is given), then a small asyncio
client (``httpx2``, installed with the test dependencies): ``--clients`` clients, each
sending the five documents of ``examples/`` in turn as ``POST /v1/check`` with
``application/toml``, one request after the other, for ``--seconds``; then one client
alone for ``--single-seconds``. It prints requests per second, the latency's p50, p95
and p99 (over every example, and per example), the errors (any answer but 200), and
the resident memory of the server's processes after the first 100 requests and after
the run. The server it started is stopped with SIGTERM. Timings on a busy machine are
noisy: the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx2

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _tree(pid: int) -> list[int]:
    """The process and its descendants (Linux /proc)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split()
        for child in children:
            found.extend(_tree(int(child)))
    return found


def _rss(pid: int) -> int:
    """The resident memory of the process and its descendants, in KiB."""
    total = 0
    for each in _tree(pid):
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class _Load:
    def __init__(self, url: str, server: int | None) -> None:
        self.url = url
        self.server = server
        self.latencies: dict[str, list[float]] = {path.name: [] for path in EXAMPLES}
        self.errors: list[str] = []
        self.done = 0
        self.rss_after_100: int | None = None
        self.bodies = {path.name: path.read_bytes() for path in EXAMPLES}

    async def client(self, number: int, until: float) -> None:
        async with httpx2.AsyncClient(base_url=self.url, timeout=30) as client:
            turn = number
            while time.monotonic() < until:
                name = EXAMPLES[turn % len(EXAMPLES)].name
                turn += 1
                started = time.perf_counter()
                try:
                    answer = await client.post(
                        f"/v1/check?name={name}",
                        content=self.bodies[name],
                        headers={"content-type": "application/toml"},
                    )
                except httpx2.HTTPError as error:
                    self.errors.append(f"{type(error).__name__}: {error}")
                    continue
                self.latencies[name].append(time.perf_counter() - started)
                if answer.status_code != 200:
                    self.errors.append(f"{answer.status_code}: {answer.text[:200]}")
                self.done += 1
                if self.done == 100 and self.server is not None:
                    self.rss_after_100 = _rss(self.server)


async def _run(url: str, server: int | None, clients: int, seconds: float) -> _Load:
    load = _Load(url, server)
    until = time.monotonic() + seconds
    await asyncio.gather(*(load.client(number, until) for number in range(clients)))
    return load


def _report(title: str, load: _Load, seconds: float) -> None:
    every = [value for values in load.latencies.values() for value in values]
    print(f"\n{title}")
    print(f"  requests: {len(every)} in {seconds:.0f} s = {len(every) / seconds:.1f}/s")
    print(f"  errors: {len(load.errors)} {load.errors[:3]}")
    for name, values in [("all", every), *load.latencies.items()]:
        if values:
            print(
                f"  {name:45} p50 {_quantile(values, 0.5) * 1000:6.1f} ms  "
                f"p95 {_quantile(values, 0.95) * 1000:6.1f} ms  "
                f"p99 {_quantile(values, 0.99) * 1000:6.1f} ms  "
                f"mean {statistics.fmean(values) * 1000:6.1f} ms"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--single-seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--url", help="a server already running (its memory is not measured)")
    args = parser.parse_args()
    process = None
    url = args.url
    if url is None:
        port = _free_port()
        process = subprocess.Popen(  # noqa: S603 - this interpreter, velfaerd's own command
            [
                sys.executable,
                "-m",
                "velfaerd",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            stderr=subprocess.PIPE,
        )
        log = process.stderr
        if log is None:
            message = "no pipe from the server"
            raise SystemExit(message)
        while b"Uvicorn running on" not in log.readline():
            pass
        # The access log is read and dropped, so that the pipe never fills.
        threading.Thread(target=lambda: all(log), daemon=True).start()
        url = f"http://127.0.0.1:{port}"
    try:
        server = process.pid if process is not None else None
        print(f"velfaerd serve at {url}, {args.workers} workers; load average {os.getloadavg()}")
        many = asyncio.run(_run(url, server, args.clients, args.seconds))
        rss_end = _rss(server) if server is not None else None
        _report(f"{args.clients} clients for {args.seconds:.0f} s", many, args.seconds)
        if server is not None:
            print(
                f"  server RSS: {many.rss_after_100} KiB after 100 requests, {rss_end} KiB "
                f"after the run ({rss_end / (many.rss_after_100 or 1):.2f}x)"
            )
        one = asyncio.run(_run(url, None, 1, args.single_seconds))
        _report(f"1 client for {args.single_seconds:.0f} s", one, args.single_seconds)
        print(f"load average {os.getloadavg()}")
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


if __name__ == "__main__":
    main()
