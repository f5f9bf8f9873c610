import pytest
from django.db import DatabaseError, connection, transaction

from motions.models import Dossier, Kamerstuk, Motion, StatusChange, StatusChangeImmutable


@pytest.fixture
def change(db):
    paper = Kamerstuk.objects.create(dossier=Dossier.objects.create(number=35207), number="83")
    motion = Motion.objects.create(kamerstuk=paper, title="Motie", outcome="aangenomen", status="open")
    return StatusChange.objects.create(motion=motion, old_status="", new_status="open", reason="aangenomen")


def test_saving_an_existing_row_is_refused(change):
    change.reason = "rewritten history"
    with pytest.raises(StatusChangeImmutable):
        change.save()
    assert StatusChange.objects.get(pk=change.pk).reason == "aangenomen"


def test_deleting_a_row_is_refused(change):
    with pytest.raises(StatusChangeImmutable):
        change.delete()
    with pytest.raises(StatusChangeImmutable):
        StatusChange.objects.filter(pk=change.pk).delete()
    assert StatusChange.objects.filter(pk=change.pk).exists()


def test_queryset_update_is_refused(change):
    with pytest.raises(StatusChangeImmutable):
        StatusChange.objects.filter(pk=change.pk).update(reason="x")
    assert StatusChange.objects.get(pk=change.pk).reason == "aangenomen"


def test_the_database_refuses_an_update_past_the_orm(change):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE motions_statuschange SET reason = 'x' WHERE id = %s", [change.pk])
    assert StatusChange.objects.get(pk=change.pk).reason == "aangenomen"


@pytest.mark.postgres
def test_postgresql_refuses_a_delete_past_the_orm(change):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM motions_statuschange WHERE id = %s", [change.pk])
    assert StatusChange.objects.filter(pk=change.pk).exists()


def test_the_motion_with_history_cannot_be_deleted(change):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        change.motion.delete()
