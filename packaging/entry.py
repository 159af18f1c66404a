"""PyInstaller entry point: the frozen `rapport` executable starts here."""

import sys

from desktop.app import main

raise SystemExit(main(sys.argv[1:]))
