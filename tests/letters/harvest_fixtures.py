"""Helpers for the harvest tests: a sync against the letter feed with the on-commit jobs run."""

from __future__ import annotations

from tests.motions.sync_support import run

from .harvest_support import LetterFeed


def sync_and_harvest(fake: LetterFeed, capture, categories=None) -> None:
    with capture(execute=True):
        run(fake, categories)


BODY = [
    "Geachte voorzitter,",
    "Met deze brief informeer ik uw Kamer over de uitvoering van de motie van het lid Boswijk c.s. (Kamerstuk 35 207, nr. 101). "
    "Met deze brief beschouw ik de motie als afgedaan.",
    "De minister van Buitenlandse Zaken,",
    "C.C.J. Veldkamp",
]
