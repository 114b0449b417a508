"""The deployment's systemd units (docs/deploy/) parse and start real `congvu` commands.

Each unit is read as systemd reads it (sections, `Key=Value`, repeated keys kept); every
`congvu` command line in it must name a command of the CLI and only options that command has
(from the CLI's own definition, as `congvu <command> --help` lists them). `systemd-analyze verify`
checks them too where it is installed, with the executable pointed at this checkout's `congvu`."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from congvu.cli import app

DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy"
UNITS = sorted(DEPLOY.glob("*.service")) + sorted(DEPLOY.glob("*.timer"))
CONGVU = "/opt/congvu/.venv/bin/congvu"
REQUIRED = {".service": {"Unit": {"Description"}, "Service": {"ExecStart"}},
            ".timer": {"Unit": {"Description"}, "Timer": {"OnCalendar"}}}  # fmt: skip


def parse(path: Path) -> dict[str, list[tuple[str, str]]]:
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if match := re.fullmatch(r"\[([A-Za-z]+)\]", line):
            current = sections.setdefault(match.group(1), [])
            continue
        key, sep, value = line.partition("=")
        assert current is not None and sep and re.fullmatch(r"[A-Za-z]+", key), f"{path.name}:{n}: {raw!r}"
        current.append((key, value))
    return sections


def congvu_lines(path: Path) -> list[list[str]]:
    out = []
    for entries in parse(path).values():
        for key, value in entries:
            if key.startswith("ExecStart") and value.split()[0] == CONGVU:
                out.append(shlex.split(value)[1:])
    return out


def command_of(argv: list[str]) -> tuple[Any, list[str]]:
    """The CLI command `argv` names (a group's subcommand followed) and the arguments left
    (typer's commands: click's classes, vendored by typer)."""
    command: Any = typer.main.get_command(app)
    while hasattr(command, "commands"):
        assert argv and argv[0] in command.commands, f"no command {argv[:1]} in {sorted(command.commands)}"
        command, argv = command.commands[argv[0]], argv[1:]
    return command, argv


def test_there_are_units_for_every_part_of_a_city_deployment() -> None:
    names = {p.name for p in UNITS}
    assert {"congvu-worker.service", "congvu-web.service", "congvu-policy.service",
            "congvu-milter.service", "congvu-backup.service", "congvu-backup.timer"} <= names  # fmt: skip


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_unit_parses_with_its_sections_and_keys(path: Path) -> None:
    sections = parse(path)
    for section, keys in REQUIRED[path.suffix].items():
        assert section in sections, f"{path.name}: no [{section}]"
        assert keys <= {k for k, _ in sections[section]}, f"{path.name}: [{section}] lacks {keys}"
    if "Install" in sections or path.suffix == ".timer":
        assert {k for k, _ in sections["Install"]} & {"WantedBy", "RequiredBy"}


def check_line(argv: list[str]) -> None:
    """The command exists, every option is one it has, and the values parse."""
    command, rest = command_of(argv)
    known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    for word in rest:
        if word.startswith("-"):
            assert word.split("=")[0] in known, f"{command.name} has no option {word}"
    ctx = command.make_context(command.name or "congvu", list(rest), resilient_parsing=False)
    assert ctx.params is not None


@pytest.mark.parametrize("path", [p for p in UNITS if p.suffix == ".service"], ids=lambda p: p.name)
def test_every_congvu_command_line_names_real_commands_and_options(path: Path) -> None:
    lines = congvu_lines(path)
    assert lines, f"{path.name} runs no congvu command"
    for argv in lines:
        check_line(argv)


def test_the_checker_refuses_made_up_commands_and_options() -> None:
    check_line(["worker", "--concurrency", "2", "--queues", "scan"])
    with pytest.raises(AssertionError, match="no option --prefetch"):
        check_line(["worker", "--prefetch", "4"])
    with pytest.raises(AssertionError, match="no command"):
        check_line(["workers", "--concurrency", "2"])
    with pytest.raises(AssertionError, match="no command"):
        check_line(["policy", "start"])


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_verify(tmp_path: Path) -> None:
    real = Path(sys.executable).with_name("congvu")
    for path in UNITS:
        text = path.read_text(encoding="utf-8").replace(CONGVU, str(real))
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    ran = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    problems = [line for line in ran.stderr.splitlines() if "Unknown key" in line or "Invalid" in line
                or "Missing" in line or "bad-setting" in line]  # fmt: skip
    assert not problems, ran.stderr
