"""The contact list as SQL: search as you type, filters, sorts and pages, never the whole list in Python.

What is typed becomes folded terms (desktop.domain.search.query_terms).
Terms of three characters or more go to the FTS5 trigram index
``contact_search(name, other)``; shorter terms cannot use trigrams, so they
match the start of a word instead: one letter, the start of the name (the
``contact.sort_name`` index); two letters, also the start of any later word
of the name (the trigram of a space and the two letters); next to longer
terms, the start of a word of the name among the rows the longer terms found.

Ordering of search results, in tiers: contacts whose name starts with the
first term, then the other contacts whose name holds every term, then the
rest (a match in the organisation, an e-mail, a note...); in name order
within each tier. When the whole result fits in one page (a small set),
bm25 with the name weighted ten times the rest orders each tier first.
bm25 over a big result costs ~57 ms at 100,000 contacts, so big results
are not ranked by it; they are paged tier by tier along the sort_name index.

Archived contacts are hidden while browsing (unless asked for) but found by
a search, flagged, because a search means "I am looking for this person".
Trashed contacts (``deleted_at``) are never listed.

The "balance" sort orders by the meter's own figure: given minus received,
decayed (each exchange's weight halves every half-life, as
``desktop.domain.reciprocity`` decays it), done exchanges only, asks left
out, an introduction you made credited to both people introduced. SQLite
computes it in one aggregate (``_DECAYED_SQL``, ~35 ms for 20,000 exchanges)
into a temporary table when the sort is chosen; each row of that listing
carries its given and received, so the list can show the band the meter shows.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from dataclasses import dataclass, field

from desktop.domain.kinds import ASK, GIVEN, INTRODUCTION, PROMISED, RECEIVED
from desktop.domain.search import fts_phrase, query_terms
from desktop.services import touches
from desktop.services.names import name_of, stored_date
from desktop.storage.db import database

SORT_NAME = "name"
SORT_LAST_CONTACT = "last_contact"
SORT_BALANCE = "balance"
SORT_ADDED = "added"
SORTS = (SORT_NAME, SORT_LAST_CONTACT, SORT_BALANCE, SORT_ADDED)
SORT_LABELS = {
    SORT_NAME: "Name",
    SORT_LAST_CONTACT: "Last contact",
    SORT_BALANCE: "Balance",
    SORT_ADDED: "Recently added",
}

NO_CIRCLE = "-"  # the circle filter value for contacts in no circle

# bm25 weights of the index columns: a hit in the name counts ten times a hit elsewhere.
NAME_WEIGHT = 10.0
OTHER_WEIGHT = 1.0

# The meter of every contact with exchanges, decayed, in SQL: what reciprocity.counts_on_meter
# counts (a promise or an ask does not; won and lost do), credited as reciprocity.credited_contacts
# credits (the contacts on it, and the other side of an introduction you made, each once), each
# weight times 0.5 ** (age / half-life) with a future date counted in full. Parameters: today (ISO)
# and the half-life in days, twice.
_DECAY = "e.weight * pow(0.5, max(0, julianday(?) - julianday(e.occurred_on)) / ?)"
_DECAYED_SQL = (
    "WITH credit(eid, cid) AS ("
    " SELECT exchange_id, contact_id FROM exchange_contact {contacts_a}"
    f" UNION SELECT id, third_party_id FROM exchange WHERE kind = '{INTRODUCTION}' AND direction = '{GIVEN}'"
    " AND third_party_id IS NOT NULL {contacts_b}) "
    f"SELECT cr.cid, sum(CASE WHEN e.direction = '{GIVEN}' THEN {_DECAY} ELSE 0 END) AS given, "
    f"sum(CASE WHEN e.direction = '{RECEIVED}' THEN {_DECAY} ELSE 0 END) AS received "
    "FROM credit cr JOIN exchange e ON e.id = cr.eid "
    f"WHERE e.deleted_at IS NULL AND e.status != '{PROMISED}' AND e.kind != '{ASK}' "
    f"AND e.direction IN ('{GIVEN}', '{RECEIVED}') GROUP BY cr.cid"
)


@dataclass(frozen=True)
class ListQuery:
    """What the list shows: the typed text, the filters and the browsing sort."""

    text: str = ""
    tag_id: int | None = None
    group_id: int | None = None
    circle: str | None = None  # a circle code, NO_CIRCLE, or None for all
    sort: str = SORT_NAME
    include_archived: bool = False
    only_archived: bool = False  # the "Archived" filter: archived contacts alone
    today: dt.date | None = None  # the day the balance sort decays to (None: the real today)


@dataclass(frozen=True, slots=True)
class ListRow:
    """One line of the contact list."""

    id: int
    name: str
    organization: str
    title: str
    last_contact: dt.date | None
    has_photo: bool
    archived: bool
    circle: str
    # What some sorts show, on the rows of those sorts alone (AddedRow, BalanceRow): a slot more on
    # each of 100,000 rows costs memory the other sorts do not need.
    added = None  # dt.date: the day it was added ("Recently added")
    given = 0.0  # the meter's decayed given and received ("Balance")
    received = 0.0


@dataclass(frozen=True, slots=True)
class AddedRow(ListRow):
    added: dt.date | None = None


@dataclass(frozen=True, slots=True)
class BalanceRow(ListRow):
    given: float = 0.0
    received: float = 0.0


@dataclass
class FilterOptions:
    tags: list[tuple[int, str]] = field(default_factory=list)
    groups: list[tuple[int, str]] = field(default_factory=list)


def _word_start(term: str) -> str:
    return " " + term


def _prefix_bounds(prefix: str) -> tuple[str, str]:
    """[low, high) of the strings that start with ``prefix`` (binary collation)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


# Above this many full-text matches a search is paged tier by tier along the sort_name index
# instead of sorting every match for every page (10,000 matches: ~20 ms a keystroke -> a few).
DENSE = 2000
RANK_LIMIT = 1000  # bm25 is costly on large result sets (57 ms for 20,000 matches of 100,000): only small ones get it


class _Plan:
    """The FROM / WHERE / ORDER BY of one query, with its parameters."""

    def __init__(self, q: ListQuery):
        self.sql_from = "contact c"
        # Unary + keeps SQLite from choosing the deleted_at index and then sorting every row.
        self.where: list[str] = ["+c.deleted_at IS NULL"]
        self.params: list = []
        self.order = ""
        self.order_params: list = []
        self.fts = ""  # the MATCH expression of a search, if any
        self.keyset = False  # pages follow the (sort_name, id) index instead of an offset
        # Browsing sorts that follow an index from the last row shown, phase after phase:
        # Each: FROM, extra WHERE, ORDER BY, and the key columns, comparison and positions of the key in a
        # fetched row (or no key: the phase is small and paged by offset). "{bal}" names the temporary
        # table of balances the balance sort fills first.
        self.phases: list[dict] = []
        self.two_letters = ""  # the full-text query of a lone two-letter term (see Listing._walk_two_letters)
        terms = query_terms(q.text)
        long_terms = [t for t in terms if len(t) >= 3]
        short_terms = [t for t in terms if len(t) < 3]
        self.searching = bool(terms)

        if long_terms:
            low, high = _prefix_bounds(terms[0])
            starts = "(c.sort_name >= ? AND c.sort_name < ?)"
            self.fts = " ".join(fts_phrase(t) for t in long_terms)
            # Driven from the index: the few matching rowids first, then their contact rows.
            self.sql_from = "contact_search s JOIN contact c ON c.id = s.rowid"
            self.where.append("contact_search MATCH ?")
            self.params.append(self.fts)
            for t in short_terms:
                self.where.append("instr(' ' || c.sort_name, ?) > 0")
                self.params.append(_word_start(t))
            # Tiers: the name starts with the first term; the name holds every term; anything else.
            # (sort_name is the folded display name: no second full-text query needed for the tiers.)
            in_name = " AND ".join("instr(c.sort_name, ?) > 0" for _ in long_terms)
            self.order = f"({starts} + ({in_name})) DESC, c.sort_name, c.id"
            self.order_params = [low, high, *long_terms]
            self.bounds = (low, high)
            self.name_fts = "name : (" + " AND ".join(fts_phrase(t) for t in long_terms) + ")"
        elif short_terms:
            # Under three characters a term has no trigram of its own. One letter: the start of the
            # name, through the sort_name index. Two letters: also the start of any later word of
            # the name, as the trigram of a space and the two letters (" mu" finds Jürgen Müller).
            first = short_terms[0]
            low, high = _prefix_bounds(first)
            if len(first) == 2:
                self.where.append(
                    "(c.sort_name >= ? AND c.sort_name < ? OR "
                    "c.id IN (SELECT rowid FROM contact_search WHERE contact_search MATCH ?))"
                )
                self.params += [low, high, "name : " + fts_phrase(" " + first)]
                if len(short_terms) == 1:
                    self.two_letters = self.params[-1]
            else:
                self.where.append("c.sort_name >= ? AND c.sort_name < ?")
                self.params += [low, high]
            for t in short_terms[1:]:
                self.where.append("instr(' ' || c.sort_name, ?) > 0")
                self.params.append(_word_start(t))
            self.order = "c.sort_name, c.id"

        if q.only_archived:
            self.where.append("c.archived = 1")
        elif not self.searching and not q.include_archived:
            self.where.append("c.archived = 0")
        if q.tag_id is not None:
            self.where.append("c.id IN (SELECT contact_id FROM contact_tag WHERE tag_id = ?)")
            self.params.append(q.tag_id)
        if q.group_id is not None:
            self.where.append("c.id IN (SELECT contact_id FROM group_member WHERE group_id = ?)")
            self.params.append(q.group_id)
        if q.circle == NO_CIRCLE:
            self.where.append("c.circle IN ('', 'none')")
        elif q.circle:
            self.where.append("c.circle = ?")
            self.params.append(q.circle)

        if not self.searching:
            if q.sort == SORT_LAST_CONTACT:
                # Latest first along the last_contact index, then the never contacted by name. The column
                # holds the latest entry, planned ones too: a contact whose latest is after today is
                # placed by their latest entry up to today instead (see Listing._planned), merged in.
                self.order = "c.last_contact IS NULL, c.last_contact DESC, c.id DESC"
                self.phases = [
                    _phase("c.last_contact <= '{today}'", "c.last_contact DESC, c.id DESC", "(c.last_contact, c.id)", "<",
                           (4, 0), merge=PAST),
                    _phase("c.last_contact IS NULL", "c.sort_name, c.id", "(c.sort_name, c.id)", ">", (8, 0), merge=NEVER),
                ]  # fmt: skip
            elif q.sort == SORT_ADDED:
                self.order = "c.created_at DESC, c.id DESC"
                self.phases = [_phase("1", "c.created_at DESC, c.id DESC", "(c.created_at, c.id)", "<", (9, 0))]
            elif q.sort == SORT_BALANCE:
                # They gave more (you owe them) first, then balanced, then those you gave most. The
                # balances (only contacts with exchanges) go into a small temporary table once; the
                # many with none follow the sort_name index between the two.
                joined = "contact c JOIN temp.{bal} b ON b.cid = c.id"
                self.phases = [
                    _phase("b.bal < 0", "b.bal, c.sort_name, c.id", sql_from=joined, extra=_BALANCE_COLUMNS),
                    _phase("c.id NOT IN (SELECT cid FROM temp.{bal})", "c.sort_name, c.id", "(c.sort_name, c.id)", ">", (8, 0)),
                    _phase("b.bal > 0", "b.bal, c.sort_name, c.id", sql_from=joined, extra=_BALANCE_COLUMNS),
                ]  # fmt: skip
            else:
                self.order = "c.sort_name, c.id"
                self.keyset = True
        elif short_terms and not long_terms and len(short_terms[0]) == 1:
            self.keyset = True

    def where_sql(self) -> str:
        return " AND ".join(self.where)

    def base(self) -> tuple[list[str], list]:
        """The WHERE terms and parameters other than the full-text MATCH (filters, short terms, trash)."""
        where = [w for w in self.where if w != "contact_search MATCH ?"]
        return where, self.params[1:] if self.fts else list(self.params)


def _phase(where: str, order: str, key: str = "", cmp: str = "", cols=(0, 0), sql_from: str = "",
           extra: str = "", merge: str = "") -> dict:  # fmt: skip
    return {"where": where, "order": order, "key": key, "cmp": cmp, "cols": cols, "from": sql_from, "extra": extra,
            "merge": merge}  # fmt: skip


# The last-contact sort's rows merged into its phases: contacts whose latest entry is planned, by their
# latest entry up to today (PAST), or by name when they have none (NEVER).
PAST, NEVER = "past", "never"


_ROW_COLUMNS = (
    "c.id, c.full_name, c.organization, c.title, c.last_contact, c.has_photo, c.archived, c.circle, c.sort_name, "
    "c.created_at"
)
_BALANCE_COLUMNS = ", b.given, b.received"  # after _ROW_COLUMNS, in the balance sort's phases with balances


def _row(r, added: bool = False) -> ListRow:
    """A fetched row as a ListRow: with the day it was added for the "Recently added" sort, with the
    meter's given and received when the balance sort fetched them (after the row's own columns)."""
    values = (r[0], name_of(r[1], r[9]), r[2] or "", r[3] or "", stored_date(r[4]), bool(r[5]), bool(r[6]), r[7] or "")
    if len(r) > 11:
        return BalanceRow(*values, given=r[10], received=r[11])
    if added:
        return AddedRow(*values, added=stored_date(r[9]))
    return ListRow(*values)


def count(q: ListQuery) -> int:
    """How many contacts the query lists."""
    plan = _Plan(q)
    sql = f"SELECT count(*) FROM {plan.sql_from} WHERE {plan.where_sql()}"
    return database.execute_sql(sql, plan.params).fetchone()[0]


_listing_serial = 0


class Listing:
    """One query's rows, a page at a time, in list order; plain values, no Qt.

    Browsing follows an index from the last row shown (no OFFSET, so the
    400th page costs what the first does): sort_name, last_contact or
    created_at; the balance sort first puts the few contacts with exchanges
    and their balances in a small temporary table. A small search is sorted
    whole and paged by offset; a big one is paged tier by tier.
    Counting is separate (``count``): a page never waits for a count.
    """

    def __init__(self, q: ListQuery):
        global _listing_serial
        self.query = q
        self._plan = _Plan(q)
        self._fetched = 0
        self._more = True
        self._after: tuple[str, int] | None = None
        self._materialized = False
        self._tiers: list[dict] | None = None  # a big search, paged tier by tier (see _plan_tiers)
        self._tier = 0
        self._phase = 0
        self._phase_offset = 0
        self._walk_from: str | None = None
        self._bal = ""
        self._today = (q.today or dt.date.today()).isoformat()
        self._merge: dict[str, list] | None = None  # rows merged into the phases (see _planned)
        self._merged_at: dict[str, int] = {PAST: 0, NEVER: 0}
        if any("{bal}" in ph["where"] + ph["from"] for ph in self._plan.phases):
            _listing_serial += 1
            self._bal = f"rapport_bal_{_listing_serial}"

    @property
    def fetched(self) -> int:
        return self._fetched

    def can_fetch_more(self) -> bool:
        return self._more

    def _plan_tiers(self) -> list[dict]:
        """How a big search is paged: name matches whose name starts with the first term, then the
        other name matches, then the rest; each in name order, walking the sort_name index when the
        tier is dense (a page is found after a few hundred index entries) or sorting the tier's own
        matches when it is small. An empty list: the search is small, sort it whole."""
        plan = self._plan
        if len(plan.base()[0]) > 1:
            # Short terms or filters thin the matches out in ways the counts below cannot see: a walk
            # of the index could read all of it for a few rows. Sorting the matches is bounded.
            return []
        conn = database.connection()
        # Counting stops at DENSE + 1: only "small" or "big" matters here.
        capped = "SELECT count(*) FROM (SELECT 1 FROM contact_search WHERE contact_search MATCH ? LIMIT ?)"
        n_all = conn.execute(capped, (plan.fts, DENSE + 1)).fetchone()[0]
        if n_all <= DENSE:
            return []
        n_name = conn.execute(capped, (plan.name_fts, 2 * DENSE + 2)).fetchone()[0]
        has_index = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'contact_sort_name'"
        ).fetchone()
        walk_from = "contact c INDEXED BY contact_sort_name" if has_index else "contact c"
        fts_from = "contact_search s JOIN contact c ON c.id = s.rowid"
        low, high = plan.bounds
        in_set = "c.id IN (SELECT rowid FROM contact_search WHERE contact_search MATCH ?)"
        tiers: list[dict] = []
        if n_name:
            tiers.append(
                {"from": walk_from, "match": None, "where": f"c.sort_name >= ? AND c.sort_name < ? AND {in_set}",
                 "params": [low, high, plan.name_fts]}
            )  # fmt: skip
            not_starts = "NOT (c.sort_name >= ? AND c.sort_name < ?)"
            if n_name > DENSE:
                tiers.append({"from": walk_from, "match": None, "where": f"{not_starts} AND {in_set}",
                              "params": [low, high, plan.name_fts]})  # fmt: skip
            else:
                tiers.append({"from": fts_from, "match": plan.name_fts, "where": not_starts, "params": [low, high]})
        rest = f"({plan.fts}) NOT ({plan.name_fts})" if n_name else plan.fts
        n_rest = conn.execute(capped, (rest, DENSE + 1)).fetchone()[0] if n_name else n_all
        if n_rest > DENSE:
            tiers.append({"from": walk_from, "match": None, "where": in_set, "params": [rest]})
        else:
            tiers.append({"from": fts_from, "match": rest, "where": "1", "params": []})
        return tiers

    def _fill_balances(self) -> None:
        database.execute_sql(
            f"CREATE TEMP TABLE IF NOT EXISTS {self._bal} (cid INTEGER PRIMARY KEY, given REAL, received REAL, bal REAL)"
        )
        database.execute_sql(f"DELETE FROM temp.{self._bal}")
        sql = _DECAYED_SQL.format(contacts_a="", contacts_b="")
        database.execute_sql(
            f"INSERT INTO temp.{self._bal} (cid, given, received, bal) "
            f"SELECT cid, given, received, given - received FROM ({sql}) WHERE given != received",
            _decay_params(self.query.today),
        )
        self._materialized = True

    def _planned(self) -> dict[str, list]:
        """The rows of contacts (matching the query) whose latest entry is after today, to merge into the
        last-contact sort: by their latest entry up to today, its date in the row (PAST), or among the
        never contacted (NEVER). Few: only people with something planned."""
        plan = self._plan
        sql = f"SELECT {_ROW_COLUMNS} FROM {plan.sql_from} WHERE {plan.where_sql()} AND c.last_contact > ?"
        rows = database.execute_sql(sql, [*plan.params, self._today]).fetchall()
        # Their latest touch up to today, by the one rule of a touch (the column holds the latest of all).
        past = {cid: on.isoformat() for cid, on in
                touches.last_touches([r[0] for r in rows], dt.date.fromisoformat(self._today)).items()}  # fmt: skip
        dated = [(*r[:4], past[r[0]], *r[5:]) for r in rows if r[0] in past]
        never = [(*r[:4], None, *r[5:]) for r in rows if r[0] not in past]
        return {
            PAST: sorted(dated, key=lambda r: (r[4], r[0]), reverse=True),
            NEVER: sorted(never, key=lambda r: (r[8], r[0])),
        }

    def _merge_rows(self, ph: dict, rows: list, need: int) -> tuple[list, list]:
        """Merge a phase's page of rows with the planned rows that sort among them; returns (the page,
        the database rows in it). Database rows left out are read again with the next page."""
        if self._merge is None:
            self._merge = self._planned()
        extra, at = self._merge[ph["merge"]], self._merged_at[ph["merge"]]
        if at >= len(extra):
            return rows, rows
        c0, c1 = ph["cols"]
        desc = ph["cmp"] == "<"

        def key(r):
            return (r[c0], r[c1])

        end = at
        if len(rows) < need:  # the phase's last rows: every planned row left goes in
            end = len(extra)
        elif rows:
            last = key(rows[-1])
            while end < len(extra) and ((key(extra[end]) > last) if desc else (key(extra[end]) < last)):
                end += 1
        tagged = [(key(r), 0, r) for r in rows] + [(key(r), 1, r) for r in extra[at:end]]
        tagged.sort(key=lambda t: t[0], reverse=desc)
        page = tagged[:need]
        self._merged_at[ph["merge"]] = at + sum(1 for t in page if t[1])
        return [t[2] for t in page], [t[2] for t in page if not t[1]]

    def _fetch_phases(self, limit: int) -> list:
        plan = self._plan
        if self._bal and not self._materialized:
            self._fill_balances()
        out: list = []
        while len(out) < limit and self._phase < len(plan.phases):
            ph = plan.phases[self._phase]
            need = limit - len(out)
            where = [*plan.where, ph["where"].format(bal=self._bal, today=self._today)]
            params = list(plan.params)
            if ph["key"] and self._after is not None:
                where.append(f"{ph['key']} {ph['cmp']} (?, ?)")
                params += list(self._after)
            sql_from = (ph["from"] or plan.sql_from).format(bal=self._bal)
            sql = f"SELECT {_ROW_COLUMNS}{ph['extra']} FROM {sql_from} WHERE {' AND '.join(where)} ORDER BY {ph['order']} LIMIT ?"
            if ph["key"]:
                rows = database.execute_sql(sql, [*params, need]).fetchall()
            else:
                rows = database.execute_sql(sql + " OFFSET ?", [*params, need, self._phase_offset]).fetchall()
                self._phase_offset += len(rows)
            page, read = self._merge_rows(ph, rows, need) if ph["merge"] else (rows, rows)
            out += page
            if read and ph["key"]:
                self._after = (read[-1][ph["cols"][0]], read[-1][ph["cols"][1]])
            merged_all = not ph["merge"] or self._merged_at[ph["merge"]] >= len(self._merge[ph["merge"]])
            if len(rows) < need and len(read) == len(rows) and merged_all:
                self._phase += 1
                self._after = None
                self._phase_offset = 0
        return out

    def _walk_two_letters(self) -> bool:
        """A lone two-letter term matching many contacts ("an", "jo"): walk the sort_name index and
        stop at a page, instead of sorting thousands of matches for every keystroke. Few matches
        ("zq"): sort them (a walk would read the whole index to find them)."""
        plan = self._plan
        if not plan.two_letters or len(plan.base()[0]) > 2:  # trash test + the match: nothing else
            return False
        if self._walk_from is None:
            self._walk_from = ""
            conn = database.connection()
            n = conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM contact_search WHERE contact_search MATCH ? LIMIT ?)",
                (plan.two_letters, DENSE + 1),
            ).fetchone()[0]
            has_index = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'contact_sort_name'"
            ).fetchone()
            if n > DENSE and has_index:
                self._walk_from = "contact c INDEXED BY contact_sort_name"
        return bool(self._walk_from)

    def _set_tiers(self) -> list[dict]:
        self._tiers = self._plan_tiers()
        return self._tiers

    def _fetch_tiers(self, limit: int) -> list:
        base_where, base_params = self._plan.base()
        out: list = []
        while len(out) < limit and self._tier < len(self._tiers):
            tier = self._tiers[self._tier]
            need = limit - len(out)
            # The tier's own test first: it needs only the index entry, the others read the row.
            where = [tier["where"], *base_where]
            params = [*tier["params"], *base_params]
            if tier["match"] is not None:
                where.insert(0, "contact_search MATCH ?")
                params.insert(0, tier["match"])
            if self._after is not None:
                where.append("(c.sort_name, c.id) > (?, ?)")
                params += list(self._after)
            sql = (
                f"SELECT {_ROW_COLUMNS} FROM {tier['from']} WHERE {' AND '.join(where)} "
                "ORDER BY c.sort_name, c.id LIMIT ?"
            )
            rows = database.execute_sql(sql, [*params, need]).fetchall()
            out += rows
            if rows:
                self._after = (rows[-1][8], rows[-1][0])
            if len(rows) < need:
                self._tier += 1
                self._after = None
        return out

    def _ranked(self, limit: int) -> list:
        plan = self._plan
        order = plan.order.replace(
            "c.sort_name, c.id", f"bm25(contact_search, {NAME_WEIGHT}, {OTHER_WEIGHT}), c.sort_name, c.id"
        )
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM {plan.sql_from} WHERE {plan.where_sql()} ORDER BY {order} LIMIT ?"
        )
        return database.execute_sql(sql, [*plan.params, *plan.order_params, limit]).fetchall()

    def fetch(self, limit: int) -> list[ListRow]:
        """The next ``limit`` rows (fewer at the end)."""
        if not self._more:
            return []
        plan = self._plan
        if plan.phases:
            rows = self._fetch_phases(limit)
        elif plan.keyset or self._walk_two_letters():
            where = plan.where_sql()
            params = list(plan.params)
            if self._after is not None:
                where += " AND (c.sort_name, c.id) > (?, ?)"
                params += list(self._after)
            sql_from = plan.sql_from if plan.keyset else self._walk_from
            sql = f"SELECT {_ROW_COLUMNS} FROM {sql_from} WHERE {where} ORDER BY c.sort_name, c.id LIMIT ?"
            rows = database.execute_sql(sql, [*params, limit]).fetchall()
            if rows:
                self._after = (rows[-1][8], rows[-1][0])
        elif plan.fts and (self._tiers if self._tiers is not None else self._set_tiers()):
            rows = self._fetch_tiers(limit)
        else:
            sql = f"SELECT {_ROW_COLUMNS} FROM {plan.sql_from} WHERE {plan.where_sql()} ORDER BY {plan.order} LIMIT ? OFFSET ?"
            rows = database.execute_sql(sql, [*plan.params, *plan.order_params, limit, self._fetched]).fetchall()
            if plan.fts and self._fetched == 0 and 1 < len(rows) < min(limit, RANK_LIMIT):
                # The whole result fits in this page, so it is small: let bm25 (the name ten times the
                # rest) order it within each tier. On big results bm25 costs too much per keystroke.
                rows = self._ranked(limit)
        self._fetched += len(rows)
        if len(rows) < limit:
            self._more = False
        added = self.query.sort == SORT_ADDED
        return [_row(r, added) for r in rows]

    def close(self) -> None:
        if self._materialized and not database.is_closed():
            database.execute_sql(f"DROP TABLE IF EXISTS temp.{self._bal}")
            self._materialized = False


def page(q: ListQuery, offset: int, limit: int) -> list[ListRow]:
    """Rows ``offset`` .. ``offset + limit`` of the query (a convenience for tests and the command line)."""
    listing = Listing(q)
    try:
        out: list[ListRow] = []
        while listing.can_fetch_more() and len(out) < offset + limit:
            got = listing.fetch(min(500, offset + limit - len(out)))
            if not got:
                break
            out += got
        return out[offset : offset + limit]
    finally:
        listing.close()


def total_contacts() -> int:
    """Live contacts (not trashed), archived included."""
    return database.execute_sql("SELECT count(*) FROM contact WHERE deleted_at IS NULL").fetchone()[0]


def filter_options() -> FilterOptions:
    """The tags and groups the filters offer, by name."""
    tags = database.execute_sql(
        "SELECT t.id, t.name FROM tag t WHERE EXISTS (SELECT 1 FROM contact_tag ct WHERE ct.tag_id = t.id) "
        "ORDER BY t.name COLLATE NOCASE"
    ).fetchall()
    groups = database.execute_sql(
        "SELECT id, name FROM network_group WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE"
    ).fetchall()
    return FilterOptions(tags=[(r[0], r[1]) for r in tags], groups=[(r[0], r[1]) for r in groups])


def _decay_params(today: dt.date | None) -> list:
    """The parameters of ``_DECAYED_SQL``: today and the half-life (the meter's setting), twice."""
    from desktop.services.timeline import half_life_days

    _ensure_pow()
    day = (today or dt.date.today()).isoformat()
    half_life = half_life_days()
    return [day, half_life, day, half_life]


def _ensure_pow() -> None:
    """SQLite's math functions are a build option: where ``pow`` is missing, Python's stands in."""
    conn = database.connection()
    try:
        conn.execute("SELECT pow(0.5, 1)")
    except sqlite3.OperationalError:
        conn.create_function("pow", 2, math.pow, deterministic=True)


def list_balances(contact_ids: list[int], today: dt.date | None = None) -> dict[int, tuple[float, float]]:
    """contact id -> (given, received) as the balance sort computes them (decayed, see the module note)
    for the contacts named; a contact with no exchange on the meter is left out."""
    if not contact_ids:
        return {}
    marks = ",".join("?" * len(contact_ids))
    sql = _DECAYED_SQL.format(contacts_a=f"WHERE contact_id IN ({marks})", contacts_b=f"AND third_party_id IN ({marks})")
    params = [*contact_ids, *contact_ids, *_decay_params(today)]
    return {r[0]: (r[1], r[2]) for r in database.execute_sql(sql, params).fetchall()}


def photos(contact_ids: list[int]) -> dict[int, bytes]:
    """The photos of these contacts (those that have one), for the list's avatars."""
    if not contact_ids:
        return {}
    marks = ",".join("?" * len(contact_ids))
    sql = f"SELECT contact_id, data FROM contact_photo WHERE contact_id IN ({marks})"
    return {r[0]: bytes(r[1]) for r in database.execute_sql(sql, list(contact_ids)).fetchall()}
