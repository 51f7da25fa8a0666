"""`fotavtrykk serve` runs gunicorn with the project's config file and its own flags."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from etl import cli

#: Servers, timeouts or whole ETL runs: out of the fast loop, in make test.
pytestmark = pytest.mark.slow


def _serve_argv(monkeypatch, *flags: str) -> list[str]:
    """The command `fotavtrykk serve` would become (exec replaced by a recorder)."""
    seen: list[list[str]] = []
    monkeypatch.setattr(cli.os, "execvp", lambda _file, argv: seen.append(argv))
    cli.main(["serve", *flags])
    return seen[0]


def _effective_config(argv: list[str]) -> dict[str, str]:
    out = subprocess.run([*argv[:-1], "--print-config", argv[-1]], capture_output=True,
                         text=True, check=True, timeout=60).stdout
    pairs = (line.split("=", 1) for line in out.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def test_serve_uses_threaded_workers_with_timeouts_and_recycling(monkeypatch):
    config = _effective_config(_serve_argv(monkeypatch, "--port", "8123"))
    assert config["worker_class"] == "gthread" and int(config["threads"]) > 1
    assert config["bind"] == "['127.0.0.1:8123']"
    assert int(config["timeout"]) == 30 and int(config["graceful_timeout"]) > 0
    assert int(config["keepalive"]) > 0
    assert int(config["max_requests"]) > 0 and int(config["max_requests_jitter"]) > 0


def test_serve_flags_override_the_config_file(monkeypatch):
    config = _effective_config(_serve_argv(monkeypatch, "--timeout", "7", "--workers", "3"))
    assert config["timeout"] == "7" and config["workers"] == "3"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_served_app_answers_its_health_check(demo_store):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": demo_store.db_url}
    server = subprocess.Popen([sys.executable, "-m", "etl.cli", "serve", "--port", str(port),
                               "--workers", "1"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert server.poll() is None, "gunicorn exited"
                assert time.monotonic() < deadline, "no answer within 60 s"
                time.sleep(0.5)
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[0]
    assert "Using worker: gthread" in log
