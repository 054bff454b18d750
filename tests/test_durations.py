"""Durations: parsing `30`, `"45s"`, `"1m30s"`, showing them, and naming values in TOML's words."""

from __future__ import annotations

import pytest

from backtimer.core.durations import (
    DurationError,
    describe,
    format_clock,
    format_duration,
    parse_duration,
)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (45, 45),
        ("45", 45),
        ("45s", 45),
        ("5m", 300),
        ("1m30s", 90),
        ("1h", 3600),
        ("1h 2m 3s", 3723),
        (" 2M ", 120),
        (86400, 86400),
        (1, 1),
    ],
)
def test_parse_accepts_seconds_and_unit_strings(value: object, seconds: int) -> None:
    """Integers are seconds; strings combine h, m and s in that order, any case."""
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    "value",
    [0, "0s", -1, 86401, "25h", "1m1m", "30s1m", "30 secs", "", "m", 1.5, True, None, [30]],
)
def test_parse_rejects_anything_else(value: object) -> None:
    """Zero, out-of-range, repeated or misordered units, floats and other types fail."""
    with pytest.raises(DurationError):
        parse_duration(value)


def test_zero_only_when_allowed() -> None:
    """allow_zero admits 0 (and "0s") for pauses that can be switched off."""
    assert parse_duration(0, allow_zero=True) == 0
    assert parse_duration("0s", allow_zero=True) == 0
    with pytest.raises(DurationError, match="outside 1 s to 24 h"):
        parse_duration(0)


def test_errors_say_what_was_found() -> None:
    """The error text names the value found so a caller can quote it."""
    with pytest.raises(DurationError, match=r"found a float \(1\.5\)"):
        parse_duration(1.5)
    with pytest.raises(DurationError, match="units repeat or are out of order"):
        parse_duration("1m1m")
    with pytest.raises(DurationError, match="found 90000 s"):
        parse_duration("25h")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (45, "45 s"), (60, "1 min"), (90, "1 min 30 s"), (3600, "1 h"),
     (3900, "1 h 5 min"), (44.6, "45 s"), (-3, "0 s")],
)
def test_format_duration(seconds: float, text: str) -> None:
    """Short human form, rounded to the second, never negative."""
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(45, "0:45"), (90, "1:30"), (3723, "1:02:03"), (0.2, "0:01"), (0, "0:00"), (-1, "0:00")],
)
def test_format_clock_rounds_up(seconds: float, text: str) -> None:
    """Countdown form rounds partial seconds up, so 0:00 means truly done."""
    assert format_clock(seconds) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(True, "a boolean (true)"), (3, "an integer (3)"), (1.5, "a float (1.5)"),
     ("x", "a string ('x')"), ([1], "an array"), ({}, "a table")],
)
def test_describe_uses_toml_words(value: object, text: str) -> None:
    """Values are named as TOML names them, so messages match what the person wrote."""
    assert describe(value) == text
