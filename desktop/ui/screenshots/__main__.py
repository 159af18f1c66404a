"""``python -m desktop.ui.screenshots OUTDIR``: see the package."""

from desktop.ui.screenshots import main

raise SystemExit(main())
