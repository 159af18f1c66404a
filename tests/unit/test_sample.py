"""The sample network: the same every time for a seed, and something true for every view."""

from __future__ import annotations

import datetime as dt

from desktop.services import search, timeline
from desktop.services.sample import create_sample_network
from desktop.storage.db import close_database, open_database

TODAY = dt.date(2026, 11, 22)


def _fingerprint():
    from desktop.storage.db import database

    rows = database.execute_sql(
        "SELECT full_name, organization, circle FROM contact ORDER BY id"
    ).fetchall()
    ex = database.execute_sql(
        "SELECT occurred_on, kind, direction, weight, status, third_party_name FROM exchange ORDER BY id"
    ).fetchall()
    return rows, ex


def test_same_seed_same_network(tmp_path):
    prints = []
    for n in range(2):
        open_database(tmp_path / f"s{n}.sqlite3")
        create_sample_network(seed=3, today=TODAY)
        prints.append(_fingerprint())
        close_database()
    assert prints[0] == prints[1]


def test_every_view_has_something_true(db):
    from desktop.storage.db import database

    s = create_sample_network(today=TODAY)
    assert 55 <= s.contacts <= 70
    assert s.groups >= 4 and s.events >= 6
    q = lambda sql: database.execute_sql(sql).fetchall()  # noqa: E731
    kinds = {(k, d) for k, d in q("SELECT kind, direction FROM exchange")}
    for kind in timeline.EXCHANGE_KINDS:
        assert (kind, "given") in kinds or (kind, "received") in kinds, kind
    assert ("favour", "given") in kinds and ("favour", "received") in kinds
    assert q("SELECT count(*) FROM exchange WHERE status = 'promised'")[0][0] > 0
    assert q("SELECT count(*) FROM exchange WHERE kind = 'referral' AND third_party_name != ''")[0][0] > 0
    assert q("SELECT count(*) FROM exchange WHERE kind = 'introduction' AND third_party_id IS NOT NULL")[0][0] >= 5
    channels = {c for (c,) in q("SELECT DISTINCT channel FROM interaction")}
    assert channels == set(timeline.INTERACTION_CHANNELS)
    first, last = q("SELECT min(occurred_on), max(occurred_on) FROM interaction")[0]
    assert dt.date.fromisoformat(first) < TODAY - dt.timedelta(days=600)
    assert q("SELECT count(DISTINCT kind) FROM need_offer")[0][0] == 2
    circles = {c for (c,) in q("SELECT DISTINCT circle FROM contact")}
    assert {"inner", "close", "active", "wider"} <= circles
    assert q("SELECT count(*) FROM knows")[0][0] > 0
    assert q("SELECT count(*) FROM contact WHERE archived = 1")[0][0] == 1
    # Names from several cultures, searchable without their accents.
    assert [r.name for r in search.page(search.ListQuery(text="odegard"), 0, 5)] == ["Ingrid Ødegård"]
    assert search.page(search.ListQuery(text="nguyen"), 0, 5)[0].name == "Linh Nguyễn"
    # The meter leans both ways somewhere.
    bands = {timeline.meter(cid, TODAY).band.code for (cid,) in q("SELECT id FROM contact")}
    assert {"they_gave_more", "you_gave_more"} <= bands | {"one_sided"}
