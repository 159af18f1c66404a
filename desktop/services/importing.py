"""Importing vCard and CSV files: read, recognise duplicates, merge, store, each file in one transaction.

A vCard file, or a CSV export of LinkedIn (``Connections.csv``), Google
Contacts or Outlook (``domain.csv_contacts``, recognised by the header row,
whatever the file is called). A card or row that cannot be read is reported
as ``FILE:LINE: reason`` and the rest of the file still imports; a file that
is neither is reported in one line and nothing from it is written.
Re-importing a file is a no-op: every card's bytes (every row's cells) are
fingerprinted, and one seen before is skipped before it is even parsed.
Parsing vCards, the slow part, runs on every core for big files.

The same person from two sources becomes one contact (``matching.DuplicateIndex``):
the same UID, email, phone with a compatible name, social profile, or name
at the same company, whichever file came first. A CSV row adds what no vCard
carries: LinkedIn's connection date (a first touch, see ``services.touches``)
and Google's star (High priority).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain import vcard
from desktop.domain.contact import ContactData
from desktop.domain.csv_contacts import FORMAT_NAMES, STARRED_PRIORITY, CsvFormatError, detect_format, read_csv
from desktop.domain.matching import DuplicateIndex, MatchKeys, lookup_keys, match_keys, merge
from desktop.domain.phones import normalize as normalize_phone
from desktop.services import undo
from desktop.services.backup import backup_before
from desktop.services.contacts import insert_contacts, load_records, replace_contact
from desktop.services.settings import default_region
from desktop.services.trash import record_merges
from desktop.storage.db import database

# Files with more cards than this are parsed in worker processes.
PARALLEL_THRESHOLD = 1500
CHUNK_CARDS = 400
MAX_FILE_BYTES = 2 * 1024**3

Progress = Callable[[int, int], bool]


@dataclass
class _Incoming:
    """A card or row read, ready to be matched and stored."""

    contact: ContactData
    keys: MatchKeys
    norms: list[str] | None  # its normalised phones, when computed in a worker
    digest: str  # its fingerprint: seen again, it is skipped
    starred: bool = False  # Google's star: High priority


@dataclass
class ImportReport:
    added: int = 0
    merged: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)  # "FILE:LINE: reason", cards skipped or trimmed
    failed: list[str] = field(default_factory=list)  # of the problems, the cards that could not be read at all
    passed_over: int = 0  # of the skipped, rows left out on purpose: LinkedIn's closed accounts (no one in them)
    warnings: list[str] = field(default_factory=list)  # "FILE:LINE: reason", cards imported whole, worth a look
    unreadable: list[str] = field(default_factory=list)  # "FILE: reason", files that are neither vCard nor CSV
    cancelled: bool = False
    contact_ids: list[int] = field(default_factory=list)  # added or merged

    def summary(self) -> str:
        text = f"{self.added} added, {self.merged} merged, {self.skipped} skipped"
        if self.unreadable:
            n = len(self.unreadable)
            text += f"; {n} file{'s' if n != 1 else ''} could not be read"
        if self.warnings:
            text += f"; {len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}"
        if self.cancelled:
            text += "; cancelled, the file in progress was not imported"
        return f"Import: {text}."


class _Cancelled(Exception):
    pass


_BEGIN = re.compile(rb"^[ \t]*BEGIN[ \t]*:[ \t]*VCARD", re.I | re.M)
CSV_SUFFIX = ".csv"


def _count_items(path: Path) -> int:
    """How many cards (or, in a CSV, lines) a file holds, for the progress bar (0 when it cannot be read)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return 0
        data = path.read_bytes()
    except OSError:
        return 0
    cards = len(_BEGIN.findall(data))
    if cards or path.suffix.lower() != CSV_SUFFIX:
        return cards
    return data.count(b"\n") + (not data.endswith(b"\n"))


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _parse_chunk(cards: list[vcard.RawCard], region: str | None):
    """Worker: parse cards, then compute their duplicate keys and normalised phones (phone parsing is slow)."""
    out = []
    for result in vcard.parse_many(cards):
        keys = norms = None
        if result.contact is not None:
            keys = match_keys(result.contact, region)
            norms = [normalize_phone(p.value, region) for p in result.contact.phones]
        out.append((result, keys, norms))
    return out


def _pool_context():
    if method := os.environ.get("RAPPORT_IMPORT_START_METHOD"):  # packaging/smoke: spawn from the built app
        return multiprocessing.get_context(method)
    # Forking a process that runs Qt threads is unsafe; the command line has none.
    if sys.platform.startswith("linux") and not any(m.startswith("PySide6") for m in sys.modules):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _known_digests(digests: list[str]) -> set[str]:
    known: set[str] = set()
    conn = database.connection()
    for i in range(0, len(digests), 500):
        chunk = digests[i : i + 500]
        marks = ",".join("?" * len(chunk))
        known.update(r[0] for r in conn.execute(f"SELECT digest FROM imported_card WHERE digest IN ({marks})", chunk))
    return known


def _candidates(keys_list: list[MatchKeys], index: DuplicateIndex) -> dict[int, ContactData]:
    """Existing live contacts that share a UID, an email, a phone, a social profile or a name at a company
    with the incoming cards."""
    uids = sorted({k.uid for k in keys_list if k.uid})
    emails = sorted({e for k in keys_list for e in k.emails})
    phones = sorted({p for k in keys_list for p in k.phones})
    others = sorted({key for k in keys_list for key in lookup_keys(k)})
    ids: set[int] = set()
    conn = database.connection()
    queries = (
        ("SELECT id FROM contact WHERE deleted_at IS NULL AND uid IN ({})", uids),
        ("SELECT contact_id FROM contact_email WHERE normalized IN ({})", emails),
        ("SELECT contact_id FROM contact_phone WHERE normalized IN ({})", phones),
        ("SELECT contact_id FROM contact_key WHERE key IN ({})", others),
    )
    for sql, values in queries:
        for i in range(0, len(values), 500):
            chunk = values[i : i + 500]
            ids.update(r[0] for r in conn.execute(sql.format(",".join("?" * len(chunk))), chunk))
    found = {}
    for rec in load_records(sorted(ids)):  # skips trashed contacts
        found[rec.id] = rec.data
        index.add(("db", rec.id), rec.data)
    return found


class _FileImport:
    def __init__(
        self,
        path: Path,
        region: str | None,
        report: ImportReport,
        tick: Callable[[int], None],
        before_write: Callable[[], None] = lambda: None,
    ):
        self.path = path
        self.region = region
        self.report = report
        self.tick = tick
        self.before_write = before_write  # the backup, made once per import, only if it writes

    def problem(self, line: int, reason: str) -> None:
        self.report.problems.append(f"{self.path}:{line}: {reason}")

    def run(self) -> None:
        path = self.path
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.report.unreadable.append(f"{path}: too large to be a contacts file ({size // 2**20} MB).")
                return
            data = path.read_bytes()
        except OSError as exc:
            self.report.unreadable.append(f"{path}: cannot be read ({exc.strerror or exc}).")
            return
        if vcard.looks_like_vcard(data):
            self._run_vcard(data)
        elif path.suffix.lower() == CSV_SUFFIX or detect_format(data) is not None:
            self._run_csv(data)
        else:
            what = "empty" if not data.strip() else "not a vCard file (no BEGIN:VCARD line)"
            self.report.unreadable.append(f"{path}: {what}; nothing was imported from it.")

    def _unseen(self, digests: list[str]) -> list[int]:
        """Positions of the digests neither imported before nor seen earlier in this file; the rest are skipped."""
        known = _known_digests(digests)
        todo = []
        seen_in_file: set[str] = set()
        for n, dg in enumerate(digests):
            if dg in known or dg in seen_in_file:
                self.report.skipped += 1
            else:
                seen_in_file.add(dg)
                todo.append(n)
        return todo

    def _run_vcard(self, data: bytes) -> None:
        cards = list(vcard.split_cards(data))
        del data
        digests = [_digest(c.raw) for c in cards]
        todo = self._unseen(digests)
        self.tick(len(cards) - len(todo))
        parsed = self._parse([cards[n] for n in todo])
        incoming = []
        for (result, keys, norms), n in zip(parsed, todo):
            for w in result.warnings:
                kept = self.report.problems if w.lost else self.report.warnings
                kept.append(f"{self.path}:{w.line}: {w.reason}")
            if result.error is not None:
                self.problem(result.error.line, result.error.reason)
                self.report.failed.append(self.report.problems[-1])
                self.report.skipped += 1
            else:
                incoming.append(_Incoming(result.contact, keys, norms, digests[n]))
        self._store(incoming)

    def _run_csv(self, data: bytes) -> None:
        try:
            table = read_csv(data)
        except CsvFormatError:
            what = "empty" if not data.strip() else (
                f"not a contacts CSV Rapport reads (it reads {FORMAT_NAMES}, recognised by their header row)"
            )  # fmt: skip
            self.report.unreadable.append(f"{self.path}: {what}; nothing was imported from it.")
            return
        del data
        read = {r.line for r in table.rows}
        not_read: dict[int, str] = {}  # line -> the last problem said of a row left out (why it was)
        for line, reason in table.problems:
            self.problem(line, reason)
            if line not in read:
                not_read[line] = self.report.problems[-1]
        self.report.failed += not_read.values()
        self.report.skipped += table.skipped + table.unreadable  # deactivated profiles, unreadable rows
        self.report.passed_over += table.skipped
        rows = table.rows
        todo = self._unseen([r.fingerprint for r in rows])
        self.tick(table.header_line + table.skipped + table.unreadable + len(rows) - len(todo))
        incoming = []
        for n in todo:
            row = rows[n]
            incoming.append(_Incoming(row.contact, match_keys(row.contact, self.region), None, row.fingerprint,
                                      row.starred))  # fmt: skip
        self.tick(len(todo))
        self._store(incoming)

    def _parse(self, cards: list[vcard.RawCard]):
        if len(cards) < PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
            out = []
            for i in range(0, len(cards), CHUNK_CARDS):
                chunk = cards[i : i + CHUNK_CARDS]
                out += _parse_chunk(chunk, self.region)
                self.tick(len(chunk))
            return out
        chunks = [cards[i : i + CHUNK_CARDS] for i in range(0, len(cards), CHUNK_CARDS)]
        out = []
        workers = min(os.cpu_count() or 2, 4)
        with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
            futures = [pool.submit(_parse_chunk, chunk, self.region) for chunk in chunks]
            try:
                for fut, chunk in zip(futures, chunks):
                    out += fut.result()
                    self.tick(len(chunk))
            except BaseException:
                for fut in futures:
                    fut.cancel()
                raise
        return out

    def _store(self, incoming: list[_Incoming]) -> None:
        report = self.report
        index = DuplicateIndex(self.region)
        existing = _candidates([item.keys for item in incoming], index)
        new: list[ContactData] = []
        new_norms: list[list[str] | None] = []
        new_digests: list[list[str]] = []
        new_starred: set[int] = set()
        updated: dict[int, ContactData] = {}
        merged_digests: dict[int, list[str]] = {}
        starred: set[int] = set()
        for item in incoming:
            contact, dg = item.contact, item.digest
            ref = index.find(item.keys)
            if ref is None:
                if item.starred:
                    new_starred.add(len(new))
                index.add(("new", len(new)), item.keys)
                new.append(contact)
                new_norms.append(item.norms)
                new_digests.append([dg])
                continue
            where, ident = ref
            current = new[ident] if where == "new" else updated.get(ident, existing[ident])
            result_data = merge(current, contact, self.region)
            if where == "new":
                if item.starred:
                    new_starred.add(ident)
                new[ident] = result_data
                new_norms[ident] = None  # recomputed: the merge may have added numbers
                new_digests[ident].append(dg)
                index.add(ref, result_data)
                report.merged += 1
            else:
                if item.starred:
                    starred.add(ident)
                merged_digests.setdefault(ident, []).append(dg)
                if result_data != current:
                    updated[ident] = result_data
                    index.add(ref, result_data)
                    report.merged += 1
                else:
                    report.skipped += 1  # nothing new in it
        if new or updated or starred:
            self.before_write()
        with database.atomic("IMMEDIATE"):
            ids = insert_contacts(new, self.region, new_norms)
            for cid, data in updated.items():
                replace_contact(cid, data, self.region)
            # Each merge into an existing contact can be undone (services.trash.undo_merge), and the whole
            # file with Edit → Undo (the entry below).
            merges = record_merges(
                [(cid, existing[cid], data, merged_digests.get(cid, [])) for cid, data in updated.items()],
                label=f"import of {self.path.name}",
                region=self.region,
            )
            starred |= {ids[n] for n in new_starred}
            _set_priority(sorted(starred))
            rows = [(dg, cid) for cid, dgs in zip(ids, new_digests) for dg in dgs]
            rows += [(dg, cid) for cid, dgs in merged_digests.items() for dg in dgs]
            database.connection().executemany(
                "INSERT OR IGNORE INTO imported_card (digest, contact_id, imported_at) VALUES (?, ?, datetime('now'))",
                rows,
            )
            if ids or merges:
                undo.record("importing.file", f"import of {self.path.name}", {"added": ids, "merges": merges})
            self.tick(0)  # the last chance to cancel: still inside the transaction
        report.added += len(ids)
        report.contact_ids += ids + list(updated)


def _set_priority(ids: list[int]) -> None:
    """Starred contacts get High priority, unless the person gave them one already."""
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        database.execute_sql(
            "UPDATE contact SET priority = ? WHERE priority = 0 AND id IN ({})".format(",".join("?" * len(chunk))),
            [STARRED_PRIORITY, *chunk],
        )


def import_files(paths: list[Path], *, region: str | None = None, progress: Progress | None = None) -> ImportReport:
    """Import vCard and CSV files; each file is one transaction. ``progress(done, total)`` returning False cancels,
    rolling back the file in progress (files already finished stay imported)."""
    report = ImportReport()
    if region is None:
        region = default_region()
    paths = [Path(p) for p in paths]
    total = sum(_count_items(p) for p in paths)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None and progress(min(done, total), total) is False:
            raise _Cancelled

    backed_up = False

    def before_write() -> None:
        nonlocal backed_up
        if not backed_up:
            backup_before("import")
            backed_up = True

    for path in paths:
        try:
            _FileImport(path, region, report, tick, before_write).run()
        except _Cancelled:
            report.cancelled = True
            break
    if progress is not None:
        progress(total, total)
    return report


# --------------------------------------------------------------------------- undo (services.undo)


def _take_back_file(step: undo.Step) -> undo.Changed:
    """The contacts the file added go to the trash (their cards are forgotten, so importing the file
    again adds them again) and its merges are undone."""
    from desktop.services.contacts import trash_contacts

    payload = step.payload
    added = payload["added"]
    conn = database.connection()
    cards = []
    for i in range(0, len(added), 500):
        chunk = added[i : i + 500]
        marks = ",".join("?" * len(chunk))
        cards += conn.execute(f"SELECT digest, contact_id FROM imported_card WHERE contact_id IN ({marks})", chunk).fetchall()
        conn.execute(f"DELETE FROM imported_card WHERE contact_id IN ({marks})", chunk)
    trash_contacts(added)
    states = undo.states(payload["merges"])
    undid = [m for m in reversed(payload["merges"]) if m in states and not states[m][1]]
    for merge_id in undid:
        undo.undo(merge_id, force=step.force)
    payload["cards"] = cards
    payload["undid"] = undid
    return undo.Changed(contacts=(), timeline=(), today=True)


def _import_file_again(step: undo.Step) -> undo.Changed:
    from desktop.services.contacts import restore_contacts

    payload = step.payload
    restore_contacts(payload["added"])
    database.connection().executemany(
        "INSERT OR IGNORE INTO imported_card (digest, contact_id, imported_at) VALUES (?, ?, datetime('now'))",
        [tuple(card) for card in payload.get("cards", [])],
    )
    for merge_id in reversed(payload.get("undid", [])):
        undo.redo(merge_id)
    return undo.Changed(contacts=(), timeline=(), today=True)


undo.register("importing.file", undo=_take_back_file, redo=_import_file_again)
