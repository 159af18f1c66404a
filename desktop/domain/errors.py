"""The one base of every error meant for a person: its message says what went wrong in plain words.

Services raise a subclass (with the message to show) for input that cannot be acted on or a file that
cannot be used; forms and the command line show those messages as they are. Anything else that
escapes is a bug, not something to tell a person to fix.
"""

from __future__ import annotations


class RapportError(Exception):
    """An error meant for a person: ``str(exc)`` is the message to show them."""


class NetworkError(RapportError, ValueError):
    """Input to the network's features (logging, Today, introductions, circles, needs and offers) that
    cannot be acted on, explained for a person; nothing is written when one is raised."""
