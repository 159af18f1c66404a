"""The numbers Help → How Rapport works quotes, read where the rules and the settings keep them (never
copied here), so the guide says what this database does today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.domain import cadence, reciprocity
from desktop.domain import introductions as intro_rules
from desktop.domain import today as today_rules
from desktop.services import settings, trash


@dataclass(frozen=True)
class GuideNumbers:
    half_life_days: float  # the meter: an exchange's weight halves every this many days
    weekly_budget: int  # weight given a week before it counts as over budget
    ask_cost: int  # the rule of three: gifts (weight units) an ask costs
    balanced_margin: float
    one_sided_min: float
    one_sided_ratio: float
    circles: list[tuple[str, int]]  # (circle name, days between check-ins), closest first
    follow_up_days: int  # after meeting someone at an event
    thank_after_days: int
    outcome_after_days: int
    birthday_days: int  # birthdays show this many days ahead
    not_now_days: int  # "not now" on a suggested introduction wears off over this many days
    trash_days: int
    daily_backups: int
    weekly_backups: int


def numbers() -> GuideNumbers:
    day = dt.date(2000, 1, 1)
    cadences = settings.circle_cadences()
    circles = []
    for code in cadence.CIRCLES:
        days = cadences.get(code)
        if days:
            circles.append((cadence.CIRCLE_LABELS.get(code, code), days))
    daily_backups, weekly_backups = settings.backup_retention()
    return GuideNumbers(
        half_life_days=settings.half_life_days(),
        weekly_budget=settings.weekly_budget(),
        ask_cost=reciprocity.ASK_COST,
        balanced_margin=reciprocity.BALANCED_MARGIN,
        one_sided_min=reciprocity.ONE_SIDED_MIN_DIFF,
        one_sided_ratio=reciprocity.ONE_SIDED_RATIO,
        circles=circles,
        follow_up_days=(today_rules.follow_up_due(day) - day).days,
        thank_after_days=today_rules.THANK_AFTER_DAYS,
        outcome_after_days=today_rules.OUTCOME_AFTER_DAYS,
        birthday_days=today_rules.BIRTHDAY_WINDOW_DAYS,
        not_now_days=intro_rules.NOT_NOW_DAYS,
        trash_days=trash.keep_days(),
        daily_backups=daily_backups,
        weekly_backups=weekly_backups,
    )
