"""No display, no mystery (issue 10): ``rapport`` with no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM
prints one line saying there is no display and how to run it, and exits 1, through a real process;
before any Qt, so nothing aborts and the database is not touched. The command line still works."""

from __future__ import annotations

import os
import subprocess
import sys

from desktop.app import no_display


def run(tmp_path, *args, **env_extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "RAPPORT_DB")}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "desktop", "--db", str(tmp_path / "r.sqlite3"), *args],
                          capture_output=True, text=True, env=env, timeout=120)  # fmt: skip


def test_the_window_without_a_display_says_so_in_one_line(tmp_path):
    result = run(tmp_path)
    assert result.returncode == 1  # not a Qt abort (-6)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "no display to open the window on" in lines[0]
    assert "xvfb-run" in lines[0] and "command line" in lines[0]
    assert "xcb" not in result.stderr and result.stdout == ""
    assert not (tmp_path / "r.sqlite3").exists()


def test_the_command_line_needs_no_display(tmp_path):
    result = run(tmp_path, "list", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_what_counts_as_a_display():
    assert no_display({}, "linux")
    assert not no_display({"DISPLAY": ":0"}, "linux")
    assert not no_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not no_display({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert no_display({"DISPLAY": ""}, "freebsd13")
    assert not no_display({}, "darwin") and not no_display({}, "win32")
