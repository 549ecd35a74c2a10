"""Partners see the leave-one-out backtest of the active precedents; others may not."""
from __future__ import annotations

import re

from claims.clock import uk_today
from claims.valuation.cli import backtest_report
from tests.pages import parse


def test_partners_see_the_backtest_figures_of_the_active_precedents(client, login_as, curated):
    login_as("partner")
    response = client.get("/staff/valuation/backtest")
    assert response.status_code == 200
    text = parse(response).text
    result, _ = backtest_report(uk_today(), with_firm=False)
    assert result["rows"] > 0
    assert f"{result['coverage'] * 100:.0f}% ({result['hits']} of {result['rows']})" in text
    assert f"{result['median_ratio']:.2f}" in text
    for row in result["per_row"]:
        assert row["case_name"] in text
    assert re.search(r"Target met\s*" + ("Yes" if result["meets_target"] else "No"), text)
    assert "not legal advice" in text


def test_solicitors_cannot_see_the_backtest(client, login_as, curated):
    login_as("solicitor")
    assert client.get("/staff/valuation/backtest").status_code == 403
