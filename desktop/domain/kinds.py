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

# Exchange kinds counted in words ("3 favours and an introduction"): one, and how many.
KIND_NOUNS: dict[str, tuple[str, str]] = {
    "favour": ("a favour", "{n} favours"),
    REFERRAL: ("a referral", "{n} referrals"),
    INTRODUCTION: ("an introduction", "{n} introductions"),
    "advice": ("advice", "{n} pieces of advice"),
    "purchase": ("a purchase", "{n} purchases"),
    "info": ("a tip", "{n} tips"),
    "invitation": ("an invitation", "{n} invitations"),
    "recommendation": ("a recommendation", "{n} recommendations"),
    ASK: ("an ask", "{n} asks"),
}


def kinds_in_words(counts: dict[str, int], most: int | None = None) -> str:
    """ "3 favours, 2 referrals and an introduction": the kinds most often first; "" for none. With
    ``most``, only that many kinds are named: "10 purchases, 8 favours and more"."""
    order = {k: i for i, k in enumerate(EXCHANGE_KINDS)}
    parts = []
    for kind, n in sorted(((k, n) for k, n in counts.items() if n > 0), key=lambda kn: (-kn[1], order.get(kn[0], 99))):
        one, many = KIND_NOUNS.get(kind, (f"a {kind}", f"{{n}} {kind}s"))
        parts.append(one if n == 1 else many.format(n=n))
    if most is not None and len(parts) > most:
        parts = [*parts[:most], "more"]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"
