"""One card's content lines as a ``ContactData``: a handler per property name, errors and warnings."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from desktop.domain.contact import Address, ContactData, Email, InstantMessage, Phone, SocialProfile, Url
from desktop.domain.vcard.kinds import _DROPPED, _IM_PROPERTIES, _IM_SCHEMES, _SOCIAL_PROPERTIES, _kind, _label
from desktop.domain.vcard.lex import (
    _card_text,
    _is_pref,
    _maybe_qp,
    _Prop,
    _read_lines,
    _split_value,
    _types,
    _unescape,
    _unfold,
)
from desktop.domain.vcard.photo import _BIG_CARD, _KEEP_LINE, _cut_photo, _read_photo
from desktop.domain.vcard.split import RawCard, _without_inner_cards
from desktop.domain.vcard.write import _param


class CardError(Exception):
    """A card that cannot be read; ``reason`` is meant for a person."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(line, reason)  # keeps the exception picklable
        self.line = line
        self.reason = reason

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CardError) and (self.line, self.reason) == (other.line, other.reason)

    def __hash__(self) -> int:
        return hash((self.line, self.reason))


class CardWarning(NamedTuple):
    """Something in a card that was skipped (or, when not ``lost``, kept in a way a person should know)."""

    line: int
    reason: str
    lost: bool = True  # False: nothing of the card was lost, e.g. a second ORG kept as an extra line


class CardResult(NamedTuple):
    """What ``parse_many`` gives back for one card: a contact or an error, never both."""

    start_line: int
    contact: ContactData | None
    warnings: list[CardWarning]
    error: CardError | None


_DATE_RE = re.compile(r"^\s*(?:(\d{4})-?|--)(\d{2})-?(\d{2})(?:T[0-9:.Z+\-]*)?\s*$")
_NO_YEAR = {"1604", "0000"}  # Apple writes 1604 for "year unknown"; some phones write 0000


def _norm_date(value: str, params: dict[str, list[str]] | None) -> str | None:
    m = _DATE_RE.match(value)
    if not m:
        return None
    year, month, day = m.groups()
    omit = params.get("X-APPLE-OMIT-YEAR", ()) if params else ()
    if year in _NO_YEAR or (year and year in omit):
        year = None
    try:
        datetime.date(int(year) if year else 2000, int(month), int(day))
    except ValueError:
        return None
    return f"{year}-{month}-{day}" if year else f"--{month}-{day}"


def _has_bare_param(line: str) -> bool:
    head = line[: max(line.find(":"), 0)]
    return '"' not in head and any("=" not in part for part in head.split(";")[1:])


def _extra_line(p: _Prop) -> str:
    """The line to keep for export: as read, or rebuilt in 3.0 form when it used
    QUOTED-PRINTABLE or 2.1's bare parameters (``LABEL;HOME;ENCODING=...``)."""
    if not p.qp and not _has_bare_param(p.line):
        return p.line
    head = f"{p.group}.{p.name}" if p.group else p.name
    for key, values in (p.params or {}).items():
        if key == "CHARSET" or (key == "ENCODING" and p.qp):
            continue
        if key == "ENCODING" and values[0].upper() == "BASE64":
            values = ["b"]
        head += f";{key}={','.join(_param(v) for v in values)}"
    value = p.value.replace("\n", "\\n") if p.qp else p.value
    return f"{head}:{value}"


class _Card:
    """One card being read: its contact, and what the property handlers share."""

    __slots__ = ("contact", "extra", "labels", "used_groups", "seen", "repeated", "raw", "warnings")

    def __init__(self, raw: RawCard, labels: dict[str, str], warnings: list[CardWarning] | None) -> None:
        self.contact = ContactData()
        self.extra = self.contact.extra_lines
        self.labels = labels  # group -> kind, from the card's X-ABLabel lines
        self.used_groups: set[str] = set()  # groups whose label became a kind
        self.seen: set[str] = set()  # FN, N, ORG and TITLE: the first one wins (for ORG and TITLE, see _job)
        self.repeated = False  # an ORG or a TITLE came twice: _keep_one sorts them out
        self.raw = raw
        self.warnings = warnings

    def warn(self, reason: str, p: _Prop, lost: bool = True) -> None:
        if self.warnings is not None:
            self.warnings.append(CardWarning(_line_of(self.raw, p.line or p.name), reason, lost))

    def kind(self, p: _Prop, prop: str, types: list[str]) -> str:
        """The kind from the Apple label of the property's group when it has one, else from its TYPE."""
        if p.group:
            kind = self.labels.get(p.group)
            if kind is not None:
                self.used_groups.add(p.group)
                return kind
        return _kind(prop, types)


# --------------------------------------------------------------------------- a handler per property


def _fn(card: _Card, p: _Prop) -> None:
    if "FN" not in card.seen:
        card.seen.add("FN")
        card.contact.full_name = _unescape(p.value).strip()


def _n(card: _Card, p: _Prop) -> None:
    if "N" in card.seen:
        return
    card.seen.add("N")
    parts = _split_value(p.value, ";")
    parts += [""] * (5 - len(parts))
    c = card.contact
    c.family_name, c.given_name, c.additional_name, c.prefix, c.suffix = (x.strip() for x in parts[:5])


def _tel(card: _Card, p: _Prop) -> None:
    types = _types(p.params)
    number = _unescape(p.value).strip()
    if number[:4].lower() == "tel:":
        number = number[4:]
    if number:
        card.contact.phones.append(Phone(number, card.kind(p, "TEL", types), _is_pref(p.params, types)))


def _email(card: _Card, p: _Prop) -> None:
    types = _types(p.params)
    address = _unescape(p.value).strip()
    if address[:7].lower() == "mailto:":
        address = address[7:]
    if address:
        card.contact.emails.append(Email(address, card.kind(p, "EMAIL", types), _is_pref(p.params, types)))


def _adr(card: _Card, p: _Prop) -> None:
    parts = _split_value(p.value, ";")
    parts += [""] * (7 - len(parts))
    adr = Address(
        po_box=parts[0], extended=parts[1], street=parts[2], city=parts[3],
        region=parts[4], postal_code=parts[5], country=parts[6], kind=card.kind(p, "ADR", _types(p.params)),
    )  # fmt: skip
    if not adr.is_empty():
        card.contact.addresses.append(adr)


def _job(card: _Card, p: _Prop) -> None:
    """ORG and TITLE: the first is the contact's, as for FN and N, unless a later one is PREF (see _keep_one)."""
    if p.name in card.seen:
        card.repeated = True
    else:
        card.seen.add(p.name)
        _JOB_FIELDS[p.name][0](card.contact, p)


def _set_org(c: ContactData, p: _Prop) -> None:
    parts = _split_value(p.value, ";")
    c.organization = parts[0].strip()
    c.department = ";".join(parts[1:])


def _set_title(c: ContactData, p: _Prop) -> None:
    c.title = _unescape(p.value)


_JOB_FIELDS = {"ORG": (_set_org, "organisation"), "TITLE": (_set_title, "title")}


def _keep_one(card: _Card, props: list[_Prop]) -> None:
    """One ORG and one TITLE are the contact's: the PREF one, else the first (as for FN and N).

    Android 2.1 writes an ORG and a TITLE per job, FullContact too: the others
    are kept as extra lines, so export writes them back, and a warning says so.
    A line that repeats one already kept is dropped: it holds nothing more.
    """
    jobs = [p for p in props if p.name in _JOB_FIELDS]
    chosen: dict[str, _Prop] = {}
    for name, (set_value, _) in _JOB_FIELDS.items():
        same = [p for p in jobs if p.name == name]
        if same:
            chosen[name] = next((p for p in same if _is_pref(p.params, _types(p.params))), same[0])
            set_value(card.contact, chosen[name])
    seen = {(name, p.value) for name, p in chosen.items()}
    for p in jobs:
        if (p.name, p.value) in seen:
            continue
        seen.add((p.name, p.value))
        main = chosen[p.name]
        card.extra.append(_extra_line(p))
        card.warn(
            f"this card has more than one {_JOB_FIELDS[p.name][1]}: {_unescape(main.value)[:40]!r} is the "
            f"contact's, {_unescape(p.value)[:40]!r} is kept and written back on export",
            p,
            lost=False,
        )


def _role(card: _Card, p: _Prop) -> None:
    card.contact.role = _unescape(p.value)


def _note(card: _Card, p: _Prop) -> None:
    c = card.contact
    note = _unescape(p.value)
    c.note = f"{c.note}\n{note}" if c.note else note


def _nickname(card: _Card, p: _Prop) -> None:
    card.contact.nickname = _unescape(p.value)


def _uid(card: _Card, p: _Prop) -> None:
    card.contact.uid = _unescape(p.value).strip()


def _categories(card: _Card, p: _Prop) -> None:
    tags = card.contact.tags
    seen = {t.casefold() for t in tags}
    for tag in _split_value(p.value, ","):
        tag = tag.strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)


def _date(card: _Card, p: _Prop) -> None:
    """BDAY and the anniversaries: the first readable one wins; one Rapport cannot read is kept as written."""
    c = card.contact
    date = _norm_date(_unescape(p.value), p.params)
    attr = "birthday" if p.name == "BDAY" else "anniversary"
    if date is None:
        card.warn(f"{p.name} date {p.value[:30]!r} is not a date Rapport understands; kept as written", p)
        card.extra.append(_extra_line(p))
    elif not getattr(c, attr):
        setattr(c, attr, date)


def _abdate(card: _Card, p: _Prop) -> None:
    """Apple's labelled dates: the one labelled anniversary is the anniversary, the others are kept."""
    if card.labels.get(p.group) != "anniversary" or card.contact.anniversary:
        card.extra.append(p.line)
        return
    card.used_groups.add(p.group)
    _date(card, p)


def _url(card: _Card, p: _Prop) -> None:
    url = _unescape(p.value).strip()
    if url:
        card.contact.urls.append(Url(url, card.kind(p, "URL", _types(p.params))))


def _social_profile(card: _Card, p: _Prop) -> None:
    params = p.params
    types = [t for t in _types(params) if t != "pref"]
    user = params.get("X-USER", [""])[0] if params else ""
    card.contact.social_profiles.append(SocialProfile(types[0] if types else "", _unescape(p.value).strip(), user))


def _social_property(card: _Card, p: _Prop) -> None:
    card.contact.social_profiles.append(SocialProfile(_SOCIAL_PROPERTIES[p.name], _unescape(p.value).strip()))


def _impp(card: _Card, p: _Prop) -> None:
    params = p.params
    uri = _unescape(p.value).strip()
    scheme, sep, handle = uri.partition(":")
    if not sep:
        scheme, handle = "", uri
    service_param = params.get("X-SERVICE-TYPE", [""])[0].lower() if params else ""
    service = service_param or _IM_SCHEMES.get(scheme.lower(), scheme.lower())
    kind = card.kind(p, "IMPP", _types(params))
    card.contact.instant_messages.append(InstantMessage(service, handle, kind))


def _im_property(card: _Card, p: _Prop) -> None:
    im = InstantMessage(_IM_PROPERTIES[p.name], _unescape(p.value).strip(), _kind("IMPP", _types(p.params)))
    card.contact.instant_messages.append(im)


def _photo(card: _Card, p: _Prop) -> None:
    photo = _read_photo(p, card.warn)
    if photo is _KEEP_LINE:
        card.extra.append(_extra_line(p))
    elif photo is not None and card.contact.photo is None:
        card.contact.photo = photo


def _agent(card: _Card, p: _Prop) -> None:
    # vCard 2.1 writes "AGENT:" and the agent's whole card after it: that card is read as a contact of its own
    if p.value.strip():
        card.extra.append(_extra_line(p))


def _ablabel(card: _Card, p: _Prop) -> None:
    if not p.group:
        card.extra.append(p.line)
    # else: read before the other properties, see parse_card


#: Property name -> what reads it into the contact; None: dropped (VERSION, PRODID, REV, the frame: export
#: writes its own). A name not here is kept as an extra line for export.
_HANDLERS: dict[str, Callable[[_Card, _Prop], None] | None] = {
    **dict.fromkeys(_DROPPED),
    "FN": _fn,
    "N": _n,
    "TEL": _tel,
    "EMAIL": _email,
    "ADR": _adr,
    "ORG": _job,
    "TITLE": _job,
    "ROLE": _role,
    "NOTE": _note,
    "NICKNAME": _nickname,
    "UID": _uid,
    "CATEGORIES": _categories,
    **dict.fromkeys(("BDAY", "ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY"), _date),
    "X-ABDATE": _abdate,
    "URL": _url,
    "X-SOCIALPROFILE": _social_profile,
    **dict.fromkeys(_SOCIAL_PROPERTIES, _social_property),
    "IMPP": _impp,
    **dict.fromkeys(_IM_PROPERTIES, _im_property),
    "PHOTO": _photo,
    "X-ABLABEL": _ablabel,
    "AGENT": _agent,
}


# --------------------------------------------------------------------------- a card


def parse_card(raw: RawCard, warnings: list[CardWarning] | None = None) -> ContactData:
    """Read one card. Raises ``CardError``; appends ``CardWarning`` for skipped parts to ``warnings``."""
    line_no = raw.start_line
    if raw.truncated:
        raise CardError(line_no, "this card has no END:VCARD line; the file may have been cut short")
    data = _without_inner_cards(raw.raw) if raw.nested else raw.raw
    data, big_photo = _cut_photo(data) if len(data) > _BIG_CARD else (data, None)
    props, problems = _read_lines(_card_text(_unfold(data)), _maybe_qp(data))
    if not props or props[0].name != "BEGIN":
        raise CardError(line_no, "this card does not start with BEGIN:VCARD")
    if big_photo is not None:
        props.insert(len(props) - 1, big_photo)
    if warnings is not None:
        warnings.extend(CardWarning(_line_of(raw, text), reason) for text, reason in problems)

    labels: dict[str, str] = {}
    for p in props:
        if p.group and p.name == "X-ABLABEL":
            labels[p.group] = _label(p.value)
    card = _Card(raw, labels, warnings)
    extra = card.extra
    handlers = _HANDLERS
    for p in props:
        handler = handlers.get(p.name, _extra_line)  # no handler: the line is kept for export
        if handler is _extra_line:
            extra.append(_extra_line(p))
        elif handler is not None:
            handler(card, p)
    if card.repeated:
        _keep_one(card, props)

    # labels (and Apple helpers like X-ABADR) of groups that were mapped above
    # lose their group: export numbers its own groups.
    used_groups = card.used_groups
    for p in props:
        if p.group and p.group not in used_groups and p.name == "X-ABLABEL":
            extra.append(_extra_line(p))
    if used_groups:
        extra[:] = [_ungroup(line, used_groups) for line in extra]

    c = card.contact
    if not c.full_name:
        c.full_name = c.display_name()
    if not c.full_name and not c.note and c.photo is None and not (c.addresses or c.urls or c.social_profiles
                                                                   or c.instant_messages or c.birthday):
        raise CardError(line_no, "this card holds no name, phone, email or other details")
    return c


def _ungroup(line: str, used: set[str]) -> str:
    dot = line.find(".")
    colon = line.find(":")
    semi = line.find(";")
    end = min(x for x in (colon, semi) if x >= 0) if (colon >= 0 or semi >= 0) else -1
    if 0 < dot < end and line[:dot].lower() in used:
        return line[dot + 1 :]
    return line


def _line_of(raw: RawCard, text: str) -> int:
    """The file line where ``text`` (a content line, or its start) is, for a warning; the card's line if unsure."""
    needle = text[:24].encode("utf-8", "replace")
    at = raw.raw.find(needle) if needle else -1
    if at < 0:
        return raw.start_line
    return raw.start_line + raw.raw.count(b"\n", 0, at)


def _parse_or_error(raw: RawCard) -> CardResult:
    warnings: list[CardWarning] = []
    try:
        contact = parse_card(raw, warnings)
    except CardError as e:
        return CardResult(raw.start_line, None, warnings, e)
    except Exception as e:  # noqa: BLE001 - one odd card must not stop an import of thousands
        return CardResult(raw.start_line, None, warnings, CardError(raw.start_line, f"this card could not be read ({e})"))
    return CardResult(raw.start_line, contact, warnings, None)


def parse_many(cards: Iterable[RawCard]) -> list[CardResult]:
    """Parse a chunk of cards; never raises for a bad card. Safe to call in a worker process."""
    return [_parse_or_error(raw) for raw in cards]
