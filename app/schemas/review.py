"""Form models for review comments and replies."""

from pydantic import BaseModel, Field, field_validator

from app.forms import form_error

COMMENT_MAX = 5000


def _text(value: str, message: str) -> str:
    """The text without NUL characters (which PostgreSQL cannot store), refused if nothing is left."""
    value = value.replace("\x00", "").strip()
    if not value:
        raise form_error(message)
    return value


class CommentForm(BaseModel):
    body: str = Field(
        min_length=1,
        max_length=COMMENT_MAX,
        title="Your comment",
        description="What the officer should look at, and why. Only the place's officers and facilitators "
        "see comments.",
        json_schema_extra={
            "widget": "textarea",
            "attributes": {"rows": 4},
            "messages": {"missing": "Enter your comment", "string_too_short": "Enter your comment"},
        },
    )

    @field_validator("body")
    @classmethod
    def has_text(cls, value: str) -> str:
        return _text(value, "Enter your comment")


class ReplyForm(BaseModel):
    body: str = Field(
        min_length=1,
        max_length=COMMENT_MAX,
        title="Your reply",
        json_schema_extra={
            "widget": "textarea",
            "attributes": {"rows": 3},
            "messages": {"missing": "Enter your reply", "string_too_short": "Enter your reply"},
        },
    )

    @field_validator("body")
    @classmethod
    def has_text(cls, value: str) -> str:
        return _text(value, "Enter your reply")
