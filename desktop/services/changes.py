"""What changed since a slow result was computed: counters the database keeps by triggers (one per
topic, see ``storage.migrations``), and a cache that holds one result until its topics change.

The knows graph takes seconds to build on 100,000 contacts and the matcher over 2,000 people with
needs and offers about a second: the window asks for them on every Today read and every path
query, so they are computed once and reused while nothing they rest on changed, whichever process
wrote (the command line counts too).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

from desktop.storage.db import database

KNOWS, EXCHANGES, NEEDS, PEOPLE, FEEDBACK, SETTINGS = "knows", "exchanges", "needs", "people", "feedback", "settings"
TOPICS = (KNOWS, EXCHANGES, NEEDS, PEOPLE, FEEDBACK, SETTINGS)

T = TypeVar("T")


def counts() -> dict[str, int]:
    """topic -> how many changes the database has counted for it."""
    return dict(database.connection().execute("SELECT topic, n FROM change_count"))


class Cached(Generic[T]):
    """One result of ``compute(*args)``, kept while the counters of ``topics`` (and the database file
    and the arguments) stay the same. Safe across threads: one computes, the others wait for it."""

    def __init__(self, topics: Iterable[str], compute: Callable[..., T]):
        self.topics = tuple(topics)
        self.compute = compute
        self._lock = threading.Lock()
        self._key: Hashable = None
        self._value: T | None = None

    def key(self, *args: Hashable) -> Hashable:
        now = counts()
        return (database.database, tuple(now.get(t) for t in self.topics), args)

    def get(self, *args: Hashable, **inputs) -> T:
        """The result for ``args``; ``inputs`` are values the caller has read already (the exchanges,
        say), passed on to ``compute`` but no part of the key: the counters stand for them."""
        with self._lock:
            key = self.key(*args)
            if key != self._key:
                self._value = self.compute(*args, **inputs)
                self._key = key  # only once computed: a failure leaves nothing half-cached
            return self._value  # type: ignore[return-value]

    def fresh(self, *args: Hashable) -> bool:
        """Whether ``get(*args)`` would answer at once."""
        with self._lock:
            return self._key == self.key(*args)

    def clear(self) -> None:
        with self._lock:
            self._key = self._value = None
