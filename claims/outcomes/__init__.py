"""How a claim ends: the defendant's response, offers and the client's instructions, the settlement with its
completion statement and the money, court proceedings, closing and reopening (``claims.domain.outcomes``)."""
