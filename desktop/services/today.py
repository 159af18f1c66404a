"""The Today list: what is due (follow-ups, thanks and outcomes, promises, birthdays, check-ins,
people you owe), the asks you can make and the introductions to make, and marking an item done or
snoozing it.

Plain values in and out; ``NetworkError`` carries a message meant for a person
and nothing is written when one is raised. The rules live in
``desktop.domain.today`` (and cadence, reciprocity); what the person did with an
item is kept by ``services.today_state``.

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

The window reads ``TodayOverview.things``: every item, ask and introduction as a ``Thing`` with its
words (what to do, and why, in context: ``domain.today_words``), ranked by
``domain.today.priority_score``; ``first`` gathers the first ``FIRST_THINGS`` people's things in rows,
``rest`` holds the others. ``items`` (the six kinds) is what ``rapport today`` prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.domain import cadence as cadence_rules
from desktop.domain import reciprocity as rules
from desktop.domain import today as today_rules
from desktop.domain import today_words as words
from desktop.domain.errors import NetworkError
from desktop.services import introductions, settings, timeline, today_state, undo
from desktop.services.names import LazyNames, name_of
from desktop.services.touches import last_touches, touch_dates
from desktop.storage.db import database
from desktop.storage.models import Contact, Event, EventAttendee

FOLLOW_UP_WINDOW_DAYS = 30
STALE_AFTER_DAYS = 60  # thanks and outcomes due longer ago than this leave Today


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


@dataclass(frozen=True)
class Thing:
    """One thing to do today, as the window shows it."""

    kind: str  # a section of Today: one of today_rules.TODAY_KINDS, "ask" or "intro"
    ref: str  # what mark_done and snooze take
    contact_id: int  # whom it is about (an introduction: the first of the two)
    contact: str
    due: dt.date
    title: str  # what to do, in a few words (the person's name shows beside it)
    why: str  # the facts behind it
    score: float  # domain.today.priority_score: higher comes first
    exchange_id: int | None = None  # the exchange it is about (a promise, a referral)
    intro: introductions.IntroSuggestion | None = None  # an introduction's suggestion, as it came

    @property
    def person(self) -> int | None:
        """Whose row it joins: an introduction (two people) is a row of its own."""
        return None if self.intro is not None else self.contact_id


@dataclass
class TodayOverview:
    today: dt.date
    items: list[TodayEntry] = field(default_factory=list)  # the six kinds the command line prints
    asks: list[AskChance] = field(default_factory=list)
    introductions: list[introductions.IntroSuggestion] = field(default_factory=list)
    things: list[Thing] = field(default_factory=list)  # all of the above, ranked: what matters most first
    first: list[list[Thing]] = field(default_factory=list)  # the first people's rows (their things, best first)
    rest: list[Thing] = field(default_factory=list)  # everything else, ranked

    @property
    def count(self) -> int:
        return len(self.items) + len(self.asks) + len(self.introductions)


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


def _birthday_days(today: dt.date) -> list[str]:
    days = {(today + dt.timedelta(days=n)).strftime("%m-%d") for n in range(today_rules.BIRTHDAY_WINDOW_DAYS + 1)}
    if "02-28" in days:
        days.add("02-29")  # shown on 28 February in other years
    return sorted(days)


def today_overview(
    today: dt.date | None = None, *, asks_limit: int = 10, intro_limit: int = 10, things: bool = True
) -> TodayOverview:
    """Everything due on or before ``today`` (birthdays: the next 7 days), asks and introductions;
    with ``things``, each ranked with its words for the window."""
    today = today or dt.date.today()
    facts = timeline.exchange_facts()
    half_life = settings.half_life_days()
    cadences = settings.circle_cadences()
    balances = rules.contact_balances(facts, today, half_life)
    done, snoozed = today_state.states()
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
    latest = last_touches([c.id for c in circle_rows], today)
    for c in circle_rows:
        added = c.created_at.date() if c.created_at else None
        keep.append(
            cadence_rules.KeepInTouch(
                c.id, c.circle or cadence_rules.NONE, c.cadence_days, latest.get(c.id), added, c.snoozed_until
            )
        )
    # Follow-ups and thanks look for any later contact; only those people's dates are needed.
    referrers = {cid for f in facts if f.kind == "referral" and f.direction == rules.RECEIVED for cid in f.contact_ids}
    touches = touch_dates({m.contact_id for m in meetings} | referrers)

    # "+deleted_at": left to itself SQLite walks the deleted_at index (every live contact, ~55 ms on
    # 100k) instead of the birthday_md one (a few rows, < 1 ms).
    days = _birthday_days(today)
    birthdays = dict(
        database.connection().execute(
            f"SELECT id, birthday FROM contact WHERE +deleted_at IS NULL AND birthday_md IN ({','.join('?' * len(days))})",
            days,
        )
    )

    names = LazyNames()
    names.prefetch(
        [b.contact_id for b in balances.values() if b.owes_them]
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
        balances=balances,
        birthdays=birthdays,
        names=names,
        done_refs=done_refs,
        snoozed=snoozed,
        cadences=cadences,
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
    # One rule with the Network page: no ask of someone who only takes (rules.ask_suggested).
    can_ask = [] if asks_limit <= 0 else [b for b in balances.values() if rules.ask_suggested(b)]
    for b in sorted(can_ask, key=lambda b: (-b.asks_available, -b.given, b.contact_id)):
        ref = f"ask:{b.contact_id}"
        if b.contact_id not in names or ref in done_refs:
            continue
        if ref in snoozed and today < snoozed[ref]:
            continue
        reason = f"{names[b.contact_id]}: {b.ask_label} (you have given {b.given:.1f})"
        asks.append(AskChance(b.contact_id, names[b.contact_id], b.asks_available, b.given, reason, ref))
        if len(asks) >= asks_limit:
            break
    intros = introductions.suggestions(today, facts, balances, (done, snoozed), intro_limit) if intro_limit else []
    overview = TodayOverview(today, entries, asks, intros)
    if things:
        context = _Context(today, facts, balances, meetings, keep, latest, birthdays, cadences)
        overview.things = _ranked(overview, context)
        overview.first, overview.rest = today_rules.first_things(overview.things, lambda t: t.person)
    return overview


def today_list(today: dt.date | None = None) -> list[TodayEntry]:
    """The due items of the six kinds the command line prints."""
    today = today or dt.date.today()
    return today_overview(today, asks_limit=0, intro_limit=0, things=False).items


# --------------------------------------------------------------------------- the window's things


@dataclass
class _Context:
    """What the words and the ranking read, gathered once by today_overview."""

    today: dt.date
    facts: list[rules.ExchangeFact]
    balances: dict[int, rules.ContactBalance]
    meetings: list[today_rules.EventMeeting]
    keep: list[cadence_rules.KeepInTouch]
    last_touches: dict[int, dt.date]
    birthdays: dict[int, str]
    cadences: dict[str, int | None]


def _exchange_words(ids: Iterable[int]) -> dict[int, words.ExchangeWords]:
    """The exchanges these things are about: kind, date, summary and the third party's name."""
    ids = sorted(set(ids))
    out = {}
    conn = database.connection()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        sql = (
            "SELECT e.id, e.kind, e.occurred_on, e.summary, e.third_party_id, e.third_party_name, c.full_name, "
            "c.created_at FROM exchange e LEFT JOIN contact c ON c.id = e.third_party_id "
            f"WHERE e.id IN ({','.join('?' * len(chunk))})"
        )
        for eid, kind, on, summary, third_id, third_text, third_name, third_added in conn.execute(sql, chunk):
            third = name_of(third_name or "", third_added) if third_id is not None else (third_text or "")
            out[eid] = words.ExchangeWords(kind, dt.date.fromisoformat(on), summary or "", third)
    return out


def _closeness(ids: Iterable[int], balances: dict[int, rules.ContactBalance]) -> dict[int, today_rules.Closeness]:
    ids = sorted(set(ids))
    out = {}
    conn = database.connection()
    for i in range(0, len(ids), 5000):  # few statements: each IN list costs more to prepare than to run
        chunk = ids[i : i + 5000]
        sql = f"SELECT id, circle, priority FROM contact WHERE id IN ({','.join('?' * len(chunk))})"
        for cid, circle, priority in conn.execute(sql, chunk):
            b = balances.get(cid)
            out[cid] = today_rules.Closeness(circle or cadence_rules.NONE, priority or 0, b.total if b else 0.0)
    return out


def _latest_received(facts: list[rules.ExchangeFact], ids: set[int]) -> dict[int, tuple[rules.ExchangeFact, bool]]:
    """contact id -> (the newest exchange on the meter they gave you, whether you gave them anything since)."""
    latest: dict[int, rules.ExchangeFact] = {}
    last_given: dict[int, dt.date] = {}
    for f in facts:  # one pass: on 20,000 exchanges each pass costs milliseconds Today waits for
        if not rules.counts_on_meter(f):
            continue
        for cid in rules.credited_contacts(f):
            if cid not in ids:
                continue
            if f.direction == rules.GIVEN:
                if cid not in last_given or f.on > last_given[cid]:
                    last_given[cid] = f.on
            elif cid not in latest or (f.on, f.id or 0) > (latest[cid].on, latest[cid].id or 0):
                latest[cid] = f
    return {cid: (f, cid in last_given and last_given[cid] >= f.on) for cid, f in latest.items()}


def _ref_id(ref: str, key: str) -> int:
    parts = ref.split(":")
    return int(parts[parts.index(key) + 1])


def _ranked(o: TodayOverview, c: _Context) -> list[Thing]:
    today = c.today
    owe_ids = {e.contact_id for e in o.items if e.kind == today_rules.OWE}
    latest = _latest_received(c.facts, owe_ids)
    exchange_ids = [f.id for f, _ in latest.values() if f.id is not None]
    exchange_ids += [_ref_id(e.ref, "exchange") for e in o.items if ":exchange:" in e.ref]
    exchanges = _exchange_words(exchange_ids)
    meetings = {(m.event_id, m.contact_id): m for m in c.meetings}
    keep = {k.contact_id: k for k in c.keep}
    birthday_ids = [e.contact_id for e in o.items if e.kind == today_rules.BIRTHDAY]
    touched = dict(c.last_touches)
    touched.update(last_touches([i for i in birthday_ids if i not in touched], today) if birthday_ids else {})
    people = {e.contact_id for e in o.items} | {a.contact_id for a in o.asks}
    people |= {i for s in o.introductions for i in (s.a_id, s.b_id)}
    close = _closeness(people, c.balances)
    nobody = today_rules.Closeness()

    def score(kind: str, due: dt.date, *ids: int) -> float:
        return max(today_rules.priority_score(kind, due, today, close.get(i, nobody)) for i in ids)

    # A referral that asks for thanks is not told again as what they gave last: their row says it once.
    thanked = {(e.contact_id, _ref_id(e.ref, "exchange")) for e in o.items if e.kind == today_rules.THANK}
    latest = {cid: (None, since) if (cid, f.id) in thanked else (f, since) for cid, (f, since) in latest.items()}
    out = []
    for e in o.items:
        exchange_id = _ref_id(e.ref, "exchange") if ":exchange:" in e.ref else None
        rank_kind = today_rules.OUTCOME if e.ref.startswith("outcome:") else e.kind
        w = _thing_words(e, c, exchanges, meetings, keep, touched, latest)
        out.append(Thing(e.kind, e.ref, e.contact_id, e.contact, e.due, w.title, w.why,
                         score(rank_kind, e.due, e.contact_id), exchange_id))  # fmt: skip
    for a in o.asks:
        b = c.balances[a.contact_id]
        w = words.ask(a.asks_available, a.given, b.asks_made)
        out.append(Thing(today_rules.ASK_CHANCE, a.ref, a.contact_id, a.contact, today, w.title, w.why,
                         score(today_rules.ASK_CHANCE, today, a.contact_id)))  # fmt: skip
    for s in o.introductions:
        out.append(Thing(today_rules.INTRO, s.ref, s.a_id, s.a, today, f"Introduce {s.a} and {s.b}", s.because,
                         score(today_rules.INTRO, today, s.a_id, s.b_id), intro=s))  # fmt: skip
    return sorted(out, key=lambda t: (-t.score, t.due, t.contact_id, t.ref))


def _thing_words(e: TodayEntry, c: _Context, exchanges, meetings, keep, touched, latest) -> words.Words:
    today = c.today
    if e.kind == today_rules.FOLLOW_UP:
        event_key = e.ref.split(":")[2]
        m = meetings.get((int(event_key), e.contact_id)) if event_key.isdigit() else None
        return words.follow_up(m.event_name if m else "", m.event_date if m else e.due, today)
    if e.kind in (today_rules.THANK, today_rules.PROMISED_KIND):
        x = exchanges.get(_ref_id(e.ref, "exchange"))
        if x is None:
            return words.Words(e.reason, "")
        if e.kind == today_rules.PROMISED_KIND:
            return words.promised(x, today)
        return words.outcome(x, today) if e.ref.startswith("outcome:") else words.thank(x, today)
    if e.kind == today_rules.BIRTHDAY:
        parsed = today_rules.parse_birthday(c.birthdays.get(e.contact_id) or "")
        year = parsed[0] if parsed else None
        turns = e.due.year - year if year and e.due.year > year else None
        return words.birthday(e.due, turns, touched.get(e.contact_id), today)
    if e.kind == today_rules.CHECK_IN:
        k = keep.get(e.contact_id)
        own = bool(k and k.cadence_days)
        circle = k.circle if k else cadence_rules.NONE
        days = cadence_rules.effective_cadence(circle, k.cadence_days if k else None, c.cadences) or 0
        return words.check_in(circle, days, own, touched.get(e.contact_id), k.added_on if k else None, today)
    if e.kind == today_rules.OWE:
        b = c.balances.get(e.contact_id)
        found = latest.get(e.contact_id)
        last = exchanges.get(found[0].id) if found and found[0] is not None and found[0].id is not None else None
        return words.owe(last, bool(found and found[1]), b.given if b else 0.0, b.received if b else 0.0)
    return words.Words(e.reason, "")


def _check_ref(ref: str) -> str:
    ref = (ref or "").strip()
    if ":" not in ref:
        raise NetworkError(f"Not a Today item: {ref!r}.")
    return ref


def mark_done(ref: str, today: dt.date | None = None) -> list[int]:
    """Mark a Today item done; returns the contacts whose timeline changed (a check-in is logged).
    Journalled: Edit → Undo takes it back (and trashes the check-in, or puts the promise back)."""
    ref = _check_ref(ref)
    today = today or dt.date.today()
    payload: dict = {"ref": ref, "state": _state_of(ref), "done_on": today.isoformat()}
    with database.atomic("IMMEDIATE"):
        changed = _mark_done(ref, today, payload)
        undo.record("today.done", f"{'check-in' if 'check_in' in payload else 'done'}: {_item_words(ref)}", payload)
    return changed


def _mark_done(ref: str, today: dt.date, payload: dict) -> list[int]:
    with undo.quietly():  # one entry for the whole: the check-in or the promise's status goes with it
        if ref.startswith(f"{today_rules.CHECK_IN}:"):
            cid = int(ref.split(":")[1])
            try:
                payload["check_in"] = timeline.log_interaction([cid], today, today_rules.CHECK_IN,
                                                               summary="Checked in")  # fmt: skip
            except timeline.TimelineError as exc:
                raise NetworkError(str(exc)) from None
            changed = [cid]
        elif ref.startswith("promised:exchange:"):
            # Keeping the promise is what "done" means: the favour now counts on the meter.
            exchange_id = int(ref.split(":")[2])
            try:
                payload["promise"] = [exchange_id, timeline.get_entry(timeline.EXCHANGE, exchange_id).status]
                timeline.update_exchange(exchange_id, status=rules.DONE)
            except timeline.TimelineError as exc:
                raise NetworkError(str(exc)) from None
            today_state.set_state(ref, done_on=today, snoozed_until=None)
            changed = [cid for cid, _ in timeline.get_entry(timeline.EXCHANGE, exchange_id).contacts]
        else:
            today_state.set_state(ref, done_on=today, snoozed_until=None)
            changed = []
    payload["changed"] = changed
    return changed


def _state_of(ref: str) -> list[str | None] | None:
    done, snoozed = today_state.state_of(ref)
    if done is None and snoozed is None:
        return None
    return [done.isoformat() if done else None, snoozed.isoformat() if snoozed else None]


def _put_state(ref: str, state: list[str | None] | None) -> None:
    if state is None:
        today_state.clear_state(ref)
    else:
        done, snoozed = (dt.date.fromisoformat(d) if d else None for d in state)
        today_state.set_state(ref, done_on=done, snoozed_until=snoozed)


_ITEM_WORDS = {
    "follow_up": "follow-up", "thank": "thanks", "outcome": "outcome", "promised": "promise",
    "birthday": "birthday", "check_in": "check-in", "owe": "giving back", "ask": "ask", "intro": "introduction",
}  # fmt: skip


def _item_words(ref: str) -> str:
    """ "follow-up with Ana Lima", "introduction of Ana Lima and Ben Ode"."""
    from desktop.services.names import contact_names

    parts = ref.split(":")
    what = _ITEM_WORDS.get(parts[0], "item")
    if parts[0] == "intro":
        ids = [int(p) for p in parts[1:3] if p.isdigit()]
        names = contact_names(ids, include_trashed=True)
        return f"{what} of {' and '.join(names.get(i) or 'a deleted contact' for i in ids)}"
    if "contact" in parts:
        ids = [int(parts[parts.index("contact") + 1])]
    else:
        ids = [int(parts[1])] if len(parts) > 1 and parts[1].isdigit() else []
    names = contact_names(ids, include_trashed=True)
    return f"{what} with {names.get(ids[0]) or 'a deleted contact'}" if ids else what


def snooze(ref: str, until: dt.date | int, today: dt.date | None = None) -> dt.date:
    """Hide a Today item until a date (or for a number of days); returns the date. Journalled."""
    ref = _check_ref(ref)
    today = today or dt.date.today()
    if isinstance(until, int):
        until = today + dt.timedelta(days=until)
    if until <= today:
        raise NetworkError("Snooze until a day after today.")
    with database.atomic("IMMEDIATE"):
        payload = {"ref": ref, "state": _state_of(ref), "until": until.isoformat()}
        today_state.set_state(ref, snoozed_until=until)
        undo.record("today.snooze", f"snooze: {_item_words(ref)}", payload)
    return until


# --------------------------------------------------------------------------- undo (services.undo)


def _take_back_done(step: undo.Step) -> undo.Changed:
    p = step.payload
    if "check_in" in p:
        timeline.delete_entry(timeline.INTERACTION, p["check_in"])
    if "promise" in p:
        exchange_id, status = p["promise"]
        timeline.update_exchange(exchange_id, status=status)
    _put_state(p["ref"], p["state"])
    return undo.Changed(timeline=tuple(p["changed"]) if p["changed"] else None, today=True)


def _done_again(step: undo.Step) -> undo.Changed:
    p = step.payload
    if "check_in" in p:
        timeline.restore_entry(timeline.INTERACTION, p["check_in"])
    else:
        if "promise" in p:
            timeline.update_exchange(p["promise"][0], status=rules.DONE)
        today_state.set_state(p["ref"], done_on=dt.date.fromisoformat(p["done_on"]), snoozed_until=None)
    return undo.Changed(timeline=tuple(p["changed"]) if p["changed"] else None, today=True)


def _take_back_snooze(step: undo.Step) -> undo.Changed:
    _put_state(step.payload["ref"], step.payload["state"])
    return undo.Changed(today=True)


def _snooze_again(step: undo.Step) -> undo.Changed:
    today_state.set_state(step.payload["ref"], snoozed_until=dt.date.fromisoformat(step.payload["until"]))
    return undo.Changed(today=True)


# Today's list is a day's list: a done or a snooze of an earlier session is history, not a step to
# take back the next time the window opens (its check-in stays in the timeline's trash and undo).
undo.register("today.done", undo=_take_back_done, redo=_done_again, survives_restart=False)
undo.register("today.snooze", undo=_take_back_snooze, redo=_snooze_again, survives_restart=False)
