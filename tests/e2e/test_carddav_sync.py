"""Two-way CardDAV sync against real servers on loopback (Radicale and Xandikos, each test on both):
linking on the first sync, edits both ways, conflicts, deletions both ways, group cards, server quirks,
a sync with nothing to do, a 412 between read and write, and servers that fail."""

from __future__ import annotations

import base64
import re
import socket
import threading

import pytest
from carddav_servers import PASSWORD, USER, _servers, carddav, free_port  # noqa: F401 - fixtures

from desktop.domain.contact import ContactData, Email, Phone
from desktop.services import accounts, contacts, sync, sync_conflicts, trash
from desktop.storage.db import database
from desktop.storage.models import SyncCard


@pytest.fixture(autouse=True)
def no_keyring():
    """Never the developer's real keyring: the file fallback, as on a machine without one."""
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def card(uid: str, fn: str, *lines: str) -> str:
    given, family = fn.split(" ", 1) if " " in fn else (fn, "")
    body = ["BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}", f"FN:{fn}", f"N:{family};{given};;;", *lines, "END:VCARD"]
    return "".join(line + "\r\n" for line in body)


def by_uid(server, book) -> dict[str, str]:
    out = {}
    for text in server.cards(book).values():
        m = re.search(r"^UID:(.*?)\r?$", text, re.M)
        out[m.group(1)] = text
    return out


def local() -> dict[str, ContactData]:
    return {r.data.display_name(): r.data for r in contacts.load_records()}


def add(name: str, *, uid: str = "", emails=(), phones=(), **fields) -> int:
    given, family = name.split(" ", 1)
    data = ContactData(uid=uid, full_name=name, given_name=given, family_name=family,
                       emails=[Email(e) for e in emails], phones=[Phone(p) for p in phones], **fields)  # fmt: skip
    return contacts.add_contact(data, "US")


def cid_of(name: str) -> int:
    return contacts.find_by_name(name)[0][0]


def dump() -> list[str]:
    return list(database.connection().iterdump())


@pytest.fixture
def account(db, carddav):  # noqa: F811
    from desktop.services.settings import set_setting

    set_setting("phone_region", "US")  # numbers written without +1 are American here
    accounts.add_account(carddav.book, USER, PASSWORD)
    carddav.counts.clear()
    return carddav


def test_first_sync_links_the_same_people_and_duplicates_nobody(account):
    s, book = account, account.book
    s.put(book, "a.vcf", card("u-a", "Ann Lee", "EMAIL:ann@example.org"))
    s.put(book, "b.vcf", card("u-b", "Bob Roe", "EMAIL:bob@example.org", "TEL:+1 202 555 0101"))
    s.put(book, "c.vcf", card("u-c", "Cy Twombly", "TEL:+1 202 555 0102"))
    s.put(book, "e.vcf", card("u-e", "Eve Adams", "NOTE:only on the server"))
    add("Ann Lee", uid="u-a", title="CEO")  # same UID
    add("Bob Roe", emails=["BOB@example.org"], phones=["+1 202 555 0199"])  # same email
    add("Cy Twombly", phones=["(202) 555-0102"])  # same phone, compatible name
    add("Dan Local", emails=["dan@example.org"])  # only here

    report = sync.sync_account()

    mine = local()
    assert sorted(mine) == ["Ann Lee", "Bob Roe", "Cy Twombly", "Dan Local", "Eve Adams"]
    assert mine["Ann Lee"].title == "CEO" and mine["Eve Adams"].note == "only on the server"
    assert {p.value for p in mine["Bob Roe"].phones} == {"+1 202 555 0101", "+1 202 555 0199"}
    server = by_uid(s, book)
    assert len(server) == 5 and set(server) >= {"u-a", "u-b", "u-c", "u-e"}
    assert "TITLE:CEO" in server["u-a"] and "0199" in server["u-b"] and "0101" in server["u-b"]
    assert any("Dan Local" in t for t in server.values())
    assert report.pulled.added == 1 and report.pushed.added == 1  # Eve came, Dan went
    assert mine["Bob Roe"].uid == "u-b"  # linked by email, it took the server's UID

    s.counts.clear()
    again = sync.sync_account()  # nothing changed on either side
    assert again.as_json()["pulled"] == {"added": 0, "updated": 0, "deleted": 0}
    assert again.as_json()["pushed"] == {"added": 0, "updated": 0, "deleted": 0}
    assert s.counts["PUT"] == 0 and s.counts["DELETE"] == 0 and s.counts["multiget"] == 0 and s.counts["GET"] == 0
    s.counts.clear()
    sync.sync_account()
    assert dict(s.counts) == {"REPORT": 1, "sync-collection": 1}  # an empty list of changes: one request


def test_without_sync_collection_etags_are_listed_and_getctag_says_when_nothing_changed(account):
    s, book = account, account.book
    s.no_sync_collection = True
    s.put(book, "a.vcf", card("u-a", "Ann Lee"))
    assert sync.sync_account().pulled.added == 1
    sync.sync_account()  # it lists sync-collection but refuses it: from now on getctag and listings
    s.counts.clear()
    sync.sync_account()
    assert dict(s.counts) == {"PROPFIND": 1}  # getctag unchanged: nothing else asked
    s.put(book, "b.vcf", card("u-b", "Bob Roe"))
    s.counts.clear()
    assert sync.sync_account().pulled.added == 1
    assert s.counts["multiget"] == 1 and s.counts["PROPFIND"] == 2  # getctag, then the ETags; only Bob fetched
    assert sorted(local()) == ["Ann Lee", "Bob Roe"]


def test_edits_on_both_sides_to_different_fields_both_survive(account):
    s, book = account, account.book
    s.put(book, "a.vcf", card("u-a", "Ann Lee", "EMAIL:ann@example.org", "NOTE:old note"))
    sync.sync_account()
    contacts.edit_contact(cid_of("Ann Lee"), title="Director", add_emails=["ann@work.example"])
    s.put(book, "a.vcf", card("u-a", "Ann Lee", "EMAIL:ann@example.org", "EMAIL:ann@home.example", "NOTE:new note"))

    report = sync.sync_account()

    ann = local()["Ann Lee"]
    assert ann.title == "Director" and ann.note == "new note"
    assert {e.value for e in ann.emails} == {"ann@example.org", "ann@work.example", "ann@home.example"}
    text = by_uid(s, book)["u-a"]
    assert "TITLE:Director" in text and "NOTE:new note" in text
    assert "ann@work.example" in text and "ann@home.example" in text
    assert report.conflicts == [] and report.pulled.updated == 1 and report.pushed.updated == 1


def test_the_same_field_changed_on_both_sides_keeps_ours_and_records_theirs(account):
    s, book = account, account.book
    s.put(book, "a.vcf", card("u-a", "Ann Lee", "TITLE:Manager", "CATEGORIES:Chamber"))
    sync.sync_account()
    contacts.edit_contact(cid_of("Ann Lee"), title="Director")
    data = contacts.load_record(cid_of("Ann Lee")).data
    data.tags.append("Clients")
    contacts.replace_contact(cid_of("Ann Lee"), data)
    s.put(book, "a.vcf", card("u-a", "Ann Lee", "TITLE:Head of Sales", "CATEGORIES:Chamber,Golf"))

    report = sync.sync_account()

    assert [c.__dict__ for c in report.conflicts] == [
        {"contact": "Ann Lee", "field": "title", "kept": "Director", "other": "Head of Sales"}
    ]
    assert report.as_json()["conflicts"] == [
        {"contact": "Ann Lee", "field": "title", "kept": "Director", "other": "Head of Sales"}
    ]
    ann = local()["Ann Lee"]
    assert ann.title == "Director" and sorted(ann.tags) == ["Chamber", "Clients", "Golf"]  # tags unioned
    text = by_uid(s, book)["u-a"]
    assert "TITLE:Director" in text and "Clients" in text and "Golf" in text
    # the person swaps in the server's value: it goes up at the next sync
    [item] = sync_conflicts.list_conflicts()
    assert (item.field, item.kept, item.other) == ("title", "Director", "Head of Sales")
    sync_conflicts.resolve_conflict(item.id, use_other=True)
    assert sync_conflicts.list_conflicts() == []
    sync.sync_account()
    assert local()["Ann Lee"].title == "Head of Sales"
    assert "TITLE:Head of Sales" in by_uid(s, book)["u-a"]


def test_deleted_on_the_server_goes_to_the_trash_unless_changed_here(account):
    s, book = account, account.book
    s.put(book, "a.vcf", card("u-a", "Ann Lee"))
    s.put(book, "b.vcf", card("u-b", "Bob Roe"))
    sync.sync_account()
    ann_id = cid_of("Ann Lee")
    contacts.edit_contact(cid_of("Bob Roe"), note="met again at the fair")
    hrefs = {t.split("UID:")[1].split("\r")[0]: h for h, t in s.cards(book).items()}
    s.delete(hrefs["u-a"])
    s.delete(hrefs["u-b"])

    report = sync.sync_account()

    assert sorted(local()) == ["Bob Roe"]
    assert [(i.kind, i.id) for i in trash.list_trash()] == [("contact", ann_id)]  # restorable
    server = by_uid(s, book)
    assert list(server) == ["u-b"] and "met again at the fair" in server["u-b"]
    assert report.pulled.deleted == 1 and report.pushed.added == 1
    assert any("Bob Roe" in n and "uploaded again" in n for n in report.notes)
    # restoring Ann from the trash makes her a local contact again: she goes back up
    trash.restore("contact", ann_id)
    sync.sync_account()
    assert set(by_uid(s, book)) == {"u-a", "u-b"}


def test_deleted_here_is_deleted_on_the_server_unless_it_changed_there(account):
    s, book = account, account.book
    s.put(book, "a.vcf", card("u-a", "Ann Lee"))
    s.put(book, "b.vcf", card("u-b", "Bob Roe"))
    sync.sync_account()
    trash.delete_contacts([cid_of("Ann Lee")])
    bob = cid_of("Bob Roe")
    trash.delete_contacts([bob])
    s.put(book, "b.vcf", card("u-b", "Bob Roe", "NOTE:changed on the phone"))

    report = sync.sync_account()

    assert list(by_uid(s, book)) == ["u-b"]
    assert report.pushed.deleted == 1
    assert local()["Bob Roe"].note == "changed on the phone"  # came back from the trash, with the server's version
    assert contacts.load_record(bob).data.note == "changed on the phone"
    assert any("Bob Roe" in n for n in report.notes)


def test_a_412_on_put_brings_the_servers_version_and_merges(account):
    s, book = account, account.book
    s.put(book, "a.vcf", card("u-a", "Ann Lee", "NOTE:first"))
    sync.sync_account()
    contacts.edit_contact(cid_of("Ann Lee"), title="Director")
    fired = []

    def change_on_the_server_first(method, path):
        if method == "PUT" and path.endswith("a.vcf") and not fired:
            fired.append(path)
            s.put(book, "a.vcf", card("u-a", "Ann Lee", "NOTE:changed between read and write"))

    s.before = change_on_the_server_first
    report = sync.sync_account()
    s.before = None

    assert fired  # the server's card really changed between our read and our write
    assert s.counts["PUT"] == 2  # the 412'd one, then the merged one
    ann = local()["Ann Lee"]
    assert ann.title == "Director" and ann.note == "changed between read and write"
    text = by_uid(s, book)["u-a"]
    assert "TITLE:Director" in text and "NOTE:changed between read and write" in text
    assert report.conflicts == []


def test_group_cards_become_tags_and_tag_changes_go_back_to_the_group(account):
    s, book = account, account.book
    s.put(book, "a.vcf", card("u-a", "Ann Lee"))
    s.put(book, "b.vcf", card("u-b", "Bob Roe"))
    s.put(book, "c.vcf", card("u-c", "Cy Twombly"))
    group = card(
        "g-1", "Family", "X-ADDRESSBOOKSERVER-KIND:group", "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:u-a",
        "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:u-b", "X-APPLE-KEEP:this line",
    )  # fmt: skip
    s.put(book, "g.vcf", group)

    sync.sync_account()

    mine = local()
    assert sorted(mine) == ["Ann Lee", "Bob Roe", "Cy Twombly"]  # the group is not a contact
    assert mine["Ann Lee"].tags == ["Family"] and mine["Bob Roe"].tags == ["Family"] and mine["Cy Twombly"].tags == []
    # the tag changes here: Cy joins, Ann leaves
    for name, tags in (("Cy Twombly", ["Family"]), ("Ann Lee", [])):
        data = contacts.load_record(cid_of(name)).data
        data.tags = tags
        contacts.replace_contact(cid_of(name), data)
    sync.sync_account()
    text = by_uid(s, book)["g-1"]
    members = set(re.findall(r"X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:(\S+)", text))
    assert members == {"u-b", "u-c"}
    assert "X-APPLE-KEEP:this line" in text and "FN:Family" in text
    assert "CATEGORIES" not in by_uid(s, book)["u-c"]  # the tag lives in the group card only
    # and a change of the group on the server reaches the members' tags
    s.put(book, "g.vcf", card("g-1", "Family", "X-ADDRESSBOOKSERVER-KIND:group", "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:u-a"))
    sync.sync_account()
    mine = local()
    assert mine["Ann Lee"].tags == ["Family"] and mine["Bob Roe"].tags == [] and mine["Cy Twombly"].tags == []


PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(64))).decode()


def test_unmodelled_properties_and_tel_value_unknown_survive_a_round_trip(account):
    s, book = account, account.book
    s.put(book, "a.vcf", card(
        "u-a", "Ann Lee", "TEL;VALUE=UNKNOWN:+1 202 555 0101", "X-NEXTCLOUD-THING;X-A=b:kept byte for byte\\, really",
        "item9.X-ABRELATEDNAMES:Bob",
    ))  # fmt: skip

    sync.sync_account()

    assert [p.value for p in local()["Ann Lee"].phones] == ["+1 202 555 0101"]
    contacts.edit_contact(cid_of("Ann Lee"), title="Director")
    sync.sync_account()
    text = by_uid(s, book)["u-a"].replace("\r\n ", "")
    assert "X-NEXTCLOUD-THING;X-A=b:kept byte for byte\\, really" in text
    assert "item9.X-ABRELATEDNAMES:Bob" in text and "VERSION:3.0" in text and "TITLE:Director" in text


@pytest.fixture
def xandikos_account(db, _servers):  # noqa: F811
    """Xandikos keeps a card byte for byte, as Nextcloud's sabre/dav does; Radicale re-writes cards with
    vobject, which cuts a data: URI at its comma, so Nextcloud's photo quirk cannot be carried by it."""
    server = _servers("xandikos")
    server.counts.clear()
    server.book = server.new_book()
    accounts.add_account(server.book, USER, PASSWORD)
    return server


def test_nextclouds_data_uri_photo_in_a_3_0_card_is_read_and_written_back_as_3_0(xandikos_account):
    s, book = xandikos_account, xandikos_account.book
    s.put(book, "a.vcf", card("u-a", "Ann Lee", f"PHOTO;VALUE=URI:data:image/png;base64,{PNG}"))

    sync.sync_account()

    ann = local()["Ann Lee"]
    assert ann.photo is not None and ann.photo.data == base64.b64decode(PNG) and ann.photo.mime == "image/png"
    assert ann.extra_lines == []  # the photo was understood, not kept aside as an unknown line
    contacts.edit_contact(cid_of("Ann Lee"), title="Director")
    sync.sync_account()
    text = by_uid(s, book)["u-a"].replace("\r\n ", "")
    assert f"PHOTO;ENCODING=b;TYPE=PNG:{PNG}" in text and "VERSION:3.0" in text
    assert local()["Ann Lee"].photo.data == base64.b64decode(PNG)


def _everything_stays(s, fail) -> str:
    """Run a sync that must fail; the database must be exactly as before. Returns the error's message."""
    fail()
    before = dump()
    with pytest.raises(sync.SyncError) as caught:
        sync.sync_account(timeout=1.5)
    assert dump() == before
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_failing_server_changes_nothing_here_and_says_why_in_one_line(account):
    s, book = account, account.book
    s.put(book, "a.vcf", card("u-a", "Ann Lee"))
    sync.sync_account()
    contacts.edit_contact(cid_of("Ann Lee"), title="Director")
    s.put(book, "b.vcf", card("u-b", "Bob Roe"))

    def fail_500():
        s.fail_with = 500

    assert "500" in _everything_stays(s, fail_500) and "failing on purpose" in _everything_stays(s, fail_500)
    s.fail_with = None

    def wrong_password():
        accounts.store_secret(accounts.get_account().key, "not the password")

    assert "refused the user name or password" in _everything_stays(s, wrong_password)
    accounts.store_secret(accounts.get_account().key, PASSWORD)

    def server_down():
        SyncAccountUrl.set(f"http://127.0.0.1:{free_port()}/ann/book/")

    assert "could not reach" in _everything_stays(s, server_down)

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)
    held = []
    threading.Thread(target=lambda: held.append(silent.accept()), daemon=True).start()

    def slow():
        SyncAccountUrl.set(f"http://127.0.0.1:{silent.getsockname()[1]}/ann/book/")

    assert "did not answer within 1.5 s" in _everything_stays(s, slow)
    silent.close()
    SyncAccountUrl.set(book)
    sync.sync_account()  # and once the server is back, the sync goes through
    assert "TITLE:Director" in by_uid(s, book)["u-a"] and "Bob Roe" in local()


class SyncAccountUrl:
    @staticmethod
    def set(url: str) -> None:
        from desktop.storage.models import SyncAccount

        SyncAccount.update(url=url).execute()


def test_progress_is_reported_and_a_cancel_leaves_a_state_the_next_sync_completes(account):
    s, book = account, account.book
    s.seed(book, {f"p{i}.vcf": card(f"p-{i}", f"Person N{i}") for i in range(300)})  # two multiget batches
    seen = []

    def cancel_after_first_batch(done, total):
        seen.append((done, total))
        return False  # the person presses Cancel as soon as the first batch is in

    report = sync.sync_account(progress=cancel_after_first_batch)
    assert report.cancelled and seen[0] == (250, 300)
    assert len(local()) == 250 and SyncCard.select().count() == 250
    assert accounts.list_accounts()[0].last_sync is None  # not a finished sync
    ticks = []
    done = sync.sync_account(progress=lambda d, t: ticks.append((d, t)) or True)
    assert not done.cancelled and len(local()) == 300 and ticks[-1][0] == ticks[-1][1]
    assert done.pulled.added == 300 - report.pulled.added


def test_status_rows_match_the_server_after_a_sync(account):
    s, book = account, account.book
    for i in range(30):
        s.put(book, f"p{i}.vcf", card(f"p-{i}", f"Person N{i}", f"EMAIL:p{i}@example.org"))
    add("Zed Local", emails=["zed@example.org"])
    sync.sync_account()
    rows = {r.href: r.etag for r in SyncCard.select()}
    server = s.cards(book)
    assert set(rows) == set(server) and all(rows.values())
    assert len(local()) == 31
