"""The motion and commitment filters with what only the letters know: whether a letter answers.

motions/filters.py has every filter that needs motions alone; these subclasses add ``has_response``
(``CitationQuerySet.responses()``, the one definition of an answer). Pages, the API and saved
searches all use these classes, so a filter means the same everywhere.
"""

from __future__ import annotations

import django_filters as filters
from django.db.models import Exists, QuerySet

from motions import filters as base

from .models import Citation


class _HasResponse(filters.FilterSet):
    """``has_response``; each subclass says which rows a response answers (``answering``). It comes
    after the motions' filter set among the bases, so has_response stays the last parameter."""

    has_response = base.StrictBooleanFilter(method="filter_has_response", help_text="A letter answers it (confirmed or suggested).")

    def answering(self) -> Exists:
        raise NotImplementedError

    def filter_has_response(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        exists = self.answering()
        return qs.filter(exists) if value else qs.exclude(exists)


class MotionFilter(base.MotionFilter, _HasResponse):
    def answering(self) -> Exists:
        return Citation.objects.answering_motion()


class CommitmentFilter(base.CommitmentFilter, _HasResponse):
    def answering(self) -> Exists:
        return Citation.objects.answering_commitment()
