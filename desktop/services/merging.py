"""Merging contacts a person confirmed are one: the kept contact takes the others' details and their whole
story, the others go to the trash (restorable), and the merge is one step that can be undone and redone.

The details follow ``domain.merging`` (empty fields filled, lists unioned, the person's choice per
conflicting field) and ``merge_relationship`` (circle, cadence, priority, how you met). The story
is every row that names a merged contact: interactions, exchanges (also as the third party),
needs and offers, knows links, group memberships, events attended, reminders, the fingerprints
of the cards imported into it and the pairs dismissed as not duplicates. Each such row is
pointed at the kept contact, or dropped where the kept contact already has its twin (both at the
same meeting); the undo record lists each move and each dropped row, so the undo puts back
exactly what the merge changed and nothing logged since.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop.domain.contact import contact_from_json, contact_to_json
from desktop.domain.errors import RapportError
from desktop.domain.merging import MergePlan, Relationship, merge, merge_relationship, plan_merge
from desktop.services import undo
from desktop.services.contacts import (
    ContactRecord,
    load_records,
    refresh_last_contact,
    replace_contact,
    restore_contacts,
    trash_contacts,
    update_fields,
)
from desktop.services.settings import default_region
from desktop.services.trash import MergeChangedSince, content_fingerprint, list_undo
from desktop.storage.db import database

MERGE_KIND = "merging.merge"  # the journal's kind of a merge a person made (an import's is "merge")

# (table, the column naming a contact, the column that with it must stay unique or None, primary key)
_LINKS = (
    ("interaction_contact", "contact_id", "interaction_id", "id"),
    ("exchange_contact", "contact_id", "exchange_id", "id"),
    ("group_member", "contact_id", "group_id", "id"),
    ("event_attendee", "contact_id", "event_id", "id"),
    ("need_offer", "contact_id", None, "id"),
    ("reminder", "contact_id", None, "id"),
    ("imported_card", "contact_id", None, "digest"),
    ("exchange", "third_party_id", None, "id"),
)
# Tables of unordered pairs of contacts: a pair that becomes (kept, kept) or doubles another is dropped.
_PAIRS = (("knows", "a_id", "b_id"), ("dismissed_pair", "a_id", "b_id"))


class MergeError(RapportError):
    """A merge that cannot be made, explained for a person; nothing was changed."""


@dataclass(frozen=True)
class MergePreview:
    """What the window shows before a merge: the contacts side by side and the plan field by field."""

    records: tuple[ContactRecord, ...]  # the kept one first
    plan: MergePlan


@dataclass(frozen=True)
class MergeOutcome:
    keep_id: int
    merged_ids: tuple[int, ...]  # the others, now in the trash
    record_id: int  # the UndoRecord that takes it back
    label: str  # "merge of Bob Smith and Robert Smith"


def names_label(names: Sequence[str]) -> str:
    """"Bob Smith and Robert Smith", "A, B and C"."""
    names = [n or "a contact without a name" for n in names]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _records(keep_id: int, other_ids: Sequence[int]) -> list[ContactRecord]:
    others = list(dict.fromkeys(other_ids))
    if keep_id in others:
        raise MergeError(f"Contact {keep_id} cannot be merged into itself.")
    if not others:
        raise MergeError("Name at least one other contact to merge into the one kept.")
    ids = [keep_id, *others]
    found = {r.id: r for r in load_records(ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise MergeError(f"There is no contact {', '.join(map(str, missing))} (or it is in the trash); nothing was merged.")
    return [found[i] for i in ids]


def preview(keep_id: int, other_ids: Sequence[int], region: str | None = None) -> MergePreview:
    records = _records(keep_id, other_ids)
    region = region if region is not None else default_region()
    return MergePreview(tuple(records), plan_merge(records[0].data, [r.data for r in records[1:]], region))


def _relationships(records: list[ContactRecord]) -> list[Relationship]:
    ids = [r.id for r in records]
    events = dict(
        database.connection().execute(
            f"SELECT id, met_event_id FROM contact WHERE id IN ({','.join('?' * len(ids))})", ids
        )
    )
    return [
        Relationship(r.met_how, r.interests, r.circle, r.cadence_days, r.priority, events.get(r.id)) for r in records
    ]


def _fields(rel: Relationship) -> dict:
    return {"met_how": rel.met_how, "interests": rel.interests, "circle": rel.circle,
            "cadence_days": rel.cadence_days, "priority": rel.priority, "met_event": rel.met_event_id}  # fmt: skip


def _move_links(keep: int, others: list[int]) -> tuple[list, list]:
    """Point every row naming one of ``others`` at ``keep``; returns (moves, dropped rows) for the undo."""
    conn = database.connection()
    moved: list[list] = []  # [table, primary key column, key, column, from contact]
    dropped: list[list] = []  # [table, {column: value}]
    marks = ",".join("?" * len(others))
    for table, column, unique_with, pk in _LINKS:
        rows = conn.execute(
            f"SELECT {pk}, {column}{', ' + unique_with if unique_with else ''} FROM {table} "
            f"WHERE {column} IN ({marks}) ORDER BY {pk}",
            others,
        ).fetchall()
        taken = set()
        if unique_with:
            taken = {r[0] for r in conn.execute(f"SELECT {unique_with} FROM {table} WHERE {column} = ?", (keep,))}
        for row in rows:
            key, source = row[0], row[1]
            if unique_with and row[2] in taken:
                dropped.append([table, _row(table, pk, key)])
                conn.execute(f"DELETE FROM {table} WHERE {pk} = ?", (key,))
                continue
            if unique_with:
                taken.add(row[2])
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE {pk} = ?", (keep, key))
            moved.append([table, pk, key, column, source])
    group = {keep, *others}
    for table, a, b in _PAIRS:
        rows = conn.execute(
            f"SELECT id, {a}, {b} FROM {table} WHERE {a} IN ({marks}) OR {b} IN ({marks}) ORDER BY id", others + others
        ).fetchall()
        pairs = {frozenset(r) for r in conn.execute(f"SELECT {a}, {b} FROM {table} WHERE {a} = ? OR {b} = ?", (keep, keep))}
        for key, x, y in rows:
            nx, ny = (keep if x in group else x), (keep if y in group else y)
            pair = frozenset((nx, ny))
            if nx == ny or pair in pairs:
                dropped.append([table, _row(table, "id", key)])
                conn.execute(f"DELETE FROM {table} WHERE id = ?", (key,))
                continue
            pairs.add(pair)
            if nx != x:
                conn.execute(f"UPDATE {table} SET {a} = ? WHERE id = ?", (nx, key))
                moved.append([table, "id", key, a, x])
            if ny != y:
                conn.execute(f"UPDATE {table} SET {b} = ? WHERE id = ?", (ny, key))
                moved.append([table, "id", key, b, y])
    return moved, dropped


def _row(table: str, pk: str, key) -> dict:
    cur = database.connection().execute(f"SELECT * FROM {table} WHERE {pk} = ?", (key,))
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchone()))


def _apply(keep_id: int, other_ids: Sequence[int], choices: Mapping[str, str] | None, region: str) -> dict:
    """The merge itself, inside the caller's transaction; returns what the undo needs."""
    records = _records(keep_id, other_ids)
    keep, others = records[0], records[1:]
    merged = merge(keep.data, [r.data for r in others], choices, region)  # MergeChoiceError: nothing written yet
    rels = _relationships(records)
    moved, dropped = _move_links(keep_id, [r.id for r in others])
    replace_contact(keep_id, merged, region)
    update_fields(keep_id, **_fields(merge_relationship(rels[0], rels[1:])))
    trashed = trash_contacts([r.id for r in others])
    refresh_last_contact([keep_id])
    return {
        "keep": keep_id,
        "others": [r.id for r in others],
        "choices": dict(choices or {}),
        "region": region,
        "before": contact_to_json(keep.data),
        "fields_before": _fields(rels[0]),
        "after_fingerprint": content_fingerprint(merged),
        "moved": moved,
        "dropped": dropped,
        "trashed": trashed,
        "names": [r.data.display_name() for r in records],
    }


def merge_contacts(
    keep_id: int, other_ids: Sequence[int], choices: Mapping[str, str] | None = None, region: str | None = None
) -> MergeOutcome:
    """Merge ``other_ids`` into ``keep_id`` in one transaction, as one step the undo history can take back.

    ``choices`` picks, per conflicting field, one of the values ``preview(...).plan`` lists
    (``MergeChoiceError`` otherwise). Raises ``MergeError`` for a contact that is not live, or
    one merged into itself; nothing is written then.
    """
    region = region if region is not None else default_region()
    with database.atomic("IMMEDIATE"):
        with undo.quietly():  # the trash and edits it makes are this one step, not steps of their own
            payload = _apply(keep_id, other_ids, choices, region)
        label = f"merge of {names_label(payload['names'])}"
        record_id = undo.record(MERGE_KIND, label, payload)
    return MergeOutcome(keep_id, tuple(payload["others"]), record_id, label)


def _take_back(step: undo.Step) -> undo.Changed:
    """The kept contact as it was, every moved row back where it was, every dropped row back, the others
    out of the trash. Refused (``MergeChangedSince``) when the kept contact's details changed after the
    merge, since undoing would lose that change, unless forced. What was logged with the kept
    contact since stays with it."""
    from desktop.services.contacts import ContactNotFound, load_record

    payload = step.payload
    keep = payload["keep"]
    try:
        current = load_record(keep).data
    except ContactNotFound:
        raise MergeError("The merged contact no longer exists.") from None
    if not step.force and content_fingerprint(current) != payload["after_fingerprint"]:
        raise MergeChangedSince("The contact was changed after the merge; undoing it would lose that change.")
    if not step.force and any(item.id > step.id for item in list_undo(keep)):
        raise MergeChangedSince("A later merge into the same contact must be undone first.")
    conn = database.connection()
    for table, pk, key, column, source in reversed(payload["moved"]):
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {pk} = ? AND {column} = ?", (source, key, keep))
    for table, row in payload["dropped"]:
        row = {k: v for k, v in row.items() if k != "id"}  # a new id: the old one may have been reused
        cols = ", ".join(row)
        conn.execute(f"INSERT OR IGNORE INTO {table} ({cols}) VALUES ({','.join('?' * len(row))})", list(row.values()))
    replace_contact(keep, contact_from_json(payload["before"]), payload.get("region"))
    update_fields(keep, **payload["fields_before"])
    restore_contacts(payload["trashed"])
    refresh_last_contact([keep, *payload["others"]])
    ids = (keep, *payload["others"])
    return undo.Changed(contacts=ids, timeline=ids, today=True)


def _merge_again(step: undo.Step) -> undo.Changed:
    """The same merge, with the same choices; what the undo needs is written back into the entry."""
    p = step.payload
    again = _apply(p["keep"], p["others"], p["choices"], p["region"])
    p.clear()
    p.update(again)
    ids = (again["keep"], *again["others"])
    return undo.Changed(contacts=ids, timeline=ids, today=True)


undo.register(MERGE_KIND, undo=_take_back, redo=_merge_again)
