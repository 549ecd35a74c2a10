"""No win no fee: the ready reckoner, deductions from damages, the cap, each award's track, and input checks."""
from fractions import Fraction
from itertools import pairwise, product

import pytest

from claims.domain.fees import (
    EXAMPLE_AWARDS_PENCE,
    Deductions,
    FeeError,
    FeeTerms,
    deductions,
    illustrate,
    success_fee_from_prospects,
)
from claims.domain.tracks import FAST, INTERMEDIATE, SMALL_CLAIMS

# £4,000 base costs at a 50% success fee: £2,000 fee + £400 VAT = £2,400 before the cap.
STANDARD = FeeTerms(base_costs_pence=400_000, success_fee_percent=50)


@pytest.mark.parametrize("prospects, fee", [
    (50, 100),  # 50/50 = 1
    (60, 67),  # 40/60 = 0.667
    (65, 54),  # 35/65 = 0.538
    (75, 33),  # 25/75 = 0.333
    (80, 25),  # 20/80 exactly
    (51, 96),  # 49/51 = 0.961
    (67, 49),  # 33/67 = 0.493
    (90, 11),  # 10/90 = 0.111
    (100, 0),  # certain to win: no success fee
    (49, 100),  # 51/49 = 1.04, capped at 100%
    (25, 100),  # 75/25 = 3, capped
    (1, 100),  # 99/1 = 99, capped
])
def test_ready_reckoner(prospects, fee):
    assert success_fee_from_prospects(prospects) == fee


@pytest.mark.parametrize("prospects", [0, 101, -5, True, False, 50.0, "50", None])
def test_ready_reckoner_refuses_bad_prospects(prospects):
    with pytest.raises(FeeError, match="Prospects of success") as raised:
        success_fee_from_prospects(prospects)
    assert raised.value.field == "prospects_percent"


def _terms(**changes) -> FeeTerms:
    """STANDARD with some terms changed."""
    fields = dict(base_costs_pence=400_000, success_fee_percent=50)
    return FeeTerms(**(fields | changes))


NO_VAT = _terms(vat_percent=0)
ATE_DEDUCTED = _terms(ate_premium_pence=100_000)  # pure data protection: £1,000 premium from damages
ATE_RECOVERED = _terms(ate_premium_pence=100_000, ate_recoverable=True)  # MPI: the defendant pays it
CAP_0 = _terms(cap_percent=0)
CAP_100 = _terms(cap_percent=100)

# Each row: award, terms, then (success fee, VAT, ATE deducted, before cap, cap, capped,
# waived, deducted, client keeps), all in pence. Ids give pounds (p for pence) without
# the pound sign, which pytest would escape.
DEDUCTION_TABLE = [
    pytest.param(2_000_000, STANDARD, (200_000, 40_000, 0, 240_000, 500_000, False, 0, 240_000, 1_760_000),
                 id="20,000: cap 5,000 does not bite, keeps 17,600"),
    pytest.param(500_000, STANDARD, (200_000, 40_000, 0, 240_000, 125_000, True, 115_000, 125_000, 375_000),
                 id="5,000: cap 1,250 bites, 1,150 waived, keeps 3,750"),
    pytest.param(960_000, STANDARD, (200_000, 40_000, 0, 240_000, 240_000, False, 0, 240_000, 720_000),
                 id="9,600: cap exactly 2,400, not capped"),
    pytest.param(2_000_000, NO_VAT, (200_000, 0, 0, 200_000, 500_000, False, 0, 200_000, 1_800_000),
                 id="VAT 0: 2,000 deducted, keeps 18,000"),
    pytest.param(500_000, NO_VAT, (200_000, 0, 0, 200_000, 125_000, True, 75_000, 125_000, 375_000),
                 id="VAT 0, 5,000: cap bites, 750 waived"),
    pytest.param(2_000_000, ATE_DEDUCTED,
                 (200_000, 40_000, 100_000, 340_000, 500_000, False, 0, 340_000, 1_660_000),
                 id="ATE 1,000 irrecoverable: deducted, keeps 16,600"),
    pytest.param(2_000_000, ATE_RECOVERED, (200_000, 40_000, 0, 240_000, 500_000, False, 0, 240_000, 1_760_000),
                 id="ATE 1,000 recoverable: defendant pays, keeps 17,600"),
    pytest.param(1_200_000, ATE_DEDUCTED,
                 (200_000, 40_000, 100_000, 340_000, 300_000, True, 40_000, 300_000, 900_000),
                 id="ATE irrecoverable, 12,000: cap 3,000 bites, 400 waived"),
    pytest.param(0, ATE_DEDUCTED, (0, 0, 0, 0, 0, False, 0, 0, 0),
                 id="lost claim: client pays nothing, not even ATE"),
    pytest.param(2_000_000, CAP_0, (200_000, 40_000, 0, 240_000, 0, True, 240_000, 0, 2_000_000),
                 id="cap 0%: all 2,400 waived, keeps everything"),
    pytest.param(100_000, CAP_100, (200_000, 40_000, 0, 240_000, 100_000, True, 140_000, 100_000, 0),
                 id="cap 100%, 1,000: whole award deducted, 1,400 waived"),
    pytest.param(2_000_000, CAP_100, (200_000, 40_000, 0, 240_000, 2_000_000, False, 0, 240_000, 1_760_000),
                 id="cap 100%, 20,000: does not bite"),
    pytest.param(1_003, STANDARD, (200_000, 40_000, 0, 240_000, 250, True, 239_750, 250, 753),
                 id="cap 25% of 1,003p = 250.75p rounds down to 250p"),
    pytest.param(100_000, FeeTerms(250, 33), (83, 17, 0, 100, 25_000, False, 0, 100, 99_900),
                 id="fee 33% of 250p = 82.5p rounds up to 83p; VAT 16.6p to 17p"),
    pytest.param(100_000, FeeTerms(20, 50, vat_percent=5), (10, 1, 0, 11, 25_000, False, 0, 11, 99_989),
                 id="VAT 5% of 10p = 0.5p rounds up to 1p"),
    pytest.param(2_000_000, FeeTerms(400_000, 0, ate_premium_pence=50_000),
                 (0, 0, 50_000, 50_000, 500_000, False, 0, 50_000, 1_950_000),
                 id="no success fee: only the 500 ATE premium"),
]


@pytest.mark.parametrize("award, terms, expected", DEDUCTION_TABLE)
def test_deductions(award, terms, expected):
    assert deductions(award, terms) == Deductions(award, 0, *expected)  # no base costs: the defendant pays them


@pytest.mark.parametrize("award, terms, percent", [
    (500_000, STANDARD, Fraction(75)),  # keeps £3,750 of £5,000
    (2_000_000, STANDARD, Fraction(88)),  # keeps £17,600 of £20,000
    (3, _terms(cap_percent=100), Fraction(0)),  # whole award deducted
    (3, _terms(cap_percent=50), Fraction(200, 3)),  # cap 1.5p rounds down to 1p, keeps 2p of 3p
    (0, STANDARD, Fraction(0)),  # lost claim
])
def test_client_keeps_percent(award, terms, percent):
    assert deductions(award, terms).client_keeps_percent == percent


def test_illustrate_keeps_the_mapping_order():
    awards = {"low": 1_200_000, "mid": 1_500_000, "high": 2_000_000}  # not alphabetical
    table = illustrate(awards, STANDARD)
    assert [row.label for row in table] == ["low", "mid", "high"]
    assert [row.deductions.client_keeps_pence for row in table] == [960_000, 1_260_000, 1_760_000]
    assert illustrate({}, STANDARD) == []


def test_illustrate_takes_pairs_so_example_labels_can_repeat():
    table = illustrate([("Example", award) for award in EXAMPLE_AWARDS_PENCE], STANDARD)
    assert [row.label for row in table] == ["Example"] * 3
    assert [row.deductions.award_pence for row in table] == [100_000, 500_000, 1_000_000]
    assert [row.track for row in table] == [SMALL_CLAIMS] * 3  # the examples are all small claims awards
    assert [row.deductions.deducted_pence for row in table] == [25_000, 125_000, 250_000]  # each at the cap


# Cheap terms: £500 base costs at 50% = £250 success fee. With the defendant paying our base costs
# £250 + £50 VAT = £300 comes out; on the small claims track £500 + £250 + £150 VAT = £900 does.
CHEAP = _terms(base_costs_pence=50_000)
CHEAP_ATE_RECOVERED = _terms(base_costs_pence=50_000, ate_premium_pence=10_000, ate_recoverable=True)

# Each row: award, terms, then (track, base costs charged, success fee, VAT, ATE deducted, before cap,
# cap, capped, waived, deducted, client keeps), all in pence.
TRACK_TABLE = [
    pytest.param(800_000, CHEAP, (SMALL_CLAIMS, 50_000, 25_000, 15_000, 0, 90_000, 200_000, False, 0, 90_000, 710_000),
                 id="8,000 small claims: base costs charged, cap 2,000 does not bite, keeps 7,100 (not 7,700)"),
    pytest.param(500_000, STANDARD,
                 (SMALL_CLAIMS, 400_000, 200_000, 120_000, 0, 720_000, 125_000, True, 595_000, 125_000, 375_000),
                 id="5,000 small claims: 7,200 before the cap, cap 1,250 bites, keeps 3,750"),
    pytest.param(1_000_000, STANDARD,
                 (SMALL_CLAIMS, 400_000, 200_000, 120_000, 0, 720_000, 250_000, True, 470_000, 250_000, 750_000),
                 id="10,000 exactly is small claims: cap 2,500 bites, keeps 7,500 (not 7,600)"),
    pytest.param(1_000_001, STANDARD, (FAST, 0, 200_000, 40_000, 0, 240_000, 250_000, False, 0, 240_000, 760_001),
                 id="10,000.01 fast track: defendant pays base costs, 2,400 deducted"),
    pytest.param(1_200_000, STANDARD, (FAST, 0, 200_000, 40_000, 0, 240_000, 300_000, False, 0, 240_000, 960_000),
                 id="12,000 fast track: as before, keeps 9,600"),
    pytest.param(4_000_000, _terms(base_costs_pence=2_000_000, success_fee_percent=100),
                 (INTERMEDIATE, 0, 2_000_000, 400_000, 0, 2_400_000, 1_000_000, True, 1_400_000, 1_000_000, 3_000_000),
                 id="40,000 intermediate: success fee 20,000 + VAT, cap 10,000 bites"),
    pytest.param(800_000, CHEAP_ATE_RECOVERED,
                 (SMALL_CLAIMS, 50_000, 25_000, 15_000, 10_000, 100_000, 200_000, False, 0, 100_000, 700_000),
                 id="small claims: a recoverable ATE premium is taken as unpaid too"),
    pytest.param(2_000_000, CHEAP_ATE_RECOVERED, (FAST, 0, 25_000, 5_000, 0, 30_000, 500_000, False, 0, 30_000, 1_970_000),
                 id="fast track: the defendant pays a recoverable premium"),
    pytest.param(800_000, _terms(base_costs_pence=50_000, vat_percent=0),
                 (SMALL_CLAIMS, 50_000, 25_000, 0, 0, 75_000, 200_000, False, 0, 75_000, 725_000),
                 id="small claims, VAT 0"),
    pytest.param(0, STANDARD, (SMALL_CLAIMS, 0, 0, 0, 0, 0, 0, False, 0, 0, 0),
                 id="lost claim: nothing to pay on any track"),
    pytest.param(1_000, FeeTerms(5, 50), (SMALL_CLAIMS, 5, 3, 2, 0, 10, 250, False, 0, 10, 990),
                 id="VAT 20% of 8p = 1.6p rounds to 2p on base costs plus success fee together"),
]


@pytest.mark.parametrize("award, terms, expected", TRACK_TABLE)
def test_illustrate_puts_each_award_on_its_likely_track(award, terms, expected):
    track, *figures = expected
    [row] = illustrate([("Award", award)], terms)
    assert row.track == track
    assert row.costs_recovered is (track != SMALL_CLAIMS)
    assert row.deductions == Deductions(award, *figures)


def test_small_claims_rows_never_keep_more_than_the_old_assumption_gave():
    """The defect: the table assumed the defendant pays our base costs even on the small claims track."""
    for award in range(0, 1_000_001, 25_000):
        [row] = illustrate([("Award", award)], STANDARD)
        assumed_paid = deductions(award, STANDARD, costs_recovered=True)
        assert row.deductions.client_keeps_pence <= assumed_paid.client_keeps_pence
        assert row.deductions.deducted_pence <= row.deductions.cap_pence


@pytest.mark.parametrize("award", [-1, 1.5, True, None])
def test_illustrate_refuses_a_bad_award(award):
    with pytest.raises(FeeError, match="Award"):
        illustrate([("Award", award)], STANDARD)


GRID_TERMS = [
    FeeTerms(base, fee, cap, ate, recoverable, vat)
    for base, fee, cap, (ate, recoverable), vat in product(
        [0, 333, 400_000], [0, 33, 100], [0, 25, 100],
        [(0, False), (100_000, False), (100_000, True)], [0, 20],
    )
]
GRID_AWARDS = [*range(0, 1_000), *range(1_000, 3_000_000, 7_919)]


def _grid_id(terms: FeeTerms) -> str:
    ate = "none" if not terms.ate_premium_pence else "rec" if terms.ate_recoverable else "deducted"
    return (f"base{terms.base_costs_pence}-fee{terms.success_fee_percent}-cap{terms.cap_percent}"
            f"-ate_{ate}-vat{terms.vat_percent}")


@pytest.mark.parametrize("terms", GRID_TERMS, ids=_grid_id)
@pytest.mark.parametrize("costs_recovered", [True, False], ids=["costs recovered", "small claims"])
def test_invariants_over_a_grid(terms, costs_recovered):
    rows = [deductions(award, terms, costs_recovered=costs_recovered) for award in GRID_AWARDS]
    for row in rows:
        assert 0 <= row.deducted_pence <= row.award_pence
        assert row.deducted_pence <= row.cap_pence
        assert row.client_keeps_pence + row.deducted_pence == row.award_pence
        assert row.deducted_pence + row.waived_pence == row.before_cap_pence
        assert row.before_cap_pence == (row.base_costs_pence + row.success_fee_pence + row.vat_pence
                                        + row.ate_premium_pence)
        assert row.capped == (row.waived_pence > 0)
    for smaller, larger in pairwise(rows):
        assert smaller.client_keeps_pence <= larger.client_keeps_pence


@pytest.mark.parametrize("field, value, label", [
    ("base_costs_pence", -1, "Base costs"),
    ("base_costs_pence", 1.5, "Base costs"),
    ("base_costs_pence", True, "Base costs"),
    ("base_costs_pence", "400000", "Base costs"),
    ("success_fee_percent", -1, "Success fee"),
    ("success_fee_percent", 101, "Success fee"),
    ("success_fee_percent", 50.0, "Success fee"),
    ("success_fee_percent", True, "Success fee"),
    ("cap_percent", -1, "Cap on deductions"),
    ("cap_percent", 101, "Cap on deductions"),
    ("cap_percent", False, "Cap on deductions"),
    ("ate_premium_pence", -1, "ATE premium"),
    ("ate_premium_pence", None, "ATE premium"),
    ("ate_recoverable", 1, "ATE premium recoverable"),
    ("ate_recoverable", "yes", "ATE premium recoverable"),
    ("vat_percent", -1, "VAT rate"),
    ("vat_percent", 101, "VAT rate"),
])
def test_fee_terms_errors_name_the_field(field, value, label):
    with pytest.raises(FeeError, match=label) as raised:
        _terms(**{field: value})
    assert raised.value.field == field


@pytest.mark.parametrize("field, value", [
    ("success_fee_percent", 0), ("success_fee_percent", 100), ("cap_percent", 0), ("cap_percent", 100),
    ("vat_percent", 0), ("vat_percent", 100), ("base_costs_pence", 0), ("ate_premium_pence", 0),
])
def test_fee_terms_accept_the_edges(field, value):
    assert getattr(_terms(**{field: value}), field) == value


@pytest.mark.parametrize("award", [-1, 1.5, True, None, "500000"])
def test_deductions_refuse_a_bad_award(award):
    with pytest.raises(FeeError, match="Award") as raised:
        deductions(award, STANDARD)
    assert raised.value.field == "award"
