"""Which jurisdiction a postcode is in, and the letter of claim's forum paragraph."""
import pytest

from claims.domain.jurisdiction import (
    CHECK, DEFENDANT_DOMICILE, ENGLAND_WALES, HOME, INTENDED, NORTHERN_IRELAND, SCOTLAND, forum, last_postcode,
    postcode_jurisdiction,
)


@pytest.mark.parametrize("postcode, expected", [
    ("G2 1DY", SCOTLAND),  # Glasgow: the reported letter said "lives in England and Wales"
    ("g2 1dy", SCOTLAND), ("G12 8QQ", SCOTLAND), ("EH1 1YZ", SCOTLAND), ("AB10 1AB", SCOTLAND),
    ("DD1 1AA", SCOTLAND), ("DG1 1AA", SCOTLAND), ("FK8 1AA", SCOTLAND), ("HS1 2AA", SCOTLAND),
    ("IV1 1AA", SCOTLAND), ("KA1 1AA", SCOTLAND), ("KW1 4AA", SCOTLAND), ("KY1 1AA", SCOTLAND),
    ("ML1 1AA", SCOTLAND), ("PA1 1AA", SCOTLAND), ("PH1 1AA", SCOTLAND), ("ZE1 0AA", SCOTLAND),
    ("BT1 5GS", NORTHERN_IRELAND),
    ("TD15 1AA", CHECK),  # Berwick-upon-Tweed, England; TD1 is Galashiels, Scotland
    ("IM1 1AA", CHECK), ("JE2 3AB", CHECK), ("GY1 1AA", CHECK),  # Crown Dependencies
    ("GL1 1AA", ENGLAND_WALES), ("GU1 1AA", ENGLAND_WALES),  # G-something is not G
    ("PL1 2AB", ENGLAND_WALES), ("CF10 1AA", ENGLAND_WALES), ("SW1A 1AA", ENGLAND_WALES), ("M1 1AA", ENGLAND_WALES),
    ("LL57 1AA", ENGLAND_WALES), ("CA1 1AA", ENGLAND_WALES), ("NE1 1AA", ENGLAND_WALES),
    ("", CHECK), (None, CHECK), ("not a postcode", CHECK), ("G2", CHECK),
])
def test_postcode_jurisdiction(postcode, expected):
    assert postcode_jurisdiction(postcode) == expected


@pytest.mark.parametrize("address, expected", [
    ("Town Hall\nPlymouth\nPL1 2AA", "PL1 2AA"),
    ("City Chambers, George Square, Glasgow g2 1dy", "G2 1DY"),
    ("Head office\nSomewhere", None),
])
def test_last_postcode(address, expected):
    assert last_postcode(address) == expected


@pytest.mark.parametrize("claimant, defendant, confirmed, paragraph, problem", [
    (ENGLAND_WALES, ENGLAND_WALES, False, HOME, ""),
    (SCOTLAND, ENGLAND_WALES, False, "", "the claimant lives in Scotland (from the postcode): a solicitor must confirm"),
    (NORTHERN_IRELAND, ENGLAND_WALES, False, "", "lives in Northern Ireland"),
    (CHECK, ENGLAND_WALES, False, "", "may not live in England and Wales"),
    (ENGLAND_WALES, CHECK, False, "", "the defendant's address is not shown to be in England and Wales"),
    (SCOTLAND, ENGLAND_WALES, True, DEFENDANT_DOMICILE, ""),
    (SCOTLAND, SCOTLAND, True, INTENDED, ""),
    (ENGLAND_WALES, CHECK, True, INTENDED, ""),
    # no address yet (a letter emailed to a register entry with no address): never an empty paragraph
    (ENGLAND_WALES, None, False, "", "the defendant's postal address is not known"),
    (ENGLAND_WALES, None, True, INTENDED, ""),
    (SCOTLAND, None, False, "", "lives in Scotland"),
    (SCOTLAND, None, True, INTENDED, ""),
])
def test_the_forum_paragraph_follows_both_jurisdictions(claimant, defendant, confirmed, paragraph, problem):
    result = forum(claimant, defendant, confirmed=confirmed)
    assert result.paragraph == paragraph
    assert (problem in result.problem) if problem else result.problem == ""
    assert bool(result.paragraph) != bool(result.problem)  # a paragraph to print, or what stops the letter
    if claimant != ENGLAND_WALES:
        assert "Our client lives in England and Wales" not in result.paragraph
