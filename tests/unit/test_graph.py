"""The knows graph: link strength from what is known, your ties, and who can introduce you to whom."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain import graph as g
from desktop.domain import reciprocity as rules

TODAY = dt.date(2026, 6, 1)
NAMES = {1: "Julia", 2: "Wei", 3: "Omar", 4: "Priya", 5: "Sven", 6: "Ana", 7: "Ben"}


def F(a, b, source=g.MANUAL, how="", on=None):
    return g.LinkFact(a, b, source, how, on)


def tie(cid, strength=0.8, balance=0.0, gifts=0):
    return g.Tie(cid, strength, balance, gifts)


# --- link strength ------------------------------------------------------------------------


def test_how_orders_hand_entered_links_and_unknown_how_counts_as_manual():
    s = {how: g.fact_strength(F(1, 2, how=how), TODAY) for how in ("family", "friend", "colleague", "client", "introduced by")}
    assert s["family"] > s["friend"] > s["colleague"] > s["client"] > s["introduced by"]
    assert g.fact_strength(F(1, 2, how="neighbour"), TODAY) == g.SOURCE_STRENGTH[g.MANUAL]
    assert g.fact_strength(F(1, 2, g.RELATED, "Friend"), TODAY) == g.HOW_STRENGTH["friend"]  # vCard RELATED;TYPE
    # how only refines links someone said exist; a shared organisation stays what it is
    assert g.fact_strength(F(1, 2, g.ORGANISATION, "family"), TODAY) == g.SOURCE_STRENGTH[g.ORGANISATION]


def test_sources_order_said_above_inferred():
    s = {src: g.fact_strength(F(1, 2, src), TODAY) for src in g.SOURCES}
    assert s[g.INTRODUCTION] > s[g.ORGANISATION] > s[g.GROUP] > s[g.EVENT]
    assert s[g.MANUAL] > s[g.ORGANISATION]


def test_dated_facts_fade_to_a_floor():
    fresh = g.fact_strength(F(1, 2, g.INTRODUCTION, on=TODAY), TODAY)
    two_years = g.fact_strength(F(1, 2, g.INTRODUCTION, on=TODAY - dt.timedelta(days=g.HALF_LIFE_DAYS)), TODAY)
    ancient = g.fact_strength(F(1, 2, g.INTRODUCTION, on=dt.date(1990, 1, 1)), TODAY)
    assert fresh == g.SOURCE_STRENGTH[g.INTRODUCTION]
    assert two_years == pytest.approx(fresh / 2)
    assert ancient == pytest.approx(fresh * g.MIN_AGE_FACTOR)
    assert g.fact_strength(F(1, 2, g.INTRODUCTION, on=TODAY + dt.timedelta(days=9)), TODAY) == fresh


def test_facts_add_up_as_evidence_and_closeness_makes_a_link_surer():
    one = g.link_strength([F(1, 2, g.ORGANISATION)], TODAY)
    two = g.link_strength([F(1, 2, g.ORGANISATION), F(1, 2, g.EVENT)], TODAY)
    assert one < two < 1.0
    assert two == pytest.approx((1 - (1 - 0.45) * (1 - 0.25)) * 0.8)
    close = g.link_strength([F(1, 2, g.ORGANISATION)], TODAY, 1.0, 1.0)
    half = g.link_strength([F(1, 2, g.ORGANISATION)], TODAY, 1.0, 0.0)  # the less close of the two counts
    assert close == pytest.approx(0.45) and half == pytest.approx(one)


def test_build_links_merges_both_directions_marks_inferred_and_drops_self_links():
    links = g.build_links(
        [F(2, 1, g.ORGANISATION), F(1, 2, g.EVENT), F(3, 1, g.MANUAL, " colleague "), F(3, 3), F(1, 3, g.GROUP)], TODAY
    )
    by_pair = {(link.a, link.b): link for link in links}
    assert set(by_pair) == {(1, 2), (1, 3)}
    assert by_pair[(1, 2)].inferred and by_pair[(1, 2)].sources == (g.ORGANISATION, g.EVENT)
    assert not by_pair[(1, 3)].inferred  # someone said they know each other
    assert by_pair[(1, 3)].sources == (g.MANUAL, g.GROUP) and by_pair[(1, 3)].how == "colleague"
    assert by_pair[(1, 3)].other(1) == 3


def test_graph_neighbours_links_and_ego():
    kg = g.KnowsGraph(g.build_links([F(1, 2), F(2, 3), F(3, 4)], TODAY))
    assert set(kg.neighbours(2)) == {1, 3} and kg.neighbours(99) == {}
    assert kg.link(3, 2) is kg.link(2, 3) and kg.link(1, 3) is None
    assert kg.ego(1, 1) == {1, 2} and kg.ego(1, 2) == {1, 2, 3} and len(kg) == 3


# --- your ties -------------------------------------------------------------------------------


def test_your_ties_from_the_meter_count_this_years_gifts():
    facts = [
        rules.ExchangeFact(TODAY - dt.timedelta(days=10), "favour", rules.GIVEN, 2, contact_ids=(1,)),
        rules.ExchangeFact(TODAY - dt.timedelta(days=200), "advice", rules.GIVEN, 1, contact_ids=(1,)),
        rules.ExchangeFact(TODAY - dt.timedelta(days=400), "favour", rules.GIVEN, 2, contact_ids=(1,)),  # last year
        rules.ExchangeFact(TODAY - dt.timedelta(days=5), rules.ASK, rules.GIVEN, 1, contact_ids=(1,)),  # not a gift
        rules.ExchangeFact(TODAY - dt.timedelta(days=5), "favour", rules.GIVEN, 2, status=rules.PROMISED, contact_ids=(1,)),
        rules.ExchangeFact(TODAY - dt.timedelta(days=3), "favour", rules.RECEIVED, 2, contact_ids=(3,)),
    ]
    balances = rules.contact_balances(facts, TODAY)
    ties = g.your_ties(balances, facts, TODAY)
    assert set(ties) == {1, 3}
    assert ties[1].gifts_this_year == 2 and ties[1].balance > 0
    assert ties[3].gifts_this_year == 0 and ties[3].balance < 0
    assert 0 < ties[3].strength < ties[1].strength < 1


def test_asking_someone_who_owes_you_is_easier():
    assert g.ask_ease(tie(1, balance=5)) > g.ask_ease(tie(1, balance=0)) == 1.0 > g.ask_ease(tie(1, balance=-5))
    assert 0.7 <= g.ask_ease(tie(1, balance=-100)) and g.ask_ease(tie(1, balance=100)) <= 1.3


# --- who can introduce you ---------------------------------------------------------------------


def network(*facts):
    return g.KnowsGraph(g.build_links(facts, TODAY))


def test_two_hop_path_with_reason():
    kg = network(F(1, 2, how="colleague"))
    [path] = g.introduction_paths(kg, {1: tie(1, gifts=3, balance=4)}, {2}, NAMES)
    assert path.via == (1,) and path.to == 2
    assert path.because == "Ask Julia to introduce you to Wei (Julia knows Wei: colleague; you gave Julia 3 favours this year)"
    assert path.strength == pytest.approx(min(0.8, g.HOW_STRENGTH["colleague"] * 0.8))
    assert path.links == (kg.link(1, 2),)


def test_three_hop_path_and_max_hops():
    kg = network(F(1, 3, g.ORGANISATION), F(3, 2, g.INTRODUCTION))
    [path] = g.introduction_paths(kg, {1: tie(1, balance=0.2)}, {2}, NAMES)
    assert path.via == (1, 3) and path.to == 2
    assert path.because == (
        "Ask Julia to introduce you to Omar, who knows Wei (Julia knows Omar: same organisation, inferred; "
        "Omar knows Wei: you introduced them; you and Julia are even)"
    )
    assert g.introduction_paths(kg, {1: tie(1)}, {2}, NAMES, max_hops=2) == []
    assert g.introduction_paths(kg, {1: tie(1)}, {2}, NAMES, max_hops=9)  # never more than 3 hops anyway
    far = network(F(1, 3), F(3, 4), F(4, 2))  # you -> Julia -> Omar -> Priya -> Wei: 4 hops
    assert g.introduction_paths(far, {1: tie(1)}, {2}, NAMES) == []


def test_first_person_must_be_someone_you_have_a_tie_with():
    kg = network(F(1, 2), F(3, 2))
    paths = g.introduction_paths(kg, {3: tie(3)}, {2}, NAMES)
    assert [p.via for p in paths] == [(3,)]
    assert g.introduction_paths(kg, {}, {2}, NAMES) == []


def test_ranked_by_weakest_link_then_by_who_owes_you():
    kg = network(F(1, 2, how="family"), F(3, 2, how="client"), F(5, 2, how="family"))
    ties = {1: tie(1, 0.9, balance=0), 3: tie(3, 0.9, balance=0), 5: tie(5, 0.9, balance=-6)}
    paths = g.introduction_paths(kg, ties, {2}, NAMES)
    assert [p.via for p in paths] == [(1,), (5,), (3,)]  # family beats client; Sven is owed, so he comes after Julia
    assert paths[0].rank > paths[1].rank
    assert "Sven has given you more: ask gently" in paths[1].because
    weak_tie = g.introduction_paths(kg, {1: tie(1, 0.1), 3: tie(3, 0.9)}, {2}, NAMES)
    assert [p.via for p in weak_tie] == [(3,), (1,)]  # your own tie is a link of the path too
    assert weak_tie[1].strength == pytest.approx(0.1)


def test_owing_note_and_one_favour():
    kg = network(F(1, 2), F(3, 2))
    paths = g.introduction_paths(kg, {1: tie(1, balance=2.5), 3: tie(3, gifts=1)}, {2}, NAMES)
    notes = {p.via[0]: p.because for p in paths}
    assert notes[1].endswith("; Julia owes you)")
    assert notes[3].endswith("; you gave Omar 1 favour this year)")


def test_never_through_a_target_nor_back_through_the_target():
    kg = network(F(1, 2), F(2, 4), F(1, 4))
    paths = g.introduction_paths(kg, {1: tie(1), 2: tie(2)}, {2, 4}, NAMES, limit=None)
    assert {(p.via, p.to) for p in paths} == {((1,), 2), ((1,), 4)}  # not (2,) -> 4: Wei is a target himself


def test_one_path_per_first_person_and_target_the_best_and_limit():
    kg = network(F(1, 2, how="client"), F(1, 3, how="family"), F(3, 2, how="family"), F(6, 2), F(7, 2))
    ties = {1: tie(1), 6: tie(6, 0.5), 7: tie(7, 0.4)}
    paths = g.introduction_paths(kg, ties, {2}, NAMES, limit=None)
    assert [p.via for p in paths] == [(1, 3), (6,), (7,)]  # Julia's best way: through Omar (family, family)
    assert len(g.introduction_paths(kg, ties, {2}, NAMES, limit=2)) == 2


def test_role_target_set_reaches_several_people():
    kg = network(F(1, 2), F(1, 4, how="friend"))
    paths = g.introduction_paths(kg, {1: tie(1)}, {2, 4}, NAMES)
    assert [p.to for p in paths] == [4, 2]
    assert g.introduction_paths(kg, {1: tie(1)}, set(), NAMES) == []


def test_the_best_few_paths_are_the_head_of_all_of_them_however_big_the_target_set():
    import random

    rng = random.Random(4)
    sources = [(g.MANUAL, "friend"), (g.MANUAL, "family"), (g.ORGANISATION, ""), (g.EVENT, ""), (g.INTRODUCTION, "")]
    facts = []
    for _ in range(3000):
        a, b = rng.sample(range(1, 400), 2)
        source, how = rng.choice(sources)
        facts.append(g.LinkFact(a, b, source, how))
    kg = g.KnowsGraph(g.build_links(facts, TODAY))
    ties = {c: g.Tie(c, rng.choice([0.3, 0.6, 0.9]), rng.choice([-3.0, 0.0, 4.0]), 0) for c in range(1, 400, 7)}
    names = {c: f"P{c}" for c in range(1, 400)}
    for size in (1, 5, 60, 200):
        for _ in range(5):
            targets = set(rng.sample(range(1, 400), size))
            for hops in (2, 3):
                full = g.introduction_paths(kg, ties, targets, names, max_hops=hops, limit=None)
                assert g.introduction_paths(kg, ties, targets, names, max_hops=hops, limit=10) == full[:10]


@pytest.mark.parametrize("seed", range(12))
def test_the_best_few_are_the_best_of_all_paths_on_a_random_network(seed):
    """The search stops early (links into the targets strongest first, and each middle person's links
    strongest first): what it returns is what ranking every path would put first."""
    import random

    rng = random.Random(seed)
    people = range(1, 301)
    links = set()
    while len(links) < 1500:
        a, b = rng.sample(people, 2)
        links.add((min(a, b), max(a, b), round(rng.random(), 2)))  # rounded: many equal strengths
    kg = g.KnowsGraph(g.Link(a, b, s, (g.MANUAL,), "", False) for a, b, s in links)
    ties = {c: tie(c, strength=round(rng.random(), 2), balance=rng.uniform(-5, 5)) for c in rng.sample(people, 60)}
    names = {c: f"P{c}" for c in people}
    targets = set(rng.sample(people, rng.choice([1, 5, 40])))
    for hops in (2, 3):
        every = g.introduction_paths(kg, ties, targets, names, max_hops=hops, limit=None)
        for limit in (1, 3, 10):
            best = g.introduction_paths(kg, ties, targets, names, max_hops=hops, limit=limit)
            assert [(p.via, p.to, p.rank) for p in best] == [(p.via, p.to, p.rank) for p in every[:limit]]
