"""Saxon runs in a service process of its own: fork-safe builds, crashes and hangs as located problems.

Saxon/C (a GraalVM native image) does not survive ``fork``. Build workers are
forked from a process that may have validated an invoice before (this test
process, ``serve``, ``check``), so no agencydocs process loads Saxon: each
one talks to its own ``saxon_service`` over a pipe (saxon_client.py).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from agencydocs.building import workers
from agencydocs.einvoice import saxon_client, validation
from tests.helpers import example_workspace, replace_in_file, run_cli

pytestmark = pytest.mark.slow  # each test starts a Saxon service (a second of compiling), some build

INVOICE = "projects/globex-seo/invoice-2026-018.yaml"
XML_OUTPUT = "output/globex/globex-seo/invoice-2026-018.xml"
PROGRESS = re.compile(r"\[\d+/\d+\] ")  # "[1/2] <document>" lines, when stderr is no terminal
DIED = (
    "the schematron validator (Saxon) died: it was killed by signal 11 (SIGSEGV); the e-invoice could"
    " not be validated (build again; if it persists, report it)"
)


def _xrechnung_workspace(tmp_path: Path) -> Path:
    """The example with globex asking for XRechnung: its invoice runs both schematrons."""
    root = example_workspace(tmp_path)
    client = root / "clients/globex.yaml"
    replace_in_file(client, "einvoice: factur-x\n", "einvoice: xrechnung\nleitweg_id: 991-12345-67\n")
    replace_in_file(client, "  country: DE\n", '  country: DE\n  postcode: "10117"\n  city: Berlin\n')
    replace_in_file(
        root / "agency.yaml", "  country: RU\n", '  country: RU\n  postcode: "123112"\n  city: Moscow\n'
    )
    return root


@pytest.fixture(scope="module")
def xml(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A valid XRechnung XML, built once."""
    root = _xrechnung_workspace(tmp_path_factory.mktemp("xrechnung"))
    result = run_cli(["build", INVOICE, "--format", "xml", "-j", "1"], cwd=root)
    assert result.exit_code == 0, result.output
    return (root / XML_OUTPUT).read_bytes()


@pytest.fixture(autouse=True)
def _fresh_service() -> Iterator[None]:
    saxon_client.stop()
    yield
    saxon_client.stop()


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists, running or a zombie nobody reaped."""
    return Path(f"/proc/{pid}").exists()


def _ended(pid: int) -> bool:
    """Whether ``pid`` no longer runs: gone, or an orphan's zombie (init's to reap)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def _wait_until_gone(pid: int, seconds: float = 10.0, *, orphan: bool = False) -> bool:
    """Whether ``pid`` ended within ``seconds``, and was reaped unless it is an ``orphan``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _ended(pid) if orphan else not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_saxon_used_here_then_a_forked_build_validates_without_saxon_in_any_forked_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xml: bytes
) -> None:
    # Saxon's first use in this process (the parent of the build's workers) ...
    assert validation.validate(xml, xrechnung=True) == []
    service = saxon_client.service_pid()
    assert service is not None and service != os.getpid()
    assert "saxonche" not in sys.modules
    # ... then a build whose forked workers validate the invoice: none of them loads Saxon.
    root = _xrechnung_workspace(tmp_path)
    loaded, services = tmp_path / "saxon-in-worker", tmp_path / "worker-services"
    services.mkdir()
    real = workers.run_job

    def recording(job: workers.Job) -> workers.JobResult:
        result = real(job)
        if "saxonche" in sys.modules or "saxon" in Path("/proc/self/maps").read_text().lower():
            loaded.touch()
        if (service := saxon_client.service_pid()) is not None:
            (services / str(service)).touch()
        return result

    monkeypatch.setattr(workers, "run_job", recording)
    result = run_cli(["build", "projects/globex-seo", "--format", "xml,html", "-j", "2"], cwd=root)
    assert result.exit_code == 0, result.output
    assert [line for line in result.problem_lines if not PROGRESS.match(line)] == []  # no worker died
    assert not loaded.exists()
    worker_services = [int(name) for name in os.listdir(services)]
    assert worker_services and service not in worker_services
    assert all(_wait_until_gone(pid) for pid in worker_services)  # stopped with their workers
    assert validation.validate((root / XML_OUTPUT).read_bytes(), xrechnung=True) == []
    assert saxon_client.service_pid() == service  # ours survived the build, untouched


def test_a_forked_child_starts_its_own_service_and_leaves_the_parents_alone(xml: bytes) -> None:
    assert validation.validate(xml) == []
    parent_service = saxon_client.service_pid()
    assert parent_service is not None
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        status = 1
        try:
            failures = validation.validate(xml, xrechnung=True)
            own = saxon_client.service_pid()
            os.write(write_end, f"{len(failures)} {own}".encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        answer = reader.read().decode()
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0, answer
    failures, child_service = answer.split()
    assert failures == "0"
    assert int(child_service) not in (parent_service, os.getpid(), child)
    assert _wait_until_gone(int(child_service), orphan=True)  # it ended with the child
    assert validation.validate(xml) == []
    assert saxon_client.service_pid() == parent_service


def test_a_service_that_crashes_is_a_problem_and_the_next_invoice_gets_a_fresh_one(xml: bytes) -> None:
    assert validation.validate(xml) == []
    crashed = saxon_client.service_pid()
    assert crashed is not None
    os.kill(crashed, signal.SIGSEGV)  # it dies before it could read another request
    with pytest.raises(saxon_client.SaxonFailed) as raised:
        validation.validate(xml)
    assert raised.value.message == DIED
    assert not _alive(crashed)  # reaped, no zombie
    assert validation.validate(xml) == []
    assert saxon_client.service_pid() not in (None, crashed)


def test_a_service_that_hangs_is_stopped_after_the_timeout(xml: bytes) -> None:
    assert validation.validate(xml) == []
    hung = saxon_client.service_pid()
    assert hung is not None
    os.kill(hung, signal.SIGSTOP)
    started = time.monotonic()
    with pytest.raises(saxon_client.SaxonFailed) as raised:
        saxon_client.transform(validation.EN16931_XSLT, xml, timeout=1)
    assert time.monotonic() - started < 10
    assert raised.value.message == (
        "the schematron validator (Saxon) gave no answer within 1 s and was stopped; the e-invoice could"
        " not be validated (build again; if it persists, report it)"
    )
    assert not _alive(hung)
    assert validation.validate(xml) == []


def test_saxon_rejecting_the_xml_is_a_problem_and_the_service_stays(xml: bytes) -> None:
    assert validation.validate(xml) == []
    service = saxon_client.service_pid()
    with pytest.raises(saxon_client.SaxonFailed) as raised:
        validation.check_schematron(b"<not-closed>")
    assert raised.value.message.startswith("the schematron validator (Saxon) rejected the e-invoice XML: ")
    assert saxon_client.service_pid() == service
    assert validation.validate(xml) == []


def test_a_crash_in_a_build_is_a_located_problem_of_the_invoice_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _xrechnung_workspace(tmp_path)
    real = saxon_client._Service.ask

    def crash_first(self: saxon_client._Service, stylesheet: Path, xml: bytes, timeout: float) -> object:
        os.kill(self.process.pid, signal.SIGSEGV)  # in the worker, its own service
        self.process.wait()
        return real(self, stylesheet, xml, timeout)

    monkeypatch.setattr(saxon_client._Service, "ask", crash_first)
    result = run_cli(["build", INVOICE, "--format", "xml", "-j", "1"], cwd=root)
    assert result.exit_code == 1, result.output
    assert [line for line in result.problem_lines if not PROGRESS.match(line)] == [
        f"{INVOICE}: {DIED}",
        "Error: 1 problem(s) while rendering; other documents were built",
    ]
    assert "Traceback" not in result.output
    assert not (root / XML_OUTPUT).exists()


@pytest.mark.parametrize("how", ["exits", "is killed"])
def test_the_service_ends_with_the_process_that_started_it(xml: bytes, tmp_path: Path, how: str) -> None:
    xml_file = tmp_path / "invoice.xml"
    xml_file.write_bytes(xml)
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from agencydocs.einvoice import saxon_client, validation\n"
        "assert validation.validate(Path(sys.argv[1]).read_bytes()) == []\n"
        "print(saxon_client.service_pid(), flush=True)\n"
        "if sys.argv[2] == 'exits':\n"
        "    os._exit(0)  # no atexit: the service sees its stdin close\n"
        "time.sleep(60)\n"
    )
    starter = subprocess.Popen(
        [sys.executable, "-c", script, str(xml_file), how], stdout=subprocess.PIPE, text=True
    )
    assert starter.stdout is not None
    service = int(starter.stdout.readline())
    assert _alive(service)
    if how == "is killed":
        starter.kill()
    starter.wait(30)
    assert _wait_until_gone(service, orphan=True)


def test_the_service_runs_this_agencydocs_wherever_the_user_stands(
    xml: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ``python -m`` imports from the working directory first: a folder named agencydocs there
    # (another checkout, a workspace's) must not be what the service runs.
    (tmp_path / "agencydocs").mkdir()
    (tmp_path / "agencydocs/__init__.py").write_text("raise SystemExit(7)\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert validation.validate(xml, xrechnung=True) == []


def test_starting_saxon_is_not_charged_to_the_render_time_limit_of_the_first_invoice(
    xml: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agencydocs.rendering.limits import time_limit

    timers: list[float] = []
    real = saxon_client._Service.ask

    def noting(self: saxon_client._Service, stylesheet: Path, data: bytes, timeout: float) -> object:
        timers.append(signal.getitimer(signal.ITIMER_REAL)[0])
        return real(self, stylesheet, data, timeout)

    monkeypatch.setattr(saxon_client._Service, "ask", noting)
    with time_limit(60):
        assert validation.validate(xml, xrechnung=True) == []  # starts the service, compiles both
        assert validation.validate(xml, xrechnung=True) == []
        left = signal.getitimer(signal.ITIMER_REAL)[0]
    assert timers[:2] == [0.0, 0.0]  # the timer stood still while each stylesheet compiled
    assert all(0 < timer <= 60 for timer in timers[2:]) and len(timers) == 4  # then it ran
    assert 50 < left <= 60
