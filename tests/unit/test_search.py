"""The contact list's search, filters, sorts and paging, on a temporary database."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.contact import ContactData, Email, Phone
from desktop.services import contacts, search, timeline
from desktop.services.search import ListQuery, Listing, count, page


def _add(name: str, **kw) -> int:
    given, _, family = name.partition(" ")
    return contacts.add_contact(ContactData(given_name=given, family_name=family, full_name=name, **kw))


def names(q: ListQuery | str, limit: int = 100) -> list[str]:
    if isinstance(q, str):
        q = ListQuery(text=q)
    return [r.name for r in page(q, 0, limit)]


@pytest.fixture
def people(db):
    ids = {
        "garcia": _add("Sofía García", organization="Estudio Creativo", title="Creative director"),
        "odegard": _add("Ingrid Ødegård", organization="Fjord Analytics"),
        "muller": _add("Jürgen Müller", nickname="Jogi", emails=[Email("jm@bergwerk.example")]),
        "phone": _add("Phone Person", phones=[Phone("(555) 123-4567", "cell")]),
        "tagged": _add("Tag Holder", tags=["Chamber", "vip"]),
        "noted": _add("Note Keeper", note="Loves sailing on the fjord"),
        "ann": _add("Ann Lee"),
        "joanna": _add("Joanna Annersley"),
        "dan": _add("Dan Ann"),
    }
    return ids


def test_accents_and_case_fold_both_ways(people):
    assert names("garcia") == ["Sofía García"]
    assert names("GARCÍA") == ["Sofía García"]
    assert names("ødegård") == ["Ingrid Ødegård"]
    assert names("odegard") == ["Ingrid Ødegård"]


def test_inside_words_and_word_starts(people):
    assert names("ller") == ["Jürgen Müller"]
    assert names("mül") == ["Jürgen Müller"]
    assert names("mu") == ["Jürgen Müller"]  # two letters: the start of a word of the name


def test_other_fields_are_searched(people):
    assert names("jogi") == ["Jürgen Müller"]
    assert names("estudio") == ["Sofía García"]
    assert names("creative dir") == ["Sofía García"]
    assert names("bergwerk") == ["Jürgen Müller"]
    assert names("chamber") == ["Tag Holder"]
    assert names("sailing") == ["Note Keeper"]


@pytest.mark.parametrize("typed", ["5551234", "555 123 4567", "(555) 123-4567", "555-1234", "1234567"])
def test_phone_digits_in_any_format(people, typed):
    assert names(typed) == ["Phone Person"]


def test_name_matches_come_first_then_name_order(people):
    # "ann" is in three names and in nothing else; the one whose name starts with it leads.
    got = names("ann")
    assert got[0] == "Ann Lee"
    assert set(got) == {"Ann Lee", "Joanna Annersley", "Dan Ann"}
    _add("Zed Other", note="ann is in my notes")
    got = names("ann")
    assert got[-1] == "Zed Other"  # a match outside the name comes after every name match


def test_short_and_long_terms_together(people):
    assert names("jü mül") == ["Jürgen Müller"]
    assert names("so garc") == ["Sofía García"]
    assert names("x garc") == []


def test_query_syntax_is_not_interpreted(people):
    for typed in ['"', "a OR b", "NEAR(", "*", "name:", "'; DROP TABLE contact; --", "%", "_"]:
        names(typed)  # no exception


def test_trashed_contacts_are_never_listed(people):
    contacts.trash_contacts([people["garcia"]])
    assert names("garcia") == []
    assert "Sofía García" not in names(ListQuery())
    contacts.restore_contacts([people["garcia"]])
    assert names("garcia") == ["Sofía García"]


def test_archived_hidden_when_browsing_found_when_searching(people):
    contacts.update_fields(people["odegard"], archived=True)
    assert "Ingrid Ødegård" not in names(ListQuery())
    rows = page(ListQuery(text="odegard"), 0, 10)
    assert [r.name for r in rows] == ["Ingrid Ødegård"] and rows[0].archived
    assert "Ingrid Ødegård" in names(ListQuery(include_archived=True))
    assert names(ListQuery(only_archived=True)) == ["Ingrid Ødegård"]
    assert count(ListQuery(only_archived=True)) == 1


def test_counts_match_rows(people):
    for q in (ListQuery(), ListQuery(text="ann"), ListQuery(text="a"), ListQuery(text="zzz")):
        assert count(q) == len(page(q, 0, 1000))
    assert search.total_contacts() == len(people)


def test_filters_tag_group_circle(people, db):
    from desktop.storage.models import GroupMember, NetworkGroup

    opts = search.filter_options()
    tag_id = dict((n, i) for i, n in opts.tags)["Chamber"]
    assert names(ListQuery(tag_id=tag_id)) == ["Tag Holder"]
    g = NetworkGroup.create(name="Leads", kind="leads_group")
    GroupMember.create(group=g.id, contact=people["ann"])
    assert search.filter_options().groups == [(g.id, "Leads")]
    assert names(ListQuery(group_id=g.id)) == ["Ann Lee"]
    contacts.update_fields(people["dan"], circle="inner")
    assert names(ListQuery(circle="inner")) == ["Dan Ann"]
    assert "Dan Ann" not in names(ListQuery(circle=search.NO_CIRCLE))
    assert names(ListQuery(circle="inner", text="dan")) == ["Dan Ann"]


def test_sorts(people):
    today = dt.date(2026, 11, 22)
    timeline.log_interaction([people["noted"]], today - dt.timedelta(days=1), "call")
    timeline.log_interaction([people["ann"]], today - dt.timedelta(days=10), "call")
    timeline.log_exchange([people["dan"]], "favour", "received", today, weight=3)  # they gave: owed, first
    timeline.log_exchange([people["muller"]], "favour", "given", today, weight=4)  # you gave most: last
    timeline.log_exchange([people["muller"]], "ask", "received", today)  # asks never count
    by_name = names(ListQuery())
    assert by_name == sorted(by_name, key=lambda n: n.casefold().replace("ø", "o").replace("í", "i"))
    last = names(ListQuery(sort=search.SORT_LAST_CONTACT))
    assert last[:2] == ["Dan Ann", "Jürgen Müller"] or last[:2] == ["Jürgen Müller", "Dan Ann"]
    assert last.index("Note Keeper") < last.index("Ann Lee") < last.index("Sofía García")
    bal = names(ListQuery(sort=search.SORT_BALANCE))
    assert bal[0] == "Dan Ann" and bal[-1] == "Jürgen Müller"
    added = names(ListQuery(sort=search.SORT_ADDED))
    assert added[0] == "Dan Ann"  # the last one added (same second: the higher id)
    got = search.list_balances([people["dan"], people["muller"], people["ann"]], today)
    assert got == {people["dan"]: (0.0, 3.0), people["muller"]: (4.0, 0.0)}


def test_balance_sort_agrees_with_the_meter(people):
    """The list orders by the meter's decayed figure, introductions credited to both sides: an old big
    gift weighs less than a recent small one, as the meter says."""
    today = dt.date(2026, 11, 22)
    timeline.log_exchange([people["dan"]], "favour", "given", today - dt.timedelta(days=720), weight=5)  # ~0.31
    timeline.log_exchange([people["dan"]], "advice", "received", today - dt.timedelta(days=30), weight=1)  # ~0.89
    timeline.log_exchange([people["ann"]], "favour", "given", today - dt.timedelta(days=10), weight=1)
    timeline.log_exchange([people["noted"]], "introduction", "given", today, weight=3, third_party_id=people["muller"])
    timeline.log_exchange([people["garcia"]], "favour", "given", today + dt.timedelta(days=9), weight=2)  # planned: full
    rows = page(ListQuery(sort=search.SORT_BALANCE, today=today), 0, 100)
    shown = {r.id: (r.given, r.received) for r in rows if r.given or r.received}
    for cid, (given, received) in shown.items():
        meter = timeline.meter(cid, today)
        assert given == pytest.approx(meter.given) and received == pytest.approx(meter.received), cid
    assert set(shown) == {people[k] for k in ("dan", "ann", "noted", "muller", "garcia")}
    assert rows[0].id == people["dan"]  # the raw weights (5 given, 1 received) would have put Dan last
    balances = [r.given - r.received for r in rows]
    assert balances[-1] == max(balances)


@pytest.mark.parametrize("sort", search.SORTS)
def test_paging_gives_every_row_once_in_order(db, sort):
    contacts.insert_contacts([ContactData(full_name=f"Person {n:03d}", given_name="Person") for n in range(257)])
    q = ListQuery(sort=sort)
    listing = Listing(q)
    rows = []
    while listing.can_fetch_more():
        rows += listing.fetch(50)
    listing.close()
    assert len(rows) == 257 == len({r.id for r in rows})
    assert [r.id for r in rows] == [r.id for r in page(q, 0, 1000)]


def test_search_paging_by_offset(db):
    contacts.insert_contacts([ContactData(full_name=f"Anna {n:04d}") for n in range(1200)])
    listing = Listing(ListQuery(text="anna"))
    rows = []
    while listing.can_fetch_more():
        rows += listing.fetch(500)
    assert len({r.id for r in rows}) == 1200


@pytest.mark.parametrize("dense", [3, 15, 20, 10**9])
def test_big_searches_page_tier_by_tier(db, monkeypatch, dense):
    """Above DENSE matches a search walks the name index tier by tier; the order is the same."""
    monkeypatch.setattr(search, "DENSE", dense)
    datas = [ContactData(full_name=f"Anna {n:02d} Smith") for n in range(12)]
    datas += [ContactData(full_name=f"Joanna {n:02d} Lee") for n in range(7)]
    datas += [ContactData(full_name=f"Zed {n:02d}", note="met anna at the fair") for n in range(9)]
    datas += [ContactData(full_name="Unrelated Person")]
    contacts.insert_contacts(datas)
    contacts.trash_contacts([1])  # "Anna 00 Smith"
    listing = Listing(ListQuery(text="anna"))
    rows = []
    while listing.can_fetch_more():
        rows += listing.fetch(4)
    got = [r.name for r in rows]
    assert got == (
        [f"Anna {n:02d} Smith" for n in range(1, 12)]
        + [f"Joanna {n:02d} Lee" for n in range(7)]
        + [f"Zed {n:02d}" for n in range(9)]
    )
    assert count(ListQuery(text="anna")) == len(got)


def test_two_letters_walk_the_name_index_when_many_match(db, monkeypatch):
    datas = [ContactData(full_name=f"Anna {n:02d} Smith") for n in range(6)]
    datas += [ContactData(full_name=f"Zed {n:02d} Ansel") for n in range(5)]
    datas += [ContactData(full_name="Bob Other"), ContactData(full_name="Dan Ann")]
    contacts.insert_contacts(datas)
    results = {}
    for dense in (3, 10**9):
        monkeypatch.setattr(search, "DENSE", dense)
        listing = Listing(ListQuery(text="an"))
        rows = []
        while listing.can_fetch_more():
            rows += listing.fetch(4)
        results[dense] = [r.name for r in rows]
    assert results[3] == results[10**9]
    assert results[3] == sorted(results[3], key=str.casefold) and len(results[3]) == 12


@pytest.mark.parametrize("page_size", [1, 2, 50])
def test_last_contact_sort_places_the_planned_by_their_latest_past_entry(db, page_size):
    """A planned meeting is not a last contact: someone with one is listed by their latest entry up to
    today (or among the never contacted), whatever the page size."""
    today = dt.date(2026, 11, 22)
    ids = contacts.insert_contacts([ContactData(full_name=n) for n in
                                    ("Ada Past", "Ben Planned", "Cy Planned Only", "Dee Never", "Eve Older")])  # fmt: skip
    ada, ben, cy, dee, eve = ids
    timeline.log_interaction([ada], today - dt.timedelta(days=5), "call")
    timeline.log_interaction([ben], today - dt.timedelta(days=10), "call")
    timeline.log_interaction([ben], today + dt.timedelta(days=9), "meeting")  # planned
    timeline.log_interaction([cy], today + dt.timedelta(days=3), "meeting")  # planned, nothing before
    timeline.log_interaction([eve], today - dt.timedelta(days=40), "call")
    listing = Listing(ListQuery(sort=search.SORT_LAST_CONTACT, today=today))
    rows = []
    while listing.can_fetch_more():
        rows += listing.fetch(page_size)
    listing.close()
    assert [r.id for r in rows] == [ada, ben, eve, cy, dee]
    assert {r.id: r.last_contact for r in rows}[ben] == today - dt.timedelta(days=10)
    assert {r.id: r.last_contact for r in rows}[cy] is None
