"""A status change reaches whoever follows the motion, its dossier, its submitters, their parties
or its ministry — once each, in Dutch, as text and HTML, with absolute links and a one-click
unsubscribe — and nobody else: not other subjects, not unconfirmed or ended subscriptions."""

import pytest
from django.conf import settings

from alerts.models import Delivery
from motions.models import Member, Ministry, Motion, Party

from .conftest import follow

pytestmark = pytest.mark.django_db


@pytest.fixture
def followers(motion):
    sponsor = motion.sponsorships.select_related("member__party").get(member__slug="jm-paternotte")
    other_member = Member.objects.exclude(sponsorships__motion=motion).first()
    followers = {
        "motion@example.org": follow("motion@example.org", "motion", motion),
        "dossier@example.org": follow("dossier@example.org", "dossier", motion.kamerstuk.dossier),
        "member@example.org": follow("member@example.org", "member", sponsor.member),
        "party@example.org": follow("party@example.org", "party", sponsor.party),
        "ministry@example.org": follow("ministry@example.org", "ministry", motion.ministry),
    }
    follow("other-motion@example.org", "motion", Motion.objects.get(kamerstuk__key="35207-84"))
    follow("other-member@example.org", "member", other_member)
    follow("other-party@example.org", "party", Party.objects.get(slug="pvv"))
    follow("other-ministry@example.org", "ministry", Ministry.objects.get(abbreviation="EZ"))
    follow("unconfirmed@example.org", "motion", motion, confirmed=False)
    ended = follow("ended@example.org", "motion", motion)
    ended.unsubscribed_at = ended.confirmed_at
    ended.save()
    return followers


def test_exactly_the_followers_get_one_message_each(motion, followers, mailoutbox, change_status):
    change_status(motion, "in_uitvoering", "Het kabinet werkt eraan.")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(followers)
    assert Delivery.objects.count() == len(followers)
    assert set(Delivery.objects.values_list("state", "attempts").distinct()) == {("sent", 1)}


def test_the_message_says_what_changed_with_links_and_an_unsubscribe(motion, followers, mailoutbox, change_status):
    change_status(motion, "in_uitvoering", "Het kabinet werkt eraan.")
    message = next(m for m in mailoutbox if m.to == ["party@example.org"])
    subscription = followers["party@example.org"]
    assert message.subject == "[Motietracker] 35207-83: status in uitvoering"
    assert "De uitvoeringsstatus ging van open naar in uitvoering." in message.body
    assert "Het kabinet werkt eraan." in message.body
    assert f"{settings.SITE_URL}/moties/35207-83/" in message.body
    assert "fractie D66" in message.body  # why you get it
    unsubscribe = f"{settings.SITE_URL}/meldingen/afmelden/{subscription.token}/"
    assert unsubscribe in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and '<html lang="nl">' in html
    assert f'href="{settings.SITE_URL}/moties/35207-83/"' in html and f'href="{unsubscribe}"' in html
    assert "<strong>in uitvoering</strong>" in html
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    delivery = Delivery.objects.get(subscription=subscription)
    assert message.extra_headers["Message-ID"] == f"<alert.{delivery.pk}@127.0.0.1>"


def test_a_second_fan_out_sends_nothing_again(motion, followers, mailoutbox, change_status, fan_out):
    change_status(motion, "in_uitvoering")
    result = fan_out()
    assert result.events == 0 and len(mailoutbox) == len(followers)


def test_a_commitment_reaches_its_ministry_and_the_member_it_was_made_to(demo, bz_staff, mailoutbox, django_capture_on_commit_callbacks):
    from motions.models import Commitment
    from motions.services import record_status

    member = Member.objects.get(slug="jm-paternotte")
    commitment = Commitment.objects.create(text="De minister stuurt voor de zomer een brief.", ministry=Ministry.objects.get(abbreviation="BZ"), made_to_member=member)
    follow("ministry@example.org", "ministry", commitment.ministry)
    follow("member@example.org", "member", member)
    follow("other@example.org", "ministry", Ministry.objects.get(abbreviation="EZ"))
    with django_capture_on_commit_callbacks(execute=True):
        record_status(commitment, to="afgedaan", by=bz_staff)
    assert sorted(m.to[0] for m in mailoutbox) == ["member@example.org", "ministry@example.org"]
    assert f"/toezeggingen/{commitment.pk}/" in mailoutbox[0].body
