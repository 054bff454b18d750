"""backtimer next to its floors: startup, CPU, timing accuracy, history at scale, memory.

    python tests/benchmarks/run.py            # the full run, about 4 minutes
    python tests/benchmarks/run.py --quick    # fewer repeats, for trying the script out

Every figure is printed beside the floor it is measured against (a bare Textual app,
a plain `tomllib` parse, the wall clock), with the ratio and whether its goal holds.
A miss is reported, never raised: machines are noisy, the README records the figures.

The app runs in a real terminal: a private tmux server, read through one control-mode
client so a look at the screen costs well under a millisecond instead of a process
start. Startup is measured from the moment tmux is asked to start the command until
its known text is on the screen; CPU from /proc (no extra packages). Needs Linux, tmux,
and the project installed (`pip install -e ".[test]"`).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import math
import os
import platform
import random
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))  # the checkout, even when run without an install

PY = sys.executable
BARE = HERE / "bare_app.py"
SIZE = (80, 24)  # the terminal size the README's screens are designed for
FRAME = 1 / 60  # Textual's default frame: it paints at most 60 times a second
POLL = 0.001  # seconds between looks at the screen while timing phase changes
START_POLL = 0.002  # ... while waiting for a first frame
SESSION_SECONDS = 19.0  # 3 x 5 s holds with 2 s rests, no lead-in
INDEX_FILE = "history-index.json"  # the history's derived index, beside history.toml
FILL_MARGIN = 0.3  # s: a 10,000-session history may fill a screen this much later than 10

TIMING_ROUTINE = """\
name = "Timing check"
lead_in = 0
rest = 2

[[exercise]]
name = "Plank"
sets = 3
hold = 5
"""

CPU_ROUTINE = """\
name = "CPU check"
lead_in = 0

[[exercise]]
name = "Plank"
sets = 1
hold = 60
"""

END_SECONDS = 2.0  # one short hold: how long the end of a session takes to show
SUMMARY_TEXT = "How was it?"  # the summary screen is complete
CHECKING_TEXT = "Checking for step-ups"  # shown until its step-ups are worked out
END_ROUTINE = """\
name = "End check"
lead_in = 0

[[exercise]]
name = "Plank"
hold = 2
"""

# A realistic half hour, all timed so it runs without a key press.
LONG_ROUTINE = """\
name = "Half hour"
lead_in = 5
rest = [45, 60]

[warmup]
duration = "3m"

[[exercise]]
name = "Plank"
sets = 5
hold = 60

[[exercise]]
name = "Side plank"
sets = 4
hold = 30
per_side = true
switch = 5

[[exercise]]
name = "Glute bridge"
sets = 3
reps = 10
hold = 3

[[exercise]]
name = "Bird dog"
sets = 3
reps = 8
hold = 5
per_side = true
"""


# ---- reporting ---------------------------------------------------------------------


@dataclass
class Figure:
    """One line of the final table."""

    name: str
    value: str
    floor: str = ""
    ratio: str = ""
    goal: str = ""
    ok: bool | None = None  # None: a figure without a goal of its own
    why: str = ""


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        mark = {True: "pass", False: "MISS", None: ""}[figure.ok]
        parts = [f"  {figure.name}: {figure.value}"]
        if figure.floor:
            parts.append(f"floor {figure.floor}")
        if figure.ratio:
            parts.append(f"ratio {figure.ratio}")
        if figure.goal:
            parts.append(f"goal {figure.goal}")
        line = " | ".join(parts)
        print(f"{line}  [{mark}]" if mark else line, flush=True)

    def table(self) -> str:
        head = ("Figure", "Measured", "Floor", "Ratio", "Goal", "")
        rows = [head] + [
            (f.name, f.value, f.floor, f.ratio, f.goal,
             {True: "pass", False: "MISS", None: ""}[f.ok])
            for f in self.figures
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        return "\n".join(
            "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
            for row in rows
        )


README = ROOT / "README.md"
FIGURES_START = "<!-- figures: written by `python tests/benchmarks/run.py --readme` -->"
FIGURES_END = "<!-- end of figures -->"


def markdown(report: Report, machine: list[str], took: float) -> str:
    """The run as README text: the machine, one table, and each miss with its reason."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        f"Measured {datetime.now():%Y-%m-%d} in {took / 60:.0f} min on: "
        + "; ".join(machine[:3]) + f"; load average {load_average()} at the end.",
        "",
        "| Figure | Measured | Floor | Ratio | Goal | |",
        "|---|---|---|---|---|---|",
    ]
    for f in report.figures:
        mark = {True: "holds", False: "**missed**", None: ""}[f.ok]
        lines.append("| " + " | ".join(cell(c) for c in (f.name, f.value, f.floor, f.ratio,
                                                          f.goal, mark)) + " |")
    notes = [f for f in report.figures if f.why]
    if notes:
        lines += ["", *(f"- {cell(f.name)}: {f.why}" for f in notes)]
    return "\n".join(lines)


def write_readme(text: str, readme: Path = README) -> bool:
    """Put `text` between the figure markers of the README; False when they are missing."""
    whole = readme.read_text(encoding="utf-8")
    start, end = whole.find(FIGURES_START), whole.find(FIGURES_END)
    if start < 0 or end < start:
        return False
    readme.write_text(whole[: start + len(FIGURES_START)] + "\n" + text + "\n"
                      + whole[end:], encoding="utf-8")
    return True


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def ratio(value: float, floor: float) -> float:
    return value / floor if floor > 0 else math.inf


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float]) -> str:
    """`min-max` of a few runs, to show how noisy a median is."""
    return f"{min(values) * 1000:.0f}-{max(values) * 1000:.0f} ms"


# ---- the machine -------------------------------------------------------------------


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def load_average() -> str:
    with contextlib.suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "?"


def machine_lines() -> list[str]:
    tmux = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return [
        f"CPU: {cpu_model()}, {os.cpu_count()} cores ({usable} usable)",
        f"OS: {platform.system()} {platform.release()}",
        f"Python {platform.python_version()}, Textual {metadata.version('textual')}, {tmux}",
        f"backtimer {metadata.version('backtimer')} from {ROOT}",
        f"load average at start: {load_average()}",
    ]


# ---- processes through /proc ---------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> tuple[float, float]:
    """(utime+stime from /proc/<pid>/stat, on-CPU time summed from each thread's schedstat).

    The first is what `top` shows, in 1/CLK_TCK steps (10 ms); the second is in
    nanoseconds, so a fraction of a percent over 15 s is still resolved.
    """
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    ns = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            ns += int((task / "schedstat").read_text().split()[0])
    return ticks / CLOCK_TICKS, ns / 1e9


def peak_rss_mib(pid: int) -> float | None:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


# ---- the terminal ------------------------------------------------------------------


class Tmux:
    """A private tmux server, driven through one control-mode client.

    Each command is written to the client and its `%begin`/`%end` block read back,
    so capture-pane costs a round trip over a pipe, not a process start.
    """

    def __init__(self) -> None:
        self.socket = f"backtimer-bench-{os.getpid()}"
        self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "control",
                   "-x", "80", "-y", "24", "cat")
        self._tmux("set-option", "-g", "status", "off")  # the app gets all 24 lines
        self.client = subprocess.Popen(
            ["tmux", "-L", self.socket, "-C", "attach", "-t", "control"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0,
        )
        assert self.client.stdout is not None
        self._out = self.client.stdout
        self.command("display-message -p ready")  # in step with the client from here on
        self.path = Path(self.command("display-message -p '#{socket_path}'")[0])

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=True).stdout

    def command(self, text: str) -> list[str]:
        """Run one tmux command through the client; its output lines."""
        assert self.client.stdin is not None
        self.client.stdin.write(text.encode() + b"\n")
        lines: list[str] | None = None
        while True:
            raw = self._out.readline()
            if not raw:
                raise RuntimeError("the tmux control client went away")
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if lines is None:
                # Notifications (%output, %session-changed, ...) come between blocks.
                if line.startswith("%begin ") and line.endswith(" 1"):
                    lines = []
                continue
            if line.startswith(("%end ", "%error ")) and line.endswith(" 1"):
                if line.startswith("%error"):
                    raise RuntimeError(f"tmux refused {text!r}: {' '.join(lines)}")
                return lines
            lines.append(line)

    def start(self, name: str, argv: Sequence[str], env: dict[str, str | None]
              ) -> tuple[float, int]:
        """Start `argv` in a new window; (time.monotonic() when asked, the program's pid).

        `env` adds to the server's environment; a value of None removes the variable.
        """
        unset = [w for k, v in env.items() if v is None for w in ("-u", k)]
        words = ["exec", "env", *unset, *(f"{k}={v}" for k, v in env.items() if v is not None),
                 *argv]
        shell = " ".join(shlex.quote(w) for w in words)
        cols, rows = SIZE
        asked = time.monotonic()
        out = self.command(
            f"new-session -d -P -F '#{{pane_pid}}' -s {name} -x {cols} -y {rows} "
            f"-c {tmux_quote(str(ROOT))} {tmux_quote(shell)}"
        )
        return asked, int(out[0])

    def screen(self, name: str) -> str:
        return "\n".join(self.command(f"capture-pane -p -t {name}"))

    def keys(self, name: str, *keys: str) -> None:
        self.command(f"send-keys -t {name} {' '.join(keys)}")

    def wait_for(self, name: str, text: str | tuple[str, ...], limit: float = 30.0,
                 interval: float = START_POLL) -> float:
        """time.monotonic() of the first look that showed `text` (or one of them).

        Raises TimeoutError after `limit` seconds.
        """
        texts = (text,) if isinstance(text, str) else text
        end = time.monotonic() + limit
        while True:
            seen = time.monotonic()
            screen = self.screen(name)
            if any(t in screen for t in texts):
                return seen
            if seen > end:
                raise TimeoutError(f"{text!r} never appeared:\n{self.screen(name)}")
            time.sleep(interval)

    def stop(self, name: str, pid: int) -> None:
        """Close the window (SIGHUP) and make sure our program is gone."""
        with contextlib.suppress(RuntimeError):
            self.command(f"kill-session -t {name}")
        end = time.monotonic() + 3
        while alive(pid) and time.monotonic() < end:
            time.sleep(0.01)
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            assert self.client.stdin is not None
            self.client.stdin.close()
            self.client.wait(timeout=5)
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        self.path.unlink(missing_ok=True)  # tmux may leave its socket file behind


def tmux_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


class Workspace:
    """Temp data and config folders, so the person's own history and settings stay out."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = root / "config"
        self.config.mkdir()
        # The routines here start on their first hold: no longer get-ready to reach the mat.
        (self.config / "config.toml").write_text("first_lead_in = 0\n", encoding="utf-8")
        # Bytecode is cached, as after `pip install` (which compiles it), but in here: an
        # environment with PYTHONDONTWRITEBYTECODE=1 would otherwise compile every start.
        self.pycache = root / "pycache"
        self._count = 0

    def data_dir(self, history: Path | None = None, *, index: bool = True) -> Path:
        """A fresh data folder (a finished run leaves a journal behind), with `history`.

        With `index`, the history's index comes along when one was made beside it (as
        after any earlier start); without, the app finds none and builds it (cold).
        """
        self._count += 1
        folder = self.root / f"data-{self._count}"
        folder.mkdir()
        if history is not None:
            shutil.copyfile(history, folder / "history.toml")
            cache = history.with_name(INDEX_FILE)
            if index and cache.exists():
                shutil.copyfile(cache, folder / INDEX_FILE)
            # The copy is 17 MB of dirty pages: written back now, not by the kernel
            # while the program starts (that made a 10,000-session start look slower).
            os.sync()
        return folder

    def env(self, data: Path, *, cached: bool = True) -> dict[str, str | None]:
        env: dict[str, str | None] = {"BACKTIMER_DATA_DIR": str(data),
                               "BACKTIMER_CONFIG_DIR": str(self.config)}
        if cached:
            env |= {"PYTHONDONTWRITEBYTECODE": None, "PYTHONPYCACHEPREFIX": str(self.pycache)}
        else:
            env |= {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": None}
        return env

    def process_env(self, data: Path) -> dict[str, str]:
        """The same, as a whole environment for subprocess.run."""
        env = {**os.environ}
        for key, value in self.env(data).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def routine(self, name: str, text: str) -> Path:
        path = self.root / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        return path


def app_argv(*args: str) -> list[str]:
    return [PY, "-m", "backtimer", *args]


def banner(screen: str) -> str:
    """The phase word: the first words on the screen (the band is on top)."""
    for line in screen.splitlines()[:4]:
        if line.strip():
            return line.split("·")[0].strip()
    return ""


# ---- 1. startup --------------------------------------------------------------------


@dataclass
class Launch:
    argv: list[str]
    text: str  # shows once the first frame is up
    history: Path | None = None
    then: tuple[str, ...] = ()  # optionally: shows once the screen has filled in
    cached: bool = True  # bytecode cached, as after an install
    index: bool = True  # the history's index is there (False: the first start builds it)
    keys: tuple[str, ...] = ()  # pressed once `then` shows; `after` is timed from there
    after: tuple[str, ...] = ()


@dataclass
class Started:
    first: float  # seconds from asking tmux to the first look that showed `text`
    then: float | None  # ... that showed `then`
    cpu: float  # CPU seconds the program had used by the first frame (utime+stime)
    rss: float | None = None  # peak RSS in MiB
    after: float | None = None  # from pressing `keys` to the first look showing `after`


def time_launch(tmux: Tmux, work: Workspace, launch: Launch, name: str) -> Started:
    data = work.data_dir(launch.history, index=launch.index)
    asked, pid = tmux.start(name, launch.argv, work.env(data, cached=launch.cached))
    after = None
    try:
        shown = tmux.wait_for(name, launch.text)
        cpu = cpu_seconds(pid)[0]
        later = tmux.wait_for(name, launch.then, limit=60) if launch.then else None
        if launch.keys:
            pressed = time.monotonic()
            tmux.keys(name, *launch.keys)
            after = tmux.wait_for(name, launch.after, limit=60) - pressed
        rss = peak_rss_mib(pid)
    finally:
        tmux.stop(name, pid)
    shutil.rmtree(data, ignore_errors=True)
    return Started(shown - asked, (later - asked) if later else None, cpu, rss, after)


def alternate(tmux: Tmux, work: Workspace, launches: Sequence[Launch], runs: int
              ) -> list[list[Started]]:
    """Each launch `runs` times, interleaved (AB, then BA, ...) so any drift hits all alike."""
    results: list[list[Started]] = [[] for _ in launches]
    order = list(range(len(launches)))
    for run in range(runs):
        for i in (order if run % 2 == 0 else order[::-1]):
            results[i].append(time_launch(tmux, work, launches[i], f"start-{run}-{i}"))
    return results


def startup_figure(report: Report, name: str, runs: list[Started], floor_runs: list[Started],
                   floor_name: str, goal: str, limit: float | None) -> None:
    app_t = [r.first for r in runs]
    floor_t = [r.first for r in floor_runs]
    r = ratio(median(app_t), median(floor_t))
    cpu = ratio(median([x.cpu for x in runs]), median([x.cpu for x in floor_runs]))
    report.add(Figure(
        name, ms(median(app_t)), f"{ms(median(floor_t))} ({floor_name})", f"{r:.2f}x", goal,
        None if limit is None else r <= limit,
        f"runs {spread(app_t)} vs {spread(floor_t)}; CPU used by the first frame "
        f"{ms(median([x.cpu for x in runs]))} vs {ms(median([x.cpu for x in floor_runs]))} "
        f"({cpu:.2f}x)",
    ))
    print(f"    {report.figures[-1].why}")


def startup_steps(tmux: Tmux, work: Workspace) -> None:
    """Where the time goes in one start, from the trace (traced_run.py)."""
    data = work.data_dir()
    trace = work.root / "startup-trace.txt"
    argv = [PY, str(HERE / "traced_run.py"), str(trace), "run", "foundation", "--quiet"]
    asked, pid = tmux.start("steps", argv, work.env(data))
    try:
        seen = tmux.wait_for("steps", "Step 1 of")
        keys = tmux.wait_for("steps", "Pain")  # the footer's key hints
    finally:
        tmux.stop("steps", pid)
    marks: dict[str, float] = {}
    for line in trace.read_text().splitlines():
        when, kind, *_ = line.split() + [""]
        marks.setdefault(kind, float(when) - asked)
    if {"imported", "start", "frame"} <= set(marks):
        print(f"    one start, from launch: Python and imports done {ms(marks['imported'])}, "
              f"session started {ms(marks['start'])}, first frame out {ms(marks['frame'])}, "
              f"seen {ms(seen - asked)}; the footer's key hints seen {ms(keys - asked)}")


def instructions_to_first_frame(tmux: Tmux, work: Workspace, words: list[str], name: str
                                ) -> int | None:
    """Instructions (all threads) from launch to the first frame, counted by callgrind."""
    data = work.data_dir()
    out = work.root / f"callgrind-{name}.%p"
    argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
            PY, str(HERE / "first_frame.py"), *words]
    # A fixed hash seed: the same dict layouts, so the same instructions, run to run.
    _asked, pid = tmux.start(name, argv, {**work.env(data), "PYTHONHASHSEED": "0"})
    try:
        end = time.monotonic() + 180
        while alive(pid) and time.monotonic() < end:
            time.sleep(0.2)
    finally:
        tmux.stop(name, pid)
    total = 0
    for path in work.root.glob(f"callgrind-{name}.*"):
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("summary:"):
                total += int(line.split()[1])
        path.unlink()
    shutil.rmtree(data, ignore_errors=True)
    return total or None


def startup_instructions(report: Report, tmux: Tmux, work: Workspace) -> None:
    """The start-up counted in instructions: unlike wall time, the same on every run."""
    if shutil.which("valgrind") is None:
        print("    (valgrind is not installed: no instruction count)")
        return
    counts: dict[str, int | None] = {}
    for name, words in (("app", ["backtimer", "run", "foundation", "--quiet"]),
                        ("bare", ["bare"])):
        instructions_to_first_frame(tmux, work, words, f"{name}-warm")  # bytecode first
        counts[name] = instructions_to_first_frame(tmux, work, words, name)
    app, bare = counts["app"], counts["bare"]
    if app is None or bare is None:
        print("    (callgrind gave no count)")
        return
    report.add(Figure(
        "startup in instructions, launch to first frame (callgrind)", f"{app / 1e6:.0f} M",
        f"{bare / 1e6:.0f} M (bare Textual app, one line)", f"{ratio(app, bare):.2f}x",
        "", None, "every thread counted; the same within 0.1 % run to run",
    ))
    print(f"    {report.figures[-1].name}: {report.figures[-1].ratio}")


def bench_startup(report: Report, tmux: Tmux, work: Workspace, history: Path, small: Path,
                  runs: int, memory: dict[str, float]) -> None:
    section(f"1. Startup: launch to first frame in tmux, {runs} alternating runs, median")
    app = Launch(app_argv("run", "foundation", "--quiet"), "Step 1 of")
    bare = Launch([PY, str(BARE), "line"], "bare app ready")
    for warm in (app, bare):  # fill the bytecode and disk caches first
        time_launch(tmux, work, warm, "warm")
    app_runs, bare_runs = alternate(tmux, work, [app, bare], runs)
    startup_figure(report, "startup: `backtimer run` to first session frame", app_runs,
                   bare_runs, "bare Textual app, one line", "<= 1.2x", 1.2)
    startup_steps(tmux, work)
    startup_instructions(report, tmux, work)
    memory["bare app, one line"] = median([r.rss or 0 for r in bare_runs])
    memory["backtimer, first session frame"] = median([r.rss or 0 for r in app_runs])

    full = Launch(app.argv, app.text, history=history)
    empty_runs, full_runs = alternate(tmux, work, [app, full], runs)
    startup_figure(report, "startup with 10,000 sessions in history", full_runs, empty_runs,
                   "empty history", "no slower (<= 1.05x, noise)", 1.05)

    # Without a bytecode cache (PYTHONDONTWRITEBYTECODE=1, as in some setups) every start
    # compiles backtimer's source; Textual's own bytecode comes with its install.
    raw = Launch(app.argv, app.text, cached=False)
    raw_runs, bare2 = alternate(tmux, work, [raw, bare], max(3, runs // 2))
    startup_figure(report, "startup with no bytecode cache (compiles each time)", raw_runs,
                   bare2, "bare Textual app, one line", "", None)

    # The home screen reads the history's index (in a worker): first frame, then the week.
    home = Launch(app_argv(), "Quit", history=small, then=("This week",))
    home_full = Launch(home.argv, home.text, history=history, then=home.then)
    h_small, h_full = alternate(tmux, work, [home, home_full], max(3, runs // 2))
    startup_figure(report, "home screen first frame, 10,000 sessions", h_full, h_small,
                   "10 sessions", "no slower (<= 1.05x, noise)", 1.05)
    fill_figure(report, "home screen until the week shows, 10,000 sessions",
                [x.then or math.inf for x in h_full], [x.then or math.inf for x in h_small])
    memory["backtimer home, 10,000 sessions read"] = median([r.rss or 0 for r in h_full])
    memory["backtimer home, 10 sessions"] = median([r.rss or 0 for r in h_small])

    # The first start after the history changed other than by an append builds the index.
    cold = Launch(home.argv, home.text, history=history, then=home.then, index=False)
    [cold_runs] = alternate(tmux, work, [cold], 1)
    report.add(Figure(
        "home screen until the week shows, 10,000 sessions, index rebuilt",
        ms(cold_runs[0].then or math.inf), f"{ms(median([x.then or 0 for x in h_full]))} "
        "(with its index)", "", "", None,
        "once, after the history was edited or the index lost: the whole file is parsed",
    ))

    # `h` on the home screen: the history list until its newest session shows.
    newest = yesterday()
    day = f"{newest:%a} {newest.day} {newest:%b}"
    listing = Launch(home.argv, home.text, history=small, then=home.then, keys=("h",),
                     after=(day,))
    listing_full = Launch(home.argv, home.text, history=history, then=home.then, keys=("h",),
                          after=(day,))
    l_small, l_full = alternate(tmux, work, [listing, listing_full], max(3, runs // 2))
    fill_figure(report, "history list after h until the newest session shows, 10,000",
                [x.after or math.inf for x in l_full], [x.after or math.inf for x in l_small])


def fill_figure(report: Report, name: str, full: list[float], small: list[float]) -> None:
    """A screen filled from 10,000 sessions against the same from 10: the difference counts."""
    f, s = median(full), median(small)
    report.add(Figure(
        name, ms(f), f"{ms(s)} (10 sessions)", f"{ratio(f, s):.2f}x, +{ms(f - s)}",
        f"<= +{FILL_MARGIN * 1000:.0f} ms", f - s <= FILL_MARGIN,
        f"runs {spread(full)} vs {spread(small)}",
    ))


def yesterday() -> datetime:
    """The newest session of a made history starts here (18:00 local, yesterday)."""
    newest = datetime.now().astimezone().replace(hour=18, minute=0, second=0, microsecond=0)
    return newest - timedelta(days=1)


# ---- 2 and 5. CPU and memory during a hold ------------------------------------------


def cpu_during_hold(tmux: Tmux, work: Workspace, argv: list[str], name: str, window: float
                    ) -> tuple[float, float, float | None]:
    """(% of one core by schedstat, by utime+stime, peak RSS MiB) over `window` s of a hold."""
    data = work.data_dir()
    _asked, pid = tmux.start(name, argv, work.env(data))
    try:
        tmux.wait_for(name, "HOLD")
        time.sleep(3.0)  # past startup, the first frames and the flash of the banner
        t0 = time.monotonic()
        ticks0, ns0 = cpu_seconds(pid)
        time.sleep(window)
        ticks1, ns1 = cpu_seconds(pid)
        t1 = time.monotonic()
        rss = peak_rss_mib(pid)
        still = banner(tmux.screen(name))
    finally:
        tmux.stop(name, pid)
    shutil.rmtree(data, ignore_errors=True)
    if still != "HOLD":
        print(f"    warning: {name} showed {still!r} at the end of the window, not HOLD")
    span = t1 - t0
    return 100 * (ns1 - ns0) / span, 100 * (ticks1 - ticks0) / span, rss


def bench_cpu(report: Report, tmux: Tmux, work: Workspace, window: float, rounds: int,
              memory: dict[str, float]) -> None:
    from backtimer.ui.screens.session import KEEP_ALIVE

    section(f"2. CPU while counting down a 60 s hold: {window:.0f} s samples, median of "
            f"{rounds} interleaved round(s)")
    routine = work.routine("cpu", CPU_ROUTINE)
    kinds = {
        "app": app_argv("run", str(routine), "--quiet"),
        "bare": [PY, str(BARE), "countdown", "60", str(KEEP_ALIVE)],
        "big": [PY, str(BARE), "bigclock", "60", str(KEEP_ALIVE)],
    }
    runs: dict[str, list[tuple[float, float, float | None]]] = {k: [] for k in kinds}
    for n in range(rounds):
        order = list(kinds) if n % 2 == 0 else list(kinds)[::-1]
        for label in order:
            runs[label].append(cpu_during_hold(tmux, work, kinds[label], f"cpu-{label}-{n}",
                                               window))
            got = runs[label][-1]
            print(f"    {label}: {got[0]:.3f}% (schedstat), {got[1]:.2f}% (utime+stime)")
    pct = {k: median([x[0] for x in v]) for k, v in runs.items()}
    samples = {k: ", ".join(f"{x[0]:.2f}" for x in v) for k, v in runs.items()}
    r = ratio(pct["app"], pct["bare"])
    report.add(Figure(
        "CPU during a hold, % of one core", f"{pct['app']:.2f}%",
        f"{pct['bare']:.2f}% (bare Digits countdown, same cadence)", f"{r:.2f}x",
        "<= 1.2x and < 1%", r <= 1.2 and pct["app"] < 1.0,
        f"samples {samples['app']} % vs {samples['bare']} %",
    ))
    big = ratio(pct["app"], pct["big"])
    report.add(Figure(
        "CPU during a hold, against the same big clock", f"{pct['app']:.2f}%",
        f"{pct['big']:.2f}% (bare app with backtimer's 13-row clock)", f"{big:.2f}x",
        "<= 1.2x", big <= 1.2, f"samples {samples['app']} % vs {samples['big']} %",
    ))
    print(f"    wake-ups: one timer, at each change of the shown second (or after "
          f"{KEEP_ALIVE} s if sooner), in all three")
    memory["bare Digits countdown, during a hold"] = median([x[2] or 0 for x in runs["bare"]])
    memory["backtimer, during a hold"] = median([x[2] or 0 for x in runs["app"]])


def bench_memory(report: Report, memory: dict[str, float]) -> None:
    section("5. Memory: peak RSS (VmHWM)")
    pairs = [
        ("backtimer, during a hold", "bare Digits countdown, during a hold"),
        ("backtimer, first session frame", "bare app, one line"),
        ("backtimer home, 10,000 sessions read", "backtimer home, 10 sessions"),
    ]
    for app, floor in pairs:
        if app in memory and floor in memory and memory[floor]:
            report.add(Figure(
                f"peak RSS, {app}", f"{memory[app]:.1f} MiB",
                f"{memory[floor]:.1f} MiB ({floor})", f"{ratio(memory[app], memory[floor]):.2f}x",
            ))


# ---- 3. timing accuracy ----------------------------------------------------------------


@dataclass
class Traced:
    """One session run through traced_run.py, watched from outside."""

    seen: list[tuple[str, float]]  # (banner word, time.monotonic() of the first look showing it)
    gaps: list[float]  # seconds between looks, sorted
    begin: float | None  # when the session started, from the trace
    frames: list[tuple[float, str]]  # (when a frame was handed to the terminal, banner word)
    history: Path
    summary: float | None = None  # first look showing the whole summary screen
    settled: float | None = None  # ... and its step-ups worked out (no "Checking" line)

    def gap(self, share: float) -> float:
        return self.gaps[min(len(self.gaps) - 1, int(len(self.gaps) * share))] if self.gaps else 0

    def frame_for(self, word: str, due: float) -> float:
        """When the first frame showing `word` at or after `due` went out."""
        return next((t for t, w in self.frames if t >= due - 0.5 and w == word), math.inf)


def traced_session(tmux: Tmux, work: Workspace, routine: Path, name: str, limit: float,
                   history: Path | None = None, summary: bool = False) -> Traced:
    """Run `routine` to its end, looking at the screen every POLL s for the banner word.

    With `summary`, looking on until the summary screen is complete and has its
    step-ups (they are worked out in the background, after it shows).
    """
    data = work.data_dir(history)
    trace = work.root / f"{name}-trace.txt"
    argv = [PY, str(HERE / "traced_run.py"), str(trace), "run", str(routine), "--quiet"]
    _asked, pid = tmux.start(name, argv, work.env(data))
    seen: list[tuple[str, float]] = []
    gaps: list[float] = []
    last = None
    saved = data / "history.toml"
    before = saved.stat().st_size if saved.exists() else 0
    try:
        end = time.monotonic() + limit
        while time.monotonic() < end:
            now = time.monotonic()
            word = banner(tmux.screen(name))
            if last is not None:
                gaps.append(now - last)
            last = now
            if word and (not seen or seen[-1][0] != word):
                seen.append((word, now))
                if word.startswith("SESSION"):
                    break
            time.sleep(POLL)
        if summary and seen and seen[-1][0].startswith("SESSION"):
            shown = tmux.wait_for(name, SUMMARY_TEXT, limit=15)
            settled = wait_until(lambda: CHECKING_TEXT not in tmux.screen(name), 30)
            done_at = time.monotonic() if settled else None
        wait_until(lambda: saved.exists() and saved.stat().st_size > before, 5)
    finally:
        tmux.stop(name, pid)
    events = [line.split() for line in trace.read_text().splitlines()] if trace.exists() else []
    starts = [float(e[0]) for e in events if e[1] == "start"]
    frames = [(float(e[0]), " ".join(e[2:])) for e in events if e[1] == "frame"]
    traced = Traced(seen, sorted(gaps), starts[0] if starts else None, frames, saved)
    if summary and seen and seen[-1][0].startswith("SESSION"):
        traced.summary, traced.settled = shown, done_at
    return traced


def bench_timing(report: Report, tmux: Tmux, work: Workspace, history: Path) -> None:
    from backtimer.storage.history.reader import read_history

    section("3. Timing: 3 x 5 s holds, 2 s rests, no lead-in, `backtimer run` in tmux")
    run = traced_session(tmux, work, work.routine("timing", TIMING_ROUTINE), "timing",
                         SESSION_SECONDS + 15)
    words = [w for w, _ in run.seen]
    print(f"    banners seen: {' -> '.join(words)}")
    print(f"    polling: a look every {ms(run.gap(0.5))} (median; 99th percentile "
          f"{ms(run.gap(0.99))}), {len(run.gaps)} looks; a change counts at the first look "
          f"that shows it")
    read = read_history(run.history)
    expected = ["HOLD", "REST", "HOLD", "REST", "HOLD"]
    if words[:5] != expected or len(words) < 6 or run.begin is None or not read.sessions:
        report.add(Figure("timing run", "did not complete", ok=False,
                          why=f"banners {words}, problems {read.problems}"))
        return
    begin = run.begin
    # Every deadline is chained from the start: 5, 7, 12, 14 and 19 s in.
    marks = [5.0, 7.0, 12.0, 14.0, 19.0]
    written, shown = [], []
    for (word, look), mark in zip(run.seen[1:], marks, strict=False):
        due = begin + mark
        written.append(run.frame_for(word, due) - due)
        shown.append(look - due)
        print(f"    {word:<17} due at +{mark:4.1f} s: frame out {written[-1] * 1000:+6.1f} ms, "
              f"seen in tmux {shown[-1] * 1000:+6.1f} ms")
    first_out = run.frame_for("HOLD", begin) - begin
    print(f"    the first frame went out {first_out * 1000:.1f} ms after the session started "
          f"and was seen in tmux after {(run.seen[0][1] - begin) * 1000:.1f} ms")
    report.add(Figure(
        "phase change: frame out after its deadline (worst of 5)", ms(max(written)),
        "the deadline (session clock)", "", f"<= 1 frame ({ms(FRAME)})", max(written) <= FRAME,
        f"each: {', '.join(f'{x * 1000:.1f}' for x in written)} ms",
    ))
    limit = FRAME + run.gap(0.99)
    report.add(Figure(
        "phase change: seen in tmux after its deadline (worst of 5)", ms(max(shown)),
        "the deadline (session clock)", "",
        f"<= 1 frame + 99th pct poll gap ({ms(limit)})", max(shown) <= limit,
        f"each: {', '.join(f'{x * 1000:.1f}' for x in shown)} ms",
    ))
    looks = [t for _, t in run.seen]
    holds = [looks[1] - looks[0], looks[3] - looks[2], looks[5] - looks[4]]
    errors = [h - 5.0 for h in holds]
    steady = max(errors[1:], key=abs)
    report.add(Figure(
        "hold length seen in tmux, holds 2 and 3 (worst)", f"{5 + steady:.4f} s", "5 s",
        "", "within 20 ms", abs(steady) <= 0.020,
        f"each: {', '.join(f'{e * 1000:+.1f}' for e in errors)} ms; the first hold starts at "
        f"the first frame, so it looks short by however late that frame was",
    ))
    record = read.sessions[-1]
    sets = [s for s in record["sets"] if s.get("kind") == "hold"]
    worst = max(sets, key=lambda s: abs(float(s["done"]) - float(s["target"])))
    rec_err = abs(float(worst["done"]) - float(worst["target"]))
    report.add(Figure(
        "recorded holds in history (worst of 3)", f"{worst['done']} s", "5 s target", "",
        "within 20 ms", rec_err <= 0.020,
        "stored to 0.1 s; a hold that runs out is stored as its chained length",
    ))
    whole = looks[-1] - begin
    report.add(Figure(
        "whole session: start to SESSION COMPLETE seen", f"{whole:.3f} s", "19 s", "",
        "within 0.3 s", abs(whole - SESSION_SECONDS) <= 0.3,
        f"first frame to SESSION COMPLETE seen: {looks[-1] - looks[0]:.3f} s",
    ))
    recorded = (record["ended"] - record["started"]).total_seconds()
    print(f"    recorded ended - started: {recorded:.0f} s (the history keeps whole seconds)")

    # The end of a session with a long history: the last change is the summary screen.
    end_routine = work.routine("end", END_ROUTINE)
    lags, screens, steps = {}, {}, {}
    known = with_end_sessions(history, work.root / "history-known" / "history.toml")
    index_history(known)
    for label, with_history in (("empty", None), ("10,000", history), ("known", known)):
        done = traced_session(tmux, work, end_routine, f"end-{label[:2]}", 60, with_history,
                              summary=True)
        last = done.seen[-1] if done.seen else ("", math.inf)
        due = (done.begin or math.nan) + END_SECONDS
        lags[label] = last[1] - due if last[0].startswith("SESSION") else math.inf
        screens[label] = done.summary - due if done.summary else math.inf
        steps[label] = done.settled - due if done.settled else math.inf
    report.add(Figure(
        "SESSION COMPLETE seen after the last deadline, 10,000 sessions", ms(lags["10,000"]),
        f"{ms(lags['empty'])} (empty history)", f"{ratio(lags['10,000'], lags['empty']):.1f}x",
        f"<= 1 frame + 99th pct poll gap ({ms(limit)})", lags["10,000"] <= limit,
    ))
    report.add(Figure(
        "the whole summary screen seen, 10,000 sessions", ms(screens["10,000"]),
        f"{ms(screens['empty'])} (empty history)",
        f"{ratio(screens['10,000'], screens['empty']):.1f}x",
    ))
    report.add(Figure(
        "its step-ups worked out, 10,000 sessions, none of this routine", ms(steps["10,000"]),
        f"{ms(steps['empty'])} (empty history)", f"{ratio(steps['10,000'], steps['empty']):.1f}x",
        "", None, "worked out in the background after the summary shows, from the "
        "history's index",
    ))
    report.add(Figure(
        "its step-ups worked out, 10,000 sessions, the last two of this routine",
        ms(steps["known"]), f"{ms(steps['empty'])} (empty history)",
        f"{ratio(steps['known'], steps['empty']):.1f}x", "", None,
        "the index, and the two sessions judged read from their own blocks",
    ))


def with_end_sessions(history: Path, path: Path) -> Path:
    """A copy of `history` with two completed sessions of END_ROUTINE at its end."""
    from backtimer.storage.history.store import append_session

    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(history, path)
    today = datetime.now().astimezone().replace(microsecond=0)
    for days in (2, 1):
        started = today - timedelta(days=days)
        append_session({
            "id": f"{started:%Y%m%dT%H%M%S}-e{days}", "routine": "End check",
            "routine_file": "end.toml", "started": started,
            "ended": started + timedelta(seconds=2), "status": "completed", "planned_sets": 1,
            "sets": [{"exercise": "Plank", "kind": "hold", "set": 1, "target": 2, "done": 2.0,
                      "skipped": False}],
        }, path)
    return path


def wait_until(ready: Callable[[], bool], limit: float) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if ready():
            return True
        time.sleep(0.02)
    return False


def bench_simulated(report: Report, seed: int = 7) -> None:
    """A half-hour session in simulated time, woken the way the screen wakes it, jittered."""
    from backtimer.core.clock import FakeClock
    from backtimer.core.engine import Session, StepStarted
    from backtimer.core.plan import StepKind
    from backtimer.core.routine_check import parse_routine
    from backtimer.ui.screens.session import KEEP_ALIVE, WAKE_SLACK, _to_next_second

    section("3b. A half-hour session in simulated time, jittered ticks")
    routine = parse_routine(LONG_ROUTINE, "half-hour.toml")
    clock = FakeClock(start=5000.0)
    session = Session(routine, clock)
    planned = sum(s.duration or 0 for s in session.steps)
    rng = random.Random(seed)

    def lateness() -> float:
        # Mostly a few ms; now and then a GC pause or a busy machine: up to 400 ms.
        late = rng.expovariate(1 / 0.004)
        if rng.random() < 0.02:
            late += rng.uniform(0.05, 0.4)
        return late

    origin = clock.now()
    session.start()
    expected = origin
    worst_start = 0.0
    ticks = 0
    late_total = 0.0  # what a timer restarting each phase from "now" would have lost
    starts = 0
    while not session.finished:
        now = clock.now()
        wake = [now + KEEP_ALIVE, now + _to_next_second(session.session_elapsed(), up=True)]
        if (w := session.next_wakeup()) is not None:
            wake.append(w)
        if (left := session.remaining()) is not None:
            wake.append(now + _to_next_second(left, up=False))
        target = min(wake) + WAKE_SLACK
        clock.advance(max(0.0, target - now) + lateness())
        ticks += 1
        step_before = session.step
        events = session.tick()
        for event in events:
            if isinstance(event, StepStarted) and not session.finished:
                starts += 1
                expected += step_before.duration or 0
                late_total += clock.now() - expected
                step_before = event.step
                # The new step's deadline, seen from now, against the plan's own sum.
                if session.step is event.step and session.remaining() is not None:
                    deadline = clock.now() + (session.remaining() or 0)
                    worst_start = max(worst_start, abs(deadline - (expected + (
                        event.step.duration or 0))))
    elapsed = session.session_elapsed()
    drift = elapsed - planned
    holds = [r for r in session.records.values() if r["kind"] == "hold"]
    held_err = max(abs(r["done"] - r["target"]) for r in holds)
    timed = sum(1 for s in session.steps if s.kind is not StepKind.REPS)
    print(f"    {len(session.steps)} steps ({timed} timed), planned {planned:.0f} s, "
          f"{ticks} ticks, lateness mean {late_total / max(1, starts) * 1000:.1f} ms "
          f"per phase change")
    print(f"    a timer restarting each phase from 'now' would have drifted "
          f"{late_total:.2f} s; worst step deadline off the plan by {worst_start * 1e6:.3f} us")
    report.add(Figure(
        f"simulated {planned / 60:.0f} min session: drift at the end", f"{drift * 1000:.6f} ms",
        f"{planned:.0f} s planned", "", "no cumulative drift (< 1 ms)",
        abs(drift) < 0.001 and worst_start < 0.001 and held_err < 0.020,
        f"holds recorded within {held_err:.3f} s",
    ))


# ---- 4. history at scale -------------------------------------------------------------


def make_history(path: Path, count: int) -> float:
    """`count` realistic sessions, each block exactly as one append writes it; seconds taken.

    The sessions are the store's own samples, moved to one every 12 hours up to
    yesterday (10,000 of them then span 14 years rather than the samples' 58).
    """
    from backtimer.core.sample import sample_session
    from backtimer.storage.history.store import session_block

    began = time.monotonic()
    newest = yesterday()
    blocks = []
    for n in range(count):
        session = sample_session(n)
        length = session["ended"] - session["started"]
        session["started"] = newest - timedelta(hours=12 * (count - 1 - n))
        session["ended"] = session["started"] + length
        session["id"] = f"{session['started']:%Y%m%dT%H%M%S}-{n:04x}"
        blocks.append(session_block(session))
    # `append_block` puts one blank line between blocks.
    path.write_bytes(b"\n".join(blocks))
    return time.monotonic() - began


def index_history(path: Path) -> float:
    """Build the index beside `path`, as the first start after a change does; seconds taken."""
    from backtimer.storage.history.index import load_index

    began = time.monotonic()
    load_index(path)
    return time.monotonic() - began


def timed(funcs: Sequence[Callable[[], object]], runs: int
          ) -> list[tuple[list[float], list[float]]]:
    """(wall seconds, CPU seconds of this process) of `runs` calls of each, interleaved."""
    results: list[tuple[list[float], list[float]]] = [([], []) for _ in funcs]
    for run in range(runs):
        order = list(enumerate(funcs))
        for i, func in (order if run % 2 == 0 else order[::-1]):
            gc.collect()  # each starts from the same heap, not from the last one's garbage
            wall0, cpu0 = time.monotonic(), time.process_time()
            func()
            results[i][1].append(time.process_time() - cpu0)
            results[i][0].append(time.monotonic() - wall0)
    return results


def run_child(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds user+system) of one child process, output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.monotonic()
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True, cwd=ROOT, env=env)
    wall = time.monotonic() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def both(walls: Sequence[float], cpus: Sequence[float]) -> str:
    return f"{ms(median(cpus))} CPU, {ms(median(walls))} wall"


def bench_index(report: Report, work: Workspace, history: Path, runs: int) -> None:
    """The history's index: warm, after one append, and built from nothing."""
    from backtimer.core.sample import sample_session
    from backtimer.storage.history import index
    from backtimer.storage.history.index import cache_path
    from backtimer.storage.history.store import append_session

    def load_index(path: Path) -> object:
        index._last = None  # a new process's first load, not the rows kept from the last
        return index.load_index(path)

    small = work.root / "index-10" / "history.toml"
    small.parent.mkdir()
    make_history(small, 10)
    load_index(small)
    load_index(history)
    (warm_w, warm_c), (small_w, small_c) = timed(
        [lambda: load_index(history), lambda: load_index(small)], runs)
    gap = median(warm_w) - median(small_w)
    report.add(Figure(
        "load the index of 10,000 sessions (warm)", both(warm_w, warm_c),
        f"{ms(median(small_w))} wall (10 sessions)", f"+{ms(gap)}",
        f"<= +{FILL_MARGIN * 1000:.0f} ms", gap <= FILL_MARGIN,
        "checked against the file's bytes (SHA-256) on every load",
    ))
    copy = work.root / "index-append" / "history.toml"
    copy.parent.mkdir()
    appended: tuple[list[float], list[float]] = ([], [])
    built: tuple[list[float], list[float]] = ([], [])
    for n in range(runs):
        shutil.copyfile(history, copy)
        shutil.copyfile(cache_path(history), cache_path(copy))
        append_session(sample_session(30_000 + n), copy)
        [(w, c)] = timed([lambda: load_index(copy)], 1)
        appended[0].extend(w)
        appended[1].extend(c)
        cache_path(copy).unlink()
        [(w, c)] = timed([lambda: load_index(copy)], 1)
        built[0].extend(w)
        built[1].extend(c)
    report.add(Figure(
        "the index after one append (parses the new block)", both(*appended),
        f"{ms(median(warm_c))} CPU (warm load)",
        f"{ratio(median(appended[1]), median(warm_c)):.2f}x", "", None,
    ))
    report.add(Figure(
        "the index built from nothing (a history edited by hand)", both(*built),
        "the history reader", "", "", None,
        "the reader's parse plus a row per session; once, then warm",
    ))


def bench_history(report: Report, work: Workspace, history: Path, runs: int) -> None:
    from backtimer.cli import history as command
    from backtimer.core.sample import sample_session
    from backtimer.storage.history.reader import read_history
    from backtimer.storage.history.store import append_session

    size = history.stat().st_size
    section(f"4. History at scale: 10,000 sessions, {size / 1e6:.1f} MB; medians of {runs}; "
            "ratios on CPU time (steady on a busy machine), wall time beside it")

    def parse() -> object:
        return tomllib.loads(history.read_bytes().decode("utf-8"))

    (parse_w, parse_c), (reader_w, reader_c) = timed([parse, lambda: read_history(history)],
                                                     runs)
    sessions = read_history(history).sessions
    if len(sessions) != 10_000:
        print(f"    warning: the reader returned {len(sessions)} sessions, not 10,000")
    args = argparse.Namespace(json=True, csv=False, strong=False, last=None)
    [(dump_w, dump_c)] = timed([lambda: command._print(args, sessions, io.StringIO())], runs)
    sessions.clear()  # free the memory before the next part
    r = ratio(median(reader_c), median(parse_c))
    report.add(Figure(
        "read 10,000 sessions in process (history reader)", both(reader_w, reader_c),
        f"{ms(median(parse_c))} CPU (tomllib.loads of the file)", f"{r:.2f}x", "<= 1.5x",
        r <= 1.5,
    ))
    print(f"    then writing them as `history --json` does: {both(dump_w, dump_c)}")
    bench_index(report, work, history, runs)

    env = work.process_env(history.parent)
    plain = [PY, "-c", f"import tomllib; tomllib.load(open({str(history)!r}, 'rb'))"]
    children = {
        "json": app_argv("history", "--json"),
        "plain": plain,
        "last": app_argv("history", "--last", "20"),
        "nothing": [PY, "-c", "pass"],
    }
    for argv in children.values():  # bytecode cache
        run_child(argv, env)
    got: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in children}
    for _ in range(runs):
        for key, argv in children.items():
            wall, cpu = run_child(argv, env)
            got[key][0].append(wall)
            got[key][1].append(cpu)
    j, p = median(got["json"][1]), median(got["plain"][1])
    report.add(Figure(
        "`backtimer history --json`, whole command", both(*got["json"]),
        f"{ms(p)} CPU (python -c tomllib.load, whole process)", f"{ratio(j, p):.2f}x",
        "<= 1.5x", ratio(j, p) <= 1.5,
        f"python -c pass: {both(*got['nothing'])}",
    ))
    last = median(got["last"][0])
    nothing = median(got["nothing"][0])
    report.add(Figure(
        "`backtimer history --last 20`, whole command", f"{ms(last)} wall",
        f"{ms(nothing)} (python -c pass)", f"{ratio(last, nothing):.2f}x",
        "well under 1 s (< 0.5 s)", last < 0.5,
    ))

    # One append at 10 and at 10,000 sessions; cut back after each, so sizes stay put.
    small = work.root / "small" / "history.toml"
    small.parent.mkdir()
    make_history(small, 10)
    big = work.root / "big" / "history.toml"
    big.parent.mkdir()
    shutil.copyfile(history, big)
    record = sample_session(20_000)
    appends: dict[Path, list[float]] = {small: [], big: []}
    count = 40 * runs
    for i in range(count):
        for path in ((small, big) if i % 2 == 0 else (big, small)):
            before = path.stat().st_size
            began = time.monotonic()
            append_session(record, path)
            appends[path].append(time.monotonic() - began)
            os.truncate(path, before)
    a_small, a_big = median(appends[small]), median(appends[big])
    r = ratio(a_big, a_small)
    report.add(Figure(
        f"one append at 10,000 sessions (median of {count})", ms(a_big),
        f"{ms(a_small)} (at 10 sessions)", f"{r:.2f}x", "the same (<= 1.2x, noise)", r <= 1.2,
        "wall time, fsync included",
    ))


# ---- main --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer repeats and a shorter CPU window, to try the script out")
    parser.add_argument("--readme", action="store_true",
                        help="write the figures into README.md's Performance section")
    parser.add_argument("--only", action="append",
                        choices=["startup", "cpu", "timing", "history", "sim"],
                        help="run only these parts (repeatable)")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is needed: apt-get install tmux (or your system's package)",
              file=sys.stderr)
        return 2
    runs = 9 if not args.quick else 3  # start-ups spread by 10-20 %: a median of nine
    window = 12.0 if not args.quick else 5.0  # the method: median of three 12 s samples
    rounds = 3 if not args.quick else 1
    parts = set(args.only or ["startup", "cpu", "timing", "sim", "history"])

    print("backtimer benchmarks")
    machine = machine_lines()
    for line in machine:
        print(f"  {line}")
    report = Report()
    memory: dict[str, float] = {}
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="backtimer-bench-") as tmp:
        work = Workspace(Path(tmp))
        history = work.root / "history-10000" / "history.toml"
        history.parent.mkdir()
        took = make_history(history, 10_000)
        small = work.root / "history-10" / "history.toml"
        small.parent.mkdir()
        make_history(small, 10)
        indexed = index_history(history) + index_history(small)
        print(f"  made a 10,000-session history.toml in {took:.1f} s "
              f"({history.stat().st_size / 1e6:.1f} MB) and its index in {indexed:.1f} s")
        tmux = Tmux()
        steps: list[tuple[str, Callable[[], None]]] = [
            ("startup", lambda: bench_startup(report, tmux, work, history, small, runs,
                                              memory)),
            ("cpu", lambda: bench_cpu(report, tmux, work, window, rounds, memory)),
            ("timing", lambda: bench_timing(report, tmux, work, history)),
            ("sim", lambda: bench_simulated(report)),
            ("history", lambda: bench_history(report, work, history, 3)),  # runs take seconds
        ]
        try:
            for part, step in steps:
                if part not in parts:
                    continue
                try:
                    step()
                except Exception as exc:  # one broken part must not hide the others' figures
                    report.add(Figure(f"{part}: not measured", f"{type(exc).__name__}",
                                      ok=False, why=str(exc).splitlines()[0] if str(exc) else ""))
            if memory:
                bench_memory(report, memory)
        finally:
            tmux.close()
    section("Summary")
    print(report.table())
    misses = [f for f in report.figures if f.ok is False]
    print(f"\n{len(misses)} goal(s) missed; took {time.monotonic() - began:.0f} s; "
          f"load average at end: {load_average()}")
    for figure in report.figures:
        if figure.why:
            print(f"  {figure.name}: {figure.why}")
    if args.readme:
        done = write_readme(markdown(report, machine, time.monotonic() - began))
        print(f"README.md {'updated' if done else 'NOT updated: its figure markers are missing'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
