"""The duplicates review: scan the stored contacts for likely duplicates, and remember the pairs a person
said are not duplicates (forever: they never come back, in the window or on the command line,
unless Edit → Undo takes the "not duplicates" back).

The scan reads only what ``domain.duplicates`` compares (names, company, emails, phones, profiles,
birthday, addresses), one query per table, and hands the rest to the domain
(``bench/bench_duplicates.py`` prints the read, the domain's scan and the whole on 100,000 contacts).
Merging a group is ``services.merging``'s.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.domain import duplicates
from desktop.domain.contact import Address, ContactData, Email, Phone, SocialProfile
from desktop.domain.errors import RapportError
from desktop.services import undo
from desktop.storage.db import database

class DuplicatesError(RapportError):
    """A dismissal that cannot be recorded, explained for a person."""


@dataclass(frozen=True)
class Suggestion:
    """A group of contacts that are likely one person, as the review shows it."""

    ids: tuple[int, ...]  # ascending
    names: tuple[str, ...]  # in the order of ids
    reasons: tuple[str, ...]  # in words, the most frequent first ("Bob is short for Robert", "same phone number")
    score: float  # 0..1: the mean of the group's pairs

    def as_json(self) -> dict:
        """The command line's ``duplicates --json`` object (an exact contract)."""
        return {"ids": list(self.ids), "names": list(self.names), "reasons": list(self.reasons), "score": self.score}


_SCAN_COLUMNS = ("prefix", "given_name", "additional_name", "family_name", "suffix", "full_name", "nickname",
                 "organization", "birthday")  # fmt: skip
# Every field at its default, the lists as empty tuples: filled in place below, a list made only when needed.
_BLANK = {f.name: (() if f.default_factory is list else f.default) for f in dataclasses.fields(ContactData)}


def _blank_contact(values: Iterable) -> ContactData:
    """A read-only ContactData for the scan, in a third of the time the dataclass's own __init__ takes
    (its eight empty lists and 25 keywords: 0.6 s of 100,000 contacts)."""
    c = object.__new__(ContactData)
    c.__dict__.update(_BLANK)
    c.__dict__.update(zip(_SCAN_COLUMNS, values))
    return c


def _without_cycle_collector(fn):  # noqa: ANN001, ANN202
    """Run ``fn`` with Python's cycle collector paused, as ``domain.duplicates.find_duplicates`` does: the
    read builds some 400,000 small objects for 100,000 contacts and no cycles, and the collector's passes
    over them took 0.5-0.8 s of a 1.1-1.7 s read. Reference counting still frees everything."""

    @functools.wraps(fn)
    def run(*args, **kwargs):  # noqa: ANN202
        paused = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if paused:
                gc.enable()

    return run


@_without_cycle_collector
def load_for_scan() -> dict[int, ContactData]:
    """id -> what the scan compares, for every live contact (archived ones too: a duplicate may hide there).

    Whole-table reads rather than IN lists, and only the columns the scan uses: no photo, note or
    vCard extras. The contacts are for reading only (their lists may be tuples).
    """
    conn = database.connection()
    # "+deleted_at": a scan of the table in id order, not a walk of the deleted_at index and a sort.
    people = {
        r[0]: _blank_contact(r[1:])
        for r in conn.execute(f"SELECT id, {', '.join(_SCAN_COLUMNS)} FROM contact WHERE +deleted_at IS NULL")
    }

    def add(cid: int, field: str, item) -> None:  # noqa: ANN001
        c = people.get(cid)
        if c is not None:
            have = c.__dict__[field]
            if have:
                have.append(item)
            else:
                c.__dict__[field] = [item]

    # No ORDER BY: a table scan reads rows in the order they were written, which is their position order
    # (a contact's rows are always written together, in order), and the scan compares sets anyway.
    for cid, value in conn.execute("SELECT contact_id, value FROM contact_email"):
        add(cid, "emails", Email(value))
    for cid, value in conn.execute("SELECT contact_id, value FROM contact_phone"):
        add(cid, "phones", Phone(value))
    for cid, service, value in conn.execute(
        "SELECT contact_id, service, value FROM contact_social"
    ):
        add(cid, "social_profiles", SocialProfile(service, value))
    for cid, street, city, postal in conn.execute(
        "SELECT contact_id, street, city, postal_code FROM contact_address"
    ):
        add(cid, "addresses", Address(street=street, city=city, postal_code=postal))
    return people


def dismissed_pairs() -> list[tuple[int, int]]:
    """Every pair a person said is not a duplicate, smaller id first."""
    rows = database.connection().execute("SELECT a_id, b_id FROM dismissed_pair ORDER BY a_id, b_id")
    return [(a, b) for a, b in rows]


@_without_cycle_collector
def scan(min_score: float = duplicates.MIN_SCORE) -> list[Suggestion]:
    """Groups of live contacts that are likely the same person, best first; dismissed pairs never come back."""
    people = load_for_scan()
    groups = duplicates.find_duplicates(people.items(), dismissed_pairs(), min_score)
    out = []
    for g in groups:
        ids = tuple(sorted(g.refs))
        out.append(Suggestion(ids, tuple(people[i].display_name() for i in ids), g.reasons, g.score))
    return out


def _live(ids: list[int]) -> set[int]:
    marks = ",".join("?" * len(ids))
    sql = f"SELECT id FROM contact WHERE deleted_at IS NULL AND id IN ({marks})"
    return {r[0] for r in database.connection().execute(sql, ids)}


def dismiss(ids: list[int]) -> int:
    """Remember that these contacts (two or more: every pair among them) are not duplicates, as one step of
    the undo journal; returns how many pairs were new. Raises ``DuplicatesError`` for fewer than two
    distinct contacts or one that is not a live contact; nothing is recorded then."""
    ids = sorted(set(ids))
    if len(ids) < 2:
        raise DuplicatesError("Name two different contacts that are not duplicates.")
    missing = sorted(set(ids) - _live(ids))
    if missing:
        raise DuplicatesError(f"There is no contact {', '.join(map(str, missing))} (or it is in the trash).")
    pairs = [(a, b) for n, a in enumerate(ids) for b in ids[n + 1 :]]
    with database.atomic("IMMEDIATE"):
        known = {frozenset(p) for p in dismissed_pairs()}
        new = [p for p in pairs if frozenset(p) not in known]
        _write_pairs(new, True)
        if new:
            from desktop.services.merging import names_label
            from desktop.services.names import contact_names

            names = contact_names(ids)
            undo.record(DISMISS_KIND, f"“not duplicates” for {names_label([names.get(i, '') for i in ids])}",
                        {"pairs": new})  # fmt: skip
        return len(new)


def _write_pairs(pairs: list[tuple[int, int]], present: bool) -> None:
    conn = database.connection()
    if present:
        conn.executemany(
            "INSERT OR IGNORE INTO dismissed_pair (a_id, b_id, created_at) VALUES (?, ?, datetime('now', 'localtime'))",
            pairs,
        )
    else:  # either way round: a merge may have turned a pair about
        conn.executemany("DELETE FROM dismissed_pair WHERE a_id = ? AND b_id = ?", pairs + [(b, a) for a, b in pairs])


def _forget(step: undo.Step) -> undo.Changed:
    _write_pairs([tuple(p) for p in step.payload["pairs"]], False)
    return undo.Changed()


def _dismiss_again(step: undo.Step) -> undo.Changed:
    _write_pairs([tuple(p) for p in step.payload["pairs"]], True)
    return undo.Changed()


DISMISS_KIND = "duplicates.dismiss"
undo.register(DISMISS_KIND, undo=_forget, redo=_dismiss_again)
