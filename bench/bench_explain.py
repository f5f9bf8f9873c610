"""Which index each API list filter uses: EXPLAIN (ANALYZE) of the list query at full scale.

    BENCH_DATABASE_URL=postgres://…/motietracker_bench python bench/bench_explain.py

For each filter the API and the web list offer, the list's main query (the one that reads
motions_motion) is captured from a real request and explained on PostgreSQL. Printed: the indexes
the plan uses, whether it reads motions_motion sequentially, and the execution time. A sequential
scan of motions_motion is flagged; exit status 1 when any filter needs one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import ensure_data, setup_django  # noqa: E402

FILTERS = [
    ("no filter (newest first)", "/api/v1/motions/?page_size=50"),
    ("status=open", "/api/v1/motions/?page_size=50&status=open"),
    ("outcome=aangenomen", "/api/v1/motions/?page_size=50&outcome=aangenomen"),
    ("ministry", "/api/v1/motions/?page_size=50&ministry={ministry}"),
    ("dossier", "/api/v1/motions/?page_size=50&dossier={dossier}"),
    ("party", "/api/v1/motions/?page_size=50&party={party}"),
    ("submitter", "/api/v1/motions/?page_size=50&submitter={member}"),
    ("vergaderjaar", "/api/v1/motions/?page_size=50&vergaderjaar={year}"),
    ("overdue=true", "/api/v1/motions/?page_size=50&overdue=true"),
    ("has_response=true", "/api/v1/motions/?page_size=50&has_response=true"),
    ("updated_since", "/api/v1/motions/?page_size=50&updated_since=2024-01-01T00:00:00Z"),
    ("q=stikstof (full text)", "/api/v1/motions/?page_size=50&q=stikstof"),
    ("change feed, end", "/api/v1/changes/?limit=100&since={late_cursor}"),
]


def walk(node: dict, found: list[dict]) -> None:
    found.append(node)
    for child in node.get("Plans", []):
        walk(child, found)


def main() -> int:
    setup_django()
    ensure_data()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from motions.events import last_seq
    from motions.models import Dossier, Member, Ministry, Motion, Party
    from common.http import encode_seq

    values = {
        "ministry": Ministry.objects.order_by("id").values_list("slug", flat=True).first(),
        "dossier": Dossier.objects.order_by("-id").first().key,
        "party": Party.objects.order_by("id").values_list("slug", flat=True).first(),
        "member": Member.objects.order_by("id").values_list("slug", flat=True).first(),
        "year": Motion.objects.exclude(kamerstuk__vergaderjaar="").order_by("-id").values_list("kamerstuk__vergaderjaar", flat=True).first(),
        "late_cursor": encode_seq(max(last_seq() - 100, 0)),
    }
    client = Client()
    seq_scans = []
    print(f"{'filter':<28} {'ms':>7}  indexes used")
    for label, template in FILTERS:
        url = template.format(**values)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        main_tables = ("motions_event",) if "changes" in url else ("motions_motion",)
        candidates = [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT") and any(f'FROM "{t}"' in q["sql"] for t in main_tables)]
        sql = max(candidates, key=len)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        nodes: list[dict] = []
        walk(plan[0]["Plan"], nodes)
        indexes = sorted({n["Index Name"] for n in nodes if "Index Name" in n})
        seq = sorted({n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"})
        flag = ""
        if set(seq) & set(main_tables):
            flag = "  SEQ SCAN of " + ", ".join(set(seq) & set(main_tables))
            seq_scans.append(label)
        small = [t for t in seq if t not in main_tables]
        extra = f"  (small tables read whole: {', '.join(small)})" if small else ""
        print(f"{label:<28} {plan[0]['Execution Time']:7.2f}  {', '.join(indexes) or '-'}{flag}{extra}")
    if seq_scans:
        print("sequential scan of the main table for: " + ", ".join(seq_scans))
        return 1
    print("every filter is served by an index")
    return 0


if __name__ == "__main__":
    sys.exit(main())
