"""The schema version ladder: create a new database at the latest version, or
copy an older one aside and climb it one step at a time, each step in one
transaction. A database newer than this code is refused.

Every step is frozen in time: it carries its own SQL and never uses today's
models or services, which will have changed by the time an old file is opened.
Work that needs today's code (filling the search index) is the services': a
step marks it pending in the file itself (``REINDEX_PENDING``, a row of the
setting table), and ``migrate`` calls the ``rebuild_index`` the services hand it
(``services.session.open_database`` does) inside the transaction of the last
step, then clears the mark. A crash leaves the file at a version the ladder
committed, mark included, and the next opening finishes the climb.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

from peewee import SqliteDatabase

from desktop.storage.db import DatabaseError, create_private_file
from desktop.storage.models import ALL_MODELS, SchemaVersion

LATEST_VERSION = 7

# The setting row a step leaves when the search index must be rebuilt by today's services.
REINDEX_PENDING = "migration.reindex_search"

SEARCH_TABLE_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS contact_search "
    "USING fts5(name, other, tokenize='trigram')"
)


def _step_2(db: SqliteDatabase) -> None:
    """v1 -> v2: the full-text search index and the birthday month-day column."""
    db.execute_sql("ALTER TABLE contact ADD COLUMN birthday_md VARCHAR(255) NOT NULL DEFAULT ''")
    db.execute_sql("CREATE INDEX IF NOT EXISTS contact_birthday_md ON contact (birthday_md)")
    db.execute_sql(
        "UPDATE contact SET birthday_md = substr(birthday, -5) "
        "WHERE length(birthday) >= 7 AND substr(birthday, -3, 1) = '-'"
    )
    db.execute_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS contact_search USING fts5(name, other, tokenize='trigram')"
    )
    # The index is filled with the text today's contacts service writes, once the ladder is climbed.
    db.execute_sql("INSERT OR REPLACE INTO setting (key, value) VALUES (?, 'true')", (REINDEX_PENDING,))


def _step_3(db: SqliteDatabase) -> None:
    """v2 -> v3: what was done or snoozed on the Today list."""
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "today_state" '
        '("ref" VARCHAR(255) NOT NULL PRIMARY KEY, "done_on" DATE, "snoozed_until" DATE)'
    )


# Frozen as version 4 created them (peewee's DDL for SyncAccount, SyncCard, SyncConflict then).
_STEP_4_SQL = (
    'CREATE TABLE IF NOT EXISTS "sync_account" ("id" INTEGER NOT NULL PRIMARY KEY, "key" VARCHAR(255) NOT NULL, '
    '"name" VARCHAR(255) NOT NULL, "url" VARCHAR(255) NOT NULL, "user" VARCHAR(255) NOT NULL, '
    '"secret_store" VARCHAR(255) NOT NULL, "fingerprint" VARCHAR(255) NOT NULL, "vcard_version" VARCHAR(255) NOT NULL, '
    '"is_default" INTEGER NOT NULL, "sync_token" TEXT NOT NULL, "ctag" TEXT NOT NULL, "last_sync" DATETIME, '
    '"created_at" DATETIME NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "sync_account_key" ON "sync_account" ("key")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "sync_account_name" ON "sync_account" ("name")',
    'CREATE TABLE IF NOT EXISTS "sync_card" ("id" INTEGER NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL, '
    '"href" VARCHAR(255) NOT NULL, "etag" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "contact_id" INTEGER, '
    '"uid" VARCHAR(255) NOT NULL, "base" TEXT NOT NULL, "local_hash" VARCHAR(255) NOT NULL, '
    'FOREIGN KEY ("account_id") REFERENCES "sync_account" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE SET NULL)',
    'CREATE INDEX IF NOT EXISTS "sync_card_account_id" ON "sync_card" ("account_id")',
    'CREATE INDEX IF NOT EXISTS "sync_card_contact_id" ON "sync_card" ("contact_id")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "sync_card_account_id_href" ON "sync_card" ("account_id", "href")',
    'CREATE TABLE IF NOT EXISTS "sync_conflict" ("id" INTEGER NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL, '
    '"contact_id" INTEGER NOT NULL, "field" VARCHAR(255) NOT NULL, "kept" TEXT NOT NULL, "other" TEXT NOT NULL, '
    '"other_value" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "resolved_at" DATETIME, '
    'FOREIGN KEY ("account_id") REFERENCES "sync_account" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)',
    'CREATE INDEX IF NOT EXISTS "sync_conflict_account_id" ON "sync_conflict" ("account_id")',
    'CREATE INDEX IF NOT EXISTS "sync_conflict_contact_id" ON "sync_conflict" ("contact_id")',
)


def _step_4(db: SqliteDatabase) -> None:
    """v3 -> v4: CardDAV accounts, the per-card sync status table and the conflicts to review (issue 14)."""
    for sql in _STEP_4_SQL:
        db.execute_sql(sql)
# v5's change counters: (table, event, topic). Each row becomes one trigger that counts a change of
# that topic, so a service can tell from one small read whether what it cached is still true (a
# write from another process counts too). Frozen with the step; a later step that changes the set
# carries its own, and ``_create_latest`` runs both.
_V5_TOPICS = ("knows", "exchanges", "needs", "people", "feedback", "settings")
_V5_TRIGGERS = (
    ("knows", "INSERT", "knows"), ("knows", "UPDATE", "knows"), ("knows", "DELETE", "knows"),
    ("exchange", "INSERT", "exchanges"), ("exchange", "UPDATE", "exchanges"), ("exchange", "DELETE", "exchanges"),
    ("exchange_contact", "INSERT", "exchanges"), ("exchange_contact", "DELETE", "exchanges"),
    ("need_offer", "INSERT", "needs"), ("need_offer", "UPDATE", "needs"), ("need_offer", "DELETE", "needs"),
    ("contact", "INSERT", "people"), ("contact", "DELETE", "people"),
    ("contact", "UPDATE OF full_name, organization, title, role, uid, extra_vcard, met_event_id, deleted_at", "people"),
    ("group_member", "INSERT", "people"), ("group_member", "DELETE", "people"),
    ("event_attendee", "INSERT", "people"), ("event_attendee", "DELETE", "people"),
    ("event", "UPDATE OF date, deleted_at", "people"), ("event", "DELETE", "people"),
    ("network_group", "UPDATE OF deleted_at", "people"), ("network_group", "DELETE", "people"),
    ("intro_feedback", "INSERT", "feedback"), ("intro_feedback", "DELETE", "feedback"),
    ("today_state", "INSERT", "feedback"), ("today_state", "UPDATE", "feedback"), ("today_state", "DELETE", "feedback"),
    ("setting", "INSERT", "settings"), ("setting", "UPDATE", "settings"), ("setting", "DELETE", "settings"),
)  # fmt: skip


def _change_counters_v5(db: SqliteDatabase) -> None:
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "change_count" ("topic" VARCHAR(255) NOT NULL PRIMARY KEY, "n" INTEGER NOT NULL)'
    )
    for topic in _V5_TOPICS:
        db.execute_sql("INSERT OR IGNORE INTO change_count (topic, n) VALUES (?, 0)", (topic,))
    for table, event, topic in _V5_TRIGGERS:
        name = f"count_{table}_{event.split()[0].lower()}"
        db.execute_sql(
            f'CREATE TRIGGER IF NOT EXISTS "{name}" AFTER {event} ON "{table}" '
            f"BEGIN UPDATE change_count SET n = n + 1 WHERE topic = '{topic}'; END"
        )


def _step_5(db: SqliteDatabase) -> None:
    """v4 -> v5: knows links say how and when, and a pair has one row per source; feedback on
    suggested introductions; the change counters."""
    have = {row[1] for row in db.execute_sql("PRAGMA table_info(knows)")}  # a step may meet a file half-way
    if "how" not in have:
        db.execute_sql("""ALTER TABLE knows ADD COLUMN "how" VARCHAR(255) NOT NULL DEFAULT ''""")
    if "date" not in have:
        db.execute_sql('ALTER TABLE knows ADD COLUMN "date" DATE')
    db.execute_sql("DROP INDEX IF EXISTS knows_a_id_b_id")
    # A shared organisation is now inferred from the contacts as they are today; rows stored for it
    # said nothing a person entered.
    db.execute_sql("DELETE FROM knows WHERE source = 'organisation'")
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "knows_a_id_b_id_source" ON "knows" ("a_id", "b_id", "source")')
    # An introduction's link is dated by the first live introduction exchange that joined the two
    # (every pair of its contacts and third party), found in one pass rather than once per link.
    db.execute_sql(
        """CREATE TEMP TABLE intro_pair AS
           SELECT min(x, y) AS a, max(x, y) AS b, min(d) AS d FROM (
             SELECT ec.contact_id AS x, e.third_party_id AS y, e.occurred_on AS d
               FROM exchange e JOIN exchange_contact ec ON ec.exchange_id = e.id
              WHERE e.kind = 'introduction' AND e.deleted_at IS NULL AND e.third_party_id IS NOT NULL
             UNION ALL
             SELECT p.contact_id, q.contact_id, e.occurred_on
               FROM exchange e JOIN exchange_contact p ON p.exchange_id = e.id
               JOIN exchange_contact q ON q.exchange_id = e.id AND q.contact_id > p.contact_id
              WHERE e.kind = 'introduction' AND e.deleted_at IS NULL)
           WHERE x != y GROUP BY min(x, y), max(x, y)"""
    )
    db.execute_sql("CREATE UNIQUE INDEX temp.intro_pair_ab ON intro_pair (a, b)")
    db.execute_sql(
        "UPDATE knows SET date = (SELECT d FROM intro_pair p WHERE p.a = knows.a_id AND p.b = knows.b_id) "
        "WHERE source = 'introduction'"
    )
    db.execute_sql("DROP TABLE temp.intro_pair")
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "intro_feedback" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"kind" VARCHAR(255) NOT NULL, "a_id" INTEGER NOT NULL, "b_id" INTEGER NOT NULL, '
        '"given_on" DATE NOT NULL, "created_at" DATETIME NOT NULL, '
        'FOREIGN KEY ("a_id") REFERENCES "contact" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("b_id") REFERENCES "contact" ("id") ON DELETE CASCADE)'
    )
    db.execute_sql('CREATE INDEX IF NOT EXISTS "intro_feedback_a_id" ON "intro_feedback" ("a_id")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "intro_feedback_b_id" ON "intro_feedback" ("b_id")')
    _change_counters_v5(db)


# Frozen as version 6 created them (peewee's DDL for ContactKey and DismissedPair then).
_STEP_6_SQL = (
    "ALTER TABLE contact ADD COLUMN connected_on VARCHAR(255) NOT NULL DEFAULT ''",
    'CREATE TABLE IF NOT EXISTS "contact_key" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, '
    '"key" VARCHAR(255) NOT NULL, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)',
    'CREATE INDEX IF NOT EXISTS "contact_key_contact_id" ON "contact_key" ("contact_id")',
    'CREATE INDEX IF NOT EXISTS "contact_key_key" ON "contact_key" ("key")',
    'CREATE TABLE IF NOT EXISTS "dismissed_pair" ("id" INTEGER NOT NULL PRIMARY KEY, "a_id" INTEGER NOT NULL, '
    '"b_id" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("a_id") REFERENCES "contact" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("b_id") REFERENCES "contact" ("id") ON DELETE CASCADE)',
    'CREATE INDEX IF NOT EXISTS "dismissed_pair_a_id" ON "dismissed_pair" ("a_id")',
    'CREATE INDEX IF NOT EXISTS "dismissed_pair_b_id" ON "dismissed_pair" ("b_id")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "dismissed_pair_a_id_b_id" ON "dismissed_pair" ("a_id", "b_id")',
)


def _step_6(db: SqliteDatabase) -> None:
    """v5 -> v6: the LinkedIn connection date, the lookup keys of profiles and names at a company,
    and the pairs a person said are not duplicates (issue 13)."""
    for sql in _STEP_6_SQL:
        db.execute_sql(sql)
    # The lookup keys are today's matching code's to compute: filled with the search index.
    db.execute_sql("INSERT OR REPLACE INTO setting (key, value) VALUES (?, 'true')", (REINDEX_PENDING,))


# Frozen as version 7 defines a touch (services.touches then): interactions and exchanges a contact is
# on, introductions you made where they are the other side, events they attended, the day they
# connected on LinkedIn.
_STEP_7_LAST_CONTACT = (
    "UPDATE contact SET last_contact = (SELECT max(d) FROM ("
    "SELECT i.occurred_on AS d FROM interaction i JOIN interaction_contact ic ON ic.interaction_id = i.id "
    "WHERE i.deleted_at IS NULL AND ic.contact_id = contact.id "
    "UNION ALL SELECT e.occurred_on FROM exchange e JOIN exchange_contact ec ON ec.exchange_id = e.id "
    "WHERE e.deleted_at IS NULL AND ec.contact_id = contact.id "
    "UNION ALL SELECT e.occurred_on FROM exchange e WHERE e.deleted_at IS NULL AND e.kind = 'introduction' "
    "AND e.direction = 'given' AND e.third_party_id = contact.id "
    "UNION ALL SELECT ev.date FROM event ev JOIN event_attendee ea ON ea.event_id = ev.id "
    "WHERE ev.deleted_at IS NULL AND ea.contact_id = contact.id "
    "UNION ALL SELECT NULLIF(contact.connected_on, '')))"
)


def _step_7(db: SqliteDatabase) -> None:
    """v6 -> v7 (issue 12): a contact met at an event attended it, and an event (or being introduced) is
    a touch: the stored last contact is recomputed by that rule."""
    db.execute_sql(
        "INSERT OR IGNORE INTO event_attendee (event_id, contact_id) "
        "SELECT met_event_id, id FROM contact WHERE met_event_id IS NOT NULL"
    )
    db.execute_sql(_STEP_7_LAST_CONTACT)


# STEPS[n] takes a database at version n-1 to version n.
STEPS: dict[int, Callable[[SqliteDatabase], None]] = {
    2: _step_2,
    3: _step_3,
    4: _step_4,
    5: _step_5,
    6: _step_6,
    7: _step_7,
}


def current_version(db: SqliteDatabase) -> int | None:
    """The schema version of the open database, or None for an empty file."""
    tables = set(db.get_tables())
    if "schema_version" not in tables:
        if tables - {"sqlite_sequence"}:
            raise DatabaseError("This file holds tables but no Rapport schema version: it is not a Rapport database.")
        return None
    row = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
    return row.version if row else None


def reindex_pending(db: SqliteDatabase) -> bool:
    """Whether a step left the search index to be rebuilt (see the module note)."""
    return db.execute_sql("SELECT 1 FROM setting WHERE key = ?", (REINDEX_PENDING,)).fetchone() is not None


def _rebuild_if_pending(db: SqliteDatabase, rebuild_index: Callable[[], None] | None) -> None:
    """In the caller's transaction: the index rebuild a step asked for, and the mark cleared."""
    if rebuild_index is not None and reindex_pending(db):
        rebuild_index()
        db.execute_sql("DELETE FROM setting WHERE key = ?", (REINDEX_PENDING,))


def _create_latest(db: SqliteDatabase) -> None:
    with db.atomic():
        db.create_tables(ALL_MODELS)
        # Tag names are unique whatever their case.
        db.execute_sql("CREATE UNIQUE INDEX IF NOT EXISTS tag_name_nocase ON tag (name COLLATE NOCASE)")
        db.execute_sql(SEARCH_TABLE_SQL)
        _change_counters_v5(db)
        SchemaVersion.create(version=LATEST_VERSION)


def backup_path_for(db_path: Path, label: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = db_path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)  # backups hold the whole network: owner only
    candidate = folder / f"{db_path.stem}-{label}-{stamp}.sqlite3"
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{db_path.stem}-{label}-{stamp}-{n}.sqlite3"
    return candidate


def copy_database(db: SqliteDatabase, target: Path) -> Path:
    """A consistent copy of the open database, made with SQLite's online backup."""
    create_private_file(target)
    dest = sqlite3.connect(str(target))
    try:
        db.connection().backup(dest)
    finally:
        dest.close()
    target.chmod(0o600)
    return target


def migrate(db: SqliteDatabase, db_path: Path, rebuild_index: Callable[[], None] | None = None) -> int:
    """Bring the open database to LATEST_VERSION; returns the version it was at (0 when new).

    ``rebuild_index`` (today's services' code) fills the search index when a step asks for it; it
    runs in the last step's transaction. Without it the request stays in the file for the next opening.
    """
    version = current_version(db)
    if version is None:
        _create_latest(db)
        return 0
    if version > LATEST_VERSION:
        raise DatabaseError(
            f"{db_path} was written by a newer Rapport (schema version {version}); "
            f"this Rapport understands up to version {LATEST_VERSION}. "
            "Update Rapport to open it; the file was left untouched."
        )
    if version == LATEST_VERSION:
        if rebuild_index is not None and reindex_pending(db):
            with db.atomic():
                _rebuild_if_pending(db, rebuild_index)
        return version
    if str(db_path) != ":memory:":
        copy_database(db, backup_path_for(db_path, f"before-v{LATEST_VERSION}"))
    for target in range(version + 1, LATEST_VERSION + 1):
        with db.atomic():
            STEPS[target](db)
            SchemaVersion.delete().execute()
            SchemaVersion.create(version=target)
            if target == LATEST_VERSION:
                _rebuild_if_pending(db, rebuild_index)
    return version
