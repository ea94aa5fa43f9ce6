"""Response models of the JSON API (``XRead``). The OpenAPI document at /api/v1/openapi.json is made from
them, and every answer is built through them, so what the document says is what the API returns."""

from datetime import UTC, date, datetime
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from app.models import (
    ActionStatus,
    ConsentBasis,
    FundingSource,
    IndicatorKind,
    ListeningMethod,
    PerformanceQuestion,
    Polarity,
    Role,
    StrategyStatus,
    StrengthKind,
    StrengthStatus,
    Trend,
    VoiceKind,
)
from app.services.outputs.disclosure import FEWER, MINIMUM

T = TypeVar("T")
StageSlug = Literal["listening", "mapping", "plan", "progress"]
MAX_PAGE = 10_000_000
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


def _as_utc(value: datetime) -> datetime:
    """Times are stored in UTC; a value read back without its zone gets it, so every time has an offset."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


UtcDateTime = Annotated[datetime, AfterValidator(_as_utc)]
Ids = Annotated[list[int], Field(description="Ids of records of this strategy or place.")]


class Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# --- Requests: the query string ---------------------------------------------------------------------------


class PageQuery(BaseModel):
    """Which page of a list. Any other query parameter is refused."""

    model_config = ConfigDict(extra="forbid")

    page: int = Field(default=1, ge=1, le=MAX_PAGE, description="The page to return, from 1.")
    page_size: int = Field(
        default=DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"How many items a page holds, from 1 to {MAX_PAGE_SIZE}.",
    )


class NoQuery(BaseModel):
    """An answer that takes no query parameters: any is refused, so a mistyped one is not silently ignored."""

    model_config = ConfigDict(extra="forbid")


# --- Errors -------------------------------------------------------------------------------------------------


class ErrorRead(BaseModel):
    detail: str = Field(description="What went wrong, in plain English.")


class ValidationProblemRead(BaseModel):
    location: str = Field(description="Where the problem is: query or path.")
    name: str = Field(description="The parameter.")
    message: str


class ValidationErrorRead(BaseModel):
    detail: str = Field(description="Every problem with the request, in plain English.")
    errors: list[ValidationProblemRead]


# --- Places and strategies ----------------------------------------------------------------------------------


class PlaceRead(Read):
    slug: str
    name: str
    gss_code: str = Field(description="ONS GSS code, such as E08000032.")
    role: Role = Field(description="Your role in this place.")


class AreaRead(Read):
    id: int
    name: str
    welsh_name: str | None = Field(description="The ward's Welsh name, from the ONS boundary file, in Wales.")
    gss_code: str | None = Field(description="The ONS (GSS) code of the ward, such as E05001234.")
    population: int | None
    profile_source: str | None = Field(
        description='Where the area\'s population profile comes from, such as "Census 2021, table TS021".'
    )
    has_boundary: bool = Field(description="Whether the area has an outline, so that it is drawn on maps.")


class PlaceDetailRead(PlaceRead):
    areas: list[AreaRead] = Field(description="Wards or neighbourhoods, by name; records refer to their ids.")


class StrategyRead(Read):
    id: int
    slug: str
    title: str
    start_date: date
    end_date: date
    status: StrategyStatus
    version: int


# --- Listening ----------------------------------------------------------------------------------------------


class ListeningExerciseRead(Read):
    id: int
    version: int
    title: str
    method: ListeningMethod
    start_date: date
    end_date: date | None
    area_ids: Ids
    partners: str | None
    participants: int | None
    profile: dict[str, dict[str, int]] | None = Field(
        description="Who took part: counts by field (age_band, ethnic_group, ...) and group."
    )
    consent_basis: ConsentBasis
    notes: str | None


class VoiceRead(Read):
    id: int
    version: int
    exercise_id: int
    text: str = Field(description="What was said, with personal details already removed.")
    kind: VoiceKind
    area_id: int | None
    theme_ids: Ids
    age_band: str | None
    ethnic_group: str | None
    gender: str | None
    faith: str | None
    disability: str | None
    migration_status: str | None
    redactions: list[str] = Field(description="Kinds of personal detail removed: email, phone, name, ...")
    created_at: UtcDateTime


# --- Mapping ------------------------------------------------------------------------------------------------


class StrengthRead(Read):
    id: int
    version: int
    name: str
    kind: StrengthKind
    status: StrengthStatus
    organisation: str | None
    area_ids: Ids
    theme_ids: Ids
    description: str | None
    voice_ids: Ids
    exercise_ids: Ids


class DataSourceRead(Read):
    name: str
    date: date


class StruggleRead(Read):
    id: int
    version: int
    title: str
    severity: int = Field(description="From 1 (minor) to 5 (severe).")
    trend: Trend
    area_ids: Ids
    theme_ids: Ids
    description: str | None
    groups_affected: str | None
    voice_ids: Ids
    exercise_ids: Ids
    data_sources: list[DataSourceRead]
    strength_ids: Ids = Field(description="Strengths an officer confirmed could help with this struggle.")


# --- Plan and progress --------------------------------------------------------------------------------------


class PriorityRead(Read):
    id: int
    version: int
    outcome: str
    description: str | None
    struggle_ids: Ids
    strength_ids: Ids
    position: int


class MilestoneRead(Read):
    title: str
    due: date
    done: bool = False


class RiskRead(Read):
    description: str
    likelihood: str
    impact: str
    mitigation: str = ""


class ActionUpdateRead(Read):
    id: int
    version: int
    period_end: date
    status: ActionStatus
    percent_complete: int
    what_happened: str
    blockers: str | None
    evidence: str | None
    spent: int | None = Field(description="Spent so far, in whole pounds.")


class ActionRead(Read):
    id: int
    version: int
    title: str
    description: str | None
    priority_id: int | None
    parent_id: int | None = Field(description="The larger action this is part of.")
    weight: int = Field(description="Its weight within its parent, from 1 to 100.")
    status: ActionStatus
    lead_organisation: str
    partners: str | None
    area_ids: Ids
    struggle_ids: Ids
    start_date: date
    end_date: date
    budget: int | None = Field(description="In whole pounds.")
    funding_source: FundingSource | None
    milestones: list[MilestoneRead]
    risks: list[RiskRead]
    percent_complete: int
    update_every_months: int
    updates: list[ActionUpdateRead] = Field(description="Progress updates, oldest period first.")


class MeasurementRead(Read):
    id: int
    version: int
    measured_on: date
    value: float
    source: str | None
    notes: str | None
    sample_size: int | None
    ci_low: float | None
    ci_high: float | None


class IndicatorRead(Read):
    id: int
    version: int
    library_key: str | None = Field(description="The shared indicator it comes from, if any.")
    name: str
    kind: IndicatorKind
    performance_question: PerformanceQuestion | None
    definition: str | None
    question: str | None = Field(description="The exact survey question wording.")
    unit: str
    data_source: str | None
    polarity: Polarity
    baseline_value: float | None
    baseline_date: date | None
    target_value: float | None
    target_date: date | None
    frequency: str | None
    priority_id: int | None
    action_ids: Ids
    story: str | None = Field(description="The story behind the curve.")
    story_partners: str | None
    what_works: str | None
    measurements: list[MeasurementRead] = Field(description="Figures, oldest first.")


# --- Editions -----------------------------------------------------------------------------------------------


class EditionRead(Read):
    id: int
    stage: StageSlug
    number: int
    title: str
    note: str | None
    decided_on: date | None
    published_at: UtcDateTime


class EditionRecordRead(Read):
    id: int
    heading: str
    values: dict[str, str] = Field(
        description="Field label to value, in plain English. For a reader who may not read drafts, a count "
        f"of people (such as Number of participants or Respondents) from 1 to {MINIMUM - 1} is "
        f"“{FEWER}”."
    )


class EditionKindRead(Read):
    kind: str = Field(description="The record kind, such as action or indicator.")
    noun: str
    count: int | None = Field(
        description="How many records are given. Null when what residents said numbers 1 to "
        f"{MINIMUM - 1} and the reader may not read drafts: `shown` is then “{FEWER}”."
    )
    shown: str = Field(description=f"The count as it may be shown: the number, or “{FEWER}”.")
    records: list[EditionRecordRead] = Field(
        description="Empty for what councillors see as a count only (what residents said)."
    )
    left_out: str | None = Field(
        description="For a reader who may not read drafts: what was left out because it comes from fewer "
        f"than {MINIMUM} people (a set of scores), in a sentence; null when nothing was."
    )


class EditionDetailRead(EditionRead):
    published_by: str
    kinds: list[EditionKindRead] = Field(description="The stage's records as they were when published.")


# --- Pages --------------------------------------------------------------------------------------------------


class Page(BaseModel, Generic[T]):
    items: list[T]
    page: int
    page_size: int
    total: int = Field(description="How many items there are on all pages together.")


class PlacePage(Page[PlaceRead]):
    pass


class StrategyPage(Page[StrategyRead]):
    pass


class ListeningExercisePage(Page[ListeningExerciseRead]):
    pass


class VoicePage(Page[VoiceRead]):
    pass


class StrengthPage(Page[StrengthRead]):
    pass


class StrugglePage(Page[StruggleRead]):
    pass


class PriorityPage(Page[PriorityRead]):
    pass


class ActionPage(Page[ActionRead]):
    pass


class IndicatorPage(Page[IndicatorRead]):
    pass


class EditionPage(Page[EditionRead]):
    pass
