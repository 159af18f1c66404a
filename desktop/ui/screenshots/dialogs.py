"""The dialogs: forms, import and export, settings, accounts and conflicts, the duplicates review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from desktop.ui.screenshots.common import TODAY, Shot, _settle


def _dialogs(w, tmp: Path) -> Iterator[Shot]:
    """Every dialog, built on the sample network and filled as a person would have it."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.services import backup, groups, timeline, trash
    from desktop.ui import dialogs
    from desktop.ui.dialogs.common import show_error
    from desktop.ui.dialogs.help import GuideDialog, ShortcutsDialog
    from desktop.ui.dialogs.knows_dialogs import KnowsDialog, WhoCanIntroduceDialog
    from desktop.ui.dialogs.settings_dialog import SettingsDialog
    from desktop.ui.dialogs.trash_dialog import TrashDialog
    from desktop.ui.pages.group_forms import EventDialog, GroupDialog
    from desktop.ui.style import message_box
    from desktop.ui.style.progress import ProgressPanel
    from desktop.ui.trust import RestoreDialog

    cid = w.contact_page.contact_id
    ev = w.events
    exchange = next((e for e in timeline.timeline(cid) if e.entry_kind == "exchange"), None)
    group_id = groups.list_groups()[0].id

    def contact_tab(index: int, contact_id=cid):
        def make():
            d = dialogs.ContactDialog(w, ev, contact_id)
            d.tabs.setCurrentIndex(index)
            return d

        return make

    def new_contact_error():
        d = dialogs.ContactDialog(w, ev, None)
        d._on_buttons_accepted()  # "give the contact a name"
        return d

    def exchange_typing():
        d = dialogs.LogExchangeDialog(w, ev, [cid], "referral")
        d.third_party.add_contact(3)
        d.money.setText("1,200.50")
        d.summary.setText("Referred them for the year-end accounts")
        return d

    def introduction():
        d = dialogs.IntroductionDialog(w, ev, cid, 7)
        d.why.setText("She needs marketing help for the new shop; he does exactly that")
        return d

    def knows_dialog():
        d = KnowsDialog(w, ev, cid, w.contact_page.name_label.text())
        d.other.add_contact(9)
        d.how.setCurrentText("friend")
        return d

    def who_can_introduce():
        d = WhoCanIntroduceDialog(w, ev, 30, today=TODAY)  # Benjamin Cohen, two links away
        _settle(until=lambda: d._op is None)
        return d

    def event():
        d = EventDialog(w, ev, group_id, [cid, 7, 12, 15])
        d.name.setText("Chamber winter mixer")
        d.place.setText("Riverside Hotel")
        return d

    def shortcuts_search():
        d = ShortcutsDialog(w)
        d.search.setText("contact")
        return d

    def export():
        return dialogs.ExportDialog(w, 3, 60, 12, "matching “ller”", names=["", "", ""], today=TODAY)

    def import_progress():
        d = ProgressPanel(w, "Importing contacts", "Importing: new people are added, people you have are merged.",
                          object_name="importProgressDialog")  # fmt: skip
        d.set_progress(1250, 4000, "contacts")
        return d

    def restore():
        backup.make_backup("manual")
        backup.make_backup("before-import")
        return RestoreDialog(w, w.db_path)

    def trash_dialog():
        trash.delete_contacts([cid + 1, cid + 2])
        return TrashDialog(w, ev)  # deleted now: counted from the real date

    yield "dialog-contact-main", contact_tab(0)
    yield "dialog-contact-more", contact_tab(1)
    yield "dialog-contact-personal", contact_tab(2)
    from desktop.services.needs import needs_offers

    kinds: dict[int, set] = {}
    for item in needs_offers():
        kinds.setdefault(item.contact_id, set()).add(item.kind)
    needy = next((c for c, k in kinds.items() if len(k) == 2), next(iter(kinds), cid))
    yield "dialog-contact-needs", contact_tab(3, needy)  # a contact with a need and an offer
    yield "dialog-new-contact", contact_tab(0, None)
    yield "dialog-new-contact-error", new_contact_error
    yield "dialog-log-interaction", lambda: dialogs.LogInteractionDialog(w, ev, [cid, 7])
    yield "dialog-log-exchange", lambda: dialogs.LogExchangeDialog(w, ev, [cid], "favour")
    yield "dialog-log-exchange-referral", exchange_typing
    if exchange is not None:
        yield "dialog-edit-exchange", lambda: dialogs.timeline_entry_dialog(w, ev, "exchange", exchange.id)
    yield "dialog-introduction", introduction
    yield "dialog-knows", knows_dialog
    yield "dialog-who-can-introduce", who_can_introduce
    yield "dialog-log-exchange-ask", lambda: dialogs.LogExchangeDialog(
        w, ev, [11], "ask", third_party_id=7, summary="Asked for an introduction to Wei Zhang")
    yield "dialog-group-new", lambda: GroupDialog(w, ev)
    yield "dialog-group-edit", lambda: GroupDialog(w, ev, group_id)
    yield "dialog-event", event
    yield "dialog-event-edit", lambda: EventDialog(w, ev, event_id=groups.list_events()[0].id)
    yield "dialog-export", export
    yield "dialog-shortcuts", lambda: ShortcutsDialog(w)
    yield "dialog-shortcuts-search", shortcuts_search
    yield "dialog-guide", lambda: GuideDialog(w)
    yield "dialog-import-progress", import_progress
    yield "dialog-import-summary", lambda: dialogs.ImportSummaryDialog(w, _Report())
    yield "dialog-import-summary-good", lambda: dialogs.ImportSummaryDialog(w, _Report(good=True))
    yield "dialog-import-summary-cancelled", lambda: dialogs.ImportSummaryDialog(w, _Report(good=True), cancelled=True)
    for key in ("give", "keep", "contacts", "backups", "appearance"):
        yield f"dialog-settings-{key}", lambda key=key: SettingsDialog(w, ev, key)
    yield "dialog-restore", restore
    yield "dialog-trash", trash_dialog
    yield "dialog-about", lambda: dialogs.AboutDialog(w)
    yield "dialog-error", lambda: show_error(w, "Export failed", "The file could not be written: disk full.")
    yield from _sync_dialogs(w)
    yield from _review_shots(w)
    yield "dialog-confirm", lambda: message_box(
        w, QMessageBox.Warning, "Empty trash", "Delete the 2 items in the trash for good?",
        QMessageBox.Ok | QMessageBox.Cancel, informative="A backup is made first.",
    )  # fmt: skip


def _sync_dialogs(w) -> Iterator[Shot]:
    """Accounts (two sample accounts, no server behind them), adding one that fails, conflicts to review."""
    from desktop.services.carddav_client import AuthFailed, UntrustedCertificate
    from desktop.services.sync_sample import add_sample_accounts
    from desktop.ui.dialogs.account_forms import AddAccountDialog, PasswordDialog
    from desktop.ui.dialogs.accounts import AccountsDialog
    from desktop.ui.dialogs.conflicts_dialog import ConflictsDialog

    add_sample_accounts(dt.datetime.now())

    def accounts():
        w.sync.state.wrong_password = "Contacts on my Nextcloud"  # as after a sync the server refused
        d = AccountsDialog(w, w.sync)
        _settle(until=lambda: not d.page.loading)
        return d

    def adding(exc):
        def make():
            d = AddAccountDialog(w)
            d.url.setText("https://cloud.example.org")
            d.user.setText("ann")
            d.password.setText("not her password")
            d.show_problem(exc)
            d.fit()
            return d

        return make

    def settings():
        from desktop.ui.dialogs.settings_dialog import SettingsDialog

        d = SettingsDialog(w, w.events, "accounts")
        page = d.page("accounts")
        _settle(until=lambda: not page.loading)
        return d

    def conflicts():
        d = ConflictsDialog(w, w.events)
        _settle(until=lambda: not d.loading)
        return d

    fingerprint = ":".join(f"{b:02X}" for b in range(3, 35))
    yield "dialog-accounts", accounts
    yield "dialog-settings-accounts", settings
    yield "dialog-add-account", lambda: AddAccountDialog(w)
    yield "dialog-add-account-error", adding(AuthFailed(
        "cloud.example.org refused the user name or password (401 Unauthorized: wrong user name or password).", 401))
    yield "dialog-add-account-certificate", adding(UntrustedCertificate(
        "cloud.example.org's certificate is not signed by an authority this computer trusts (self-signed?); its "
        f"SHA-256 fingerprint is {fingerprint}: accept it only if it is your server's.", fingerprint))
    yield "dialog-account-password", lambda: PasswordDialog(w, next(iter(_accounts())))
    yield "dialog-conflicts", conflicts


def _accounts():
    from desktop.services.accounts import list_accounts

    return list_accounts()


def _review_shots(w) -> Iterator[Shot]:
    """The duplicates review, a merge of selected contacts, and the bulk actions' questions and note (issue 13),
    on people planted beside the sample network (which has no duplicates of its own)."""
    from desktop.domain.contact import ContactData, Email, Phone, SocialProfile
    from desktop.services import contacts
    from desktop.ui.dialogs.bulk import circle_dialog, group_dialog, tag_dialog
    from desktop.ui.dialogs.duplicates import DuplicatesDialog, MergeDialog

    def person(full: str, **kw) -> int:
        given, _, family = full.partition(" ")
        return contacts.add_contact(ContactData(full_name=full, given_name=given, family_name=family, **kw))

    bob = person("Bob Smith", organization="Acme", title="VP Sales", phones=[Phone("+1 212 555 0101", "cell")],
                 tags=["golf"], note="Owes me lunch")  # fmt: skip
    robert = person("Robert Smith", organization="Acme Inc.", emails=[Email("robert@acme.example", "work")],
                    birthday="1970-05-01", tags=["clients"], note="Met at the chamber breakfast",
                    social_profiles=[SocialProfile("linkedin", "https://www.linkedin.com/in/rsmith")])  # fmt: skip
    person("Kate Jonson", organization="Globex", connected_on="2026-09-02")
    person("Katherine Johnson", organization="Globex", emails=[Email("katherine@globex.example")])

    def review():
        d = DuplicatesDialog(w, undo=lambda: None).start()
        _settle(until=lambda: d.merge_button.isEnabled())
        return d

    def review_merged():
        d = review()
        d._on_skip_clicked()
        d.status.show_note("Merged Bob Smith and Robert Smith")
        _settle(until=lambda: d.merge_button.isEnabled())
        return d

    def merge_selected():
        d = MergeDialog(w, [robert, bob])
        _settle(until=lambda: d.ok.isEnabled())
        return d

    def bulk_note():
        w.show_page("contacts")
        w.list_panel.view.selectAll()
        w.bulk.show_note("Tagged 64 contacts 'clients'")
        return w

    yield "dialog-duplicates", review
    yield "dialog-duplicates-next", review_merged
    yield "dialog-merge-selected", merge_selected
    yield "dialog-bulk-tag", lambda: tag_dialog(w, 64, ["clients", "golf"])
    yield "dialog-bulk-circle", lambda: circle_dialog(w, 64)
    yield "dialog-bulk-group", lambda: group_dialog(w, 64, [(1, "BNI Downtown"), (2, "Chamber of Commerce")])
    yield "page-list-bulk-note", bulk_note


class _Report:
    """An import report for the summary's screenshots: a little of everything (partly failed), or all
    read (``good``)."""

    cancelled = False

    def __init__(self, good: bool = False):
        self.added, self.merged = (5000, 12) if good else (412, 17)
        failed = ["phone-export.vcf:1288: this card holds no name, phone, email or other details",
                  "phone-export.vcf:3410: BEGIN:VCARD without END:VCARD; the card was not imported"]  # fmt: skip
        self.failed = [] if good else failed
        self.problems = [] if good else [*failed, "old-outlook.vcf:57: unreadable BDAY '31/02/1980'; left out",
                                         "Connections.csv:15: Connected On 'someday' is not a date Rapport "
                                         "understands; it was left out"]  # fmt: skip
        self.skipped = 3 + len(self.failed)
        self.warnings = [] if good else ["old-outlook.vcf:212: a second ORG (Chamber of Commerce) kept for export"]
        self.unreadable = [] if good else ["notes.txt: not a vCard file (no BEGIN:VCARD line); nothing was imported from it."]
