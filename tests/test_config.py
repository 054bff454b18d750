"""Settings: config.toml read-only, state.toml on top, bad keys fall back to defaults."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from backtimer.storage import config, paths
from backtimer.storage.config import DEFAULTS, THEMES, Settings, load_settings, save_state


def write_config(text: str) -> Path:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults_and_no_problems() -> None:
    """Without a config.toml the app runs on defaults and reports nothing."""
    settings, problems = load_settings()
    assert settings == Settings()
    assert settings.sound == "tones" and settings.weekly_target == 2
    assert settings.first_lead_in == 10
    assert settings.lead_in is None and settings.rest_step == 15
    assert problems == []


def test_every_key_is_read() -> None:
    """Each documented key is applied from config.toml."""
    write_config(
        'sound = false\nweekly_target = 3\nlead_in = "10s"\nrest_step = 20\n'
        'theme = "nord"\nannounce = "espeak-ng -s 140"\n'
    )
    settings, problems = load_settings()
    assert problems == []
    assert settings == Settings(
        sound=False, weekly_target=3, lead_in=10, rest_step=20, theme="nord",
        announce="espeak-ng -s 140",
    )
    assert settings.announce_argv == ["espeak-ng", "-s", "140"]


def test_lead_in_zero_is_allowed() -> None:
    """lead_in = 0 switches the get-ready countdown off instead of being an error."""
    write_config("lead_in = 0\n")
    settings, problems = load_settings()
    assert settings.lead_in == 0 and problems == []


def test_syntax_error_names_file_line_and_column() -> None:
    """A TOML syntax error is one problem with the file, line and column; defaults apply."""
    path = write_config('sound = false\ntheme = "nord\n')
    settings, problems = load_settings()
    assert settings == DEFAULTS
    assert len(problems) == 1
    text = str(problems[0])
    assert text.startswith(f"{path}: line 2, column")
    assert "defaults" in text


def test_wrong_type_keeps_default_and_good_keys_apply() -> None:
    """A key of the wrong type is reported and defaulted while the other keys still apply."""
    path = write_config('sound = "yes"\nweekly_target = 3\n')
    settings, problems = load_settings()
    assert settings.sound == "tones"
    assert settings.weekly_target == 3
    assert [p.where for p in problems] == ["sound"]
    assert str(problems[0]) == (
        f'{path}: sound: expected "tones", "bell" or false, found a string (\'yes\') '
        '(using the default, "tones")'
    )


@pytest.mark.parametrize(("value", "read"), [('"tones"', "tones"), ('"bell"', "bell"),
                                             ("false", False), ("true", "tones")])
def test_sound_is_tones_bell_or_false(value: str, read: str | bool) -> None:
    """sound takes "tones", "bell" or false; true (an older state file) means tones."""
    write_config(f"sound = {value}\nfirst_lead_in = 20\n")
    settings, problems = load_settings()
    assert (settings.sound, settings.first_lead_in, problems) == (read, 20, [])


def test_first_lead_in_out_of_range_is_explained() -> None:
    """first_lead_in above 300 s keeps the default and says the range."""
    path = write_config("first_lead_in = 400\n")
    settings, problems = load_settings()
    assert settings.first_lead_in == 10
    assert str(problems[0]).startswith(f"{path}: first_lead_in: expected seconds from 0 to 300")


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("weekly_target = 0", "weekly_target"),
        ("weekly_target = 8", "weekly_target"),
        ("weekly_target = true", "weekly_target"),
        ("lead_in = 301", "lead_in"),
        ("lead_in = -1", "lead_in"),
        ("rest_step = 4", "rest_step"),
        ("rest_step = \"3m\"", "rest_step"),
        ("theme = 3", "theme"),
        ("announce = 'say \"unclosed'", "announce"),
        ("announce = 5", "announce"),
    ],
)
def test_out_of_range_values_are_reported(line: str, key: str) -> None:
    """Values outside their range are problems naming the key, and the default stays."""
    write_config(line + "\n")
    settings, problems = load_settings()
    assert [p.where for p in problems] == [key]
    assert getattr(settings, key) == getattr(DEFAULTS, key)


def test_unknown_key_suggests_the_closest() -> None:
    """A misspelt key is ignored with a "did you mean" naming the right one."""
    write_config("weekly_targt = 3\n")
    settings, problems = load_settings()
    assert settings == DEFAULTS
    assert problems[0].where == "weekly_targt"
    assert "did you mean 'weekly_target'?" in str(problems[0])


def test_unknown_theme_suggests_the_closest() -> None:
    """A misspelt theme name points at the built-in theme it resembles."""
    write_config('theme = "gruvbx"\n')
    settings, problems = load_settings()
    assert settings.theme == DEFAULTS.theme
    assert "did you mean 'gruvbox'?" in str(problems[0])


def test_unknown_theme_says_where_the_list_is_in_one_short_line() -> None:
    """A theme name like no other points at the palette instead of listing every theme."""
    write_config('theme = "neon"\n')
    _settings, problems = load_settings()
    assert len(problems) == 1 and "ctrl+p" in str(problems[0])
    assert len(problems[0].message + problems[0].hint) < 150


def test_theme_list_matches_textual() -> None:
    """The hard-coded theme names are exactly Textual's built-in ones."""
    import textual.theme

    assert set(THEMES) == set(textual.theme.BUILTIN_THEMES)


def test_reading_settings_does_not_import_textual() -> None:
    """Loading settings stays free of Textual so printing commands start fast."""
    code = ("import sys, backtimer.storage.config as c; c.load_settings(); "
            "print('textual' in sys.modules)")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env=os.environ.copy(),
    )
    assert result.stdout.strip() == "False"


def test_state_overrides_config_and_config_is_never_written() -> None:
    """A theme saved by the app wins over config.toml, which stays byte for byte the same."""
    original = '# mine\ntheme = "nord"\nsound = true\n'
    path = write_config(original)
    save_state(theme="dracula", sound=False)
    settings, problems = load_settings()
    assert problems == []
    assert settings.theme == "dracula" and settings.sound is False
    assert path.read_text(encoding="utf-8") == original
    assert config.state_file().parent == paths.data_dir()


def test_save_state_merges_with_earlier_changes() -> None:
    """Saving the sound keeps the theme saved before."""
    save_state(theme="monokai")
    save_state(sound=False)
    with config.state_file().open("rb") as handle:
        assert tomllib.load(handle) == {"theme": "monokai", "sound": False}


def test_save_state_leaves_no_temp_files() -> None:
    """The atomic write cleans up: only state.toml is left in the data dir."""
    save_state(theme="nord")
    assert sorted(p.name for p in paths.data_dir().iterdir()) == ["state.toml"]


def test_save_state_rejects_keys_the_app_does_not_own() -> None:
    """Only theme and sound are saved by the app; anything else is a caller bug."""
    with pytest.raises(ValueError):
        save_state(weekly_target=3)
    with pytest.raises(ValueError):
        save_state(theme="no-such-theme")


def test_bad_state_file_is_reported_not_fatal() -> None:
    """A damaged state.toml is a problem naming it; config.toml still applies."""
    write_config('theme = "nord"\n')
    state = config.state_file()
    state.parent.mkdir(parents=True)
    state.write_text("theme = \n", encoding="utf-8")
    settings, problems = load_settings()
    assert settings.theme == "nord"
    assert len(problems) == 1 and problems[0].file == str(state)


def test_state_file_cannot_set_other_keys() -> None:
    """state.toml only carries what the app changes; other keys there are ignored."""
    state = config.state_file()
    state.parent.mkdir(parents=True)
    state.write_text("weekly_target = 5\n", encoding="utf-8")
    settings, problems = load_settings()
    assert settings.weekly_target == DEFAULTS.weekly_target
    assert problems[0].where == "weekly_target"

