"""National-scale benchmark data, written in bulk (``cohesion bench-data``).

Every place gets areas, a strategy, listening exercises, voices with themes, strengths and struggles with
evidence, priorities, actions with milestones, indicators with figures, four quarters of updates per action
and published editions of each stage. Live rows and their SQLAlchemy-Continuum version rows (with
``transaction`` rows, ``end_transaction_id`` and ``operation_type``) are written together, with the
``voice_theme`` and ``evidence_link`` indexes, exactly as the one write path would have left them, so history
pages, editions and counts work on the data. Rows are built column by column and written with
``executemany`` on SQLite and ``COPY`` on PostgreSQL, with secondary indexes dropped during the load and
rebuilt after it.

Place 0 is the measured place (the bench officer's and councillor's); it has the same size whatever the
number of places, as long as the voices per place stay the same, so the 10% and 100% datasets can be
compared page for page. Place 1 is the largest strategy (exports and the PDF). Place names are invented.
"""

import itertools
import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine, func, insert, select, text
from sqlmodel import Session, col

from app.models import (
    PROFILE_FIELDS,
    Action,
    ActionUpdate,
    Area,
    Indicator,
    ListeningExercise,
    Measurement,
    Membership,
    Place,
    Priority,
    Strategy,
    Strength,
    Struggle,
    Theme,
    User,
    Voice,
    VoiceTheme,
    version_class,
)
from app.services.auth import hash_password
from app.services.indicator_library import LIBRARY

BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 - a known password for the load generator
BENCH_DOMAIN = "bench.example"
OFFICER_EMAIL = f"officer@{BENCH_DOMAIN}"
FACILITATOR_EMAIL = f"facilitator@{BENCH_DOMAIN}"
COUNCILLOR_EMAIL = f"councillor@{BENCH_DOMAIN}"
STRATEGY_SLUG = "cohesion-2025"
# The measured place has this many times the voices of an average place, the largest strategy ten times.
BIG_FACTOR = 10
LARGEST_SHARE = 10
EXERCISES = 10

_FIRST = (
    "Brin", "Quel", "Marrow", "Tansy", "Wend", "Fallow", "Oster", "Pell", "Thistle", "Yarrow",
    "Corm", "Hollin", "Spindle", "Larch", "Nettle", "Rook", "Sorrel", "Wyck", "Dapple", "Gorse",
)  # fmt: skip
_SECOND = (
    "combe", "wick", "by", "mere", "stow", "hithe", "thorpe", "dale", "worth", "field",
    "brook", "cliffe", "hurst", "ing", "well", "ham", "fold", "gate", "moor", "den",
)  # fmt: skip
_WARDS = (
    "North", "South", "East", "West", "Central", "Riverside", "Old Town", "Hillside", "Parkside", "Marsh",
    "Upper", "Lower", "Green", "Common", "Heath", "Quay", "Bridge", "Mill", "Chapel", "Fields",
)  # fmt: skip
_SAID = (
    ("The bus", "never comes on time", "so people stay at home"),
    ("The park", "feels unsafe after dark", "and the lights are broken"),
    ("The community centre", "brings people together", "every week"),
    ("Rents", "keep going up", "and families are moving away"),
    ("The youth club", "closed last year", "and young people have nowhere to go"),
    ("Neighbours", "help each other out", "when times are hard"),
    ("The market", "is where everyone mixes", "on a Saturday"),
    ("Some people", "spread rumours online", "about new arrivals"),
    ("The library", "runs English classes", "that are always full"),
    ("Bins", "are left on the street", "for days"),
    ("The food bank", "is busier than ever", "this winter"),
    ("People at the mosque and the church", "cooked together", "for the street party"),
)
_OPENERS = ("", "I think ", "Honestly, ", "For me ", "We feel ", "My view is that ")
_ORGS = ("Community Trust", "Residents' Association", "Youth Partnership", "Faith Forum", "Arts Collective")
_STRUGGLES = (
    "Few places where people from different backgrounds meet",
    "Tension over housing allocation",
    "Online rumours about new arrivals",
    "Young people with nothing to do in the evenings",
    "Fear of going out after dark",
    "Cost of getting to shared spaces",
)
_STRENGTHS = (
    "Saturday market",
    "Community centre",
    "Interfaith cooking club",
    "Library conversation classes",
    "Allotment society",
    "Football league",
)
_ACTIONS = (
    "Run monthly shared meals",
    "Fund free transport to the community centre",
    "Train bridge-builders in each ward",
    "Open the youth club three evenings a week",
    "Myth-busting campaign with local media",
    "Welcome packs for new arrivals",
    "Light the park paths",
    "Small grants for street parties",
)
_STATUSES = ("on_track", "on_track", "on_track", "at_risk", "off_track", "complete")


@dataclass(frozen=True)
class BenchSizes:
    places: int = 400
    voices: int = 1_000_000
    areas: int = 20
    actions: int = 50  # per average place
    indicators: float = 7.5  # per average place
    priorities: int = 5
    strengths: int = 20
    struggles: int = 20

    def place_voices(self, index: int) -> int:
        average = self.voices // max(1, self.places)
        big = min(BIG_FACTOR * average, self.voices // 4)
        largest = min(self.voices // LARGEST_SHARE, 100_000) if self.places > 2 else 0
        if index == 0:
            return big
        if index == 1 and largest:
            return largest
        others = self.places - (2 if largest else 1)
        share, left = divmod(self.voices - big - largest, max(1, others))
        return share + (left if index == self.places - 1 else 0)

    def scale(self, index: int) -> int:
        """How many times an average place's plan the place has: the measured place 2, the largest 4."""
        return {0: 2, 1: 4}.get(index, 1) if self.places > 2 else 1


@dataclass
class BenchTargets:
    """What the load generator asks for: the measured place and records in it."""

    place_slug: str
    largest_slug: str
    strategy_slug: str
    theme_id: int
    area_id: int
    action_id: int
    indicator_id: int
    exercise_id: int
    largest_exercise_id: int
    counts: dict[str, int] = field(default_factory=dict)


def place_name(index: int) -> str:
    first, second = divmod(index, len(_SECOND))
    name = _FIRST[first % len(_FIRST)] + _SECOND[second]
    return name if index < len(_FIRST) * len(_SECOND) else f"{name} {index // 400 + 1}"


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


class _Ids:
    """Primary keys handed out by the generator, so version rows and links need no round trip."""

    def __init__(self, start: dict[str, int]) -> None:
        self._next = dict(start)

    def take(self, table: str, count: int = 1) -> list[int]:
        first = self._next.get(table, 1)
        self._next[table] = first + count
        return list(range(first, first + count))

    def one(self, table: str) -> int:
        return self.take(table)[0]

    def last(self, table: str) -> int:
        return self._next.get(table, 1) - 1


class _Loader:
    """Writes rows given column by column: ``executemany`` on SQLite, ``COPY`` on PostgreSQL."""

    def __init__(self, connection: Any, dialect: str) -> None:
        self.connection = connection
        self.dialect = dialect
        self.written: dict[str, int] = {}

    def begin(self) -> None:
        if self.dialect == "sqlite":
            self.connection.execute("BEGIN")

    def commit(self) -> None:
        if self.dialect == "sqlite":
            self.connection.execute("COMMIT")
        else:
            self.connection.commit()

    def timestamp(self, moment: datetime) -> str:
        naive = moment.astimezone(UTC).replace(tzinfo=None)
        return naive.isoformat(" ", "microseconds") + ("+00:00" if self.dialect == "postgresql" else "")

    def write(self, table: str, columns: dict[str, Any], count: int) -> None:
        """``columns`` maps a column to a list of ``count`` values or to one value for every row."""
        if count == 0:
            return
        names = list(columns)
        lists = [
            value if isinstance(value, list) else itertools.repeat(value, count) for value in columns.values()
        ]
        rows: Iterator[tuple[Any, ...]] = itertools.islice(zip(*lists, strict=False), count)
        quoted = ", ".join(f'"{name}"' for name in names)
        cursor = self.connection.cursor()
        if self.dialect == "postgresql":
            with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in names)
            cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)
        cursor.close()
        self.written[table] = self.written.get(table, 0) + count


def _versions(
    live: dict[str, Any], table: Any, transaction_ids: list[int] | int, ends: list[Any] | Any, operation: int
) -> dict[str, Any]:
    names = {column.name for column in table.columns}
    values = {key: value for key, value in live.items() if key in names and key != "version"}
    return values | {
        "transaction_id": transaction_ids,
        "end_transaction_id": ends,
        "operation_type": operation,
    }


class _Generator:
    def __init__(self, loader: _Loader, ids: _Ids, sizes: BenchSizes, seed: int) -> None:
        self.loader = loader
        self.ids = ids
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.epoch = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
        self.transactions: dict[str, list[Any]] = {"id": [], "actor_id": [], "note": [], "issued_at": []}
        self.sentences = [
            f"{opener}{subject.lower() if opener else subject} {verb} {tail}."
            for opener in _OPENERS
            for subject, verb, _ in _SAID
            for _, _, tail in _SAID
        ]

    # --- helpers -------------------------------------------------------------------------------------------

    def transaction(self, actor_id: int | None, note: str | None, step: int) -> int:
        transaction_id = self.ids.one("transaction")
        self.transactions["id"].append(transaction_id)
        self.transactions["actor_id"].append(actor_id)
        self.transactions["note"].append(note)
        moment = (self.epoch + timedelta(minutes=step)).replace(tzinfo=None)
        self.transactions["issued_at"].append(moment.isoformat(" ", "microseconds"))
        return transaction_id

    def write_versioned(
        self, model: Any, live: dict[str, Any], count: int, transaction_ids: list[int] | int
    ) -> None:
        self.loader.write(model.__tablename__, live, count)
        self.loader.write(
            f"{model.__tablename__}_version",
            _versions(live, version_class(model).__table__, transaction_ids, None, 0),
            count,
        )

    def flush_transactions(self) -> None:
        count = len(self.transactions["id"])
        self.loader.write("transaction", self.transactions, count)
        self.transactions = {key: [] for key in self.transactions}

    # --- one place -----------------------------------------------------------------------------------------

    def place(self, index: int, themes: list[int], officer_id: int) -> dict[str, int]:
        rng, loader, sizes = self.rng, self.loader, self.sizes
        name = place_name(index)
        place_id = self.ids.one("place")
        step = 0

        def tx(note: str | None = None) -> int:
            nonlocal step
            step += 7
            return self.transaction(officer_id, note, step)

        loader.write(
            "place",
            {
                "id": [place_id],
                "slug": _slug(name),
                "name": name,
                "gss_code": f"X99{place_id:06d}",
                "created_at": loader.timestamp(self.epoch),
            },
            1,
        )
        setup = tx("Strategy set up")
        strategy_id = self.ids.one("strategy")
        self.write_versioned(
            Strategy,
            {
                "id": [strategy_id],
                "place_id": place_id,
                "version": 1,
                "slug": STRATEGY_SLUG,
                "title": "Cohesion strategy 2025 to 2028",
                "start_date": "2025-10-01",
                "end_date": "2028-09-30",
                "status": "adopted",
            },
            1,
            setup,
        )
        area_ids = self.ids.take("area", sizes.areas)
        populations = [rng.randint(6000, 16000) for _ in area_ids]
        self.write_versioned(
            Area,
            {
                "id": area_ids,
                "place_id": place_id,
                "version": 1,
                "name": [
                    f"{_WARDS[i % len(_WARDS)]} {name}"
                    + (f" {i // len(_WARDS) + 1}" if i >= len(_WARDS) else "")
                    for i in range(len(area_ids))
                ],
                "gss_code": [f"X98{area_id:06d}" for area_id in area_ids],
                "population": populations,
                "profile": [_json(_profile(rng, population)) for population in populations],
            },
            len(area_ids),
            setup,
        )
        common = {"place_id": place_id, "strategy_id": strategy_id, "version": 1}
        voice_ids = self.voices(index, common, area_ids, themes, tx)
        mapping = self.mapping(index, common, area_ids, themes, voice_ids, tx)
        plan = self.plan(index, common, area_ids, mapping, tx)
        self.progress(index, common, plan, tx)
        return {"place_id": place_id, "strategy_id": strategy_id, **plan["editions"]}

    def voices(
        self,
        index: int,
        common: dict[str, Any],
        area_ids: list[int],
        themes: list[int],
        tx: Callable[[str | None], int],
    ) -> list[int]:
        rng, loader = self.rng, self.loader
        total = self.sizes.place_voices(index)
        exercise_ids = self.ids.take("listening_exercise", EXERCISES)
        exercise_tx = [tx("Exercise recorded") for _ in exercise_ids]
        methods = ("survey", "focus_group", "street", "workshop", "community_event")
        self.write_versioned(
            ListeningExercise,
            {
                **common,
                "id": exercise_ids,
                "title": [f"Listening round {n + 1}" for n in range(EXERCISES)],
                "method": [methods[n % len(methods)] for n in range(EXERCISES)],
                "start_date": [f"2025-{n % 9 + 1:02d}-01" for n in range(EXERCISES)],
                "end_date": [f"2025-{n % 9 + 1:02d}-28" for n in range(EXERCISES)],
                "area_ids": _json(area_ids[:5]),
                "participants": [rng.randint(20, 400) for _ in exercise_ids],
                "consent_basis": "public_task",
            },
            EXERCISES,
            exercise_tx,
        )
        ids = self.ids.take("voice", total)
        # Skewed like real listening: a few areas and themes carry most of what is said.
        area_weights = list(itertools.accumulate(1 / (n + 1) for n in range(len(area_ids))))
        areas: list[int | None] = rng.choices(area_ids, cum_weights=area_weights, k=total)  # type: ignore[assignment]
        for position in range(0, total, 20):
            areas[position] = None
        theme_weights = list(itertools.accumulate(1 / (n + 1) for n in range(len(themes))))
        combos = []
        for _ in range(2048):
            picked: set[int] = set()
            for _ in range(rng.choice((1, 2, 2, 3))):
                picked.add(rng.choices(themes, cum_weights=theme_weights)[0])
            combos.append(sorted(picked))
        chosen = rng.choices(combos, k=total)
        theme_json = [_json(combo) for combo in chosen]
        texts = rng.choices(self.sentences, k=total)
        edited = set(range(0, total, 4))
        profile = {
            name: rng.choices((*groups, None), k=total) for name, (_label, groups) in PROFILE_FIELDS.items()
        }
        per_exercise = -(-total // EXERCISES) if total else 1
        created_tx = [exercise_tx[n // per_exercise] for n in range(total)]
        confirm_tx: list[int] = []
        for start in range(0, total, 100):
            confirm_tx.extend([tx("Themes confirmed")] * min(100, total - start))
        edit_tx: dict[int, int] = {}
        for start in range(0, total, 500):
            transaction_id = tx("Voice corrected")
            for n in range(start, min(total, start + 500), 4):
                edit_tx[n] = transaction_id
        live_texts = [
            t + " (Corrected after the meeting.)" if n in edited else t for n, t in enumerate(texts)
        ]
        stamps = [loader.timestamp(self.epoch + timedelta(days=n % 200)) for n in range(EXERCISES)]
        live = {
            **common,
            "id": ids,
            "version": [3 if n in edited else 2 for n in range(total)],
            "exercise_id": [exercise_ids[n // per_exercise] for n in range(total)],
            "text": live_texts,
            "kind": rng.choices(("strength", "struggle", "idea", "concern"), k=total),
            "area_id": areas,
            "theme_ids": theme_json,
            **profile,
            "redactions": "[]",
            "created_at": [stamps[n // per_exercise] for n in range(total)],
        }
        loader.write("voice", live, total)
        table = version_class(Voice).__table__
        first = live | {"text": texts, "theme_ids": "[]"}
        loader.write("voice_version", _versions(first, table, created_tx, confirm_tx, 0), total)
        second = live | {"text": texts}
        ends = [edit_tx.get(n) for n in range(total)]
        loader.write("voice_version", _versions(second, table, confirm_tx, ends, 1), total)
        chosen_edits = sorted(edited)
        third = {
            key: [value[n] for n in chosen_edits] if isinstance(value, list) else value
            for key, value in live.items()
        }
        loader.write(
            "voice_version",
            _versions(third, table, [edit_tx[n] for n in chosen_edits], None, 1),
            len(chosen_edits),
        )
        links = [
            (voice_id, theme_id, area)
            for voice_id, combo, area in zip(ids, chosen, areas, strict=True)
            for theme_id in combo
        ]
        loader.write(
            "voice_theme",
            {
                "voice_id": [link[0] for link in links],
                "theme_id": [link[1] for link in links],
                "place_id": common["place_id"],
                "area_id": [link[2] for link in links],
            },
            len(links),
        )
        self.listening_tx = max(confirm_tx + list(edit_tx.values()) + exercise_tx)
        return ids

    def mapping(
        self,
        index: int,
        common: dict[str, Any],
        area_ids: list[int],
        themes: list[int],
        voice_ids: list[int],
        tx: Callable[[str | None], int],
    ) -> dict[str, list[int]]:
        rng, sizes, scale = self.rng, self.sizes, self.sizes.scale(index)
        evidence: list[tuple[str, int, int]] = []

        def sample(count: int) -> list[int]:
            return sorted(rng.sample(voice_ids, min(count, len(voice_ids))))

        strength_ids = self.ids.take("strength", sizes.strengths * scale)
        strength_voices = [sample(3) for _ in strength_ids]
        evidence += [
            ("strength", i, v) for i, vs in zip(strength_ids, strength_voices, strict=True) for v in vs
        ]
        self.write_versioned(
            Strength,
            {
                **common,
                "id": strength_ids,
                "name": [f"{_STRENGTHS[n % len(_STRENGTHS)]} {n + 1}" for n in range(len(strength_ids))],
                "kind": [
                    ("community_group", "shared_space", "event", "network")[n % 4]
                    for n in range(len(strength_ids))
                ],
                "status": [("active", "active", "at_risk", "lost")[n % 4] for n in range(len(strength_ids))],
                "organisation": [
                    f"{_WARDS[n % len(_WARDS)]} {_ORGS[n % len(_ORGS)]}" for n in range(len(strength_ids))
                ],
                "area_ids": [_json(sorted(rng.sample(area_ids, 2))) for _ in strength_ids],
                "theme_ids": [_json(sorted(rng.sample(themes, 2))) for _ in strength_ids],
                "description": "Run by volunteers; open to everyone.",
                "voice_ids": [_json(vs) for vs in strength_voices],
                "exercise_ids": "[]",
            },
            len(strength_ids),
            [tx("Strength added") for _ in strength_ids],
        )
        struggle_ids = self.ids.take("struggle", sizes.struggles * scale)
        struggle_voices = [sample(5) for _ in struggle_ids]
        evidence += [
            ("struggle", i, v) for i, vs in zip(struggle_ids, struggle_voices, strict=True) for v in vs
        ]
        self.write_versioned(
            Struggle,
            {
                **common,
                "id": struggle_ids,
                "title": [f"{_STRUGGLES[n % len(_STRUGGLES)]} ({n + 1})" for n in range(len(struggle_ids))],
                "severity": [n % 5 + 1 for n in range(len(struggle_ids))],
                "trend": [("improving", "stable", "worsening")[n % 3] for n in range(len(struggle_ids))],
                "area_ids": [_json(sorted(rng.sample(area_ids, 2))) for _ in struggle_ids],
                "theme_ids": [_json(sorted(rng.sample(themes, 2))) for _ in struggle_ids],
                "description": "Raised again and again in the listening rounds.",
                "groups_affected": "Young people; recent arrivals",
                "voice_ids": [_json(vs) for vs in struggle_voices],
                "exercise_ids": "[]",
                "data_sources": _json([{"name": "Police recorded hate crime", "date": "2025-03-31"}]),
                "strength_ids": [_json(sorted(rng.sample(strength_ids, 2))) for _ in struggle_ids],
            },
            len(struggle_ids),
            [tx("Struggle added") for _ in struggle_ids],
        )
        self.loader.write(
            "evidence_link",
            {
                "record_kind": [e[0] for e in evidence],
                "record_id": [e[1] for e in evidence],
                "voice_id": [e[2] for e in evidence],
                "place_id": common["place_id"],
            },
            len(evidence),
        )
        self.mapping_tx = self.ids.last("transaction")
        return {"strengths": strength_ids, "struggles": struggle_ids}

    def plan(
        self,
        index: int,
        common: dict[str, Any],
        area_ids: list[int],
        mapping: dict[str, list[int]],
        tx: Callable[[str | None], int],
    ) -> dict[str, Any]:
        rng, sizes, scale = self.rng, self.sizes, self.sizes.scale(index)
        priority_ids = self.ids.take("priority", sizes.priorities * scale)
        self.write_versioned(
            Priority,
            {
                **common,
                "id": priority_ids,
                "outcome": [
                    f"More people from different backgrounds meet and mix ({n + 1})"
                    for n in range(len(priority_ids))
                ],
                "description": "Agreed with partners at the spring workshop.",
                "struggle_ids": [_json(sorted(rng.sample(mapping["struggles"], 3))) for _ in priority_ids],
                "strength_ids": [_json(sorted(rng.sample(mapping["strengths"], 2))) for _ in priority_ids],
                "position": list(range(1, len(priority_ids) + 1)),
            },
            len(priority_ids),
            [tx("Priority added") for _ in priority_ids],
        )
        count = sizes.actions * scale
        action_ids = self.ids.take("action", count)
        parents = [action_ids[n - n % 10] if n % 10 in (1, 2) else None for n in range(count)]
        created = [tx("Action added") for _ in action_ids]
        statuses = [[_STATUSES[(n + q) % len(_STATUSES)] for n in range(count)] for q in range(4)]
        percents = [[min(100, 20 * (q + 1) + n % 7) for n in range(count)] for q in range(4)]
        milestones = [
            _json(
                [
                    {"title": "Partners agreed", "due": "2025-12-31", "done": True},
                    {"title": "Venue booked", "due": "2026-03-31", "done": n % 2 == 0},
                    {"title": "First event held", "due": "2026-09-30", "done": False},
                ]
            )
            for n in range(count)
        ]
        live = {
            **common,
            "id": action_ids,
            "version": 5,
            "title": [f"{_ACTIONS[n % len(_ACTIONS)]} ({n + 1})" for n in range(count)],
            "description": "Delivered with partners across the place.",
            "priority_id": [priority_ids[n % len(priority_ids)] for n in range(count)],
            "parent_id": parents,
            "weight": 1,
            "status": statuses[3],
            "lead_organisation": [f"{_WARDS[n % len(_WARDS)]} {_ORGS[n % len(_ORGS)]}" for n in range(count)],
            "partners": "Council; police; faith forum",
            "area_ids": [_json(sorted(rng.sample(area_ids, 2))) for _ in action_ids],
            "struggle_ids": [_json(sorted(rng.sample(mapping["struggles"], 2))) for _ in action_ids],
            "start_date": "2025-10-01",
            "end_date": "2027-09-30",
            "budget": [5000 + 1000 * (n % 20) for n in range(count)],
            "funding_source": [
                ("pride_in_place", "council_core", "partner", "grant")[n % 4] for n in range(count)
            ],
            "milestones": milestones,
            "risks": _json(
                [
                    {
                        "description": "Volunteers drop out",
                        "likelihood": "medium",
                        "impact": "high",
                        "mitigation": "Recruit early",
                    }
                ]
            ),
            "percent_complete": percents[3],
            "update_every_months": 3,
        }
        self.loader.write("action", live, count)
        self.action_versions = (live, created)
        indicator_count = int(sizes.indicators * scale) + (index % 2 if scale == 1 else 0)
        indicator_ids = self.ids.take("indicator", indicator_count)
        library = [LIBRARY[n] if n < len(LIBRARY) else None for n in range(indicator_count)]
        self.write_versioned(
            Indicator,
            {
                **common,
                "id": indicator_ids,
                "library_key": [item.key if item else None for item in library],
                "name": [
                    item.name if item else f"People at mixing events ({n + 1})"
                    for n, item in enumerate(library)
                ],
                "kind": ["population" if item else "performance" for item in library],
                "performance_question": [None if item else "how_much" for item in library],
                "definition": [item.definition if item else "Count of attendances." for item in library],
                "question": [item.question if item else None for item in library],
                "unit": [item.unit if item else "people" for item in library],
                "data_source": [item.data_source if item else "Event registers" for item in library],
                "polarity": [item.polarity if item else "higher" for item in library],
                "baseline_value": [60.0 if item else 100.0 for item in library],
                "baseline_date": "2025-03-31",
                "target_value": [70.0 if item else 400.0 for item in library],
                "target_date": "2028-03-31",
                "frequency": "Every quarter",
                "priority_id": [priority_ids[n % len(priority_ids)] for n in range(indicator_count)],
                "action_ids": [_json(sorted(rng.sample(action_ids, 2))) for _ in indicator_ids],
            },
            indicator_count,
            [tx("Indicator added") for _ in indicator_ids],
        )
        self.plan_tx = self.ids.last("transaction")
        return {"actions": action_ids, "indicators": indicator_ids, "library": library, "editions": {}}

    def progress(
        self, index: int, common: dict[str, Any], plan: dict[str, Any], tx: Callable[[str | None], int]
    ) -> None:
        live, created = self.action_versions
        action_ids: list[int] = plan["actions"]
        count = len(action_ids)
        periods = ("2025-12-31", "2026-03-31", "2026-06-30", "2026-09-30")
        update_tx = [[tx("Update recorded") for _ in action_ids] for _ in periods]
        update_ids = self.ids.take("action_update", count * len(periods))
        columns: dict[str, list[Any]] = {
            name: [] for name in ("id", "action_id", "period_end", "status", "percent_complete", "spent")
        }
        transactions: list[int] = []
        for quarter, period in enumerate(periods):
            for n, action_id in enumerate(action_ids):
                columns["id"].append(update_ids[quarter * count + n])
                columns["action_id"].append(action_id)
                columns["period_end"].append(period)
                columns["status"].append(_STATUSES[(n + quarter) % len(_STATUSES)])
                columns["percent_complete"].append(min(100, 20 * (quarter + 1) + n % 7))
                columns["spent"].append(1000 * (quarter + 1))
                transactions.append(update_tx[quarter][n])
        self.write_versioned(
            ActionUpdate,
            {
                **common,
                **columns,
                "what_happened": "Two sessions held; good mix of people from across the place.",
                "blockers": "Venue costs",
                "evidence": "Attendance registers",
            },
            len(update_ids),
            transactions,
        )
        table = version_class(Action).__table__
        first = live | {"status": "not_started", "percent_complete": 0}
        self.loader.write("action_version", _versions(first, table, created, update_tx[0], 0), count)
        for quarter in range(4):
            row = live | {
                "status": [_STATUSES[(n + quarter) % len(_STATUSES)] for n in range(count)],
                "percent_complete": [min(100, 20 * (quarter + 1) + n % 7) for n in range(count)],
            }
            ends = update_tx[quarter + 1] if quarter < 3 else None
            self.loader.write("action_version", _versions(row, table, update_tx[quarter], ends, 1), count)
        indicator_ids: list[int] = plan["indicators"]
        quarters = [date(2023, 12, 31) + timedelta(days=91 * q) for q in range(12)]
        measure_tx = [tx("Figures added") for _ in quarters]
        measurement_ids = self.ids.take("measurement", len(indicator_ids) * len(quarters))
        values, on, txs, samples = [], [], [], []
        for n, item in enumerate(plan["library"]):
            for q, day in enumerate(quarters):
                base = 60.0 if item else 100.0
                values.append(round(base + (q - 5) * (0.6 if item else 20) + (n % 3), 1))
                on.append(day.isoformat())
                txs.append(measure_tx[q])
                samples.append(800 if item else None)
        self.write_versioned(
            Measurement,
            {
                **common,
                "id": measurement_ids,
                "indicator_id": [indicator_ids[i // len(quarters)] for i in range(len(measurement_ids))],
                "measured_on": on,
                "value": values,
                "source": "Residents' survey",
                "sample_size": samples,
            },
            len(measurement_ids),
            txs,
        )
        self.progress_tx = measure_tx[-1]


def _profile(rng: random.Random, population: int) -> dict[str, dict[str, int]]:
    profile: dict[str, dict[str, int]] = {}
    for name, (_label, groups) in PROFILE_FIELDS.items():
        weights = [rng.random() + 0.2 for _ in groups]
        total = sum(weights)
        profile[name] = {group: int(population * w / total) for group, w in zip(groups, weights, strict=True)}
    return profile


# --- Indexes, sequences and the load as a whole -------------------------------------------------------------

_LOADED_TABLES = (
    "voice", "voice_version", "voice_theme", "transaction", "evidence_link", "action", "action_version",
    "action_update", "action_update_version", "measurement", "measurement_version", "listening_exercise_version",
    "strength_version", "struggle_version", "priority_version", "indicator_version", "area_version",
)  # fmt: skip


def _drop_indexes(connection: Any, dialect: str) -> list[str]:
    """Drop the secondary indexes of the big tables (rebuilding once is far quicker than keeping them up)."""
    cursor = connection.cursor()
    names = ", ".join(f"'{t}'" for t in _LOADED_TABLES)
    if dialect == "postgresql":
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            f"AND tablename IN ({names}) AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
    else:
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({names}) AND sql IS NOT NULL"
        )
    found = cursor.fetchall()
    for name, _definition in found:
        cursor.execute(f'DROP INDEX "{name}"')
    cursor.close()
    return [definition for _name, definition in found]


def _serial_tables() -> list[str]:
    return [
        "user_account", "membership", "place", "area", "strategy", "listening_exercise", "voice", "strength",
        "struggle", "priority", "action", "indicator", "action_update", "measurement", "edition", "transaction",
    ]  # fmt: skip


def _start_ids(session: Session) -> dict[str, int]:
    start = {}
    for table in _serial_tables():
        start[table] = int(
            session.execute(text(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"')).scalar_one()
        )
    return start


def _users(session: Session) -> None:
    """The bench sign-ins: not demo accounts, so the server runs with production settings."""
    password = hash_password(BENCH_PASSWORD)
    names = {
        OFFICER_EMAIL: "Bench Officer",
        FACILITATOR_EMAIL: "Bench Facilitator",
        COUNCILLOR_EMAIL: "Bench Councillor",
    }
    session.execute(
        insert(User.__table__),  # type: ignore[attr-defined]
        [
            {
                "email": email,
                "name": name,
                "password_hash": password,
                "is_admin": False,
                "active": True,
                "created_at": datetime.now(UTC),
            }
            for email, name in names.items()
        ],
    )


def officer_id(session: Session) -> int:
    return int(session.execute(select(User.id).where(User.email == OFFICER_EMAIL)).scalar_one())  # type: ignore[call-overload]


def build(
    engine: Engine, sizes: BenchSizes, *, seed: int = 2026, log: Callable[[str], None] = print
) -> dict[str, int]:
    """Write the whole dataset into an empty, migrated database. Returns the rows written per table."""
    started = time.monotonic()
    dialect = engine.dialect.name
    with Session(engine) as session:
        if session.execute(select(func.count()).select_from(Place)).scalar_one():
            raise ValueError("The database already has places: bench data needs an empty, migrated database")
        themes = list(
            session.execute(
                select(Theme.id).where(col(Theme.place_id).is_(None)).order_by(col(Theme.position))
            ).scalars()
        )
        start = _start_ids(session)
        # Users first (their ids are the actors of the transactions).
        _users(session)
        session.commit()
        actor = officer_id(session)
    raw = engine.raw_connection()
    try:
        connection: Any = raw.driver_connection
        if dialect == "sqlite":
            connection.execute("PRAGMA foreign_keys=OFF")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute("PRAGMA cache_size=-400000")
        else:
            try:
                connection.execute("SET session_replication_role = replica")
            except Exception:
                connection.rollback()
        definitions = _drop_indexes(connection, dialect)
        connection.commit()
        loader = _Loader(connection, dialect)
        generator = _Generator(loader, _Ids(start), sizes, seed)
        placed: list[dict[str, int]] = []
        for index in range(sizes.places):
            loader.begin()
            placed.append(generator.place(index, themes, actor))
            editions = {
                "listening": generator.listening_tx,
                "mapping": generator.mapping_tx,
                "plan": generator.plan_tx,
                "progress": generator.progress_tx,
            }
            edition_ids = generator.ids.take("edition", len(editions))
            loader.write(
                "edition",
                {
                    "id": edition_ids,
                    "place_id": placed[-1]["place_id"],
                    "strategy_id": placed[-1]["strategy_id"],
                    "stage": list(editions),
                    "number": 1,
                    "title": [f"{stage.capitalize()} edition, agreed by Cabinet" for stage in editions],
                    "transaction_id": list(editions.values()),
                    "published_by_id": actor,
                    "published_at": loader.timestamp(generator.epoch + timedelta(days=300)),
                },
                len(editions),
            )
            generator.flush_transactions()
            loader.commit()
            if index % 50 == 0:
                log(f"  place {index + 1} of {sizes.places} ({time.monotonic() - started:.0f} s)")
        log(f"  rows written ({time.monotonic() - started:.0f} s); rebuilding indexes")
        cursor = connection.cursor()
        for definition in definitions:
            cursor.execute(definition)
        if dialect == "postgresql":
            for table in _serial_tables():
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), coalesce(max(id), 1)) FROM \"{table}\""
                )
            cursor.execute("SET session_replication_role = DEFAULT")
        connection.commit()
        cursor.close()
    finally:
        raw.close()
    with Session(engine) as session:
        _memberships(session, placed)
        session.commit()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # As autovacuum would after a load this size: fresh statistics, and a visibility map for index-only scans.
        if dialect == "postgresql":
            for table in sa.inspect(connection).get_table_names():
                connection.exec_driver_sql(f'VACUUM ANALYZE "{table}"')
        else:
            connection.exec_driver_sql("ANALYZE")
    log(f"  done in {time.monotonic() - started:.0f} s")
    return loader.written


def _memberships(session: Session, placed: list[dict[str, int]]) -> None:
    users = dict(
        session.execute(select(User.email, User.id).where(User.email.like(f"%@{BENCH_DOMAIN}"))).all()
    )  # type: ignore[attr-defined,call-overload]
    rows = [
        {"user_id": users[OFFICER_EMAIL], "place_id": placed[i]["place_id"], "role": "officer"}
        for i in (0, 1)
        if i < len(placed)
    ]
    rows += [
        {"user_id": users[FACILITATOR_EMAIL], "place_id": p["place_id"], "role": "facilitator"}
        for p in placed
    ]
    rows.append({"user_id": users[COUNCILLOR_EMAIL], "place_id": placed[0]["place_id"], "role": "councillor"})
    session.execute(insert(Membership.__table__), rows)  # type: ignore[attr-defined]


def targets(engine: Engine) -> BenchTargets:
    """The measured place, the largest strategy, and the records the load generator asks for."""
    with Session(engine) as session:
        places = list(session.execute(select(Place.id, Place.slug).order_by(Place.id).limit(2)).all())  # type: ignore[call-overload]
        place_id, slug = places[0]
        largest_id, largest_slug = places[-1]
        strategy = session.execute(select(Strategy.id).where(Strategy.place_id == place_id)).scalar_one()  # type: ignore[call-overload]
        top = session.execute(
            select(VoiceTheme.theme_id, VoiceTheme.area_id, func.count())
            .where(VoiceTheme.place_id == place_id, VoiceTheme.area_id.is_not(None))  # type: ignore[union-attr]
            .group_by(VoiceTheme.theme_id, VoiceTheme.area_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()

        def first(model: Any, of_place: int = place_id) -> int:
            return int(
                session.execute(select(func.min(model.id)).where(model.place_id == of_place)).scalar_one()
            )

        counts = {
            table: int(session.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
            for table in (
                "place",
                "area",
                "voice",
                "voice_theme",
                "action",
                "indicator",
                "measurement",
                "action_update",
                "transaction",
            )
        }
        counts["version rows"] = sum(
            int(session.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one())
            for t in sa.inspect(session.get_bind()).get_table_names()
            if t.endswith("_version")
        )
        return BenchTargets(
            place_slug=slug,
            largest_slug=largest_slug,
            strategy_slug=STRATEGY_SLUG,
            theme_id=int(top[0]),
            area_id=int(top[1]),
            action_id=first(Action),
            indicator_id=first(Indicator),
            exercise_id=first(ListeningExercise),
            largest_exercise_id=first(ListeningExercise, largest_id),
            counts=counts | {"strategy_id": int(strategy)},
        )
