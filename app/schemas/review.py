"""Form models for review comments and replies."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel

from app.forms import form_error
from app.models import CommentStatus
from app.schemas.fields import textarea, when_blank
from app.schemas.queries import ListQuery, one_of

COMMENT_MAX = 5000


def _written(message: str) -> AfterValidator:
    """The text without NUL characters (which PostgreSQL cannot store), refused with ``message`` if nothing
    is left."""

    def check(value: str) -> str:
        value = value.replace("\x00", "").strip()
        if not value:
            raise form_error(message)
        return value

    return AfterValidator(check)


class CommentForm(BaseModel):
    body: Annotated[str, _written("Enter your comment")] = textarea(
        "Your comment",
        max_length=COMMENT_MAX,
        hint="What the officer should look at, and why. Only the place's officers and facilitators "
        "see comments.",
        rows=4,
        messages=when_blank("Enter your comment"),
    )


class ReplyForm(BaseModel):
    body: Annotated[str, _written("Enter your reply")] = textarea(
        "Your reply",
        max_length=COMMENT_MAX,
        rows=3,
        messages=when_blank("Enter your reply"),
    )


# The comments a strategy's list shows: ``?show=`` one of these, all by default.
SHOWN = {"open": "Open", "resolved": "Resolved", "all": "All"}


class CommentFilters(ListQuery):
    show: Annotated[str, one_of(SHOWN, "all")] = "all"

    @property
    def status(self) -> CommentStatus | None:
        return None if self.show == "all" else CommentStatus(self.show)
