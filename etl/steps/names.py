"""Delivered file names as the log shows them, the store keeps them and the disk files them.

A provider chooses the name, so it may be long, hold a newline or bytes that are not UTF-8.
None of that may break a log line, a database insert or a move into the archive: a name
over the file system's limit once prefixed by its checksum (about 190 bytes on ext4) left
its file in the inbox and failed every later night. The archive therefore files by
checksum plus a short, cleaned tail of the name, and the store keeps the delivered name.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

#: Bytes of the delivered name kept after the checksum: 64 + 1 + 60 stays under the
#: 143 bytes of the strictest common file system (eCryptfs), let alone ext4's 255.
TAIL_BYTES = 60
#: Characters of a delivered name the store keeps (its column holds 300).
MAX_NAME_CHARS = 255
#: Characters that are safe in a file name everywhere; anything else becomes "_".
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def delivered(path: Path) -> str:
    """The name as delivered, as text any database takes (undecodable bytes as \\xNN)."""
    # Capped at the store's column width; the checksum, not the name, identifies a file.
    return os.fsencode(path.name).decode("utf-8", "backslashreplace")[:MAX_NAME_CHARS]


def shown(name: str) -> str:
    """A name for one log line: as is when printable, else escaped like Python's repr."""
    return name if name.isprintable() else repr(name)


def filed_as(sha256: str, path: Path) -> str:
    """The name a file gets in the archive or rejected folder: its checksum (which is what
    makes it unique) and a cleaned, shortened tail of the delivered name. The file type is
    always kept, since a rebuild reads archived files by it."""
    suffix = _UNSAFE.sub("_", path.suffix)[:TAIL_BYTES // 2]
    stem = _UNSAFE.sub("_", path.name[:len(path.name) - len(path.suffix)])
    return f"{sha256}-{stem[:TAIL_BYTES - len(suffix)]}{suffix}"
