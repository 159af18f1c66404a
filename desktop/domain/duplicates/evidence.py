"""What two contacts have in common, weighed: the features of a contact and the score of a pair.

Evidence is summed as log-odds (natural log) and turned into a score between
0 and 1. The weights below were set on the tuning part of
``tests/data/duplicates/contacts.csv``; ``bench/bench_duplicates.py`` prints
precision and recall on every part.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable
from functools import cache, lru_cache

from rapidfuzz import fuzz

from desktop.domain import names
from desktop.domain.contact import ContactData, fold_text
from desktop.domain.matching import email_key
from desktop.domain.profiles import profile_key, service_of

Ref = Hashable

#: Pairs scoring below this are not suggested.
MIN_SCORE = 0.5

# Evidence, in log-odds (natural log). The prior is for a pair that merely shares a blocking key.
PRIOR = -2.5
FAMILY_WEIGHT = {names.SAME_FAMILY: 2.5, names.PART_FAMILY: 1.3, names.TYPO_FAMILY: 1.4, names.INITIAL_FAMILY: 0.3,
                 names.MISSING: 0.0}  # fmt: skip
GIVEN_WEIGHT = {names.SAME: 1.5, names.VARIANT: 1.2, names.INITIAL: 0.2, names.PREFIX: 0.6, names.TYPO: 0.8,
                names.MISSING: -0.6}  # fmt: skip
SWAPPED = -0.3
MIDDLE_CONFLICT = -1.5
NO_NAME = -1.0  # one side has no personal name: only shared emails, phones or profiles can tell
FAMILY_DIFFERENT = -4.5
SAME_EMAIL = 6.0
SAME_EMAIL_NAME = 2.5  # the part before the @, when it is not made of the person's name
SAME_EMAIL_NAME_FROM_NAME = 0.6  # "john.smith" at two companies says little beyond the name
DIFFERENT_EMAILS = -0.6  # people write from a personal and a work address
DIFFERENT_WORK_EMAILS = -4.0  # two addresses at the company's own domain: a company gives one per person
SAME_PHONE = 3.0
DIFFERENT_PHONES = -0.6  # a mobile in one, the office line in the other
SAME_PROFILE = 5.0
DIFFERENT_PROFILES = -3.0  # one person, one LinkedIn profile
SAME_COMPANY = 1.5
EMAIL_AT_COMPANY = 1.0
DIFFERENT_COMPANIES = -1.2
SAME_BIRTHDAY = 2.5
SAME_BIRTHDAY_NO_YEAR = 1.5
DIFFERENT_BIRTHDAYS = -8.0  # one person, one birthday: a mother and daughter of the same name
SAME_ADDRESS = 0.8
SAME_CITY = 0.3
DIFFERENT_CITIES = -0.8  # people move, but a pilot in Dubai and a grocer in Bradford are two people
COMMON_NAME = -1.0  # per doubling of how many contacts share the exact name, beyond the pair
AMBIGUOUS_NICKNAME = -0.5  # per doubling of the names a short form stands for ("Chris": Christopher, Christine...)

_EXTENSION = re.compile(r"[xX#;,]|ext", re.I)  # where an extension (or a pause) starts
_NON_DIGITS = re.compile(r"\D+")


def phone_tail(number: str) -> str:
    """The last nine digits of a number (without an extension): the same in any format, with or
    without the country code or the trunk 0; ``""`` for a number under seven digits."""
    cut = _EXTENSION.search(number)
    digits = _NON_DIGITS.sub("", number[: cut.start()] if cut else number)
    return digits[-9:] if len(digits) >= 7 else ""


# --------------------------------------------------------------------------- features


_EMPTY: frozenset[str] = frozenset()


class Person:
    """What a contact is compared by, computed once."""

    __slots__ = (
        "index", "ref", "name", "emails", "locals", "domains", "phones", "profiles", "profile_services", "org",
        "org_shown", "birthday", "streets", "cities", "name_count", "sort_key", "attributes",
    )  # fmt: skip

    def __init__(self, index: int, ref: Ref, c: ContactData) -> None:
        self.index = index
        self.ref = ref
        self.name = name = names.person_name(c)
        self.emails = self.domains = self.phones = self.profiles = self.streets = self.cities = _EMPTY
        self.locals: dict[str, str] = {}
        self.profile_services: dict[str, set[str]] = {}
        if c.emails:
            self._read_emails(c)
        if c.phones:
            self.phones = frozenset(t for t in map(phone_tail, (p.value for p in c.phones)) if t)
        if c.social_profiles:
            self._read_profiles(c)
        org = c.organization
        self.org = names.org_key(org) if org else ""
        self.org_shown = org.strip()
        self.birthday = c.birthday.strip()
        if c.addresses:
            self.cities = frozenset(" ".join(names.words(a.city)) for a in c.addresses if a.city.strip())
            self.streets = frozenset(
                " ".join(names.words(a.street)) + "|" + "".join(names.words(a.postal_code or a.city))
                for a in c.addresses
                if a.street.strip()
            )
        self.name_count = 1
        self.sort_key = f"{name.given} {name.family_key} {self.org}"
        self.attributes: list[tuple[str, bool]] | None = None  # _attribute_keys, when first needed

    def _read_emails(self, c: ContactData) -> None:
        emails = set()
        domains = set()
        roles = _role_mailboxes()
        for e in c.emails:
            value = email_key(e.value)
            local, at, domain = value.rpartition("@")
            if not at or not local:
                continue
            emails.add(value)
            domains.add(domain)
            local = local.split("+", 1)[0]
            if len(local) >= 3 and local not in roles:
                self.locals[local] = value
        self.emails = frozenset(emails)
        self.domains = frozenset(domains)

    def _read_profiles(self, c: ContactData) -> None:
        profiles = set()
        for s in c.social_profiles:
            key = profile_key(s)
            if key:
                profiles.add(key)
                self.profile_services.setdefault(service_of(s), set()).add(key)
        self.profiles = frozenset(profiles)


@cache
def _role_mailboxes() -> frozenset[str]:
    return frozenset(line.lower() for line in names.data_lines("role_mailboxes.txt"))


# --------------------------------------------------------------------------- scoring


@lru_cache(maxsize=1 << 17)  # namesakes repeat: each pair of names is weighed once
def name_evidence(a: names.PersonName, b: names.PersonName) -> tuple[float, tuple[str, ...]] | None:
    """Log-odds and reasons from the two names; None when the names say these are different people."""
    if not a or not b:
        return NO_NAME, ()
    if a.generation != b.generation:
        return None  # John Smith and John Smith Jr.: father and son
    if not a.family or not b.family:  # a name written as one word: "山田太郎" and "山田 太郎"
        one, other = (a, b) if not a.family else (b, a)
        if other.family and one.given in (other.given + other.family_key, other.family_key + other.given):
            return GIVEN_WEIGHT[names.SAME] + FAMILY_WEIGHT[names.SAME_FAMILY], ("same name",)
    best: tuple[float, tuple[str, ...]] | None = None
    for swapped in (False, True):
        if swapped:
            if not (a.given and a.family and b.given and b.family):
                break
            fam = names.compare_family(a.family, (b.given,))
            given_kind, given_reason, ga, gb = _best_given((a.given,), (b.family_key,))
        else:
            fam = names.compare_family(a.family, b.family)
            given_kind, given_reason, ga, gb = _best_given(_forms(a), _forms(b))
        if given_kind == names.DIFFERENT:
            continue
        weight = GIVEN_WEIGHT[given_kind]
        if given_kind == names.VARIANT:
            meanings = max(len(names.nicknames().groups(ga)), len(names.nicknames().groups(gb)))
            weight += AMBIGUOUS_NICKNAME * math.log2(meanings) if meanings > 1 else 0.0
        reasons: list[str] = []
        weight += FAMILY_DIFFERENT if fam == names.DIFFERENT else FAMILY_WEIGHT[fam]
        if swapped:
            weight += SWAPPED
            reasons.append("given and family names swapped")
        elif given_kind == names.SAME and fam == names.SAME_FAMILY:
            reasons.append(_same_name_reason(a, b))
        else:
            if given_reason:
                reasons.append(given_reason.format(a=_shown(ga, a), b=_shown(gb, b)))
            elif given_kind == names.MISSING:
                reasons.append("one has no given name")
            reasons += _family_reasons(fam, a, b)
        if a.middle and b.middle and a.middle[0][0] != b.middle[0][0]:
            weight += MIDDLE_CONFLICT
        if best is None or weight > best[0]:
            best = (weight, tuple(reasons))
    return best


def _forms(n: names.PersonName) -> tuple[str, ...]:
    """The given name and the nicknames a contact goes by."""
    return (n.given, *n.aliases) if n.given else n.aliases


def _family_reasons(fam: str, a: names.PersonName, b: names.PersonName) -> list[str]:
    if fam == names.PART_FAMILY:
        return [f"{a.shown_family} and {b.shown_family} share a family name"]
    if fam == names.TYPO_FAMILY:
        return [f"{a.shown_family} and {b.shown_family} differ by a typo"]
    if fam == names.INITIAL_FAMILY:
        short, long_ = sorted((a, b), key=lambda n: len(n.family_key))
        return [f"{short.shown_family} may stand for {long_.shown_family}"]
    if fam == names.SAME_FAMILY:
        return [f"same family name: {a.shown_family or b.shown_family}"]
    return []


def _best_given(forms_a: tuple[str, ...], forms_b: tuple[str, ...]) -> tuple[str, str, str, str]:
    """The closest relation between any given name or nickname of one and of the other."""
    order = (names.SAME, names.VARIANT, names.PREFIX, names.TYPO, names.INITIAL, names.MISSING)
    best = (names.DIFFERENT, "", "", "")
    rank = len(order)
    if not forms_a or not forms_b:
        return names.MISSING, "", "", ""
    for x in forms_a:
        for y in forms_b:
            kind, reason = names.compare_given(x, y)
            if kind in order and order.index(kind) < rank:
                rank = order.index(kind)
                best = (kind, reason, x, y)
                if rank == 0:
                    return best
    return best


def _shown(form: str, n: names.PersonName) -> str:
    """A folded given name as the contact writes it (for reasons): "Bob", "J."."""
    shown = n.shown_given
    if shown and names.words(shown)[:1] == (form,):
        return shown + ("." if len(form) == 1 and not shown.endswith(".") else "")
    return form.capitalize() + ("." if len(form) == 1 else "")


def _same_name_reason(a: names.PersonName, b: names.PersonName) -> str:
    x = f"{a.shown_given} {a.shown_family}"
    y = f"{b.shown_given} {b.shown_family}"
    if x != y and fold_text(x) == fold_text(y) and (x.isascii() or y.isascii()):
        return "same name, written without accents"
    return "same name"


def _evidence(p: Person, q: Person) -> tuple[float, list[str]] | None:
    named = name_evidence(p.name, q.name)
    if named is None:
        if not p.profiles & q.profiles:
            return None
        named = (NO_NAME, ())  # one LinkedIn profile is one person, whatever the names say
    total, reasons = named[0], list(named[1])
    total += PRIOR
    total += common_name_weight(max(p.name_count, q.name_count))
    shared_ids = False
    if p.emails and q.emails:
        same = p.emails & q.emails
        if same:
            total += SAME_EMAIL
            reasons.append(f"same email address: {min(same)}")
            shared_ids = True
        else:
            locals_ = set(p.locals) & set(q.locals)
            if locals_:
                local = min(locals_)
                total += SAME_EMAIL_NAME_FROM_NAME if _from_name(local, p, q) else SAME_EMAIL_NAME
                reasons.append(f"same name before the @ in their emails: {local}")
            elif _work_domains(p) & _work_domains(q):
                total += DIFFERENT_WORK_EMAILS
            else:
                total += DIFFERENT_EMAILS
    if p.phones and q.phones:
        if p.phones & q.phones:
            total += SAME_PHONE
            reasons.append("same phone number")
            shared_ids = True
        else:
            total += DIFFERENT_PHONES
    if p.profiles and q.profiles:
        same = p.profiles & q.profiles
        if same:
            total += SAME_PROFILE
            service = min(same).partition(":")[0]
            reasons.append(f"same {_SERVICE_NAMES.get(service, service or 'social')} profile")
            shared_ids = True
        elif any(q.profile_services.get(s) for s in p.profile_services if s in ("linkedin", "xing")):
            total += DIFFERENT_PROFILES
    if not p.name or not q.name:
        if not shared_ids:
            return None
    if p.org and q.org:
        if p.org == q.org or _similar_org(p.org, q.org):
            total += SAME_COMPANY
            reasons.append(f"same company: {p.org_shown}")
        else:
            total += DIFFERENT_COMPANIES
    elif p.org or q.org:
        with_org, other = (p, q) if p.org else (q, p)
        if _email_at(other.domains, with_org.org):
            total += EMAIL_AT_COMPANY
            reasons.append(f"email at {with_org.org_shown}")
    if p.birthday and q.birthday:
        if p.birthday == q.birthday:
            total += SAME_BIRTHDAY if p.birthday[:2] != "--" else SAME_BIRTHDAY_NO_YEAR
            reasons.append("same birthday")
        elif p.birthday[-5:] == q.birthday[-5:]:
            total += SAME_BIRTHDAY_NO_YEAR
            reasons.append("same birthday")
        else:
            total += DIFFERENT_BIRTHDAYS
    if p.streets & q.streets:
        total += SAME_ADDRESS
        reasons.append("same address")
    elif p.cities and q.cities:
        if p.cities & q.cities:
            total += SAME_CITY
        else:
            total += DIFFERENT_CITIES
    return total, reasons


_SERVICE_NAMES = {"linkedin": "LinkedIn", "twitter": "X (Twitter)", "github": "GitHub", "facebook": "Facebook",
                  "instagram": "Instagram", "xing": "XING", "mastodon": "Mastodon"}  # fmt: skip


def _from_name(local: str, p: Person, q: Person) -> bool:
    """True when an email name is spelled from the person's name (``john.smith``, ``jsmith``, ``smithj``)."""
    parts = set(names.words(local.replace(".", " ").replace("_", " ").replace("-", " ")))
    name_words = {p.name.given, q.name.given, *p.name.family, *q.name.family} - {""}
    if parts & name_words:
        return True
    family = p.name.family_key or q.name.family_key
    given = p.name.given or q.name.given
    return bool(family and given and local in (given[0] + family, family + given[0], given + family))


def _similar_org(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(a, b) >= 90 and min(len(a), len(b)) >= 4


def _email_at(domains: frozenset[str], org: str) -> bool:
    compact = org.replace(" ", "")
    if len(compact) < 3:
        return False
    for domain in domains:
        labels = domain.split(".")
        if compact in labels[:-1] or any(label.replace("-", "") == compact for label in labels[:-1]):
            return True
    return False


def _work_domains(p: Person) -> set[str]:
    """The contact's email domains that are its company's own (ahmed.khan@deloitte.co.uk at Deloitte)."""
    return {d for d in p.domains if p.org and _email_at(frozenset((d,)), p.org)}


def clear_caches() -> None:
    """Forget the names cut and compared so far (a benchmark measures a scan from cold)."""
    for f in (names._person_name, names._simple_name, names.words, names.org_key, names.compare_given,
              names.compare_family, name_evidence):  # fmt: skip
        f.cache_clear()


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def score_pair(a: ContactData, b: ContactData) -> tuple[float, tuple[str, ...]]:
    """How likely ``a`` and ``b`` are the same person (0..1), and why in words."""
    found = weigh(Person(0, 0, a), Person(1, 1, b))
    return found if found is not None else (0.0, ())


def weigh(p: Person, q: Person) -> tuple[float, tuple[str, ...]] | None:
    """(score, reasons) of a pair of prepared contacts; None when they cannot be one person."""
    found = _evidence(p, q)
    if found is None:
        return None
    total, reasons = found
    return _sigmoid(total), tuple(dict.fromkeys(reasons))


def common_name_weight(count: int) -> float:
    """What a name shared by ``count`` contacts takes away: one of two namesakes proves less than one of one."""
    return COMMON_NAME * math.log2(count / 2) if count > 2 else 0.0


def prepare(contacts: Iterable[tuple[Ref, ContactData]]) -> list[Person]:
    """The features of every contact, numbered in order, with how many contacts share each one's exact name."""
    people = [Person(i, ref, c) for i, (ref, c) in enumerate(contacts)]
    exact = [(p.name.given, p.name.family_key, p.name.generation) if p.name.given and p.name.family else None
             for p in people]  # fmt: skip
    counts = Counter(exact)
    for p, key in zip(people, exact):
        if key is not None:
            p.name_count = counts[key]
    return people


