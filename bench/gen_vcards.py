"""Write a realistic phone export (vCard 2.1 and 3.0 mixed) for import benchmarks, and time parsers on it.

    python bench/gen_vcards.py OUT.vcf --cards 10000 --seed 1 [--measure]

The file looks like what Android, iOS and Outlook write: about 10% of the
cards carry a ~20 KB JPEG-like photo, 2.1 cards use QUOTED-PRINTABLE with
CHARSET=UTF-8 for non-ASCII text, 3.0 cards are folded at 75 octets, and
some use Apple's ``itemN.`` grouped labels. The same seed gives the same
bytes. ``--measure`` then prints vobject.readComponents' time, Rapport's
split+parse time (one process) and the time to serialize every card.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import logging
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GIVEN = [
    "Anna", "José", "Zoë", "Jürgen", "François", "Łukasz", "Søren", "Ærin", "Ines", "Mohammed",
    "Olga", "Дмитрий", "Анна", "Νίκος", "Ελένη", "محمد", "فاطمة", "太郎", "美咲", "伟",
    "Liam", "Emma", "Noah", "Olivia", "Sven", "Chloé", "Björn", "Mārtiņš", "Đorđe", "Siobhán",
]  # fmt: skip
FAMILY = [
    "García", "Müller", "Ødegård", "Smith", "Nguyễn", "O'Brien", "Kowalski", "Dupont", "Rossi", "Jensen",
    "Иванов", "Петрова", "Παπαδόπουλος", "الحسن", "山田", "佐藤", "王", "Brown", "Straße", "van der Berg",
]  # fmt: skip
ORGS = ["Acme Corp", "Bäckerei Schmidt", "Globex", "Initech", "ООО Ромашка", "株式会社テスト", "Umbrella; Ltd", ""]
TITLES = ["CEO", "Engineer", "Consultant", "Marketing Manager", "Директор", "Accountant", ""]
CITIES = [("Berlin", "10115", "Germany"), ("Paris", "75001", "France"), ("New York", "10001", "USA"),
          ("Москва", "101000", "Russia"), ("東京", "100-0001", "Japan"), ("Αθήνα", "105 57", "Greece")]  # fmt: skip
TAGS = ["Friends", "Family", "Work", "BNI", "Chamber", "Golf, club", "VIP"]
NOTES = ["Met at the chamber breakfast.", "Needs marketing help;\nknows the bakery owner.", "Kinder: Lena, Max",
         "Говорит по-английски.", ""]  # fmt: skip


def _fold(line: str) -> str:
    data = line.encode("utf-8")
    out = []
    start, limit = 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:
            end -= 1
        out.append(data[start:end])
        start, limit = end, 74
    out.append(data[start:])
    return "\r\n ".join(b.decode("utf-8") for b in out)


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


SOFT_BREAKS = True


def _qp(s: str) -> str:
    """QUOTED-PRINTABLE the way Android writes it: soft breaks at 76 columns (unless --no-soft-breaks)."""
    enc = binascii.b2a_qp(s.encode("utf-8"), istext=False).decode("ascii")
    return enc.replace("=\n", "=\r\n" if SOFT_BREAKS else "")


def _phone(rng: random.Random) -> str:
    style = rng.randrange(4)
    n = "".join(str(rng.randrange(10)) for _ in range(7))
    if style == 0:
        return f"+49 30 {n}"
    if style == 1:
        return f"(555) {n[:3]}-{n[3:]}"
    if style == 2:
        return f"+1-212-{n[:3]}-{n[3:]}"
    return f"06{n}1"


def _photo(rng: random.Random) -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rng.randbytes(20_000 - 13) + b"\xff\xd9"


def card_21(rng: random.Random, i: int) -> str:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    lines = ["BEGIN:VCARD", "VERSION:2.1"]

    def text(prop: str, value: str) -> None:
        if value.isascii() and "\n" not in value:
            lines.append(f"{prop}:{value}")
        else:
            lines.append(f"{prop};CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(value)}")

    text("N", f"{family};{given};;;")
    text("FN", f"{given} {family}")
    for kind in rng.sample(["CELL", "HOME", "WORK", "WORK;FAX"], rng.randrange(1, 4)):
        lines.append(f"TEL;{kind}{';PREF' if rng.random() < 0.2 else ''}:{_phone(rng)}")
    for kind in rng.sample(["HOME", "WORK"], rng.randrange(0, 3)):
        lines.append(f"EMAIL;{kind}:{given.lower()}.{i}@example{rng.randrange(9)}.com".encode("ascii", "replace").decode())
    org = rng.choice(ORGS)
    if org:
        text("ORG", org.replace(";", ""))
    title = rng.choice(TITLES)
    if title:
        text("TITLE", title)
    if rng.random() < 0.4:
        city, code, country = rng.choice(CITIES)
        text("ADR;HOME", f";;{rng.randrange(1, 200)} Hauptstraße;{city};;{code};{country}")
    note = rng.choice(NOTES)
    if note:
        text("NOTE", note)
    if rng.random() < 0.3:
        lines.append(f"BDAY:19{rng.randrange(50, 99)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}")
    lines.append(f"X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;{given};1;;;;;;;;;;;;;")
    if rng.random() < 0.1:
        b64 = base64.b64encode(_photo(rng)).decode("ascii")
        lines.append("PHOTO;ENCODING=BASE64;JPEG:" + b64[:70])
        lines += ["  " + b64[k : k + 76] for k in range(70, len(b64), 76)]
        lines.append("")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def card_30(rng: random.Random, i: int) -> str:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    lines = ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 17.1//EN"]
    lines.append(f"N:{_esc(family)};{_esc(given)};;;")
    lines.append(f"FN:{_esc(given)} {_esc(family)}")
    org = rng.choice(ORGS)
    if org:
        lines.append(f"ORG:{_esc(org)};{rng.choice(['', 'Sales', 'R&D'])}")
    title = rng.choice(TITLES)
    if title:
        lines.append(f"TITLE:{_esc(title)}")
    group = 0
    for kind in rng.sample(["CELL", "HOME", "WORK", "custom"], rng.randrange(1, 4)):
        if kind == "custom" or rng.random() < 0.2:
            group += 1
            label = "_$!<Mobile>!$_" if kind != "custom" else "Büro Zürich"
            lines.append(f"item{group}.TEL:{_phone(rng)}")
            lines.append(f"item{group}.X-ABLabel:{label}")
        else:
            lines.append(f"TEL;type={kind};type=VOICE:{_phone(rng)}")
    for kind in rng.sample(["HOME", "WORK"], rng.randrange(0, 3)):
        lines.append(f"EMAIL;type=INTERNET;type={kind}:{family.lower()}.{i}@example.org")
    if rng.random() < 0.4:
        city, code, country = rng.choice(CITIES)
        group += 1
        lines.append(f"item{group}.ADR;type=WORK:;;{rng.randrange(1, 200)} Market Street\\nSuite 5;{city};;{code};{_esc(country)}")
        lines.append(f"item{group}.X-ABADR:de")
    if rng.random() < 0.2:
        lines.append(f"X-SOCIALPROFILE;type=linkedin;x-user=user{i}:http://www.linkedin.com/in/user{i}")
    if rng.random() < 0.2:
        group += 1
        lines.append(f"item{group}.URL;type=pref:https://example.com/~{i}")
        lines.append(f"item{group}.X-ABLabel:_$!<HomePage>!$_")
    note = rng.choice(NOTES)
    if note:
        lines.append(f"NOTE:{_esc(note)}")
    tags = rng.sample(TAGS, rng.randrange(0, 3))
    if tags:
        lines.append("CATEGORIES:" + ",".join(_esc(t) for t in tags))
    if rng.random() < 0.3:
        year = rng.choice(["1604", str(rng.randrange(1950, 2000))])
        lines.append(f"BDAY;VALUE=date:{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}")
    if rng.random() < 0.1:
        b64 = base64.b64encode(_photo(rng)).decode("ascii")
        lines.append(f"PHOTO;ENCODING=b;TYPE=JPEG:{b64}")
    lines.append(f"UID:{rng.randbytes(16).hex()}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def generate(cards: int, seed: int) -> bytes:
    rng = random.Random(seed)
    out = [card_21(rng, i) if rng.random() < 0.4 else card_30(rng, i) for i in range(cards)]
    return "".join(out).encode("utf-8")


def _parse_chunk(chunk: list) -> list:
    from desktop.domain import vcard

    return vcard.parse_many(chunk)


def measure(data: bytes) -> None:
    """Print vobject's and Rapport's times on the same bytes, in the same run."""
    import vobject

    from desktop.domain import vcard

    logging.disable(logging.CRITICAL)  # vobject logs every line it cannot read
    text = data.decode("utf-8")
    t = time.perf_counter()
    try:
        whole = sum(1 for _ in vobject.readComponents(text, ignoreUnreadable=True))
        t_vobject = time.perf_counter() - t
        print(f"vobject.readComponents, whole file: {whole} cards in {t_vobject:.2f} s")
    except Exception as e:  # noqa: BLE001 - vobject's failure is a finding, not a crash
        print(f"vobject.readComponents, whole file: stopped after {time.perf_counter() - t:.2f} s: {e!r:.70}")
        # It cannot go past a card it fails on (Android's QUOTED-PRINTABLE soft
        # breaks, with its default allowQP=False), so feed it one card at a time.
        t = time.perf_counter()
        n = failed = 0
        for raw in vcard.split_cards(data):
            try:
                n += sum(1 for _ in vobject.readComponents(raw.raw.decode("utf-8"), ignoreUnreadable=True))
            except Exception:  # noqa: BLE001
                failed += 1
        t_vobject = time.perf_counter() - t
        print(f"vobject.readComponents, card by card: {n} cards read, {failed} failed, in {t_vobject:.2f} s")

    t = time.perf_counter()
    raws = list(vcard.split_cards(data))
    t_split = time.perf_counter() - t
    t = time.perf_counter()
    results = vcard.parse_many(raws)
    t_parse = time.perf_counter() - t
    errors = sum(1 for r in results if r.error)
    print(f"rapport split_cards: {len(raws)} cards in {t_split:.2f} s; parse_many, one process: {t_parse:.2f} s "
          f"({errors} errors); split+parse = {(t_split + t_parse) / t_vobject:.2f}x vobject")  # fmt: skip

    from concurrent.futures import ProcessPoolExecutor

    t = time.perf_counter()
    with ProcessPoolExecutor(2) as pool:
        chunks = [raws[i : i + 500] for i in range(0, len(raws), 500)]
        n = sum(len(r) for r in pool.map(_parse_chunk, chunks))
    t_pool = time.perf_counter() - t
    print(f"rapport parse_many in 2 processes (chunks of 500, pool start included): {n} cards in {t_pool:.2f} s")

    contacts = [r.contact for r in results if r.contact is not None]
    t = time.perf_counter()
    out = vcard.serialize_many(contacts)
    print(f"serialize_many, 3.0: {len(contacts)} contacts in {time.perf_counter() - t:.2f} s ({len(out) / 1e6:.1f} M chars)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--cards", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--measure", action="store_true", help="time vobject and Rapport on the file")
    ap.add_argument(
        "--no-soft-breaks",
        action="store_true",
        help="write QUOTED-PRINTABLE on one line: vobject.readComponents with its default allowQP=False stops at Android's soft breaks",
    )
    args = ap.parse_args(argv)
    global SOFT_BREAKS  # noqa: PLW0603 - a switch for this script only
    SOFT_BREAKS = not args.no_soft_breaks
    data = generate(args.cards, args.seed)
    args.out.write_bytes(data)
    print(f"wrote {args.cards} cards, {len(data) / 1e6:.1f} MB to {args.out}")
    if args.measure:
        measure(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
