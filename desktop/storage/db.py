"""Opening the one SQLite file that holds a person's network.

The Peewee database object is created unbound (``SqliteDatabase(None)``) so
that tests, benchmarks and the app each bind it to their own file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import peewee
from peewee import SqliteDatabase

from desktop.domain.errors import RapportError

database = SqliteDatabase(None)

# WAL lets the window read while the command line writes; the busy timeout
# makes a second writer wait instead of failing; foreign keys make the
# child rows follow their contact.
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": "normal",
    "cache_size": -32000,  # 32 MB page cache
    "temp_store": "memory",
}


class DatabaseError(RapportError):
    """A database that cannot be used, with a message meant for a person."""


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only, if it does not exist yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def bind(path: Path | str) -> SqliteDatabase:
    """Bind the shared database object to ``path`` and connect, without migrating."""
    path = Path(path)
    if not database.is_closed():
        database.close()
    if str(path) != ":memory:":
        create_private_file(path)
        for suffix in ("-wal", "-shm"):
            side = Path(str(path) + suffix)
            if side.exists():
                try:
                    side.chmod(0o600)
                except OSError:
                    pass
    database.init(str(path), pragmas=PRAGMAS, timeout=10)
    try:
        database.connect()
        # Touch the file so that a file which is not SQLite fails here, clearly.
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        database.close()
        raise DatabaseError(f"{path} is not a readable Rapport database ({exc}).") from exc
    except Exception as exc:
        if not database.is_closed():
            database.close()
        raise DatabaseError(f"{path} could not be opened ({exc}).") from exc
    return database


def open_database(path: Path | str, rebuild_index=None) -> SqliteDatabase:
    """Open (creating or migrating as needed) the database at ``path``; ``rebuild_index`` is the
    services' search-index rebuild a migration may ask for (see storage.migrations)."""
    from desktop.storage.migrations import migrate

    db = bind(path)
    try:
        migrate(db, Path(path), rebuild_index)
    except Exception:
        db.close()
        raise
    return db


def close_database() -> None:
    if not database.is_closed():
        database.close()
