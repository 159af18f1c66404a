"""How vCards name the kinds of phones, emails, addresses and IM services, read and written."""

from __future__ import annotations

from desktop.domain.vcard.lex import _unescape

_PHONE_KINDS = {
    "cell": "cell",
    "mobile": "cell",
    "iphone": "cell",
    "home": "home",
    "work": "work",
    "fax": "fax",
    "pager": "pager",
    "main": "main",
    "other": "other",
}
_PHONE_PRIORITY = ("fax", "pager", "cell", "main", "home", "work", "other")
_BASIC_KINDS = {"home": "home", "work": "work", "other": "other"}
_IGNORED_TYPES = {
    "pref", "voice", "internet", "x400", "msg", "text", "postal", "parcel", "dom", "intl",
    "encoding", "x-internet",
}  # fmt: skip
_APPLE_LABELS = {
    "mobile": "cell",
    "iphone": "cell",
    "homefax": "fax",
    "workfax": "fax",
    "otherfax": "fax",
    "main": "main",
    "pager": "pager",
    "home": "home",
    "work": "work",
    "other": "other",
    "homepage": "homepage",
    "anniversary": "anniversary",
}
# kind -> how Apple writes it as a label, for kinds that have no TYPE value
_APPLE_LABEL_OUT = {"homepage": "_$!<HomePage>!$_"}
_STANDARD_KINDS = {
    "TEL": set(_PHONE_PRIORITY),
    "EMAIL": {"home", "work", "other"},
    "ADR": {"home", "work", "other"},
    "URL": {"home", "work", "other"},
    "IMPP": {"home", "work", "other"},
}

_IM_PROPERTIES = {
    "X-AIM": "aim",
    "X-ICQ": "icq",
    "X-JABBER": "xmpp",
    "X-MSN": "msn",
    "X-YAHOO": "yahoo",
    "X-SKYPE": "skype",
    "X-SKYPE-USERNAME": "skype",
    "X-GOOGLE-TALK": "googletalk",
    "X-GTALK": "googletalk",
    "X-QQ": "qq",
    "X-GADUGADU": "gadugadu",
    "X-GROUPWISE": "groupwise",
    "X-SIP": "sip",
}
_SOCIAL_PROPERTIES = {"X-TWITTER": "twitter", "X-LINKEDIN": "linkedin", "X-FACEBOOK": "facebook"}
_IM_SCHEMES = {
    "xmpp": "xmpp",
    "skype": "skype",
    "aim": "aim",
    "msnim": "msn",
    "ymsgr": "yahoo",
    "icq": "icq",
    "sip": "sip",
    "gg": "gadugadu",
    "qq": "qq",
    "gtalk": "googletalk",
    "x-apple": "",
}
_IM_SCHEMES_OUT = {v: k for k, v in _IM_SCHEMES.items() if v}
_IM_SCHEMES_OUT["jabber"] = "xmpp"
_DROPPED = {"VERSION", "PRODID", "REV", "BEGIN", "END"}  # the frame and stamps: export writes its own


def _label(raw: str) -> str:
    """The kind for an X-ABLabel value: Apple's ``_$!<Mobile>!$_`` -> ``cell``, custom labels as written."""
    text = _unescape(raw).strip()
    if text.startswith("_$!<") and text.endswith(">!$_"):
        inner = text[4:-4].lower()
        return _APPLE_LABELS.get(inner, inner)
    low = text.lower()
    return _PHONE_KINDS.get(low, text)


def _kind(prop: str, types: list[str]) -> str:
    if prop == "TEL":
        found = {_PHONE_KINDS[t] for t in types if t in _PHONE_KINDS}
        for kind in _PHONE_PRIORITY:
            if kind in found:
                return kind
    else:
        for t in types:
            if t in _BASIC_KINDS:
                return t
    for t in types:
        if t not in _IGNORED_TYPES and t not in _PHONE_KINDS:
            return t[2:] if t.startswith("x-") else t
    return ""

