"""Security headers on every response, and CSRF protection on every unsafe request.

CSRF uses a signed double-submit token: each browser gets a random HttpOnly cookie, and every form (hidden
field ``csrf_token``) or htmx request (header ``X-CSRF-Token``) must send HMAC(secret key, cookie). A page on
another site can neither read the cookie nor compute the token.
"""

import hashlib
import hmac
import secrets

from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "cohesion_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
STATIC_PREFIX = "/static/"
PUBLIC_PREFIX = "/p/"
NO_STORE = "no-store"
# Residents' pages: any cache may keep them but must ask again each time (answered 304 when unchanged).
PUBLIC_CACHE = "public, no-cache"

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


SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
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


class SecurityMiddleware:
    """Sets the browser's CSRF seed, and the security headers on every response.

    ``Cache-Control: no-store`` goes on every response but the public static files: pages, downloads, the
    JSON API, redirects and error pages may all hold what only a signed-in person may see, and a shared
    computer's cache or a proxy must not keep them. The one exception is a residents' page (under
    ``PUBLIC_PREFIX``) that says itself it is ``PUBLIC_CACHE``: it holds only what is published, is the
    same for everyone, and sets no cookie. A plain ASGI middleware, so a streamed download passes
    through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"].removeprefix(scope.get("root_path", ""))
        public = path.startswith(PUBLIC_PREFIX)
        seed = Request(scope).cookies.get(CSRF_COOKIE)
        fresh = not seed or len(seed) < 32
        if fresh:
            # A residents' page sets no cookie, so a seed made for it could never be sent back: it gets
            # none, and a form posted there without the browser's own seed fails the check as it should.
            seed = None if public else secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_seed"] = seed
        settings = scope["app"].state.settings
        cacheable = path.startswith(STATIC_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                shared = public and headers.get("Cache-Control") == PUBLIC_CACHE
                if fresh and not public:
                    headers.append("set-cookie", _csrf_cookie(seed or "", secure=settings.secure_cookies))
                for name, value in SECURITY_HEADERS:
                    headers.setdefault(name, value)
                if settings.is_production:
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
                if not cacheable and not shared:
                    headers["Cache-Control"] = NO_STORE
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _csrf_cookie(seed: str, *, secure: bool) -> str:
    cookie = Response()
    cookie.set_cookie(CSRF_COOKIE, seed, httponly=True, samesite="lax", secure=secure, path="/")
    return cookie.headers["set-cookie"]
