"""Needs and offers: a few words on a contact ("needs marketing help", "offers bookkeeping") with
tags to match on. Introductions pair one contact's need with another's offer.

Every change is a step of the one undo history (Edit → Undo names it):

    add_need_offer(contact_id, kind, text, tags)  -> id        "needs.add"
    edit_need_offer(item_id, text, tags)                       "needs.edit"
    remove_need_offer(item_id)                                 "needs.remove"
    save_needs_offers(contact_id, drafts)         -> changed   "needs.set" (a whole list, as a form has it)
    save_contact_with_needs(contact_id, data, drafts, **fields) -> id
        the contact dialog's Save: the card, its Rapport fields and its needs and offers, one step

After a change the window emits ``AppEvents.needs_changed([contact_id])``: Today's introductions follow.
"""

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


@dataclass(frozen=True)
class NeedOfferDraft:
    """A need or offer as a form holds it: ``id`` None for a new one."""

    kind: str
    text: str
    tags: tuple[str, ...] = ()
    id: int | None = None


def _clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    out = []
    for tag in tags:
        for part in str(tag).split(","):
            part = part.strip()
            if part and part.casefold() not in (t.casefold() for t in out):
                out.append(part)
    return tuple(out)


def _check(kind: str, text: str) -> str:
    if kind not in (NEED, OFFER):
        raise NetworkError("Either a need or an offer.")
    text = (text or "").strip()
    if not text:
        raise NetworkError(f"The {kind} needs a few words.")
    return text


def _name(contact_id: int) -> str:
    name = contact_names([contact_id]).get(contact_id)
    if name is None:
        raise NetworkError(f"No contact with id {contact_id}.")
    return name


def _row(item_id: int) -> dict:
    row = NeedOffer.get_or_none(NeedOffer.id == item_id)
    if row is None:
        raise NetworkError("That need or offer is no longer there.")
    return {"id": row.id, "contact": row.contact_id, "kind": row.kind, "text": row.text, "tags": row.tags}


def _words(row: dict) -> str:
    """ "need of Ana Lima (a bookkeeper)"."""
    names = contact_names([row["contact"]], include_trashed=True)
    text = row["text"] if len(row["text"]) <= 40 else row["text"][:39] + "…"
    return f"{row['kind']} of {names.get(row['contact']) or 'a deleted contact'} ({text})"


def add_need_offer(contact_id: int, kind: str, text: str, tags: Iterable[str] = ()) -> int:
    text = _check(kind, text)
    _name(contact_id)
    with database.atomic("IMMEDIATE"):
        row = NeedOffer.create(contact=contact_id, kind=kind, text=text, tags=",".join(_clean_tags(tags)))
        undo.record("needs.add", f"new {_words(_row(row.id))}", {"row": _row(row.id)})
    return row.id


def add_need(contact_id: int, text: str, tags: Iterable[str] = ()) -> int:
    return add_need_offer(contact_id, NEED, text, tags)


def add_offer(contact_id: int, text: str, tags: Iterable[str] = ()) -> int:
    return add_need_offer(contact_id, OFFER, text, tags)


def edit_need_offer(item_id: int, text: str, tags: Iterable[str] = ()) -> None:
    """New words and tags for a need or offer."""
    with database.atomic("IMMEDIATE"):
        before = _row(item_id)
        after = dict(before, text=_check(before["kind"], text), tags=",".join(_clean_tags(tags)))
        if after == before:
            return
        _put(after)
        undo.record("needs.edit", f"edit of {_words(before)}", {"before": before, "after": after})


def remove_need_offer(item_id: int) -> None:
    with database.atomic("IMMEDIATE"):
        row = _row(item_id)
        NeedOffer.delete().where(NeedOffer.id == item_id).execute()
        undo.record("needs.remove", f"removal of {_words(row)}", {"row": row})


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


def _rows_of(contact_id: int) -> list[dict]:
    return [_row(item.id) for item in needs_offers(contact_id)]


def _replace(contact_id: int, drafts: Iterable[NeedOfferDraft]) -> tuple[list[dict], list[dict]]:
    """Make the contact's needs and offers these (kept ids kept); returns (rows before, rows after)."""
    before = _rows_of(contact_id)
    known = {row["id"] for row in before}
    keep: set[int] = set()
    for d in drafts:
        text = _check(d.kind, d.text)
        tags = ",".join(_clean_tags(d.tags))
        if d.id is not None and d.id in known:
            keep.add(d.id)
            NeedOffer.update(kind=d.kind, text=text, tags=tags).where(NeedOffer.id == d.id).execute()
        else:
            NeedOffer.create(contact=contact_id, kind=d.kind, text=text, tags=tags)
    gone = known - keep
    if gone:
        NeedOffer.delete().where(NeedOffer.id.in_(sorted(gone))).execute()
    return before, _rows_of(contact_id)


def save_needs_offers(contact_id: int, drafts: Iterable[NeedOfferDraft]) -> bool:
    """Make a contact's needs and offers the list a form holds; one step of the undo history.
    Returns whether anything changed."""
    name = _name(contact_id)
    drafts = list(drafts)
    with database.atomic("IMMEDIATE"):
        before, after = _replace(contact_id, drafts)
        if before == after:
            return False
        undo.record("needs.set", f"needs and offers of {name}", {"contact": contact_id, "before": before,
                                                                  "after": after})  # fmt: skip
    return True


def save_contact_with_needs(contact_id: int | None, data, drafts: Iterable[NeedOfferDraft], region=None,
                            **fields) -> int:  # fmt: skip
    """The contact dialog's Save: the card and its Rapport fields (``contacts.save_contact``) and its
    needs and offers, in one transaction and one step of the undo history. Returns the contact's id."""
    from desktop.services.contacts import save_contact

    drafts = list(drafts)
    with database.atomic("IMMEDIATE"):
        first = undo.last_id()
        contact_id = save_contact(contact_id, data, region, **fields)
        saved = undo.last_id()
        with undo.quietly():
            before, after = _replace(contact_id, drafts)
        if before == after or saved == first or not undo.recording():
            return contact_id
        kind, label, payload = undo.take(saved)
        undo.record("needs.with_contact", label, {"contact": contact_id, "before": before, "after": after,
                                                  "card": [kind, payload]})  # fmt: skip
    return contact_id


# --------------------------------------------------------------------------- undo (services.undo)


def _put(row: dict) -> None:
    NeedOffer.insert(id=row["id"], contact=row["contact"], kind=row["kind"], text=row["text"],
                     tags=row["tags"]).on_conflict_replace().execute()  # fmt: skip


def _set_rows(contact_id: int, rows: list[dict]) -> None:
    NeedOffer.delete().where(NeedOffer.contact == contact_id).execute()
    for row in rows:
        _put(row)


def _changed(contact_id: int) -> undo.Changed:
    return undo.Changed(contacts=(contact_id,), today=True)


def _remove(step: undo.Step) -> undo.Changed:
    NeedOffer.delete().where(NeedOffer.id == step.payload["row"]["id"]).execute()
    return _changed(step.payload["row"]["contact"])


def _restore(step: undo.Step) -> undo.Changed:
    _put(step.payload["row"])
    return _changed(step.payload["row"]["contact"])


def _edit_back(step: undo.Step) -> undo.Changed:
    _put(step.payload["before"])
    return _changed(step.payload["before"]["contact"])


def _edit_again(step: undo.Step) -> undo.Changed:
    _put(step.payload["after"])
    return _changed(step.payload["after"]["contact"])


def _set_back(step: undo.Step) -> undo.Changed:
    _set_rows(step.payload["contact"], step.payload["before"])
    return _changed(step.payload["contact"])


def _set_again(step: undo.Step) -> undo.Changed:
    _set_rows(step.payload["contact"], step.payload["after"])
    return _changed(step.payload["contact"])


def _card_step(step: undo.Step) -> tuple[str, undo.Step]:
    kind, payload = step.payload["card"]
    return kind, undo.Step(step.id, payload, step.force)


def _with_contact_back(step: undo.Step) -> undo.Changed:
    _set_rows(step.payload["contact"], step.payload["before"])
    kind, card = _card_step(step)
    undo.inverse(kind, card, undoing=True)  # a new contact goes back to the trash, an edit back as it was
    return _changed(step.payload["contact"])


def _with_contact_again(step: undo.Step) -> undo.Changed:
    kind, card = _card_step(step)
    undo.inverse(kind, card, undoing=False)
    _set_rows(step.payload["contact"], step.payload["after"])
    return _changed(step.payload["contact"])


undo.register("needs.add", undo=_remove, redo=_restore)
undo.register("needs.remove", undo=_restore, redo=_remove)
undo.register("needs.edit", undo=_edit_back, redo=_edit_again)
undo.register("needs.set", undo=_set_back, redo=_set_again)
undo.register("needs.with_contact", undo=_with_contact_back, redo=_with_contact_again)
