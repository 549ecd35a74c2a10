"""What typed text may contain: the one rule for every text field and every uploaded table cell.

Pure (no Flask): the forms (``claims.forms.validators.PlainText``) and the precedent and CPI
uploads (``claims.domain.valuation.tables``) both ask here, so they cannot disagree.

- ``CONTROL``: control characters other than tab, new line and carriage return: C0, DEL, the C1
  block (U+0080–U+009F, e.g. NEL and CSI) and the Unicode line and paragraph separators.
- ``hidden_formatting``: invisible characters that change what is shown or hide a difference:
  bidi controls, the rest of category Cf, and blank letters that look like nothing at all.
"""
from __future__ import annotations

import re
import unicodedata

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")

# Bidi controls (embeddings, overrides, isolates, marks) reorder what is shown: "Mar\u202eyam" shows as
# "Marmay". All are Unicode category Cf ("format"), which is refused as a whole: zero-width spaces, the
# byte-order mark, soft hyphens, tag characters and the rest hide text or make two names look the same.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
JOINERS = frozenset("\u200c\u200d")  # zero-width non-joiner and joiner
EMOJI_MODIFIERS = frozenset("\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")
_MIXED_UP_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")  # scripts that never need a joiner


# Letters that print as nothing: Hangul fillers, the blank Braille pattern and the combining
# grapheme joiner make a name look empty, or two names look the same.
BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")


def hidden_formatting(text: str) -> list[str]:
    """The invisible formatting characters in ``text`` (bidi controls and the rest of category Cf).

    A joiner is kept where writing needs it: a zero-width joiner between two emoji (👨‍👩‍👧),
    and either joiner between two letters of a script that uses them (Persian, Arabic, Indic
    scripts). Between Latin, Greek or Cyrillic letters it only hides a difference, so it is refused.
    """
    return [ch for i, ch in enumerate(text)
            if (ch in BIDI_CONTROLS or ch in BLANK_LOOKALIKES or unicodedata.category(ch) == "Cf")
            and not (ch in JOINERS and _joins_writing(text, i))]


def _joins_writing(text: str, i: int) -> bool:
    before = text[:i].rstrip("".join(EMOJI_MODIFIERS))[-1:]
    after = text[i + 1:i + 2]
    if not before or not after:
        return False
    if text[i] == "\u200d" and _is_symbol(before) and _is_symbol(after):
        return True
    return _needs_joiners(before) and _needs_joiners(after)


def _is_symbol(ch: str) -> bool:
    return unicodedata.category(ch) == "So"


def _needs_joiners(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM" and ord(ch) > 0x7F \
        and not unicodedata.name(ch, "").startswith(_MIXED_UP_SCRIPTS)
