"""Real CardDAV servers for the sync tests: Radicale and Xandikos, started by the tests on loopback, each in a
temporary folder with a user name and password, on a free port. Nothing to install by hand.

Both run as WSGI applications in a thread of the test process, behind one small middleware that counts
requests by method (to prove a sync sent no write), can make the server fail (``fail_with``), and runs a
hook before a request reaches the server (to change a card between a client's read and its write).
Xandikos leaves authentication to the web server in front of it, so the middleware checks its password.

Test modules import the fixtures they use: ``from carddav_servers import _servers, carddav  # noqa: F401``.
"""

from __future__ import annotations

import base64
import collections
import datetime as dt
import hashlib
import io
import socket
import socketserver
import ssl
import threading
import uuid
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx
import pytest

USER = "ann"
PASSWORD = "correct horse"

MKCOL_BOOK = (
    '<?xml version="1.0" encoding="utf-8"?><d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">'
    "<d:set><d:prop><d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>"
    "<d:displayname>{name}</d:displayname></d:prop></d:set></d:mkcol>"
)


class _Threading(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


class Server:
    """One running server: its base URL, credentials, request counts and fault switches."""

    def __init__(self, kind: str, app, folder: Path, *, check_password: bool, tls: ssl.SSLContext | None = None):
        self.kind = kind
        self.folder = folder
        self.counts: collections.Counter = collections.Counter()  # Rapport's requests by method
        self.fail_with: int | None = None  # answer every request with this status
        self.no_sync_collection = False  # behave like a server without RFC 6578
        self.before = None  # hook(method, path) run before a request of Rapport's reaches the server
        self.after = None  # hook(method, path) run once the server handled it, before the answer goes back
        self.user, self.password = USER, PASSWORD
        self._app = app
        self._backend = None
        self._check = check_password
        self._lock = threading.Lock()
        self.httpd = make_server("127.0.0.1", 0, self._wsgi, server_class=_Threading, handler_class=_Quiet)
        scheme = "http"
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
            scheme = "https"
        self.port = self.httpd.server_address[1]
        self.base_url = f"{scheme}://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.http = httpx.Client(auth=(USER, PASSWORD), timeout=30, verify=False)

    def _wsgi(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        # Xandikos reads the body to the end of the stream: hand it exactly the body
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        ours = environ.get("HTTP_USER_AGENT", "").startswith("Rapport")
        if ours:  # the test's own requests (seeding, checking) are not counted
            with self._lock:
                self.counts[method] += 1
                if method == "REPORT":
                    self.counts["multiget" if b"addressbook-multiget" in body else "sync-collection"] += 1
        if self.fail_with is not None:
            start_response(f"{self.fail_with} Failing On Purpose", [("Content-Type", "text/plain")])
            return [b"the test server is failing on purpose"]
        if self.no_sync_collection and method == "REPORT" and b"sync-collection" in body:
            start_response("403 Forbidden", [("Content-Type", "text/plain")])
            return [b"sync-collection is not supported here"]
        hook = self.before
        if hook is not None and ours:
            hook(method, environ.get("PATH_INFO", ""))
        if self._check:
            header = environ.get("HTTP_AUTHORIZATION", "")
            want = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            if header != want:
                start_response("401 Unauthorized", [("WWW-Authenticate", 'Basic realm="test"'), ("Content-Type", "text/plain")])
                return [b"wrong user name or password"]
            environ["REMOTE_USER"] = USER
        if self.after is None or not ours:
            return self._app(environ, start_response)
        answer = list(self._app(environ, start_response))
        self.after(method, environ.get("PATH_INFO", ""))
        return answer

    # --- helpers that talk to the server directly (not through Rapport's client)

    @property
    def home(self) -> str:
        return f"{self.base_url}/{USER}/" if self.kind == "radicale" else f"{self.base_url}/{USER}/contacts/"

    def new_book(self, name: str | None = None) -> str:
        name = name or "book-" + uuid.uuid4().hex[:8]
        url = self.home + name + "/"
        if self.kind == "xandikos":  # its extended MKCOL makes a plain collection: ask the backend
            from xandikos.store import STORE_TYPE_ADDRESSBOOK

            collection = self._backend.create_collection(httpx.URL(url).path)
            collection.store.set_type(STORE_TYPE_ADDRESSBOOK)
            return url
        r = self.http.request("MKCOL", url, content=MKCOL_BOOK.format(name=name).encode())
        assert r.status_code in (200, 201), (r.status_code, r.text)
        return url

    def put(self, book: str, name: str, text: str) -> str:
        r = self.http.put(book + name, content=text.encode(), headers={"Content-Type": "text/vcard"})
        assert r.status_code in (200, 201, 204), (r.status_code, r.text)
        return r.headers.get("ETag", "")

    def get(self, href: str) -> str:
        r = self.http.get(href if href.startswith("http") else self.base_url + href)
        assert r.status_code == 200, (r.status_code, r.text)
        return r.text

    def delete(self, href: str) -> None:
        r = self.http.delete(href if href.startswith("http") else self.base_url + href)
        assert r.status_code in (200, 204), (r.status_code, r.text)

    def cards(self, book: str) -> dict[str, str]:
        """href -> card text of every card in the book (PROPFIND, then one GET each)."""
        body = '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'
        r = self.http.request("PROPFIND", book, content=body.encode(), headers={"Depth": "1", "Content-Type": "application/xml"})
        assert r.status_code == 207, r.text
        from defusedxml import ElementTree

        root = ElementTree.fromstring(r.content)
        path = httpx.URL(book).path
        hrefs = [h.text for h in root.iter("{DAV:}href") if h.text and h.text.rstrip("/") != path.rstrip("/")]
        return {h: self.get(h) for h in hrefs}

    def seed(self, book: str, cards: dict[str, str]) -> None:
        """Put many cards in a book at once, straight into the server's storage (thousands of PUTs,
        each a git commit in Xandikos, would take minutes)."""
        rel = httpx.URL(book).path.strip("/")
        if self.kind == "radicale":
            folder = self.folder / "collections" / "collection-root" / rel
            for name, text in cards.items():
                (folder / name).write_bytes(text.encode("utf-8"))
            return
        from dulwich import porcelain

        folder = self.folder / "xandikos" / rel
        for name, text in cards.items():
            (folder / name).write_bytes(text.encode("utf-8"))
        porcelain.add(str(folder), paths=[str(folder / n) for n in cards])
        porcelain.commit(str(folder), message=b"seed", author=b"t <t@x>", committer=b"t <t@x>")
        self._reopen()

    def _reopen(self) -> None:
        cache = getattr(self._backend, "_open_store", None)
        if cache is not None:
            cache.cache_clear()

    def stop(self) -> None:
        self.http.close()
        self.httpd.shutdown()
        self.httpd.server_close()


def start_radicale(folder: Path, tls: ssl.SSLContext | None = None) -> Server:
    import logging

    import radicale
    import radicale.config

    logging.getLogger("radicale").setLevel(logging.ERROR)  # failed logins are what some tests do

    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    cfg = radicale.config.load()
    cfg.update(
        {
            "auth": {"type": "htpasswd", "htpasswd_filename": str(users), "htpasswd_encryption": "plain", "delay": "0"},
            "storage": {"filesystem_folder": str(folder / "collections")},
            "rights": {"type": "owner_only"},
        },
        "test",
        privileged=True,
    )
    server = Server("radicale", radicale.Application(cfg), folder, check_password=False, tls=tls)
    server.http.request("PROPFIND", server.base_url + "/", headers={"Depth": "0"})  # creates the principal
    return server


def start_xandikos(folder: Path) -> Server:
    from xandikos.web import SingleUserFilesystemBackend, XandikosApp

    root = folder / "xandikos"
    root.mkdir()
    backend = SingleUserFilesystemBackend(str(root))
    principal = f"/{USER}/"
    backend._mark_as_principal(principal)
    backend.create_principal(principal, create_defaults=True)
    app = XandikosApp(backend, current_user_principal=principal)
    server = Server("xandikos", app.handle_wsgi_request, folder, check_password=True)
    server._backend = backend
    return server


def self_signed(folder: Path, name: str) -> tuple[ssl.SSLContext, str]:
    """A server TLS context with a new self-signed certificate, and that certificate's SHA-256 fingerprint."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from desktop.services.carddav_client import normalize_fingerprint

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_file, key_file = folder / f"{name}.pem", folder / f"{name}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))  # fmt: skip
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert_file, key_file)
    return ctx, normalize_fingerprint(hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest())


@pytest.fixture(scope="session")
def _servers(tmp_path_factory):
    started: dict[str, Server] = {}

    def get(kind: str) -> Server:
        if kind not in started:
            folder = tmp_path_factory.mktemp(kind)
            started[kind] = start_radicale(folder) if kind == "radicale" else start_xandikos(folder)
        return started[kind]

    yield get
    for s in started.values():
        s.stop()


@pytest.fixture(params=["radicale", "xandikos"])
def carddav(request, _servers) -> Server:
    """Each server in turn, with its counters and fault switches reset; ``carddav.book`` is a new, empty book."""
    server = _servers(request.param)
    server.counts.clear()
    server.fail_with = server.before = server.after = None
    server.book = server.new_book()
    yield server
    server.fail_with = server.before = server.after = None
    server.no_sync_collection = False


@pytest.fixture
def radicale(_servers) -> Server:
    server = _servers("radicale")
    server.counts.clear()
    server.fail_with = server.before = server.after = None
    server.book = server.new_book()
    yield server
    server.fail_with = server.before = server.after = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
