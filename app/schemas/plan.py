"""Form models for the action plan stage."""

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from app.forms import form_error
from app.models import ActionStatus, FundingSource, IndicatorKind, PerformanceQuestion, Polarity
from app.numbers_and_dates import DATE_RANGE, date_in_range, read_date_text
from app.schemas import Note
from app.schemas.fields import (
    at_least_one,
    checkboxes,
    figure,
    not_before,
    select,
    text,
    textarea,
    whole_number,
)

LEVELS = ("low", "medium", "high")


class PriorityForm(BaseModel):
    outcome: str = text(
        "Outcome",
        max_length=300,
        hint="What will be different, for example: People from different backgrounds mix "
        "in shared spaces across the borough.",
    )
    description: str | None = textarea("Description (optional)", max_length=5000, optional=True)
    struggle_ids: Annotated[list[int], at_least_one("Select at least one struggle this priority answers")] = (
        checkboxes("Struggles it answers")
    )
    strength_ids: list[int] = checkboxes("Strengths it builds on (optional)")
    note: Note = None


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
    title: str = text("Title", max_length=200)
    description: str | None = textarea("Description (optional)", max_length=5000, rows=3, optional=True)
    priority_id: int | None = select("Priority (optional)")
    parent_id: int | None = select("Part of a larger action (optional)")
    weight: int = whole_number(
        "Weight within the larger action",
        ge=1,
        le=100,
        default=1,
        hint="How much of the larger action this is, from 1 to 100. Ignored for an action "
        "that is not part of another.",
        width=3,
    )
    status: ActionStatus = Field(title="Status")
    lead_organisation: str = text("Lead organisation", max_length=200)
    partners: str | None = textarea(
        "Partners (optional)", max_length=2000, hint="One per line.", rows=3, optional=True
    )
    area_ids: list[int] = checkboxes("Areas (optional)", hint="Leave all unticked for the whole place.")
    struggle_ids: list[int] = checkboxes(
        "Struggles it answers (optional)", hint="As well as those of its priority."
    )
    start_date: date = Field(title="Start date")
    end_date: Annotated[
        date, not_before("start_date", "End date must be the same as or after the start date")
    ] = Field(title="End date")
    budget: int | None = whole_number(
        "Budget in pounds (optional)",
        ge=0,
        le=1_000_000_000,
        width=10,
        messages={"greater_than_equal": "Budget must be £0 or more"},
    )
    funding_source: FundingSource | None = select("Funding source (optional)")
    milestones: str | None = textarea(
        "Milestones (optional)",
        max_length=5000,
        hint="One per line: a title, a comma, then the due date; add “, done” when "
        "it is done. For example: Venue booked, 30/09/2026",
        rows=3,
        optional=True,
    )
    risks: str | None = textarea(
        "Risks (optional)",
        max_length=5000,
        hint="One per line: the risk; its likelihood (low, medium or high); its impact "
        "(low, medium or high); how it is being reduced. For example: Volunteers drop out; "
        "medium; high; recruit through the faith forum",
        rows=3,
        optional=True,
    )
    note: Note = None

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
    name: str = text("Name", max_length=200)
    kind: IndicatorKind = Field(title="Kind")
    performance_question: PerformanceQuestion | None = Field(
        default=None,
        validate_default=True,
        title="For a performance indicator: which question it answers",
        json_schema_extra={"widget": "radios"},
    )
    definition: str | None = textarea("Definition (optional)", max_length=2000, rows=2, optional=True)
    question: str | None = textarea(
        "Exact survey question (optional)",
        max_length=2000,
        hint="Word for word, when the figure comes from a survey.",
        rows=2,
        optional=True,
    )
    unit: str = Field(
        default="%",
        min_length=1,
        max_length=40,
        title="Unit",
        description="For example, % or people.",
        json_schema_extra={"attributes": {"classes": "govuk-input--width-10"}},
    )
    data_source: str | None = text("Data source (optional)", max_length=300, optional=True)
    polarity: Polarity = Field(title="Which way is better")
    baseline_value: float | None = figure("Baseline value (optional)")
    baseline_date: date | None = Field(default=None, title="Baseline date (optional)")
    target_value: float | None = figure("Target value (optional)")
    target_date: Annotated[
        date | None,
        not_before("baseline_date", "Target date must be after the baseline date", same_day=False),
    ] = Field(default=None, title="Target date (optional)")
    frequency: str | None = text("How often it is measured (optional)", max_length=60, optional=True)
    priority_id: int | None = select("Priority (optional)")
    action_ids: list[int] = checkboxes("Actions it measures (optional)")
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

    @property
    def target_goes_the_wrong_way(self) -> bool:
        if self.baseline_value is None or self.target_value is None:
            return False
        if self.polarity == Polarity.higher_is_better:
            return self.target_value < self.baseline_value
        return self.target_value > self.baseline_value
