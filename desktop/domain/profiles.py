"""Social profiles in one comparable form, so ``https://de.linkedin.com/in/Anna-Berg/?trk=x`` and
``linkedin.com/in/anna-berg`` are known to be the same profile.

A profile URL is the most stable key a LinkedIn export has (most rows carry
no email), so it is a certain match at import and a strong reason in the
duplicates review.
"""

from __future__ import annotations

import re

from desktop.domain.contact import SocialProfile

# Host (without "www." or a country prefix such as "de.") -> service name.
_HOSTS = {
    "linkedin.com": "linkedin",
    "lnkd.in": "linkedin",
    "twitter.com": "twitter",
    "x.com": "twitter",
    "github.com": "github",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "instagram.com": "instagram",
    "xing.com": "xing",
    "mastodon.social": "mastodon",
}
_SERVICE_ALIASES = {"x": "twitter", "fb": "facebook"}
_LINKEDIN_KINDS = ("in", "pub", "company", "school")
_HANDLE = re.compile(r"^@?[\w.\-]+$")


def service_of(profile: SocialProfile) -> str:
    """The service a profile is on: its own label, else the host of its URL; ``""`` when unknown."""
    service = profile.service.strip().lower()
    service = _SERVICE_ALIASES.get(service, service)
    if service:
        return service
    host = _host(profile.value)
    return _HOSTS.get(host, "")


_PERCENT = re.compile(rb"%([0-9A-Fa-f]{2})")
_URL_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")


def _unquote(text: str) -> str:
    """Percent-decoding (``zo%C3%AB`` -> ``zoë``), here rather than from urllib: domain code never imports
    a module that can reach the network (tests/unit/test_hostile_export.py)."""
    data = _PERCENT.sub(lambda m: bytes([int(m[1], 16)]), text.encode("utf-8"))
    return data.decode("utf-8", "replace")


def _quote(text: str) -> str:
    return "".join(chr(b) if b in _URL_SAFE else f"%{b:02X}" for b in text.encode("utf-8"))


def _split_url(text: str) -> tuple[str, str]:
    """(host, path) of ``scheme://user@host:port/path?query#fragment``; the host lower case, without a port."""
    rest = text.split("://", 1)[1]
    cut = len(rest)
    for mark in "/?#":
        at = rest.find(mark)
        if 0 <= at < cut:
            cut = at
    host = rest[:cut].rpartition("@")[2].partition(":")[0].lower()
    path = rest[cut:]
    for mark in "?#":
        path = path.split(mark, 1)[0]
    return host, path


def _host(value: str) -> str:
    text = value.strip()
    if "://" not in text:
        text = "https://" + text
    parts = _split_url(text)[0].split(".")
    for n in (2, 3):  # "de.linkedin.com" -> "linkedin.com"; "mastodon.social" stays
        tail = ".".join(parts[-n:])
        if tail in _HOSTS:
            return tail
    return ".".join(parts).removeprefix("www.")


def _path(value: str) -> list[str]:
    """The path segments of a URL (or of a bare ``in/anna-berg``), decoded, without query or fragment."""
    text = value.strip()
    if "://" not in text and "/" in text and "." in text.split("/", 1)[0]:
        text = "https://" + text
    if "://" in text:
        text = _split_url(text)[1]
    else:
        text = re.split(r"[?#]", text, maxsplit=1)[0]
    return [_unquote(p) if "%" in p else p for p in text.split("/") if p]


def linkedin_slug(value: str) -> str:
    """``"in/anna-berg"`` for any spelling of a LinkedIn profile URL (or a bare handle); ``""`` if none.

    Case, a country host (``de.linkedin.com``), a trailing slash, a query
    (``?trk=...``, ``?originalSubdomain=de``) and percent-encoding do not matter.
    """
    segments = _path(value)
    if not segments:
        return ""
    if "://" not in value and len(segments) == 1 and _HANDLE.match(segments[0]) and "." not in value.split("/")[0]:
        return "in/" + segments[0].lstrip("@").lower()  # a bare handle
    for i, seg in enumerate(segments[:-1]):
        kind = seg.lower()
        if kind in _LINKEDIN_KINDS:
            # Old public URLs (pub/anna-berg/1/23/456) need their numbers to stay unique.
            rest = segments[i + 1 :] if kind == "pub" else segments[i + 1 : i + 2]
            return f"{kind}/{'/'.join(rest).lower()}"
    return ""


def linkedin_url(value: str) -> str:
    """The canonical URL of a LinkedIn profile, ``https://www.linkedin.com/in/anna-berg``; ``""`` if none.

    Letters outside ASCII are percent-encoded, as LinkedIn writes them (``in/zo%C3%AB-berg``).
    """
    slug = linkedin_slug(value)
    return f"https://www.linkedin.com/{_quote(slug)}" if slug else ""


def profile_key(profile: SocialProfile) -> str:
    """``"linkedin:in/anna-berg"``, ``"twitter:annab"``...: equal for two spellings of one profile; ``""`` if empty."""
    value = profile.value.strip()
    if not value:
        return ""
    service = service_of(profile)
    if service == "linkedin":
        slug = linkedin_slug(value)
        return f"linkedin:{slug}" if slug else f"linkedin:{value.lower()}"
    segments = _path(value)
    if "://" in value or (segments and "." in value.split("/")[0]):
        handle = "/".join(segments).lower()
        if not service:  # a site Rapport does not know: its host is part of the key
            handle = f"{_host(value)}/{handle}"
    else:
        handle = value.lower()
    handle = handle.lstrip("@").rstrip("/")
    return f"{service}:{handle}" if handle else ""
