"""Screenshots of every dialog filled with sample data, for reviewing layouts.

``render_dialogs(outdir)`` needs no database: the dialogs get fake services
and a fixed list of people for their pickers.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from desktop.domain.contact import Address, ContactData, Email, Phone, Url
from desktop.ui.widgets.contact_picker import ListContactSource

PEOPLE = [
    (1, "Alice Martin", "Martin Marketing"),
    (2, "Bob Okafor", "Okafor Bookkeeping"),
    (3, "Zoë Ødegård", "Fjord Bakery"),
    (4, "Carlos García", "García & Hijos"),
    (5, "<b>Not bold</b> Tester", "Plain Text Ltd"),
]


class _FakeContacts:
    def __init__(self, record):
        self.record = record

    def load_record(self, contact_id):
        return self.record


class _FakeTimeline:
    def log_exchange(self, *a, **k):
        return 1

    def log_interaction(self, *a, **k):
        return 1

    def delete_entry(self, *a, **k):
        return []


class _Report:
    added, merged, skipped = 412, 17, 3
    problems = [
        "phone-export.vcf:1288: no name, email or phone",
        "phone-export.vcf:3410: BEGIN:VCARD without END:VCARD",
        "old-outlook.vcf:57: unreadable BDAY '31/02/1980'",
    ]
    unreadable = ["notes.txt: not a vCard file"]
    cancelled = False

    def summary(self):
        return "412 added, 17 merged, 3 skipped from 2 files; 1 file was not a vCard."


def _sample_record():
    from desktop.services.contacts import ContactRecord

    image = QImage(300, 300, QImage.Format_RGB32)
    image.fill(QColor("#4a7bb7"))
    p = QPainter(image)
    p.setBrush(QColor("#f2d0a4"))
    p.drawEllipse(75, 50, 150, 150)
    p.end()
    from desktop.ui.dialogs.fields import photo_from_image

    data = ContactData(
        given_name="Zoë",
        family_name="Ødegård",
        prefix="Dr.",
        nickname="Zo",
        organization="Fjord Bakery",
        department="Catering",
        title="Owner",
        phones=[Phone("+47 912 34 567", "cell"), Phone("+47 22 33 44 55", "work")],
        emails=[Email("zoe@fjordbakery.no", "work"), Email("zoe.o@example.org", "home")],
        urls=[Url("https://fjordbakery.no", "work")],
        addresses=[Address("Storgata 12", "Oslo", "", "0155", "Norway", kind="work")],
        birthday="--04-15",
        anniversary="2012-06-09",
        tags=["bakery", "chamber", "client"],
        note="Needs a marketing partner for the new shop.\nPrefers calls before 10.",
        photo=photo_from_image(image),
    )
    data.full_name = data.display_name()
    return ContactRecord(
        id=3, data=data, met_how="Chamber breakfast, March 2026", interests="sailing, jazz, sourdough",
        circle="close", cadence_days=21, priority=1,
    )  # fmt: skip


def _shoot(widget: QWidget, path: Path) -> Path:
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    return path


def render_dialogs(outdir: Path) -> list[Path]:
    """Render each dialog (and each tab of the contact form) to ``outdir/dlg_*.png``."""
    from desktop.ui.dialogs import (
        AboutDialog,
        ContactDialog,
        ExportDialog,
        ImportSummaryDialog,
        IntroductionDialog,
        LogExchangeDialog,
        LogInteractionDialog,
    )

    app = QApplication.instance() or QApplication([])
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    source = ListContactSource(PEOPLE)
    shots: list[Path] = []
    keep: list[QWidget] = []

    contact = ContactDialog(None, None, 3, service=_FakeContacts(_sample_record()))
    keep.append(contact)
    for i, name in enumerate(("name", "details", "personal")):
        contact.tabs.setCurrentIndex(i)
        shots.append(_shoot(contact, outdir / f"dlg_contact_{name}.png"))
    contact.close()

    empty = ContactDialog(None, None, None, service=_FakeContacts(None))
    keep.append(empty)
    empty._on_buttons_accepted()  # shows the "give it a name" error
    shots.append(_shoot(empty, outdir / "dlg_contact_new_error.png"))
    empty.close()

    inter = LogInteractionDialog(None, None, [1, 3], source=source, service=_FakeTimeline())
    keep.append(inter)
    inter.summary.setText("Coffee about the new shop")
    inter.notes.setPlainText("She is looking for a marketing partner.")
    shots.append(_shoot(inter, outdir / "dlg_log_interaction.png"))
    inter.close()

    ex = LogExchangeDialog(None, None, [2], "referral", source=source, service=_FakeTimeline())
    keep.append(ex)
    ex.third_party.add_contact(4, "Carlos García")
    ex.money.setText("1,200.50")
    ex.summary.setText("Referred Carlos for the year-end accounts")
    ex._set_status("won")
    shots.append(_shoot(ex, outdir / "dlg_log_exchange.png"))
    ex.money.setText("twelve hundred")
    ex._on_buttons_accepted()
    shots.append(_shoot(ex, outdir / "dlg_log_exchange_error.png"))
    ex.close()

    typing = LogExchangeDialog(None, None, None, "favour", source=source, service=_FakeTimeline())
    keep.append(typing)
    _shoot(typing, outdir / "dlg_log_exchange_typing.png")
    typing.activateWindow()
    typing.contacts.line_edit.setFocus()
    typing.contacts.line_edit.setText("ar")
    typing.contacts._refresh_suggestions()
    typing.contacts._completer.complete()
    QApplication.processEvents()
    popup = typing.contacts._completer.popup()
    shots.append(_shoot(typing, outdir / "dlg_log_exchange_typing.png"))
    popup.grab().save(str(outdir / "dlg_picker_suggestions.png"))
    shots.append(outdir / "dlg_picker_suggestions.png")
    popup.hide()
    typing.close()

    ask = LogExchangeDialog(None, None, [5], "ask", source=source, service=_FakeTimeline())
    keep.append(ask)
    ask.date.setDate(QDate(2026, 11, 20))
    shots.append(_shoot(ask, outdir / "dlg_log_exchange_ask.png"))
    ask.close()

    intro = IntroductionDialog(None, None, 1, 3, source=source, service=_FakeTimeline())
    keep.append(intro)
    intro.why.setText("Zoë needs marketing help for the new shop; Alice does exactly that")
    shots.append(_shoot(intro, outdir / "dlg_introduction.png"))
    intro.close()

    summary = ImportSummaryDialog(None, _Report())
    keep.append(summary)
    shots.append(_shoot(summary, outdir / "dlg_import_summary.png"))
    summary.close()

    export = ExportDialog(None, selected=3, total=1250)
    keep.append(export)
    shots.append(_shoot(export, outdir / "dlg_export.png"))
    export.close()

    about = AboutDialog(None)
    keep.append(about)
    shots.append(_shoot(about, outdir / "dlg_about.png"))
    about.close()
    del app, keep
    return shots


if __name__ == "__main__":  # python -m desktop.ui.dialogs.gallery OUTDIR
    import sys

    for shot in render_dialogs(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")):
        print(shot)
