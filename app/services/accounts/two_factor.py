"""Two-factor sign-in with an authenticator app (TOTP, RFC 6238) and one-time recovery codes.

A code is accepted for the current 30-second step or the one either side (clocks drift), and never for a
step at or before the last one accepted, so a code seen over someone's shoulder cannot be used again.
Recovery codes are random, stored as SHA-256 hashes, and each works once."""

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pyotp
import segno
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from app.errors import FieldError
from app.models import AccountPolicy, Membership, RecoveryCode, User, UserSession, utcnow
from app.schemas.account import PolicyForm
from app.services.accounts import audit
from app.services.accounts.auth import session_for_token

ISSUER = "Cohesion Strategy Toolkit"
RECOVERY_CODES = 10
# Ten guesses at a six-digit code after the password: a one in a hundred thousand chance.
MAX_CODE_FAILURES = 5
PENDING_FOR = timedelta(minutes=10)
DIGITS_RE = re.compile(r"\d{6}")


class CodeRejected(Exception):
    """The code is wrong, used already, or the sign-in it was for has ended."""

    def __init__(self, message: str, *, start_again: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.start_again = start_again


# Who must use a second factor once an administrator requires it: administrators, and people with a
# sensitive permission. Each rule answers for one person; add a rule here for a new sensitive permission
# (and name it in ``REQUIRED_FOR``, which the settings page and the audit log use).
RequirementRule = Callable[[Session, User], bool]


def _administrator(session: Session, user: User) -> bool:
    return user.is_admin


def _tension_log(session: Session, user: User) -> bool:
    return (
        session.exec(
            select(Membership.id).where(Membership.user_id == user.id, col(Membership.tension_log).is_(True))
        ).first()
        is not None
    )


REQUIREMENT_RULES: tuple[RequirementRule, ...] = (_administrator, _tension_log)
REQUIRED_FOR = "administrators and people who can see a place's tension log"


def get_policy(*, session: Session) -> AccountPolicy:
    return session.get(AccountPolicy, 1) or AccountPolicy(id=1, require_two_factor=False)


def set_policy(*, session: Session, actor: User, form: PolicyForm) -> AccountPolicy:
    policy = get_policy(session=session)
    policy.require_two_factor = form.require_two_factor
    policy.updated_at = utcnow()
    session.add(policy)
    audit.record_event(
        session=session,
        actor=actor,
        place=None,
        action="policy_changed",
        detail=f"Required two-factor sign-in for {REQUIRED_FOR}"
        if form.require_two_factor
        else "Stopped requiring two-factor sign-in",
    )
    session.flush()
    return policy


def is_enrolled(user: User) -> bool:
    return user.totp_enabled_at is not None


def is_required(*, session: Session, user: User) -> bool:
    """Whether a rule makes two-factor sign-in this person's duty once an administrator requires it."""
    return any(rule(session, user) for rule in REQUIREMENT_RULES)


def setup_required(*, session: Session, user: User) -> bool:
    """Whether this person must set up an authenticator app before doing anything else. Someone enrolled
    pays nothing for the check; anyone else one lookup of the policy, and the rules only when it is on."""
    if is_enrolled(user) or not get_policy(session=session).require_two_factor:
        return False
    return is_required(session=session, user=user)


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str
    qr_svg: str

    @property
    def grouped_secret(self) -> str:
        """The secret in groups of four, easier to type into an app by hand."""
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


SECRET_RE = re.compile(r"[A-Z2-7]{32}")


def begin_enrolment(*, user: User, secret: str | None = None) -> Enrolment:
    """A new secret to add to an app, or the one the enrolment form sent back. Nothing is stored until a
    code from the app proves it was added (``confirm_enrolment``), so showing the page writes nothing."""
    if secret is None or not SECRET_RE.fullmatch(secret):
        secret = pyotp.random_base32()
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, title="QR code to add this account to an authenticator app", dark="#0b0c0c", light="#ffffff"
    )
    return Enrolment(secret=secret, uri=uri, qr_svg=svg)


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


def _totp_step(secret: str | None, code: str) -> int | None:
    """The time step this code is right for (now, or one either side), or None."""
    if secret is None or not DIGITS_RE.fullmatch(code):
        return None
    totp = pyotp.TOTP(secret)
    now = int(time.time())
    for drift in (0, -1, 1):
        moment = now + totp.interval * drift
        if secrets.compare_digest(totp.at(moment), code):
            return moment // totp.interval
    return None


def _new_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    for code in codes:
        session.add(RecoveryCode(user_id=user.id, code_hash=_code_hash(_normalise(code))))  # type: ignore[arg-type]
    session.flush()
    return codes


def confirm_enrolment(*, session: Session, user: User, secret: str, code: str) -> list[str]:
    """Finish enrolment with a code from the app for ``secret``; answers the recovery codes, shown once."""
    if is_enrolled(user):
        raise FieldError("code", "Two-factor sign-in is already set up for your account")
    if not SECRET_RE.fullmatch(secret):
        raise FieldError("code", "The set-up expired. Add the account to your app again from this page")
    step = _totp_step(secret, _normalise(code))
    if step is None:
        raise FieldError(
            "code", "The code is not right. Check the time on your phone, then enter the code it shows now"
        )
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    session.add(user)
    audit.record_own_event(
        session=session, user=user, action="two_factor_on", detail="Set up two-factor sign-in"
    )
    return _new_recovery_codes(session, user)


def new_recovery_codes(*, session: Session, user: User) -> list[str]:
    """Replace every recovery code with new ones."""
    if not is_enrolled(user):
        raise FieldError("code", "Set up two-factor sign-in first")
    audit.record_own_event(
        session=session, user=user, action="recovery_codes", detail="Made new recovery codes"
    )
    return _new_recovery_codes(session, user)


def recovery_codes_left(*, session: Session, user: User) -> int:
    count = session.exec(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, col(RecoveryCode.used_at).is_(None))
    ).one()
    return int(count)


def check_code(*, session: Session, user: User, code: str) -> bool:
    """A current authenticator code not used before, or an unused recovery code (then used up)."""
    code = _normalise(code)
    step = _totp_step(user.totp_secret, code)
    if step is not None:
        if user.totp_last_step is not None and step <= user.totp_last_step:
            return False
        user.totp_last_step = step
        session.add(user)
        session.flush()
        return True
    recovery = session.exec(
        select(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _code_hash(code),
            col(RecoveryCode.used_at).is_(None),
        )
        .with_for_update()
    ).first()
    if recovery is None:
        return False
    recovery.used_at = utcnow()
    session.add(recovery)
    audit.record_own_event(
        session=session, user=user, action="recovery_code_used", detail="Signed in with a recovery code"
    )
    session.flush()
    return True


def turn_off(*, session: Session, user: User, code: str) -> None:
    """Needs a current code, and is refused while a rule requires two-factor sign-in for this person."""
    if get_policy(session=session).require_two_factor and is_required(session=session, user=user):
        raise FieldError(
            "code", "Two-factor sign-in is required for your account, so it cannot be turned off"
        )
    if not check_code(session=session, user=user, code=code):
        raise FieldError("code", "The code is not right. Enter the code your app shows now")
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.add(user)
    session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user.id))
    audit.record_own_event(
        session=session, user=user, action="two_factor_off", detail="Turned off two-factor sign-in"
    )
    session.flush()


def waiting_user(*, session: Session, token: str | None) -> tuple[UserSession, User] | None:
    """The sign-in waiting for a code in this browser, if it is still going."""
    if not token:
        return None
    row = session_for_token(session=session, token=token)
    if row is None:
        return None
    pending, user = row
    if (
        not pending.awaiting_second_factor
        or pending.revoked_at is not None
        or not user.active
        or utcnow() - pending.created_at > PENDING_FOR
    ):
        return None
    return pending, user


def finish_sign_in(*, session: Session, token: str | None, code: str) -> User:
    """The user whose password was accepted in this browser, once their code is right. The waiting session
    ends either way after ``MAX_CODE_FAILURES`` wrong codes, and always on success (the router starts a
    new one, with a new token)."""
    found = waiting_user(session=session, token=token)
    if found is None:
        raise CodeRejected("Your sign-in timed out. Sign in again", start_again=True)
    pending, user = found
    if check_code(session=session, user=user, code=code):
        pending.revoked_at = utcnow()
        session.add(pending)
        session.flush()
        return user
    pending.second_factor_failures += 1
    if pending.second_factor_failures >= MAX_CODE_FAILURES:
        pending.revoked_at = utcnow()
        session.add(pending)
        session.flush()
        raise CodeRejected("Too many wrong codes. Sign in again", start_again=True)
    session.add(pending)
    session.flush()
    raise CodeRejected("The code is not right. Enter the code your app shows now, or a recovery code")
