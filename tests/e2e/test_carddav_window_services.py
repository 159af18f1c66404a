"""What the window's sync needs from the services, against Radicale on loopback: one sync of an account at a
time (the lock), a new password checked before it is kept, conflicts reviewed in one undoable step, syncs
that leave no step in Edit → Undo, a cancel that stops at the account it reached, and the interval setting."""

from __future__ import annotations

import pytest
from carddav_servers import PASSWORD, USER, _servers, radicale  # noqa: F401 - fixtures

from desktop.services import accounts, contacts, sync, sync_conflicts, sync_lock, undo
from desktop.services.carddav_client import AuthFailed


@pytest.fixture(autouse=True)
def no_keyring():
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def card(uid: str, fn: str, *lines: str) -> str:
    given, family = fn.split(" ", 1)
    body = ["BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}", f"FN:{fn}", f"N:{family};{given};;;", *lines, "END:VCARD"]
    return "".join(line + "\r\n" for line in body)


@pytest.fixture
def phone(db, radicale):  # noqa: F811
    radicale.put(radicale.book, "a.vcf", card("u-a", "Ann Lee", "TITLE:Engineer"))
    accounts.add_account(radicale.book, USER, PASSWORD, name="Phone")
    return radicale


def test_a_second_sync_of_an_account_is_refused_at_once_and_the_others_still_sync(phone):
    other = phone.new_book()
    phone.put(other, "b.vcf", card("u-b", "Bob Roe"))
    accounts.add_account(other, USER, PASSWORD, name="Work")
    key = accounts.get_account("Phone").key
    assert sync_lock.lock_path(key).parent == accounts.secrets_file().parent  # beside the database
    with sync_lock.account_lock(key, "Phone"):
        phone.counts.clear()
        with pytest.raises(sync_lock.SyncBusy, match=r"^Phone: a sync of this account is under way already"):
            sync.sync_account("Phone")
        assert sum(phone.counts.values()) == 0  # refused before a word to the server
        with pytest.raises(sync_lock.SyncBusy):
            accounts.remove_account("Phone")  # its rows would vanish under the running sync
        outcomes = sync.sync_all()
    assert [(o.account, o.report is None, type(o.exception)) for o in outcomes] == [
        ("Phone", True, sync_lock.SyncBusy), ("Work", False, type(None))]  # fmt: skip
    assert [r.data.display_name() for r in contacts.load_records()] == ["Bob Roe"]
    # The lock went with the block: the next sync runs, and a removed account leaves no lock file behind.
    assert sync.sync_account("Phone").pulled.added == 1
    accounts.remove_account("Phone")
    assert not sync_lock.lock_path(key).exists()


def test_a_sync_leaves_no_step_in_the_undo_history(phone):
    before = undo.last_id()
    sync.sync_account("Phone")
    phone.delete(phone.book + "a.vcf")
    assert sync.sync_account("Phone").pulled.deleted == 1  # to the trash, where it can be restored
    assert undo.last_id() == before


def test_sync_all_stops_at_the_account_it_was_cancelled_in(phone):
    accounts.add_account(phone.new_book(), USER, PASSWORD, name="Work")
    outcomes = sync.sync_all(progress=lambda done, total: False)
    assert [(o.account, o.report.cancelled) for o in outcomes] == [("Phone", True)]


def test_a_new_password_is_checked_with_the_server_before_it_is_kept(phone):
    account = accounts.get_account("Phone")
    with pytest.raises(AuthFailed, match="refused the user name or password"):
        accounts.change_password("Phone", "wrong")
    assert accounts.load_secret(account.key, account.secret_store) == PASSWORD  # unchanged
    accounts.store_secret(account.key, "stale")
    with pytest.raises(sync.SyncError) as failed:
        sync.sync_account("Phone")
    assert failed.value.status == 401
    info = accounts.change_password("Phone", PASSWORD)
    assert info.secret_store == accounts.FILE
    assert sync.sync_account("Phone").pulled.added == 1


def test_conflicts_are_resolved_in_one_step_that_undo_reopens(phone):
    sync.sync_account("Phone")
    ann = contacts.find_by_name("Ann Lee")[0][0]
    contacts.edit_contact(ann, title="Head of Engineering", note="ours")
    phone.put(phone.book, "a.vcf", card("u-a", "Ann Lee", "TITLE:Chief Engineer", "NOTE:theirs"))
    sync.sync_account("Phone")
    items = sync_conflicts.list_conflicts()
    assert sorted(c.field for c in items) == ["note", "title"] and sync_conflicts.count_conflicts() == 2

    changed = sync_conflicts.resolve_conflicts([c.id for c in items], use_other=True)
    assert changed == [ann] and sync_conflicts.count_conflicts() == 0
    data = contacts.load_record(ann).data
    assert (data.title, data.note) == ("Chief Engineer", "theirs")
    entry = undo.last_id()
    undo.undo(entry)
    data = contacts.load_record(ann).data
    assert (data.title, data.note) == ("Head of Engineering", "ours") and sync_conflicts.count_conflicts() == 2
    undo.redo(entry)
    assert contacts.load_record(ann).data.title == "Chief Engineer" and sync_conflicts.count_conflicts() == 0

    with pytest.raises(accounts.AccountError, match="no open conflict"):
        sync_conflicts.resolve_conflicts([items[0].id], use_other=False)
    # What was swapped in goes up at the next sync: the server has it, and nothing is left to review.
    sync.sync_account("Phone")
    assert "TITLE:Chief Engineer" in phone.get(phone.book + "a.vcf")


def test_keeping_ours_changes_nothing_and_is_undoable_too(phone):
    sync.sync_account("Phone")
    ann = contacts.find_by_name("Ann Lee")[0][0]
    contacts.edit_contact(ann, title="Head of Engineering")
    phone.put(phone.book, "a.vcf", card("u-a", "Ann Lee", "TITLE:Chief Engineer"))
    sync.sync_account("Phone")
    [item] = sync_conflicts.list_conflicts()
    assert sync_conflicts.resolve_conflicts([item.id], use_other=False) == []
    assert contacts.load_record(ann).data.title == "Head of Engineering"
    assert undo.history(0)[-1].label == "keeping Ann Lee's title"
    undo.undo(undo.last_id())
    assert [c.id for c in sync_conflicts.list_conflicts()] == [item.id]


def test_the_sync_interval_is_a_setting_with_never(db):
    assert accounts.sync_interval() == 15
    accounts.set_sync_interval(0)
    assert accounts.sync_interval() == 0
    with pytest.raises(accounts.AccountError, match="not one of the intervals"):
        accounts.set_sync_interval(7)
    assert accounts.sync_interval() == 0


def test_an_edit_made_here_while_the_sync_runs_is_merged_not_overwritten(phone):
    """The window lets the person edit while a sync runs: the sync read the contact before the edit, and
    writes its merge after it; the edit must survive (and go up), not be replaced by the stale copy."""
    sync.sync_account("Phone")
    ann = contacts.find_by_name("Ann Lee")[0][0]
    phone.put(phone.book, "a.vcf", card("u-a", "Ann Lee", "TITLE:Chief Engineer"))

    def edit_during_the_sync(method, path):
        if phone.counts["multiget"] and phone.before is not None:  # the sync has read the contacts, not merged yet
            phone.before = None
            from desktop.services.session import close_database

            contacts.edit_contact(ann, note="met at the fair")  # in another thread, as the window's would be
            close_database()

    phone.counts.clear()
    phone.before = edit_during_the_sync
    report = sync.sync_account("Phone")
    assert phone.before is None  # the edit did happen mid-sync
    data = contacts.load_record(ann).data
    assert (data.title, data.note) == ("Chief Engineer", "met at the fair")
    assert report.pulled.updated == 1 and report.pushed.updated == 1
    assert "NOTE:met at the fair" in phone.get(phone.book + "a.vcf")
