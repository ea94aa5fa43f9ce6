"""``make bench`` in miniature (3 places, 3,000 voices, seconds long), so the harness itself cannot rot.

It runs end to end on SQLite, and on PostgreSQL too when COHESION_TEST_DATABASE_URL is set: there it uses its
own schemas (``bench_harness_*``), because the rest of the suite drops and recreates the public schema of
that database.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import ROOT
from bench.load import Page
from bench.run import pages_for
from seed.bench import BenchTargets
from tests.conftest import require_postgres

PAGE_LABELS = [page.label for page in pages_for(BenchTargets("p", "q", "s", 1, 1, 1, 1, 1, 1, 1))]


def _run(tmp_path: Path, *extra: str) -> tuple[str, Path]:
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "# Results\n\nWritten by hand.\n\n<!-- bench results start -->\n<!-- bench results end -->\n"
    )
    command = [
        sys.executable, "-m", "bench.run", "--places", "3", "--voices", "3000", "--requests", "6",
        "--scaling-requests", "4", "--concurrency", "2", "--warmup", "1", "--workers", "1", "--import-rows", "300",
        "--data-dir", str(tmp_path / "data"), "--results", str(results), *extra,
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout, results


def _check(output: str, results: Path, database: str) -> None:
    section = output.split(f"### {database}", 1)[1].split("\n### ", 1)[0]
    for label in PAGE_LABELS:
        row = next((line for line in section.splitlines() if line.startswith(f"| {label} |")), None)
        assert row is not None, f"no row for {label}"
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        # Every page is built: "not built" (the harness's answer to a 404) is a failure here.
        assert re.fullmatch(r"\d+\.\d", cells[1]), row
    assert "Failed requests: 0." in section
    assert "| Officer's strategy home |" in section.split("Scaling:", 1)[1]
    assert "Import a 300-row survey CSV" in section
    written = results.read_text()
    assert written.startswith("# Results\n\nWritten by hand.")
    assert f"### {database}" in written and "Command: `python -m bench.run --places 3" in written


# Each builds datasets and serves them with real servers: a minute or more, so outside the everyday run.
@pytest.mark.slow
def test_bench_runs_end_to_end_on_sqlite(tmp_path: Path) -> None:
    output, results = _run(tmp_path, "--databases", "sqlite")
    _check(output, results, "SQLite")
    # A second run reuses the datasets instead of building them again.
    output, results = _run(tmp_path, "--databases", "sqlite", "--no-scaling", "--no-tasks")
    assert "Building" not in output and "(reused)" in output


@pytest.mark.slow
def test_bench_runs_end_to_end_on_postgresql(tmp_path: Path) -> None:
    output, results = _run(
        tmp_path,
        "--databases",
        "postgresql",
        "--postgres-url",
        require_postgres(),
        "--schema-prefix",
        "bench_harness_",
        "--rebuild",
    )
    _check(output, results, "PostgreSQL")


def test_pages_cover_the_issue() -> None:
    keys = {page.key for page in pages_for(BenchTargets("p", "q", "s", 1, 1, 1, 1, 1, 1, 1))}
    assert keys == {
        "floor", "home", "voices_1", "voices_50", "analysis", "heard", "grid", "plan", "action", "indicator",
        "history", "restore", "dashboard", "edition", "document", "overview", "api", "account", "map_voices",
        "map_struggles", "map_actions", "tension_log", "tension_area", "tension_picture", "queue", "public",
    }  # fmt: skip
    assert all(isinstance(page, Page) for page in pages_for(BenchTargets("p", "q", "s", 1, 1, 1, 1, 1, 1, 1)))
