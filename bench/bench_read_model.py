"""The read model in process: a detail read, a fresh build, the raw SQL under both, a status change
with and without keeping the stored body, and how fast ``rebuild_read_model`` goes.

    BENCH_DATABASE_URL=postgres://…/motietracker_bench python bench/bench_read_model.py [--samples 2000]

Targets (issue 19): the API detail p50 ≤ 5 ms in process; a status change costs at most 2 ms more
than without the read model. Throughput through gunicorn is bench_load.py's.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import ensure_data, raw_sql_timer, row, setup_django, summary  # noqa: E402

DETAIL_P50 = 5.0  # ms in process
WRITE_EXTRA = 2.0  # ms a status change may cost more


def main() -> tuple[list[str], bool]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=2000, help="random motions read (and 1/10 as many written)")
    args, _ = parser.parse_known_args()
    setup_django()
    ensure_data()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client

    from api import readmodel
    from motions.events import representations_changed
    from motions.models import Ministry, Motion, ReadRow, StaffProfile
    from motions.services import record_status

    rng = random.Random(7)
    keys = list(Motion.objects.values_list("kamerstuk__key", "pk"))
    picks = [rng.choice(keys) for _ in range(args.samples)]
    client = Client()
    lines = [f"read model: {ReadRow.objects.filter(kind='motion').count():,} motion rows over {len(keys):,} motions"]

    def each(fn, items):
        samples = []
        for item in items:
            started = time.perf_counter()
            fn(item)
            samples.append((time.perf_counter() - started) * 1000)
        return summary(samples)

    # Reads: through Django's whole stack (middleware, DRF), the stored row, the build it replaces, raw SQL.
    client.get(f"/api/v1/motions/{picks[0][0]}/")
    http = each(lambda kp: client.get(f"/api/v1/motions/{kp[0]}/"), picks)
    stored = each(lambda kp: readmodel.read("motion", kp[0]), picks)
    built = each(lambda kp: readmodel.build_motions([kp[1]]), picks[: max(200, args.samples // 10)])
    raw = raw_sql_timer(readmodel.READ_SQL)
    raw_stats = each(lambda kp: raw(("motion", kp[0])), picks)
    lines.append(row("API detail, in process (test client)", http, raw_stats, 1, f"p50 ≤ {DETAIL_P50} ms"))
    lines.append(row("stored row read (readmodel.read)", stored, raw_stats, 1))
    lines.append(row("a fresh build (what a read cost before)", built, raw_stats, 6))
    web = each(lambda kp: client.get(f"/moties/{kp[0]}/"), picks[:300])  # first reads render and keep
    web_warm = each(lambda kp: client.get(f"/moties/{kp[0]}/"), picks[:300])
    lines.append(row("web motion page, first read (renders)", web, raw_stats))
    lines.append(row("web motion page, stored", web_warm, raw_stats, 1))

    # Writes: one status change each, with the read model kept in its transaction and without.
    user, _ = get_user_model().objects.get_or_create(username="bench-coordinator", defaults={"is_staff": True})
    StaffProfile.objects.get_or_create(user=user, defaults={"role": StaffProfile.Role.COORDINATOR, "ministry": Ministry.objects.first()})
    tracked = list(Motion.objects.filter(status="open").values_list("pk", flat=True)[:5000])
    rng.shuffle(tracked)
    n = max(100, args.samples // 10)

    def change(pk: int) -> None:
        with transaction.atomic():
            motion = Motion.objects.get(pk=pk)
            record_status(motion, to="in_uitvoering", by=user, reason="bench")
            record_status(motion, to="open", by=user, reason="bench: terug")

    with_model = each(change, tracked[:n])
    representations_changed.disconnect(readmodel.on_change, dispatch_uid="api.readmodel")
    try:
        without = each(change, tracked[n : 2 * n])
    finally:
        representations_changed.connect(readmodel.on_change, dispatch_uid="api.readmodel")
        readmodel.rebuild(motions=tracked[n : 2 * n])  # put back what ran without it
    # Each sample is two changes: per change, halve.
    per = {k: round(v / 2, 2) for k, v in with_model.items()}
    per_without = {k: round(v / 2, 2) for k, v in without.items()}
    extra = per["p50_ms"] - per_without["p50_ms"]
    lines.append(row("status change, read model kept", per))
    lines.append(row("status change, without the read model", per_without))
    lines.append(f"read model: a status change costs {extra:+.2f} ms at p50 for keeping the stored body (target ≤ {WRITE_EXTRA} ms)")

    # Rebuild throughput over a sample.
    sample = [pk for _k, pk in picks[:2000]]
    started = time.perf_counter()
    for at in range(0, len(sample), readmodel.CHUNK):
        with transaction.atomic():
            readmodel.store("motion", sample[at : at + readmodel.CHUNK], readmodel.build_motions(sample[at : at + readmodel.CHUNK]))
    rate = len(sample) / (time.perf_counter() - started)
    lines.append(f"read model: rebuild_read_model builds {rate:,.0f} motions/s (100,000 in {100_000 / rate:,.0f} s) on {connection.vendor}")

    missed = []
    if http["p50_ms"] > DETAIL_P50:
        missed.append(f"detail p50 {http['p50_ms']} ms > {DETAIL_P50}")
    if extra > WRITE_EXTRA:
        missed.append(f"status change +{extra:.2f} ms > {WRITE_EXTRA}")
    lines.append("read model: targets: " + ("missed: " + "; ".join(missed) if missed else "met"))
    return lines, not missed


if __name__ == "__main__":
    out, ok = main()
    for line in out:
        print(line)
    sys.exit(0 if ok else 1)
