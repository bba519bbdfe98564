"""The publication's smallest cell: no figure rests on fewer than ``MIN_CELL`` respondents, and
shares on fewer than ``INDICATIEF`` + 1 are marked indicative.

Why on the ground floor: validation uses the same threshold (a routed group smaller than it is
refused unless declared), and disclosure control in :mod:`analysis.statistics.disclosure`
applies it; one number, one home.
"""

from __future__ import annotations

MIN_CELL = 10


INDICATIEF = 50  # fewer respondents than this: the percentage is published as indicative
