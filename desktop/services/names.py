"""Contacts' names by id, for the features that show a few people out of many: all at once, or
fetched as the rules ask for them (``LazyNames``). A contact without a name reads as
``contact.readable_name`` says ("Unnamed contact (added 30 Nov)"), never as an id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from desktop.domain.contact import readable_name
from desktop.storage.db import database


def stored_date(value) -> dt.date | None:
    """A date or timestamp column as SQLite hands it back (ISO text, a date, a datetime through Peewee,
    or nothing), as a date: the one reading of a stored day."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def name_of(full_name: str, created_at) -> str:
    """A contact's readable name from its ``full_name`` and ``created_at`` columns."""
    return full_name if full_name else readable_name("", stored_date(created_at))


def _rows(rows) -> dict[int, str]:
    return {cid: name_of(name, created) for cid, name, created in rows}


def contact_names(ids: Iterable[int] | None = None, *, include_trashed: bool = False) -> dict[int, str]:
    """id -> readable name of live contacts (all of them, or these); trashed ones too if asked."""
    conn = database.connection()
    live = "1" if include_trashed else "deleted_at IS NULL"
    if ids is None:
        return _rows(conn.execute(f"SELECT id, full_name, created_at FROM contact WHERE {live}"))
    ids = list(set(ids))
    if len(ids) > 5000:  # one scan beats many IN lists
        wanted = set(ids)
        return {i: n for i, n in contact_names(include_trashed=include_trashed).items() if i in wanted}
    out: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        sql = f"SELECT id, full_name, created_at FROM contact WHERE {live} AND id IN ({','.join('?' * len(chunk))})"
        out.update(_rows(conn.execute(sql, chunk)))
    return out


class LazyNames(Mapping):
    """Names of live contacts fetched as the rules ask for them: Today names a few of many."""

    def __init__(self):
        self._cache: dict[int, str | None] = {}

    def prefetch(self, ids: Iterable[int]) -> None:
        """Fetch these names a few hundred at a time (thousands asked one by one cost ~0.1 s)."""
        wanted = [cid for cid in set(ids) if cid not in self._cache]
        conn = database.connection()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            self._cache.update(dict.fromkeys(chunk))
            self._cache.update(_rows(conn.execute(
                f"SELECT id, full_name, created_at FROM contact WHERE deleted_at IS NULL AND id IN ({marks})", chunk
            )))  # fmt: skip

    def _fetch(self, cid: int) -> str | None:
        if cid not in self._cache:
            row = database.connection().execute(
                "SELECT full_name, created_at FROM contact WHERE id = ? AND deleted_at IS NULL", (cid,)
            ).fetchone()
            self._cache[cid] = name_of(*row) if row else None
        return self._cache[cid]

    def __getitem__(self, cid: int) -> str:
        name = self._fetch(cid)
        if name is None:
            raise KeyError(cid)
        return name

    def __contains__(self, cid) -> bool:
        return self._fetch(cid) is not None

    def __iter__(self):
        return (cid for cid, name in self._cache.items() if name is not None)

    def __len__(self) -> int:
        return sum(1 for name in self._cache.values() if name is not None)
