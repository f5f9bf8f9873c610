"""Staff review of suggested responses: confirm or reject that a letter answers a motion.

Admin actions, the API and the review queue all call these functions, so later rules
(permissions, a status change recorded in the same step) apply everywhere at once.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .ingest import LetterError
from .models import Citation


class ReviewError(LetterError):
    """A review that cannot be done (not a response, unknown citation)."""


def _review(citation: Citation | int, *, to: str, by) -> Citation:
    pk = citation if isinstance(citation, int) else citation.pk
    with transaction.atomic():
        try:
            locked = Citation.objects.select_for_update().get(pk=pk)
        except Citation.DoesNotExist:
            raise ReviewError(f"citation {pk} does not exist")
        if not locked.is_response:
            raise ReviewError(f"citation {pk} names a paper, not a motion or commitment: there is nothing to confirm")
        if locked.review == to:
            return locked  # idempotent: a double click changes nothing
        locked.review = to
        locked.reviewed_by = by if getattr(by, "pk", None) else None
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["review", "reviewed_by", "reviewed_at"])
    return locked


def confirm_response(citation: Citation | int, *, by) -> Citation:
    """Staff agree the letter answers the cited motion or commitment."""
    return _review(citation, to=Citation.Review.CONFIRMED, by=by)


def reject_response(citation: Citation | int, *, by) -> Citation:
    """Staff say the letter does not answer it (a mere mention); the motion page stops listing it."""
    return _review(citation, to=Citation.Review.REJECTED, by=by)
