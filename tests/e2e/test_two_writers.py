"""Two writers at once lose nothing: what the window does (log exchanges, add contacts, in short transactions)
runs in processes of their own while the command line imports a file and logs through `rapport log`.
Afterwards every row is there and no process saw "database is locked" (WAL + busy timeout)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from tests.e2e.test_crash_safety import ROOT, _cards, _cli, _env, _make_db

pytestmark = pytest.mark.slow

EXCHANGES = 400
CONTACTS = 300
IMPORTED = 1500
CLI_LOGS = 4

WINDOW_LIKE = """
import sys, datetime as dt
from desktop.domain.contact import ContactData, Email
from desktop.services.contacts import add_contact
from desktop.services.timeline import log_exchange
from desktop.storage.db import open_database
open_database(sys.argv[1])
what, n = sys.argv[2], int(sys.argv[3])
for i in range(n):
    if what == "exchanges":
        log_exchange([1 + i % 10], "favour", "given", dt.date(2026, 11, 1), summary=f"w{i}")
    else:
        add_contact(ContactData(full_name=f"Window {i}", emails=[Email(f"w{i}@example.org")]), "US")
print("done", n)
"""


def test_window_and_command_line_write_at_once_and_nothing_is_lost(tmp_path):
    seed = tmp_path / "seed.vcf"
    seed.write_text(_cards(10, start=50000))
    db = _make_db(tmp_path / "db" / "r.sqlite3", [["import", str(seed)]])
    big = tmp_path / "big.vcf"
    big.write_text(_cards(IMPORTED))

    def start(args):
        return subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    procs = [
        start(["-c", WINDOW_LIKE, str(db), "exchanges", str(EXCHANGES)]),
        start(["-c", WINDOW_LIKE, str(db), "contacts", str(CONTACTS)]),
        start(_cli(db, "import", str(big))),
    ]
    # the command line logging while all that runs
    cli_out = []
    for i in range(CLI_LOGS):
        r = subprocess.run(
            [sys.executable, *_cli(db, "log", "referral", "--with", "Person 50001", "--note", f"cli {i}")],
            cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        cli_out.append(r)
    results = [(p, *p.communicate(timeout=300)) for p in procs]
    for p, out, err in results:
        assert p.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
    for r in cli_out:
        assert r.returncode == 0, r.stderr
        assert "locked" not in r.stderr
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT count(*) FROM exchange").fetchone()[0] == EXCHANGES + CLI_LOGS
        assert conn.execute("SELECT count(*) FROM exchange WHERE summary LIKE 'w%'").fetchone()[0] == EXCHANGES
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 10 + CONTACTS + IMPORTED
        assert conn.execute("SELECT count(*) FROM contact_email").fetchone()[0] == 10 + CONTACTS + IMPORTED
        assert conn.execute("SELECT count(*) FROM contact_search").fetchone()[0] == 10 + CONTACTS + IMPORTED
        ids = [r[0] for r in conn.execute("SELECT id FROM contact ORDER BY id")]
        assert ids == list(range(1, len(ids) + 1))  # no id handed out twice, none lost
    finally:
        conn.close()
    total = EXCHANGES + CONTACTS + IMPORTED + CLI_LOGS
    print(f"two writers: {total} rows written concurrently by 3 processes and {CLI_LOGS} CLI runs, none lost")
