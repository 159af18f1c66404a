"""The duplicates scan meets its quality floor on the labelled set (figures: bench/bench_duplicates.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench import duplicates_eval as ev  # noqa: E402


def test_precision_and_recall_floor_on_the_labelled_set():
    items = ev.load()
    assert len(items) >= 300
    expected = ev.truth(items)
    ours = ev.score(ev.rapport_method(items), expected)
    assert ours.precision >= 0.9, ours
    assert ours.recall >= 0.8, ours
    for baseline in (ev.folded_name_method, ev.certain_keys_method):
        theirs = ev.score(baseline(items), expected)
        assert ours.recall > theirs.recall + 0.5 and ours.precision > theirs.precision, (baseline.__name__, theirs)


def test_each_part_stays_above_a_lower_floor():
    """The held-out parts have fewer pairs, so a single pair moves them by several points."""
    for split in ("tune", "holdout", "holdout2"):
        items = ev.load(split=split)
        s = ev.score(ev.rapport_method(items), ev.truth(items))
        assert s.precision >= 0.85 and s.recall >= 0.8, (split, s)
