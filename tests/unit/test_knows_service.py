"""The knows service on a temporary database: links by hand, introductions, inferred circles, vCard
RELATED, removal and its undo, the cached graph and the picture of a network."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from desktop.domain import graph
from desktop.domain.contact import ContactData
from desktop.domain.errors import NetworkError
from desktop.services import contacts, groups, knows, undo
from desktop.services import log as log_service
from desktop.services.exporting import export_contacts
from desktop.services.importing import import_files
from desktop.storage.models import Knows

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def people(db):
    names = [("Julia Weber", "Acme Ltd"), ("Wei Lin", "ACME"), ("Omar Haddad", ""), ("Priya Raman", "Globex"),
             ("Sven Berg", "")]  # fmt: skip
    ids = contacts.insert_contacts([ContactData(full_name=n, organization=o) for n, o in names])
    return dict(zip(["julia", "wei", "omar", "priya", "sven"], ids))


def linked(cid):
    return {k.name: k for k in knows.links_of(cid, TODAY)}


def test_a_link_entered_by_hand_has_how_and_a_strength_and_can_be_undone(people):
    before = knows.add_link(people["omar"], people["priya"], "  friend ")
    [link] = knows.links_of(people["omar"], TODAY)
    assert (link.name, link.how, link.inferred, link.sources) == ("Priya Raman", "friend", False, ("manual",))
    assert link.strength == pytest.approx(graph.HOW_STRENGTH["friend"] * 0.8)  # neither is close to you yet
    assert linked(people["priya"])["Omar Haddad"].how == "friend"  # either side sees it
    knows.restore_pair(before)
    assert knows.links_of(people["omar"], TODAY) == []
    assert Knows.select().count() == 0


def test_a_link_needs_two_live_people_and_a_short_how(people):
    with pytest.raises(NetworkError, match="two different people"):
        knows.add_link(people["omar"], people["omar"])
    with pytest.raises(NetworkError, match="No contact with id 999"):
        knows.add_link(people["omar"], 999)
    with pytest.raises(NetworkError, match="60 characters"):
        knows.add_link(people["omar"], people["sven"], "x" * 61)
    assert Knows.select().count() == 0


def test_a_shared_organisation_is_inferred_not_stored(people):
    julia = linked(people["julia"])
    assert set(julia) == {"Wei Lin"}  # "Acme Ltd" and "ACME" are one organisation
    assert julia["Wei Lin"].inferred and julia["Wei Lin"].how == "same organisation, inferred"
    assert Knows.select().count() == 0


def test_a_circle_over_the_limit_infers_nothing(people):
    crowd = contacts.insert_contacts(
        [ContactData(full_name=f"Staff {n}", organization="Megacorp") for n in range(graph.MAX_SHARED + 1)]
    )
    assert knows.links_of(crowd[0], TODAY) == []
    contacts.trash_contacts([crowd[-1]])  # now exactly at the limit: they are colleagues
    assert len(knows.links_of(crowd[0], TODAY)) == graph.MAX_SHARED - 1


def test_events_and_groups_infer_dated_and_undated_links(people):
    event = groups.create_event("Mixer", TODAY - dt.timedelta(days=10), met_ids=[people["omar"], people["sven"]])
    group = groups.create_group("Leads", member_ids=[people["priya"], people["sven"]])
    sven = linked(people["sven"])
    assert sven["Omar Haddad"].sources == ("event",) and sven["Omar Haddad"].how == "met at the same event, inferred"
    assert sven["Priya Raman"].sources == ("group",) and sven["Priya Raman"].inferred
    fact = next(f for f in knows.link_facts(people["sven"]) if f.source == graph.EVENT)
    assert fact.on == TODAY - dt.timedelta(days=10)
    groups.update_group(group, member_ids=[people["priya"]])
    assert set(linked(people["sven"])) == {"Omar Haddad"}
    assert event


def test_removing_an_inferred_link_hides_it_and_undo_or_a_hand_link_brings_it_back(people):
    before = knows.remove_link(people["julia"], people["wei"])
    assert knows.links_of(people["julia"], TODAY) == []
    assert [(k.source, k.a_id, k.b_id) for k in Knows.select()] == [("hidden", people["julia"], people["wei"])]
    knows.restore_pair(before)
    assert set(linked(people["julia"])) == {"Wei Lin"}
    knows.remove_link(people["wei"], people["julia"])  # either order
    knows.add_link(people["julia"], people["wei"], "colleague")
    link = linked(people["julia"])["Wei Lin"]
    assert not link.inferred and set(link.sources) == {"manual", "organisation"}


def test_an_introduction_is_a_dated_link_and_removing_it_keeps_the_exchange(people):
    on = TODAY - dt.timedelta(days=30)
    log_service.log("introduction", [people["omar"]], on, third_party_id=people["sven"])
    row = Knows.get()
    assert (row.source, row.date) == ("introduction", on)
    assert linked(people["omar"])["Sven Berg"].how == "you introduced them"
    before = knows.remove_link(people["omar"], people["sven"])
    assert knows.links_of(people["omar"], TODAY) == []
    from desktop.storage.models import Exchange

    assert Exchange.select().count() == 1
    knows.restore_pair(before)
    assert Knows.get(Knows.source == "introduction").date == on


def test_a_trashed_contact_has_no_links(people):
    knows.add_link(people["omar"], people["priya"], "friend")
    contacts.trash_contacts([people["priya"]])
    assert knows.links_of(people["omar"], TODAY) == []
    assert knows.knows_graph(TODAY).link(people["omar"], people["priya"]) is None


CARDS = """BEGIN:VCARD
VERSION:4.0
UID:urn:uuid:aaaa-1
FN:Ana Lima
RELATED;TYPE=co-worker:urn:uuid:BBBB-2
RELATED;TYPE=friend:urn:uuid:nobody-here
RELATED;VALUE=text;TYPE=spouse:Cy Tan
END:VCARD
BEGIN:VCARD
VERSION:4.0
UID:bbbb-2
FN:Ben Ode
END:VCARD
"""


def test_vcard_related_lines_are_links_and_go_back_out_unchanged(db, tmp_path):
    cards = tmp_path / "in.vcf"
    cards.write_text(CARDS, encoding="utf-8")
    import_files([cards])
    [(ana, _)] = contacts.find_by_name("Ana Lima")
    assert {k.name: k.how for k in knows.links_of(ana, TODAY)} == {"Ben Ode": "co-worker"}
    later = tmp_path / "later.vcf"
    later.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Cy Tan\nEND:VCARD\n", encoding="utf-8")
    import_files([later])  # the other side of a line may come in a later file
    assert {k.name: k.how for k in knows.links_of(ana, TODAY)} == {"Ben Ode": "co-worker", "Cy Tan": "spouse"}
    assert all(k.sources == ("related",) and not k.inferred for k in knows.links_of(ana, TODAY))
    out = tmp_path / "out.vcf"
    export_contacts(out)
    related = [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("RELATED")]
    assert related == [
        "RELATED;TYPE=co-worker:urn:uuid:BBBB-2",
        "RELATED;TYPE=friend:urn:uuid:nobody-here",
        "RELATED;VALUE=text;TYPE=spouse:Cy Tan",
    ]
    [(ben, _)] = contacts.find_by_name("Ben Ode")
    knows.remove_link(ben, ana)  # the card still says so; Rapport no longer shows it
    assert [k.name for k in knows.links_of(ana, TODAY)] == ["Cy Tan"]


def test_the_graph_is_cached_until_something_it_rests_on_changes(people, db_path):
    first = knows.knows_graph(TODAY)
    assert knows.knows_graph(TODAY) is first and knows._GRAPH.fresh(TODAY)
    knows.add_link(people["omar"], people["sven"], "client")
    assert not knows._GRAPH.fresh(TODAY)
    second = knows.knows_graph(TODAY)
    assert second is not first and second.link(people["omar"], people["sven"]) is not None
    log_service.log("favour", [people["omar"], people["sven"]], TODAY)  # your ties make the link surer
    assert not knows._GRAPH.fresh(TODAY)
    third = knows.knows_graph(TODAY)
    assert third.link(people["omar"], people["sven"]).strength > second.link(people["omar"], people["sven"]).strength
    # A write by another process (the command line while the window is open) counts too.
    other = sqlite3.connect(db_path)
    with other:
        other.execute("UPDATE contact SET organization = 'Globex' WHERE id = ?", [people["sven"]])
    other.close()
    assert not knows._GRAPH.fresh(TODAY)
    assert knows.knows_graph(TODAY).link(people["priya"], people["sven"]) is not None


def test_the_picture_of_a_network_one_or_two_links_around_someone(people):
    knows.add_link(people["julia"], people["omar"], "friend")
    knows.add_link(people["omar"], people["priya"], "client")
    log_service.log("favour", [people["omar"]], TODAY, weight=5)
    near = knows.network_map(people["omar"], 1, TODAY)
    assert {n.name: n.hops for n in near.nodes} == {"Omar Haddad": 0, "Julia Weber": 1, "Priya Raman": 1}
    omar = next(n for n in near.nodes if n.contact_id == people["omar"])
    assert omar.strength > 0 and omar.band == "one_sided"
    assert next(n for n in near.nodes if n.name == "Priya Raman").band == ""  # nothing on the meter
    far = knows.network_map(people["omar"], 2, TODAY)
    assert {n.name: n.hops for n in far.nodes}["Wei Lin"] == 2  # Julia's colleague
    edges = {(e.a, e.b): e.inferred for e in far.edges}
    assert edges[tuple(sorted((people["julia"], people["wei"])))] is True
    assert edges[tuple(sorted((people["julia"], people["omar"])))] is False
    whole = knows.network_map(None, today=TODAY)
    assert whole.nodes[0].name == "Omar Haddad"  # your closest first
    assert len(whole.nodes) == 4 and whole.left_out == 0
    capped = knows.network_map(None, today=TODAY, max_nodes=2)
    assert len(capped.nodes) == 2 and capped.left_out == 2
    assert all(e.a in {n.contact_id for n in capped.nodes} for e in capped.edges)
    with pytest.raises(NetworkError):
        knows.network_map(people["omar"], 3, TODAY)


def test_organisation_members_by_name_without_legal_form(people):
    assert knows.organisation_members("acme") == sorted([people["julia"], people["wei"]])
    assert knows.organisation_members("Globex Inc.") == [people["priya"]]
    assert knows.organisation_members("Initech") == []


def test_adding_and_removing_links_are_steps_of_undo(people):
    knows.add_link(people["omar"], people["priya"], "friend")
    knows.remove_link(people["julia"], people["wei"])
    steps = undo.entries_after(0)
    assert [(e.kind, e.label) for e in steps] == [
        ("knows.add", "link: Omar Haddad knows Priya Raman (friend)"),
        ("knows.remove", "removal of the link between Julia Weber and Wei Lin"),
    ]
    add, remove = (e.id for e in steps)
    assert undo.undo(remove) == undo.Changed(knows=(people["julia"], people["wei"]))
    assert set(linked(people["julia"])) == {"Wei Lin"}
    undo.redo(remove)
    assert knows.links_of(people["julia"], TODAY) == []
    undo.undo(add)
    assert knows.links_of(people["omar"], TODAY) == []
    undo.redo(add)
    assert linked(people["omar"])["Priya Raman"].how == "friend"
