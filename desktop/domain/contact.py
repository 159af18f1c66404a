"""Plain values that describe one contact, shared by import, export, storage and the window.

These are what crosses layer boundaries: the vCard parser produces a
``ContactData``, the contacts service stores and loads it, the exporter turns
it back into a card. No Qt, no Peewee.
"""

from __future__ import annotations

import base64
import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field


@dataclass
class Phone:
    value: str
    kind: str = ""  # "cell", "home", "work", "fax", "pager", "main", "other" or a custom label
    pref: bool = False


@dataclass
class Email:
    value: str
    kind: str = ""  # "home", "work", "other" or a custom label
    pref: bool = False


@dataclass
class Address:
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    po_box: str = ""
    extended: str = ""
    kind: str = ""

    def is_empty(self) -> bool:
        return not any(
            (self.street, self.city, self.region, self.postal_code, self.country, self.po_box, self.extended)
        )


@dataclass
class Url:
    value: str
    kind: str = ""


@dataclass
class SocialProfile:
    service: str  # "linkedin", "twitter", ... lower case; "" when unknown
    value: str  # a URL or a handle, as given
    user: str = ""  # the user name, when the source names it


@dataclass
class InstantMessage:
    service: str  # "skype", "xmpp", "signal", ...
    handle: str
    kind: str = ""


@dataclass
class Photo:
    data: bytes
    mime: str = "image/jpeg"


@dataclass
class ContactData:
    """Everything Rapport knows about one person, as plain values.

    Dates (``birthday``, ``anniversary``) are strings: ``"YYYY-MM-DD"`` or
    ``"--MM-DD"`` when the year is unknown, or ``""``.
    ``extra_lines`` holds vCard content lines Rapport does not model, unfolded,
    exactly as read (so export gives back what import took in).
    ``connected_on`` is the day the person connected with this contact on a
    network (LinkedIn's "Connected On"), ``"YYYY-MM-DD"`` or ``""``: no vCard
    carries it; the import service shows it as how and when they met and
    counts it as a first touch.
    """

    uid: str = ""
    prefix: str = ""
    given_name: str = ""
    additional_name: str = ""
    family_name: str = ""
    suffix: str = ""
    full_name: str = ""
    nickname: str = ""
    organization: str = ""
    department: str = ""  # ORG units after the first, joined with ";"
    title: str = ""
    role: str = ""
    birthday: str = ""
    anniversary: str = ""
    note: str = ""
    phones: list[Phone] = field(default_factory=list)
    emails: list[Email] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    urls: list[Url] = field(default_factory=list)
    social_profiles: list[SocialProfile] = field(default_factory=list)
    instant_messages: list[InstantMessage] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    photo: Photo | None = None
    extra_lines: list[str] = field(default_factory=list)
    connected_on: str = ""

    def display_name(self) -> str:
        """The name to show: FN, else the structured name, else organisation, email or phone."""
        if self.full_name.strip():
            return self.full_name.strip()
        parts = [self.prefix, self.given_name, self.additional_name, self.family_name, self.suffix]
        name = " ".join(p.strip() for p in parts if p.strip())
        if name:
            return name
        if self.nickname.strip():
            return self.nickname.strip()
        if self.organization.strip():
            return self.organization.strip()
        for email in self.emails:
            if email.value.strip():
                return email.value.strip()
        for phone in self.phones:
            if phone.value.strip():
                return phone.value.strip()
        return ""


UNNAMED = "Unnamed contact"


def readable_name(name: str, added: dt.date | None = None, today: dt.date | None = None) -> str:
    """The name a person reads for a contact, wherever it shows (the list, the trash, Today, exports,
    window titles, undo labels): its name as stored (``display_name()``, which already falls back to
    the organisation, an email or a phone), else "Unnamed contact (added 30 Nov)" (the year too when
    it is not this year), never an internal id."""
    name = (name or "").strip()
    if name:
        return name
    if added is None:
        return UNNAMED
    if isinstance(added, dt.datetime):
        added = added.date()
    year = "" if added.year == (today or dt.date.today()).year else f" {added.year}"
    return f"{UNNAMED} (added {added.day} {calendar.month_abbr[added.month]}{year})"


def fold_text(text: str) -> str:
    """Case- and accent-insensitive form of a text, for search and matching.

    ``García`` -> ``garcia``, ``Ødegård`` -> ``odegard``, ``Straße`` -> ``strasse``.
    Letters of other scripts keep their form, lower-cased (``Ёлка`` -> ``елка``).
    """
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return _COMBINING.sub("", text).translate(_FOLD_EXTRA)


# Combining marks left by NFKD: accents, cedillas, rings, the Cyrillic breve of й...
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")

# Letters that do not decompose into a base letter plus a combining mark.
_FOLD_EXTRA = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
        "ß": "ss",
    }
)


_LIST_FIELDS = ("phones", "emails", "addresses", "urls", "social_profiles", "instant_messages")


def contact_to_json(data: ContactData) -> dict:
    """A contact as plain JSON values (the trash, undo steps and sync's last synced copy keep these)."""
    # by hand: dataclasses.asdict deep-copies recursively and is ~5x slower on an import of thousands
    d = dict(vars(data))
    for key in _LIST_FIELDS:
        d[key] = [dict(vars(x)) for x in d[key]]
    d["tags"] = list(data.tags)
    d["extra_lines"] = list(data.extra_lines)
    if data.photo is not None:
        d["photo"] = {"data": base64.b64encode(data.photo.data).decode("ascii"), "mime": data.photo.mime}
    return d


def contact_from_json(d: dict) -> ContactData:
    """``contact_to_json`` read back."""
    d = dict(d)
    lists = {
        "phones": Phone,
        "emails": Email,
        "addresses": Address,
        "urls": Url,
        "social_profiles": SocialProfile,
        "instant_messages": InstantMessage,
    }
    for key, cls in lists.items():
        d[key] = [cls(**x) for x in d.get(key, [])]
    photo = d.get("photo")
    d["photo"] = Photo(base64.b64decode(photo["data"]), photo["mime"]) if photo else None
    return ContactData(**d)
