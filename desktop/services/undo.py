"""The one undo journal: every change a person can take back is an ``UndoRecord`` row, written in the
same transaction as the change, and ``undo(id)`` / ``redo(id)`` run its inverse.

A row holds a kind, a label in words ("delete of 3 contacts": the window shows "Undo delete of 3
contacts") and a JSON payload with what the inverse needs. ``undone_at`` is empty while the change
stands and set once it was undone (then ``redo`` applies it again).

Each kind's inverse lives with its feature's service, which registers it with ``register``. A kind is
named ``<service module>.<what>`` (``contacts.delete``, ``timeline.edit``, ``today.snooze``): the
dispatcher imports ``desktop.services.<module>`` the first time it meets a kind, so a feature adds a
kind without touching this module. The inverses run "quietly": the service calls they make record
nothing of their own.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from desktop.domain.errors import RapportError
from desktop.domain.words import count_of
from desktop.storage.db import database
from desktop.storage.models import UndoRecord

# Kinds written before kinds were named after their module.
_MODULE_OF_LEGACY_KIND = {"merge": "trash"}
HISTORY_LIMIT = 100  # the most entries the window's history reloads


class UndoError(RapportError):
    """An undo or redo that cannot be done, explained for a person."""


class Refused(UndoError):
    """An undo that would lose what was changed since (a merged contact edited after the merge):
    ``undo(id, force=True)`` does it anyway, once the person said so."""


@dataclass(frozen=True)
class Changed:
    """What an undo or redo changed, for the window to refresh: ids of contacts whose details changed
    or whose timeline changed (None: untouched; empty: many), and whether Today's list and the groups
    and events did."""

    contacts: tuple[int, ...] | None = None
    timeline: tuple[int, ...] | None = None
    today: bool = False
    knows: tuple[int, ...] | None = None  # contacts whose knows links changed
    groups: bool = False  # groups or events changed


@dataclass(frozen=True)
class Entry:
    id: int
    kind: str
    label: str
    created_at: dt.datetime
    undone: bool


@dataclass(frozen=True)
class Step:
    """What an inverse is handed: the entry's id, its payload (which the inverse may update: it is
    written back, e.g. with what a redo will need) and, for undo, whether to override a refusal."""

    id: int
    payload: dict
    force: bool = False


@dataclass(frozen=True)
class Kind:
    undo: Callable[[Step], Changed]
    redo: Callable[[Step], Changed]
    # Reloaded into the window's history at the next start (a delete from yesterday can still be
    # taken back; a snooze of yesterday's Today is history).
    survives_restart: bool = True
    # Part of another entry (an import's merges): undone with it, or on its own from the Trash
    # dialog, never a step of its own in the window's history.
    part: bool = False


_KINDS: dict[str, Kind] = {}
_local = threading.local()


def register(
    kind: str,
    *,
    undo: Callable[[Step], Changed],
    redo: Callable[[Step], Changed],
    survives_restart: bool = True,
    part: bool = False,
) -> None:
    """Make ``kind`` undoable: ``undo(step)`` takes the change back, ``redo(step)`` makes it again;
    both run inside the journal's transaction and return what they changed."""
    _KINDS[kind] = Kind(undo, redo, survives_restart, part)


def _kind(name: str) -> Kind | None:
    if name not in _KINDS:
        module = _MODULE_OF_LEGACY_KIND.get(name, name.partition(".")[0])
        try:
            importlib.import_module(f"desktop.services.{module}")
        except ImportError:
            return None
    return _KINDS.get(name)


@contextmanager
def quietly() -> Iterator[None]:
    """Service calls made inside record nothing: their caller records one entry for the whole."""
    _local.quiet = getattr(_local, "quiet", 0) + 1
    try:
        yield
    finally:
        _local.quiet -= 1


def recording() -> bool:
    """False inside ``quietly()``: a caller may skip working out a payload nobody will write."""
    return not getattr(_local, "quiet", 0)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def record(kind: str, label: str, payload: dict) -> int | None:
    """Journal a change that can be taken back; call inside the change's transaction.
    Returns the entry's id (None inside ``quietly()``)."""
    if not recording():
        return None
    # Through sqlite3 itself: Peewee logs its queries' parameters, and a label names a contact.
    cur = database.connection().execute(
        "INSERT INTO undo_record (kind, label, payload, created_at) VALUES (?, ?, ?, ?)",
        (kind, label, json.dumps(payload, ensure_ascii=False), _now().isoformat(sep=" ")),
    )
    return cur.lastrowid


def take(entry_id: int) -> tuple[str, str, dict]:
    """Take back into a compound change an entry a service call inside it just recorded (call inside the
    same transaction): the entry leaves the journal and its (kind, label, payload) are returned, for
    the compound's own entry to hold and ``inverse`` to run (a contact saved with its needs and offers
    is one step)."""
    row = database.connection().execute(
        "SELECT kind, label, payload FROM undo_record WHERE id = ?", (entry_id,)
    ).fetchone()
    if row is None:
        raise UndoError("There is no such step to take into another.")
    database.connection().execute("DELETE FROM undo_record WHERE id = ?", (entry_id,))
    return row[0], row[1], json.loads(row[2])


def inverse(kind: str, step: Step, *, undoing: bool) -> Changed:
    """Run the undo (or redo) of ``kind`` on a step a compound entry holds (see ``take``)."""
    found = _kind(kind)
    if found is None:
        raise UndoError("This version of Rapport cannot undo that.")
    return found.undo(step) if undoing else found.redo(step)


def undo(entry_id: int, *, force: bool = False) -> Changed:
    """Take back a change; ``UndoError`` (or its feature's error) when it cannot be."""
    return _apply(entry_id, undoing=True, force=force)


def redo(entry_id: int) -> Changed:
    """Make again a change that was undone."""
    return _apply(entry_id, undoing=False, force=False)


def _apply(entry_id: int, *, undoing: bool, force: bool) -> Changed:
    with database.atomic("IMMEDIATE"):
        row = UndoRecord.get_or_none(UndoRecord.id == entry_id)
        if row is None:
            raise UndoError("There is nothing left to undo there: the trash was emptied since.")
        if undoing and row.undone_at is not None:
            raise UndoError(f"The {row.label} was already undone.")
        if not undoing and row.undone_at is None:
            raise UndoError(f"The {row.label} is already done.")
        kind = _kind(row.kind)
        if kind is None:
            raise UndoError(f"This version of Rapport cannot undo the {row.label}.")
        payload = json.loads(row.payload)
        with quietly():
            step = Step(entry_id, payload, force)
            changed = kind.undo(step) if undoing else kind.redo(step)
        database.connection().execute(
            "UPDATE undo_record SET undone_at = ?, payload = ? WHERE id = ?",
            (_now().isoformat(sep=" ") if undoing else None, json.dumps(payload, ensure_ascii=False), entry_id),
        )
    return changed


# --------------------------------------------------------------------------- reading the journal


def _entry(row) -> Entry:
    created = row.created_at
    if not isinstance(created, dt.datetime):
        created = dt.datetime.fromisoformat(str(created))
    return Entry(row.id, row.kind, row.label, created, row.undone_at is not None)


def last_id() -> int:
    return database.execute_sql("SELECT coalesce(max(id), 0) FROM undo_record").fetchone()[0]


def _steps(rows) -> list[Entry]:
    out = []
    for row in rows:
        kind = _kind(row.kind)
        if kind is not None and not kind.part:
            out.append(_entry(row))
    return out


def entries_after(entry_id: int) -> list[Entry]:
    """Steps recorded after ``entry_id``, oldest first (the window pushes them onto its history)."""
    rows = UndoRecord.select(UndoRecord.id, UndoRecord.kind, UndoRecord.label, UndoRecord.created_at,
                             UndoRecord.undone_at).where(UndoRecord.id > entry_id).order_by(UndoRecord.id)  # fmt: skip
    return _steps(rows)


def history(session_start: int, limit: int = HISTORY_LIMIT) -> list[Entry]:
    """The steps still standing that the window's history holds, oldest first: those recorded since
    ``session_start`` (an id) and, from before, those of kinds that survive a restart."""
    rows = (
        UndoRecord.select(UndoRecord.id, UndoRecord.kind, UndoRecord.label, UndoRecord.created_at,
                          UndoRecord.undone_at)
        .where(UndoRecord.undone_at.is_null())
        .order_by(UndoRecord.id.desc())
        .limit(limit * 2)
    )  # fmt: skip
    out = [e for e in _steps(rows) if e.id >= session_start or _KINDS[e.kind].survives_restart]
    return list(reversed(out[:limit]))


def states(ids: Iterable[int]) -> dict[int, tuple[str, bool]]:
    """id -> (label, undone) of these entries (gone ones are left out): the window checks its history
    against the journal after changes made elsewhere (the Trash dialog, the command line)."""
    ids = list(ids)
    out: dict[int, tuple[str, bool]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        sql = f"SELECT id, label, undone_at IS NOT NULL FROM undo_record WHERE id IN ({','.join('?' * len(chunk))})"
        out.update({r[0]: (r[1], bool(r[2])) for r in database.execute_sql(sql, chunk)})
    return out


def standing(kind: str) -> list[tuple[int, dict]]:
    """(id, payload) of the entries of ``kind`` not undone, oldest first."""
    rows = UndoRecord.select(UndoRecord.id, UndoRecord.payload).where(
        UndoRecord.kind == kind, UndoRecord.undone_at.is_null()
    )
    return [(r.id, json.loads(r.payload)) for r in rows.order_by(UndoRecord.id)]


def rewrite(entry_id: int, label: str, payload: dict) -> None:
    """Narrow a standing entry (part of it was taken back elsewhere, e.g. one contact restored from
    the trash out of three deleted)."""
    database.connection().execute(
        "UPDATE undo_record SET label = ?, payload = ? WHERE id = ?",
        (label, json.dumps(payload, ensure_ascii=False), entry_id),
    )


def mark_undone(entry_id: int) -> None:
    """The change was taken back elsewhere (restored from the Trash dialog)."""
    UndoRecord.update(undone_at=_now()).where(UndoRecord.id == entry_id).execute()


# --------------------------------------------------------------------------- words for labels


def names_words(names: list[str], limit: int = 1) -> str:
    """ "Ada Lovelace", "Ada Lovelace and 2 others"."""
    names = [n or "a deleted contact" for n in names]  # names come readable (services.names): "" is one gone
    if not names:
        return "nobody"
    shown = ", ".join(names[:limit])
    rest = len(names) - limit
    return shown if rest <= 0 else f"{shown} and {count_of(rest, 'other')}"
