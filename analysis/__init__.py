"""Analysis library of the Utrecht integration monitor (Zich thuis weten in Utrecht).

Packages by layer, from the ground up; a package imports only from the ones above it in
this list (README: Architecture):

- ``data``: the survey contract, reading and validating a year, intake, quotes, files
- ``statistics``: indicators, intervals, comparisons, change, weighting, models,
  precision, disclosure, targets and the year's estimates -- numbers only, no words
- ``text``: Dutch and English words for results, number formatting, the templates
- ``chapter``: what a chapter notebook calls (``Hoofdstuk``), its figures and tables
- ``publication``: the pipeline, executing notebooks, rendering, caching, verifying (what
  it writes goes to the top-level ``build/`` folder)
- ``checks``: reading the built book as an editor would, stress variants, synthetic data

Names kept from before the packages: the chapter notebooks (``from analysis.tables import
...``) and the README's commands (``python -m analysis.pipeline``) still use the flat module
names they were written with. :mod:`analysis.compat` maps each to its home; new code imports
from the packages.
"""

from analysis.compat import install

install()
