"""Table models for the Network page: the groups and their return (compact: what went in, what came
back), the strongest relationships, on ``models.rows.RowsTableModel``.
"""

from __future__ import annotations

from desktop.domain.money import format_money
from desktop.ui.models.contact_list_model import band_chip
from desktop.ui.models.rows import Column, RowsTableModel

def came_back_words(r) -> str:
    """ "4 referrals, 1 favour": what its members gave you, last 12 months."""
    parts = []
    if r.referrals:
        parts.append(f"{r.referrals} referral{'s' if r.referrals != 1 else ''}")
    if r.favours:
        parts.append(f"{r.favours} favour{'s' if r.favours != 1 else ''}")
    other = r.received_weight and not parts
    return ", ".join(parts) or ("other help" if other else "nothing yet")


class GroupReturnModel(RowsTableModel):
    """Groups with what went in against what their members gave back, last 12 months, in a few words."""

    columns = (
        Column("Group", lambda r: r.name, tip="The group"),
        Column("Hours", lambda r: f"{r.hours:g}", lambda r: r.hours, "Hours at its events, last 12 months", True),
        Column("Spent", lambda r: format_money(r.money_cents), lambda r: r.money_cents,
               "The yearly fee plus the cost of its events, last 12 months", True),
        Column("Came back", came_back_words, lambda r: (r.received_weight, r.referrals),
               "Referrals and favours from its members, last 12 months"),
    )  # fmt: skip

    def id_of(self, row) -> int:
        return row.group_id


class RelationModel(RowsTableModel):
    """The strongest relationships: the meter's band in words, and what went each way (decayed)."""

    columns = (
        Column("Name", lambda r: r.name, tip="The contact"),
        Column("Balance", lambda r: band_chip(r.given, r.received)[0], lambda r: r.given - r.received,
               "Where the relationship stands (the meter's band)"),
        Column("Given", lambda r: f"{r.given:.1f}", lambda r: r.given, "What you gave, decayed", True),
        Column("Received", lambda r: f"{r.received:.1f}", lambda r: r.received, "What you received, decayed", True),
    )  # fmt: skip

    def id_of(self, row) -> int:
        return row.contact_id
