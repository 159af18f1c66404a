"""Logging by kind: one call for an interaction (meeting, call, email, message) or an exchange
(favour, referral, introduction, ask...), as the command line and Today log them.

Raises ``NetworkError`` (a message for a person) and writes nothing when the input cannot be logged.
The timeline service does the writing; this module only chooses which of its two calls to make.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from desktop.domain import kinds
from desktop.domain.errors import NetworkError
from desktop.services import timeline


def log(
    kind: str,
    contact_ids: Iterable[int],
    on=None,
    *,
    direction: str = kinds.GIVEN,
    third_party_id: int | None = None,
    weight: int | None = None,
    status: str = kinds.DONE,
    note: str = "",
) -> tuple[str, int]:
    """Log an interaction (meeting, call, email, message) or an exchange; returns (entry kind, id).

    For an ask, ``given`` means you asked them. An introduction also records
    that the people it joins know each other.
    """
    contact_ids = list(dict.fromkeys(contact_ids))
    on = on or dt.date.today()
    try:
        if kind in kinds.INTERACTION_LOG_KINDS:
            if third_party_id is not None or weight is not None:
                raise NetworkError(f"A {kind} has no third party and no weight; those are for exchanges.")
            if direction != kinds.GIVEN or status != kinds.DONE:
                raise NetworkError(f"A {kind} has no direction or status; those are for exchanges.")
            return kinds.INTERACTION, timeline.log_interaction(contact_ids, on, kind, notes=note)
        if kind not in kinds.EXCHANGE_KINDS:
            raise NetworkError(f"Unknown kind {kind!r} (one of {', '.join(kinds.LOG_KINDS)}).")
        # An introduction's knows link is recorded by timeline.log_exchange itself.
        entry_id = timeline.log_exchange(
            contact_ids, kind, direction, on, weight=weight, status=status, third_party_id=third_party_id,
            notes=note,
        )  # fmt: skip
        return kinds.EXCHANGE, entry_id
    except timeline.TimelineError as exc:
        raise NetworkError(str(exc)) from None
