"""Commands of other packages load on first use: `extract` starts without SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from graphsvc.cli import LAZY_COMMANDS, main


def test_every_lazy_command_is_listed_and_runs_its_own_help() -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["--help"])
    assert listing.exit_code == 0
    for name in LAZY_COMMANDS:
        assert f"\n  {name} " in listing.output
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert f" {name} [OPTIONS]" in result.output.splitlines()[0]


def test_a_lazy_command_resolves_to_its_modules_command() -> None:
    with click.Context(main) as ctx:
        command = main.get_command(ctx, "import")
    assert command is not None and command.name == "import"
    from graphsvc.imports.command import import_command

    assert command is import_command


def test_an_unknown_command_is_still_refused() -> None:
    result = CliRunner().invoke(main, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command" in result.output


def test_extract_help_does_not_import_the_database_layer() -> None:
    code = (
        "import sys\n"
        "from graphsvc.cli import main\n"
        "try:\n"
        "    main(['extract', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip().splitlines()[-1] == "False"
