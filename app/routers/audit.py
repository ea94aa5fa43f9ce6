"""The audit log for administrators: every export, publication, token event and administrator's security
action, newest first."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from app.services.accounts import admin, audit
from app.views import AdminView

router = APIRouter(prefix="/admin")

SHOWN = 200


@router.get("/audit", name="admin.audit")
def audit_log(view: AdminView, place: str | None = None) -> HTMLResponse:
    chosen = admin.get_place(session=view.session, place_slug=place) if place else None
    return view.page(
        "admin/audit.html",
        events=audit.recent_events(session=view.session, place=chosen, limit=SHOWN),
        places=[p for p, _areas, _members in admin.list_places(session=view.session)],
        chosen=chosen,
        shown=SHOWN,
    )
