"""Run every benchmark in bench/ one after the other (``./dev bench``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    "bench_import.py",
    "bench_ui.py",
    "bench_app.py",
    "bench_services.py",
    "bench_introductions.py",
    "bench_paths.py",
    "bench_path_service.py",
    "bench_graph_view.py",
    "bench_duplicates.py",
    "bench_touches.py",
]


def main() -> int:
    status = 0
    for name in BENCHES:
        path = HERE / name
        if not path.exists():
            continue
        print(f"== {name}", flush=True)
        status |= subprocess.run([sys.executable, str(path), *sys.argv[1:]]).returncode
    return status


if __name__ == "__main__":
    raise SystemExit(main())
