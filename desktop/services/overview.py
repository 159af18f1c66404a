"""The network as a whole, for the Network page: how much was given and received (decayed), month by
month, the strongest relationships, the one-sided ones both ways with what was exchanged, the giving
load against the weekly budget, and what each group gives back. The rules live in
``desktop.domain.reciprocity``: one-sided is the meter's own band (``takes_from_you``,
``gives_to_you``), the same rule that keeps Today from suggesting an ask of someone who only takes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from desktop.domain import reciprocity as rules
from desktop.domain.kinds import kinds_in_words
from desktop.services import settings, timeline
from desktop.services.groups import GroupReturn, group_returns
from desktop.services.names import LazyNames

WINDOW_DAYS = 365  # "in the last 12 months": what the one-sided sentences count
LOAD_WEEKS = 8  # weeks of giving load drawn against the budget
ONE_SIDED_LIMIT = 10


@dataclass(frozen=True)
class RelationRow:
    contact_id: int
    name: str
    given: float
    received: float
    band: str
    band_label: str


@dataclass(frozen=True)
class OneSidedRow:
    """A relationship where one side does all the giving, with what went each way."""

    contact_id: int
    name: str
    given: float  # decayed, as the meter has it
    received: float
    gave: str  # what you gave them, in words ("3 favours and an introduction"); "" for nothing
    got: str  # what they gave you, in words
    sentence: str  # "They have had 3 favours and an introduction from you in the last 12 months, nothing back."


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
    you_give: list[OneSidedRow]  # one-sided toward you: you do all the giving (no ask is suggested of them)
    they_give: list[OneSidedRow]  # one-sided the other way: they do all the giving (time to give back)
    burnout: rules.BurnoutStatus
    load: list[rules.WeekLoad]  # the last LOAD_WEEKS weeks, oldest first, this week last
    groups: list[GroupReturn]
    half_life: float  # days: the meter's setting the figures are decayed with
    gave: str  # what you gave in the last 12 months, the three kinds most given ("12 favours, 5 referrals and more")
    got: str  # what you received
    meter: timeline.MeterReading | None = None  # the network's meter (the one meter widget), with its 12 months

    @property
    def budget(self) -> int:
        return self.burnout.budget

    @property
    def this_week(self) -> int:
        return self.load[-1].given if self.load else 0


def _counts(facts, today: dt.date, days: int | None) -> dict[tuple[int, str], dict[str, int]]:
    """(contact id, direction) -> kind -> how many done exchanges credited to them (in the last
    ``days`` days up to today; all of them when None)."""
    start = today - dt.timedelta(days=days) if days is not None else None
    out: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in facts:
        if not rules.counts_on_meter(f) or (start is not None and not start <= f.on <= today):
            continue
        for cid in rules.credited_contacts(f):
            out[(cid, f.direction)][f.kind] += 1
    return out


def _one_sided_row(b: rules.ContactBalance, name: str, recent, ever) -> OneSidedRow:
    you_give = b.given > b.received
    main = rules.GIVEN if you_give else rules.RECEIVED
    counts = recent
    when = "in the last 12 months"
    if not counts.get((b.contact_id, main)):  # one-sided from older exchanges: say what there was
        counts, when = ever, "so far"
    gave = kinds_in_words(counts.get((b.contact_id, rules.GIVEN), {}))
    got = kinds_in_words(counts.get((b.contact_id, rules.RECEIVED), {}))
    if you_give:
        back = f"{got} back" if got else "nothing back"
        sentence = f"They have had {gave} from you {when}, {back}."
    else:
        back = f"{gave} back" if gave else "nothing back"
        sentence = f"You have had {got} from them {when}, {back}."
    return OneSidedRow(b.contact_id, name, b.given, b.received, gave, got, sentence)


def network_overview(today: dt.date | None = None, strongest_n: int = 10) -> NetworkOverview:
    """The whole network's give and take on ``today``: totals, the last 12 months, the strongest
    relationships, the one-sided ones, the giving load and what each group gives back."""
    today = today or dt.date.today()
    facts = timeline.exchange_facts()
    half_life = timeline.half_life_days()
    balances = rules.contact_balances(facts, today, half_life)
    totals = rules.network_totals(facts, today, half_life, balances)
    names = LazyNames()  # only the people shown are looked up
    strongest = []
    for b in rules.strongest(balances, len(balances)):
        if len(strongest) >= strongest_n:
            break
        if b.contact_id in names:
            strongest.append(
                RelationRow(b.contact_id, names[b.contact_id], b.given, b.received, b.band.code, b.band.label)
            )
    lopsided = sorted(
        (b for b in balances.values() if rules.one_sided(b.given, b.received)),
        key=lambda b: (-abs(b.balance), b.contact_id),
    )  # fmt: skip
    recent, ever = _counts(facts, today, WINDOW_DAYS), None
    you_give: list[OneSidedRow] = []
    they_give: list[OneSidedRow] = []
    for b in lopsided:
        rows = you_give if b.given > b.received else they_give
        if len(rows) >= ONE_SIDED_LIMIT or b.contact_id not in names:
            continue
        if ever is None and not recent.get((b.contact_id, rules.GIVEN if b.given > b.received else rules.RECEIVED)):
            ever = _counts(facts, today, None)
        rows.append(_one_sided_row(b, names[b.contact_id], recent, ever or {}))
    start = today - dt.timedelta(days=WINDOW_DAYS)
    flows: dict[str, dict[str, int]] = {rules.GIVEN: defaultdict(int), rules.RECEIVED: defaultdict(int)}
    for f in facts:
        if rules.counts_on_meter(f) and start <= f.on <= today:
            flows[f.direction][f.kind] += 1
    budget = settings.weekly_budget()
    band = totals.band
    series = rules.balance_series(facts, today, half_life, 12)
    meter = timeline.reading_of(0, "Your network", totals.given, totals.received, 0, series, network=True)
    return NetworkOverview(
        today, totals.given, totals.received, totals.balance, band.code, band.label, band.lean, totals.contacts,
        rules.monthly_flow(facts, today, 12), strongest, you_give, they_give, rules.burnout_status(facts, today, budget),
        rules.weekly_giving(facts, today, LOAD_WEEKS), group_returns(today, facts), half_life,
        kinds_in_words(flows[rules.GIVEN], most=3), kinds_in_words(flows[rules.RECEIVED], most=3), meter,
    )  # fmt: skip
