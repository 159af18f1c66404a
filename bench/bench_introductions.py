"""Quality and speed of the introductions matcher, beside the matcher it replaced.

    python bench/bench_introductions.py [--show] [--people 2000]

Quality: precision and recall of the full suggestion list (no limit) on the
labelled networks in tests/data/introductions/ (tune.toml and tune2.toml: what
the vocabulary was shaped on; heldout.toml: not tuned on; "all": the three
pooled), for the new matcher and for the
old one (a frozen copy of its rules is below). A suggestion is judged as an
unordered pair: right when the two are a ``match`` pair, not counted when they
are an ``either`` pair, wrong otherwise (traps included). Recall is the share of
``match`` pairs suggested. Targets (issue 11): precision >= 0.9, recall >= 0.8.
``--show`` lists the wrong and the missed pairs.

Speed: both matchers on a network of --people people (default 2,000), each
with up to two needs and two offers drawn from the labelled texts; the new
matcher's first call (reading the vocabulary) is timed apart. The old matcher
is quadratic and is timed on the first 300 people only, beside the new one.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.domain import introductions as intro  # noqa: E402
from desktop.domain.contact import fold_text  # noqa: E402

DATA = ROOT / "tests" / "data" / "introductions"
NETWORKS = ("tune", "tune2", "tune3", "heldout")
OLD_PEOPLE = 300  # the old matcher is timed on this many people only


# --- the labelled networks ---------------------------------------------------------------


@dataclass
class Network:
    name: str
    profiles: list[intro.Profile]
    ids: dict[str, int]  # label id -> contact id
    match: set[frozenset[int]]
    either: set[frozenset[int]]
    trap: list[tuple[int, int, str]]

    @property
    def items(self) -> int:
        return sum(len(p.needs) + len(p.offers) for p in self.profiles)


def load_network(name: str) -> Network:
    data = tomllib.loads((DATA / f"{name}.toml").read_text(encoding="utf-8"))
    ids = {p["id"]: n for n, p in enumerate(data["person"], 1)}
    profiles = [
        intro.Profile(
            ids[p["id"]], p["name"],
            tuple(intro.NeedOffer(t) for t in p.get("needs", ())), tuple(intro.NeedOffer(t) for t in p.get("offers", ())),
        )  # fmt: skip
        for p in data["person"]
    ]
    labels = data["labels"]

    def pairs(key):
        return {frozenset((ids[a], ids[b])) for a, b, *_ in labels[key]}

    traps = [(ids[a], ids[b], why) for a, b, why in labels["trap"]]
    return Network(name, profiles, ids, pairs("match"), pairs("either"), traps)


@dataclass
class Score:
    precision: float
    recall: float
    suggested: int
    right: int
    wrong: list[frozenset[int]]
    missed: list[frozenset[int]]


def score(network: Network, suggested: Iterable[tuple[int, int]]) -> Score:
    pairs = {frozenset(p) for p in suggested}
    judged = pairs - network.either
    right = judged & network.match
    precision = len(right) / len(judged) if judged else 1.0
    recall = len(pairs & network.match) / len(network.match)
    return Score(precision, recall, len(pairs), len(right), sorted(judged - network.match, key=sorted),
                 sorted(network.match - pairs, key=sorted))  # fmt: skip


def pooled(scores: list[tuple[Network, Score]]) -> tuple[float, float, int]:
    """(precision, recall, suggested) over several networks, counted pair by pair."""
    right = sum(s.right for _, s in scores)
    judged = right + sum(len(s.wrong) for _, s in scores)
    found = sum(len(n.match) - len(s.missed) for n, s in scores)
    true = sum(len(n.match) for n, _ in scores)
    return right / judged if judged else 1.0, found / true, sum(s.suggested for _, s in scores)


def new_pairs(network: Network) -> list[tuple[int, int]]:
    return [(s.a_id, s.b_id) for s in intro.suggest_introductions(network.profiles, {})]


# --- the old matcher, frozen (desktop/domain/introductions.py before issue 11) -----------

OLD_STOP_WORDS = frozenset(
    """
    a an the and or but of to for with without in on at by from into about as is are be
    i me my we our you your they their them he she his her it its this that these those
    need needs needed needing want wants wanted looking look seeks seeking search searching
    offer offers offered offering provide provides providing can could would will able
    help helps helping some someone somebody any anyone good great new more other
    de la le les des du et en y el los las un une una para con por
    """.split()
)
OLD_SUFFIXES = (
    "ations", "ation", "ments", "ment", "ings", "ing", "ers", "er", "ists", "ist",
    "ants", "ant", "ents", "ent", "ors", "or", "ies", "es", "ed", "ly", "al", "s", "y", "e",
)  # fmt: skip
_OLD_WORD = re.compile(r"[a-z0-9]+")


def _old_stem(word: str) -> str:
    for suffix in OLD_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                continue
            return word[: -len(suffix)]
    return word


def _old_keywords(text: str) -> frozenset[str]:
    words = _OLD_WORD.findall(fold_text(text))
    return frozenset(_old_stem(w) for w in words if w not in OLD_STOP_WORDS and len(w) > 1)


def _old_tag(tag: str) -> str:
    return " ".join(_OLD_WORD.findall(fold_text(tag)))


def _old_score(need: intro.NeedOffer, offer: intro.NeedOffer) -> float:
    tag_hits = len(({_old_tag(t) for t in need.tags} - {""}) & ({_old_tag(t) for t in offer.tags} - {""}))
    need_words, offer_words = _old_keywords(need.text), _old_keywords(offer.text)
    word_score = len(need_words & offer_words) / len(need_words) if need_words else 0.0
    return tag_hits * 10.0 + word_score


def old_suggest(profiles: Iterable[intro.Profile], strengths: Mapping[int, float]) -> list[tuple[int, int, str]]:
    """(a, b, because) as the old matcher listed them: any shared word after a suffix stripper."""
    people = sorted({p.contact_id: p for p in profiles}.values(), key=lambda p: p.contact_id)
    out = []
    for i, first in enumerate(people):
        for second in people[i + 1 :]:
            matches = []
            for needer, offerer in ((first, second), (second, first)):
                best = None
                for need in needer.needs:
                    for offer in offerer.offers:
                        s = _old_score(need, offer)
                        if s > 0 and (best is None or s > best[0]):
                            best = (s, need, offer)
                if best:
                    matches.append((best[0], needer, offerer, best[1], best[2]))
            if not matches:
                continue
            matches.sort(key=lambda m: -m[0])
            because = " — and ".join(f"{m[1].name} needs {m[3].text}; {m[2].name} offers {m[4].text}" for m in matches)
            a, b = matches[0][1].contact_id, matches[0][2].contact_id
            sa, sb = strengths.get(a, 0.0), strengths.get(b, 0.0)
            out.append((-(sa + sb), -min(sa, sb), -sum(m[0] for m in matches), a, b, because))
    out.sort(key=lambda r: r[:5])
    return [(r[3], r[4], r[5]) for r in out]


def old_pairs(network: Network) -> list[tuple[int, int]]:
    return [(a, b) for a, b, _ in old_suggest(network.profiles, {})]


# --- speed ----------------------------------------------------------------------------------


VARIATIONS = ["", "", " in Lyon", " asap", " (remote is fine)", " for next month", ", ideally local", " for our team",
              " - recommendations welcome", " for a client", " in the spring", ", budget is tight"]  # fmt: skip


def big_network(people: int, seed: int = 11) -> list[intro.Profile]:
    """``people`` people with up to two needs and two offers each (at least one of them), drawn from the
    labelled texts with a tail that makes most texts differ ("… in Lyon", "… asap"), as a person's own do."""
    rng = random.Random(seed)
    needs, offers = [], []
    for name in NETWORKS:
        for p in load_network(name).profiles:
            needs += [n.text for n in p.needs]
            offers += [o.text for o in p.offers]

    def items(texts, n):
        return tuple(intro.NeedOffer(t + rng.choice(VARIATIONS)) for t in rng.sample(texts, n))

    out = []
    for cid in range(1, people + 1):
        n_needs, n_offers = rng.randint(0, 2), rng.randint(0, 2)
        if n_needs + n_offers == 0:
            n_offers = 1
        out.append(intro.Profile(cid, f"Person {cid}", items(needs, n_needs), items(offers, n_offers)))
    return out


def _timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the wrong and the missed pairs")
    parser.add_argument("--only", choices=NETWORKS, help="this labelled network only")
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    t = time.perf_counter()
    from desktop.domain.vocabulary import default_vocabulary

    vocab = default_vocabulary()
    load = time.perf_counter() - t
    print("Introductions matcher: precision / recall of the full suggestion list (targets >= 0.90 / >= 0.80)")
    print(f"{'network':<10}{'items':>6}{'true':>6}   {'new P':>6}{'new R':>7}{'sugg':>6}"
          f"   {'old P':>6}{'old R':>7}{'sugg':>6}")  # fmt: skip
    news, olds = [], []
    for name in [args.only] if args.only else NETWORKS:
        net = load_network(name)
        new, old = score(net, new_pairs(net)), score(net, old_pairs(net))
        news.append((net, new))
        olds.append((net, old))
        print(f"{name:<10}{net.items:>6}{len(net.match):>6}   {new.precision:>6.2f}{new.recall:>7.2f}{new.suggested:>6}"
              f"   {old.precision:>6.2f}{old.recall:>7.2f}{old.suggested:>6}")  # fmt: skip
        if args.show:
            who = {p.contact_id: p for p in net.profiles}

            def say(pair):
                a, b = sorted(pair)
                def items(p):
                    return f"{p.name} needs {[n.text for n in p.needs]} offers {[o.text for o in p.offers]}"

                return f"{items(who[a])} <> {items(who[b])}"

            by_pair = {frozenset((s.a_id, s.b_id)): s.because for s in intro.suggest_introductions(net.profiles, {})}
            for pair in new.wrong:
                print("   wrong:", by_pair[pair])
            for pair in new.missed:
                print("  missed:", say(pair))
    if len(news) > 1:
        (np_, nr, ns), (op, or_, os_) = pooled(news), pooled(olds)
        items = sum(n.items for n, _ in news)
        true = sum(len(n.match) for n, _ in news)
        print(f"{'all':<10}{items:>6}{true:>6}   {np_:>6.2f}{nr:>7.2f}{ns:>6}   {op:>6.2f}{or_:>7.2f}{os_:>6}")
    profiles = big_network(args.people)
    items = sum(len(p.needs) + len(p.offers) for p in profiles)
    print(f"\nSpeed on {args.people:,} people ({items:,} needs and offers), median of {args.runs}:")
    print(f"  reading the vocabulary (once per process): {load * 1000:.0f} ms")
    found = len(intro.suggest_introductions(profiles, {}))
    new_t = _timed(lambda: intro.suggest_introductions(profiles, {}), args.runs)
    top_t = _timed(lambda: intro.suggest_introductions(profiles, {}, limit=10), args.runs)
    print(f"  new matcher: {new_t * 1000:,.0f} ms for the full list ({found:,} suggestions), "
          f"{top_t * 1000:,.0f} ms for the best 10 (Today)")  # fmt: skip
    # The old matcher compares every pair of people (and reads both texts each time): quadratic.
    few = profiles[: min(len(profiles), OLD_PEOPLE)]
    new_few = _timed(lambda: intro.suggest_introductions(few, {}), args.runs)
    old_few = _timed(lambda: old_suggest(few, {}), 1)
    print(f"  on the first {len(few):,} people: new {new_few * 1000:,.0f} ms, old {old_few * 1000:,.0f} ms (1 run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
