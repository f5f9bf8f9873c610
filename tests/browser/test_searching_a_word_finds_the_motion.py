"""A newcomer types a word on the home page and finds the motion, with the word highlighted."""

import pytest

from .conftest import result_keys

pytestmark = pytest.mark.browser


def test_taiwan_from_the_home_page_finds_the_taiwan_motions(site, page):
    page.goto(site + "/")
    page.get_by_label("Zoek een motie").fill("Taiwan")
    page.get_by_label("Zoek een motie").press("Enter")
    page.wait_for_url("**/moties/?q=Taiwan")
    keys = result_keys(page)
    assert {"35207-83", "35207-94", "35207-87", "26150-227"} <= set(keys)
    assert "35207-92" not in keys  # about human rights, not Taiwan
    assert page.locator(".results-list .snippet mark", has_text="Taiwan").first.is_visible()
    assert page.get_by_label("Zoeken in moties").input_value() == "Taiwan"  # the box keeps the query


def test_sancties_finds_the_sanctions_motion_by_its_stem(site, page):
    page.goto(site + "/moties/")
    page.get_by_label("Zoeken in moties").fill("sancties")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/moties/?q=sancties")
    assert "35207-89" in result_keys(page)
    first = page.locator(".results-list .result").filter(has_text="35207-89")
    assert "plegers van mensenrechtenschendingen tegen Oeigoeren" in first.inner_text()
    # "sanctie" (the stem) finds it too.
    page.goto(site + "/moties/?q=sanctie")
    assert "35207-89" in result_keys(page)


def test_each_found_motion_shows_what_the_government_answered(site, page):
    page.goto(site + "/moties/?q=sancties")
    page.locator(".result-title a", has_text="meer sancties").click()
    page.wait_for_url("**/moties/35207-89/")
    answer = page.locator("section.answer")
    assert "Wat antwoordde de regering?" in answer.inner_text()
    assert "Kabinetsreactie op de initiatiefnota" in answer.inner_text()
    assert "conform motie 35 207, nr. 89" in answer.locator("blockquote").inner_text()
