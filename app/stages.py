"""The four stages of every strategy, in order. Their slugs name the module, URL, template and test."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    slug: str
    title: str
    summary: str

    @property
    def index_route(self) -> str:
        """The route name of the stage's first page."""
        return f"{self.slug}.index"


STAGES: tuple[Stage, ...] = (
    Stage("listening", "Listen to local voices", "Record listening exercises and what people said."),
    Stage("mapping", "Map strengths and struggles", "What the place already has and the tensions it faces."),
    Stage("plan", "Plan actions with partners", "Priorities, actions and how success will be measured."),
    Stage("progress", "Track progress", "Updates on actions and new figures for indicators."),
)
