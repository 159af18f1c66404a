"""People's and companies' names as parts that can be compared: folded words, with titles,
generations (Jr., Sr.) and degrees set apart, and given names that go together (Bob and Robert).

The vocabularies are data files a person can extend, in ``desktop/domain/data/``:
``nicknames.txt`` (given names, their spellings and short forms),
``name_words.txt`` (titles, generations, degrees, family-name particles) and
``company_forms.txt`` (Inc., GmbH, ...). Everything here is folded with
``contact.fold_text``, so case and accents never matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from desktop.domain.contact import ContactData, fold_text

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = re.compile(r"(?<=\w)['’`´](?=\w)")  # O'Brien is one word
_BRACKETED = re.compile(r"\(([^()]*)\)|\"([^\"]*)\"|“([^”]*)”|'([^']+)'(?=\s|$)")


def data_lines(name: str) -> list[str]:
    """The lines of a vocabulary file in ``desktop/domain/data/``, without comments and blank lines."""
    text = resources.files("desktop.domain").joinpath("data", name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


@lru_cache(maxsize=1 << 16)
def words(text: str) -> tuple[str, ...]:
    """The folded words of ``text``: ``"Seán O'Brien-Kelly"`` -> ``("sean", "obrien", "kelly")``."""
    return tuple(_WORD.findall(_APOSTROPHES.sub("", fold_text(text))))


def _word(text: str) -> str:
    return "".join(words(text))


# --------------------------------------------------------------------------- vocabularies


@dataclass(frozen=True)
class _NameWords:
    titles: frozenset[str]
    letters: frozenset[str]
    particles: frozenset[str]
    generations: dict[str, str]  # any spelling -> the canonical word ("junior" -> "jr")


@cache
def name_words() -> _NameWords:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in data_lines("name_words.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip().lower()
            continue
        sections.setdefault(current, []).append(line)
    generations: dict[str, str] = {}
    for line in sections.get("generations", []):
        main, _, others = line.partition("=")
        canonical = _word(main)
        for w in [main, *others.split(",")]:
            if _word(w):
                generations[_word(w)] = canonical
    return _NameWords(
        titles=frozenset(_word(w) for w in sections.get("titles", []) if _word(w)),
        letters=frozenset(_word(w) for w in sections.get("letters", []) if _word(w)),
        particles=frozenset(_word(w) for w in sections.get("particles", []) if _word(w)),
        generations=generations,
    )


@dataclass(frozen=True)
class _Form:
    group: int  # which line of nicknames.txt
    short: bool  # a short form (after the colon) rather than the name or one of its spellings


@dataclass(frozen=True)
class Nicknames:
    """The given names of ``nicknames.txt``: which forms go together, and which names are real names."""

    forms: dict[str, tuple[_Form, ...]]  # folded name -> the groups it is in
    heads: tuple[str, ...]  # the first name of each line, as written (for reasons)
    group_ids: dict[str, tuple[int, ...]]  # folded name -> the lines it is on

    def groups(self, name: str) -> tuple[int, ...]:
        return self.group_ids.get(name, ())

    def known(self, name: str) -> bool:
        return name in self.forms

    def relation(self, a: str, b: str) -> tuple[int, bool, bool] | None:
        """(group, a is a short form, b is a short form) when folded names ``a`` and ``b`` share a line."""
        for fa in self.forms.get(a, ()):
            for fb in self.forms.get(b, ()):
                if fa.group == fb.group:
                    return fa.group, fa.short, fb.short
        return None


@cache
def nicknames() -> Nicknames:
    forms: dict[str, list[_Form]] = {}
    heads: list[str] = []
    for line in data_lines("nicknames.txt"):
        names, _, shorts = line.partition(":")
        head, _, spellings = names.partition("=")
        group = len(heads)
        heads.append(head.strip())
        entries = [(head, False)] + [(s, False) for s in spellings.split(",")] + [(s, True) for s in shorts.split(",")]
        for text, short in entries:
            key = _word(text)
            if not key:
                continue
            have = forms.setdefault(key, [])
            if not any(f.group == group for f in have):
                have.append(_Form(group, short))
    return Nicknames(
        {k: tuple(v) for k, v in forms.items()}, tuple(heads), {k: tuple(f.group for f in v) for k, v in forms.items()}
    )


@cache
def company_forms() -> frozenset[str]:
    return frozenset(_word(w) for w in data_lines("company_forms.txt") if _word(w))


@lru_cache(maxsize=1 << 16)
def org_key(organization: str) -> str:
    """A company's name without case, accents, punctuation or its legal form: ``"ACME, Inc."`` -> ``"acme"``."""
    ws = words(organization)
    forms = company_forms()
    kept = [w for w in ws if w not in forms]
    return " ".join(kept or ws)


# --------------------------------------------------------------------------- a person's name


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name cut into comparable parts, all folded.

    ``given`` is the first given name (``"j"`` for an initial), ``middle`` the
    other given and additional names, ``family`` the words of the family name
    (particles included: ``("van", "der", "berg")``), ``generation`` a
    canonical ``"jr"``, ``"sr"``, ``"iii"``... or ``""``, ``aliases`` the
    nicknames the contact carries (the NICKNAME field, or ``Robert "Bob" Miller``).
    ``shown_given`` and ``shown_family`` are the same parts as written, for reasons.
    """

    given: str = ""
    middle: tuple[str, ...] = ()
    family: tuple[str, ...] = ()
    generation: str = ""
    aliases: tuple[str, ...] = ()
    shown_given: str = ""
    shown_family: str = ""
    family_key: str = field(default="", init=False, compare=False, repr=False)  # "vanderberg": the family as one word
    _hash: int = field(default=0, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Names are dictionary keys by the hundred thousand in the duplicates scan: hash them once.
        object.__setattr__(self, "family_key", "".join(self.family))
        fields = (self.given, self.middle, self.family, self.generation, self.aliases, self.shown_given,
                  self.shown_family)  # fmt: skip
        object.__setattr__(self, "_hash", hash(fields))

    def __hash__(self) -> int:
        return self._hash

    def __bool__(self) -> bool:
        return bool(self.given or self.family)


def _strip_affixes(parts: list[str], titles: bool = True, keep: int = 1) -> tuple[list[str], str]:
    """Leading titles and trailing generations and degrees off a list of raw words; (rest, generation).

    A degree is only taken off while more than ``keep`` words remain: the
    family name "Ma" is not the degree MA, nor is "Wei Ma" a Wei with an MA.
    """
    vocab = name_words()
    generation = ""
    while titles and len(parts) > 1 and _word(parts[0]) in vocab.titles:
        parts = parts[1:]
    while len(parts) > 1:
        last = _word(parts[-1])
        if last in vocab.generations and not generation:
            generation = vocab.generations[last]
        elif last not in vocab.letters or len(parts) <= keep:
            break
        parts = parts[:-1]
    return parts, generation


def bracketed_parts(text: str) -> tuple[str, list[str]]:
    """``Robert "Bob" Miller`` -> (``Robert  Miller``, [``Bob``]): nicknames written in quotes or brackets."""
    found: list[str] = []

    def take(m: re.Match[str]) -> str:
        found.append(next(g for g in m.groups() if g is not None))
        return " "

    return _BRACKETED.sub(take, text), found


def _is_personal(full: str, c: ContactData) -> bool:
    return bool(full) and full != c.organization.strip() and "@" not in full and any(ch.isalpha() for ch in full)


def person_name(c: ContactData) -> PersonName:
    """The parts of a contact's personal name; an empty ``PersonName`` for a company or a bare number."""
    given, family = c.given_name, c.family_name
    if given or family:
        if _SIMPLE.match(given) and _SIMPLE.match(family) and not (c.additional_name or c.suffix or c.nickname):
            return _simple_name(given, family)  # "Anna", "Berg": most contacts, the duplicates scan's hot path
        return _person_name(given, c.additional_name, family, c.suffix, "", c.nickname)
    full = c.full_name if _is_personal(c.full_name.strip(), c) else ""
    return _person_name("", c.additional_name, "", c.suffix, full, c.nickname)


_SIMPLE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?\Z")  # one word of letters, maybe hyphenated


@lru_cache(maxsize=1 << 17)
def _simple_name(given: str, family: str) -> PersonName:
    given_words = words(given)
    return PersonName(
        given=given_words[0] if given_words else "",
        middle=given_words[1:],
        family=words(family),
        shown_given=given,
        shown_family=family,
    )


@lru_cache(maxsize=1 << 17)  # names repeat (many Johns, many Smiths): each is cut once
def _person_name(given_name: str, additional_name: str, family_name: str, suffix: str, full_name: str,
                 nickname: str) -> PersonName:  # fmt: skip
    aliases = [nickname] if nickname.strip() else []
    vocab = name_words()
    if given_name.strip() or family_name.strip():
        given_text, found = bracketed_parts(given_name)
        aliases += found
        given_raw, _ = _strip_affixes(given_text.split() or [""])
        family_text, found = bracketed_parts(family_name)
        aliases += found
        family_raw = [w for w in family_text.split() if words(w)]
        family_raw, generation = _strip_affixes(family_raw, titles=False)
        for w in suffix.split():
            generation = vocab.generations.get(_word(w), generation)
        given_words = [w for part in given_raw for w in words(part)]
        middle = tuple(given_words[1:]) + tuple(words(additional_name))
        shown_given = given_raw[0] if given_raw and given_raw[0] else ""
        family = tuple(w for part in family_raw for w in words(part))
        name = PersonName(
            given=given_words[0] if given_words else "",
            middle=middle,
            family=family,
            generation=generation,
            shown_given=shown_given.strip(".,"),
            shown_family=" ".join(family_raw).strip(".,;"),
        )
    else:
        full = full_name.strip()  # "" when it is not a person's name (the company, an email)
        if not full:
            return PersonName(aliases=tuple(_aliases(aliases)))
        full, found = bracketed_parts(full)
        aliases += found
        if "," in full:  # "Smith, John" (but not "John Smith, PhD", handled as a trailing degree)
            head, _, tail = full.partition(",")
            tail_words = tail.split()
            if tail_words and not all(_word(w) in vocab.letters or _word(w) in vocab.generations for w in tail_words):
                full = f"{tail} {head}"
            else:
                full = f"{head} {tail}"
        raw, generation = _strip_affixes([w for w in full.split() if words(w)], keep=2)
        if not raw:
            return PersonName(aliases=tuple(_aliases(aliases)))
        if len(raw) == 1:
            name = PersonName(given=_word(raw[0]), shown_given=raw[0], generation=generation)
        else:
            start = len(raw) - 1
            while start > 1 and _word(raw[start - 1]) in vocab.particles:
                start -= 1
            given_words = words(raw[0])
            middle = tuple(given_words[1:]) + tuple(w for part in raw[1:start] for w in words(part))
            name = PersonName(
                given=given_words[0],
                middle=middle,
                family=tuple(w for part in raw[start:] for w in words(part)),
                generation=generation,
                shown_given=raw[0].strip(".,"),
                shown_family=" ".join(raw[start:]).strip(".,;"),
            )
    return PersonName(
        name.given, name.middle, name.family, name.generation, tuple(_aliases(aliases)),
        name.shown_given, name.shown_family,
    )  # fmt: skip


def _aliases(texts: list[str]) -> list[str]:
    out: list[str] = []
    for t in texts:
        for w in words(t):
            if w not in out:
                out.append(w)
    return out


# --------------------------------------------------------------------------- comparing given names

# What many languages add to a man's name to make a woman's.
_FEMININE_ENDINGS = frozenset({"a", "e", "ina", "ine", "ette"})

SAME = "same"
VARIANT = "variant"  # a nickname or another spelling (nicknames.txt)
INITIAL = "initial"
PREFIX = "prefix"  # "Alexa" / "Alexandra" when not in the vocabulary
TYPO = "typo"
MISSING = "missing"  # one of the two has no given name
DIFFERENT = "different"


def is_typo(a: str, b: str) -> bool:
    """One slip apart (a letter wrong, missing, extra, or two swapped); two for long words."""
    shorter = min(len(a), len(b))
    if shorter < 4:
        return False
    limit = 2 if shorter >= 8 else 1
    from rapidfuzz.distance import OSA  # here: 13 ms of the window's start-up; a cached import after the first

    return OSA.distance(a, b, score_cutoff=limit) <= limit


@lru_cache(maxsize=1 << 16)
def compare_given(a: str, b: str) -> tuple[str, str]:
    """How two folded given names relate: (kind, the reason in words with ``{a}``/``{b}`` placeholders)."""
    if not a or not b:
        return MISSING, ""
    if a == b:
        return SAME, ""
    if len(a) == 1 or len(b) == 1:
        if a[0] != b[0]:
            return DIFFERENT, ""
        return INITIAL, "{a} may stand for {b}" if len(a) == 1 else "{b} may stand for {a}"
    nick = nicknames()
    rel = nick.relation(a, b)
    if rel is not None:
        group, a_short, b_short = rel
        head = nick.heads[group].capitalize()
        if a_short and not b_short:
            return VARIANT, "{a} is short for {b}"
        if b_short and not a_short:
            return VARIANT, "{b} is short for {a}"
        if a_short and b_short:
            return VARIANT, "{a} and {b} are both short for " + head
        return VARIANT, "{a} and {b} are spellings of one name"
    if nick.known(a) and nick.known(b):
        return DIFFERENT, ""  # two real names: Mark and Mary are not a typo
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and long_[len(short) :] in _FEMININE_ENDINGS:
        return DIFFERENT, ""  # Erik and Erika, Karin and Karina, Jan and Jana: a brother and a sister
    if min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)):
        return PREFIX, "{a} and {b} may be one name, shortened"
    if is_typo(a, b):
        return TYPO, "{a} and {b} differ by a typo"
    return DIFFERENT, ""


SAME_FAMILY = "same"
PART_FAMILY = "part"  # "García" and "García Márquez"
TYPO_FAMILY = "typo"
INITIAL_FAMILY = "initial"  # "Anna L." and "Anna Lindqvist"


@lru_cache(maxsize=1 << 16)
def compare_family(a: tuple[str, ...], b: tuple[str, ...]) -> str:
    """How two family names relate: SAME_FAMILY, PART_FAMILY, TYPO_FAMILY, INITIAL_FAMILY, MISSING or DIFFERENT."""
    if not a or not b:
        return MISSING
    ka, kb = "".join(a), "".join(b)
    if ka == kb:
        return SAME_FAMILY
    if len(ka) == 1 or len(kb) == 1:
        return INITIAL_FAMILY if ka[0] == kb[0] else DIFFERENT
    particles = name_words().particles
    sa = {w for w in a if w not in particles}
    sb = {w for w in b if w not in particles}
    if sa and sb and (sa <= sb or sb <= sa):
        return PART_FAMILY
    if min(len(ka), len(kb)) >= 5 and is_typo(ka, kb):
        return TYPO_FAMILY
    return DIFFERENT
