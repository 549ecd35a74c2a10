"""The caseload list: filters, search, sort with keyset paging, page sizes, columns, counts, validation."""
from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote, unquote

import pytest
from sqlalchemy import event, select

from claims.extensions import db
from claims.models import Claim
from tests.cases.conftest import START
from tests.clock import TODAY
from tests.pages import parse

URL = "/staff/claims/"


def listed(client, query: str = "") -> list[str]:
    """The references on the list page, in order."""
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    page = parse(response)
    table = page.by_id("claims") if "id=\"claims\"" in page.html else None
    if table is None:
        return []
    return [link.text.strip() for link in page.elements if link.tag == "a" and link.attrs.get("href", "").startswith(URL)
            and link.text.strip().startswith("BC-")]


def refs(claims) -> list[str]:
    return [claim.reference for claim in claims]


def test_the_list_shows_claims_newest_first_in_a_dense_table(client, login_as, many_claims):
    login_as("solicitor")
    made = many_claims(3)
    found = listed(client)
    assert found[1:] == refs(reversed(made))  # the template claim was submitted today, after them


def test_filters_by_status_handler_team_defendant_and_incident(client, login_as, make_user, many_claims, make_team):
    me = login_as("partner")
    other = make_user("solicitor")
    team = make_team("Leeds")
    made = many_claims(6, status=lambda i: ["accepted", "negotiation", "submitted"][i % 3],
                       assigned_to_id=lambda i: [me.id, other.id, None][i % 3],
                       team_id=lambda i: team.id if i < 2 else None,
                       defendant_name=lambda i: ["Acme Bank", "acorn Council", "Zeta Ltd"][i % 3])
    ours = set(refs(made))
    assert set(listed(client, "status=accepted&status=negotiation")) & ours == {made[i].reference for i in (0, 1, 3, 4)}
    assert set(listed(client, "handler=me")) == {made[0].reference, made[3].reference}
    assert set(listed(client, f"handler={other.id}")) == {made[1].reference, made[4].reference}
    assert set(listed(client, "handler=none")) & ours == {made[2].reference, made[5].reference}
    assert set(listed(client, f"team={team.id}")) == {made[0].reference, made[1].reference}
    assert set(listed(client, "team=none")) & ours == set(refs(made[2:]))
    assert set(listed(client, "defendant=AC")) == {made[i].reference for i in (0, 1, 3, 4)}
    assert set(listed(client, "defendant=acme")) == {made[0].reference, made[3].reference}
    assert listed(client, "defendant=%25") == []  # a wildcard typed is a character
    # the "My claims" shortcut is handler=me
    page = parse(client.get(URL))
    assert page.by_id("my-claims").attrs["href"] == f"{URL}?handler=me"


def test_filters_by_incident(client, login_as, many_claims):
    from claims.models import Defendant, Incident
    login_as("solicitor")
    defendant = Defendant(name="Acme", sector="private")
    incident = Incident(defendant=defendant, title="Leak", breach_type="cyber_attack")
    db.session.add(incident)
    db.session.commit()
    made = many_claims(3, incident_id=lambda i: incident.id if i == 1 else None)
    assert listed(client, f"incident={incident.id}") == [made[1].reference]


def test_filters_by_limitation_value_band_dates_and_flags(client, login_as, many_claims):
    login_as("solicitor")
    made = many_claims(
        8,
        earliest_limitation_on=lambda i: [TODAY + timedelta(days=10), TODAY + timedelta(days=60), TODAY - timedelta(days=1),
                                          None, TODAY + timedelta(days=400), None, None, None][i],
        value_pence=lambda i: [50_000, 99_999, 100_000, 499_999, 500_000, 1_000_000, None, 2_000_000][i],
        already_represented=lambda i: i == 3, in_group_action=lambda i: i == 4,
        claimant__date_of_birth=lambda i: date(2015, 1, 1) if i == 5 else date(1980, 1, 1),
        medical_help=lambda i: "specialist" if i == 6 else "none", diagnosed=lambda i: i == 6,
        screening_flags=lambda i: [{"code": "discovered_late", "severity": "info", "message": "x"}] if i == 7 else [],
        flag_discovered_late=lambda i: i == 7)  # stored beside the flags, as store_screening keeps it
    ours = set(refs(made))
    pick = lambda *indexes: {made[i].reference for i in indexes}  # noqa: E731
    assert set(listed(client, "limitation_days=30")) & ours == pick(0)
    assert set(listed(client, "limitation_days=60")) & ours == pick(0, 1)
    assert set(listed(client, "band=under_1000")) & ours == pick(0, 1)
    assert set(listed(client, "band=1000_5000")) & ours == pick(2, 3)
    assert set(listed(client, "band=5000_10000")) & ours == pick(4)
    assert set(listed(client, "band=over_10000")) & ours == pick(5, 7)
    assert set(listed(client, "band=not_valued")) & ours == pick(6)
    assert set(listed(client, "flag=limitation_soon")) & ours == pick(0, 1)
    assert set(listed(client, "flag=out_of_time")) & ours == pick(2)
    assert set(listed(client, "flag=already_represented")) & ours == pick(3)
    assert set(listed(client, "flag=group_action")) & ours == pick(4)
    assert set(listed(client, "flag=child_claimant")) & ours == pick(5)
    assert set(listed(client, "flag=personal_injury")) & ours == pick(6)
    assert set(listed(client, "flag=discovered_late")) & ours == pick(7)
    assert set(listed(client, "flag=limitation_soon&flag=out_of_time")) & ours == set()
    # submitted between two UK days, inclusive (START is 05/01/2026 09:00 UTC, one claim an hour)
    assert set(listed(client, "submitted_from=05/01/2026&submitted_to=05/01/2026")) == ours
    assert set(listed(client, "submitted_from=06/01/2026&submitted_to=01/06/2026")) == set()
    assert set(listed(client, "submitted_to=04/01/2026")) == set()


def test_search_by_each_field(client, login_as, many_claims):
    login_as("solicitor")
    made = many_claims(3, claimant__first_name=lambda i: ["Priya", "Tom", "Ann"][i],
                       claimant__last_name=lambda i: ["Okafor", "Priestley", "Smith"][i],
                       claimant__postcode=lambda i: ["SW1A 1AA", "SW19 2AB", "LS1 4AP"][i],
                       claimant__email=lambda i: ["priya@example.com", "tom@work.example", "ann@example.com"][i],
                       defendant_name=lambda i: ["Prism Bank", "Leeds Council", "Acme"][i])
    pick = lambda *indexes: {made[i].reference for i in indexes}  # noqa: E731
    assert set(listed(client, f"q={made[1].reference.lower()}")) == pick(1)
    assert set(listed(client, "q=pri")) == pick(0, 1)  # first name Priya, last name Priestley, organisation Prism
    assert set(listed(client, "q=pri&in=name")) == pick(0, 1)
    assert set(listed(client, "q=pris&in=defendant")) == pick(0)
    assert set(listed(client, "q=okaf&in=name")) == pick(0)
    assert set(listed(client, "q=tom")) == pick(1)
    for typed in ("sw1a1aa", "SW1A 1AA", "sw1a 1", "SW1A1", "sw1a"):
        assert set(listed(client, f"q={typed}")) == pick(0), typed
    assert set(listed(client, "q=sw1")) == pick(0, 1)
    assert set(listed(client, "q=ls")) == set()  # letters alone are a name
    assert set(listed(client, "q=ls&in=postcode")) == pick(2)
    assert set(listed(client, "q=PRIYA@")) == pick(0)
    assert set(listed(client, "q=tom@work")) == pick(1)
    assert set(listed(client, "q=ann&in=email")) == pick(2)
    assert set(listed(client, "q=leeds&in=defendant")) == pick(1)
    assert set(listed(client, "q=leeds&in=name")) == set()


SORTS = ["reference", "claimant", "defendant", "status", "submitted", "limitation", "value", "handler"]


@pytest.mark.parametrize("sort", SORTS)
def test_every_sort_pages_forward_and_back_by_keyset(client, login_as, make_user, many_claims, sort):
    from claims.cases.queries import export_rows
    from claims.domain.caseload import CaseloadView

    me = login_as("partner")
    other = make_user("solicitor")
    many_claims(
        115, status=lambda i: ["accepted", "submitted", "negotiation", "cfa_sent"][i % 4],
        value_pence=lambda i: None if i % 5 == 0 else (i % 7) * 10_000,  # ties and NULLs
        earliest_limitation_on=lambda i: None if i % 3 == 0 else date(2027, 1, 1) + timedelta(days=i % 4),
        assigned_to_id=lambda i: [me.id, other.id, None][i % 3],
        claimant__last_name=lambda i: f"name{i % 9}", claimant__first_name=lambda i: f"f{i % 2}",
        defendant_name=lambda i: ["Acme", "acme", "Beta", "Zed"][i % 4])
    for direction in ("asc", "desc"):
        with client.application.test_request_context():
            expected = [row.reference for row in export_rows(CaseloadView(sort=sort, direction=direction), me, TODAY)]
        pages, query = [], f"sort={sort}&dir={direction}"
        page = parse(client.get(f"{URL}?{query}"))
        while True:
            pages.append(_refs(page))
            nxt = page.by_id("page-next") if 'id="page-next"' in page.html else None
            if nxt is None:
                break
            page = parse(client.get(nxt.attrs["href"]))
        assert [len(p) for p in pages] == [50, 50, 16]
        assert [ref for p in pages for ref in p] == expected, (sort, direction)
        # and back again from the last page
        back = [pages[-1]]
        while 'id="page-prev"' in page.html:
            page = parse(client.get(page.by_id("page-prev").attrs["href"]))
            back.insert(0, _refs(page))
        assert back == pages
    if sort in ("value", "limitation", "handler"):  # NULLs come last, both ways
        assert expected[-1] in {c.reference for c in db.session.query(Claim).filter(
            {"value": Claim.value_pence, "limitation": Claim.earliest_limitation_on,
             "handler": Claim.assigned_to_id}[sort].is_(None))}


def test_sort_by_handler_orders_by_name_then_claim_and_same_names_interleave(client, login_as, make_user, many_claims):
    me = login_as("partner")
    ann, ann_again, bob = make_user(), make_user(), make_user()
    for user, name in ((me, "Zoe Partner"), (ann, "Ann Smith"), (ann_again, "ann smith"), (bob, "Bob Jones")):
        user.full_name = name
    db.session.commit()
    handlers = [ann, bob, ann_again, None, me]
    many_claims(10, assigned_to_id=lambda i: handlers[i % 5].id if handlers[i % 5] else None)
    by_id = list(db.session.scalars(select(Claim).where(Claim.submitted_at.is_not(None)).order_by(Claim.id)))
    name_of = {ann.id: "ann smith", ann_again.id: "ann smith", bob.id: "bob jones", me.id: "zoe partner"}
    handled = [c for c in by_id if c.assigned_to_id]
    expected = [c.reference for c in sorted(handled, key=lambda c: (name_of[c.assigned_to_id], c.id))]
    expected += [c.reference for c in by_id if not c.assigned_to_id]
    assert listed(client, "sort=handler&dir=asc&size=50") == expected
    descending = [c.reference for c in sorted(handled, key=lambda c: (name_of[c.assigned_to_id], c.id), reverse=True)]
    descending += [c.reference for c in reversed(by_id) if not c.assigned_to_id]
    assert listed(client, "sort=handler&dir=desc&size=50") == descending


def _refs(page) -> list[str]:
    return [cell.text.strip() for cell in page.elements if cell.tag == "a" and cell.text.strip().startswith("BC-")]


def test_sort_values_are_in_order(client, login_as, many_claims):
    login_as("solicitor")
    made = many_claims(5, value_pence=lambda i: [300, None, 100, 200, None][i])
    ours = set(refs(made))
    assert [r for r in listed(client, "sort=value&dir=asc") if r in ours] == [made[i].reference for i in (2, 3, 0, 1, 4)]
    assert [r for r in listed(client, "sort=value&dir=desc") if r in ours] == [made[i].reference for i in (0, 3, 2, 4, 1)]
    page = parse(client.get(f"{URL}?sort=value&dir=asc"))
    header = next(e for e in page.elements if e.tag == "th" and e.attrs.get("aria-sort"))
    assert header.attrs["aria-sort"] == "ascending" and "Value" in header.text


def test_page_size_and_columns(client, login_as, many_claims):
    login_as("solicitor")
    many_claims(120)
    assert len(listed(client)) == 50
    assert len(listed(client, "size=100")) == 100
    assert len(listed(client, "size=200")) == 121
    page = parse(client.get(f"{URL}?col=claimant&col=postcode"))
    headings = [e.text.strip() for e in page.elements if e.tag == "th" and e.attrs.get("scope") == "col"]
    assert [h for h in headings if h] == ["Reference", "Claimant", "Postcode"]
    # the next page keeps the view
    assert "col=postcode" in page.by_id("page-next").attrs["href"]


def test_counts_by_status_and_a_capped_total(client, login_as, many_claims, monkeypatch):
    login_as("solicitor")
    many_claims(7, status=lambda i: "accepted" if i < 3 else "negotiation")
    page = parse(client.get(f"{URL}?status=accepted"))
    counts = " ".join(page.by_id("status-counts").text.split())
    assert "Accepted 3" in counts and "Negotiation 4" in counts and "Awaiting triage 1" in counts and "All 8" in counts
    links = {e.text.strip(): e.attrs["href"] for e in page.elements if e.tag == "a" and "status=" in e.attrs.get("href", "")}
    assert "status=negotiation" in links["Negotiation 4"]
    assert "3 claims matching the filters" in " ".join(page.by_id("total").text.split())
    monkeypatch.setattr("claims.domain.caseload.COUNT_CAP", 5)
    total = " ".join(parse(client.get(URL)).by_id("total").text.split())
    assert total.startswith("More than 5 claims")
    # A view within the total's cap is counted exactly, whatever the status cap.
    monkeypatch.setattr("claims.domain.caseload.STATUS_COUNT_CAP", 3)
    monkeypatch.setattr("claims.domain.caseload.COUNT_CAP", 10)
    counts = " ".join(parse(client.get(URL)).by_id("status-counts").text.split())
    assert "Negotiation 4" in counts and "Negotiation 4+" not in counts and "All 8" in counts
    # A larger view: each status counted up to its own cap, and "all" says when it is a lower bound; the same with
    # a status filter (the counts are of every status).
    monkeypatch.setattr("claims.domain.caseload.COUNT_CAP", 5)
    for query in ("", "?status=accepted"):
        counts = " ".join(parse(client.get(URL + query)).by_id("status-counts").text.split())
        assert "Negotiation 3+" in counts and "Accepted 3 " in counts + " " and "Awaiting triage 1" in counts
        assert "All 7+" in counts


@pytest.mark.parametrize("query, message, kept", [
    ("status=sideways", "There is no status “sideways”", None),
    ("handler=someone", "Choose a handler from the list", "someone"),
    ("handler=999999", "Choose a handler from the list", "999999"),
    ("handler=99999999999999999999", "Choose a handler from the list", "99999999999999999999"),
    ("incident=99999999999", "Enter the number of an incident", "99999999999"),
    ("team=12345", "Choose a team from the list", "12345"),
    ("incident=abc", "Enter the number of an incident", "abc"),
    ("flag=shiny", "There is no flag “shiny”", None),
    ("limitation_days=-3", "whole number of days", "-3"),
    ("band=rich", "Choose a value band", "rich"),
    ("submitted_from=31/02/2026", "Submitted from must be a real date", "31/02/2026"),
    ("submitted_from=02/03/2026&submitted_to=01/03/2026", "Submitted to must be the same as or after", "01/03/2026"),
    ("sort=colour", "cannot be sorted that way", None),
    ("sort=value&dir=up", "ascending or descending", None),
    ("size=75", "Show 50, 100 or 200", "75"),
    ("col=secret", "There is no column", None),
    ("in=everywhere&q=x", "Choose what to search", None),
])
def test_a_value_the_list_cannot_use_gets_a_message_and_is_kept(client, login_as, many_claims, query, message, kept):
    login_as("solicitor")
    many_claims(1)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    page = parse(response)
    assert message in page.by_id("filter-problems").text
    assert "Correct the filters above" in page.text and not _refs(page)
    if kept is not None:
        values = [e.attrs.get("value") for e in page.elements if e.tag in ("input", "option")]
        assert kept in values
    export = client.get(f"/staff/claims/export?format=csv&{query}")
    assert export.status_code == 302 and query.split("&")[0] in unquote(export.headers["Location"])


def test_the_list_page_runs_a_constant_number_of_queries(app, client, login_as, make_user, many_claims):
    me = login_as("partner")
    other = make_user("solicitor")

    def statements(query=""):
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(f"{URL}?{query}").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    many_claims(3, assigned_to_id=me.id)
    few = statements("col=handler&col=team&col=flags")
    many_claims(40, assigned_to_id=lambda i: [me.id, other.id][i % 2])
    assert statements("col=handler&col=team&col=flags") == few
    assert few <= 12


def test_a_claim_the_user_may_not_see_never_appears(client, login_as, many_claims, monkeypatch):
    from claims.cases import queries

    login_as("partner")
    made = many_claims(3)
    hidden = made[1]
    monkeypatch.setattr(queries, "visible_claims", lambda user: Claim.id != hidden.id)
    assert hidden.reference not in listed(client)
    assert hidden.reference not in listed(client, f"q={hidden.reference}")
    counts = " ".join(parse(client.get(URL)).by_id("status-counts").text.split())
    assert "All 3" in counts  # the template claim and the two visible ones
    csv_text = client.get("/staff/claims/export?format=csv").get_data(as_text=True)
    assert hidden.reference not in csv_text and made[0].reference in csv_text


def test_links_from_the_first_list_still_page(client, login_as, many_claims):
    """A bookmarked ``before=`` cursor of the first list (submitted at, id) still gives the older page."""
    from claims.keyset import Cursor

    login_as("solicitor")
    made = many_claims(60)
    first = parse(client.get(URL))
    newest_first = list(reversed(made))
    last_shown = newest_first[48]  # the template claim is first, then 49 copies
    assert _refs(first)[-1] == last_shown.reference
    legacy = quote(Cursor(db.session.get(Claim, last_shown.id).submitted_at, last_shown.id).encode())
    assert listed(client, f"before={legacy}") == _refs(parse(client.get(first.by_id("page-next").attrs["href"])))
    assert listed(client, f"before={legacy}") == refs(newest_first[49:])


def test_the_stored_flags_follow_the_facts_when_the_claim_is_screened_again(client, login_as, make_claim):
    from claims.claim.limitation import rescreen

    login_as("partner")
    claim = make_claim()
    assert claim.flag_outside_england_wales is False
    assert claim.reference not in listed(client, "flag=outside_england_wales")
    claim.claimant.postcode = "EH1 1AA"  # Edinburgh: Scotland
    rescreen(claim, today=TODAY)
    db.session.commit()
    assert claim.flag_outside_england_wales is True
    assert "outside_england_wales" in {flag["code"] for flag in claim.screening_flags}
    assert claim.reference in listed(client, "flag=outside_england_wales")
    claim.claimant.postcode = "M1 1AA"
    rescreen(claim, today=TODAY)
    db.session.commit()
    assert claim.flag_outside_england_wales is False and claim.reference not in listed(client, "flag=outside_england_wales")
