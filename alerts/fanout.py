"""Fan-out: turn new change-feed events into Delivery rows, one per (subscriber, event).

``fan_out()`` locks the single ``FanoutCursor`` row, reads the events after it in ``seq`` order
(``motions.events`` numbers them in commit order, so nothing committed later can appear below the
cursor), writes the deliveries and advances the cursor — all in one transaction. A crash before
commit leaves neither; two fan-outs at once queue on the cursor lock; replaying events (a lost
cursor row) only bumps into the unique (subscriber, event) constraints. Deliveries are queued for
sending after commit.

Matching is in bulk. Per batch of events: one query for the submitters of their motions, one for
the subject keys that have subscribers, one for the webhooks; per event with subscribers one
``INSERT … SELECT`` that copies the matching subscriptions into deliveries inside the database,
so 10 or 10,000 subscribers cost the same number of queries. Saved searches cost one query per
distinct search per batch of new motions (``motions.search`` cannot be inverted).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, F, Q, QuerySet, Value
from django.http import QueryDict
from django.utils import timezone

from letters.filters import MotionFilter
from common.tasks import queue
from motions.models import Event, Motion, Sponsorship

from .models import ALERT_EVENT_KINDS, ITEM_EVENT_KINDS, SEARCH_EVENT_KINDS, Delivery, FanoutCursor, Subscription, SubjectKind, Webhook

logger = logging.getLogger("alerts.fanout")

CURSOR = "events"
BATCH = 500


@dataclass
class FanoutResult:
    events: int = 0
    seq: int = 0
    emails: list[int] = field(default_factory=list)  # immediate e-mail deliveries to queue
    digests: int = 0
    webhooks: list[int] = field(default_factory=list)

    @property
    def deliveries(self) -> int:
        return len(self.emails) + self.digests + len(self.webhooks)


def digest_hour() -> int:
    return int(getattr(settings, "ALERTS_DIGEST_HOUR", 7))


def next_digest_at(now: dt.datetime) -> dt.datetime:
    """The next daily digest moment (ALERTS_DIGEST_HOUR, local time) after ``now``."""
    local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
    at = local.replace(hour=digest_hour(), minute=0, second=0, microsecond=0)
    if at <= local:
        at = (at + dt.timedelta(days=1)).replace(hour=digest_hour())
    return at


# --- Which subjects an event concerns ----------------------------------------------------------------------


def subject_keys(events: list[Event]) -> dict[int, set[str]]:
    """For each event: the subject keys (``motion:12``, ``party:3``, ``search:…``) it concerns."""
    motion_ids = {e.motion_id for e in events if e.motion_id}
    sponsors: dict[int, set[str]] = defaultdict(set)
    for motion_id, member_id, party_id, member_party_id in Sponsorship.objects.filter(motion_id__in=motion_ids).values_list(
        "motion_id", "member_id", "party_id", "member__party_id"
    ):
        sponsors[motion_id].add(f"member:{member_id}")
        # The party at submission, and the member's party today: followers of either want to know.
        for pid in (party_id, member_party_id):
            if pid:
                sponsors[motion_id].add(f"party:{pid}")
    searches = matching_searches({e.motion_id for e in events if e.kind in SEARCH_EVENT_KINDS and e.motion_id})
    result: dict[int, set[str]] = {}
    for event in events:
        keys: set[str] = set()
        if event.motion_id and event.motion is not None:
            motion = event.motion
            keys.add(f"motion:{motion.pk}")
            keys.add(f"dossier:{motion.kamerstuk.dossier_id}")
            if motion.ministry_id:
                keys.add(f"ministry:{motion.ministry_id}")
            keys |= sponsors.get(motion.pk, set())
            if event.kind in SEARCH_EVENT_KINDS:
                keys |= searches.get(motion.pk, set())
        elif event.commitment_id and event.commitment is not None:
            commitment = event.commitment
            if commitment.ministry_id:
                keys.add(f"ministry:{commitment.ministry_id}")
            if commitment.made_to_member_id:
                keys.add(f"member:{commitment.made_to_member_id}")
            if commitment.made_to_party_id:
                keys.add(f"party:{commitment.made_to_party_id}")
            if commitment.kamerstuk is not None:  # select_related: no query
                keys.add(f"dossier:{commitment.kamerstuk.dossier_id}")
        result[event.pk] = keys
    return result


def filter_data(query: str, facets: dict[str, Any] | None) -> QueryDict:
    """A saved search as the query string the motion list's filters read."""
    data = QueryDict(mutable=True)
    for name, value in (facets or {}).items():
        if name != "q":
            data.setlist(name, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    if query:
        data["q"] = query
    return data


def search_matches(query: str, facets: dict[str, Any], motions: QuerySet) -> QuerySet:
    """The motions of ``motions`` a saved search finds: the motion list's own filters and search."""
    filterset = MotionFilter(data=filter_data(query, facets), queryset=motions)
    if not filterset.is_valid():
        return motions.none()
    return filterset.qs


def matching_searches(motion_ids: set[int]) -> dict[int, set[str]]:
    """motion id → keys of the saved searches (with subscribers or webhooks) that find it."""
    if not motion_ids:
        return {}
    searches: dict[str, tuple[str, dict]] = {}
    for model in (Subscription.objects.active(), Webhook.objects.active()):
        for key, query, facets in model.filter(subject_kind=SubjectKind.SEARCH).order_by().values_list("subject_key", "query", "facets").distinct():
            searches.setdefault(key, (query, facets))
    found: dict[int, set[str]] = defaultdict(set)
    candidates = Motion.objects.filter(pk__in=motion_ids)
    for key, (query, facets) in searches.items():
        for pk in search_matches(query, facets, candidates).values_list("pk", flat=True):
            found[pk].add(key)
    return found


# --- Writing deliveries ------------------------------------------------------------------------------------


def _insert(recipient: str, rows: QuerySet, event: Event, now: dt.datetime) -> list[tuple[int, bool]]:
    """INSERT … SELECT: one delivery per row of ``rows`` (which selects ``rid`` and ``freq``), in
    the database, skipping pairs that exist. Returns (id, digest) of the rows made."""
    inner, inner_params = rows.query.sql_with_params()
    ops = connection.ops
    table = ops.quote_name(Delivery._meta.db_table)
    column = ops.quote_name(f"{recipient}_id")
    daily = Subscription.Frequency.DAILY
    statement = (
        f"INSERT INTO {table} ({column}, event_id, digest, next_attempt_at, state, attempts, last_error, created_at) "
        f"SELECT r.rid, %s, CASE WHEN r.freq = %s THEN %s ELSE %s END, CASE WHEN r.freq = %s THEN %s ELSE %s END, %s, 0, '', %s "
        f"FROM ({inner}) r WHERE 1 = 1 "  # the WHERE keeps SQLite from reading ON CONFLICT as a join
        "ON CONFLICT DO NOTHING RETURNING id, digest"
    )
    params = [
        event.pk,
        daily, True, False,
        daily, ops.adapt_datetimefield_value(next_digest_at(now)), ops.adapt_datetimefield_value(now),
        Delivery.State.PENDING,
        ops.adapt_datetimefield_value(now),
        *inner_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return [(int(pk), bool(digest)) for pk, digest in cursor.fetchall()]


def _subscription_rows(keys: set[str], at: dt.datetime) -> QuerySet:
    return Subscription.objects.active(at=at).matching(keys).order_by().annotate(rid=F("pk"), freq=F("frequency")).values_list("rid", "freq")


def _webhook_rows(ids: list[int]) -> QuerySet:
    immediate = Value(Subscription.Frequency.IMMEDIATE, output_field=CharField())
    return Webhook.objects.filter(pk__in=ids).order_by().annotate(rid=F("pk"), freq=immediate).values_list("rid", "freq")


def _keys_for_subscriptions(event: Event, keys: set[str]) -> set[str]:
    if event.kind in ITEM_EVENT_KINDS:
        return {k for k in keys if not k.startswith("search:")}
    if event.kind in SEARCH_EVENT_KINDS:
        return {k for k in keys if k.startswith("search:")}
    return set()


def _lock_cursor() -> FanoutCursor:
    # A missing row starts at 0: replaying old events only meets the unique constraints, and
    # subscribers are only told of events after they confirmed (``active(at=…)``).
    cursor, _ = FanoutCursor.objects.select_for_update().get_or_create(name=CURSOR)
    return cursor


def fan_out(*, limit: int = BATCH) -> FanoutResult:
    """Fan out up to ``limit`` events after the cursor; queue immediate deliveries after commit."""
    with transaction.atomic():
        cursor = _lock_cursor()
        now = timezone.now()  # after the lock: a fan-out that waited must not stamp the past
        events = list(Event.objects.filter(seq__gt=cursor.seq).order_by("seq").select_related("motion__kamerstuk", "commitment__kamerstuk")[:limit])
        result = FanoutResult(events=len(events), seq=cursor.seq)
        if not events:
            return result
        keys = subject_keys(events)
        everything = set().union(*keys.values())
        subscribed = set(Subscription.objects.active().matching(everything).order_by().values_list("subject_key", flat=True).distinct()) if everything else set()
        webhooks = list(Webhook.objects.active().filter(Q(subject_key__in=everything) | Q(subject_kind=SubjectKind.ALL)).only("pk", "subject_key", "subject_kind", "kinds", "created_at"))
        for event in events:
            if isinstance(event.payload, dict) and event.payload.get("backfill"):
                continue  # history loaded from old records (load_demo, a first mirror): not news to anyone
            wanted = _keys_for_subscriptions(event, keys[event.pk]) & subscribed
            if wanted:
                for pk, digest in _insert("subscription", _subscription_rows(wanted, event.at), event, now):
                    if digest:
                        result.digests += 1
                    else:
                        result.emails.append(pk)
            hooks = [w.pk for w in webhooks if (w.subject_kind == SubjectKind.ALL or w.subject_key in keys[event.pk]) and w.wants(event.kind) and w.created_at <= event.at]
            if hooks:
                result.webhooks.extend(pk for pk, _ in _insert("webhook", _webhook_rows(hooks), event, now))
        cursor.seq = result.seq = events[-1].seq
        cursor.save(update_fields=["seq", "updated_at"])
        emails, hooks_ = list(result.emails), list(result.webhooks)
        transaction.on_commit(lambda: queue_deliveries(emails, hooks_))
    if result.deliveries:
        logger.info("fanned out %d events up to seq %d: %d e-mails, %d for digests, %d webhook calls", result.events, result.seq, len(result.emails), result.digests, len(result.webhooks))
    return result


def fan_out_all(*, limit: int = BATCH, max_batches: int = 20) -> FanoutResult:
    """Fan out until caught up (or ``max_batches``, so one task never runs for ever)."""
    total = FanoutResult()
    for _ in range(max_batches):
        result = fan_out(limit=limit)
        total.events += result.events
        total.seq = result.seq
        total.emails += result.emails
        total.digests += result.digests
        total.webhooks += result.webhooks
        if result.events < limit:
            break
    return total


EMAIL_BATCH = 100


def queue_email_batches(ids: list[int]) -> None:
    """One sending task per hundred e-mail deliveries."""
    for start in range(0, len(ids), EMAIL_BATCH):
        queue("alerts.tasks.send_emails_task", ids[start : start + EMAIL_BATCH])


def queue_deliveries(emails: Iterable[int], webhooks: Iterable[int]) -> None:
    """Queue sending tasks; a broker that is down is not an error here: the sweep queues them later."""
    try:
        queue_email_batches(list(emails))
        for pk in webhooks:
            queue("alerts.tasks.send_webhook_delivery", pk)
    except Exception:  # kombu raises many types; the deliveries are safe in the ledger
        logger.warning("could not queue deliveries; the sweep will pick them up", exc_info=True)


__all__ = ["ALERT_EVENT_KINDS", "FanoutResult", "fan_out", "fan_out_all", "next_digest_at", "queue_deliveries", "search_matches", "subject_keys"]
