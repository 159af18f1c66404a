"""What a contact is found by: the folded text kept in the full-text index, and
how a typed query becomes terms for it.

The index is an FTS5 table with the trigram tokenizer over *folded* text
(case and accents removed in Python, because SQLite 3.40's trigram cannot
fold accents), so ``garcia`` finds García and ``ller`` finds Müller. Phone
numbers are indexed as bare digits so that any formatting of the query
matches any formatting of the number.
"""

from __future__ import annotations

import re

from desktop.domain.contact import UNNAMED, ContactData, fold_text

_NON_DIGITS = re.compile(r"\D+")
_PHONE_QUERY = re.compile(r"^[\d\s()+\-./]+$")


def digits(text: str) -> str:
    return _NON_DIGITS.sub("", text)


def index_text(data: ContactData) -> tuple[str, str]:
    """(name column, other column) for the search index."""
    name_parts = [
        data.display_name(),
        data.given_name,
        data.additional_name,
        data.family_name,
        data.nickname,
    ]
    other_parts = [data.organization, data.department, data.title, data.role]
    other_parts += [e.value for e in data.emails]
    other_parts += [digits(p.value) for p in data.phones]
    other_parts += data.tags
    other_parts += [a.city for a in data.addresses] + [a.country for a in data.addresses]
    other_parts.append(data.note)
    name = fold_text(" ".join(dict.fromkeys(p for p in name_parts if p)))
    other = fold_text(" ".join(p for p in other_parts if p))
    return name, other


def sort_key(data: ContactData) -> str:
    """The folded display name: what the list is ordered by (a nameless contact sorts as "Unnamed
    contact", not first)."""
    return fold_text(data.display_name() or UNNAMED)


def query_terms(query: str) -> list[str]:
    """Split what was typed into folded terms; a phone-like query becomes one digit string."""
    query = query.strip()
    if not query:
        return []
    if _PHONE_QUERY.match(query) and len(digits(query)) >= 3:
        return [digits(query)]
    return [t for t in fold_text(query).split() if t]


def fts_phrase(term: str) -> str:
    """A term quoted as an FTS5 string, so that no character of it is read as query syntax."""
    return '"' + term.replace('"', '""') + '"'
