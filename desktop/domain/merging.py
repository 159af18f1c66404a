"""Merging contacts a person confirmed are one: what agrees, what conflicts, and the merged contact.

``plan_merge(keep, others)`` lists, field by field, the values the contacts
hold, so the window can show them side by side and offer a choice where
they differ. ``merge(keep, others, choices)`` builds the merged contact: it
starts from ``keep``, fills its empty fields and unions the lists (phones,
emails, addresses, urls, social profiles, messaging handles, tags) with
``matching.merge``, the rule the import uses; then each choice sets a field
to the value the person picked. Two different notes are joined rather than
one dropped, unless the person picks one. ``merge_relationship`` combines
what only Rapport keeps (circle, cadence, priority, how you met). Nothing here
touches storage: keeping the timelines of both and undoing the merge are the service's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop.domain import names
from desktop.domain import phones as phone_numbers
from desktop.domain.cadence import CIRCLES, NONE
from desktop.domain.contact import ContactData, fold_text
from desktop.domain.errors import RapportError
from desktop.domain.matching import merge as merge_into

NAME = "name"  # one choice for the whole name: its parts go together
_NAME_PARTS = ("prefix", "given_name", "additional_name", "family_name", "suffix", "full_name")
# (field, label for a person), in the order a contact card shows them.
FIELDS = (
    (NAME, "Name"), ("nickname", "Nickname"), ("organization", "Company"), ("department", "Department"),
    ("title", "Job title"), ("role", "Role"), ("birthday", "Birthday"), ("anniversary", "Anniversary"),
    ("connected_on", "Connected on"), ("note", "Note"),
)  # fmt: skip
_LISTS = ("phones", "emails", "addresses", "urls", "social_profiles", "instant_messages", "tags")
NOTE_SEPARATOR = "\n\n"


class MergeChoiceError(RapportError, ValueError):
    """A choice names a field or a value the contacts do not hold; the message is meant for a person."""


@dataclass(frozen=True)
class FieldPlan:
    field: str  # "name", "organization", "birthday", ...
    label: str  # "Name", "Company", ...
    values: tuple[tuple[int, str], ...]  # (0 for keep, 1.. for others in order, the text) per distinct value
    default: str  # what merge() takes when no choice is given

    @property
    def conflict(self) -> bool:
        """True when the contacts hold different values: the window offers a choice."""
        return len(self.values) > 1


@dataclass(frozen=True)
class MergePlan:
    fields: tuple[FieldPlan, ...]  # every field at least one of the contacts has a value for
    added: dict[str, int]  # list field -> how many items the others add to keep's ("phones": 2)

    @property
    def conflicts(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.fields if f.conflict)

    @property
    def agreed(self) -> tuple[FieldPlan, ...]:
        return tuple(f for f in self.fields if not f.conflict)


def name_text(c: ContactData) -> str:
    """The name as a choice shows it: the full name, else the structured parts."""
    return c.display_name() if (c.full_name.strip() or c.given_name.strip() or c.family_name.strip()) else ""


def _value(c: ContactData, field: str) -> str:
    return name_text(c) if field == NAME else getattr(c, field).strip()


def _same(a: str, b: str) -> bool:
    return " ".join(fold_text(a).split()) == " ".join(fold_text(b).split()) if a != b else True


def _distinct(contacts: Sequence[ContactData], field: str) -> tuple[tuple[int, str], ...]:
    out: list[tuple[int, str]] = []
    for i, c in enumerate(contacts):
        text = _value(c, field)
        if field in (NAME, "note"):
            seen = any(text == t for _, t in out)  # a name or note in other case or accents is a real choice
        else:
            seen = any(_same(text, t) for _, t in out)
        if text and not seen:
            out.append((i, text))
    return tuple(out)


def _default(field: str, values: tuple[tuple[int, str], ...]) -> str:
    if field == "note" and len(values) > 1:
        return NOTE_SEPARATOR.join(t for _, t in values)
    return values[0][1]


def plan_merge(
    keep: ContactData, others: Sequence[ContactData], default_region: str | None = phone_numbers.DEFAULT_REGION
) -> MergePlan:
    """Field by field, what ``keep`` and ``others`` hold: agreed values, conflicts to choose from, what lists gain."""
    contacts = [keep, *others]
    fields = []
    for field, label in FIELDS:
        values = _distinct(contacts, field)
        if values:
            fields.append(FieldPlan(field, label, values, _default(field, values)))
    merged = merge(keep, others, default_region=default_region)
    added = {name: len(getattr(merged, name)) - len(getattr(keep, name)) for name in _LISTS}
    return MergePlan(tuple(fields), {k: v for k, v in added.items() if v})


def merge(
    keep: ContactData,
    others: Sequence[ContactData],
    choices: Mapping[str, str] | None = None,
    default_region: str | None = phone_numbers.DEFAULT_REGION,
) -> ContactData:
    """``keep`` with the empty fields filled from ``others``, every list unioned, and ``choices`` applied.

    ``choices`` maps a field of ``FIELDS`` (``"name"`` for the whole name) to
    one of the values the contacts hold for it, as ``plan_merge`` lists them;
    anything else raises ``MergeChoiceError``. Two different notes are joined
    unless a choice picks one. The inputs are not changed.
    """
    contacts = [keep, *others]
    out = keep
    for other in others:
        out = merge_into(out, other, default_region)
    if out is keep:
        out = merge_into(keep, ContactData(), default_region)  # a copy
    notes = _distinct(contacts, "note")
    if len(notes) > 1:
        out.note = _default("note", notes)
    for field, value in (choices or {}).items():
        _apply(out, contacts, field, value)
    _keep_short_form(out, contacts)
    return out


def _apply(out: ContactData, contacts: list[ContactData], field: str, value: str) -> None:
    known = dict(FIELDS)
    if field not in known:
        raise MergeChoiceError(f"There is no field {field!r} to choose; the fields are: {', '.join(known)}.")
    values = _distinct(contacts, field)
    if field == "note" and len(values) > 1 and value == _default("note", values):
        out.note = value
        return
    source = next((contacts[i] for i, text in values if text == value), None)
    if source is None:
        shown = "; ".join(repr(t) for _, t in values) or "none"
        raise MergeChoiceError(f"{known[field]}: {value!r} is not one of the values to choose from ({shown}).")
    if field == NAME:
        for part in _NAME_PARTS:
            setattr(out, part, getattr(source, part))
        if not out.full_name.strip():
            out.full_name = name_text(source)
    else:
        setattr(out, field, getattr(source, field))


def _keep_short_form(out: ContactData, contacts: list[ContactData]) -> None:
    """When the merged name is "Robert" and another contact called him "Bob", keep Bob as the nickname."""
    if out.nickname.strip():
        return
    kept = names.person_name(out).given
    if not kept:
        return
    nick = names.nicknames()
    for c in contacts:
        person = names.person_name(c)
        if not person.given or person.given == kept:
            continue
        relation = nick.relation(person.given, kept)
        if relation is not None and relation[1] and not relation[2]:
            out.nickname = person.shown_given or person.given.capitalize()
            return


@dataclass(frozen=True)
class Relationship:
    """What only Rapport keeps about a person (no vCard carries it), as a merge combines it."""

    met_how: str = ""
    interests: str = ""
    circle: str = ""  # cadence.CIRCLES or "" (none)
    cadence_days: int | None = None
    priority: int = 0
    met_event_id: int | None = None


def _join_texts(texts: Sequence[str]) -> str:
    out: list[str] = []
    for text in texts:
        text = text.strip()
        if text and not any(_same(text, t) for t in out):
            out.append(text)
    return "\n".join(out)


def merge_relationship(keep: Relationship, others: Sequence[Relationship]) -> Relationship:
    """The relationship of the merged contact: how you met and interests joined (each once), the closest
    circle and the shortest cadence any of them had, the highest priority, keep's event met at or else
    the first other's. Being close to one of the two means being close to the person."""
    every = [keep, *others]
    circles = [r.circle for r in every if r.circle in CIRCLES and r.circle != NONE]
    cadences = [r.cadence_days for r in every if r.cadence_days]
    events = [r.met_event_id for r in every if r.met_event_id is not None]
    return Relationship(
        met_how=_join_texts([r.met_how for r in every]),
        interests=_join_texts([r.interests for r in every]),
        circle=min(circles, key=CIRCLES.index) if circles else keep.circle,
        cadence_days=min(cadences) if cadences else keep.cadence_days,
        priority=max(r.priority for r in every),
        met_event_id=events[0] if events else None,
    )
