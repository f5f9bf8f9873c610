"""When the sync learns that a paper a letter called a motion is not one, citations follow."""

from letters.ingest import ingest_letter
from motions.models import Kamerstuk, Motion
from motions.signals import kamerstuk_is_not_a_motion

from .documents import SEED_LETTER


def test_citations_point_at_the_paper_once_the_registry_says_it_is_a_letter(db):
    letter = ingest_letter(SEED_LETTER)
    citation = letter.citations.get(key="21501-20-2243")
    assert citation.target == "motion" and citation.review == "suggested"

    # What the sync does when the registry says "Brief regering": fill the paper, drop the placeholder.
    paper = Kamerstuk.objects.get(key="21501-20-2243")
    Motion.objects.filter(kamerstuk=paper).delete()
    Kamerstuk.objects.filter(pk=paper.pk).update(kind="brief_regering", is_placeholder=False)
    kamerstuk_is_not_a_motion.send(sender=Kamerstuk, kamerstuk=paper)

    citation.refresh_from_db()
    assert citation.target == "paper" and citation.review == ""
    assert citation.kind == "motie" and citation.submitters == ["Boswijk"]  # the letter's words stay
    assert citation.kamerstuk_id == paper.pk
