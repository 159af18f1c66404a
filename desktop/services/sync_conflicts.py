"""Fields changed both here and on the server since the last sync: the sync kept the local value and
records the server's here, for the person to review, keep ours, or swap in theirs."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from desktop.domain import sync_merge as sm
from desktop.services import contacts
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


def resolve_conflict(conflict_id: int, *, use_other: bool) -> None:
    """Close a conflict: keep the local value, or swap in the server's (it goes up at the next sync)."""
    with database.atomic("IMMEDIATE"):
        c = SyncConflict.get_or_none(SyncConflict.id == conflict_id, SyncConflict.resolved_at.is_null())
        if c is None:
            raise AccountError(f"There is no open conflict {conflict_id}.")
        if use_other:
            data = contacts.load_record(c.contact_id).data
            contacts.replace_contact(c.contact_id, sm.apply_value(data, c.field, json.loads(c.other_value)))
        c.resolved_at = _now()
        c.save()
