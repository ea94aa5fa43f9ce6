"""Residents' pages for a place (no sign-in, published editions only, English or Welsh), and the officer's
page that switches them on and gives the place's own wording for them."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app import form_pages, i18n
from app.deps import PublicPlaceDep, SessionDep
from app.errors import NotFound
from app.schemas.public import PublicPageForm, WordingForm
from app.security import PUBLIC_CACHE
from app.services.public import icons, pages, settings, wording
from app.services.public.localise import Localiser
from app.templating import templates
from app.views import PlaceEdit, PlaceEditView, PlaceRead

router = APIRouter()

PUBLIC = "/p/{place_slug}"


class LanguageNotOffered(NotFound):
    """A language the place's pages are not offered in."""


def _language(public: pages.PublicPlace, lang: str | None) -> str:
    language = lang or i18n.ENGLISH
    if language not in i18n.LANGUAGES or (language == i18n.WELSH and not public.page.welsh):
        raise LanguageNotOffered(language)
    return language


def _not_modified(request: Request, validator: pages.Validator) -> bool:
    match = request.headers.get("if-none-match")
    if match is not None:
        return validator.etag in {tag.strip() for tag in match.split(",")} or match.strip() == "*"
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return parsedate_to_datetime(since) >= validator.last_modified
        except (TypeError, ValueError):
            return False
    return False


@dataclass(frozen=True)
class PublicRead:
    """A request for one of a place's residents' pages, in the language asked for."""

    request: Request
    session: Session
    public: pages.PublicPlace
    lang: str | None

    def page(self, here: str) -> Response:
        """The page ``here`` (its template is ``public/{here}.html``), or 304 when the reader's copy is still
        the page: decided from the validator alone, before the page is worked out."""
        request, session, public = self.request, self.session, self.public
        template = f"public/{here}.html"
        language = _language(public, self.lang)
        validator = pages.validator(session=session, public=public, language=language, today=date.today())
        headers = {
            "ETag": validator.etag,
            "Last-Modified": format_datetime(validator.last_modified, usegmt=True),
            "Cache-Control": PUBLIC_CACHE,
            "Content-Language": language,
        }
        if _not_modified(request, validator):
            return Response(status_code=304, headers=headers)
        kept_as = str(request.scope.get("root_path", "")) + template
        body = pages.kept_page(validator, kept_as)
        if body is None:
            shown = pages.published(session=session, public=public)
            view = pages.view(
                session=session,
                public=public,
                shown=shown,
                with_areas=here in ("said_did", "easy_read"),
                with_map=here == "doing",
            )
            context: dict[str, Any] = {
                "view": view,
                "place": public.place,
                "language": language,
                "here": here,
                "say": Localiser(language=language, words=view.words),
                "icons": icons.icon,
                **i18n.template_callables(language),
            }
            # Not ``render``: that would clear a flash cookie, and a page any cache may keep sets no cookie.
            body = bytes(templates.TemplateResponse(request, template, context).body)
            pages.keep_page(validator, kept_as, body)
        return Response(content=body, media_type="text/html; charset=utf-8", headers=headers)


def _public_read(
    request: Request, session: SessionDep, public: PublicPlaceDep, lang: str | None = None
) -> PublicRead:
    return PublicRead(request=request, session=session, public=public, lang=lang)


PublicReader = Annotated[PublicRead, Depends(_public_read)]


# The residents' pages: each is named ``public.{page}`` and drawn from ``public/{page}.html``.
RESIDENTS_PAGES = {
    "home": "/",
    "heard": "/what-we-heard/",
    "doing": "/what-we-are-doing/",
    "measures": "/how-we-are-doing/",
    "said_did": "/you-said-we-did/",
    "easy_read": "/you-said-we-did/easy-read/",
}


def _residents_page(here: str) -> Callable[[PublicRead], Response]:
    def page(reader: PublicReader) -> Response:
        return reader.page(here)

    page.__name__ = here
    return page


for _here, _path in RESIDENTS_PAGES.items():
    router.add_api_route(PUBLIC + _path, _residents_page(_here), name=f"public.{_here}", methods=["GET"])


# --- The officer's settings -------------------------------------------------------------------------------

SETTINGS = "/places/{place_slug}/public-pages"


def _settings_page(view: PlaceRead) -> form_pages.FormPage[PublicPageForm]:
    context = {"place": view.place, "access": view.access, "nav_active": "places"}
    return form_pages.FormPage(template="places/public_pages.html", form=PublicPageForm, context=context)


@router.get(SETTINGS + "/", name="public.settings")
def settings_form(view: PlaceEditView) -> HTMLResponse:
    page = settings.get_page(**view.of)
    if page is None:
        return view.show(_settings_page(view))
    return view.show_saved(_settings_page(view), page)


@router.post(SETTINGS + "/", name="public.save_settings")
def save_settings(write: PlaceEdit) -> Response:
    page = settings.get_page(**write.of)

    def save(data: PublicPageForm) -> str:
        settings.save_page(**write.by, form=data, expected_version=write.version)
        return write.url("public.settings")

    current = page.version if page else None
    return write.submit(_settings_page(write), save=save, flash="Public pages saved", current_version=current)


def _wording_page(
    view: PlaceRead, sheet: wording.Sheet, typed: dict[str, str]
) -> form_pages.FormPage[WordingForm]:
    return form_pages.FormPage(
        template="places/public_wording.html",
        form=WordingForm,
        context={
            "place": view.place,
            "access": view.access,
            "nav_active": "places",
            "sheet": sheet,
            "typed": typed,
        },
    )


@router.get(SETTINGS + "/wording", name="public.wording")
def wording_form(view: PlaceEditView) -> HTMLResponse:
    sheet = wording.sheet(**view.of)
    return view.show(_wording_page(view, sheet, {}))


@router.post(SETTINGS + "/wording", name="public.save_wording")
def save_wording(write: PlaceEdit) -> Response:
    sheet = wording.sheet(**write.of)
    typed = {key: value for key, value in write.form.items() if isinstance(value, str)}

    def save(data: WordingForm) -> str:
        settings.save_words(**write.by, entries=sheet.entries(typed))
        return write.url("public.wording")

    return write.submit(_wording_page(write, sheet, typed), save=save, flash="Wording saved")
