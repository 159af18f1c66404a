"""Finding the contact an imported card is a duplicate of, and merging the two without losing anything.

The rule: the same vCard UID; else a shared email address (case and
surrounding space ignored); else a shared phone number (compared in E.164,
see ``phones.normalize``) when the names do not contradict each other
(``names_compatible``); else, for sources such as LinkedIn whose rows
mostly carry no email or phone, the same social profile (``profiles.profile_key``)
with compatible names, or the same given and family name at the same company
(``name_org_key``). Names that differ in generation (John Smith and John
Smith Jr.) are never compatible: a father and son share a landline. The
later rules are only tried when the earlier ones find nothing, so a card
that matched before still matches the same contact.
``merge`` only adds: it fills empty fields and
unions the lists, and never overwrites what the existing contact holds, so
importing the same card twice changes nothing (``same_content``).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from desktop.domain import names
from desktop.domain import phones as phone_numbers
from desktop.domain.contact import ContactData, fold_text
from desktop.domain.profiles import profile_key

_SCALARS = (
    "uid", "prefix", "given_name", "additional_name", "family_name", "suffix", "full_name", "nickname",
    "organization", "department", "title", "role", "birthday", "anniversary", "note", "connected_on",
)  # fmt: skip
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class MatchKeys:
    """What a contact is recognised by."""

    uid: str
    emails: frozenset[str]
    phones: frozenset[str]
    name: str  # folded display name, "" when the contact has no personal name
    name_tokens: frozenset[str]  # folded words of the given, additional and family names
    profiles: frozenset[str] = frozenset()  # profiles.profile_key of each social profile
    name_org: str = ""  # name_org_key: given and family name at a company, "" when one is missing
    generation: str = ""  # "jr", "sr", "iii"...: John Smith and John Smith Jr. are two people


def email_key(address: str) -> str:
    address = address.strip()
    if address[:7].lower() == "mailto:":
        address = address[7:]
    return address.lower()


def phone_key(number: str, default_region: str | None = phone_numbers.DEFAULT_REGION) -> str:
    return phone_numbers.normalize(number, default_region)


def _personal_name(c: ContactData) -> str:
    """The person's name, not the organisation, email or phone that display_name falls back to."""
    parts = [c.prefix, c.given_name, c.additional_name, c.family_name, c.suffix]
    structured = " ".join(p.strip() for p in parts if p.strip())
    full = c.full_name.strip()
    if full and full != c.organization.strip() and "@" not in full and _TOKEN.search(full):
        if not any(ch.isalpha() for ch in full):  # a phone number used as the name
            return structured
        return full
    return structured


def name_org_key(c: ContactData) -> str:
    """``"john|smith||acme"``: the given and family name (and Jr./Sr.) at a company; ``""`` when any is missing.

    Middle names, titles, case, accents and the company's legal form
    (``Acme Inc.`` = ``ACME``) do not matter.
    """
    org = names.org_key(c.organization)
    if not org:
        return ""
    person = names.person_name(c)
    if not person.given or not person.family:
        return ""
    return f"{person.given}|{person.family_key}|{person.generation}|{org}"


def match_keys(c: ContactData, default_region: str | None = phone_numbers.DEFAULT_REGION) -> MatchKeys:
    name = fold_text(_personal_name(c))
    if c.given_name.strip() or c.family_name.strip():
        words = " ".join((c.given_name, c.additional_name, c.family_name))
    else:
        words = name
    tokens = frozenset(_TOKEN.findall(fold_text(words)))
    return MatchKeys(
        uid=c.uid.strip(),
        emails=frozenset(k for k in (email_key(e.value) for e in c.emails) if k),
        phones=frozenset(k for k in (phone_key(p.value, default_region) for p in c.phones) if k),
        name=" ".join(name.split()),
        name_tokens=tokens,
        profiles=frozenset(k for k in (profile_key(s) for s in c.social_profiles) if k),
        name_org=name_org_key(c),
        generation=names.person_name(c).generation,
    )


# Storage prefixes of the lookup keys (the contact_key table): a profile, a name at a company.
PROFILE_PREFIX = "p|"
NAME_ORG_PREFIX = "n|"


def lookup_keys(keys: MatchKeys) -> list[str]:
    """The keys storage finds a contact by beyond its UID, emails and phones (they have columns of
    their own): each social profile and the name at a company, prefixed by kind."""
    out = [PROFILE_PREFIX + p for p in sorted(keys.profiles)]
    if keys.name_org:
        out.append(NAME_ORG_PREFIX + keys.name_org)
    return out


def contact_lookup_keys(c: ContactData) -> list[str]:
    """``lookup_keys`` of a contact, without the phone parsing ``match_keys`` does."""
    profiles = frozenset(k for k in (profile_key(s) for s in c.social_profiles) if k)
    return lookup_keys(MatchKeys("", frozenset(), frozenset(), "", frozenset(), profiles, name_org_key(c)))


def _token_in(token: str, others: frozenset[str]) -> bool:
    if token in others:
        return True
    if len(token) == 1:  # an initial: "j" for "john"
        return any(o.startswith(token) for o in others)
    return any(len(o) == 1 and token.startswith(o) for o in others)


def names_compatible(a: MatchKeys, b: MatchKeys) -> bool:
    """True when both could name the same person: one has no name, the names are equal,
    or the words of one are among the words (or initials) of the other."""
    if not a.name_tokens or not b.name_tokens:
        return True
    if a.generation != b.generation:
        return False  # John Smith and John Smith Jr. share a landline, not a contact
    if a.name and a.name == b.name:
        return True
    small, large = sorted((a.name_tokens, b.name_tokens), key=len)
    if len(small) == 1 and 1 < len(large) <= 3:
        # names written without spaces ("山田太郎") against given and family name
        if next(iter(small)) in {"".join(p) for p in itertools.permutations(large)}:
            return True
    return all(_token_in(t, large) for t in small)


class DuplicateIndex:
    """Keys of known contacts, to find the one an incoming card duplicates.

    The import service adds every existing contact (by database id) and every
    contact it creates during the import, so a file that holds the same
    person twice does not create two.
    """

    def __init__(self, default_region: str | None = phone_numbers.DEFAULT_REGION) -> None:
        self.default_region = default_region
        self._by_uid: dict[str, Hashable] = {}
        self._by_email: dict[str, Hashable] = {}
        self._by_phone: dict[str, list[tuple[Hashable, MatchKeys]]] = {}
        self._by_profile: dict[str, list[tuple[Hashable, MatchKeys]]] = {}
        self._by_name_org: dict[str, Hashable] = {}
        self._keys: dict[Hashable, MatchKeys] = {}

    def keys(self, contact: ContactData) -> MatchKeys:
        return match_keys(contact, self.default_region)

    def add(self, ref: Hashable, contact: ContactData | MatchKeys) -> None:
        """Remember ``contact`` under ``ref``; adding the same ref again replaces its keys."""
        keys = contact if isinstance(contact, MatchKeys) else self.keys(contact)
        if ref in self._keys:
            self.remove(ref)
        self._keys[ref] = keys
        if keys.uid:
            self._by_uid.setdefault(keys.uid, ref)
        for e in keys.emails:
            self._by_email.setdefault(e, ref)
        for p in keys.phones:
            self._by_phone.setdefault(p, []).append((ref, keys))
        for p in keys.profiles:
            self._by_profile.setdefault(p, []).append((ref, keys))
        if keys.name_org:
            self._by_name_org.setdefault(keys.name_org, ref)

    def remove(self, ref: Hashable) -> None:
        keys = self._keys.pop(ref, None)
        if keys is None:
            return
        if self._by_uid.get(keys.uid) == ref:
            del self._by_uid[keys.uid]
        for e in keys.emails:
            if self._by_email.get(e) == ref:
                del self._by_email[e]
        for table, values in ((self._by_phone, keys.phones), (self._by_profile, keys.profiles)):
            for p in values:
                rest = [x for x in table.get(p, []) if x[0] != ref]
                if rest:
                    table[p] = rest
                else:
                    table.pop(p, None)
        if keys.name_org and self._by_name_org.get(keys.name_org) == ref:
            del self._by_name_org[keys.name_org]

    def find(self, contact: ContactData | MatchKeys) -> Hashable | None:
        """The ref of the known contact that ``contact`` duplicates, or None."""
        keys = contact if isinstance(contact, MatchKeys) else self.keys(contact)
        if keys.uid and keys.uid in self._by_uid:
            return self._by_uid[keys.uid]
        for e in sorted(keys.emails):
            if e in self._by_email:
                return self._by_email[e]
        for p in sorted(keys.phones):
            for ref, other in self._by_phone.get(p, ()):
                if names_compatible(keys, other):
                    return ref
        for p in sorted(keys.profiles):
            for ref, other in self._by_profile.get(p, ()):
                if names_compatible(keys, other):
                    return ref
        if keys.name_org and keys.name_org in self._by_name_org:
            return self._by_name_org[keys.name_org]
        return None

    def __len__(self) -> int:
        return len(self._keys)


def _union(existing: list, incoming: Iterable, key: Callable) -> list:
    out = [dataclasses.replace(x) for x in existing]
    seen = {key(x): x for x in out}
    for item in incoming:
        k = key(item)
        if k in seen:
            have = seen[k]
            if hasattr(have, "kind") and not have.kind and item.kind:
                have.kind = item.kind
            continue
        copy = dataclasses.replace(item)
        seen[k] = copy
        out.append(copy)
    return out


def merge(
    existing: ContactData, incoming: ContactData, default_region: str | None = phone_numbers.DEFAULT_REGION
) -> ContactData:
    """``existing`` with the empty fields filled from ``incoming`` and the lists unioned.

    Nothing already in ``existing`` is overwritten (a different note or
    birthday in ``incoming`` is ignored). ``merge(merge(a, b), b) == merge(a, b)``.
    """
    out = dataclasses.replace(existing)
    for name in _SCALARS:
        if not getattr(out, name).strip() and getattr(incoming, name).strip():
            setattr(out, name, getattr(incoming, name))
    if out.photo is None and incoming.photo is not None:
        out.photo = dataclasses.replace(incoming.photo)

    def phone(p):  # noqa: ANN001, ANN202
        return phone_key(p.value, default_region) or p.value.strip()

    out.phones = _union(existing.phones, incoming.phones, phone)
    out.emails = _union(existing.emails, incoming.emails, lambda e: email_key(e.value))
    out.addresses = _union(
        existing.addresses,
        (a for a in incoming.addresses if not a.is_empty()),
        lambda a: tuple(
            " ".join(fold_text(v).split())
            for v in (a.street, a.city, a.region, a.postal_code, a.country, a.po_box, a.extended)
        ),
    )
    out.urls = _union(existing.urls, incoming.urls, lambda u: u.value.strip().rstrip("/").casefold())
    out.social_profiles = _union(
        existing.social_profiles, incoming.social_profiles, lambda s: (s.service.casefold(), s.value.strip().casefold())
    )
    out.instant_messages = _union(
        existing.instant_messages,
        incoming.instant_messages,
        lambda m: (m.service.casefold(), m.handle.strip().casefold()),
    )
    tags = list(existing.tags)
    seen = {t.casefold() for t in tags}
    for t in incoming.tags:
        if t.strip() and t.casefold() not in seen:
            seen.add(t.casefold())
            tags.append(t)
    out.tags = tags
    lines = list(existing.extra_lines)
    have = set(lines)
    for line in incoming.extra_lines:
        if line not in have:
            have.add(line)
            lines.append(line)
    out.extra_lines = lines
    return out


def same_content(
    existing: ContactData, incoming: ContactData, default_region: str | None = phone_numbers.DEFAULT_REGION
) -> bool:
    """True when importing ``incoming`` over ``existing`` would change nothing ("unchanged")."""
    return merge(existing, incoming, default_region) == existing
