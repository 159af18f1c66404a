"""CardDAV accounts and conflicts on the sample network, with no server behind them: what the
screenshots show of the Accounts page, the conflicts review and the status bar after a sync."""

from __future__ import annotations

import datetime as dt
import json
from itertools import islice

from desktop.services import contacts
from desktop.storage.db import database
from desktop.storage.models import SyncAccount, SyncConflict


def add_sample_accounts(now: dt.datetime) -> None:
    """Two accounts (the default one synced a few minutes before ``now``, its password in the keyring;
    the other never synced, its password in the file) and three fields to review."""
    with database.atomic():
        home = SyncAccount.create(key="sample-home", name="Contacts on my Nextcloud", is_default=True,
                                  url="https://cloud.example.org/remote.php/dav/addressbooks/users/ann/contacts/",
                                  user="ann", secret_store="keyring", last_sync=now - dt.timedelta(minutes=4))  # fmt: skip
        work = SyncAccount.create(key="sample-work", name="Work (Radicale)", url="https://dav.example.com/ann/work/",
                                  user="ann.lee@example.com", secret_store="file")  # fmt: skip
        records = {r.id: r.data for r in islice(contacts.load_records(), 3)}
        ids = list(records)
        for account, cid, field, other in (
            (home, ids[0], "title", "Head of Partnerships"),
            (home, ids[1], "organization", "Lindqvist & Daughters Bakery"),
            (work, ids[2], "note", "Met at the spring fair; wants an intro to a bookkeeper.\nCall back in May."),
        ):
            kept = getattr(records[cid], field) or "(empty)"
            SyncConflict.create(account=account, contact=cid, field=field, kept=kept, other=other,
                                other_value=json.dumps(other))  # fmt: skip
