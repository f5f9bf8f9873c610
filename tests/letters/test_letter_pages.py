import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from letters.ingest import ingest_letter
from letters.models import Citation, Letter

from .documents import SEED_LETTER


def test_the_letter_page_highlights_and_links_every_citation(client, demo):
    letter = ingest_letter(SEED_LETTER, title="Kabinetsreactie")
    body = client.get(f"/brieven/{letter.pk}/").content.decode()
    for citation in letter.citations.all():
        assert f'id="cite-{citation.pk}"' in body, citation.key
    motion_link = re.search(r'<mark id="cite-\d+" class="cite cite-motion review-suggested"><a href="/moties/35207-83/">35 207, nr. 83</a></mark>', body)
    assert motion_link, "the motion citation is highlighted and links to the motion page"
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-36696-1.html"' in body  # a paper links to its publication
    assert "[footnoteRef" not in body and "[bookmark" not in body


def test_footnotes_are_linked_both_ways(client, demo):
    letter = ingest_letter(SEED_LETTER)
    body = client.get(f"/brieven/{letter.pk}/").content.decode()
    assert '<sup class="fnref"><a id="fnref-12" href="#fn-12" aria-label="Voetnoot 12">12</a></sup>' in body
    assert '<li id="fn-12" value="12">' in body
    assert '<a class="fnback" href="#fnref-12" aria-label="Terug naar voetnootteken 12 in de tekst">↩</a>' in body
    # The citation inside footnote 12 sits in the footnote list.
    footnotes = body.split('class="footnotes"', 1)[1]
    assert "36 600 V, nr. 31" in footnotes


def test_the_motion_page_lists_the_letters_that_answer_it_with_the_excerpt(client, demo):
    letter = ingest_letter(SEED_LETTER, title="Kabinetsreactie op de China-strategie")
    citation = letter.citations.get(key="35207-95")
    body = client.get("/moties/35207-95/").content.decode()
    assert "Kabinetsreactie op de China-strategie" in body
    assert "vervolgonderzoek" in body
    assert f'href="/brieven/{letter.pk}/#cite-{citation.pk}"' in body


def test_rejected_responses_leave_the_motion_page(client, demo, staff_user):
    from letters.review import reject_response

    letter = ingest_letter(SEED_LETTER, title="Kabinetsreactie")
    reject_response(letter.citations.get(key="35207-87"), by=staff_user)
    assert "Kabinetsreactie" not in client.get("/moties/35207-87/").content.decode()


def test_letter_text_is_escaped_not_rendered(client, db, tmp_path):
    path = tmp_path / "xss.txt"
    path.write_text('Geachte voorzitter,\n\n<script>alert("x")</script> Zie Kamerstuk 35 207, nr. 83 <img src=x onerror=alert(1)>.\n', encoding="utf-8")
    letter = ingest_letter(path, title='<b>titel</b>')
    body = client.get(f"/brieven/{letter.pk}/").content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;" in body
    assert "<b>titel</b>" not in body


def test_the_letter_page_uses_a_bounded_number_of_queries(client, demo, django_assert_max_num_queries):
    letter = ingest_letter(SEED_LETTER)
    with django_assert_max_num_queries(2):  # the letter, its citations with their motions (no unresolved mentions)
        assert client.get(f"/brieven/{letter.pk}/").status_code == 200


def test_section_headings_are_headings_with_anchors_and_a_table_of_contents(client, demo):
    letter = ingest_letter(SEED_LETTER)
    body = client.get(f"/brieven/{letter.pk}/").content.decode()
    for heading, anchor in (("Economische weerbaarheid", "par-economische-weerbaarheid"), ("Taiwan", "par-taiwan"), ("Mensenrechten", "par-mensenrechten")):
        assert f'<h2 class="letter-heading" id="{anchor}">{heading}</h2>' in body
        assert f'<a href="#{anchor}" lang="nl">{heading}</a>' in body
    assert "<p>Taiwan</p>" not in body


def test_the_side_list_names_each_answered_motion_once_with_its_status_and_place(client, demo):
    letter = ingest_letter(SEED_LETTER)
    body = client.get(f"/brieven/{letter.pk}/").content.decode()
    side = body.split('<aside class="letter-side"', 1)[1].split("</aside>", 1)[0]
    assert side.count('<span class="key">') == 11  # the eleven motions
    assert "Toezegging" in side  # and the commitment
    citation = letter.citations.get(key="35207-83")
    assert f'href="#cite-{citation.pk}"' in side and 'href="/moties/35207-83/"' in side
    assert 'class="badge status-open"' in side


def test_the_cited_place_is_styled_when_it_is_the_target():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text(encoding="utf-8")
    rule = css.split("mark.cite:target {", 1)[1].split("}", 1)[0]
    assert "background: var(--target)" in rule and "outline: 3px solid" in rule
    assert "scroll-margin-top" in css.split("mark.cite {", 1)[1].split("}", 1)[0]  # not hidden under the top edge


def test_the_letter_page_in_english_keeps_the_letter_in_dutch(client, demo):
    letter = ingest_letter(SEED_LETTER)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get(f"/brieven/{letter.pk}/").content.decode()
    assert '<div class="letter-body" lang="nl">' in body
    assert "What this letter answers" in body and '<h2 id="footnotes-title">Footnotes</h2>' in body
    assert 'aria-label="Footnote 12"' in body


def test_staff_upload_a_letter_in_the_admin_and_it_is_processed(staff_client, demo, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("brief.txt", SEED_LETTER.read_bytes(), content_type="text/plain")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff_client.post(reverse("admin:letters_letter_add"), {"file": upload, "title": "Geüpload", "date": "2025-10-03"})
    assert len(callbacks) == 1  # the task is queued only after the upload is committed
    assert response.status_code == 302, response.content.decode()[:2000]
    letter = Letter.objects.get()
    assert letter.state == "done"  # Celery runs eagerly without a broker
    assert letter.uploaded_by.username == "staff"
    assert letter.citations.filter(target="motion").count() == 11


def test_the_admin_refuses_a_duplicate_and_a_wrong_type_with_a_clear_message(staff_client, demo):
    ingest_letter(SEED_LETTER)
    dup = SimpleUploadedFile("again.txt", SEED_LETTER.read_bytes())
    body = staff_client.post(reverse("admin:letters_letter_add"), {"file": dup}).content.decode()
    assert "al geüpload" in body
    png = SimpleUploadedFile("brief.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    body = staff_client.post(reverse("admin:letters_letter_add"), {"file": png}).content.decode()
    assert "PNG" in body
    assert Letter.objects.count() == 1


def test_the_review_queue_lists_suggestions_and_confirms_and_rejects_in_bulk(staff_client, demo):
    letter = ingest_letter(SEED_LETTER)
    url = reverse("admin:letters_response_changelist")
    body = staff_client.get(url).content.decode()
    assert "35207-83" in body and "status quo" in body  # the excerpt is shown
    assert "36696-1" not in body  # plain papers are not in the queue
    ids = list(letter.citations.filter(key__in=["35207-83", "35207-84"]).values_list("pk", flat=True))
    staff_client.post(url, {"action": "confirm", "_selected_action": ids})
    assert set(Citation.objects.filter(pk__in=ids).values_list("review", flat=True)) == {"confirmed"}
    reject_id = letter.citations.get(key="35207-87").pk
    staff_client.post(url, {"action": "reject", "_selected_action": [reject_id]})
    assert Citation.objects.get(pk=reject_id).review == "rejected"
    body = staff_client.get(url).content.decode()
    assert "35207-87" not in body  # the queue shows what still needs a decision


def test_the_original_file_is_downloaded_as_an_attachment_and_linked_from_the_letter(client, demo, django_assert_max_num_queries):
    letter = ingest_letter(SEED_LETTER)
    url = reverse("letter-file", args=[letter.pk])
    assert f'href="{url}" download' in client.get(f"/brieven/{letter.pk}/").content.decode()
    with django_assert_max_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="seed-letter-china-strategie.txt"'
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == SEED_LETTER.read_bytes()
    assert client.post(url).status_code == 405


def test_an_uploaded_html_file_is_never_shown_inline(client, db, tmp_path):
    path = tmp_path / "brief.html"
    path.write_text("<html><body><p>Zie Kamerstuk 35 207, nr. 83.</p><script>alert(1)</script></body></html>", encoding="utf-8")
    letter = ingest_letter(path, title="HTML-brief")
    response = client.get(reverse("letter-file", args=[letter.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_missing_letter_or_file_is_not_found(client, demo):
    letter = ingest_letter(SEED_LETTER)
    assert client.get(reverse("letter-file", args=[letter.pk + 1000])).status_code == 404
    letter.file.storage.delete(letter.file.name)
    assert client.get(reverse("letter-file", args=[letter.pk])).status_code == 404
    Letter.objects.filter(pk=letter.pk).update(file="")
    assert client.get(reverse("letter-file", args=[letter.pk])).status_code == 404
    assert "download" not in client.get(f"/brieven/{letter.pk}/").content.decode().split('class="letter-body"')[0]
