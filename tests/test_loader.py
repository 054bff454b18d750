"""The routine loader: every rule of the format and the wording of every error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backtimer.core.errors import Problem, RoutineError, RoutineNotFound
from backtimer.core.routine import Alternate, Exercise, Rest, Routine, Warmup
from backtimer.core.routine_check import parse_routine
from backtimer.storage import paths
from backtimer.storage.loader import available_routines, find_routine, load_routine

FILE = "my.toml"
PLANK = '[[exercise]]\nname = "Plank"\nhold = 30\n'
HEAD = 'name = "Test"\n'


def parse(text: str) -> Routine:
    return parse_routine(text, FILE)


def problems(text: str) -> list[Problem]:
    with pytest.raises(RoutineError) as info:
        parse_routine(text, FILE)
    return list(info.value.problems)


def one(text: str) -> Problem:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def exercise(body: str, head: str = HEAD) -> str:
    """A document with one exercise whose keys are `body`."""
    return f'{head}[[exercise]]\nname = "Plank"\n{body}\n'


# -- alternate, easier, equipment, gentle -----------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("true", Alternate.TOTAL), ('"total"', Alternate.TOTAL),
    ('"per side"', Alternate.PER_SIDE), ('"Each  Side"', Alternate.PER_SIDE),
    ("false", None),
])
def test_alternate_values(value: str, expected: Alternate | None) -> None:
    """true or "total" count reps in total, "per side" counts each side, false is off."""
    routine = parse(exercise(f"reps = 8\nalternate = {value}"))
    assert routine.exercises[0].alternate == expected


def test_alternate_with_per_side_is_refused_with_a_clear_message() -> None:
    """alternate and per_side describe two different ways of working the sides: one only."""
    problem = one(exercise("reps = 8\nalternate = true\nper_side = true"))
    assert problem.where == 'exercise 1 ("Plank") → alternate'
    assert problem.message == "alternate and per_side cannot go together"
    assert "dead bug" in problem.hint and "side plank" in problem.hint


def test_alternate_with_per_side_false_is_fine() -> None:
    """per_side = false says nothing against alternating."""
    routine = parse(exercise("reps = 8\nalternate = true\nper_side = false"))
    assert routine.exercises[0].alternate is Alternate.TOTAL


def test_alternate_without_reps_or_with_a_switch_is_refused() -> None:
    """Alternating counts reps and has no switch pause: a hold or a switch is a mistake."""
    found = problems(exercise('hold = "30s"\nalternate = true\nswitch = 5'))
    assert [p.where.rsplit("→ ", 1)[1] for p in found] == ["switch", "alternate"]
    assert found[0].message == "an alternating exercise has no side switch"
    assert found[1].message.startswith("alternate needs reps")


@pytest.mark.parametrize("value", ['"both"', "1", "[true]"])
def test_alternate_bad_values_name_the_choices(value: str) -> None:
    """Anything else says which values alternate takes."""
    problem = one(exercise(f"reps = 8\nalternate = {value}"))
    assert problem.message.startswith('expected true, "total" or "per side", found')
    assert 'alternate = "per side"' in problem.hint


def test_easier_and_equipment_are_read() -> None:
    """easier is one short line; equipment a list, each item once, in order."""
    routine = parse(exercise('hold = 30\neasier = " knees down "\n'
                             'equipment = ["mat", "kettlebell 12-16 kg", "mat"]'))
    plank = routine.exercises[0]
    assert plank.easier == "knees down"
    assert plank.equipment == ("mat", "kettlebell 12-16 kg")
    assert routine.equipment == ("mat", "kettlebell 12-16 kg")


def test_routine_equipment_gathers_every_exercise_once() -> None:
    """A routine needs the union of its exercises' equipment, first mention first."""
    text = (HEAD + '[[exercise]]\nname = "A"\nreps = 1\nequipment = ["bell", "mat"]\n'
            '[[exercise]]\nname = "B"\nreps = 1\nequipment = ["mat", "band"]\n')
    assert parse(text).equipment == ("bell", "mat", "band")


@pytest.mark.parametrize(("body", "where", "message"), [
    ('easier = ""', "easier", "expected some text, found an empty string"),
    ("easier = 3", "easier", "expected a string, found"),
    ('easier = "a\\nb"', "easier", "expected plain text"),
    ('easier = "' + "x" * 61 + '"', "easier", "expected at most 60 characters, found 61"),
    ('equipment = "mat"', "equipment", "expected an array of strings"),
    ("equipment = 2", "equipment", "expected an array of strings"),
    ('equipment = ["mat", ""]', "equipment, item 2", "expected some text"),
    ('equipment = ["a", "b", "c", "d", "e", "f"]', "equipment",
     "expected at most 5 items, found 6"),
    ('equipment = ["' + "y" * 31 + '"]', "equipment, item 1",
     "expected at most 30 characters, found 31"),
])
def test_easier_and_equipment_limits(body: str, where: str, message: str) -> None:
    """Empty, non-text, multi-line, too long or too many: one clear problem each."""
    problem = one(exercise(f"hold = 30\n{body}"))
    assert problem.where == f'exercise 1 ("Plank") → {where}'
    assert problem.message.startswith(message), problem
    assert problem.hint


def test_equipment_as_a_string_suggests_the_brackets() -> None:
    """A bare string gets the same text wrapped in brackets as its fix."""
    problem = one(exercise('hold = 30\nequipment = "mat"'))
    assert problem.hint == 'wrap it in brackets: equipment = ["mat"]'


def test_misspelt_new_keys_are_suggested() -> None:
    """alternte and equipmnt are caught as typos of the new keys."""
    found = problems(exercise('reps = 3\nalternte = true\nequipmnt = ["mat"]'))
    assert [p.hint for p in found] == ["did you mean 'alternate'?", "did you mean 'equipment'?"]


def test_gentle_routine_is_read_and_defaults_off() -> None:
    """gentle = true marks the routine; without it a routine is an ordinary one."""
    assert parse("gentle = true\n" + HEAD + PLANK).gentle
    assert not parse(HEAD + PLANK).gentle


def test_gentle_routine_cannot_be_a_programme_week() -> None:
    """A gentle day is never a step of a programme, so program or week with it is refused."""
    found = problems('gentle = true\nprogram = "Plan"\nweek = 1\n' + HEAD + PLANK)
    assert [p.where for p in found] == ["gentle"]
    assert found[0].message == "a gentle routine is never a week of a programme"


def test_gentle_must_be_true_or_false() -> None:
    """gentle = "yes" is a clear type problem."""
    problem = one('gentle = "yes"\n' + HEAD + PLANK)
    assert problem.where == "gentle" and problem.message.startswith("expected true or false")


# -- valid documents ---------------------------------------------------------


def test_minimal_routine_gets_every_default() -> None:
    """Only a name and one exercise: rest 60-90, lead-in 5, no warm-up, no programme."""
    routine = parse(HEAD + PLANK)
    assert routine == Routine("Test", (Exercise("Plank", hold=30),))
    assert routine.rest == Rest(60, 90) and routine.lead_in == 5
    assert routine.warmup is None and routine.program is None and routine.week is None
    assert routine.exercises[0].sets == 1 and routine.exercises[0].switch == 5


def test_full_routine_reads_every_key() -> None:
    """Every documented key lands in the model with its parsed value."""
    text = """
name = "Core"
description = "Two lines\\nof text"
rest = 45
lead_in = "10s"
program = "Plan"
week = 2
weekly_target = 3

[warmup]
duration = "5m"
cues = ["March", "Circles"]

[[exercise]]
name = "Side plank"
sets = 3
hold = "1m30s"
per_side = true
switch = 0
cues = ["Hips up"]

[[exercise]]
name = "Row"
reps = 10
weight = "8kg"
rest = [30, 45]
"""
    routine = parse_routine(text, FILE, source=Path("/x/core.toml"))
    assert routine.name == "Core" and routine.description == "Two lines\nof text"
    assert routine.rest == Rest(45, 45) and routine.lead_in == 10
    assert routine.program == "Plan" and routine.week == 2 and routine.weekly_target == 3
    assert routine.warmup == Warmup(300, ("March", "Circles"))
    side, row = routine.exercises
    assert side == Exercise("Side plank", sets=3, hold=90, per_side=True, switch=0,
                            cues=("Hips up",))
    assert row == Exercise("Row", reps=10, weight="8kg", rest=Rest(30, 45))
    assert routine.source == Path("/x/core.toml") and routine.slug == "core"


def test_reps_with_hold_is_a_guided_exercise() -> None:
    """Both reps and hold: each rep is held, the kind the plan turns into guided reps."""
    routine = parse(exercise("reps = 12\nhold = 2"))
    assert routine.exercises[0].kind == "guided"


def test_rest_zero_means_no_rest_and_ranges_may_be_equal() -> None:
    """rest = 0 turns rests off; [60, 60] is a fixed rest written as a range."""
    assert parse("rest = 0\n" + HEAD + PLANK).rest == Rest(0, 0)
    assert parse("rest = [60, 60]\n" + HEAD + PLANK).rest == Rest(60, 60)


def test_lead_in_zero_turns_it_off() -> None:
    """lead_in = 0 is allowed and means no get-ready step."""
    assert parse("lead_in = 0\n" + HEAD + PLANK).lead_in == 0


def test_names_and_cues_are_kept_literally() -> None:
    """Markup-like text is data: it is stored exactly, only trimmed of outer spaces."""
    text = 'name = " Plank [/] [b] "\n[[exercise]]\nname = "[red]x"\nreps = 1\ncues = ["[/]"]\n'
    routine = parse(text)
    assert routine.name == "Plank [/] [b]"
    assert routine.exercises[0].name == "[red]x" and routine.exercises[0].cues == ("[/]",)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Files saved by editors that write a UTF-8 BOM still load."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + PLANK).encode())
    assert load_routine(path).name == "Test"


# -- every problem names file, place, expected and found -------------------------


def test_toml_syntax_error_gives_line_and_column() -> None:
    """A syntax error names the line and column and hints at the usual fix."""
    problem = one('name = "x"\nhold = 30s\n')
    assert problem.file == FILE and problem.where == "line 2, column 10"
    assert "not valid TOML" in problem.message
    assert '"30s"' in problem.hint
    assert str(problem).startswith("my.toml: line 2, column 10: not valid TOML")


def test_unquoted_text_hints_at_quotes() -> None:
    """`name = Plank` is a syntax error whose hint says text needs quotes."""
    problem = one("name = Plank\n")
    assert problem.where == "line 1, column 8" and "quotes" in problem.hint


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("per_side = True", "true and false are written in lowercase, without quotes: "
                            "per_side = true"),
        ("per_side = yes", "true and false are written in lowercase, without quotes: "
                           "per_side = true"),
        ("hold = 30 seconds", 'a duration with a unit is a quoted string: hold = "30s"'),
        ("weight = 8kg", 'text needs quotes: weight = "8kg"'),
        ("name = Plank two  # comment", 'text needs quotes: name = "Plank two"'),
    ],
)
def test_bare_values_get_a_hint_built_from_the_line(line: str, hint: str) -> None:
    """Unquoted text on a key = value line gets the corrected line as its hint."""
    problem = one(HEAD + '[[exercise]]\nname = "P"\nreps = 5\n' + line + "\n")
    assert problem.where.startswith("line 5, column ")
    assert problem.hint == hint


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ('[exercise]]\nname = "P"\nhold = 3\n',
         "each exercise starts with [[exercise]]: two brackets on each side"),
        ('[[exercise]\nname = "P"\nhold = 3\n',
         "each exercise starts with [[exercise]]: two brackets on each side"),
        ('[warmup\nduration = 3\n[[exercise]]\nname = "P"\nhold = 3\n',
         "the warm-up section starts with [warmup]: one bracket on each side"),
        ('[[stretch]\nname = "P"\nhold = 3\n',
         "section headers are [[exercise]] (one per exercise) and [warmup]"),
        ("[[exercise]]\nname = 'Plank's'\nhold = 3\n",
         "an apostrophe ends a '...' string; use double quotes: name = \"Plank's\""),
        ('[[exercise]]\nname = "The "hollow" hold"\nhold = 3\n',
         "a \" inside \"...\" ends the string; use single quotes: name = 'The \"hollow\" hold'"),
        ('[[exercise]]\nname = "P"\nreps = 010\n',
         "numbers are written without leading zeros: reps = 10"),
        ('[[exercise]]\nname = "Side plank\nhold = 3\n',
         'the string is missing its closing quote: name = "Side plank"'),
        ('[[exercise]]\nname = "P"\nhold = 3\ncues = ["Hips up\n',
         "a string is missing its closing quote"),
        ('[[exercise]]\nname = "P"\nhold = 1 min 30 sec\n',
         'a duration with a unit is a quoted string: hold = "1m30s"'),
        ('[[exercise]]\nname = "P"\nhold = thirty\n',
         'write seconds as a number like 30, or a quoted string like "45s", "5m", "1m30s"'),
        ('[[exercise]]\nname = "P"\nreps = ten\n',
         "write a whole number, without quotes or words: reps = 3"),
        ('[[exercise]]\nname = "P" twice\nhold = 3\n',
         "one key = value per line; put text in quotes and start a comment with #"),
    ],
    ids=["single-open", "single-close", "warmup", "unknown-header", "apostrophe",
         "inner-quotes", "leading-zero", "no-closing-quote", "no-closing-quote-in-array",
         "spelt-out-units", "duration-word", "reps-word", "text-after-string"],
)
def test_syntax_hints_point_at_the_actual_slip(text: str, hint: str) -> None:
    """Each common TOML slip gets the fix for that slip, never the duration-quoting one
    unless the line is `key = <number><unit>`."""
    problem = one(HEAD + text)
    assert problem.where.startswith("line ") and "not valid TOML" in problem.message
    assert problem.hint == hint


def test_a_repeated_valid_header_keeps_the_message_hint() -> None:
    """A well-formed header that TOML refuses (declared twice) is not called a slip."""
    problem = one(HEAD + '[warmup]\nduration = 3\n[warmup]\n' + PLANK)
    assert problem.hint == "each [table] appears once; repeat exercises with [[exercise]]"


@pytest.mark.parametrize(
    ("text", "where", "hint"),
    [
        (exercise('hold = "25h"'), "hold", "it can be at most 24 h"),
        (exercise("hold = 86401"), "hold", "it can be at most 24 h"),
        (exercise('hold = 5\nswitch = "25h"'), "switch",
         'at most 5 min; a pause of a few seconds is written 10 or "10s"'),
        ('rest = "25h"\n' + HEAD + PLANK, "rest", "it can be at most 24 h"),
    ],
    ids=["hold-text", "hold-number", "switch", "rest"],
)
def test_too_long_durations_say_the_limit(text: str, where: str, hint: str) -> None:
    """A duration over the limit is told the limit, not shown the duration syntax again."""
    problem = one(text)
    assert problem.where.endswith(where) and problem.hint == hint


@pytest.mark.parametrize(
    ("text", "where", "hint"),
    [
        (exercise('hold = 5\nweight = ""'), 'exercise 1 ("Plank") → weight',
         'write the weight between the quotes, e.g. weight = "8kg", or remove it'),
        (exercise('hold = 5\ncues = ["ok", " "]'), 'exercise 1 ("Plank") → cues, item 2',
         "write the cue between the quotes, or remove the empty item"),
        (HEAD + '[[exercise]]\nname = ""\nhold = 5\n', "exercise 1 → name",
         "write the exercise's name between the quotes"),
        ('name = ""\n' + PLANK, "name", "write the routine's name between the quotes"),
        ('program = ""\nweek = 1\n' + HEAD + PLANK, "program",
         "write the programme's name between the quotes"),
    ],
    ids=["weight", "cue", "exercise-name", "routine-name", "program"],
)
def test_empty_text_hint_names_what_is_missing(text: str, where: str, hint: str) -> None:
    """An empty string's hint says what belongs between the quotes for that key."""
    problem = one(text)
    assert (problem.where, problem.message) == (where, "expected some text, found an empty string")
    assert problem.hint == hint


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (exercise("hodl = 30"), 'exercise 1 ("Plank") → hodl'),
        (exercise("repz = 10"), 'exercise 1 ("Plank") → repz'),
        ('nmae = "Test"\n' + PLANK, "nmae"),
        (HEAD + "[warmup]\ndurration = 60\n" + PLANK, "warmup → durration"),
    ],
    ids=["hold", "reps", "name", "duration"],
)
def test_a_misspelt_key_is_not_also_reported_missing(text: str, where: str) -> None:
    """The "did you mean" fixes a misspelt hold/reps/name/duration; no second "missing" line."""
    problem = one(text)
    assert problem.where == where and problem.hint.startswith("did you mean")


def test_an_unrelated_unknown_key_still_reports_missing_hold_or_reps() -> None:
    """A key that resembles neither hold nor reps leaves the "found neither" problem in."""
    found = problems(exercise("colour = 3"))
    assert [p.where for p in found] == ['exercise 1 ("Plank") → colour', 'exercise 1 ("Plank")']
    assert "found neither" in found[1].message


def test_rest_written_as_a_dash_range_hints_at_the_array() -> None:
    """rest = "60-90" is refused with the [60, 90] form as the hint."""
    problem = one('rest = "60-90"\n' + HEAD + PLANK)
    assert problem.where == "rest" and problem.hint == "write a range as [60, 90]"


def test_syntax_error_at_end_of_file() -> None:
    """An unclosed string is reported at the end of the file."""
    problem = one('name = "x')
    assert problem.where == "end of file" and "closing quote" in problem.hint


def test_misspelt_key_suggests_the_right_one() -> None:
    """`hodl` is unknown and the hint asks "did you mean 'hold'?"."""
    found = problems(exercise('hodl = "30s"'))
    typo = next(p for p in found if "hodl" in p.where)
    assert typo.where == 'exercise 1 ("Plank") → hodl'
    assert typo.message == "unknown key 'hodl' in an exercise"
    assert typo.hint == "did you mean 'hold'?"


def test_unknown_key_with_nothing_close_lists_the_known_keys() -> None:
    """A key that resembles nothing gets the list of keys allowed there."""
    problem = one(HEAD + "colour = 'red'\n" + PLANK)
    assert problem.where == "colour" and "unknown key 'colour'" in problem.message
    assert "name" in problem.hint and "exercise" in problem.hint and "lead_in" in problem.hint


def test_misspelt_table_name_suggests_exercise() -> None:
    """`[[exercises]]` is one problem: its "did you mean" is the fix, no "no exercises" too."""
    problem = one(HEAD + '[[exercises]]\nname = "Plank"\nhold = 30\n')
    assert problem.where == "exercises" and problem.hint == "did you mean 'exercise'?"


def test_top_level_key_after_a_table_header_is_explained() -> None:
    """A routine key written under [warmup] is flagged with the TOML table rule."""
    problem = one(HEAD + '[warmup]\nduration = "5m"\nrest = 30\n' + PLANK)
    assert problem.where == "warmup → rest"
    assert "top of the file" in problem.hint


def test_exercise_key_in_warmup_points_to_exercise_header() -> None:
    """`hold` under [warmup] says it belongs to an [[exercise]]."""
    problem = one(HEAD + '[warmup]\nduration = "5m"\nhold = 30\n' + PLANK)
    assert problem.where == "warmup → hold" and "[[exercise]]" in problem.hint


def test_missing_name_is_required() -> None:
    """A routine without a name says the key is missing and how to add it."""
    problem = one(PLANK)
    assert problem.where == "name" and "missing" in problem.message
    assert 'name = "..."' in problem.hint


def test_empty_name_is_rejected() -> None:
    """A blank name is not a name."""
    problem = one('name = "  "\n' + PLANK)
    assert problem.where == "name" and "empty string" in problem.message


def test_name_of_wrong_type_says_found_in_toml_words() -> None:
    """`name = 3` is expected a string, found an integer (3)."""
    problem = one("name = 3\n" + PLANK)
    assert problem.message == "expected a string, found an integer (3)"


def test_name_with_a_line_break_is_rejected() -> None:
    """Names are one line; a newline or escape character would break the screen."""
    problem = one('name = "a\\nb"\n' + PLANK)
    assert problem.where == "name" and "line break" in problem.message
    problem = one('name = "a\\u001b[31m"\n' + PLANK)
    assert "control character" in problem.message


def test_description_may_span_lines_but_not_hold_escapes() -> None:
    """A multi-line description is fine; an escape character in it is not."""
    assert parse('description = """\nOne\nTwo"""\n' + HEAD + PLANK).description == "One\nTwo"
    problem = one('description = "\\u001b[2J"\n' + HEAD + PLANK)
    assert problem.where == "description" and "control character" in problem.message


def test_no_exercise_table() -> None:
    """A routine with no [[exercise]] says a routine needs at least one."""
    problem = one(HEAD)
    assert problem.where == "exercise" and "at least one" in problem.message
    assert "[[exercise]]" in problem.hint


def test_single_bracket_exercise_asks_for_double_brackets() -> None:
    """`[exercise]` (one table) is found where an array of tables was expected."""
    problem = one(HEAD + '[exercise]\nname = "Plank"\nhold = 30\n')
    assert problem.where == "exercise" and "found a single table" in problem.message
    assert "[[exercise]]" in problem.hint


def test_exercise_of_wrong_type() -> None:
    """`exercise = 3` and `exercise = [1]` name what was found."""
    assert one(HEAD + "exercise = 3\n").message.endswith("found an integer (3)")
    problem = one(HEAD + "exercise = [1]\n")
    assert problem.where == "exercise 1" and problem.message.endswith("found an integer (1)")
    assert "at least one" in one(HEAD + "exercise = []\n").message


def test_exercise_needs_hold_or_reps() -> None:
    """An exercise with neither hold nor reps says so and suggests both options."""
    problem = one(exercise("sets = 3"))
    assert problem.where == 'exercise 1 ("Plank")'
    assert "needs hold" in problem.message and "found neither" in problem.message
    assert "hold" in problem.hint and "reps" in problem.hint


def test_exercise_without_name() -> None:
    """A nameless exercise is placed by number alone."""
    problem = one(HEAD + "[[exercise]]\nhold = 30\n")
    assert problem.where == "exercise 1 → name" and "missing" in problem.message


def test_exercise_place_counts_from_one_and_names_it() -> None:
    """The second exercise's problem is placed as `exercise 2 ("Bridge") → reps`."""
    text = HEAD + PLANK + '[[exercise]]\nname = "Bridge"\nreps = "ten"\n'
    problem = one(text)
    assert problem.where == 'exercise 2 ("Bridge") → reps'
    assert problem.message == "expected a whole number from 1 to 100, found a string ('ten')"


def test_duplicate_exercise_names_are_rejected() -> None:
    """Two exercises called the same (case aside) would mix in the history."""
    problem = one(HEAD + PLANK + '[[exercise]]\nname = "plank"\nhold = 20\n')
    assert problem.where == 'exercise 2 ("plank") → name'
    assert "exercise 1" in problem.message


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        ("sets = 0", "sets", "expected a whole number from 1 to 20, found 0"),
        ("sets = 21", "sets", "expected a whole number from 1 to 20, found 21"),
        ("sets = 2.5", "sets", "expected a whole number from 1 to 20, found a float (2.5)"),
        ("sets = true", "sets", "expected a whole number from 1 to 20, found a boolean (true)"),
        ("reps = 0", "reps", "expected a whole number from 1 to 100, found 0"),
        ("reps = 101", "reps", "expected a whole number from 1 to 100, found 101"),
        ('reps = "10"', "reps", "expected a whole number from 1 to 100, found a string ('10')"),
        ('per_side = "yes"', "per_side", "expected true or false, found a string ('yes')"),
        ("per_side = 1", "per_side", "expected true or false, found an integer (1)"),
        ("weight = 8", "weight", "expected a string, found an integer (8)"),
        ('weight = ""', "weight", "expected some text, found an empty string"),
        ('cues = "Hips up"', "cues", "expected an array of strings, found a string ('Hips up')"),
        ("cues = [1]", "cues, item 1", "expected a string, found an integer (1)"),
        ("cues = 3", "cues", "expected an array of strings, found an integer (3)"),
    ],
)
def test_exercise_value_errors(body: str, where: str, message: str) -> None:
    """Each exercise key's wrong value names the key path, what was expected and found."""
    problem = one(exercise("hold = 30\n" + body))
    assert problem.file == FILE
    assert problem.where == f'exercise 1 ("Plank") → {where}'
    assert problem.message == message


def test_numeric_weight_hint_shows_the_string_form() -> None:
    """A bare number weight is ambiguous; the hint shows it written with a unit."""
    hint = one(exercise("hold = 30\nweight = 8")).hint
    assert hint == 'write the unit too, in quotes: weight = "8kg"'


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ('"30 secs"', "found a string ('30 secs')"),
        ('"1m1m"', "found a string ('1m1m'), whose units repeat or are out of order"),
        ('"25h"', "found a string ('25h'), longer than 24 h"),
        ("0", "found an integer (0)"),
        ("-5", "found an integer (-5)"),
        ("86401", "found an integer (86401)"),
        ("1.5", "found a float (1.5)"),
        ("true", "found a boolean (true)"),
        ("[30]", "found an array"),
    ],
)
def test_hold_duration_errors(value: str, found: str) -> None:
    """A bad hold says it expected a duration from 1 s to 24 h and what it found."""
    problem = one(exercise(f"hold = {value}"))
    assert problem.where == 'exercise 1 ("Plank") → hold'
    assert problem.message == f"expected a duration from 1 s to 24 h, {found}"


def test_hold_bounds_are_inclusive() -> None:
    """1 s and exactly 24 h are allowed."""
    assert parse(exercise("hold = 1")).exercises[0].hold == 1
    assert parse(exercise('hold = "24h"')).exercises[0].hold == 86400


def test_malformed_duration_hint_shows_the_syntax() -> None:
    """A duration string that does not parse gets examples of the syntax."""
    assert '"1m30s"' in one(exercise('hold = "30 secs"')).hint


def test_zero_hold_hint() -> None:
    """hold = "0s" is read as 0 s and refused with a hint."""
    problem = one(exercise('hold = "0s"'))
    assert problem.message.endswith("found a string ('0s'), which is 0 s")
    assert "0 is not allowed" in problem.hint


def test_lead_in_and_switch_are_short_pauses() -> None:
    """lead_in and switch go from 0 to 5 min; "10m" for ten seconds is caught."""
    problem = one('lead_in = "10m"\n' + HEAD + PLANK)
    assert problem.where == "lead_in"
    assert problem.message == (
        "expected a duration from 0 s (off) to 5 min, found a string ('10m'), which is 600 s"
    )
    assert '"10s"' in problem.hint
    problem = one(exercise("hold = 30\nswitch = 301"))
    assert problem.where == 'exercise 1 ("Plank") → switch'
    assert problem.message == (
        "expected a duration from 0 s (no pause) to 5 min, found an integer (301)"
    )


@pytest.mark.parametrize(
    ("value", "where", "message"),
    [
        ("[90, 60]", "rest", "expected [min, max] with min ≤ max, found min 90 s and max 60 s"),
        ("[60]", "rest", "expected [min, max] (two durations), found an array of 1 item"),
        ("[1, 2, 3]", "rest", "expected [min, max] (two durations), found an array of 3 items"),
        ('[0, 30]', "rest → min", "expected a duration from 1 s to 24 h, found an integer (0)"),
        ('[30, "x"]', "rest → max", "expected a duration from 1 s to 24 h, found a string ('x')"),
        ('"soon"', "rest", "expected a duration up to 24 h (0 for none) or [min, max], "
                           "found a string ('soon')"),
        ("-1", "rest", "expected a duration up to 24 h (0 for none) or [min, max], "
                       "found an integer (-1)"),
    ],
)
def test_rest_errors(value: str, where: str, message: str) -> None:
    """rest is a duration, 0, or [min, max] with min ≤ max; each mistake says which."""
    problem = one(f"rest = {value}\n" + HEAD + PLANK)
    assert (problem.where, problem.message) == (where, message)


def test_reversed_rest_range_hint_swaps_it() -> None:
    """[90, 60] suggests [60, 90]; a zero in a range suggests rest = 0 instead."""
    assert one("rest = [90, 60]\n" + HEAD + PLANK).hint == "swap them: rest = [60, 90]"
    assert "rest = 0" in one("rest = [0, 30]\n" + HEAD + PLANK).hint


def test_exercise_rest_override_is_checked_like_the_routine_rest() -> None:
    """An exercise's own rest follows the same rules, placed under the exercise."""
    problem = one(exercise("hold = 30\nrest = [60, 30]"))
    assert problem.where == 'exercise 1 ("Plank") → rest'


def test_warmup_rules() -> None:
    """[warmup] needs a duration; a non-table warmup or bad cues are named."""
    problem = one(HEAD + "[warmup]\ncues = []\n" + PLANK)
    assert problem.where == "warmup → duration" and "missing" in problem.message
    problem = one('warmup = "5m"\n' + HEAD + PLANK)
    assert problem.where == "warmup"
    assert problem.message == "expected a table, found a string ('5m')"
    problem = one(HEAD + '[warmup]\nduration = "5m"\ncues = ["ok", ""]\n' + PLANK)
    assert problem.where == "warmup → cues, item 2"


def test_program_and_week_go_together() -> None:
    """program without week, or week without program, is an error naming the missing one."""
    problem = one('program = "Plan"\n' + HEAD + PLANK)
    assert problem.where == "program" and "week" in problem.hint
    problem = one("week = 1\n" + HEAD + PLANK)
    assert problem.where == "week" and "program" in problem.hint


@pytest.mark.parametrize(
    ("line", "where", "message"),
    [
        ("week = 0", "week", "expected a whole number from 1 to 52, found 0"),
        ('week = "1"', "week", "expected a whole number from 1 to 52, found a string ('1')"),
        ("weekly_target = 0", "weekly_target", "expected a whole number from 1 to 7, found 0"),
        ("weekly_target = 8", "weekly_target", "expected a whole number from 1 to 7, found 8"),
        ("lead_in = -1", "lead_in", "expected a duration from 0 s (off) to 5 min, "
                                    "found an integer (-1)"),
        ("description = 5", "description", "expected a string, found an integer (5)"),
    ],
)
def test_top_level_value_errors(line: str, where: str, message: str) -> None:
    """Top-level keys report their own name as the place."""
    extra = 'program = "P"\n' if line.startswith("week ") else ""
    problem = one(extra + line + "\n" + HEAD + PLANK)
    assert (problem.where, problem.message) == (where, message)


def test_every_problem_is_collected_not_just_the_first() -> None:
    """Mistakes in several places are all reported together, in file order."""
    text = 'rest = "x"\n[[exercise]]\nname = "A"\nhodl = 3\n[[exercise]]\nname = "B"\nreps = 0\n'
    wheres = [p.where for p in problems(text)]
    assert wheres == ["name", "rest", 'exercise 1 ("A") → hodl', 'exercise 2 ("B") → reps']


def test_error_text_has_one_line_per_problem() -> None:
    """The RoutineError prints each problem on its own line starting with the file."""
    with pytest.raises(RoutineError) as info:
        parse_routine('rest = "x"\n' + PLANK, FILE)
    lines = str(info.value).splitlines()
    assert len(lines) == 2 and all(line.startswith("my.toml: ") for line in lines)


# -- files ------------------------------------------------------------------


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    """A path that does not exist is one problem naming the file."""
    path = tmp_path / "nope.toml"
    with pytest.raises(RoutineError) as info:
        load_routine(path)
    assert str(info.value).startswith(f"{path}: no such file")
    assert "\n" not in str(info.value)


def test_directory_is_one_line(tmp_path: Path) -> None:
    """A folder given as a routine is named as a folder, not read."""
    with pytest.raises(RoutineError) as info:
        load_routine(tmp_path)
    assert str(info.value).startswith(f"{tmp_path}: is a folder, not a routine file")
    assert "\n" not in str(info.value)


def test_non_utf8_file_is_one_line(tmp_path: Path) -> None:
    """Binary or Latin-1 bytes give one line saying the file is not UTF-8."""
    path = tmp_path / "latin.toml"
    path.write_bytes('name = "Übung"\n'.encode("latin-1"))
    with pytest.raises(RoutineError) as info:
        load_routine(path)
    assert str(info.value) == (
        f"{path}: is not UTF-8 text (byte 0xdc at offset 8) "
        "(a routine is a TOML text file saved as UTF-8)"
    )


def test_unreadable_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that cannot be read (permission denied) is reported, not a traceback."""
    path = tmp_path / "locked.toml"
    path.write_text(HEAD + PLANK)

    real_open = os.open

    def denied(name: object, *args: object, **kwargs: object) -> int:
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(RoutineError) as info:
        load_routine(path)
    assert str(info.value).startswith(f"{path}: cannot be read: permission denied")


def test_huge_file_is_refused(tmp_path: Path) -> None:
    """A file far larger than any routine is refused before it is read."""
    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * 2_000_001)
    with pytest.raises(RoutineError, match="too large"):
        load_routine(path)


def test_load_routine_sets_source(tmp_path: Path) -> None:
    """The loaded routine remembers its file; its slug is the file stem."""
    path = tmp_path / "mine.toml"
    path.write_text(HEAD + PLANK, encoding="utf-8")
    routine = load_routine(str(path))
    assert routine.source == path and routine.slug == "mine" and routine.file_name == "mine.toml"


# -- finding routines --------------------------------------------------------


def user_routine(stem: str, text: str) -> Path:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_find_bundled_routine_by_stem() -> None:
    """A bundled file stem resolves to the bundled file."""
    assert find_routine("foundation") == paths.bundled_routines_dir() / "foundation.toml"


def test_user_routine_wins_over_bundled_of_same_stem() -> None:
    """A file in the user's routines folder shadows the bundled one of the same stem."""
    mine = user_routine("foundation", HEAD + PLANK)
    assert find_routine("foundation") == mine


def test_find_by_display_name_case_insensitively() -> None:
    """The routine's own name works too, in any case."""
    assert find_routine("core STABILITY").name == "core-stability.toml"


def test_find_by_path(tmp_path: Path) -> None:
    """An existing path is returned as is, with or without .toml."""
    path = tmp_path / "x.toml"
    path.write_text("")
    assert find_routine(str(path)) == path


def test_unknown_routine_suggests_a_close_name() -> None:
    """A misspelt stem is not found; the message offers the close one and the list command."""
    with pytest.raises(RoutineNotFound) as info:
        find_routine("fundation")
    assert "did you mean 'foundation'?" in str(info.value)
    assert "backtimer routines" in str(info.value)


def test_empty_query_is_not_the_current_folder() -> None:
    """An empty name is refused instead of resolving to "." (a folder)."""
    with pytest.raises(RoutineNotFound, match="no routine given"):
        find_routine("  ")


def test_missing_path_is_not_found(tmp_path: Path) -> None:
    """A path-like query that does not exist says no such file."""
    with pytest.raises(RoutineNotFound, match="no such file"):
        find_routine(str(tmp_path / "gone.toml"))


@pytest.mark.parametrize(
    "name", ["x" * 300, "x" * 300 + ".toml", "/tmp/" + "x" * 300 + "/a.toml"],
    ids=["name", "file", "folder"],
)
def test_overlong_names_are_not_found_not_a_crash(name: str) -> None:
    """A name longer than the system allows is RoutineNotFound, not an OSError."""
    with pytest.raises(RoutineNotFound) as info:
        find_routine(name)
    assert "\n" not in str(info.value)


def test_overlong_path_is_one_line_when_loaded(tmp_path: Path) -> None:
    """load_routine on a path the system refuses names the reason in one line."""
    path = tmp_path / ("x" * 300 + ".toml")
    with pytest.raises(RoutineError) as info:
        load_routine(path)
    assert str(info.value) == f"{path}: cannot be read: file name too long (check the path)"


def test_unknown_home_folder_is_not_found() -> None:
    """`~nosuchuser/x.toml` cannot be expanded; it is a routine not found, not a crash."""
    with pytest.raises(RoutineNotFound, match="no such file"):
        find_routine("~nosuchuser-backtimer/x.toml")


def test_missing_path_hint_says_where_routines_are() -> None:
    """A missing file says to check the path, how to list names and where own routines go."""
    with pytest.raises(RoutineNotFound) as info:
        find_routine("missing.toml")
    assert str(info.value) == (
        "missing.toml: no such file (check the path; `backtimer routines` lists the routines "
        f"you can give by name; your own routines go in {paths.user_routines_dir()})"
    )

def test_available_routines_lists_bundled_programme_in_week_order() -> None:
    """Bundled routines load without error; programme weeks come in week order."""
    entries = available_routines()
    assert all(e.bundled and e.routine is not None and e.error is None for e in entries)
    stems = [e.slug for e in entries]
    assert {"foundation", "core-stability", "resistance"} <= set(stems)
    weeks = [s for s in stems if s.startswith("week-")]
    assert weeks == ["week-1", "week-2", "week-3", "week-4"]
    assert stems.index("resistance") < stems.index("week-1")


def test_broken_user_routine_does_not_hide_the_others() -> None:
    """A broken own file is listed with its error next to the working ones."""
    user_routine("broken", "name = \n")
    user_routine("mine", 'name = "Mine"\n' + PLANK)
    entries = {e.slug: e for e in available_routines()}
    assert entries["broken"].routine is None and entries["broken"].error is not None
    assert not entries["broken"].bundled
    assert entries["mine"].routine is not None and not entries["mine"].bundled
    assert entries["foundation"].bundled


def test_own_routines_come_first_and_replace_bundled_ones() -> None:
    """Own routines are listed before bundled ones, and a same-stem bundled file is hidden."""
    user_routine("foundation", 'name = "My foundation"\n' + PLANK)
    entries = available_routines()
    assert entries[0].slug == "foundation" and not entries[0].bundled
    assert [e.slug for e in entries].count("foundation") == 1


CORE_BLOCK = {"Plank", "Side plank", "Dead bug"}


def test_bundled_routines_follow_the_article() -> None:
    """The four weeks are one programme with the table's sets and reps for the key exercises."""
    routines = {e.slug: e.routine for e in available_routines() if e.routine is not None}
    weeks = [routines[f"week-{n}"] for n in range(1, 5)]
    assert {w.program for w in weeks} == {"Four-week back plan"}
    assert [w.week for w in weeks] == [1, 2, 3, 4]
    expected = [(3, range(12, 16)), (3, range(10, 13)), (3, range(8, 11)), (4, range(6, 9))]
    for week, (sets, reps) in zip(weeks, expected, strict=True):
        key = [ex for ex in week.exercises if ex.name not in CORE_BLOCK]
        assert len(key) >= 3, week.name
        for ex in key:
            assert ex.sets == sets and ex.reps in reps, (week.name, ex)
    for routine in routines.values():
        for ex in routine.exercises:
            assert 2 <= len(ex.cues) <= 4, ex.name
            assert any(c.startswith("Avoid") for c in ex.cues), ex.name
    resistance = routines["resistance"]
    assert resistance.rest == Rest(60, 90) and resistance.warmup is not None
    row = resistance.exercises[0]
    assert row.per_side and row.weight
    side_plank = routines["core-stability"].exercises[1]
    assert side_plank.per_side and side_plank.easier and "knee" in side_plank.easier
    bridge = routines["foundation"].exercises[1]
    assert bridge.kind == "guided"
    # The guide's 60 to 90 s between sets holds for every routine but the gentle day.
    assert {slug: r.rest for slug, r in routines.items() if not r.gentle} == {
        slug: Rest(60, 90) for slug, r in routines.items() if not r.gentle
    }


def test_plan_weeks_two_to_four_keep_a_core_block() -> None:
    """After week 1 each week still ends with plank, side plank or dead bug work."""
    routines = {e.slug: e.routine for e in available_routines() if e.routine is not None}
    for n in (2, 3, 4):
        names = [ex.name for ex in routines[f"week-{n}"].exercises]
        block = [name for name in names if name in CORE_BLOCK]
        assert block and names[-len(block):] == block, names


def test_week_four_names_its_equipment_and_lighter_option() -> None:
    """Heavy swings and pull-ups come with what they need and a lighter way to do them."""
    week = next(e.routine for e in available_routines() if e.slug == "week-4")
    assert week is not None
    assert "16 kg kettlebell" in week.description and "lighter option" in week.description
    for ex in week.exercises:
        assert ex.equipment and ex.easier, ex.name
    assert "pull-up bar" in week.equipment


def test_every_bundled_routine_validates_and_has_a_warmup() -> None:
    """Each bundled file loads without problems and opens with a warm-up of 3 to 5 min."""
    entries = [e for e in available_routines() if e.bundled]
    assert len(entries) >= 8
    for entry in entries:
        assert entry.error is None, entry.error
        assert entry.routine is not None and entry.routine.warmup is not None, entry.slug
        assert 180 <= entry.routine.warmup.duration <= 300, entry.slug
        assert entry.routine.warmup.cues, entry.slug


def test_alternating_bundled_exercises_have_no_side_switch() -> None:
    """Dead bug and bird-dog alternate sides rep by rep in every bundled routine."""
    for entry in available_routines():
        assert entry.routine is not None
        for ex in entry.routine.exercises:
            if ex.name in ("Dead bug", "Bird-dog"):
                assert ex.alternate is not None and not ex.per_side, (entry.slug, ex.name)


def test_bundled_gentle_day_is_short_gentle_and_outside_the_plan() -> None:
    """The gentle day is marked gentle, sits outside any programme and has the floor basics."""
    gentle = next(e.routine for e in available_routines() if e.slug == "gentle")
    assert gentle is not None and gentle.gentle
    assert gentle.program is None and gentle.week is None
    names = {ex.name for ex in gentle.exercises}
    assert {"Bird-dog", "Glute bridge", "Standing march"} <= names
    assert names & {"Pelvic tilt", "Cat-cow"}
    others = [e.routine for e in available_routines() if e.routine and e.slug != "gentle"]
    assert not any(r.gentle for r in others)


def test_equipment_string_with_a_line_break_keeps_the_hint_on_one_line() -> None:
    """A multi-line string is not copied into the hint; a plain example is used."""
    problem = one(exercise('hold = 30\nequipment = """mat\nband"""'))
    assert problem.hint == 'wrap it in brackets: equipment = ["mat"]'
    assert "\n" not in str(problem)


def test_rep_gap_is_read_and_checked() -> None:
    """rep_gap sets the relax between held reps (top level or per exercise), 0 to 30 s."""
    from backtimer.core.routine_check import parse_routine

    good = parse_routine('name = "R"\nrep_gap = 4\n[[exercise]]\nname = "Bridge"\nreps = 8\n'
                         'hold = 3\nrep_gap = "5s"\n', "r.toml")
    assert (good.rep_gap, good.exercises[0].rep_gap) == (4, 5)
    with pytest.raises(RoutineError) as caught:
        parse_routine('name = "R"\n[[exercise]]\nname = "Bridge"\nreps = 8\nhold = 3\n'
                      'rep_gap = 45\n', "r.toml")
    assert str(caught.value.problems[0]).startswith(
        'r.toml: exercise 1 ("Bridge") → rep_gap: expected a duration from 0 s (no pause) to 30 s')


def test_a_loaded_routine_cannot_be_changed_in_place() -> None:
    """The model is immutable: a change makes a new routine and leaves the loaded one."""
    routine = load_routine(find_routine("foundation"))
    with pytest.raises(AttributeError):
        routine.name = "Other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        routine.exercises[0].sets = 9  # type: ignore[misc]
    with pytest.raises(AttributeError):
        routine.rest.max = 1  # type: ignore[misc]
    changed = routine._replace(lead_in=0)
    assert changed.lead_in == 0 and routine.lead_in != 0
