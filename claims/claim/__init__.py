"""The claim kernel: what every feature needs to know about a claim, said once.

- ``access``: who may see and do what (roles, permissions, loading a claim for a user or 404);
- ``moves``: the one way a claim changes status, under the claim's row lock;
- ``assignment``: the one way a claim's handler, team and supervising partner change, audited;
- ``facts``: one reading of a claim's derived facts, built from the models, used by screening,
  valuation and letters alike (each fact a pure function in ``claims.domain.claim_facts``);
- ``events``: signals a feature sends so another can react without importing it.

Features (``cases``, ``intake``, ``letters``, ``valuation``, ``auth``) sit on top of the kernel;
the kernel imports no feature. The allowed directions are in README ("Layout") and are
checked by tests/test_layout.py.
"""
