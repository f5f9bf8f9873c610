from letters.ingest import process_letter
from letters.models import Citation
from letters.review import confirm_response, reject_response
from letters.ingest import ingest_letter

from .documents import SEED_LETTER


def test_re_running_ingestion_replaces_suggestions_but_keeps_staff_decisions(demo, staff_user):
    letter = ingest_letter(SEED_LETTER)
    confirmed = confirm_response(letter.citations.get(key="35207-83"), by=staff_user)
    rejected = reject_response(letter.citations.get(key="35207-87"), by=staff_user)
    suggested_before = set(letter.citations.filter(review="suggested").values_list("key", flat=True))

    process_letter(letter.pk, force=True)

    assert Citation.objects.get(pk=confirmed.pk).review == "confirmed"
    assert Citation.objects.get(pk=rejected.pk).review == "rejected"
    assert Citation.objects.get(pk=confirmed.pk).reviewed_by == staff_user
    # Exactly one citation per place: the reviewed ones were not duplicated by the re-run.
    assert letter.citations.filter(key="35207-83").count() == 1
    assert letter.citations.filter(key="35207-87").count() == 1
    assert set(letter.citations.filter(review="suggested").values_list("key", flat=True)) == suggested_before
