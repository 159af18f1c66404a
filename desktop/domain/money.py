"""Money as exact integer cents: reading an amount as a person types it, and writing one back.

Never float: 0.1 + 0.2 is not 0.3, and a cost of 19.99 must stay 1999 cents.
"""

from __future__ import annotations

import re

from desktop.domain.errors import RapportError

# Currency symbols, spaces, and an upper-case ISO code set apart by a space ("EUR 35", "35 USD").
_MONEY_CODE = re.compile(r"^[A-Z]{3}\s+|\s+[A-Z]{3}$")
_MONEY_CLEAN = re.compile(r"[\s\u00a0'$€£¥]")
MAX_CENTS = 10**13


class MoneyError(RapportError, ValueError):
    """Text that is not an amount of money, explained for a person."""


class NegativeMoney(MoneyError):
    """An amount below zero: costs, fees and values are never negative."""


def _not_an_amount(raw: str) -> MoneyError:
    return MoneyError(f"“{raw}” is not an amount: write it like 1,200.50")


def parse_money(text: str) -> int | None:
    """Cents from what a person types: ``25``, ``25.50``, ``25,50``, ``1,200.50``, ``1.200,50``, ``€ 35``; "" is None.

    The last ``.`` or ``,`` followed by one or two digits is the decimal
    point; other separators group thousands. Raises MoneyError otherwise.
    """
    raw = text.strip()
    if not raw:
        return None
    s = _MONEY_CLEAN.sub("", _MONEY_CODE.sub("", raw))
    if s.startswith("-"):
        raise NegativeMoney("The money value cannot be negative.")
    if not s or not re.fullmatch(r"[\d.,]+", s) or not re.search(r"\d", s):
        raise _not_an_amount(raw)
    whole, cents = s, ""
    m = re.fullmatch(r"(.*?)[.,](\d{1,2})", s)
    if m and (m.group(1) == "" or re.search(r"\d", m.group(1))):
        whole, cents = m.group(1), m.group(2)
    groups = re.split(r"[.,]", whole) if whole else ["0"]
    if len(groups) > 1 and (not groups[0] or any(len(g) != 3 for g in groups[1:]) or len(groups[0]) > 3):
        raise _not_an_amount(raw)
    digits = "".join(groups) or "0"
    if not digits.isdigit():
        raise _not_an_amount(raw)
    value = int(digits) * 100 + int(cents.ljust(2, "0") or 0)
    if value > MAX_CENTS:
        raise MoneyError("That amount is too large.")
    return value


def format_money(cents: int | None) -> str:
    """``1,200.50`` for 120050 cents, ``35`` for 3500; "" for None."""
    if cents is None:
        return ""
    whole, part = divmod(int(cents), 100)
    return f"{whole:,}" + (f".{part:02d}" if part else "")
