"""The forms and flows the window opens: one call per action.

Each entry point takes the parent widget and the window's ``AppEvents`` and
emits the matching signal after the service call succeeded; the dialog
classes are usable directly as ``Dialog(parent, events, ...)`` + ``exec()`` /
``open()``.

The names below are loaded the first time they are asked for (``dialogs.new_contact``
imports the contact dialog then): importing one dialog's module, as the window does at
start for the few it shows at once, does not import them all (about 100 ms of start-up).
"""

from __future__ import annotations

from importlib import import_module

_WHERE = {
    "AboutDialog": "about",
    "show_about": "about",
    "ContactDialog": "contact_dialog",
    "edit_contact": "contact_dialog",
    "new_contact": "contact_dialog",
    "ExportDialog": "export_dialog",
    "ExportFlow": "export_dialog",
    "export_contacts": "export_dialog",
    "ImportFlow": "import_export",
    "ImportSummaryDialog": "import_export",
    "import_vcards": "import_export",
    "import_paths_from_mime": "import_export",
    "IntroductionDialog": "timeline_dialogs",
    "LogExchangeDialog": "timeline_dialogs",
    "LogInteractionDialog": "timeline_dialogs",
    "delete_timeline_entry": "timeline_dialogs",
    "edit_timeline_entry": "timeline_dialogs",
    "log_exchange": "timeline_dialogs",
    "log_interaction": "timeline_dialogs",
    "log_introduction": "timeline_dialogs",
    "timeline_entry_dialog": "timeline_dialogs",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
