"""Setting up and managing two-factor sign-in on your account.

The set-up pages take anyone signed in (``SignedInUser``): they are where someone who must set it up is
sent, so they cannot themselves require it."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app import form_pages
from app.deps import CurrentUser, SessionDep, SignedInUser
from app.errors import FieldError
from app.forms import FormState, parse_form
from app.models import User
from app.schemas.account import CodeForm, EnrolForm
from app.services.accounts import two_factor
from app.templating import render
from app.web import FormDataDep, redirect, url

router = APIRouter(prefix="/account/two-factor")


def _page(session: Session, user: User, *, secret: str | None = None) -> form_pages.FormPage[Any]:
    """Before two-factor sign-in is on, its set-up (a new secret, or the one the form sent back) with the
    form taking the first code; once it is on, the recovery codes left and the form turning it off."""
    enrolled = two_factor.is_enrolled(user)
    return form_pages.FormPage(
        template="account/two_factor.html",
        form=CodeForm if enrolled else EnrolForm,
        context={"enrolled": enrolled, "nav_active": "account"},
        more=lambda: {
            "enrolment": None if enrolled else two_factor.begin_enrolment(user=user, secret=secret),
            "required": two_factor.setup_required(session=session, user=user),
            "codes_left": two_factor.recovery_codes_left(session=session, user=user) if enrolled else 0,
        },
    )


def _codes_page(request: Request, codes: list[str]) -> HTMLResponse:
    return render(request, "account/recovery_codes.html", {"codes": codes, "nav_active": "account"})


@router.get("/", name="account.two_factor")
def show(request: Request, session: SessionDep, user: SignedInUser) -> HTMLResponse:
    return form_pages.show(request, _page(session, user), FormState(values={}))


@router.post("/", name="account.enrol_two_factor")
def enrol(request: Request, session: SessionDep, user: SignedInUser, form: FormDataDep) -> Response:
    secret = str(form.get("secret") or "")

    def save(data: EnrolForm) -> Response:
        codes = two_factor.confirm_enrolment(session=session, user=user, secret=secret, code=data.code)
        return _codes_page(request, codes)

    page = _page(session, user, secret=secret)
    return form_pages.submit(request, page, form, save=save, parsed=parse_form(EnrolForm, form))


@router.post("/recovery-codes", name="account.new_recovery_codes")
def new_recovery_codes(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    try:
        codes = two_factor.new_recovery_codes(session=session, user=user)
    except FieldError:
        return redirect(request, url(request, "account.two_factor"))
    return _codes_page(request, codes)


@router.post("/off", name="account.turn_off_two_factor")
def turn_off(request: Request, session: SessionDep, user: CurrentUser, form: FormDataDep) -> Response:
    def save(data: CodeForm) -> str:
        two_factor.turn_off(session=session, user=user, code=data.code)
        return url(request, "account.show")

    flash = "Two-factor sign-in is turned off"
    return form_pages.submit(
        request, _page(session, user), form, save=save, flash=flash, parsed=parse_form(CodeForm, form)
    )
