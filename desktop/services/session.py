"""Opening and closing the one database, for the window, the command line and worker threads.

The window and the command line never reach ``desktop.storage`` themselves: they open the file here,
close it here (a worker thread closes the connection Peewee opened for it), and catch
``DATABASE_ERRORS`` for a file that cannot be used. Opening hands the migration ladder the services'
search-index rebuild, for a step that asks for it: the ladder itself stays frozen in time.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee

from desktop.storage import db as _db
from desktop.storage.db import DatabaseError

# SQLite's own errors met mid-query ("database disk image is malformed"), raw or wrapped by Peewee.
SQLITE_ERRORS: tuple[type[BaseException], ...] = (sqlite3.DatabaseError, peewee.DatabaseError)
# What a damaged or unusable file raises: our own message (opening, quick_check) or SQLite's.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (DatabaseError, *SQLITE_ERRORS)

__all__ = ["DATABASE_ERRORS", "SQLITE_ERRORS", "DatabaseError", "close_database", "open_database"]


def open_database(path: Path | str):
    """Open (creating or migrating as needed) the database at ``path`` for this process.

    Raises ``DatabaseError`` (a message for a person) when the file cannot be used.
    """
    return _db.open_database(path, rebuild_index=_rebuild_search_index)


def _rebuild_search_index() -> None:
    # Looked up at call time: the contacts service is only needed the day an old file is upgraded.
    from desktop.services.contacts import reindex_all

    reindex_all()


def close_database() -> None:
    """Close this thread's connection, if it has one (a worker thread calls this as it ends)."""
    _db.close_database()
