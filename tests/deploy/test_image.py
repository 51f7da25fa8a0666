"""The image, built and run for real: the ETL publishes from it into PostgreSQL, and its web
tier, logged in as the read-only role, is ready, serves the map and passes its health check.

Slow (a few minutes: the base is cached under build/podman/, the image is rebuilt from
cached layers). Needs Podman, runc and debootstrap (`apt-get install podman runc
debootstrap`); skipped where they are missing, except in CI, where .ci/run installs them.
"""

from __future__ import annotations

import json
import os
import socket
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import REQUIRE_SERVICES
from tests.deploy.podman import Podman, missing_tools

REPO = Path(__file__).resolve().parents[2]
TAG = "localhost/fotavtrykk:test"
#: The non-root user the image runs as (Dockerfile).
IMAGE_UID = 10001

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture(scope="module")
def image():
    """The project's image, built on the local Debian base; measurements in the result."""
    missing = missing_tools()
    if missing:
        if REQUIRE_SERVICES:
            pytest.fail(f"CI must run the image test, but {', '.join(missing)} missing")
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install podman runc "
                    "debootstrap)")
    podman = Podman(REPO / "build" / "podman")
    base_s = podman.ensure_base()
    build_s = podman.build(REPO, TAG)
    podman.prune()
    measured = {"base_s": round(base_s, 1), "build_s": round(build_s, 1),
                "image_mb": round(podman.image_size(TAG) / 1e6)}
    print(f"\nimage: {json.dumps(measured)}")
    (REPO / "build" / "podman" / "measured.json").write_text(json.dumps(measured) + "\n")
    return podman


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _wait_ready(podman: Podman, name: str, url: str, limit_s: float = 120) -> tuple[int, str]:
    deadline = time.monotonic() + limit_s
    while True:
        try:
            status, body = _get(url)
            if status == 200 or time.monotonic() > deadline:
                return status, body
        except OSError:
            state = podman.run("inspect", "--format", "{{.State.Running}}", name).stdout
            logs = podman.run("logs", name, check=False)
            assert state.strip() == "true", f"web tier exited:\n{logs.stdout}{logs.stderr}"
            assert time.monotonic() < deadline, f"no answer:\n{logs.stdout}{logs.stderr}"
        time.sleep(1)


def test_image_publishes_and_serves_as_the_read_only_role(image, postgres_url, tmp_path):
    podman = image
    data = tmp_path / "data"
    data.mkdir()
    os.chown(data, IMAGE_UID, IMAGE_UID)  # the image's user owns its volume
    run = ("run", "--rm", "--network", "host", "-v", f"{data}:/data",
           "-e", f"DATABASE_URL={postgres_url}", TAG)

    podman.run(*run, "fotavtrykk", "demo-data", "--rows", "5000")
    etl = podman.run(*run, "fotavtrykk", "etl", "run", timeout=900)
    assert "succeeded" in etl.stdout, etl.stdout + etl.stderr
    role = f"web_{uuid.uuid4().hex[:10]}"
    podman.run(*run, "fotavtrykk", "db", "create-reader", role)
    assert (data / "archive").is_dir() and not any((data / "inbox").glob("*.csv"))

    port, name = _free_port(), f"fotavtrykk-web-{uuid.uuid4().hex[:8]}"
    reader_url = make_url(postgres_url).set(username=role).render_as_string(False)
    try:
        # the image's own command and health check; no data volume: the web tier needs none
        podman.run("run", "-d", "--name", name, "--network", "host",
                   "-e", f"DATABASE_URL={reader_url}", "-e", "FOTAVTRYKK_HOST=127.0.0.1",
                   "-e", f"FOTAVTRYKK_PORT={port}", "-e", "WEB_CONCURRENCY=1", TAG)
        status, body = _wait_ready(podman, name, f"http://127.0.0.1:{port}/readyz")
        assert status == 200, body
        assert json.loads(body)["run_id"] == 1

        status, page = _get(f"http://127.0.0.1:{port}/")
        assert status == 200 and 'id="home-map-slot"' in page
        # the partial plotly.js bundle was built into the image, and is served
        assert "/vendor/plotly-geo.min.js" in page
        status, bundle = _get(f"http://127.0.0.1:{port}/vendor/plotly-geo.min.js")
        assert status == 200 and len(bundle) > 100_000

        assert podman.run("exec", name, "id", "-u").stdout.strip() == str(IMAGE_UID)
        check = podman.run("image", "inspect", "--format", "{{json .HealthCheck}}", TAG).stdout
        assert "/healthz" in check
        health = podman.run("healthcheck", "run", name, check=False)
        assert health.returncode == 0, health.stdout + health.stderr
    finally:
        podman.run("rm", "--force", "--time", "5", name, check=False)
        with create_engine(postgres_url).begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
