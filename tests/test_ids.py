"""An id no database column can hold, in a URL or a query string, is "page not found", never a 500."""
from __future__ import annotations

import re

import pytest

OVERSIZED = ["2147483648", "9" * 25]  # one past PostgreSQL's integer; past SQLite's 64-bit integer
ID_ARGUMENT = re.compile(r"<(?:int|id):(\w+)>")


def id_routes(app):
    """(rule, method, id argument names) for every route that takes an id."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        names = ID_ARGUMENT.findall(rule.rule)
        if names:
            yield rule, "GET" if "GET" in rule.methods else "POST", names


def url_with(rule, values: dict) -> str:
    return ID_ARGUMENT.sub(lambda match: str(values[match.group(1)]), rule.rule)


def test_every_id_in_a_route_uses_the_id_converter(app):
    assert [rule.rule for rule in app.url_map.iter_rules() if "<int:" in rule.rule] == []
    assert len(list(id_routes(app))) >= 15


@pytest.mark.parametrize("role", ["partner", "admin"])
def test_an_oversized_id_in_any_route_is_not_found(app, client, login_as, make_claim, role):
    claim = make_claim()
    login_as(role)
    for rule, method, names in id_routes(app):
        for name in names:
            for oversized in OVERSIZED:
                values = {other: claim.id if other == "claim_id" else 1 for other in names} | {name: oversized}
                response = client.open(url_with(rule, values), method=method)
                assert response.status_code == 404, (rule.rule, name, oversized, response.status_code)


@pytest.mark.parametrize("oversized", [*OVERSIZED, "-1", "0", "1e3", "x"])
@pytest.mark.parametrize("path", [
    "/staff/valuation/claims/{claim_id}?snapshot=",
    "/staff/valuation/claims/{claim_id}/report.docx?snapshot=",
    "/staff/valuation/precedents?version=",
    "/staff/valuation/inflation?version=",
    "/staff/letters/templates/acknowledgement/download?version=",
])
def test_an_id_in_a_query_string_that_no_row_can_have_is_not_found(client, login_as, make_claim, path, oversized):
    claim = make_claim()
    login_as("partner")
    response = client.get(path.format(claim_id=claim.id) + oversized)
    assert response.status_code == 404


def test_an_absent_query_id_still_means_the_current_one(client, login_as):
    login_as("partner")
    assert client.get("/staff/valuation/precedents").status_code == 200
    assert client.get("/staff/valuation/precedents?version=").status_code == 200
    assert client.get("/staff/letters/templates/acknowledgement/download").status_code == 200


@pytest.mark.parametrize("oversized", OVERSIZED)
def test_a_version_no_row_can_have_in_a_rollback_form_is_refused_not_a_500(client, login_as, oversized):
    login_as("partner")
    response = client.post("/staff/valuation/precedents", data={"rollback-version": oversized, "rollback-submit": "y"})
    assert response.status_code == 200  # the page again, nothing changed
    assert client.post("/staff/letters/templates/acknowledgement/activate",
                       data={"version": oversized}).status_code == 400
