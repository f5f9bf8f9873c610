"""Two staff members change the same motion at the same moment: exactly one wins, the other is told.

Real PostgreSQL, two real connections (threads), real row locks; the history holds exactly what happened.
"""

import threading

import pytest
from django.db import connection

from motions.models import Motion, StatusChange
from motions.services import StaleVersion, record_status

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_of_two_simultaneous_changes_exactly_one_wins(django_user_model):
    from django.core.management import call_command
    from io import StringIO

    call_command("load_demo", "--no-staff-user", stdout=StringIO())
    from tests.conftest import make_staff
    from motions.models import Ministry

    bz = Ministry.objects.get(abbreviation="BZ")
    alice = make_staff(django_user_model, "alice", bz)
    bob = make_staff(django_user_model, "bob", bz)
    motion = Motion.objects.by_key("35207-83").get()
    seen = motion.version  # both read the same version
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def attempt(name, user, to):
        try:
            barrier.wait(timeout=10)
            record_status(Motion.objects.get(pk=motion.pk), to=to, by=user, reason=name, expected_version=seen)
            results[name] = "won"
        except StaleVersion as exc:
            results[name] = f"told: {exc}"
        except Exception as exc:  # anything else is a failure the assertion below will show
            results[name] = f"error: {exc!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=("alice", alice, "in_uitvoering")), threading.Thread(target=attempt, args=("bob", bob, "afgedaan"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(v == "won" for v in results.values()) == [False, True], results
    winner = next(name for name, v in results.items() if v == "won")
    loser = next(name for name, v in results.items() if v != "won")
    assert "intussen gewijzigd" in results[loser]
    motion.refresh_from_db()
    assert motion.version == seen + 1
    assert motion.status == ("in_uitvoering" if winner == "alice" else "afgedaan")
    history = list(StatusChange.objects.filter(motion=motion).exclude(old_status="").values_list("reason", flat=True))
    assert history == [winner]


def test_without_a_version_the_lock_serialises_and_both_changes_are_recorded_in_order(django_user_model):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", "--no-staff-user", stdout=StringIO())
    from motions.models import Ministry
    from tests.conftest import make_staff

    bz = Ministry.objects.get(abbreviation="BZ")
    users = [make_staff(django_user_model, f"u{i}", bz) for i in range(2)]
    motion = Motion.objects.by_key("35207-84").get()
    barrier = threading.Barrier(2)
    errors = []

    def attempt(user, to):
        try:
            barrier.wait(timeout=10)
            record_status(Motion.objects.get(pk=motion.pk), to=to, by=user, reason="x")
        except Exception as exc:  # an invalid transition after the other one is a legitimate answer
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(users[0], "in_uitvoering")), threading.Thread(target=attempt, args=(users[1], "deels_afgedaan"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    changes = list(StatusChange.objects.filter(motion=motion).exclude(old_status="").order_by("id").values_list("old_status", "new_status"))
    # Each change starts from the state the previous one left: no lost update.
    previous = "open"
    for old, new in changes:
        assert old == previous
        previous = new
    motion.refresh_from_db()
    assert motion.status == previous and motion.version == 1 + len(changes)
