"""The pure domain core: vocabularies, screening, limitation, deadlines, money and status.

Nothing in this package imports Flask or SQLAlchemy; functions take ``today=`` rather
than reading the clock, so they can be tested in microseconds and reused by bulk jobs.
"""
