"""The network and groups services on a temporary database, with fixed dates."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.cli.common import resolve_contact
from desktop.domain.contact import ContactData
from desktop.domain.errors import NetworkError
from desktop.services import circles, contacts, groups, introductions, needs, overview, timeline, today_state
from desktop.services import log as log_service
from desktop.services import today as today_service
from desktop.services.settings import set_setting
from desktop.storage.models import Exchange, Knows, TodayState

TODAY = dt.date(2026, 11, 22)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def people(db):
    names = ["Ana Lima", "Ben Ode", "Cy Tan", "Dee Park"]
    ids = contacts.insert_contacts([ContactData(full_name=n) for n in names])
    return dict(zip(["ana", "ben", "cy", "dee"], ids))


# --- names -------------------------------------------------------------------------


def test_a_name_resolves_case_insensitively(people):
    assert resolve_contact("  ana LIMA ") == people["ana"]


def test_an_ambiguous_name_lists_the_candidates(people):
    other = contacts.add_contact(ContactData(full_name="Ana Lima"))
    with pytest.raises(NetworkError) as err:
        resolve_contact("Ana Lima")
    assert f"id {people['ana']}" in str(err.value) and f"id {other}" in str(err.value)


def test_an_unknown_name_says_none_matched(people):
    with pytest.raises(NetworkError, match="No contact is called 'Nobody'"):
        resolve_contact("Nobody")


# --- the meter and logging -----------------------------------------------------------


def test_meter_decays_to_half_at_exactly_one_half_life(people):
    log_service.log("favour", [people["ana"]], days_ago(180))
    reading = timeline.contact_meter(people["ana"], TODAY)
    assert reading.given == pytest.approx(1.0)
    assert reading.received == 0
    assert reading.band == "you_gave_more"  # a full unit apart is no longer balanced


def test_weight_override_and_rule_of_three(people):
    log_service.log("favour", [people["ana"]], TODAY, weight=5)
    log_service.log("advice", [people["ana"]], TODAY, weight=2)
    assert timeline.contact_meter(people["ana"], TODAY).asks_available == 2
    log_service.log("ask", [people["ana"]], TODAY)  # you asked them
    reading = timeline.contact_meter(people["ana"], TODAY)
    assert reading.given == pytest.approx(7)
    assert reading.asks_available == 1
    log_service.log("ask", [people["ana"]], TODAY, direction="received")  # they asked you: not counted against you
    assert timeline.contact_meter(people["ana"], TODAY).asks_available == 1


def test_an_introduction_credits_both_and_records_that_they_know_each_other(people):
    log_service.log("introduction", [people["ana"]], TODAY, third_party_id=people["ben"])
    assert timeline.contact_meter(people["ana"], TODAY).given == pytest.approx(3)
    assert timeline.contact_meter(people["ben"], TODAY).given == pytest.approx(3)
    k = Knows.get()
    assert {k.a_id, k.b_id} == {people["ana"], people["ben"]} and k.source == "introduction"


def test_log_introduction_from_a_suggestion(people):
    introductions.log_introduction(people["cy"], people["dee"], TODAY)
    ex = Exchange.get()
    assert (ex.kind, ex.direction, ex.weight) == ("introduction", "given", 3)
    assert Knows.select().count() == 1


def test_interaction_refuses_exchange_options_and_records_nothing(people):
    with pytest.raises(NetworkError):
        log_service.log("meeting", [people["ana"]], TODAY, weight=3)
    with pytest.raises(NetworkError):
        log_service.log("favour", [people["ana"]], TODAY, weight=9)
    assert Exchange.select().count() == 0


def test_circle_and_needs(people):
    circles.set_circle(people["ana"], "inner")
    assert contacts.load_record(people["ana"]).circle == "inner"
    circles.set_circle(people["ana"], "none")
    assert contacts.load_record(people["ana"]).circle == ""
    with pytest.raises(NetworkError):
        circles.set_circle(people["ana"], "outer")
    needs.add_need(people["ana"], "needs marketing help", ["Marketing, growth"])
    (item,) = needs.needs_offers(people["ana"])
    assert item.tags == ("Marketing", "growth")


# --- introductions --------------------------------------------------------------------


def test_suggestions_ranked_by_strength_skipping_introduced_and_dismissed(people):
    needs.add_need(people["ana"], "needs marketing help")
    needs.add_offer(people["ben"], "offers marketing consulting")
    needs.add_offer(people["cy"], "marketing strategy")
    log_service.log("favour", [people["cy"]], TODAY, weight=5)
    found = introductions.introductions_to_make(TODAY)
    assert [(s.a, s.b) for s in found] == [("Ana Lima", "Cy Tan"), ("Ana Lima", "Ben Ode")]
    assert "Ana Lima needs marketing help" in found[0].because
    introductions.log_introduction(people["ana"], people["cy"], TODAY)
    assert [(s.a, s.b) for s in introductions.introductions_to_make(TODAY)] == [("Ana Lima", "Ben Ode")]
    today_service.mark_done(introductions.intro_ref(people["ben"], people["ana"]), TODAY)
    assert introductions.introductions_to_make(TODAY) == []


# --- Today ----------------------------------------------------------------------------


def kinds(today=TODAY):
    return [(it.kind, it.contact) for it in today_service.today_list(today)]


def test_follow_up_falls_due_two_days_after_the_event(people):
    groups.create_event("Mixer", days_ago(2), met_ids=[people["ana"]])
    assert kinds(days_ago(1)) == []
    assert kinds(TODAY) == [("follow_up", "Ana Lima")]
    log_service.log("email", [people["ana"]], TODAY)
    assert kinds(TODAY) == []


def test_mark_done_and_snooze(people):
    groups.create_event("Mixer", days_ago(2), met_ids=[people["ana"], people["ben"]])
    first, second = today_service.today_list(TODAY)
    today_service.mark_done(first.ref, TODAY)
    assert [it.ref for it in today_service.today_list(TODAY)] == [second.ref]
    until = today_service.snooze(second.ref, 1, TODAY)
    assert until == TODAY + dt.timedelta(days=1)
    assert today_service.today_list(TODAY) == []
    assert [it.ref for it in today_service.today_list(until)] == [second.ref]
    today_state.clear_state(first.ref)
    assert len(today_service.today_list(until)) == 2
    with pytest.raises(NetworkError):
        today_service.snooze(second.ref, TODAY, TODAY)


def test_promised_favour_and_referral_thanks_and_outcome(people):
    log_service.log("favour", [people["ana"]], days_ago(1), status="promised")
    log_service.log("referral", [people["ben"]], days_ago(30), direction="received")
    items = today_service.today_list(TODAY)
    assert [(it.kind, it.contact) for it in items] == [
        ("thank", "Ben Ode"),
        ("promised", "Ana Lima"),
        ("thank", "Ben Ode"),  # note the outcome, 30 days on
        ("owe", "Ben Ode"),
    ]
    assert "outcome" in items[2].reason
    assert timeline.contact_meter(people["ana"], TODAY).given == 0  # a promise is not a gift yet
    assert today_service.mark_done(items[1].ref, TODAY) == [people["ana"]]
    assert timeline.contact_meter(people["ana"], TODAY).given > 1.9
    assert "promised" not in [k for k, _ in kinds()]


def test_check_in_done_logs_a_check_in_and_resets_the_cadence(people):
    circles.set_circle(people["ana"], "inner")
    log_service.log("call", [people["ana"]], days_ago(14))
    (item,) = today_service.today_list(TODAY)
    assert item.kind == "check_in" and item.due == TODAY
    assert today_service.mark_done(item.ref, TODAY) == [people["ana"]]
    assert today_service.today_list(TODAY) == []
    assert contacts.load_record(people["ana"]).last_contact == TODAY


def test_owe_done_holds_until_they_give_again(people):
    log_service.log("favour", [people["ben"]], days_ago(5), direction="received")
    (item,) = today_service.today_list(TODAY)
    assert item.kind == "owe"
    today_service.mark_done(item.ref, TODAY)
    assert today_service.today_list(TODAY) == []
    later = TODAY + dt.timedelta(days=3)
    log_service.log("referral", [people["ben"]], later, direction="received")
    assert ("owe", "Ben Ode") in kinds(later + dt.timedelta(days=31))
    assert TodayState.get_by_id(item.ref).done_on == TODAY


def test_birthdays_a_week_ahead(db):
    cid = contacts.add_contact(ContactData(full_name="Eve Ray", birthday="--11-29"))
    contacts.add_contact(ContactData(full_name="Fay Lu", birthday="1990-11-30"))
    items = today_service.today_list(TODAY)
    assert [(it.kind, it.contact_id, it.due) for it in items] == [("birthday", cid, dt.date(2026, 11, 29))]


def test_asks_you_can_make(people):
    log_service.log("favour", [people["cy"]], TODAY, weight=5)
    log_service.log("favour", [people["cy"]], TODAY, weight=4)
    log_service.log("advice", [people["cy"]], TODAY, weight=4, direction="received")  # a two-way flow
    over = today_service.today_overview(TODAY)
    (ask,) = over.asks
    assert (ask.contact, ask.asks_available) == ("Cy Tan", 3)
    today_service.snooze(ask.ref, 7, TODAY)
    assert today_service.today_overview(TODAY).asks == []


def test_no_ask_of_someone_who_only_takes_and_the_network_page_lists_them(people):
    """One rule (reciprocity.ask_suggested): the rule of three leaves Dee three asks, but Dee has given
    nothing back: the Network page lists Dee as one-sided, and Today suggests no ask of Dee."""
    log_service.log("favour", [people["dee"]], TODAY, weight=5)
    log_service.log("recommendation", [people["dee"]], days_ago(20), weight=4)
    assert timeline.meter(people["dee"], TODAY).asks_available == 2
    assert [a.contact for a in today_service.today_overview(TODAY).asks] == []
    over = overview.network_overview(TODAY)
    assert [r.name for r in over.you_give] == ["Dee Park"] and over.they_give == []
    assert over.you_give[0].sentence == (
        "They have had a favour and a recommendation from you in the last 12 months, nothing back."
    )


# --- the network and groups -----------------------------------------------------------


def test_network_overview_months_takers_and_burnout(people):
    set_setting("weekly_giving_budget", 2)
    for week in range(5):
        log_service.log("favour", [people["dee"]], days_ago(7 * week), weight=3)
    log_service.log("referral", [people["ana"]], dt.date(2026, 6, 3), direction="received")
    over = overview.network_overview(TODAY)
    assert len(over.months) == 12
    assert (over.months[0].year, over.months[0].month) == (2025, 12)
    assert over.months[-1].given == 12  # 22, 15, 8 and 1 November
    assert over.months[-2].given == 3
    assert [m.received for m in over.months if m.month == 6] == [3]
    assert [(r.name, r.sentence) for r in over.you_give] == [
        ("Dee Park", "They have had 5 favours from you in the last 12 months, nothing back.")
    ]
    assert over.they_give == []  # Ana's referral (3, decayed to ~1.5) leans their way, not one-sided
    assert over.this_week == 3 and over.budget == 2 and len(over.load) == overview.LOAD_WEEKS
    assert over.burnout.warning
    assert over.strongest[0].name == "Dee Park"
    assert over.band == "one_sided"
    log_service.log("referral", [people["ana"]], days_ago(3), direction="received", weight=5)
    over = overview.network_overview(TODAY)
    assert [(r.name, r.sentence) for r in over.they_give] == [
        ("Ana Lima", "You have had 2 referrals from them in the last 12 months, nothing back.")
    ]


def test_group_return_counts_members_gifts_in_the_last_year(people):
    gid = groups.create_group("City Chamber", "chamber", yearly_fee_cents=30000, member_ids=[people["ana"]])
    groups.create_event("Mixer", days_ago(10), group_id=gid, hours=2.5, cost_cents=1500, met_ids=[people["ben"]])
    groups.create_event("Old gala", days_ago(400), group_id=gid, hours=5, cost_cents=9000)
    log_service.log("referral", [people["ben"]], days_ago(3), direction="received")
    log_service.log("favour", [people["ana"]], days_ago(3), direction="received")
    log_service.log("favour", [people["cy"]], days_ago(3), direction="received")  # not a member
    log_service.log("referral", [people["ana"]], days_ago(500), direction="received")  # too old
    (ret,) = groups.group_returns(TODAY)
    assert (ret.members, ret.events, ret.hours, ret.money_cents) == (2, 1, 2.5, 31500)
    assert (ret.referrals, ret.favours, ret.received_weight) == (1, 1, 5)
    assert set(groups.get_group(gid).member_ids) == {people["ana"], people["ben"]}  # met there: now a member


def test_group_names_are_unique_and_events_need_a_name(people):
    groups.create_group("Leads")
    with pytest.raises(groups.GroupError, match="already"):
        groups.create_group("leads")
    with pytest.raises(groups.GroupError):
        groups.create_event("  ", TODAY)
    with pytest.raises(groups.GroupError):
        groups.create_event("Gala", TODAY, hours=-1)
    assert groups.find_group("LEADS") is not None


def test_events_list_the_people_met(people):
    eid = groups.create_event("Mixer", TODAY, met_ids=[people["cy"], people["ana"]])
    (ev,) = groups.list_events()
    assert ev.id == eid and [n for _, n in ev.met] == ["Ana Lima", "Cy Tan"]


def test_outcome_is_done_once_noted_and_old_thanks_leave_today(people):
    log_service.log("referral", [people["ben"]], days_ago(30), direction="received")
    log_service.log("referral", [people["cy"]], days_ago(120), direction="received")
    log_service.log("email", [people["ben"], people["cy"]], days_ago(20))  # thanked them both
    assert [(it.contact, it.reason.split()[0]) for it in today_service.today_list(TODAY) if it.kind == "thank"] == [
        ("Ben Ode", "Note")
    ]
    ex = Exchange.get(Exchange.occurred_on == days_ago(30))
    from desktop.services import timeline

    timeline.update_exchange(ex.id, outcome="Became a client")
    assert [it for it in today_service.today_list(TODAY) if it.kind == "thank"] == []
