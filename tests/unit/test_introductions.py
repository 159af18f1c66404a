"""Introduction suggestions: needs meet offers, ranked by relationship strength."""

from __future__ import annotations

from desktop.domain import introductions as i
from desktop.domain.introductions import NeedOffer, Profile


def P(cid, name, needs=(), offers=()):
    def items(xs):
        return tuple(x if isinstance(x, NeedOffer) else NeedOffer(x) for x in xs)

    return Profile(cid, name, items(needs), items(offers))


ANA = P(1, "Ana", needs=["marketing help"])
BEN = P(2, "Ben", offers=["marketing consulting"])
CAT = P(3, "Cat", offers=["bookkeeping"])


def test_words_meet_across_case_accents_inflections_and_verbs():
    # (The old matcher's keywords()/stem() are gone: words now meet through the vocabulary's stems.)
    for need, offer in [
        ("Marketing HELP", "marketing consulting"),
        ("needs a good lawyer", "Lawyers"),
        ("Bookkeeper", "bookkeeping"),
        ("un comptable", "Comptables"),
        ("fotógrafa", "FOTOGRAFO"),
    ]:
        a, b = P(1, "Ana", needs=[need]), P(2, "Ben", offers=[offer])
        assert [(s.a_id, s.b_id) for s in i.suggest_introductions([a, b], {})] == [(1, 2)], (need, offer)
    assert i.suggest_introductions([P(1, "A", needs=["the and of"]), P(2, "B", offers=["the and of"])], {}) == []


def test_word_match_suggests_pair_with_because():
    [s] = i.suggest_introductions([ANA, BEN, CAT], {})
    assert (s.a_id, s.b_id) == (1, 2)
    assert s.because == "Ana needs marketing help; Ben offers marketing consulting"


def test_because_drops_leading_verb():
    a = P(1, "Ana", needs=["Needs a lawyer"])
    b = P(2, "Ben", offers=["offers legal advice as a lawyer"])
    [s] = i.suggest_introductions([a, b], {})
    assert s.because == "Ana needs a lawyer; Ben offers legal advice as a lawyer"


def test_tags_match_even_without_shared_words_and_outrank_words():
    a = P(1, "Ana", needs=[NeedOffer("a hand with the stand", ("Trade Fair",))])
    b = P(2, "Ben", offers=[NeedOffer("free weekends", ("trade fair",))])
    [s] = i.suggest_introductions([a, b], {})
    assert (s.a_id, s.b_id) == (1, 2)
    assert s.because == "Ana needs a hand with the stand; Ben offers free weekends (both tagged trade fair)"
    [words] = i.suggest_introductions([ANA, BEN], {})
    assert 0 < words.score < s.score
    # a tag that names a concept reads as words too, and the reason says so
    a = P(1, "Ana", needs=[NeedOffer("someone for my books", ("Accounting",))])
    b = P(2, "Ben", offers=[NeedOffer("tax returns", ("accounting",))])
    [s] = i.suggest_introductions([a, b], {})
    assert s.because == "Ana needs someone for my books; Ben offers tax returns (same thing)"
    assert s.score >= words.score


def test_accent_and_case_insensitive_tags():
    a = P(1, "Ana", needs=[NeedOffer("x", ("Café",))])
    b = P(2, "Ben", offers=[NeedOffer("y", ("CAFE",))])
    assert len(i.suggest_introductions([a, b], {})) == 1


def test_no_match_no_suggestion_and_no_self_pair():
    self_helper = P(1, "Ana", needs=["marketing"], offers=["marketing"])
    assert i.suggest_introductions([self_helper], {}) == []
    assert i.suggest_introductions([ANA, CAT], {}) == []


def test_skips_pairs_already_introduced():
    assert i.suggest_introductions([ANA, BEN], {}, already_introduced={frozenset({1, 2})}) == []
    assert i.suggest_introductions([ANA, BEN], {}, already_introduced=[frozenset({2, 1})]) == []


def test_ranked_by_strength_of_both_relationships():
    dan = P(4, "Dan", offers=["marketing strategy"])
    eve = P(5, "Eve", needs=["bookkeeper"])
    strengths = {1: 2.0, 2: 1.0, 4: 5.0, 3: 0.5, 5: 0.5}
    out = i.suggest_introductions([ANA, BEN, CAT, dan, eve], strengths)
    assert [(s.a_id, s.b_id) for s in out] == [(1, 4), (1, 2), (5, 3)]
    assert out[0].strength == 7.0
    assert len(i.suggest_introductions([ANA, BEN, CAT, dan, eve], strengths, limit=2)) == 2


def test_tie_on_sum_prefers_the_weaker_link_stronger():
    dan = P(4, "Dan", offers=["marketing strategy"])
    out = i.suggest_introductions([ANA, BEN, dan], {1: 3.0, 2: 3.0, 4: 0.0})
    # Ana+Ben: 6 (min 3); Ana+Dan: 3
    assert [(s.a_id, s.b_id) for s in out] == [(1, 2), (1, 4)]
    # Was the bare word "web" on both sides: one shared word that names no concept no longer makes a pair.
    web = [P(1, "A", needs=["web development"]), P(2, "B", offers=["web development"]), P(3, "C", offers=["web development"])]
    out = i.suggest_introductions(web, {1: 2.0, 2: 2.0, 3: 4.0})
    assert [(s.a_id, s.b_id) for s in out] == [(1, 3), (1, 2)]  # sums 6 vs 4
    out = i.suggest_introductions(web, {1: 0.0, 2: 2.0, 3: 1.0})
    assert [(s.a_id, s.b_id) for s in out] == [(1, 2), (1, 3)]
    # equal sums: the pair whose weaker link is stronger comes first
    four = [P(1, "A", needs=["web development"]), P(2, "B", offers=["web development"]),
            P(3, "C", needs=["web development"]), P(4, "D", offers=["web development"])]  # fmt: skip
    out = i.suggest_introductions(four, {1: 3.0, 2: 1.0, 3: 2.0, 4: 2.0})
    assert [(s.a_id, s.b_id) for s in out] == [(1, 4), (3, 4), (1, 2), (3, 2)]


def test_both_directions_in_one_suggestion():
    a = P(1, "Ana", needs=["marketing help"], offers=["bookkeeping"])
    b = P(2, "Ben", needs=["a bookkeeper"], offers=["marketing consulting"])
    [s] = i.suggest_introductions([a, b], {})
    assert "Ana needs marketing help; Ben offers marketing consulting" in s.because
    assert "Ben needs a bookkeeper; Ana offers bookkeeping" in s.because
