"""The tension log for the partner tension meeting: a period's entries and levels as CSV or PDF.

The period is chosen on a GET form (a download changes nothing). Each file is audited in a short write of its
own, committed before its body is sent, as every other export is."""

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from app.db import short_write
from app.deps import SessionFactory
from app.forms import FormState, form_fields, parse_form
from app.models import Place, User
from app.schemas.tensions import ExportPeriodForm
from app.services.access import PlaceAccess
from app.services.accounts import audit
from app.services.outputs import document
from app.services.tensions import export
from app.templating import templates
from app.views import PlaceRead, TensionView
from app.web import attachment

router = APIRouter(prefix="/places/{place_slug}/tensions/export")


def _page(view: PlaceRead, state: FormState[ExportPeriodForm], status: int) -> HTMLResponse:
    return view.page(
        "tensions/export.html",
        errors=state.errors,
        fields=form_fields(ExportPeriodForm, state.values, state.errors),
        query=str(view.request.url.query),
        status_code=status,
    )


@router.get("/", name="tensions.export")
def export_page(view: TensionView) -> HTMLResponse:
    if view.request.query_params:
        state = parse_form(ExportPeriodForm, view.request.query_params)
        return _page(view, state, 200 if state.valid else 400)
    today = datetime.now(UTC).date()
    start = today - timedelta(days=27)
    values = {
        "date_from": {"day": str(start.day), "month": str(start.month), "year": str(start.year)},
        "date_to": {"day": str(today.day), "month": str(today.month), "year": str(today.year)},
    }
    return _page(view, FormState(values=values), 200)


def _period(view: PlaceRead) -> ExportPeriodForm | HTMLResponse:
    state = parse_form(ExportPeriodForm, view.request.query_params)
    if state.data is None or state.errors:
        return _page(view, state, 400)
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
def export_csv(view: TensionView, factory: SessionFactory, part: str) -> Response:
    if part not in export.PARTS:
        raise export.ExportPartNotFound(part)
    period = _period(view)
    if isinstance(period, HTMLResponse):
        return period
    found = export.build_export(**view.of, date_from=period.date_from, date_to=period.date_to)
    body = export.csv_text(found, part)
    _record(factory, view.access, found.audit_detail(f"{part} as CSV"))
    filename = f"{view.place.slug}-tension-{part}-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}.csv"
    return Response(body, media_type="text/csv; charset=utf-8", headers=attachment(filename))


@router.get("/tension-log.pdf", name="tensions.export_pdf")
def export_pdf(view: TensionView, factory: SessionFactory) -> Response:
    period = _period(view)
    if isinstance(period, HTMLResponse):
        return period
    found = export.build_export(**view.of, date_from=period.date_from, date_to=period.date_to)
    html = templates.env.get_template("tensions/export_pdf.html").render(request=view.request, export=found)
    pdf = document.render_pdf(html)
    _record(factory, view.access, found.audit_detail("PDF"))
    filename = f"{view.place.slug}-tension-log-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}.pdf"
    return Response(pdf, media_type="application/pdf", headers=attachment(filename))
