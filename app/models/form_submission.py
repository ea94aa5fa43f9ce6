"""Form tokens already used, so that a form sent twice saves once."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class FormSubmission(SQLModel, table=True):
    """One form token, recorded by the first POST that carried it (see app/web.py). ``location`` is where
    that POST sent the browser once it had saved; None when it saved nothing (a form with errors), so the
    corrected form may still be sent. Rows older than a day are removed by ``cohesion cleanup``."""

    __tablename__ = "form_submission"

    token: str = Field(sa_type=sa.String(64), primary_key=True)
    location: str | None = Field(default=None, sa_type=sa.String(2000))
    submitted_at: datetime = Field(default_factory=utcnow, index=True)
