"""The Accounts forms and the conflicts review on their own: a self-signed server's fingerprint accepted in
the Add dialog, a server with several address books (the person picks one), the conflicts model, and the
status bar's words."""

from __future__ import annotations

import datetime as dt

import pytest
from carddav_servers import PASSWORD, USER, _servers, radicale, self_signed, start_radicale  # noqa: F401
from PySide6.QtCore import Qt

from desktop.services import accounts
from desktop.ui.dialogs.account_forms import AddAccountDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture(autouse=True)
def no_keyring():
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def fill(qtbot, d: AddAccountDialog, url: str, password: str = PASSWORD) -> None:
    qtbot.keyClicks(d.url, url)
    qtbot.keyClicks(d.user, USER)
    qtbot.keyClicks(d.password, password)


def wait_for(qtbot, d) -> None:
    op = d.op
    assert op is not None
    qtbot.waitUntil(lambda: op.done, timeout=30000)


def test_a_self_signed_certificate_shows_its_fingerprint_and_is_trusted_only_when_ticked(qtbot, db, tmp_path):
    ctx, fingerprint = self_signed(tmp_path, "shown")
    server = start_radicale(tmp_path, tls=ctx)
    try:
        book = server.new_book("Contacts")
        d = AddAccountDialog()
        qtbot.addWidget(d)
        d.show()
        added = []
        d.added.connect(added.append)
        fill(qtbot, d, book)
        qtbot.mouseClick(d.ok_button, Qt.LeftButton)
        wait_for(qtbot, d)
        assert d.certificate.isVisible() and d.trust.hasFocus() and not d.trust.isChecked()
        assert d.fingerprint.text().replace("\n", "") == fingerprint  # on two lines, the same digits
        assert "not signed by an authority" in d.problem.text() and fingerprint not in d.problem.text()
        assert accounts.list_accounts() == []

        qtbot.mouseClick(d.ok_button, Qt.LeftButton)  # not ticked: still refused
        wait_for(qtbot, d)
        assert accounts.list_accounts() == [] and d.certificate.isVisible()
        d.trust.setChecked(True)
        qtbot.mouseClick(d.ok_button, Qt.LeftButton)
        wait_for(qtbot, d)
        [info] = added
        assert info.fingerprint == fingerprint and info.name == "Contacts" and not d.isVisible()

        # Another address typed: the fingerprint found for the old one no longer applies.
        d2 = AddAccountDialog()
        qtbot.addWidget(d2)
        d2.show()
        d2.show_problem(_untrusted(fingerprint))
        assert d2.certificate.isVisible()
        d2.trust.setChecked(True)
        qtbot.keyClicks(d2.url, "x")
        assert not d2.certificate.isVisible() and not d2.trust.isChecked() and d2._options()["fingerprint"] == ""
    finally:
        server.stop()


def _untrusted(fingerprint: str):
    from desktop.services.carddav_client import UntrustedCertificate

    return UntrustedCertificate(f"127.0.0.1's certificate is not signed…; its SHA-256 fingerprint is {fingerprint}.",
                                fingerprint)  # fmt: skip


def test_a_server_with_several_address_books_lets_the_person_pick_one(qtbot, db, radicale):  # noqa: F811
    radicale.new_book("Family")
    work = radicale.new_book("Work")
    d = AddAccountDialog()
    qtbot.addWidget(d)
    d.show()
    added = []
    d.added.connect(added.append)
    fill(qtbot, d, radicale.base_url)  # the server alone: found through its principal
    qtbot.mouseClick(d.test_button, Qt.LeftButton)
    wait_for(qtbot, d)
    assert d.book.isVisible() and d.book.count() >= 3  # the fixture's book, Family and Work
    assert "address books are there" in d.note.text()
    d.book.setCurrentIndex(d.book.findData(work))
    qtbot.mouseClick(d.ok_button, Qt.LeftButton)
    wait_for(qtbot, d)
    [info] = added
    assert info.url == work and info.name == "Work"


def test_a_wrong_password_at_add_stores_nothing_and_says_the_servers_words(qtbot, db, radicale):  # noqa: F811
    d = AddAccountDialog()
    qtbot.addWidget(d)
    d.show()
    fill(qtbot, d, radicale.book, "nope")
    qtbot.keyClick(d.password, Qt.Key_Return)  # Enter adds
    wait_for(qtbot, d)
    assert "refused the user name or password (401 Unauthorized" in d.problem.text()
    assert d.isVisible() and accounts.list_accounts() == []


def test_the_conflicts_model(qtmodeltester):
    from desktop.services.sync_conflicts import ConflictItem
    from desktop.ui.dialogs.conflicts_dialog import ConflictsModel
    from desktop.ui.models.rows import ROW_ROLE

    model = ConflictsModel()
    item = ConflictItem(1, "Phone", 3, "<b>Ann</b>", "note", "note", "ours\nsecond line", "theirs", dt.datetime.now())
    model.set_rows([item])
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(4)] == ["<b>Ann</b>", "Note", "ours …", "theirs"]
    assert model.index(0, 2).data(Qt.AccessibleTextRole) == "ours\nsecond line"
    assert "&lt;b&gt;Ann" in model.index(0, 0).data(Qt.ToolTipRole)  # the person's text, never HTML
    assert model.index(0, 0).data(ROW_ROLE) is item


def test_the_status_bar_says_when_and_what_in_a_few_words():
    from desktop.ui.controllers.sync import SyncState, ago

    now = dt.datetime(2026, 11, 22, 15, 0)
    assert [ago(now - dt.timedelta(seconds=s), now) for s in (5, 130, 3 * 3600)] == ["just now", "2 min ago", "3 h ago"]
    assert ago(dt.datetime(2026, 11, 21, 23, 0), now) == "yesterday"
    assert ago(dt.datetime(2026, 11, 2, 9, 0), now) == "on 2026-11-02"
    two = now - dt.timedelta(minutes=2)
    assert SyncState(1, two, 3, 0).text(now) == "Synced 2 min ago · 3 updated here"
    assert SyncState(1, two, 3, 1).text(now) == "Synced 2 min ago · 3 updated here, 1 on the server"
    assert SyncState(1, two, 0, 0).text(now) == "Synced 2 min ago · nothing changed"
    assert SyncState(1, two).text(now) == "Synced 2 min ago"  # after a restart: when, not what
    assert SyncState(1).text(now) == "Not synced yet"
    assert SyncState(1, two, 1, 1, failure="Phone: down").text(now) == "Sync failed"


def test_every_control_is_described(qtbot, db):
    from types import SimpleNamespace

    from test_dialog_accessibility import undescribed

    from desktop.services.sample import create_sample_network
    from desktop.services.sync_sample import add_sample_accounts
    from desktop.ui import workers
    from desktop.ui.dialogs.account_forms import PasswordDialog
    from desktop.ui.dialogs.accounts import AccountsDialog
    from desktop.ui.dialogs.conflicts_dialog import ConflictsDialog

    create_sample_network(today=dt.date(2026, 11, 22))
    add_sample_accounts(dt.datetime.now())
    info = SimpleNamespace(name="Phone", user=USER, url="https://cloud.example.org/ann/")
    accounts_dialog = AccountsDialog(None)
    conflicts = ConflictsDialog(None)
    qtbot.waitUntil(lambda: not accounts_dialog.page.loading and not conflicts.loading, timeout=20000)
    assert len(accounts_dialog.page.cards) == 2 and conflicts.model.rowCount() == 3
    for dialog, name in ((AddAccountDialog(), "addAccountDialog"), (PasswordDialog(None, info), "passwordDialog"),
                         (accounts_dialog, "accountsDialog"), (conflicts, "conflictsDialog")):  # fmt: skip
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.objectName() == name
        assert undescribed(dialog) == []
    workers.wait_for_all()
