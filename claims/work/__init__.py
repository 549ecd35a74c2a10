"""The solicitor's work: "my day", tasks and key dates (with the diary and its iCalendar export), and the
notes and correspondence on a claim's timeline.

- ``tasks``: the task service: tasks made by the rules in ``claims.domain.tasks`` and by hand, done and
  reopened (who and when), closed by a rule when what they waited for happens;
- ``automatic``: the receivers of the kernel's events (``claims.claim.events``) that make and close tasks;
- ``notes``: file notes, phone calls and documents received; an edit keeps the earlier text;
- ``queries``: what "my day", the diary and the claim page read, a fixed number of queries each;
- ``ics``: the diary as an iCalendar file; ``views``, ``claim_views``, ``forms``: the pages.

"My claims" are the claims assigned to the signed-in user (a partner's day shows every claim they may
see), always within ``claims.claim.access.visible_claims``. The claim page (``cases``) composes
``panel`` to show a claim's tasks and notes.
"""
