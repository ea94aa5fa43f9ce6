"""The tension log for the partner tension meeting: a period's entries and levels as CSV or PDF.

The period is chosen on a GET form (a download changes nothing). Each file is audited in a short write of its
own, committed before its body is sent, as every other export is."""

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.db import short_write
from app.deps import SessionDep, SessionFactory, TensionReadablePlace
from app.forms import FormState, form_fields, parse_form
from app.models import Place, User
from app.schemas.tensions import ExportPeriodForm
from app.services.access import PlaceAccess
from app.services.accounts import audit
from app.services.outputs import document
from app.services.tensions import export
from app.templating import render, templates

router = APIRouter(prefix="/places/{place_slug}/tensions/export")


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"}


def _page(
    request: Request, place: PlaceAccess, state: FormState[ExportPeriodForm], status: int
) -> HTMLResponse:
    return render(
        request,
        "tensions/export.html",
        {
            "access": place,
            "place": place.place,
            "errors": state.errors,
            "fields": form_fields(ExportPeriodForm, state.values, state.errors),
            "query": str(request.url.query),
            "nav_active": "places",
        },
        status_code=status,
    )


@router.get("/", name="tensions.export")
def export_page(request: Request, place: TensionReadablePlace) -> HTMLResponse:
    if request.query_params:
        state = parse_form(ExportPeriodForm, request.query_params)
        return _page(request, place, state, 200 if state.valid else 400)
    today = datetime.now(UTC).date()
    start = today - timedelta(days=27)
    values = {
        "date_from": {"day": str(start.day), "month": str(start.month), "year": str(start.year)},
        "date_to": {"day": str(today.day), "month": str(today.month), "year": str(today.year)},
    }
    return _page(request, place, FormState(values=values), 200)


def _period(request: Request, place: PlaceAccess) -> ExportPeriodForm | HTMLResponse:
    state = parse_form(ExportPeriodForm, request.query_params)
    if state.data is None or state.errors:
        return _page(request, place, state, 400)
    return state.data


def _record(factory: SessionFactory, place: PlaceAccess, detail: str) -> None:
    with short_write(factory) as audit_session:
        audit.record_event(
            session=audit_session,
            actor=audit_session.get(User, place.user.id),
            place=audit_session.get(Place, place.place.id),
            action="export",
            detail=detail,
        )


@router.get("/{part}.csv", name="tensions.export_csv")
def export_csv(
    request: Request, session: SessionDep, factory: SessionFactory, place: TensionReadablePlace, part: str
) -> Response:
    if part not in export.PARTS:
        raise export.ExportPartNotFound(part)
    period = _period(request, place)
    if isinstance(period, HTMLResponse):
        return period
    found = export.build_export(
        session=session, place=place.place, date_from=period.date_from, date_to=period.date_to
    )
    body = export.csv_text(found, part)
    _record(factory, place, found.audit_detail(f"{part} as CSV"))
    filename = f"{place.place.slug}-tension-{part}-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}.csv"
    return Response(body, media_type="text/csv; charset=utf-8", headers=_attachment(filename))


@router.get("/tension-log.pdf", name="tensions.export_pdf")
def export_pdf(
    request: Request, session: SessionDep, factory: SessionFactory, place: TensionReadablePlace
) -> Response:
    period = _period(request, place)
    if isinstance(period, HTMLResponse):
        return period
    found = export.build_export(
        session=session, place=place.place, date_from=period.date_from, date_to=period.date_to
    )
    html = templates.env.get_template("tensions/export_pdf.html").render(request=request, export=found)
    pdf = document.render_pdf(html)
    _record(factory, place, found.audit_detail("PDF"))
    filename = f"{place.place.slug}-tension-log-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}.pdf"
    return Response(pdf, media_type="application/pdf", headers=_attachment(filename))
