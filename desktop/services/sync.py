"""Two-way CardDAV sync of an account's address book with the local contacts, conflict-safe and crash-safe.

One sync: ask the server what changed (getctag as the "nothing changed" shortcut, then RFC 6578
sync-collection, else a PROPFIND of ETags), fetch the changed cards (addressbook-multiget), merge
each with its local contact field by field against the last synced version (``domain.sync_merge``),
then write back what changed here, every write guarded by its ETag.

The status table (``SyncCard``: href, ETag, the last synced content) only moves forward when both
sides hold the same content: with the local write in one transaction when a card is pulled, after
the server confirmed a PUT when one is pushed. A sync killed anywhere therefore leaves a state the
next sync completes: a card uploaded but not recorded comes back as a new card with the contact's
UID at the href derived from it, and is linked, not duplicated; a merge written here but not yet
uploaded is merged again, to the same result.

iCloud-style group cards become a tag on each member (and are never contacts); when the tag
changes here, the group card's member list is written back. Only what a vCard holds goes to the
server: the timeline, exchanges, needs and offers and circles stay in the local file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from desktop.domain import sync_merge as sm
from desktop.domain.contact import ContactData
from desktop.domain.matching import DuplicateIndex
from desktop.domain.vcard import CardError, RawCard, parse_card, serialize
from desktop.services import contacts, undo
from desktop.services.accounts import client_for, get_account, list_accounts
from desktop.services.carddav_client import (
    DEFAULT_TIMEOUT,
    MULTIGET_BATCH,
    CardDavError,
    Changes,
    CollectionState,
    DavClient,
    PreconditionFailed,
    SyncTokenExpired,
)
from desktop.services.settings import default_region
from desktop.services.sync_conflicts import record_conflicts
from desktop.services.sync_lock import account_lock
from desktop.services.sync_report import ConflictNote, Counts, SyncError, SyncOutcome, SyncReport  # noqa: F401 - public here
from desktop.storage.db import database
from desktop.storage.models import SyncAccount

Progress = Callable[[int, int], bool]
WRITE_BATCH = 50  # uploads recorded per transaction
CONTACT, GROUP, SKIPPED = "contact", "group", "skipped"


@dataclass
class _Row:
    href: str
    etag: str
    kind: str
    contact_id: int | None
    uid: str
    base: str
    local_hash: str


class _Cancelled(Exception):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# --------------------------------------------------------------------------- the public calls


def sync_account(
    name: str | None = None, *, progress: Progress | None = None, timeout: float = DEFAULT_TIMEOUT
) -> SyncReport:
    """Sync one account (the default one when ``name`` is None). ``progress(done, total)`` returning False
    cancels between steps (what was done stays, consistent). Raises ``SyncError`` in one line."""
    account = get_account(name)
    # One sync of an account at a time (SyncBusy at once otherwise). Its changes are the server's, not
    # the person's: none is a step of Edit → Undo (what it deletes goes to the trash, what it overrules
    # to the conflicts).
    with account_lock(account.key, account.name), undo.quietly():
        try:
            with client_for(account, timeout=timeout) as client:
                return _Sync(account, client, progress).run()
        except CardDavError as exc:
            if isinstance(exc, SyncError):
                raise
            raise SyncError(f"{account.name}: {exc}", exc.status) from None


def sync_all(*, progress: Progress | None = None, timeout: float = DEFAULT_TIMEOUT) -> list[SyncOutcome]:
    """Sync every account, the default one first; one account failing does not stop the others."""
    out = []
    for info in sorted(list_accounts(), key=lambda a: (not a.is_default, a.id)):
        try:
            report = sync_account(info.name, progress=progress, timeout=timeout)
        except CardDavError as exc:
            out.append(SyncOutcome(info.name, None, str(exc), exc))
            continue
        out.append(SyncOutcome(info.name, report, None))
        if report.cancelled:
            break  # the person asked to stop: the next accounts wait for the next sync
    return out


# --------------------------------------------------------------------------- the engine


class _Sync:
    def __init__(self, account: SyncAccount, client: DavClient, progress: Progress | None) -> None:
        self.account = account
        self.client = client
        self.progress = progress
        self.region = default_region()
        self.book = account.url
        self.book_path = urlsplit(account.url).path
        self.report = SyncReport(account.name)
        self.version = account.vcard_version or "3.0"
        self.rows: dict[str, _Row] = {}
        self.done = 0
        self.total = 0
        self.wrote = False
        self.token_refused = False

    # ----------------------------------------------------------------- progress

    def tick(self, n: int = 1) -> None:
        self.done += n
        if self.progress is not None and self.progress(min(self.done, self.total), self.total) is False:
            raise _Cancelled

    # ----------------------------------------------------------------- the steps

    def run(self) -> SyncReport:
        self._load_rows()
        state, changes = self._server_changes()
        removed = (
            {h for h in self.rows if h not in changes.etags} if changes.complete else changes.removed & set(self.rows)
        )
        to_fetch = [h for h, etag in changes.etags.items() if h not in self.rows or not etag or self.rows[h].etag != etag]
        self.groups_before = {h: self._group_base(r) for h, r in self.rows.items() if r.kind == GROUP}
        self.groups = {h: g for h, g in self.groups_before.items() if h not in removed}
        self.group_raw: dict[str, tuple[str, str]] = {}
        local = self._local_state()
        self.total = len(to_fetch) + len(removed) + len(local.changed) + len(local.gone) + len(local.only)
        try:
            for batch in self._fetch(to_fetch):  # each batch is merged while the next one is on its way
                self._pull(batch, local)
            regrouped = self._regrouped(removed)
            self.total += len(regrouped)
            for batch in self._fetch(regrouped):
                self._pull(batch, local)
            self._server_removed(removed, local)
            self._push_local(local)
            self._push_local_only(local)
            self._write_groups()
        except _Cancelled:
            self.report.cancelled = True
            return self.report
        self._finish(state, changes)
        return self.report

    def _load_rows(self) -> None:
        sql = (
            "SELECT href, etag, kind, contact_id, uid, base, local_hash FROM sync_card WHERE account_id = ?"
        )
        for r in database.execute_sql(sql, (self.account.id,)):
            self.rows[r[0]] = _Row(*r)

    def _server_changes(self) -> tuple[CollectionState, Changes]:
        """What changed on the server. With a sync token from last time: one sync-collection report (an empty
        answer is "nothing changed"). Else getctag as the shortcut, then a PROPFIND of every ETag, and the
        collection's sync token (read before the listing) for next time."""
        a = self.account
        if a.sync_token and self.rows:
            try:
                changes = self.client.changes_since(self.book, a.sync_token)
                return CollectionState(a.ctag, changes.token, True, self.version), changes
            except SyncTokenExpired:
                pass
            except CardDavError as exc:
                if exc.status not in (400, 403, 405, 501):
                    raise
                self.token_refused = True  # it lists the report but does not do it: getctag and listings then
        state = self.client.state(self.book, ctag=bool(self.rows))  # a first sync lists everything anyway
        self.version = state.vcard_version
        if self.rows and (state.ctag == a.ctag if state.ctag else state.sync_token and state.sync_token == a.sync_token):
            return state, Changes({}, complete=False, token=a.sync_token)  # getctag (or the token) says: nothing changed
        listing = self.client.list_cards(self.book)
        listing.token = state.sync_token if state.supports_sync and not self.token_refused else ""
        return state, listing

    def _fetch(self, hrefs: list[str]) -> Iterator[list[tuple[str, str, bytes]]]:
        """The cards asked for, a multiget batch at a time, two in flight: the server prepares the next
        batches while this thread merges the last one."""
        chunks = [hrefs[i : i + MULTIGET_BATCH] for i in range(0, len(hrefs), MULTIGET_BATCH)]
        if not chunks:
            return
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(lambda c: list(self.client.multiget(self.book, c)), c) for c in chunks]
            try:
                for fut, chunk in zip(futures, chunks):
                    yield fut.result()
                    self.tick(len(chunk))
            finally:
                for fut in futures:
                    fut.cancel()

    # ----------------------------------------------------------------- local state

    @dataclass
    class _Local:
        records: dict[int, ContactData]  # live linked contacts
        changed: set[int]  # live linked contacts changed here since the last sync
        gone: set[str]  # hrefs whose contact is in the trash here, or deleted for good
        only: list[int]  # live contacts in no account (pushed to the default account)
        candidates: DuplicateIndex  # the local-only contacts, for linking new server cards
        only_data: dict[int, ContactData]

    def _local_state(self) -> _Sync._Local:
        live = self._live_ids([r.contact_id for r in self.rows.values() if r.kind == CONTACT and r.contact_id is not None])
        records = {rec.id: rec.data for rec in contacts.load_records(sorted(live))}
        by_contact = {r.contact_id: r for r in self.rows.values() if r.kind == CONTACT and r.contact_id is not None}
        changed = {cid for cid, data in records.items() if sm.fingerprint(sm.snapshot(data)) != by_contact[cid].local_hash}
        gone = {r.href for r in self.rows.values() if r.kind == CONTACT and (r.contact_id is None or r.contact_id not in live)}
        only_ids = [
            r[0]
            for r in database.execute_sql(
                "SELECT id FROM contact WHERE deleted_at IS NULL AND id NOT IN "
                "(SELECT contact_id FROM sync_card WHERE contact_id IS NOT NULL) ORDER BY id"
            )
        ]
        only_data = {rec.id: rec.data for rec in contacts.load_records(only_ids)}
        index = DuplicateIndex(self.region)
        for cid, data in only_data.items():
            index.add(cid, data)
        only = only_ids if self.account.is_default else []
        return _Sync._Local(records, changed, gone, only, index, only_data)

    # ----------------------------------------------------------------- group cards

    @staticmethod
    def _group_base(row: _Row) -> sm.GroupCard:
        b = json.loads(row.base or "{}")
        return sm.GroupCard(b.get("uid", ""), b.get("name", ""), tuple(b.get("members", ())), bool(b.get("v4")))

    @property
    def group_names(self) -> set[str]:
        return {g.name.casefold() for g in self.groups.values() if g.name}

    def _regrouped(self, removed: set[str]) -> list[str]:
        """Members whose group cards changed while their own card did not: fetched again, so that their
        tags merge like any other change from the server."""
        names = self.group_names | {g.name.casefold() for g in self.groups_before.values() if g.name}
        if not names:
            return []
        out = []
        for href, row in self.rows.items():
            if row.kind != CONTACT or href in removed or not row.base:
                continue
            have = {t.casefold() for t in json.loads(row.base).get("tags", ()) if t.casefold() in names}
            want = {t.casefold() for t in self._group_tags(self.groups, row.uid)}
            if have != want:
                out.append(href)
        return out

    def _group_tags(self, groups: dict[str, sm.GroupCard], uid: str) -> set[str]:
        key = sm.uid_key(uid)
        return {g.name for g in groups.values() if g.name and key in g.members}

    def _with_group_tags(self, data: ContactData) -> ContactData:
        if not self.groups:
            return data
        tags = list(data.tags)
        have = {t.casefold() for t in tags}
        for name in sorted(self._group_tags(self.groups, data.uid)):
            if name.casefold() not in have:
                tags.append(name)
        return dataclasses.replace(data, tags=tags)

    def _card_view(self, data: ContactData) -> ContactData:
        """What the contact's own card holds: its tags less those that group cards carry."""
        return dataclasses.replace(data, tags=[t for t in data.tags if t.casefold() not in self.group_names])

    def _write_groups(self) -> None:
        """Write back group cards whose members differ from the contacts carrying their tag now."""
        if not self.groups:
            return
        by_uid: dict[str, tuple[str, set[str]]] = {}  # uid key -> (uid as written, tags folded)
        ids = [r.contact_id for r in self.rows.values() if r.kind == CONTACT and r.contact_id is not None]
        tags: dict[int, set[str]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for cid, name in database.execute_sql(
                "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
                f"WHERE ct.contact_id IN ({marks})", chunk,
            ):  # fmt: skip
                tags.setdefault(cid, set()).add(name.casefold())
        live = self._live_ids(ids)
        for r in self.rows.values():
            if r.kind == CONTACT and r.contact_id in live and r.uid:
                by_uid[sm.uid_key(r.uid)] = (r.uid, tags.get(r.contact_id, set()))
        for href, group in self.groups.items():
            if not group.name:
                continue
            want = [m for m in group.members if m not in by_uid]  # members this account does not link: kept
            want += [m for m in group.members if m in by_uid and group.name.casefold() in by_uid[m][1]]
            want += sorted(k for k, (_, t) in by_uid.items() if group.name.casefold() in t and k not in group.members)
            if set(want) == set(group.members):
                if href in self.group_raw:  # fetched this time: remember its ETag and members
                    self._record_group(href, self.group_raw[href][0], group)
                continue
            etag, text = self.group_raw.get(href) or self.client.get(href)
            if isinstance(text, bytes):
                text = text.decode("utf-8", "replace")
            new_text = sm.with_members(text, want, {k: u for k, (u, _) in by_uid.items()})
            try:
                new_etag = self.client.put(href, new_text, etag=etag)
            except PreconditionFailed:
                self.report.notes.append(f"The group {group.name} changed on the server meanwhile; it is merged next time.")
                continue
            self._record_group(href, new_etag, dataclasses.replace(group, members=tuple(want)))
            self.wrote = True

    def _record_group(self, href: str, etag: str, group: sm.GroupCard) -> None:
        base = json.dumps({"uid": group.uid, "name": group.name, "members": list(group.members), "v4": group.v4})
        with database.atomic():
            self._save_row(_Row(href, etag, GROUP, None, group.uid, base, ""))

    # ----------------------------------------------------------------- pulling

    def _parse(self, href: str, raw: bytes) -> ContactData | None:
        try:
            data = parse_card(RawCard(1, raw.count(b"\n") + 1, raw))
        except CardError as exc:
            self.report.notes.append(f"{href}: this card could not be read ({exc.reason}); it was left on the server.")
            return None
        return self._with_group_tags(data)

    def _pull(self, batch: list[tuple[str, str, bytes]], local: _Sync._Local) -> None:
        """Fetched cards: group cards are read first; new cards are linked or added here; changed ones are
        merged with their contact."""
        for href, etag, raw in batch:
            if sm.is_group_card(raw):
                text = raw.decode("utf-8", "replace")
                self.groups[href] = sm.read_group_card(text)
                self.group_raw[href] = (etag, text)
        new: list[tuple[str, str, ContactData]] = []
        for href, etag, raw in batch:
            if href in self.group_raw:
                continue
            remote = self._parse(href, raw)
            row = self.rows.get(href)
            if remote is None:
                with database.atomic():
                    self._save_row(_Row(href, etag, SKIPPED, None, "", "", ""))
                continue
            if row is None or row.kind != CONTACT:
                match = local.candidates.find(remote) if len(local.candidates) else None
                if match is None:
                    new.append((href, etag, remote))
                    if len(new) >= MULTIGET_BATCH:
                        self._add_new(new)
                else:
                    self._link(href, etag, remote, match, local)
            elif row.contact_id not in local.records:
                self._pull_over_deleted(href, etag, remote, row, local)
            else:
                base = json.loads(row.base)
                if sm.snapshot(remote) == base:  # only the ETag moved
                    with database.atomic():
                        row.etag = etag
                        self._save_row(row)
                    continue
                data = local.records[row.contact_id]
                self._settle(href, etag, row.contact_id, data, remote, sm.merge3(base, data, remote, self.region), local, row=row)
        self._add_new(new)

    def _add_new(self, new: list[tuple[str, str, ContactData]]) -> None:
        """Cards new to us that are nobody here yet: added, with their status rows, in one transaction."""
        if not new:
            return
        datas = [remote if remote.uid else dataclasses.replace(remote, uid=contacts.new_uid()) for _, _, remote in new]
        with database.atomic():
            ids = contacts.insert_contacts(datas, self.region)
            self._save_rows([self._row_for(href, etag, cid, data) for (href, etag, _), cid, data in zip(new, ids, datas)])
        self.report.pulled.added += len(new)
        new.clear()

    def _link(self, href: str, etag: str, remote: ContactData, match: int, local: _Sync._Local) -> None:
        """A card new to us that is someone here already (same UID, email, or phone and name): merged, not doubled."""
        local.candidates.remove(match)
        data = local.only_data.pop(match)
        if match in local.only:
            local.only.remove(match)
        self._settle(href, etag, match, data, remote, sm.merge3(None, data, remote, self.region), local)

    def _pull_over_deleted(self, href: str, etag: str, remote: ContactData, row: _Row, local: _Sync._Local) -> None:
        """Changed on the server after it was deleted here: the server's version comes back (nothing lost)."""
        with database.atomic():
            data = dataclasses.replace(remote, uid=remote.uid or row.uid or contacts.new_uid())
            if row.contact_id is not None and contacts.restore_contacts([row.contact_id]):
                contacts.replace_contact(row.contact_id, data, self.region)
                cid = row.contact_id
            else:
                cid = contacts.insert_contacts([data], self.region)[0]
            self._save_row(self._row_for(href, etag, cid, data))
        local.gone.discard(href)
        self.report.pulled.updated += 1
        self.report.notes.append(f"{data.display_name()} was deleted here but changed on the server: it is back.")

    def _settle(
        self, href: str, etag: str, cid: int, data: ContactData, remote: ContactData, merged: sm.Merged,
        local: _Sync._Local, *, row: _Row | None = None,
    ) -> None:  # fmt: skip
        """Write a merge here and, where the server lacks part of it, upload it (If-Match). The status row
        moves on only once both sides hold the result; a 412 fetches the card again and merges again."""
        base = json.loads(row.base) if row is not None and row.base else None
        pulled = False
        for _attempt in range(3):
            result = merged.data
            result.uid = remote.uid or data.uid
            local_changes = result.uid != data.uid or sm.snapshot(result) != sm.snapshot(data)
            needs_put = sm.snapshot(self._card_view(result)) != sm.snapshot(self._card_view(remote))
            with database.atomic("IMMEDIATE"):
                if local_changes:
                    edited = self._edited_meanwhile(cid, data)
                    if edited is not None:  # changed here while this sync ran (the window): merged again
                        data, merged = edited, sm.merge3(base, edited, remote, self.region)
                        continue
                    contacts.replace_contact(cid, result, self.region)
                self._record_conflicts(cid, result, merged.conflicts)
                if not needs_put:
                    self._save_row(self._row_for(href, etag, cid, result))
            local.records[cid] = result
            if local_changes and not pulled:
                pulled = True
                self.report.pulled.updated += 1
            if not needs_put:
                return
            try:
                new_etag = self.client.put(href, self._card(result), etag=etag or None)
            except PreconditionFailed:
                data = result
                etag, remote = self._refetch(href)
                if remote is None:
                    self._recreate(href, cid, result)
                    return
                merged = sm.merge3(base, data, remote, self.region)
                continue
            with database.atomic():
                self._save_row(self._row_for(href, new_etag, cid, result))
            if etag:
                self.report.pushed.updated += 1
            else:
                self.report.pushed.added += 1
            self.wrote = True
            return

    @staticmethod
    def _edited_meanwhile(cid: int, data: ContactData) -> ContactData | None:
        """The contact as it is now if it differs from ``data`` (read when the sync started), else None."""
        now = next(iter(contacts.load_records([cid])), None)
        if now is None or (now.data.uid == data.uid and sm.snapshot(now.data) == sm.snapshot(data)):
            return None
        return now.data

    def _refetch(self, href: str) -> tuple[str, ContactData | None]:
        for h, etag, raw in self.client.multiget(self.book, [href]):
            return etag, self._parse(h, raw)
        return "", None

    # ----------------------------------------------------------------- deletions from the server

    def _server_removed(self, removed: set[str], local: _Sync._Local) -> None:
        for href in sorted(removed):
            row = self.rows[href]
            self.tick()
            if row.kind != CONTACT or row.contact_id not in local.records:
                with database.atomic():
                    self._delete_row(row)
                local.gone.discard(href)
                continue
            if row.contact_id in local.changed:  # changed here meanwhile: it goes up again (reported)
                local.changed.discard(row.contact_id)
                self._recreate(href, row.contact_id, local.records[row.contact_id])
                continue
            local.records.pop(row.contact_id)
            with database.atomic():
                contacts.trash_contacts([row.contact_id])
                self._delete_row(row)
            self.report.pulled.deleted += 1

    # ----------------------------------------------------------------- pushing

    def _push_local(self, local: _Sync._Local) -> None:
        """Contacts changed or deleted here whose cards did not change on the server."""
        by_contact = {r.contact_id: r for r in self.rows.values() if r.kind == CONTACT and r.contact_id is not None}
        for cid in sorted(local.changed):
            row = by_contact.get(cid)
            if row is None or cid not in local.records:
                continue
            self.tick()
            data = local.records[cid]
            if row.local_hash == sm.fingerprint(sm.snapshot(data)):
                continue  # settled by a merge above
            self._upload(row, data, local)
        for href in sorted(local.gone):
            row = self.rows.get(href)
            if row is None or row.kind != CONTACT:
                continue
            self.tick()
            try:
                self.client.delete(href, row.etag)
            except PreconditionFailed:  # changed on the server since: its version comes back here
                etag, remote = self._refetch(href)
                if remote is not None:
                    self._pull_over_deleted(href, etag, remote, row, local)
                    continue
            with database.atomic():
                self._delete_row(row)
            self.report.pushed.deleted += 1
            self.wrote = True

    def _upload(self, row: _Row, data: ContactData, local: _Sync._Local) -> None:
        """A local change over a server card we know (If-Match); a 412 merges with the server's new version."""
        if row.etag:
            try:
                new_etag = self.client.put(row.href, self._card(data), etag=row.etag)
            except PreconditionFailed:
                pass
            else:
                with database.atomic():
                    self._save_row(self._row_for(row.href, new_etag, row.contact_id, data))
                self.report.pushed.updated += 1
                self.wrote = True
                return
        etag, remote = self._refetch(row.href)
        if remote is None:
            self._recreate(row.href, row.contact_id, data)
            return
        merged = sm.merge3(json.loads(row.base), data, remote, self.region)
        self._settle(row.href, etag, row.contact_id, data, remote, merged, local, row=row)

    def _recreate(self, href: str, cid: int, data: ContactData) -> None:
        """A card gone from the server while its contact changed here: it goes up again (nothing is lost)."""
        try:
            new_etag = self.client.put(href, self._card(data), etag=None)
        except PreconditionFailed:
            self.report.notes.append(f"{data.display_name()} changed on the server during this sync; merged next time.")
            return
        with database.atomic():
            self._save_row(self._row_for(href, new_etag, cid, data))
        self.report.pushed.added += 1
        self.wrote = True
        self.report.notes.append(f"{data.display_name()} was deleted on the server but changed here: it was uploaded again.")

    def _push_local_only(self, local: _Sync._Local) -> None:
        """Contacts in no account go up to the default account, at an href derived from their UID."""
        pending: list[tuple[str, str, int, ContactData]] = []
        seen_uids = {sm.uid_key(r.uid) for r in self.rows.values() if r.uid}
        for cid in local.only:
            self.tick()
            data = local.only_data.get(cid)
            if data is None:
                continue
            if not data.uid or sm.uid_key(data.uid) in seen_uids:
                data = dataclasses.replace(data, uid=contacts.new_uid())  # two contacts must not share a card
                with database.atomic():
                    contacts.replace_contact(cid, data, self.region)
            seen_uids.add(sm.uid_key(data.uid))
            href = self.book_path + sm.card_name(data.uid)
            try:
                etag = self.client.put(href, self._card(data), etag=None)
            except PreconditionFailed:
                # a card is there already: ours from a sync killed before it was recorded, or another
                # client's for the same UID. Either way it is this person: link and merge.
                etag, remote = self._refetch(href)
                if remote is not None:
                    merged = sm.merge3(None, data, remote, self.region)
                    self._settle(href, etag, cid, data, remote, merged, local)
                continue
            pending.append((href, etag, cid, data))
            self.report.pushed.added += 1
            self.wrote = True
            if len(pending) >= WRITE_BATCH:
                self._record_pushed(pending)
        self._record_pushed(pending)

    def _record_pushed(self, pending: list) -> None:
        with database.atomic():
            for href, etag, cid, data in pending:
                self._save_row(self._row_for(href, etag, cid, data))
        pending.clear()

    def _card(self, data: ContactData) -> str:
        return serialize(self._card_view(data), self.version)

    # ----------------------------------------------------------------- status rows and conflicts

    def _row_for(self, href: str, etag: str, cid: int, data: ContactData) -> _Row:
        text = sm.snapshot_text(sm.snapshot(data))
        return _Row(href, etag, CONTACT, cid, data.uid, text, sm.fingerprint(text))

    def _save_row(self, row: _Row) -> None:
        self._save_rows([row])

    def _save_rows(self, rows: list[_Row]) -> None:
        database.connection().executemany(
            "INSERT INTO sync_card (account_id, href, etag, kind, contact_id, uid, base, local_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, href) DO UPDATE SET etag = excluded.etag, "
            "kind = excluded.kind, contact_id = excluded.contact_id, uid = excluded.uid, base = excluded.base, "
            "local_hash = excluded.local_hash",
            [(self.account.id, r.href, r.etag, r.kind, r.contact_id, r.uid, r.base, r.local_hash) for r in rows],
        )
        for r in rows:
            self.rows[r.href] = r

    def _delete_row(self, row: _Row) -> None:
        database.execute_sql("DELETE FROM sync_card WHERE account_id = ? AND href = ?", (self.account.id, row.href))
        self.rows.pop(row.href, None)

    def _record_conflicts(self, cid: int, data: ContactData, conflicts: list[sm.FieldConflict]) -> None:
        record_conflicts(self.account.id, cid, conflicts)
        for c in conflicts:
            note = ConflictNote(data.display_name(), c.field, c.kept, c.other)
            if note not in self.report.conflicts:  # a 412 merges again: the same conflict once
                self.report.conflicts.append(note)

    def _live_ids(self, ids: list[int]) -> set[int]:
        live: set[int] = set()
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            live.update(
                r[0] for r in database.execute_sql(f"SELECT id FROM contact WHERE deleted_at IS NULL AND id IN ({marks})", chunk)
            )
        return live

    # ----------------------------------------------------------------- the end

    def _finish(self, state: CollectionState, changes: Changes) -> None:
        """Remember where the server was, so the next sync asks only for what changed since; after our own
        writes, only if the server's list of changes shows nothing but them."""
        token, ctag = ("" if self.token_refused else changes.token), state.ctag
        if self.wrote:
            ctag = ""
            if token:
                try:
                    since = self.client.changes_since(self.book, changes.token)
                except CardDavError:
                    since = None
                if since is not None and self._only_ours(since):
                    token = since.token
        SyncAccount.update(
            sync_token=token, ctag=ctag, last_sync=_now(), vcard_version=self.version
        ).where(SyncAccount.id == self.account.id).execute()

    def _only_ours(self, since: Changes) -> bool:
        for href, etag in since.etags.items():
            row = self.rows.get(href)
            if row is None or not etag or row.etag != etag:
                return False
        return all(h not in self.rows for h in since.removed)


def _chunks(ids: list, n: int = 500):
    for i in range(0, len(ids), n):
        yield ids[i : i + n]
