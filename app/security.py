"""Security headers on every response, and CSRF protection on every unsafe request.

CSRF uses a signed double-submit token: each browser gets a random HttpOnly cookie, and every form (hidden
field ``csrf_token``) or htmx request (header ``X-CSRF-Token``) must send HMAC(secret key, cookie). A page on
another site can neither read the cookie nor compute the token.
"""

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable

from fastapi import Request
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import Response

CSRF_COOKIE = "cohesion_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


class CsrfFailed(Exception):
    """The request carried no CSRF token, or the wrong one."""


def csrf_token(request: Request) -> str:
    seed = getattr(request.state, "csrf_seed", None)
    if not isinstance(seed, str):
        return ""
    secret: str = request.app.state.settings.secret_key
    return hmac.new(secret.encode(), seed.encode(), hashlib.sha256).hexdigest()


async def csrf_protect(request: Request) -> None:
    """Global dependency: every unsafe request must carry the token for this browser."""
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, csrf_token(request)):
        raise CsrfFailed()


class SecurityMiddleware(BaseHTTPMiddleware):
    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        seed = request.cookies.get(CSRF_COOKIE)
        fresh = not seed or len(seed) < 32
        if fresh:
            seed = secrets.token_urlsafe(32)
        request.state.csrf_seed = seed
        response = await call_next(request)
        if fresh:
            response.set_cookie(
                CSRF_COOKIE,
                seed or "",
                httponly=True,
                samesite="lax",
                secure=request.app.state.settings.secure_cookies,
                path="/",
            )
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.app.state.settings.is_production:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if "text/html" in headers.get("content-type", ""):
            headers.setdefault("Cache-Control", "no-store")
        return response
