"""The overview's charts read well: empty months do not drown the chart and labels never overlap."""

import datetime as dt
import re
from xml.etree import ElementTree

from web.charts import CHAR_W, adopted_vs_finished, month_slots, status_per_ministry

SVG = "{http://www.w3.org/2000/svg}"


def boxes(svg: str, cls: str) -> list[tuple[float, float, float]]:
    """(left, right, y) of every text of a class, from its anchor and estimated width."""
    found = []
    for text in ElementTree.fromstring(svg).iter(f"{SVG}text"):
        if text.get("class") != cls:
            continue
        label = text.text or ""
        x, y, w = float(text.get("x")), float(text.get("y")), len(label) * CHAR_W
        anchor = text.get("text-anchor", "start")
        left = x - w / 2 if anchor == "middle" else (x - w if anchor == "end" else x)
        found.append((left, left + w, y))
    return found


def assert_no_overlap(found):
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if a[2] == b[2]:
                assert a[1] <= b[0] or b[1] <= a[0], f"labels overlap: {a} and {b}"


def months(data: dict[int, tuple[int, int]], year: int = 2025):
    return [(dt.date(year, m, 1), *data.get(m, (0, 0))) for m in range(1, 13)]


def test_leading_empty_months_go_and_a_run_of_empty_months_becomes_one_gap():
    slots = month_slots(months({3: (4, 0), 4: (0, 1), 9: (2, 2)}))
    assert [kind for kind, *_ in slots] == ["month", "month", "gap", "month", "gap"]
    assert slots[2][1:3] == (dt.date(2025, 5, 1), dt.date(2025, 8, 1))
    full = adopted_vs_finished(months({m: (1, 1) for m in range(1, 13)}))
    sparse = adopted_vs_finished(months({3: (4, 0), 9: (2, 2)}))
    assert len(boxes(full, "x-label")) == 12 and len(boxes(sparse, "x-label")) == 4  # mrt, …, sep, …


def test_month_labels_and_legends_never_overlap():
    svg = adopted_vs_finished(months({m: (m * 3, m) for m in range(1, 13)}))
    assert_no_overlap(boxes(svg, "x-label"))
    assert_no_overlap(boxes(svg, "legend"))
    rows = [("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", {"open": 3, "niet_uitgevoerd": 2}), ("BZ", {"afgedaan": 10})]
    svg = status_per_ministry(rows)
    legend = boxes(svg, "legend")
    assert_no_overlap(legend)
    assert all(left >= 0 for left, _right, _y in boxes(svg, "label"))  # long names are shortened, not cut off
    assert "…" in svg and re.search(r"<title>Ministerie van Binnenlandse Zaken en Koninkrijksrelaties: open 3</title>", svg)


def test_the_overview_shows_the_harvest_state(client, bz_staff):
    from letters.models import Letter

    for i, state in enumerate(["done", "done", "queued", "failed"]):
        Letter.objects.create(title=f"brief {i}", sha256=f"{i:064d}", file=f"letters/x/{i}.txt", state=state, error="PDF zonder tekstlaag" if state == "failed" else "", attempts=3 if state == "failed" else 0)
    client.force_login(bz_staff)
    body = client.get("/beheer/").content.decode()
    assert "Brieven: stand van de verwerking" in body and "4 brieven ontvangen" in body
    assert '<span class="tile-n">2</span> <span class="tile-label">verwerkt</span>' in body
    assert '<span class="tile-n">1</span> <span class="tile-label">mislukt</span>' in body
    assert "PDF zonder tekstlaag" in body and "3 pogingen" in body
