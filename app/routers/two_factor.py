"""Setting up and managing two-factor sign-in on your account.

The set-up pages take anyone signed in (``SignedInUser``): they are where someone who must set it up is
sent, so they cannot themselves require it."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.deps import CurrentUser, SessionDep, SignedInUser
from app.errors import FieldError
from app.forms import FormState, form_fields, parse_form
from app.models import User
from app.schemas.account import CodeForm, EnrolForm
from app.services.accounts import two_factor
from app.templating import render
from app.web import FormDataDep, redirect, url

router = APIRouter(prefix="/account/two-factor")


def _page(
    request: Request,
    session: SessionDep,
    user: User,
    *,
    secret: str | None = None,
    state: FormState[EnrolForm] | FormState[CodeForm] | None = None,
    status: int = 200,
) -> HTMLResponse:
    enrolled = two_factor.is_enrolled(user)
    form = CodeForm if enrolled else EnrolForm
    state = state or FormState(values={})
    return render(
        request,
        "account/two_factor.html",
        {
            "enrolled": enrolled,
            "enrolment": None if enrolled else two_factor.begin_enrolment(user=user, secret=secret),
            "required": two_factor.setup_required(session=session, user=user),
            "codes_left": two_factor.recovery_codes_left(session=session, user=user) if enrolled else 0,
            "fields": form_fields(form, state.values, state.errors),
            "errors": state.errors,
            "nav_active": "account",
        },
        status_code=status,
    )


def _codes_page(request: Request, codes: list[str]) -> HTMLResponse:
    return render(request, "account/recovery_codes.html", {"codes": codes, "nav_active": "account"})


@router.get("/", name="account.two_factor")
def show(request: Request, session: SessionDep, user: SignedInUser) -> HTMLResponse:
    return _page(request, session, user)


@router.post("/", name="account.enrol_two_factor")
def enrol(request: Request, session: SessionDep, user: SignedInUser, form: FormDataDep) -> Response:
    secret = str(form.get("secret") or "")
    state = parse_form(EnrolForm, form)
    if state.data is not None:
        try:
            codes = two_factor.confirm_enrolment(
                session=session, user=user, secret=secret, code=state.data.code
            )
        except FieldError as problem:
            state.errors[problem.field] = problem.message
        else:
            return _codes_page(request, codes)
    return _page(request, session, user, secret=secret, state=state, status=400)


@router.post("/recovery-codes", name="account.new_recovery_codes")
def new_recovery_codes(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    try:
        codes = two_factor.new_recovery_codes(session=session, user=user)
    except FieldError:
        return redirect(request, url(request, "account.two_factor"))
    return _codes_page(request, codes)


@router.post("/off", name="account.turn_off_two_factor")
def turn_off(request: Request, session: SessionDep, user: CurrentUser, form: FormDataDep) -> Response:
    state = parse_form(CodeForm, form)
    if state.data is not None:
        try:
            two_factor.turn_off(session=session, user=user, code=state.data.code)
        except FieldError as problem:
            state.errors[problem.field] = problem.message
        else:
            return redirect(request, url(request, "account.show"), flash="Two-factor sign-in is turned off")
    return _page(request, session, user, state=state, status=400)
