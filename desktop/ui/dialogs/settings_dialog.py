"""Edit → Settings… (``settingsAction``, Ctrl+, where the platform has it): the person's settings,
kept in the database (``services.settings``) and applied as soon as a value changes. Pages are listed
on the left: Give and take (the meter's half-life, each kind's weight, the weekly giving budget), Keep
in touch (each circle's cadence), Contacts (the default phone region), Trash and backups, Appearance
(light, dark or as the system). Each setting has a one-line explanation under it.

Another feature adds a page of its own (CardDAV's Accounts, say) once, when its module loads:

    from desktop.ui.dialogs.settings_dialog import register_page

    register_page("accounts", "Accounts", "link", lambda dialog: AccountsPage(dialog.events))

``factory(dialog)`` returns the page's widget, built when the dialog opens; ``dialog.events`` is the
window's ``AppEvents``. A page applies its own changes (through its services) and emits the signals
they call for. Pages show in the order they were registered; a key registered again replaces the page.
``open_settings(window, page=key)`` opens the dialog on a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from desktop.domain import reciprocity as rules
from desktop.domain.cadence import CIRCLE_LABELS, CIRCLES, NONE
from desktop.domain.errors import RapportError
from desktop.ui import icons, style
from desktop.ui.dialogs.common import ErrorLabel, describe
from desktop.ui.text import button, heading, muted_label

KIND_LABELS = {
    "introduction": "Introduction", "referral": "Referral", "favour": "Favour", "recommendation": "Recommendation",
    "purchase": "Purchase", "advice": "Advice", "info": "Information",
    "invitation": "Invitation",
}  # fmt: skip
THEME_LABELS = {"system": "As the system", "light": "Light", "dark": "Dark"}
WEIGHTS_EXPLANATION = "What a new exchange of each kind weighs, 1 to 5, unless you say otherwise when you log it."


def _settings():
    from desktop.services import settings

    return settings


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    icon: str
    factory: Callable[[SettingsDialog], QWidget]


_PAGES: dict[str, PageSpec] = {}


def register_page(key: str, title: str, icon: str, factory: Callable[[SettingsDialog], QWidget]) -> None:
    """Add a page to Settings (see the module's docstring); ``icon`` is one of the app's icon names."""
    _PAGES[key] = PageSpec(key, title, icon, factory)


def pages() -> list[PageSpec]:
    return list(_PAGES.values())


class SettingsPage(QScrollArea):
    """A page of settings: each a control, its one-line explanation, and an error line."""

    def __init__(self, dialog: SettingsDialog, title: str):
        super().__init__()
        self.dialog = dialog
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.NoFrame)
        inner = QWidget()
        self.layout_ = style.vbox(inner, margins=style.Space.L, spacing=style.Space.S)
        self.layout_.addWidget(heading(title, "title"))
        self.form = style.form()
        self.layout_.addLayout(self.form)
        self.layout_.addStretch(1)
        self.setWidget(inner)

    def add(self, label: str, field: QWidget, explanation: str, name: str, wide: bool = False) -> ErrorLabel:
        """A row: ``label`` and ``field`` (as wide as the page with ``wide``), the explanation under it,
        and its error line."""
        box = QWidget()
        column = style.vbox(box, spacing=style.Space.XXS)
        if wide:
            column.addWidget(field)
        else:
            column.addWidget(field, 0, Qt.AlignLeft)
        column.addWidget(muted_label(explanation, object_name=f"{name}Explanation", wrap=True))
        error = ErrorLabel(name)
        column.addWidget(error)
        box.setFocusProxy(field)
        self.form.addRow(label, box)
        describe(field, label.rstrip(":").replace("&", ""), explanation)
        return error

    def change(self, key: str, value, error: ErrorLabel, after: Callable[[], None] | None = None) -> bool:
        """Store a setting now; say what is wrong under the field when it cannot be."""
        try:
            _settings().change(key, value)
        except RapportError as exc:
            error.show_error(str(exc))
            return False
        error.clear_error()
        if after is not None:
            after()
        self.dialog.changed_keys.append(key)
        return True


def spin(name: str, low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    box.setKeyboardTracking(False)  # a value is stored when typing ends, not at each digit
    return box


# --------------------------------------------------------------------------- the built-in pages


def _give_and_take(dialog: SettingsDialog) -> QWidget:
    s = _settings()
    page = SettingsPage(dialog, "Give and take")
    low, high = s.RANGES["half_life_days"]
    half = spin("halfLife", low, high, round(s.half_life_days()), " days")
    error = page.add("Half-life:", half, "How fast an exchange fades on the meter: its weight halves every this "
                     "many days, so what happened lately counts most.", "halfLife")  # fmt: skip
    half.valueChanged.connect(lambda v: page.change("half_life_days", v, error, dialog.meter_changed))
    low, high = s.RANGES["weekly_giving_budget"]
    budget = spin("weeklyBudget", low, high, s.weekly_budget(), " a week")
    error_b = page.add("Weekly giving budget:", budget, "How much you mean to give a week (in weights); four weeks "
                       "over it and the Network page warns you of burnout.", "weeklyBudget")  # fmt: skip
    budget.valueChanged.connect(lambda v: page.change("weekly_giving_budget", v, error_b, dialog.meter_changed))
    weights = s.exchange_weights()
    boxes: dict[str, QSpinBox] = {}
    grid_box = QWidget()
    grid = QGridLayout(grid_box)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(style.Space.L)
    grid.setVerticalSpacing(style.Space.XS)
    for n, (kind, label) in enumerate(KIND_LABELS.items()):
        boxes[kind] = spin(f"weight_{kind}", rules.MIN_WEIGHT, rules.MAX_WEIGHT, weights[kind])
        describe(boxes[kind], f"Usual weight of {label.lower()}", WEIGHTS_EXPLANATION)
        row, col = divmod(n, 2)
        grid.addWidget(muted_label(f"{label}:"), row, col * 2, Qt.AlignRight)
        grid.addWidget(boxes[kind], row, col * 2 + 1, Qt.AlignLeft)
    grid.setColumnStretch(3, 1)
    error_w = page.add("Usual weights:", grid_box, WEIGHTS_EXPLANATION, "weights")
    for b in boxes.values():
        b.valueChanged.connect(lambda _value: page.change(
            "exchange_weights", {k: b.value() for k, b in boxes.items()}, error_w))  # fmt: skip
    return page


def _keep_in_touch(dialog: SettingsDialog) -> QWidget:
    s = _settings()
    page = SettingsPage(dialog, "Keep in touch")
    cadences = s.circle_cadences()
    low, high = s.CADENCE_RANGE
    for circle in CIRCLES:
        if circle == NONE:
            continue
        box = spin(f"cadence_{circle}", low, high, cadences[circle], " days")
        name = CIRCLE_LABELS[circle]
        error = page.add(f"{name} circle:", box, f"Check in with the people in your {name.lower()} circle every this "
                         "many days; Today reminds you when it is time.", f"cadence_{circle}")  # fmt: skip

        def store(value, c=circle, e=error) -> None:
            chosen = dict(s.get_setting("circle_cadences") or {})
            chosen[c] = value
            page.change("circle_cadences", chosen, e, dialog.today_changed)

        box.valueChanged.connect(store)
    return page


def _contacts(dialog: SettingsDialog) -> QWidget:
    s = _settings()
    page = SettingsPage(dialog, "Contacts")
    region = QLineEdit(str(s.get_setting("phone_region") or ""))
    region.setObjectName("phoneRegion")
    region.setPlaceholderText(s.default_region() or "GB")
    region.setMaxLength(2)
    region.setFixedWidth(region.fontMetrics().horizontalAdvance("MMMMMM"))
    error = page.add("Phone region:", region, "The country of numbers written without +, as two letters (GB, US, DE); "
                     "empty: your system's.", "phoneRegion")  # fmt: skip
    region.editingFinished.connect(lambda: page.change("phone_region", region.text(), error))
    return page


def _trash_and_backups(dialog: SettingsDialog) -> QWidget:
    s = _settings()
    page = SettingsPage(dialog, "Trash and backups")
    low, high = s.RANGES["trash_keep_days"]
    keep = spin("trashDays", low, high, s.trash_keep_days(), " days")
    error = page.add("Trash keeps:", keep, "How long deleted contacts, interactions and exchanges can be restored "
                     "before they go for good.", "trashDays")  # fmt: skip
    keep.valueChanged.connect(lambda v: page.change("trash_keep_days", v, error))
    daily, weekly = s.backup_retention()
    low, high = s.RANGES["backup_keep_daily"]
    days = spin("backupDaily", low, high, daily)
    error_d = page.add("Daily backups kept:", days, "A backup is made each day you open Rapport; this many of the "
                       "newest are kept.", "backupDaily")  # fmt: skip
    days.valueChanged.connect(lambda v: page.change("backup_keep_daily", v, error_d))
    low, high = s.RANGES["backup_keep_weekly"]
    weeks = spin("backupWeekly", low, high, weekly)
    error_w = page.add("Weekly backups kept:", weeks, "Besides those, the newest backup of each of this many past "
                       "weeks.", "backupWeekly")  # fmt: skip
    weeks.valueChanged.connect(lambda v: page.change("backup_keep_weekly", v, error_w))
    folder = QLineEdit(s.backup_folder_setting())
    folder.setObjectName("backupFolder")
    folder.setPlaceholderText("Beside your contacts file")
    choose = button("Choose…", "folder", object_name="chooseBackupFolder", tip="Choose the folder for backups")
    row = QWidget()
    line = style.hbox(row, spacing=style.Space.S)
    line.addWidget(folder, 1)
    line.addWidget(choose)
    where = "Where backups go from now on (another disk is safer); empty: the backups folder beside your contacts file."
    error_f = page.add("Backup folder:", row, where, "backupFolder", wide=True)
    describe(folder, "Backup folder", where)

    def store_folder() -> None:
        if page.change("backup_folder", folder.text(), error_f):
            folder.setText(s.backup_folder_setting())

    def pick() -> None:
        chosen = QFileDialog.getExistingDirectory(dialog, "Folder for backups", folder.text() or "")
        if chosen:
            folder.setText(chosen)
            store_folder()

    folder.editingFinished.connect(store_folder)
    choose.clicked.connect(pick)
    return page


def _appearance(dialog: SettingsDialog) -> QWidget:
    s = _settings()
    page = SettingsPage(dialog, "Appearance")
    group = QButtonGroup(page)
    box = QWidget()
    column = style.vbox(box, spacing=style.Space.XS)
    current = s.theme()
    for mode in s.THEMES:
        radio = QRadioButton(THEME_LABELS[mode])
        radio.setObjectName(f"theme_{mode}")
        radio.setChecked(mode == current)
        describe(radio, f"{THEME_LABELS[mode]} theme")
        group.addButton(radio)
        column.addWidget(radio, 0, Qt.AlignLeft)
        radio.toggled.connect(lambda on, m=mode: on and page.change("theme", m, error, lambda: apply_theme(m)))
    error = page.add("Theme:", box, "Light or dark, or follow your system's setting; it changes at once.", "theme")
    return page


register_page("give", "Give and take", "given", _give_and_take)
register_page("keep", "Keep in touch", "check_in", _keep_in_touch)
register_page("contacts", "Contacts", "contacts", _contacts)
register_page("backups", "Trash and backups", "backup", _trash_and_backups)
register_page("appearance", "Appearance", "theme", _appearance)


def apply_theme(mode: str | None = None) -> None:
    """Paint the window in the theme chosen (the setting's when ``mode`` is None)."""
    app = QApplication.instance()
    if app is not None:
        style.apply_theme(app, mode or _settings().theme())


# --------------------------------------------------------------------------- the dialog


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None, events=None, page: str | None = None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self.events = events
        self.changed_keys: list[str] = []
        self.list = QListWidget()
        self.list.setObjectName("settingsPages")
        self.list.setAccessibleName("Settings pages")
        self.list.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        self.stack.setObjectName("settingsStack")
        self.keys: list[str] = []
        for spec in pages():
            item = QListWidgetItem(icons.icon(spec.icon), spec.title)
            item.setData(Qt.UserRole, spec.key)
            self.list.addItem(item)
            widget = spec.factory(self)
            widget.setObjectName(f"settingsPage_{spec.key}")
            self.stack.addWidget(widget)
            self.keys.append(spec.key)
        width = max(self.list.sizeHintForColumn(0), 120) + 2 * self.list.frameWidth() + style.Space.L
        self.list.setFixedWidth(width)
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        buttons = style.button_box(QDialogButtonBox.Close)
        close = buttons.button(QDialogButtonBox.Close)
        describe(close, "Close", "Close Settings: every change is already saved (Escape)")
        # Enter in a field stores its value; it must not close the dialog too.
        close.setAutoDefault(False)
        close.setDefault(False)
        buttons.rejected.connect(self.accept)
        layout = style.dialog_layout(self)
        body = style.hbox(spacing=style.Space.M)
        body.addWidget(self.list)
        body.addWidget(self.stack, 1)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.show_page(page or self.keys[0])
        # As wide as the widest page needs (a larger font widens the weights' grid): pages never scroll sideways.
        pages_need = 0
        for w in map(self.stack.widget, range(self.stack.count())):
            if isinstance(w, QScrollArea) and w.widget() is not None and w.widget().layout() is not None:
                w.widget().layout().activate()  # measured now, not at the first show
                pages_need = max(pages_need, w.widget().minimumSizeHint().width())
        extra = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent) + 4 * style.Space.L
        style.size_dialog(self, max(760, width + pages_need + extra), 560)

    def show_page(self, key: str) -> None:
        self.list.setCurrentRow(self.keys.index(key))

    def page(self, key: str) -> QWidget:
        return self.stack.widget(self.keys.index(key))

    # What a change asks the window to read again.
    def meter_changed(self) -> None:
        if self.events is not None:
            self.events.timeline_changed.emit([])  # every meter (the contact page's, Network's, Today's asks)

    def today_changed(self) -> None:
        if self.events is not None:
            self.events.today_changed.emit()


def open_settings(window, page: str | None = None) -> SettingsDialog:
    """Edit → Settings…: modal over the window; returns the dialog once closed."""
    dialog = SettingsDialog(window, getattr(window, "events", None), page)
    dialog.exec()
    return dialog
