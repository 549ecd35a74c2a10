"""The rules of a claim's end (claims.domain.outcomes): an offer's outcome is given once, an open offer lapses
after its last day, only an open offer takes the client's instruction, a settlement pays some damages, and a
claim reopens to the status it closed from."""
from __future__ import annotations

from datetime import date

import pytest

from claims.domain import outcomes as rules
from claims.domain.status import TRANSITIONS

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize("status, moves_to", [
    ("letter_of_claim_sent", "negotiation"), ("response_received", "negotiation"),
    ("negotiation", None), ("proceedings", None)])
def test_recording_an_offer_moves_the_claim_to_negotiation_once(status, moves_to):
    assert rules.status_after_offer(status) == moves_to
    assert moves_to is None or moves_to in TRANSITIONS[status]


@pytest.mark.parametrize("status", ["submitted", "cfa_signed", "settled", "closed_won", "withdrawn"])
def test_no_offer_before_the_letter_of_claim_or_after_settling(status):
    with pytest.raises(rules.OutcomeError):
        rules.status_after_offer(status)


@pytest.mark.parametrize("outcome, expires_on, state", [
    (None, None, "open"), (None, TODAY, "open"), (None, date(2026, 11, 29), "lapsed"),
    ("accepted", date(2026, 11, 1), "accepted"), ("countered", None, "countered")])
def test_an_offer_is_open_until_the_end_of_its_last_day(outcome, expires_on, state):
    assert rules.offer_state(outcome, expires_on, TODAY) == state
    assert rules.may_instruct(outcome, expires_on, TODAY) is (state == "open")


def test_an_outcome_is_given_once_not_in_the_future_and_not_accepted_after_expiry():
    rules.check_outcome(None, "rejected", expires_on=None, outcome_on=TODAY, today=TODAY)
    for current, outcome, on, expiry, message in [
        ("rejected", "accepted", TODAY, None, "already rejected"),
        (None, "accepted", date(2026, 12, 1), None, "future"),
        (None, "accepted", TODAY, date(2026, 11, 20), "lapsed by then"),
        (None, "agreed", TODAY, None, "not an outcome"),
    ]:
        with pytest.raises(rules.OutcomeError, match=message):
            rules.check_outcome(current, outcome, expires_on=expiry, outcome_on=on, today=TODAY)


def test_a_settlement_adds_general_and_special_damages_and_keeps_costs_beside_them():
    figures = rules.SettlementFigures(general_pence=400_000, special_pence=4_560, costs_pence=275_000)
    assert (figures.damages_pence, figures.total_pence) == (404_560, 679_560)
    with pytest.raises(rules.OutcomeError, match="pays some damages"):
        rules.SettlementFigures(0, 0, 100)
    with pytest.raises(rules.OutcomeError):
        rules.SettlementFigures(-1, 100, 0)
    with pytest.raises(rules.OutcomeError):
        rules.SettlementFigures(True, 100, 0)


def test_closing_and_reopening():
    assert rules.may_close("settled", "closed_won") and not rules.may_close("settled", "closed_lost")
    assert rules.may_close("proceedings", "closed_lost") and not rules.may_close("negotiation", "closed_won")
    assert rules.is_read_only("closed_won") and not rules.is_read_only("declined")
    history = [(None, "submitted"), ("submitted", "accepted"), ("accepted", "cfa_sent"), ("cfa_sent", "cfa_signed"),
               ("cfa_signed", "letter_of_claim_sent"), ("letter_of_claim_sent", "negotiation"),
               ("negotiation", "withdrawn")]
    assert rules.reopen_target("withdrawn", history) == "negotiation"
    with pytest.raises(rules.OutcomeError):
        rules.reopen_target("negotiation", history)
    with pytest.raises(rules.OutcomeError, match="not recorded"):
        rules.reopen_target("closed_won", [(None, "closed_won")])
