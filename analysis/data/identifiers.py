"""No direct identifiers in any delivery: names of columns and patterns of values (e-mail,
phone, BSN or IBAN) that must never reach the build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data.errors import DataError
from analysis.data.reading import _rows

# Column names that announce direct identifiers, and value patterns that reveal them.
IDENTIFIER_NAMES = re.compile(
    r"(e-?mail|mailadres|naam|name|telefoon|phone|mobiel|adres|address|postcode|zip|bsn|"
    r"geboortedatum|birth|ip_?adres|iban)",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?:\+|00)?\d[\d\s-]{8,}\d")
BSN_OR_IBAN = re.compile(r"\b(?:\d{9}|[A-Z]{2}\d{2}[A-Z]{4}\d{10})\b")


# --------------------------------------------------------------------------- privacy
def check_no_identifiers(df: pd.DataFrame, path: Path) -> None:
    """Reject direct identifiers. The message names columns and rows, never the values."""
    problems = []
    for col in df.columns:
        if col == "respondent_id":
            continue
        if IDENTIFIER_NAMES.search(col):
            problems.append(f"kolom '{col}': de naam wijst op een persoonsgegeven")
            continue
        values = df[col].dropna().astype(str)
        for label, pattern in (
            ("e-mailadressen", EMAIL),
            ("telefoonnummers", PHONE),
            ("BSN- of IBAN-achtige nummers", BSN_OR_IBAN),
        ):
            hits = values.str.contains(pattern)
            if hits.any():
                mask = pd.Series(False, index=df.index)
                mask[hits[hits].index] = True
                problems.append(
                    f"kolom '{col}' bevat {label} ({int(hits.sum())} cellen; {_rows(df, mask)})"
                )
                break
    # Ids are arbitrary strings (digits and hyphens are fine); an e-mail address is not.
    if "respondent_id" in df.columns and (
        df["respondent_id"].dropna().astype(str).str.contains(EMAIL).any()
    ):
        problems.append("kolom 'respondent_id' bevat e-mailadressen")
    if problems:
        raise DataError(
            f"{path}: PRIVACY — het bestand bevat (vermoedelijk) directe persoonsgegevens. "
            "Verwijder deze kolommen/waarden bij de bron; e-mailadressen blijven bij het "
            "veldwerkbureau. De waarden worden hier bewust niet getoond.\n  - "
            + "\n  - ".join(problems)
        )
