"""CardDAV accounts: adding one (finding its address book, testing the password), listing, removing,
choosing the default, and keeping the password out of the database.

The password goes to the OS keyring (``keyring``: Secret Service, KWallet, macOS Keychain, Windows
Credential Locker) when one works; otherwise to a file beside the database that only its owner can
read. ``AccountInfo.secret_store`` says which, and ``secret_where`` says it in words for the window.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from desktop.services.carddav_client import (
    DEFAULT_TIMEOUT,
    AddressBook,
    CardDavError,
    DavClient,
    normalize_fingerprint,
    normalize_url,
)
from desktop.services.settings import get_setting, set_setting
from desktop.services.sync_lock import account_lock, remove_lock_file
from desktop.storage.db import create_private_file, database
from desktop.storage.models import SyncAccount

KEYRING_SERVICE = "Rapport CardDAV"
KEYRING = "keyring"
FILE = "file"


class AccountError(CardDavError):
    """An account that cannot be added, found or used, explained for a person."""


class SeveralAddressBooks(AccountError):
    """The URL leads to more than one address book: the caller picks one of ``books`` and adds its URL."""

    def __init__(self, message: str, books: list[AddressBook]) -> None:
        super().__init__(message)
        self.books = books


@dataclass(frozen=True)
class AccountInfo:
    id: int
    name: str
    url: str
    user: str
    is_default: bool
    last_sync: dt.datetime | None
    secret_store: str  # "keyring" or "file"
    secret_where: str  # "the system keyring", or the file's path
    fingerprint: str  # the accepted certificate, "" when the usual authorities vouch for it

    def as_json(self) -> dict:
        """The command line's ``account list --json`` object (a contract)."""
        return {
            "name": self.name,
            "url": self.url,
            "user": self.user,
            "last_sync": self.last_sync.isoformat(sep=" ") if self.last_sync else None,
        }


# --------------------------------------------------------------------------- secrets


def secrets_file() -> Path:
    """The owner-only file beside the database that holds passwords when there is no keyring."""
    name = database.database
    if not name or name == ":memory:":
        raise AccountError("Accounts need a database file (not an in-memory database).")
    path = Path(name)
    return path.with_name(path.stem + ".secrets.json")


def _read_secrets() -> dict:
    path = secrets_file()
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise AccountError(f"The passwords file {path} cannot be read ({exc}).") from None


def _write_secrets(secrets: dict) -> None:
    path = secrets_file()
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.unlink(missing_ok=True)
        create_private_file(tmp)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(secrets, f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        raise AccountError(f"The password could not be saved in {path} ({exc}).") from None


def _keyring():
    """The keyring module when a working backend is there, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # noqa: BLE001 - a broken keyring install must not stop the app
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001
        return None
    if isinstance(backend, fail.Keyring):
        return None
    return keyring


def store_secret(key: str, password: str) -> str:
    """Keep ``password`` under ``key``: in the keyring if one works (checked by reading it back), else in
    the owner-only file. Returns ``"keyring"`` or ``"file"``."""
    kr = _keyring()
    if kr is not None:
        try:
            kr.set_password(KEYRING_SERVICE, key, password)
            if kr.get_password(KEYRING_SERVICE, key) == password:
                return KEYRING
        except Exception:  # noqa: BLE001 - NoKeyringError, a locked or absent Secret Service, D-Bus errors
            pass
    secrets = _read_secrets()
    secrets[key] = password
    _write_secrets(secrets)
    return FILE


def load_secret(key: str, store: str) -> str:
    if store == KEYRING:
        kr = _keyring()
        value = None
        if kr is not None:
            try:
                value = kr.get_password(KEYRING_SERVICE, key)
            except Exception:  # noqa: BLE001
                value = None
        if value is None:
            raise AccountError("The account's password is not in the system keyring any more; remove and add the account again.")
        return value
    value = _read_secrets().get(key)
    if value is None:
        raise AccountError(f"The account's password is missing from {secrets_file()}; remove and add the account again.")
    return value


def delete_secret(key: str, store: str) -> None:
    if store == KEYRING:
        kr = _keyring()
        if kr is not None:
            try:
                kr.delete_password(KEYRING_SERVICE, key)
            except Exception:  # noqa: BLE001 - already gone
                pass
        return
    secrets = _read_secrets()
    if secrets.pop(key, None) is not None:
        _write_secrets(secrets)


def secret_where(store: str) -> str:
    return "the system keyring" if store == KEYRING else str(secrets_file())


# --------------------------------------------------------------------------- accounts


def _info(a: SyncAccount) -> AccountInfo:
    last = a.last_sync
    if isinstance(last, str):
        last = dt.datetime.fromisoformat(last)
    return AccountInfo(
        a.id, a.name, a.url, a.user, bool(a.is_default), last, a.secret_store, secret_where(a.secret_store),
        a.fingerprint,
    )  # fmt: skip


def list_accounts() -> list[AccountInfo]:
    return [_info(a) for a in SyncAccount.select().order_by(SyncAccount.id)]


def get_account(name: str | None = None) -> SyncAccount:
    """The account of that name (case-insensitive), or the default one when ``name`` is None."""
    if name is None:
        a = SyncAccount.select().where(SyncAccount.is_default == True).first()  # noqa: E712
        if a is None:
            raise AccountError("There is no CardDAV account; add one first.")
        return a
    for a in SyncAccount.select():
        if a.name.casefold() == name.strip().casefold():
            return a
    names = ", ".join(a.name for a in SyncAccount.select()) or "none"
    raise AccountError(f"No account is called {name!r} (accounts: {names}).")


def _allow_http(url: str) -> bool:
    return urlsplit(url).scheme == "http"  # http:// was accepted, explicitly, when the account was added


def client_for(account: SyncAccount, *, timeout: float = DEFAULT_TIMEOUT) -> DavClient:
    password = load_secret(account.key, account.secret_store)
    return DavClient(
        account.url, account.user, password, fingerprint=account.fingerprint, allow_http=_allow_http(account.url),
        timeout=timeout,
    )  # fmt: skip


def find_address_books(
    url: str, user: str, password: str, *, fingerprint: str = "", allow_http: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[AddressBook]:  # fmt: skip
    """Test the connection and password and return the address books found from ``url`` (nothing stored).
    Raises ``UntrustedCertificate`` (with the fingerprint to show), ``AuthFailed``, ``Unreachable``,
    ``NoAddressBook``..."""
    with DavClient(url, user, password, fingerprint=fingerprint, allow_http=allow_http, timeout=timeout) as client:
        return client.discover()


def add_account(
    url: str, user: str, password: str, *, name: str | None = None, fingerprint: str = "",
    allow_http: bool = False, timeout: float = DEFAULT_TIMEOUT,
) -> AccountInfo:  # fmt: skip
    """Find the address book from ``url``, check the password against it, and store the account.

    Several address books raise ``SeveralAddressBooks`` (add one of their URLs instead). The first
    account becomes the default. Nothing is stored when anything fails.
    """
    url = normalize_url(url, allow_http=allow_http)
    if not user.strip():
        raise AccountError("The user name is empty.")
    if fingerprint and not normalize_fingerprint(fingerprint):
        raise AccountError(f"{fingerprint!r} is not a SHA-256 certificate fingerprint (64 hexadecimal digits).")
    books = find_address_books(url, user, password, fingerprint=fingerprint, allow_http=allow_http, timeout=timeout)
    if len(books) > 1:
        listed = "; ".join(f"{b.name} ({b.url})" for b in books)
        raise SeveralAddressBooks(f"{urlsplit(url).netloc} has {len(books)} address books: {listed}. Add one of these URLs.", books)
    book = books[0]
    name = (name or "").strip() or book.name or urlsplit(book.url).netloc
    for a in SyncAccount.select():
        if a.name.casefold() == name.casefold():
            raise AccountError(f"An account called {name!r} exists already; choose another name.")
        if a.url == book.url and a.user == user:
            raise AccountError(f"That address book is already the account {a.name!r}.")
    key = str(uuid.uuid4())
    store = store_secret(key, password)
    try:
        with database.atomic("IMMEDIATE"):
            first = not SyncAccount.select().exists()
            account = SyncAccount.create(
                key=key, name=name, url=book.url, user=user, secret_store=store,
                fingerprint=normalize_fingerprint(fingerprint), is_default=first,
            )  # fmt: skip
    except Exception:
        delete_secret(key, store)
        raise
    return _info(account)


def remove_account(name: str) -> AccountInfo:
    """Forget an account, its sync records and its password; the contacts stay here. ``SyncBusy`` while
    the account is being synced."""
    account = get_account(name)
    info = _info(account)
    with account_lock(account.key, account.name):
        with database.atomic("IMMEDIATE"):
            was_default = account.is_default
            account.delete_instance()  # sync_card and sync_conflict rows follow (ON DELETE CASCADE)
            if was_default:
                nxt = SyncAccount.select().order_by(SyncAccount.id).first()
                if nxt is not None:
                    SyncAccount.update(is_default=True).where(SyncAccount.id == nxt.id).execute()
    delete_secret(account.key, account.secret_store)
    remove_lock_file(account.key)
    return info


def change_password(name: str, password: str, *, timeout: float = DEFAULT_TIMEOUT) -> AccountInfo:
    """Check a new password against the account's address book, then keep it in place of the old one
    (in the keyring if one works now, else in the owner-only file). Nothing changes when it fails."""
    account = get_account(name)
    if not password:
        raise AccountError("The password is empty.")
    find_address_books(account.url, account.user, password, fingerprint=account.fingerprint,
                       allow_http=_allow_http(account.url), timeout=timeout)  # fmt: skip
    store = store_secret(account.key, password)
    if store != account.secret_store:
        if account.secret_store == FILE:  # the keyring works now: no copy left in the file
            delete_secret(account.key, FILE)
        SyncAccount.update(secret_store=store).where(SyncAccount.id == account.id).execute()
    return _info(SyncAccount.get_by_id(account.id))


# --------------------------------------------------------------------------- how often the window syncs

SYNC_INTERVAL_SETTING = "sync_interval_minutes"
SYNC_INTERVALS = (5, 15, 30, 60, 0)  # minutes; 0: never on its own (only with Sync now)
DEFAULT_SYNC_INTERVAL = 15


def sync_interval() -> int:
    """Minutes between the window's syncs (0: the window syncs only when asked, not at start either)."""
    value = get_setting(SYNC_INTERVAL_SETTING, DEFAULT_SYNC_INTERVAL)
    return value if isinstance(value, int) and value >= 0 else DEFAULT_SYNC_INTERVAL


def set_sync_interval(minutes: int) -> None:
    if minutes not in SYNC_INTERVALS:
        raise AccountError(f"{minutes} minutes is not one of the intervals ({', '.join(map(str, SYNC_INTERVALS))}).")
    set_setting(SYNC_INTERVAL_SETTING, minutes)


def set_default_account(name: str) -> None:
    account = get_account(name)
    with database.atomic("IMMEDIATE"):
        SyncAccount.update(is_default=False).execute()
        SyncAccount.update(is_default=True).where(SyncAccount.id == account.id).execute()
