"""``motie-A-B`` without a slash: the register of members decides whether A-B is one person."""

from letters.ingest import ingest_letter
from motions.models import Member

TEXT = "Geachte voorzitter,\n\nDe motie-Versnel-Schmitz c.s. (Kamerstuk 22 026, nr. 41) is uitgevoerd. De motie Van der Burg-Paternotte (Kamerstuk 35 207, nr. 94) ook.\n"


def test_a_known_double_barrelled_member_stays_one_person(db):
    Member.objects.create(surname="Versnel-Schmitz", initials="A.")
    Member.objects.create(surname="Paternotte", initials="J.")
    letter = ingest_letter(TEXT.encode())
    submitters = dict(letter.citations.values_list("key", "submitters"))
    assert submitters == {"22026-41": ["Versnel-Schmitz"], "35207-94": ["Van der Burg", "Paternotte"]}


def test_without_the_register_the_hyphen_separates_members(db):
    letter = ingest_letter(TEXT.encode())
    assert letter.citations.get(key="22026-41").submitters == ["Versnel", "Schmitz"]
