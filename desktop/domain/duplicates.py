"""Likely duplicate contacts, for a person to confirm: scored pairs, grouped, best first.

``find_duplicates(contacts, dismissed)`` never compares all pairs. Each
contact gets a few blocking keys (its family name with the initial of its
given name, and that family name with one letter dropped, which catches
typos; the groups of its given name in ``nicknames.txt``; its name the
other way round; its phone numbers' last nine digits; its email addresses
and their part before the @; its social profiles), and only contacts that
share a key are compared. A key shared by very many contacts (a company
switchboard, "Smith" with initial J) compares each only with its neighbours
in name order.

``score_pair`` weighs the evidence as log-odds and turns the sum into a
score between 0 and 1: similar names (the same, a nickname, an initial, a
typo, given and family swapped) are the start; a shared email, phone,
profile, company, birthday or address adds; two different emails, phones,
LinkedIn profiles or companies take away, so two people who share a common
name but nothing else are not suggested. Different given names (Mark and
Mary) or different generations (John Smith and John Smith Jr.) are never
the same person. Every reason that counted for a pair is given in words.

Pairs at or above ``MIN_SCORE`` are grouped by merging the best pairs first,
and two groups only join when every pair across them still looks alike (and
none was dismissed), so one weak link cannot chain unrelated people.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from desktop.domain import names
from desktop.domain.contact import ContactData, fold_text
from desktop.domain.profiles import profile_key, service_of

Ref = Hashable

#: Pairs scoring below this are not suggested.
MIN_SCORE = 0.5
#: A block of more contacts than this compares each only with its WINDOW next neighbours in name order.
MAX_BLOCK = 40
WINDOW = 6
#: Two groups join only if no pair across them scores below this.
LINK_FLOOR = 0.3
#: No group grows past this many contacts.
MAX_GROUP = 12

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


@dataclass(frozen=True)
class DuplicatePair:
    a: Ref
    b: Ref
    score: float  # 0..1
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class DuplicateGroup:
    refs: tuple[Ref, ...]  # in the order the contacts were given
    score: float  # the mean score of the pairs in the group
    reasons: tuple[str, ...]  # the reasons of its pairs, most frequent first
    pairs: tuple[DuplicatePair, ...]  # every pair in the group, best first


# --------------------------------------------------------------------------- features


_EMPTY: frozenset[str] = frozenset()


class _Person:
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
            value = e.value.strip().lower()
            if value[:7] == "mailto:":
                value = value[7:]
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

    def exact_name(self) -> str:
        n = self.name
        return f"{n.given}|{n.family_key}|{n.generation}" if n.given and n.family else ""

    def id_keys(self) -> list[str]:
        """Blocking keys from what reaches the person: emails (and their part before the @), phones, profiles."""
        out = [f"e|{e}" for e in self.emails]
        out += [f"l|{local}" for local in self.locals]
        out += [f"p|{p}" for p in self.phones]
        out += [f"s|{p}" for p in self.profiles]
        return out


def name_keys(n: names.PersonName) -> list[str]:
    """Blocking keys from a name: two names are compared only if they share one."""
    given, family = n.given, n.family_key
    if not family:
        return [f"c|{given}"] if given else []  # one word: "Bob", or a name written without spaces ("山田太郎")
    if not given:
        return [f"f|{family}|"]
    initial = given[0]
    out = [f"f|{family}|{initial}"]  # the same name, an initial, a typo in the given name
    if len(n.family) > 1:  # "García" and "García López", "Eze" and "Eze-Okafor"
        out += [f"f|{w}|{initial}" for w in n.family if len(w) > 1 and w not in names.name_words().particles]
    if len(given) > 1:
        out.append("x|" + "|".join(sorted((given, family))))  # given and family names swapped
        if 5 <= len(family) <= 16:  # a typo in the family name: the name with one letter left out meets it
            # keyed by the given name's line in nicknames.txt, so "Aisha Rahman" meets "Ayesha Rahmen" too
            form = f"#{groups[0]}" if (groups := names.nicknames().groups(given)) else given
            out.append(f"t|{form}|{family}")
            out += [f"t|{form}|{family[:i]}{family[i + 1 :]}" for i in range(len(family))]
    nick = names.nicknames()
    for form in (given, *n.aliases):
        out += [f"v|{family}|{g}" for g in nick.groups(form)]
    if not family.isascii() and _UNSPACED.search(family):  # 山田 太郎 and 山田太郎
        out += [f"c|{given}{family}", f"c|{family}{given}"]
    return out


# Scripts written without spaces between family and given name.
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


_ROLES: frozenset[str] | None = None


def _role_mailboxes() -> frozenset[str]:
    global _ROLES
    if _ROLES is None:
        _ROLES = frozenset(line.lower() for line in names.data_lines("role_mailboxes.txt"))
    return _ROLES


# --------------------------------------------------------------------------- scoring


@lru_cache(maxsize=1 << 17)  # namesakes repeat: each pair of names is weighed once
def _name_evidence(a: names.PersonName, b: names.PersonName) -> tuple[float, tuple[str, ...]] | None:
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


def _evidence(p: _Person, q: _Person) -> tuple[float, list[str]] | None:
    named = _name_evidence(p.name, q.name)
    if named is None:
        if not p.profiles & q.profiles:
            return None
        named = (NO_NAME, ())  # one LinkedIn profile is one person, whatever the names say
    total, reasons = named[0], list(named[1])
    total += PRIOR
    total += _common(max(p.name_count, q.name_count))
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


def _from_name(local: str, p: _Person, q: _Person) -> bool:
    """True when an email name is spelled from the person's name (``john.smith``, ``jsmith``, ``smithj``)."""
    parts = set(names.words(local.replace(".", " ").replace("_", " ").replace("-", " ")))
    name_words = {p.name.given, q.name.given, *p.name.family, *q.name.family} - {""}
    if parts & name_words:
        return True
    family = p.family_key or q.family_key
    given = p.name.given or q.name.given
    return bool(family and given and local in (given[0] + family, family + given[0], given + family))


def _similar_org(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

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


def _work_domains(p: _Person) -> set[str]:
    """The contact's email domains that are its company's own (ahmed.khan@deloitte.co.uk at Deloitte)."""
    return {d for d in p.domains if p.org and _email_at(frozenset((d,)), p.org)}


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def score_pair(a: ContactData, b: ContactData) -> tuple[float, tuple[str, ...]]:
    """How likely ``a`` and ``b`` are the same person (0..1), and why in words."""
    found = _score(_Person(0, 0, a), _Person(1, 1, b))
    return found if found is not None else (0.0, ())


def _score(p: _Person, q: _Person) -> tuple[float, tuple[str, ...]] | None:
    found = _evidence(p, q)
    if found is None:
        return None
    total, reasons = found
    return _sigmoid(total), tuple(dict.fromkeys(reasons))


# --------------------------------------------------------------------------- blocking and grouping


def _people(contacts: Iterable[tuple[Ref, ContactData]]) -> list[_Person]:
    people = [_Person(i, ref, c) for i, (ref, c) in enumerate(contacts)]
    counts: dict[str, int] = {}
    for p in people:
        key = p.exact_name()
        if key:
            counts[key] = counts.get(key, 0) + 1
    for p in people:
        key = p.exact_name()
        if key:
            p.name_count = counts[key]
    return people


def _block_pairs(members: list[int], people: list[_Person], add) -> None:  # noqa: ANN001
    """Every pair of a small block; in a big one, each contact with its WINDOW neighbours in name order."""
    k = len(members)
    if k <= MAX_BLOCK:
        for x in range(k):
            i = members[x]
            for j in members[x + 1 :]:
                add((i, j) if i < j else (j, i))
        return
    ordered = sorted(members, key=lambda i: people[i].sort_key)
    for x in range(k):
        i = ordered[x]
        for j in ordered[x + 1 : x + 1 + WINDOW]:
            add((i, j) if i < j else (j, i))


# What a pair can gain beyond its names and what reaches the person (emails, phones and profiles have keys of their own).
_MAX_ATTRIBUTES = SAME_COMPANY + SAME_BIRTHDAY + SAME_ADDRESS + SAME_CITY


def _common(count: int) -> float:
    return COMMON_NAME * math.log2(count / 2) if count > 2 else 0.0


def _attribute_keys(p: _Person) -> list[tuple[str, bool]]:
    """(key, is it the company itself) for what two namesakes may share: company, birthday, street."""
    if p.attributes is not None:
        return p.attributes
    p.attributes = out = []
    if p.org:
        out.append(("o|" + p.org.replace(" ", ""), True))
    for domain in p.domains:  # an address at acme.com meets the company Acme
        out += [("o|" + label.replace("-", ""), False) for label in domain.split(".")[:-1] if len(label) >= 3]
    if p.birthday:
        out.append(("b|" + p.birthday[-5:], True))
    out += [("a|" + street, True) for street in p.streets]
    return out


def _pairs_by_attributes(a: list[int], b: list[int] | None, people: list[_Person], add) -> None:  # noqa: ANN001
    """Pairs (within ``a``, or across ``a`` and ``b``) that share a company, a birthday or an address."""
    buckets: dict[str, list[tuple[int, bool, bool]]] = {}
    for side, members in ((False, a), (True, b or ())):
        for i in members:
            for key, strong in _attribute_keys(people[i]):
                buckets.setdefault(key, []).append((i, strong, side))
    for bucket in buckets.values():
        if len(bucket) > MAX_BLOCK:  # many namesakes at one company: only neighbours
            bucket = sorted(bucket, key=lambda e: people[e[0]].sort_key)
        for x, (i, strong_i, side_i) in enumerate(bucket):
            rest = bucket[x + 1 : x + 1 + WINDOW] if len(bucket) > MAX_BLOCK else bucket[x + 1 :]
            for j, strong_j, side_j in rest:
                if i != j and (strong_i or strong_j) and (b is None or side_i != side_j):
                    add((i, j) if i < j else (j, i))


def _pair_classes(a: list[int], b: list[int] | None, base: float, people: list[_Person], add) -> None:  # noqa: ANN001
    """Pairs of contacts of two names (or of one name, ``b`` None) whose names weigh ``base`` log-odds.

    A pair of common names cannot reach the threshold on their names alone:
    then only pairs that share a company, birthday or address are worth
    scoring (those that share an email, phone or profile are paired by
    those keys anyway). So no pair that could be suggested is left out.
    """
    if base + _MAX_ATTRIBUTES < 0:
        return
    if base < 0:
        _pairs_by_attributes(a, b, people, add)
    elif b is None:
        _block_pairs(a, people, add)
    elif len(a) * len(b) <= MAX_BLOCK * WINDOW:
        for i in a:
            for j in b:
                add((i, j) if i < j else (j, i))
    else:
        _pairs_by_attributes(a, b, people, add)


def candidate_pairs(people: list[_Person], min_score: float = MIN_SCORE) -> set[tuple[int, int]]:
    """Pairs of indexes worth scoring (each once, smaller index first).

    Names are blocked as distinct names, not contacts: the 40 John Smiths
    of a big list are one name, compared once with "Jon Smith"; a pair of
    names that cannot be one person (John and Jane) is dropped before any
    of its contacts are paired.
    """
    threshold = math.log(min_score / (1 - min_score)) if 0 < min_score < 1 else 0.0
    pairs: set[tuple[int, int]] = set()
    add = pairs.add
    id_blocks: defaultdict[str, list[int]] = defaultdict(list)
    classes: defaultdict[names.PersonName, list[int]] = defaultdict(list)
    for p in people:
        for key in p.id_keys():
            id_blocks[key].append(p.index)
        if p.name:
            classes[p.name].append(p.index)
    for members in id_blocks.values():
        if len(members) > 1:
            _block_pairs(sorted(set(members)), people, add)
    class_names = list(classes)
    name_blocks: defaultdict[str, list[int]] = defaultdict(list)
    for c, name in enumerate(class_names):
        members = classes[name]
        if len(members) > 1:  # namesakes
            base = _name_evidence(name, name)[0] + PRIOR + _common(people[members[0]].name_count) - threshold
            _pair_classes(members, None, base, people, add)
        for key in set(name_keys(name)):
            name_blocks[key].append(c)
    class_pairs: set[tuple[int, int]] = set()
    for block in name_blocks.values():
        k = len(block)
        if k < 2:
            continue
        if k > MAX_BLOCK:
            block = sorted(block, key=lambda c: (class_names[c].given, class_names[c].family_key))
        for x in range(k):
            for y in range(x + 1, min(x + 1 + WINDOW, k) if k > MAX_BLOCK else k):
                class_pairs.add((block[x], block[y]))
    for x, y in class_pairs:
        named = _name_evidence(class_names[x], class_names[y])
        if named is None:
            continue  # John and Jane Smith: none of their contacts need comparing
        a, b = classes[class_names[x]], classes[class_names[y]]
        count = max(people[a[0]].name_count, people[b[0]].name_count)
        _pair_classes(a, b, named[0] + PRIOR + _common(count) - threshold, people, add)
    return pairs


def find_duplicates(
    contacts: Iterable[tuple[Ref, ContactData]],
    dismissed: Iterable[tuple[Ref, Ref]] = (),
    min_score: float = MIN_SCORE,
) -> list[DuplicateGroup]:
    """Groups of contacts that are likely the same person, best first.

    ``contacts`` are ``(ref, ContactData)`` pairs, a ref being whatever the
    caller names a contact by (a database id). A pair in ``dismissed`` (in
    either order) is never suggested again, nor put in one group.
    """
    people = _people(contacts)
    index = {p.ref: p.index for p in people}
    never = set()
    for a, b in dismissed:
        if a in index and b in index:
            i, j = sorted((index[a], index[b]))
            never.add((i, j))
    scored: dict[tuple[int, int], tuple[float, tuple[str, ...]] | None] = {}
    edges = []
    for pair in candidate_pairs(people, min_score):
        if pair in never:
            continue
        found = _score(people[pair[0]], people[pair[1]])
        scored[pair] = found
        if found is not None and found[0] >= min_score:
            edges.append((found[0], pair))
    edges.sort(key=lambda e: (-e[0], e[1]))
    return _group(people, edges, scored, never, min_score)


def _group(people, edges, scored, never, min_score) -> list[DuplicateGroup]:  # noqa: ANN001
    root: dict[int, int] = {}
    members: dict[int, list[int]] = {}

    def find(i: int) -> int:
        while root.get(i, i) != i:
            i = root[i]
        return i

    def pair_score(i: int, j: int) -> float | None:
        key = (i, j) if i < j else (j, i)
        if key in never:
            return None
        if key not in scored:
            scored[key] = _score(people[key[0]], people[key[1]])
        found = scored[key]
        return found[0] if found is not None else None

    for _, (i, j) in edges:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        group_i, group_j = members.get(ri, [ri]), members.get(rj, [rj])
        if len(group_i) + len(group_j) > MAX_GROUP:
            continue
        if len(group_i) > 1 or len(group_j) > 1:
            cross = [pair_score(x, y) for x in group_i for y in group_j]
            if any(s is None or s < LINK_FLOOR for s in cross) or sum(cross) / len(cross) < min_score:
                continue
        root[rj] = ri
        members[ri] = group_i + group_j
        members.pop(rj, None)

    groups = []
    for member_list in members.values():
        ordered = sorted(member_list)
        pairs = []
        for x, i in enumerate(ordered):
            for j in ordered[x + 1 :]:
                found = scored[(i, j)] if (i, j) in scored else _score(people[i], people[j])
                score, reasons = found if found is not None else (0.0, ())
                pairs.append(DuplicatePair(people[i].ref, people[j].ref, round(score, 4), reasons))
        pairs.sort(key=lambda pr: -pr.score)
        counts: dict[str, int] = {}
        for pr in pairs:
            for r in pr.reasons:
                counts[r] = counts.get(r, 0) + 1
        reasons = tuple(sorted(counts, key=lambda r: -counts[r]))
        score = round(sum(pr.score for pr in pairs) / len(pairs), 4)
        groups.append((-score, ordered[0], DuplicateGroup(tuple(people[i].ref for i in ordered), score, reasons, tuple(pairs))))
    groups.sort(key=lambda g: g[:2])
    return [g[2] for g in groups]
