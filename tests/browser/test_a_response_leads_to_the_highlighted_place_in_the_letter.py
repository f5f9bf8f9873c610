"""From a motion, follow the government's answer into the letter: the cited place is the
:target, scrolled into view and visibly highlighted."""

import pytest

pytestmark = pytest.mark.browser


def test_the_answer_link_opens_the_letter_at_the_highlighted_citation(site, page):
    page.goto(site + "/moties/35207-83/")
    timeline = page.locator("ol.timeline li.tl-response")
    assert "spreekt Nederland zich binnen de kaders van het één-Chinabeleid" in timeline.locator("blockquote").inner_text()
    timeline.get_by_role("link", name="Lees deze passage in de brief").click()
    page.wait_for_url("**/brieven/*/#cite-*")
    cite_id = page.url.rsplit("#", 1)[1]

    target = page.locator(":target")
    assert target.get_attribute("id") == cite_id
    assert target.inner_text() == "35 207, nr. 83"
    assert "cite-motion" in target.get_attribute("class")

    box = target.bounding_box()
    viewport = page.viewport_size
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], "the cited place is in view"

    style = target.evaluate("el => { const s = getComputedStyle(el); return {bg: s.backgroundColor, outline: s.outlineStyle, width: s.outlineWidth}; }")
    other = page.locator("mark.cite-motion:not(:target)").first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert style["bg"] == "rgb(255, 191, 71)" and style["bg"] != other
    assert style["outline"] == "solid" and style["width"] == "3px"

    # And back: the citation links to the motion page.
    target.get_by_role("link").click()
    page.wait_for_url("**/moties/35207-83/")


def test_a_citation_in_a_footnote_is_reached_the_same_way(site, page):
    page.goto(site + "/moties/35207-95/")
    page.locator("ol.timeline li.tl-response").get_by_role("link", name="Lees deze passage in de brief").click()
    page.wait_for_url("**/brieven/*/#cite-*")
    target = page.locator(":target")
    assert target.inner_text() == "Kamerstuk 35207, nr. 95"
    assert target.evaluate("el => el.closest('section.footnotes') !== null")
    assert target.is_visible()
    # The footnote links back to its marker in the text, and the marker to the footnote.
    footnote = page.locator("li:has(:target)")
    assert footnote.get_attribute("id") == "fn-12"
    footnote.locator("a.fnback").click()
    assert page.locator(":target").get_attribute("id") == "fnref-12"
