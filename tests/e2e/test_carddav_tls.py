"""A server with a self-signed certificate: refused with its fingerprint until the person accepts it, then
pinned, and a different certificate later is refused before any password is sent."""

from __future__ import annotations

import pytest
from carddav_servers import PASSWORD, USER, self_signed, start_radicale

from desktop.services import accounts, sync
from desktop.services.carddav_client import UntrustedCertificate, normalize_fingerprint


@pytest.fixture(autouse=True)
def no_keyring():
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def test_a_self_signed_certificate_is_accepted_by_its_fingerprint_then_pinned(db, tmp_path):
    ctx, fingerprint = self_signed(tmp_path, "first")
    server = start_radicale(tmp_path, tls=ctx)
    try:
        book = server.new_book()
        server.put(book, "a.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nEND:VCARD\r\n")
        assert book.startswith("https://")

        with pytest.raises(UntrustedCertificate) as caught:
            accounts.add_account(book, USER, PASSWORD)
        assert caught.value.fingerprint == fingerprint and fingerprint in str(caught.value)
        assert accounts.list_accounts() == []

        info = accounts.add_account(book, USER, PASSWORD, fingerprint=fingerprint.replace(":", "").lower())
        assert info.fingerprint == fingerprint
        assert sync.sync_account().pulled.added == 1

        # a certificate other than the accepted one (a server swapped, or someone in between): refused
        # during the TLS handshake, so no request (and no password) reaches the server
        from desktop.storage.models import SyncAccount

        SyncAccount.update(fingerprint=normalize_fingerprint("00" * 32)).execute()
        server.counts.clear()
        with pytest.raises(sync.SyncError, match="certificate changed") as caught:
            sync.sync_account()
        assert fingerprint in str(caught.value) and "\n" not in str(caught.value)
        assert sum(server.counts.values()) == 0
    finally:
        server.stop()
