"""Plain words the services and the window share."""

from __future__ import annotations


def count_of(n: float, noun: str, plural: str | None = None) -> str:
    """ "1 contact", "3 contacts", "1,204 contacts", "2 people", "1.5 hours"."""
    shown = f"{n:,}" if isinstance(n, int) else f"{n:g}"
    return f"{shown} {noun if n == 1 else (plural or noun + 's')}"
