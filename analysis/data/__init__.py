"""The ground floor: the survey contract and one year's data as delivered, read and checked.

Public face: :func:`~analysis.data.load.load_year` (a validated year), the codebook
(:func:`~analysis.data.codebook.load_codebook`), :class:`~analysis.data.errors.DataError`
and :class:`~analysis.data.errors.ConfigError`, and ``paths`` (where everything lives).
Imports nothing else of the project.
"""
