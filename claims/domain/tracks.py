"""Court tracks: which track a claim is likely to go to, and what that means for costs, in plain words.

A defended county court claim is allocated to a track mainly by its value (CPR 26.9): the
small claims track up to £10,000, the fast track up to £25,000, the intermediate track up to
£100,000 and the multi-track above (CPR 26.9, from 1 October 2023). The court decides; value
is only the starting point, and complexity or a personal injury can change it, so the client
is told the *likely* track.

Who pays costs differs by track. On the small claims track the court can order the loser to
pay only limited sums towards the winner's costs (CPR 27.14), so a winning client's own
lawyers are paid very little by the other side, and a losing client's exposure is usually
small, but not before the claim is allocated or if they behave unreasonably. On the other
tracks the loser usually pays a large part of the winner's costs, limited by the court's
rules. The text says no more than that: it states no sums and no percentages.

The "what you would keep" table (``claims.domain.fees.illustrate``) puts each award on its own
likely track; ``keep_table_note`` labels a row and ``keep_table_basis`` says what the table assumes.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Track:
    """A court track and the most a claim on it is normally worth (None: no upper limit)."""

    code: str
    name: str
    up_to_pence: int | None


SMALL_CLAIMS = Track("small_claims", "small claims track", 10_000_00)
FAST = Track("fast", "fast track", 25_000_00)
INTERMEDIATE = Track("intermediate", "intermediate track", 100_000_00)
MULTI = Track("multi", "multi-track", None)
TRACKS = (SMALL_CLAIMS, FAST, INTERMEDIATE, MULTI)


def likely_track(value_pence: int) -> Track:
    """The track a claim worth ``value_pence`` normally goes to; the upper limits are inclusive."""
    if isinstance(value_pence, bool) or not isinstance(value_pence, int) or value_pence < 0:
        raise ValueError(f"A claim's value must be a whole number of pence, £0 or more, not {value_pence!r}")
    return next(track for track in TRACKS if track.up_to_pence is None or value_pence <= track.up_to_pence)


@dataclass(frozen=True)
class CostsInPlainWords:
    """What the client is told about costs: which track, if they win, if they lose."""

    track: str
    if_you_win: str
    if_you_lose: str


def costs_in_plain_words(track: Track | None, *, ate_insured: bool) -> CostsInPlainWords:
    """The costs paragraphs for a claim likely to go to ``track`` (None: not yet valued)."""
    return CostsInPlainWords(_track_sentence(track), _if_you_win(track), _if_you_lose(track, ate_insured))


def _track_sentence(track: Track | None) -> str:
    if track is None:
        return ("We have not yet valued the claim, so we do not yet know which court track it would go to if it "
                "went to court. Claims worth up to £10,000 usually go to the small claims track.")
    return (f"From our estimate of its value, the claim is likely to be dealt with in the {track.name} if it goes "
            "to court. The court decides, mainly on the claim’s value.")


def _if_you_win(track: Track | None) -> str:
    small = ("On the small claims track (usually claims worth £10,000 or less) the other side pays very little of "
             "our costs, because the court’s rules allow only small fixed sums. So the rest of our base costs, "
             "with VAT, come out of your damages too, within the cap.")
    larger = "On the other tracks it usually pays a large part of them, up to the amounts the court’s rules allow."
    if track is None:
        return f"{small} {larger}"
    if track == SMALL_CLAIMS:
        return small
    return ("The other side usually pays a large part of our base costs and expenses, up to the amounts the "
            "court’s rules allow.")


def _if_you_lose(track: Track | None, ate_insured: bool) -> str:
    general = "You pay us nothing. But the court can order you to pay the other side’s legal costs."
    small = ("On the small claims track that is usually limited to small sums, such as court fees and witness "
             "expenses, but it can be more if the claim ends before it is allocated to a track or if the court "
             "finds you behaved unreasonably.")
    if track is None or track == SMALL_CLAIMS:
        general = f"{general} {small}"
    else:
        general = f"{general} On the {track.name} these can be thousands of pounds."
    if ate_insured:
        return (f"{general} Your after-the-event insurance is there to pay them, within the terms and limit of "
                "the policy.")
    return (f"{general} This agreement does not include insurance against them, so you would have to pay them "
            "yourself. Before starting court proceedings we will talk to you about this risk and about insurance "
            "against it.")


def keep_table_note(track: Track) -> str:
    """What a "what you would keep" row on ``track`` assumes about our costs, in a few plain words."""
    if track == SMALL_CLAIMS:
        return "small claims track: the other side pays almost none of our costs"
    return f"{track.name}: assumes the other side pays our base costs"


def keep_table_basis(tracks: Iterable[Track], *, ate_taken_out: bool) -> str:
    """What the "what you would keep" table assumes for the tracks its rows are on, in plain words."""
    tracks = set(tracks)
    sentences = []
    if SMALL_CLAIMS in tracks:
        premium = ", the insurance premium" if ate_taken_out else ""
        sentences.append(
            "For awards of £10,000 or less (usually the small claims track) the table assumes the other side "
            f"pays none of our costs: our base costs, the success fee{premium} and VAT come out of your damages, "
            "up to the cap.")
    if tracks - {SMALL_CLAIMS}:
        larger = "For larger awards the table" if SMALL_CLAIMS in tracks else "The table"
        sentences.append(
            f"{larger} assumes the other side pays our base costs and expenses. If it pays less of "
            "them, we may take more from your damages, but never more than the cap.")
    return " ".join(sentences)
