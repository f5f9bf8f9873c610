"""The letter page links the original uploaded file; following the link downloads it unchanged."""

import pytest

pytestmark = pytest.mark.browser


def test_the_download_link_saves_the_original_file(site, page, tmp_path):
    from letters.models import Letter

    letter = Letter.objects.get()
    page.goto(site + f"/brieven/{letter.pk}/")
    link = page.get_by_role("link", name=f"{letter.original_filename} downloaden")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == letter.original_filename
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    with letter.file.open("rb") as handle:
        assert target.read_bytes() == handle.read()
    assert page.url.endswith(f"/brieven/{letter.pk}/")  # the page stays where it was
