"""The step-ups a finished session earned, judged on the history read light from its index
and on the step-ups already accepted."""

from __future__ import annotations

from backtimer.core.progress import SESSIONS_NEEDED, Suggestion, suggest
from backtimer.core.records import SessionRecord
from backtimer.core.routine import Routine
from backtimer.core.workouts import workouts
from backtimer.storage.history import index
from backtimer.storage.progress_file import load_progress


def history_sessions(
    extra: SessionRecord | None = None, *, routine_file: str | None = None
) -> tuple[list[SessionRecord], list[str]]:
    """Saved sessions (plus `extra` if it is not among them) and any reading problems.

    Sessions come as light rows from the history's index (looked up when called, so a
    test can stand in for it); with `routine_file`, the
    newest completed sessions of that routine a step-up is judged on are read whole
    (their sets, from their own blocks), so a long history costs no full parse.
    """
    sessions, problems = index.read_rows()
    if extra is not None and all(s.get("id") != extra.get("id") for s in sessions):
        sessions.append(extra)
    if routine_file is not None:
        # A session and its pick-up are judged as one workout: every part is read whole.
        place = {id(s): i for i, s in enumerate(sessions)}
        own = [w for w in workouts(sessions) if w.routine_file == routine_file and w.completed]
        for workout in own[-SESSIONS_NEEDED:]:
            for part in workout.parts:
                i = place[id(part)]
                sessions[i] = index.whole(sessions[i])
    return sessions, problems


def find_suggestions(
    routine: Routine, record: SessionRecord
) -> tuple[list[Suggestion], list[str]]:
    """Step-ups earned by the session in `record`, and lines to tell (reading problems).

    Reads files: the summary calls it in a worker thread.
    """
    sessions, problems = history_sessions(record, routine_file=routine.file_name)
    progress, progress_problems = load_progress()
    notes = [*problems, *map(str, progress_problems)]
    try:
        return suggest(routine, sessions, progress), notes
    except Exception as exc:  # a suggestion bug must not hide the summary
        return [], [*notes, f"Step-ups could not be worked out: {exc}"]
