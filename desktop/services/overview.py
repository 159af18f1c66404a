"""The network as a whole, for the Network page: how much was given and received (decayed), month by
month, the strongest relationships, the takers (gifts and nothing back), the giving load against the
weekly budget, and what each group gives back. The rules live in ``desktop.domain.reciprocity``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from desktop.domain import reciprocity as rules
from desktop.services import timeline
from desktop.services.groups import GroupReturn, group_returns
from desktop.services.names import LazyNames
from desktop.services import settings


@dataclass(frozen=True)
class RelationRow:
    contact_id: int
    name: str
    given: float
    received: float
    band: str
    band_label: str


@dataclass(frozen=True)
class TakerRow:
    contact_id: int
    name: str
    gifts: int  # gifts in the last 12 months, nothing back


@dataclass
class NetworkOverview:
    today: dt.date
    given: float
    received: float
    balance: float
    band: str
    band_label: str
    lean: float
    contacts: int
    months: list[rules.MonthFlow]
    strongest: list[RelationRow]
    takers: list[TakerRow]
    burnout: rules.BurnoutStatus
    groups: list[GroupReturn]
    meter: timeline.MeterReading | None = None  # the network's meter, with its 12 months


def network_overview(today: dt.date | None = None, strongest_n: int = 10) -> NetworkOverview:
    """The whole network's give and take on ``today``: totals, the last 12 months, the strongest
    relationships, the takers, the giving load and what each group gives back."""
    today = today or dt.date.today()
    facts = timeline.exchange_facts()
    half_life = timeline.half_life_days()
    totals = rules.network_totals(facts, today, half_life)
    balances = rules.contact_balances(facts, today, half_life)
    names = LazyNames()  # only the people shown are looked up
    strongest = []
    for b in rules.strongest(balances, len(balances)):
        if len(strongest) >= strongest_n:
            break
        if b.contact_id in names:
            strongest.append(
                RelationRow(b.contact_id, names[b.contact_id], b.given, b.received, b.band.code, b.band.label)
            )
    start = today - dt.timedelta(days=365)
    gifts: dict[int, int] = defaultdict(int)
    for f in facts:
        if rules.counts_on_meter(f) and f.direction == rules.GIVEN and start <= f.on <= today:
            for cid in rules.credited_contacts(f):
                gifts[cid] += 1
    takers = [TakerRow(cid, names[cid], gifts[cid]) for cid in rules.find_takers(facts, today) if cid in names]
    budget = settings.weekly_budget()
    band = totals.band
    series = rules.balance_series(facts, today, half_life, 12)
    meter = timeline.reading_of(0, "Your network", totals.given, totals.received, 0, series, network=True)
    return NetworkOverview(
        today, totals.given, totals.received, totals.balance, band.code, band.label, band.lean, totals.contacts,
        rules.monthly_flow(facts, today, 12), strongest, takers, rules.burnout_status(facts, today, budget),
        group_returns(today, facts), meter,
    )  # fmt: skip

