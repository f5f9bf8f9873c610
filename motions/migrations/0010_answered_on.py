from django.db import migrations, models


class Migration(migrations.Migration):
    """``answered_on``: the date of the first letter that answers a motion or commitment, kept by the
    letters app so that "over de termijn" is a question about motions alone (letters fills it in
    its migration 0006)."""

    dependencies = [("motions", "0009_syncstate_skiptoken")]

    operations = [
        migrations.AddField(
            model_name="motion",
            name="answered_on",
            field=models.DateField(blank=True, editable=False, help_text="Datum van de eerste brief die erop antwoordt (een antwoord dat niet is afgewezen); bijgehouden bij het lezen en beoordelen van brieven", null=True, verbose_name="beantwoord op"),
        ),
        migrations.AddField(
            model_name="commitment",
            name="answered_on",
            field=models.DateField(blank=True, editable=False, help_text="Datum van de eerste brief die erop antwoordt (een antwoord dat niet is afgewezen); bijgehouden bij het lezen en beoordelen van brieven", null=True, verbose_name="beantwoord op"),
        ),
    ]
