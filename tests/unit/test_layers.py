"""The layering holds: domain, services and storage never import Qt."""

import subprocess
import sys


def test_services_domain_storage_and_cli_do_not_import_qt():
    code = (
        "import sys, pkgutil, importlib\n"
        "import desktop.domain, desktop.services, desktop.storage, desktop.cli\n"
        "for pkg in (desktop.domain, desktop.services, desktop.storage):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'{pkg.__name__}.{m.name}')\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(bad)\n"
        "raise SystemExit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
