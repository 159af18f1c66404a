"""Archiving contacts (and bringing them back): an archived contact stays whole and is found by a
search, but is hidden from the list unless "Show archived" is ticked and is left out of Today's
check-ins. ``set_archived(ids, archived)`` is one step of the undo
history for any number of contacts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from desktop.domain.words import count_of
from desktop.services import undo
from desktop.services.names import contact_names
from desktop.storage.db import database
from desktop.storage.models import Contact

CHUNK = 500


def _chunks(ids: list[int]):
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def set_archived(ids: Iterable[int], archived: bool = True) -> list[int]:
    """Archive these contacts (or bring them back); returns the ids that changed (live contacts not
    already so). Journalled as one step: Edit → Undo "archive of 3 contacts"."""
    ids = list(dict.fromkeys(ids))
    now = dt.datetime.now().replace(microsecond=0)
    with database.atomic("IMMEDIATE"):
        changed = []
        for chunk in _chunks(ids):
            changed += [
                c.id
                for c in Contact.select(Contact.id)
                .where(Contact.id.in_(chunk), Contact.deleted_at.is_null(), Contact.archived != bool(archived))
                .namedtuples()
            ]
        for chunk in _chunks(changed):
            Contact.update(archived=bool(archived), updated_at=now).where(Contact.id.in_(chunk)).execute()
        if changed and undo.recording():
            undo.record("archive.set", label(changed, archived), {"ids": changed, "archived": bool(archived)})
    return changed


def label(ids: list[int], archived: bool) -> str:
    """ "archive of Ada Lovelace", "unarchive of 3 contacts"."""
    what = "archive" if archived else "unarchive"
    if len(ids) == 1:
        return f"{what} of {contact_names(ids, include_trashed=True).get(ids[0]) or 'a deleted contact'}"
    return f"{what} of {count_of(len(ids), 'contact')}"


def _put(step: undo.Step, archived: bool) -> undo.Changed:
    ids = step.payload["ids"]
    for chunk in _chunks(ids):
        Contact.update(archived=archived).where(Contact.id.in_(chunk)).execute()
    return undo.Changed(contacts=tuple(ids), today=True)


undo.register("archive.set", undo=lambda s: _put(s, not s.payload["archived"]),
              redo=lambda s: _put(s, s.payload["archived"]))  # fmt: skip
