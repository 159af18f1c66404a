"""Needs and offers: a few words on a contact ("needs marketing help", "offers bookkeeping") with
tags to match on. Introductions pair one contact's need with another's offer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.domain.errors import NetworkError
from desktop.domain.kinds import NEED, OFFER
from desktop.services.names import contact_names
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
    text = (text or "").strip()
    if not text:
        raise NetworkError(f"The {kind} needs a few words.")
    if not contact_names([contact_id]):
        raise NetworkError(f"No contact with id {contact_id}.")
    row = NeedOffer.create(contact=contact_id, kind=kind, text=text, tags=",".join(_clean_tags(tags)))
    return row.id


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
