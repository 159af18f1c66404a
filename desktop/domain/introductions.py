"""Introductions to make: pairs of contacts where one needs what the other offers.

Whether an offer meets a need is ``needs_match``'s rule (concepts from the
vocabulary file, stems in several languages, IDF over these needs and offers, a
threshold). Here the matches become suggestions, one per pair of people:

- A pair's score is its best match (a need of one, an offer of the other); when
  each needs what the other offers, both reasons are given and the scores add up.
- Pairs are ranked by the strength of both relationships (the sum of the two
  strengths, ties broken by the weaker one, then by how well they match),
  because an introduction lands best when you are close to both people.
- What the person said about earlier suggestions (``Feedback``) moves them:
  "not now" halves a pair's score and rank at first (it stays listed: hiding it for
  now is the Today list's snooze) and fades back over ``NOT_NOW_DAYS``; "not a
  match" removes the pair and every pair that rests on the same need of the same
  person and the same kind of offer (the concept the offer matched); an
  introduction made raises pairs of the same kind (need concept, offer concept)
  for everyone, by ``INTRODUCED_BOOST`` each, up to two.
- The reason is plain text, with the words a person checks at a glance marked as
  (start, end) spans in ``Suggestion.emphasis`` for the window to show in bold.

For the service layer: ``suggest_introductions(profiles, strengths, skip, limit,
feedback=[Feedback(kind, a_id, b_id, on), ...], today=today)``; each Suggestion's
``evidence`` names the need and offer texts and the concepts the pair rests on (for
storing "not a match" with what it was about). The vocabulary is read once per
process (``vocabulary.default_vocabulary``); a problem in its files is listed in
``default_vocabulary().problems`` ("file:line: ..."), the rest still loads.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from desktop.domain import needs_match as nm
from desktop.domain.contact import fold_text
from desktop.domain.vocabulary import Vocabulary, default_vocabulary

NOT_NOW, NOT_A_MATCH, INTRODUCED = "not_now", "not_a_match", "introduced"
FEEDBACK_KINDS = (NOT_NOW, NOT_A_MATCH, INTRODUCED)
NOT_NOW_DAYS = 60
NOT_NOW_FACTOR = 0.5  # right after "not now"; back to 1 after NOT_NOW_DAYS
INTRODUCED_BOOST = 0.25
MAX_BOOSTS = 2


@dataclass(frozen=True)
class NeedOffer:
    """One need or offer on a contact: a short text and optional tags."""

    text: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    contact_id: int
    name: str
    needs: tuple[NeedOffer, ...] = ()
    offers: tuple[NeedOffer, ...] = ()


@dataclass(frozen=True)
class Feedback:
    """What the person said about a suggested pair, and when. ``a_id``/``b_id`` in either order."""

    kind: str  # one of FEEDBACK_KINDS
    a_id: int
    b_id: int
    on: dt.date


@dataclass(frozen=True)
class Evidence:
    """One need meeting one offer, as a suggestion rests on it."""

    needer_id: int
    offerer_id: int
    need: str
    offer: str
    match: nm.Match

    @property
    def kind(self) -> tuple[int | None, int | None]:
        """The kind of pair: (need concept, offer concept)."""
        return (self.match.need_concept, self.match.offer_concept)


@dataclass(frozen=True)
class Suggestion:
    a_id: int  # the one with the need (of the best match)
    b_id: int
    because: str  # plain text: "Ana needs a bookkeeper; Ben offers accounting (same thing)"
    strength: float = 0.0  # sum of both relationship strengths, the ranking key
    score: float = field(default=0.0, compare=False)  # how well they match, after feedback
    emphasis: tuple[tuple[int, int], ...] = field(default=(), compare=False)  # spans of ``because`` to emphasise
    evidence: tuple[Evidence, ...] = field(default=(), compare=False)  # best match first


@functools.lru_cache(maxsize=4096)
def _strip_verb(text: str, verbs: tuple[str, ...]) -> tuple[str, int]:
    """The text without a leading "needs"/"offers" (as the reason adds its own), and how much was cut."""
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    folded = fold_text(stripped)
    for prefix in verbs:
        if folded.startswith(prefix + " "):
            return stripped[len(prefix) + 1 :], lead + len(prefix) + 1
    return stripped, lead


_NEED_VERBS = ("needs", "need")
_OFFER_VERBS = ("offers", "offer")


def _note(ev: Evidence, vocab: Vocabulary) -> str:
    m = ev.match
    if m.relation == nm.TAG:
        return f" (both tagged {m.tag})"
    if m.relation == nm.WORDS or (m.relation == nm.SAME and m.same_words):
        return ""
    if m.relation == nm.SAME:
        return " (same thing)"
    if m.relation == nm.SECTOR:
        return f" (both: {vocab.concepts[m.offer_concept].name})"
    if m.relation == nm.NARROWER:
        return f" (a kind of {vocab.concepts[m.need_concept].name})"
    return f" (covers {vocab.concepts[m.need_concept].name})"


def reason(ev: Evidence, names: Mapping[int, str], vocab: Vocabulary) -> tuple[str, list[tuple[int, int]]]:
    """("Amélie needs a bookkeeper …; Priya offers accounting (same thing)", spans of the matched words)."""
    need, cut_n = _strip_verb(ev.need, _NEED_VERBS)
    offer, cut_o = _strip_verb(ev.offer, _OFFER_VERBS)
    first = f"{names[ev.needer_id]} needs "
    middle = f"; {names[ev.offerer_id]} offers "
    text = first + need + middle + offer + _note(ev, vocab)
    spans = []
    offer_start = len(first) + len(need) + len(middle)
    parts = ((ev.match.need_span, len(first), cut_n, need), (ev.match.offer_span, offer_start, cut_o, offer))
    for span, start, cut, shown in parts:
        if span is not None and cut <= span[0] and span[1] - cut <= len(shown):  # not in a tag, not cut off
            spans.append((start + span[0] - cut, start + span[1] - cut))
    return text, spans


# --- feedback -------------------------------------------------------------------------


class _Learned:
    """Feedback turned into rules on evidence."""

    def __init__(self, feedback: Iterable[Feedback], evidence_of, today: dt.date):
        self.not_now: dict[frozenset[int], float] = {}
        self.removed_pairs: set[frozenset[int]] = set()
        self.removed_kinds: set[tuple[int, int | None, int | None]] = set()  # (needer, need concept, offer concept)
        self.boosts: dict[tuple[int | None, int | None], int] = defaultdict(int)
        for fb in sorted(feedback, key=lambda f: f.on):
            pair = frozenset((fb.a_id, fb.b_id))
            if fb.kind == NOT_NOW:
                age = (today - fb.on).days
                if age < NOT_NOW_DAYS:
                    fade = max(0.0, age) / NOT_NOW_DAYS
                    self.not_now[pair] = NOT_NOW_FACTOR + (1 - NOT_NOW_FACTOR) * fade
            elif fb.kind == NOT_A_MATCH:
                self.removed_pairs.add(pair)
                for ev in evidence_of(fb.a_id, fb.b_id):
                    self.removed_kinds.add((ev.needer_id, *ev.kind))
            elif fb.kind == INTRODUCED:
                for kind in {ev.kind for ev in evidence_of(fb.a_id, fb.b_id)}:
                    self.boosts[kind] += 1
            else:
                raise ValueError(f"Unknown feedback {fb.kind!r} (one of {', '.join(FEEDBACK_KINDS)}).")

    def factors(self, needer: int, offerer: int, kind: tuple[int | None, int | None]) -> tuple[float, float]:
        """(boost, not now) for a match: 0 boost when the person ruled this kind of pair out.

        The boost counts against the threshold; "not now" only lowers the pair in the list.
        """
        pair = frozenset((needer, offerer))
        if pair in self.removed_pairs or (needer, *kind) in self.removed_kinds:
            return 0.0, 1.0
        return 1 + INTRODUCED_BOOST * min(MAX_BOOSTS, self.boosts.get(kind, 0)), self.not_now.get(pair, 1.0)


# --- the matcher over a whole network ----------------------------------------------------


class NeedsIndex:
    """Every need and offer of a network read once, with the weights of their words."""

    def __init__(self, profiles: Iterable[Profile], vocab: Vocabulary | None = None):
        self.vocab = vocab or default_vocabulary()
        self.people = {p.contact_id: p for p in profiles}
        cache: dict[tuple[str, tuple[str, ...]], nm.Reading] = {}

        def reading(item: NeedOffer, need: bool) -> nm.Reading:
            key = (item.text, tuple(item.tags), need)
            if key not in cache:
                cache[key] = nm.read(item.text, self.vocab, item.tags, need=need)
            return cache[key]

        self.needs = [(p.contact_id, n.text, reading(n, True)) for p in self.people.values() for n in p.needs]
        self.offers = [(p.contact_id, o.text, reading(o, False)) for p in self.people.values() for o in p.offers]
        self.weights = nm.Weights([r for _, _, r in self.needs] + [r for _, _, r in self.offers])
        self._by_concept: dict[int, list[int]] = defaultdict(list)  # concept -> offers naming it
        self._by_word: dict[str, list[int]] = defaultdict(list)
        self._by_tag: dict[str, list[int]] = defaultdict(list)
        self._all: list[tuple[int, int, nm.Match]] | None = None
        for k, (_, _, r) in enumerate(self.offers):
            for tag in r.tags:
                self._by_tag[tag].append(k)
            for c in r.head | {c for c in r.spans if self.vocab.concepts[c].is_access}:
                self._by_concept[c].append(k)
            for w in r.words:
                self._by_word[w].append(k)

    def _candidates(self, need: nm.Reading) -> set[int]:
        out: set[int] = set()
        for tag in need.tags:
            out.update(self._by_tag.get(tag, ()))
        for c in need.head:
            for related in (c, *self.vocab.ancestors(c), *self.vocab.descendants(c)):
                out.update(self._by_concept.get(related, ()))
        if not need.head:
            for w in need.head_words:
                out.update(self._by_word.get(w, ()))
        return out

    def matches(self, needer_ids: Iterable[int] | None = None) -> Iterator[tuple[int, int, nm.Match]]:
        """(need index, offer index, match) for every need meeting someone else's offer at the threshold or above.

        A need and an offer are compared once per pair of texts, however many people wrote them.
        """
        wanted = None if needer_ids is None else set(needer_ids)
        memo: dict[tuple[int, int], nm.Match | None] = {}
        candidates: dict[int, set[int]] = {}
        for i, (needer, _, need) in enumerate(self.needs):
            if wanted is not None and needer not in wanted:
                continue
            if id(need) not in candidates:
                candidates[id(need)] = self._candidates(need)
            for k in candidates[id(need)]:
                offerer, _, offer = self.offers[k]
                if offerer == needer:
                    continue
                key = (id(need), id(offer))
                if key not in memo:
                    m = nm.match(need, offer, self.vocab, self.weights)
                    memo[key] = m if m is not None and m.score >= nm.THRESHOLD else None
                if memo[key] is not None:
                    yield i, k, memo[key]

    def all_matches(self) -> list[tuple[int, int, nm.Match]]:
        """``matches()`` for everyone, computed once: an index kept between calls (the service caches
        one while no need or offer changes) answers the next ``suggest_introductions`` at once."""
        if self._all is None:
            self._all = list(self.matches())
        return self._all

    def evidence(self, i: int, k: int, m: nm.Match) -> Evidence:
        return Evidence(self.needs[i][0], self.offers[k][0], self.needs[i][1], self.offers[k][1], m)

    def evidence_between(self, a_id: int, b_id: int) -> list[Evidence]:
        """How the two meet, whichever needs what the other offers."""
        return [self.evidence(i, k, m) for i, k, m in self.matches([a_id, b_id])
                if {self.needs[i][0], self.offers[k][0]} == {a_id, b_id}]  # fmt: skip


def suggest_introductions(
    profiles: Iterable[Profile],
    strengths: Mapping[int, float],
    already_introduced: Iterable[frozenset[int]] = (),
    limit: int | None = None,
    *,
    feedback: Iterable[Feedback] = (),
    today: dt.date | None = None,
    vocabulary: Vocabulary | None = None,
    index: NeedsIndex | None = None,
) -> list[Suggestion]:
    """Pairs worth introducing, strongest relationships first.

    ``strengths``: contact id -> relationship strength (e.g. decayed given +
    received; missing means 0). ``already_introduced``: pairs to skip.
    ``feedback``: what the person said about earlier suggestions (see the module
    docstring); ``today`` dates it (default: today). A pair appears once; when each
    needs what the other offers, both reasons are given and the scores add up.
    ``index``: a ``NeedsIndex`` of these profiles built before (then ``profiles`` is not read).
    """
    if index is None:
        index = NeedsIndex(profiles, vocabulary)
    names = {cid: p.name for cid, p in index.people.items()}
    feedback = list(feedback)
    learned = _Learned(feedback, index.evidence_between, today or dt.date.today()) if feedback else None
    skip: dict[int, set[int]] = defaultdict(set)
    for pair in already_introduced:
        pair = tuple(pair)
        if len(pair) == 2:
            skip[pair[0]].add(pair[1])
            skip[pair[1]].add(pair[0])
    # (needer, offerer) -> (score after feedback, need index, offer index, match, feedback factor) of the best
    best: dict[tuple[int, int], tuple[float, int, int, nm.Match, float]] = {}
    for i, k, m in index.all_matches():
        needer, offerer = index.needs[i][0], index.offers[k][0]
        if offerer in skip.get(needer, ()):
            continue
        boost, later = learned.factors(needer, offerer, (m.need_concept, m.offer_concept)) if learned else (1.0, 1.0)
        if m.score * boost < nm.THRESHOLD:
            continue
        factor = boost * later
        score = m.score * factor
        key = (needer, offerer)
        if key not in best or score > best[key][0]:  # the first need and offer written win a tie
            best[key] = (score, i, k, m, factor)
    pairs: dict[tuple[int, int], list[tuple[float, int, int, nm.Match, float]]] = {}
    for (needer, offerer), found in best.items():
        key = (needer, offerer) if needer < offerer else (offerer, needer)
        both = pairs.get(key)
        if both is None:
            pairs[key] = [found]
        else:  # each needs what the other offers (a few pairs): the better reason first
            both.append(found)
            both.sort(key=lambda f: (-f[0], f[1]))
    ranked = []
    for found in pairs.values():
        score = found[0][0] if len(found) == 1 else sum(f[0] for f in found)
        a, b, factor = index.needs[found[0][1]][0], index.offers[found[0][2]][0], found[0][4]
        sa, sb = strengths.get(a, 0.0), strengths.get(b, 0.0)
        # Feedback moves a pair in the ranking too, not only past the threshold.
        ranked.append((-(sa + sb) * factor, -min(sa, sb) * factor, -score, a, b, found))
    if limit is None:
        ranked.sort(key=lambda row: row[:5])
    else:  # Today shows ten of tens of thousands
        ranked = heapq.nsmallest(limit, ranked, key=lambda row: row[:5])
    out = []
    for _, _, neg_score, a, b, found in ranked:
        evidence = [index.evidence(i, k, m) for _, i, k, m, _ in found]
        out.append(_suggestion(a, b, -neg_score, evidence, strengths, names, index.vocab))
    return out


def _suggestion(a, b, score, evidence, strengths, names, vocab) -> Suggestion:
    """The suggestion for one pair, its reasons joined (the best match first)."""
    parts, emphasis, length = [], [], 0
    for ev in evidence:
        text, spans = reason(ev, names, vocab)
        if parts:
            length += len(" — and ")
        emphasis += [(s + length, e + length) for s, e in spans]
        parts.append(text)
        length += len(text)
    strength = strengths.get(a, 0.0) + strengths.get(b, 0.0)
    return Suggestion(a, b, " — and ".join(parts), strength, score, tuple(emphasis), tuple(evidence))


class Roles:
    """What every contact does, read once, to answer "who is a journalist?" many times.

    ``descriptions``: contact id -> what says what they do (title, organisation, offers). A contact
    is someone a role describes when one of their texts meets the role as an offer meets a need, by
    the same rules (weighed by how rare words are among these descriptions).
    """

    def __init__(self, descriptions: Mapping[int, Iterable[str]], vocabulary: Vocabulary | None = None):
        profiles = [
            Profile(cid, "", offers=tuple(NeedOffer(t) for t in texts if t)) for cid, texts in descriptions.items()
        ]
        self.index = NeedsIndex(profiles, vocabulary)

    def find(self, role: str) -> list[int]:
        """The contacts the role describes ("a journalist", "someone who does payroll"), best first.

        A role in words the vocabulary does not know ("a CTO") describes whoever's title or offer
        has all of them: a title is one or two words, where a need would ask for two shared.
        """
        index, vocab = self.index, self.index.vocab
        need = nm.read(role, vocab, need=True)
        memo: dict[int, float] = {}
        scores: dict[int, float] = {}
        if not need.head and need.head_words:
            having = [set(index._by_word.get(w, ())) for w in need.head_words]
            for k in set.intersection(*having):
                scores[index.offers[k][0]] = nm.THRESHOLD
        for k in index._candidates(need):
            cid, _, offer = index.offers[k]
            if id(offer) not in memo:
                m = nm.match(need, offer, vocab, index.weights)
                memo[id(offer)] = m.score if m is not None and m.score >= nm.THRESHOLD else 0.0
            if memo[id(offer)] > scores.get(cid, 0.0):
                scores[cid] = memo[id(offer)]
        return sorted(scores, key=lambda cid: (-scores[cid], cid))


def who_is(role: str, descriptions: Mapping[int, Iterable[str]], vocabulary: Vocabulary | None = None) -> list[int]:
    """The contacts a role describes, best first (``Roles`` keeps the reading for more questions)."""
    return Roles(descriptions, vocabulary).find(role)
