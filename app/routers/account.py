"""Your account: who you are signed in as, and your personal API tokens."""

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from app import form_pages
from app.deps import CurrentUser, SessionDep
from app.forms import FormState
from app.models import User
from app.schemas.account import ApiTokenForm
from app.services.accounts import api_tokens
from app.web import FormDataDep, redirect, url

router = APIRouter(prefix="/account")
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _account_page(session: SessionDep, user: User) -> form_pages.FormPage[ApiTokenForm]:
    return form_pages.FormPage(
        template="account/show.html",
        form=ApiTokenForm,
        context={"account": user, "new_token": None, "nav_active": "account"},
        more=lambda: {"tokens": api_tokens.list_tokens(session=session, user=user)},
    )


@router.get("/", name="account.show")
def show(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    return form_pages.show(request, _account_page(session, user), FormState(values={}))


@router.post("/tokens", name="account.create_token")
def create_token(request: Request, session: SessionDep, user: CurrentUser, form: FormDataDep) -> Response:
    """The new token is shown on this answer only: never in a redirect, a cookie or an address."""
    page = _account_page(session, user)

    def save(data: ApiTokenForm) -> Response:
        new_token = api_tokens.create_token(session=session, user=user, name=data.name)
        return form_pages.show(request, page, FormState(values={}), new_token=new_token)

    return form_pages.submit(request, page, form, save=save)


@router.post("/tokens/{token_id}/revoke", name="account.revoke_token")
def revoke_token(request: Request, session: SessionDep, user: CurrentUser, token_id: TokenId) -> Response:
    token = api_tokens.revoke_token(session=session, user=user, token_id=token_id)
    return redirect(request, url(request, "account.show"), flash=f"API token “{token.name}” revoked")
