"""Words the public pages show that come from the data, not the templates: statuses and the shared theme
names. Marked here (``N_``) so the catalogue holds their Welsh; translated where they are shown."""

from typing import Final

from app.i18n import N_

ACTION_STATUS: Final = {
    "not_started": N_("Not started yet"),
    "on_track": N_("On track"),
    "at_risk": N_("At risk of delay"),
    "off_track": N_("Behind plan"),
    "complete": N_("Done"),
    "stopped": N_("Stopped"),
}

# Easy Read: one short sentence for each status.
EASY_STATUS: Final = {
    "not_started": N_("We have not started this yet."),
    "on_track": N_("This is going to plan."),
    "at_risk": N_("This might be late."),
    "off_track": N_("This is behind plan."),
    "complete": N_("This is done."),
    "stopped": N_("We have stopped this."),
}

INDICATOR_STATUS: Final = {
    "green": N_("On course"),
    "within-margin": N_("Too close to call"),
    "amber": N_("Getting better, not yet on course"),
    "red": N_("Not yet getting better"),
    "not-enough-data": N_("Not enough figures yet"),
}

FIGURE_KIND: Final = {"Baseline": N_("Starting point"), "Figure": N_("Figure"), "Target": N_("Target")}

POLARITY: Final = {"Higher is better": N_("Higher is better"), "Lower is better": N_("Lower is better")}

# The shared themes' names as the toolkit gives them (app/services/listening/theme_keywords.py).
THEMES: Final = (
    N_("Moving around"),
    N_("Public transport"),
    N_("Traffic and parking"),
    N_("Streets and spaces"),
    N_("Natural space"),
    N_("Play and recreation"),
    N_("Facilities and amenities"),
    N_("Work and local economy"),
    N_("Housing and community"),
    N_("Social contact"),
    N_("Identity and belonging"),
    N_("Feeling safe"),
    N_("Care and maintenance"),
    N_("Influence and sense of control"),
    N_("Migration and asylum"),
    N_("Hate crime and prejudice"),
    N_("Cost of living"),
    N_("Young people"),
    N_("Faith and belief"),
    N_("Online harms and misinformation"),
    N_("Shared spaces and mixing"),
)


# The words drawn on an indicator's chart (``curve_chart.ChartWords``).
CHART: Final = {
    "title": N_("%(name)s: measurements, baseline forecast and target"),
    "described": N_("%(count)s measurements. The table with this chart gives every value."),
    "forecast": N_("Forecast %(value)s"),
    "latest": N_("Latest %(value)s"),
    "baseline": N_("Baseline %(value)s"),
    "target": N_("Target %(value)s"),
    "today": N_("Today"),
}
