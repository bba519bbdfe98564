"""Making the publication: the pipeline, executing the notebooks in warm kernels, the book's
files, rendering with Quarto, the build cache, the open-data package, preview and verify.

Public face: :func:`~analysis.publication.pipeline.build` and the commands ``python -m
analysis.pipeline``, ``analysis.preview``, ``analysis.verify``. Imports every layer below.
"""
