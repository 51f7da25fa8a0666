"""A small HTTP/1.1 load generator: N keep-alive connections in one asyncio loop, each
sending its next request as soon as the previous answer is read (a closed loop, as wrk
does). Lean on purpose: the client shares the machine with the server it measures, so
every microsecond it spends is one the server does not get.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field


@dataclass
class Request:
    path: str
    method: str = "GET"
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = (("Accept-Encoding", "gzip"),)

    def raw(self, host: str) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}",
                 "Connection: keep-alive", *(f"{k}: {v}" for k, v in self.headers)]
        if self.method == "POST":
            lines += ["Content-Type: application/json", f"Content-Length: {len(self.body)}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + self.body


def post_json(path: str, body: dict) -> Request:
    return Request(path, "POST", json.dumps(body).encode())


@dataclass
class Result:
    """What one run saw: latencies (s), errors, and the seconds answers finished in."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    finished_at: list[float] = field(default_factory=list)  # relative to the start

    def summary(self) -> dict:
        lat = sorted(self.latencies)
        n = len(lat)

        def pct(q: float) -> float:
            return round(lat[min(n - 1, int(q * n))] * 1000, 1) if n else 0.0

        return {"requests": n, "rps": round(n / self.seconds, 1) if self.seconds else 0.0,
                "p50_ms": pct(0.50), "p99_ms": pct(0.99), "errors": self.errors,
                "statuses": {str(k): v for k, v in sorted(self.statuses.items())}}


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, int]:
    """Read one answer whole; (status, body bytes). Chunked bodies are read too."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in
               (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        size = int(headers["content-length"])
        await reader.readexactly(size)
        return status, size
    if headers.get("transfer-encoding", "").lower() == "chunked":
        size = 0
        while True:
            n = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(n + 2)
            size += n
            if n == 0:
                return status, size
    return status, 0


async def _connection(host: str, port: int, requests: list[Request], until: float,
                      started: float, result: Result, timeout: float, offset: int) -> None:
    raws = [r.raw(f"{host}:{port}") for r in requests]
    i = offset
    reader = writer = None
    while time.monotonic() < until:
        if writer is None:
            try:
                reader, writer = await asyncio.open_connection(host, port)
            except OSError:
                result.errors += 1
                await asyncio.sleep(0.05)
                continue
        sent = time.monotonic()
        try:
            writer.write(raws[i % len(raws)])
            status, _ = await asyncio.wait_for(_read_answer(reader), timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError,
                asyncio.LimitOverrunError, ValueError):
            result.errors += 1
            writer.close()
            reader = writer = None
            continue
        done = time.monotonic()
        i += 1
        result.statuses[status] = result.statuses.get(status, 0) + 1
        if status >= 500:
            result.errors += 1
        result.latencies.append(done - sent)
        result.finished_at.append(done - started)
    if writer is not None:
        writer.close()


async def _run(host, port, requests, connections, seconds, timeout) -> Result:
    result = Result()
    started = time.monotonic()
    until = started + seconds
    await asyncio.gather(*(_connection(host, port, requests, until, started, result,
                                       timeout, offset=c) for c in range(connections)))
    result.seconds = time.monotonic() - started
    return result


def run(port: int, requests: list[Request], connections: int = 20, seconds: float = 10.0,
        host: str = "127.0.0.1", timeout: float = 10.0) -> Result:
    """Send `requests` in turn over `connections` connections for `seconds`."""
    return asyncio.run(_run(host, port, requests, connections, seconds, timeout))


def per_second(result: Result) -> list[int]:
    """Answers finished in each whole second of the run."""
    counts = [0] * (int(result.seconds) + 1)
    for t in result.finished_at:
        counts[min(int(t), len(counts) - 1)] += 1
    return counts
