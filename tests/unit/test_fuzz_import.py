"""Fuzzing the importer: generated vCards (2.1, 3.0, 4.0; QUOTED-PRINTABLE, BASE64, data URIs, charsets,
folding, parameters, groups, escapes), then mutated (bytes flipped, lines cut, cards truncated, junk
inserted). Whatever comes in, nothing escapes ``split_cards``/``parse_many``/``import_files``, every card
is imported or reported with its line, nothing hangs, and a huge photo is refused without being decoded.

Failures the generator shrinks to are saved in tests/data/fuzz/ and replayed by
``test_regression_files_replay``. The whole file is bounded to about a minute: see the settings below.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.control import current_build_context

from desktop.domain import vcard

FUZZ_DIR = Path(__file__).resolve().parent.parent / "data" / "fuzz"
# RAPPORT_FUZZ_SCALE=20 runs a longer campaign by hand (CI keeps 1).
SCALE = max(1, int(os.environ.get("RAPPORT_FUZZ_SCALE", "1")))
GENERATED = {"cards": 0, "files": 0, "mutated_files": 0, "imports": 0, "fixed_cards": 0}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def _report_counts(request):
    yield
    line = (
        "fuzz: {cards} generated cards in {files} files ({mutated_files} mutated), {imports} imports; "
        "{fixed_cards} cards in fixed big or regression inputs"
    ).format(**GENERATED)
    tr = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if tr is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # a module fixture's teardown is captured too
            tr.write_line("")
            tr.write_line(line)


def _save_failure(data: bytes, test: str) -> None:
    """Keep the shrunk failing input (only on hypothesis' final replay) as a regression file."""
    try:
        final = current_build_context().is_final
    except Exception:  # noqa: BLE001 - outside hypothesis
        final = False
    if final:
        FUZZ_DIR.mkdir(parents=True, exist_ok=True)
        name = f"{test}-{hashlib.sha1(data).hexdigest()[:12]}.vcf"
        (FUZZ_DIR / name).write_bytes(data)


# --------------------------------------------------------------------------- generating valid cards

# Text people put in contacts: any script, emoji, RTL, combining marks; no control characters
# (the parser drops them), no surrogates.
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\u0085"),
    min_size=0,
    max_size=24,
)
NAME = TEXT.map(str.strip).filter(bool)
LATIN = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, blacklist_categories=("Cc",)), max_size=20)
PHONE = st.from_regex(r"\A\+?[0-9][0-9 ()\-]{3,14}[0-9]\Z")
EMAIL = st.from_regex(r"\A[a-z0-9._%+\-]{1,12}@[a-z0-9\-]{1,10}\.[a-z]{2,5}\Z")
VERSIONS = ("2.1", "3.0", "4.0")


def esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def qp_encode(data: bytes) -> bytes:
    """QUOTED-PRINTABLE with soft line breaks, as Android and Outlook write it."""
    out = bytearray()
    col = 0
    for b in data:
        piece = bytes([b]) if (0x21 <= b <= 0x7E and b != ord("=")) else b"=%02X" % b
        if col + len(piece) > 73:
            out += b"=\r\n"
            col = 0
        out += piece
        col += len(piece)
    return bytes(out)


def fold(line: bytes, cuts: list[int]) -> bytes:
    """Fold a content line at the given byte offsets (which may split a UTF-8 character, as phones do)."""
    if not cuts:
        return line
    out, prev = [], 0
    for c in sorted(set(x % max(len(line), 1) for x in cuts)):
        if c <= prev:
            continue
        out.append(line[prev:c])
        prev = c
    out.append(line[prev:])
    return b"\r\n ".join(out)


@st.composite
def card(draw, version=None):
    """One valid card as bytes, with what the importer must read from it."""
    version = version or draw(st.sampled_from(VERSIONS))
    fn = draw(NAME)
    expect = {"fn": fn, "phones": [], "emails": [], "note": None, "photo": None, "tags": []}
    lines: list[bytes] = [b"BEGIN:VCARD", f"VERSION:{version}".encode()]
    u8 = lambda s: s.encode("utf-8")  # noqa: E731
    cuts = st.lists(st.integers(1, 200), max_size=3)

    if version == "2.1" and draw(st.booleans()):
        # Android: the name in QUOTED-PRINTABLE UTF-8
        # the reader unescapes after decoding (as Android escapes before encoding): a backslash is doubled
        lines.append(b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + qp_encode(u8(fn.replace("\\", "\\\\"))))
    else:
        lines.append(fold(u8("FN:" + esc(fn)), draw(cuts)))
    family, given_ = draw(TEXT), draw(TEXT)
    lines.append(fold(u8(f"N:{esc(family)};{esc(given_)};;;"), draw(cuts)))

    for number in draw(st.lists(PHONE, max_size=3)):
        style = draw(st.sampled_from(["bare21", "type", "quoted", "group", "pref", "plain"]))
        if style == "bare21":
            head = "TEL;CELL;VOICE" if version == "2.1" else "TEL;TYPE=CELL"
        elif style == "type":
            head = "TEL;TYPE=" + ",".join(draw(st.lists(st.sampled_from(["HOME", "WORK", "CELL", "VOICE", "FAX"]), min_size=1, max_size=3)))
        elif style == "quoted":
            head = 'TEL;TYPE="cell,voice"'
        elif style == "group":
            g = f"item{draw(st.integers(1, 9))}"
            head = f"{g}.TEL"
            lines.append(fold(u8(f"{head}:{number}"), draw(cuts)))
            lines.append(u8(f"{g}.X-ABLabel:{esc(draw(NAME))}"))
            expect["phones"].append(number)
            continue
        elif style == "pref":
            head = "TEL;PREF=1" if version == "4.0" else "TEL;TYPE=PREF"
        else:
            head = "TEL"
        lines.append(fold(u8(f"{head}:{number}"), draw(cuts)))
        expect["phones"].append(number)

    for address in draw(st.lists(EMAIL, max_size=2)):
        head = draw(st.sampled_from(["EMAIL", "EMAIL;TYPE=INTERNET", "EMAIL;TYPE=WORK", "EMAIL;INTERNET"]))
        if version != "2.1" and head == "EMAIL;INTERNET":
            head = "EMAIL"
        lines.append(u8(f"{head}:{address}"))
        expect["emails"].append(address)

    if draw(st.booleans()):
        note = draw(st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u0085\u2028\u2029") | st.just("\n"), max_size=60))
        enc = draw(st.sampled_from(["escaped", "qp-utf8", "qp-latin1"] if version == "2.1" else ["escaped"]))
        if enc == "escaped":
            lines.append(fold(u8("NOTE:" + esc(note)), draw(cuts)))
            expect["note"] = note
        elif enc == "qp-utf8":
            lines.append(b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:"
                         + qp_encode(u8(note.replace("\\", "\\\\")).replace(b"\n", b"\r\n")))
            expect["note"] = note
        else:
            latin = draw(LATIN)
            raw = latin.replace("\\", "\\\\").encode("latin-1")
            lines.append(b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:" + qp_encode(raw))
            try:  # bytes that also read as UTF-8 are read as UTF-8: the importer's documented choice
                raw.decode("utf-8")
            except UnicodeDecodeError:
                expect["note"] = latin

    if draw(st.booleans()):
        tags = draw(st.lists(NAME, max_size=3, unique_by=str.casefold))
        if tags:
            lines.append(fold(u8("CATEGORIES:" + ",".join(esc(t) for t in tags)), draw(cuts)))
            expect["tags"] = tags

    if draw(st.booleans()):
        bday = draw(st.sampled_from(["1985-04-15", "19850415", "--0415", "--04-15", "1604-04-15", "1985-04-15T00:00:00Z"]))
        lines.append(u8(f"BDAY:{bday}"))

    if draw(st.booleans()):
        photo = draw(st.binary(min_size=1, max_size=300))
        b64 = base64.b64encode(photo)
        if version == "2.1":
            chunks = [b64[i : i + 72] for i in range(0, len(b64), 72)]
            lines.append(b"PHOTO;ENCODING=BASE64;TYPE=JPEG:" + b"\r\n  ".join(chunks) + b"\r\n")
        elif version == "3.0":
            lines.append(fold(b"PHOTO;ENCODING=b;TYPE=JPEG:" + b64, list(range(75, len(b64) + 40, 74))))
        else:
            lines.append(fold(b"PHOTO:data:image/jpeg;base64," + b64, list(range(75, len(b64) + 40, 74))))
        expect["photo"] = photo

    if draw(st.booleans()):
        # unknown properties and parameters are kept, never a reason to fail
        n = draw(st.integers(0, 40))
        params = "".join(f";X-P{i}=v{i}" for i in range(n))
        lines.append(fold(u8(f"X-CUSTOM{params}:{esc(draw(TEXT))}"), draw(cuts)))
    lines.append(b"END:VCARD")
    eol = draw(st.sampled_from([b"\r\n", b"\n"]))
    data = b"\r\n".join(lines) + b"\r\n"
    if eol == b"\n":
        data = data.replace(b"\r\n", b"\n")
    return data, expect


@st.composite
def deck(draw, max_cards=6):
    cards = draw(st.lists(card(), min_size=1, max_size=max_cards))
    junk = draw(st.sampled_from([b"", b"\r\n", b"junk between cards\r\n"]))
    bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    GENERATED["cards"] += len(cards)
    GENERATED["files"] += 1
    return bom + junk.join(c for c, _ in cards), [e for _, e in cards]


# --------------------------------------------------------------------------- mutating


@st.composite
def mutated(draw):
    data, _ = draw(deck())
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "cut_line", "drop_line", "truncate", "insert", "dup_line", "split_line"]))
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[pos] ^= draw(st.integers(1, 255))
        elif op == "truncate":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(
                st.sampled_from([b"\x00", b"\r", b"\n", b"=", b":", b";", b'"', b"\\", b"\r\n ", b"=\r\n", b"\xff\xfe",
                                 b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b"ENCODING=QUOTED-PRINTABLE", b";ENCODING=b"])
                | st.binary(max_size=8)
            )  # fmt: skip
        else:
            start = data.rfind(b"\n", 0, pos) + 1
            end = data.find(b"\n", pos)
            end = len(data) if end < 0 else end + 1
            if op == "cut_line":
                del data[pos:end - 1 if end > pos + 1 else end]
            elif op == "drop_line":
                del data[start:end]
            elif op == "dup_line":
                data[end:end] = data[start:end]
            else:
                data[pos:pos] = b"\r\n"
    GENERATED["mutated_files"] += 1
    return bytes(data)


# --------------------------------------------------------------------------- properties


def _check_parse(data: bytes) -> list[vcard.CardResult]:
    """What must hold for any input: no exception, one result per card, errors carry the card's lines."""
    cards = list(vcard.split_cards(data))
    results = vcard.parse_many(cards)
    assert len(results) == len(cards)
    for raw, res in zip(cards, results):
        assert raw.start_line <= raw.end_line or raw.truncated
        assert res.start_line == raw.start_line
        assert (res.contact is None) != (res.error is None)
        if res.error is not None:
            assert raw.start_line <= res.error.line <= max(raw.end_line, raw.start_line)
            assert res.error.reason
        for w in res.warnings:
            assert w.reason and raw.start_line <= w.line <= max(raw.end_line, raw.start_line)
    return results


# Budgets measured on the 2-core CI-like machine: the three generated tests together take ~40-60 s.
FAST = settings(
    max_examples=200 * SCALE,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    derandomize=False,
)


@FAST
@given(deck())
def test_valid_cards_are_all_read_back(generated):
    data, expects = generated
    try:
        results = _check_parse(data)
        assert len(results) == len(expects)
        for res, exp in zip(results, expects):
            assert res.error is None, res.error
            c = res.contact
            assert c.full_name == exp["fn"]
            assert [p.value for p in c.phones] == exp["phones"]
            assert [e.value for e in c.emails] == exp["emails"]
            if exp["note"] is not None:
                assert c.note == exp["note"].replace("\r\n", "\n")
            if exp["photo"] is not None:
                assert c.photo is not None and c.photo.data == exp["photo"]
            assert c.tags == exp["tags"]
    except BaseException:
        _save_failure(data, "valid")
        raise


@FAST
@given(mutated())
def test_mutated_files_never_raise_and_every_card_is_accounted_for(data):
    try:
        _check_parse(data)
        vcard.looks_like_vcard(data)
    except BaseException:
        _save_failure(data, "mutated")
        raise


@pytest.fixture(scope="module")
def import_db(tmp_path_factory):
    from desktop.storage.db import close_database, open_database

    path = tmp_path_factory.mktemp("fuzzdb") / "fuzz.sqlite3"
    open_database(path)
    yield path
    close_database()


def _check_import(data: bytes, folder: Path) -> None:
    from desktop.services.importing import import_files

    path = folder / f"in-{hashlib.sha1(data).hexdigest()[:10]}.vcf"
    path.write_bytes(data)
    report = import_files([path], region="US")
    GENERATED["imports"] += 1
    if not vcard.looks_like_vcard(data):
        assert len(report.unreadable) == 1 and report.added == report.merged == 0
        return
    cards = list(vcard.split_cards(data))
    # every card is imported, merged, skipped as known, or reported with its line
    assert report.added + report.merged + report.skipped == len(cards)
    results = vcard.parse_many(cards)
    problem_lines = {int(m.group(1)) for m in (re.match(rf"{re.escape(str(path))}:(\d+): ", p) for p in report.problems) if m}
    assert len(problem_lines) <= len(report.problems)
    for p in report.problems:
        assert p.startswith(f"{path}:"), p
    for res in results:
        if res.error is not None:
            assert res.error.line in problem_lines


@settings(
    max_examples=50 * SCALE,
    deadline=5000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(st.one_of(deck(max_cards=4).map(lambda d: d[0]), mutated()))
def test_import_files_never_raises_and_reports_every_card(import_db, tmp_path_factory, data):
    folder = import_db.parent
    try:
        _check_import(data, folder)
    except BaseException:
        _save_failure(data, "import")
        raise


# --------------------------------------------------------------------------- big inputs: nothing hangs


def _timed(fn, limit: float):
    t0 = time.perf_counter()
    out = fn()
    elapsed = time.perf_counter() - t0
    assert elapsed < limit, f"took {elapsed:.1f} s"
    return out


@pytest.mark.parametrize(
    "line",
    [
        b"NOTE:" + b"x" * 5_000_000,
        b"X-NO-COLON" + b"y" * 5_000_000,
        b"NOTE:" + b"\\" * 5_000_000,
        b"X-QUOTES;" + b'"' * 5_000_000 + b":v",
        b"X-DOTS" + b"." * 5_000_000 + b":v",
        b"NOTE;ENCODING=QUOTED-PRINTABLE:" + b"=41" * 1_700_000,
        b"TEL" + b";TYPE=CELL" * 10_000 + b":+1 555 0100",
        b"TEL" + b';X-Q="a;b:c"' * 10_000 + b":+1 555 0100",
        b"X-SEMIS" + b";" * 5_000_000 + b":v",
        b"ADR:" + b";" * 5_000_000,
        b"CATEGORIES:" + b"a," * 2_500_000,
    ],
    ids=["note", "no-colon", "backslashes", "quotes", "dots", "qp", "10k-params", "10k-quoted-params", "semicolons",
         "adr-fields", "categories"],  # fmt: skip
)
def test_a_5_mb_line_or_thousands_of_parameters_do_not_hang(line):
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big\r\n" + line + b"\r\nEND:VCARD\r\n"
    GENERATED["fixed_cards"] += 1
    results = _timed(lambda: _check_parse(data), 20.0)
    assert len(results) == 1


def test_folded_5_mb_value_does_not_hang():
    value = b"z" * 5_000_000
    folded = b"\r\n ".join(value[i : i + 74] for i in range(0, len(value), 74))
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big\r\nNOTE:" + folded + b"\r\nEND:VCARD\r\n"
    GENERATED["fixed_cards"] += 1
    [res] = _timed(lambda: _check_parse(data), 20.0)
    assert res.error is None and len(res.contact.note) == 5_000_000


def test_thousands_of_cards_on_one_line_each_do_not_hang():
    data = b"".join(b"BEGIN:VCARD\nFN:n%d\nEND:VCARD\n" % i for i in range(20_000))
    GENERATED["fixed_cards"] += 20_000
    results = _timed(lambda: _check_parse(data), 30.0)
    assert len(results) == 20_000 and all(r.error is None for r in results)


@pytest.mark.parametrize("version", ["2.1", "3.0", "4.0"])
def test_a_50_mb_photo_is_refused_with_a_message_without_being_decoded(version, monkeypatch):
    decoded = []
    real = base64.b64decode
    monkeypatch.setattr(vcard.base64, "b64decode", lambda s, *a, **k: (decoded.append(len(s)), real(s, *a, **k))[1])
    b64 = base64.b64encode(b"\xff\xd8" + b"\x00" * (50 * 1024 * 1024))
    if version == "2.1":
        photo = b"PHOTO;ENCODING=BASE64;TYPE=JPEG:" + b64
    elif version == "3.0":
        photo = b"PHOTO;ENCODING=b;TYPE=JPEG:" + b64
    else:
        photo = b"PHOTO:data:image/jpeg;base64," + b64
    data = b"BEGIN:VCARD\r\nVERSION:%s\r\nFN:Huge Photo\r\n%s\r\nEND:VCARD\r\n" % (version.encode(), photo)
    del b64, photo
    GENERATED["fixed_cards"] += 1
    tracemalloc.start()
    try:
        [raw] = list(vcard.split_cards(data))
        [res] = vcard.parse_many([raw])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert res.error is None and res.contact.full_name == "Huge Photo"
    assert res.contact.photo is None
    assert any("photo" in w.reason and "limit" in w.reason for w in res.warnings)
    assert all(n <= vcard.MAX_PHOTO_BYTES * 4 // 3 + 4096 for n in decoded)  # never decoded
    # A few copies of the card's text are made (unfold, decode, cut); none of the photo's bytes.
    print(f"peak {peak / 2**20:.0f} MB for a {len(data) / 2**20:.0f} MB card")
    assert peak < 4 * len(data), f"peak {peak / 2**20:.0f} MB for a {len(data) / 2**20:.0f} MB card"


# --------------------------------------------------------------------------- regression files


def _regression_files() -> list[Path]:
    return sorted(FUZZ_DIR.glob("*.vcf")) if FUZZ_DIR.is_dir() else []


@pytest.mark.parametrize("path", _regression_files(), ids=lambda p: p.name)
def test_regression_files_replay(path, import_db):
    data = path.read_bytes()
    GENERATED["fixed_cards"] += len(list(vcard.split_cards(data)))
    _timed(lambda: _check_parse(data), 10.0)
    _check_import(data, import_db.parent)
