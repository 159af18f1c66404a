"""Backups of the database: made with SQLite's online backup, kept in a private folder beside it, rotated,
and restored on request or when the file turns out to be damaged.

Layout: ``<dbdir>/backups/<stem>-<label>-<YYYYmmdd-HHMMSS>[-n].sqlite3`` (the same names the
migration ladder uses for its ``before-vN`` copies). The folder is 0700, every file 0600.

Labels:

- ``daily``: at most one a day, made when the window or a writing command opens the database;
  the newest 7 are kept, plus the newest of each of the last 4 weeks.
- ``before-import``, ``before-merge``, ``before-delete``, ``before-empty-trash``: before a bulk
  operation; the newest ``KEEP_OPERATION`` are kept.
- ``manual``: ``rapport backup``; never rotated.
- ``before-vN``: before a migration (made by ``storage.migrations``); never rotated.
- ``before-restore``: the file a restore replaced; ``damaged``: a file that could not be read,
  kept aside as it was. Neither is ever rotated or overwritten, and neither is a restore candidate
  for "the latest good backup".

A backup is written under a ``.part`` name and renamed when complete, so a crash never leaves a
half backup that looks whole.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.errors import RapportError
from desktop.storage.db import DatabaseError, create_private_file, database

log = logging.getLogger(__name__)

FOLDER = "backups"
KEEP_DAILY = 7  # the defaults; the person's choice is a setting (services.settings.backup_retention)
KEEP_WEEKLY = 4
KEEP_OPERATION = 10
ROTATED_OPERATIONS = ("before-import", "before-merge", "before-delete", "before-empty-trash")
SET_ASIDE = ("before-restore", "damaged")

# What follows "<stem>-" in a backup's name.
_NAME = re.compile(r"^(?P<label>[a-z][a-z0-9-]*?)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.sqlite3$")


class BackupError(RapportError):
    """A backup or restore that could not be done, explained for a person."""


@dataclass(frozen=True)
class Backup:
    path: Path
    label: str
    made_at: dt.datetime
    size: int  # bytes, the main file only

    @property
    def restorable(self) -> bool:
        """A candidate for "restore the latest good backup" (set-aside files are not)."""
        return self.label not in SET_ASIDE


# --------------------------------------------------------------------------- folders and names


POINTER = "folder.txt"  # in the default folder: where the person chose to keep backups instead


def default_dir(db_path: Path | str) -> Path:
    """The backups folder beside the database (where backups go unless the person chose another)."""
    return Path(db_path).parent / FOLDER


def chosen_dir(db_path: Path | str) -> Path:
    """Where backups go: the folder the person chose in Settings, else the one beside the database.

    The choice is a setting (in the database), and also written to a small file in the default
    folder: a damaged database cannot say where its backups are, and recovery must find them."""
    try:
        chosen = (default_dir(db_path) / POINTER).read_text(encoding="utf-8").strip()
    except OSError:
        chosen = ""
    return Path(chosen) if chosen else default_dir(db_path)


def _private_dir(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        if folder.stat().st_mode & 0o077:
            folder.chmod(0o700)
    except OSError:
        pass
    return folder


def backup_dir(db_path: Path | str) -> Path:
    """The private folder new backups go to (created 0700; tightened if it exists)."""
    return _private_dir(chosen_dir(db_path))


def choose_folder(folder: str) -> str:
    """Send the open database's backups to ``folder`` from now on ("" = beside the database); returns
    the folder as stored. Backups already made stay where they are and are still listed."""
    db_path = current_db_path()
    if db_path is None:
        raise BackupError("There is no database file whose backups could go elsewhere.")
    folder = folder.strip()
    pointer = _private_dir(default_dir(db_path)) / POINTER
    if not folder or Path(folder).expanduser().resolve() == default_dir(db_path).resolve():
        pointer.unlink(missing_ok=True)
        return ""
    path = Path(folder).expanduser().resolve()
    try:
        _private_dir(path)
        probe = path / ".rapport-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise BackupError(f"Backups cannot be written to {path} ({exc.strerror or exc}).") from exc
    pointer.write_text(str(path), encoding="utf-8")
    return str(path)


def _new_path(db_path: Path, label: str, now: dt.datetime) -> Path:
    folder = backup_dir(db_path)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{db_path.stem}-{label}-{stamp}.sqlite3"
    n = 1
    while candidate.exists() or Path(str(candidate) + ".part").exists():
        n += 1
        candidate = folder / f"{db_path.stem}-{label}-{stamp}-{n}.sqlite3"
    return candidate


def list_backups(db_path: Path | str) -> list[Backup]:
    """The backups of ``db_path``, newest first."""
    db_path = Path(db_path)
    out = []
    prefix = f"{db_path.stem}-"
    for entry in _backup_files(db_path):
        if not entry.name.startswith(prefix):
            continue
        m = _NAME.match(entry.name[len(prefix) :])
        if m is None or not entry.is_file():
            continue
        try:
            made = dt.datetime.strptime(m.group("stamp"), "%Y%m%d-%H%M%S")
            st = entry.stat()
        except (ValueError, OSError):
            continue
        # Names are to the second: within one second, the file written last is the newer.
        key = (made, st.st_mtime_ns, int(m.group("n") or 1))
        out.append((key, Backup(entry, m.group("label"), made, st.st_size)))
    out.sort(key=lambda t: t[0], reverse=True)
    return [b for _, b in out]


def _folders(db_path: Path) -> list[Path]:
    """The chosen folder and the default one (older backups, and the migrations' copies, stay there)."""
    folders = [chosen_dir(db_path), default_dir(db_path)]
    return [f for n, f in enumerate(folders) if f.is_dir() and f not in folders[:n]]


def _backup_files(db_path: Path):
    for folder in _folders(db_path):
        yield from folder.iterdir()


def current_db_path() -> Path | None:
    """The file the shared database object is bound to, or None (unbound or in memory)."""
    name = database.database
    if not name or name == ":memory:":
        return None
    return Path(name)


def count_contacts_in(path: Path | str) -> int | None:
    """How many contacts (not counting the trash) the backup file ``path`` holds, or None when it cannot
    be read. Read-only and cheap (one indexed count): the Restore dialog shows it for every backup.

    The file is opened immutable: a backup is never written once it has its final name, and this way
    no lock is taken and no -wal or -shm file is made beside it.
    """
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True, timeout=2)
    except (sqlite3.Error, ValueError):
        return None
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(contact)")}
        if not columns:
            return None
        # Backups made before the trash existed have no deleted_at: every row is a contact.
        where = " WHERE deleted_at IS NULL" if "deleted_at" in columns else ""
        return int(conn.execute(f"SELECT count(*) FROM contact{where}").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        conn.close()


# --------------------------------------------------------------------------- checking


def check_file(path: Path | str) -> str | None:
    """Why ``path`` is not a usable SQLite database (``None`` when it is), read-only.

    Runs ``PRAGMA quick_check``: it reads every page, so it is for start-up problems, the daily
    backup and restores, not for every query.
    """
    path = Path(path)
    if not path.exists():
        return "the file does not exist"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        return f"it cannot be opened ({exc})"
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        return f"it is not a readable SQLite database ({exc})"
    finally:
        conn.close()
    if rows != [("ok",)]:
        return _damage_summary(rows)
    return None


def _damage_summary(rows) -> str:
    """One readable line from quick_check's report (which can run to hundreds of lines)."""
    lines = [line for r in rows for line in str(r[0]).splitlines() if line.strip() and not line.startswith("***")]
    first = lines[0][:120] if lines else "unknown damage"
    more = f", and {'at least ' if len(rows) >= 100 else ''}{len(lines) - 1} more problems" if len(lines) > 1 else ""
    return f"it is damaged ({first}{more})"


def check_open_database() -> str | None:
    """Like ``check_file`` but on the open shared database (sees its own uncommitted WAL too)."""
    try:
        rows = database.execute_sql("PRAGMA quick_check").fetchall()
    except Exception as exc:  # noqa: BLE001 - any failure to read means damaged
        return f"it is not a readable SQLite database ({exc})"
    if [tuple(r) for r in rows] != [("ok",)]:
        return _damage_summary(rows)
    return None


# --------------------------------------------------------------------------- making backups


def _copy_from(source: sqlite3.Connection, target: Path) -> Path:
    """Copy an open connection's database to ``target`` through a ``.part`` file, atomically."""
    part = Path(str(target) + ".part")
    create_private_file(part)
    try:
        dest = sqlite3.connect(str(part))
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dest.close()
        part.chmod(0o600)
        with open(part, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(part, target)
    except BaseException:
        try:
            part.unlink()
        except OSError:
            pass
        raise
    return target


def make_backup(label: str = "manual", *, now: dt.datetime | None = None) -> Path:
    """Back up the open shared database now; returns the backup's path."""
    db_path = current_db_path()
    if db_path is None:
        raise BackupError("There is no database file to back up.")
    if database.in_transaction():
        raise BackupError("A backup cannot be made in the middle of a change.")
    target = _new_path(db_path, label, now or dt.datetime.now())
    try:
        _copy_from(database.connection(), target)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"The backup could not be written to {target.parent} ({exc}).") from exc
    log.info("backup made: %s", target.name)
    if label in ROTATED_OPERATIONS:
        rotate(db_path, now=now)
    return target


def backup_before(operation: str) -> Path | None:
    """The backup before a bulk operation (``import``, ``merge``, ``delete``...), or None in memory.

    A failure to back up stops the operation: better no import than an import without a way back.
    Inside a caller's transaction no backup is made (it would copy half a change): the caller
    composing the operation backs up before it begins.
    """
    if current_db_path() is None or database.in_transaction():
        return None
    return make_backup(f"before-{operation}")


def daily_backup(*, now: dt.datetime | None = None) -> Path | None:
    """Make today's backup unless there is one already; rotate. Returns the new backup or None.

    Cheap when today's backup exists (a folder listing). A damaged database is never copied over
    the good backups: ``DatabaseError`` names ``rapport restore`` instead.
    """
    db_path = current_db_path()
    if db_path is None:
        return None
    now = now or dt.datetime.now()
    if any(b.label == "daily" and b.made_at.date() == now.date() for b in list_backups(db_path)):
        return None
    problem = check_open_database()
    if problem is not None:
        raise DatabaseError(damaged_message(db_path, problem))
    path = make_backup("daily", now=now)
    rotate(db_path, now=now)
    return path


def rotate(db_path: Path | str, *, now: dt.datetime | None = None) -> list[Path]:
    """Delete the backups the policy no longer keeps; returns what was deleted."""
    backups = list_backups(db_path)
    daily = [b for b in backups if b.label == "daily"]  # newest first
    keep_daily, keep_weekly = _retention()
    keep = set(b.path for b in daily[:keep_daily])
    weeks_seen: list[tuple[int, int]] = []
    for b in daily:
        week = b.made_at.isocalendar()[:2]
        if week in weeks_seen:
            continue
        weeks_seen.append(week)
        if len(weeks_seen) > keep_weekly:
            break
        keep.add(b.path)  # the newest backup of each of the last keep_weekly weeks
    doomed = [b.path for b in daily if b.path not in keep]
    # half-written backups left by a crash (a running backup's .part is minutes old at most)
    cutoff = (now or dt.datetime.now()).timestamp() - 3600
    parts = [p for folder in _folders(Path(db_path)) for p in folder.glob(f"{Path(db_path).stem}-*.sqlite3.part")]
    for part in parts:
        try:
            if part.stat().st_mtime < cutoff:
                doomed.append(part)
        except OSError:
            pass
    for label in ROTATED_OPERATIONS:
        ops = [b for b in backups if b.label == label]
        doomed += [b.path for b in ops[KEEP_OPERATION:]]
    for path in doomed:
        try:
            path.unlink()
        except OSError:
            pass
    return doomed


def _retention() -> tuple[int, int]:
    """(daily, weekly) backups kept: the person's settings when the database is open, else the defaults."""
    if current_db_path() is None:
        return KEEP_DAILY, KEEP_WEEKLY
    from desktop.services.settings import backup_retention

    return backup_retention()


# --------------------------------------------------------------------------- restoring


def damaged_message(db_path: Path | str, problem: str) -> str:
    return (
        f"{db_path} cannot be used: {problem}. "
        "Restore the latest good backup with `rapport restore` (the damaged file is kept aside), "
        "or name one: `rapport restore BACKUP`."
    )


def latest_good_backup(db_path: Path | str) -> Backup | None:
    """The newest restorable backup that passes ``quick_check``."""
    for b in list_backups(db_path):
        if b.restorable and check_file(b.path) is None:
            return b
    return None


def _side_files(path: Path) -> list[Path]:
    return [Path(str(path) + s) for s in ("-wal", "-shm", "-journal")]


def _checkpoint(db_path: Path) -> None:
    """Fold the WAL of a readable database into its main file and leave WAL mode, so the main file
    alone is the whole state. Refused (``BackupError``) while another connection has the file open:
    a window still writing to it would write into the file set aside, and that would be lost."""
    try:
        conn = sqlite3.connect(str(db_path), timeout=2)
    except sqlite3.Error:
        return
    try:
        try:
            mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        except sqlite3.OperationalError:
            mode = "wal"  # locked: someone else has it open
        except sqlite3.Error:
            return  # damaged after all: kept aside as it is
        if str(mode).lower() != "delete":
            raise BackupError(
                f"{db_path} is open in another Rapport (a window or a command still running): "
                "close it, then restore."
            )
    finally:
        conn.close()


def set_aside(db_path: Path | str, label: str = "before-restore") -> Path | None:
    """Keep the database file (and its WAL) in the backups folder as it is; None when there is none.

    The main file is hard-linked (copied where links are not possible), never rewritten through
    SQLite: a damaged file stays exactly as it was. Its WAL and shared-memory files are moved away,
    so the path holds a self-contained file that a restore can atomically replace. At no moment is
    there no file at ``db_path``: a crash during a restore leaves the old or the new database there.
    """
    db_path = Path(db_path)
    if not db_path.exists():
        return None
    if check_file(db_path) is None:  # a damaged file is not written to, not even by a checkpoint
        _checkpoint(db_path)
    target = _new_path(db_path, label, dt.datetime.now())
    try:
        os.link(db_path, target)
    except OSError:
        import shutil

        shutil.copy2(db_path, target)
        target.chmod(0o600)
    for side, dest in zip(_side_files(db_path), _side_files(target)):
        if side.exists():
            if side.name.endswith("-shm"):
                side.unlink()  # shared memory index: rebuilt from the WAL
            else:
                os.replace(side, dest)
    return target


def restore_backup(db_path: Path | str, backup: Path | str | None = None) -> tuple[Path, Path | None]:
    """Put a backup (or the latest good one) in place of the database at ``db_path``.

    The current file, whatever its state, is first set aside into the backups folder. The shared
    database object must not be bound to ``db_path`` (it is closed here if it is). Returns
    ``(backup used, where the old file went)``.
    """
    db_path = Path(db_path)
    if backup is None:
        found = latest_good_backup(db_path)
        if found is None:
            raise BackupError(f"There is no good backup of {db_path} in {chosen_dir(db_path)}.")
        source = found.path
    else:
        source = Path(backup)
        if not source.is_file():
            # a bare name from `rapport backup`'s listing
            found = [f / source.name for f in _folders(db_path) if (f / source.name).is_file()]
            if not found:
                raise BackupError(f"{backup} is not a backup file.")
            source = found[0]
        problem = check_file(source)
        if problem is not None:
            raise BackupError(f"{source} cannot be restored: {problem}.")
    if current_db_path() is not None and current_db_path().resolve() == db_path.resolve():
        database.close()
    if db_path.exists() and check_file(db_path) is None:
        _checkpoint(db_path)  # before anything is written: refuses while another process has it open
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.restoring")
    for p in (tmp, Path(str(tmp) + ".part"), *_side_files(tmp)):
        if p.exists():
            p.unlink()
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            _copy_from(src, tmp)
        finally:
            src.close()
    except (sqlite3.Error, OSError) as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise BackupError(f"{source} could not be copied into place ({exc}).") from exc
    aside = set_aside(db_path, "before-restore")
    os.replace(tmp, db_path)
    db_path.chmod(0o600)
    log.info("restored %s (old file set aside: %s)", source.name, aside.name if aside else "none")
    return source, aside
