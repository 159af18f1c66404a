"""Needs and offers: a few words on a contact ("needs marketing help", "offers bookkeeping") with
tags to match on. Introductions pair one contact's need with another's offer.

Adding, editing and removing one is journalled (``services.undo``): Edit → Undo takes it back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.domain.errors import NetworkError
from desktop.domain.kinds import NEED, OFFER
from desktop.services import undo
from desktop.services.names import contact_names
from desktop.storage.db import database
from desktop.storage.models import Contact, NeedOffer


@dataclass(frozen=True)
class NeedOfferItem:
    id: int
    contact_id: int
    kind: str  # NEED or OFFER
    text: str
    tags: tuple[str, ...] = ()


def _clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    out = []
    for tag in tags:
        for part in str(tag).split(","):
            part = part.strip()
            if part and part.casefold() not in (t.casefold() for t in out):
                out.append(part)
    return tuple(out)


def add_need_offer(contact_id: int, kind: str, text: str, tags: Iterable[str] = ()) -> int:
    if kind not in (NEED, OFFER):
        raise NetworkError("Either a need or an offer.")
    text = _check_text(kind, text)
    if not contact_names([contact_id]):
        raise NetworkError(f"No contact with id {contact_id}.")
    with database.atomic():
        row = NeedOffer.create(contact=contact_id, kind=kind, text=text, tags=",".join(_clean_tags(tags)))
        undo.record("needs.add", f"new {_words(_state(row))}", _state(row))
    return row.id


def _check_text(kind: str, text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise NetworkError(f"The {kind} needs a few words.")
    return text


def _get(item_id: int) -> NeedOffer:
    row = NeedOffer.get_or_none(NeedOffer.id == item_id)
    if row is None:
        raise NetworkError("That need or offer is gone (removed meanwhile?).")
    return row


def _state(row: NeedOffer) -> dict:
    return {"id": row.id, "contact_id": row.contact_id, "kind": row.kind, "text": row.text, "tags": row.tags}


def _words(state: dict) -> str:
    name = contact_names([state["contact_id"]], include_trashed=True).get(state["contact_id"])
    return f"{state['kind']} “{state['text']}” for {name or 'a nameless contact'}"


def edit_need_offer(item_id: int, text: str, tags: Iterable[str] | None = None) -> int:
    """Change the words (and the tags, when given) of a need or offer; returns its contact's id."""
    with database.atomic():
        row = _get(item_id)
        before = _state(row)
        row.text = _check_text(row.kind, text)
        if tags is not None:
            row.tags = ",".join(_clean_tags(tags))
        row.save()
        undo.record("needs.edit", f"edit of the {_words(before)}", {"before": before, "after": _state(row)})
    return row.contact_id


def remove_need_offer(item_id: int) -> int:
    """Remove a need or offer (Edit → Undo puts it back); returns its contact's id."""
    with database.atomic():
        row = _get(item_id)
        state = _state(row)
        row.delete_instance()
        undo.record("needs.remove", f"removal of the {_words(state)}", state)
    return state["contact_id"]


def add_need(contact_id: int, text: str, tags: Iterable[str] = ()) -> int:
    return add_need_offer(contact_id, NEED, text, tags)


def add_offer(contact_id: int, text: str, tags: Iterable[str] = ()) -> int:
    return add_need_offer(contact_id, OFFER, text, tags)


def needs_offers(contact_id: int | None = None) -> list[NeedOfferItem]:
    """The needs and offers of live contacts (or of one), by contact, needs before offers."""
    q = (
        NeedOffer.select(NeedOffer.id, NeedOffer.contact, NeedOffer.kind, NeedOffer.text, NeedOffer.tags)
        .join(Contact)
        .where(Contact.deleted_at.is_null())
        .order_by(NeedOffer.contact, NeedOffer.kind, NeedOffer.id)
    )
    if contact_id is not None:
        q = q.where(NeedOffer.contact == contact_id)
    return [NeedOfferItem(r.id, r.contact, r.kind, r.text, _clean_tags([r.tags])) for r in q.namedtuples()]


# --------------------------------------------------------------------------- undo (services.undo)


def _put(state: dict) -> undo.Changed:
    NeedOffer.insert(id=state["id"], contact=state["contact_id"], kind=state["kind"], text=state["text"],
                     tags=state["tags"]).on_conflict_replace().execute()  # fmt: skip
    return undo.Changed(contacts=(state["contact_id"],))


def _take(state: dict) -> undo.Changed:
    NeedOffer.delete().where(NeedOffer.id == state["id"]).execute()
    return undo.Changed(contacts=(state["contact_id"],))


undo.register("needs.add", undo=lambda step: _take(step.payload), redo=lambda step: _put(step.payload))
undo.register("needs.remove", undo=lambda step: _put(step.payload), redo=lambda step: _take(step.payload))
undo.register("needs.edit", undo=lambda step: _put(step.payload["before"]), redo=lambda step: _put(step.payload["after"]))
