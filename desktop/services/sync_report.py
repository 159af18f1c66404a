"""What a sync tells its caller: the counts both ways, the conflicts it recorded, notes, and, in
``sync_all``, each account's report or the error that stopped it. (The engine is ``services.sync``.)"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from desktop.services.carddav_client import CardDavError


class SyncError(CardDavError):
    """A sync that failed; nothing half-done was kept locally. The message is one line."""


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    deleted: int = 0

    def as_json(self) -> dict:
        return {"added": self.added, "updated": self.updated, "deleted": self.deleted}


@dataclass(frozen=True)
class ConflictNote:
    contact: str
    field: str
    kept: str
    other: str


@dataclass
class SyncReport:
    account: str
    pulled: Counts = field(default_factory=Counts)
    pushed: Counts = field(default_factory=Counts)
    conflicts: list[ConflictNote] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # cards re-uploaded or restored, cards that could not be read
    cancelled: bool = False

    def as_json(self) -> dict:
        """One account's object of ``rapport sync --json`` (a contract)."""
        return {
            "account": self.account,
            "pulled": self.pulled.as_json(),
            "pushed": self.pushed.as_json(),
            "conflicts": [dataclasses.asdict(c) for c in self.conflicts],
        }

    def summary(self) -> str:
        p, q = self.pulled, self.pushed
        text = (
            f"{self.account}: pulled {p.added} added, {p.updated} updated, {p.deleted} deleted; "
            f"pushed {q.added} added, {q.updated} updated, {q.deleted} deleted"
        )
        if self.conflicts:
            text += f"; {len(self.conflicts)} conflict{'s' if len(self.conflicts) != 1 else ''} to review"
        return text + ("; cancelled" if self.cancelled else "") + "."


@dataclass(frozen=True)
class SyncOutcome:
    """One account's result in ``sync_all``: a report, or the one-line error that stopped it."""

    account: str
    report: SyncReport | None
    error: str | None
    exception: CardDavError | None = None  # the error itself: its kind and HTTP status (401: the password)
