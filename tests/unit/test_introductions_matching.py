"""Needs meet offers in the sense a person would check: the vocabulary, the rules at the edges, the traps,
learning from feedback, the reasons, and the figure on the labelled set."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from desktop.domain import introductions as i
from desktop.domain import needs_match as nm
from desktop.domain import vocabulary as v
from desktop.domain.introductions import Feedback, NeedOffer, Profile

TODAY = dt.date(2026, 6, 1)
ROOT = Path(__file__).resolve().parents[2]


def P(cid, name, needs=(), offers=()):
    return Profile(cid, name, tuple(NeedOffer(x) for x in needs), tuple(NeedOffer(x) for x in offers))


def pairs(profiles, **kw):
    return [(s.a_id, s.b_id) for s in i.suggest_introductions(profiles, {}, **kw)]


def meets(need: str, offer: str) -> bool:
    return pairs([P(1, "A", needs=[need]), P(2, "B", offers=[offer])]) == [(1, 2)]


# --- the vocabulary files -------------------------------------------------------------------------


def test_shipped_vocabulary_reads_without_a_problem():
    vocab = v.default_vocabulary()
    assert vocab.problems == []
    assert len(vocab.concepts) > 80 and {"english", "german", "french", "spanish", "italian", "dutch"} <= set(vocab.languages)
    legal = vocab.by_name("legal")
    assert vocab.by_name("employment law").parent == legal.id
    assert vocab.by_name("restaurants").is_sector and vocab.by_name("introductions").is_access


def test_a_bad_line_is_reported_with_file_and_line_and_the_rest_still_loads():
    vocab = v.build_vocabulary(
        [
            "# a comment",
            "bookkeeping: accountant",  # before any section
            "[finance]",
            "bookkeeping: bookkeeper, accountant",
            "no colon here",
            "empty:",
            "bookkeeping: again",
            "  tax: tax return, accountant",  # accountant already means bookkeeping
            "[legal]",
            "legal: lawyer, C#",
        ],
        ["[english]", "stop: a, the", "nonsense line", "[klingon]", "stop: qa"],
    )
    assert vocab.problems == [
        "needs_offers.txt:2: a concept comes before any [section]",
        "needs_offers.txt:5: a concept line is 'name: word, word, ...'; this one has no colon",
        "needs_offers.txt:6: 'empty' needs a name and at least one word after the colon",
        "needs_offers.txt:7: the concept 'bookkeeping' is already defined above; this line is left out",
        "needs_offers.txt:8: 'accountant' already means 'bookkeeping'; kept there only",
        "needs_offers_words.txt:3: a line starts with stop:, boundary:, filler: or join:",
        "needs_offers_words.txt:4: no Snowball stemmer is called 'klingon'; this section is left out",
    ]
    assert [c.name for c in vocab.concepts] == ["bookkeeping", "tax", "legal"]
    assert vocab.by_name("tax").parent == vocab.by_name("bookkeeping").id
    found = vocab.hits(vocab.tokens("an accountant and a tax return"))
    assert [vocab.concepts[h.concept].name for h in found] == ["bookkeeping", "tax"]


def test_a_missing_file_is_an_error_for_a_person(tmp_path):
    with pytest.raises(v.VocabularyError, match="Cannot read the vocabulary file"):
        v._read_lines(tmp_path / "nope.txt")


def test_stems_match_inflections_not_derivations():
    keys = v.Vocabulary.keys
    langs = ("english", "spanish", "german")

    def same(a, b):
        return bool(keys(a, langs) & keys(b, langs))

    assert same("investors", "investor") and same("fotografa", "fotografo") and same("companies", "company")
    assert same("steuerberaterin", "steuerberater")
    assert not same("market", "marketing") and not same("host", "hosting") and not same("service", "servicing")


def test_typos_compounds_and_the_language_of_a_text():
    vocab = v.default_vocabulary()

    def concepts(text):
        return [(vocab.concepts[h.concept].name, h.via) for h in vocab.hits(vocab.tokens(text))]

    assert concepts("my bookeeper retired") == [("bookkeeping", "typo")]
    assert concepts("Hochzeitsfotograf gesucht") == [("photography", "compound")]
    assert concepts("the market") == []  # one letter from "Marke" (trademark) is a word, not a typo
    assert vocab.language_of(["een", "boekhouder", "voor", "mijn", "zaak"]) == "dutch"
    assert vocab.language_of(["bookkeeping"]) is None


# --- what meets what ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "need, offer",
    [
        ("a bookkeeper", "accounting and tax returns"),
        ("Suche einen Steuerberater für meine GmbH", "annual accounts for small companies"),
        ("een boekhouder voor mijn eenmanszaak", "bookkeeping for freelancers"),
        ("a lawyer", "contract and company law"),
        ("investors for our seed round", "angel investment"),
        ("funding for our bakery", "business loans"),
        ("press coverage for our launch", "PR and media relations"),
        ("a journalist to cover our event", "I write for a business magazine"),
        ("hiring two developers", "tech recruiting"),
        ("a venue for 80 people", "event space in the old town"),
        ("busco un fotógrafo", "product photography"),
        ("une avocate spécialisée en droit du travail", "employment law"),
        ("introductions to hotel chains", "contacts in the hotel trade"),
    ],
)
def test_words_that_mean_the_same_thing_meet(need, offer):
    assert meets(need, offer)


@pytest.mark.parametrize(
    "need, offer",
    [
        ("a bookkeeper who knows start-ups", "shipping and customs know-how"),
        ("someone who knows how to apply for grants", "customs know-how"),
        ("investors for our seed round", "a round of golf at my club"),
        ("a printer for 5,000 flyers", "3D-printer repair"),
        ("a printer for 5,000 flyers", "IT support: laptops, printers, network"),
        ("a venue for a workshop", "a design workshop for teams"),
        ("insurance for my workshop", "a design workshop for teams"),
        ("a trademark lawyer", "employment law"),  # sister concepts
        ("introductions to hotel chains", "contacts in fashion"),  # access without a shared sector
        ("clients in the medical sector", "physiotherapy"),
        ("marketing help for our restaurant", "restaurant reviews"),  # a sector alone
        ("someone to translate our website", "web development"),  # what the need is about, not its object
        ("a copywriter", "accessibility audits for websites"),
        ("web", "web"),  # one shared word in no concept
    ],
)
def test_traps_do_not_meet(need, offer):
    assert not meets(need, offer)


def test_words_alone_meet_only_when_two_informative_ones_are_shared():
    assert meets("beekeeping supplies wholesale", "wholesale beekeeping supplies from Spain")
    assert not meets("beekeeping supplies", "beekeeping lessons")


def test_the_head_of_a_need_is_what_is_needed_not_its_context():
    vocab = v.default_vocabulary()
    r = nm.read("a venue for a workshop, with coffee", vocab)
    assert {vocab.concepts[c].name for c in r.head} == {"venue"}
    r = nm.read("help with SEO, we're invisible on Google", vocab)
    assert {vocab.concepts[c].name for c in r.head} == {"SEO"}
    r = nm.read("photo printing on canvas", vocab)  # a compound is its last word
    assert {vocab.concepts[c].name for c in r.head} == {"printing"}
    r = nm.read("accounting and tax returns", vocab)
    assert {vocab.concepts[c].name for c in r.head} == {"bookkeeping"}
    r = nm.read("a lawyer to look over an employment contract", vocab)  # narrowed by the rest of the text
    assert {vocab.concepts[c].name for c in r.head} == {"employment law"}


def test_rare_concepts_weigh_more_and_scores_stay_in_range():
    vocab = v.default_vocabulary()
    texts = ["bookkeeping"] * 5 + ["a plumber"]
    readings = [nm.read(t, vocab) for t in texts]
    w = nm.Weights(readings)
    book, plumb = vocab.by_name("bookkeeping").id, vocab.by_name("plumbing").id
    assert 0.6 <= w.concept(book) < w.concept(plumb) <= 1.0
    m = nm.match(nm.read("an accountant", vocab), readings[0], vocab, w)
    assert m.relation == nm.SAME and m.score >= nm.THRESHOLD and not m.same_words


def test_broader_and_narrower_meet_with_a_note():
    [s] = i.suggest_introductions([P(1, "Ana", needs=["a lawyer"]), P(2, "Ben", offers=["employment law"])], {})
    assert s.because == "Ana needs a lawyer; Ben offers employment law (a kind of legal)"
    [s] = i.suggest_introductions([P(1, "Ana", needs=["a trademark"]), P(2, "Ben", offers=["legal advice"])], {})
    assert s.because == "Ana needs a trademark; Ben offers legal advice (covers intellectual property)"


# --- the reason -----------------------------------------------------------------------------------


def emphasised(s):
    return [s.because[a:b] for a, b in s.emphasis]


def test_reason_says_same_thing_and_marks_the_words():
    amelie = P(1, "Amélie", needs=["a bookkeeper"])
    priya = P(2, "Priya", offers=["accounting"])
    [s] = i.suggest_introductions([amelie, priya], {})
    assert s.because == "Amélie needs a bookkeeper; Priya offers accounting (same thing)"
    assert emphasised(s) == ["bookkeeper", "accounting"]
    assert s.evidence[0].kind == (i.default_vocabulary().by_name("bookkeeping").id,) * 2


def test_reason_of_both_directions_marks_words_in_each_part():
    a = P(1, "Ana", needs=["Needs a photographer for our launch"], offers=["bookkeeping"])
    b = P(2, "Ben", needs=["an accountant"], offers=["event photography"])
    [s] = i.suggest_introductions([a, b], {})
    assert s.because == (
        "Ana needs a photographer for our launch; Ben offers event photography (same thing) — and "
        "Ben needs an accountant; Ana offers bookkeeping (same thing)"
    )
    assert emphasised(s) == ["photographer", "event photography", "accountant", "bookkeeping"]


def test_no_emphasis_on_words_from_a_tag():
    a = Profile(1, "Ana", needs=(NeedOffer("someone for my books", ("bookkeeping",)),))
    b = P(2, "Ben", offers=["an accountant"])
    [s] = i.suggest_introductions([a, b], {})
    assert s.because == "Ana needs someone for my books; Ben offers an accountant (same thing)"
    assert emphasised(s) == ["accountant"]


def test_who_is_finds_the_contacts_a_role_describes():
    descriptions = {
        7: ["Journalist", "Nordlicht Media"],
        8: ["Sales director", "Aegean Hotels"],
        9: ["Head of PR", "Green Door", "press releases and media relations"],
        10: ["", "I write for the business section of a newspaper"],
    }
    assert set(i.who_is("a journalist", descriptions)) == {7, 9, 10}
    assert i.who_is("someone in hotels", descriptions) == []  # a sector alone names no one
    assert i.who_is("a bookkeeper", descriptions) == []


# --- learning from the person ------------------------------------------------------------------------


ANA = P(1, "Ana", needs=["a bookkeeper"])
BEN = P(2, "Ben", offers=["accounting"])
CAT = P(3, "Cat", offers=["tax returns"])
DAN = P(4, "Dan", needs=["an accountant"])
EVE = P(5, "Eve", needs=["marketing help"])
FIN = P(6, "Fin", offers=["marketing campaigns"])


def test_not_now_lowers_a_pair_for_a_while():
    people = [ANA, BEN, CAT]
    strengths = {2: 2.0, 3: 1.0}
    ranked = [(s.a_id, s.b_id) for s in i.suggest_introductions(people, strengths)]
    assert ranked == [(1, 2), (1, 3)]
    fb = [Feedback(i.NOT_NOW, 2, 1, TODAY)]
    moved = [(s.a_id, s.b_id) for s in i.suggest_introductions(people, strengths, feedback=fb, today=TODAY)]
    assert moved == [(1, 3), (1, 2)]  # halved: 2 * 0.5 < 1
    later = TODAY + dt.timedelta(days=i.NOT_NOW_DAYS)
    back = [(s.a_id, s.b_id) for s in i.suggest_introductions(people, strengths, feedback=fb, today=later)]
    assert back == ranked
    [low] = [s for s in i.suggest_introductions(people, strengths, feedback=fb, today=TODAY) if s.b_id == 2]
    [full] = [s for s in i.suggest_introductions(people, strengths) if s.b_id == 2]
    assert low.score == pytest.approx(full.score * i.NOT_NOW_FACTOR)


def test_not_a_match_removes_the_pair_and_the_same_need_with_the_same_kind_of_offer():
    people = [ANA, BEN, CAT, DAN, EVE, FIN]
    before = pairs(people)
    assert {(1, 2), (1, 3), (4, 2), (4, 3), (5, 6)} <= set(before)
    after = pairs(people, feedback=[Feedback(i.NOT_A_MATCH, 1, 2, TODAY)], today=TODAY)
    assert (1, 2) not in after and (1, 3) not in after  # Ana's bookkeeping need: no accounting-kind offer
    assert {(4, 2), (4, 3), (5, 6)} <= set(after)  # Dan's need and other kinds stay


def test_an_introduction_made_raises_the_same_kind_of_pair():
    people = [ANA, BEN, DAN, CAT, EVE, FIN]
    strengths = {1: 1.0, 2: 1.0, 4: 1.0, 3: 1.0, 5: 1.0, 6: 1.1}
    first = i.suggest_introductions(people, strengths)[0]
    assert (first.a_id, first.b_id) == (5, 6)  # the strongest relationships
    made = [Feedback(i.INTRODUCED, 1, 2, TODAY)]
    out = i.suggest_introductions(people, strengths, [frozenset((1, 2))], feedback=made, today=TODAY)
    assert (out[0].a_id, out[0].b_id) != (5, 6)  # bookkeeping pairs now come first
    assert {(s.a_id, s.b_id) for s in out[:3]} == {(1, 3), (4, 2), (4, 3)}
    boosted = [s for s in out if (s.a_id, s.b_id) == (4, 2)][0]
    plain = [s for s in i.suggest_introductions(people, strengths) if (s.a_id, s.b_id) == (4, 2)][0]
    assert boosted.score == pytest.approx(plain.score * (1 + i.INTRODUCED_BOOST))


def test_unknown_feedback_is_refused():
    with pytest.raises(ValueError, match="Unknown feedback"):
        i.suggest_introductions([ANA, BEN], {}, feedback=[Feedback("maybe", 1, 2, TODAY)], today=TODAY)


# --- the figure on the labelled set ----------------------------------------------------------------------


def _bench():
    spec = importlib.util.spec_from_file_location("bench_introductions", ROOT / "bench" / "bench_introductions.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    return _bench()


def test_every_trap_of_the_labelled_set_stays_apart(bench):
    caught = {}
    for name in bench.NETWORKS:
        net = bench.load_network(name)
        suggested = {frozenset(p) for p in bench.new_pairs(net)}
        caught[name] = [why for a, b, why in net.trap if frozenset((a, b)) in suggested]
    # Known and left: the matcher does not compare how many people a room holds.
    assert caught == {"tune": [], "tune2": [], "tune3": [], "heldout": ["a space for 100 people / a meeting room for 8"]}


def test_precision_and_recall_on_the_labelled_set_do_not_fall(bench):
    """The figures bench/bench_introductions.py prints, as floors.

    The tuning networks meet issue 11's targets; the held-out network (not tuned on)
    is held to the same targets less a little (measured 0.83 / 0.83).
    """
    scores = {name: bench.score(net, bench.new_pairs(net)) for name, net in
              ((n, bench.load_network(n)) for n in bench.NETWORKS)}  # fmt: skip
    tuned = bench.pooled([(bench.load_network(n), scores[n]) for n in ("tune", "tune2", "tune3")])
    assert tuned[0] >= 0.9 and tuned[1] >= 0.8, tuned
    everything = bench.pooled([(bench.load_network(n), scores[n]) for n in bench.NETWORKS])
    assert everything[0] >= 0.9 and everything[1] >= 0.8, everything
    held = scores["heldout"]
    assert held.precision >= 0.8 and held.recall >= 0.8, (held.precision, held.recall)
    old = bench.score(bench.load_network("tune"), bench.old_pairs(bench.load_network("tune")))
    assert old.precision < 0.5  # the yardstick tells the old matcher's nonsense apart
