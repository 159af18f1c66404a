"""The person's settings, kept in the database (so they travel with it): JSON values by key."""

from __future__ import annotations

import json
import os

from desktop.storage.models import Setting

DEFAULTS = {
    "half_life_days": 180,  # the meter: an exchange's value halves every this many days
    "weekly_giving_budget": 10,  # weight units a week before giving counts as over budget
    "phone_region": "",  # ISO region for numbers written without +; "" = from the locale
}


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
