"""The year's numbers: indicators, intervals, comparisons, change, weighting, models, precision,
disclosure control, published targets, and the estimates computed once per build.

Numbers only, no words: rounding and wording for display live in :mod:`analysis.text`. Public
face: :func:`~analysis.statistics.estimates.lees_of_bereken` (the year's estimates) and the
functions the notebooks call. Imports only :mod:`analysis.data`.
"""
