"""Talking CardDAV to a server: finding the address book, listing what changed, fetching cards, and
writes guarded by ETags. HTTP through httpx (timeouts, a connection pool), XML read with defusedxml.

Every failure is a ``CardDavError`` whose message is one line meant for a person, carrying the
server's own words where it gave some. HTTPS by default: ``http://`` is refused unless the host is
this machine (loopback) or the caller passes ``allow_http``. A certificate no authority vouches for
(self-signed) raises ``UntrustedCertificate`` with its SHA-256 fingerprint; once the person accepts
it, the fingerprint is passed back as ``fingerprint`` and every later connection checks the
server's certificate against it during the TLS handshake, before a password is sent.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape

import httpx
from defusedxml import ElementTree

from desktop.domain.errors import RapportError

DAV = "{DAV:}"
CARD = "{urn:ietf:params:xml:ns:carddav}"
CS = "{http://calendarserver.org/ns/}"
NS = 'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav" xmlns:cs="http://calendarserver.org/ns/"'

MULTIGET_BATCH = 250  # cards per addressbook-multiget
DEFAULT_TIMEOUT = 30.0  # seconds for connecting and for each read or write


class CardDavError(RapportError):
    """A CardDAV failure, in one line for a person; ``status`` is the HTTP status when the server answered."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class AuthFailed(CardDavError):
    pass


class Unreachable(CardDavError):
    pass


class InsecureUrl(CardDavError):
    pass


class NoAddressBook(CardDavError):
    pass


class PreconditionFailed(CardDavError):
    """412: the card changed on the server (or, for a create, exists) since we last saw it."""


class SyncTokenExpired(CardDavError):
    pass


class UntrustedCertificate(CardDavError):
    """The server's certificate is not signed by an authority this machine trusts (or is not the one
    accepted before); ``fingerprint`` is its SHA-256, to show the person and, if accepted, to pin."""

    def __init__(self, message: str, fingerprint: str) -> None:
        super().__init__(message)
        self.fingerprint = fingerprint


@dataclass(frozen=True)
class AddressBook:
    url: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class CollectionState:
    ctag: str
    sync_token: str
    supports_sync: bool  # RFC 6578 sync-collection
    vcard_version: str  # "3.0", or "4.0" when the server accepts only 4.0


@dataclass
class Changes:
    """What the server holds now, or what changed since a sync token."""

    etags: dict[str, str]  # href -> ETag of new or changed cards (all cards on a full listing)
    removed: set[str] = field(default_factory=set)  # hrefs gone (sync-collection only)
    complete: bool = True  # ``etags`` lists every card (a full listing), so missing hrefs are deleted
    token: str = ""


# --------------------------------------------------------------------------- certificates


def normalize_fingerprint(text: str) -> str:
    """``ab:cd…`` or ``ABCD…`` -> ``AB:CD:…``; '' when it is not a SHA-256 fingerprint."""
    hexdigits = re.sub(r"[^0-9A-Fa-f]", "", text or "").upper()
    if len(hexdigits) != 64:
        return ""
    return ":".join(hexdigits[i : i + 2] for i in range(0, 64, 2))


def certificate_fingerprint(der: bytes) -> str:
    return normalize_fingerprint(hashlib.sha256(der).hexdigest())


def _pinned_context(fingerprint: str) -> ssl.SSLContext:
    """TLS that accepts exactly the certificate with this fingerprint, checked inside the handshake."""
    want = normalize_fingerprint(fingerprint)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE

    class PinnedSocket(ssl.SSLSocket):
        def do_handshake(self, block: bool = False) -> None:
            super().do_handshake(block)
            got = certificate_fingerprint(self.getpeercert(binary_form=True) or b"")
            if got != want:
                raise ssl.SSLCertVerificationError(f"certificate {got} is not the accepted {want}")

    ctx.sslsocket_class = PinnedSocket
    return ctx


def _fetch_fingerprint(host: str, port: int, timeout: float) -> str:
    try:
        pem = ssl.get_server_certificate((host, port), timeout=timeout)
    except (OSError, ValueError):
        return ""
    return certificate_fingerprint(ssl.PEM_cert_to_DER_cert(pem))


def _is_certificate_error(exc: BaseException) -> bool:
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


# --------------------------------------------------------------------------- URLs


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_url(url: str, *, allow_http: bool = False) -> str:
    """An absolute URL: https:// added when no scheme is given; http:// only for loopback or when allowed."""
    url = (url or "").strip()
    if not url:
        raise CardDavError("The server address is empty.")
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CardDavError(f"{url} is not a web address (use https://server/…).")
    if parts.scheme == "http" and not allow_http and not is_loopback(parts.hostname):
        raise InsecureUrl(
            f"{url} is not encrypted (http://): the password would cross the network in clear; "
            "use https://, or allow plain http explicitly (--allow-http) if you must."
        )
    if not parts.path:
        url += "/"
    return url


def _collection(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _path(base: str, href: str) -> str:
    """An href as a path (servers answer with paths or absolute URLs)."""
    href = href.strip()
    if href.startswith("/") and "?" not in href and "#" not in href and "/." not in href:
        return href  # the usual answer, and thousands of them in a big address book
    return urlsplit(urljoin(base, href)).path


# --------------------------------------------------------------------------- XML


def _xml(content: bytes) -> ElementTree:
    try:
        return ElementTree.fromstring(content)
    except Exception as exc:  # noqa: BLE001 - defusedxml raises several kinds; all mean "not a DAV answer"
        raise CardDavError(f"the server's answer is not the XML CardDAV expects ({exc}).") from None


def _responses(root) -> Iterator[tuple[str, int, dict]]:
    """(href, status, {property tag: element}) for each response of a multistatus; status 200 when the
    properties were found, else the response's status (404 for a card removed in sync-collection)."""
    for resp in root.iter(f"{DAV}response"):
        href_el = resp.find(f"{DAV}href")
        if href_el is None or not (href_el.text or "").strip():
            continue
        props: dict = {}
        status = _status(resp.find(f"{DAV}status"))
        for ps in resp.findall(f"{DAV}propstat"):
            st = _status(ps.find(f"{DAV}status"))
            if st == 200:
                prop = ps.find(f"{DAV}prop")
                if prop is not None:
                    for el in prop:
                        props[el.tag] = el
        yield href_el.text.strip(), (status if status is not None else 200), props


def _status(el) -> int | None:
    if el is None or not el.text:
        return None
    m = re.search(r"\s(\d{3})", el.text)
    return int(m.group(1)) if m else None


def _text(props: dict, tag: str) -> str:
    el = props.get(tag)
    return (el.text or "").strip() if el is not None else ""


def _hrefs(props: dict, tag: str) -> list[str]:
    el = props.get(tag)
    if el is None:
        return []
    return [(h.text or "").strip() for h in el.iter(f"{DAV}href") if (h.text or "").strip()]


def _server_words(response: httpx.Response) -> str:
    """What the server said about a failure, short: a DAV precondition's name, or the first words of its text."""
    body = response.content[:4000]
    words = ""
    if b"<" in body and b"DAV:" in body:
        try:
            root = ElementTree.fromstring(body)
            names = [el.tag.split("}")[-1] for el in root if el.tag.startswith("{")]
            words = ", ".join(n for n in names if n)
            words = words or " ".join((root.itertext().__next__() or "").split())
        except Exception:  # noqa: BLE001
            words = ""
    if not words:
        text = body.decode("utf-8", "replace")
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
        words = " ".join(re.sub(r"<[^>]+>", " ", text).split())
    return words[:160]


# --------------------------------------------------------------------------- the client


class DavClient:
    """One connection pool to one server, with the account's user name and password."""

    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        *,
        fingerprint: str = "",
        allow_http: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,  # tests: httpx.MockTransport
    ) -> None:
        self.url = normalize_url(url, allow_http=allow_http)
        self.allow_http = allow_http
        self.timeout = timeout
        self.fingerprint = normalize_fingerprint(fingerprint)
        verify: ssl.SSLContext | bool = _pinned_context(self.fingerprint) if self.fingerprint else True
        self._http = httpx.Client(
            auth=httpx.BasicAuth(user, password),
            verify=verify,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": "Rapport CardDAV"},
            follow_redirects=False,
            transport=transport,
        )
        self.host = urlsplit(self.url).netloc

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> DavClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----------------------------------------------------------------- plumbing

    def request(
        self,
        method: str,
        url: str,
        *,
        body: str | bytes | None = None,
        headers: dict | None = None,
        ok: tuple[int, ...] = (200, 201, 204, 207),
        follow: bool = False,
    ) -> httpx.Response:
        url = urljoin(self.url, url)
        hdrs = dict(headers or {})
        if isinstance(body, str):
            body = body.encode("utf-8")
        if body is not None and "Content-Type" not in hdrs:
            hdrs["Content-Type"] = 'application/xml; charset="utf-8"'
        if urlsplit(url).scheme == "http" and not self.allow_http and not is_loopback(urlsplit(url).hostname or ""):
            raise InsecureUrl(f"the server sent us to {url}, which is not encrypted; refused.")
        try:
            resp = self._http.request(method, url, content=body, headers=hdrs, follow_redirects=follow)
        except httpx.TimeoutException:
            raise Unreachable(f"{self.host} did not answer within {self.timeout:g} s.") from None
        except httpx.ConnectError as exc:
            if urlsplit(url).scheme == "https" and _is_certificate_error(exc):
                raise self._certificate_problem(url) from None
            raise Unreachable(f"could not reach {self.host}: {_reason(exc)}.") from None
        except httpx.HTTPError as exc:
            raise Unreachable(f"the connection to {self.host} failed: {_reason(exc)}.") from None
        if resp.status_code in ok:
            return resp
        words = _server_words(resp)
        said = f"{resp.status_code} {resp.reason_phrase}".strip() + (f": {words}" if words else "")
        status = resp.status_code
        if status == 401:
            raise AuthFailed(f"{self.host} refused the user name or password ({said}).", status)
        if status == 412:
            raise PreconditionFailed(f"{self.host} answered {said} for {urlsplit(url).path}.", status)
        raise CardDavError(f"{self.host} answered {said} ({method} {urlsplit(url).path}).", status)

    def _certificate_problem(self, url: str) -> UntrustedCertificate:
        parts = urlsplit(url)
        got = _fetch_fingerprint(parts.hostname or "", parts.port or 443, self.timeout)
        if self.fingerprint:
            return UntrustedCertificate(
                f"{self.host}'s certificate changed: it is now {got or 'unknown'}, not the accepted "
                f"{self.fingerprint}; nothing was sent.",
                got,
            )
        return UntrustedCertificate(
            f"{self.host}'s certificate is not signed by an authority this computer trusts (self-signed?); "
            f"its SHA-256 fingerprint is {got or 'unknown'}: accept it only if it is your server's.",
            got,
        )

    def propfind(self, url: str, props: str, depth: str = "0", *, follow: bool = False) -> tuple[str, object]:
        body = f'<?xml version="1.0" encoding="utf-8"?><d:propfind {NS}><d:prop>{props}</d:prop></d:propfind>'
        resp = self.request("PROPFIND", url, body=body, headers={"Depth": depth}, follow=follow)
        return str(resp.url), _xml(resp.content)

    # ----------------------------------------------------------------- discovery

    def discover(self) -> list[AddressBook]:
        """The address books at or below the URL: itself if it is one, else through RFC 6764's
        /.well-known/carddav, current-user-principal and addressbook-home-set."""
        origin = f"{urlsplit(self.url).scheme}://{self.host}/"
        tried: set[str] = set()
        candidates = [self.url, urljoin(origin, "/.well-known/carddav"), origin]
        if urlsplit(self.url).path in ("", "/"):
            candidates = [urljoin(origin, "/.well-known/carddav"), origin]
        props = "<d:resourcetype/><d:displayname/><d:current-user-principal/><c:addressbook-home-set/>"
        for start in candidates:
            if start in tried:
                continue
            tried.add(start)
            try:
                where, root = self.propfind(start, props, follow=True)
            except (AuthFailed, UntrustedCertificate, Unreachable, InsecureUrl):
                raise
            except CardDavError:
                continue  # not here (404, 405...): the next way of finding it
            books = self._books_in(where, root)
            if books:
                return books
            for href, _status_code, p in _responses(root):
                homes = _hrefs(p, f"{CARD}addressbook-home-set")
                principal = _hrefs(p, f"{DAV}current-user-principal")
                if not homes and principal:
                    try:
                        _, proot = self.propfind(urljoin(where, principal[0]), "<c:addressbook-home-set/>")
                    except (AuthFailed, UntrustedCertificate, Unreachable):
                        raise
                    except CardDavError:
                        continue
                    homes = [h for _, _, pp in _responses(proot) for h in _hrefs(pp, f"{CARD}addressbook-home-set")]
                for home in homes:
                    home_url = urljoin(where, home)
                    _, hroot = self.propfind(home_url, "<d:resourcetype/><d:displayname/>", depth="1")
                    books = self._books_in(home_url, hroot)
                    if books:
                        return books
        raise NoAddressBook(f"{self.host} has no address book at {self.url} or below it.")

    @staticmethod
    def _books_in(base: str, root) -> list[AddressBook]:
        books = []
        for href, _status_code, p in _responses(root):
            rt = p.get(f"{DAV}resourcetype")
            if rt is not None and rt.find(f"{CARD}addressbook") is not None:
                url = _collection(urljoin(base, href))
                books.append(AddressBook(url, _text(p, f"{DAV}displayname") or urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]))
        return books

    # ----------------------------------------------------------------- reading

    def state(self, book: str, *, ctag: bool = True) -> CollectionState:
        """The collection's getctag (unless ``ctag`` is False: some servers compute it over every card),
        sync token, whether it does sync-collection, and the vCard version it wants."""
        props = ("<cs:getctag/>" if ctag else "") + "<d:sync-token/><d:supported-report-set/><c:supported-address-data/>"
        _, root = self.propfind(book, props)
        for _href, _st, p in _responses(root):
            reports = p.get(f"{DAV}supported-report-set")
            sync = reports is not None and reports.find(f".//{DAV}sync-collection") is not None
            token = _text(p, f"{DAV}sync-token")
            versions = set()
            data = p.get(f"{CARD}supported-address-data")
            if data is not None:
                versions = {el.get("version", "") for el in data.iter(f"{CARD}address-data-type")}
            version = "4.0" if versions and "3.0" not in versions and "4.0" in versions else "3.0"
            return CollectionState(_text(p, f"{CS}getctag"), token, sync and bool(token), version)
        return CollectionState("", "", False, "3.0")

    def list_cards(self, book: str) -> Changes:
        """Every card in the address book with its ETag (PROPFIND, depth 1)."""
        _, root = self.propfind(book, "<d:getetag/><d:resourcetype/>", depth="1")
        base = _path(self.url, book)
        etags = {}
        for href, status, p in _responses(root):
            path = _path(book, href)
            rt = p.get(f"{DAV}resourcetype")
            if path == base or status != 200 or (rt is not None and len(rt)):
                continue
            etags[path] = _text(p, f"{DAV}getetag")
        return Changes(etags, complete=True)

    def changes_since(self, book: str, token: str) -> Changes:
        """RFC 6578 sync-collection: what changed since ``token`` ('' for everything), and the new token."""
        etags: dict[str, str] = {}
        removed: set[str] = set()
        base = _path(self.url, book)
        for _ in range(100):  # a server may page its answer (507 on the collection): ask again from there
            body = (
                f'<?xml version="1.0" encoding="utf-8"?><d:sync-collection {NS}>'
                f"<d:sync-token>{escape(token)}</d:sync-token><d:sync-level>1</d:sync-level>"
                "<d:prop><d:getetag/></d:prop></d:sync-collection>"
            )
            try:
                resp = self.request("REPORT", book, body=body, headers={"Depth": "0"})
            except CardDavError as exc:
                # RFC 6578: an old token is refused with the valid-sync-token precondition (403 or 409)
                if token and (exc.status in (409, 410) or "valid-sync-token" in str(exc)):
                    raise SyncTokenExpired(str(exc), exc.status) from None
                raise
            root = _xml(resp.content)
            truncated = False
            for href, status, p in _responses(root):
                path = _path(book, href)
                if path == base:
                    truncated = truncated or status == 507
                    continue
                if status == 404:
                    removed.add(path)
                    etags.pop(path, None)
                elif status == 200:
                    etags[path] = _text(p, f"{DAV}getetag")
                    removed.discard(path)
            token_el = root.find(f"{DAV}sync-token")
            token = (token_el.text or "").strip() if token_el is not None else ""
            if not truncated:
                break
        return Changes(etags, removed, complete=False, token=token)

    def multiget(self, book: str, hrefs: list[str]) -> Iterator[tuple[str, str, bytes]]:
        """(href, ETag, card bytes) for the hrefs asked, a batch per request; cards gone meanwhile are left out."""
        for i in range(0, len(hrefs), MULTIGET_BATCH):
            chunk = hrefs[i : i + MULTIGET_BATCH]
            body = (
                f'<?xml version="1.0" encoding="utf-8"?><c:addressbook-multiget {NS}>'
                "<d:prop><d:getetag/><c:address-data/></d:prop>"
                + "".join(f"<d:href>{escape(h)}</d:href>" for h in chunk)
                + "</c:addressbook-multiget>"
            )
            resp = self.request("REPORT", book, body=body, headers={"Depth": "1"})
            for href, status, p in _responses(_xml(resp.content)):
                el = p.get(f"{CARD}address-data")
                if status != 200 or el is None or not el.text:
                    continue
                yield _path(book, href), _text(p, f"{DAV}getetag"), el.text.encode("utf-8")

    def get(self, href: str) -> tuple[str, bytes]:
        resp = self.request("GET", href, ok=(200,))
        return resp.headers.get("ETag", ""), resp.content

    # ----------------------------------------------------------------- writing

    def put(self, href: str, card: str, *, etag: str | None = None) -> str:
        """Create (``etag`` None: If-None-Match: *) or update (If-Match) a card; the new ETag, or ''
        when the server did not say (it may have changed the card as it stored it)."""
        headers = {"Content-Type": "text/vcard; charset=utf-8"}
        if etag is None:
            headers["If-None-Match"] = "*"
        else:
            headers["If-Match"] = etag
        resp = self.request("PUT", href, body=card.encode("utf-8"), headers=headers, ok=(200, 201, 204))
        return resp.headers.get("ETag", "")

    def delete(self, href: str, etag: str) -> None:
        """Delete a card if it is still the version we know (If-Match); one already gone is fine."""
        headers = {"If-Match": etag} if etag else {}
        self.request("DELETE", href, headers=headers, ok=(200, 204, 404))


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    if not text and exc.__cause__ is not None:
        text = str(exc.__cause__).strip()
    if isinstance(exc.__cause__, socket.gaierror) or "Name or service not known" in text:
        return "the server name is not known"
    return text.splitlines()[0][:160] if text else type(exc).__name__
