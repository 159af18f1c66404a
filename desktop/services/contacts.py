"""Storing and loading contacts: ContactData in, ContactData out.

Import, the window and the command line all write contacts through
``insert_contacts`` / ``replace_contact`` so that child rows, the photo, the
tags and the search index are kept the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from desktop.domain.contact import (
    Address,
    ContactData,
    Email,
    InstantMessage,
    Phone,
    Photo,
    SocialProfile,
    Url,
    fold_text,
    readable_name,
)
from desktop.domain.errors import RapportError
from desktop.domain.matching import contact_lookup_keys
from desktop.domain.search import index_text, sort_key
from desktop.domain.words import count_of
from desktop.services import undo
from desktop.services.settings import default_region
from desktop.services.touches import refresh_last_contact
from peewee import DateField, DateTimeField

from desktop.storage.db import database
from desktop.storage.models import (
    Contact,
    ContactAddress,
    ContactEmail,
    ContactIM,
    ContactKey,
    ContactPhone,
    ContactPhoto,
    ContactSocial,
    ContactTag,
    ContactUrl,
)

CHUNK = 500  # rows per IN (...) list; SQLite's default variable limit is far above


class ContactNotFound(RapportError, LookupError):
    """No live contact with that id."""


class ContactEditError(RapportError, ValueError):
    """An edit that cannot be made as asked (an email to remove that the contact does not have)."""


@dataclass
class ContactRecord:
    """A stored contact: its vCard-shaped data plus what only Rapport keeps."""

    id: int
    data: ContactData
    met_how: str = ""
    interests: str = ""
    circle: str = ""
    cadence_days: int | None = None
    priority: int = 0
    archived: bool = False
    last_contact: dt.date | None = None
    created_at: dt.datetime | None = None
    groups: list[str] = field(default_factory=list)


def _normalize_phone(value: str, region: str | None) -> str:
    from desktop.domain.phones import normalize

    return normalize(value, region)


def _birthday_md(birthday: str) -> str:
    if len(birthday) >= 7 and birthday[-3] == "-":
        return birthday[-5:]
    return ""


def _contact_columns(data: ContactData, now: dt.datetime) -> dict:
    cols = {
        "prefix": data.prefix,
        "given_name": data.given_name,
        "additional_name": data.additional_name,
        "family_name": data.family_name,
        "suffix": data.suffix,
        "full_name": data.display_name(),
        "sort_name": sort_key(data),
        "nickname": data.nickname,
        "organization": data.organization,
        "department": data.department,
        "title": data.title,
        "role": data.role,
        "birthday": data.birthday,
        "birthday_md": _birthday_md(data.birthday),
        "anniversary": data.anniversary,
        "has_photo": data.photo is not None,
        "note": data.note,
        "connected_on": data.connected_on,
        # one stored line per vCard line: a line break inside one must not split it into several properties
        "extra_vcard": "\n".join(
            line.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n") for line in data.extra_lines
        ),
        "updated_at": now,
    }
    if data.uid:
        cols["uid"] = data.uid
    return cols


def new_uid() -> str:
    """A UID for a contact that came without one, so its exports re-import onto it."""
    return f"urn:uuid:{uuid.uuid4()}"


def _model_defaults(model) -> dict:
    """Python-side defaults of a model's fields (peewee does not put them in the DDL)."""
    out = {}
    for name, f in model._meta.fields.items():
        if f.default is not None:
            out[f.column_name] = f.default() if callable(f.default) else f.default
    return out


def _executemany(model, rows: list[dict]) -> None:
    """Insert many rows through sqlite3 directly: several times faster than peewee's insert_many."""
    if not rows:
        return
    defaults = _model_defaults(model)
    columns = list(dict.fromkeys([*defaults, *rows[0]]))
    table = model._meta.table_name
    sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
        table, ", ".join(f'"{c}"' for c in columns), ", ".join("?" for _ in columns)
    )
    # Only dates need peewee's conversion; str, int, bool, bytes and None bind as they are.
    dated = [
        (i, model._meta.columns[c].db_value)
        for i, c in enumerate(columns)
        if isinstance(model._meta.columns.get(c), (DateField, DateTimeField))
    ]
    values = []
    for row in rows:
        merged = {**defaults, **row}
        value = [merged[c] for c in columns]
        for i, conv in dated:
            value[i] = conv(value[i])
        values.append(value)
    database.connection().executemany(sql, values)


def _child_rows(contact_id: int, data: ContactData, region: str | None, norms: list[str] | None = None) -> dict:
    rows: dict = defaultdict(list)
    if norms is None or len(norms) != len(data.phones):
        norms = [_normalize_phone(p.value, region) for p in data.phones]
    for i, (p, norm) in enumerate(zip(data.phones, norms)):
        rows[ContactPhone].append(
            {
                "contact_id": contact_id,
                "value": p.value,
                "kind": p.kind,
                "pref": p.pref,
                "normalized": norm,
                "position": i,
            }
        )
    for i, e in enumerate(data.emails):
        rows[ContactEmail].append(
            {
                "contact_id": contact_id,
                "value": e.value,
                "kind": e.kind,
                "pref": e.pref,
                "normalized": e.value.strip().lower(),
                "position": i,
            }
        )
    for i, a in enumerate(data.addresses):
        rows[ContactAddress].append(
            {
                "contact_id": contact_id,
                "street": a.street,
                "city": a.city,
                "region": a.region,
                "postal_code": a.postal_code,
                "country": a.country,
                "po_box": a.po_box,
                "extended": a.extended,
                "kind": a.kind,
                "position": i,
            }
        )
    for i, u in enumerate(data.urls):
        rows[ContactUrl].append({"contact_id": contact_id, "value": u.value, "kind": u.kind, "position": i})
    for i, s in enumerate(data.social_profiles):
        rows[ContactSocial].append(
            {"contact_id": contact_id, "service": s.service, "value": s.value, "user": s.user, "position": i}
        )
    for i, m in enumerate(data.instant_messages):
        rows[ContactIM].append(
            {"contact_id": contact_id, "service": m.service, "handle": m.handle, "kind": m.kind, "position": i}
        )
    if data.photo is not None:
        rows[ContactPhoto].append({"contact_id": contact_id, "data": data.photo.data, "mime": data.photo.mime})
    for key in contact_lookup_keys(data):
        rows[ContactKey].append({"contact_id": contact_id, "key": key})
    return rows


_CHILD_MODELS = (
    ContactPhone, ContactEmail, ContactAddress, ContactUrl, ContactSocial, ContactIM, ContactPhoto, ContactKey,
)  # fmt: skip


def tag_ids(names: Iterable[str]) -> dict[str, int]:
    """Ids of the tags named (case-insensitively), creating the missing ones."""
    wanted = {}
    for n in names:
        n = n.strip()
        if n:
            wanted.setdefault(n.casefold(), n)
    if not wanted:
        return {}
    conn = database.connection()
    found = {}
    keys = list(wanted)
    for i in range(0, len(keys), CHUNK):
        chunk = keys[i : i + CHUNK]
        sql = "SELECT id, name FROM tag WHERE name COLLATE NOCASE IN ({})".format(",".join("?" * len(chunk)))
        for tid, name in conn.execute(sql, [wanted[k] for k in chunk]):
            found[name.casefold()] = tid
    missing = [wanted[k] for k in keys if k not in found]
    for name in missing:
        cur = conn.execute("INSERT INTO tag (name) VALUES (?)", (name,))
        found[name.casefold()] = cur.lastrowid
    return found


def _write_tags(pairs: list[tuple[int, list[str]]]) -> None:
    ids = tag_ids(t for _, tags in pairs for t in tags)
    rows = []
    for contact_id, tags in pairs:
        seen = set()
        for t in tags:
            key = t.strip().casefold()
            if key and key not in seen:
                seen.add(key)
                rows.append((contact_id, ids[key]))
    if rows:
        database.connection().executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?, ?)", rows)


def _write_index(pairs: list[tuple[int, ContactData]]) -> None:
    conn = database.connection()
    ids = [cid for cid, _ in pairs]
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        conn.execute("DELETE FROM contact_search WHERE rowid IN ({})".format(",".join("?" * len(chunk))), chunk)
    conn.executemany(
        "INSERT INTO contact_search (rowid, name, other) VALUES (?, ?, ?)",
        [(cid, *index_text(data)) for cid, data in pairs],
    )


def insert_contacts(
    datas: list[ContactData], region: str | None = None, phone_norms: list[list[str]] | None = None
) -> list[int]:
    """Store new contacts in one transaction; returns their ids in order.

    ``phone_norms``, when given, holds each contact's normalised phone numbers
    (import computes them in its worker processes; parsing phones is slow).
    """
    if not datas:
        return []
    region = region if region is not None else default_region()
    now = dt.datetime.now().replace(microsecond=0)
    with database.atomic("IMMEDIATE"):
        conn = database.connection()
        start = (conn.execute("SELECT max(id) FROM contact").fetchone()[0] or 0) + 1
        ids = list(range(start, start + len(datas)))
        contact_rows = []
        children: dict = defaultdict(list)
        for n, (cid, data) in enumerate(zip(ids, datas)):
            row = _contact_columns(data, now)
            row.setdefault("uid", new_uid())
            row["id"] = cid
            row["created_at"] = now
            row["last_contact"] = data.connected_on or None  # a new contact's only touch
            contact_rows.append(row)
            norms = phone_norms[n] if phone_norms is not None else None
            for model, rows in _child_rows(cid, data, region, norms).items():
                children[model].extend(rows)
        _executemany(Contact, contact_rows)
        for model in _CHILD_MODELS:
            _executemany(model, children.get(model, []))
        _write_tags([(cid, d.tags) for cid, d in zip(ids, datas)])
        _write_index(list(zip(ids, datas)))
    return ids


def add_contact(data: ContactData, region: str | None = None) -> int:
    return insert_contacts([data], region)[0]


def replace_contact(contact_id: int, data: ContactData, region: str | None = None) -> None:
    """Overwrite a contact's vCard-shaped data (children, photo, tags, index) in one transaction."""
    region = region if region is not None else default_region()
    with database.atomic("IMMEDIATE"):
        now = dt.datetime.now().replace(microsecond=0)
        cols = _contact_columns(data, now)
        before = database.connection().execute("SELECT connected_on FROM contact WHERE id = ?", (contact_id,)).fetchone()
        if before is None:
            raise ContactNotFound(f"No contact with id {contact_id}.")
        Contact.update(**cols).where(Contact.id == contact_id).execute()
        if before[0] != data.connected_on:
            refresh_last_contact([contact_id])
        for model in _CHILD_MODELS:
            model.delete().where(model.contact == contact_id).execute()
        ContactTag.delete().where(ContactTag.contact == contact_id).execute()
        for model, rows in _child_rows(contact_id, data, region).items():
            _executemany(model, rows)
        _write_tags([(contact_id, data.tags)])
        _write_index([(contact_id, data)])


def save_contact(contact_id: int | None, data: ContactData, region: str | None = None, **fields) -> int:
    """Add (``contact_id`` None) or overwrite a contact and its Rapport-only fields, in one transaction
    (journalled: Edit → Undo takes the new contact back to the trash, or the edit back)."""
    name = readable_name(data.display_name(), dt.date.today())
    with database.atomic("IMMEDIATE"):
        if contact_id is None:
            contact_id = add_contact(data, region)
            if fields:
                update_fields(contact_id, **fields)
            undo.record("contacts.add", f"new contact {name}", {"ids": [contact_id]})
            return contact_id
        before = _snapshot(contact_id, fields) if undo.recording() else None
        replace_contact(contact_id, data, region)
        if fields:
            update_fields(contact_id, **fields)
        if before is not None:
            after = {"data": _contact_json(data), "fields": dict(fields)}
            undo.record("contacts.edit", f"edit of {name}", {"id": contact_id, "before": before, "after": after,
                                                             "region": region})  # fmt: skip
    return contact_id


def _contact_json(data: ContactData) -> dict:
    from desktop.domain.contact import contact_to_json

    return contact_to_json(data)


def _snapshot(contact_id: int, field_names) -> dict:
    """A contact's data and the named Rapport-only fields as they are, for the journal."""
    row = Contact.get_or_none(Contact.id == contact_id)
    if row is None:
        raise ContactNotFound(f"No contact with id {contact_id}.")
    return {
        "data": _contact_json(load_record(contact_id).data),
        "fields": {name: _plain(row.__data__.get(name)) for name in field_names},
    }


def _plain(value):
    """A column's value as JSON keeps it (dates as ISO text, which SQLite stores anyway)."""
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _put_back(contact_id: int, state: dict, region: str | None) -> None:
    from desktop.domain.contact import contact_from_json

    replace_contact(contact_id, contact_from_json(state["data"]), region)
    if state["fields"]:
        update_fields(contact_id, **state["fields"])


def update_fields(contact_id: int, **fields) -> None:
    """Change Rapport-only fields (circle, cadence_days, met_how, interests, priority, ...)."""
    allowed = {"met_how", "interests", "circle", "cadence_days", "priority", "archived", "snoozed_until", "met_event"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not an editable field: {', '.join(sorted(unknown))}")
    with database.atomic():
        n = Contact.update(**fields, updated_at=dt.datetime.now().replace(microsecond=0)).where(
            Contact.id == contact_id
        ).execute()
    if not n:
        raise ContactNotFound(f"No contact with id {contact_id}.")


def reindex(ids: list[int]) -> None:
    """The search index rows of these live contacts, after their data changed in SQL (a bulk tag)."""
    for chunk in _chunks(ids):
        _write_index([(r.id, r.data) for r in load_records(chunk)])


def trash_contacts(ids: list[int]) -> list[int]:
    """Move contacts to the trash (restorable, and journalled for Edit → Undo); returns the ids that were live."""
    ids = list(dict.fromkeys(ids))
    now = dt.datetime.now().replace(microsecond=0)
    with database.atomic("IMMEDIATE"):
        live = [
            c.id
            for c in Contact.select(Contact.id).where(Contact.id.in_(ids), Contact.deleted_at.is_null()).namedtuples()
        ]
        for chunk in _chunks(live):
            Contact.update(deleted_at=now).where(Contact.id.in_(chunk)).execute()
            database.execute_sql(
                "DELETE FROM contact_search WHERE rowid IN ({})".format(",".join("?" * len(chunk))), chunk
            )
        if live and undo.recording():
            undo.record("contacts.delete", delete_label(live), {"ids": live})
    return live


def delete_label(ids: list[int]) -> str:
    """ "delete of Ada Lovelace", "delete of 3 contacts"."""
    if len(ids) == 1:
        from desktop.services.names import contact_names

        return f"delete of {contact_names(ids, include_trashed=True).get(ids[0]) or 'a deleted contact'}"
    return f"delete of {count_of(len(ids), 'contact')}"


def restore_contacts(ids: list[int]) -> list[int]:
    """Bring contacts back from the trash; returns the ids restored."""
    ids = list(dict.fromkeys(ids))
    with database.atomic("IMMEDIATE"):
        trashed = [
            c.id
            for c in Contact.select(Contact.id).where(Contact.id.in_(ids), Contact.deleted_at.is_null(False)).namedtuples()
        ]
        for chunk in _chunks(trashed):
            Contact.update(deleted_at=None).where(Contact.id.in_(chunk)).execute()
        _write_index([(r.id, r.data) for r in load_records(trashed, include_deleted=True)])
    return trashed


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


_CONTACT_COLUMNS = (
    "id, uid, prefix, given_name, additional_name, family_name, suffix, full_name, nickname, organization, "
    "department, title, role, birthday, anniversary, note, extra_vcard, has_photo, met_how, interests, circle, "
    "cadence_days, priority, archived, last_contact, created_at, connected_on"
)


def _in(sql: str, ids: list) -> tuple[str, list]:
    return sql.format(",".join("?" * len(ids))), ids


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _datetime(value) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def load_records(ids: list[int] | None = None, *, include_deleted: bool = False) -> Iterator[ContactRecord]:
    """Contacts with all their details, in name order (or in the order of ``ids``), a chunk at a time.
    Trashed contacts are left out, even when named in ``ids``, unless ``include_deleted``.

    Plain SQL rather than peewee model instances: building 10,000 contacts'
    worth of model objects took seconds of an export.
    """
    conn = database.connection()
    if ids is None:
        where = "" if include_deleted else " WHERE deleted_at IS NULL"
        ids = [r[0] for r in conn.execute(f"SELECT id FROM contact{where} ORDER BY sort_name, id")]
    for chunk in _chunks(list(ids)):
        live = "" if include_deleted else " AND deleted_at IS NULL"
        sql = f"SELECT {_CONTACT_COLUMNS} FROM contact WHERE id IN ({{}}){live}"
        rows = {r[0]: r for r in conn.execute(*_in(sql, chunk))}
        chunk = [cid for cid in chunk if cid in rows]
        if not chunk:
            continue
        datas = {
            cid: ContactData(
                uid=r[1] or "", prefix=r[2], given_name=r[3], additional_name=r[4], family_name=r[5], suffix=r[6],
                full_name=r[7], nickname=r[8], organization=r[9], department=r[10], title=r[11], role=r[12],
                birthday=r[13], anniversary=r[14], note=r[15],
                extra_lines=[line for line in r[16].split("\n") if line], connected_on=r[26],
            )  # fmt: skip
            for cid, r in rows.items()
        }
        q = "SELECT contact_id, {} FROM {} WHERE contact_id IN ({{}}) ORDER BY contact_id, position"
        for r in conn.execute(*_in(q.format("value, kind, pref", "contact_phone"), chunk)):
            datas[r[0]].phones.append(Phone(r[1], r[2], bool(r[3])))
        for r in conn.execute(*_in(q.format("value, kind, pref", "contact_email"), chunk)):
            datas[r[0]].emails.append(Email(r[1], r[2], bool(r[3])))
        cols = "street, city, region, postal_code, country, po_box, extended, kind"
        for r in conn.execute(*_in(q.format(cols, "contact_address"), chunk)):
            datas[r[0]].addresses.append(Address(*r[1:]))
        for r in conn.execute(*_in(q.format("value, kind", "contact_url"), chunk)):
            datas[r[0]].urls.append(Url(r[1], r[2]))
        for r in conn.execute(*_in(q.format("service, value, user", "contact_social"), chunk)):
            datas[r[0]].social_profiles.append(SocialProfile(r[1], r[2], r[3]))
        for r in conn.execute(*_in(q.format("service, handle, kind", "contact_im"), chunk)):
            datas[r[0]].instant_messages.append(InstantMessage(r[1], r[2], r[3]))
        with_photo = [cid for cid, r in rows.items() if r[17]]
        if with_photo:
            sql = "SELECT contact_id, data, mime FROM contact_photo WHERE contact_id IN ({})"
            for r in conn.execute(*_in(sql, with_photo)):
                datas[r[0]].photo = Photo(bytes(r[1]), r[2])
        sql = (
            "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "WHERE ct.contact_id IN ({}) ORDER BY t.name"
        )
        for r in conn.execute(*_in(sql, chunk)):
            datas[r[0]].tags.append(r[1])
        for cid in chunk:
            r = rows.get(cid)
            if r is None:
                continue
            yield ContactRecord(
                id=cid,
                data=datas[cid],
                met_how=r[18],
                interests=r[19],
                circle=r[20],
                cadence_days=r[21],
                priority=r[22],
                archived=bool(r[23]),
                last_contact=_date(r[24]),
                created_at=_datetime(r[25]),
            )


def load_record(contact_id: int) -> ContactRecord:
    for rec in load_records([contact_id], include_deleted=True):
        return rec
    raise ContactNotFound(f"No contact with id {contact_id}.")


def reindex_all() -> None:
    """Rebuild what today's code derives from the stored contacts (services.session does, after a migration
    asks): the search index of every live contact, and the lookup keys of every contact, trashed ones too
    (a contact restored from the trash is found by an import again)."""
    with database.atomic():
        database.execute_sql("DELETE FROM contact_search")
        database.execute_sql("DELETE FROM contact_key")
        rows = list(Contact.select(Contact.id, Contact.deleted_at).tuples())
        live = {cid for cid, deleted in rows if deleted is None}
        for chunk in _chunks([cid for cid, _ in rows]):
            records = list(load_records(chunk, include_deleted=True))
            _executemany(
                ContactKey, [{"contact_id": r.id, "key": key} for r in records for key in contact_lookup_keys(r.data)]
            )
            _write_index([(r.id, r.data) for r in records if r.id in live])


def find_by_name(name: str) -> list[tuple[int, str]]:
    """Live contacts whose full name is ``name`` (case- and accent-insensitive)."""
    key = fold_text(name.strip())
    q = (
        Contact.select(Contact.id, Contact.full_name)
        .where(Contact.sort_name == key, Contact.deleted_at.is_null())
        .order_by(Contact.id)
    )
    return [(c.id, c.full_name) for c in q]


def count_contacts() -> int:
    return Contact.select().where(Contact.deleted_at.is_null()).count()


def as_json(record: ContactRecord) -> dict:
    """The command line's ``list --json`` object for one contact (an exact contract)."""
    d = record.data
    return {
        "id": record.id,
        "full_name": d.display_name(),
        "given_name": d.given_name,
        "family_name": d.family_name,
        "organization": d.organization,
        "title": d.title,
        "phones": [{"value": p.value, "kind": p.kind} for p in d.phones],
        "emails": [{"value": e.value, "kind": e.kind} for e in d.emails],
        "birthday": d.birthday or None,
        "addresses": [
            {
                "street": a.street,
                "city": a.city,
                "region": a.region,
                "postal_code": a.postal_code,
                "country": a.country,
                "kind": a.kind,
            }
            for a in d.addresses
        ],
        "urls": [u.value for u in d.urls],
        "note": d.note,
        "tags": list(d.tags),
        "has_photo": d.photo is not None,
        "social": [{"service": s.service, "value": s.value} for s in d.social_profiles],
    }


def edit_contact(
    contact_id: int, *, note: str | None = None, organization: str | None = None, title: str | None = None,
    add_phones: Iterable[str] = (), add_emails: Iterable[str] = (), remove_emails: Iterable[str] = (),
    region: str | None = None,
) -> ContactData:  # fmt: skip
    """Change a few fields of one contact (the command line's ``edit``), the rest as it was; one transaction.
    An email to remove that the contact does not have raises ContactEditError and nothing changes."""
    with database.atomic("IMMEDIATE"):
        data = load_record(contact_id).data
        if note is not None:
            data.note = note
        if organization is not None:
            data.organization = organization
        if title is not None:
            data.title = title
        have = {p.value.strip() for p in data.phones}
        data.phones += [Phone(p.strip()) for p in add_phones if p.strip() and p.strip() not in have]
        for e in remove_emails:
            kept = [x for x in data.emails if x.value.strip().lower() != e.strip().lower()]
            if len(kept) == len(data.emails):
                raise ContactEditError(f"{data.display_name()} has no email {e.strip()!r}; nothing was changed.")
            data.emails = kept
        have = {x.value.strip().lower() for x in data.emails}
        data.emails += [Email(e.strip()) for e in add_emails if e.strip() and e.strip().lower() not in have]
        replace_contact(contact_id, data, region)
    return data
# --------------------------------------------------------------------------- undo (services.undo)


def _take_back_delete(step: undo.Step) -> undo.Changed:
    restored = restore_contacts(step.payload["ids"])
    if not restored:
        raise undo.UndoError("Those contacts are no longer in the trash.")
    return undo.Changed(contacts=tuple(restored))


def _delete_again(step: undo.Step) -> undo.Changed:
    trashed = trash_contacts(step.payload["ids"])
    if not trashed:
        raise undo.UndoError("Those contacts are no longer there to delete.")
    return undo.Changed(contacts=tuple(trashed))


def _take_back_edit(step: undo.Step) -> undo.Changed:
    p = step.payload
    _put_back(p["id"], p["before"], p.get("region"))
    return undo.Changed(contacts=(p["id"],))


def _edit_again(step: undo.Step) -> undo.Changed:
    p = step.payload
    _put_back(p["id"], p["after"], p.get("region"))
    return undo.Changed(contacts=(p["id"],))


undo.register("contacts.delete", undo=_take_back_delete, redo=_delete_again)
# Undoing a new contact moves it to the trash (nothing is deleted without a way back); redo restores it.
undo.register("contacts.add", undo=_delete_again, redo=_take_back_delete)
undo.register("contacts.edit", undo=_take_back_edit, redo=_edit_again)
