"""Who knows whom: links entered by hand ("Knows…"), introductions you made, vCard RELATED, and the
links Rapport infers from a shared organisation, event or group; the knows graph built from all of
them (cached while nothing it rests on changes), and the picture of one contact's network.

Choices made here (issue 11):

- Stored rows are what Rapport itself was told: an introduction (dated by the exchange) and a link
  entered by hand (with how). The rest is read from the contacts whenever the graph is built, never
  stored: links inferred from a shared organisation, event or group (one organisation of 40 people
  would be 780 rows to keep in step with every edit), and vCard RELATED lines that name another
  contact. A RELATED line stays on its card as it came (an unmodelled line, written back by export
  and by CardDAV sync unchanged): the card is the address book's, the link is read from it. The
  domain's rules say which circles infer links and how strong each link is (``domain.graph``).
- Removing a link deletes what was stored for the pair and leaves a ``hidden`` row, which hides
  what is read for the pair too (inferred links, RELATED); adding a link by hand takes the hidden
  row away. Both are journalled (Edit → Undo puts the pair's rows back as they were) and return
  those rows (``PairRows``) for ``restore_pair``.
- The graph, your ties and the organisation index are cached by the database's change counters
  (``services.changes``); the first build on 100,000 contacts takes seconds, the window asks for it
  off the UI thread.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.domain import graph
from desktop.domain import reciprocity as rules
from desktop.domain.contact import fold_text
from desktop.domain.errors import NetworkError
from desktop.domain.names import org_key
from desktop.domain.vcard.related import read_related, uid_key
from desktop.services import changes, timeline, undo
from desktop.services.names import contact_names
from desktop.storage.db import database

HOW_CHOICES = graph.HOW_CHOICES
HIDDEN = "hidden"
MAX_HOW = 60  # characters: a few words
MAP_NODES = 2000  # the most people the Graph page draws at once


@dataclass(frozen=True)
class KnowsLink:
    """One person a contact knows, as the contact page lists them."""

    contact_id: int
    name: str
    strength: float  # 0..1
    how: str  # in words: "friend", "you introduced them", "same organisation, inferred"
    sources: tuple[str, ...]
    inferred: bool


@dataclass(frozen=True)
class PairRows:
    """The stored rows of one pair before a change: what ``restore_pair`` puts back."""

    a: int
    b: int
    rows: tuple[tuple, ...]  # (a_id, b_id, source, how, date, created_at)


@dataclass(frozen=True)
class MapNode:
    contact_id: int
    name: str
    strength: float  # your relationship, 0..1 (0: nothing on the meter)
    band: str  # the meter's band code, or "" with nothing on the meter
    hops: int  # from the centre (0: the centre; the whole network: 0 for everyone)


@dataclass(frozen=True)
class MapEdge:
    a: int
    b: int
    strength: float
    inferred: bool


@dataclass(frozen=True)
class NetworkMap:
    center: int | None  # None: the whole network
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    left_out: int  # people within reach not drawn (over MAP_NODES)


# --- reading what is known ------------------------------------------------------------------


def _live_ids() -> set[int]:
    return {r[0] for r in database.connection().execute("SELECT id FROM contact WHERE deleted_at IS NULL")}


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _stored(contact_id: int | None) -> tuple[list[graph.LinkFact], set[tuple[int, int]]]:
    """The facts stored rows say, and the hidden pairs (all, or those of one contact)."""
    where, args = ("", []) if contact_id is None else (" WHERE a_id = ? OR b_id = ?", [contact_id, contact_id])
    facts, hidden = [], set()
    days: dict[str, dt.date] = {}
    for a, b, source, how, on in database.connection().execute(
        f"SELECT a_id, b_id, source, how, date FROM knows{where}", args
    ):
        pair = _pair(a, b)
        if source == HIDDEN:
            hidden.add(pair)
            continue
        day = None
        if on:
            day = days.get(on) or days.setdefault(on, dt.date.fromisoformat(str(on)[:10]))
        facts.append(graph.LinkFact(pair[0], pair[1], source, how, day))
    return facts, hidden


def _org_index() -> dict[str, list[int]]:
    """Organisation key -> live contacts there."""
    out: dict[str, list[int]] = defaultdict(list)
    for cid, org in database.connection().execute(
        "SELECT id, organization FROM contact WHERE deleted_at IS NULL AND organization != ''"
    ):
        key = org_key(org)
        if key:
            out[key].append(cid)
    return dict(out)


_ORGS = changes.Cached((changes.PEOPLE,), _org_index)

_EVENTS_SQL = (
    "SELECT ea.event_id, ea.contact_id, e.date FROM event_attendee ea JOIN event e ON e.id = ea.event_id "
    "WHERE e.deleted_at IS NULL {and_event} "
    "UNION SELECT e.id, c.id, e.date FROM contact c JOIN event e ON e.id = c.met_event_id "
    # "+": left to itself SQLite walks every live contact through the deleted_at index
    "WHERE e.deleted_at IS NULL AND +c.deleted_at IS NULL {and_event}"
)
_GROUPS_SQL = (
    "SELECT gm.group_id, gm.contact_id FROM group_member gm JOIN network_group g ON g.id = gm.group_id "
    "WHERE g.deleted_at IS NULL {and_group}"
)
_MY_EVENTS = (
    "AND e.id IN (SELECT event_id FROM event_attendee WHERE contact_id = ? "
    "UNION SELECT met_event_id FROM contact WHERE id = ?)"
)
_MY_GROUPS = "AND gm.group_id IN (SELECT group_id FROM group_member WHERE contact_id = ?)"


def _circles(contact_id: int | None):
    """(source, [(members, date)]) for organisations, events and groups (all, or those of one contact);
    organisations hold live contacts only, events and groups everyone recorded."""
    conn = database.connection()
    orgs = _ORGS.get()
    if contact_id is None:
        org_circles = [(ids, None) for ids in orgs.values()]
        events = conn.execute(_EVENTS_SQL.format(and_event=""))
        groups = conn.execute(_GROUPS_SQL.format(and_group=""))
    else:
        mine = {org_key(r[0]) for r in conn.execute("SELECT organization FROM contact WHERE id = ?", [contact_id])}
        # (its people are live already: one over the size that infers links need not be asked about)
        org_circles = [(orgs[k], None) for k in mine if k in orgs and len(orgs[k]) <= graph.MAX_SHARED]
        events = conn.execute(_EVENTS_SQL.format(and_event=_MY_EVENTS), [contact_id, contact_id] * 2)
        groups = conn.execute(_GROUPS_SQL.format(and_group=_MY_GROUPS), [contact_id])
    by_event: dict[int, tuple[set[int], str]] = {}
    for event_id, cid, on in events:
        by_event.setdefault(event_id, (set(), on))[0].add(cid)
    by_group: dict[int, set[int]] = defaultdict(set)
    for group_id, cid in groups:
        by_group[group_id].add(cid)
    return (
        (graph.ORGANISATION, org_circles),
        (graph.EVENT, [(ids, dt.date.fromisoformat(str(on)[:10])) for ids, on in by_event.values()]),
        (graph.GROUP, [(ids, None) for ids in by_group.values()]),
    )


def link_facts(contact_id: int | None = None) -> list[graph.LinkFact]:
    """Everything known about who knows whom among live contacts (or about one contact's links)."""
    facts, hidden = _stored(contact_id)
    facts += [f for f in _related_facts() if (f.a, f.b) not in hidden and contact_id in (None, f.a, f.b)]
    circles = _circles(contact_id)
    if contact_id is None:
        live = _live_ids()
    else:  # one contact: only the people it could be linked to need asking about
        named = {c for _, found in circles for ids, _ in found for c in ids} | {x for f in facts for x in (f.a, f.b)}
        live = set(contact_names(named | {contact_id}))
    for source, found in circles:
        if source != graph.ORGANISATION:  # a trashed member is no one in the circle's count
            found = [([c for c in ids if c in live], on) for ids, on in found]
        facts.extend(graph.shared_facts(source, found, hidden))
    if contact_id is not None:
        facts = [f for f in facts if contact_id in (f.a, f.b)]
    return [f for f in facts if f.a in live and f.b in live]


# --- your ties and the graph, cached ------------------------------------------------------


@dataclass(frozen=True)
class Meter:
    """The meter over the whole network on one day: what ties and bands are read from."""

    facts: list[rules.ExchangeFact]
    balances: dict[int, rules.ContactBalance]
    ties: dict[int, graph.Tie]
    closeness: dict[int, float]  # contact id -> your tie's strength, as link strengths read it


def _meter(today: dt.date) -> Meter:
    facts = timeline.exchange_facts()
    balances = rules.contact_balances(facts, today, timeline.half_life_days())
    ties = graph.your_ties(balances, facts, today)
    return Meter(facts, balances, ties, {cid: t.strength for cid, t in ties.items()})


_METER = changes.Cached((changes.EXCHANGES, changes.SETTINGS), _meter)


def meter(today: dt.date | None = None) -> Meter:
    return _METER.get(today or dt.date.today())


def _graph(today: dt.date) -> graph.KnowsGraph:
    links = graph.build_links(link_facts(), today, meter(today).closeness)
    return graph.KnowsGraph(links)


_GRAPH = changes.Cached((changes.KNOWS, changes.PEOPLE, changes.EXCHANGES, changes.SETTINGS), _graph)


def knows_graph(today: dt.date | None = None) -> graph.KnowsGraph:
    """Every link among live contacts, with its strength (built once, then reused while nothing changes)."""
    return _GRAPH.get(today or dt.date.today())


def organisation_members(text: str) -> list[int]:
    """Live contacts at the organisation named (its legal form, case and accents aside), e.g. "Acme"."""
    key = org_key(text or "")
    if not key:
        return []
    orgs = _ORGS.get()
    if key in orgs:
        return sorted(orgs[key])
    padded = f" {key} "
    return sorted(cid for k, ids in orgs.items() if padded in f" {k} " for cid in ids)


# --- one contact's links ------------------------------------------------------------------


def links_of(contact_id: int, today: dt.date | None = None) -> list[KnowsLink]:
    """The people a contact knows, strongest first (what the contact page lists)."""
    today = today or dt.date.today()
    facts = link_facts(contact_id)
    links = graph.build_links(facts, today, meter(today).closeness)
    names = contact_names({link.other(contact_id) for link in links})
    out = [
        KnowsLink(link.other(contact_id), names[link.other(contact_id)], link.strength, graph.link_words(link),
                  link.sources, link.inferred)
        for link in links
    ]  # fmt: skip
    out.sort(key=lambda k: (-k.strength, fold_text(k.name), k.contact_id))
    return out


def _check_pair(a_id: int, b_id: int) -> dict[int, str]:
    if a_id == b_id:
        raise NetworkError("A link joins two different people.")
    names = contact_names([a_id, b_id])
    for cid in (a_id, b_id):
        if cid not in names:
            raise NetworkError(f"No contact with id {cid}.")
    return names


def _rows(a_id: int, b_id: int) -> PairRows:
    a, b = _pair(a_id, b_id)
    rows = database.connection().execute(
        "SELECT a_id, b_id, source, how, date, created_at FROM knows "
        "WHERE (a_id = ? AND b_id = ?) OR (a_id = ? AND b_id = ?) ORDER BY id",
        [a, b, b, a],
    )
    return PairRows(a, b, tuple(tuple(r) for r in rows))


def _delete_pair(a: int, b: int, sources: Iterable[str] | None = None) -> None:
    sql = "DELETE FROM knows WHERE ((a_id = ? AND b_id = ?) OR (a_id = ? AND b_id = ?))"
    args: list = [a, b, b, a]
    if sources is not None:
        sources = list(sources)
        sql += f" AND source IN ({','.join('?' * len(sources))})"
        args += sources
    database.connection().execute(sql, args)


def _insert(a: int, b: int, source: str, how: str = "", on: dt.date | None = None) -> None:
    database.connection().execute(
        "INSERT OR IGNORE INTO knows (a_id, b_id, source, how, date, created_at) "
        "VALUES (?, ?, ?, ?, ?, datetime('now', 'localtime'))",
        [a, b, source, how, on.isoformat() if on else None],
    )


def add_link(a_id: int, b_id: int, how: str = "", on: dt.date | None = None) -> PairRows:
    """Record by hand that two contacts know each other (how: colleague, friend, client, family,
    introduced by, or a few words of your own). Journalled: Edit → Undo puts the pair back as it was
    (also returned, ``restore_pair`` takes it)."""
    how = " ".join((how or "").split())
    if len(how) > MAX_HOW:
        raise NetworkError(f"How they know each other fits in {MAX_HOW} characters.")
    with database.atomic("IMMEDIATE"):
        names = _check_pair(a_id, b_id)
        before = _rows(a_id, b_id)
        _link(before.a, before.b, how, on)
        words = f"{names[a_id]} knows {names[b_id]}" + (f" ({how})" if how else "")
        undo.record("knows.add", f"link: {words}", {"before": _payload(before), "how": how,
                                                     "on": on.isoformat() if on else None})  # fmt: skip
    return before


def _link(a: int, b: int, how: str, on: dt.date | None) -> None:
    _delete_pair(a, b, [graph.MANUAL, HIDDEN])
    _insert(a, b, graph.MANUAL, how, on)


def remove_link(a_id: int, b_id: int) -> PairRows:
    """Two contacts do not know each other, as far as Rapport should say: what was stored for the pair
    goes, and what is read for it (inferred links, RELATED) is hidden. Journalled, like ``add_link``."""
    with database.atomic("IMMEDIATE"):
        names = _check_pair(a_id, b_id)
        before = _rows(a_id, b_id)
        _unlink(before.a, before.b)
        undo.record("knows.remove", f"removal of the link between {names[a_id]} and {names[b_id]}",
                    {"before": _payload(before)})  # fmt: skip
    return before


def _unlink(a: int, b: int) -> None:
    _delete_pair(a, b)
    _insert(a, b, HIDDEN)


def restore_pair(before: PairRows) -> None:
    """Put one pair's stored rows back as they were (the undo of ``add_link`` or ``remove_link``)."""
    with database.atomic("IMMEDIATE"):
        _delete_pair(before.a, before.b)
        database.connection().executemany(
            "INSERT OR IGNORE INTO knows (a_id, b_id, source, how, date, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            before.rows,
        )


# --- undo (services.undo) --------------------------------------------------------------------


def _payload(before: PairRows) -> dict:
    return {"a": before.a, "b": before.b, "rows": [list(r) for r in before.rows]}


def _before(p: dict) -> PairRows:
    b = p["before"]
    return PairRows(b["a"], b["b"], tuple(tuple(r) for r in b["rows"]))


def _put_back(step: undo.Step) -> undo.Changed:
    before = _before(step.payload)
    restore_pair(before)
    return undo.Changed(knows=(before.a, before.b))


def _link_again(step: undo.Step) -> undo.Changed:
    p, before = step.payload, _before(step.payload)
    _link(before.a, before.b, p["how"], dt.date.fromisoformat(p["on"]) if p["on"] else None)
    return undo.Changed(knows=(before.a, before.b))


def _unlink_again(step: undo.Step) -> undo.Changed:
    before = _before(step.payload)
    _unlink(before.a, before.b)
    return undo.Changed(knows=(before.a, before.b))


undo.register("knows.add", undo=_put_back, redo=_link_again)
undo.register("knows.remove", undo=_put_back, redo=_unlink_again)


# --- the picture --------------------------------------------------------------------------


def network_map(center: int | None = None, hops: int = 2, today: dt.date | None = None,
                max_nodes: int = MAP_NODES) -> NetworkMap:  # fmt: skip
    """The people around ``center`` within ``hops`` links (1 or 2), or the whole network (``center``
    None): at most ``max_nodes``, the strongest kept, with the links among them."""
    today = today or dt.date.today()
    g = knows_graph(today)
    m = meter(today)
    if center is not None:
        if center not in contact_names([center]):
            raise NetworkError(f"No contact with id {center}.")
        if hops not in (1, 2):
            raise NetworkError("The picture shows one or two links around someone.")
        reach = {center: (0, 1.0)}  # id -> (hops, the strongest chain's weakest link)
        frontier = [center]
        for step in range(1, hops + 1):
            found: dict[int, float] = {}
            for cid in frontier:
                via = reach[cid][1]
                for other, s in g.neighbours(cid).items():
                    if other not in reach:
                        found[other] = max(found.get(other, 0.0), min(via, s))
            for other, s in found.items():
                reach[other] = (step, s)
            frontier = list(found)
        ranked = sorted(reach, key=lambda c: (reach[c][0], -reach[c][1], c))
        hop_of = {c: reach[c][0] for c in ranked}
    else:  # the people you are closest to first, then those with the most links
        ranked = sorted(g.people(), key=lambda c: (-m.closeness.get(c, 0.0), -len(g.neighbours(c)), c))
        hop_of = dict.fromkeys(ranked, 0)
    kept = ranked[:max_nodes]
    chosen = set(kept)
    names = contact_names(kept)
    nodes = []
    for cid in kept:
        tie = m.ties.get(cid)
        balance = m.balances.get(cid)
        band = balance.band.code if balance is not None and balance.total > rules.EPSILON else ""
        nodes.append(MapNode(cid, names.get(cid, ""), tie.strength if tie else 0.0, band, hop_of[cid]))
    edges = []
    for cid in kept:
        for other, s in g.neighbours(cid).items():
            if cid < other and other in chosen:
                edges.append(MapEdge(cid, other, s, g.link(cid, other).inferred))
    return NetworkMap(center, tuple(nodes), tuple(edges), len(ranked) - len(kept))


# --- vCard RELATED ------------------------------------------------------------------------


def _read_related() -> list[graph.LinkFact]:
    """One fact per pair of live contacts a kept RELATED line joins (by the other's UID, or by a name
    only one contact has); lines naming no contact say nothing here."""
    conn = database.connection()
    said = []
    for cid, extra in conn.execute(
        "SELECT id, extra_vcard FROM contact WHERE deleted_at IS NULL AND extra_vcard LIKE '%RELATED%'"
    ):
        said += [(cid, r) for r in map(read_related, extra.split("\n")) if r is not None]
    if not said:
        return []
    by_uid: dict[str, list[int]] = defaultdict(list)
    if any(r.uid for _, r in said):
        for cid, uid in conn.execute("SELECT id, uid FROM contact WHERE deleted_at IS NULL AND uid != ''"):
            by_uid[uid_key(uid)].append(cid)
    facts: dict[tuple[int, int], graph.LinkFact] = {}
    for cid, r in said:
        if r.uid:
            found = by_uid.get(r.uid, [])
        else:
            found = [row[0] for row in conn.execute(
                "SELECT id FROM contact WHERE deleted_at IS NULL AND sort_name = ?", [fold_text(r.name)]
            )]  # fmt: skip
        if len(found) == 1 and found[0] != cid:
            pair = _pair(cid, found[0])
            facts.setdefault(pair, graph.LinkFact(pair[0], pair[1], graph.RELATED, r.how))  # both cards: one fact
    return list(facts.values())


_RELATED = changes.Cached((changes.PEOPLE,), _read_related)


def _related_facts() -> list[graph.LinkFact]:
    return _RELATED.get()
