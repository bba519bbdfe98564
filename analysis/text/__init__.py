"""Words for results: Dutch and English phrasing, number formatting, labels, the templates and
their context (the ``%%tekst`` magic), key points, and the summaries for respondents.

Public face: :mod:`~analysis.text.formatting`, :mod:`~analysis.text.dutch`,
:mod:`~analysis.text.english` and :func:`~analysis.text.magic.registreer`. Imports
:mod:`analysis.statistics` and :mod:`analysis.data`; it reads a chapter only through the
protocol in :mod:`~analysis.text.source`.
"""
