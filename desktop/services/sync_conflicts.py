"""Fields changed both here and on the server since the last sync: the sync kept the local value and
records the server's here, for the person to review, keep ours, or swap in theirs."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from desktop.domain import sync_merge as sm
from desktop.services import contacts, undo
from desktop.services.accounts import AccountError, get_account
from desktop.storage.db import database
from desktop.storage.models import SyncAccount, SyncConflict


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def record_conflicts(account_id: int, contact_id: int, conflicts: list[sm.FieldConflict]) -> None:
    """Remember conflicts (inside the transaction that wrote the merge); a newer one replaces an open one
    about the same field of the same contact."""
    for c in conflicts:
        SyncConflict.delete().where(
            SyncConflict.account == account_id, SyncConflict.contact == contact_id, SyncConflict.field == c.field,
            SyncConflict.resolved_at.is_null(),
        ).execute()  # fmt: skip
        SyncConflict.create(
            account=account_id, contact=contact_id, field=c.field, kept=c.kept, other=c.other,
            other_value=json.dumps(c.other_value, ensure_ascii=False),
        )  # fmt: skip


@dataclass(frozen=True)
class ConflictItem:
    id: int
    account: str
    contact_id: int
    contact: str
    field: str
    label: str  # the field as a person reads it
    kept: str
    other: str
    created_at: dt.datetime


def list_conflicts(account: str | None = None) -> list[ConflictItem]:
    """Fields changed on both sides that wait for review (the local value was kept), newest first."""
    q = (
        SyncConflict.select(SyncConflict, SyncAccount.name)
        .join(SyncAccount)
        .where(SyncConflict.resolved_at.is_null())
        .order_by(SyncConflict.id.desc())
    )
    if account is not None:
        q = q.where(SyncAccount.id == get_account(account).id)
    names = {}
    out = []
    for c in q:
        cid = c.contact_id
        if cid not in names:
            names[cid] = contacts.load_record(cid).data.display_name()
        created = c.created_at if isinstance(c.created_at, dt.datetime) else dt.datetime.fromisoformat(str(c.created_at))
        out.append(
            ConflictItem(c.id, c.account.name, cid, names[cid], c.field, sm.FIELD_LABELS.get(c.field, c.field),
                         c.kept, c.other, created)  # fmt: skip
        )
    return out


def count_conflicts() -> int:
    """How many fields wait for review (the window's status bar)."""
    return SyncConflict.select().where(SyncConflict.resolved_at.is_null()).count()


def resolve_conflict(conflict_id: int, *, use_other: bool) -> None:
    """Close a conflict: keep the local value, or swap in the server's (it goes up at the next sync)."""
    resolve_conflicts([conflict_id], use_other=use_other)


def resolve_conflicts(ids: list[int], *, use_other: bool) -> list[int]:
    """Close several conflicts in one transaction and one step of Edit → Undo (which reopens them, and
    puts the local values back after a swap). Returns the ids of the contacts whose values changed."""
    from desktop.domain.contact import contact_to_json

    ids = list(dict.fromkeys(ids))
    with database.atomic("IMMEDIATE"):
        rows = list(SyncConflict.select().where(SyncConflict.id.in_(ids), SyncConflict.resolved_at.is_null()))
        if len(rows) != len(ids):
            gone = sorted(set(ids) - {c.id for c in rows})
            raise AccountError(f"There is no open conflict {', '.join(map(str, gone))} (reviewed already?).")
        before, after = {}, {}
        if use_other:
            for c in rows:
                data = contacts.load_record(c.contact_id).data
                before.setdefault(c.contact_id, contact_to_json(data))
                data = sm.apply_value(data, c.field, json.loads(c.other_value))
                contacts.replace_contact(c.contact_id, data)
                after[c.contact_id] = contact_to_json(data)
        SyncConflict.update(resolved_at=_now()).where(SyncConflict.id.in_(ids)).execute()
        undo.record("sync_conflicts.resolve", _label(rows, use_other),
                    {"ids": ids, "contacts": sorted({c.contact_id for c in rows}), "before": _keyed(before),
                     "after": _keyed(after)})  # fmt: skip
    return list(before)


def _label(rows: list[SyncConflict], use_other: bool) -> str:
    if len(rows) == 1:
        c = rows[0]
        name = contacts.load_record(c.contact_id).data.display_name()
        label = sm.FIELD_LABELS.get(c.field, c.field)
        return f"the server's {label} for {name}" if use_other else f"keeping {name}'s {label}"
    return f"the server's values for {len(rows)} fields" if use_other else f"keeping {len(rows)} reviewed fields"


def _keyed(by_contact: dict[int, dict]) -> list:
    return [[cid, data] for cid, data in by_contact.items()]  # JSON keys would turn the ids into text


def _put(states: list) -> None:
    from desktop.domain.contact import contact_from_json

    for cid, data in states:
        contacts.replace_contact(cid, contact_from_json(data))


def _reopen(step: undo.Step) -> undo.Changed:
    _put(step.payload["before"])
    SyncConflict.update(resolved_at=None).where(SyncConflict.id.in_(step.payload["ids"])).execute()
    return undo.Changed(contacts=tuple(step.payload["contacts"]))


def _resolve_again(step: undo.Step) -> undo.Changed:
    _put(step.payload["after"])
    SyncConflict.update(resolved_at=_now()).where(SyncConflict.id.in_(step.payload["ids"])).execute()
    return undo.Changed(contacts=tuple(step.payload["contacts"]))


undo.register("sync_conflicts.resolve", undo=_reopen, redo=_resolve_again)
