"""Settings from the environment (pydantic-settings)."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105 - refused in production


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COHESION_", extra="ignore")

    env: Literal["development", "production", "test"] = "development"
    database_url: str = Field(
        default=f"sqlite:///{ROOT / 'var' / 'cohesion.db'}",
        validation_alias="DATABASE_URL",
    )
    secret_key: str = DEFAULT_SECRET_KEY
    session_idle_minutes: int = 60
    session_max_hours: int = 12
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    login_max_failures_per_address: int = 20
    login_attempts_kept_days: int = 90
    # Where people reach the service: links in emails and the single sign-on return address start with it.
    base_url: str = "http://127.0.0.1:8000"
    reset_link_minutes: int = 30
    # However often someone asks, at most this many reset emails go to one address an hour.
    reset_emails_per_hour: int = 5
    invitation_days: int = 7

    # Email: "log" writes each message to the log instead of sending it (development and tests).
    email_backend: Literal["log", "smtp", "notify"] = "log"
    email_from: str = "Cohesion Strategy Toolkit <cohesion@localhost>"
    smtp_host: str = "localhost"
    smtp_port: int = 587
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_timeout_seconds: float = 20
    notify_api_key: str | None = None
    notify_template_id: str | None = None
    notify_base_url: str = "https://api.notifications.service.gov.uk"

    # Single sign-on with OpenID Connect: on when an issuer and a client id are set.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_allow_account_creation: bool = False
    oidc_require_verified_email: bool = True
    oidc_button_text: str = "Sign in with your council account"

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def single_sign_on(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    @property
    def secure_cookies(self) -> bool:
        return self.is_production


@lru_cache
def get_settings() -> Settings:
    return Settings()
