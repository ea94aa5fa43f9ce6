"""Form models for your account page."""

from typing import Any

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from app.forms import form_error
from app.models import NotificationPreference
from app.schemas.fields import EmailAddress, email_input, password_input, text, when_blank


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


NEW_PASSWORD_HINT = "At least 12 characters. A few unrelated words are easy to remember and hard to guess."  # noqa: S105


class NewPasswordForm(BaseModel):
    new_password: str = password_input(
        "New password",
        autocomplete="new-password",
        min_length=12,
        hint=NEW_PASSWORD_HINT,
        messages={
            "missing": "Enter new password",
            "string_too_short": "Password must be 12 characters or more",
            "string_too_long": "Password must be 1,000 characters or fewer",
        },
    )
    confirm_password: str = password_input(
        "Type the new password again",
        autocomplete="new-password",
        messages=when_blank("Type the new password again"),
    )

    @field_validator("confirm_password")
    @classmethod
    def same_password(cls, value: str, info: ValidationInfo) -> str:
        if "new_password" in info.data and value != info.data["new_password"]:
            raise form_error("The passwords do not match")
        return value


class PasswordChangeForm(NewPasswordForm):
    current_password: str = password_input(
        "Current password",
        autocomplete="current-password",
        messages={"missing": "Enter your current password"},
    )


class ForgottenPasswordForm(BaseModel):
    email: EmailAddress = email_input(
        hint="The address you sign in with.",
        attributes={"autocomplete": "email", "spellcheck": False},
        messages=when_blank("Enter your email address"),
    )


class InviteForm(BaseModel):
    name: str = text("Full name", max_length=200)
    email: EmailAddress = email_input(
        hint="We send an invitation here. The link in it lets them choose a password."
    )
    is_admin: bool = Field(
        default=False, title="Administrator", description="Can create places, areas and users."
    )


def _authenticator_code(*, max_length: int, hint: str, missing: str, **attributes: str) -> Any:
    return Field(
        min_length=1,
        max_length=max_length,
        title="Code from your authenticator app",
        description=hint,
        json_schema_extra={
            "messages": {"missing": missing},
            "attributes": {"autocomplete": "one-time-code", "spellcheck": False, **attributes},
        },
    )


class CodeForm(BaseModel):
    code: str = _authenticator_code(
        max_length=40,
        hint="The 6 digits your app shows now, or one of your recovery codes.",
        missing="Enter the code from your authenticator app",
        classes="govuk-input--width-10",
    )


class EnrolForm(BaseModel):
    code: str = _authenticator_code(
        max_length=20,
        hint="After adding the account to your app, enter the 6 digits it shows.",
        missing="Enter the 6 digits your authenticator app shows",
        inputmode="numeric",
        classes="govuk-input--width-5",
    )


class NotificationsForm(BaseModel):
    notifications: NotificationPreference = Field(
        title="When should we email you about review comments?",
        description=(
            "Overdue updates and milestones due soon come in the weekly summary unless you choose never."
        ),
    )


class PolicyForm(BaseModel):
    require_two_factor: bool = Field(
        default=False,
        title="Require two-factor sign-in for administrators and people who can see a tension log",
        description=(
            "They set up an authenticator app the next time they sign in, before anything else. Everyone "
            "else may still choose to."
        ),
    )
