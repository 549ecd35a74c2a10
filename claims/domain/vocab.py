"""Controlled vocabularies: the codes stored in the database and their plain-English labels.

Every choice a claimant or solicitor makes is one of these codes; forms, templates,
seed data and (later) the valuation engine all read them from here so the words match.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping


class Vocabulary(Mapping[str, str]):
    """An ordered code → label mapping with helpers for forms."""

    def __init__(self, items: dict[str, str]):
        self._items = dict(items)

    def __getitem__(self, code: str) -> str:
        return self._items[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def choices(self) -> list[tuple[str, str]]:
        """(code, label) pairs in display order, for WTForms."""
        return list(self._items.items())

    def label(self, code: str | None) -> str:
        """The label for a code, or the code itself if unknown (never raises)."""
        if code is None:
            return ""
        return self._items.get(code, code)


BREACH_TYPES = Vocabulary({
    "misdirected_communication": "Sent to the wrong person or address",
    "unauthorised_disclosure": "Shared without permission",
    "lost_or_stolen": "Lost or stolen papers or device",
    "cyber_attack": "Cyber attack or hacking",
    "publication_online": "Published online",
    "employee_misuse": "Staff looked at records without a good reason",
    "inaccurate_data": "Wrong information held or passed on",
    "subject_access_failure": "Refused or ignored my request for my data",
    "surveillance": "Monitoring or surveillance",
    "other": "Something else",
})

DISCOVERY_METHODS = Vocabulary({
    "told_by_organisation": "The organisation told me",
    "told_by_recipient": "The person who received it told me",
    "saw_it_myself": "I saw it myself",
    "told_by_someone_else": "Someone else told me",
    "news_or_media": "News or social media",
    "other": "Another way",
})

DATA_CATEGORIES = Vocabulary({
    "contact_details": "Name, address, phone or email",
    "date_of_birth": "Date of birth",
    "financial": "Bank, card or other financial details",
    "id_documents": "ID documents (passport, driving licence, National Insurance number)",
    "health": "Physical health",
    "mental_health": "Mental health",
    "children": "Information about children",
    "social_care": "Social care or child protection records",
    "criminal_allegations": "Criminal records or allegations",
    "ethnicity": "Racial or ethnic origin",
    "religion": "Religious or philosophical beliefs",
    "sexual_life": "Sex life or sexual orientation",
    "political": "Political opinions or trade union membership",
    "genetic_biometric": "Genetic or biometric data",
    "immigration": "Immigration or asylum status",
    "employment": "Employment or education records",
    "other": "Something else",
})

# UK GDPR Art. 9 special categories (plus health and mental health, which are Art. 9 data).
SPECIAL_CATEGORIES = frozenset({
    "health", "mental_health", "ethnicity", "religion", "sexual_life",
    "political", "genetic_biometric",
})
# Not Art. 9, but treated as highly sensitive throughout (Art. 10, children, social care).
HIGHLY_SENSITIVE_CATEGORIES = SPECIAL_CATEGORIES | {
    "criminal_allegations", "children", "social_care",
}

RECIPIENT_SCOPES = Vocabulary({
    "single_recipient": "One person",
    "few_recipients": "A few people (2 to 10)",
    "many_recipients": "Many people (more than 10)",
    "public": "It was made public (online, in the press, or on display)",
})

RECIPIENT_RELATIONSHIPS = Vocabulary({
    "stranger": "A stranger",
    "professional": "A professional (for example a doctor, teacher or social worker)",
    "neighbour": "A neighbour",
    "ex_partner": "A former partner",
    "family": "A family member",
    "colleague": "A colleague or employer",
    "someone_else_known": "Someone else who knows me",
    "unknown": "I do not know who saw it",
})
# Recipients who know the claimant: a key driver of harm.
KNOWN_RECIPIENTS = frozenset({"neighbour", "ex_partner", "family", "colleague", "someone_else_known"})

DISTRESS_LEVELS = Vocabulary({
    "none": "None",
    "minimal": "A little",
    "moderate": "Quite a lot",
    "significant": "A great deal",
    "severe": "Severe: it has taken over my life",
})

EFFECTS = Vocabulary({
    "anxiety": "Anxiety or worry",
    "sleep": "Trouble sleeping",
    "fear_for_safety": "Fear for my safety or my family's safety",
    "had_to_move": "Had to move home",
    "relationships": "Harm to relationships with family, friends or neighbours",
    "confidence": "Loss of confidence",
    "embarrassment": "Embarrassment or humiliation",
    "work": "Problems at work or school",
    "loss_of_trust": "Loss of trust in the organisation",
    "other": "Something else",
})

MEDICAL_HELP = Vocabulary({
    "none": "No, I have not seen anyone",
    "gp": "My GP",
    "counsellor": "A counsellor or therapist",
    "specialist": "A psychiatrist or mental health team",
})

LOSS_HEADS = Vocabulary({
    "fraud": "Money taken through fraud",
    "moving_costs": "Moving home",
    "therapy": "Therapy or counselling",
    "lost_earnings": "Lost earnings or time off work",
    "travel": "Travel",
    "other": "Other costs",
})

ORGANISATION_REPLIES = Vocabulary({
    "not_complained": "I have not complained to them",
    "no_reply": "I complained and have had no reply",
    "apologised": "They apologised",
    "denied": "They denied doing anything wrong",
    "other": "They replied in another way",
})

SECTORS = Vocabulary({
    "local_authority": "Council or local authority",
    "nhs": "NHS or health service",
    "police": "Police",
    "central_government": "Government department or agency",
    "education": "School, college or university",
    "charity": "Charity",
    "housing": "Housing association",
    "employer": "Employer",
    "retail": "Shop or online retailer",
    "financial": "Bank, lender or insurer",
    "telecoms": "Phone or broadband provider",
    "legal": "Law firm",
    "other": "Another kind of organisation",
})
# Sectors whose bodies are public authorities for the Human Rights Act by default.
PUBLIC_SECTORS = frozenset({"local_authority", "nhs", "police", "central_government"})

CHILD_RELATIONSHIPS = Vocabulary({
    "parent": "Parent",
    "guardian": "Legal guardian",
    "carer": "Carer or family member",
    "other": "Other",
})

CAUSES_OF_ACTION = Vocabulary({
    "uk_gdpr": "UK GDPR Art. 82 and DPA 2018 s.168–169",
    "misuse_private_information": "Misuse of private information",
    "breach_of_confidence": "Breach of confidence",
    "human_rights_act": "Human Rights Act 1998, Art. 8 (public authority)",
})

TRIAGE_RULES = Vocabulary({
    "by_hand": "By hand: a solicitor or partner assigns each new claim",
    "round_robin": "Round-robin: each new claim goes to the next solicitor in the team",
    "by_defendant": "By defendant: to the solicitor already handling claims against the same organisation",
})

ROLES = Vocabulary({
    "solicitor": "Solicitor",
    "partner": "Partner",
    "admin": "Administrator",
})
