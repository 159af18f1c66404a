"""Which pairs of contacts are worth scoring: blocking keys, so that a scan never compares all pairs.

Each contact gets keys from what reaches the person (emails and their part
before the @, phone tails, profiles); each distinct name gets keys from its
parts (family name with the given initial, the family name with one letter
left out for typos, the given name's lines in ``nicknames.txt``, the name
the other way round). Only contacts or names that share a key are paired. A
key shared by very many compares each only with its ``WINDOW`` neighbours in
name order. Pairs of a common name, which cannot reach the threshold on their
names alone, are paired only where they share a company, birthday, address
or city, so no pair that could be suggested is left out.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from itertools import combinations

from desktop.domain import names
from desktop.domain.duplicates.evidence import (
    MIN_SCORE,
    PRIOR,
    SAME_ADDRESS,
    SAME_BIRTHDAY,
    SAME_CITY,
    SAME_COMPANY,
    Person,
    common_name_weight,
    name_evidence,
)

#: A block of more than this compares each member only with its WINDOW next neighbours in name order.
MAX_BLOCK = 40
WINDOW = 6


def id_keys(p: Person) -> list[str]:
    """Blocking keys from what reaches the person: emails (and their part before the @), phones, profiles."""
    out = [f"e|{email}" for email in p.emails]
    out += [f"l|{local}" for local in p.locals]
    out += [f"p|{tail}" for tail in p.phones]
    out += [f"s|{profile}" for profile in p.profiles]
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
    nick = names.nicknames()
    for form in (given, *n.aliases):
        out += [f"v|{family}|{g}" for g in nick.groups(form)]
    if not family.isascii() and _UNSPACED.search(family):  # 山田 太郎 and 山田太郎
        out += [f"c|{given}{family}", f"c|{family}{given}"]
    return out


# Scripts written without spaces between family and given name.
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def _block_pairs(members: list[int], people: list[Person], add) -> None:  # noqa: ANN001
    """Every pair of a small block (``members`` in index order); in a big one, each with its WINDOW neighbours."""
    k = len(members)
    if k <= MAX_BLOCK:
        for pair in combinations(members, 2):
            add(pair)
        return
    ordered = sorted(members, key=lambda i: people[i].sort_key)
    for x in range(k):
        i = ordered[x]
        for j in ordered[x + 1 : x + 1 + WINDOW]:
            add((i, j) if i < j else (j, i))


# What a pair can gain beyond its names and what reaches the person (emails, phones, profiles: keys of their own),
# per kind of attribute key: an upper bound of what sharing that key adds in ``evidence._evidence``.
_KEY_GAIN = {"o": SAME_COMPANY, "b": SAME_BIRTHDAY, "a": SAME_ADDRESS, "c": SAME_CITY}
_MAX_ATTRIBUTES = sum(_KEY_GAIN.values())


def _attribute_keys(p: Person) -> list[tuple[str, bool]]:
    """(key, strong) for what two namesakes may share: company, birthday, street, city.

    An email domain (``acme.com``) is a weak key: it pairs with the company
    Acme, but two addresses at gmail.com are no reason to pair.
    """
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
    out += [("c|" + city, True) for city in p.cities]
    return out


def _pairs_by_attributes(a: list[int], b: list[int] | None, base: float, people: list[Person], add) -> None:  # noqa: ANN001
    """Pairs (within ``a``, or across ``a`` and ``b``) whose shared company, birthday, address and city can lift
    their names' ``base`` log-odds to the threshold.

    Namesakes of a common name who share only a company cannot (Rapport's own
    benchmark database has 111 of each name at ten companies: half a million
    such pairs, none of them a duplicate), so what each pair shares is summed
    first and only the pairs that could be suggested are scored.
    """
    buckets: dict[str, list[tuple[int, bool, bool]]] = {}
    for side, members in ((False, a), (True, b or ())):
        for i in members:
            for key, strong in _attribute_keys(people[i]):
                buckets.setdefault(key, []).append((i, strong, side))
    gains: dict[tuple[int, int], float] = {}
    for key, bucket in buckets.items():
        gain = _KEY_GAIN[key[0]]
        if len(bucket) > MAX_BLOCK:  # many namesakes at one company: only neighbours
            bucket = sorted(bucket, key=lambda e: people[e[0]].sort_key)
        for x, (i, strong_i, side_i) in enumerate(bucket):
            rest = bucket[x + 1 : x + 1 + WINDOW] if len(bucket) > MAX_BLOCK else bucket[x + 1 :]
            for j, strong_j, side_j in rest:
                if i != j and (strong_i or strong_j) and (b is None or side_i != side_j):
                    pair = (i, j) if i < j else (j, i)
                    gains[pair] = gains.get(pair, 0.0) + gain
    for pair, gain in gains.items():
        if base + gain >= 0:
            add(pair)


def _pair_classes(a: list[int], b: list[int] | None, base: float, people: list[Person], add) -> None:  # noqa: ANN001
    """Pairs of contacts of two names (or of one name, ``b`` None) whose names weigh ``base`` log-odds.

    A pair of common names cannot reach the threshold on their names alone:
    then only pairs that share enough of a company, birthday, address or city
    are worth scoring (those that share an email, phone or profile are paired
    by those keys anyway), and the others are not paired at all.
    """
    if base + _MAX_ATTRIBUTES < 0:
        return
    if base < 0:
        _pairs_by_attributes(a, b, base, people, add)
    elif b is None:
        _block_pairs(a, people, add)
    elif len(a) * len(b) <= MAX_BLOCK * WINDOW:
        for i in a:
            for j in b:
                add((i, j) if i < j else (j, i))
    else:
        _pairs_by_attributes(a, b, base, people, add)


def _typo_pairs(class_names: list[names.PersonName]) -> set[tuple[int, int]]:
    """Pairs of names one typo apart in the family name, with the same given name (or one of its spellings).

    Distinct family names meet through the name with one letter left out
    ("jonson" is "johnson" without its h, and "jonhson" without its second
    h), as in a deletion index; then the names of two such families pair
    when their given names are on the same line of ``nicknames.txt`` or
    equal, so "Aisha Rahman" meets "Ayesha Rahmen" too.
    """
    nick = names.nicknames()
    families: defaultdict[str, defaultdict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for c, name in enumerate(class_names):
        family = name.family_key
        if len(name.given) > 1 and 5 <= len(family) <= 16:
            groups = nick.groups(name.given)
            families[family][f"#{groups[0]}" if groups else name.given].append(c)
    near: defaultdict[str, list[str]] = defaultdict(list)
    for family in families:
        near[family].append(family)
        for i in range(len(family)):
            near[family[:i] + family[i + 1 :]].append(family)
    out: set[tuple[int, int]] = set()
    for block in near.values():
        if len(block) < 2:
            continue
        for x, f1 in enumerate(block):
            for f2 in block[x + 1 : x + 1 + MAX_BLOCK]:
                if f1 == f2:
                    continue
                forms1, forms2 = families[f1], families[f2]
                for form in forms1.keys() & forms2.keys():
                    out.update((c1, c2) for c1 in forms1[form] for c2 in forms2[form])
    return out


def candidate_pairs(people: list[Person], min_score: float = MIN_SCORE) -> set[tuple[int, int]]:
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
        for key in id_keys(p):
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
            base = name_evidence(name, name)[0] + PRIOR + common_name_weight(people[members[0]].name_count) - threshold
            _pair_classes(members, None, base, people, add)
        for key in set(name_keys(name)):
            name_blocks[key].append(c)
    class_pairs = _typo_pairs(class_names)
    for block in name_blocks.values():
        k = len(block)
        if k < 2:
            continue
        if k <= MAX_BLOCK:
            class_pairs.update(combinations(block, 2))
            continue
        block = sorted(block, key=lambda c: (class_names[c].given, class_names[c].family_key))
        for x in range(k):
            class_pairs.update((block[x], y) for y in block[x + 1 : x + 1 + WINDOW])
    for x, y in class_pairs:
        named = name_evidence(class_names[x], class_names[y])
        if named is None:
            continue  # John and Jane Smith: none of their contacts need comparing
        a, b = classes[class_names[x]], classes[class_names[y]]
        count = max(people[a[0]].name_count, people[b[0]].name_count)
        _pair_classes(a, b, named[0] + PRIOR + common_name_weight(count) - threshold, people, add)
    return pairs


