"""The moment the test run happens at (tests/conftest.py starts the clock there), for tests that name it."""
from datetime import datetime, timezone

FROZEN_AT = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)  # Monday 23/11/2026, 10:00 in London
TODAY = FROZEN_AT.date()
