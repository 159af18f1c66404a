"""Crash safety: SIGKILL a real process at random moments during an import, an edit loop, a merge and a
migration; afterwards the file passes ``PRAGMA integrity_check`` and holds exactly the state before or
after the interrupted operation (compared as a canonical dump of the tables, timestamps left out).

Bounded: KILLS kills per operation, each at a random moment of a run whose length was measured once.
The random seed is printed so a failure can be replayed (RAPPORT_CRASH_SEED=...).
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

KILLS = int(os.environ.get("RAPPORT_CRASH_KILLS", "10"))
SEED = int(os.environ.get("RAPPORT_CRASH_SEED", str(random.randrange(1 << 30))))
ROOT = Path(__file__).resolve().parents[2]
TALLY: dict[str, dict[str, int]] = {}

# Columns that differ between two runs of the same operation: when, and the random UID a contact
# without one is given (a uuid4; the reference run and the killed run each draw their own).
_TIMES = {"created_at", "updated_at", "imported_at", "changed_at", "uid"}
_TABLES = (
    "contact", "contact_phone", "contact_email", "contact_address", "contact_url", "contact_tag", "tag",
    "contact_photo", "imported_card", "undo_record", "interaction", "exchange", "exchange_contact", "schema_version",
)  # fmt: skip


def canonical_dump(db: Path) -> str:
    """A hash of what the tables hold (not when it was written); also checks integrity."""
    conn = sqlite3.connect(db, timeout=10)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        h = hashlib.sha256()
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in _TABLES:
            if table not in tables:
                h.update(f"<no {table}>".encode())
                continue
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in _TIMES]
            order = ", ".join(cols)
            for row in conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}"):
                h.update(repr(row).encode())
        if "contact_search" in tables:
            for row in conn.execute("SELECT rowid, name, other FROM contact_search ORDER BY rowid"):
                h.update(repr(row).encode())
        if "undo_record" in tables:  # the payload holds no times, but created_at must be sane
            assert conn.execute("SELECT count(*) FROM undo_record WHERE created_at IS NULL").fetchone()[0] == 0
        return h.hexdigest()
    finally:
        conn.close()


def _counts(db: Path) -> dict:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("contact", "imported_card", "undo_record")}
    finally:
        conn.close()


def _env() -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("RAPPORT_DB", None)
    return env


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,  # the import's worker processes die with it
    )  # fmt: skip


def _kill_at(proc: subprocess.Popen, delay: float) -> bool:
    """SIGKILL the process group after ``delay`` s; True if it was still running."""
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        pass
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    return True


def _run_watching(args: list[str], marker: Path, pattern: str) -> tuple[float, float]:
    """Run to the end; returns (when a file matching ``pattern`` appeared in ``marker``, total time).

    The backup made just before the write transaction marks where the writes begin: kills aim there.
    """
    t0 = time.perf_counter()
    proc = _start(args)
    seen = None
    while proc.poll() is None:
        if seen is None and marker.is_dir() and any(marker.glob(pattern)):
            seen = time.perf_counter() - t0
        time.sleep(0.005)
    total = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr.read().decode()
    return (seen if seen is not None else 0.45 * total), total


def _run(args: list[str]) -> float:
    t0 = time.perf_counter()
    proc = _start(args)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    return time.perf_counter() - t0


def _cli(db: Path, *args: str) -> list[str]:
    return ["-m", "desktop", "--db", str(db), *args]


def _fresh(base: Path, work: Path) -> Path:
    if work.parent.exists():
        shutil.rmtree(work.parent)
    work.parent.mkdir(parents=True)
    shutil.copy(base, work)
    return work


def _cards(n: int, *, start: int = 0, extra: str = "") -> str:
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i:05d}\r\nN:{i:05d};Person;;;\r\nEMAIL:p{i}@example.com\r\n"
        f"TEL;TYPE=CELL:+1 202 555 {i % 10000:04d}\r\nNOTE:note {i}\r\nCATEGORIES:crash,t{i % 7}\r\n{extra}END:VCARD\r\n"
        for i in range(start, start + n)
    )


@pytest.fixture(scope="module", autouse=True)
def _report(request):
    yield
    line = f"crash safety (seed {SEED}): " + "; ".join(
        f"{op}: {t['kills']} kills ({t['before']} before, {t['after']} after, {t.get('between', 0)} between steps"
        + (f", {t['edits']} edits committed" if "edits" in t else "") + ")"
        for op, t in TALLY.items()
    )
    _show(request, line)


def _show(request, line: str) -> None:
    """Print past pytest's capture (a module fixture's teardown is captured too)."""
    tr = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if tr is None:
        return
    if capture is None:
        tr.write_line(line)
        return
    with capture.global_and_fixture_disabled():
        tr.write_line("")
        tr.write_line(line)


def _kill_loop(op: str, base: Path, work: Path, args: list[str], span: tuple[float, float], before: str, after: str,
               *, between: set[str] = frozenset(), finish=None) -> None:  # fmt: skip
    rng = random.Random(f"{SEED}-{op}")
    tally = TALLY.setdefault(op, {"kills": 0, "before": 0, "after": 0, "between": 0})
    for n in range(KILLS):
        _fresh(base, work)
        start, full = span  # from the backup before the writes to the end of the reference run
        delay = rng.uniform(max(0.0, start - 0.05), full * 1.02)
        killed = _kill_at(_start(args), delay)
        tally["kills"] += killed
        state = canonical_dump(work)
        if state == before:
            tally["before"] += 1
        elif state == after:
            tally["after"] += 1
        elif state in between:
            tally["between"] += 1
        else:
            kept = work.parent.parent / f"failed-{op}-{n}.sqlite3"
            shutil.copy(work, kept)
            pytest.fail(
                f"{op}: kill {n} at {delay:.2f} s left a state that is neither before nor after (seed {SEED}): "
                f"{_counts(work)}; kept as {kept}"
            )
        if finish is not None:
            finish(work)


def _make_db(path: Path, setup_args: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    for args in setup_args:
        _run(_cli(path, *args))
    # a clean base file: WAL checkpointed into the main file, backups left out
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def test_kill_during_import(tmp_path):
    vcf = tmp_path / "cards.vcf"
    vcf.write_text(_cards(2000))
    seed_vcf = tmp_path / "seed.vcf"
    seed_vcf.write_text(_cards(20, start=90000))
    base = _make_db(tmp_path / "base" / "r.sqlite3", [["import", str(seed_vcf)]])
    before = canonical_dump(base)
    ref = _fresh(base, tmp_path / "ref" / "r.sqlite3")
    span = _run_watching(_cli(ref, "import", str(vcf)), ref.parent / "backups", "*before-import*")
    after = canonical_dump(ref)
    assert before != after
    _kill_loop("import", base, tmp_path / "work" / "r.sqlite3", _cli(tmp_path / "work" / "r.sqlite3", "import", str(vcf)),
               span, before, after)  # fmt: skip


def test_kill_during_a_merge(tmp_path):
    base_vcf = tmp_path / "base.vcf"
    base_vcf.write_text(_cards(600))
    merge_vcf = tmp_path / "merge.vcf"  # the same people (same emails) with a title and a URL: every card merges
    merge_vcf.write_text(_cards(600, extra="TITLE:Partner\r\nURL:https://example.com/p\r\n").replace("NOTE:note", "NOTE:more"))
    base = _make_db(tmp_path / "base" / "r.sqlite3", [["import", str(base_vcf)]])
    before = canonical_dump(base)
    ref = _fresh(base, tmp_path / "ref" / "r.sqlite3")
    span = _run_watching(_cli(ref, "import", str(merge_vcf)), ref.parent / "backups", "*before-import*")
    after = canonical_dump(ref)
    conn = sqlite3.connect(ref)
    assert conn.execute("SELECT count(*) FROM undo_record WHERE kind = 'merge'").fetchone()[0] == 600
    conn.close()
    _kill_loop("merge", base, tmp_path / "work" / "r.sqlite3", _cli(tmp_path / "work" / "r.sqlite3", "import", str(merge_vcf)),
               span, before, after)  # fmt: skip


EDIT_LOOP = """
import sys
from desktop.domain.contact import ContactData, Email, Phone
from desktop.services.contacts import replace_contact
from desktop.storage.db import open_database
open_database(sys.argv[1])
n = int(sys.argv[2])
i = 0
while True:
    cid = i % n + 1
    replace_contact(cid, ContactData(
        full_name=f"Person v{i}", given_name=f"v{i}", note=f"note v{i} " * 50,
        phones=[Phone(f"+1 202 555 {i % 10000:04d}", "cell")], emails=[Email(f"v{i}@example.com")], tags=[f"t{i}"],
    ), "US")
    i += 1
"""


def _edit_state(db: Path, n: int) -> int:
    """Check the edit loop's invariant and return how many edits were committed."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        versions = {}
        for cid, given, note, full in conn.execute("SELECT id, given_name, note, full_name FROM contact"):
            if not given.startswith("v"):
                versions[cid] = -1  # never edited
                continue
            v = int(given[1:])
            assert note == f"note v{v} " * 50 and full == f"Person v{v}"
            phones = conn.execute("SELECT value FROM contact_phone WHERE contact_id = ?", (cid,)).fetchall()
            emails = conn.execute("SELECT value FROM contact_email WHERE contact_id = ?", (cid,)).fetchall()
            tags = conn.execute(
                "SELECT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = ?", (cid,)
            ).fetchall()
            indexed = conn.execute("SELECT name FROM contact_search WHERE rowid = ?", (cid,)).fetchall()
            assert phones == [(f"+1 202 555 {v % 10000:04d}",)] and emails == [(f"v{v}@example.com",)]
            assert tags == [(f"t{v}",)] and f"v{v}" in indexed[0][0]
            versions[cid] = v
        done = max(versions.values()) + 1
        for cid, v in versions.items():  # exactly the state after `done` edits, round robin
            expect = max((i for i in range(done) if i % n + 1 == cid), default=-1)
            assert v == expect, (cid, v, expect, done)
        return done
    finally:
        conn.close()


def test_kill_during_edits(tmp_path):
    n = 40
    seed_vcf = tmp_path / "seed.vcf"
    seed_vcf.write_text(_cards(n))
    base = _make_db(tmp_path / "base" / "r.sqlite3", [["import", str(seed_vcf)]])
    work = tmp_path / "work" / "r.sqlite3"
    rng = random.Random(f"{SEED}-edit")
    tally = TALLY.setdefault("edit", {"kills": 0, "before": 0, "after": 0})
    edits = 0
    for _ in range(KILLS):
        _fresh(base, work)
        proc = _start(["-c", EDIT_LOOP, str(work), str(n)])
        assert _kill_at(proc, rng.uniform(1.0, 2.5)), proc.stderr.read().decode()
        tally["kills"] += 1
        done = _edit_state(work, n)
        edits += done
        tally["after" if done else "before"] += 1
    tally["edits"] = edits


def _v1_database(path: Path, sql: Path, contacts: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(sql.read_text())
    now = "2026-01-01 00:00:00"
    cols = [r[1] for r in conn.execute("PRAGMA table_info(contact)") if r[1] != "id"]
    rows = []
    for i in range(contacts):
        row = {c: "" for c in cols}
        row.update(full_name=f"Migrated {i:05d}", given_name="Migrated", family_name=f"{i:05d}", sort_name=f"migrated {i:05d}",
                   has_photo=0, priority=0, archived=0, created_at=now, updated_at=now, birthday=f"1980-{i % 12 + 1:02d}-15",
                   note=f"note {i} " * 20, uid=f"uid-{i}")  # fmt: skip
        for c in ("met_event_id", "cadence_days", "snoozed_until", "last_contact", "deleted_at"):
            row[c] = None
        rows.append([row[c] for c in cols])
    conn.executemany(f"INSERT INTO contact ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
    conn.commit()
    conn.close()
    return path


def _version(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    finally:
        conn.close()


def test_kill_during_a_migration(tmp_path, data_dir):
    base = _v1_database(tmp_path / "base" / "r.sqlite3", data_dir / "db" / "rapport-v1.sql", 8000)
    before = canonical_dump(base)
    ref = _fresh(base, tmp_path / "ref" / "r.sqlite3")
    span = _run_watching(_cli(ref, "list"), ref.parent / "backups", "*before-v*")
    after = canonical_dump(ref)
    from desktop.storage.migrations import LATEST_VERSION

    assert _version(ref) == LATEST_VERSION
    # Each version on the way is a state the ladder commits (one transaction per step): accepted too.
    between = set()
    for version in range(2, LATEST_VERSION):
        mid = _fresh(base, tmp_path / f"v{version}" / "r.sqlite3")
        code = (
            "import sys; from pathlib import Path; from desktop.storage import migrations as m; "
            f"from desktop.storage.db import bind; m.LATEST_VERSION = {version}; db = bind(sys.argv[1]); "
            "m.migrate(db, Path(sys.argv[1]))"
        )
        _run(["-c", code, str(mid)])
        between.add(canonical_dump(mid))

    def finish(work: Path) -> None:
        # whatever state the kill left, opening again completes the climb to the same result
        _run(_cli(work, "list"))
        assert canonical_dump(work) == after

    work = tmp_path / "work" / "r.sqlite3"
    _kill_loop("migration", base, work, _cli(work, "list"), span, before, after, between=between, finish=finish)
