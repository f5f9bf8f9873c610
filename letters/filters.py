"""The motion and commitment filters with what only the letters know: whether a letter answers.

motions/filters.py has every filter that needs motions alone; these subclasses add ``has_response``
(``CitationQuerySet.responses()``, the one definition of an answer). Pages, the API and saved
searches all use these classes, so a filter means the same everywhere.
"""

from __future__ import annotations

from django.db.models import QuerySet

from motions import filters as base

from .models import Citation


class MotionFilter(base.MotionFilter):
    has_response = base.StrictBooleanFilter(method="filter_has_response", help_text="A letter answers it (confirmed or suggested).")

    class Meta(base.MotionFilter.Meta):
        pass

    def filter_has_response(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        exists = Citation.objects.answering_motion()
        return qs.filter(exists) if value else qs.exclude(exists)


class CommitmentFilter(base.CommitmentFilter):
    has_response = base.StrictBooleanFilter(method="filter_has_response", help_text="A letter answers it (confirmed or suggested).")

    class Meta(base.CommitmentFilter.Meta):
        pass

    def filter_has_response(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        exists = Citation.objects.answering_commitment()
        return qs.filter(exists) if value else qs.exclude(exists)
