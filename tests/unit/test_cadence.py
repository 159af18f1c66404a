"""Keep-in-touch circles, override, never-contacted and snooze, on fixed dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain import cadence as c
from desktop.domain.cadence import KeepInTouch

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("circle", "days"), [("inner", 14), ("close", 30), ("active", 90), ("wider", 365), ("none", None)]
)
def test_circle_cadences(circle, days):
    assert c.effective_cadence(circle) == days


def test_override_beats_circle():
    assert c.effective_cadence("wider", 7) == 7
    assert c.effective_cadence("none", 21) == 21
    assert c.effective_cadence("inner", 0) == 14  # 0 / None mean "use the circle"
    assert c.effective_cadence("inner", None) == 14
    assert c.effective_cadence("unknown") is None


def test_due_from_last_contact():
    k = KeepInTouch(1, "inner", last_contact=TODAY - timedelta(days=14))
    assert c.next_due(k, TODAY) == TODAY
    assert [d.contact_id for d in c.due_check_ins([k], TODAY)] == [1]
    k = KeepInTouch(1, "inner", last_contact=TODAY - timedelta(days=13))
    assert c.next_due(k, TODAY) == TODAY + timedelta(days=1)
    assert c.due_check_ins([k], TODAY) == []


def test_override_changes_due():
    k = KeepInTouch(1, "wider", cadence_days=10, last_contact=TODAY - timedelta(days=10))
    assert c.due_check_ins([k], TODAY)[0].cadence_days == 10


def test_none_circle_never_due():
    k = KeepInTouch(1, "none", last_contact=date(2000, 1, 1))
    assert c.next_due(k, TODAY) is None
    assert c.due_check_ins([k], TODAY) == []


def test_never_contacted_due_cadence_after_added():
    k = KeepInTouch(1, "close", added_on=TODAY - timedelta(days=29))
    assert c.next_due(k, TODAY) == TODAY + timedelta(days=1)
    k = KeepInTouch(1, "close", added_on=TODAY - timedelta(days=30))
    assert c.due_check_ins([k], TODAY)[0].due == TODAY


def test_never_contacted_unknown_added_due_today():
    k = KeepInTouch(1, "active")
    assert c.next_due(k, TODAY) == TODAY


def test_snooze_hides_until_its_day():
    k = KeepInTouch(1, "inner", last_contact=TODAY - timedelta(days=40), snoozed_until=TODAY + timedelta(days=1))
    assert c.due_check_ins([k], TODAY) == []
    assert c.next_due(k, TODAY) == TODAY + timedelta(days=1)
    k2 = KeepInTouch(1, "inner", last_contact=TODAY - timedelta(days=40), snoozed_until=TODAY)
    assert c.due_check_ins([k2], TODAY)[0].due == TODAY
    # a snooze that ended before the due date changes nothing
    k3 = KeepInTouch(1, "inner", last_contact=TODAY - timedelta(days=20), snoozed_until=TODAY - timedelta(days=10))
    assert c.next_due(k3, TODAY) == TODAY - timedelta(days=6)


def test_logging_contact_resets_and_future_entries_do_not():
    dates = [TODAY - timedelta(days=40), TODAY - timedelta(days=2), TODAY + timedelta(days=3)]
    assert c.last_touch(dates, TODAY) == TODAY - timedelta(days=2)
    assert c.last_touch([], TODAY) is None
    assert c.last_touch([TODAY + timedelta(days=1)], TODAY) is None
    k = KeepInTouch(1, "inner", last_contact=c.last_touch(dates, TODAY))
    assert c.due_check_ins([k], TODAY) == []


def test_due_list_sorted_most_overdue_first():
    ks = [
        KeepInTouch(3, "inner", last_contact=TODAY - timedelta(days=15)),
        KeepInTouch(1, "inner", last_contact=TODAY - timedelta(days=30)),
        KeepInTouch(2, "inner", last_contact=TODAY - timedelta(days=15)),
    ]
    due = c.due_check_ins(ks, TODAY)
    assert [d.contact_id for d in due] == [1, 2, 3]
    assert due[0].overdue_days == 16
