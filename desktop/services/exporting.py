"""Writing contacts out as a vCard file (3.0 by default, 4.0 on request).

The file is written beside its destination under a temporary name, readable
by its owner only, and moved into place when complete: an interrupted export
never leaves half a file where the person expects a whole one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from desktop.domain.vcard import serialize
from desktop.services.contacts import load_records

VERSIONS = ("3.0", "4.0")


class ExportError(Exception):
    """An export that could not be written, explained for a person."""


def export_contacts(path: Path, *, version: str = "3.0", contact_ids: list[int] | None = None) -> int:
    """Write all live contacts (or those in ``contact_ids``) to ``path``; returns how many."""
    if version not in VERSIONS:
        raise ExportError(f"vCard version {version} is not supported (use 3.0 or 4.0).")
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{folder} is not a folder that exists.")
    count = 0
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(f"{path} cannot be written ({exc.strerror}).") from exc
    try:
        # newline="" keeps the CRLF line ends vCard requires.
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            for record in load_records(contact_ids):
                out.write(serialize(record.data, version))
                count += 1
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise ExportError(f"{path} cannot be written ({exc.strerror}).") from exc
        raise
    return count
