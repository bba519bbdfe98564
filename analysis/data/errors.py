"""The two errors of the data floor, at its bottom so every module can raise them.

:class:`DataError`: a delivery that breaks the contract; :class:`ConfigError`: a configuration
file that cannot be read. Both carry a message that says what to fix; the commands turn them
into exit 2 without a traceback.
"""

from __future__ import annotations


class ConfigError(ValueError):
    """A configuration or year file (YAML) that cannot be read. The message names the file
    and, for a syntax error, the line, so the pipeline stops with exit 2 and no traceback."""


class DataError(ValueError):
    """Data that break the contract. The message says what to fix."""
