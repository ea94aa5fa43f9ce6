"""``make bench``: build (or reuse) the dataset, serve it as in production, load it, report in markdown.

For each database (SQLite, and PostgreSQL when reachable) the harness builds the full dataset and a 10% one
(the measured place is identical in both), starts ``cohesion serve`` with production settings and one worker
per core, drives it from this process with signed-in users (bench/load.py), samples the server's memory
from /proc, and then runs the import, exports and PDF each in a fresh process (bench/tasks.py) to read
their time and peak memory. It prints one table per database and, with ``--results``, writes them into
bench/RESULTS.md between the result markers. It exits 1 if any request failed.
"""

import argparse
import asyncio
import json
import os
import platform
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy import create_engine, make_url, text

from app.config import ROOT
from app.db import make_engine
from bench.load import Crowd, Measured, Page, merge
from seed.bench import (
    BENCH_PASSWORD,
    COUNCILLOR_EMAIL,
    FACILITATOR_EMAIL,
    OFFICER_EMAIL,
    BenchSizes,
    BenchTargets,
    targets,
)

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
START = "<!-- bench results start -->"
END = "<!-- bench results end -->"
CREDENTIALS = {
    "officer": (OFFICER_EMAIL, BENCH_PASSWORD),
    "facilitator": (FACILITATOR_EMAIL, BENCH_PASSWORD),
    "councillor": (COUNCILLOR_EMAIL, BENCH_PASSWORD),
}
MB = 1024 * 1024
ACCEPTED = 500  # voices whose top suggestion is accepted at once from the queue
PUBLIC_READERS = 50  # concurrent anonymous readers of a public page
ROUNDS = 4  # alternating rounds of each officer's page on the 10% and the full dataset


def pages_for(t: BenchTargets) -> list[Page]:
    strategy = f"/places/{t.place_slug}/strategies/{t.strategy_slug}"
    largest = f"/places/{t.largest_slug}/strategies/{t.strategy_slug}"
    voices = f"{strategy}/listening/voices/?theme={t.theme_id}&area={t.area_id}"
    return [
        Page("floor", "Floor: your places (signed-in, minimal)", "officer", "/places/", per_place=False),
        Page("home", "Officer's strategy home", "officer", f"{strategy}/"),
        Page("voices_1", "Voices by theme and area, page 1", "officer", voices),
        Page("voices_50", "Voices by theme and area, page 50", "officer", f"{voices}&page=50"),
        Page("queue", "Voices needing themes, with suggestions", "officer", f"{strategy}/listening/queue/"),
        Page("analysis", "Analysis by theme × area", "officer", f"{strategy}/listening/analysis/"),
        Page("heard", "Who we have heard from", "officer", f"{strategy}/listening/heard/"),
        Page("grid", "Area × theme grid", "officer", f"{strategy}/mapping/grid/"),
        Page("plan", "Action plan by priority", "officer", f"{strategy}/plan/"),
        Page("action", "An action's golden thread", "officer", f"{strategy}/plan/actions/{t.action_id}/"),
        Page("indicator", "Indicator: turn the curve", "officer",
             f"{strategy}/progress/indicators/{t.indicator_id}/"),
        Page("history", "A record's history", "officer",
             f"/places/{t.place_slug}/history/action/{t.action_id}/"),
        Page("restore", "Restore an earlier version: the confirmation", "officer",
             f"/places/{t.place_slug}/history/action/{t.action_id}/restore"
             f"?transaction_id={t.action_transaction_id}"),
        Page("dashboard", "Councillor dashboard", "councillor", f"{strategy}/dashboard", optional=True),
        Page("edition", "Plan edition, as published", "councillor",
             f"{strategy}/editions/{t.plan_edition_id}/", optional=True),
        Page("document", "Strategy document (page)", "councillor", f"{strategy}/document", optional=True),
        Page("overview", "Facilitator overview of all places", "facilitator", "/overview/", optional=True,
             per_place=False, limit=10.0),
        Page("api", "API: list of actions", "officer", f"/api/v1{strategy}/actions?page=1", optional=True),
        Page("account", "Your account: sessions, sign-in and tokens", "officer", "/account/",
             per_place=False),
        # Ward maps on the largest place, which has 70 wards with outlines.
        Page("map_voices", "Ward map: voices per 1,000 residents (70 wards)", "officer",
             f"{largest}/listening/analysis/", per_place=False),
        Page("map_struggles", "Ward map: struggles by severity (70 wards)", "officer",
             f"{largest}/mapping/", per_place=False),
        Page("map_actions", "Ward map: actions on the dashboard (70 wards)", "officer",
             f"{largest}/dashboard", per_place=False),
        Page("tension_log", "Tension log, 10,000 entries", "officer", f"/places/{t.tension_slug}/tensions/",
             per_place=False),
        Page("tension_area", "Tension log filtered by one ward", "officer",
             f"/places/{t.tension_slug}/tensions/?area={t.tension_area_id}", per_place=False),
        Page("tension_picture", "Weekly tension picture, 70 wards", "officer",
             f"/places/{t.tension_slug}/tensions/picture/", per_place=False),
        Page("public", f"Public page: you said, we did ({PUBLIC_READERS} anonymous readers)", "anonymous",
             f"/p/{t.place_slug}/you-said-we-did/", optional=True, limit=2.0),
    ]  # fmt: skip


@dataclass
class Dataset:
    label: str  # "100%" or "10%"
    url: str
    sizes: BenchSizes
    build_seconds: float | None = None  # None when reused
    targets: BenchTargets | None = None


@dataclass
class DatabaseRun:
    name: str
    full: Dataset
    small: Dataset | None
    measured: list[Measured] = field(default_factory=list)
    small_measured: list[Measured] = field(default_factory=list)  # scaling check: 10% dataset, one user
    scaling_measured: list[Measured] = field(default_factory=list)  # scaling check: full dataset, one user
    peak_memory: int = 0
    tasks: dict[str, dict[str, Any]] = field(default_factory=dict)


# --- Datasets ---------------------------------------------------------------------------------------------


def _sqlite_dataset(folder: Path, label: str, sizes: BenchSizes) -> Dataset:
    path = folder / f"sqlite-{sizes.places}-{sizes.voices}.db"
    return Dataset(label, f"sqlite:///{path}", sizes)


def _postgres_dataset(base: str, prefix: str, label: str, sizes: BenchSizes) -> Dataset:
    schema = f"{prefix}{sizes.places}_{sizes.voices}"
    joiner = "&" if "?" in base else "?"
    return Dataset(label, f"{base}{joiner}options={quote(f'-csearch_path={schema}')}", sizes)


def _schema(dataset: Dataset) -> str:
    return dataset.url.rsplit("search_path%3D", 1)[1]


def _ready(dataset: Dataset) -> bool:
    if dataset.url.startswith("sqlite"):
        return Path(dataset.url.removeprefix("sqlite:///") + ".ready").exists()
    engine = make_engine(dataset.url.split("?")[0])
    with engine.connect() as connection:
        note = connection.execute(
            text("SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = :n"),
            {"n": _schema(dataset)},
        ).scalar()
    engine.dispose()
    return note == "bench data ready"


def _reset(dataset: Dataset) -> None:
    if dataset.url.startswith("sqlite"):
        path = Path(dataset.url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", ".ready"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    engine = make_engine(dataset.url.split("?")[0])
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{_schema(dataset)}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{_schema(dataset)}"'))
    engine.dispose()


def _mark_ready(dataset: Dataset) -> None:
    if dataset.url.startswith("sqlite"):
        Path(dataset.url.removeprefix("sqlite:///") + ".ready").write_text("ready\n")
        return
    engine = make_engine(dataset.url.split("?")[0])
    with engine.begin() as connection:
        connection.execute(text(f"COMMENT ON SCHEMA \"{_schema(dataset)}\" IS 'bench data ready'"))
    engine.dispose()


def ensure(dataset: Dataset, *, rebuild: bool) -> None:
    """Build the dataset unless a complete one is already there."""
    if rebuild or not _ready(dataset):
        print(
            f"Building the {dataset.label} dataset "
            f"({dataset.sizes.places} places, {dataset.sizes.voices:,} voices)"
        )
        _reset(dataset)
        started = time.monotonic()
        sizes = dataset.sizes
        _cohesion(["bench-data", "--places", str(sizes.places), "--voices", str(sizes.voices)], dataset.url)
        dataset.build_seconds = time.monotonic() - started
        _mark_ready(dataset)
    else:
        # A reused dataset is still migrated to head, so new indexes apply.
        _cohesion(["migrate"], dataset.url, quiet=True)
    engine = make_engine(dataset.url)
    dataset.targets = targets(engine)
    engine.dispose()


def _cohesion(args: list[str], url: str, *, quiet: bool = False) -> None:
    """The ``cohesion`` command, as an operator would run it (its log is shown only if it fails)."""
    done = subprocess.run(  # noqa: S603 - our own command
        [str(Path(sys.executable).parent / "cohesion"), *args],
        env={**os.environ, "DATABASE_URL": url},
        check=False,
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"cohesion {' '.join(args)} failed:\n{done.stderr[-3000:]}")


# --- The server -------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _tree(pid: int) -> list[int]:
    found = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                found += _tree(int(entry.name))
    return found


def _rss(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


class Server:
    """``cohesion serve`` with production settings, and a thread sampling its memory."""

    def __init__(self, url: str, workers: int, log: Path) -> None:
        self.port = _free_port()
        self.log = log
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "COHESION_ENV": "production",
            "COHESION_SECRET_KEY": secrets.token_urlsafe(48),
        }
        command = [str(Path(sys.executable).parent / "cohesion"), "serve", "--port", str(self.port)]
        # The server's output goes to a file: an unread pipe would fill up and stall the server.
        with log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 - our own command
                [*command, "--workers", str(workers)], env=env, stdout=output, stderr=subprocess.STDOUT
            )
        self.peak = 0
        self._stop = threading.Event()
        self._wait_until_up()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The server stopped: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("The server did not start within 60 s")

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss(_tree(self.process.pid)))
            self._stop.wait(0.1)

    def stop(self) -> None:
        self._stop.set()
        self._sampler.join()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


async def _drive(run: DatabaseRun, servers: dict[str, Server], args: argparse.Namespace) -> None:
    """Every page on the full dataset under load, each just after a short round of the floor, so that the
    floor sees the same conditions as the pages on average. Then the scaling check: each officer's page on
    the 10% and the full dataset, one user at a time, in alternating rounds, so that what is compared is what
    a request costs and not how long it queued behind others on a shared machine."""
    assert run.full.targets is not None
    pages = pages_for(run.full.targets)
    floor, rest = pages[0], [page for page in pages[1:] if not args.pages or page.key in args.pages]
    crowds = {"full": Crowd(servers["full"].base_url, args.concurrency)}
    await crowds["full"].sign_in(CREDENTIALS, {page.persona for page in pages}, {"anonymous": PUBLIC_READERS})
    small_pages: dict[str, Page] = {}
    if "small" in servers and run.small is not None and run.small.targets is not None:
        small_pages = {page.key: page for page in pages_for(run.small.targets)}
        for name in ("small", "full"):
            crowds[f"{name} alone"] = Crowd(servers[name].base_url, 1)
            await crowds[f"{name} alone"].sign_in(CREDENTIALS, {"officer"})
    try:
        floors = []
        for page in rest:
            floors.append(await crowds["full"].measure(floor, max(1, args.requests // 4), args.warmup))
            run.measured.append(await crowds["full"].measure(page, args.requests, args.warmup))
        if not floors:  # no page asked for (--pages): the floor on its own
            floors.append(await crowds["full"].measure(floor, max(1, args.requests // 4), args.warmup))
        run.measured.insert(0, merge(floors))
        for page in rest:
            if not small_pages or page.persona != "officer" or not page.per_place:
                continue
            # Rounds on each, alternating, so that a change in the machine's load falls on both alike.
            share = max(1, args.scaling_requests // ROUNDS)
            small_parts, full_parts = [], []
            for _ in range(ROUNDS):
                small_parts.append(
                    await crowds["small alone"].measure(small_pages[page.key], share, args.warmup)
                )
                full_parts.append(await crowds["full alone"].measure(page, share, args.warmup))
            run.small_measured.append(merge(small_parts))
            run.scaling_measured.append(merge(full_parts))
    finally:
        for crowd in crowds.values():
            await crowd.close()


def measure(run: DatabaseRun, args: argparse.Namespace) -> None:
    args.data_dir.mkdir(parents=True, exist_ok=True)
    servers: dict[str, Server] = {}
    try:
        servers["full"] = Server(run.full.url, args.workers, args.data_dir / "server.log")
        if run.small is not None:
            servers["small"] = Server(run.small.url, args.workers, args.data_dir / "server-small.log")
        asyncio.run(_drive(run, servers, args))
    finally:
        for server in servers.values():
            server.stop()
    run.peak_memory = servers["full"].peak


# --- Import, exports and PDF in fresh processes -------------------------------------------------------------


def _task(args: list[str]) -> dict[str, Any]:
    """One task in a fresh process; it reports its own time and peak memory (see bench/tasks.py)."""
    done = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "bench.tasks", *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if done.returncode != 0:
        return {"error": done.stderr[-1500:] or f"exit {done.returncode}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


TASKS = ("import", "redaction", "wards", "accept", "csv", "xlsx", "pdf", "docx")


def run_tasks(dataset: Dataset, import_rows: int, only: set[str] | None = None) -> dict[str, dict[str, Any]]:
    """Each task in a fresh process; with ``only``, just those of ``TASKS``."""
    t = dataset.targets
    assert t is not None
    largest = f"/places/{t.largest_slug}/strategies/{t.strategy_slug}"
    commands = {
        "import": ["import", dataset.url, str(import_rows)],
        "redaction": ["redaction"],
        "wards": ["wards", dataset.url],
        "accept": ["accept", dataset.url, str(ACCEPTED)],
        "csv": ["get", dataset.url, OFFICER_EMAIL, f"{largest}/exports/voices.csv"],
        "xlsx": ["get", dataset.url, OFFICER_EMAIL, f"{largest}/exports/voices.xlsx"],
        "pdf": ["get", dataset.url, OFFICER_EMAIL, f"{largest}/document.pdf"],
        "docx": ["get", dataset.url, OFFICER_EMAIL, f"{largest}/document.docx"],
    }
    return {key: _task(command) for key, command in commands.items() if not only or key in only}


# --- Report -------------------------------------------------------------------------------------------------


REDACTION_PER_SECOND = 2000


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def _verdict(met: bool) -> str:
    return "met" if met else "**missed**"


def report(run: DatabaseRun, args: argparse.Namespace) -> tuple[str, list[str]]:
    """The markdown for one database, and the targets it missed."""
    missed: list[str] = []
    full = run.full
    assert full.targets is not None
    counts = full.targets.counts
    built = "reused" if full.build_seconds is None else f"built in {full.build_seconds:.0f} s"
    lines = [
        f"### {run.name}",
        "",
        f"Dataset ({built}): {counts['place']:,} places, {counts['area']:,} areas, "
        f"{counts['voice']:,} voices "
        f"({counts['voice_theme']:,} theme links), {counts['action']:,} actions, {counts['indicator']:,} "
        f"indicators, {counts['measurement']:,} measurements, {counts['action_update']:,} updates, "
        f"{counts['transaction']:,} transactions and {counts['version rows']:,} version rows. "
        f"Measured place: `{full.targets.place_slug}`.",
        "",
        f"{args.requests} requests per page from {args.concurrency} concurrent signed-in users per persona, "
        f"after {args.warmup} warm-up requests; the floor is measured in a short round before each page. "
        f"Server: `cohesion serve --workers {args.workers}` with production settings.",
        "",
        "| page | p50 ms | p95 ms | p99 ms | req/s | p95 ÷ floor p95 | target | result |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    floor = next(m for m in run.measured if m.page.key == "floor")
    floor_p95 = floor.percentile(0.95) or 1e-9
    errors = 0
    for m in run.measured:
        errors += len(m.errors)
        if not m.built:
            lines.append(f"| {m.page.label} | not built | | | | | | |")
            continue
        ratio = m.percentile(0.95) / floor_p95
        target = "" if m.page.key == "floor" else f"≤ {m.page.limit:g}×"
        met = m.page.key == "floor" or ratio <= m.page.limit
        if not met:
            missed.append(f"{run.name}: {m.page.label} p95 is {ratio:.1f}× the floor")
        result = "" if m.page.key == "floor" else _verdict(met)
        if m.errors:
            result += f" ({len(m.errors)} errors: {sorted(set(m.errors))[:3]})"
        lines.append(
            f"| {m.page.label} | {_ms(m.p50)} | {_ms(m.percentile(0.95))} | {_ms(m.percentile(0.99))} | "
            f"{m.rate:.1f} | {ratio:.1f}× | {target} | {result} |"
        )
    lines += [
        "",
        f"Peak server memory (all worker processes): {run.peak_memory / MB:.0f} MB. "
        f"Failed requests: {errors}.",
    ]
    if errors:
        missed.append(f"{run.name}: {errors} requests failed")
    if run.small is not None and run.small_measured:
        assert run.small.targets is not None
        lines += [
            "",
            f"Scaling: the officer's pages on the 10% dataset ({run.small.targets.counts['place']} places, "
            f"{run.small.targets.counts['voice']:,} voices) and the full one, {args.scaling_requests} "
            f"requests each from one signed-in user at a time, in {ROUNDS} alternating rounds; the measured "
            "place is the same in both.",
            "",
            "| page | p50 ms at 10% | p50 ms at 100% | ratio | target | result |",
            "|---|---:|---:|---:|---|---|",
        ]
        small = {m.page.key: m for m in run.small_measured}
        for m in run.scaling_measured:
            other = small.get(m.page.key)
            if not m.page.per_place or other is None or not m.built or not other.built or not other.p50:
                continue
            ratio = m.p50 / other.p50
            met = ratio <= 1.2
            if not met:
                missed.append(f"{run.name}: {m.page.label} p50 grows {ratio:.2f}× from 10% to 100%")
            lines.append(
                f"| {m.page.label} | {_ms(other.p50)} | {_ms(m.p50)} | {ratio:.2f} | ≤ 1.2 "
                f"| {_verdict(met)} |"
            )
    if run.tasks:
        lines += ["", "| task | seconds | peak memory MB | target | result |", "|---|---:|---:|---|---|"]
        rows = args.import_rows
        specs = [
            ("import", f"Import a {rows:,}-row survey CSV (check + import)", "import_seconds", 20.0, 250),
            ("accept", f"Accept the top suggested theme for {ACCEPTED} voices", "seconds", 2.0, None),
            ("csv", "CSV export of the largest strategy's voices", "seconds", None, 250),
            ("xlsx", "XLSX export of the largest strategy's voices", "seconds", None, 250),
            ("pdf", "PDF of the largest strategy", "seconds", 10.0, None),
            ("docx", "Word file of the largest strategy", "seconds", 5.0, None),
            ("wards", "Load a 200 KB boundary file of 70 wards (check + save)", "seconds", 5.0, None),
        ]
        redaction = run.tasks.get("redaction", {})
        if "per_second" in redaction:
            rate = redaction["per_second"]
            met = rate >= REDACTION_PER_SECOND
            if not met:
                missed.append(f"{run.name}: redaction ({rate:,.0f} comments a second)")
            lines.append(
                f"| Redact residents' comments, one core ({redaction['comments']} labelled comments, "
                f"{rate:,.0f} a second) | {redaction['seconds']:.1f} | {redaction['peak_memory'] / MB:.0f} "
                f"| ≥ {REDACTION_PER_SECOND:,} a second | {_verdict(met)} |"
            )
        elif "error" in redaction:
            missed.append(f"{run.name}: redaction failed")
            last = redaction["error"].splitlines()[-1][:120]
            lines.append(f"| Redact residents' comments | failed | | | `{last}` |")
        for key, label, time_key, time_limit, memory_limit in specs:
            if key not in run.tasks:
                continue  # not asked for (--tasks)
            task = run.tasks[key]
            if "error" in task:
                missed.append(f"{run.name}: {label} failed")
                lines.append(f"| {label} | failed | | | `{task['error'].splitlines()[-1][:120]}` |")
                continue
            if task.get("status") == 404:
                lines.append(f"| {label} | not built | | | |")
                continue
            if task.get("status") not in (None, 200):
                missed.append(f"{run.name}: {label} answered {task['status']}")
                lines.append(f"| {label} | HTTP {task['status']} | | | **failed** |")
                continue
            seconds = task[time_key] + task.get("upload_and_check_seconds", 0)
            memory = task["peak_memory"] / MB
            goals = []
            met = True
            if time_limit is not None:
                goals.append(f"< {time_limit:g} s")
                met = met and seconds < time_limit
            if memory_limit is not None:
                goals.append(f"< {memory_limit} MB")
                met = met and memory < memory_limit
            if not met:
                missed.append(f"{run.name}: {label} ({seconds:.1f} s, {memory:.0f} MB)")
            extra = f" ({task['bytes'] / MB:.1f} MB sent)" if "bytes" in task and key != "wards" else ""
            if key == "import":
                check, imported = task["upload_and_check_seconds"], task["import_seconds"]
                extra = f" (upload and check {check:.1f} s, import {imported:.1f} s)"
            lines.append(
                f"| {label}{extra} | {seconds:.1f} | {memory:.0f} | {', '.join(goals)} | {_verdict(met)} |"
            )
    return "\n".join(lines), missed


def machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    memory = next(
        int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )  # fmt: skip
    return f"{os.cpu_count()} cores ({model}), {memory:,} MB memory, Python {platform.python_version()}"


def _write_results(path: Path, body: str) -> None:
    existing = path.read_text() if path.exists() else f"# Benchmark results\n\n{START}\n{END}\n"
    head, _, rest = existing.partition(START)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{START}\n{body}\n{END}{tail}")


# --- Command line -------------------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=400)
    parser.add_argument("--voices", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent signed-in users per persona")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument(
        "--scaling-requests", type=int, default=100, help="requests per page and dataset in the scaling check"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("COHESION_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    parser.add_argument("--schema-prefix", default="bench_")
    parser.add_argument("--no-scaling", action="store_true", help="skip the 10%% dataset")
    parser.add_argument("--no-tasks", action="store_true", help="skip the import, exports and PDF")
    parser.add_argument("--rebuild", action="store_true", help="build the datasets even if they exist")
    parser.add_argument(
        "--pages",
        type=lambda value: set(value.split(",")),
        default=set(),
        help="measure only these pages (keys from pages_for, comma-separated; the floor always runs)",
    )
    parser.add_argument(
        "--tasks",
        type=lambda value: set(value.split(",")),
        default=set(),
        help=f"run only these tasks (of {', '.join(TASKS)}, comma-separated)",
    )
    parser.add_argument("--results", type=Path, help="write the tables into this markdown file")
    return parser.parse_args(argv)


def _connects(url: str) -> bool:
    try:
        engine = make_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception:
        return False
    return True


def _postgres_reachable(url: str) -> bool:
    """Whether the benchmark's PostgreSQL database answers; on a fresh server, it is created first."""
    if _connects(url):
        return True
    target = make_url(url)
    if not target.database:
        return False
    try:
        engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            ).first()
            if found is None:
                connection.execute(text(f'CREATE DATABASE "{target.database}"'))
        engine.dispose()
    except Exception:
        return False
    return _connects(url)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    full_sizes = BenchSizes(places=args.places, voices=args.voices)
    small_sizes = BenchSizes(places=max(3, args.places // 10), voices=args.voices // 10)
    runs: list[DatabaseRun] = []
    for name in args.databases.split(","):
        if name == "sqlite":
            runs.append(
                DatabaseRun(
                    "SQLite",
                    _sqlite_dataset(args.data_dir, "100%", full_sizes),
                    None if args.no_scaling else _sqlite_dataset(args.data_dir, "10%", small_sizes),
                )
            )
        elif name == "postgresql":
            if not _postgres_reachable(args.postgres_url):
                print(f"PostgreSQL at {args.postgres_url} is not reachable: skipped")
                continue
            base, prefix = args.postgres_url, args.schema_prefix
            runs.append(
                DatabaseRun(
                    "PostgreSQL",
                    _postgres_dataset(base, prefix, "100%", full_sizes),
                    None if args.no_scaling else _postgres_dataset(base, prefix, "10%", small_sizes),
                )
            )
    sections, missed, failed = [], [], False
    for run in runs:
        for dataset in filter(None, (run.small, run.full)):
            ensure(dataset, rebuild=args.rebuild)
        print(f"{run.name}: measuring every page (and the officer's on the 10% dataset too)", flush=True)
        measure(run, args)
        if not args.no_tasks:
            print(f"{run.name}: import, exports and PDF", flush=True)
            run.tasks = run_tasks(run.full, args.import_rows, args.tasks)
        section, run_missed = report(run, args)
        print(section, flush=True)
        sections.append(section)
        missed += run_missed
        failed = failed or any(m.errors for m in run.measured + run.small_measured + run.scaling_measured)
    command = f"`{('python -m bench.run ' + shlex.join(sys.argv[1:] if argv is None else argv)).strip()}`"
    if os.environ.get("MAKELEVEL"):
        command += " (run by `make bench`)"
    summary = "\n".join(f"- {item}" for item in missed) or "- none"
    body = "\n\n".join(
        [
            f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}.",
            f"Command: {command}",
            *sections,
            f"Targets missed in this run:\n\n{summary}",
        ]
    )
    if args.results:
        _write_results(args.results, body)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
