"""The Today list rules: follow-ups, promises, thanks, owe, check-ins, birthdays, on fixed dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain import today as t
from desktop.domain.cadence import KeepInTouch
from desktop.domain.reciprocity import ContactBalance, ExchangeFact

TODAY = date(2026, 11, 22)
D = timedelta
NAMES = {1: "Ana", 2: "Ben", 3: "Cat"}


def kinds(items):
    return [(it.kind, it.contact_id) for it in items]


# --- follow-ups ---------------------------------------------------------------------


def test_follow_up_due_two_days_after_event_not_one():
    met = t.EventMeeting(1, TODAY - D(1), "Chamber breakfast", event_id=7)
    assert t.build_today(TODAY, meetings=[met]) == []
    met = t.EventMeeting(1, TODAY - D(2), "Chamber breakfast", event_id=7)
    [item] = t.build_today(TODAY, meetings=[met], names=NAMES)
    assert item.kind == "follow_up" and item.due == TODAY
    assert item.reason == "Follow up with Ana: met at Chamber breakfast on 20 Nov"
    assert item.ref == "follow_up:event:7:contact:1"
    assert t.follow_up_due(date(2026, 2, 27)) == date(2026, 3, 1)


def test_follow_up_done_by_later_touch_or_explicitly():
    met = t.EventMeeting(1, TODAY - D(5))
    # a touch on the event day itself is the meeting, not the follow-up
    assert len(t.build_today(TODAY, meetings=[met], touches={1: [TODAY - D(5)]})) == 1
    assert t.build_today(TODAY, meetings=[met], touches={1: [TODAY - D(4)]}) == []
    assert t.build_today(TODAY, meetings=[t.EventMeeting(1, TODAY - D(5), done=True)]) == []
    [item] = t.build_today(TODAY, meetings=[met])
    assert t.build_today(TODAY, meetings=[met], done_refs={item.ref}) == []


# --- promised ---------------------------------------------------------------------------


def test_promised_favour_due_on_its_date():
    past = ExchangeFact(TODAY - D(3), "favour", "given", 2, "promised", (2,), id=5)
    future = ExchangeFact(TODAY + D(3), "favour", "given", 2, "promised", (3,), id=6)
    done = ExchangeFact(TODAY - D(3), "favour", "given", 2, "done", (1,), id=7)
    ask = ExchangeFact(TODAY - D(3), "ask", "given", 1, "promised", (1,), id=8)
    items = t.build_today(TODAY, exchanges=[past, future, done, ask], names=NAMES)
    assert kinds(items) == [("promised", 2)]
    assert items[0].reason == "You promised Ben a favour"
    assert items[0].due == TODAY - D(3)


# --- thanks and outcomes -----------------------------------------------------------------


def test_thank_due_the_day_after_a_referral():
    ref = ExchangeFact(TODAY, "referral", "received", 3, "done", (1,), third_party_id=9, id=12)
    assert t.build_today(TODAY, exchanges=[ref]) == []
    items = t.build_today(TODAY + D(1), exchanges=[ref], names=NAMES)
    assert kinds(items) == [("thank", 1)]
    assert items[0].reason == "Thank Ana for the referral of 22 Nov"


def test_thank_cleared_by_a_later_touch_or_done():
    ref = ExchangeFact(TODAY - D(5), "referral", "received", 3, "done", (1,), id=12)
    assert t.build_today(TODAY, exchanges=[ref], touches={1: [TODAY - D(5)]}) != []
    assert t.build_today(TODAY, exchanges=[ref], touches={1: [TODAY - D(2)]}) == []
    [item] = t.build_today(TODAY, exchanges=[ref])
    assert t.build_today(TODAY, exchanges=[ref], done_refs=[item.ref]) == []


def test_outcome_thirty_days_later_as_a_thank_item():
    ref = ExchangeFact(TODAY - D(30), "referral", "received", 3, "done", (1,), id=12)
    items = t.build_today(TODAY, exchanges=[ref], touches={1: [TODAY - D(20)]}, names=NAMES)
    assert kinds(items) == [("thank", 1)]
    assert items[0].reason.startswith("Note the outcome of the referral from Ana")
    assert items[0].ref.startswith("outcome:")
    ref29 = ExchangeFact(TODAY - D(29), "referral", "received", 3, "done", (1,), id=13)
    assert t.build_today(TODAY, exchanges=[ref29], touches={1: [TODAY]}) == []


def test_no_thank_for_referral_given_or_still_promised():
    given = ExchangeFact(TODAY - D(5), "referral", "given", 3, "done", (1,))
    promised = ExchangeFact(TODAY - D(5), "referral", "received", 3, "promised", (1,))
    assert t.build_today(TODAY, exchanges=[given, promised]) == []


# --- owe and check-in ------------------------------------------------------------------------


def test_owe_when_they_gave_more_or_one_sided_their_way():
    balances = {
        1: ContactBalance(1, 0.0, 2.0, 0),  # they_gave_more
        2: ContactBalance(2, 0.0, 8.0, 0),  # one_sided their way
        3: ContactBalance(3, 8.0, 0.0, 0),  # one_sided your way: no
        4: ContactBalance(4, 1.0, 1.0, 0),  # balanced: no
    }
    items = t.build_today(TODAY, balances=balances, names=NAMES)
    assert kinds(items) == [("owe", 1), ("owe", 2)]
    assert all(it.due == TODAY for it in items)
    assert "time to give back" in items[0].reason


def test_check_in_with_override_and_snooze():
    ks = [
        KeepInTouch(1, "inner", last_contact=TODAY - D(14)),
        KeepInTouch(2, "wider", cadence_days=7, last_contact=TODAY - D(7)),
        KeepInTouch(3, "inner", last_contact=TODAY - D(30), snoozed_until=TODAY + D(1)),
    ]
    items = t.build_today(TODAY, keep_in_touch=ks, names=NAMES)
    assert kinds(items) == [("check_in", 1), ("check_in", 2)]
    assert items[1].reason == "Check in with Ben: last contact 15 Nov (every 7 days)"


def test_snooze_by_ref_until_its_date():
    balances = [ContactBalance(1, 0.0, 2.0, 0)]
    assert t.build_today(TODAY, balances=balances, snoozed={"owe:1": TODAY + D(1)}) == []
    assert len(t.build_today(TODAY, balances=balances, snoozed={"owe:1": TODAY})) == 1


# --- birthdays ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1986-11-22", date(2026, 11, 22)),
        ("--11-21", date(2027, 11, 21)),
        ("--12-01", date(2026, 12, 1)),
        ("19861129", date(2026, 11, 29)),
        ("--0101", date(2027, 1, 1)),
        ("", None),
        ("1986-02-30", None),
        ("garbage", None),
    ],
)
def test_next_birthday(text, expected):
    assert t.next_birthday(text, TODAY) == expected


def test_birthday_seven_days_ahead_shows_eight_does_not():
    bdays = {1: "--11-29", 2: "--11-30"}
    items = t.build_today(TODAY, birthdays=bdays, names=NAMES)
    assert kinds(items) == [("birthday", 1)]
    assert items[0].due == date(2026, 11, 29)
    assert items[0].reason == "Ana's birthday on Sun 29 Nov"


def test_birthday_today_with_age():
    [item] = t.build_today(TODAY, birthdays={1: "1986-11-22"}, names=NAMES)
    assert item.reason == "Ana's birthday today (turns 40)"


def test_feb_29_birthday_on_feb_28_in_other_years():
    assert t.next_birthday("--02-29", date(2027, 2, 22)) == date(2027, 2, 28)
    assert t.next_birthday("2000-02-29", date(2028, 2, 22)) == date(2028, 2, 29)
    assert t.next_birthday("--02-29", date(2027, 3, 1)) == date(2028, 2, 29)
    items = t.build_today(date(2027, 2, 21), birthdays={1: "--02-29"})
    assert items[0].due == date(2027, 2, 28)


def test_birthday_across_new_year():
    items = t.build_today(date(2026, 12, 28), birthdays={1: "--01-04", 2: "--01-05"})
    assert kinds(items) == [("birthday", 1)]


# --- the whole list --------------------------------------------------------------------------------


def test_list_sorted_by_due_then_kind_and_kinds_are_the_cli_six():
    items = t.build_today(
        TODAY,
        meetings=[t.EventMeeting(3, TODAY - D(2))],
        exchanges=[ExchangeFact(TODAY - D(1), "referral", "received", 3, "done", (2,))],
        keep_in_touch=[KeepInTouch(1, "inner", last_contact=TODAY - D(20))],
        balances=[ContactBalance(2, 0.0, 3.0, 0)],
        birthdays={1: "--11-25"},
    )
    assert kinds(items) == [("check_in", 1), ("follow_up", 3), ("thank", 2), ("owe", 2), ("birthday", 1)]
    assert {it.kind for it in items} <= set(t.TODAY_KINDS)
    assert t.TODAY_KINDS == ("follow_up", "check_in", "owe", "birthday", "promised", "thank")


# --- what comes first (issue 10) ----------------------------------------------------------


def test_a_promised_favour_beats_a_birthday_whoever_it_is_for():
    """What is at stake weighs most: a promise outranks the birthday of the closest person, even
    on the day, while a birthday of someone close beats one of someone you barely know."""
    closest = t.Closeness("inner", priority=2, strength=100)
    stranger = t.Closeness()
    promise = t.priority_score(t.PROMISED_KIND, TODAY, TODAY, stranger)
    assert promise > t.priority_score(t.BIRTHDAY, TODAY, TODAY, closest)
    assert t.priority_score(t.BIRTHDAY, TODAY + D(3), TODAY, closest) > t.priority_score(
        t.BIRTHDAY, TODAY + D(3), TODAY, stranger
    )


def test_overdue_and_closeness_move_a_thing_up_within_its_stakes():
    inner, wider = t.Closeness("inner"), t.Closeness("wider")
    assert t.priority_score(t.CHECK_IN, TODAY, TODAY, inner) > t.priority_score(t.CHECK_IN, TODAY, TODAY, wider)
    late = t.priority_score(t.CHECK_IN, TODAY - D(30), TODAY, wider)
    assert late > t.priority_score(t.CHECK_IN, TODAY - D(3), TODAY, wider)
    # Overdue counts up to a cap: three months late is not thirty times as urgent.
    assert t.priority_score(t.CHECK_IN, TODAY - D(300), TODAY, wider) == late
    # A birthday climbs as the day comes.
    assert t.priority_score(t.BIRTHDAY, TODAY, TODAY) > t.priority_score(t.BIRTHDAY, TODAY + D(1), TODAY)
    assert t.priority_score(t.BIRTHDAY, TODAY + D(1), TODAY) > t.priority_score(t.BIRTHDAY, TODAY + D(5), TODAY)
    # Priority and a strong relationship count too.
    assert t.priority_score(t.OWE, TODAY, TODAY, t.Closeness(priority=1)) > t.priority_score(t.OWE, TODAY, TODAY)
    assert t.priority_score(t.OWE, TODAY, TODAY, t.Closeness(strength=6)) > t.priority_score(t.OWE, TODAY, TODAY)


def test_first_things_gathers_each_persons_things_in_one_row():
    ranked = [("promise", 1), ("intro", None), ("check", 2), ("thank", 1), ("owe", 3), ("ask", 2), ("bday", 4)]
    first, rest = t.first_things(ranked, lambda thing: thing[1], limit=3)
    assert first == [[("promise", 1), ("thank", 1)], [("intro", None)], [("check", 2), ("ask", 2)]]
    assert rest == [("owe", 3), ("bday", 4)]
    everything, nothing = t.first_things(ranked, lambda thing: thing[1], limit=12)
    assert len(everything) == 5 and nothing == []


def test_check_ins_follow_the_cadences_given():
    c = KeepInTouch(1, "close", last_contact=TODAY - D(20))
    assert t.build_today(TODAY, keep_in_touch=[c]) == []  # every 30 days by default
    [item] = t.build_today(TODAY, keep_in_touch=[c], cadences={"close": 14}, names=NAMES)
    assert item.kind == "check_in" and item.due == TODAY - D(6) and "(every 14 days)" in item.reason
