"""``python -m desktop``: the same entry point as the ``rapport`` command."""

import sys

from desktop.app import main

raise SystemExit(main(sys.argv[1:]))
