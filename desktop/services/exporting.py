"""Writing contacts out as a vCard file (3.0 by default, 4.0 on request) or as CSV: all of them, some,
or those a list query shows (``shown_ids``: the window's "the contacts shown now").

The file is written beside its destination under a temporary name, readable
by its owner only, and moved into place when complete: an interrupted (or
cancelled) export never leaves half a file where the person expects a whole one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from desktop.domain.contact import readable_name
from desktop.domain.errors import RapportError
from desktop.domain.vcard import serialize
from desktop.services.contacts import load_records

VERSIONS = ("3.0", "4.0")
CSV = "csv"
FORMATS = (*VERSIONS, CSV)  # what ``export`` writes: a vCard version, or CSV
SUFFIXES = {"3.0": ".vcf", "4.0": ".vcf", CSV: ".csv"}
PROGRESS_EVERY = 200  # contacts between two progress reports

Progress = Callable[[int, int], bool]  # (done, total) -> False to stop


class ExportError(RapportError):
    """An export that could not be written, explained for a person."""


class ExportCancelled(ExportError):
    """The person stopped the export; nothing was written."""


def export(path: Path, fmt: str = "3.0", *, contact_ids: list[int] | None = None,
           progress: Progress | None = None) -> int:  # fmt: skip
    """Write all live contacts (or those in ``contact_ids``, in that order) to ``path`` as ``fmt`` (a vCard
    version or ``"csv"``); returns how many. ``progress(done, total)`` is told every few hundred
    contacts; when it returns False the export stops (``ExportCancelled``) and ``path`` is left as it was."""
    if fmt not in FORMATS:
        raise ExportError(f"Cannot export as {fmt!r} (use {', '.join(FORMATS)}).")
    if contact_ids is None:
        from desktop.services.contacts import count_contacts

        total = count_contacts()
    else:
        total = len(contact_ids)
    count = 0
    # newline="" (in _atomic_text_file) keeps the CRLF line ends vCard requires.
    with _atomic_text_file(Path(path), "utf-8-sig" if fmt == CSV else "utf-8") as out:
        write = _csv_writer(out) if fmt == CSV else (lambda data: out.write(serialize(data, fmt)))
        for record in load_records(contact_ids):
            write(_named(record))
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0 and not progress(count, total):
                raise ExportCancelled("The export was cancelled; no file was written.")
    if progress is not None:
        progress(count, count)
    return count


def export_contacts(path: Path, *, version: str = "3.0", contact_ids: list[int] | None = None) -> int:
    """Write all live contacts (or those in ``contact_ids``) to ``path`` as vCards; returns how many."""
    if version not in VERSIONS:
        raise ExportError(f"vCard version {version} is not supported (use 3.0 or 4.0).")
    return export(path, version, contact_ids=contact_ids)


def shown_ids(query) -> list[int]:
    """The ids of every contact a list query (``services.search.ListQuery``) shows, in the list's order:
    the whole result, not the rows the window has loaded so far."""
    from desktop.services.search import Listing

    listing = Listing(query)
    ids: list[int] = []
    try:
        while listing.can_fetch_more():
            rows = listing.fetch(2000)
            if not rows:
                break
            ids += [r.id for r in rows]
    finally:
        listing.close()
    return ids


def _named(record):
    """The contact's data with a real FN: a card with only a note is written as "Unnamed contact (added
    30 Nov)", as it shows in the window, never with an empty FN."""
    if record.data.display_name():
        return record.data
    return replace(record.data, full_name=readable_name("", record.created_at))


@contextmanager
def _atomic_text_file(path: Path, encoding: str):
    """A text file written beside ``path`` under a temporary name, 0600, and moved into place only
    when complete; on any failure the temporary file is removed and ``path`` is left as it was."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{folder} is not a folder that exists.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(f"{path} cannot be written ({exc.strerror}).") from exc
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as out:
            yield out
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


# --------------------------------------------------------------------------- CSV and file names (issue 6)

CSV_COLUMNS = (
    "full_name", "given_name", "family_name", "organization", "title", "phones", "emails",
    "birthday", "address", "urls", "note", "tags",
)  # fmt: skip

# A spreadsheet reads a cell starting with one of these as a formula (=HYPERLINK, DDE "+cmd|..."):
# such a value is written with a leading apostrophe, which spreadsheets take as "this is text".
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_cell(value: str) -> str:
    """A CSV cell a spreadsheet will not evaluate."""
    if value.startswith(_FORMULA_START) or value.lstrip(" \u00a0").startswith(("=", "+", "-", "@")):
        return "'" + value
    return value


def _csv_row(data) -> list[str]:
    addr = next((a for a in data.addresses if not a.is_empty()), None)
    address = ", ".join(x for x in (addr.street, addr.city, addr.region, addr.postal_code, addr.country) if x) if addr else ""
    values = [
        data.display_name(), data.given_name, data.family_name, data.organization, data.title,
        "; ".join(p.value for p in data.phones), "; ".join(e.value for e in data.emails), data.birthday, address,
        " ".join(u.value for u in data.urls), data.note, ", ".join(data.tags),
    ]  # fmt: skip
    return [neutralise_cell(v) for v in values]


def _csv_writer(out) -> Callable:
    import csv

    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    return lambda data: writer.writerow(_csv_row(data))


def export_csv(path: Path, *, contact_ids: list[int] | None = None) -> int:
    """Write live contacts (or those in ``contact_ids``) as CSV (UTF-8 with BOM, for spreadsheets); returns how many.

    Every cell is neutralised against formula injection; the file is 0600 and moved into place whole.
    """
    return export(path, CSV, contact_ids=contact_ids)


_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_filename(text: str, fallback: str = "contacts", max_bytes: int = 120) -> str:
    """A file name (without extension) made from user data that is safe on Windows, macOS and Linux.

    Drops path separators, characters Windows forbids, control, format (right-to-left override,
    zero-width) and other invisible characters, leading dots (hidden files, ``..``), trailing dots
    and spaces, and Windows device names; keeps letters of every script; at most ``max_bytes`` UTF-8.
    """
    import re
    import unicodedata

    text = unicodedata.normalize("NFC", str(text))
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cf":  # invisible: zero-width, bidi overrides
            continue
        if ch in '<>:"/\\|?*' or cat in ("Cc", "Cs", "Co", "Cn", "Zl", "Zp"):
            kept.append(" ")
        else:
            kept.append(ch)
    name = re.sub(r"\s+", " ", "".join(kept)).strip(" .")
    if name.split(".")[0].strip().upper() in _WINDOWS_RESERVED:
        name = f"{name} contact"
    data = name.encode("utf-8")[:max_bytes]
    # NFC again: an invisible character taken out, or a cut at the byte limit, can leave letters that compose.
    name = unicodedata.normalize("NFC", data.decode("utf-8", "ignore")).rstrip(" .")
    return name or fallback
