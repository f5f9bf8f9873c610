import pytest
from django.db import IntegrityError, transaction

from motions.models import Dossier, Kamerstuk, Motion, Party, Sponsorship, Member, Vote


@pytest.fixture
def dossier(db):
    return Dossier.objects.create(number=35207, title="China")


def test_a_kamerstuk_gets_its_key_from_dossier_and_number(dossier):
    paper = Kamerstuk.objects.create(dossier=dossier, number="83")
    assert paper.key == "35207-83"
    budget = Dossier.objects.create(number=36600, toevoeging="V")
    assert Kamerstuk.objects.create(dossier=budget, number="31").key == "36600-V-31"


def test_the_database_refuses_a_duplicate_key(dossier):
    Kamerstuk.objects.create(dossier=dossier, number="83")
    with pytest.raises(IntegrityError), transaction.atomic():
        Kamerstuk.objects.create(dossier=dossier, number="83")


def test_the_database_refuses_a_duplicate_key_even_past_the_orm(dossier):
    Kamerstuk.objects.create(dossier=dossier, number="83")
    other = Kamerstuk(dossier=dossier, number="84", key="35207-83")
    with pytest.raises(IntegrityError), transaction.atomic():
        # bulk_create skips save(), so only the database's unique constraints stand in the way.
        Kamerstuk.objects.bulk_create([other])


def test_the_database_refuses_a_duplicate_dossier(dossier):
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.create(number=35207, toevoeging="")
    Dossier.objects.create(number=35207, toevoeging="V")  # another toevoeging is another dossier


def test_a_paper_has_at_most_one_motion(dossier):
    paper = Kamerstuk.objects.create(dossier=dossier, number="83")
    Motion.objects.create(kamerstuk=paper, title="Motie")
    with pytest.raises(IntegrityError), transaction.atomic():
        Motion.objects.create(kamerstuk=paper, title="Nog een motie")


def test_a_member_sponsors_a_motion_once(dossier):
    motion = Motion.objects.create(kamerstuk=Kamerstuk.objects.create(dossier=dossier, number="83"), title="Motie")
    member = Member.objects.create(initials="J.M.", surname="Paternotte")
    Sponsorship.objects.create(motion=motion, member=member, role="indiener")
    with pytest.raises(IntegrityError), transaction.atomic():
        Sponsorship.objects.create(motion=motion, member=member, role="medeindiener")


def test_a_party_votes_once_per_motion_and_a_vote_names_someone(dossier):
    motion = Motion.objects.create(kamerstuk=Kamerstuk.objects.create(dossier=dossier, number="83"), title="Motie")
    party = Party.objects.create(abbreviation="D66", name="Democraten 66")
    Vote.objects.create(motion=motion, party=party, choice="voor", seats=9)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(motion=motion, party=party, choice="tegen", seats=9)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(motion=motion, choice="voor", seats=1)
