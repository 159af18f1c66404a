"""Phone numbers in one comparable form, so "+49 30 1234567" and "030 1234567" (in Germany) match."""

from __future__ import annotations

from functools import lru_cache

#: Used when the caller has no better idea (the service passes the user's region).
DEFAULT_REGION = "US"


def normalize(number: str, default_region: str | None = DEFAULT_REGION) -> str:
    """E.164 (``+4930123456``) when the number can be read, else its digits; ``""`` for no digits.

    A number without a country code is read in ``default_region``. An extension
    is kept (``+12125550100;ext=12``) so two extensions of one switchboard
    stay different.
    """
    return _normalize(number.strip(), (default_region or "").upper() or None)


@lru_cache(maxsize=65536)
def _normalize(number: str, region: str | None) -> str:
    if number[:4].lower() == "tel:":
        number = number[4:]
    digits = "".join(ch for ch in number if ch.isdigit())
    if not digits:
        return ""
    import phonenumbers  # here, not at the top: 30 ms of the window's start-up, and the first number needs it

    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return digits
    if not phonenumbers.is_possible_number(parsed):
        return digits
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return f"{e164};ext={parsed.extension}" if parsed.extension else e164
