"""The audit trail's viewer for partners: filter by claim, user, action and dates, page, export as CSV.

Recording and the hash chain live in ``claims.audit``; this package only reads the trail (and records
that it was read).
"""
