"""CardDAV accounts and the client, without a server: where passwords go, URL rules, the XML the client reads,
and the v4 migration."""

from __future__ import annotations

import sqlite3
import stat

import httpx
import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from desktop.services import accounts
from desktop.services.carddav_client import (
    CardDavError,
    DavClient,
    InsecureUrl,
    SyncTokenExpired,
    normalize_fingerprint,
    normalize_url,
)
from desktop.storage.db import close_database, open_database


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.items = {}

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def get_password(self, service, username):
        return self.items.get((service, username))

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@pytest.fixture
def use_keyring():
    before = keyring.get_keyring()

    def use(backend):
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(before)


def test_the_password_goes_to_the_keyring_when_there_is_one(db, db_path, use_keyring):
    kr = use_keyring(MemoryKeyring())
    assert accounts.store_secret("k1", "pw") == accounts.KEYRING
    assert kr.items == {(accounts.KEYRING_SERVICE, "k1"): "pw"}
    assert accounts.load_secret("k1", accounts.KEYRING) == "pw"
    assert not accounts.secrets_file().exists()
    accounts.delete_secret("k1", accounts.KEYRING)
    assert kr.items == {}


def test_without_a_keyring_it_goes_to_an_owner_only_file_beside_the_database(db, db_path, use_keyring):
    use_keyring(fail.Keyring())
    assert accounts.store_secret("k1", "pw one") == accounts.FILE
    accounts.store_secret("k2", "pw two")
    path = accounts.secrets_file()
    assert path.parent == db_path.parent and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert accounts.load_secret("k1", accounts.FILE) == "pw one"
    accounts.delete_secret("k1", accounts.FILE)
    with pytest.raises(accounts.AccountError, match="missing"):
        accounts.load_secret("k1", accounts.FILE)
    assert accounts.load_secret("k2", accounts.FILE) == "pw two"
    assert accounts.secret_where(accounts.FILE) == str(path)


def test_a_keyring_that_fails_when_used_falls_back_to_the_file(db, use_keyring):
    class Locked(MemoryKeyring):
        def set_password(self, *a):
            raise keyring.errors.KeyringLocked("the Secret Service is locked")

    use_keyring(Locked())
    assert accounts.store_secret("k1", "pw") == accounts.FILE
    assert accounts.load_secret("k1", accounts.FILE) == "pw"


def test_urls_default_to_https_and_plain_http_only_for_loopback_or_when_insisted():
    assert normalize_url("dav.example.org") == "https://dav.example.org/"
    assert normalize_url("http://127.0.0.1:5232/ann/") == "http://127.0.0.1:5232/ann/"
    assert normalize_url("http://localhost/x/") == "http://localhost/x/"
    with pytest.raises(InsecureUrl, match="--allow-http"):
        normalize_url("http://dav.example.org/")
    assert normalize_url("http://dav.example.org/", allow_http=True) == "http://dav.example.org/"
    with pytest.raises(CardDavError):
        normalize_url("ftp://dav.example.org/")


def test_fingerprints_are_read_in_any_usual_spelling():
    hexa = "ab" * 32
    want = ":".join(["AB"] * 32)
    assert normalize_fingerprint(hexa) == want == normalize_fingerprint(want.lower()) == normalize_fingerprint(want)
    assert normalize_fingerprint("AB:CD") == ""


def _client(handler) -> DavClient:
    return DavClient("http://127.0.0.1:1/book/", "u", "p", transport=httpx.MockTransport(handler))


STATE = """<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"
 xmlns:cs="http://calendarserver.org/ns/"><d:response><d:href>/book/</d:href><d:propstat><d:prop>
 <cs:getctag>c1</cs:getctag><d:sync-token>t1</d:sync-token>
 <d:supported-report-set><d:supported-report><d:report><d:sync-collection/></d:report></d:supported-report>
 </d:supported-report-set>
 <c:supported-address-data><c:address-data-type content-type="text/vcard" version="4.0"/></c:supported-address-data>
 </d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"""


def test_a_server_that_takes_only_vcard_4_gets_4_and_others_3():
    state = _client(lambda r: httpx.Response(207, content=STATE.encode())).state("/book/")
    assert (state.ctag, state.sync_token, state.supports_sync, state.vcard_version) == ("c1", "t1", True, "4.0")
    both = STATE.replace('version="4.0"/>', 'version="4.0"/><c:address-data-type content-type="text/vcard" version="3.0"/>')
    assert _client(lambda r: httpx.Response(207, content=both.encode())).state("/book/").vcard_version == "3.0"


def test_an_expired_sync_token_is_told_apart_and_errors_carry_the_servers_words():
    body = b'<?xml version="1.0"?><d:error xmlns:d="DAV:"><d:valid-sync-token/></d:error>'
    client = _client(lambda r: httpx.Response(403, content=body))
    with pytest.raises(SyncTokenExpired):
        client.changes_since("/book/", "old-token")
    html = b"<html><body><h1>Service Unavailable</h1><p>Back in 5 minutes.</p></body></html>"
    with pytest.raises(CardDavError) as caught:
        _client(lambda r: httpx.Response(503, content=html)).state("/book/")
    message = str(caught.value)
    assert "503" in message and "Back in 5 minutes" in message and "\n" not in message


def test_sync_collection_lists_changes_and_removals():
    body = b"""<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">
    <d:response><d:href>/book/a.vcf</d:href><d:propstat><d:prop><d:getetag>"e1"</d:getetag></d:prop>
    <d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
    <d:response><d:href>http://127.0.0.1:1/book/b.vcf</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>
    <d:sync-token>t2</d:sync-token></d:multistatus>"""
    changes = _client(lambda r: httpx.Response(207, content=body)).changes_since("/book/", "t1")
    assert (changes.etags, changes.removed, changes.token, changes.complete) == ({"/book/a.vcf": '"e1"'}, {"/book/b.vcf"}, "t2", False)


def test_v3_databases_get_the_sync_tables_as_a_new_database_has_them(tmp_path):
    from desktop.storage import migrations

    fresh = tmp_path / "fresh.sqlite3"
    open_database(fresh)
    close_database()
    old = tmp_path / "old.sqlite3"
    open_database(old)
    con = sqlite3.connect(old)
    for table in ("sync_conflict", "sync_card", "sync_account", "contact_key", "dismissed_pair"):
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE contact DROP COLUMN connected_on")  # what step 6 adds (issue 13)
    con.execute("UPDATE schema_version SET version = 3")
    con.commit()
    con.close()
    close_database()
    open_database(old)  # climbs step 4
    close_database()

    def schema(path):
        con = sqlite3.connect(path)
        try:
            return sorted(r for r in con.execute("SELECT name, sql FROM sqlite_master WHERE name LIKE 'sync%'"))
        finally:
            con.close()

    assert schema(old) == schema(fresh) and len(schema(fresh)) == 10
    assert sqlite3.connect(old).execute("SELECT version FROM schema_version").fetchone() == (migrations.LATEST_VERSION,)
