"""Made-up but realistic sessions, for tests, benchmarks and screenshots.

`sample_session(n)` is the n-th session of someone training three times a week;
`write_sample_history(path, count)` writes `count` of them as backtimer would,
one `[[session]]` block each (in one go, which is much faster than appending).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import tomli_w

from backtimer.core.records import SessionRecord, SetRecord

START = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)
_EXERCISES: tuple[tuple[str, str, int, str | None], ...] = (
    ("Bird dog", "reps", 8, None),
    ("Plank", "hold", 30, None),
    ("Side plank", "hold", 20, "left"),
    ("Side plank", "hold", 20, "right"),
    ("Glute bridge", "reps", 12, None),
)
_STATUSES = ("completed",) * 8 + ("stopped", "interrupted")


def sample_session(n: int, *, sets_per_exercise: int = 2) -> SessionRecord:
    """Session number `n`: about every second day, mostly completed, holds slowly longer."""
    started = START + timedelta(days=n * 2 + n // 7, minutes=(n * 17) % 90)
    status = _STATUSES[n % len(_STATUSES)]
    sets: list[SetRecord] = [
        {"exercise": "Warm-up", "kind": "warmup", "set": 1, "target": 120, "done": 120.0,
         "skipped": False},
    ]
    for name, kind, target, side in _EXERCISES:
        for number in range(1, sets_per_exercise + 1):
            record: SetRecord = {"exercise": name, "kind": kind, "set": number}
            if side:
                record["side"] = side
            if kind == "hold":
                goal = target + (n // 10) * 5
                record["target"] = goal
                record["done"] = float(goal) if (n + number) % 5 else round(goal * 0.7, 1)
            else:
                record["target"] = target
                record["done"] = target if (n + number) % 4 else target - 2
            if name == "Glute bridge":
                record["weight"] = "10 kg"
            record["skipped"] = False
            sets.append(record)
    planned = len(sets) - 1  # the warm-up is not a set
    if status != "completed":
        sets = sets[: len(sets) // 2]
    session: SessionRecord = {
        "id": f"{started:%Y%m%dT%H%M%S}-{n:04x}",
        "routine": "Core stability",
        "routine_file": "core-stability.toml",
        "started": started,
        "ended": started + timedelta(minutes=22 if status == "completed" else 11, seconds=n % 60),
        "status": status,
        "planned_sets": planned,
        "sets": sets,
    }
    if n % 3 == 0:
        session["rating"] = 1 + n % 3
    return session


def write_sample_history(path: Path, count: int) -> None:
    """A history.toml with `count` sample sessions, laid out as appends would leave it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    blocks = (tomli_w.dumps({"session": [sample_session(n)]}) for n in range(count))
    path.write_text("\n".join(blocks), encoding="utf-8")
