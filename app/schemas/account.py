"""Form models for your account page."""

from pydantic import BaseModel, Field


class ApiTokenForm(BaseModel):
    name: str = Field(
        min_length=1,
        max_length=100,
        title="Token name",
        description="What it is for, so you can tell your tokens apart, for example ‘Power BI report’.",
        json_schema_extra={
            "messages": {
                "missing": "Enter a name for the token",
                "string_too_short": "Enter a name for the token",
                "string_too_long": "Token name must be 100 characters or fewer",
            },
            "attributes": {"autocomplete": "off", "spellcheck": False},
        },
    )
