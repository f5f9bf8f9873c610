"""axe-core finds no violations on the staff desk's pages, at 1366 px and at 390 px, in Dutch and in
English; no page scrolls sideways or trips the Content-Security-Policy; with MOTIETRACKER_SCREENSHOTS=1 the pages are saved to
docs/screenshots/ (desk-*.png) for the README."""

import os

import pytest

from .conftest import PHONE, ROOT, axe_violations
from .desk_support import DESK, fill_queue_to, log_in, make_officer
from .test_axe_finds_no_violations import report
from .test_the_content_security_policy_holds import WATCH, violations

pytestmark = pytest.mark.browser


def desk_pages() -> dict[str, str]:
    from letters.models import Citation

    first = Citation.objects.suggested().filter(kamerstuk__key="35207-83", letter__title__startswith="Kabinetsreactie").first()
    return {
        "desk-work": "/beheer/werk/",
        "desk-review": "/beheer/beoordelen/",
        "desk-review-item": f"/beheer/beoordelen/{first.pk}/",
        "desk-status": "/beheer/moties/35207-83/status/",
        "desk-overview": "/beheer/",
        "desk-annex": "/beheer/bijlage/",
    }


def test_no_violations_and_no_sideways_scrolling_on_the_desk(site, browser, axe_source):
    make_officer()
    fill_queue_to(20)
    shots = ROOT / "docs" / "screenshots" if os.environ.get("MOTIETRACKER_SCREENSHOTS") else None
    found = {}
    for width_name, viewport, locale in (("laptop", DESK, "nl-NL"), ("phone", PHONE, "en-GB")):
        context = browser.new_context(viewport=viewport, locale=locale, device_scale_factor=1)
        context.set_default_timeout(10_000)
        context.add_init_script(WATCH)
        try:
            page = context.new_page()
            page.goto(site + "/beheer/inloggen/")
            found[f"login {width_name}"] = axe_violations(page, axe_source)
            if shots and width_name == "laptop":
                page.screenshot(path=str(shots / "desk-login.png"))
            log_in(page, site, "/beheer/werk/")
            for name, path in desk_pages().items():
                page.goto(site + path)
                overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {viewport['width']}px"
                assert violations(page) == [], name
                assert page.evaluate("() => [...document.scripts].every(s => s.src.endsWith('/static/js/desk.js'))"), name
                found[f"{name} {width_name}"] = axe_violations(page, axe_source)
                if shots:
                    suffix = "" if width_name == "laptop" else "-phone"
                    if width_name == "laptop" or name in ("desk-review-item", "desk-work"):
                        page.screenshot(path=str(shots / f"{name}{suffix}.png"), full_page=name != "desk-review")
        finally:
            context.close()
    assert not any(found.values()), report(found)


def test_the_keyboard_help_opens_and_rows_follow_j_and_k(site, browser):
    make_officer()
    context = browser.new_context(viewport=DESK, locale="nl-NL")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        log_in(page, site, "/beheer/beoordelen/")
        page.keyboard.press("j")
        page.keyboard.press("j")
        assert page.locator("tr.is-current").count() == 1
        assert page.locator("tr[data-row]").nth(1).get_attribute("class") == "is-current"
        page.keyboard.press("x")
        assert page.locator("tr[data-row]").nth(1).locator("input[type=checkbox]").is_checked()
        page.keyboard.press("?")
        assert page.locator("details.shortcuts").get_attribute("open") is not None
        # Typing in a field is typing, not a shortcut.
        page.goto(site + page.locator("tr[data-row] a[data-open]").first.get_attribute("href"))
        page.locator("#id_reason").fill("ar")
        assert "/beheer/beoordelen/" in page.url and page.locator("#id_reason").input_value() == "ar"
    finally:
        context.close()
