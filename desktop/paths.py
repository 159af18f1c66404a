"""Where Rapport keeps its data and finds its resources.

The database lives in the user's data folder (platformdirs) unless
``--db PATH`` or the ``RAPPORT_DB`` environment variable names another file:
every test, smoke run and benchmark uses its own file, never the user's.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path

from desktop import APP_NAME, ORG_NAME

DB_FILENAME = "rapport.sqlite3"


def data_dir() -> Path:
    return user_data_path(APP_NAME, ORG_NAME, ensure_exists=False)


def database_path(cli_value: str | None = None) -> Path:
    """The database file to use: --db, then $RAPPORT_DB, then the user's data folder."""
    value = cli_value or os.environ.get("RAPPORT_DB")
    if value:
        return Path(value).expanduser().resolve()
    return data_dir() / DB_FILENAME


def resources_dir() -> Path:
    """The resources/ folder, from a source checkout or from inside a PyInstaller bundle."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


LOG_FOLDER = "logs"


def log_path(db_path: Path | str) -> Path:
    """The log file of the window on ``db_path``: beside the database (like its backups), so a run on
    a temporary database (tests, --db) never writes into the user's data folder."""
    return Path(db_path).parent / LOG_FOLDER / "rapport.log"
