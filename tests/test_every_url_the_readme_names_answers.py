"""Every address README.md names answers (no 404), for a visitor and for staff, on the demo data."""

import re
from pathlib import Path

import pytest

from letters.ingest import ingest_letter

ROOT = Path(__file__).resolve().parent.parent
SEED_LETTER = ROOT / "letters" / "fixtures" / "seed-letter-china-strategie.txt"
# Placeholders README uses in paths, and a value the demo data has for each.
SAMPLES = {"<key>": "35207-83", "{key}": "35207-83"}


def readme_paths() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"`(/[^`\s]*)`", text))
    paths |= {"/" + p for p in re.findall(r"http://127\.0\.0\.1:8000/([^\s)`]*)", text)}
    # Files on disk (/usr/bin/chromium) are not addresses of the app.
    return sorted(p for p in paths if not p.startswith(("/usr/", "/opt/", "/etc/")))


def test_readme_names_the_addresses_the_issue_found_broken():
    paths = readme_paths()
    assert "/meldingen/" in paths and "/api/v1/docs/" in paths and "/api/v1/" in paths


@pytest.mark.parametrize("path", readme_paths())
def test_the_address_answers(path, demo, client, staff_user):
    letter = ingest_letter(SEED_LETTER, title="Kabinetsreactie")
    url = path.replace("<id>", str(letter.pk))
    for placeholder, value in SAMPLES.items():
        url = url.replace(placeholder, value)
    assert "<" not in url and "{" not in url, f"README path {path} has a placeholder this test does not know"
    anonymous = client.get(url)
    assert anonymous.status_code != 404, f"{url} is a 404 for a visitor"
    assert anonymous.status_code < 500
    client.force_login(staff_user)
    as_staff = client.get(url)
    assert as_staff.status_code == 200 or (as_staff.status_code in (301, 302) and url != "/"), f"{url}: {as_staff.status_code} for staff"
