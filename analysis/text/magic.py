"""The ``%%tekst`` cell magic: a notebook cell rendered as a template with the chapter's numbers.

``%%tekst`` is there as soon as a chapter's ``h = Hoofdstuk(...)`` has run (it calls
:func:`registreer`); ``%%tekst b1`` and ``%%tekst en`` use the context of the summaries for
respondents.
"""

from __future__ import annotations

from analysis.text.context import context
from analysis.text.summaries import SAMENVATTING_TALEN, context_eenvoudig
from analysis.text.templates import VERBORGEN, render


# ---------------------------------------------------------------------------- the magic
def tekst_magic(line: str, cell: str) -> None:
    """``%%tekst`` (or ``%%tekst naam`` for a chapter object not called ``h``): render the
    cell as a template with that chapter's numbers and show it as Markdown. ``%%tekst b1``
    and ``%%tekst en``: with the context of the summaries for respondents
    (:func:`context_eenvoudig`, Dutch B1 or English)."""
    from IPython import get_ipython
    from IPython.display import Markdown, display

    woorden_ = line.split()
    # '%%tekst b1' / '%%tekst en': the context of the summaries for respondents
    taal = next((t for t in woorden_ if t in SAMENVATTING_TALEN), None)
    naam = next((t for t in woorden_ if t not in SAMENVATTING_TALEN), "h")
    ns = get_ipython().user_ns
    # The chapter's own set-up (e.g. a list of groups defined in a code cell) is visible
    # too; the names of the estimates take precedence.
    eigen = {k: v for k, v in ns.items() if not k.startswith("_") and k not in VERBORGEN}
    h = ns[naam]
    ctx = context(h) if taal is None else context_eenvoudig(h, SAMENVATTING_TALEN[taal])
    tekst = render(cell, {**eigen, **ctx})
    if tekst:
        display(Markdown(tekst))


def load_ipython_extension(ipython) -> None:
    """``%load_ext analysis.text.templates`` registers the ``%%tekst`` cell magic."""
    ipython.register_magic_function(tekst_magic, magic_kind="cell", magic_name="tekst")


def registreer() -> None:
    """Make ``%%tekst`` available in the running IPython kernel, silently and as often as
    asked: a chapter's ``Hoofdstuk(...)`` calls this, so a chapter needs no ``%load_ext``
    (which prints a notice in a kernel that runs several chapters, as the book build's do).
    Registered anew every time, so that the magic is this module's even when a warm kernel
    imported the project's modules anew for another build (:mod:`analysis.publication.kernels`)."""
    from IPython import get_ipython

    ip = get_ipython()
    if ip is not None:
        load_ipython_extension(ip)
