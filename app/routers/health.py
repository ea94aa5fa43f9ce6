"""Operations: the health check for load balancers and the container, and request metrics."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException

from app.deps import OptionalUser
from app.observability import Metrics, may_read_metrics

router = APIRouter()


@router.get("/healthz", name="health")
def healthz(request: Request) -> JSONResponse:
    try:
        with request.app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


@router.get("/metrics", name="metrics")
def metrics(request: Request, user: OptionalUser) -> PlainTextResponse:
    """Prometheus text format; anyone else gets 404, so the page does not reveal that it exists."""
    allowed = may_read_metrics(
        client_host=request.client.host if request.client else None,
        header_names=request.headers.keys(),
        is_admin=user is not None and user.is_admin,
    )
    if not allowed:
        raise HTTPException(status_code=404)
    registry: Metrics = request.app.state.metrics
    return PlainTextResponse(registry.render(), media_type=CONTENT_TYPE_PLAIN_0_0_4)
