"""The caseload view's rules, as tables: the query string read strictly, searches, postcodes, inert cells."""
from __future__ import annotations

from datetime import date

import pytest

from claims.domain.caseload import (count_labels, DEFAULT_COLUMNS, CaseloadView, inert_cell, parse_view, postcode_prefix,
                                    prefix_bounds, search_field)


def args(query: str) -> dict:
    from urllib.parse import parse_qs
    return parse_qs(query, keep_blank_values=True)


@pytest.mark.parametrize("query, expected", [
    ("", CaseloadView()),
    ("status=negotiation&status=accepted", CaseloadView(statuses=("accepted", "negotiation"))),
    ("handler=me", CaseloadView(handler="me")),
    ("handler=none&team=none", CaseloadView(handler="none", team="none")),
    ("handler=12&team=3&incident=7", CaseloadView(handler=12, team=3, incident=7)),
    ("defendant=%20Acme%00%20", CaseloadView(defendant="Acme")),
    ("flag=out_of_time&flag=group_action", CaseloadView(flags=("out_of_time", "group_action"))),
    ("limitation_days=90&band=not_valued", CaseloadView(limitation_days=90, band="not_valued")),
    ("submitted_from=1/2/2026&submitted_to=28/02/2026",
     CaseloadView(submitted_from=date(2026, 2, 1), submitted_to=date(2026, 2, 28))),
    ("sort=value", CaseloadView(sort="value", direction="desc")),
    ("sort=claimant", CaseloadView(sort="claimant", direction="asc")),
    ("sort=limitation&dir=desc&size=200", CaseloadView(sort="limitation", direction="desc", size=200)),
    ("col=postcode&col=claimant", CaseloadView(columns=("reference", "claimant", "postcode"))),
    ("q=" + "x" * 100, CaseloadView(search="x" * 80)),
    ("q=sw1a&in=postcode", CaseloadView(search="sw1a", search_in="postcode")),
])
def test_a_query_string_read_as_a_view(query, expected):
    parsed = parse_view(args(query))
    assert parsed.errors == {} and parsed.view == expected


@pytest.mark.parametrize("query, field", [
    ("status=nope", "status"), ("handler=x", "handler"), ("handler=-1", "handler"), ("team=0", "team"),
    ("incident=1.5", "incident"), ("flag=x", "flag"), ("limitation_days=3651", "limitation_days"),
    ("limitation_days=ten", "limitation_days"), ("band=x", "band"), ("submitted_from=2026-01-01", "submitted_from"),
    ("submitted_to=30/02/2026", "submitted_to"), ("submitted_from=02/01/2026&submitted_to=01/01/2026", "submitted_to"),
    ("sort=x", "sort"), ("sort=value&dir=sideways", "sort"), ("size=20", "size"), ("col=password", "col"),
    ("in=x", "in"), ("handler=99999999999999999999", "handler"), ("team=2147483648", "team"),
    ("incident=%D9%A3", "incident"), ("limitation_days=%D9%A3", "limitation_days"),
])
def test_a_value_the_list_cannot_use_is_refused_by_name(query, field):
    parsed = parse_view(args(query))
    assert list(parsed.errors) == [field]


def test_ids_that_do_not_exist_are_refused():
    parsed = parse_view(args("handler=5&team=6&incident=7"), ids={"handler": {5}, "team": set(), "incident": {7}})
    assert list(parsed.errors) == ["team"] and parsed.view.handler == 5 and parsed.view.incident == 7


def test_a_view_gives_back_its_parameters_and_its_sort_links():
    view = CaseloadView(statuses=("accepted",), handler="me", sort="value", direction="desc", size=100,
                        submitted_from=date(2026, 2, 1))
    assert parse_view(args("&".join(f"{k}={v}" for k, vs in view.params().items()
                                   for v in (vs if isinstance(vs, list) else [vs])))).view == view
    assert view.sorted_by("value")["dir"] == "asc"
    assert view.sorted_by("claimant")["dir"] == "asc" and view.sorted_by("submitted")["dir"] == "desc"
    assert CaseloadView().params() == {} and CaseloadView().columns == DEFAULT_COLUMNS


@pytest.mark.parametrize("text, chosen, field", [
    ("BC-2026-000001", "any", "reference"), ("bc-2026", "any", "reference"), ("alex@", "any", "email"),
    ("SW1A 1AA", "any", "postcode"), ("pl1", "any", "postcode"), ("pl", "any", "name"), ("Morgan", "any", "name"),
    ("O'Neil", "any", "name"), ("Morgan", "defendant", "defendant"), ("%", "any", "name"),
])
def test_what_a_search_looks_in(text, chosen, field):
    assert search_field(text, chosen) == field


@pytest.mark.parametrize("typed, prefix", [
    ("sw1a1aa", "sw1a 1aa"), ("SW1A 1AA", "sw1a 1aa"), ("sw1a  1a", "sw1a 1a"), ("SW1A1", "sw1a 1"),
    ("sw1a", "sw1a"), ("pl12ab", "pl1 2ab"), ("m11ae", "m1 1ae"), ("ls", "ls"),
])
def test_a_typed_postcode_as_the_start_of_a_stored_one(typed, prefix):
    assert postcode_prefix(typed) == prefix


def test_prefix_bounds():
    assert prefix_bounds("abc") == ("abc", "abd")


@pytest.mark.parametrize("value, expected", [
    ("=1+2", "'=1+2"), ("+44 7700", "'+44 7700"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("  =cmd", "'  =cmd"), ("Alex Morgan", "Alex Morgan"), ("a=b", "a=b"), ("", ""),
    (12.5, 12.5), (None, None), (date(2026, 1, 1), date(2026, 1, 1)),
])
def test_inert_cells(value, expected):
    assert inert_cell(value) == expected


@pytest.mark.parametrize("counts, cap, expected", [
    ({}, 1000, {"all": "0"}),
    ({"accepted": 3, "negotiation": 5000}, None, {"accepted": "3", "negotiation": "5,000", "all": "5,003"}),
    ({"accepted": 3, "negotiation": 1000}, 1000, {"accepted": "3", "negotiation": "1,000", "all": "1,003"}),
    ({"accepted": 3, "negotiation": 1001}, 1000, {"accepted": "3", "negotiation": "1,000+", "all": "1,003+"}),
    ({"accepted": 1001, "negotiation": 1001}, 1000, {"accepted": "1,000+", "negotiation": "1,000+", "all": "2,000+"}),
])
def test_counts_by_status_read_as_a_lower_bound_once_cut(counts, cap, expected):
    assert count_labels(counts, cap) == expected
