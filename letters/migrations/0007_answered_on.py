from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    """The date of the first letter answering each motion and commitment (a response not rejected)."""
    Citation = apps.get_model("letters", "Citation")
    Motion = apps.get_model("motions", "Motion")
    Commitment = apps.get_model("motions", "Commitment")
    responses = Citation.objects.filter(target__in=["motion", "commitment"], letter__date__isnull=False).exclude(review="rejected")
    def first(**match):
        return Subquery(responses.filter(**match).order_by("letter__date").values("letter__date")[:1])

    Motion.objects.update(answered_on=first(kamerstuk_id=OuterRef("kamerstuk_id")))
    Commitment.objects.update(answered_on=first(commitment_id=OuterRef("pk")))


class Migration(migrations.Migration):
    dependencies = [("letters", "0006_letter_harvest"), ("motions", "0010_answered_on")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
