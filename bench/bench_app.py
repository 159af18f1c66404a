"""Start-up of the built app beside the source checkout, and the size of the build.

    python bench/bench_app.py [--runs 5] [--binary dist/Rapport/rapport] [--xz]

Target (issue 5): the built app's first window shown <= 0.5 s after launch, with an
empty database and with 100,000 contacts. Each launch runs ``rapport --db DB
--startup-probe``, which prints one line once the window is exposed and painted and
quits; the time is wall clock from just before the process is started to that line
(so it includes exec, the bootloader and Python's start). Median of --runs launches
after one unmeasured warm-up launch (warm file cache, as a second start of the day).
The empty database exists already (created and migrated by the warm-up), as it does
for someone who opened Rapport once. The 100,000-contact database is
bench/out/ui-100k.sqlite3 (made by bench/make_db.py if missing), copied to a
temporary folder so the runs never change it. Settings and data folders are
temporary too. Without a display Qt uses the offscreen platform: run under
``xvfb-run -a`` to time the real xcb window.

Sizes: the folder dist/Rapport (apparent bytes and disk blocks) and
dist/Rapport-*.tar.xz when packaging/build made one; --xz measures the xz -6
size of the folder without writing a file (1-2 minutes of CPU).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_100K = ROOT / "bench" / "out" / "ui-100k.sqlite3"
TARGET_S = 0.5
LAUNCH_TIMEOUT_S = 60


def launch_once(cmd: list[str], db: Path, env: dict[str, str]) -> float:
    """Seconds from starting ``cmd --db db --startup-probe`` to its 'window shown' line."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*cmd, "--db", str(db), "--startup-probe"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    shown = None
    try:
        for line in proc.stdout:
            if "startup-probe: window shown" in line:
                shown = time.perf_counter() - start
                break
        proc.wait(LAUNCH_TIMEOUT_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    err = proc.stderr.read()
    if shown is None:
        raise RuntimeError(f"{' '.join(cmd)} never showed its window (status {proc.returncode}):\n{err}")
    return shown


def median_launch(cmd: list[str], db: Path, env: dict[str, str], runs: int) -> tuple[float, list[float]]:
    launch_once(cmd, db, env)  # warm-up: file cache, and the empty database gets created and migrated
    times = [launch_once(cmd, db, env) for _ in range(runs)]
    return statistics.median(times), times


def folder_size(path: Path) -> tuple[int, int, int]:
    """(apparent bytes, bytes of disk blocks, files) of a folder, not following symlinks."""
    apparent = blocks = files = 0
    for dirpath, _dirs, names in os.walk(path):
        for name in names:
            st = os.lstat(os.path.join(dirpath, name))
            apparent += st.st_size
            blocks += st.st_blocks * 512
            files += 1
    return apparent, blocks, files


def xz_size(folder: Path) -> int:
    """Bytes of `tar | xz -6 -T0` of ``folder``, as packaging/build makes it, counted and not kept."""
    tar = subprocess.Popen(
        ["tar", "-C", str(folder.parent), "--sort=name", "--owner=0", "--group=0", "--numeric-owner", "-cf", "-", folder.name],
        stdout=subprocess.PIPE,
    )
    xz = subprocess.Popen(["xz", "-6", "-T0"], stdin=tar.stdout, stdout=subprocess.PIPE)
    tar.stdout.close()
    total = 0
    while chunk := xz.stdout.read(1 << 20):
        total += len(chunk)
    xz.wait()
    tar.wait()
    return total


def mb(n: float) -> str:
    return f"{n / 1e6:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", type=Path, default=ROOT / "dist" / "Rapport" / "rapport")
    parser.add_argument("--xz", action="store_true", help="measure the xz size of the folder when there is no tarball")
    args = parser.parse_args(argv)

    if not DB_100K.exists():
        print(f"making {DB_100K} (once; a few minutes)", flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_db.py"), "--out", str(DB_100K)], check=True)

    with tempfile.TemporaryDirectory(prefix="rapport-bench-app-") as tmp:
        tmp_path = Path(tmp)
        env = dict(os.environ)
        env.pop("RAPPORT_DB", None)
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
            env[var] = str(tmp_path / var.lower())
            os.makedirs(env[var], mode=0o700)
        if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
            env["QT_QPA_PLATFORM"] = "offscreen"
        platform = env.get("QT_QPA_PLATFORM") or ("xcb" if env.get("DISPLAY") else "wayland")
        big = tmp_path / "100k.sqlite3"
        # The backup API gives a consistent copy even if another benchmark has the file open.
        src = sqlite3.connect(f"file:{DB_100K}?mode=ro", uri=True)
        dst = sqlite3.connect(big)
        src.backup(dst)
        dst.close()
        src.close()
        contacts = sqlite3.connect(big).execute("SELECT count(*) FROM contact WHERE deleted_at IS NULL").fetchone()[0]

        apps = {"source": [sys.executable, "-m", "desktop"]}
        if args.binary.exists():
            apps["built"] = [str(args.binary.resolve())]
        else:
            print(f"no built app at {args.binary} (./dev build --no-archive): timing the source only")

        print(f"first window shown after launch, median of {args.runs} (platform {platform}, {os.cpu_count()} cores):")
        results = {}
        for name, cmd in apps.items():
            for label, db in (("empty", tmp_path / f"empty-{name}.sqlite3"), (f"{contacts:,} contacts", big)):
                med, times = median_launch(cmd, db, env, args.runs)
                results[name, label] = med
                verdict = ""
                if name == "built":
                    verdict = "  ok (<= 0.5 s)" if med <= TARGET_S else "  OVER the 0.5 s target"
                runs = " ".join(f"{t:.2f}" for t in times)
                print(f"  {name:6} {label:17} {med:.3f} s   (runs: {runs}){verdict}", flush=True)

    folder = args.binary.resolve().parent
    if (folder / "_internal").is_dir():
        apparent, blocks, files = folder_size(folder)
        print(f"size: {folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder} "
              f"{mb(apparent)} ({apparent:,} bytes, {files} files; {mb(blocks)} of disk blocks); target <= 130 MB")
        tarballs = sorted(folder.parent.glob("Rapport-*.tar.xz"))
        for tarball in tarballs:
            if tarball.stat().st_mtime >= (folder / "rapport").stat().st_mtime:
                print(f"compressed: {tarball.name} {mb(tarball.stat().st_size)}; target <= 60 MB")
            else:
                print(f"compressed: {tarball.name} {mb(tarball.stat().st_size)} is older than the build (not counted)")
        if args.xz and shutil.which("xz"):
            t0 = time.perf_counter()
            size = xz_size(folder)
            print(f"compressed: tar | xz -6 of the folder {mb(size)} ({size:,} bytes, {time.perf_counter() - t0:.0f} s); target <= 60 MB")
        elif not tarballs:
            print("compressed: no tarball (packaging/build makes one; or pass --xz)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
