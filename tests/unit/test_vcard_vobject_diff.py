"""Rapport's vCard reader against vobject's, card by card, on every 3.0 and 4.0 fixture card.

vobject (``readComponents(..., allowQP=True)``) is an independent reader: on
each card both read, FN, N, TEL, EMAIL, ADR, ORG and BDAY must agree. Where
vobject is known to read a card wrongly, ``KNOWN_VOBJECT_DEFECTS`` names the
card and says how, and the test asserts that vobject still differs in exactly
that way: a fixed vobject, or a changed fixture, fails here instead of hiding.

A few differences are Rapport's documented mapping, not anybody's defect, and
are applied to vobject's values before comparing: a 4.0 ``tel:`` or ``mailto:``
URI is the number or address; an empty ADR is no address; N parts and FN are
stripped; a date is ISO (``1985-04-15``, ``--04-15``), and Apple's year 1604
means no year; a card with no FN takes a name from its other fields.
"""

from __future__ import annotations

import binascii
import logging
import re
from pathlib import Path

import pytest
import vobject

from desktop.domain.contact import ContactData
from desktop.domain.vcard import RawCard, parse_many, split_cards

DATA = Path(__file__).resolve().parents[1] / "data" / "vcards"
_VERSION = re.compile(rb"^VERSION:[ \t]*([0-9.]+)", re.I | re.M)
FIELDS = ("FN", "N", "TEL", "EMAIL", "ADR", "ORG", "BDAY")


def fixture_cards() -> list[tuple[str, int, RawCard]]:
    cards = []
    for path in sorted(DATA.glob("*.vcf")):
        for raw in split_cards(path.read_bytes()):
            version = _VERSION.search(raw.raw)
            if version and version.group(1) in (b"3.0", b"4.0"):
                cards.append((path.name, raw.start_line, raw))
    return cards


CARDS = fixture_cards()


def rapport_fields(c: ContactData) -> dict:
    return {
        "FN": c.full_name,
        "N": (c.family_name, c.given_name, c.additional_name, c.prefix, c.suffix),
        "TEL": [p.value for p in c.phones],
        "EMAIL": [e.value for e in c.emails],
        "ADR": [(a.po_box, a.extended, a.street, a.city, a.region, a.postal_code, a.country) for a in c.addresses],
        "ORG": [c.organization, *c.department.split(";")] if c.department else [c.organization] if c.organization else [],
        "BDAY": c.birthday,
    }


def _text(value) -> str:  # noqa: ANN001 - vobject gives a str, or a list where the text had commas
    return ",".join(value) if isinstance(value, list) else value


def _iso_date(value: str) -> str:
    m = re.fullmatch(r"\s*(\d{4}|--)-?(\d{2})-?(\d{2})\s*", value)
    if m is None:
        return ""  # Rapport keeps a date it cannot read as an extra line, not as the birthday
    year, month, day = m.groups()
    return f"--{month}-{day}" if year in ("--", "1604") else f"{year}-{month}-{day}"


def _is_pref(line) -> bool:  # noqa: ANN001 - a vobject ContentLine
    types = [t.lower() for v in line.params.get("TYPE", []) for t in v.split(",")]
    return "pref" in types or "1" in line.params.get("PREF", [])


def vobject_fields(card) -> dict:  # noqa: ANN001 - a vobject Component
    def lines(name: str) -> list:
        return card.contents.get(name, [])

    fn = lines("fn")
    n = lines("n")
    orgs = lines("org")
    org = next((o for o in orgs if _is_pref(o)), orgs[0]).value if orgs else []
    adrs = []
    for line in lines("adr"):
        a = line.value
        adr = tuple(_text(getattr(a, k)) for k in ("box", "extended", "street", "city", "region", "code", "country"))
        if any(part.strip() for part in adr):
            adrs.append(adr)
    bday = lines("bday")
    return {
        "FN": fn[0].value.strip() if fn else None,
        "N": tuple(_text(getattr(n[0].value, k)).strip() for k in ("family", "given", "additional", "prefix", "suffix"))
        if n
        else ("",) * 5,
        "TEL": [t.value.strip().removeprefix("tel:") for t in lines("tel") if t.value.strip()],
        "EMAIL": [e.value.strip().removeprefix("mailto:") for e in lines("email") if e.value.strip()],
        "ADR": adrs,
        "ORG": [_text(part) for part in org],
        "BDAY": _iso_date(bday[0].value) if bday else "",
    }


def read_with_vobject(raw: RawCard) -> dict:
    """vobject's fields for one card: its text as UTF-8 (3.0 and 4.0 are UTF-8), undecodable bytes escaped."""
    logging.disable(logging.CRITICAL)  # vobject logs each line it does not like
    try:
        (card,) = vobject.readComponents(raw.raw.decode("utf-8", "surrogateescape"), allowQP=True)
    finally:
        logging.disable(logging.NOTSET)
    return vobject_fields(card)


# (fixture, line of its BEGIN) -> (what vobject gets wrong, and how it shows): either the exception it raises
# for the whole card, or its values for the fields it gets wrong (the other fields must still agree).
KNOWN_VOBJECT_DEFECTS: dict[tuple[str, int], tuple[str, type[Exception] | dict, str]] = {
    ("broken_cards.vcf", 13): (
        "fails the whole card on a photo that is not base64; Rapport drops the photo with a warning",
        binascii.Error, "Incorrect padding",
    ),
    ("broken_cards.vcf", 21): (
        "fails the whole card on one line without a colon; Rapport skips that line with a warning",
        vobject.base.ParseError, "no colon",
    ),
    ("folds.vcf", 1): (
        "reads text, not bytes: a fold that splits a UTF-8 character (Rapport unfolds the bytes first) leaves "
        "both halves undecodable",
        {"FN": "Zo\udcc3\udcab Ødegård \udce6\udc9d\udcb1京"},  # N is folded between characters: it agrees
        "",
    ),
    ("unescaped_commas_3_0.vcf", 1): (
        "cuts FN at an unescaped comma (it splits ORG and ADR parts there too, into lists that join back)",
        {"FN": "Müller"},
        "",
    ),
}


def test_the_fixtures_hold_3_0_and_4_0_cards_of_every_kind():
    names = {name for name, _, _ in CARDS}
    assert len(CARDS) >= 20
    assert {"apple_3_0.vcf", "google_3_0.vcf", "nextcloud_4_0.vcf", "thunderbird_4_0.vcf", "ios_5_crcrlf.vcf"} <= names
    assert set(KNOWN_VOBJECT_DEFECTS) <= {(name, line) for name, line, _ in CARDS}


@pytest.mark.parametrize(("name", "line", "raw"), CARDS, ids=[f"{n}:{line}" for n, line, _ in CARDS])
def test_rapport_and_vobject_agree(name, line, raw):
    (result,) = parse_many([raw])
    known = KNOWN_VOBJECT_DEFECTS.get((name, line))
    if known is not None and isinstance(known[1], type):
        _, error, message = known
        assert result.contact is not None, result.error  # Rapport reads the card
        with pytest.raises(error, match=message):
            read_with_vobject(raw)
        return
    if result.contact is None:
        # Rapport refuses the card: cut short (vobject refuses it too) or holding nothing (so does vobject's)
        try:
            theirs = read_with_vobject(raw)
        except vobject.base.ParseError as e:
            assert "never closed" in str(e) and "END:VCARD" in result.error.reason
            return
        assert "holds no name" in result.error.reason
        assert theirs == {"FN": None, "N": ("",) * 5, "TEL": [], "EMAIL": [], "ADR": [], "ORG": [], "BDAY": ""}
        return
    ours = rapport_fields(result.contact)
    theirs = read_with_vobject(raw)
    if theirs["FN"] is None:
        theirs["FN"] = ours["FN"]  # no FN in the card: Rapport takes a name from its other fields
    wrong = known[1] if known is not None else {}
    for field in FIELDS:
        if field in wrong:
            assert theirs[field] == wrong[field] != ours[field], (field, known[0])
        else:
            assert theirs[field] == ours[field], field
