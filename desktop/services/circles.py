"""Keep-in-touch circles: putting a contact in one (inner, close, active, wider) or in none.

The cadence each circle asks for is a domain rule (``desktop.domain.cadence``); Today reads it.
"""

from __future__ import annotations

from desktop.domain import cadence as cadence_rules
from desktop.domain.errors import NetworkError

CIRCLES = cadence_rules.CIRCLES


def set_circle(contact_id: int, circle: str) -> None:
    """Put a contact in a keep-in-touch circle (``none`` takes them out)."""
    from desktop.services.contacts import ContactNotFound, update_fields

    if circle not in CIRCLES:
        raise NetworkError(f"Unknown circle {circle!r} (one of {', '.join(CIRCLES)}).")
    try:
        update_fields(contact_id, circle="" if circle == cadence_rules.NONE else circle)
    except ContactNotFound as exc:
        raise NetworkError(str(exc)) from None
