"""``agencydocs serve``: build the HTML, serve ``output/`` and rebuild on every save (``serving/``)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import click

from agencydocs.commands.options import (
    os_errors_as_messages,
    print_problems,
    workspace_option,
    workspace_root,
)
from agencydocs.errors import AgencyDocsError

if TYPE_CHECKING:
    from agencydocs.serving.site import Outcome

LOOPBACK = "127.0.0.1"


@click.command("serve")
@workspace_option
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free one)."
)
@click.option(
    "--host",
    default=LOOPBACK,
    show_default=True,
    help="Address to listen on. Another address than 127.0.0.1 shows your documents to the network.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the index in the default browser.")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), help="Worker processes. Default: number of CPUs.")
@click.pass_context
def command(ctx: click.Context, port: int, host: str, open_browser: bool, jobs: int | None) -> None:
    """Preview the documents in a browser; they follow every saved change.

    Builds the HTML of every document (as `build --format html` does, skipping
    what is up to date), serves output/ on http://127.0.0.1:8000/ and watches
    the workspace (documents, clients, projects, payments, templates/,
    clauses/, locales/) and the built-in templates, clauses and locales. After
    each save only the documents whose recorded inputs changed are rendered
    again, and the open page reloads. A PDF or DOCX is rendered the first time
    its link is opened. When the workspace has errors, the page shows them
    (and so does the terminal) and output/ keeps the last good files. The
    files in output/ are exactly those `build` writes: the reload script is
    added to the pages as they are sent. A concurrent `build` waits for the
    current rebuild, and the other way round. Changes to agencydocs' own
    Python code need a restart. Ctrl-C stops.

    Example:

        agencydocs serve --open
    """
    from agencydocs.building.lock import waiting_message
    from agencydocs.reading.loading import keep_parsed_files
    from agencydocs.rules.incremental import keep_rule_results
    from agencydocs.serving.server import PreviewServer
    from agencydocs.serving.site import LiveSite, watch

    root = workspace_root(ctx)
    # This process checks the workspace after every save: parse, validate and run the rules
    # of only what changed (or reads what changed).
    keep_parsed_files()
    keep_rule_results()
    site = LiveSite(root, jobs=jobs, on_wait=lambda pid: click.echo(waiting_message(pid), err=True))
    try:
        server = PreviewServer(site, host, port)
    except OSError as exc:
        raise AgencyDocsError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --port"
        ) from None
    stop = threading.Event()
    try:
        with os_errors_as_messages():
            report(site.rebuild(), first=True)
        watcher = threading.Thread(
            target=watch, args=(site, stop, report), name="agencydocs-watch", daemon=True
        )
        watcher.start()
        url = f"http://{host}:{server.server_address[1]}/"
        click.echo(f"Serving {url} (Ctrl-C stops)")
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        click.echo("\nStopped.")
    finally:
        stop.set()
        site.stop()
        server.server_close()


def report(outcome: Outcome, *, first: bool = False) -> None:
    """One line per rebuild in the terminal; problems as `file:line:col: field: message` lines."""
    print_problems(outcome.problems)
    if outcome.error is not None:
        click.echo(f"Error: {outcome.error}; serving the last good output", err=True)
        return
    build_report = outcome.report
    if build_report is None:
        return
    if first or outcome.rendered:  # not the same warnings again after a save that changed nothing
        print_problems(build_report.warnings)
    if first or outcome.rendered or build_report.written or build_report.removed:
        click.echo(
            f"{'Built' if first else 'Rebuilt'} {len(outcome.rendered)} document(s), "
            f"{build_report.skipped} up to date, in {outcome.seconds:.2f} s"
        )
