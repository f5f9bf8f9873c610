"""POST /api/v1/letters/: checked and stored at once, processed in Celery after commit; 202 with
Location and a state to poll; the same file again is 303 to the letter it already is."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from letters.models import Letter
from tests.api.conftest import SEED_LETTER, auth, token_for

pytestmark = pytest.mark.django_db


def upload(api, token, name="brief.txt", content: bytes | None = None, **extra):
    data = {"file": SimpleUploadedFile(name, SEED_LETTER.read_bytes() if content is None else content), **extra}
    return api.post("/api/v1/letters/", data, format="multipart", **auth(token))


def test_an_upload_is_accepted_queued_and_processed(api, demo, bz_token, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(api, bz_token, title="China-brief", date="2025-10-03")
    assert response.status_code == 202, response.content
    body = response.json()
    letter = Letter.objects.get(pk=body["id"])
    assert response["Location"] == f"http://testserver/api/v1/letters/{letter.pk}/" == body["url"]
    assert body["created"] is True and body["state"] in ("queued", "done")
    assert len(callbacks) == 1  # the task was queued on commit, not before
    assert letter.state == "done" and letter.title == "China-brief" and letter.uploaded_by.username == "bz"
    polled = api.get(response["Location"]).json()
    assert polled["state"] == "done"
    assert any(c["motion"] and c["motion"]["key"] == "35207-83" for c in polled["citations"])


def test_the_task_is_not_run_before_commit(api, demo, bz_token):
    response = upload(api, bz_token)  # the test transaction never commits
    assert response.status_code == 202
    assert Letter.objects.get(pk=response.json()["id"]).state == "queued"


def test_the_same_file_again_is_303_to_the_existing_letter(api, demo, bz_token, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = upload(api, bz_token)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = upload(api, bz_token, name="other-name.txt")
    assert again.status_code == 303
    assert again["Location"] == first["Location"] and again.json()["created"] is False
    assert callbacks == [] and Letter.objects.count() == 1


def test_a_failed_letter_uploaded_again_is_queued_again(api, demo, bz_token):
    first = upload(api, bz_token)
    Letter.objects.filter(pk=first.json()["id"]).update(state="failed")
    again = upload(api, bz_token)
    assert again.status_code == 202 and again.json()["state"] == "queued"


@pytest.mark.parametrize(
    "name, content, fragment",
    [
        ("leeg.txt", b"", ""),
        ("plaatje.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, ""),
        ("programma.exe", b"MZ\x90\x00\x03" + b"\x00" * 200, ""),
    ],
)
def test_what_can_never_be_a_letter_is_400_and_nothing_is_stored(api, demo, bz_token, name, content, fragment):
    response = upload(api, bz_token, name=name, content=content)
    assert response.status_code == 400, response.content
    assert "file" in response.json()["error"]["fields"]
    assert Letter.objects.count() == 0


def test_a_letter_that_fails_in_processing_says_so_when_polled(api, demo, bz_token, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(api, bz_token, name="kapot.pdf", content=b"%PDF-1.4 not really a pdf")
    assert response.status_code == 202
    polled = api.get(response["Location"]).json()
    assert polled["state"] == "failed" and polled["error"]


def test_a_missing_file_or_bad_date_is_400(api, demo, bz_token):
    response = api.post("/api/v1/letters/", {"title": "x"}, format="multipart", **auth(bz_token))
    assert response.status_code == 400 and "file" in response.json()["error"]["fields"]
    assert upload(api, bz_token, date="gisteren").json()["error"]["fields"].keys() == {"date"}


def test_a_file_over_the_limit_is_400(api, demo, bz_token, settings):
    settings.LETTER_MAX_UPLOAD_BYTES = 1000
    response = upload(api, bz_token)
    assert response.status_code == 400 and "limit" in response.json()["error"]["message"]


def test_anonymous_is_401_and_users_without_a_ministry_403(api, demo, django_user_model):
    assert api.post("/api/v1/letters/", {}, format="multipart").status_code == 401
    outsider = django_user_model.objects.create_user("outsider", password="x-long-password-123")
    assert upload(api, token_for(outsider)).status_code == 403


def test_json_is_not_an_upload(api, demo, bz_token):
    response = api.post("/api/v1/letters/", {"file": "abc"}, format="json", **auth(bz_token))
    assert response.status_code == 415 and response.json()["error"]["code"] == "unsupported_media_type"
