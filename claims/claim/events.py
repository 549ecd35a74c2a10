"""Signals about a claim, so one feature can react to another without importing it.

Every signal is sent inside the request (or job) that did the thing, before it commits, with the
claim as ``claim=``: a receiver adds to the same unit of work, so what it does is saved, or undone,
with the change itself. Work that must wait for the commit (queueing a job) goes through
``claims.unit_of_work.after_commit``.

- ``claim_submitted``: intake made a claim from the claim form (``claim``). Letters queue the
  acknowledgement letter; work makes the triage task and the limitation warnings.
- ``claim_moved``: the claim changed status (``claim``, ``from_status``, ``to_status``, ``by``: the
  member of staff or None), sent by ``claims.claim.moves.move``. Work closes the tasks that waited for it.
- ``letter_sent``: letters made a letter that goes out today (``claim``, ``kind``: a
  ``claims.domain.letters.LETTER_KINDS`` code, ``sent_on``, ``received_on``: the day a letter to the
  defendant is taken as received, else None, ``due_on``: the reply date it set, else None). Work makes
  the chasers (the CFA, the defendant after a letter of claim) and the subject access reply task.
- ``cfa_signed``: the client signed the CFA online (``claim``, ``signed_on``, ``cancellation_ends_on``).
- ``client_evidence_added``: the client added a file through their link (``claim``, ``file``: the
  ``EvidenceFile``).
- ``client_message_received``: the client sent the firm a message from their portal page (``claim``,
  ``message``: the ``ClientMessage``). Work makes the task to answer it, shown on "my day" as from the client.
- ``offer_instructed``: the client gave their instructions on an offer through their link (``claim``, ``offer``:
  the ``Offer``, ``instruction``: its label). Work makes the task to act on them.
- ``limitation_changed``: a claim's stored limitation dates moved (``claim``, ``today``), sent by
  ``claims.claim.limitation.refresh`` after replacing them (a staff edit of the breach date or the date of
  birth, concealment or capacity recorded, a register match), so their warnings follow (work listens).
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

claim_submitted = _signals.signal("claim-submitted")
claim_moved = _signals.signal("claim-moved")
letter_sent = _signals.signal("letter-sent")
cfa_signed = _signals.signal("cfa-signed")
client_evidence_added = _signals.signal("client-evidence-added")
limitation_changed = _signals.signal("limitation-changed")
client_message_received = _signals.signal("client-message-received")
offer_instructed = _signals.signal("offer-instructed")
