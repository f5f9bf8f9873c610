"""Send the API's reads to a read replica when one is configured (DATABASE_REPLICA_URL).

Only reads that a middleware marks as safe go to the replica: GET/HEAD requests under /api/ and
/feeds/. Everything else — writes, the admin, a read inside a request that wrote — uses the
primary, so nobody reads their own write from a replica that has not caught up yet.
"""

from __future__ import annotations

import contextvars

from django.conf import settings
from django.db import connections

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)
REPLICA = "replica"
REPLICA_PATHS = ("/api/", "/feeds/")


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary by replication


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in ("GET", "HEAD") and request.path.startswith(REPLICA_PATHS)
        token = _use_replica.set(safe and REPLICA in settings.DATABASES)
        try:
            return self.get_response(request)
        finally:
            _use_replica.reset(token)


def replica_in_use() -> bool:
    return _use_replica.get() and REPLICA in connections.databases
