"""The migration ladder: an older database is copied aside and upgraded; a newer one is refused."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.services import contacts
from desktop.services.session import DatabaseError, close_database, open_database
from desktop.storage.migrations import LATEST_VERSION
from desktop.storage.models import Contact, SchemaVersion


def make_v1(path, data_dir):
    con = sqlite3.connect(path)
    con.executescript((data_dir / "db" / "rapport-v1.sql").read_text(encoding="utf-8"))
    con.close()


def test_v1_database_is_backed_up_then_upgraded(tmp_path, data_dir):
    path = tmp_path / "old.sqlite3"
    make_v1(path, data_dir)
    before = path.read_bytes()
    open_database(path)
    try:
        assert SchemaVersion.get().version == LATEST_VERSION
        zoe = Contact.get_by_id(1)
        assert zoe.birthday_md == "04-15"
        assert Contact.get_by_id(2).birthday_md == "11-02"
        rec = contacts.load_record(2)
        assert rec.data.extra_lines == ["X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Marc"]
        # The search index was filled for the existing contacts, folded.
        hits = Contact._meta.database.execute_sql(
            "SELECT rowid FROM contact_search WHERE contact_search MATCH '\"odegard\"'"
        ).fetchall()
        assert hits == [(1,)]
    finally:
        close_database()
    backups = list((tmp_path / "backups").glob("old-before-v*.sqlite3"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version FROM schema_version").fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM contact").fetchone() == (2,)
    con.close()
    assert before  # the original was a real file, now upgraded in place


def test_a_failing_step_leaves_the_database_at_its_old_version(tmp_path, data_dir, monkeypatch):
    from desktop.storage import migrations

    path = tmp_path / "old.sqlite3"
    make_v1(path, data_dir)

    def broken(db):
        db.execute_sql("ALTER TABLE contact ADD COLUMN birthday_md VARCHAR(255) NOT NULL DEFAULT ''")
        raise RuntimeError("power cut")

    monkeypatch.setitem(migrations.STEPS, 2, broken)
    with pytest.raises(RuntimeError):
        open_database(path)
    close_database()
    con = sqlite3.connect(path)
    assert con.execute("SELECT version FROM schema_version").fetchone() == (1,)
    columns = [r[1] for r in con.execute("PRAGMA table_info(contact)")]
    assert "birthday_md" not in columns  # the half-done step was rolled back
    con.close()


def test_newer_database_is_refused_and_untouched(tmp_path, db_path):
    open_database(db_path)
    SchemaVersion.update(version=LATEST_VERSION + 5).execute()
    close_database()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError, match="newer Rapport"):
        open_database(db_path)
    close_database()
    assert db_path.read_bytes() == before


def test_the_search_index_a_migration_asks_for_is_rebuilt_even_after_a_crash(tmp_path, data_dir, monkeypatch):
    from desktop.services import contacts as contacts_service
    from desktop.storage import migrations

    path = tmp_path / "old.sqlite3"
    make_v1(path, data_dir)

    def power_cut():
        raise RuntimeError("power cut while indexing")

    monkeypatch.setattr(contacts_service, "reindex_all", power_cut)
    with pytest.raises(RuntimeError):
        open_database(path)
    close_database()
    con = sqlite3.connect(path)
    # The rebuild runs in the last step's transaction: that step went back with it; the mark stays.
    assert con.execute("SELECT version FROM schema_version").fetchone() == (LATEST_VERSION - 1,)
    assert con.execute("SELECT count(*) FROM setting WHERE key = ?", (migrations.REINDEX_PENDING,)).fetchone() == (1,)
    con.close()

    monkeypatch.undo()
    db = open_database(path)  # the next opening finishes the job
    try:
        hits = db.execute_sql("SELECT rowid FROM contact_search WHERE contact_search MATCH '\"odegard\"'").fetchall()
        assert hits == [(1,)]
        assert not migrations.reindex_pending(db)
    finally:
        close_database()


def test_v5_dates_introduction_links_drops_stored_organisation_links_and_counts_changes(tmp_path, data_dir):
    from desktop.services import changes, knows

    path = tmp_path / "old.sqlite3"
    make_v1(path, data_dir)
    con = sqlite3.connect(path)
    con.executescript(
        "INSERT INTO exchange (id, occurred_on, kind, direction, weight, status, outcome, third_party_id, "
        "third_party_name, summary, notes, created_at) "
        "VALUES (1, '2025-05-01', 'introduction', 'given', 3, 'done', '', 2, '', '', '', '2025-05-01 10:00:00');"
        "INSERT INTO exchange_contact (exchange_id, contact_id) VALUES (1, 1);"
        "INSERT INTO knows (a_id, b_id, source, created_at) VALUES (1, 2, 'introduction', '2025-05-02 10:00:00');"
        "INSERT INTO knows (a_id, b_id, source, created_at) VALUES (2, 1, 'organisation', '2025-05-02 10:00:00');"
    )
    con.commit()
    con.close()
    db = open_database(path)
    try:
        rows = db.execute_sql("SELECT a_id, b_id, source, how, date FROM knows").fetchall()
        assert rows == [(1, 2, "introduction", "", "2025-05-01")]
        before = changes.counts()
        assert set(before) == set(changes.TOPICS)
        knows.add_link(1, 2, "friend")  # a second row for the pair: one per source now
        assert changes.counts()["knows"] > before["knows"]
    finally:
        close_database()


def test_the_ladder_has_one_step_per_version_each_defined_once():
    """Branches that each add "the next step" can merge into two functions of one name, the second
    silently hiding the first: every step function is defined once and the ladder has no gap."""
    import ast
    from pathlib import Path

    from desktop.storage import migrations

    tree = ast.parse(Path(migrations.__file__).read_text(encoding="utf-8"))
    names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    assert sorted(migrations.STEPS) == list(range(2, LATEST_VERSION + 1))
    assert {f.__name__ for f in migrations.STEPS.values()} == {f"_step_{v}" for v in migrations.STEPS}
