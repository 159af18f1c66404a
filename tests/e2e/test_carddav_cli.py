"""CardDAV from the command line, through a real process: the account, sync and edit contract, and a
2,000-card sync killed (SIGKILL) at random points, then resumed to exactly the server's set."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from carddav_servers import PASSWORD, USER, _servers, carddav, free_port, radicale  # noqa: F401 - fixtures

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
ENV.pop("RAPPORT_DB", None)


def command(db, *args, stdin: str | None = None) -> list[str]:
    return [sys.executable, "-m", "desktop", "--db", str(db), *args]


def rapport(db, *args, stdin: str | None = None, code: int = 0) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command(db, *args), input=stdin, capture_output=True, text=True, encoding="utf-8", env=ENV, timeout=300
    )
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result


def card(uid: str, given: str, family: str, *lines: str) -> str:
    body = ["BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}", f"FN:{given} {family}", f"N:{family};{given};;;", *lines, "END:VCARD"]
    return "".join(line + "\r\n" for line in body)


def test_account_sync_and_edit_follow_the_contract(tmp_path, radicale):  # noqa: F811
    s, db = radicale, tmp_path / "r.sqlite3"
    s.put(s.book, "a.vcf", card("u-a", "Ann", "Lee", "EMAIL:ann@example.org", "TITLE:Manager"))

    # wrong password, unreachable server, several address books: exit 1, one line, nothing stored
    s.new_book()
    for url, password, words in (
        (s.book, "wrong", "refused the user name or password"),
        (f"http://127.0.0.1:{free_port()}/", PASSWORD, "could not reach"),
        (f"{s.base_url}/{USER}/", PASSWORD, "address books"),  # several: the person picks one
    ):
        out = rapport(db, "account", "add", url, "--user", USER, "--password-stdin", stdin=password + "\n", code=1)
        assert len(out.stderr.strip().splitlines()) == 1 and words in out.stderr and "nothing was stored" in out.stderr
        assert json.loads(rapport(db, "account", "list", "--json").stdout) == []
    assert not (tmp_path / "r.secrets.json").exists()

    out = rapport(db, "account", "add", s.book, "--user", USER, "--password-stdin", "--name", "Phone", stdin=PASSWORD + "\n")
    assert len(out.stdout.strip().splitlines()) == 1 and out.stdout.startswith("Added the default account Phone")
    secrets = tmp_path / "r.secrets.json"
    assert oct(secrets.stat().st_mode & 0o777) == "0o600" and str(secrets) in out.stdout
    assert PASSWORD.encode() not in db.read_bytes()  # never in the database in clear
    [acc] = json.loads(rapport(db, "account", "list", "--json").stdout)
    assert acc == {"name": "Phone", "url": s.book, "user": USER, "last_sync": None}

    rapport(db, "import", str(_vcf(tmp_path, card("u-z", "Zoe", "Local", "EMAIL:zoe@example.org"))))
    [report] = json.loads(rapport(db, "sync", "--json").stdout)
    assert report == {
        "account": "Phone",
        "pulled": {"added": 1, "updated": 0, "deleted": 0},
        "pushed": {"added": 1, "updated": 0, "deleted": 0},
        "conflicts": [],
    }
    assert json.loads(rapport(db, "account", "list", "--json").stdout)[0]["last_sync"] is not None

    out = rapport(db, "edit", "Ann Lee", "--note", "likes jazz", "--org", "Acme", "--title", "Director",
                  "--add-phone", "+1 202 555 0101", "--add-email", "ann@acme.example", "--remove-email", "ann@example.org")  # fmt: skip
    assert out.stdout.strip() == "Edited Ann Lee."
    s.put(s.book, "a.vcf", card("u-a", "Ann", "Lee", "EMAIL:ann@example.org", "TITLE:Head of Sales"))
    [report] = json.loads(rapport(db, "sync", "Phone", "--json").stdout)
    assert report["conflicts"] == [{"contact": "Ann Lee", "field": "title", "kept": "Director", "other": "Head of Sales"}]
    assert report["pushed"]["updated"] == 1
    ann = next(c for c in json.loads(rapport(db, "list", "--json").stdout) if c["full_name"] == "Ann Lee")
    assert ann["title"] == "Director" and ann["note"] == "likes jazz" and ann["organization"] == "Acme"
    assert [e["value"] for e in ann["emails"]] == ["ann@acme.example"]
    out = rapport(db, "edit", "Nobody Here", "--note", "x", code=1)
    assert len(out.stderr.strip().splitlines()) == 1

    # a second account that fails: exit 1, its error in one line, the first still syncs
    rapport(db, "account", "add", s.new_book(), "--user", USER, "--password-stdin", "--name", "Other", stdin=PASSWORD + "\n")
    con = sqlite3.connect(db)
    con.execute("UPDATE sync_account SET url = ? WHERE name = 'Other'", (f"http://127.0.0.1:{free_port()}/x/",))
    con.commit()
    con.close()
    out = rapport(db, "sync", "--json", code=1)
    assert [r["account"] for r in json.loads(out.stdout)] == ["Phone"]
    assert out.stderr.strip().splitlines() == [l for l in out.stderr.strip().splitlines() if l.startswith("rapport: Other: could not reach")]

    out = rapport(db, "account", "remove", "Phone")
    assert "its contacts stay here" in out.stdout
    assert len(json.loads(rapport(db, "list", "--json").stdout)) == 2
    assert [a["name"] for a in json.loads(rapport(db, "account", "list", "--json").stdout)] == ["Other"]


def _vcf(tmp_path, text: str):
    path = tmp_path / "one.vcf"
    path.write_text(text, encoding="utf-8")
    return path


SERVER_CARDS = 2000
ONLY_HERE = 60


@pytest.mark.slow
def test_a_2000_card_sync_killed_at_random_points_resumes_to_exactly_the_servers_set(tmp_path, carddav):  # noqa: F811
    s, book, db = carddav, carddav.book, tmp_path / "r.sqlite3"
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    s.seed(book, {
        f"s{i}.vcf": card(f"srv-{i}", f"Given{i}", f"Family{i}", f"EMAIL:p{i}@example.org") for i in range(SERVER_CARDS)
    })  # fmt: skip
    here = []  # 25 with the UID, 25 with the email of a server card, some only here (to be uploaded)
    here += [card(f"srv-{i}", f"Given{i}", f"Family{i}", "TITLE:known here") for i in range(25)]
    here += [card(f"loc-{i}", f"Given{i}", f"Family{i}", f"EMAIL:p{i}@example.org") for i in range(25, 50)]
    here += [card(f"only-{i}", f"Solo{i}", "Here", f"EMAIL:solo{i}@example.org") for i in range(ONLY_HERE)]
    rapport(db, "import", str(_vcf(tmp_path, "".join(here))))
    rapport(db, "account", "add", book, "--user", USER, "--password-stdin", stdin=PASSWORD + "\n")

    kills = []
    for what, n in (("PUT", rng.randrange(1, 20)), ("any", rng.randrange(2, 12)), ("time", rng.uniform(0.5, 3.0))):
        proc = subprocess.Popen(command(db, "sync"), env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if what == "time":
            time.sleep(n)
            proc.send_signal(signal.SIGKILL)
        else:  # right after the server handled the n-th request (or PUT): its answer never arrives
            seen = []

            def kill_after(method, path, what=what, n=n, proc=proc, seen=seen):
                if what == "any" or method == what:
                    seen.append(method)
                    if len(seen) == n:
                        os.kill(proc.pid, signal.SIGKILL)

            s.after = kill_after
        proc.wait(timeout=300)
        s.after = None
        kills.append(f"{what} {n:.1f}: exit {proc.returncode}")
    why = f"seed {seed}, kills: {kills}"
    assert any("exit -9" in k for k in kills), why  # the kills did land

    rapport(db, "sync")
    [again] = json.loads(rapport(db, "sync", "--json").stdout)
    assert again["pulled"] == {"added": 0, "updated": 0, "deleted": 0}, why
    assert again["pushed"] == {"added": 0, "updated": 0, "deleted": 0}, why

    server = s.cards(book)
    server_uids = [re.search(r"^UID:(.*?)\r?$", t, re.M).group(1) for t in server.values()]
    assert len(server_uids) == len(set(server_uids)) == SERVER_CARDS + ONLY_HERE, why  # no duplicates there
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        live = [r[0] for r in con.execute("SELECT uid FROM contact WHERE deleted_at IS NULL")]
        assert len(live) == len(set(live)) == len(server_uids), why  # no duplicates here
        assert set(live) == set(server_uids), why
        emails = [r[0] for r in con.execute(
            "SELECT e.normalized FROM contact_email e JOIN contact c ON c.id = e.contact_id WHERE c.deleted_at IS NULL"
        )]  # fmt: skip
        assert len(emails) == len(set(emails)), why
        rows = con.execute("SELECT count(*), count(DISTINCT contact_id) FROM sync_card WHERE kind = 'contact'").fetchone()
        assert rows == (len(server_uids), len(server_uids)), why
        titled = con.execute("SELECT count(*) FROM contact WHERE title = 'known here' AND deleted_at IS NULL").fetchone()
        assert titled == (25,), why
    finally:
        con.close()
    assert sum("TITLE:known here" in t for t in server.values()) == 25, why
