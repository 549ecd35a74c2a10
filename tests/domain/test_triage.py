"""Triage, as tables: who a new claim goes to under each of a team's rules (claims.domain.triage)."""
import pytest

from claims.domain.triage import choose_handler, next_in_turn


@pytest.mark.parametrize("members, last, chosen", [
    ([], None, None),  # nobody to give it to: by hand
    ([], 7, None),
    ([4], None, 4),  # the first turn goes to the lowest id
    ([4], 4, 4),  # one solicitor: always them
    ([4, 9, 2], None, 2),  # id order, whatever order they come in
    ([2, 4, 9], 2, 4),
    ([2, 4, 9], 4, 9),
    ([2, 4, 9], 9, 2),  # wraps round
    ([2, 4, 9], 5, 9),  # the last one has left the team: the next after where they were
    ([2, 4, 9], 12, 2),  # …past the end: wraps round
    ([2, 4, 9], 1, 2),
    ([2, 2, 4], 2, 4),  # duplicates count once
])
def test_round_robin_takes_the_next_solicitor_in_id_order_wrapping_round(members, last, chosen):
    assert next_in_turn(members, last) == chosen
    assert choose_handler("round_robin", solicitors=members, last_assigned_id=last) == chosen


@pytest.mark.parametrize("defendant_handler, solicitors, members, chosen", [
    (4, [2, 4], [2, 4], 4),  # whoever handles the team's latest claim against the defendant
    (7, [2, 4], [2, 4, 7], 7),  # a partner who handles one
    (None, [2, 4], [2, 4], None),  # a new defendant: by hand, not round-robin
    (5, [2, 4], [2, 4], None),  # they have left the team or the firm: by hand
])
def test_by_defendant_follows_the_handler_of_the_latest_claim_against_it(defendant_handler, solicitors, members,
                                                                          chosen):
    assert choose_handler("by_defendant", solicitors=solicitors, members=members, last_assigned_id=2,
                          defendant_handler=defendant_handler) == chosen


@pytest.mark.parametrize("rule", ["by_hand"])
def test_by_hand_gives_nobody(rule):
    assert choose_handler(rule, solicitors=[2, 4], members=[2, 4], last_assigned_id=2, defendant_handler=4) is None


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        choose_handler("lottery", solicitors=[2])
