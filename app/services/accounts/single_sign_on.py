"""Single sign-on with OpenID Connect: the authorization code flow with PKCE, state and nonce.

The browser is sent to the council's identity provider (Microsoft Entra ID, Google Workspace or any other
OpenID provider) and comes back with a code. The code is exchanged for an ID token directly with the
provider, and the token is checked before anyone is signed in: its signature against the provider's
published keys, its issuer, its audience (this client), its expiry and the nonce sent with this sign-in. The
person is matched to an account by their verified email address; an account is created only when the
configuration allows it. What each sign-in must match is kept server-side, keyed by the hash of its state,
and the state is also in a cookie, so the answer is only accepted in the browser that asked."""

import base64
import hashlib
import secrets
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
from cachetools import TTLCache
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry
from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.config import Settings
from app.models import SingleSignOnRequest, User, utcnow
from app.services.accounts import audit
from app.services.accounts.auth import normalise_email

ANSWER_WITHIN = timedelta(minutes=10)
TIMEOUT = httpx.Timeout(10.0)
SIGNING_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
CLOCK_LEEWAY_SECONDS = 60
_metadata: TTLCache[str, dict[str, Any]] = TTLCache(maxsize=8, ttl=3600)
_keys: TTLCache[str, dict[str, Any]] = TTLCache(maxsize=8, ttl=600)
_lock = threading.Lock()


class SignOnFailed(Exception):
    """The sign-in cannot go on; ``message`` says why in words a person can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = httpx.get(url, timeout=TIMEOUT, follow_redirects=False)
        response.raise_for_status()
        found = response.json()
    except (httpx.HTTPError, ValueError) as problem:
        raise SignOnFailed("The identity provider cannot be reached. Try again in a few minutes") from problem
    if not isinstance(found, dict):
        raise SignOnFailed("The identity provider gave an answer the toolkit cannot read")
    return found


def provider_metadata(settings: Settings) -> dict[str, Any]:
    """The provider's discovery document, checked to be for the configured issuer."""
    issuer = settings.oidc_issuer or ""
    with _lock:
        cached = _metadata.get(issuer)
    if cached is not None:
        return cached
    found = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if found.get("issuer") != issuer:
        raise SignOnFailed("The identity provider's settings do not match the configured issuer")
    with _lock:
        _metadata[issuer] = found
    return found


def _key_set(metadata: dict[str, Any], *, fresh: bool) -> KeySet:
    uri = str(metadata.get("jwks_uri", ""))
    with _lock:
        cached = None if fresh else _keys.get(uri)
    if cached is None:
        cached = _get_json(uri)
        with _lock:
            _keys[uri] = cached
    return KeySet.import_key_set(cached)  # type: ignore[arg-type]


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def begin(
    *, session: Session, settings: Settings, redirect_uri: str, next_url: str | None
) -> tuple[str, str]:
    """Where to send the browser, and the state to keep in its cookie."""
    metadata = provider_metadata(settings)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)
    session.add(
        SingleSignOnRequest(state_hash=_hash(state), nonce=nonce, code_verifier=verifier, next_url=next_url)
    )
    session.flush()
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.oidc_client_id,
            "redirect_uri": redirect_uri,
            "scope": "openid email profile",
            "state": state,
            "nonce": nonce,
            "code_challenge": _challenge(verifier),
            "code_challenge_method": "S256",
        }
    )
    endpoint = str(metadata["authorization_endpoint"])
    return endpoint + ("&" if "?" in endpoint else "?") + query, state


def _exchange(
    settings: Settings, metadata: dict[str, Any], *, code: str, verifier: str, redirect_uri: str
) -> dict[str, Any]:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    auth: tuple[str, str] | None = None
    if "client_secret_basic" in methods:
        auth = (settings.oidc_client_id or "", settings.oidc_client_secret or "")
    else:
        data |= {
            "client_id": settings.oidc_client_id or "",
            "client_secret": settings.oidc_client_secret or "",
        }
    try:
        response = httpx.post(str(metadata["token_endpoint"]), data=data, auth=auth, timeout=TIMEOUT)
    except httpx.HTTPError as problem:
        raise SignOnFailed("The identity provider cannot be reached. Try again in a few minutes") from problem
    if response.status_code != 200:
        raise SignOnFailed("The identity provider did not accept this sign-in. Try again")
    try:
        found = response.json()
    except ValueError as problem:
        raise SignOnFailed("The identity provider gave an answer the toolkit cannot read") from problem
    if not isinstance(found, dict) or not isinstance(found.get("id_token"), str):
        raise SignOnFailed("The identity provider gave an answer the toolkit cannot read")
    return found


def validate_id_token(
    settings: Settings, metadata: dict[str, Any], id_token: str, nonce: str
) -> dict[str, Any]:
    """The ID token's claims once its signature, issuer, audience, expiry and nonce are right."""
    try:
        try:
            token = jwt.decode(id_token, _key_set(metadata, fresh=False), algorithms=SIGNING_ALGORITHMS)
        except JoseError:
            # The provider may have rotated its keys since they were fetched: fetch them once more.
            token = jwt.decode(id_token, _key_set(metadata, fresh=True), algorithms=SIGNING_ALGORITHMS)
        JWTClaimsRegistry(
            leeway=CLOCK_LEEWAY_SECONDS,
            iss={"essential": True, "value": settings.oidc_issuer or ""},
            aud={"essential": True, "value": settings.oidc_client_id or ""},
            exp={"essential": True},
            sub={"essential": True},
            nonce={"essential": True, "value": nonce},
        ).validate(token.claims)
    except (JoseError, ValueError) as problem:
        raise SignOnFailed("The identity provider's answer could not be checked. Try again") from problem
    claims = dict(token.claims)
    audience = claims.get("aud")
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != settings.oidc_client_id:
        raise SignOnFailed("The identity provider's answer was meant for another service")
    return claims


def _identity(
    settings: Settings, metadata: dict[str, Any], claims: dict[str, Any], access_token: str | None
) -> dict[str, Any]:
    """Email and name from the ID token, or from the user info endpoint when the token leaves them out."""
    if "email" in claims or not access_token or not metadata.get("userinfo_endpoint"):
        return claims
    try:
        response = httpx.get(
            str(metadata["userinfo_endpoint"]),
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        info = response.json()
    except (httpx.HTTPError, ValueError) as problem:
        raise SignOnFailed("The identity provider cannot be reached. Try again in a few minutes") from problem
    if not isinstance(info, dict) or info.get("sub") != claims.get("sub"):
        raise SignOnFailed("The identity provider's answer could not be checked. Try again")
    return {**info, **{k: v for k, v in claims.items() if k not in info}}


@dataclass(frozen=True)
class Claimed:
    """A sign-in request the provider has answered, taken so it cannot be answered twice."""

    nonce: str
    code_verifier: str
    next_url: str | None


def claim(
    *, session: Session, cookie_state: str | None, state: str | None, code: str | None, error: str | None
) -> Claimed:
    """The sign-in this answer is for: its state must be the one this browser was given, and unused."""
    if error:
        raise SignOnFailed(
            "The identity provider did not sign you in. Try again, or sign in with your password"
        )
    if not state or not code or not cookie_state or not secrets.compare_digest(state, cookie_state):
        raise SignOnFailed("This sign-in was started in another browser or has expired. Start again")
    request = session.exec(
        select(SingleSignOnRequest).where(SingleSignOnRequest.state_hash == _hash(state)).with_for_update()
    ).first()
    if request is None or request.used_at is not None or utcnow() - request.created_at > ANSWER_WITHIN:
        raise SignOnFailed("This sign-in was started in another browser or has expired. Start again")
    request.used_at = utcnow()
    session.add(request)
    session.flush()
    return Claimed(nonce=request.nonce, code_verifier=request.code_verifier, next_url=request.next_url)


def identify(*, settings: Settings, claimed: Claimed, code: str, redirect_uri: str) -> dict[str, Any]:
    """Who the provider says this is, from a checked ID token (no database: nothing is held open while the
    provider answers)."""
    metadata = provider_metadata(settings)
    tokens = _exchange(
        settings, metadata, code=code, verifier=claimed.code_verifier, redirect_uri=redirect_uri
    )
    claims = validate_id_token(settings, metadata, tokens["id_token"], claimed.nonce)
    access_token = tokens.get("access_token")
    return _identity(settings, metadata, claims, access_token if isinstance(access_token, str) else None)


def account_for(*, session: Session, settings: Settings, identity: dict[str, Any]) -> User:
    """The active account with the identity's verified email address; created only if the settings allow."""
    email = identity.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise SignOnFailed(
            "Your identity provider did not share your email address, so you cannot be signed in"
        )
    verified = identity.get("email_verified")
    if settings.oidc_require_verified_email and verified is not True and verified != "true":
        raise SignOnFailed(
            "Your identity provider has not verified your email address, so you cannot be signed in"
        )
    email = normalise_email(email)
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        if not settings.oidc_allow_account_creation:
            raise SignOnFailed(
                "There is no account for your email address. Ask your administrator to invite you"
            )
        name = identity.get("name")
        user = User(
            email=email, name=name if isinstance(name, str) and name.strip() else email, password_hash=""
        )
        session.add(user)
        session.flush()
        audit.record_event(
            session=session,
            actor=None,
            place=None,
            action="user_created",
            detail=f"Created an account for {user.name} ({user.email}) at their first single sign-on",
        )
    if not user.active:
        raise SignOnFailed("Your account has been deactivated. Ask your administrator")
    audit.record_own_event(
        session=session, user=user, action="signed_on", detail="Signed in with single sign-on"
    )
    return user


def remove_old_requests(*, session: Session) -> int:
    """Sign-ins sent to the provider more than a day ago; ``cohesion cleanup`` runs this."""
    cutoff = utcnow() - timedelta(days=1)
    result = session.execute(delete(SingleSignOnRequest).where(col(SingleSignOnRequest.created_at) < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
