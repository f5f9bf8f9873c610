"""How the letters app follows changes in the parliamentary record."""

from __future__ import annotations

from django.dispatch import receiver

from motions.signals import kamerstuk_is_not_a_motion, mirror_page_stored

from .harvest import note_mirror_changes
from .models import Citation, refresh_answered_on


@receiver(kamerstuk_is_not_a_motion)
def point_citations_at_the_paper(sender, kamerstuk, **kwargs) -> None:
    """A letter called this paper a motion; the registry says it is not. Its citations become
    references to the paper (the letter's words stay in kind and submitters); open suggestions
    go, staff decisions stay on record."""
    Citation.objects.filter(kamerstuk=kamerstuk, target=Citation.Target.MOTION, review=Citation.Review.SUGGESTED).update(
        target=Citation.Target.PAPER, review=Citation.Review.NONE
    )
    Citation.objects.filter(kamerstuk=kamerstuk, target=Citation.Target.MOTION).update(target=Citation.Target.PAPER)
    refresh_answered_on(papers=[kamerstuk.pk])


@receiver(mirror_page_stored)
def queue_changed_letters(sender, entities, **kwargs) -> None:
    """A mirror page brought a new or changed government letter (its Document, a new DocumentVersie
    or its DocumentActor rows): queue its harvest, in the page's own transaction."""
    note_mirror_changes(entities)
