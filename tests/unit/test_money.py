"""Money is exact integer cents, read as a person types it (the CLI and the forms share this parser)."""

import pytest

from desktop.domain.errors import RapportError
from desktop.domain.money import MoneyError, NegativeMoney, format_money, parse_money


@pytest.mark.parametrize(
    "text, cents",
    [("25", 2500), ("25.50", 2550), ("25,50", 2550), ("1,250.00", 125000), ("€25", 2500), ("0.10", 10),
     ("19.99", 1999), ("  7 ", 700)],
)  # fmt: skip
def test_reads_amounts_as_typed(text, cents):
    assert parse_money(text) == cents


@pytest.mark.parametrize("text", ["-25", "-0.50", "twenty", "25.5.5", "1,25,0"])
def test_refuses_negatives_and_junk_with_a_message_for_a_person(text):
    with pytest.raises(MoneyError) as caught:
        parse_money(text)
    assert isinstance(caught.value, RapportError)
    message = str(caught.value)
    negative = text.startswith("-")
    assert isinstance(caught.value, NegativeMoney) == negative
    assert "negative" in message if negative else "not an amount" in message


def test_formats_cents_back():
    assert [format_money(c) for c in (None, 0, 5, 2500, 2550, 125000)] == ["", "0", "0.05", "25", "25.50", "1,250"]
    assert parse_money(format_money(123456789)) == 123456789
