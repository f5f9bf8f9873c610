import csv
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from letters.ingest import ingest_letter
from letters.review import confirm_response
from motions.models import Motion
from motions.services import record_status
from tests.letters.documents import SEED_LETTER


@pytest.fixture
def answered(bz_staff):
    letter = ingest_letter(SEED_LETTER, title="Kabinetsreactie op de initiatiefnota China", date=__import__("datetime").date(2025, 10, 3))
    confirm_response(letter.citations.get(key="35207-87"), by=bz_staff, status="afgedaan")
    record_status(Motion.objects.by_key("35207-83").get(), to="in_uitvoering", by=bz_staff)
    return letter


def run(*args) -> str:
    out = StringIO()
    call_command("export_annex", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_csv_has_the_budget_columns_split_in_finished_and_in_progress(answered):
    rows = list(csv.reader(io.StringIO(run("--ministry", "BZ", "--from", "2024-01-01", "--to", "2025-12-31", "--format", "csv").lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Onderdeel", "Soort", "Omschrijving", "Vindplaats", "Link", "Stand van zaken", "Status", "Termijn"]
    by_key = {r[3]: r for r in rows[1:]}
    done = by_key["Kamerstuk 35 207, nr. 87"]
    assert done[0] == "Afgerond" and done[6] == "afgedaan"
    assert "De Tweede Kamer is op 3 oktober 2025 per brief geïnformeerd (Kabinetsreactie op de initiatiefnota China)" in done[5]
    assert done[5].startswith("Afgedaan.")
    progress = by_key["Kamerstuk 35 207, nr. 83"]
    # The official annex cites only confirmed answers; the suggested one waits for a draft.
    assert progress[0] == "In uitvoering" and progress[5] == "In uitvoering." and progress[6] == "in uitvoering"
    assert progress[4].endswith("/moties/35207-83/")
    assert len([r for r in rows[1:] if r[1] == "motie"]) == 11


def test_the_period_and_ministry_select_the_rows(answered):
    rows = list(csv.reader(io.StringIO(run("--ministry", "Buitenlandse Zaken", "--from", "2025-09-01", "--to", "2025-12-31")), delimiter=";"))
    assert [r[3] for r in rows[1:]] == ["Kamerstuk 26 150, nr. 227"]  # voted 18 September 2025
    assert len(list(csv.reader(io.StringIO(run("--ministry", "EZ", "--from", "2024-01-01", "--to", "2025-12-31")), delimiter=";"))) == 1


def test_xlsx_and_html(answered, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "annex.xlsx"
    run("--ministry", "BZ", "--from", "2024-01-01", "--to", "2025-12-31", "--format", "xlsx", "--output", str(path))
    book = load_workbook(path)
    assert book.sheetnames == ["Afgerond", "In uitvoering"]
    assert [c.value for c in book["Afgerond"][2]][:5] == ["Soort", "Omschrijving", "Vindplaats", "Link", "Stand van zaken"]
    assert book["Afgerond"]["C3"].value == "Kamerstuk 35 207, nr. 87"
    html = run("--ministry", "BZ", "--from", "2024-01-01", "--to", "2025-12-31", "--format", "html")
    assert "Omschrijving van de motie / toezegging" in html and "Afgerond (1)" in html and "In uitvoering (10)" in html


def test_bad_arguments_are_one_clear_error(demo):
    with pytest.raises(CommandError, match="unknown ministry"):
        run("--ministry", "XYZ", "--from", "2025-01-01", "--to", "2025-12-31")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--ministry", "BZ", "--from", "01-01-2025", "--to", "2025-12-31")
    with pytest.raises(CommandError, match="needs --output"):
        run("--ministry", "BZ", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "xlsx")


def test_staff_export_from_the_staff_page(client, answered, bz_staff):
    client.force_login(bz_staff)
    page = client.get("/beheer/bijlage/")
    assert page.status_code == 200 and 'name="ministry"' in page.content.decode()
    response = client.get("/beheer/bijlage/", {"ministry": answered.ministry.pk, "start": "2024-01-01", "end": "2025-12-31", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv") and "35207-87" in response.content.decode()
    response = client.get("/beheer/bijlage/", {"ministry": answered.ministry.pk, "start": "2024-01-01", "end": "2025-12-31", "format": "xlsx"})
    assert response.content[:2] == b"PK"
    response = client.get("/beheer/bijlage/", {"ministry": answered.ministry.pk, "start": "2025-12-31", "end": "2024-01-01", "format": "csv"})
    assert "vóór de begindatum" in response.content.decode()


def test_the_annex_is_for_staff_only(client, demo):
    assert client.get("/beheer/bijlage/").status_code == 302  # to the login page


def test_a_draft_cites_unconfirmed_answers_and_says_so(answered):
    official = run("--ministry", "BZ", "--from", "2024-01-01", "--to", "2025-12-31")
    draft = run("--ministry", "BZ", "--from", "2024-01-01", "--to", "2025-12-31", "--draft")
    assert "nog te bevestigen" not in official
    assert "In uitvoering. De Tweede Kamer is op 3 oktober 2025 per brief geïnformeerd (Kabinetsreactie op de initiatiefnota China) (nog te bevestigen)." in draft


def test_the_csv_starts_with_a_byte_order_mark_so_excel_reads_utf8(client, answered, bz_staff):
    client.force_login(bz_staff)
    response = client.get("/beheer/bijlage/", {"ministry": answered.ministry.pk, "start": "2024-01-01", "end": "2025-12-31", "format": "csv"})
    assert response.content.startswith(b"\xef\xbb\xbf") and "geïnformeerd".encode() in response.content


def test_the_export_is_dutch_when_the_staff_member_reads_english(client, answered, bz_staff):
    client.force_login(bz_staff)
    client.cookies["django_language"] = "en"
    form = client.get("/beheer/bijlage/").content.decode()
    assert ">Export</button>" in form and 'lang="en"' in form
    html = client.get("/beheer/bijlage/", {"ministry": answered.ministry.pk, "start": "2024-01-01", "end": "2025-12-31", "format": "html"}).content.decode()
    assert "Afgedaan. De Tweede Kamer is op 3 oktober 2025 per brief geïnformeerd" in html and "October" not in html
    rows = list(csv.reader(io.StringIO(client.get("/beheer/bijlage/", {"ministry": answered.ministry.pk, "start": "2024-01-01", "end": "2025-12-31", "format": "csv"}).content.decode("utf-8-sig")), delimiter=";"))
    assert {r[6] for r in rows[1:]} == {"afgedaan", "in uitvoering", "open"} - ({"open"} - {r[6] for r in rows[1:]})
    assert "in_uitvoering" not in {r[6] for r in rows[1:]} and "Finished" not in {r[0] for r in rows}


def test_the_form_keeps_its_dates_as_iso_values(client, demo, bz_staff):
    client.force_login(bz_staff)
    body = client.get("/beheer/bijlage/", {"ministry": "", "start": "2025-01-01", "end": "2025-12-31", "format": "csv"}).content.decode()
    assert 'type="date" name="start" value="2025-01-01"' in body and 'type="date" name="end" value="2025-12-31"' in body
    assert 'name="draft"' in body


def test_papers_are_cited_officially():
    from motions.keys import official_citation

    assert official_citation("26150-227") == "Kamerstuk 26 150, nr. 227"
    assert official_citation("36600-V-31") == "Kamerstuk 36 600 V, nr. 31"
    assert official_citation("21501-20-2243") == "Kamerstuk 21 501-20, nr. 2243"
