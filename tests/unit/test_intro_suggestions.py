"""Introductions to make through the service: the matcher's reasons with their emphasis, what the
person says about a suggestion ("Not now", "Not a match", an introduction made), and the cache."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from desktop.domain import introductions as intro_rules
from desktop.domain.contact import ContactData
from desktop.domain.errors import NetworkError
from desktop.services import contacts, knows, needs, today_state, undo
from desktop.services import introductions as intros
from desktop.services import today as today_service

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def p(db):
    names = ["Ana Lima", "Ben Ode", "Cat Roy", "Dan Fox", "Eve Kim", "Fay Wu"]
    ids = dict(zip(["ana", "ben", "cat", "dan", "eve", "fay"], contacts.insert_contacts(
        [ContactData(full_name=n) for n in names])))  # fmt: skip
    needs.add_need(ids["ana"], "a bookkeeper")
    needs.add_offer(ids["ben"], "accounting")
    needs.add_offer(ids["cat"], "bookkeeping and tax returns")
    needs.add_need(ids["dan"], "a lawyer for a contract")
    needs.add_offer(ids["eve"], "contract law")
    needs.add_need(ids["fay"], "someone to do my tax returns")
    return ids


def pairs(today=TODAY):
    return {(s.a, s.b): s for s in intros.introductions_to_make(today)}


def test_reasons_come_with_the_words_to_emphasise(p):
    found = pairs()
    s = found[("Ana Lima", "Ben Ode")]
    assert s.because == "Ana Lima needs a bookkeeper; Ben Ode offers accounting (same thing)"
    assert [s.because[a:b] for a, b in s.emphasis] == ["bookkeeper", "accounting"]
    assert [found[("Fay Wu", "Cat Roy")].because[a:b] for a, b in found[("Fay Wu", "Cat Roy")].emphasis] == [
        "tax returns", "tax returns"
    ]  # fmt: skip
    assert set(found) == {("Dan Fox", "Eve Kim"), ("Ana Lima", "Ben Ode"), ("Ana Lima", "Cat Roy"),
                          ("Fay Wu", "Ben Ode"), ("Fay Wu", "Cat Roy")}  # fmt: skip


def test_not_now_snoozes_the_item_and_lowers_it_when_it_comes_back(p):
    score = pairs()[("Ana Lima", "Ben Ode")].score
    before = undo.last_id()  # (the needs and offers the fixture noted are steps of their own)
    intros.not_now(p["ana"], p["ben"], TODAY)
    [step] = undo.entries_after(before)
    assert (step.kind, step.label) == ("introductions.not_now", "not now: introducing Ana Lima and Ben Ode")
    assert ("Ana Lima", "Ben Ode") not in pairs()
    refs = [s.ref for s in today_service.today_overview(TODAY).introductions]
    assert intros.intro_ref(p["ana"], p["ben"]) not in refs and len(refs) == 4
    back = TODAY + dt.timedelta(days=intros.NOT_NOW_SNOOZE_DAYS)
    assert pairs(back)[("Ana Lima", "Ben Ode")].score < score
    undo.undo(step.id)
    assert pairs()[("Ana Lima", "Ben Ode")].score == pytest.approx(score)
    assert today_state.states() == ({}, {})
    undo.redo(step.id)
    assert ("Ana Lima", "Ben Ode") not in pairs() and len(intros.feedback()) == 1


def test_taking_back_not_now_restores_an_earlier_today_state(p):
    ref = intros.intro_ref(p["ana"], p["ben"])
    today_state.set_state(ref, snoozed_until=TODAY + dt.timedelta(days=1))
    intros.not_now(p["ana"], p["ben"], TODAY)
    undo.undo(undo.entries_after(0)[-1].id)
    assert today_state.states() == ({}, {ref: TODAY + dt.timedelta(days=1)})


def test_not_a_match_removes_the_pair_and_pairs_like_it(p):
    intros.not_a_match(p["ana"], p["ben"], TODAY)
    # Ana's need for a bookkeeper met the same kind of offer in Cat's: gone too. Fay's need stays.
    assert set(pairs()) == {("Dan Fox", "Eve Kim"), ("Fay Wu", "Ben Ode"), ("Fay Wu", "Cat Roy")}
    assert today_state.states() == ({}, {})  # nothing to snooze: it is gone for good
    undo.undo(undo.entries_after(0)[-1].id)
    assert ("Ana Lima", "Cat Roy") in pairs()


def test_feedback_needs_two_live_people(p):
    with pytest.raises(NetworkError):
        intros.not_now(p["ana"], p["ana"], TODAY)
    contacts.trash_contacts([p["ben"]])
    with pytest.raises(NetworkError):
        intros.not_a_match(p["ana"], p["ben"], TODAY)
    assert intros.feedback() == []


def test_an_introduction_made_is_skipped_and_raises_pairs_of_its_kind(p):
    before = pairs()
    intros.log_introduction(p["fay"], p["cat"], TODAY)
    after = pairs()
    assert ("Fay Wu", "Cat Roy") not in after
    assert [f.kind for f in intros.feedback()] == [intro_rules.INTRODUCED]
    assert after[("Ana Lima", "Cat Roy")].score > before[("Ana Lima", "Cat Roy")].score
    assert after[("Dan Fox", "Eve Kim")].score == pytest.approx(before[("Dan Fox", "Eve Kim")].score)


def test_people_said_to_know_each_other_are_not_suggested_but_colleagues_may_be(p):
    knows.add_link(p["dan"], p["eve"], "friend")
    assert ("Dan Fox", "Eve Kim") not in pairs()
    for cid in (p["ana"], p["ben"]):
        contacts.replace_contact(cid, dataclasses.replace(contacts.load_record(cid).data, organization="Acme"))
    assert [k.inferred for k in knows.links_of(p["ana"], TODAY)] == [True]
    assert ("Ana Lima", "Ben Ode") in pairs()  # a shared organisation is only a guess


def test_the_matcher_index_is_built_once_until_a_need_or_offer_changes(p, monkeypatch):
    built = []
    real = intro_rules.NeedsIndex

    def counting(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(intro_rules, "NeedsIndex", counting)
    intros._INDEX.clear()
    pairs()
    pairs()
    intros.not_now(p["dan"], p["eve"], TODAY)  # feedback does not need a new index
    pairs()
    assert len(built) == 1
    needs.add_need(p["eve"], "a photographer")
    pairs()
    assert len(built) == 2
