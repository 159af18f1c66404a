"""One sync of an account at a time, whoever starts it (the window, a ``rapport sync``, a second window).

An advisory lock on a small file beside the database, one file per account: ``flock`` on POSIX,
``msvcrt.locking`` on Windows. The system lets go of it when the process ends, however it ends, so a
sync killed midway leaves no stale lock behind. (The ETag guards keep two syncs from losing data
anyway; the lock saves the 412 rounds they would cost each other.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.services.carddav_client import CardDavError
from desktop.storage.db import database


class SyncBusy(CardDavError):
    """Another sync of the same account is under way (in this process or another)."""


def lock_path(account_key: str) -> Path:
    """The lock file of the account with this key, beside the database."""
    name = database.database
    if not name or name == ":memory:":
        raise CardDavError("Sync needs a database file (not an in-memory database).")
    path = Path(name)
    return path.with_name(f"{path.stem}.sync-{account_key}.lock")


def _try_lock(fd: int) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        # flock, not fcntl's record locks: those belong to the process, so a second sync in the same
        # process (the window's and a test's) would not see the first one's lock.
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextmanager
def account_lock(account_key: str, account_name: str) -> Iterator[None]:
    """Hold the account's sync lock for the ``with`` block; ``SyncBusy`` at once if someone holds it."""
    path = lock_path(account_key)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise CardDavError(f"{account_name}: the sync lock {path} cannot be opened ({exc.strerror}).") from None
    try:
        if not _try_lock(fd):
            raise SyncBusy(f"{account_name}: a sync of this account is under way already (in the window or a "
                           "rapport sync); try again when it is done.")
        yield
    finally:
        os.close(fd)  # lets go of the lock


def remove_lock_file(account_key: str) -> None:
    """Tidy the lock file of an account that is being removed."""
    try:
        lock_path(account_key).unlink(missing_ok=True)
    except (OSError, CardDavError):
        pass
