"""Your account: who you are signed in as, and your personal API tokens."""

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from app.deps import CurrentUser, SessionDep
from app.forms import FormState, form_fields, parse_form
from app.models import User
from app.schemas.account import ApiTokenForm
from app.services.accounts import api_tokens
from app.templating import render
from app.web import FormDataDep, redirect, url

router = APIRouter(prefix="/account")
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _page(
    request: Request,
    session: SessionDep,
    user: User,
    state: FormState[ApiTokenForm],
    *,
    new_token: api_tokens.NewToken | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "account/show.html",
        {
            "account": user,
            "tokens": api_tokens.list_tokens(session=session, user=user),
            "new_token": new_token,
            "fields": form_fields(ApiTokenForm, state.values, state.errors),
            "errors": state.errors,
            "nav_active": "account",
        },
        status_code=status,
    )


@router.get("/", name="account.show")
def show(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    return _page(request, session, user, FormState(values={}))


@router.post("/tokens", name="account.create_token")
def create_token(request: Request, session: SessionDep, user: CurrentUser, form: FormDataDep) -> Response:
    """The new token is shown on this answer only: never in a redirect, a cookie or an address."""
    state = parse_form(ApiTokenForm, form)
    if state.data is None:
        return _page(request, session, user, state, status=400)
    new_token = api_tokens.create_token(session=session, user=user, name=state.data.name)
    return _page(request, session, user, FormState(values={}), new_token=new_token)


@router.post("/tokens/{token_id}/revoke", name="account.revoke_token")
def revoke_token(request: Request, session: SessionDep, user: CurrentUser, token_id: TokenId) -> Response:
    token = api_tokens.revoke_token(session=session, user=user, token_id=token_id)
    return redirect(request, url(request, "account.show"), flash=f"API token “{token.name}” revoked")
