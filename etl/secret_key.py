"""The secret behind the perturbation keys: whoever knows it could strip the noise off."""

from __future__ import annotations

import secrets

from core.settings import Settings


def key_secret(settings: Settings) -> str:
    """The perturbation secret: from settings, else kept private in the data folder."""
    if settings.key_secret:
        return settings.key_secret
    path = settings.data_dir / "cell-key.secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_hex(32))
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_text().strip()
