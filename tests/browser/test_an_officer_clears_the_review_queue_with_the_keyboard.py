"""Done-when of issue 18: on a 1366 px laptop screen a ministry officer clears a review queue of twenty
suggestions with the keyboard, changes a status with a reason, and exports the annex in Dutch."""

import time

import pytest

from .desk_support import DESK, fill_queue_to, log_in, make_officer

pytestmark = pytest.mark.browser


def test_an_officer_clears_twenty_suggestions_changes_a_status_and_exports_the_annex(site, browser):
    from letters.models import Citation
    from motions.models import Motion, StatusChange

    officer = make_officer()
    assert fill_queue_to(20) == 20
    context = browser.new_context(viewport=DESK, locale="nl-NL", accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page, site, "/beheer/beoordelen/")
        assert page.url.endswith("/beheer/beoordelen/")
        assert page.locator("tr[data-row]").count() == 20

        # j makes the first row current, o opens it: one suggestion at a time from there.
        page.keyboard.press("j")
        with page.expect_navigation():
            page.keyboard.press("o")
        started = time.monotonic()
        decisions = []
        for n in range(20):
            heading = page.locator("h1").inner_text()
            assert heading == f"Voorstel 1 van {20 - n}", heading
            key = "r" if n % 5 == 4 else "a"  # every fifth is a mere mention: reject it
            decisions.append(key)
            with page.expect_navigation():
                page.keyboard.press(key)
        elapsed = time.monotonic() - started
        assert page.url.endswith("/beheer/beoordelen/")
        assert "De wachtrij is leeg" in page.content()
        print(f"\ncleared 20 suggestions with the keyboard in {elapsed:.1f} s")
        assert elapsed < 60

        queue = Citation.objects.filter(kamerstuk__motion__ministry__abbreviation="BZ", target="motion")
        assert not queue.filter(review="suggested").exists()
        assert queue.filter(review="rejected").count() == decisions.count("r") == 4
        assert queue.filter(review="confirmed").count() == 16
        assert StatusChange.objects.filter(by=officer, citation__isnull=False).count() >= 1

        # A status change with a reason, on the motion itself.
        page.goto(site + "/beheer/moties/35207-84/status/")
        page.get_by_label("Nieuwe status").select_option("niet_uitgevoerd")
        page.get_by_label("Reden").fill("Het kabinet ziet geen ruimte binnen het één-Chinabeleid.")
        with page.expect_navigation():
            page.get_by_role("button", name="Opslaan").click()
        assert "Opgeslagen" in page.locator(".desk-messages").inner_text()
        motion = Motion.objects.by_key("35207-84").get()
        assert motion.status == "niet_uitgevoerd"
        assert StatusChange.objects.filter(motion=motion, by=officer, reason__startswith="Het kabinet ziet geen ruimte").exists()

        # The annex, exported while the officer reads the site in English: the file is Dutch.
        page.goto(site + "/")
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
        page.goto(site + "/beheer/bijlage/")
        assert page.locator("html").get_attribute("lang") == "en"
        page.locator("#id_start").fill("2024-01-01")
        page.locator("#id_end").fill("2025-12-31")
        page.locator("#id_format").select_option("csv")
        with page.expect_download() as download:
            page.locator("form.annex-form button[type=submit]").click()
        content = open(download.value.path(), "rb").read()
        assert content.startswith(b"\xef\xbb\xbf")
        text = content.decode("utf-8-sig")
        assert "Kamerstuk 35 207, nr. 84" in text and "niet uitgevoerd" in text and "Afgerond" in text
        assert "geïnformeerd" in text and "nog te bevestigen" not in text and "Finished" not in text
        # The form kept its dates after the export.
        page.goto(site + "/beheer/bijlage/?ministry=&start=2024-01-01&end=2025-12-31&format=csv")
        assert page.locator("#id_start").input_value() == "2024-01-01"
    finally:
        context.close()
