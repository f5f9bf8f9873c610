"""axe-core, injected into the page, finds no accessibility violations on the main pages —
in Dutch and in English, at desktop and phone width, and with the follow form opened."""

import pytest

from .conftest import PHONE, axe_violations

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "list": "/moties/",
    "list with a search and facets": "/moties/?q=Taiwan&outcome=aangenomen&party=d66",
    "motion": "/moties/35207-83/",
    "motion with an incomplete vote": "/moties/35207-84/",
    "alerts": "/meldingen/",
    "letter": "/brieven/{letter}/",
    "letter at a citation": "/brieven/{letter}/#cite-{cite}",
    "dossier": "/dossiers/35207/",
    "member": "/leden/jm-paternotte/",
    "party": "/fracties/d66/",
    "ministry": "/ministeries/buitenlandse-zaken/",
    "about": "/over/",
    "not found": "/bestaat-niet/",
}


def urls() -> dict[str, str]:
    from letters.models import Citation, Letter

    letter = Letter.objects.get()
    cite = Citation.objects.get(letter=letter, key="35207-83")
    return {name: path.format(letter=letter.pk, cite=cite.pk) for name, path in PAGES.items()}


def report(found: dict[str, list[dict]]) -> str:
    lines = []
    for name, violations in found.items():
        for v in violations:
            lines.append(f"{name}: {v['id']} ({v['impact']}) {v['help']}")
            lines += [f"    {n}" for n in v["nodes"]]
    return "\n".join(lines)


def test_no_violations_on_the_main_pages_in_dutch(site, page, axe_source):
    found = {}
    for name, path in urls().items():
        page.goto(site + path)
        found[name] = axe_violations(page, axe_source)
    assert not any(found.values()), report(found)


def test_no_violations_in_english_at_phone_width(site, browser, axe_source):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    try:
        page = context.new_page()
        found = {}
        for name in ("home", "list with a search and facets", "motion", "letter", "dossier"):
            page.goto(site + urls()[name])
            assert page.locator("html").get_attribute("lang") == "en"
            found[name] = axe_violations(page, axe_source)
        assert not any(found.values()), report(found)
    finally:
        context.close()


def test_no_violations_with_the_follow_form_open(site, page, axe_source):
    page.goto(site + "/moties/35207-83/")
    page.locator("details.alert-button summary").first.click()
    assert page.get_by_label("E-mailadres").is_visible()
    assert axe_violations(page, axe_source) == []
