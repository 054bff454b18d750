"""The shapes of what history.toml and progress.toml hold, as typed records.

These describe the files, they do not change them: a record is the plain dict that
tomllib reads and tomli-w writes. Keys a file may leave out are optional, so code
reads them with `.get` and checks the type; the reader drops values of the wrong type
and keeps keys it does not know, which these types do not list. `started_at` reads a
session's start for every sort and count, so an odd value is placed the same everywhere.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypedDict


class SetRecord(TypedDict, total=False):
    """One `[[session.sets]]` entry: a set done, stopped short or skipped."""

    exercise: str
    kind: str  # "hold", "reps" or "guided" (reps held for `hold` seconds each)
    set: int  # 1-based, counted per exercise (and side)
    side: str  # "left" or "right", for exercises done per side
    target: float  # seconds for a hold, reps otherwise
    done: float  # what was done, in the same unit as `target`
    weight: str  # as typed, "12 kg"
    hold: float  # guided reps: seconds each rep is held
    skipped: bool


class SessionRecord(TypedDict, total=False):
    """One `[[session]]` block, [[amend]] blocks merged in once read.

    The engine always writes id, routine, routine_file, started, ended, status,
    planned_sets, active_seconds and sets; the reader guarantees only id, started
    (an aware datetime) and sets, since older or damaged files may lack the rest.
    """

    id: str
    routine: str
    routine_file: str
    routine_path: str  # the full path it was run from
    started: datetime
    ended: datetime
    status: str  # a Status value: "completed", "stopped", "interrupted", "pain"
    planned_sets: int
    active_seconds: float  # whole seconds on the clock, pauses left out
    resumed_from: str  # id of the interrupted session this one picked up
    gentle: bool  # a rest-day session, never counted toward the week
    rating: int  # 1-3, added later by an amend
    notes: str  # added later by an amend
    sets: list[SetRecord]
    started_found: str  # a recovered journal's unusable start, kept to be seen
    damaged: bool  # set by the reader (never written): the block lost lines


class AmendRecord(TypedDict, total=False):
    """One `[[amend]]` block: the session's id and the keys that change."""

    id: str
    rating: int
    notes: str


class AmendChanges(TypedDict, total=False):
    """What a rating or note changes in a saved session (an amend without its id)."""

    rating: int
    notes: str


class StepUpRecord(TypedDict):
    """One `[[step]]` in progress.toml: a step-up the person accepted."""

    routine_file: str
    exercise: str
    lever: str  # "hold", "reps", "sets" or "rest"
    old: int | list[int]  # rest is [min, max]
    new: int | list[int]
    accepted: datetime


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def started_at(session: SessionRecord) -> datetime:
    """A session's start as an aware datetime; unreadable starts sort first."""
    value = session.get("started")
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return _EPOCH
    if not isinstance(value, datetime):
        return _EPOCH
    return value if value.tzinfo else value.replace(tzinfo=UTC)
