"""Bulk actions on many contacts at once: add or remove a tag, set the circle, add to a group, archive,
move to the trash. Each is one transaction and one step of the undo journal (``services.undo``, kinds
``bulk.<action>``; moving to the trash is the contacts service's own ``contacts.delete``), and says what
it did in words for the status line ("Tagged 37 contacts 'clients'").

Only the contacts an action changed are recorded, so undoing "tag 'clients'" leaves the tag on the
contacts that had it before. Exporting a selection changes nothing and is ``services.exporting``'s.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.domain import cadence
from desktop.domain.errors import RapportError
from desktop.domain.words import count_of
from desktop.services import contacts, undo
from desktop.storage.db import database

TAG_ADD, TAG_REMOVE, CIRCLE, GROUP_ADD = "tag_add", "tag_remove", "circle", "group_add"


class BulkError(RapportError):
    """A bulk action that cannot be done, explained for a person; nothing was changed."""


@dataclass(frozen=True)
class BulkOutcome:
    changed: tuple[int, ...]  # the contacts the action changed
    message: str  # for the status line: "Tagged 37 contacts 'clients'"
    label: str  # for Edit → Undo: "tagging 37 contacts 'clients'"

    @property
    def undoable(self) -> bool:
        """False when nothing changed: no step was journalled."""
        return bool(self.changed)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), 500):
        yield ids[i : i + 500]


def _in(ids: list[int]) -> str:
    return ",".join("?" * len(ids))


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")


def _live(ids: Iterable[int], where: str = "", params: tuple = ()) -> list[int]:
    """The live contacts among ``ids`` (and matching ``where``), in the order given, each once."""
    ids = list(dict.fromkeys(ids))
    found: set[int] = set()
    for chunk in _chunks(ids):
        sql = f"SELECT id FROM contact WHERE deleted_at IS NULL {where} AND id IN ({_in(chunk)})"
        found.update(r[0] for r in database.connection().execute(sql, [*params, *chunk]))
    return [i for i in ids if i in found]


def _touch(ids: list[int], **columns) -> None:
    """Set ``columns`` (and updated_at, which sync reads) on these contacts."""
    sets = ", ".join(f"{c} = ?" for c in [*columns, "updated_at"])
    for chunk in _chunks(ids):
        database.connection().execute(f"UPDATE contact SET {sets} WHERE id IN ({_in(chunk)})",
                                      [*columns.values(), _now(), *chunk])  # fmt: skip


def _outcome(changed: list[int], message: str, label: str, payload: dict) -> BulkOutcome:
    """Journal the action (inside its transaction) when it changed something."""
    if changed:
        undo.record(f"bulk.{payload['action']}", label, payload)
    return BulkOutcome(tuple(changed), message, label)


# --------------------------------------------------------------------------- tags


def _tag(name: str) -> tuple[int, str]:
    """(id, name as stored) of the tag, made if new; an existing tag keeps its spelling."""
    name = " ".join((name or "").split())
    if not name:
        raise BulkError("A tag needs a name.")
    tid = contacts.tag_ids([name])[name.casefold()]
    return tid, database.connection().execute("SELECT name FROM tag WHERE id = ?", (tid,)).fetchone()[0]


def _tagged(tag_id: int, ids: list[int]) -> set[int]:
    out: set[int] = set()
    for chunk in _chunks(ids):
        sql = f"SELECT contact_id FROM contact_tag WHERE tag_id = ? AND contact_id IN ({_in(chunk)})"
        out.update(r[0] for r in database.connection().execute(sql, [tag_id, *chunk]))
    return out


def _write_tag(tag_id: int, ids: list[int], present: bool) -> None:
    conn = database.connection()
    if present:
        conn.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?, ?)", [(c, tag_id) for c in ids])
    else:
        conn.executemany("DELETE FROM contact_tag WHERE contact_id = ? AND tag_id = ?", [(c, tag_id) for c in ids])
    _touch(ids)  # tags are the vCard's CATEGORIES: a sync sends them
    contacts.reindex(ids)  # and they are searched


def tags_of(ids: Iterable[int]) -> list[str]:
    """The tags at least one of these contacts has, in name order (what "Remove tag" offers)."""
    ids = list(dict.fromkeys(ids))
    names: set[str] = set()
    for chunk in _chunks(ids):
        sql = (f"SELECT DISTINCT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
               f"WHERE ct.contact_id IN ({_in(chunk)})")  # fmt: skip
        names.update(r[0] for r in database.connection().execute(sql, chunk))
    return sorted(names, key=str.casefold)


def add_tag(ids: Iterable[int], tag: str) -> BulkOutcome:
    with database.atomic("IMMEDIATE"):
        live = _live(ids)
        tag_id, name = _tag(tag)
        had = _tagged(tag_id, live)
        changed = [c for c in live if c not in had]
        _write_tag(tag_id, changed, True)
        n = count_of(len(changed), "contact")
        message = f"Tagged {n} '{name}'" if changed else f"Every selected contact has the tag '{name}' already"
        return _outcome(changed, message, f"tagging {n} '{name}'", {"action": TAG_ADD, "tag": name, "ids": changed})


def remove_tag(ids: Iterable[int], tag: str) -> BulkOutcome:
    with database.atomic("IMMEDIATE"):
        live = _live(ids)
        tag_id, name = _tag(tag)
        had = _tagged(tag_id, live)
        changed = [c for c in live if c in had]
        _write_tag(tag_id, changed, False)
        n = count_of(len(changed), "contact")
        message = f"Removed the tag '{name}' from {n}" if changed else f"No selected contact has the tag '{name}'"
        label = f"removing the tag '{name}' from {n}"
        return _outcome(changed, message, label, {"action": TAG_REMOVE, "tag": name, "ids": changed})


# --------------------------------------------------------------------------- circle, group, archive, trash


def set_circle(ids: Iterable[int], circle: str) -> BulkOutcome:
    """Put contacts in a keep-in-touch circle (``none`` or ``""`` takes them out of theirs)."""
    if circle not in (*cadence.CIRCLES, ""):
        raise BulkError(f"Unknown circle {circle!r} (one of {', '.join(cadence.CIRCLES)}).")
    circle = "" if circle == cadence.NONE else circle  # stored as "": in no circle
    with database.atomic("IMMEDIATE"):
        live = _live(ids)
        before: dict[int, str] = {}
        for chunk in _chunks(live):
            sql = f"SELECT id, circle FROM contact WHERE id IN ({_in(chunk)}) AND circle != ?"
            before.update(database.connection().execute(sql, [*chunk, circle]))
        changed = [c for c in live if c in before]
        _write_circle({circle: changed})
        n = count_of(len(changed), "contact")
        if circle:
            words = f"in the {cadence.CIRCLE_LABELS[circle]} circle"
            message, label = f"Put {n} {words}", f"putting {n} {words}"
        else:
            message, label = f"Took {n} out of their circle", f"taking {n} out of their circle"
        if not changed:
            message = "Every selected contact is " + (words if circle else "in no circle") + " already"
        payload = {"action": CIRCLE, "circle": circle, "before": {str(c): before[c] for c in changed}}
        return _outcome(changed, message, label, payload)


def _write_circle(by_circle: dict[str, list[int]]) -> None:
    for circle, ids in by_circle.items():
        _touch(ids, circle=circle)


def add_to_group(ids: Iterable[int], group_id: int) -> BulkOutcome:
    with database.atomic("IMMEDIATE"):
        row = database.connection().execute(
            "SELECT name FROM network_group WHERE id = ? AND deleted_at IS NULL", (group_id,)
        ).fetchone()
        if row is None:
            raise BulkError(f"There is no group {group_id}.")
        live = _live(ids)
        members: set[int] = set()
        for chunk in _chunks(live):
            sql = f"SELECT contact_id FROM group_member WHERE group_id = ? AND contact_id IN ({_in(chunk)})"
            members.update(r[0] for r in database.connection().execute(sql, [group_id, *chunk]))
        changed = [c for c in live if c not in members]
        _write_members(group_id, changed, True)
        n, name = count_of(len(changed), "contact"), row[0]
        message = f"Added {n} to {name}" if changed else f"Every selected contact is in {name} already"
        payload = {"action": GROUP_ADD, "group_id": group_id, "ids": changed}
        return _outcome(changed, message, f"adding {n} to {name}", payload)


def _write_members(group_id: int, ids: list[int], present: bool) -> None:
    rows = [(group_id, c) for c in ids]
    if present:
        database.connection().executemany("INSERT OR IGNORE INTO group_member (group_id, contact_id) VALUES (?, ?)", rows)
    else:
        database.connection().executemany("DELETE FROM group_member WHERE group_id = ? AND contact_id = ?", rows)


def set_archived(ids: Iterable[int], archived: bool = True) -> BulkOutcome:
    """Archive contacts (out of the list and of Today, kept), or bring them back: the archive service's
    one step (the same as archiving the contact shown), said for a selection."""
    from desktop.services import archive

    changed = archive.set_archived(ids, archived)
    n = count_of(len(changed), "contact")
    if archived:
        message = f"Archived {n}" if changed else "Every selected contact is archived already"
    else:
        message = f"Brought {n} back from the archive" if changed else "No selected contact is archived"
    return BulkOutcome(tuple(changed), message, archive.label(changed, archived) if changed else "")


def move_to_trash(ids: Iterable[int]) -> BulkOutcome:
    """Move contacts to the trash (more than one is backed up first; the contacts service journals it)."""
    from desktop.services.contacts import delete_label
    from desktop.services.trash import delete_contacts

    changed = delete_contacts(list(ids))
    return BulkOutcome(tuple(changed), f"Moved {count_of(len(changed), 'contact')} to the trash", delete_label(changed))


# --------------------------------------------------------------------------- undo and redo (services.undo)


def _replay(payload: dict, forward: bool) -> undo.Changed:
    action = payload["action"]
    if action == CIRCLE:
        ids = [int(c) for c in payload["before"]]
        if forward:
            _write_circle({payload["circle"]: ids})
        else:
            by_circle: dict[str, list[int]] = defaultdict(list)
            for c, old in payload["before"].items():
                by_circle[old].append(int(c))
            _write_circle(by_circle)
        return undo.Changed(contacts=tuple(ids), today=True)
    ids = payload["ids"]
    if action in (TAG_ADD, TAG_REMOVE):
        tag_id, _ = _tag(payload["tag"])
        _write_tag(tag_id, ids, forward == (action == TAG_ADD))
    elif action == GROUP_ADD:
        _write_members(payload["group_id"], ids, forward)
    return undo.Changed(contacts=tuple(ids))


for _action in (TAG_ADD, TAG_REMOVE, CIRCLE, GROUP_ADD):
    undo.register(f"bulk.{_action}", undo=lambda step: _replay(step.payload, False),
                  redo=lambda step: _replay(step.payload, True))  # fmt: skip
