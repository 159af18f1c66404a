"""The reciprocity meter: how much was given and received with each contact, decayed over time.

Pure rules, plain values in and out; every function takes ``today`` so the
results are reproducible. The service layer turns database rows into
:class:`ExchangeFact` values and feeds them here.

Choices made here (issue 4):

- Only exchanges with status ``"done"`` count toward the meter: a promised
  favour has not been given yet (it shows as a "promised" reminder instead).
- An exchange's value halves every ``half_life_days`` (default 180):
  ``weight * 0.5 ** (age_days / half_life_days)``. A future-dated exchange
  counts at full weight (age 0).
- Who is credited: an introduction credits every contact on it *and* the
  third party (both people introduced); a referral credits only the contact
  it went to (given) or came from (received), never the client referred; any
  other kind credits the contacts on it.
- An ask is not a gift either way: it never moves given or received. Asks
  you made (direction ``"given"``) are counted, one each, whatever their
  weight, status or age, against the rule of three on *decayed* given
  weight, so an old generosity does not fund asks forever.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain.kinds import (  # noqa: F401 (the meter's vocabulary, read as rules.GIVEN etc.)
    ASK,
    DIRECTIONS,
    DONE,
    EXCHANGE_KINDS,
    GIVEN,
    INTERACTION_KINDS,
    PROMISED,
    RECEIVED,
)

DEFAULT_WEIGHTS: dict[str, int] = {
    "introduction": 3,
    "referral": 3,
    "favour": 2,
    "recommendation": 2,
    "purchase": 2,
    "advice": 1,
    "info": 1,
    "invitation": 1,
    ASK: 1,  # an ask is counted, not weighed; 1 only so every kind has a default
}
MIN_WEIGHT = 1
MAX_WEIGHT = 5
DEFAULT_HALF_LIFE_DAYS = 180

# Bands. balance = given - received (decayed weight units).
THEY_GAVE_MORE = "they_gave_more"
BALANCED = "balanced"
YOU_GAVE_MORE = "you_gave_more"
ONE_SIDED = "one_sided"
BANDS = (THEY_GAVE_MORE, BALANCED, YOU_GAVE_MORE, ONE_SIDED)

# |balance| < BALANCED_MARGIN -> balanced (less than one weight unit apart).
BALANCED_MARGIN = 1.0
# one_sided when |balance| >= ONE_SIDED_MIN_DIFF and the larger side is at
# least ONE_SIDED_RATIO times the smaller (so 0 vs 4 is one-sided, 0 vs 3.9
# is not, and 10 vs 4 is not: a real two-way flow that merely leans).
ONE_SIDED_MIN_DIFF = 4.0
ONE_SIDED_RATIO = 3.0

# The bar the meter is drawn as, from -1 (they gave everything) to 1 (you did): each band has its zone,
# and the needle (``Band.lean``) always falls in the zone of the band the words name.
#   [-1, -ONE_SIDED_ZONE] one-sided their way · [-ONE_SIDED_ZONE, -BALANCED_ZONE] they gave more ·
#   (-BALANCED_ZONE, BALANCED_ZONE) balanced · [BALANCED_ZONE, ONE_SIDED_ZONE] you gave more · then one-sided
BALANCED_ZONE = 0.2
ONE_SIDED_ZONE = 0.7
# How far past the one-sided line (in weight units) the needle reaches the end of the bar.
ONE_SIDED_FULL_DIFF = 8.0

BAND_LABELS: dict[str, str] = {
    THEY_GAVE_MORE: "They have given more: time to give back",
    BALANCED: "Balanced",
    YOU_GAVE_MORE: "You are giving more",
    ONE_SIDED: "One-sided",
}
ONE_SIDED_YOU_LABEL = "One-sided: you do all the giving"
ONE_SIDED_THEM_LABEL = "One-sided: they do all the giving, time to give back"

# The rule of three: about three gifts (weight units) for every ask.
ASK_COST = 3
GIVE_FIRST = "give first"

EPSILON = 1e-9


@dataclass(frozen=True)
class ExchangeFact:
    """One logged exchange, as the rules need it.

    ``contact_ids``: the contacts it concerns (for an introduction you made,
    one or both people introduced); ``third_party_id``: the person referred,
    or the other side of an introduction.
    """

    on: date
    kind: str
    direction: str  # GIVEN or RECEIVED
    weight: int
    status: str = DONE
    contact_ids: tuple[int, ...] = ()
    third_party_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    lean: float  # in [-1, 1]; > 0 you gave more, < 0 they gave more, 0 balanced


@dataclass(frozen=True)
class ContactBalance:
    contact_id: int
    given: float  # decayed weight units
    received: float
    asks_made: int

    @property
    def balance(self) -> float:
        return self.given - self.received

    @property
    def total(self) -> float:
        return self.given + self.received

    @property
    def band(self) -> Band:
        return band_for(self.given, self.received)

    @property
    def owes_them(self) -> bool:
        """They have given more (or all): the person should give back."""
        return you_owe(self.given, self.received)

    @property
    def asks_available(self) -> int:
        return asks_available(self.given, self.asks_made)

    @property
    def ask_label(self) -> str:
        return ask_label(self.asks_available)


@dataclass(frozen=True)
class NetworkTotals:
    given: float  # decayed; each exchange counted once, however many people it credits
    received: float
    contacts: int  # contacts with anything on the meter (given, received or an ask)

    @property
    def balance(self) -> float:
        return self.given - self.received

    @property
    def band(self) -> Band:
        return band_for(self.given, self.received)


@dataclass(frozen=True)
class MonthFlow:
    year: int
    month: int
    given: int  # raw weights, each exchange counted once
    received: int


def default_weight(kind: str) -> int:
    """The weight an exchange of this kind starts with; 0 for an interaction or unknown kind."""
    return DEFAULT_WEIGHTS.get(kind, 0)


def clamp_weight(weight: int) -> int:
    return max(MIN_WEIGHT, min(MAX_WEIGHT, int(weight)))


def decayed_value(weight: float, on: date, today: date, half_life_days: float = DEFAULT_HALF_LIFE_DAYS) -> float:
    """``weight * 0.5 ** (age / half_life)``; future-dated entries count in full."""
    if half_life_days <= 0:
        raise ValueError("half_life_days must be positive")
    age = max(0, (today - on).days)
    return weight * 0.5 ** (age / half_life_days)


def meter_status(status: str) -> str:
    """The status the meter reads from an exchange's stored status: a referral that turned into
    business (won) or not (lost) was still given, so it counts as done; only a promise waits."""
    return PROMISED if status == PROMISED else DONE


def counts_on_meter(fact: ExchangeFact) -> bool:
    """Whether an exchange moves given or received: done (see ``meter_status``), not an ask."""
    return fact.status == DONE and fact.kind != ASK and fact.kind in EXCHANGE_KINDS and fact.direction in DIRECTIONS


def credited_contacts(fact: ExchangeFact) -> tuple[int, ...]:
    """The contacts an exchange is credited to (deduplicated, in order)."""
    ids = list(fact.contact_ids)
    if fact.kind == "introduction" and fact.direction == GIVEN and fact.third_party_id is not None:
        ids.append(fact.third_party_id)
    seen: list[int] = []
    for cid in ids:
        if cid not in seen:
            seen.append(cid)
    return tuple(seen)


def band_for(given: float, received: float) -> Band:
    """The band, its plain-words label and where the needle stands on the bar (see the zones above).

    The needle is placed by the band: a balanced relationship sits in the balanced zone however the
    small difference leans, and a one-sided one at the far end. (It used to be ``balance / total``
    whatever the band, so 0.9 given and nothing received read "Balanced" while the needle stood a
    quarter of the way toward "You gave more".)"""
    balance = given - received
    diff = abs(balance)
    big, small = max(given, received), min(given, received)
    sign = 1.0 if balance > 0 else -1.0
    if diff < BALANCED_MARGIN - EPSILON:
        # Within the zone, in proportion to how close the difference is to a whole unit.
        return Band(BALANCED, BAND_LABELS[BALANCED], balance / BALANCED_MARGIN * BALANCED_ZONE * 0.9)
    if diff >= ONE_SIDED_MIN_DIFF - EPSILON and big + EPSILON >= ONE_SIDED_RATIO * small:
        label = ONE_SIDED_YOU_LABEL if balance > 0 else ONE_SIDED_THEM_LABEL
        past = min(1.0, max(0.0, diff - ONE_SIDED_MIN_DIFF) / ONE_SIDED_FULL_DIFF)
        return Band(ONE_SIDED, label, sign * (ONE_SIDED_ZONE + (1 - ONE_SIDED_ZONE) * past))
    code = YOU_GAVE_MORE if balance > 0 else THEY_GAVE_MORE
    # How far toward one-sided: both its conditions must be met, so the nearer-met one decides.
    share_needed = (ONE_SIDED_RATIO - 1) / (ONE_SIDED_RATIO + 1)  # balance / total at the ratio
    toward = min(diff / ONE_SIDED_MIN_DIFF, (diff / (given + received)) / share_needed, 0.99)
    return Band(code, BAND_LABELS[code], sign * (BALANCED_ZONE + (ONE_SIDED_ZONE - BALANCED_ZONE) * toward))


def you_owe(given: float, received: float) -> bool:
    """True for they_gave_more, or one_sided in their favour."""
    if received <= given:
        return False  # both bands need them ahead (read first: Today asks this of every contact)
    band = band_for(given, received)
    return band.code == THEY_GAVE_MORE or (band.code == ONE_SIDED and received > given)


def takes_from_you(given: float, received: float) -> bool:
    """One-sided toward you: you do all the giving (the meter's ``one_sided`` band, your way). The
    Network page lists them, and no ask is suggested of them (``ask_suggested``)."""
    return band_for(given, received).code == ONE_SIDED and given > received


def gives_to_you(given: float, received: float) -> bool:
    """One-sided the other way: they do all the giving (the meter's ``one_sided`` band, theirs)."""
    return band_for(given, received).code == ONE_SIDED and received > given


def one_sided(given: float, received: float) -> bool:
    """Either of the two above: the meter's ``one_sided`` band, whichever way (one band read)."""
    return given != received and band_for(given, received).code == ONE_SIDED


def ask_suggested(balance: ContactBalance) -> bool:
    """Whether an ask of this person is worth suggesting: the rule of three leaves one, and they are
    not taking from you one-sidedly (a person who never gives back is listed, not asked). Today's
    "asks you can make" and the Network page's one-sided list both follow this."""
    return balance.asks_available > 0 and not takes_from_you(balance.given, balance.received)


def asks_available(decayed_given: float, asks_made: int) -> int:
    """floor(given / 3) - asks made; zero or below means give first."""
    return math.floor(decayed_given / ASK_COST + EPSILON) - asks_made


def ask_label(available: int) -> str:
    if available <= 0:
        return GIVE_FIRST
    return "1 ask available" if available == 1 else f"{available} asks available"


def contact_balances(
    facts: Iterable[ExchangeFact],
    today: date,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> dict[int, ContactBalance]:
    """The meter for every contact that has anything on it."""
    given: dict[int, float] = {}
    received: dict[int, float] = {}
    asks: dict[int, int] = {}
    for fact in facts:
        if fact.kind == ASK:
            if fact.direction == GIVEN:
                for cid in credited_contacts(fact):
                    asks[cid] = asks.get(cid, 0) + 1
            continue
        if not counts_on_meter(fact):
            continue
        value = decayed_value(fact.weight, fact.on, today, half_life_days)
        side = given if fact.direction == GIVEN else received
        for cid in credited_contacts(fact):
            side[cid] = side.get(cid, 0.0) + value
    ids = set(given) | set(received) | set(asks)
    return {
        cid: ContactBalance(cid, given.get(cid, 0.0), received.get(cid, 0.0), asks.get(cid, 0)) for cid in sorted(ids)
    }


def contact_balance(
    contact_id: int,
    facts: Iterable[ExchangeFact],
    today: date,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> ContactBalance:
    """The meter for one contact (zeros when nothing is logged)."""
    return contact_balances(facts, today, half_life_days).get(contact_id, ContactBalance(contact_id, 0.0, 0.0, 0))


# --- giving load and burnout -------------------------------------------------

BURNOUT_WEEKS = 4


@dataclass(frozen=True)
class WeekLoad:
    iso_year: int
    iso_week: int
    monday: date
    given: int  # raw weights of done gifts dated in that week (up to today)


@dataclass(frozen=True)
class BurnoutStatus:
    warning: bool
    budget: int
    weeks: tuple[WeekLoad, ...]  # the last BURNOUT_WEEKS + 1 weeks, oldest first, current week last


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_giving(facts: Iterable[ExchangeFact], today: date, weeks: int) -> list[WeekLoad]:
    """Raw weight given per ISO week for the ``weeks`` weeks ending with today's week, oldest first.

    Each exchange counts once (an introduction is one act of giving, though it
    credits two people); future-dated entries are not load yet.
    """
    this_monday = monday_of(today)
    mondays = [this_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    load = {m: 0 for m in mondays}
    for fact in facts:
        if not counts_on_meter(fact) or fact.direction != GIVEN or fact.on > today:
            continue
        m = monday_of(fact.on)
        if m in load:
            load[m] += fact.weight
    out = []
    for m in mondays:
        iso = m.isocalendar()
        out.append(WeekLoad(iso[0], iso[1], m, load[m]))
    return out


def burnout_status(facts: Iterable[ExchangeFact], today: date, weekly_budget: int) -> BurnoutStatus:
    """Warn when giving was over budget (strictly more) four ISO weeks running.

    The run is either the four weeks ending with the current week (today's,
    even though it is not over yet) or the four weeks ending with the last
    complete week: the current week being young does not hide a burnout.
    """
    loads = weekly_giving(facts, today, BURNOUT_WEEKS + 1)
    over = [w.given > weekly_budget for w in loads]
    warning = all(over[-BURNOUT_WEEKS:]) or all(over[:BURNOUT_WEEKS])
    return BurnoutStatus(warning, weekly_budget, tuple(loads))


# --- network-wide ------------------------------------------------------------


def monthly_flow(facts: Iterable[ExchangeFact], today: date, months: int = 12) -> list[MonthFlow]:
    """Raw weight given and received per calendar month, the ``months`` months ending with today's, oldest first."""
    keys = []
    y, m = today.year, today.month
    for _ in range(months):
        keys.append((y, m))
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    keys.reverse()
    sums = {k: [0, 0] for k in keys}
    for fact in facts:
        if not counts_on_meter(fact) or fact.on > today:
            continue
        k = (fact.on.year, fact.on.month)
        if k in sums:
            sums[k][0 if fact.direction == GIVEN else 1] += fact.weight
    return [MonthFlow(y, m, sums[(y, m)][0], sums[(y, m)][1]) for (y, m) in keys]


@dataclass(frozen=True)
class MonthBalance:
    """The meter as it stood at the end of a month (today, for the current month): decayed weights."""

    year: int
    month: int
    given: float
    received: float

    @property
    def balance(self) -> float:
        return self.given - self.received


def month_ends(today: date, months: int = 12) -> list[date]:
    """The last day of each of the ``months`` months ending with today's, oldest first; today for today's."""
    ends = [today]
    first = today.replace(day=1)
    for _ in range(months - 1):
        first_of_next = first
        first = (first - timedelta(days=1)).replace(day=1)
        ends.append(first_of_next - timedelta(days=1))
    return list(reversed(ends))


def balance_series(
    facts: Iterable[ExchangeFact],
    today: date,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    months: int = 12,
    contact_id: int | None = None,
) -> list[MonthBalance]:
    """Given and received as the meter read them at each month's end, the last ``months`` months, oldest
    first: one contact's (credited as on the meter) or, with no ``contact_id``, the whole network's
    (each exchange once). What lies ahead of a month's end does not count for that month.

    A sum of decays at one end is the decay from today times a sum of weights grown to today, so each
    end needs only the running sum up to it (one pass over the exchanges, not one per month)."""
    if half_life_days <= 0:
        raise ValueError("half_life_days must be positive")
    ends = month_ends(today, months)
    kept = sorted(
        (f for f in facts if counts_on_meter(f) and (contact_id is None or contact_id in credited_contacts(f))),
        key=lambda f: f.on,
    )
    sums = {GIVEN: 0.0, RECEIVED: 0.0}
    out = []
    i = 0
    for end in ends:
        while i < len(kept) and kept[i].on <= end:
            f = kept[i]
            # weight * 0.5 ** ((end - on) / half_life) == weight * 0.5 ** ((today - on) / hl) * 2 ** ((today - end) / hl)
            sums[f.direction if f.direction == GIVEN else RECEIVED] += f.weight * 0.5 ** ((today - f.on).days / half_life_days)
            i += 1
        grow = 2 ** ((today - end).days / half_life_days)
        out.append(MonthBalance(end.year, end.month, sums[GIVEN] * grow, sums[RECEIVED] * grow))
    # Today's end: what is dated after today counts in full (as on the meter), not yet at the months before.
    for f in kept[i:]:
        side = "given" if f.direction == GIVEN else "received"
        last = out[-1]
        out[-1] = MonthBalance(last.year, last.month, last.given + (f.weight if side == "given" else 0),
                               last.received + (f.weight if side == "received" else 0))  # fmt: skip
    return out


def strongest(balances: Mapping[int, ContactBalance] | Iterable[ContactBalance], n: int = 10) -> list[ContactBalance]:
    """Top ``n`` relationships by decayed given + received (ties: lower id first); empty ones left out."""
    values = balances.values() if isinstance(balances, Mapping) else balances
    ranked = sorted((b for b in values if b.total > EPSILON), key=lambda b: (-b.total, b.contact_id))
    return ranked[:n]


def relationship_strengths(balances: Mapping[int, ContactBalance]) -> dict[int, float]:
    """contact id -> decayed given + received, as the introductions ranking wants it."""
    return {cid: b.total for cid, b in balances.items()}


def network_totals(
    facts: Iterable[ExchangeFact],
    today: date,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    balances: Mapping[int, ContactBalance] | None = None,
) -> NetworkTotals:
    """Decayed given and received over the whole network, each exchange once. ``balances``: the
    contact_balances of the same facts, day and half-life, when the caller has them (counted, not read again)."""
    facts = list(facts)
    given = received = 0.0
    for fact in facts:
        if not counts_on_meter(fact):
            continue
        value = decayed_value(fact.weight, fact.on, today, half_life_days)
        if fact.direction == GIVEN:
            given += value
        else:
            received += value
    if balances is None:
        balances = contact_balances(facts, today, half_life_days)
    return NetworkTotals(given, received, len(balances))
