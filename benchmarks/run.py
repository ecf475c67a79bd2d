"""Measure agencydocs on a synthetic workspace and print the figures.

    python benchmarks/run.py                    # 1,000 documents (several minutes)
    python benchmarks/run.py --documents 100    # a quick look

Every figure is wall-clock time on this machine; results and the machine
they came from are recorded in benchmarks/README.md. Nothing here is a test:
the test suite never asserts timings.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

from generate_workspace import generate  # noqa: E402

FORMATS = ("html", "docx", "pdf")


def run(args: Sequence[str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(["agencydocs", *args], cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"agencydocs {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return elapsed, result.stdout


def tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants, in bytes (Linux /proc).

    RSS counts pages shared by forked workers once per process; PSS splits
    each shared page between the processes sharing it, so its sum is the
    memory the build really takes.
    """
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            rss += int(re.search(r"^Rss:\s+(\d+) kB", rollup, re.M).group(1)) * 1024  # type: ignore[union-attr]
            pss += int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.M).group(1)) * 1024  # type: ignore[union-attr]
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return rss, pss


def peak_memory(args: Sequence[str], cwd: Path) -> tuple[float, int, int]:
    """Run agencydocs, sampling the memory of its whole process tree: (seconds, peak RSS, peak PSS)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        ["agencydocs", *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak_rss = peak_pss = 0
    while process.poll() is None:
        rss, pss = tree_memory(process.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.05)
    return time.perf_counter() - started, peak_rss, peak_pss


def timed(function: Callable[[], object], repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def bench_check(root: Path) -> list[str]:
    import yaml

    from agencydocs.commands.check import check

    files = sorted(root.rglob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    libyaml = timed(lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts], repeat=3)
    in_process = timed(lambda: check(root), repeat=3)
    cold, _ = run(["check"], root)
    return [
        f"check, cold process ({len(files)} files)     {cold:8.2f} s",
        f"check, in process                          {in_process:8.2f} s",
        f"libyaml alone (yaml.load, CSafeLoader)     {libyaml:8.2f} s   check/libyaml = {in_process / libyaml:.2f}x",
    ]


def bench_cold(repeat: int = 10) -> list[str]:
    """Process start to exit on the repository's example workspace (every kind, 24 files)."""
    example = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="agencydocs-cold-") as scratch:
        workspace = Path(scratch)
        for name in ("agency.yaml", "clients", "projects", "assets"):
            source = example / name
            if source.is_dir():
                shutil.copytree(source, workspace / name)
            elif source.exists():
                shutil.copy(source, workspace / name)
        new_file = workspace / "projects/romashka-site/invoices/2026-021.yaml"
        commands = {
            "python -c pass (interpreter alone)": [sys.executable, "-c", "pass"],
            "agencydocs --help": ["agencydocs", "--help"],
            "agencydocs check": ["agencydocs", "check"],
            "agencydocs status": ["agencydocs", "status"],
            "agencydocs new invoice": [
                "agencydocs",
                "new",
                "invoice",
                "-p",
                "romashka-site",
                "--date",
                "2026-12-01",
            ],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(repeat):  # interleaved, so a noisy neighbour hits every command alike
            for name, command in commands.items():
                started = time.perf_counter()
                subprocess.run(command, cwd=workspace, capture_output=True, check=True)
                times[name].append(time.perf_counter() - started)
                new_file.unlink(missing_ok=True)
    lines = [f"cold start on the example workspace, {repeat} runs each:"]
    for name, values in times.items():
        values.sort()
        lines.append(f"  {name:36} min {values[0]:.2f} s, median {values[len(values) // 2]:.2f} s")
    return lines


def bench_builds(root: Path, documents: int, jobs: Sequence[int]) -> list[str]:
    lines = []
    for fmt in FORMATS:
        rates = {}
        for j in jobs:
            elapsed, _ = run(["build", "--force", "--format", fmt, "-j", str(j)], root)
            rates[j] = documents / elapsed
            lines.append(
                f"full build, {fmt:4} -j{j}                     {elapsed:8.2f} s  {rates[j]:7.1f} docs/s"
            )
        if len(jobs) > 1:
            lines.append(
                f"  -j{jobs[-1]} / -j{jobs[0]} throughput ({fmt})             {rates[jobs[-1]] / rates[jobs[0]]:8.2f}x"
            )
    return lines


def bench_incremental(root: Path) -> list[str]:
    if not (root / "output" / ".agencydocs-manifest.json").is_file():
        run(["build"], root)  # untimed: `--only incremental` starts from a built workspace too
    noop, _ = run(["build"], root)
    invoice = next(root.glob("projects/*/invoice-*.yaml"))
    invoice.write_text(invoice.read_text(encoding="utf-8") + "notes: edited\n", encoding="utf-8")
    edited, output = run(["build"], root)
    rebuilt = re.search(r"Built (\d+) document", output)
    return [
        f"no-op rebuild                              {noop:8.2f} s",
        f"rebuild after editing one invoice          {edited:8.2f} s   ({rebuilt.group(1) if rebuilt else '?'} document(s) rendered)",
    ]


def bench_memory(root: Path) -> list[str]:
    elapsed, rss, pss = peak_memory(["build", "--force", "-j", "2"], root)
    return [
        f"peak memory, all processes, full build -j2: PSS {pss / 2**20:.0f} MB "
        f"(RSS summed {rss / 2**20:.0f} MB, counting shared pages twice) in {elapsed:.1f} s"
    ]


def bench_engines(root: Path, sample: int) -> list[str]:
    """Our per-document cost against the bare engines on the same input."""
    import docxtpl
    import weasyprint

    from agencydocs.commands.check import check
    from agencydocs.kinds import resolve
    from agencydocs.rendering.docx import render_docx
    from agencydocs.rendering.html import render_html
    from agencydocs.rendering.pdf import ConfinedURLFetcher, render_pdf
    from agencydocs.rendering.pipeline import PACKAGE_DIR
    from agencydocs.rendering.templates import TemplateSource

    workspace = check(root).workspace
    invoices = [d for d in workspace.documents if d.kind == "invoice"][:sample]
    contexts = [resolve(workspace, d) for d in invoices]
    templates = TemplateSource(root)
    htmls = [render_html(c, templates) for c in contexts]
    fonts = weasyprint.text.fonts.FontConfiguration()
    fetcher = ConfinedURLFetcher([root, PACKAGE_DIR])
    base = root.as_uri() + "/"

    def ours_pdf() -> None:
        for ctx in contexts:
            render_pdf(
                render_html(ctx, templates),
                base_url=base,
                allowed_roots=[root, PACKAGE_DIR],
                created=workspace.documents[0].model.date,
            )  # type: ignore[attr-defined]

    def bare_pdf() -> None:
        for html in htmls:
            weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).write_pdf(font_config=fonts)

    template_path = templates.find_localized("invoice", ".docx", contexts[0].locale)

    def ours_docx() -> None:
        for ctx in contexts:
            render_docx(ctx, templates)

    def bare_docx() -> None:
        import io

        for ctx in contexts:
            document = docxtpl.DocxTemplate(template_path)
            document.render({"doc": ctx, "logo_image": None, "qr_image": None}, autoescape=True)
            document.save(io.BytesIO())

    ours_pdf(), bare_pdf(), ours_docx(), bare_docx()  # warm caches and imports
    pdf_ours, pdf_bare = timed(ours_pdf, 3) / sample, timed(bare_pdf, 3) / sample
    docx_ours, docx_bare = timed(ours_docx, 3) / sample, timed(bare_docx, 3) / sample
    lines = [
        f"PDF per invoice: ours {pdf_ours * 1000:6.1f} ms, bare WeasyPrint {pdf_bare * 1000:6.1f} ms   ratio {pdf_ours / pdf_bare:.2f}x",
        f"DOCX per invoice: ours {docx_ours * 1000:5.1f} ms, bare docxtpl   {docx_bare * 1000:6.1f} ms   ratio {docx_ours / docx_bare:.2f}x",
    ]
    lines += bench_libreoffice(root, contexts, templates, pdf_ours)
    return lines


def bench_libreoffice(
    root: Path, contexts: Sequence[object], templates: object, pdf_ours: float
) -> list[str]:
    """The peers' route: DOCX rendered, then converted by LibreOffice in one batch."""
    from agencydocs.rendering.docx import render_docx

    soffice = shutil.which("soffice")
    if soffice is None:
        return ["LibreOffice: not installed, comparison skipped"]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        paths = []
        for index, ctx in enumerate(contexts):
            path = work / f"invoice-{index}.docx"
            path.write_bytes(render_docx(ctx, templates))  # type: ignore[arg-type]
            paths.append(str(path))
        profile = f"-env:UserInstallation=file://{work}/profile"
        convert = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(work / "pdf")]
        subprocess.run([*convert, paths[0]], capture_output=True, check=True)  # profile creation, not timed
        started = time.perf_counter()
        subprocess.run([*convert, *paths], capture_output=True, check=True)
        per_document = (time.perf_counter() - started) / len(paths)
    return [
        f"LibreOffice DOCX->PDF batch, per invoice  {per_document * 1000:6.1f} ms   ours/LibreOffice = {pdf_ours / per_document:.2f}x",
    ]


def machine() -> list[str]:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    import weasyprint

    from agencydocs.commands.doctor import diagnose

    subset = next((f.status for f in diagnose() if f.name == "font subsetting"), "?")
    return [
        f"machine: {os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}",
        f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, HarfBuzz subsetting: {subset}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--jobs", default="1,2", help="comma-separated -j values for full builds")
    parser.add_argument("--sample", type=int, default=20, help="invoices for the engine comparisons")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument(
        "--only",
        choices=["cold", "check", "engines", "builds", "memory", "incremental"],
        help="one section",
    )
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="agencydocs-bench-"))
    count = generate(root, args.documents)
    jobs = [int(j) for j in args.jobs.split(",")]
    print(*machine(), f"workspace: {count} documents in {root}", sep="\n")
    sections = {
        "cold": bench_cold,
        "check": lambda: bench_check(root),
        "engines": lambda: bench_engines(root, args.sample),
        "builds": lambda: bench_builds(root, count, jobs),
        # A full build in every format, which the no-op rebuild then skips.
        "memory": lambda: bench_memory(root),
        "incremental": lambda: bench_incremental(root),
    }
    for name, section in sections.items():
        if args.only not in (None, name):
            continue
        for line in section():
            print(line, flush=True)
    if args.keep is None:
        shutil.rmtree(root)


if __name__ == "__main__":
    threading.excepthook = lambda hook: None  # quiet worker noise on interrupt
    main()
