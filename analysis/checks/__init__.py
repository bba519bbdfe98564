"""Reading what was built as an editor and a reviewer would: the narrative and editorial
rules, the rendered pages, readability, stress variants, the synthetic data and the bench.

May import every layer; nothing in ``analysis`` imports it (only the commands and tests).
"""
