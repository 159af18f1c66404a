"""The item models under qtmodeltester, and the lazy paging of the contact list model."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.contact import ContactData
from desktop.services import contacts, timeline
from desktop.services.search import ListQuery
from desktop.ui.models.contact_list_model import ID_ROLE, SUBTITLE_ROLE, ContactListModel, subtitle
from desktop.ui.models.timeline_model import BADGE_ROLE, DETAIL_ROLE, KIND_ROLE, TimelineModel, describe

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def many(db):
    return contacts.insert_contacts(
        [ContactData(full_name=f"Person {n:04d}", organization="Acme", title="Engineer") for n in range(1050)]
    )


def test_contact_list_model_passes_modeltester(qtmodeltester, many):
    model = ContactListModel(page_size=100)
    model.set_query(ListQuery())
    qtmodeltester.check(model)
    assert 100 <= model.rowCount() < 1050  # the tester fetches a page or two itself, never everything
    model.set_query(ListQuery(text="person 00"))
    qtmodeltester.check(model)


def test_contact_list_model_fetches_pages_lazily(qtbot, many):
    model = ContactListModel(page_size=100)
    model.set_query(ListQuery())
    assert model.rowCount() == 100 and model.canFetchMore()
    with qtbot.waitSignal(model.rowsInserted):
        model.fetchMore()
    assert model.rowCount() == 200
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 1050
    ids = [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]
    assert len(set(ids)) == 1050
    assert model.index(0, 0).data() == "Person 0000"
    assert model.index(0, 0).data(SUBTITLE_ROLE) == "Engineer, Acme"


def test_refresh_keeps_the_rows_loaded(many):
    model = ContactListModel(page_size=100)
    model.set_query(ListQuery())
    model.fetchMore()
    model.fetchMore()
    contacts.trash_contacts([many[0]])
    model.refresh()
    assert model.rowCount() >= 299
    assert model.index(0, 0).data() == "Person 0001"


def test_subtitle_words():
    from desktop.services.search import ListRow

    row = ListRow(1, "A", "Acme", "CEO", None, False, False, "")
    assert subtitle(row) == "CEO, Acme"
    assert subtitle(ListRow(1, "A", "Acme", "", None, False, True, "")) == "Acme · archived"


@pytest.fixture
def story(db):
    a = contacts.add_contact(ContactData(full_name="Ann Lee"))
    b = contacts.add_contact(ContactData(full_name="Bo Chen"))
    c = contacts.add_contact(ContactData(full_name="Cy Diaz"))
    day = dt.date(2026, 11, 20)
    timeline.log_interaction([a], day, "meeting", summary="Coffee")
    timeline.log_exchange([a], "favour", "given", day - dt.timedelta(days=40), summary="Lent the projector")
    timeline.log_exchange([a], "referral", "received", day - dt.timedelta(days=41), third_party_name="Hotel Miramar", status="won")
    timeline.log_exchange([a], "introduction", "given", day - dt.timedelta(days=70), third_party_id=b)
    timeline.log_exchange([c], "favour", "given", day, status="promised", summary="Review the site")
    return a, b, c


def test_timeline_model_passes_modeltester(qtmodeltester, story):
    model = TimelineModel()
    model.set_entries(story[0], timeline.timeline(story[0]))
    qtmodeltester.check(model)


def test_timeline_groups_by_month_newest_first(story):
    a, b, c = story
    model = TimelineModel()
    model.set_entries(a, timeline.timeline(a))
    rows = [(model.index(r, 0).data(KIND_ROLE), model.index(r, 0).data()) for r in range(model.rowCount())]
    assert rows == [
        ("header", "November 2026"),
        ("entry", "Meeting"),
        ("header", "October 2026"),
        ("entry", "Favour given"),
        ("entry", "Referral received: Hotel Miramar"),
        ("header", "September 2026"),
        ("entry", "You introduced them to Bo Chen"),
    ]
    assert model.index(4, 0).data(BADGE_ROLE) == "became business"
    assert model.index(3, 0).data(DETAIL_ROLE) == "Lent the projector"
    assert model.entry_count() == 4


def test_introduction_seen_from_the_other_side(story):
    a, b, c = story
    entries = timeline.timeline(b)
    assert [describe(e, b)[0] for e in entries] == ["You introduced them to Ann Lee"]


def test_promised_status_is_shown(story):
    a, b, c = story
    (entry,) = timeline.timeline(c)
    assert describe(entry, c) == ("Favour given", "Review the site", "promised")
