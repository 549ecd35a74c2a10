"""The likely court track from a claim's value, and what the client is told about costs on it."""
import pytest

from claims.domain.tracks import (
    FAST,
    INTERMEDIATE,
    MULTI,
    SMALL_CLAIMS,
    costs_in_plain_words,
    keep_table_basis,
    keep_table_note,
    likely_track,
)


@pytest.mark.parametrize("pence, track", [
    (0, SMALL_CLAIMS),
    (450_000, SMALL_CLAIMS),
    (1_000_000, SMALL_CLAIMS),  # £10,000 exactly: still small claims (CPR 26.9)
    (1_000_001, FAST),
    (2_500_000, FAST),  # £25,000 exactly: fast track
    (2_500_001, INTERMEDIATE),
    (10_000_000, INTERMEDIATE),  # £100,000 exactly: intermediate
    (10_000_001, MULTI),
    (50_000_000, MULTI),
])
def test_likely_track_follows_the_value_limits(pence, track):
    assert likely_track(pence) == track


@pytest.mark.parametrize("bad", [-1, 1.5, "1000", None, True])
def test_likely_track_refuses_what_is_not_pence(bad):
    with pytest.raises(ValueError, match="whole number of pence"):
        likely_track(bad)


def test_small_claims_says_the_other_side_pays_little_and_adverse_costs_are_limited():
    words = costs_in_plain_words(SMALL_CLAIMS, ate_insured=False)
    assert "small claims track" in words.track
    assert "pays very little of our costs" in words.if_you_win
    assert "most of our costs" not in words.if_you_win
    assert words.if_you_lose.startswith("You pay us nothing.")
    assert "the court can order you to pay the other side’s legal costs" in words.if_you_lose
    assert "usually limited to small sums" in words.if_you_lose
    assert "before it is allocated" in words.if_you_lose  # Rolfe: costs ordered on a claim ended early
    assert "does not include insurance" in words.if_you_lose


@pytest.mark.parametrize("track", [FAST, INTERMEDIATE, MULTI])
def test_larger_tracks_say_the_other_side_pays_a_large_part_and_costs_can_be_large(track):
    words = costs_in_plain_words(track, ate_insured=False)
    assert track.name in words.track
    assert "large part of our base costs" in words.if_you_win
    assert "very little" not in words.if_you_win
    assert f"On the {track.name} these can be thousands of pounds" in words.if_you_lose


def test_insurance_is_named_only_when_the_agreement_has_it():
    insured = costs_in_plain_words(FAST, ate_insured=True).if_you_lose
    assert "after-the-event insurance is there to pay them" in insured
    assert "does not include insurance" not in insured


def test_an_unvalued_claim_explains_both_and_names_no_track_as_its_own():
    words = costs_in_plain_words(None, ate_insured=False)
    assert "do not yet know which court track" in words.track
    assert "small claims track" in words.if_you_win and "other tracks" in words.if_you_win
    assert "usually limited to small sums" in words.if_you_lose


def test_small_claims_says_our_base_costs_come_out_of_the_damages_within_the_cap():
    for track in (SMALL_CLAIMS, None):
        win = costs_in_plain_words(track, ate_insured=False).if_you_win
        assert "the rest of our base costs, with VAT, come out of your damages too" in win
        assert "within the cap" in win
    assert "the rest of our base costs" not in costs_in_plain_words(FAST, ate_insured=False).if_you_win


@pytest.mark.parametrize("track, note", [
    (SMALL_CLAIMS, "small claims track: the other side pays almost none of our costs"),
    (FAST, "fast track: assumes the other side pays our base costs"),
    (INTERMEDIATE, "intermediate track: assumes the other side pays our base costs"),
    (MULTI, "multi-track: assumes the other side pays our base costs"),
])
def test_each_keep_table_row_names_its_track_in_plain_words(track, note):
    assert keep_table_note(track) == note


@pytest.mark.parametrize("tracks, ate, says, does_not_say", [
    ([SMALL_CLAIMS] * 3, False, ["small claims track", "pays none of our costs: our base costs, the success fee and VAT"],
     ["For larger awards", "The table assumes", "insurance premium"]),
    ([SMALL_CLAIMS], True, ["our base costs, the success fee, the insurance premium and VAT"], []),
    ([SMALL_CLAIMS, FAST, FAST], False, ["pays none of our costs", "For larger awards the table assumes the other side "
                                         "pays our base costs"], []),
    ([FAST, INTERMEDIATE], False, ["The table assumes the other side pays our base costs", "never more than the cap"],
     ["small claims", "pays none"]),
])
def test_the_keep_table_says_what_its_rows_assume(tracks, ate, says, does_not_say):
    basis = keep_table_basis(tracks, ate_taken_out=ate)
    for words in says:
        assert words in basis
    for words in does_not_say:
        assert words not in basis
