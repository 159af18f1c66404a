"""Introductions to make: pairs of contacts where one needs what the other offers.

Matching is tags first (a shared tag between a need and an offer), then
words: both texts are folded (case and accents), split, stripped of stop
words and of common suffixes ("marketing", "marketer" -> "market";
"consultant", "consulting" -> "consult"), and match on any shared word.
Pairs are ranked by the strength of both relationships (the sum of the two
strengths, ties broken by the weaker one, then by how well they match),
because an introduction lands best when you are close to both people.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from desktop.domain.contact import fold_text

STOP_WORDS = frozenset(
    """
    a an the and or but of to for with without in on at by from into about as is are be
    i me my we our you your they their them he she his her it its this that these those
    need needs needed needing want wants wanted looking look seeks seeking search searching
    offer offers offered offering provide provides providing can could would will able
    help helps helping some someone somebody any anyone good great new more other
    de la le les des du et en y el los las un une una para con por
    """.split()
)

# Longest first; a suffix is stripped only when at least MIN_STEM letters remain.
_SUFFIXES = (
    "ations", "ation", "ments", "ment", "ings", "ing", "ers", "er", "ists", "ist",
    "ants", "ant", "ents", "ent", "ors", "or", "ies", "es", "ed", "ly", "al", "s", "y", "e",
)  # fmt: skip
MIN_STEM = 3
_WORD = re.compile(r"[a-z0-9]+")

TAG_MATCH = 10.0  # a tag match outranks any word match


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
class Suggestion:
    a_id: int  # the one with the need (of the best match)
    b_id: int
    because: str
    strength: float = 0.0  # sum of both relationship strengths, the ranking key
    score: float = field(default=0.0, compare=False)  # how well they match


def stem(word: str) -> str:
    """A light stem: drops one common English suffix when enough of the word is left."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            if suffix == "s" and word.endswith("ss"):
                continue
            return word[: -len(suffix)]
    return word


def keywords(text: str) -> frozenset[str]:
    """The stemmed content words of a text, case- and accent-insensitive."""
    words = _WORD.findall(fold_text(text))
    return frozenset(stem(w) for w in words if w not in STOP_WORDS and len(w) > 1)


def normalise_tag(tag: str) -> str:
    return " ".join(_WORD.findall(fold_text(tag)))


def match_score(need: NeedOffer, offer: NeedOffer) -> float:
    """0 when unrelated; TAG_MATCH per shared tag plus the share of the need's words the offer covers."""
    need_tags = {normalise_tag(t) for t in need.tags} - {""}
    offer_tags = {normalise_tag(t) for t in offer.tags} - {""}
    tag_hits = len(need_tags & offer_tags)
    need_words, offer_words = keywords(need.text), keywords(offer.text)
    shared = need_words & offer_words
    word_score = len(shared) / len(need_words) if need_words else 0.0
    return tag_hits * TAG_MATCH + word_score


def _best_match(needer: Profile, offerer: Profile) -> tuple[float, NeedOffer, NeedOffer] | None:
    best = None
    for need in needer.needs:
        for offer in offerer.offers:
            score = match_score(need, offer)
            if score > 0 and (best is None or score > best[0]):
                best = (score, need, offer)
    return best


def _phrase(verb: str, text: str) -> str:
    text = text.strip()
    folded = fold_text(text)
    for prefix in ("needs ", "need ", "offers ", "offer "):
        if folded.startswith(prefix):
            text = text[len(prefix) :]
            break
    return f"{verb} {text}"


def because(needer: Profile, need: NeedOffer, offerer: Profile, offer: NeedOffer) -> str:
    """"Ana needs marketing help; Ben offers marketing consulting"."""
    return f"{needer.name} {_phrase('needs', need.text)}; {offerer.name} {_phrase('offers', offer.text)}"


def suggest_introductions(
    profiles: Iterable[Profile],
    strengths: Mapping[int, float],
    already_introduced: Iterable[frozenset[int]] = (),
    limit: int | None = None,
) -> list[Suggestion]:
    """Pairs worth introducing, strongest relationships first.

    ``strengths``: contact id -> relationship strength (e.g. decayed given +
    received; missing means 0). ``already_introduced``: pairs to skip. A pair
    appears once; when each needs what the other offers, both reasons are
    given and the scores add up.
    """
    done = {frozenset(p) for p in already_introduced}
    people = sorted({p.contact_id: p for p in profiles}.values(), key=lambda p: p.contact_id)
    out = []
    for i, first in enumerate(people):
        for second in people[i + 1 :]:
            if frozenset((first.contact_id, second.contact_id)) in done:
                continue
            matches = []
            for needer, offerer in ((first, second), (second, first)):
                found = _best_match(needer, offerer)
                if found:
                    matches.append((found[0], needer, offerer, found[1], found[2]))
            if not matches:
                continue
            matches.sort(key=lambda m: -m[0])
            score = sum(m[0] for m in matches)
            text = " — and ".join(because(m[1], m[3], m[2], m[4]) for m in matches)
            a, b = matches[0][1], matches[0][2]
            sa, sb = strengths.get(a.contact_id, 0.0), strengths.get(b.contact_id, 0.0)
            suggestion = Suggestion(a.contact_id, b.contact_id, text, sa + sb, score)
            out.append((-(sa + sb), -min(sa, sb), -score, a.contact_id, b.contact_id, suggestion))
    out.sort(key=lambda row: row[:5])
    suggestions = [row[-1] for row in out]
    return suggestions if limit is None else suggestions[:limit]
