"""Each piece of a suggestion's evidence keeps the words it quotes (the API and the change feed show
them without the letter's text): fill them in for citations read before."""

from django.db import migrations


def add_quotes(apps, schema_editor):
    Citation = apps.get_model("letters", "Citation")
    batch = []
    rows = Citation.objects.exclude(suggestion_evidence=[]).select_related("letter").only("id", "suggestion_evidence", "suggestion_obstacle", "letter__text")
    for citation in rows.iterator(chunk_size=500):
        text = citation.letter.text or ""
        changed = False
        for item in citation.suggestion_evidence or []:
            if isinstance(item, dict) and "quote" not in item:
                item["quote"] = text[item.get("start", 0) : item.get("end", 0)]
                changed = True
        obstacle = citation.suggestion_obstacle
        if isinstance(obstacle, dict) and "quote" not in obstacle:
            obstacle["quote"] = text[obstacle.get("start", 0) : obstacle.get("end", 0)]
            changed = True
        if changed:
            batch.append(citation)
        if len(batch) >= 500:
            Citation.objects.bulk_update(batch, ["suggestion_evidence", "suggestion_obstacle"])
            batch = []
    if batch:
        Citation.objects.bulk_update(batch, ["suggestion_evidence", "suggestion_obstacle"])


class Migration(migrations.Migration):
    dependencies = [("letters", "0009_motion_mentions")]
    operations = [migrations.RunPython(add_quotes, migrations.RunPython.noop)]
