"""Hostile and broken input: one table, every row answered with a clear refusal and nothing saved.

Each row is one input through one door: the API upload (POST /api/v1/letters/), the admin upload
(/admin/letters/letter/add/), ``manage.py ingest_letter``, a GET on an API or page URL, or a JSON
body to the status endpoint (with a valid token and the current ETag, so only the body is wrong).
The answer must be a 4xx (API and pages), the admin's form error, or a CommandError — never a 500
— and the database and the media folder must be exactly as they were before.

Search queries full of operators and quotes are the one kind of row that may answer 200: a search
that matches nothing is the right answer there, a 500 never is.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.api.conftest import SEED_LETTER, api, auth, bz_token, fresh_throttles  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

STATUS_URL = "/api/v1/motions/35207-83/status/"


# --- Hostile files ------------------------------------------------------------------------------------


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_zip_bomb() -> bytes:
    """A .docx whose document part inflates 3 MB of zeros from a few kB (ratio > 200)."""
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (3 * 1024 * 1024)})


def pdf_without_text() -> bytes:
    """A one-page PDF with a drawing and no text layer (what a scan looks like)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.rect(100, 100, 300, 400, fill=1)
    page.showPage()
    page.save()
    return buffer.getvalue()


def pdf_with_text(text: str = "Kamerstuk 35 207, nr. 83. De motie is uitgevoerd.") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    """A PDF with a text layer that opens only with a password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_with_text())).pages:
        writer.add_page(page)
    writer.encrypt(user_password="geheim", owner_password="nog-geheimer", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@dataclass
class BadFile:
    id: str
    name: str
    make: Callable[[], bytes]
    limit: int | None = None  # LETTER_MAX_UPLOAD_BYTES for this row


BAD_FILES = [
    BadFile("empty", "brief.txt", lambda: b""),
    BadFile("only-whitespace", "brief.txt", lambda: b" \r\n\t \n\0\0"),
    BadFile("over-the-size-limit", "brief.txt", lambda: SEED_LETTER.read_bytes(), limit=1024),
    BadFile("png-named-pdf", "brief.pdf", lambda: b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + b"\x01" * 200),
    BadFile("exe-named-docx", "brief.docx", lambda: b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 400),
    BadFile("elf-named-txt", "brief.txt", lambda: b"\x7fELF\x02\x01\x01" + b"\x00" * 400),
    BadFile("gzip-named-txt", "brief.txt", lambda: b"\x1f\x8b\x08\x00" + b"\x00" * 100),
    BadFile("zip-that-is-no-docx", "brief.docx", lambda: _zip({"readme.txt": b"hallo"})),
    BadFile("odt-named-docx", "brief.docx", lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})),
    BadFile("damaged-zip-named-docx", "brief.docx", lambda: b"PK\x03\x04" + b"\xff" * 300),
    BadFile("docx-zip-bomb", "brief.docx", docx_zip_bomb),
    BadFile("pdf-without-text", "scan.pdf", pdf_without_text),
    BadFile("encrypted-pdf", "geheim.pdf", encrypted_pdf),
    BadFile("utf16-without-bom", "brief.txt", lambda: "Kamerstuk 35 207, nr. 83".encode("utf-16-le")),
    BadFile("bad-utf8-after-bom", "brief.txt", lambda: b"\xef\xbb\xbfKamerstuk \xc3\x28 \xa0\xa1 nr. 83"),
    BadFile("not-utf8-nor-cp1252", "brief.txt", lambda: "Kamerstuk 35 207 \u30e2\u30fc\u30b7\u30e7\u30f3".encode("shift_jis") + b"\x81\x8d\x8f"),
    BadFile("malformed-xml", "brief.xml", lambda: b"<?xml version='1.0'?><brief><alinea>Kamerstuk 35 207</brief>"),
    BadFile("path-traversal-name", "../../../../tmp/motietracker-evil.txt", lambda: b"\x7fELF" + b"\x00" * 64),
]


# --- The database before and after ---------------------------------------------------------------------


def snapshot(media_root) -> dict:
    """Row counts of everything an input could touch, the motions' statuses, and the stored files."""
    from django.contrib.auth import get_user_model

    from alerts import models as alerts_models
    from letters.models import Citation, Letter
    from motions.models import Commitment, Dossier, Event, Kamerstuk, Member, Motion, StatusChange
    from tracker.models import ApiToken

    models = [Letter, Citation, Motion, Commitment, Dossier, Kamerstuk, Member, StatusChange, Event, ApiToken, get_user_model()]
    models += [m for m in vars(alerts_models).values() if isinstance(m, type) and hasattr(m, "_meta") and not m._meta.abstract and m._meta.app_label == "alerts"]
    counts = {m._meta.label: m.objects.count() for m in models}
    statuses = sorted(Motion.objects.values_list("pk", "status", "version")) if hasattr(Motion, "version") else sorted(Motion.objects.values_list("pk", "status"))
    files = sorted(str(p.relative_to(media_root)) for p in Path(media_root).rglob("*") if p.is_file())
    return {"counts": counts, "statuses": statuses, "files": files}


# --- The table -----------------------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    door: str  # api_upload | admin_upload | command | get | status_json
    file: BadFile | None = None
    url: str = ""
    body: bytes = b""
    content_type: str = "application/json"
    expect: set[int] = field(default_factory=lambda: {400})
    settings: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    args: tuple = ()


CASES: list[Case] = []
for bad in BAD_FILES:
    overrides = {"LETTER_MAX_UPLOAD_BYTES": bad.limit} if bad.limit else {}
    CASES.append(Case(f"api-upload:{bad.id}", "api_upload", file=bad, settings=overrides))
    CASES.append(Case(f"admin-upload:{bad.id}", "admin_upload", file=bad, settings=overrides))
    CASES.append(Case(f"ingest_letter:{bad.id}", "command", file=bad, settings=overrides))

CASES += [
    # Uploads: what is wrong besides the file.
    Case("api-upload:no-file-field", "api_upload", extra={"title": "zonder bestand"}),
    Case("api-upload:impossible-date", "api_upload", file=BadFile("valid", "brief.txt", lambda: SEED_LETTER.read_bytes()), extra={"date": "2025-02-30"}),
    Case("api-upload:json-instead-of-multipart", "api_upload", body=b'{"file": "AAAA"}', expect={415}),
    Case("admin-upload:no-file", "admin_upload"),
    Case("ingest_letter:damaged-pdf", "command", file=BadFile("damaged-pdf", "kapot.pdf", lambda: b"%PDF-1.4\n1 0 obj <<>> garbage")),
    Case("ingest_letter:missing-path", "command", args=("/nonexistent/brief.txt",)),
    Case("ingest_letter:a-directory", "command", args=("/",)),
    Case("ingest_letter:impossible-date", "command", file=BadFile("valid", "brief.txt", lambda: SEED_LETTER.read_bytes()), args=("--date", "2025-13-45")),
    # Keys in URLs.
    Case("api:motion-key-garbage", "get", url="/api/v1/motions/not-a-key/"),
    Case("api:motion-key-nul", "get", url="/api/v1/motions/35207%00-83/"),
    Case("api:motion-key-traversal", "get", url="/api/v1/motions/..%2F..%2Fetc%2Fpasswd/", expect={400, 404}),
    Case("api:motion-key-huge-number", "get", url="/api/v1/motions/35207-" + "9" * 40 + "/", expect={400, 404}),
    Case("api:dossier-key-garbage", "get", url="/api/v1/dossiers/%27%3B--/"),
    Case("api:kamerstuk-key-sql", "get", url="/api/v1/kamerstukken/1%27%20OR%201%3D1--/"),
    Case("api:letter-id-huge", "get", url="/api/v1/letters/" + "9" * 30 + "/", expect={404}),
    Case("api:citation-id-letters", "get", url="/api/v1/citations/abc/", expect={404}),
    Case("api:commitment-id-negative", "get", url="/api/v1/commitments/-1/", expect={404}),
    Case("page:motion-key-garbage", "get", url="/moties/%3Cscript%3E/", expect={400, 404}),
    Case("page:dossier-key-garbage", "get", url="/dossiers/%22%3B%20DROP%20TABLE/", expect={400, 404}),
    Case("page:letter-id-huge", "get", url="/brieven/" + "9" * 30 + "/", expect={404}),
    Case("page:letter-file-id-huge", "get", url="/brieven/" + "9" * 30 + "/bestand/", expect={404}),
    Case("page:commitment-id-huge", "get", url="/toezeggingen/" + "9" * 30 + "/", expect={404}),
    Case("feed:motion-key-garbage", "get", url="/feeds/motions/%00garbage.atom", expect={400, 404}),
    # Cursors, dates and filter values.
    Case("api:cursor-garbage", "get", url="/api/v1/motions/?cursor=%%%not-base64"),
    Case("api:cursor-base64-of-junk", "get", url="/api/v1/motions/?cursor=" + "eyJ4IjogMX0"),
    Case("api:cursor-huge", "get", url="/api/v1/motions/?cursor=" + "A" * 5000),
    Case("api:changes-since-garbage", "get", url="/api/v1/changes/?since=not-a-cursor"),
    Case("api:changes-limit-zero", "get", url="/api/v1/changes/?limit=0"),
    Case("api:changes-limit-text", "get", url="/api/v1/changes/?limit=abc"),
    Case("api:updated-since-impossible", "get", url="/api/v1/motions/?updated_since=2025-13-45"),
    Case("api:updated-since-year-99999", "get", url="/api/v1/motions/?updated_since=99999-01-01"),
    Case("api:status-unknown", "get", url="/api/v1/motions/?status=bogus"),
    Case("api:status-empty", "get", url="/api/v1/motions/?status="),
    Case("api:overdue-perhaps", "get", url="/api/v1/motions/?overdue=perhaps"),
    Case("api:dossier-filter-garbage", "get", url="/api/v1/motions/?dossier=abc%27"),
    Case("api:vergaderjaar-garbage", "get", url="/api/v1/motions/?vergaderjaar=twintig-vijfentwintig"),
    Case("api:ordering-unknown-field", "get", url="/api/v1/motions/?ordering=-password"),
    Case("api:nul-in-filter", "get", url="/api/v1/motions/?party=vvd%00"),
    Case("api:page-size-huge", "get", url="/api/v1/motions/?limit=" + "9" * 30, expect={400, 200}),
    Case("page:motion-list-status-unknown", "get", url="/moties/?status=bogus", expect={400, 200}),
    Case("page:motion-list-page-garbage", "get", url="/moties/?page=%27%3B--", expect={400, 200, 404}),
    Case("page:motion-list-nul", "get", url="/moties/?q=%00", expect={400, 200}),
    # Search queries full of operators and quotes: a 200 (matching nothing, or something) is right.
    Case("api:search-operators", "get", url="/api/v1/motions/?q=%26%20%7C%20!%20%3A*%20(%20)%20%3C-%3E", expect={200, 400}),
    Case("api:search-unbalanced-quotes", "get", url="/api/v1/motions/?q=%22%22%22sancties%20%22-%22", expect={200, 400}),
    Case("api:search-only-minus", "get", url="/api/v1/motions/?q=---%20-%20-", expect={200, 400}),
    Case("api:search-sql", "get", url="/api/v1/motions/?q=%27%3B%20DROP%20TABLE%20motions_motion%3B--", expect={200, 400}),
    Case("api:search-backslashes-and-percent", "get", url="/api/v1/motions/?q=%5C%5C%25_%25%5C", expect={200, 400}),
    Case("api:search-very-long", "get", url="/api/v1/motions/?q=" + "sanctie%20OR%20" * 700, expect={200, 400}),
    Case("page:search-operators", "get", url="/moties/?q=%22%26%7C!(%3A*%22%22", expect={200, 400}),
    Case("feed:search-operators", "get", url="/feeds/search.atom?q=%22%26%7C!(%3A*", expect={200, 400}),
    # JSON bodies to the write endpoint (valid token, current ETag).
    Case("status:malformed-json", "status_json", body=b'{"status": "afgedaan", '),
    Case("status:json-array", "status_json", body=b'["afgedaan"]'),
    Case("status:json-string", "status_json", body=b'"afgedaan"'),
    Case("status:deeply-nested-json", "status_json", body=b'{"status": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
    Case("status:oversized-json", "status_json", body=json.dumps({"status": "afgedaan", "reason": "x" * 20_000}).encode(), expect={400, 413}, settings={"DATA_UPLOAD_MAX_MEMORY_SIZE": 10_000}),
    Case("status:reason-too-long", "status_json", body=json.dumps({"status": "afgedaan", "reason": "x" * 5000}).encode()),
    Case("status:unknown-status", "status_json", body=b'{"status": "weggemoffeld"}'),
    Case("status:impossible-deadline", "status_json", body=b'{"status": "afgedaan", "deadline": "2025-02-30"}'),
    Case("status:citation-not-a-number", "status_json", body=b'{"status": "afgedaan", "citation": "1 OR 1=1"}'),
    Case("status:citation-huge", "status_json", body=b'{"status": "afgedaan", "citation": ' + b"9" * 400 + b"}"),
    Case("status:nan-and-infinity", "status_json", body=b'{"status": "afgedaan", "citation": NaN, "deadline": Infinity}'),
    Case("status:invalid-utf8", "status_json", body=b'{"status": "afgedaan", "reason": "\xff\xfe"}'),
    Case("status:nul-in-reason", "status_json", body=b'{"status": "afgedaan", "reason": "a\\u0000b"}'),
    Case("status:form-encoded", "status_json", body=b"status=afgedaan", content_type="text/plain", expect={415}),
]


def _apply_settings(settings, overrides: dict) -> None:
    for name, value in overrides.items():
        setattr(settings, name, value)


def _upload_file(case: Case) -> SimpleUploadedFile | None:
    return SimpleUploadedFile(case.file.name, case.file.make()) if case.file else None


def run_case(case: Case, *, api, client, bz_staff, bz_token, tmp_path):
    """Send the input through its door; return what answered (a response or a CommandError)."""
    if case.door == "api_upload":
        if case.body:
            return api.post("/api/v1/letters/", case.body, content_type="application/json", **auth(bz_token))
        data = dict(case.extra)
        upload = _upload_file(case)
        if upload is not None:
            data["file"] = upload
        return api.post("/api/v1/letters/", data, format="multipart", **auth(bz_token))
    if case.door == "admin_upload":
        client.force_login(bz_staff)
        data = {"title": "", "date": "", "ministry": ""}
        upload = _upload_file(case)
        if upload is not None:
            data["file"] = upload
        return client.post("/admin/letters/letter/add/", data)
    if case.door == "command":
        args = list(case.args)
        if case.file is not None:
            folder = tmp_path / "in"
            folder.mkdir(exist_ok=True)
            path = folder / Path(case.file.name).name
            path.write_bytes(case.file.make())
            args.insert(0, str(path))
        try:
            call_command("ingest_letter", *args, stdout=io.StringIO(), stderr=io.StringIO())
        except CommandError as exc:
            return exc
        return None
    if case.door == "get":
        return client.get(case.url)
    if case.door == "status_json":
        etag = api.get("/api/v1/motions/35207-83/")["ETag"]
        return api.generic("POST", STATUS_URL, case.body, content_type=case.content_type, HTTP_IF_MATCH=etag, **auth(bz_token))
    raise AssertionError(case.door)


def test_the_table_is_big_enough():
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_is_refused_and_nothing_is_saved(case: Case, api, client, bz_staff, bz_token, settings, tmp_path):
    from letters.models import Letter

    _apply_settings(settings, case.settings)
    before = snapshot(settings.MEDIA_ROOT)
    answer = run_case(case, api=api, client=client, bz_staff=bz_staff, bz_token=bz_token, tmp_path=tmp_path)

    if case.door == "command":
        assert isinstance(answer, CommandError), f"ingest_letter accepted it: {answer!r}"
        message = str(answer)
        assert message.strip() and "Traceback" not in message
    elif case.door == "admin_upload":
        # The admin answers a refused upload the Django way: the form again, with its error.
        assert answer.status_code == 200, answer.status_code
        assert b"errorlist" in answer.content or b"errornote" in answer.content
        assert not Letter.objects.exists()
    else:
        assert answer.status_code in case.expect, (answer.status_code, answer.content[:500])
        assert answer.status_code < 500
        if answer.status_code >= 400 and case.url.startswith("/api/") or case.door in ("api_upload", "status_json"):
            error = answer.json()["error"]
            assert error["code"] and error["message"]

    assert snapshot(settings.MEDIA_ROOT) == before
    assert not Path("/tmp/motietracker-evil.txt").exists()


def test_a_path_in_the_uploaded_name_is_reduced_to_its_last_part(api, bz_token, settings, django_capture_on_commit_callbacks):
    """A valid letter under a traversal name is stored inside MEDIA_ROOT under its bare name."""
    from letters.models import Letter

    upload = SimpleUploadedFile("../../../../tmp/motietracker-evil.txt", SEED_LETTER.read_bytes())
    response = api.post("/api/v1/letters/", {"file": upload}, format="multipart", **auth(bz_token))
    assert response.status_code == 202, response.content
    letter = Letter.objects.get()
    stored = Path(letter.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert ".." not in letter.original_filename and "/" not in letter.original_filename
    assert not Path("/tmp/motietracker-evil.txt").exists()


def test_a_motion_page_with_a_party_vote_marked_as_a_mistake_renders(client, demo):
    """Found by bench/bench_reliability.py: a party's vote marked as a mistake (no member) made the
    motion page a 500 — the template resolved ``v.member.full_name`` on None."""
    from motions.models import Vote

    vote = Vote.objects.filter(member__isnull=True, party__isnull=False).select_related("motion__kamerstuk", "party").first()
    assert vote is not None
    Vote.objects.filter(pk=vote.pk).update(mistake=True)
    response = client.get(f"/moties/{vote.motion.kamerstuk.key}/")
    assert response.status_code == 200
    assert f"{vote.party.abbreviation} meldde een vergissing".encode() in response.content


def test_a_status_change_answers_with_its_own_version(api, demo, bz_token):
    """The answer to a status change is read under the change's row lock: its version is the one
    the change made (bench/bench_reliability.py saw two clients told the same version before)."""
    before = api.get("/api/v1/motions/35207-83/")
    version = before.json()["version"]
    response = api.post(STATUS_URL, {"status": "in_uitvoering", "reason": "r"}, format="json", HTTP_IF_MATCH=before["ETag"], **auth(bz_token))
    assert response.status_code == 200, response.content
    assert response.json()["version"] == version + 1
