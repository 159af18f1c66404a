"""The trash and undo: deleted contacts, timeline entries, events and groups wait here for 30 days, and a
merge can be taken back.

Deleting only stamps ``deleted_at`` (contacts.trash_contacts, timeline.delete_entry,
groups.delete_event and delete_group); this module
lists what is in the trash, restores it, purges what is older than ``keep_days()`` and empties the
trash on request. A merge made by an import is recorded as an ``UndoRecord`` holding the contact
as it was before and the card fingerprints the merge added; ``undo_merge`` puts the contact back
and forgets those fingerprints, so re-importing the card merges it again. A merge a person made
(``services.merging``) is listed and undone here too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.domain.contact import ContactData, contact_from_json, contact_to_json
from desktop.domain.errors import RapportError
from desktop.domain.kinds import CONTACT, EVENT, EXCHANGE, GROUP, INTERACTION
from desktop.services import undo
from desktop.services.names import contact_names, name_of
from desktop.storage.db import database
from desktop.storage.models import Contact, Event, Exchange, Interaction, NetworkGroup, UndoRecord

KINDS = (CONTACT, INTERACTION, EXCHANGE, EVENT, GROUP)
# What purging deletes, in this order: events before groups, everything before the contacts it names.
_PURGED = ((INTERACTION, Interaction), (EXCHANGE, Exchange), (EVENT, Event), (GROUP, NetworkGroup), (CONTACT, Contact))


def keep_days() -> int:
    """How many days the trash keeps what was deleted (a setting, 30 unless the person changed it)."""
    from desktop.services.settings import trash_keep_days

    return trash_keep_days()


class TrashError(RapportError):
    """A trash or undo action that cannot be done, explained for a person."""


class MergeChangedSince(TrashError, undo.Refused):
    """An undo that would lose what happened after the merge; ``undo_merge(..., force=True)`` overrides it."""


@dataclass(frozen=True)
class TrashItem:
    kind: str  # contact, interaction, exchange, event or group
    id: int
    label: str  # the contact's or group's name, the entry's date, type and summary, the event's date and name
    deleted_at: dt.datetime
    purge_on: dt.date  # the day it goes for good


@dataclass(frozen=True)
class UndoItem:
    id: int
    kind: str  # merge (an import's), merge_contacts (a person's, services.merging)
    label: str
    created_at: dt.datetime
    contact_ids: tuple[int, ...]


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _as_datetime(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


# --------------------------------------------------------------------------- the trash


def list_trash() -> list[TrashItem]:
    """Everything in the trash, most recently deleted first."""
    items: list[TrashItem] = []
    keep = dt.timedelta(days=keep_days())
    for c in (
        Contact.select(Contact.id, Contact.full_name, Contact.created_at, Contact.deleted_at)
        .where(Contact.deleted_at.is_null(False))
        .namedtuples()
    ):
        when = _as_datetime(c.deleted_at)
        items.append(TrashItem(CONTACT, c.id, name_of(c.full_name, c.created_at), when, (when + keep).date()))
    for kind, model, type_col in ((INTERACTION, Interaction, Interaction.channel), (EXCHANGE, Exchange, Exchange.kind)):
        for row in (
            model.select(model.id, model.occurred_on, type_col.alias("type"), model.summary, model.deleted_at)
            .where(model.deleted_at.is_null(False))
            .namedtuples()
        ):
            when = _as_datetime(row.deleted_at)
            label = f"{row.occurred_on} {row.type}" + (f": {row.summary}" if row.summary else "")
            items.append(TrashItem(kind, row.id, label, when, (when + keep).date()))
    for row in Event.select(Event.id, Event.date, Event.name, Event.deleted_at).where(Event.deleted_at.is_null(False)):
        when = _as_datetime(row.deleted_at)
        items.append(TrashItem(EVENT, row.id, f"{row.date} {row.name}", when, (when + keep).date()))
    for row in NetworkGroup.select(NetworkGroup.id, NetworkGroup.name, NetworkGroup.deleted_at).where(
        NetworkGroup.deleted_at.is_null(False)
    ):
        when = _as_datetime(row.deleted_at)
        items.append(TrashItem(GROUP, row.id, row.name, when, (when + keep).date()))
    items.sort(key=lambda i: (i.deleted_at, i.kind, i.id), reverse=True)
    return items


def restore(kind: str, item_id: int) -> None:
    """Take one item out of the trash (``TrashError`` when it is not there)."""
    _, problems = restore_items([(kind, item_id)])
    if problems:
        raise TrashError(problems[0])


def restore_items(items: Iterable[tuple[str, int]]) -> tuple[list[tuple[str, int]], list[str]]:
    """Take items (kind, id) out of the trash, in one transaction; returns those restored and, for the
    others, why not. That undoes their deletion: the journal's entries for them are narrowed (or
    marked undone), so Edit → Undo does not offer to bring them back a second time."""
    from desktop.services.contacts import restore_contacts
    from desktop.services.groups import restore_event, restore_group
    from desktop.services.timeline import restore_entry

    items = list(dict.fromkeys(items))
    restored: list[tuple[str, int]] = []
    problems: list[str] = []
    with database.atomic("IMMEDIATE"):
        wanted = [i for k, i in items if k == CONTACT]
        back = set(restore_contacts(wanted))
        for kind, item_id in items:
            if kind == CONTACT:
                if item_id in back:
                    restored.append((kind, item_id))
                else:
                    problems.append(f"Contact {item_id} is not in the trash.")
            elif kind in (INTERACTION, EXCHANGE):
                model = Interaction if kind == INTERACTION else Exchange
                if not model.select().where(model.id == item_id, model.deleted_at.is_null(False)).exists():
                    problems.append(f"{kind.capitalize()} {item_id} is not in the trash.")
                    continue
                restore_entry(kind, item_id)
                restored.append((kind, item_id))
            elif kind in (EVENT, GROUP):
                model = Event if kind == EVENT else NetworkGroup
                if not model.select().where(model.id == item_id, model.deleted_at.is_null(False)).exists():
                    problems.append(f"{kind.capitalize()} {item_id} is not in the trash.")
                    continue
                (restore_event if kind == EVENT else restore_group)(item_id)
                restored.append((kind, item_id))
            else:
                problems.append(f"Unknown kind of item: {kind!r} (one of {', '.join(KINDS)}).")
        _forget_deletions(restored)
    return restored, problems


def _forget_deletions(restored: list[tuple[str, int]]) -> None:
    from desktop.services.contacts import delete_label

    contacts = {i for k, i in restored if k == CONTACT}
    if contacts:
        for entry_id, payload in undo.standing("contacts.delete"):
            left = [i for i in payload["ids"] if i not in contacts]
            if len(left) == len(payload["ids"]):
                continue
            if left:
                undo.rewrite(entry_id, delete_label(left), {**payload, "ids": left})
            else:
                undo.mark_undone(entry_id)
    entries = {(k, i) for k, i in restored if k in (INTERACTION, EXCHANGE)}
    if entries:
        for entry_id, payload in undo.standing("timeline.delete"):
            if (payload["entry_kind"], payload["id"]) in entries:
                undo.mark_undone(entry_id)
    others = {(k, i) for k, i in restored if k in (EVENT, GROUP)}
    if others:
        for entry_id, payload in undo.standing("groups.delete"):
            if {(k, i) for k, i in payload["items"]} <= others:
                undo.mark_undone(entry_id)


def delete_contacts(ids: list[int]) -> list[int]:
    """Move contacts to the trash; more than one at once is a bulk delete, backed up first."""
    from desktop.services.backup import backup_before
    from desktop.services.contacts import trash_contacts

    ids = list(dict.fromkeys(ids))
    if len(ids) > 1:
        backup_before("delete")
    return trash_contacts(ids)


def _purge(cutoff: dt.datetime | None) -> dict[str, int]:
    counts = {kind: 0 for kind, _ in _PURGED}
    if cutoff is not None:
        # the usual case on every start: nothing to purge, and no write lock taken to find that out
        due = any(
            m.select().where(m.deleted_at.is_null(False), m.deleted_at < cutoff).exists() for _, m in _PURGED
        ) or UndoRecord.select().where(UndoRecord.created_at < cutoff).exists()
        if not due:
            return counts
    with database.atomic("IMMEDIATE"):
        for kind, model in _PURGED:
            cond = model.deleted_at.is_null(False)
            if cutoff is not None:
                cond &= model.deleted_at < cutoff
            counts[kind] = model.delete().where(cond).execute()  # child rows follow (ON DELETE CASCADE)
        stale = UndoRecord.delete()
        if cutoff is not None:
            stale = stale.where(UndoRecord.created_at < cutoff)
        stale.execute()
    return counts


def purge_expired(now: dt.datetime | None = None) -> dict[str, int]:
    """Delete for good what has been in the trash more than ``keep_days()`` days (and older undo records)."""
    return _purge((now or _now()) - dt.timedelta(days=keep_days()))


def empty_trash() -> dict[str, int]:
    """Delete everything in the trash now, after a backup; undo records go too."""
    from desktop.services.backup import backup_before

    if any(m.select().where(m.deleted_at.is_null(False)).exists() for _, m in _PURGED):
        backup_before("empty-trash")
    return _purge(None)


# --------------------------------------------------------------------------- undoing merges


def content_fingerprint(data: ContactData) -> str:
    return hashlib.blake2b(json.dumps(contact_to_json(data), sort_keys=True).encode(), digest_size=16).hexdigest()


def record_merge(
    contact_id: int, before: ContactData, after: ContactData, digests: list[str] = (), label: str = "",
    region: str | None = None,
) -> None:  # fmt: skip
    """Remember a merge into ``contact_id`` (e.g. two contacts merged by hand) so it can be undone;
    call inside the merge's transaction."""
    record_merges([(contact_id, before, after, list(digests))], label, region)


def record_merges(
    entries: list[tuple[int, ContactData, ContactData, list[str]]], label: str = "", region: str | None = None
) -> list[int]:
    """Many ``record_merge`` at once (an import); one row per merged contact. Returns the rows' ids
    (call inside the merges' transaction)."""
    now = _now()
    rows = [
        (
            "merge",
            label,
            json.dumps(
                {
                    "contact_id": cid,
                    "before": contact_to_json(before),
                    "after_fingerprint": content_fingerprint(after),
                    "digests": list(digests),
                    "region": region,
                },
                ensure_ascii=False,
            ),
            now,
        )
        for cid, before, after, digests in entries
    ]
    if not rows:
        return []
    first = undo.last_id()
    database.connection().executemany(
        "INSERT INTO undo_record (kind, label, payload, created_at) VALUES (?, ?, ?, ?)",
        [(k, lbl, p, t.isoformat(sep=" ")) for k, lbl, p, t in rows],
    )
    return [r[0] for r in database.execute_sql("SELECT id FROM undo_record WHERE id > ? ORDER BY id", (first,))]


# The kinds of merge ``list_undo`` lists and ``undo_merge`` takes back.
IMPORT_MERGE = "merge"
CONTACTS_MERGE = "merging.merge"  # a person's (services.merging.MERGE_KIND)


def list_undo(contact_id: int | None = None) -> list[UndoItem]:
    """Merges that can still be undone, an import's or a person's, newest first (optionally only those
    into one contact)."""
    out = []
    q = UndoRecord.select().where(UndoRecord.undone_at.is_null(), UndoRecord.kind.in_([IMPORT_MERGE, CONTACTS_MERGE]))
    for r in q.order_by(UndoRecord.id.desc()):
        payload = json.loads(r.payload)
        cid = payload.get("contact_id", payload.get("keep"))
        if contact_id is not None and cid != contact_id:
            continue
        out.append(UndoItem(r.id, r.kind, r.label, _as_datetime(r.created_at), (cid,)))
    return out


def undo_contact_names(items: Iterable[UndoItem]) -> dict[int, str]:
    """id -> readable name of the contacts these merges went into, trashed ones too."""
    return contact_names({cid for item in items for cid in item.contact_ids}, include_trashed=True)


def undo_merge(record_id: int, *, force: bool = False) -> int:
    """Put a merged contact back as it was before the merge and forget the cards the merge added
    (through the undo journal, as Edit → Undo and the Trash dialog do).

    Refused (``TrashError``) when the contact was changed after the merge, since undoing would lose
    that change, unless ``force``. Returns the contact's id.
    """
    r = UndoRecord.get_or_none(UndoRecord.id == record_id)
    if r is None or r.kind not in (IMPORT_MERGE, CONTACTS_MERGE):
        raise TrashError(f"There is no merge {record_id} to undo.")
    if r.undone_at is not None:
        raise TrashError("This merge was already undone.")
    return undo.undo(record_id, force=force).contacts[0]


def _take_back_merge(step: undo.Step) -> undo.Changed:
    from desktop.services.contacts import ContactNotFound, load_record, replace_contact

    payload, force = step.payload, step.force
    cid = payload["contact_id"]
    try:
        current = load_record(cid).data
    except ContactNotFound:
        raise TrashError("The merged contact no longer exists.") from None
    if not force and content_fingerprint(current) != payload["after_fingerprint"]:
        raise MergeChangedSince("The contact was changed after the merge; undoing it would lose that change.")
    if not force and any(item.id > step.id for item in list_undo(cid)):
        raise MergeChangedSince("A later merge into the same contact must be undone first.")
    payload["after"] = contact_to_json(current)  # what redo puts back
    replace_contact(cid, contact_from_json(payload["before"]), payload.get("region"))
    digests = payload.get("digests", [])
    for i in range(0, len(digests), 500):
        chunk = digests[i : i + 500]
        database.execute_sql(
            "DELETE FROM imported_card WHERE contact_id = ? AND digest IN ({})".format(",".join("?" * len(chunk))),
            [cid, *chunk],
        )
    return undo.Changed(contacts=(cid,))


def _merge_again(step: undo.Step) -> undo.Changed:
    from desktop.services.contacts import replace_contact

    payload = step.payload
    cid = payload["contact_id"]
    after = contact_from_json(payload["after"])
    replace_contact(cid, after, payload.get("region"))
    payload["after_fingerprint"] = content_fingerprint(after)
    database.connection().executemany(
        "INSERT OR IGNORE INTO imported_card (digest, contact_id, imported_at) VALUES (?, ?, datetime('now'))",
        [(dg, cid) for dg in payload.get("digests", [])],
    )
    return undo.Changed(contacts=(cid,))


# An import's merge is part of the import's entry (services.importing): Edit → Undo takes the whole
# import back; the Trash dialog can take back one merge on its own.
undo.register("merge", undo=_take_back_merge, redo=_merge_again, part=True)
