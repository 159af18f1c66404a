"""The words a relationship's story is written in: the two kinds of timeline entry, interaction
channels, exchange kinds, directions and statuses, and the kinds a person can log.

Services, the command line and the window all spell these from here.
"""

from __future__ import annotations

# The two kinds of timeline entry (also the trash's names for them).
INTERACTION = "interaction"
EXCHANGE = "exchange"
CONTACT = "contact"  # the trash holds contacts and both kinds of entry
# An event a contact attended is a third kind of timeline entry (it is read, not logged); the trash
# also holds events and groups.
EVENT = "event"
GROUP = "group"

# Interactions: how you were in touch. A check-in is logged by Today's "Checked in", not typed.
CHECK_IN = "check_in"
INTERACTION_KINDS = ("meeting", "call", "email", "message", CHECK_IN)
INTERACTION_LOG_KINDS = tuple(k for k in INTERACTION_KINDS if k != CHECK_IN)

# Exchanges: what was given or received.
ASK = "ask"
INTRODUCTION = "introduction"
REFERRAL = "referral"
EXCHANGE_KINDS = (
    "favour",
    REFERRAL,
    INTRODUCTION,
    "advice",
    "purchase",
    "info",
    "invitation",
    "recommendation",
    ASK,
)

GIVEN = "given"
RECEIVED = "received"
DIRECTIONS = (GIVEN, RECEIVED)

DONE = "done"
PROMISED = "promised"
WON = "won"  # a referral that turned into business
LOST = "lost"  # a referral that did not
EXCHANGE_STATUSES = (DONE, PROMISED, WON, LOST)
REFERRAL_OUTCOMES = (WON, LOST)

# What a contact can have noted: something they need, or something they offer.
NEED = "need"
OFFER = "offer"

# What ``rapport log`` and services.log accept: an interaction channel or an exchange kind.
LOG_KINDS = INTERACTION_LOG_KINDS + EXCHANGE_KINDS


def statuses_for(kind: str) -> tuple[str, ...]:
    """The statuses an exchange of this kind can have: won and lost are for referrals only."""
    return (DONE, PROMISED, *REFERRAL_OUTCOMES) if kind == REFERRAL else (DONE, PROMISED)
