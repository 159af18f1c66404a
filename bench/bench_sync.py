"""CardDAV sync beside vdirsyncer, on the same Radicale collection, in the same run.

    python bench/bench_sync.py [--cards 5000] [--rounds 3] [--seed 1]

A Radicale server runs as its own process on loopback (htpasswd, a temporary folder) with CARDS
cards (bench/gen_vcards.py's 3.0 phone cards, ~10% with a 20 KB photo). Its item cache and its
sync-token history are built once before either client runs, as they are on a server a phone already
syncs with (cold, Radicale takes ~11 ms a card to build its history the first time any client asks
for a sync token: a one-time cost of the server, paid by Rapport's first sync and never by vdirsyncer,
which does not use RFC 6578). Then, ROUNDS times, alternating who goes first:

- first sync: ``rapport sync`` into a new database, and ``vdirsyncer sync`` into a new folder;
- incremental: 10 cards change on the server, then each client syncs again; and once more with
  Rapport's sync service timed alone, inside its process, as the window will call it.

Both are timed as whole processes (start-up included for both). vdirsyncer comes from $VDIRSYNCER,
else from a throwaway venv in ~/.cache/rapport-bench/vdirsyncer-0.21.0 that this script makes with pip
the first time (vdirsyncer's aiohttp stack stays out of Rapport's environment). Targets: Rapport's
first sync at most 1.0x vdirsyncer's, the incremental sync at most 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from gen_vcards import card_30  # noqa: E402

USER, PASSWORD = "bench", "bench password"
VDIRSYNCER_VERSION = "0.21.0"


def vdirsyncer() -> str:
    if os.environ.get("VDIRSYNCER"):
        return os.environ["VDIRSYNCER"]
    venv = Path.home() / ".cache" / "rapport-bench" / f"vdirsyncer-{VDIRSYNCER_VERSION}"
    exe = venv / "bin" / "vdirsyncer"
    if not exe.exists():
        print(f"making a throwaway venv for vdirsyncer {VDIRSYNCER_VERSION} in {venv}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check",
                        f"vdirsyncer=={VDIRSYNCER_VERSION}"], check=True)  # fmt: skip
    return str(exe)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_radicale(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n")
    config = folder / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {folder / 'users'}\n"
        f"htpasswd_encryption = plain\ndelay = 0\n[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        "[logging]\nlevel = error\n"
    )
    proc = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)])
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(base + "/", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    return proc, base


def make_book(base: str, folder: Path, cards: list[str]) -> str:
    http = httpx.Client(auth=(USER, PASSWORD), timeout=600)
    http.request("PROPFIND", base + "/", headers={"Depth": "0"})  # creates the principal
    book = f"{base}/{USER}/contacts/"
    body = (
        '<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>'
        "<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype></d:prop></d:set></d:mkcol>"
    )
    assert http.request("MKCOL", book, content=body.encode()).status_code == 201
    target = folder / "collections" / "collection-root" / USER / "contacts"
    for i, text in enumerate(cards):
        (target / f"card{i}.vcf").write_text(text, encoding="utf-8")
    start = time.perf_counter()
    listing = http.request("PROPFIND", book, headers={"Depth": "1"}, content=b'<?xml version="1.0"?>'
                           b'<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>')  # fmt: skip
    assert listing.status_code == 207
    read = time.perf_counter() - start
    start = time.perf_counter()
    token = http.request("PROPFIND", book, headers={"Depth": "0"}, content=b'<?xml version="1.0"?>'
                         b'<d:propfind xmlns:d="DAV:"><d:prop><d:sync-token/></d:prop></d:propfind>')  # fmt: skip
    assert token.status_code == 207
    print(f"Radicale read the {len(cards)} cards once (its cache) in {read:.1f} s and built its sync-token history "
          f"in {time.perf_counter() - start:.1f} s (one-time work of the server, done before either client runs)",
          flush=True)  # fmt: skip
    http.close()
    return book


def timed(cmd: list[str], env: dict, stdin: str | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, input=stdin, capture_output=True, text=True)
    took = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])}... failed ({result.returncode}): {result.stderr[-2000:]}")
    return took


class Rapport:
    def __init__(self, work: Path, book: str, env: dict) -> None:
        self.work, self.book, self.env = work, book, env
        self.db: Path | None = None

    def fresh(self, n: int) -> None:
        self.db = self.work / f"rapport-{n}.sqlite3"
        self.run("account", "add", self.book, "--user", USER, "--password-stdin", stdin=PASSWORD + "\n")

    def run(self, *args: str, stdin: str | None = None) -> float:
        return timed([sys.executable, "-m", "desktop", "--db", str(self.db), *args], self.env, stdin)

    def sync(self) -> float:
        return self.run("sync")

    def sync_in_process(self) -> float:
        """The sync service alone, as the window calls it (no interpreter start, imports or database opening)."""
        code = (
            "import sys, time\nfrom desktop.storage.db import open_database\nfrom desktop.services.sync import sync_account\n"
            "open_database(sys.argv[1])\nstart = time.perf_counter()\nsync_account()\nprint(time.perf_counter() - start)\n"
        )
        out = subprocess.run([sys.executable, "-c", code, str(self.db)], env=self.env, capture_output=True, text=True, check=True)
        return float(out.stdout.strip().splitlines()[-1])


class Vdirsyncer:
    def __init__(self, exe: str, work: Path, book: str) -> None:
        self.exe, self.work, self.book = exe, work, book
        self.config: Path | None = None

    def fresh(self, n: int) -> None:
        root = self.work / f"vdir-{n}"
        (root / "contacts").mkdir(parents=True)
        self.config = root / "config"
        self.config.write_text(
            f'[general]\nstatus_path = "{root / "status"}"\n\n'
            '[pair bench]\na = "server"\nb = "folder"\ncollections = null\nconflict_resolution = "a wins"\n\n'
            f'[storage server]\ntype = "carddav"\nurl = "{self.book}"\nusername = "{USER}"\npassword = "{PASSWORD}"\n\n'
            f'[storage folder]\ntype = "filesystem"\npath = "{root / "contacts"}"\nfileext = ".vcf"\n'
        )
        timed([self.exe, "-c", str(self.config), "discover"], dict(os.environ), stdin="y\n" * 4)  # its "account add"

    def sync(self) -> float:
        return timed([self.exe, "-c", str(self.config), "sync"], dict(os.environ))


def change_cards(book: str, rng: random.Random, names: list[str], n: int) -> None:
    http = httpx.Client(auth=(USER, PASSWORD), timeout=60)
    for name in rng.sample(names, n):
        text = http.get(book + name).text
        text = text.replace("END:VCARD", f"NOTE:changed {rng.random()}\r\nEND:VCARD", 1)
        assert http.put(book + name, content=text.encode(), headers={"Content-Type": "text/vcard"}).status_code in (200, 201, 204)
    http.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cards", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    exe = vdirsyncer()
    rng = random.Random(args.seed)
    cards = [card_30(rng, i) for i in range(args.cards)]
    photos = sum("PHOTO" in c for c in cards)
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    server, base = start_radicale(work)
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "RAPPORT_DB": ""}
    try:
        book = make_book(base, work, cards)
        names = [f"card{i}.vcf" for i in range(args.cards)]
        rapport, vdir = Rapport(work, book, env), Vdirsyncer(exe, work, book)
        first = {"rapport": [], "vdirsyncer": []}
        incr = {"rapport": [], "vdirsyncer": []}
        inproc = []
        for n in range(args.rounds):
            rapport.fresh(n)
            vdir.fresh(n)
            order = [("rapport", rapport), ("vdirsyncer", vdir)]
            if n % 2:
                order.reverse()
            for name, client in order:
                first[name].append(client.sync())
            change_cards(book, rng, names, 10)
            for name, client in order:
                incr[name].append(client.sync())
            change_cards(book, rng, names, 10)
            vdir.sync()
            inproc.append(rapport.sync_in_process())
            print(f"round {n + 1}: first sync rapport {first['rapport'][-1]:.2f} s, vdirsyncer "
                  f"{first['vdirsyncer'][-1]:.2f} s; 10 changes rapport {incr['rapport'][-1]:.2f} s, "
                  f"vdirsyncer {incr['vdirsyncer'][-1]:.2f} s", flush=True)  # fmt: skip
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    med = {k: {c: statistics.median(v) for c, v in d.items()} for k, d in (("first", first), ("incr", incr))}
    print(f"\n{args.cards} cards ({photos} with a photo) from Radicale on loopback, median of {args.rounds} rounds, whole processes:")
    print(f"{'':34}{'Rapport':>10}{'vdirsyncer':>12}{'ratio':>8}")
    print(f"{'first sync':34}{med['first']['rapport']:>9.2f}s{med['first']['vdirsyncer']:>11.2f}s"
          f"{med['first']['rapport'] / med['first']['vdirsyncer']:>7.2f}x   (target <= 1.0x)")  # fmt: skip
    print(f"{'incremental sync, 10 changes':34}{med['incr']['rapport']:>9.2f}s{med['incr']['vdirsyncer']:>11.2f}s"
          f"{med['incr']['rapport'] / med['incr']['vdirsyncer']:>7.2f}x   (target Rapport <= 1 s)")  # fmt: skip
    print(f"{'  the sync service alone':34}{statistics.median(inproc):>9.2f}s"
          "               (what the window waits for: no interpreter start, imports or database opening)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
