"""Analysis library of the Utrecht integration monitor (Zich thuis weten in Utrecht).

Small modules, one concern each:

- data: ``paths`` (where things live), ``codebook`` (the survey contract), ``load`` (reading
  and validating a year), ``synth`` (the synthetic waves), ``targets`` (published figures)
- statistics: ``indicators`` (registry and tidy table), ``stats`` (intervals with
  finite-population correction), ``comparisons`` (tests and the words they allow),
  ``models`` (logistic regression), ``weighting`` (raking), ``trend`` (year on year),
  ``disclosure`` (small cells)
- presentation: ``formatting`` (Dutch numbers and words), ``figures`` (house style),
  ``tables`` (Tabel 7.1, B2.1), ``quotes``, ``questionnaire``, ``chapter`` (what a notebook
  calls)
- the build: ``book`` (execution), ``cache`` (fingerprints), ``render`` (Quarto),
  ``pipeline`` (the main job), ``verify`` (the reviewer's check), ``bench``, ``output``
  (atomic writes)
"""
