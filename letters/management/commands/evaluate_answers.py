"""python manage.py evaluate_answers [--file PATH] [--split tuned|held_out|all] [--json] [--errors]

Runs ``letters.reading.answers.classify`` over the labelled set (``tests/letters/answers_labelled.json``; the
repository ships its tests, so a fresh clone has it) and prints accuracy per label and overall,
obstacle and deadline accuracy and a confusion table (rows gold, columns predicted), for the tuned
and the held-out part separately. Citations are found exactly as ingestion finds them: extraction,
the citation parser and ``find_citations``. Reads files only; writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from letters.reading.answers import LABELS, Suggestion
from letters.extract import ExtractedLetter, ExtractionError, extract_bytes
from letters.reading.letter import Found, find_citations, suggest_answers

DEFAULT_SET = Path(settings.BASE_DIR) / "tests" / "letters" / "answers_labelled.json"
SPLITS = ("tuned", "held_out")


def suggest_for_letter(extracted: ExtractedLetter, letter_date: dt.date | None) -> list[tuple[Found, Suggestion | None]]:
    """Each citation of a letter with its suggestion, computed exactly as ingestion computes it."""
    found = find_citations(extracted)
    return list(zip(found, suggest_answers(extracted, found, letter_date), strict=True))


def load_set(path: Path | str | None = None) -> dict[str, Any]:
    path = Path(path) if path else DEFAULT_SET
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"cannot read the labelled set {path}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise CommandError(f"the labelled set {path} is not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("letters"), dict) or not isinstance(data.get("items"), list):
        raise CommandError(f"the labelled set {path} needs 'letters' (object) and 'items' (list)")
    return data


def _letter_bytes(entry: dict[str, Any], base: Path) -> tuple[bytes, str]:
    if "file" in entry:
        file = Path(entry["file"])
        file = file if file.is_absolute() else base / file
        try:
            return file.read_bytes(), file.name
        except OSError as exc:
            raise CommandError(f"cannot read letter file {file}: {exc.strerror or exc}") from exc
    return "\n\n".join(entry["paragraphs"]).encode("utf-8"), "letter.txt"


@dataclass
class Outcome:
    item: dict[str, Any]
    predicted: str | None  # None: the citation was not found as a motion or commitment
    suggestion: Suggestion | None
    excerpt: str

    @property
    def correct(self) -> bool:
        return self.predicted == self.item["label"]

    @property
    def obstacle_correct(self) -> bool:
        found = self.suggestion is not None and self.suggestion.obstacle is not None
        return found == bool(self.item.get("obstacle"))

    @property
    def deadline_correct(self) -> bool:
        got = self.suggestion.proposed_deadline.isoformat() if self.suggestion and self.suggestion.proposed_deadline else None
        return got == self.item.get("deadline")


def run(data: dict[str, Any], base: Path | None = None) -> list[Outcome]:
    base = base or Path(settings.BASE_DIR)
    read: dict[str, tuple[str, list[tuple[Found, Suggestion | None]]]] = {}
    outcomes = []
    for item in data["items"]:
        name = item["letter"]
        if name not in read:
            entry = data["letters"].get(name)
            if entry is None:
                raise CommandError(f"item {item.get('id')} names unknown letter {name!r}")
            raw, filename = _letter_bytes(entry, base)
            try:
                extracted = extract_bytes(raw, filename)
            except ExtractionError as exc:
                raise CommandError(f"letter {name}: {exc}") from exc
            date = dt.date.fromisoformat(entry["date"]) if entry.get("date") else None
            read[name] = (extracted.text, suggest_for_letter(extracted, date))
        text, suggestions = read[name]
        match = next(((f, s) for f, s in suggestions if f.key == item["key"] and s is not None), None)
        if match is None:
            outcomes.append(Outcome(item, None, None, ""))
        else:
            found, suggestion = match
            outcomes.append(Outcome(item, suggestion.label if suggestion else None, suggestion, text[found.excerpt[0]:found.excerpt[1]]))
    return outcomes


def report(outcomes: list[Outcome]) -> dict[str, Any]:
    total = len(outcomes)
    per_label = {}
    for label in LABELS:
        gold = [o for o in outcomes if o.item["label"] == label]
        per_label[label] = {"n": len(gold), "correct": sum(o.correct for o in gold), "accuracy": _ratio(sum(o.correct for o in gold), len(gold))}
    confusion = {gold: dict.fromkeys([*LABELS, "missing"], 0) for gold in LABELS}
    for o in outcomes:
        confusion[o.item["label"]][o.predicted or "missing"] += 1
    with_deadline = [o for o in outcomes if o.item.get("deadline")]
    return {
        "n": total,
        "accuracy": _ratio(sum(o.correct for o in outcomes), total),
        "per_label": per_label,
        "obstacle_accuracy": _ratio(sum(o.obstacle_correct for o in outcomes), total),
        "obstacles_gold": sum(bool(o.item.get("obstacle")) for o in outcomes),
        "obstacles_found": sum(bool(o.suggestion and o.suggestion.obstacle) for o in outcomes),
        "deadline_accuracy": _ratio(sum(o.deadline_correct for o in outcomes), total),
        "deadline_accuracy_where_gold": _ratio(sum(o.deadline_correct for o in with_deadline), len(with_deadline)),
        "deadlines_gold": len(with_deadline),
        "confusion": confusion,
        "errors": [
            {
                "id": o.item.get("id"),
                "gold": o.item["label"],
                "predicted": o.predicted,
                "gold_obstacle": bool(o.item.get("obstacle")),
                "obstacle": o.suggestion.obstacle.pattern if o.suggestion and o.suggestion.obstacle else None,
                "gold_deadline": o.item.get("deadline"),
                "deadline": o.suggestion.proposed_deadline.isoformat() if o.suggestion and o.suggestion.proposed_deadline else None,
                "evidence": [f"{e.label}:{e.pattern}" for e in (o.suggestion.evidence if o.suggestion else ())],
            }
            for o in outcomes
            if not (o.correct and o.obstacle_correct and o.deadline_correct)
        ],
    }


def evaluate(path: Path | str | None = None) -> dict[str, Any]:
    """The report per split ("tuned", "held_out") and for "all"."""
    outcomes = run(load_set(path))
    result = {split: report([o for o in outcomes if o.item.get("split", "tuned") == split]) for split in SPLITS}
    result["all"] = report(outcomes)
    return result


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{value * 100:5.1f}%"


class Command(BaseCommand):
    help = "Evaluate the suggested answers (letters.reading.answers) on the labelled set: accuracy per label and a confusion table."

    def add_arguments(self, parser):
        parser.add_argument("--file", help=f"the labelled set (default: {DEFAULT_SET.relative_to(settings.BASE_DIR)})")
        parser.add_argument("--split", choices=[*SPLITS, "all"], help="only this part (default: each part, then all)")
        parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
        parser.add_argument("--errors", action="store_true", help="also list the items that were read wrongly")

    def handle(self, *args, **options):
        result = evaluate(options["file"])
        splits = [options["split"]] if options["split"] else [*SPLITS, "all"]
        if options["json"]:
            payload = {split: result[split] for split in splits}
            if not options["errors"]:
                for part in payload.values():
                    part.pop("errors", None)
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
            return
        for split in splits:
            self._print(split, result[split], errors=options["errors"])

    def _print(self, split: str, part: dict[str, Any], *, errors: bool) -> None:
        write = self.stdout.write
        write(f"== {split.replace('_', '-')}: {part['n']} citations, accuracy {_pct(part['accuracy']).strip()}")
        for label, row in part["per_label"].items():
            write(f"   {label:<16} {row['correct']:>3}/{row['n']:<3} {_pct(row['accuracy'])}")
        write(
            f"   obstacle detection {_pct(part['obstacle_accuracy']).strip()} "
            f"({part['obstacles_found']} found, {part['obstacles_gold']} in gold)"
        )
        write(
            f"   deadline {_pct(part['deadline_accuracy']).strip()} over all items; "
            f"{_pct(part['deadline_accuracy_where_gold']).strip()} of the {part['deadlines_gold']} with a gold deadline"
        )
        columns = [*LABELS, "missing"]
        write("   confusion (rows gold, columns predicted)")
        write("   " + " " * 16 + "".join(f"{c[:9]:>10}" for c in columns))
        for gold in LABELS:
            write(f"   {gold:<16}" + "".join(f"{part['confusion'][gold][c]:>10}" for c in columns))
        if errors and part["errors"]:
            write("   wrong (label, obstacle or deadline):")
            for e in part["errors"]:
                write(
                    f"     {e['id']}: gold {e['gold']} obstacle={e['gold_obstacle']} deadline={e['gold_deadline']}; "
                    f"got {e['predicted']} obstacle={e['obstacle']} deadline={e['deadline']} [{', '.join(e['evidence'])}]"
                )
        write("")
