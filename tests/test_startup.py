"""Commands that render nothing start fast: they never import a rendering library.

``import weasyprint`` alone costs ~0.6 s, matplotlib and docxtpl a few
tenths more; ``check``, ``status``, ``new`` and ``--help`` must not pay that.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT, example_workspace

HEAVY = ("weasyprint", "docxtpl", "docx", "matplotlib", "multiprocessing", "markdown_it")


@pytest.mark.slow
def test_commands_that_render_nothing_import_no_rendering_library(tmp_path: Path) -> None:
    root = example_workspace(tmp_path)
    # `check` renders template overrides (tests/test_template_check.py); without them it renders nothing.
    shutil.rmtree(root / "templates")
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from agencydocs.cli import cli\n"
        "runner = CliRunner()\n"
        "assert runner.invoke(cli, ['--help']).exit_code == 0\n"
        f"for args in (['check'], ['status'], ['new', 'invoice', '-p', 'globex-seo']):\n"
        f"    result = runner.invoke(cli, ['-C', {str(root)!r}, *args])\n"
        "    assert result.exit_code == 0, result.output\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    # The workspace was really read: `new` wrote the next invoice.
    assert list((root / "projects/globex-seo").glob("invoices/*.yaml"))
