"""The rows of one benchmark place, built column by column (see seed/bench.py for the load as a whole).

Each table's rows are lists of column values, zipped into tuples by the loader, so a million voices need
no per-row dictionaries. Live rows and their version rows are written together; version rows end where the
next version of the same record starts, as SQLAlchemy-Continuum's validity strategy has them.
"""

import itertools
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app.models import (
    PROFILE_FIELDS,
    Action,
    ActionUpdate,
    Area,
    Indicator,
    ListeningExercise,
    Measurement,
    Priority,
    Strategy,
    Strength,
    Struggle,
    Voice,
    version_class,
)
from app.services.plan.indicator_library import LIBRARY
from seed.boundaries import invented_wards

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


LARGEST_WARDS = 70


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


def place_name(index: int) -> str:
    first, second = divmod(index, len(_SECOND))
    name = _FIRST[first % len(_FIRST)] + _SECOND[second]
    return name if index < len(_FIRST) * len(_SECOND) else f"{name} {index // 400 + 1}"


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


class Ids:
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


class Loader:
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
            cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)  # noqa: S608 - our own tables
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


class Generator:
    def __init__(self, loader: "Loader", ids: "Ids", sizes: BenchSizes, seed: int) -> None:
        self.loader = loader
        self.ids = ids
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.epoch = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
        self.transactions: dict[str, list[Any]] = {"id": [], "actor_id": [], "note": [], "issued_at": []}
        # The last transaction of each stage of the place being written: what its edition includes.
        self.stage_tx: dict[str, int] = {}
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
        # The largest place has as many wards as a big city, for the ward maps' benchmark.
        area_ids = self.ids.take("area", LARGEST_WARDS if index == 1 and sizes.places > 2 else sizes.areas)
        populations = [rng.randint(6000, 16000) for _ in area_ids]
        # Outlines only where pages are measured: inventing them for 400 places would slow the build.
        outlines = invented_wards(len(area_ids), seed=index + 1) if index < 2 else [None] * len(area_ids)
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
                "boundary": outlines,
            },
            len(area_ids),
            setup,
        )
        common = {"place_id": place_id, "strategy_id": strategy_id, "version": 1}
        voice_ids = self.voices(index, common, area_ids, themes, tx)
        mapping = self.mapping(index, common, area_ids, themes, voice_ids, tx)
        plan = self.plan(index, common, area_ids, mapping, tx)
        self.progress(index, common, plan, tx)
        return {"place_id": place_id, "strategy_id": strategy_id}

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
        # One voice in ten has no theme yet, so the "needs themes" queue has work in it.
        for position in range(7, total, 10):
            chosen[position] = []
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
        self.stage_tx["listening"] = max(confirm_tx + list(edit_tx.values()) + exercise_tx)
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
        self.stage_tx["mapping"] = self.ids.last("transaction")
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
        self.stage_tx["plan"] = self.ids.last("transaction")
        return {
            "actions": action_ids,
            "indicators": indicator_ids,
            "library": library,
            "action_rows": live,
            "action_created": created,
        }

    def progress(
        self, index: int, common: dict[str, Any], plan: dict[str, Any], tx: Callable[[str | None], int]
    ) -> None:
        live, created = plan["action_rows"], plan["action_created"]
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
        self.stage_tx["progress"] = measure_tx[-1]


def _profile(rng: random.Random, population: int) -> dict[str, dict[str, int]]:
    profile: dict[str, dict[str, int]] = {}
    for name, (_label, groups) in PROFILE_FIELDS.items():
        weights = [rng.random() + 0.2 for _ in groups]
        total = sum(weights)
        profile[name] = {group: int(population * w / total) for group, w in zip(groups, weights, strict=True)}
    return profile
