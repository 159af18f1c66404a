"""The layering holds: every import, those inside functions too, points the way STYLE.md says.

The contracts live in pyproject.toml ([tool.importlinter]); import-linter (grimp underneath) reads
every import statement of desktop/, not only the ones a module runs at load time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache", "--no-logo", "--config", str(root / "pyproject.toml")],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": ""},
    )


def test_every_import_points_the_way_the_layers_say():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


# One wrong import of each kind, written inside a function where a load-time check would miss it.
WRONG = [
    ("desktop/storage/migrations.py", "from desktop.services.contacts import reindex_all", "Layers"),
    ("desktop/domain/cadence.py", "import peewee", "The domain is pure rules"),
    ("desktop/services/names.py", "from PySide6.QtWidgets import QLabel", "Only the window imports Qt"),
    ("desktop/ui/pages/today.py", "from desktop.storage.db import close_database", "only through services"),
    ("desktop/cli/common.py", "import sqlite3", "only through services"),
    ("desktop/paths.py", "from desktop.services import settings", "paths is a leaf"),
]


@pytest.mark.parametrize("path, statement, contract", WRONG, ids=[w[0] for w in WRONG])
def test_a_wrong_import_inside_a_function_breaks_a_contract(tmp_path, path, statement, contract):
    shutil.copytree(ROOT / "desktop", tmp_path / "desktop", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with open(tmp_path / path, "a", encoding="utf-8") as f:
        f.write(f"\n\ndef _layer_test_probe():\n    {statement}\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(contract in line for line in broken), result.stdout


def test_no_module_of_the_package_is_over_700_lines():
    """A module past 700 lines holds more than one feature: split it into rooms a newcomer finds by name."""
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "desktop").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 700}  # fmt: skip
    assert long == {}
