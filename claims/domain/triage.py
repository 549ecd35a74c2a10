"""Triage: which member of a team a newly submitted claim goes to, by the team's rule.

Pure: the caller reads the team's members, the last one given a claim, and (for "by defendant") who
handles the team's most recent claim against the same organisation, and writes the answer back.

- ``by_hand``: nobody; a solicitor or partner assigns the claim.
- ``round_robin``: the next solicitor after the last one given a claim, in id order, wrapping round
  (the first when nobody has been given one yet, or when the last one has left the team).
- ``by_defendant``: whoever handles the team's most recent claim against the same defendant, if they
  are still an active member; else by hand (a new defendant is a decision for a person).
"""
from __future__ import annotations

from collections.abc import Collection

from claims.domain.vocab import TRIAGE_RULES


def next_in_turn(members: Collection[int], last_assigned_id: int | None) -> int | None:
    """The member after ``last_assigned_id`` in id order, wrapping round; None when there are no members."""
    ordered = sorted(set(members))
    if not ordered:
        return None
    return next((member for member in ordered if last_assigned_id is not None and member > last_assigned_id),
                ordered[0])


def choose_handler(rule: str, *, solicitors: Collection[int], last_assigned_id: int | None = None,
                   defendant_handler: int | None = None, members: Collection[int] = ()) -> int | None:
    """The handler for a new claim under ``rule`` (a ``TRIAGE_RULES`` code), or None: assigned by hand.

    ``solicitors``: the team's active solicitors (round-robin's turn); ``members``: every active member who
    may handle a claim (solicitors and partners), of whom the defendant's handler must be one."""
    if rule not in TRIAGE_RULES:
        raise ValueError(f"Unknown triage rule: {rule!r}")
    if rule == "round_robin":
        return next_in_turn(solicitors, last_assigned_id)
    if rule == "by_defendant":
        return defendant_handler if defendant_handler is not None and (
            defendant_handler in members or defendant_handler in solicitors) else None
    return None
