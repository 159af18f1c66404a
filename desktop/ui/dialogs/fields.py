"""Compound fields of the contact form: rows of phones/emails/addresses/URLs with a
kind, a date whose year may be unknown, and a photo."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from desktop.domain.contact import Photo
from desktop.domain.errors import RapportError
from desktop.ui import icons, style
from desktop.ui.dialogs.common import DATE_FORMAT, DateEdit, describe
from desktop.ui.text import button, plain_label

PHONE_KINDS = [("cell", "Mobile"), ("home", "Home"), ("work", "Work"), ("main", "Main"), ("fax", "Fax"),
               ("pager", "Pager"), ("other", "Other")]  # fmt: skip
EMAIL_KINDS = [("home", "Home"), ("work", "Work"), ("other", "Other")]
URL_KINDS = [("home", "Home page"), ("work", "Work"), ("blog", "Blog"), ("profile", "Profile"), ("other", "Other")]
ADDRESS_KINDS = [("home", "Home"), ("work", "Work"), ("other", "Other")]
ADDRESS_FIELDS = [("street", "Street"), ("city", "City"), ("region", "Region"), ("postal_code", "Postal code"),
                  ("country", "Country")]  # fmt: skip

MAX_PHOTO_SIDE = 512


class KindCombo(QComboBox):
    """An editable kind: pick Mobile/Home/Work... or type a custom label."""

    def __init__(self, kinds: list[tuple[str, str]], noun: str):
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.NoInsert)
        for code, label in kinds:
            self.addItem(label, code)
        self.setMinimumContentsLength(9)
        self.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        describe(self, f"Kind of {noun}", f"Kind of {noun}: pick one or type your own label")

    def kind(self) -> str:
        text = self.currentText().strip()
        i = self.findText(text, Qt.MatchFixedString)
        return self.itemData(i) if i >= 0 else text

    def set_kind(self, kind: str) -> None:
        i = self.findData(kind.lower()) if kind else -1
        if i < 0 and kind:
            i = self.findText(kind, Qt.MatchFixedString)
        if i >= 0:
            self.setCurrentIndex(i)
        else:
            self.setEditText(kind)


class _Row(QWidget):
    def __init__(self, editor: RowsEditor):
        super().__init__()
        self.editor = editor
        self.kind = KindCombo(editor.kinds, editor.noun)
        self.edits: dict[str, QLineEdit] = {}
        self.remove_button = QToolButton()
        self.remove_button.setIcon(icons.icon("remove"))
        self.remove_button.setAutoRaise(True)
        self.remove_button.setObjectName("removeButton")
        self.remove_button.clicked.connect(lambda: editor.remove_row(self))
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(style.Space.S)
        layout.setVerticalSpacing(style.Space.XS)
        layout.addWidget(self.kind, 0, 0, Qt.AlignTop)
        if len(editor.fields) == 1:
            key, label = editor.fields[0]
            edit = QLineEdit()
            edit.setPlaceholderText(label)
            self.edits[key] = edit
            layout.addWidget(edit, 0, 1)
        else:
            # An address: street across the row, then city / region / postal code, then country.
            grid = QGridLayout()
            grid.setSpacing(style.Space.XS)
            places = {"street": (0, 0, 1, 3), "city": (1, 0, 1, 1), "region": (1, 1, 1, 1),
                      "postal_code": (1, 2, 1, 1), "country": (2, 0, 1, 3)}  # fmt: skip
            for key, label in editor.fields:
                edit = QLineEdit()
                edit.setPlaceholderText(label)
                self.edits[key] = edit
                grid.addWidget(edit, *places.get(key, (3, 0, 1, 3)))
            layout.addLayout(grid, 0, 1)
        layout.addWidget(self.remove_button, 0, 2, Qt.AlignTop)
        layout.setColumnStretch(1, 1)
        self.renumber(0)

    def renumber(self, index: int) -> None:
        n = index + 1
        noun = self.editor.noun
        self.setObjectName(f"{self.editor.objectName()}_row{n}")
        describe(self.remove_button, f"Remove {noun} {n}", f"Remove this {noun}")
        describe(self.kind, f"Kind of {noun} {n}", f"Kind of {noun}: pick one or type your own label")
        for key, label in self.editor.fields:
            name = f"{label} {n}" if len(self.editor.fields) > 1 else f"{noun.capitalize()} {n}"
            describe(self.edits[key], name, f"{label}" if len(self.editor.fields) > 1 else f"{noun.capitalize()}")

    def value(self) -> dict:
        out = {key: edit.text().strip() for key, edit in self.edits.items()}
        out["kind"] = self.kind.kind()
        return out

    def is_empty(self) -> bool:
        return not any(edit.text().strip() for edit in self.edits.values())

    def first_edit(self) -> QLineEdit:
        return next(iter(self.edits.values()))


class RowsEditor(QWidget):
    """Rows of one kind of detail (phones, emails...) that can be added and removed."""

    changed = Signal()

    def __init__(self, noun: str, kinds: list[tuple[str, str]], fields: list[tuple[str, str]], object_name: str):
        super().__init__()
        self.setObjectName(object_name)
        self.noun = noun
        self.kinds = kinds
        self.fields = fields
        self.rows: list[_Row] = []
        self._rows_layout = style.vbox(spacing=style.Space.S)
        self.add_button = button(f"Add {noun}", "add", object_name="addButton", tip=f"Add another {noun}")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        layout = style.vbox(self, spacing=style.Space.S)
        layout.addLayout(self._rows_layout)
        buttons = style.hbox()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def add_row(self, value: dict | None = None, *, focus: bool = False) -> _Row:
        row = _Row(self)
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        row.renumber(len(self.rows) - 1)
        if value:
            for key, edit in row.edits.items():
                edit.setText(str(value.get(key, "") or ""))
            row.kind.set_kind(value.get("kind", ""))
        self._fix_tab_order()
        if focus:
            row.first_edit().setFocus(Qt.OtherFocusReason)
        self.changed.emit()
        return row

    def remove_row(self, row: _Row) -> None:
        if row not in self.rows:
            return
        i = self.rows.index(row)
        self.rows.remove(row)
        self._rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()
        for j, r in enumerate(self.rows):
            r.renumber(j)
        self._fix_tab_order()
        nxt = self.rows[min(i, len(self.rows) - 1)].first_edit() if self.rows else self.add_button
        nxt.setFocus(Qt.OtherFocusReason)
        self.changed.emit()

    def set_values(self, values: list[dict]) -> None:
        for row in list(self.rows):
            self.rows.remove(row)
            self._rows_layout.removeWidget(row)
            row.deleteLater()
        for v in values:
            self.add_row(v)

    def values(self) -> list[dict]:
        """The filled rows (empty rows are left out)."""
        return [r.value() for r in self.rows if not r.is_empty()]

    def chain(self) -> list[QWidget]:
        """The editor's controls in Tab order: each row's kind, fields and Remove, then Add."""
        out: list[QWidget] = []
        for r in self.rows:
            out += [r.kind, *r.edits.values(), r.remove_button]
        out.append(self.add_button)
        return out

    def _fix_tab_order(self) -> None:
        chain = self.chain()
        if self.window() is not self:  # only once placed in a dialog (Qt warns across windows)
            for a, b in zip(chain, chain[1:]):
                QWidget.setTabOrder(a, b)


class PartialDateField(QWidget):
    """A date that may be unset, and whose year may be unknown: ``YYYY-MM-DD``, ``--MM-DD`` or ""."""

    changed = Signal()

    def __init__(self, noun: str, default: QDate):
        super().__init__()
        self.noun = noun
        self._default = default
        self.known = QCheckBox("Set")
        describe(self.known, f"{noun} is set", f"Tick to enter a {noun.lower()}")
        self.date = DateEdit(default)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        self.date.setMinimumDate(QDate(1800, 1, 1))
        describe(self.date, noun, f"{noun} (Alt+Down opens the calendar)")
        self.year_unknown = QCheckBox("Year unknown")
        describe(self.year_unknown, f"{noun}: year unknown", "Tick when you know the day but not the year")
        layout = style.hbox(self, spacing=style.Space.S)
        layout.addWidget(self.known)
        layout.addWidget(self.date, 1)
        layout.addWidget(self.year_unknown)
        self.known.toggled.connect(self._sync)
        self.year_unknown.toggled.connect(self._sync)
        self.date.dateChanged.connect(lambda _d: self.changed.emit())
        self._sync()

    def _sync(self) -> None:
        on = self.known.isChecked()
        self.date.setEnabled(on)
        self.year_unknown.setEnabled(on)
        self.date.setDisplayFormat("d MMM" if self.year_unknown.isChecked() else DATE_FORMAT)
        self.changed.emit()

    def value(self) -> str:
        if not self.known.isChecked():
            return ""
        d = self.date.date()
        if self.year_unknown.isChecked():
            return f"--{d.month():02d}-{d.day():02d}"
        return f"{d.year():04d}-{d.month():02d}-{d.day():02d}"

    def set_value(self, text: str) -> None:
        """Accepts the stored forms; anything unreadable leaves the field unset."""
        text = (text or "").strip()
        year_unknown = False
        d = QDate()
        if text.startswith("--") and len(text) >= 7:
            year_unknown = True
            d = QDate(2000, _int(text[2:4]), _int(text[5:7]))  # 2000: a leap year keeps 29 Feb
        elif len(text) >= 10:
            d = QDate(_int(text[0:4]), _int(text[5:7]), _int(text[8:10]))
            if d.isValid() and d.year() <= 1604:  # Apple writes 1604 for "no year"
                year_unknown = True
                d = QDate(2000, d.month(), d.day())
        self.known.setChecked(d.isValid())
        self.year_unknown.setChecked(year_unknown)
        self.date.setDate(d if d.isValid() else self._default)
        self._sync()


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


class TagsEdit(QLineEdit):
    """Tags separated by commas, with the tags already in use offered for the word being typed."""

    def __init__(self, known: list[str] | None = None):
        super().__init__()
        from PySide6.QtCore import QStringListModel

        self._model = QStringListModel(sorted(known or [], key=str.casefold), self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseInsensitive)
        self._completer.setWidget(self)  # completes the last tag only, not the whole line
        self._completer.activated[str].connect(self._insert_tag)
        self.textEdited.connect(self._on_text_edited)

    def tags(self) -> list[str]:
        return list(dict.fromkeys(t.strip() for t in self.text().split(",") if t.strip()))

    def _last_word(self) -> str:
        return self.text().split(",")[-1].strip()

    def _on_text_edited(self, _text: str) -> None:
        word = self._last_word()
        if not word:
            self._completer.popup().hide()
            return
        self._completer.setCompletionPrefix(word)
        if self._completer.completionCount() and self.hasFocus():
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def _insert_tag(self, tag: str) -> None:
        parts = [p.strip() for p in self.text().split(",")[:-1] if p.strip()]
        self.setText(", ".join([*parts, tag]) + ", ")


class PhotoError(RapportError, ValueError):
    """A photo file that cannot be used, explained for a person."""


def load_photo_file(path: str) -> Photo:
    """Read an image file, scale it to at most 512 px a side and encode it as JPEG."""
    image = QImage(path)
    if image.isNull():
        raise PhotoError("That file is not an image Rapport can read (try a JPEG or PNG).")
    return photo_from_image(image)


def photo_from_image(image: QImage) -> Photo:
    if image.width() > MAX_PHOTO_SIDE or image.height() > MAX_PHOTO_SIDE:
        image = image.scaled(MAX_PHOTO_SIDE, MAX_PHOTO_SIDE, Qt.KeepAspectRatio, Qt.SmoothTransformation)
    if image.hasAlphaChannel():
        # JPEG has no transparency: flatten onto white rather than black.
        flat = QImage(image.size(), QImage.Format_RGB32)
        flat.fill(QColor("white"))
        painter = QPainter(flat)
        painter.drawImage(0, 0, image)
        painter.end()
        image = flat
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.WriteOnly)
    if not image.save(buf, "JPEG", 85):
        raise PhotoError("The photo could not be converted to JPEG.")
    buf.close()
    return Photo(bytes(data.data()), "image/jpeg")


class PhotoField(QWidget):
    """A preview with Choose… and Clear. ``choose_file`` is injectable (tests, gallery)."""

    changed = Signal()
    failed = Signal(str)

    PREVIEW = 96

    def __init__(self, choose_file: Callable[[QWidget], str] | None = None):
        super().__init__()
        self.photo: Photo | None = None
        self._choose_file = choose_file or _ask_image_file
        self.preview = plain_label()  # a picture, or "No photo"
        self.preview.setObjectName("photoPreview")
        self.preview.setFixedSize(self.PREVIEW, self.PREVIEW)
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setFrameShape(QLabel.StyledPanel)
        describe(self.preview, "Photo", "The contact's photo")
        self.choose_button = button("Choose photo…", "photo", object_name="choosePhotoButton",
                                    tip="Choose an image file; it is scaled to at most 512 pixels")  # fmt: skip
        self.clear_button = button("Clear photo", "delete", object_name="clearPhotoButton", tip="Remove the photo")
        self.choose_button.clicked.connect(self.choose)
        self.clear_button.clicked.connect(lambda: self.set_photo(None))
        buttons = style.vbox(spacing=style.Space.S)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = style.hbox(self, spacing=style.Space.M)
        layout.addWidget(self.preview)
        layout.addLayout(buttons)
        self.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)
        self.set_photo(None)

    def choose(self) -> None:
        path = self._choose_file(self)
        if not path:
            return
        try:
            self.set_photo(load_photo_file(path))
        except PhotoError as exc:
            self.failed.emit(str(exc))

    def set_photo(self, photo: Photo | None) -> None:
        self.photo = photo
        pix = QPixmap()
        if photo is not None:
            pix.loadFromData(photo.data)
        if pix.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No photo")
        else:
            self.preview.setPixmap(pix.scaled(self.PREVIEW, self.PREVIEW, Qt.KeepAspectRatio, Qt.SmoothTransformation))
        self.clear_button.setEnabled(photo is not None)
        self.changed.emit()


def _ask_image_file(parent: QWidget) -> str:
    path, _ = QFileDialog.getOpenFileName(
        parent, "Choose a photo", "", "Images (*.jpg *.jpeg *.png *.gif *.bmp *.webp);;All files (*)"
    )
    return path
