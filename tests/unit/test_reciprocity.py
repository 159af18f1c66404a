"""The reciprocity meter, asks, one-sided relationships, burnout and network figures, on fixed dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain import reciprocity as r
from desktop.domain.reciprocity import ExchangeFact

TODAY = date(2026, 11, 22)  # a Sunday, ISO week 47 of 2026


def gave(cid, weight=1, on=TODAY, kind="favour", status="done", third=None, extra=()):
    return ExchangeFact(on, kind, "given", weight, status, (cid, *extra), third)


def got(cid, weight=1, on=TODAY, kind="favour", status="done", third=None):
    return ExchangeFact(on, kind, "received", weight, status, (cid,), third)


def test_default_weights():
    assert r.default_weight("introduction") == 3
    assert r.default_weight("referral") == 3
    assert r.default_weight("favour") == 2
    assert r.default_weight("recommendation") == 2
    assert r.default_weight("purchase") == 2
    assert r.default_weight("advice") == 1
    assert r.default_weight("info") == 1
    assert r.default_weight("invitation") == 1
    assert r.default_weight("meeting") == 0
    assert r.clamp_weight(0) == 1 and r.clamp_weight(9) == 5 and r.clamp_weight(3) == 3


def test_decay_exactly_one_half_life():
    assert r.decayed_value(2, TODAY - timedelta(days=180), TODAY) == pytest.approx(1.0)
    assert r.decayed_value(2, TODAY - timedelta(days=360), TODAY) == pytest.approx(0.5)
    assert r.decayed_value(4, TODAY - timedelta(days=90), TODAY, half_life_days=90) == pytest.approx(2.0)


def test_decay_today_and_future_count_full():
    assert r.decayed_value(3, TODAY, TODAY) == 3
    assert r.decayed_value(3, TODAY + timedelta(days=30), TODAY) == 3


def test_decay_rejects_bad_half_life():
    with pytest.raises(ValueError):
        r.decayed_value(1, TODAY, TODAY, half_life_days=0)


def test_meter_uses_decay():
    facts = [gave(1, 2, on=TODAY - timedelta(days=180)), got(1, 1)]
    b = r.contact_balance(1, facts, TODAY)
    assert b.given == pytest.approx(1.0)
    assert b.received == pytest.approx(1.0)
    assert b.balance == pytest.approx(0.0)
    assert b.band.code == r.BALANCED


def test_only_done_counts():
    facts = [gave(1, 2, status="promised"), got(1, 3, status="promised")]
    b = r.contact_balance(1, facts, TODAY)
    assert (b.given, b.received) == (0.0, 0.0)


def test_interactions_carry_no_weight():
    facts = [ExchangeFact(TODAY, "meeting", "given", 3, "done", (1,))]
    assert r.contact_balances(facts, TODAY) == {}


def test_introduction_credits_both_people_introduced():
    intro = ExchangeFact(TODAY, "introduction", "given", 3, "done", (1,), third_party_id=2)
    balances = r.contact_balances([intro], TODAY)
    assert balances[1].given == 3 and balances[2].given == 3
    # both on contact_ids, or repeated as third party: still credited once each
    intro2 = ExchangeFact(TODAY, "introduction", "given", 3, "done", (1, 2), third_party_id=2)
    balances = r.contact_balances([intro2], TODAY)
    assert balances[1].given == 3 and balances[2].given == 3


def test_introduction_received_credits_the_introducer_only():
    intro = ExchangeFact(TODAY, "introduction", "received", 3, "done", (1,), third_party_id=2)
    balances = r.contact_balances([intro], TODAY)
    assert balances[1].received == 3
    assert 2 not in balances


def test_referral_credits_the_person_it_went_to_not_the_client():
    given = ExchangeFact(TODAY, "referral", "given", 3, "done", (1,), third_party_id=9)
    received = ExchangeFact(TODAY, "referral", "received", 3, "done", (2,), third_party_id=9)
    balances = r.contact_balances([given, received], TODAY)
    assert balances[1].given == 3 and balances[1].received == 0
    assert balances[2].received == 3 and balances[2].given == 0
    assert 9 not in balances


# --- bands -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "received", "code"),
    [
        (0, 0, r.BALANCED),
        (0.99, 0, r.BALANCED),
        (0, 0.99, r.BALANCED),
        (5, 4.01, r.BALANCED),
        (1, 0, r.YOU_GAVE_MORE),
        (0, 1, r.THEY_GAVE_MORE),
        (3.9, 0, r.YOU_GAVE_MORE),
        (0, 3.9, r.THEY_GAVE_MORE),
        (4, 0, r.ONE_SIDED),
        (0, 4, r.ONE_SIDED),
        (6, 2, r.ONE_SIDED),  # diff 4, ratio exactly 3
        (2, 6, r.ONE_SIDED),
        (6.5, 2.5, r.YOU_GAVE_MORE),  # diff 4 but ratio 2.6
        (2.5, 6.5, r.THEY_GAVE_MORE),
        (10, 4, r.YOU_GAVE_MORE),
        (4, 10, r.THEY_GAVE_MORE),
        (15, 5, r.ONE_SIDED),
    ],
)
def test_band_thresholds(given, received, code):
    assert r.band_for(given, received).code == code


def test_band_labels_and_direction_of_one_sided():
    assert r.band_for(0, 2).label == "They have given more: time to give back"
    assert r.band_for(2, 0).label == "You are giving more"
    assert r.band_for(0, 0).label == "Balanced"
    assert r.band_for(8, 0).label == r.ONE_SIDED_YOU_LABEL
    assert r.band_for(0, 8).label == r.ONE_SIDED_THEM_LABEL


def test_you_owe_both_ways():
    assert r.you_owe(0, 2)
    assert r.you_owe(0, 8)  # one-sided in their favour
    assert not r.you_owe(8, 0)  # one-sided in yours
    assert not r.you_owe(2, 0)
    assert not r.you_owe(1, 1)


def test_lean_in_range_and_centred():
    assert r.band_for(0, 0).lean == 0
    assert r.band_for(3, 3).lean == 0
    assert r.band_for(20, 0).lean == 1  # far past one-sided: the end of the bar
    assert r.band_for(0, 20).lean == -1
    assert r.ONE_SIDED_ZONE < r.band_for(10, 0).lean < 1
    assert r.band_for(1, 0).lean == pytest.approx(0.325)  # just past balanced: small totals barely move it
    assert 0 < r.band_for(6, 2).lean <= 1
    assert -1 <= r.band_for(2, 6).lean < 0


ZONES = {
    r.BALANCED: lambda lean: abs(lean) < r.BALANCED_ZONE,
    r.YOU_GAVE_MORE: lambda lean: r.BALANCED_ZONE <= lean < r.ONE_SIDED_ZONE,
    r.THEY_GAVE_MORE: lambda lean: -r.ONE_SIDED_ZONE < lean <= -r.BALANCED_ZONE,
    r.ONE_SIDED: lambda lean: r.ONE_SIDED_ZONE <= abs(lean) <= 1,
}


def test_the_needle_stands_in_the_zone_the_words_name():
    """The caption and the needle agree: "Balanced" never shows with the needle in "You gave more".
    (0.9 given, nothing received used to read Balanced with the needle a quarter of the way over.)"""
    assert r.band_for(0.9, 0).code == r.BALANCED and abs(r.band_for(0.9, 0).lean) < r.BALANCED_ZONE
    values = [x / 4 for x in range(0, 61)]
    for given in values:
        for received in values:
            band = r.band_for(given, received)
            assert ZONES[band.code](band.lean), (given, received, band)
            if band.code == r.ONE_SIDED:
                assert (band.lean > 0) == (given > received)


def test_balance_series_reads_the_meter_at_each_months_end():
    facts = [gave(1, 3, TODAY - timedelta(days=200)), got(1, 2, TODAY - timedelta(days=20)), got(2, 5, TODAY)]
    series = r.balance_series(facts, TODAY, 180, months=12, contact_id=1)
    assert [(m.year, m.month) for m in series][0] == (2025, 12) and (series[-1].year, series[-1].month) == (2026, 11)
    assert len(series) == 12
    assert series[0].given == 0 and series[0].received == 0  # before anything happened
    assert series[-1].given == pytest.approx(r.contact_balance(1, facts, TODAY, 180).given)
    assert series[-1].received == pytest.approx(2 * 0.5 ** (20 / 180))
    assert series[5].given > series[9].given > 0  # the gift of May fades month by month
    whole = r.balance_series(facts, TODAY, 180)
    assert whole[-1].received == pytest.approx(r.network_totals(facts, TODAY, 180).received)


# --- asks ----------------------------------------------------------------------


@pytest.mark.parametrize(("given", "available"), [(0, 0), (2, 0), (3, 1), (6, 2)])
def test_asks_available_rule_of_three(given, available):
    facts = [gave(1, 1) for _ in range(given)]
    b = r.contact_balance(1, facts, TODAY)
    assert b.asks_available == available


def test_asks_made_reduce_available_and_say_give_first():
    facts = [gave(1, 3), gave(1, 3), ExchangeFact(TODAY, "ask", "given", 1, "done", (1,))]
    b = r.contact_balance(1, facts, TODAY)
    assert b.asks_made == 1
    assert b.asks_available == 1
    assert b.ask_label == "1 ask available"
    facts.append(ExchangeFact(TODAY, "ask", "given", 5, "promised", (1,)))
    b = r.contact_balance(1, facts, TODAY)
    assert b.asks_made == 2 and b.asks_available == 0
    assert b.ask_label == r.GIVE_FIRST
    assert r.ask_label(-1) == r.GIVE_FIRST
    assert r.ask_label(2) == "2 asks available"


def test_asks_are_not_gifts_either_way():
    facts = [ExchangeFact(TODAY, "ask", "given", 3, "done", (1,)), ExchangeFact(TODAY, "ask", "received", 3, "done", (1,))]
    b = r.contact_balance(1, facts, TODAY)
    assert (b.given, b.received, b.asks_made) == (0.0, 0.0, 1)


def test_asks_use_decayed_given():
    # 6 units given a half-life ago count 3: one ask, not two
    facts = [gave(1, 3, on=TODAY - timedelta(days=180)), gave(1, 3, on=TODAY - timedelta(days=180))]
    assert r.contact_balance(1, facts, TODAY).asks_available == 1


# --- one-sided relationships and asks -----------------------------------------------


def test_one_sided_is_the_meters_band_both_ways():
    assert r.takes_from_you(4.0, 0.0) and not r.gives_to_you(4.0, 0.0)
    assert r.gives_to_you(0.0, 6.0) and not r.takes_from_you(0.0, 6.0)
    assert not r.takes_from_you(3.9, 0.0)  # under the one-sided gap: "you are giving more"
    assert not r.takes_from_you(10.0, 4.0)  # a two-way flow that leans
    assert r.takes_from_you(9.0, 3.0)  # three times as much, four or more apart


def test_an_ask_is_suggested_by_the_rule_of_three_unless_they_only_take():
    two_way = r.ContactBalance(1, 9.0, 4.0, 0)
    assert two_way.asks_available == 3 and r.ask_suggested(two_way)
    taker = r.ContactBalance(2, 9.0, 0.0, 0)
    assert taker.asks_available == 3 and not r.ask_suggested(taker)
    assert not r.ask_suggested(r.ContactBalance(3, 2.0, 1.0, 0))  # give first
    assert not r.ask_suggested(r.ContactBalance(4, 9.0, 4.0, 3))  # three asks made already


# --- burnout ---------------------------------------------------------------------


def weekly(n_weeks, weight, start_weeks_ago=0):
    """One gift of ``weight`` on the Monday of each of n weeks ending ``start_weeks_ago`` before today's week."""
    monday = r.monday_of(TODAY)
    return [gave(1, weight, on=monday - timedelta(weeks=start_weeks_ago + k)) for k in range(n_weeks)]


def test_weekly_giving_by_iso_week():
    loads = r.weekly_giving(weekly(2, 3) + [gave(1, 2, kind="introduction", extra=(2,))], TODAY, 3)
    assert [(w.iso_year, w.iso_week) for w in loads] == [(2026, 45), (2026, 46), (2026, 47)]
    assert [w.given for w in loads] == [0, 3, 5]  # the introduction counts once


def test_burnout_four_weeks_running_including_current():
    status = r.burnout_status(weekly(4, 6), TODAY, weekly_budget=5)
    assert status.warning


def test_no_burnout_three_weeks():
    assert not r.burnout_status(weekly(3, 6), TODAY, weekly_budget=5).warning
    assert not r.burnout_status(weekly(3, 6, start_weeks_ago=1), TODAY, weekly_budget=5).warning


def test_burnout_four_complete_weeks_current_week_quiet():
    status = r.burnout_status(weekly(4, 6, start_weeks_ago=1), TODAY, weekly_budget=5)
    assert status.warning
    assert len(status.weeks) == 5 and status.weeks[-1].given == 0


def test_burnout_needs_strictly_over_budget_and_a_run():
    assert not r.burnout_status(weekly(4, 5), TODAY, weekly_budget=5).warning
    gap = weekly(2, 6) + weekly(2, 6, start_weeks_ago=3)  # weeks 0,1,3,4 over, week 2 not
    assert not r.burnout_status(gap, TODAY, weekly_budget=5).warning


def test_burnout_week_boundary_sunday_vs_monday():
    # today is Sunday: its week began last Monday; a gift on the Sunday before belongs to the week before
    monday = r.monday_of(TODAY)
    assert monday == date(2026, 11, 16)
    loads = r.weekly_giving([gave(1, 2, on=monday - timedelta(days=1))], TODAY, 2)
    assert [w.given for w in loads] == [2, 0]


def test_burnout_ignores_future_and_year_boundary():
    jan = date(2027, 1, 3)  # Sunday, ISO week 53 of 2026
    loads = r.weekly_giving([gave(1, 2, on=jan), gave(1, 2, on=jan + timedelta(days=1))], jan, 1)
    assert (loads[0].iso_year, loads[0].iso_week, loads[0].given) == (2026, 53, 2)


# --- network ---------------------------------------------------------------------


def test_monthly_flow_twelve_months_raw_weights():
    facts = [
        gave(1, 3, on=date(2026, 11, 1)),
        got(2, 2, on=date(2026, 11, 20)),
        gave(1, 2, on=date(2025, 12, 31)),
        gave(1, 5, on=date(2025, 11, 30)),  # thirteen months back: out
        gave(1, 5, on=date(2026, 11, 30)),  # future: out
        ExchangeFact(date(2026, 11, 2), "introduction", "given", 3, "done", (1, 2)),  # once
    ]
    flow = r.monthly_flow(facts, TODAY)
    assert len(flow) == 12
    assert (flow[0].year, flow[0].month) == (2025, 12)
    assert (flow[-1].year, flow[-1].month) == (2026, 11)
    assert (flow[0].given, flow[0].received) == (2, 0)
    assert (flow[-1].given, flow[-1].received) == (6, 2)


def test_strongest_and_totals():
    facts = [gave(1, 2), got(1, 2), gave(2, 5), got(3, 1), ExchangeFact(TODAY, "ask", "given", 1, "done", (4,))]
    balances = r.contact_balances(facts, TODAY)
    assert [b.contact_id for b in r.strongest(balances, 2)] == [2, 1]
    assert [b.contact_id for b in r.strongest(balances)] == [2, 1, 3]  # 4 has only an ask
    assert r.relationship_strengths(balances)[1] == 4
    totals = r.network_totals(facts, TODAY)
    assert (totals.given, totals.received, totals.contacts) == (7, 3, 4)
    assert totals.band.code == r.YOU_GAVE_MORE


def test_network_totals_counts_an_introduction_once():
    intro = ExchangeFact(TODAY, "introduction", "given", 3, "done", (1,), third_party_id=2)
    totals = r.network_totals([intro], TODAY)
    assert totals.given == 3 and totals.contacts == 2


# --- words -------------------------------------------------------------------------


def test_kinds_counted_in_words():
    from desktop.domain.kinds import kinds_in_words

    assert kinds_in_words({}) == ""
    assert kinds_in_words({"introduction": 1}) == "an introduction"
    assert kinds_in_words({"favour": 3, "introduction": 1}) == "3 favours and an introduction"
    assert kinds_in_words({"advice": 2, "referral": 2, "info": 1}) == "2 referrals, 2 pieces of advice and a tip"
    assert kinds_in_words({"advice": 2, "referral": 2, "info": 1}, most=2) == "2 referrals, 2 pieces of advice and more"


def test_how_long_ago_in_words():
    from desktop.domain.dates import ago_words

    days = [0, 1, 5, 13, 14, 21, 59, 60, 200, 364, 365, 800, -1, -3, -20]
    assert [ago_words(TODAY - timedelta(days=d), TODAY) for d in days] == [
        "today", "yesterday", "5 days ago", "13 days ago", "2 weeks ago", "3 weeks ago", "8 weeks ago",
        "2 months ago", "7 months ago", "12 months ago", "a year ago", "2 years ago", "tomorrow", "in 3 days",
        "in 3 weeks",
    ]  # fmt: skip


def test_balance_series_matches_the_meter_read_at_each_months_end():
    """The running-sum form gives what the meter itself reads on each month's last day (and today)."""
    import random

    rng = random.Random(7)
    facts = [
        ExchangeFact(TODAY - timedelta(days=rng.randint(-20, 500)), rng.choice(["favour", "referral", "advice"]),
                     rng.choice(["given", "received"]), rng.randint(1, 5), "done", (rng.randint(1, 3),))
        for _ in range(200)
    ]  # fmt: skip
    for contact_id in (None, 2):
        series = r.balance_series(facts, TODAY, 90, months=12, contact_id=contact_id)
        for month, end in zip(series, r.month_ends(TODAY, 12)):
            seen = [f for f in facts if f.on <= end or end == TODAY]
            if contact_id is None:
                expect = r.network_totals(seen, end, 90)
            else:
                expect = r.contact_balance(contact_id, seen, end, 90)
            assert month.given == pytest.approx(expect.given) and month.received == pytest.approx(expect.received)


@pytest.mark.parametrize("given, received", [(0, 0), (5, 0), (0, 5), (3, 3), (6, 2), (2, 6), (9, 1), (1, 9), (0.4, 0)])
def test_one_sided_is_either_way_of_the_band(given, received):
    assert r.one_sided(given, received) == (r.takes_from_you(given, received) or r.gives_to_you(given, received))


@pytest.mark.parametrize("given, received", [(0, 0), (5, 0), (0, 5), (3, 3), (6, 2), (2, 6), (9, 1), (1, 9), (0, 0.4), (2, 2.3)])
def test_you_owe_is_their_side_of_the_band(given, received):
    band = r.band_for(given, received)
    expected = band.code == r.THEY_GAVE_MORE or (band.code == r.ONE_SIDED and received > given)
    assert r.you_owe(given, received) == expected
