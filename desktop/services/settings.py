"""The person's settings, kept in the database (so they travel with it): JSON values by key, and one
reader per setting, which every service that uses the number calls (the one place it is read).

    half_life_days()        the meter: an exchange's value halves every this many days
    exchange_weights()      what each kind of exchange weighs (1-5) when it is logged; usual_weight(kind)
    weekly_budget()         weight units a week before giving counts as over budget
    default_region()        the phone region for numbers written without +
    circle_cadences()       each keep-in-touch circle's check-in cadence, in days
    trash_keep_days()       how long the trash keeps what was deleted
    backup_retention()      how many daily backups, and weekly ones, are kept
    backup_folder_setting() where backups go ("" = the backups folder beside the database)
    theme()                 "light", "dark" or "system"

``change(key, value)`` checks a value and stores it (``SettingError`` with a message for a person
when it is out of range); ``get_setting``/``set_setting`` read and write raw values.
"""

from __future__ import annotations

import json
import os

from desktop.domain import reciprocity as rules
from desktop.domain.cadence import CIRCLE_CADENCE_DAYS, CIRCLES, NONE
from desktop.domain.errors import RapportError
from desktop.storage.models import Setting

THEMES = ("system", "light", "dark")

DEFAULTS = {
    "half_life_days": rules.DEFAULT_HALF_LIFE_DAYS,
    "exchange_weights": {},  # kind -> weight; kinds left out weigh what domain.reciprocity says
    "weekly_giving_budget": 10,
    "phone_region": "",  # ISO region for numbers written without +; "" = from the locale
    "circle_cadences": {},  # circle -> days; circles left out keep domain.cadence's
    "trash_keep_days": 30,
    "backup_keep_daily": 7,
    "backup_keep_weekly": 4,
    "backup_folder": "",
    "theme": "system",
}

# key -> (smallest, largest) for the whole-number settings
RANGES = {
    "half_life_days": (7, 3650),
    "weekly_giving_budget": (1, 1000),
    "trash_keep_days": (1, 3650),
    "backup_keep_daily": (1, 365),
    "backup_keep_weekly": (0, 520),
}
CADENCE_RANGE = (1, 3650)


class SettingError(RapportError, ValueError):
    """A setting's value that cannot be used, explained for a person."""


def get_setting(key: str, default=None):
    fallback = DEFAULTS.get(key) if default is None else default
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return fallback
    try:
        return json.loads(row.value)
    except ValueError:
        return fallback


def set_setting(key: str, value) -> None:
    Setting.insert(key=key, value=json.dumps(value)).on_conflict_replace().execute()


def _whole(key: str, value) -> int:
    low, high = RANGES[key]
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SettingError(f"{value!r} is not a whole number.") from None
    if not low <= number <= high:
        raise SettingError(f"Choose a number from {low} to {high}.")
    return number


def change(key: str, value) -> None:
    """Check ``value`` for setting ``key`` and store it; the services read it from the next call on."""
    if key in RANGES:
        value = _whole(key, value)
    elif key == "exchange_weights":
        value = {str(k): int(v) for k, v in dict(value).items()}
        for kind, weight in value.items():
            if kind not in rules.DEFAULT_WEIGHTS:
                raise SettingError(f"{kind!r} is not a kind of exchange.")
            if not rules.MIN_WEIGHT <= weight <= rules.MAX_WEIGHT:
                raise SettingError(f"A weight is from {rules.MIN_WEIGHT} to {rules.MAX_WEIGHT}.")
    elif key == "circle_cadences":
        value = {str(k): int(v) for k, v in dict(value).items()}
        for circle, days in value.items():
            if circle not in CIRCLES or circle == NONE:
                raise SettingError(f"{circle!r} is not a keep-in-touch circle.")
            if not CADENCE_RANGE[0] <= days <= CADENCE_RANGE[1]:
                raise SettingError(f"A cadence is from {CADENCE_RANGE[0]} to {CADENCE_RANGE[1]} days.")
    elif key == "phone_region":
        value = str(value or "").strip().upper()
        if value and (len(value) != 2 or not value.isalpha()):
            raise SettingError("A region is two letters, such as GB, US or DE (or empty: from the system).")
    elif key == "theme":
        if value not in THEMES:
            raise SettingError(f"The theme is one of {', '.join(THEMES)}.")
    elif key == "backup_folder":
        from desktop.services import backup

        value = backup.choose_folder(str(value or ""))
    elif key not in DEFAULTS:
        raise SettingError(f"There is no setting called {key!r}.")
    set_setting(key, value)


# --------------------------------------------------------------------------- the readers


def half_life_days() -> float:
    return float(get_setting("half_life_days") or rules.DEFAULT_HALF_LIFE_DAYS)


def exchange_weights() -> dict[str, int]:
    """kind -> the weight an exchange of that kind starts with (the domain's, with the person's changes)."""
    chosen = get_setting("exchange_weights") or {}
    return {kind: int(chosen.get(kind, weight)) for kind, weight in rules.DEFAULT_WEIGHTS.items()}


def usual_weight(kind: str) -> int:
    """What a new exchange of ``kind`` weighs unless the person says otherwise (1 for an unknown kind)."""
    return exchange_weights().get(kind, 0) or rules.MIN_WEIGHT


def weekly_budget() -> int:
    return int(get_setting("weekly_giving_budget"))


def circle_cadences() -> dict[str, int | None]:
    """circle -> days between check-ins (None for no circle)."""
    chosen = get_setting("circle_cadences") or {}
    return {circle: (int(chosen[circle]) if circle in chosen else days) for circle, days in CIRCLE_CADENCE_DAYS.items()}


def trash_keep_days() -> int:
    return int(get_setting("trash_keep_days"))


def backup_retention() -> tuple[int, int]:
    """(daily backups kept, weekly backups kept)."""
    return int(get_setting("backup_keep_daily")), int(get_setting("backup_keep_weekly"))


def backup_folder_setting() -> str:
    return str(get_setting("backup_folder") or "")


def theme() -> str:
    value = get_setting("theme")
    return value if value in THEMES else "system"


def default_region() -> str | None:
    """The phone region for numbers written without a country code: the setting, else the locale."""
    region = (get_setting("phone_region") or "").strip().upper()
    if region:
        return region
    for var in ("LC_ALL", "LC_TELEPHONE", "LANG"):
        value = os.environ.get(var, "")
        lang = value.split(".")[0]
        if "_" in lang and len(lang.split("_")[1]) == 2:
            return lang.split("_")[1].upper()
    return None
