"""The valuation core: a claim's facts and a precedent table in, a reasoned range of damages out.

Pure (pandas and numpy, no Flask, no database, no clock: every function takes ``as_of``).
The public interface, used alike by the CLI, the web app and bulk jobs:

- ``estimate(claim, precedents, cpi, *, as_of)`` → dict: one claim (``inputs`` documents
  the input keys; ``estimate`` the output).
- ``estimate_many(claims_frame, precedents, cpi, *, as_of)`` → DataFrame: the same numbers
  for many claims at once.
- ``prepare_pool(precedents, cpi, *, as_of)`` → ``PreparedPool``: do the precedent work once
  and pass the pool instead of the frames to value many claims one by one.
- ``load_precedent_frame(source)`` → ``PrecedentLoad(frame, errors)`` and
  ``load_cpi_frame(source)``: check a precedent or CPI table (path, DataFrame or rows).
- ``backtest(precedents, cpi, *, as_of)`` → dict: leave-one-case-out coverage and errors.

Bad input raises ``ValuationInputError`` whose message starts with the key at fault.
"""
from .backtest import backtest
from .bulk import estimate_many
from .estimate import DISCLAIMER, MODEL_VERSION, estimate
from .inflation import CpiFrameError, load_cpi_frame
from .inputs import ValuationInputError, parse_claim
from .pool import DEFAULT_SETTINGS, PreparedPool, Settings, prepare_pool
from .precedents import PrecedentFrameError, PrecedentLoad, load_precedent_frame
from .tables import RowError

__all__ = [
    "DEFAULT_SETTINGS", "DISCLAIMER", "MODEL_VERSION", "CpiFrameError", "PrecedentFrameError", "PrecedentLoad",
    "PreparedPool", "RowError", "Settings", "ValuationInputError", "backtest", "estimate", "estimate_many",
    "load_cpi_frame", "load_precedent_frame", "parse_claim", "prepare_pool",
]
