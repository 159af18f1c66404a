"""The meter a person reads at a glance (issue 10): given and received as plain numbers in visible child
labels, a diverging bar whose needle stands in the zone its words name, the band and the asks in
words, "nothing logged yet", a 12-month sparkline, and an explanation of the weights and the half-life
with the current settings' numbers. One widget, on the contact page and on the Network page."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QLabel

from desktop.domain import reciprocity as rules
from desktop.domain.contact import ContactData
from desktop.services import contacts, settings, timeline
from desktop.ui.style import colors
from desktop.ui.widgets.contact_page import ContactPage
from desktop.ui.widgets.reciprocity_meter import ReciprocityMeter, horizon

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def ana(db):
    return contacts.add_contact(ContactData(full_name="Ana Lima"))


@pytest.fixture
def page(qtbot, db):
    p = ContactPage(today=lambda: TODAY)
    qtbot.addWidget(p)
    p.resize(900, 700)
    p.show()
    return p


def shown(meter: ReciprocityMeter) -> dict[str, str]:
    """The meter's labels a person sees, by object name."""
    return {lab.objectName(): lab.text() for lab in meter.findChildren(QLabel) if lab.isVisibleTo(meter) and lab.objectName()}


def test_nothing_logged_yet_says_so_with_no_needle(page, ana):
    page.show_contact(ana)
    meter = page.meter
    assert meter.objectName() == "reciprocityMeter"
    assert shown(meter) == {"meterEmpty": "Nothing logged yet: log what you give and receive, and the balance shows here."}
    assert meter.text() == "Nothing logged yet" and meter.bar.lean is None and meter.is_empty()
    assert not meter.bar.isVisible()  # no needle at "balanced": no bar at all until something is logged


def test_given_and_received_in_plain_numbers_with_the_band_and_the_asks(page, ana):
    timeline.log_exchange([ana], "favour", "given", TODAY, weight=4)
    timeline.log_exchange([ana], "referral", "received", TODAY - dt.timedelta(days=10), weight=5)
    timeline.log_exchange([ana], "advice", "received", TODAY - dt.timedelta(days=3), weight=2)
    page.show_contact(ana)
    labels = shown(page.meter)
    assert labels["meterGiven"] == "You gave 4"
    assert labels["meterReceived"] == "They gave 7"
    assert labels["meterPeriod"] == "in the last year, recent counts most"
    assert labels["meterBand"] == "They have given more: time to give back"
    assert labels["meterAsks"] == "It can bear an ask"
    assert labels["sparklineCaption"] == "12 months"
    assert page.meter.text() == "They have given more: time to give back · It can bear an ask"
    lean = page.meter.lean()
    assert -rules.ONE_SIDED_ZONE < lean <= -rules.BALANCED_ZONE  # in the "They gave more" zone


def test_the_caption_and_the_needle_agree(qtbot, db, ana):
    """A trace of giving reads "Balanced", and the needle stands in the balanced zone (it used to lean
    a quarter of the way to "You gave more" under the same words)."""
    meter = ReciprocityMeter()
    qtbot.addWidget(meter)
    reading = timeline.reading_of(ana, "Ana Lima", 0.9, 0.0, 0, [])
    meter.set_reading(reading)
    assert shown(meter)["meterBand"] == "Balanced"
    assert abs(meter.lean()) < rules.BALANCED_ZONE and meter.bar.lean == meter.lean()
    assert shown(meter)["meterAsks"] == "Give before you ask: about three gifts for every ask"
    meter.set_reading(timeline.reading_of(ana, "Ana Lima", 9.0, 0.0, 0, []))
    assert shown(meter)["meterBand"] == rules.ONE_SIDED_YOU_LABEL and meter.lean() >= rules.ONE_SIDED_ZONE
    # One-sided toward you: no ask suggested (the rule Today and the Network page follow), though the
    # rule of three alone would allow three.
    assert shown(meter)["meterAsks"] == "Nothing has come back yet: no ask suggested"
    meter.set_reading(timeline.reading_of(ana, "Ana Lima", 9.0, 4.0, 0, []))  # a two-way flow
    assert shown(meter)["meterAsks"] == "It can bear 3 asks"
    meter.set_empty()
    assert meter.text() == "Nothing logged yet"


def test_the_sparkline_holds_twelve_months_of_balance(page, ana):
    timeline.log_exchange([ana], "favour", "given", TODAY - dt.timedelta(days=100), weight=3)
    page.show_contact(ana)
    series = page.meter.sparkline.series
    assert len(series) == 12 and (series[-1].year, series[-1].month) == (2026, 11)
    assert series[0].balance == 0 and series[8].balance > series[-1].balance > 0  # given in August, fading
    assert page.meter.sparkline.isVisible()
    assert "at the end of Dec 2025" in page.meter.sparkline.accessibleDescription()


def test_hover_explains_the_weights_and_the_half_life_of_the_current_settings(page, ana):
    timeline.log_exchange([ana], "favour", "given", TODAY)
    page.show_contact(ana)
    text = page.meter.accessibleDescription()
    assert "halves every 180 days" in text and "favour 2" in text and "introduction 3" in text
    assert "halves every 180 days" in page.meter.toolTip()
    settings.change("half_life_days", 90)
    settings.change("exchange_weights", {"favour": 4})
    page.show_contact(ana)
    assert "halves every 90 days" in page.meter.accessibleDescription() and "favour 4" in page.meter.toolTip()
    assert shown(page.meter)["meterPeriod"] == "in the last 6 months, recent counts most"


def test_horizon_words():
    assert horizon(180) == "the last year"
    assert horizon(90) == "the last 6 months"
    assert horizon(14) == "the last 28 days"
    assert horizon(365) == "the last 2 years"


def test_the_meter_paints_every_state_in_light_and_dark(qtbot, db, ana):
    meter = ReciprocityMeter()
    qtbot.addWidget(meter)
    meter.resize(420, meter.sizeHint().height())
    series = rules.balance_series([], TODAY)
    for palette in (colors.light_palette(), colors.dark_palette()):
        meter.setPalette(palette)
        for given, received in ((5, 0), (0, 5), (2, 2), (0.2, 0)):
            meter.set_reading(timeline.reading_of(ana, "Ana", given, received, 0, series))
            assert not meter.grab().isNull()
        meter.set_empty()
        assert not meter.grab().isNull()
