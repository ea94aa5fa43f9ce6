"""Form models for your account page."""

from typing import Any

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from app.forms import form_error
from app.models import NotificationPreference
from app.schemas.fields import EmailAddress, text


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


def _password(title: str, hint: str | None = None, autocomplete: str = "new-password") -> Any:
    return Field(
        min_length=12,
        max_length=1000,
        title=title,
        description=hint,
        json_schema_extra={
            "widget": "password",
            "messages": {
                "missing": f"Enter {title[:1].lower() + title[1:]}",
                "string_too_short": "Password must be 12 characters or more",
                "string_too_long": "Password must be 1,000 characters or fewer",
            },
            "attributes": {"autocomplete": autocomplete},
        },
    )


NEW_PASSWORD_HINT = "At least 12 characters. A few unrelated words are easy to remember and hard to guess."  # noqa: S105


class NewPasswordForm(BaseModel):
    new_password: str = _password("New password", NEW_PASSWORD_HINT)
    confirm_password: str = Field(
        min_length=1,
        max_length=1000,
        title="Type the new password again",
        json_schema_extra={
            "widget": "password",
            "messages": {
                "missing": "Type the new password again",
                "string_too_short": "Type the new password again",
            },
            "attributes": {"autocomplete": "new-password"},
        },
    )

    @field_validator("confirm_password")
    @classmethod
    def same_password(cls, value: str, info: ValidationInfo) -> str:
        if "new_password" in info.data and value != info.data["new_password"]:
            raise form_error("The passwords do not match")
        return value


class PasswordChangeForm(NewPasswordForm):
    current_password: str = Field(
        min_length=1,
        max_length=1000,
        title="Current password",
        json_schema_extra={
            "widget": "password",
            "messages": {"missing": "Enter your current password"},
            "attributes": {"autocomplete": "current-password"},
        },
    )


class ForgottenPasswordForm(BaseModel):
    email: EmailAddress = Field(
        min_length=1,
        max_length=254,
        title="Email address",
        description="The address you sign in with.",
        json_schema_extra={
            "messages": {
                "missing": "Enter your email address",
                "string_too_short": "Enter your email address",
            },
            "attributes": {"autocomplete": "email", "spellcheck": False, "type": "email"},
        },
    )


class InviteForm(BaseModel):
    name: str = text("Full name", max_length=200)
    email: EmailAddress = Field(
        min_length=1,
        max_length=254,
        title="Email address",
        description="We send an invitation here. The link in it lets them choose a password.",
        json_schema_extra={"attributes": {"autocomplete": "off", "spellcheck": False}},
    )
    is_admin: bool = Field(
        default=False, title="Administrator", description="Can create places, areas and users."
    )


class CodeForm(BaseModel):
    code: str = Field(
        min_length=1,
        max_length=40,
        title="Code from your authenticator app",
        description="The 6 digits your app shows now, or one of your recovery codes.",
        json_schema_extra={
            "messages": {"missing": "Enter the code from your authenticator app"},
            "attributes": {
                "autocomplete": "one-time-code",
                "spellcheck": False,
                "classes": "govuk-input--width-10",
            },
        },
    )


class EnrolForm(BaseModel):
    code: str = Field(
        min_length=1,
        max_length=20,
        title="Code from your authenticator app",
        description="After adding the account to your app, enter the 6 digits it shows.",
        json_schema_extra={
            "messages": {"missing": "Enter the 6 digits your authenticator app shows"},
            "attributes": {
                "autocomplete": "one-time-code",
                "spellcheck": False,
                "inputmode": "numeric",
                "classes": "govuk-input--width-5",
            },
        },
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
