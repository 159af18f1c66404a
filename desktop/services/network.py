"""The give-and-take of the whole network turned into what to do: meters, the Today list,
introductions to make, circles, needs and offers, and the network-wide figures.

Plain values in and out; ``NetworkError`` carries a message meant for a
person and nothing is written when one is raised. The rules themselves live
in ``desktop.domain`` (reciprocity, cadence, introductions, today).

Choices made here (issue 4):

- Done and snoozed Today items are kept in ``today_state`` by the item's ref.
  Most refs name one occurrence (a referral, an event, a year's birthday),
  so "done" is for good; a promise marked done sets its exchange to done, so
  the favour counts on the meter. Three are recurring: a check-in marked done logs a
  ``check_in`` interaction today (that is what resets the cadence); "owe" and
  "asks you can make" marked done stay hidden until a newer exchange moves
  that relationship again (received for owe, given for asks).
- Follow-ups come from events of the last 30 days only, and thanks and
  outcomes leave the list 60 days after they fell due: Today is about now,
  and back-filling two years of history must not flood it (the timeline
  keeps it all).
- "Note the outcome" of a referral is done once the outcome is noted: its
  status is won or lost, or its outcome text is filled.
- Introductions are not suggested for two people already introduced (an
  introduction exchange between them) or known to know each other (any
  ``knows`` link); one dismissed from Today stays dismissed.
- Logging an introduction also records that the two know each other.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

from desktop.domain import cadence as cadence_rules
from desktop.domain import introductions as intro_rules
from desktop.domain import reciprocity as rules
from desktop.domain import today as today_rules
from desktop.services import timeline
from desktop.storage.db import database
from desktop.storage.models import (
    Contact,
    Event,
    EventAttendee,
    Knows,
    NeedOffer,
    TodayState,
)

INTERACTION_LOG_KINDS = ("meeting", "call", "email", "message")
EXCHANGE_LOG_KINDS = tuple(k for k in rules.EXCHANGE_KINDS)
LOG_KINDS = INTERACTION_LOG_KINDS + EXCHANGE_LOG_KINDS
CIRCLES = cadence_rules.CIRCLES
FOLLOW_UP_WINDOW_DAYS = 30
STALE_AFTER_DAYS = 60  # thanks and outcomes due longer ago than this leave Today
NEED, OFFER = "need", "offer"
SNOOZE_CHOICES = {"1 day": 1, "1 week": 7}


class NetworkError(ValueError):
    """Input that cannot be acted on, explained for a person."""


def _today() -> dt.date:
    return dt.date.today()


# --- names ------------------------------------------------------------------------


def contact_names(ids: Iterable[int] | None = None) -> dict[int, str]:
    """id -> full name of live contacts (all of them, or these)."""
    conn = database.connection()
    if ids is None:
        return dict(conn.execute("SELECT id, full_name FROM contact WHERE deleted_at IS NULL"))
    ids = list(set(ids))
    if len(ids) > 5000:  # one scan beats many IN lists
        wanted = set(ids)
        return {i: n for i, n in contact_names().items() if i in wanted}
    out: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        sql = f"SELECT id, full_name FROM contact WHERE deleted_at IS NULL AND id IN ({','.join('?' * len(chunk))})"
        out.update(conn.execute(sql, chunk))
    return out


def resolve_contact(name: str) -> int:
    """The one live contact whose full name is ``name`` (case-insensitive); else a NetworkError naming the candidates."""
    from desktop.services.contacts import find_by_name

    name = (name or "").strip()
    if not name:
        raise NetworkError("A contact's name is empty.")
    found = find_by_name(name)
    if len(found) == 1:
        return found[0][0]
    if not found:
        raise NetworkError(f"No contact is called {name!r}.")
    candidates = "; ".join(f"{n} (id {i})" for i, n in found)
    raise NetworkError(f"{name!r} matches {len(found)} contacts: {candidates}.")


# --- the meter ----------------------------------------------------------------------


@dataclass(frozen=True)
class MeterReading:
    contact_id: int
    name: str
    given: float
    received: float
    balance: float
    band: str  # one of rules.BANDS
    band_label: str
    lean: float
    asks_made: int
    asks_available: int
    ask_label: str


def _reading(b: rules.ContactBalance, name: str) -> MeterReading:
    band = b.band
    return MeterReading(
        b.contact_id, name, b.given, b.received, b.balance, band.code, band.label, band.lean,
        b.asks_made, b.asks_available, b.ask_label,
    )  # fmt: skip


def contact_meter(contact_id: int, today: dt.date | None = None) -> MeterReading:
    name = contact_names([contact_id]).get(contact_id)
    if name is None:
        raise NetworkError(f"No contact with id {contact_id}.")
    return _reading(timeline.meter(contact_id, today or _today()), name)


# --- logging ------------------------------------------------------------------------


def log(
    kind: str,
    contact_ids: Iterable[int],
    on=None,
    *,
    direction: str = rules.GIVEN,
    third_party_id: int | None = None,
    weight: int | None = None,
    status: str = rules.DONE,
    note: str = "",
) -> tuple[str, int]:
    """Log an interaction (meeting, call, email, message) or an exchange; returns (entry kind, id).

    For an ask, ``given`` means you asked them. An introduction also records
    that the people it joins know each other.
    """
    contact_ids = list(dict.fromkeys(contact_ids))
    on = on or _today()
    try:
        if kind in INTERACTION_LOG_KINDS:
            if third_party_id is not None or weight is not None:
                raise NetworkError(f"A {kind} has no third party and no weight; those are for exchanges.")
            if direction != rules.GIVEN or status != rules.DONE:
                raise NetworkError(f"A {kind} has no direction or status; those are for exchanges.")
            return timeline.INTERACTION, timeline.log_interaction(contact_ids, on, kind, notes=note)
        if kind not in EXCHANGE_LOG_KINDS:
            raise NetworkError(f"Unknown kind {kind!r} (one of {', '.join(LOG_KINDS)}).")
        # An introduction's knows link is recorded by timeline.log_exchange itself.
        entry_id = timeline.log_exchange(
            contact_ids, kind, direction, on, weight=weight, status=status, third_party_id=third_party_id,
            notes=note,
        )  # fmt: skip
        return timeline.EXCHANGE, entry_id
    except timeline.TimelineError as exc:
        raise NetworkError(str(exc)) from None


def log_introduction(a_id: int, b_id: int, on=None, note: str = "") -> int:
    """You introduced a and b to each other: one exchange given to both, and a knows link."""
    if a_id == b_id:
        raise NetworkError("An introduction joins two different people.")
    return log("introduction", [a_id, b_id], on, note=note)[1]


# --- circles, needs and offers --------------------------------------------------------


def set_circle(contact_id: int, circle: str) -> None:
    """Put a contact in a keep-in-touch circle (``none`` takes them out)."""
    from desktop.services.contacts import ContactNotFound, update_fields

    if circle not in CIRCLES:
        raise NetworkError(f"Unknown circle {circle!r} (one of {', '.join(CIRCLES)}).")
    try:
        update_fields(contact_id, circle="" if circle == cadence_rules.NONE else circle)
    except ContactNotFound as exc:
        raise NetworkError(str(exc)) from None


@dataclass(frozen=True)
class NeedOfferItem:
    id: int
    contact_id: int
    kind: str  # NEED or OFFER
    text: str
    tags: tuple[str, ...] = ()


def _clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    out = []
    for tag in tags:
        for part in str(tag).split(","):
            part = part.strip()
            if part and part.casefold() not in (t.casefold() for t in out):
                out.append(part)
    return tuple(out)


def add_need_offer(contact_id: int, kind: str, text: str, tags: Iterable[str] = ()) -> int:
    if kind not in (NEED, OFFER):
        raise NetworkError("Either a need or an offer.")
    text = (text or "").strip()
    if not text:
        raise NetworkError(f"The {kind} needs a few words.")
    if not contact_names([contact_id]):
        raise NetworkError(f"No contact with id {contact_id}.")
    row = NeedOffer.create(contact=contact_id, kind=kind, text=text, tags=",".join(_clean_tags(tags)))
    return row.id


def add_need(contact_id: int, text: str, tags: Iterable[str] = ()) -> int:
    return add_need_offer(contact_id, NEED, text, tags)


def add_offer(contact_id: int, text: str, tags: Iterable[str] = ()) -> int:
    return add_need_offer(contact_id, OFFER, text, tags)


def remove_need_offer(item_id: int) -> None:
    if not NeedOffer.delete().where(NeedOffer.id == item_id).execute():
        raise NetworkError(f"No need or offer with id {item_id}.")


def needs_offers(contact_id: int | None = None) -> list[NeedOfferItem]:
    q = (
        NeedOffer.select(NeedOffer.id, NeedOffer.contact, NeedOffer.kind, NeedOffer.text, NeedOffer.tags)
        .join(Contact)
        .where(Contact.deleted_at.is_null())
        .order_by(NeedOffer.contact, NeedOffer.kind, NeedOffer.id)
    )
    if contact_id is not None:
        q = q.where(NeedOffer.contact == contact_id)
    return [NeedOfferItem(r.id, r.contact, r.kind, r.text, _clean_tags([r.tags])) for r in q.namedtuples()]


# --- introductions to make ------------------------------------------------------------


@dataclass(frozen=True)
class IntroSuggestion:
    a_id: int
    a: str
    b_id: int
    b: str
    because: str
    ref: str


def intro_ref(a_id: int, b_id: int) -> str:
    lo, hi = sorted((a_id, b_id))
    return f"intro:{lo}:{hi}"


def _already_introduced(facts: Iterable[rules.ExchangeFact]) -> set[frozenset[int]]:
    pairs = set()
    for f in facts:
        if f.kind == "introduction":
            people = set(f.contact_ids) | ({f.third_party_id} if f.third_party_id is not None else set())
            pairs.update(frozenset(p) for p in combinations(sorted(people), 2))
    for k in Knows.select(Knows.a, Knows.b).namedtuples():
        pairs.add(frozenset((k.a, k.b)))
    return pairs


def introductions_to_make(
    today: dt.date | None = None, limit: int | None = None, *, include_dismissed: bool = False
) -> list[IntroSuggestion]:
    """Pairs where one needs what the other offers, strongest relationships first."""
    today = today or _today()
    facts = timeline.exchange_facts()
    balances = rules.contact_balances(facts, today, timeline.half_life_days())
    states = ({}, {}) if include_dismissed else _states(today)
    return _introductions(today, facts, balances, states, limit)


def _introductions(
    today: dt.date,
    facts: list[rules.ExchangeFact],
    balances: dict[int, rules.ContactBalance],
    states: tuple[dict[str, dt.date], dict[str, dt.date]],
    limit: int | None,
) -> list[IntroSuggestion]:
    items = needs_offers()
    if not items:
        return []
    names = contact_names({item.contact_id for item in items})
    by_contact: dict[int, dict[str, list]] = defaultdict(lambda: {NEED: [], OFFER: []})
    for item in items:
        by_contact[item.contact_id][item.kind].append(intro_rules.NeedOffer(item.text, item.tags))
    profiles = [
        intro_rules.Profile(cid, names[cid], tuple(d[NEED]), tuple(d[OFFER]))
        for cid, d in by_contact.items()
        if cid in names
    ]
    skip = _already_introduced(facts)
    done, snoozed = states
    for ref in list(done) + [r for r, until in snoozed.items() if today < until]:
        if ref.startswith("intro:"):
            _, a, b = ref.split(":")
            skip.add(frozenset((int(a), int(b))))
    found = intro_rules.suggest_introductions(profiles, rules.relationship_strengths(balances), skip, limit)
    return [IntroSuggestion(s.a_id, names[s.a_id], s.b_id, names[s.b_id], s.because, intro_ref(s.a_id, s.b_id))
            for s in found]  # fmt: skip


# --- Today ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TodayEntry:
    kind: str  # one of today_rules.TODAY_KINDS
    contact_id: int
    contact: str
    due: dt.date
    reason: str
    ref: str


@dataclass(frozen=True)
class AskChance:
    contact_id: int
    contact: str
    asks_available: int
    given: float
    reason: str
    ref: str


@dataclass
class TodayOverview:
    today: dt.date
    items: list[TodayEntry] = field(default_factory=list)  # the six kinds the command line prints
    asks: list[AskChance] = field(default_factory=list)
    introductions: list[IntroSuggestion] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items) + len(self.asks) + len(self.introductions)


def _states(today: dt.date) -> tuple[dict[str, dt.date], dict[str, dt.date]]:
    """(ref -> done on, ref -> snoozed until) as stored."""
    done, snoozed = {}, {}
    for s in TodayState.select().namedtuples():
        if s.done_on is not None:
            done[s.ref] = s.done_on
        if s.snoozed_until is not None:
            snoozed[s.ref] = s.snoozed_until
    return done, snoozed


def _latest_moves(facts: list[rules.ExchangeFact]) -> dict[str, dict[int, dt.date]]:
    """direction -> contact id -> the date of the newest exchange on the meter that moved it that way."""
    latest: dict[str, dict[int, dt.date]] = {rules.GIVEN: {}, rules.RECEIVED: {}}
    for f in facts:
        if not rules.counts_on_meter(f):
            continue
        side = latest[f.direction]
        for cid in rules.credited_contacts(f):
            if cid not in side or f.on > side[cid]:
                side[cid] = f.on
    return latest


def _recurring_done(ref: str, done_on: dt.date, latest: dict[str, dict[int, dt.date]]) -> bool:
    """Whether a recurring item marked done on ``done_on`` is still done: nothing newer moved it."""
    prefix, cid = ref.split(":")[:2]
    direction = rules.RECEIVED if prefix == "owe" else rules.GIVEN
    newest = latest[direction].get(int(cid))
    return newest is None or newest <= done_on


def _effective_done(done: dict[str, dt.date], facts: list[rules.ExchangeFact]) -> set[str]:
    out = set()
    latest = None  # one pass over the exchanges for all the recurring refs, not one per ref
    for ref, on in done.items():
        if ref.startswith(("owe:", "ask:")):
            if latest is None:
                latest = _latest_moves(facts)
            if _recurring_done(ref, on, latest):
                out.add(ref)
        else:
            out.add(ref)
    return out


_TOUCH_SQL = (
    "SELECT ic.contact_id AS c, i.occurred_on AS d FROM interaction i JOIN interaction_contact ic "
    "ON ic.interaction_id = i.id WHERE i.deleted_at IS NULL {a} "
    "UNION ALL SELECT ec.contact_id, e.occurred_on FROM exchange e JOIN exchange_contact ec "
    "ON ec.exchange_id = e.id WHERE e.deleted_at IS NULL {b} "
    # The other side of an introduction you made was in touch too.
    "UNION ALL SELECT e.third_party_id, e.occurred_on FROM exchange e WHERE e.deleted_at IS NULL "
    "AND e.kind = 'introduction' AND e.direction = 'given' AND e.third_party_id IS NOT NULL {c}"
)


def _touch_rows(ids: Iterable[int] | None, outer: str = "SELECT c, d FROM ({union})", extra: list | None = None):
    """Rows of (contact id, date) of interactions and exchanges, for these contacts (or all)."""
    conn = database.connection()
    if ids is None:
        yield from conn.execute(outer.format(union=_TOUCH_SQL.format(a="", b="", c="")), extra or [])
        return
    ids = list(set(ids))
    for i in range(0, len(ids), 300):
        chunk = ids[i : i + 300]
        marks = ",".join("?" * len(chunk))
        union = _TOUCH_SQL.format(
            a=f"AND ic.contact_id IN ({marks})", b=f"AND ec.contact_id IN ({marks})", c=f"AND e.third_party_id IN ({marks})"
        )
        yield from conn.execute(outer.format(union=union), chunk * 3 + (extra or []))


def _touches(ids: Iterable[int] | None = None) -> dict[int, list[dt.date]]:
    """contact id -> dates of their interactions and exchanges."""
    out: dict[int, list[dt.date]] = defaultdict(list)
    for cid, on in _touch_rows(ids):
        out[cid].append(dt.date.fromisoformat(on))
    return out


def _last_touches(ids: Iterable[int], today: dt.date) -> dict[int, dt.date]:
    """contact id -> their latest interaction or exchange on or before today."""
    ids = list(ids)
    outer = "SELECT c, max(d) FROM ({union}) WHERE d <= ? GROUP BY c"
    rows = _touch_rows(None if len(ids) > 20000 else ids, outer, [today.isoformat()])
    return {cid: dt.date.fromisoformat(on) for cid, on in rows}


class _LazyNames(Mapping):
    """Names of live contacts fetched as the rules ask for them: Today names a few of many."""

    def __init__(self):
        self._cache: dict[int, str | None] = {}

    def prefetch(self, ids: Iterable[int]) -> None:
        """Fetch these names a few hundred at a time (thousands asked one by one cost ~0.1 s)."""
        wanted = [cid for cid in set(ids) if cid not in self._cache]
        conn = database.connection()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            self._cache.update(dict.fromkeys(chunk))
            self._cache.update(
                conn.execute(f"SELECT id, full_name FROM contact WHERE deleted_at IS NULL AND id IN ({marks})", chunk)
            )

    def _fetch(self, cid: int) -> str | None:
        if cid not in self._cache:
            row = database.connection().execute(
                "SELECT full_name FROM contact WHERE id = ? AND deleted_at IS NULL", (cid,)
            ).fetchone()
            self._cache[cid] = row[0] if row else None
        return self._cache[cid]

    def __getitem__(self, cid: int) -> str:
        name = self._fetch(cid)
        if name is None:
            raise KeyError(cid)
        return name

    def __contains__(self, cid) -> bool:
        return self._fetch(cid) is not None

    def __iter__(self):
        return (cid for cid, name in self._cache.items() if name is not None)

    def __len__(self) -> int:
        return sum(1 for name in self._cache.values() if name is not None)


def _birthday_days(today: dt.date) -> list[str]:
    days = {(today + dt.timedelta(days=n)).strftime("%m-%d") for n in range(today_rules.BIRTHDAY_WINDOW_DAYS + 1)}
    if "02-28" in days:
        days.add("02-29")  # shown on 28 February in other years
    return sorted(days)


def today_overview(today: dt.date | None = None, *, asks_limit: int = 10, intro_limit: int = 10) -> TodayOverview:
    """Everything due on or before ``today`` (birthdays: the next 7 days), asks and introductions."""
    today = today or _today()
    facts = timeline.exchange_facts()
    half_life = timeline.half_life_days()
    balances = rules.contact_balances(facts, today, half_life)
    done, snoozed = _states(today)
    done_refs = _effective_done(done, facts)

    meetings = []
    start = today - dt.timedelta(days=FOLLOW_UP_WINDOW_DAYS + today_rules.FOLLOW_UP_AFTER_DAYS)
    q = (
        EventAttendee.select(EventAttendee.contact, Event.id, Event.date, Event.name)
        .join(Event)
        .where(Event.deleted_at.is_null(), Event.date >= start, Event.date <= today)
        .tuples()
    )
    for cid, event_id, on, name in q:
        meetings.append(today_rules.EventMeeting(cid, on, name, event_id))

    keep = []
    q = Contact.select(
        Contact.id, Contact.circle, Contact.cadence_days, Contact.snoozed_until, Contact.created_at
    ).where(
        Contact.deleted_at.is_null(),
        Contact.archived == False,  # noqa: E712 (peewee expression)
        ((Contact.circle != "") | Contact.cadence_days.is_null(False)),
    )
    circle_rows = list(q.namedtuples())
    last_touches = _last_touches([c.id for c in circle_rows], today)
    for c in circle_rows:
        added = c.created_at.date() if c.created_at else None
        keep.append(
            cadence_rules.KeepInTouch(
                c.id, c.circle or cadence_rules.NONE, c.cadence_days, last_touches.get(c.id), added, c.snoozed_until
            )
        )
    # Follow-ups and thanks look for any later contact; only those people's dates are needed.
    referrers = {cid for f in facts if f.kind == "referral" and f.direction == rules.RECEIVED for cid in f.contact_ids}
    touches = _touches({m.contact_id for m in meetings} | referrers)

    # "+deleted_at": left to itself SQLite walks the deleted_at index (every live contact, ~55 ms on
    # 100k) instead of the birthday_md one (a few rows, < 1 ms).
    days = _birthday_days(today)
    birthdays = dict(
        database.connection().execute(
            f"SELECT id, birthday FROM contact WHERE +deleted_at IS NULL AND birthday_md IN ({','.join('?' * len(days))})",
            days,
        )
    )

    # Only a contact who received more than they gave can be owed (they_gave_more, or one-sided their
    # way): the rest need not go through the bands (~8,000 of 17,000 on 100k contacts).
    may_owe = [b for b in balances.values() if b.received > b.given]
    names = _LazyNames()
    names.prefetch(
        [b.contact_id for b in may_owe if b.owes_them]
        + list(referrers)
        + [m.contact_id for m in meetings]
        + list(birthdays)
    )
    items = today_rules.build_today(
        today,
        meetings=meetings,
        exchanges=facts,
        touches=touches,
        keep_in_touch=keep,
        balances=may_owe,
        birthdays=birthdays,
        names=names,
        done_refs=done_refs,
        snoozed=snoozed,
    )
    noted = {
        r[0]
        for r in database.execute_sql(
            "SELECT id FROM exchange WHERE kind = 'referral' AND deleted_at IS NULL "
            "AND (status IN ('won', 'lost') OR trim(outcome) != '')"
        )
    }
    stale = today - dt.timedelta(days=STALE_AFTER_DAYS)
    entries = [
        TodayEntry(it.kind, it.contact_id, names[it.contact_id], it.due, it.reason, it.ref)
        for it in items
        if it.contact_id in names
        and not (it.kind == today_rules.THANK and it.due < stale)
        and not (it.ref.startswith("outcome:exchange:") and int(it.ref.split(":")[2]) in noted)
    ]

    asks = []
    can_ask = [] if asks_limit <= 0 else [b for b in balances.values() if b.asks_available > 0]
    for b in sorted(can_ask, key=lambda b: (-b.asks_available, -b.given, b.contact_id)):
        ref = f"ask:{b.contact_id}"
        if b.asks_available <= 0 or b.contact_id not in names or ref in done_refs:
            continue
        if ref in snoozed and today < snoozed[ref]:
            continue
        reason = f"{names[b.contact_id]}: {b.ask_label} (you have given {b.given:.1f})"
        asks.append(AskChance(b.contact_id, names[b.contact_id], b.asks_available, b.given, reason, ref))
        if len(asks) >= asks_limit:
            break
    intros = _introductions(today, facts, balances, (done, snoozed), intro_limit) if intro_limit else []
    return TodayOverview(today, entries, asks, intros)


def today_list(today: dt.date | None = None) -> list[TodayEntry]:
    """The due items of the six kinds the command line prints."""
    today = today or _today()
    return today_overview(today, asks_limit=0, intro_limit=0).items


def _set_state(ref: str, **values) -> None:
    TodayState.insert(ref=ref, **values).on_conflict(conflict_target=[TodayState.ref], update=values).execute()


def _check_ref(ref: str) -> str:
    ref = (ref or "").strip()
    if ":" not in ref:
        raise NetworkError(f"Not a Today item: {ref!r}.")
    return ref


def mark_done(ref: str, today: dt.date | None = None) -> list[int]:
    """Mark a Today item done; returns the contacts whose timeline changed (a check-in is logged)."""
    ref = _check_ref(ref)
    today = today or _today()
    if ref.startswith("check_in:"):
        cid = int(ref.split(":")[1])
        try:
            timeline.log_interaction([cid], today, "check_in", summary="Checked in")
        except timeline.TimelineError as exc:
            raise NetworkError(str(exc)) from None
        return [cid]
    if ref.startswith("promised:exchange:"):
        # Keeping the promise is what "done" means: the favour now counts on the meter.
        exchange_id = int(ref.split(":")[2])
        try:
            timeline.update_exchange(exchange_id, status=rules.DONE)
        except timeline.TimelineError as exc:
            raise NetworkError(str(exc)) from None
        _set_state(ref, done_on=today, snoozed_until=None)
        return [cid for cid, _ in timeline.get_entry(timeline.EXCHANGE, exchange_id).contacts]
    _set_state(ref, done_on=today, snoozed_until=None)
    return []


def snooze(ref: str, until: dt.date | int, today: dt.date | None = None) -> dt.date:
    """Hide a Today item until a date (or for a number of days); returns the date."""
    ref = _check_ref(ref)
    today = today or _today()
    if isinstance(until, int):
        until = today + dt.timedelta(days=until)
    if until <= today:
        raise NetworkError("Snooze until a day after today.")
    _set_state(ref, snoozed_until=until)
    return until


def clear_state(ref: str) -> None:
    """Take back done or snooze on an item (undo)."""
    TodayState.delete().where(TodayState.ref == ref).execute()


# --- the network as a whole -------------------------------------------------------------


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
    groups: list  # list[groups.GroupReturn]


def network_overview(today: dt.date | None = None, strongest_n: int = 10) -> NetworkOverview:
    from desktop.services.groups import group_returns
    from desktop.services.settings import get_setting

    today = today or _today()
    facts = timeline.exchange_facts()
    half_life = timeline.half_life_days()
    totals = rules.network_totals(facts, today, half_life)
    balances = rules.contact_balances(facts, today, half_life)
    names = _LazyNames()  # only the people shown are looked up
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
    budget = int(get_setting("weekly_giving_budget"))
    band = totals.band
    return NetworkOverview(
        today, totals.given, totals.received, totals.balance, band.code, band.label, band.lean, totals.contacts,
        rules.monthly_flow(facts, today, 12), strongest, takers, rules.burnout_status(facts, today, budget),
        group_returns(today, facts),
    )  # fmt: skip

