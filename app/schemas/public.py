"""Forms for a place's public pages."""

from pydantic import BaseModel, Field

from app.schemas import Note


class PublicPageForm(BaseModel):
    enabled: bool = Field(
        default=False,
        title="Publish the public pages",
        description=(
            "Anyone can then read what has been published, without signing in. Nothing else is shown."
        ),
    )
    welsh: bool = Field(
        default=False,
        title="Offer the pages in Welsh (Cymraeg) too",
        description="Fixed wording is translated for you. Give your own titles in Welsh on the wording page.",
    )
    contact: str = Field(
        default="",
        max_length=500,
        title="How residents can get in touch",
        description=(
            "One or two sentences, for example ‘Email cohesion@ashbourne.gov.uk or call 01632 960 000.’"
        ),
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 2}},
    )
    contact_cy: str = Field(
        default="",
        max_length=500,
        title="How residents can get in touch, in Welsh (optional)",
        json_schema_extra={"widget": "textarea", "attributes": {"rows": 2, "lang": "cy"}},
    )
    note: Note = None


class WordingForm(BaseModel):
    """A place's own wording for its public pages: one input a piece of wording on the sheet, read beside
    the model."""
