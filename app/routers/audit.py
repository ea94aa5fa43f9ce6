"""The audit log for administrators: every export, publication, token event and administrator's security
action, newest first."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.deps import AdminUser, SessionDep
from app.services.accounts import admin, audit
from app.templating import render

router = APIRouter(prefix="/admin")

SHOWN = 200


@router.get("/audit", name="admin.audit")
def audit_log(
    request: Request, session: SessionDep, user: AdminUser, place: str | None = None
) -> HTMLResponse:
    chosen = admin.get_place(session=session, place_slug=place) if place else None
    return render(
        request,
        "admin/audit.html",
        {
            "events": audit.recent_events(session=session, place=chosen, limit=SHOWN),
            "places": [p for p, _areas, _members in admin.list_places(session=session)],
            "chosen": chosen,
            "shown": SHOWN,
            "nav_active": "admin",
        },
    )
