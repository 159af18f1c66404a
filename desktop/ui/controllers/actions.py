"""The window's actions and menus. ``ActionSet.add`` makes a QAction (object name, icon, shortcut,
tooltip, status tip) and puts it in its menu; an action that only makes sense sometimes (a contact
shown, contacts in the list) says so with ``enabled_when`` and ``update()`` keeps it right.

``add_standard_actions`` declares the window's own entries; a feature adds its own with one call:

    window.action_set.add("groupsAction", "&Groups…", open_groups, menu="view", icon="group",
                       shortcut="Ctrl+4", tip="Your networks and their events")

An action that works on several contacts at once passes ``bulk=True`` (it carries the QAction property
``bulk``): the list's selection bar offers it while more than one contact is selected
(``ActionSet.bulk_actions``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from desktop.ui import icons

MENUS = (("file", "&File"), ("edit", "&Edit"), ("contact", "&Contact"), ("view", "&View"), ("help", "&Help"))


class ActionSet(QObject):
    """The window's QActions by object name, and its menus by key (file, edit, contact, view, help)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._actions: dict[str, QAction] = {}
        self._conditions: dict[str, Callable[[], bool]] = {}
        bar = window.menuBar()
        self.menus = {key: bar.addMenu(title) for key, title in MENUS}

    def __getitem__(self, name: str) -> QAction:
        return self._actions[name]

    def __contains__(self, name: str) -> bool:
        return name in self._actions

    def add(
        self,
        name: str,
        text: str,
        slot: Callable | None,
        *,
        menu: str | None = None,
        icon: str | None = None,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
        enabled_when: Callable[[], bool] | None = None,
        action: QAction | None = None,
        bulk: bool = False,
        before: str | None = None,
    ) -> QAction:
        """Make (or take, ``action``) the QAction ``name``; put it at the end of ``menu`` (or above the
        action called ``before``: a feature's entries go above File → Quit). Its shortcut works anywhere
        in the window (the action is added to it). ``bulk``: it acts on the contacts selected in the
        list (the selection bar lists it)."""
        a = action or QAction(text, self.window)
        a.setObjectName(name)
        if bulk:
            a.setProperty("bulk", True)
        if icon:
            a.setIcon(icons.icon(icon))
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setToolTip(tip)
            a.setStatusTip(tip)
        if slot is not None:
            a.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(a)
        if menu and before:
            self.menus[menu].insertAction(self._actions[before], a)
        elif menu:
            self.menus[menu].addAction(a)
        self._actions[name] = a
        if enabled_when is not None:
            self._conditions[name] = enabled_when
            a.setEnabled(enabled_when())
        return a

    def bulk_actions(self) -> list[QAction]:
        """The actions that work on a selection of contacts (``bulk``), in the order they were added."""
        return [a for a in self._actions.values() if a.property("bulk")]

    def separator(self, menu: str, before: str | None = None) -> None:
        if before:
            self.menus[menu].insertSeparator(self._actions[before])
        else:
            self.menus[menu].addSeparator()

    def actions(self) -> list[QAction]:
        """Every action made here, in the order made (Help → Keyboard shortcuts lists them)."""
        return list(self._actions.values())

    def update(self) -> None:
        """Enable each action whose condition holds now (a contact shown, contacts in the list)."""
        for name, condition in self._conditions.items():
            self._actions[name].setEnabled(condition())


def _open_settings(window) -> None:
    from desktop.ui.dialogs.settings_dialog import open_settings

    open_settings(window)


def add_standard_actions(window) -> None:
    """The window's own menus: File, Edit (with the undo history's Undo and Redo), Contact, View, Help."""
    a = window.action_set
    cmd, transfer, safety = window.commands, window.transfer, window.data_safety

    def shown() -> bool:
        return bool(window.contact_page.contact_id)

    def has_contacts() -> bool:
        return not window.contacts_page.is_empty()

    a.add("newContactAction", "&New contact…", cmd.new_contact, menu="file", icon="add",
          shortcut=QKeySequence.New, tip="Add a contact")
    a.add("importAction", "&Import contacts…", lambda: window.import_files(None), menu="file", icon="import",
          shortcut="Ctrl+I", tip="Import contacts from vCard (.vcf) files or LinkedIn, Google or Outlook CSV exports")
    a.add("exportAction", "&Export…", transfer.export_contacts, menu="file", icon="export",
          shortcut="Ctrl+E", tip="Export contacts as vCard 3.0, vCard 4.0 or CSV: all, the selected ones or "
          "those shown now", enabled_when=has_contacts, bulk=True)
    a.separator("file")
    a.add("backupAction", "&Back up now", safety.back_up_now, menu="file", icon="backup",
          tip="Make a backup of your contacts now")
    a.add("restoreAction", "&Restore from backup…", safety.restore_from_backup, menu="file", icon="restore",
          tip="Put a backup in place of your contacts (the current file is kept aside)")
    a.add("trashAction", "T&rash…", safety.show_trash, menu="file", icon="trash",
          tip="See what was deleted lately, restore it, or undo an import's merge")
    a.separator("file")
    a.add("quitAction", "&Quit", window.close, menu="file", icon="quit", shortcut=QKeySequence.Quit, tip="Quit Rapport")

    undo, redo = window.history.make_actions(window)
    a.add("undoAction", "&Undo", None, menu="edit", action=undo)
    a.add("redoAction", "&Redo", None, menu="edit", action=redo)
    delete = a.add("deleteAction", "Move to &trash", cmd.delete_selected, menu="edit", icon="trash",
                   shortcut=QKeySequence.Delete, enabled_when=has_contacts, bulk=True,
                   tip="Move the selected contacts to the trash (Ctrl+Z brings them back)")
    # Delete in the search box deletes text, not contacts: the shortcut belongs to the list.
    delete.setShortcutContext(Qt.WidgetWithChildrenShortcut)
    window.removeAction(delete)
    window.list_panel.view.addAction(delete)
    a.separator("edit")
    a.add("findAction", "&Find", cmd.focus_search, menu="edit", icon="search", shortcut=QKeySequence.Find,
          tip="Search contacts")
    a.separator("edit")
    settings = a.add("settingsAction", "&Settings…", lambda: _open_settings(window), menu="edit", icon="settings",
                     shortcut=QKeySequence.Preferences, tip="The meter, check-ins, backups, the theme…")
    settings.setMenuRole(QAction.PreferencesRole)

    a.add("logInteractionAction", "Log &interaction…", cmd.log_interaction, menu="contact", icon="meeting",
          shortcut="Ctrl+L", tip="Log a meeting, call, email or message with the contact shown", enabled_when=shown)
    a.add("logExchangeAction", "Log e&xchange…", cmd.log_exchange, menu="contact", icon="favour",
          shortcut="Ctrl+Shift+L", tip="Log something given or received", enabled_when=shown)
    a.add("introduceAction", "I&ntroduce…", cmd.introduce, menu="contact", icon="introduction",
          tip="Introduce the contact shown to another contact", enabled_when=shown)
    a.add("editContactAction", "&Edit contact…", cmd.edit_contact, menu="contact", icon="edit",
          shortcut="Ctrl+Shift+E", tip="Edit the contact shown", enabled_when=shown)
    from desktop.ui.controllers.archive import Archive

    window.archive = Archive(window)  # Contact → Archive / Unarchive

    shortcuts = a.add("shortcutsAction", "&Keyboard shortcuts", lambda: show_shortcuts(window), menu="help",
                      icon="keyboard", tip="Every shortcut of the window, searchable (Ctrl+/ or F1)")
    shortcuts.setShortcuts([QKeySequence("Ctrl+/"), QKeySequence("F1")])
    a.add("guideAction", "&How Rapport works", lambda: show_guide(window), menu="help", icon="note",
          tip="The meter, circles, Today, introductions and backups, in plain words")
    a.separator("help")
    a.add("aboutAction", "&About Rapport", window.about, menu="help", icon="info", tip="About Rapport")


def show_shortcuts(window) -> None:
    from desktop.ui.dialogs.help import show_shortcuts as show

    show(window)


def show_guide(window) -> None:
    from desktop.ui.dialogs.help import show_guide as show

    show(window)
