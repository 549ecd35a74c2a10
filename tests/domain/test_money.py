"""Parsing pounds into integer pence and formatting pence for people."""
import pytest

from claims.domain.money import (
    MSG_DECIMALS,
    MSG_EMPTY,
    MSG_NEGATIVE,
    MSG_NOT_NUMBER,
    MSG_TOO_LARGE,
    format_pence,
    parse_pounds,
)


@pytest.mark.parametrize("text, pence", [
    ("12", 1200),
    ("12.5", 1250),
    ("12.50", 1250),
    ("12.", 1200),
    (".5", 50),
    ("0", 0),
    ("0.01", 1),
    ("£1,234.56", 123456),
    (" 1234.5 ", 123450),
    ("£ 75", 7500),
    ("1,000,000", 100_000_000),
    ("10000000", 1_000_000_000),
    ("£10,000,000.00", 1_000_000_000),
    ("0.10", 10),
    ("19.99", 1999),
])
def test_parse_pounds_accepts(text, pence):
    assert parse_pounds(text) == pence
    assert isinstance(parse_pounds(text), int)


@pytest.mark.parametrize("text, message", [
    ("", MSG_EMPTY),
    ("   ", MSG_EMPTY),
    ("£", MSG_EMPTY),
    (None, MSG_EMPTY),
    ("-5", MSG_NEGATIVE),
    ("-£5", MSG_NEGATIVE),
    ("£-5.00", MSG_NEGATIVE),
    ("\u22125", MSG_NEGATIVE),
    ("12.555", MSG_DECIMALS),
    ("0.001", MSG_DECIMALS),
    ("abc", MSG_NOT_NUMBER),
    ("12abc", MSG_NOT_NUMBER),
    ("1e3", MSG_NOT_NUMBER),
    ("NaN", MSG_NOT_NUMBER),
    ("Infinity", MSG_NOT_NUMBER),
    ("+5", MSG_NOT_NUMBER),
    ("1,23", MSG_NOT_NUMBER),
    ("12,34.5", MSG_NOT_NUMBER),
    ("1.2.3", MSG_NOT_NUMBER),
    ("$5", MSG_NOT_NUMBER),
    ("10000000.01", MSG_TOO_LARGE),
    ("£99,999,999", MSG_TOO_LARGE),
])
def test_parse_pounds_rejects_with_plain_message(text, message):
    with pytest.raises(ValueError) as error:
        parse_pounds(text)
    assert str(error.value) == message


def test_decimal_places_message_is_the_agreed_wording():
    assert MSG_DECIMALS == "Enter an amount with no more than 2 decimal places, like 12.50"


@pytest.mark.parametrize("pence, text", [
    (0, "£0.00"),
    (1, "£0.01"),
    (50, "£0.50"),
    (1200, "£12.00"),
    (123456, "£1,234.56"),
    (100_000_000, "£1,000,000.00"),
    (-500, "-£5.00"),
    (-123456, "-£1,234.56"),
])
def test_format_pence(pence, text):
    assert format_pence(pence) == text


@pytest.mark.parametrize("value", [12.5, "1200", True, None])
def test_format_pence_refuses_anything_but_int(value):
    with pytest.raises(TypeError):
        format_pence(value)


@pytest.mark.parametrize("text", ["0.01", "12.50", "£1,234.56", "10,000,000"])
def test_round_trip(text):
    assert parse_pounds(format_pence(parse_pounds(text))) == parse_pounds(text)
