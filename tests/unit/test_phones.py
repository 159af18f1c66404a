"""Phone numbers normalised for matching."""

from __future__ import annotations

import pytest

from desktop.domain.phones import normalize


@pytest.mark.parametrize(
    ("number", "region", "expected"),
    [
        ("+49 30 1234567", "US", "+49301234567"),
        ("030 1234567", "DE", "+49301234567"),
        ("(212) 555-0100", "US", "+12125550100"),
        ("+1-212-555-0100", None, "+12125550100"),
        ("tel:+1-212-555-0100", None, "+12125550100"),
        ("0612345671", "NL", "+31612345671"),
        ("+44 20 7946 0958", "de", "+442079460958"),
    ],
)
def test_e164_when_parseable(number, region, expected):
    assert normalize(number, region) == expected


def test_same_number_written_differently_matches():
    forms = ["+49 30 1234567", "0049 30 1234567", "030/123 45 67", "+49 (0)30 1234567"]
    assert {normalize(f, "DE") for f in forms} == {"+49301234567"}


def test_digits_when_not_parseable():
    assert normalize("020 7946 0958", None) == "02079460958"  # no region, no country code
    assert normalize("12", "US") == "12"


def test_no_digits_is_empty():
    assert normalize("", "US") == ""
    assert normalize("n/a", "US") == ""


def test_extension_kept_apart():
    a = normalize("+1 212 555 0100 ext. 12", "US")
    b = normalize("+1 212 555 0100 ext. 13", "US")
    assert a == "+12125550100;ext=12"
    assert a != b
