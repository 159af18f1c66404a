"""Import and export benchmark on a realistic 10,000-card phone export.

    python bench/bench_import.py [--cards 10000] [--seed 1]

Prints, from one run on one machine (the ratios are what count on a noisy one):
- the end-to-end ``rapport import`` of the file into a new database (a real process);
- the bare vobject parse of the same file (the baseline);
- their ratio (target: at most 1.0);
- a re-import of the same file (every card already there; target: at most 0.5 of the first);
- ``rapport export`` of every contact (target: at most 5 s), and the exported file re-imported;
- the peak memory of each process (target: at most 300 MB for the import);
- ``rapport import`` of a 10,000-row LinkedIn ``Connections.csv`` (bench/gen_contacts.py) into a
  new database, beside the vCard import of the same run, and its re-import; then the same CSV
  into the database that holds the phone export (the duplicates check against 10,000 contacts).

vobject.readComponents stops at the first card it cannot read, and with its
default allowQP=False it cannot read Android's QUOTED-PRINTABLE soft line
breaks, so the file is generated with QUOTED-PRINTABLE values on one line
(--no-soft-breaks): then vobject reads the whole file with the call most code
makes, and the comparison is on exactly the same bytes. The soft breaks
themselves are covered by the tests (and by vobject with allowQP=True in
tests/unit/test_vcard_vobject_diff.py).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"


def run_rapport(db: Path, *args: str) -> tuple[float, float, str]:
    """Run the real command line; returns (seconds, peak RSS in MB of it and its workers, stdout)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "--db", str(db), *args], stdout=out, stderr=err, env=env)
    # wait4 gives this child's own rusage: its peak RSS, and that of the workers it reaped.
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    err.seek(0)
    if proc.returncode != 0:
        raise SystemExit(f"rapport {' '.join(args)} failed:\n{err.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, out.read().decode().strip()


VOBJECT_CHILD = r"""
import logging, sys, time
import vobject
logging.disable(logging.CRITICAL)
text = open(sys.argv[1], encoding="utf-8").read()
t = time.perf_counter()
n = sum(1 for _ in vobject.readComponents(text))
print(time.perf_counter() - t, n)
"""


def vobject_baseline(path: Path) -> tuple[float, int]:
    """The bare vobject.readComponents parse of the whole file, timed inside its own process.

    In a process of its own so that this one stays small: a child's peak RSS
    starts from its parent's at fork, and the import runs after it.
    """
    out = subprocess.run([sys.executable, "-c", VOBJECT_CHILD, str(path)], capture_output=True, text=True, check=True)
    seconds, cards = out.stdout.split()
    return float(seconds), int(cards)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    OUT.mkdir(parents=True, exist_ok=True)
    vcf = OUT / f"phone-{args.cards}-{args.seed}-nosoft.vcf"
    if not vcf.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "gen_vcards.py"), str(vcf), "--cards", str(args.cards),
             "--seed", str(args.seed), "--no-soft-breaks"],
            check=True,
        )  # fmt: skip
    print(f"file: {vcf.name}, {args.cards} cards, {vcf.stat().st_size / 1e6:.1f} MB, {os.cpu_count()} cores")

    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as tmp:
        db = Path(tmp) / "bench.sqlite3"
        t_import, rss_import, summary = run_rapport(db, "import", str(vcf))
        print(f"rapport import (new database):   {t_import:6.2f} s   peak {rss_import:5.0f} MB   {summary}")

        t_vobject, parsed = vobject_baseline(vcf)
        print(f"vobject.readComponents parse:    {t_vobject:6.2f} s   ({parsed} cards)")
        print(f"import / vobject parse:          {t_import / t_vobject:6.2f} x   (target <= 1.0)")

        t_again, rss_again, summary = run_rapport(db, "import", str(vcf))
        print(f"re-import (all known):           {t_again:6.2f} s   peak {rss_again:5.0f} MB   {summary}")
        print(f"re-import / first import:        {t_again / t_import:6.2f} x   (target <= 0.5)")

        out = Path(tmp) / "export.vcf"
        t_export, rss_export, summary = run_rapport(db, "export", str(out))
        print(f"rapport export:                  {t_export:6.2f} s   peak {rss_export:5.0f} MB   {summary}"
              f"   (target <= 5 s)")  # fmt: skip

        db2 = Path(tmp) / "again.sqlite3"
        t_round, _, summary = run_rapport(db2, "import", str(out))
        _, _, listing = run_rapport(db2, "list", "--json")
        _, _, original = run_rapport(db, "list", "--json")

        def strip(items):
            return sorted(json.dumps({k: v for k, v in i.items() if k != "id"}, sort_keys=True) for i in items)

        same = strip(json.loads(listing)) == strip(json.loads(original))
        n = len(json.loads(listing))
        print(f"export re-imported:              {t_round:6.2f} s   {n} contacts, same as the original: {same}")

        from bench.gen_contacts import linkedin_csv

        connections = Path(tmp) / "Connections.csv"
        connections.write_bytes(linkedin_csv(args.cards, args.seed))
        db3 = Path(tmp) / "linkedin.sqlite3"
        t_csv, rss_csv, summary = run_rapport(db3, "import", str(connections))
        print(f"LinkedIn CSV, {args.cards:,} rows (new db): {t_csv:6.2f} s   peak {rss_csv:5.0f} MB   {summary}")
        print(f"LinkedIn CSV / vCard import:     {t_csv / t_import:6.2f} x   (the vCard import above: {t_import:.2f} s)")
        t_csv2, _, summary = run_rapport(db3, "import", str(connections))
        print(f"LinkedIn CSV re-import:          {t_csv2:6.2f} s   {summary}")
        t_csv3, _, summary = run_rapport(db, "import", str(connections))
        print(f"LinkedIn CSV into the phone db:  {t_csv3:6.2f} s   {summary}")
        return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
