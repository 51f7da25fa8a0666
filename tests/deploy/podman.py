"""Podman for the image test: build and run the project's image without a Docker engine.

The flags are the ones that work on a locked-down Debian machine (a sandboxed kernel, no
registry reachable): runc with cgroupfs (crun refuses hybrid cgroups), vfs storage (no
overlay), no default ulimits (setting them is not permitted), host networking, and a base
image made locally with debootstrap and cached under build/podman/ between runs.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

#: The local stand-in for python:3.11-slim: Debian 12 with Python 3.11 and venv.
BASE_IMAGE = "localhost/debian-python"
DEBIAN_MIRROR = "http://deb.debian.org/debian"
CONTAINERS_CONF = """[containers]
default_ulimits = []
"""


def missing_tools() -> list[str]:
    """What `apt-get install podman runc debootstrap` would add, if anything."""
    return [tool for tool in ("podman", "runc", "debootstrap") if shutil.which(tool) is None]


@dataclass
class Podman:
    """Runs podman with this machine's flags; the base's tarball is cached in `cache_dir`.

    Images live in podman's own storage, not under the project: vfs keeps a full copy of
    every layer (gigabytes), and a tree that large beside the code slows down every tool
    that walks it (an editable pip install took minutes).
    """

    cache_dir: Path
    conf_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="podman-")))

    def __post_init__(self) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        (self.conf_dir / "containers.conf").write_text(CONTAINERS_CONF)

    def argv(self, *args: str) -> list[str]:
        return ["podman", "--runtime", "runc", "--cgroup-manager=cgroupfs",
                "--storage-driver", "vfs", *args]

    def env(self) -> dict[str, str]:
        import os

        return {**os.environ, "CONTAINERS_CONF": str(self.conf_dir / "containers.conf")}

    def run(self, *args: str, timeout: float = 600, check: bool = True,
            stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
        """One podman command; on failure the error shows its output."""
        done = subprocess.run(self.argv(*args), env=self.env(), capture_output=True,
                              timeout=timeout, input=stdin.decode() if stdin else None,
                              text=True)
        if check and done.returncode != 0:
            raise AssertionError(f"podman {' '.join(args[:2])} exited {done.returncode}:\n"
                                 f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
        return done

    def has_image(self, name: str) -> bool:
        return self.run("image", "exists", name, check=False).returncode == 0

    def ensure_base(self) -> float:
        """Make BASE_IMAGE if missing (debootstrap, cached as a tarball); seconds spent."""
        if self.has_image(BASE_IMAGE):
            return 0.0
        started = time.monotonic()
        tarball = self.cache_dir / "debian-python.tar"
        if not tarball.exists():
            rootfs = self.cache_dir / "rootfs"
            shutil.rmtree(rootfs, ignore_errors=True)
            subprocess.run(["debootstrap", "--variant=minbase",
                            "--include=python3,python3-venv,ca-certificates", "bookworm",
                            str(rootfs), DEBIAN_MIRROR], check=True, capture_output=True,
                           timeout=1200)
            partial = tarball.with_suffix(".partial")
            subprocess.run(["tar", "-C", str(rootfs), "-cf", str(partial), "."], check=True)
            partial.rename(tarball)  # only a whole tarball counts as cached
            shutil.rmtree(rootfs)
        with tarball.open("rb") as handle:
            subprocess.run(self.argv("import", "-", BASE_IMAGE), env=self.env(), stdin=handle,
                           check=True, capture_output=True, timeout=600)
        return time.monotonic() - started

    def build(self, context: Path, tag: str, *, base: str = BASE_IMAGE) -> float:
        """Build the image (docker format keeps HEALTHCHECK); seconds spent.

        Without intermediate layers: on vfs each one is a full copy of the file system, and
        a layered build of this image took over 30 GB.
        """
        started = time.monotonic()
        self.run("build", "--format", "docker", "--layers=false", "--network", "host",
                 # pip and npm reach their registries with the host's CA certificates
                 "-v", "/etc/ssl/certs:/etc/ssl/certs:ro",
                 "--build-arg", f"BASE_IMAGE={base}", "-t", tag, str(context), timeout=3600)
        return time.monotonic() - started

    def image_size(self, tag: str) -> int:
        return int(self.run("image", "inspect", "--format", "{{.Size}}", tag).stdout.strip())

    def prune(self) -> None:
        """Drop dangling images (earlier builds, build stages); vfs keeps a full copy of each."""
        self.run("image", "prune", "--force", check=False)
