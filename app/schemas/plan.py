"""Form models for the action plan stage."""

from datetime import date
from typing import Any

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from app.forms import DATE_RANGE, date_in_range, form_error, read_date_text
from app.models import ActionStatus, FundingSource, IndicatorKind, PerformanceQuestion, Polarity
from app.schemas import Note
from app.schemas.fields import FIGURE_LIMIT

LEVELS = ("low", "medium", "high")


class PriorityForm(BaseModel):
    outcome: str = Field(
        min_length=1,
        max_length=300,
        title="Outcome",
        description="What will be different, for example: People from different backgrounds mix "
        "in shared spaces across the borough.",
    )
    description: str | None = Field(
        default=None,
        max_length=5000,
        title="Description (optional)",
        json_schema_extra={"widget": "textarea"},
    )
    struggle_ids: list[int] = Field(
        default_factory=list, title="Struggles it answers", json_schema_extra={"widget": "checkboxes"}
    )
    strength_ids: list[int] = Field(
        default_factory=list,
        title="Strengths it builds on (optional)",
        json_schema_extra={"widget": "checkboxes"},
    )
    note: Note = None

    @field_validator("struggle_ids")
    @classmethod
    def answers_a_struggle(cls, value: list[int]) -> list[int]:
        if not value:
            raise form_error("Select at least one struggle this priority answers")
        return value


def parse_milestones(text: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """Lines of "title, due date[, done]" -> milestones, or the first problem in plain English."""
    result = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(",")]
        done = False
        if len(parts) >= 3 and parts[-1].lower() in ("done", "yes"):
            done = True
            parts = parts[:-1]
        due = read_date_text(parts[-1]) if len(parts) >= 2 else None
        title = ", ".join(parts[:-1]).strip()
        if due is None or not title:
            return [], f"Milestone line {number} must be a title, a comma, then a due date like 30/09/2026"
        if not date_in_range(due):
            return [], f"Milestone line {number}: the due date must be {DATE_RANGE}"
        result.append({"title": title, "due": due.isoformat(), "done": done})
    return result, None


def parse_risks(text: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """Lines of "description; likelihood; impact; mitigation" -> risks, or the first problem."""
    result = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) < 3 or parts[1].lower() not in LEVELS or parts[2].lower() not in LEVELS or not parts[0]:
            return [], (
                f"Risk line {number} must be a description; likelihood (low, medium or high); impact (low, "
                "medium or high); and, optionally, the mitigation"
            )
        result.append(
            {
                "description": parts[0],
                "likelihood": parts[1].lower(),
                "impact": parts[2].lower(),
                "mitigation": "; ".join(parts[3:]).strip(),
            }
        )
    return result, None


def milestones_text(milestones: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{m['title']}, {date.fromisoformat(m['due']):%d/%m/%Y}{', done' if m.get('done') else ''}"
        for m in milestones
    )


def risks_text(risks: list[dict[str, Any]]) -> str:
    return "\n".join(
        "; ".join(filter(None, [r["description"], r["likelihood"], r["impact"], r.get("mitigation")]))
        for r in risks
    )


class ActionForm(BaseModel):
    title: str = Field(min_length=1, max_length=200, title="Title")
    description: str | None = Field(
        default=None,
        max_length=5000,
        title="Description (optional)",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 3}},
    )
    priority_id: int | None = Field(
        default=None, title="Priority (optional)", json_schema_extra={"widget": "select"}
    )
    parent_id: int | None = Field(
        default=None, title="Part of a larger action (optional)", json_schema_extra={"widget": "select"}
    )
    weight: int = Field(
        default=1,
        ge=1,
        le=100,
        title="Weight within the larger action",
        description="How much of the larger action this is, from 1 to 100. Ignored for an action "
        "that is not part of another.",
        json_schema_extra={"attributes": {"inputmode": "numeric", "classes": "govuk-input--width-3"}},
    )
    status: ActionStatus = Field(title="Status")
    lead_organisation: str = Field(min_length=1, max_length=200, title="Lead organisation")
    partners: str | None = Field(
        default=None,
        max_length=2000,
        title="Partners (optional)",
        description="One per line.",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 3}},
    )
    area_ids: list[int] = Field(
        default_factory=list,
        title="Areas (optional)",
        description="Leave all unticked for the whole place.",
        json_schema_extra={"widget": "checkboxes"},
    )
    struggle_ids: list[int] = Field(
        default_factory=list,
        title="Struggles it answers (optional)",
        description="As well as those of its priority.",
        json_schema_extra={"widget": "checkboxes"},
    )
    start_date: date = Field(title="Start date")
    end_date: date = Field(title="End date")
    budget: int | None = Field(
        default=None,
        ge=0,
        le=1_000_000_000,
        title="Budget in pounds (optional)",
        json_schema_extra={
            "attributes": {"inputmode": "numeric", "classes": "govuk-input--width-10"},
            "messages": {"greater_than_equal": "Budget must be £0 or more"},
        },
    )
    funding_source: FundingSource | None = Field(
        default=None, title="Funding source (optional)", json_schema_extra={"widget": "select"}
    )
    milestones: str | None = Field(
        default=None,
        max_length=5000,
        title="Milestones (optional)",
        description="One per line: a title, a comma, then the due date; add “, done” when "
        "it is done. For example: Venue booked, 30/09/2026",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 3}},
    )
    risks: str | None = Field(
        default=None,
        max_length=5000,
        title="Risks (optional)",
        description="One per line: the risk; its likelihood (low, medium or high); its impact "
        "(low, medium or high); how it is being reduced. For example: Volunteers drop out; "
        "medium; high; recruit through the faith forum",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 3}},
    )
    note: Note = None

    @field_validator("end_date")
    @classmethod
    def end_after_start(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("start_date")
        if isinstance(start, date) and value < start:
            raise form_error("End date must be the same as or after the start date")
        return value

    @field_validator("milestones")
    @classmethod
    def milestones_readable(cls, value: str | None, info: ValidationInfo) -> str | None:
        milestones, problem = parse_milestones(value)
        if problem:
            raise form_error(problem)
        start, end = info.data.get("start_date"), info.data.get("end_date")
        for milestone in milestones:
            due = date.fromisoformat(milestone["due"])
            if isinstance(start, date) and isinstance(end, date) and not start <= due <= end:
                raise form_error(f"Milestone “{milestone['title']}” is due outside the action's dates")
        return value

    @field_validator("risks")
    @classmethod
    def risks_readable(cls, value: str | None) -> str | None:
        _, problem = parse_risks(value)
        if problem:
            raise form_error(problem)
        return value


class IndicatorForm(BaseModel):
    name: str = Field(min_length=1, max_length=200, title="Name")
    kind: IndicatorKind = Field(title="Kind")
    performance_question: PerformanceQuestion | None = Field(
        default=None,
        validate_default=True,
        title="For a performance indicator: which question it answers",
        json_schema_extra={"widget": "radios"},
    )
    definition: str | None = Field(
        default=None,
        max_length=2000,
        title="Definition (optional)",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 2}},
    )
    question: str | None = Field(
        default=None,
        max_length=2000,
        title="Exact survey question (optional)",
        description="Word for word, when the figure comes from a survey.",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 2}},
    )
    unit: str = Field(
        default="%",
        min_length=1,
        max_length=40,
        title="Unit",
        description="For example, % or people.",
        json_schema_extra={"attributes": {"classes": "govuk-input--width-10"}},
    )
    data_source: str | None = Field(default=None, max_length=300, title="Data source (optional)")
    polarity: Polarity = Field(title="Which way is better")
    baseline_value: float | None = Field(
        default=None,
        ge=-FIGURE_LIMIT,
        le=FIGURE_LIMIT,
        allow_inf_nan=False,
        title="Baseline value (optional)",
        json_schema_extra={"attributes": {"inputmode": "decimal", "classes": "govuk-input--width-5"}},
    )
    baseline_date: date | None = Field(default=None, title="Baseline date (optional)")
    target_value: float | None = Field(
        default=None,
        ge=-FIGURE_LIMIT,
        le=FIGURE_LIMIT,
        allow_inf_nan=False,
        title="Target value (optional)",
        json_schema_extra={"attributes": {"inputmode": "decimal", "classes": "govuk-input--width-5"}},
    )
    target_date: date | None = Field(default=None, title="Target date (optional)")
    frequency: str | None = Field(default=None, max_length=60, title="How often it is measured (optional)")
    priority_id: int | None = Field(
        default=None, title="Priority (optional)", json_schema_extra={"widget": "select"}
    )
    action_ids: list[int] = Field(
        default_factory=list,
        title="Actions it measures (optional)",
        json_schema_extra={"widget": "checkboxes"},
    )
    confirm_direction: bool = Field(
        default=False,
        title="Yes, the target is meant to go that way",
        json_schema_extra={"widget": "checkbox"},
    )
    note: Note = None

    @field_validator("performance_question")
    @classmethod
    def question_for_performance(cls, value: PerformanceQuestion | None, info: ValidationInfo) -> Any:
        if info.data.get("kind") == IndicatorKind.performance and value is None:
            raise form_error("Select which question this performance indicator answers")
        return value

    @field_validator("target_date")
    @classmethod
    def target_after_baseline(cls, value: date | None, info: ValidationInfo) -> date | None:
        baseline = info.data.get("baseline_date")
        if value is not None and isinstance(baseline, date) and value <= baseline:
            raise form_error("Target date must be after the baseline date")
        return value

    @property
    def target_goes_the_wrong_way(self) -> bool:
        if self.baseline_value is None or self.target_value is None:
            return False
        if self.polarity == Polarity.higher_is_better:
            return self.target_value < self.baseline_value
        return self.target_value > self.baseline_value
