"""How the JSON API under /api/ answers when it cannot answer with what was asked for: always JSON, never an
HTML page. ``main.create_app`` sends the API's errors here; the OpenAPI document describes the same bodies
(``ErrorRead``, ``ValidationErrorRead``) in ``routers.api.core``."""

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from app.deps import ApiUnauthorized
from app.schemas.api import ValidationErrorRead, ValidationProblemRead
from app.security import NO_STORE

MESSAGES = {
    403: "Your role in this place does not allow this. Draft records are for officers and facilitators; "
    "councillors can read places, strategies and editions.",
    404: "Not found. The address is wrong, or you are not a member of this place.",
    405: "This address only answers GET requests.",
    500: "Sorry, there is a problem with the service. Try again later.",
}


def is_api_request(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(status: int, headers: Mapping[str, str] | None = None) -> JSONResponse:
    message = MESSAGES.get(status, "The request could not be answered.")
    # no-store here as well as in SecurityMiddleware: Starlette sends the 500 answer outside every middleware.
    return JSONResponse(
        {"detail": message}, status_code=status, headers={**(headers or {}), "Cache-Control": NO_STORE}
    )


def unauthorized_response(request: Request, exc: Exception) -> Response:
    invalid = isinstance(exc, ApiUnauthorized) and exc.invalid_token
    message = exc.message if isinstance(exc, ApiUnauthorized) else "Authentication required."
    return JSONResponse(
        {"detail": message},
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"' if invalid else "Bearer"},
    )


def _problem(error: dict[str, Any]) -> ValidationProblemRead:
    loc = [str(part) for part in error.get("loc", ())]
    location, name = (loc[0], ".".join(loc[1:]) or loc[0]) if loc else ("request", "request")
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        message = f"is not a {location} parameter of this address"
    elif kind == "less_than_equal":
        message = f"must be {ctx.get('le')} or less"
    elif kind == "greater_than_equal":
        message = f"must be {ctx.get('ge')} or more"
    elif kind.startswith("int_"):
        message = "must be a whole number"
    elif kind == "string_pattern_mismatch":
        message = "must be a short name of lower-case letters, numbers and hyphens"
    elif kind == "repeated":
        message = "must be given once only"
    elif kind == "string_too_long":
        message = f"must be {ctx.get('max_length')} characters or fewer"
    else:
        message = str(error.get("msg", "is not valid")).lower()
    return ValidationProblemRead(location=location, name=name, message=message)


def validation_error_response(request: Request, exc: Exception) -> Response:
    errors: Sequence[Any] = exc.errors() if isinstance(exc, RequestValidationError) else []
    problems = [_problem(dict(error)) for error in errors]
    detail = "; ".join(f"{p.name} {p.message}" for p in problems) or "The request is not valid"
    body = ValidationErrorRead(detail=detail + ".", errors=problems)
    return JSONResponse(body.model_dump(), status_code=422)
