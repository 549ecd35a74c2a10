"""Every letter names the defendant as it reads in a sentence: "against the Department for Education"."""
from __future__ import annotations

import re
from datetime import date

import pytest

from claims import word
from claims.domain.letters import LETTER_KINDS
from claims.letters import templates
from claims.letters.context import letter_context
from claims.firm import firm_settings
from tests.word_files import docx_text


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_a_department_takes_the_article_mid_sentence(app, make_claim, kind):
    claim = make_claim(organisation={"organisation_name": "Department for Education"})
    context = letter_context(claim, kind, firm=firm_settings(), today=date(2026, 11, 23), decline_reason="No.")
    assert context["defendant"]["name_in_sentence"] == "the Department for Education"
    text = docx_text(word.render(templates.active(kind).content, context))
    bare = [line for line in text.splitlines() if re.search(r"\S Department for Education", line)
            and not re.search(r"\bthe Department for Education", line)]
    assert not bare, bare
