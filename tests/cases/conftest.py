"""Fixtures for the caseload list: many claims made quickly by copying one submitted through the real service."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from claims.extensions import db
from claims.models import Claim, Claimant, Team

START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def many_claims(make_claim):
    """many_claims(n, **per_claim) makes n claims (copies of one real submission); ``per_claim`` values are
    functions of the claim's number i (0…n-1) giving its columns (``claimant__x`` for the claimant's)."""
    template = make_claim()
    claim_columns = [c.key for c in Claim.__table__.columns if c.key not in ("id", "reference", "claimant_id")]
    person_columns = [c.key for c in Claimant.__table__.columns if c.key != "id"]

    def make(n: int, **per_claim):
        made = []
        for i in range(n):
            person = Claimant(**{key: getattr(template.claimant, key) for key in person_columns})
            person.first_name, person.last_name = f"first{i:03d}", f"last{i:03d}"
            person.email = f"person{i:03d}@example.com"
            claim = Claim(**{key: getattr(template, key) for key in claim_columns})
            claim.claimant = person
            claim.reference = f"BC-T-{len(made) + 1 + many_claims_count[0]:05d}"
            claim.submitted_at = START + timedelta(hours=i)
            claim.screening_flags = []
            for key, rule in per_claim.items():
                value = rule(i) if callable(rule) else rule
                if key.startswith("claimant__"):
                    setattr(person, key.removeprefix("claimant__"), value)
                else:
                    setattr(claim, key, value)
            db.session.add(claim)
            made.append(claim)
        db.session.commit()
        many_claims_count[0] += n
        return made
    many_claims_count = [0]
    make.template = template
    return make


@pytest.fixture
def make_team():
    def make(name: str) -> Team:
        team = Team(name=name)
        db.session.add(team)
        db.session.commit()
        return team
    return make


def day(text: str) -> date:
    d, m, y = (int(part) for part in text.split("/"))
    return date(y, m, d)
