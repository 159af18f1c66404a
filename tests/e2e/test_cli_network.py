"""The network commands through a real ``python -m desktop`` process: exact JSON shapes and failures."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

CARDS = """BEGIN:VCARD
VERSION:3.0
FN:Ana Lima
N:Lima;Ana;;;
BDAY:1980-11-25
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Ben Ode
N:Ode;Ben;;;
EMAIL:ben@one.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Ben Ode
N:Ode;Ben;;;
EMAIL:ben@two.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Zoë Ødegård
N:Ødegård;Zoë;;;
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Cy Tan
N:Tan;Cy;;;
END:VCARD
"""


def rapport(db_path, *args, ok=True):
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def count(db_path, table):
    con = sqlite3.connect(db_path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def db_file(tmp_path):
    cards = tmp_path / "people.vcf"
    cards.write_text(CARDS, encoding="utf-8")
    path = tmp_path / "rapport.sqlite3"
    rapport(path, "import", str(cards))
    return path


def test_log_then_meter_json(db_file):
    out = rapport(db_file, "log", "favour", "--with", "ana lima", "--date", "2026-11-22", "--weight", "5").stdout
    assert "favour given to Ana Lima" in out
    rapport(db_file, "log", "advice", "--with", "Ana Lima", "--date", "2026-11-22", "--received", "--weight", "2")
    rapport(db_file, "log", "ask", "--with", "Ana Lima", "--date", "2026-11-22")
    meter = json.loads(rapport(db_file, "meter", "Ana Lima", "--json", "--date", "2026-11-22").stdout)
    assert meter == {"given": 5.0, "received": 2.0, "balance": 3.0, "band": "you_gave_more", "asks_available": 0}
    # One half-life later, in weight units after decay, rounded to 4 places.
    later = json.loads(rapport(db_file, "meter", "Ana Lima", "--json", "--date", "2027-05-21").stdout)
    assert later["given"] == 2.5 and later["received"] == 1.0 and later["balance"] == 1.5
    assert all(isinstance(later[k], float) for k in ("given", "received", "balance"))
    assert isinstance(later["asks_available"], int)
    text = rapport(db_file, "meter", "Ana Lima", "--date", "2026-11-22").stdout
    assert "Ana Lima: given 5.00, received 2.00" in text and "give first" in text


def test_introduction_credits_both_people(db_file):
    rapport(db_file, "log", "introduction", "--with", "Ana Lima", "--third", "Zoë Ødegård", "--date", "2026-11-22")
    for name in ("Ana Lima", "zoe odegard"):
        meter = json.loads(rapport(db_file, "meter", name, "--json", "--date", "2026-11-22").stdout)
        assert meter["given"] == 3.0
    assert count(db_file, "knows") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["log", "favour", "--with", "Ben Ode"],
        ["log", "introduction", "--with", "Ana Lima", "--third", "Ben Ode"],
        ["log", "favour", "--with", "Ana Lima", "--with", "Ben Ode"],
    ],
)
def test_an_ambiguous_name_fails_listing_the_candidates_and_records_nothing(db_file, args):
    result = rapport(db_file, *args, ok=False)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "Ben Ode (id 2)" in lines[0] and "Ben Ode (id 3)" in lines[0]
    assert count(db_file, "exchange") == 0 and count(db_file, "knows") == 0


def test_no_match_and_bad_input_fail_in_one_line(db_file):
    for args in (
        ["log", "call", "--with", "Nobody"],
        ["meter", "Nobody", "--json"],
        ["log", "favour", "--with", "Ana Lima", "--date", "2026-02-30"],
        ["log", "favour", "--with", "Ana Lima", "--weight", "9"],
        ["log", "meeting", "--with", "Ana Lima", "--received"],
        ["circle", "Nobody", "inner"],
        ["event", "Gala", "--date", "someday"],
        ["log", "banana", "--with", "Ana Lima"],
        ["log", "favour"],
        ["circle", "Ana Lima", "outer"],
        ["log", "favour", "--with", "Ana Lima", "--given", "--received"],
    ):
        result = rapport(db_file, *args, ok=False)
        assert result.returncode == 1, args
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr, args
    assert rapport(db_file, "meter", "Nobody", ok=False).stderr == "rapport: No contact is called 'Nobody'.\n"
    assert "nothing was recorded" in rapport(db_file, "log", "call", "--with", "Nobody", ok=False).stderr
    assert count(db_file, "exchange") == 0 and count(db_file, "interaction") == 0 and count(db_file, "event") == 0


def test_today_json_shape_and_kinds(db_file):
    rapport(db_file, "event", "Chamber mixer", "--date", "2026-11-20", "--group", "City Chamber", "--met", "Cy Tan")
    rapport(db_file, "log", "referral", "--with", "Zoë Ødegård", "--received", "--date", "2026-11-10")
    rapport(db_file, "log", "favour", "--with", "Ana Lima", "--status", "promised", "--date", "2026-11-21")
    rapport(db_file, "circle", "Ana Lima", "inner")
    items = json.loads(rapport(db_file, "today", "--json", "--date", "2026-11-22").stdout)
    assert all(set(it) == {"kind", "contact", "due", "reason"} for it in items)
    assert [(it["kind"], it["contact"], it["due"]) for it in items] == [
        ("thank", "Zoë Ødegård", "2026-11-11"),
        ("promised", "Ana Lima", "2026-11-21"),
        ("follow_up", "Cy Tan", "2026-11-22"),
        ("owe", "Zoë Ødegård", "2026-11-22"),
        ("birthday", "Ana Lima", "2026-11-25"),
    ]
    # The day before the follow-up falls due it is not listed yet.
    before = json.loads(rapport(db_file, "today", "--json", "--date", "2026-11-21").stdout)
    assert "follow_up" not in [it["kind"] for it in before]
    text = rapport(db_file, "today", "--date", "2026-11-22").stdout
    assert "Follow up with Cy Tan" in text


def test_today_when_nothing_is_due(db_file):
    assert json.loads(rapport(db_file, "today", "--json", "--date", "2026-01-10").stdout) == []
    assert "Nothing is due" in rapport(db_file, "today", "--date", "2026-01-10").stdout


def test_need_offer_suggest(db_file):
    assert "Noted that Ana Lima needs" in rapport(db_file, "need", "Ana Lima", "needs marketing help").stdout
    rapport(db_file, "offer", "Cy Tan", "offers marketing consulting", "--tag", "marketing")
    found = json.loads(rapport(db_file, "suggest", "--json").stdout)
    assert found == [
        {"a": "Ana Lima", "b": "Cy Tan", "because": "Ana Lima needs marketing help; Cy Tan offers marketing consulting"}
    ]
    rapport(db_file, "log", "introduction", "--with", "Ana Lima", "--with", "Cy Tan")
    assert json.loads(rapport(db_file, "suggest", "--json").stdout) == []
    assert "No introductions" in rapport(db_file, "suggest").stdout


def test_event_creates_the_group_once_and_says_so(db_file):
    out = rapport(db_file, "event", "Mixer", "--date", "2026-11-20", "--group", "City Chamber",
                  "--met", "Ana Lima", "Cy Tan", "--hours", "2", "--cost", "15.50").stdout  # fmt: skip
    assert "Created the group City Chamber" in out and "Met 2: Ana Lima, Cy Tan" in out
    out = rapport(db_file, "event", "Breakfast", "--date", "2026-11-27", "--group", "city chamber").stdout
    assert "Created" not in out
    assert count(db_file, "network_group") == 1 and count(db_file, "event_attendee") == 2
    con = sqlite3.connect(db_file)
    assert con.execute("SELECT hours, cost_cents FROM event WHERE name = 'Mixer'").fetchone() == (2.0, 1550)
    con.close()


def test_circle(db_file):
    assert "inner circle" in rapport(db_file, "circle", "cy tan", "inner").stdout
    con = sqlite3.connect(db_file)
    assert con.execute("SELECT circle FROM contact WHERE full_name = 'Cy Tan'").fetchone() == ("inner",)
    con.close()
    rapport(db_file, "circle", "Cy Tan", "none")


def test_knows_and_who_can_introduce_you(db_file):
    rapport(db_file, "log", "favour", "--with", "Ana Lima", "--date", "2026-11-20")
    out = rapport(db_file, "knows", "ana lima", "Cy Tan", "--how", "colleague").stdout
    assert out == "Noted that Ana Lima knows Cy Tan (colleague).\n"
    found = json.loads(rapport(db_file, "path", "Cy Tan", "--json", "--date", "2026-11-22").stdout)
    assert [set(p) for p in found] == [{"via", "to", "strength", "because"}]
    [path] = found
    assert (path["via"], path["to"]) == (["Ana Lima"], "Cy Tan")
    assert isinstance(path["strength"], float) and 0 < path["strength"] <= 1
    assert path["because"] == (
        "Ask Ana Lima to introduce you to Cy Tan (Ana Lima knows Cy Tan: colleague; you gave Ana Lima 1 favour this year)"
    )
    rapport(db_file, "knows", "Cy Tan", "Zoë Ødegård")
    [far] = json.loads(rapport(db_file, "path", "zoe odegard", "--json", "--date", "2026-11-22").stdout)
    assert (far["via"], far["to"]) == (["Ana Lima", "Cy Tan"], "Zoë Ødegård")
    assert json.loads(rapport(db_file, "path", "Zoë Ødegård", "--json", "--max-hops", "2").stdout) == []
    listed = json.loads(rapport(db_file, "knows", "Cy Tan", "--json").stdout)
    assert [(k["name"], k["how"], k["inferred"]) for k in listed] == [
        ("Ana Lima", "colleague", False), ("Zoë Ødegård", "they know each other", False)
    ]  # fmt: skip
    out = rapport(db_file, "knows", "Ana Lima", "--remove", "Cy Tan").stdout
    assert out == "Ana Lima and Cy Tan are no longer linked.\n"
    assert json.loads(rapport(db_file, "path", "Cy Tan", "--json").stdout) == []
    assert "No one you have exchanged anything with" in rapport(db_file, "path", "Cy Tan").stdout


def test_knows_and_path_fail_in_one_line_and_record_nothing(db_file):
    for args in (
        ["knows", "Ana Lima", "Ana Lima"],
        ["knows", "Nobody", "Ana Lima"],
        ["knows", "Ana Lima", "Ben Ode"],
        ["knows", "Ana Lima", "Cy Tan", "--remove", "Cy Tan"],
        ["knows", "Ana Lima", "--how", "friend"],
        ["knows", "Ana Lima", "Cy Tan", "--how", "x" * 80],
        ["path", "--json"],
        ["path", "Cy Tan", "--org", "Acme"],
        ["path", "--org", "Acme", "--json"],
        ["path", "--role", "a journalist"],
        ["path", "Cy Tan", "--max-hops", "7"],
        ["path", "Nobody"],
    ):
        result = rapport(db_file, *args, ok=False)
        assert result.returncode == 1, args
        assert result.stdout == "", args
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr, args
    assert rapport(db_file, "path", "--org", "Acme", ok=False).stderr == "rapport: No contact works at 'Acme'.\n"
    assert "Ben Ode (id 2)" in rapport(db_file, "knows", "Ana Lima", "Ben Ode", ok=False).stderr
    assert count(db_file, "knows") == 0


def test_suggest_lists_every_pair_above_the_threshold_best_first(db_file):
    rapport(db_file, "need", "Ana Lima", "a bookkeeper")
    rapport(db_file, "offer", "Cy Tan", "accounting")
    rapport(db_file, "offer", "Zoë Ødegård", "shipping and customs know-how")
    rapport(db_file, "need", "Zoë Ødegård", "investors for a seed round")
    rapport(db_file, "offer", "Ana Lima", "angel investment")
    rapport(db_file, "log", "favour", "--with", "Zoë Ødegård", "--weight", "5")
    found = json.loads(rapport(db_file, "suggest", "--json").stdout)
    assert found == [
        {"a": "Zoë Ødegård", "b": "Ana Lima",
         "because": "Zoë Ødegård needs investors for a seed round; Ana Lima offers angel investment (same thing)"},
        {"a": "Ana Lima", "b": "Cy Tan", "because": "Ana Lima needs a bookkeeper; Cy Tan offers accounting (same thing)"},
    ]  # fmt: skip
