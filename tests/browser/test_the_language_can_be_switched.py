"""Dutch by default, English on request, and back; the choice sticks while browsing."""

import pytest

pytestmark = pytest.mark.browser


def test_switching_to_english_and_back_to_dutch(site, page):
    page.goto(site + "/moties/35207-83/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", name="Tijdlijn").is_visible()
    assert "15 april 2025" in page.locator(".detail-side").inner_text()  # Dutch dates

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.url.endswith("/moties/35207-83/")  # the same page, now in English
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Timeline").is_visible()
    assert page.get_by_role("heading", name="What did the government answer?").is_visible()
    nav = page.get_by_role("navigation", name="Main menu")
    assert nav.get_by_role("link", name="Motions").is_visible()
    assert "15 April 2025" in page.locator(".detail-side").inner_text()
    # The motion itself stays in Dutch, marked as such for screen readers.
    assert page.locator("h1").get_attribute("lang") == "nl"

    nav.get_by_role("link", name="Motions").click()  # the choice is remembered
    assert page.get_by_role("heading", name="Filters").is_visible()
    assert page.get_by_role("link", name="adopted").first.is_visible()

    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Moties").is_visible()
