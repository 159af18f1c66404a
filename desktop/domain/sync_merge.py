"""The rules of CardDAV sync that need no network or database: what a contact's synced content is,
the field-level three-way merge against the last synced version, and iCloud-style group cards.

A *snapshot* is the canonical, JSON-able form of the vCard-shaped data of a contact: the sync
engine keeps the snapshot both sides agreed on as the base of the next merge, and its fingerprint
to tell in one comparison whether a contact changed. Photos enter a snapshot as a digest.

``merge3(base, local, remote)`` merges field by field: a field changed on one side only takes that
side's value; changed on both sides to different values, the local value is kept and the server's
is returned as a ``FieldConflict`` for the person to review. Lists (phones, emails, addresses,
links, tags, unmodelled lines) merge item by item: what either side added is kept, what one side
removed and the other left alone goes.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from desktop.domain.contact import (
    Address,
    ContactData,
    Email,
    InstantMessage,
    Phone,
    Photo,
    SocialProfile,
    Url,
    fold_text,
)
from desktop.domain.matching import email_key, phone_key

SCALAR_FIELDS = (
    "prefix", "given_name", "additional_name", "family_name", "suffix", "full_name", "nickname",
    "organization", "department", "title", "role", "birthday", "anniversary", "note",
)  # fmt: skip
LIST_FIELDS = ("phones", "emails", "addresses", "urls", "social_profiles", "instant_messages")

# How each field reads in a conflict list.
FIELD_LABELS = {
    "prefix": "name prefix", "given_name": "given name", "additional_name": "middle name",
    "family_name": "family name", "suffix": "name suffix", "full_name": "full name", "nickname": "nickname",
    "organization": "organisation", "department": "department", "title": "title", "role": "role",
    "birthday": "birthday", "anniversary": "anniversary", "note": "note", "photo": "photo",
}  # fmt: skip


@dataclass(frozen=True)
class FieldConflict:
    """A field both sides changed: ``kept`` (local) stayed, ``other`` (the server's) waits for review."""

    field: str
    kept: str
    other: str
    other_value: object  # JSON-able: a string, or {"data": base64, "mime": ...} for a photo, or None


@dataclass
class Merged:
    data: ContactData
    conflicts: list[FieldConflict]


# --------------------------------------------------------------------------- snapshots


def photo_digest(photo: Photo | None) -> str:
    if photo is None or not photo.data:
        return ""
    return hashlib.blake2b(photo.data, digest_size=16).hexdigest()


def _items(data: ContactData, name: str) -> list[list]:
    """A list field as lists of its values, in a stable order (servers may reorder properties)."""
    items = getattr(data, name)
    if not items:
        return []
    rows = [list(vars(x).values()) for x in items]
    if len(rows) > 1:
        rows.sort(key=repr)
    return rows


def snapshot(data: ContactData) -> dict:
    """The canonical, JSON-able content of a contact as the server sees it (photo as a digest)."""
    snap: dict = {f: getattr(data, f) for f in SCALAR_FIELDS}
    snap["full_name"] = data.full_name.strip() or data.display_name()  # what storage keeps
    for name in LIST_FIELDS:
        snap[name] = _items(data, name)
    snap["tags"] = sorted({t.strip().casefold(): t.strip() for t in data.tags if t.strip()}.values(), key=str.casefold)
    snap["photo"] = [photo_digest(data.photo), data.photo.mime if data.photo is not None else ""]
    snap["extra_lines"] = sorted(data.extra_lines)
    return snap


def snapshot_text(snap: dict) -> str:
    """A snapshot as canonical JSON (what the status table keeps)."""
    return json.dumps(snap, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint(snap: dict | str) -> str:
    """A short digest of a snapshot (or of its ``snapshot_text``): equal digests, equal content."""
    text = snap if isinstance(snap, str) else snapshot_text(snap)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


# --------------------------------------------------------------------------- the three-way merge


def _keyers(region: str | None) -> dict[str, Callable[[list], object]]:
    """Identity of a list item (given as the list of its values): what makes two items the same one."""

    def fold(*values: str) -> tuple:
        return tuple(" ".join(fold_text(v).split()) for v in values)

    return {
        "phones": lambda r: phone_key(r[0], region) or r[0].strip(),
        "emails": lambda r: email_key(r[0]),
        "addresses": lambda r: fold(*r[:7]),  # street, city, region, postal code, country, PO box, extended
        "urls": lambda r: r[0].strip().rstrip("/").casefold(),
        "social_profiles": lambda r: (r[0].casefold(), r[1].strip().casefold()),
        "instant_messages": lambda r: (r[0].casefold(), r[1].strip().casefold()),
        "tags": lambda r: r.strip().casefold(),
        "extra_lines": lambda r: r,
    }


def _merge_items(base: list, local: list, remote: list, key: Callable) -> list:
    """Item by item: kept by both, added on either side; removed on one side and untouched on the other goes.

    For an item on both sides, the local version unless it is the base's and the server's differs.
    An item is identified by its key and, for a key a list holds twice (the same email as home and
    as work), by which occurrence it is. The result keeps the local order, then the server's additions.
    """

    def keyed(items: list) -> dict:
        seen: dict = {}
        out = {}
        for item in items:
            k = key(item)
            n = seen.get(k, 0)
            seen[k] = n + 1
            out[(k, n)] = item
        return out

    base_by, local_by, remote_by = keyed(base), keyed(local), keyed(remote)
    out = []
    for k, item in local_by.items():
        if k in remote_by:
            other = remote_by[k]
            out.append(other if base_by.get(k) == item and other != item else item)
        elif k not in base_by or base_by[k] != item:
            out.append(item)  # added here, or changed here while the server removed it: kept
    for k, item in remote_by.items():
        if k not in local_by and (k not in base_by or base_by[k] != item):
            out.append(item)  # added (or changed while removed here) on the server
    return out


def _as_rows(data: ContactData, name: str) -> list[list]:
    return [list(vars(x).values()) for x in getattr(data, name)]


_ITEM_CLASSES = {
    "phones": Phone, "emails": Email, "addresses": Address, "urls": Url,
    "social_profiles": SocialProfile, "instant_messages": InstantMessage,
}  # fmt: skip


def _photo_value(photo: Photo | None) -> object:
    if photo is None:
        return None
    return {"data": base64.b64encode(photo.data).decode("ascii"), "mime": photo.mime}


def photo_from_value(value: object) -> Photo | None:
    if not value:
        return None
    return Photo(base64.b64decode(value["data"]), value.get("mime") or "image/jpeg")


def merge3(base: dict | None, local: ContactData, remote: ContactData, region: str | None = None) -> Merged:
    """Merge what changed here and on the server since ``base`` (a ``snapshot``; None on a first link,
    when every difference counts as a change on both sides). The result keeps the local UID."""
    b = base if base is not None else snapshot(ContactData())
    lo, re_ = snapshot(local), snapshot(remote)
    out = dataclasses.replace(local)
    conflicts: list[FieldConflict] = []
    for name in SCALAR_FIELDS:
        lv, rv, bv = lo[name], re_[name], b.get(name, "")
        if lv == rv or rv == bv:
            continue
        if lv == bv:
            setattr(out, name, getattr(remote, name) if name != "full_name" else rv)
        else:
            conflicts.append(FieldConflict(name, lv, rv, rv))
    lp, rp, bp = lo["photo"], re_["photo"], b.get("photo", ["", ""])
    if lp != rp and rp != bp:
        if lp == bp:
            out.photo = dataclasses.replace(remote.photo) if remote.photo is not None else None
        else:
            conflicts.append(
                FieldConflict(
                    "photo",
                    "the photo here" if local.photo is not None else "no photo",
                    "the server's photo" if remote.photo is not None else "no photo",
                    _photo_value(remote.photo),
                )
            )
    keyers = _keyers(region)
    for name in LIST_FIELDS:
        rows = _merge_items(b.get(name, []), _as_rows(local, name), _as_rows(remote, name), keyers[name])
        setattr(out, name, [_ITEM_CLASSES[name](*r) for r in rows])
    out.tags = _merge_items(b.get("tags", []), list(local.tags), list(remote.tags), keyers["tags"])
    out.extra_lines = _merge_items(
        b.get("extra_lines", []), list(local.extra_lines), list(remote.extra_lines), keyers["extra_lines"]
    )
    return Merged(out, conflicts)


def apply_value(data: ContactData, field: str, value: object) -> ContactData:
    """``data`` with one field set to a value from a ``FieldConflict`` (to swap in the server's)."""
    out = dataclasses.replace(data)
    if field == "photo":
        out.photo = photo_from_value(value)
    elif field in SCALAR_FIELDS:
        setattr(out, field, value if isinstance(value, str) else "")
    else:
        raise ValueError(f"not a field a conflict is recorded for: {field!r}")
    return out


# --------------------------------------------------------------------------- hrefs


_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$")


def card_name(uid: str) -> str:
    """The file name a new card goes up under, derived from its UID alone, so that a sync killed between
    the upload and recording it finds the same card again (and links it by UID) instead of a second one."""
    bare = uid.strip()
    if bare.lower().startswith("urn:uuid:"):
        bare = bare[9:]
    if _SAFE_NAME.match(bare):
        return f"{bare}.vcf"
    return hashlib.sha1(uid.encode("utf-8")).hexdigest() + ".vcf"


# --------------------------------------------------------------------------- group cards


_GROUP_KIND = re.compile(rb"^(?:X-ADDRESSBOOKSERVER-KIND|KIND)[ \t]*:[ \t]*group[ \t]*\r?$", re.I | re.M)
_MEMBER = re.compile(r"^(?:[A-Za-z0-9-]+\.)?(?:X-ADDRESSBOOKSERVER-MEMBER|MEMBER)(?:;[^:]*)?:(.*)$", re.I)
_FN = re.compile(r"^(?:[A-Za-z0-9-]+\.)?FN(?:;[^:]*)?:(.*)$", re.I)
_UID = re.compile(r"^(?:[A-Za-z0-9-]+\.)?UID(?:;[^:]*)?:(.*)$", re.I)


@dataclass(frozen=True)
class GroupCard:
    uid: str
    name: str  # the tag its members carry
    members: tuple[str, ...]  # member UIDs (``uid_key`` form), in card order
    v4: bool  # KIND/MEMBER (vCard 4.0) rather than Apple's X-ADDRESSBOOKSERVER-* properties


def is_group_card(raw: bytes) -> bool:
    """An iCloud-style group card (``X-ADDRESSBOOKSERVER-KIND:group``, or a 4.0 ``KIND:group``)."""
    return _GROUP_KIND.search(raw) is not None


def uid_key(uid: str) -> str:
    """A UID as group cards name their members: without ``urn:uuid:``, case-insensitive."""
    uid = uid.strip()
    if uid.lower().startswith("urn:uuid:"):
        uid = uid[9:]
    return uid.lower()


def _lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n ", "").replace("\n\t", "").split("\n")


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def read_group_card(text: str) -> GroupCard:
    name = uid = ""
    members: list[str] = []
    v4 = False
    for line in _lines(text):
        if m := _MEMBER.match(line):
            v4 = v4 or not line.upper().split(":", 1)[0].split(";", 1)[0].endswith("X-ADDRESSBOOKSERVER-MEMBER")
            key = uid_key(m.group(1))
            if key and key not in members:
                members.append(key)
        elif (m := _FN.match(line)) and not name:
            name = _unescape(m.group(1)).strip()
        elif (m := _UID.match(line)) and not uid:
            uid = m.group(1).strip()
    return GroupCard(uid, name, tuple(members), v4)


def _fold(line: str) -> str:
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    out, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:
            end -= 1
        out.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    out.append(data[start:].decode("utf-8"))
    return "\r\n ".join(out)


def with_members(text: str, members: list[str], member_uids: dict[str, str]) -> str:
    """The group card ``text`` with its member list replaced; every other line kept as it was.

    ``members`` are ``uid_key`` forms; ``member_uids`` maps them to the UID as the member's card has it.
    """
    card = read_group_card(text)
    prop = "MEMBER" if card.v4 else "X-ADDRESSBOOKSERVER-MEMBER"
    kept = [line for line in _lines(text) if line and not _MEMBER.match(line)]
    end = next((i for i in range(len(kept) - 1, -1, -1) if kept[i].strip().upper() == "END:VCARD"), len(kept))
    new = []
    for key in members:
        uid = member_uids.get(key, key)
        ref = uid if uid.lower().startswith("urn:uuid:") else f"urn:uuid:{uid}"
        new.append(f"{prop}:{ref}")
    lines = kept[:end] + new + kept[end:]
    return "".join(_fold(line) + "\r\n" for line in lines)
