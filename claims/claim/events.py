"""Signals about a claim, so one feature can react to another without importing it.

``claim_submitted``: sent by intake once a claim is made from the claim form (before the
request commits), with ``claim`` (the new ``Claim``); letters answers by queueing the
acknowledgement letter for after the commit.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

claim_submitted = _signals.signal("claim-submitted")
