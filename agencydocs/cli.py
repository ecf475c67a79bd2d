"""Command line: the ``agencydocs`` group and its commands, one module each in ``commands/``.

Heavy modules (WeasyPrint, docxtpl) are imported inside the commands that
render, so ``check`` and ``--help`` start fast.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import sys
import threading
from typing import NoReturn

import click

from agencydocs import __version__
from agencydocs.commands.options import workspace_option
from agencydocs.errors import AgencyDocsError

# name -> the module in commands/ that defines it as ``command``. Adding a
# command is one module and one line here.
COMMANDS: dict[str, str] = {
    "build": "agencydocs.commands.build",
    "check": "agencydocs.commands.check",
    "diff": "agencydocs.commands.diff",
    "doctor": "agencydocs.commands.doctor",
    "init": "agencydocs.commands.init",
    "new": "agencydocs.commands.new",
    "payments": "agencydocs.commands.payments",
    "receivables": "agencydocs.commands.receivables",
    "schema": "agencydocs.commands.schema",
    "serve": "agencydocs.commands.serve",
    "status": "agencydocs.commands.status",
    "templates": "agencydocs.commands.templates",
    "textconv": "agencydocs.commands.textconv",
}


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (or ``--help`` lists it),
    so ``agencydocs check`` never loads what ``build`` or ``templates`` need."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command: click.Command = importlib.import_module(module).command
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="agencydocs")
@workspace_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """agencydocs: agency paperwork as code.

    Clients, projects and documents are YAML files in git; agencydocs checks
    them and renders invoices, acts and other documents as HTML, PDF and DOCX.
    """
    ctx.ensure_object(dict)


def main() -> None:
    # pydantic looks for plugins by scanning every installed distribution's
    # entry points the first time a model is built: 20-70 ms of a cold
    # `check` here, for plugins (observability hooks) a CLI run never uses.
    # A user who sets the variable keeps their choice.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        cli(prog_name="agencydocs")
    except AgencyDocsError as exc:  # pragma: no cover - click handles it inside standalone mode
        exc.show()
        exit_now(exc.exit_code)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        click.echo("Interrupted; finished files were kept, no partial file was written.", err=True)
        sys.exit(130)
    except SystemExit as done:  # how click ends every command, 0 included
        exit_now(done.code)


def exit_now(code: str | int | None) -> NoReturn:
    """End the process once the command is done, without tearing the interpreter down.

    Python frees every object one by one at exit: after a ``check`` or a ``diff``
    of a 1,000-document workspace (two of them, for ``diff``), that took 0.4-0.8 s
    of a command whose work was over. What must run at exit still does: the
    ``atexit`` handlers (the Saxon service's stop, temporary folders' removal,
    multiprocessing's clean-up) and the flush of both streams. A thread still
    running that is not a daemon (none of ours) gets the normal exit, which waits for it.
    """
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(code)
    if code is None or isinstance(code, int):
        status = code or 0
    else:  # sys.exit("message"): printed, status 1
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nothing left to say
            stream.flush()
    os._exit(status)
