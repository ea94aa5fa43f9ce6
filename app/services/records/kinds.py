"""The one registry of record kinds: every versioned model, what it is called and how it is shown.

History, restore, editions, review, exports, place figures, portability and record lookup all read this
table; adding a kind is one entry here, or in ``tension_kinds`` for the tension log's. It is complete once
imported: it imports the models only, never the service modules, which import it. A kind's restore check and
after-save step live in its service module and are named here by a ``Hook`` (``kind_types``), imported on
first use.
"""

from app.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Area,
    CommentStatus,
    ConsentBasis,
    FundingSource,
    Indicator,
    IndicatorKind,
    ListeningExercise,
    ListeningMethod,
    Measurement,
    NarrativePart,
    NarrativeSection,
    PerformanceQuestion,
    Polarity,
    Priority,
    PublicPage,
    PublicText,
    ReviewComment,
    ScoreSet,
    Strategy,
    StrategyStatus,
    Strength,
    StrengthKind,
    StrengthStatus,
    Struggle,
    Theme,
    Trend,
    Versioned,
    Voice,
    VoiceKind,
)
from app.services.records.kind_types import Hook, Kind, Page
from app.services.records.tension_kinds import TENSION_KINDS
from app.stages import STAGES

_LISTENING = "app.services.listening.service"
_MAPPING = "app.services.mapping.service"
_PLAN = "app.services.plan.service"
_INDICATORS = "app.services.plan.indicators"

# Stage kinds in the order an edition shows them.
KINDS: tuple[Kind, ...] = (
    Kind(
        model=ListeningExercise,
        noun="listening exercise",
        labels={
            "title": "Title",
            "method": "Method",
            "start_date": "Start date",
            "end_date": "End date",
            "area_ids": "Areas",
            "partners": "Partner organisations",
            "participants": "Number of participants",
            "profile": "Who took part",
            "consent_basis": "Consent basis",
            "notes": "Notes",
        },
        page=Page("listening.show_exercise", "exercise_id"),
        stage="listening",
        personal_fields=frozenset({"profile", "notes", "consent_basis"}),
        choices={"method": ListeningMethod, "consent_basis": ConsentBasis},
        lookups={"area_ids": Area},
        check=Hook(_LISTENING, "restored_exercise"),
    ),
    Kind(
        model=ScoreSet,
        noun="set of Place Standard scores",
        labels={"area_id": "Area", "basis": "Basis", "respondents": "Respondents", "scores": "Scores"},
        page=Page("listening.scores"),
        stage="listening",
        lookups={"area_id": Area},
        formats={"scores": "scores", "basis": "score_basis"},
        check=Hook("app.services.listening.scores", "restored_score_set"),
    ),
    Kind(
        model=Voice,
        noun="voice",
        labels={
            "text": "What was said",
            "kind": "Kind",
            "area_id": "Area",
            "theme_ids": "Themes",
            "age_band": "Age",
            "ethnic_group": "Ethnic group",
            "gender": "Gender",
        },
        page=Page("listening.show_voice", "voice_id"),
        stage="listening",
        personal=True,
        choices={"kind": VoiceKind},
        lookups={"area_id": Area, "theme_ids": Theme},
        check=Hook(_LISTENING, "restored_voice"),
        after_save=Hook(_LISTENING, "voice_themes_in_step"),
    ),
    Kind(
        model=Strength,
        noun="strength",
        labels={
            "name": "Name",
            "kind": "Kind",
            "status": "Status",
            "organisation": "Organisation",
            "area_ids": "Areas",
            "theme_ids": "Themes",
            "description": "Description",
            "voice_ids": "Voices as evidence",
            "exercise_ids": "Exercises as evidence",
        },
        page=Page("mapping.record", "record_id", fixed=(("records", "strengths"),)),
        stage="mapping",
        personal_fields=frozenset({"voice_ids"}),
        choices={"kind": StrengthKind, "status": StrengthStatus},
        lookups={"area_ids": Area, "theme_ids": Theme, "exercise_ids": ListeningExercise, "voice_ids": Voice},
        check=Hook(_MAPPING, "restored_strength"),
        after_save=Hook(_MAPPING, "index_evidence"),
    ),
    Kind(
        model=Struggle,
        noun="struggle",
        labels={
            "title": "Title",
            "severity": "Severity",
            "trend": "Trend",
            "area_ids": "Areas",
            "theme_ids": "Themes",
            "description": "Description",
            "groups_affected": "Groups affected",
            "voice_ids": "Voices as evidence",
            "exercise_ids": "Exercises as evidence",
            "data_sources": "Data sources",
            "strength_ids": "Strengths that could help",
        },
        page=Page("mapping.record", "record_id", fixed=(("records", "struggles"),)),
        stage="mapping",
        personal_fields=frozenset({"voice_ids"}),
        choices={"trend": Trend},
        lookups={
            "area_ids": Area,
            "theme_ids": Theme,
            "exercise_ids": ListeningExercise,
            "strength_ids": Strength,
            "voice_ids": Voice,
        },
        check=Hook(_MAPPING, "restored_struggle"),
        after_save=Hook(_MAPPING, "index_evidence"),
    ),
    Kind(
        model=Priority,
        noun="priority",
        labels={
            "outcome": "Outcome",
            "description": "Description",
            "struggle_ids": "Struggles it answers",
            "strength_ids": "Strengths it builds on",
            "position": "Order",
        },
        page=Page("plan.index"),
        stage="plan",
        lookups={"struggle_ids": Struggle, "strength_ids": Strength},
        check=Hook(_PLAN, "restored_priority"),
    ),
    Kind(
        model=Action,
        noun="action",
        labels={
            "title": "Title",
            "description": "Description",
            "priority_id": "Priority",
            "parent_id": "Part of",
            "weight": "Weight within its parent",
            "status": "Status",
            "lead_organisation": "Lead organisation",
            "partners": "Partners",
            "area_ids": "Areas",
            "struggle_ids": "Struggles it answers",
            "start_date": "Start date",
            "end_date": "End date",
            "budget": "Budget",
            "funding_source": "Funding source",
            "milestones": "Milestones",
            "risks": "Risks",
            "percent_complete": "Percent complete",
            "update_every_months": "Update due every (months)",
        },
        page=Page("plan.show_action", "action_id"),
        stage="plan",
        choices={"status": ActionStatus, "funding_source": FundingSource},
        lookups={"area_ids": Area, "struggle_ids": Struggle},
        formats={
            "budget": "money",
            "percent_complete": "percent",
            "milestones": "milestones",
            "risks": "risks",
        },
        check=Hook(_PLAN, "restored_action"),
    ),
    Kind(
        model=Indicator,
        noun="indicator",
        labels={
            "name": "Name",
            "kind": "Kind",
            "performance_question": "Question it answers",
            "definition": "Definition",
            "question": "Survey question wording",
            "unit": "Unit",
            "data_source": "Data source",
            "polarity": "Polarity",
            "baseline_value": "Baseline",
            "baseline_date": "Baseline date",
            "target_value": "Target",
            "target_date": "Target date",
            "frequency": "Frequency",
            "priority_id": "Priority",
            "action_ids": "Actions",
            "story": "Story behind the curve",
            "story_partners": "Partners with a role to play",
            "what_works": "What works",
        },
        page=Page("plan.show_indicator", "indicator_id"),
        stage="plan",
        choices={"kind": IndicatorKind, "performance_question": PerformanceQuestion, "polarity": Polarity},
        lookups={"action_ids": Action},
        check=Hook(_INDICATORS, "restored_indicator"),
    ),
    Kind(
        model=ActionUpdate,
        noun="update",
        labels={
            "period_end": "Period ending",
            "status": "Status",
            "percent_complete": "Percent complete",
            "what_happened": "What happened",
            "blockers": "What is blocking",
            "evidence": "Evidence",
            "spent": "Spent so far",
        },
        page=Page("progress.index"),
        stage="progress",
        choices={"status": ActionStatus},
        formats={"spent": "money", "percent_complete": "percent"},
    ),
    Kind(
        model=Measurement,
        noun="measurement",
        labels={
            "measured_on": "Date",
            "value": "Value",
            "source": "Source",
            "notes": "Notes",
            "sample_size": "Sample size",
            "ci_low": "Confidence interval from",
            "ci_high": "Confidence interval to",
        },
        page=Page("progress.index"),
        stage="progress",
    ),
    Kind(
        model=Strategy,
        noun="strategy",
        labels={"title": "Title", "start_date": "Start date", "end_date": "End date", "status": "Status"},
        page=Page("strategies.show"),
        choices={"status": StrategyStatus},
        check=Hook("app.services.strategies", "restored_strategy"),
    ),
    Kind(
        model=NarrativeSection,
        noun="section of the strategy",
        labels={"part": "Section", "body": "Text"},
        page=Page("narrative.index"),
        choices={"part": NarrativePart},
    ),
    Kind(
        model=Area,
        noun="area",
        labels={
            "name": "Name",
            "gss_code": "GSS code",
            "welsh_name": "Welsh name",
            "population": "Population",
            "profile": "Population profile",
            "profile_source": "Profile source",
        },
        # An area is shown on its place's page.
        page=Page("places.show", in_strategy=False),
        check=Hook("app.services.accounts.admin", "restored_area"),
    ),
    Kind(
        model=ReviewComment,
        noun="comment",
        labels={"body": "Comment", "status": "Status"},
        page=Page("review.index"),
        choices={"status": CommentStatus},
    ),
    Kind(
        model=PublicPage,
        noun="public pages setting",
        labels={
            "enabled": "Published",
            "welsh": "Offered in Welsh",
            "contact": "How to get in touch",
            "contact_cy": "How to get in touch, in Welsh",
        },
        page=Page("public.settings", in_strategy=False),
    ),
    Kind(
        model=PublicText,
        noun="wording for the public pages",
        labels={"source": "Published text", "language": "Language", "purpose": "Purpose", "text": "Wording"},
        page=Page("public.wording", in_strategy=False),
    ),
)

# The tension log's kinds: a place's own records, outside the strategy and its stages.
KINDS += TENSION_KINDS

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
_BY_MODEL: dict[type[Versioned], Kind] = {kind.model: kind for kind in KINDS}
# The kinds each stage is made of, stages in order.
BY_STAGE: dict[str, tuple[Kind, ...]] = {
    stage.slug: tuple(kind for kind in KINDS if kind.stage == stage.slug) for stage in STAGES
}
STAGE_KINDS: tuple[Kind, ...] = tuple(kind for kinds in BY_STAGE.values() for kind in kinds)


def find(name: str) -> Kind | None:
    return BY_NAME.get(name)


def of(record: Versioned) -> Kind:
    kind = _BY_MODEL.get(type(record))
    if kind is None:
        raise LookupError(type(record).__name__)
    return kind
