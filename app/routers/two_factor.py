"""Setting up and managing two-factor sign-in on your account.

The set-up pages take anyone signed in (``SetUpView`` and ``SetUpEdit``): they are where someone who must
set it up is sent, so they cannot themselves require it."""

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app import form_pages
from app.errors import FieldError
from app.forms import parse_form
from app.models import User
from app.schemas.account import CodeForm, EnrolForm
from app.services.accounts import two_factor
from app.views import AccountEdit, SetUpEdit, SetUpView, UserRead

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


def _codes_page(view: UserRead, codes: list[str]) -> HTMLResponse:
    return view.page("account/recovery_codes.html", codes=codes)


@router.get("/", name="account.two_factor")
def show(view: SetUpView) -> HTMLResponse:
    return view.show(_page(view.session, view.user))


@router.post("/", name="account.enrol_two_factor")
def enrol(write: SetUpEdit) -> Response:
    secret = str(write.form.get("secret") or "")

    def save(data: EnrolForm) -> Response:
        codes = two_factor.confirm_enrolment(
            session=write.session, user=write.user, secret=secret, code=data.code
        )
        return _codes_page(write, codes)

    page = _page(write.session, write.user, secret=secret)
    return write.submit(page, save=save, parsed=parse_form(EnrolForm, write.form))


@router.post("/recovery-codes", name="account.new_recovery_codes")
def new_recovery_codes(write: AccountEdit) -> Response:
    try:
        codes = two_factor.new_recovery_codes(session=write.session, user=write.user)
    except FieldError:
        return write.redirect(write.url("account.two_factor"))
    return _codes_page(write, codes)


@router.post("/off", name="account.turn_off_two_factor")
def turn_off(write: AccountEdit) -> Response:
    def save(data: CodeForm) -> str:
        two_factor.turn_off(session=write.session, user=write.user, code=data.code)
        return write.url("account.show")

    page = _page(write.session, write.user)
    flash = "Two-factor sign-in is turned off"
    return write.submit(page, save=save, flash=flash, parsed=parse_form(CodeForm, write.form))
