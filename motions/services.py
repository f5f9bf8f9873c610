"""State changes of tracked motions and commitments: the only code that writes status history.

Admin, API, the letter review queue and the daily job all call these functions, so every
route obeys the same transitions, permissions and version checks. Each function locks the row,
checks, writes the history row, the denormalised fields and the change-feed event in one
transaction, and queues notifications only after commit.

Transitions (``TRANSITIONS``)::

    open ──► in_uitvoering ──► afgedaan
      │            │     └───► deels_afgedaan ──► afgedaan
      └────────────┴──► niet_uitgevoerd | vervallen | deels_afgedaan | afgedaan
    afgedaan / niet_uitgevoerd / vervallen ──► open | in_uitvoering   (reopening: reason required)

A reason is required for ``niet_uitgevoerd``, ``vervallen`` and for reopening.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Final, Literal, Union

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from .events import emit
from .models import Commitment, Event, Ministry, Motion, OverdueNotice, StaffProfile, Status, StatusChange

Item = Union[Motion, Commitment]

# Sent after commit with the StatusChange (sender=StatusChange, change=…): notifications listen.
status_recorded = Signal()


class WorkflowError(Exception):
    """A change the workflow refuses. ``code`` lets views map it to an HTTP status."""

    code = "invalid"

    def __init__(self, message: str, *, item: Item | None = None):
        super().__init__(message)
        self.item = item


class NotTracked(WorkflowError):
    code = "not_tracked"


class InvalidTransition(WorkflowError):
    code = "invalid_transition"


class ReasonRequired(WorkflowError):
    code = "reason_required"


class NotAllowed(WorkflowError):
    code = "forbidden"


class StaleVersion(WorkflowError):
    """Someone changed the item since the caller read it; ``item`` holds the current state."""

    code = "stale"


UNFINISHED = set(Status.unfinished())
FINISHED = set(Status.finished())
TRANSITIONS: dict[str, set[str]] = {
    Status.OPEN: {Status.IN_UITVOERING, Status.DEELS_AFGEDAAN, Status.AFGEDAAN, Status.NIET_UITGEVOERD, Status.VERVALLEN},
    Status.IN_UITVOERING: {Status.DEELS_AFGEDAAN, Status.AFGEDAAN, Status.NIET_UITGEVOERD, Status.VERVALLEN, Status.OPEN},
    Status.DEELS_AFGEDAAN: {Status.IN_UITVOERING, Status.AFGEDAAN, Status.NIET_UITGEVOERD, Status.VERVALLEN},
    Status.AFGEDAAN: {Status.OPEN, Status.IN_UITVOERING},
    Status.NIET_UITGEVOERD: {Status.OPEN, Status.IN_UITVOERING},
    Status.VERVALLEN: {Status.OPEN, Status.IN_UITVOERING},
}
REASON_REQUIRED = {Status.NIET_UITGEVOERD, Status.VERVALLEN}


def is_reopening(old: str, new: str) -> bool:
    return old in FINISHED and new in UNFINISHED


# --- Permissions ------------------------------------------------------------------------------------


def profile_of(user) -> StaffProfile | None:
    if user is None or isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.staff_profile
    except StaffProfile.DoesNotExist:
        return None


def is_coordinator(user) -> bool:
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    profile = profile_of(user)
    return profile is not None and profile.role == StaffProfile.Role.COORDINATOR


def can_change(user, item: Item) -> bool:
    """Status, owner and deadline: the item's ministry's staff, coordinators and superusers."""
    if user is None or not getattr(user, "is_active", False):
        return False
    if is_coordinator(user):
        return True
    profile = profile_of(user)
    return profile is not None and item.ministry_id is not None and profile.ministry_id == item.ministry_id


def editable_ministry_ids(user) -> set[int] | None:
    """Ministries whose items ``user`` may change; None means all of them."""
    if is_coordinator(user):
        return None
    profile = profile_of(user)
    return {profile.ministry_id} if profile and profile.ministry_id else set()


def _check_allowed(user, item: Item, what: str) -> None:
    if not can_change(user, item):
        ministry = item.ministry.name if item.ministry is not None else _("geen ministerie")
        raise NotAllowed(_("%(user)s mag %(what)s van dit item (%(ministry)s) niet wijzigen") % {"user": user or _("anoniem"), "what": what, "ministry": ministry}, item=item)


# --- Status -------------------------------------------------------------------------------------------


def _lock(item: Item) -> Item:
    # NO KEY UPDATE: rows that reference this one (events, history) only take KEY SHARE locks, so an
    # event insert elsewhere never waits on this lock while holding the event counter (deadlock).
    return type(item).objects.select_for_update(of=("self",), no_key=True).select_related("ministry").get(pk=item.pk)


def _subject(item: Item) -> dict:
    return {"motion": item} if isinstance(item, Motion) else {"commitment": item}


def _payload(item: Item, **extra) -> dict:
    base: dict[str, object]
    if isinstance(item, Motion):
        base = {"key": item.kamerstuk.key, "title": item.title[:300]}
    else:
        base = {"commitment": item.pk, "number": item.number, "title": item.text[:300]}
    return {**base, **extra}


def record_status(
    item: Item,
    *,
    to: str,
    by,
    reason: str = "",
    citation=None,
    expected_version: int | None = None,
    deadline: dt.date | None = None,
) -> StatusChange:
    """Change the implementation status of a tracked motion or commitment, with its history row."""
    reason = (reason or "").strip()
    if to not in Status.values:
        raise InvalidTransition(_("onbekende status %(status)r; kies uit %(choices)s") % {"status": to, "choices": ", ".join(Status.values)}, item=item)
    with transaction.atomic():
        locked = _lock(item)
        if isinstance(locked, Motion) and not locked.is_tracked:
            raise NotTracked(
                _("motie %(key)s is %(outcome)s: alleen aangenomen of overgenomen moties hebben een uitvoeringsstatus")
                % {"key": locked.kamerstuk.key, "outcome": locked.get_outcome_display() or _("nog niet in stemming gebracht")},
                item=locked,
            )
        _check_allowed(by, locked, _("de status"))
        if expected_version is not None and int(expected_version) != locked.version:
            raise StaleVersion(
                _("dit item is intussen gewijzigd (versie %(version)s, status %(status)s); laad het opnieuw en probeer het nog eens")
                % {"version": locked.version, "status": locked.get_status_display()},
                item=locked,
            )
        old = locked.status or ""
        if old == to:
            raise InvalidTransition(_("de status is al %(status)s") % {"status": locked.get_status_display()}, item=locked)
        if old and to not in TRANSITIONS.get(old, set()):
            raise InvalidTransition(_("van %(old)s naar %(new)s kan niet") % {"old": Status(old).label, "new": Status(to).label}, item=locked)
        if (to in REASON_REQUIRED or is_reopening(old, to)) and not reason:
            why = _("heropenen") if is_reopening(old, to) else Status(to).label
            raise ReasonRequired(_("een reden is verplicht bij %(what)s") % {"what": why}, item=locked)
        change = StatusChange.objects.create(
            **_subject(locked),
            old_status=old,
            new_status=to,
            by=by if getattr(by, "pk", None) else None,
            reason=reason,
            citation=citation,
            deadline=deadline,
        )
        locked.status = to
        locked.version += 1
        fields = ["status", "version", "updated_at"]
        if deadline is not None:
            locked.deadline = deadline
            fields.append("deadline")
        locked.save(update_fields=fields)
        emit(
            Event.Kind.STATUS_CHANGED,
            **_subject(locked),
            status_change=change,
            citation_id=getattr(citation, "pk", None),
            letter_id=getattr(citation, "letter_id", None),
            payload=_payload(locked, old=old, new=to, reason=reason, by=str(by) if by else "", deadline=deadline.isoformat() if deadline else None),
        )
        transaction.on_commit(lambda: status_recorded.send(sender=StatusChange, change=change))
    item.status, item.version = locked.status, locked.version
    if deadline is not None:
        item.deadline = deadline
    return change


class _Unset(enum.Enum):
    """'Leave it as it is', as opposed to None ('clear it')."""

    UNSET = enum.auto()


_UNSET: Final = _Unset.UNSET


def assign(
    item: Item,
    *,
    by,
    ministry: Ministry | None | Literal[_Unset.UNSET] = _UNSET,
    owner=_UNSET,
    deadline: dt.date | None | Literal[_Unset.UNSET] = _UNSET,
    expected_version: int | None = None,
) -> Item:
    """Change who is responsible and by when. Only coordinators move items between ministries;
    the owner must work for the item's ministry."""
    with transaction.atomic():
        locked = _lock(item)
        if expected_version is not None and int(expected_version) != locked.version:
            raise StaleVersion(_("dit item is intussen gewijzigd (versie %(version)s)") % {"version": locked.version}, item=locked)
        changes: dict[str, object] = {}
        if ministry is not _UNSET and getattr(ministry, "pk", None) != locked.ministry_id:
            if not is_coordinator(by):
                raise NotAllowed(_("alleen een coördinator kan een item aan een ministerie toewijzen"), item=locked)
            locked.ministry = ministry
            changes["ministry"] = ministry.name if ministry else None
        if owner is not _UNSET or deadline is not _UNSET:
            _check_allowed(by, locked, _("de behandelaar of termijn"))
        if owner is not _UNSET and getattr(owner, "pk", None) != locked.owner_id:
            if owner is not None:
                owner_profile = profile_of(owner)
                if not getattr(owner, "is_superuser", False) and (owner_profile is None or (owner_profile.ministry_id != locked.ministry_id and owner_profile.role != StaffProfile.Role.COORDINATOR)):
                    raise NotAllowed(_("%(owner)s werkt niet voor het ministerie van dit item") % {"owner": owner}, item=locked)
            locked.owner = owner
            changes["owner"] = str(owner) if owner else None
        if deadline is not _UNSET and deadline != locked.deadline:
            locked.deadline = deadline
            changes["deadline"] = deadline.isoformat() if deadline else None
        if not changes:
            return locked
        locked.version += 1
        locked.save(update_fields=["ministry", "owner", "deadline", "version", "updated_at"])
        emit(Event.Kind.ASSIGNED, **_subject(locked), payload=_payload(locked, by=str(by), **changes))
    return locked


# --- The daily overdue job ------------------------------------------------------------------------------


def record_overdue(today: dt.date | None = None) -> list[OverdueNotice]:
    """Record items that passed their deadline. Running it twice the same day changes nothing:
    one notice per item and deadline (a database constraint)."""
    today = today or timezone.localdate()
    created: list[OverdueNotice] = []
    for model, field in ((Motion, "motion"), (Commitment, "commitment")):
        overdue = model.objects.overdue(today).filter(withdrawn=False).select_related(*(["kamerstuk"] if model is Motion else []))
        known = set(OverdueNotice.objects.filter(**{f"{field}__in": overdue}).values_list(f"{field}_id", "deadline"))
        for item in overdue:
            deadline = item.deadline
            if deadline is None:  # overdue() only returns items past a deadline
                continue
            if (item.pk, deadline) in known:
                continue
            with transaction.atomic():
                notice, was_created = OverdueNotice.objects.get_or_create(**{field: item}, deadline=deadline, defaults={"recorded_on": today})
                if was_created:
                    emit(Event.Kind.OVERDUE, **{field: item}, payload=_payload(item, deadline=deadline.isoformat()))
                    created.append(notice)
    return created


def remind_owner(notice_id: int) -> bool:
    """Mail the owner of an overdue item once: claim the notice first (healthchecks' Flip pattern,
    only one run wins). Returns whether a mail went out; an OSError from the mail server un-claims
    the notice and propagates, so the caller can retry."""
    notice = OverdueNotice.objects.select_related("motion__kamerstuk", "motion__owner", "commitment__owner").filter(pk=notice_id).first()
    if notice is None:
        return False
    item: Item | None = notice.motion or notice.commitment
    owner = item.owner if item is not None else None
    if item is None or owner is None or not owner.email:
        OverdueNotice.objects.filter(pk=notice_id, reminded=None).update(reminded=timezone.now())
        return False
    if not OverdueNotice.objects.filter(pk=notice_id, reminded=None).update(reminded=timezone.now()):
        return False  # another worker sent it
    label = item.kamerstuk.key if isinstance(item, Motion) else (item.number or f"toezegging {item.pk}")
    try:
        send_mail(
            subject=f"Termijn verstreken: {label}",
            message=(
                f"De termijn van {label} ({str(item)[:200]}) verstreek op {notice.deadline:%d-%m-%Y}.\n"
                f"Status: {item.get_status_display()}.\n\n{settings.SITE_URL}{item.get_absolute_url()}\n"
            ),
            from_email=None,
            recipient_list=[owner.email],
        )
    except OSError:
        # Un-claim so the retry can send it; the claim only protects against sending twice.
        OverdueNotice.objects.filter(pk=notice_id).update(reminded=None)
        raise
    return True
