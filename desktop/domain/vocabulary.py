"""The vocabulary of needs and offers: concepts and the words that mean them, read from data files.

``data/needs_offers.txt`` holds the concepts (bookkeeping: bookkeeper, accountant,
Steuerberater, comptable, ...), ``data/needs_offers_words.txt`` the small words of each
language (stop words, the words that end what a need is about, fillers like "help").
Both are meant to be extended by someone who does not program; a line that cannot be
read is reported with its file and line and left out, and the rest still loads.

Words are compared by their stems: a text's word matches a vocabulary word when the
Snowball stemmer of some language gives both the same stem ("accountants" ~
"accountant", "fotógrafa" ~ "fotógrafo"), tried per word in English, in the language
the text's small words point to, or, when they point nowhere, in every language listed.
A word that matches nothing may still be a typo of a vocabulary word (one letter off)
or a German or Dutch compound that ends in one ("Hochzeitsfotograf").
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import Stemmer  # PyStemmer: the Snowball stemmers, compiled

from desktop.domain.contact import fold_text

DATA_DIR = Path(__file__).with_name("data")
CONCEPTS_FILE = DATA_DIR / "needs_offers.txt"
WORDS_FILE = DATA_DIR / "needs_offers_words.txt"

SECTORS = "sectors"  # special sections, see needs_offers.txt
ACCESS = "access"
EXACT = ""  # the "language" of a word's folded form itself

_TOKEN = re.compile(r"[^\W_]+")
MIN_STEM_LEN = 3  # shorter words are compared as written, never stemmed
MIN_TYPO_LEN = 6  # a word one letter off a vocabulary word this long is taken for it
MIN_COMPOUND_PART = 6  # "Hochzeitsfotograf" ends in "fotograf"


class VocabularyError(ValueError):
    """A vocabulary file cannot be used at all (missing, unreadable)."""


@dataclass(frozen=True)
class Concept:
    id: int
    name: str  # as written in the file: "bookkeeping"
    section: str  # "finance", or SECTORS / ACCESS
    parent: int | None  # the broader concept, for an indented line

    @property
    def is_sector(self) -> bool:
        return self.section == SECTORS

    @property
    def is_access(self) -> bool:
        return self.section == ACCESS


@dataclass(frozen=True)
class Token:
    text: str  # folded
    start: int  # offsets in the original text
    end: int
    boundary_before: bool  # punctuation or a boundary word comes before it


@dataclass(frozen=True)
class Hit:
    """A vocabulary term found in a text: tokens [first, last] mean the concept."""

    concept: int
    first: int
    last: int
    start: int  # offsets in the original text
    end: int
    via: str = ""  # "", "typo" or "compound": how the word was recognised


@dataclass
class LanguageWords:
    stop: set[str] = field(default_factory=set)
    boundary: set[str] = field(default_factory=set)
    filler: set[str] = field(default_factory=set)
    join: set[str] = field(default_factory=set)


@functools.cache
def _stemmer(language: str):
    return Stemmer.Stemmer(language)


@functools.lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The Snowball stem of a folded word (short words as they are)."""
    if len(word) < MIN_STEM_LEN or language == EXACT:
        return word
    return _stemmer(language).stemWord(word)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) for each word of the original text."""
    return [(fold_text(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


class Vocabulary:
    """Concepts, their terms indexed by stem, and the small words of each language."""

    def __init__(self, concepts: list[Concept], terms: list[tuple[int, tuple[str, ...], bool]],
                 languages: dict[str, LanguageWords], problems: list[str]):  # fmt: skip
        self.concepts = concepts
        self.languages = languages
        self.problems = problems  # "file:line: what is wrong", lines left out
        self.stop = set().union(*(w.stop for w in languages.values())) if languages else set()
        self.boundary = set().union(*(w.boundary for w in languages.values())) if languages else set()
        self.filler = set().union(*(w.filler for w in languages.values())) if languages else set()
        self.join = set().union(*(w.join for w in languages.values())) if languages else set()
        self.stemmers = tuple(languages)
        self._ancestors: list[tuple[int, ...]] = []
        for c in concepts:
            up, parent = [], c.parent
            while parent is not None:
                up.append(parent)
                parent = concepts[parent].parent
            self._ancestors.append(tuple(up))
        self._descendants = [tuple(d for d in range(len(concepts)) if c.id in self._ancestors[d]) for c in concepts]
        # first word key -> [(concept, term words, exact)], the longest terms first
        self._first: dict[tuple[str, ...], list[tuple[int, tuple[str, ...], bool]]] = defaultdict(list)
        self._single_words: dict[str, int] = {}  # folded single-word term -> concept, for typos and compounds
        self._deletions: dict[str, set[str]] = defaultdict(set)
        self._forms: set[tuple[str, str]] = set()  # (language, stem) of every word of a term: real words, not typos
        for concept, words, exact in sorted(terms, key=lambda t: -len(t[1])):
            for key in self._term_keys(words[0], exact):
                self._first[key].append((concept, words, exact))
            for word in words:
                self._forms.update((lang, stem(word, lang)) for lang in self.stemmers)
            if len(words) == 1 and len(words[0]) >= MIN_TYPO_LEN and not exact:
                self._single_words.setdefault(words[0], concept)
                for variant in _deletions(words[0]):
                    self._deletions[variant].add(words[0])

    # --- concepts -------------------------------------------------------------------

    def ancestors(self, concept: int) -> tuple[int, ...]:
        """The broader concepts, nearest first."""
        return self._ancestors[concept]

    def descendants(self, concept: int) -> tuple[int, ...]:
        return self._descendants[concept]

    def by_name(self, name: str) -> Concept:
        for c in self.concepts:
            if c.name == name:
                return c
        raise KeyError(name)

    # --- words ----------------------------------------------------------------------

    @staticmethod
    def keys(word: str, languages: Iterable[str]) -> set[tuple[str, ...]]:
        """What a folded word is compared by: itself, and per language its stem with the ending it drops.

        Two words match by stem only when what the stemmer cut off is the same up to an
        inflection (a plural, a gender): "investors" ~ "investor", "fotógrafa" ~
        "fotógrafo", but not "market" ~ "marketing" or "host" ~ "hosting", whose stems are
        the same too. The vocabulary lists the derived words it means (accountant,
        accounting) itself.
        """
        out: set[tuple[str, ...]] = {(EXACT, word)}
        if len(word) >= MIN_STEM_LEN and not word.isdigit():
            for lang in languages:
                s = stem(word, lang)
                out.add((lang, s, _inflection_free(_ending(word, s))))
        return out

    def _term_keys(self, word: str, exact: bool, languages: Iterable[str] | None = None) -> set[tuple[str, ...]]:
        return {(EXACT, word)} if exact else self.keys(word, self.stemmers if languages is None else languages)

    def language_of(self, words: Iterable[str]) -> str | None:
        """The language whose stop and boundary words a text uses most (None when it uses none)."""
        votes: dict[str, int] = defaultdict(int)
        for w in words:
            for lang, lw in self.languages.items():
                if w in lw.stop or w in lw.boundary or w in lw.filler:
                    votes[lang] += 1
        if not votes:
            return None
        best = max(votes.values())
        leaders = [lang for lang, n in votes.items() if n == best]
        return leaders[0] if len(leaders) == 1 else None

    def tokens(self, text: str) -> list[Token]:
        out = []
        prev_end = 0
        boundary = True
        for word, start, end in tokenize(text):
            between = text[prev_end:start]
            if any(ch in ",:;()[]/.!?–—" for ch in between):
                boundary = True
            out.append(Token(word, start, end, boundary))
            boundary = word in self.boundary
            prev_end = end
        return out

    def hits(self, tokens: list[Token]) -> list[Hit]:
        """The concepts a text's words mean: the longest terms first, no word used twice."""
        lang = self.language_of(t.text for t in tokens)
        languages = self.stemmers if lang is None else tuple(dict.fromkeys(("english", lang)))
        keys = [self.keys(t.text, languages) if t.text not in self.stop else {(EXACT, t.text)} for t in tokens]
        found: list[Hit] = []
        for i in range(len(tokens)):
            for key in keys[i]:
                for concept, words, exact in self._first.get(key, ()):
                    n = len(words)
                    if i + n > len(tokens):
                        continue
                    if all(keys[i + j] & self._term_keys(words[j], exact, languages) for j in range(1, n)):
                        found.append(Hit(concept, i, i + n - 1, tokens[i].start, tokens[i + n - 1].end))
        taken: set[int] = set()
        chosen = []
        for h in sorted(found, key=lambda h: (-(h.last - h.first), h.first)):
            span = set(range(h.first, h.last + 1))
            if not span & taken:
                taken |= span
                chosen.append(h)
        for i, t in enumerate(tokens):
            if i in taken or t.text in self.stop or t.text in self.filler or t.text in self.boundary:
                continue
            guess = self._typo(t.text, languages) or self._compound(t.text)
            if guess:
                concept, via = guess
                chosen.append(Hit(concept, i, i, t.start, t.end, via))
        return sorted(chosen, key=lambda h: h.first)

    def _typo(self, word: str, languages: Iterable[str]) -> tuple[int, str] | None:
        if len(word) < MIN_TYPO_LEN or word in self._single_words:
            return None
        if any((lang, stem(word, lang)) in self._forms for lang in languages):
            return None  # a form of a vocabulary word ("printed" of "printer"): not a typo of another
        if word.endswith(("s", "ed", "ing")):
            return None  # most likely a plural or a verb form of a word we do not know ("supplies")
        candidates = set(self._deletions.get(word, ()))
        for variant in _deletions(word):
            candidates |= self._deletions.get(variant, set())
            if variant in self._single_words:
                candidates.add(variant)
        # A word that only adds or drops letters at the end is another word, not a typo ("market", "Marke").
        candidates = {
            c for c in candidates
            if c[0] == word[0] and abs(len(c) - len(word)) <= 1 and not (c.startswith(word) or word.startswith(c))
        }  # fmt: skip
        concepts = {self._single_words[c] for c in candidates}
        if len(concepts) == 1:
            return concepts.pop(), "typo"
        return None

    def _compound(self, word: str) -> tuple[int, str] | None:
        for k in range(len(word) - 3, MIN_COMPOUND_PART - 1, -1):
            part = word[-k:]
            if part in self._single_words:
                return self._single_words[part], "compound"
        return None


_INFLECTIONS = ("ies", "es", "en", "in", "s", "e", "n", "a", "o", "i", "y")


def _ending(word: str, stem_: str) -> str:
    """What the stemmer cut off ("ants" of "accountants"), where the stem is a prefix of the word or nearly."""
    common = 0
    for a, b in zip(word, stem_):
        if a != b:
            break
        common += 1
    return word[common:]


def _inflection_free(ending: str) -> str:
    for suffix in _INFLECTIONS:
        if ending.endswith(suffix):
            return ending[: -len(suffix)]
    return ending


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


# --- reading the files ---------------------------------------------------------------


_SECTION = re.compile(r"^\[\s*([^\]]+?)\s*\]\s*$")


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise VocabularyError(f"Cannot read the vocabulary file {path}: {exc}") from None


def parse_concepts(lines: list[str], source: str = "needs_offers.txt"):
    """(concepts, terms, problems) from the lines of a concepts file."""
    concepts: list[Concept] = []
    terms: list[tuple[int, tuple[str, ...], bool]] = []  # (concept, folded words, match only as written)
    problems: list[str] = []
    section = ""
    stack: list[tuple[int, int]] = []  # (indent, concept id) of the enclosing concepts
    seen_terms: dict[tuple[str, ...], str] = {}
    names: set[str] = set()
    for number, raw in enumerate(lines, 1):
        line = "" if raw.lstrip().startswith("#") else raw.rstrip()
        if not line.strip():
            continue
        where = f"{source}:{number}"
        m = _SECTION.match(line.strip())
        if m:
            section = fold_text(m.group(1)).strip()
            stack = []
            continue
        if ":" not in line:
            problems.append(f"{where}: a concept line is 'name: word, word, ...'; this one has no colon")
            continue
        if not section:
            problems.append(f"{where}: a concept comes before any [section]")
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        name, _, rest = line.strip().partition(":")
        name = name.strip()
        words = [w.strip() for w in rest.split(",") if w.strip()]
        if not name or not words:
            problems.append(f"{where}: {name or 'a concept'!r} needs a name and at least one word after the colon")
            continue
        if fold_text(name) in names:
            problems.append(f"{where}: the concept {name!r} is already defined above; this line is left out")
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1] if stack else None
        cid = len(concepts)
        concepts.append(Concept(cid, name, section, parent))
        names.add(fold_text(name))
        stack.append((indent, cid))
        for word in dict.fromkeys(words):
            exact = len(word) > 2 and word[0] == word[-1] == '"'
            key = tuple(w for w, _, _ in tokenize(word))
            if not key:
                continue
            if key in seen_terms and seen_terms[key] != name:
                problems.append(f"{where}: {word!r} already means {seen_terms[key]!r}; kept there only")
                continue
            seen_terms[key] = name
            terms.append((cid, key, exact))
    return concepts, terms, problems


def parse_words(lines: list[str], source: str = "needs_offers_words.txt"):
    """(language -> LanguageWords, problems) from the lines of the small-words file."""
    languages: dict[str, LanguageWords] = {}
    problems: list[str] = []
    current = None
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{source}:{number}"
        m = _SECTION.match(line)
        if m:
            lang = m.group(1).strip().lower()
            try:
                _stemmer(lang)
            except KeyError:
                problems.append(f"{where}: no Snowball stemmer is called {lang!r}; this section is left out")
                current = None
                continue
            current = languages.setdefault(lang, LanguageWords())
            continue
        kind, _, rest = line.partition(":")
        kind = kind.strip().lower()
        if current is None or kind not in ("stop", "boundary", "filler", "join"):
            if current is not None:
                problems.append(f"{where}: a line starts with stop:, boundary:, filler: or join:")
            continue
        getattr(current, kind).update(fold_text(w.strip()) for w in rest.split(",") if w.strip())
    return languages, problems


def build_vocabulary(concept_lines: list[str], word_lines: list[str]) -> Vocabulary:
    concepts, terms, problems = parse_concepts(concept_lines)
    languages, word_problems = parse_words(word_lines)
    return Vocabulary(concepts, terms, languages, problems + word_problems)


@functools.cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary shipped with Rapport, read once per process."""
    return build_vocabulary(_read_lines(CONCEPTS_FILE), _read_lines(WORDS_FILE))
