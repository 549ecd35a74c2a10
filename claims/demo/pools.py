"""What demo data draws from: the words, weights and fake names that synthetic claims are made of.

This module owns the raw material of a demo caseload: made-up organisations, what claimants
say happened, how often each answer is given (weights keyed by the codes in
``claims.domain.vocab``), the sizes of financial losses, and the pools of fake names and
addresses drawn once from Faker. It holds no logic about how a claim is put together
(``claims.demo.seed``) or how far it has got (``claims.demo.progress``).
"""
from __future__ import annotations

from dataclasses import dataclass

# Made-up organisations: (name pattern, sector, what the claimant says about it being a public body).
MADE_UP_ORGANISATIONS = (
    ("{town} Borough Council", "local_authority", True), ("{town} City Council", "local_authority", True),
    ("{town} Hospitals NHS Foundation Trust", "nhs", True), ("{town} Community Health NHS Trust", "nhs", None),
    ("{town} Constabulary", "police", True), ("{town} Academy Trust", "education", None),
    ("{name} Homes Housing Association", "housing", None), ("{name} & {other} Solicitors LLP", "legal", False),
    ("{name} Retail Ltd", "retail", False), ("{name} Building Society", "financial", False),
    ("{name} Mobile Ltd", "telecoms", False), ("{name} Foundation", "charity", False),
    ("{name} Logistics Ltd", "employer", False), ("Department for {town} Affairs", "central_government", True),
)

# How often each answer is given: every code of the vocabulary, in its order (tests/test_seed_demo.py checks).
BREACH_TYPE_WEIGHTS = {"misdirected_communication": 34, "unauthorised_disclosure": 25, "lost_or_stolen": 10,
                       "cyber_attack": 10, "publication_online": 5, "employee_misuse": 9, "inaccurate_data": 3,
                       "subject_access_failure": 2, "surveillance": 1, "other": 1}
DISCOVERY_METHOD_WEIGHTS = {"told_by_organisation": 40, "told_by_recipient": 25, "saw_it_myself": 15,
                            "told_by_someone_else": 10, "news_or_media": 7, "other": 3}
RECIPIENT_SCOPE_WEIGHTS = {"single_recipient": 50, "few_recipients": 25, "many_recipients": 15, "public": 10}
RECIPIENT_RELATIONSHIP_WEIGHTS = {"stranger": 20, "professional": 12, "neighbour": 18, "ex_partner": 10,
                                  "family": 10, "colleague": 10, "someone_else_known": 8, "unknown": 12}
MEDICAL_HELP_WEIGHTS = {"none": 50, "gp": 30, "counsellor": 15, "specialist": 5}
DISTRESS_LEVEL_WEIGHTS = {"none": 3, "minimal": 10, "moderate": 35, "significant": 40, "severe": 12}
ORGANISATION_REPLY_WEIGHTS = {"not_complained": 35, "no_reply": 20, "apologised": 25, "denied": 15, "other": 5}
EFFECT_WEIGHTS = {"anxiety": 30, "sleep": 22, "fear_for_safety": 12, "had_to_move": 1, "relationships": 8,
                  "confidence": 10, "embarrassment": 8, "work": 4, "loss_of_trust": 10, "other": 2}
CHILD_RELATIONSHIP_WEIGHTS = {"parent": 80, "guardian": 8, "carer": 10, "other": 2}

# What the claimant says happened, by breach type; {who} is the phrase for who saw it.
ACCOUNTS = {
    "misdirected_communication": ("A letter about me was posted to the wrong address and opened by {who}.",
                                  "An email with my details was sent to {who} by mistake."),
    "unauthorised_disclosure": ("Staff told {who} about my case without my permission.",
                                "My new address was given to {who}."),
    "lost_or_stolen": ("A file with my details was left on a train and has not been found.",
                       "A laptop holding my records was stolen from a member of staff's car."),
    "cyber_attack": ("They told me hackers had taken my records and some were put on the dark web.",),
    "publication_online": ("A spreadsheet with my details was published on their website for weeks.",),
    "employee_misuse": ("A member of staff who knows me looked at my records and told {who}.",),
    "inaccurate_data": ("They recorded false allegations about me and passed them to {who}.",),
    "subject_access_failure": ("I asked for a copy of my records months ago and have had nothing.",),
    "surveillance": ("They put a camera facing my home and shared the footage with {who}.",),
    "other": ("My information was handled carelessly and {who} found out about my case.",),
}
WHO_SAW_IT = {"stranger": "a stranger", "professional": "a professional with no reason to see it",
              "neighbour": "my neighbour", "ex_partner": "my former partner", "family": "a relative",
              "colleague": "people at my work", "someone_else_known": "someone I know", "unknown": "someone"}

# The kinds of data each sector tends to leak; other sectors fall back to SECTOR_DATA_FALLBACK.
SECTOR_DATA_CATEGORIES = {
    "local_authority": ("children", "social_care", "mental_health", "criminal_allegations"),
    "nhs": ("health", "mental_health", "sexual_life", "genetic_biometric"), "police": ("criminal_allegations",),
    "central_government": ("id_documents", "immigration", "financial"), "education": ("children", "employment"),
    "financial": ("financial", "id_documents"), "employer": ("employment", "health"),
    "legal": ("criminal_allegations", "children"), "housing": ("financial", "mental_health"),
}
SECTOR_DATA_FALLBACK = ("financial", "health")
EXTRA_DATA_CATEGORIES = ("date_of_birth", "health", "ethnicity", "religion", "employment")

EFFECT_DETAILS = ("I could not sleep for weeks and I still check the locks every night.",
                  "I stopped going out and my children noticed how anxious I was.",
                  "I feel humiliated every time I see my neighbours.", "I no longer trust them with anything.",
                  "I had panic attacks and needed time off work.")
DIAGNOSES = ("Anxiety", "Depression", "Post-traumatic stress disorder", "Panic attacks", "Adjustment disorder")

# Financial losses: (lowest, highest) in pence, and what the claimant calls each.
LOSS_RANGE_PENCE = {"fraud": (50_00, 2_500_00), "moving_costs": (500_00, 6_000_00), "therapy": (60_00, 1_500_00),
                    "lost_earnings": (100_00, 3_000_00), "travel": (5_00, 200_00), "other": (20_00, 500_00)}
LOSS_DESCRIPTIONS = {"fraud": "Money taken from my account", "moving_costs": "Removals and deposit",
                     "therapy": "Private counselling sessions", "lost_earnings": "Unpaid time off work",
                     "travel": "Travel to appointments", "other": "New locks"}

EMAIL_DOMAINS = ("example.com", "example.org", "example.net")  # reserved for examples (RFC 2606)


@dataclass(frozen=True)
class Pools:
    """Fixed pools of fake values, drawn from Faker once (drawing per claim would be far slower)."""

    first_names: list[str]
    last_names: list[str]
    streets: list[str]
    towns: list[str]
    postcodes: list[str]


def make_pools(seed: int, size: int = 2_000) -> Pools:
    """Draw the pools; repeats are kept, so common surnames stay common."""
    from faker import Faker  # imported here: only seeding needs it

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    return Pools(
        first_names=[fake.first_name() for _ in range(size)], last_names=[fake.last_name() for _ in range(size)],
        streets=[fake.street_address().replace("\n", ", ")[:120] for _ in range(size)],
        towns=[fake.city()[:80] for _ in range(300)], postcodes=[fake.postcode()[:10] for _ in range(size)],
    )
