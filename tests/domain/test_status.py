"""The claim status machine."""
import pytest

from claims.domain.status import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    STATUSES,
    TRANSITIONS,
    TransitionError,
    allowed_next,
    can_move,
    check_move,
    is_open,
)
from claims.domain.vocab import Vocabulary

HAPPY_PATH = [
    "submitted", "accepted", "cfa_sent", "cfa_signed", "sar_sent", "letter_of_claim_sent",
    "response_received", "negotiation", "settled", "closed_won",
]


def test_statuses_in_order_with_labels():
    assert isinstance(STATUSES, Vocabulary)
    assert STATUSES.choices() == [
        ("submitted", "Awaiting triage"),
        ("accepted", "Accepted"),
        ("declined", "Declined"),
        ("cfa_sent", "CFA sent"),
        ("cfa_signed", "CFA signed"),
        ("sar_sent", "Subject access request sent"),
        ("letter_of_claim_sent", "Letter of claim sent"),
        ("response_received", "Response received"),
        ("negotiation", "Negotiation"),
        ("settled", "Settled"),
        ("proceedings", "Proceedings issued"),
        ("closed_won", "Closed – won"),
        ("closed_lost", "Closed – lost"),
        ("withdrawn", "Closed – withdrawn"),
    ]


def test_open_and_closed_partition_the_statuses():
    assert OPEN_STATUSES | CLOSED_STATUSES == set(STATUSES)
    assert not OPEN_STATUSES & CLOSED_STATUSES
    assert CLOSED_STATUSES == {"declined", "closed_won", "closed_lost", "withdrawn"}


def test_every_transition_target_is_a_status():
    assert set(TRANSITIONS) == set(STATUSES)
    for targets in TRANSITIONS.values():
        assert set(targets) <= set(STATUSES)


def test_happy_path():
    for before, after in zip(HAPPY_PATH, HAPPY_PATH[1:]):
        check_move(before, after)


@pytest.mark.parametrize("before, after", [
    ("submitted", "accepted"),
    ("submitted", "declined"),
    ("accepted", "declined"),
    ("declined", "submitted"),              # reopened
    ("cfa_signed", "letter_of_claim_sent"),  # subject access request skipped
    ("cfa_signed", "withdrawn"),            # CFA cancelled within 14 days
    ("cfa_sent", "withdrawn"),              # never signed
    ("letter_of_claim_sent", "proceedings"),  # no response
    ("letter_of_claim_sent", "negotiation"),
    ("response_received", "settled"),
    ("negotiation", "proceedings"),
    ("proceedings", "settled"),
    ("proceedings", "closed_won"),
    ("proceedings", "closed_lost"),
    ("settled", "closed_won"),
])
def test_allowed_moves(before, after):
    assert can_move(before, after)
    check_move(before, after)


@pytest.mark.parametrize("before, after", [
    ("submitted", "cfa_sent"),              # must be accepted first
    ("submitted", "settled"),
    ("accepted", "cfa_signed"),
    ("cfa_sent", "letter_of_claim_sent"),   # CFA must be signed
    ("sar_sent", "cfa_signed"),             # no going back
    ("settled", "closed_lost"),
    ("settled", "withdrawn"),
    ("negotiation", "closed_lost"),
    ("declined", "accepted"),               # reopen to triage, not straight to accepted
    ("declined", "withdrawn"),
    ("closed_won", "submitted"),
    ("closed_lost", "proceedings"),
    ("withdrawn", "submitted"),
    ("accepted", "accepted"),               # staying put is not a move
])
def test_refused_moves(before, after):
    assert not can_move(before, after)
    with pytest.raises(TransitionError):
        check_move(before, after)


@pytest.mark.parametrize("status", sorted(OPEN_STATUSES - {"settled"}))
def test_withdrawn_from_any_open_status_except_settled(status):
    assert can_move(status, "withdrawn")


@pytest.mark.parametrize("status", ["closed_won", "closed_lost", "withdrawn"])
def test_final_statuses_have_no_moves(status):
    assert allowed_next(status) == ()
    assert not is_open(status)


def test_allowed_next_in_order():
    assert allowed_next("cfa_signed") == ("sar_sent", "letter_of_claim_sent", "withdrawn")
    assert allowed_next("declined") == ("submitted",)


def test_refusal_message_is_clear():
    with pytest.raises(TransitionError) as error:
        check_move("cfa_sent", "settled")
    assert str(error.value) == (
        "A claim cannot move from “CFA sent” to “Settled”. "
        "It can move to: “CFA signed”, “Closed – withdrawn”."
    )


def test_refusal_message_for_a_closed_claim():
    with pytest.raises(TransitionError, match="It is closed and cannot move"):
        check_move("closed_won", "settled")


@pytest.mark.parametrize("before, after", [("nonsense", "accepted"), ("submitted", "nonsense")])
def test_unknown_statuses(before, after):
    assert not can_move(before, after)
    with pytest.raises(TransitionError, match="“nonsense” is not a claim status"):
        check_move(before, after)


def test_transition_error_is_a_value_error():
    assert issubclass(TransitionError, ValueError)


def test_unknown_status_in_allowed_next():
    with pytest.raises(TransitionError):
        allowed_next("nonsense")


def test_transitions_cannot_be_changed_at_runtime():
    with pytest.raises(TypeError):
        TRANSITIONS["submitted"] = ("closed_won",)
