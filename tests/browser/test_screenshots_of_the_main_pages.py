"""Screenshots of the main pages, at desktop and phone width; the phone width never scrolls sideways.

Written to a temporary folder; with MOTIETRACKER_SCREENSHOTS=1 to docs/screenshots/ (the README's).
"""

import os
from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE, ROOT

pytestmark = pytest.mark.browser

SHOTS = {
    "home": "/",
    "search": "/moties/?q=Taiwan",
    "motion": "/moties/35207-83/",
    "letter": "/brieven/{letter}/#cite-{cite}",
    "dossier": "/dossiers/35207/",
}


@pytest.fixture
def folder(tmp_path) -> Path:
    if os.environ.get("MOTIETRACKER_SCREENSHOTS"):
        target = ROOT / "docs" / "screenshots"
        target.mkdir(parents=True, exist_ok=True)
        return target
    return tmp_path


def paths() -> dict[str, str]:
    from letters.models import Citation, Letter

    letter = Letter.objects.get()
    cite = Citation.objects.get(letter=letter, key="35207-83")
    return {name: path.format(letter=letter.pk, cite=cite.pk) for name, path in SHOTS.items()}


def test_screenshots_at_desktop_and_phone_width(site, browser, folder):
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, locale="nl-NL", device_scale_factor=1)
        try:
            page = context.new_page()
            for page_name, path in paths().items():
                page.goto(site + path)
                overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{page_name} scrolls sideways by {overflow}px at {viewport['width']}px"
                if name == "phone" and page_name != "motion":
                    continue
                # The letter is shown where the motion page links to: the cited place, highlighted.
                full = page_name != "letter"
                target = folder / (f"{page_name}.png" if name == "desktop" else f"{page_name}-phone.png")
                page.screenshot(path=str(target), full_page=full)
                assert target.stat().st_size > 10_000
        finally:
            context.close()
