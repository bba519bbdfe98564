"""Analysis library of the Utrecht integration monitor (Zich thuis weten in Utrecht).

Small modules, one concern each:

- ``paths``       where data, configuration and builds live
- ``codebook``    the survey contract (data/codebook.yml)
- ``load``        reading and validating one year's data folder
- ``indicators``  the indicator registry and the tidy indicator table
- ``synth``       the seeded generator of the synthetic survey waves
- ``targets``     published figures and the check that data reproduce them
"""
