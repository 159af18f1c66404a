"""Hostile contacts in the real main window: every label shows markup as plain text, and no tooltip or
item view turns a contact's text into rich text (HTML, script tags, RTL override, zero-width, newlines)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from desktop.domain.contact import Address, ContactData, Email, Phone
from desktop.services.contacts import add_contact, update_fields
from desktop.services.timeline import log_exchange, log_interaction

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

MARKUP = [
    "<b>Bold</b> <i>it</i><script>alert(1)</script>",
    '<img src="file:///etc/passwd"><a href="http://evil.example">click</a>',
    "<h1>Big</h1><table><tr><td>x</td></tr></table>",
]
OTHER = ["\u202eevil.exe\u202c", "zero\u200bwidth", "line\nbreak\r\nNOTE:x", "=cmd|' /C calc'!A0", "x" * 2000]
TODAY = dt.date(2026, 11, 22)


def _rich(text: str) -> bool:
    """Text that a widget in AutoText mode would render as HTML and that carries a hostile value."""
    return any(m in text for m in MARKUP) and GuiQt.mightBeRichText(text)


@pytest.fixture
def window(qtbot, db, db_path, tmp_path):
    from desktop.ui.main_window import MainWindow

    ids = []
    for i, t in enumerate(MARKUP + OTHER):
        cid = add_contact(ContactData(
            full_name=f"{t} {i}", given_name=t, family_name=t, organization=t, title=t, note=t + " note " * 3,
            nickname=t, phones=[Phone(f"+1 555 01{i:02d}", kind=t)], emails=[Email(f"h{i}@example.com", kind=t)],
            addresses=[Address(street=t, city=t, kind=t)], tags=[t[:40]], birthday="1980-11-23",
        ))  # fmt: skip
        update_fields(cid, met_how=t, interests=t)
        ids.append(cid)
    for i, cid in enumerate(ids):
        t = (MARKUP + OTHER)[i]
        log_interaction([cid], TODAY - dt.timedelta(days=3), "meeting", summary=t, notes=t)
        log_exchange([cid], "favour", "received", TODAY - dt.timedelta(days=2), summary=t, notes=t)
    w = MainWindow(db_path, settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat), today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    yield w, ids
    w.close()


def _label_problems(root: QWidget) -> list[str]:
    found = []
    for label in root.findChildren(QLabel):
        text = label.text()
        if label.textFormat() != Qt.PlainText and _rich(text):
            found.append(f"QLabel {label.objectName() or label.metaObject().className()}: {text[:60]!r}")
    return found


def _tooltip_problems(root: QWidget, exclude: QWidget | None = None) -> list[str]:
    """QToolTip renders a tip as rich text when Qt.mightBeRichText says so: a raw name must be escaped
    (desktop.ui.trust.plain_tooltip). Widgets inside ``exclude`` are left out."""
    from PySide6.QtCore import QModelIndex

    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if exclude is not None and (widget is exclude or exclude.isAncestorOf(widget)):
            continue
        tip = widget.toolTip()
        if _rich(tip):
            found.append(f"tooltip of {widget.objectName() or widget.metaObject().className()}: {tip[:60]!r}")
    for view in root.findChildren(QAbstractItemView):
        if exclude is not None and exclude.isAncestorOf(view):
            continue
        model = view.model()
        if model is None:
            continue
        for row in range(50):
            for col in range(10):
                index = model.index(row, col, QModelIndex())
                if not index.isValid():
                    break
                tip = model.data(index, Qt.ToolTipRole)
                if isinstance(tip, str) and _rich(tip):
                    found.append(f"item tooltip in {view.objectName()}: {tip[:60]!r}")
    return found


def _walk(w, ids, qtbot, check, pages=("today", "network")) -> set[str]:
    problems = set(check(w))
    for cid in ids:
        w.list_panel.select_contact(cid) or w.contact_page.show_contact(cid)
        qtbot.wait(1)
        problems |= set(check(w))
    for key in pages:
        page = _page(w, key)
        qtbot.waitUntil(lambda: not getattr(page, "loading", False), timeout=10000)  # it reads in a worker
        problems |= set(check(w))
    return problems


def _page(w, key: str) -> QWidget:
    w.show_page(key)
    return w.pages.widget(w._pages[key]).ensure_built()


def test_every_label_shows_hostile_text_as_plain_text(window, qtbot):
    w, ids = window
    problems = _walk(w, ids, qtbot, _label_problems)
    assert not problems, "\n".join(sorted(problems))


def test_no_tooltip_renders_hostile_text_as_rich_text(window, qtbot):
    """The contact list, the contact page and the Network page (Today, which fills in from a worker,
    is checked on its own below)."""
    w, ids = window
    today = _page(w, "today")  # built now so that leaving it out is a real exclusion; its own test reports it
    problems = _walk(w, ids, qtbot, lambda root: _tooltip_problems(root, exclude=today), pages=("network",))
    assert not problems, "\n".join(sorted(problems))
    network = _page(w, "network")
    assert network.strongest_model.rowCount() > 0  # the hostile names were really in the tables checked


def test_no_tooltip_on_the_today_page_renders_hostile_text_as_rich_text(window, qtbot):
    w, _ids = window
    today = _page(w, "today")
    if today.loading:  # Today reads in a worker: check the rows it fills in, not "Loading…"
        with qtbot.waitSignal(today.loaded, timeout=10000):
            pass
    assert today.findChildren(QWidget, "itemText"), "Today shows no rows: nothing was checked"
    problems = set(_tooltip_problems(today))
    assert not problems, "\n".join(sorted(problems))


@pytest.mark.parametrize("raw", ["Ada\u202egnp.exe", "zero\u200bwidth", "..\\..\\x", "CON"])
def test_export_file_names_drop_invisible_and_reversing_characters(raw):
    from desktop.ui.dialogs.export_dialog import sanitize_file_name, suggested_export_name

    name = sanitize_file_name(raw)
    assert not any(ch in name for ch in "\u202e\u202c\u200b/\\")
    assert not name.startswith(".")
    if raw == "Ada\u202egnp.exe":
        assert name == "Adagnp.exe"  # shown as typed, not reversed into "Adaexe.png"
        assert suggested_export_name([raw]) == "Adagnp.exe.vcf"


def test_plain_tooltip_is_shown_as_the_raw_text():
    from PySide6.QtGui import QTextDocument

    from desktop.ui.trust import plain_tooltip

    for raw in MARKUP + OTHER:
        tip = plain_tooltip(raw)
        doc = QTextDocument()
        doc.setHtml(tip)
        shown = doc.toPlainText()
        assert shown.replace("\u2029", "\n") == raw.replace("\r\n", "\n")
    assert plain_tooltip("") == ""
