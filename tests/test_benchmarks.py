"""The benchmark scripts run anywhere: without the public QA data they skip, they do not fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_the_retrieval_benchmark_skips_cleanly_without_its_data(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.retrieval", "--data", str(missing)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"skipped: no benchmark data at {missing}"
    assert "Traceback" not in done.stderr
