"""Whether an offer meets a need, in the sense a person would check: one score per need and offer.

A text is read into what it is about (``Reading``): the vocabulary's concepts found
in it, split into the *head* (what is needed: "a venue" in "a venue for a workshop",
"a bookkeeper" in "a bookkeeper who knows start-ups") and the context after a
boundary word or a comma. The rules:

- A need is met by an offer when a concept of the need's head is a concept of the
  offer's head, the same one or a broader or narrower one of the same family (what an
  offer is for is not what it offers: "copywriting for websites" is no web developer).
  Sister concepts do not meet (family law is not immigration law); a concept named in
  a need together with a narrower one of its own stands for the narrower one ("a
  lawyer ... employment contract").
- A need's head is where it first says what it is about: a need whose first words of
  weight are unknown to the vocabulary is not about the concepts of its context.
- Sectors and places ("restaurants", "Japan") never make a match on their own; a
  need for contacts, buyers or distributors (the ``access`` section) is met only by an
  offer of the same kind that shares a sector.
- A shared word that is no part of a concept never carries a pair on its own: words
  match without the vocabulary only when the need's head has no concept, at least
  two informative words are shared, and they weigh most of the need's head.
- Concepts and words weigh by how rare they are in this person's own needs and
  offers (IDF over the texts given), so a concept everyone mentions ranks low.

A ``Match`` carries what it rests on (the two concepts, the spans of the words in
each text), so a reason can be written and feedback can find similar pairs.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.domain.vocabulary import Hit, Vocabulary, stem, tokenize

THRESHOLD = 0.5  # a need and an offer meet at this score or above
SAME, NARROWER, BROADER, SECTOR, WORDS, TAG = "same", "narrower", "broader", "sector", "words", "tag"
RELATION_WEIGHT = {SAME: 1.0, NARROWER: 0.9, BROADER: 0.8, SECTOR: 0.85}
TAG_SCORE = 1.5  # the person tagged both alike: above any match on words
SECTOR_BONUS = 0.1  # both name the same sector or place
MIN_SHARED_WORDS = 2  # words alone: at least this many shared, and
MIN_WORD_COVER = 0.6  # this much of the need head's word weight
WORDS_FACTOR = 0.6


@dataclass(frozen=True)
class Reading:
    """What one need or offer text is about."""

    text: str
    head: frozenset[int]  # concepts of what is needed or offered (or access concepts, see ``access``)
    concepts: frozenset[int]  # every service concept in the text, narrowed (context included)
    sectors: frozenset[int]  # sectors and places, with their broader ones
    access: bool  # the head asks for contacts/buyers/distributors in a sector
    spans: dict  # concept -> ((start, end), ...) of the words that mean it
    forms: dict  # concept -> (stems of those words, ...), to tell "the same word" from "the same thing"
    head_words: frozenset[str]  # stems of the head's words that are in no concept
    words: dict  # stem -> (start, end), every word in no concept
    tags: frozenset[str] = frozenset()  # the person's own tags, folded


@dataclass(frozen=True)
class Match:
    score: float
    need_concept: int | None  # None for a match on words alone
    offer_concept: int | None
    relation: str  # SAME, NARROWER, BROADER, SECTOR (access), WORDS, TAG
    need_span: tuple[int, int] | None  # the words of each text it rests on (None: a tag)
    offer_span: tuple[int, int] | None
    same_words: bool = False  # both texts say it with the same word
    tag: str = ""  # for TAG, the tag both carry


def read(text: str, vocab: Vocabulary, tags: Iterable[str] = (), *, need: bool = True) -> Reading:
    """What a need or offer is about; ``tags`` (the person's own labels) are read as a last part of the text.

    A need says first what is needed: its head is the first part with a concept or any
    other word of weight, so "training in presenting to investors" is about training
    (which the vocabulary does not know), not investors. An offer often starts with
    who offers it ("20 years in food retail, happy to mentor"): its head is the first
    part with a concept.
    """
    tags = tuple(t for t in tags if t.strip())
    tag_keys = frozenset(" ".join(w for w, _, _ in tokenize(t)) for t in tags) - {""}
    full = ", ".join([text, *tags])
    tokens = vocab.tokens(full)
    hits = vocab.hits(tokens)
    segment, seg = [], 0
    for t in tokens:
        seg += t.boundary_before
        segment.append(seg)
    service = [h for h in hits if not vocab.concepts[h.concept].is_sector and not vocab.concepts[h.concept].is_access]
    access = [h for h in hits if vocab.concepts[h.concept].is_access]
    sectors = {h.concept for h in hits if vocab.concepts[h.concept].is_sector}
    spans: dict[int, list[tuple[int, int]]] = {}
    for h in hits:
        if h.end <= len(text):  # spans in the text itself, not in a tag
            spans.setdefault(h.concept, []).append((h.start, h.end))
    all_service = {h.concept for h in service}
    in_hit = {i for h in hits for i in range(h.first, h.last + 1)}
    # Where the text first says what it is about: a concept of work, or a word the vocabulary does not know.
    # Contacts and sectors do not count: "introductions to investors" is about investors.
    in_text = [t.end <= len(text) for t in tokens]
    said = [segment[h.first] for h in service if in_text[h.first]]
    said += [segment[i] for i, t in enumerate(tokens) if in_text[i] and i not in in_hit and _weighty(t.text, vocab)]
    first_said = min(said, default=None)
    tagged = [h for h in service if not in_text[h.first]]
    if need and tagged and not any(in_text[h.first] for h in service + access):
        first_said = None  # the words say nothing the vocabulary knows: the tags say what it is about
    if service and (not need or first_said is None or min(segment[h.first] for h in service) == first_said):
        first = min(segment[h.first] for h in service)
        head_hits = _heads([h for h in service if segment[h.first] == first], tokens, vocab)
        # A need is as narrow as anything it names ("a lawyer ... employment contract"); an offer only as
        # its head part says ("development of mobile apps", but not "software: booking systems and apps").
        narrowing = all_service if need else {h.concept for h in service if segment[h.first] == first}
        head = _narrowed({h.concept for h in head_hits}, narrowing, vocab)
        is_access = False
        head_segment = first
    elif access and (not need or first_said is None or min(segment[h.first] for h in access) <= first_said):
        head = {h.concept for h in access}
        is_access = True
        head_segment = min(segment[h.first] for h in access)
    else:
        head, is_access, head_segment = set(), False, first_said
    lang = vocab.language_of(t.text for t in tokens) or "english"
    words: dict[str, tuple[int, int]] = {}
    head_words = set()
    for i, t in enumerate(tokens):
        if i in in_hit or not _weighty(t.text, vocab):
            continue
        s = stem(t.text, lang)
        words.setdefault(s, (t.start, t.end))
        if segment[i] == head_segment:
            head_words.add(s)
    wider = set(sectors)
    for s in sectors:
        wider.update(vocab.ancestors(s))
    forms = {c: tuple(_stems(text[a:b], vocab) for a, b in found) for c, found in spans.items()}
    return Reading(
        text, frozenset(head), frozenset(_narrowed(all_service, all_service, vocab)), frozenset(wider), is_access,
        {c: tuple(found) for c, found in spans.items()}, forms, frozenset(head_words), words, tag_keys,
    )  # fmt: skip


def _heads(hits: list[Hit], tokens, vocab: Vocabulary) -> list[Hit]:
    """The concepts of one part of a text that say what it is about.

    The first one is; a later one is too when joined by "and" ("accounting and tax
    returns"); one right after another makes a compound whose last word is the thing
    ("photo printing" is printing); any other only says what the first is about
    ("hiring two backend engineers" is hiring, "translate our website" translation).
    """
    heads = [hits[0]]
    for prev, h in zip(hits, hits[1:]):
        gap = [t.text for t in tokens[prev.last + 1 : h.first]]
        if not gap:
            if heads and heads[-1] is prev:
                heads[-1] = h
        elif any(w in vocab.join for w in gap):
            heads.append(h)
    return heads


def _weighty(word: str, vocab: Vocabulary) -> bool:
    """A word that says something: not a small word, not a number, three letters or more."""
    return len(word) >= 3 and not word.isdigit() and not _small(word, vocab)


def _small(word: str, vocab: Vocabulary) -> bool:
    return word in vocab.stop or word in vocab.filler or word in vocab.boundary


def _narrowed(concepts: set[int], named: set[int], vocab: Vocabulary) -> set[int]:
    """Each concept, or the narrower ones of its own family the text also names."""
    out = set()
    for c in concepts:
        narrower = [d for d in vocab.descendants(c) if d in named]
        out.update(narrower or [c])
    return out


def relation(need: int, offer: int, vocab: Vocabulary) -> str | None:
    if need == offer:
        return SAME
    if need in vocab.ancestors(offer):
        return NARROWER  # the offer is a kind of what is needed
    if offer in vocab.ancestors(need):
        return BROADER
    return None


class Weights:
    """IDF of concepts and words over a person's own needs and offers."""

    def __init__(self, readings: Iterable[Reading]):
        readings = list(readings)
        self.n = len(readings)
        self.concept_df = Counter(c for r in readings for c in r.concepts | r.head)
        self.word_df = Counter(w for r in readings for w in r.words)
        self._top = math.log(1 + (self.n + 0.5) / 0.5) if self.n else 1.0
        self._concept: dict[int, float] = {}

    def _idf(self, df: int) -> float:
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5)) if self.n else 1.0

    def concept(self, c: int) -> float:
        """0.6 for a concept in every text, up to 1.0 for one in a single text."""
        if c not in self._concept:
            self._concept[c] = 0.6 + 0.4 * min(1.0, self._idf(self.concept_df.get(c, 0)) / self._top)
        return self._concept[c]

    def word(self, w: str) -> float:
        return self._idf(self.word_df.get(w, 0))


def match(need: Reading, offer: Reading, vocab: Vocabulary, weights: Weights) -> Match | None:
    """How well the offer meets the need; None when not at all (the caller applies THRESHOLD).

    A tag on both (the person's own label) is a match whatever the words; when the
    words meet too, the match keeps their reason and takes the tag's score.
    """
    found = _meet(need, offer, vocab, weights)
    shared_tags = need.tags & offer.tags
    if not shared_tags:
        return found
    if found is None:
        return Match(TAG_SCORE, None, None, TAG, None, None, tag=min(shared_tags))
    return dataclasses.replace(found, score=max(found.score, TAG_SCORE))


def _meet(need: Reading, offer: Reading, vocab: Vocabulary, weights: Weights) -> Match | None:
    shared_sectors = need.sectors & offer.sectors
    bonus = SECTOR_BONUS if shared_sectors else 0.0
    if need.access:
        if not shared_sectors or not (need.head & _access_of(offer, vocab)):
            return None
        n = min(need.head & _access_of(offer, vocab))
        sector = _most_specific(shared_sectors, vocab)
        score = RELATION_WEIGHT[SECTOR] * weights.concept(n) + bonus
        return Match(score, n, sector, SECTOR, _first(need, n), _first(offer, sector) or _first(offer, n))
    best = None
    for n in need.head:
        for o in offer.head:
            rel = relation(n, o, vocab)
            if rel is None:
                continue
            score = RELATION_WEIGHT[rel] * weights.concept(n)
            if best is None or score > best[0]:
                best = (score, n, o, rel)
    if best is not None:
        score, n, o, rel = best
        extra = len((need.concepts - {n}) & offer.concepts)
        need_span, offer_span, same = _first(need, n), _first(offer, o), False
        for i, need_form in enumerate(need.forms.get(n, ())):
            for j, offer_form in enumerate(offer.forms.get(o, ())):
                if not same and need_form & offer_form:  # show the place where both use the same word
                    need_span, offer_span, same = need.spans[n][i], offer.spans[o][j], True
        return Match(score + bonus + 0.05 * extra, n, o, rel, need_span, offer_span, same)
    if need.head and offer.head:
        return None  # both say what they are about, and it is not the same thing
    return _shared_words(need, offer, weights, bonus)


def _first(reading: Reading, concept: int) -> tuple[int, int] | None:
    found = reading.spans.get(concept)
    return found[0] if found else None


def _access_of(reading: Reading, vocab: Vocabulary) -> set[int]:
    return {c for c in reading.spans if vocab.concepts[c].is_access}


def _most_specific(concepts: set[int], vocab: Vocabulary) -> int:
    return max(sorted(concepts), key=lambda c: len(vocab.ancestors(c)))


def _stems(text: str, vocab: Vocabulary) -> frozenset[str]:
    return frozenset(stem(w, "english") for w, _, _ in tokenize(text) if not _small(w, vocab))


def _shared_words(need: Reading, offer: Reading, weights: Weights, bonus: float) -> Match | None:
    """Words alone: only when the need's head names no concept (the caller checks)."""
    shared = need.head_words & set(offer.words)
    if len(shared) < MIN_SHARED_WORDS:
        return None
    total = sum(weights.word(w) for w in need.head_words)
    cover = sum(weights.word(w) for w in shared) / total if total else 0.0
    if cover < MIN_WORD_COVER:
        return None
    first = min(shared, key=lambda w: need.words[w])
    return Match(WORDS_FACTOR * cover + bonus, None, None, WORDS, need.words[first], offer.words[first], True)
