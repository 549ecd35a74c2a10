"""A complete, valid set of claim-form answers, page by page, for tests and the benchmark."""
from __future__ import annotations

import copy

PAGES = {
    "about-you": {
        "claiming_for": "myself", "first_name": "Alex", "last_name": "Morgan", "date_of_birth-day": "14",
        "date_of_birth-month": "6", "date_of_birth-year": "1986", "email": "alex@example.com",
        "phone": "07700 900982", "address_line_1": "1 High Street", "address_line_2": "",
        "town": "Plymouth", "postcode": "pl1 2ab",
    },
    "about-the-child": {
        "child_first_name": "Sam", "child_last_name": "Morgan", "child_date_of_birth-day": "3",
        "child_date_of_birth-month": "9", "child_date_of_birth-year": "2015", "relationship": "parent",
    },
    "organisation": {"organisation_name": "Plymouth City Council", "sector": "local_authority", "public_body": "yes"},
    "what-happened": {
        "breach_type": "misdirected_communication", "breach_date-day": "10", "breach_date-month": "11",
        "breach_date-year": "2025", "discovered_date-day": "20", "discovered_date-month": "11",
        "discovered_date-year": "2025", "discovery_method": "told_by_recipient",
        "account": "A child protection report about my family was posted to a neighbour.",
    },
    "what-data": {"data_categories": ["contact_details", "children", "social_care"], "data_other": ""},
    "who-saw-it": {"recipients_scope": "single_recipient", "recipient_relationship": "neighbour",
                   "recipient_details": "They opened it and told other neighbours."},
    "effects": {
        "distress_level": "significant", "effects": ["anxiety", "sleep", "fear_for_safety"],
        "effects_details": "I could not sleep for weeks.", "medical_help": "gp", "diagnosed": "yes",
        "diagnosis_details": "Anxiety", "condition_worsened": "no", "effects_ongoing": "yes",
    },
    "money": {"therapy_amount": "240.00", "therapy_details": "Four counselling sessions",
              "travel_amount": "12.5", "travel_details": ""},
    "what-done": {"organisation_reply": "apologised", "complained_to_ico": "no", "already_represented": "no",
                  "in_group_action": "no", "other_action_details": ""},
}

ORDER = ["about-you", "organisation", "what-happened", "what-data", "who-saw-it", "effects", "money", "what-done"]


def form_data(page: str, **overrides) -> dict:
    """The form fields a claimant would post on a page, with overrides."""
    data = copy.deepcopy(PAGES[page])
    data.update(overrides)
    return data


def complete_answers(**overrides) -> dict:
    """Validated answers for a whole draft, as the form would store them (page → data)."""
    from claims.intake.steps import BY_SLUG, to_answers
    from werkzeug.datastructures import MultiDict

    pages = list(ORDER)
    if overrides.get("about-you", {}).get("claiming_for") == "child":
        pages.insert(1, "about-the-child")
    answers = {}
    for page in pages:
        data = form_data(page, **overrides.get(page, {}))
        form = BY_SLUG[page].form(formdata=MultiDict(_pairs(data)), meta={"csrf": False})
        assert form.validate(), (page, form.errors)
        answers[page] = to_answers(form)
    return answers


def _pairs(data: dict):
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            yield key, item
