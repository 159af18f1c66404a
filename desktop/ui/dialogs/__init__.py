"""The forms and flows the window opens: one call per action.

Each entry point takes the parent widget and the window's ``AppEvents`` and
emits the matching signal after the service call succeeded; the dialog
classes are usable directly as ``Dialog(parent, events, ...)`` + ``exec()`` /
``open()``.
"""

from desktop.ui.dialogs.about import AboutDialog, show_about
from desktop.ui.dialogs.contact_dialog import ContactDialog, edit_contact, new_contact
from desktop.ui.dialogs.export_dialog import ExportDialog, ExportFlow, export_contacts
from desktop.ui.dialogs.import_export import (
    ImportFlow,
    ImportSummaryDialog,
    import_vcards,
    import_paths_from_mime,
)
from desktop.ui.dialogs.timeline_dialogs import (
    IntroductionDialog,
    LogExchangeDialog,
    LogInteractionDialog,
    delete_timeline_entry,
    edit_timeline_entry,
    log_exchange,
    log_interaction,
    log_introduction,
    timeline_entry_dialog,
)

__all__ = [
    "AboutDialog",
    "ContactDialog",
    "ExportDialog",
    "ExportFlow",
    "ImportFlow",
    "ImportSummaryDialog",
    "IntroductionDialog",
    "LogExchangeDialog",
    "LogInteractionDialog",
    "delete_timeline_entry",
    "edit_contact",
    "edit_timeline_entry",
    "export_contacts",
    "import_vcards",
    "log_exchange",
    "log_interaction",
    "log_introduction",
    "new_contact",
    "show_about",
    "timeline_entry_dialog",
    "import_paths_from_mime",
]
