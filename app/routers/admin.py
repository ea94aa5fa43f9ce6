"""Administration: places, areas, users and memberships. Admins only."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from app.deps import AdminUser, SessionDep
from app.errors import FieldError
from app.forms import FormState, form_fields, initial_values, parse_form
from app.models import Place, User
from app.schemas import AreaForm, MembershipForm, PlaceForm, UserForm
from app.services.accounts import admin, erasure
from app.services.records.versioning import VersionConflict, field_comparison, is_erased
from app.templating import render
from app.web import FormDataDep, expected_version, redirect, url

router = APIRouter(prefix="/admin")


def _form_page(
    request: Request,
    *,
    model: type[BaseModel],
    state: FormState[Any],
    heading: str,
    action: str,
    back: str,
    button: str,
    status: int = 200,
    options: dict[str, list[tuple[str, str]]] | None = None,
    version: int | None = None,
    comparison: list[tuple[str, str, str]] | None = None,
) -> HTMLResponse:
    return render(
        request,
        "admin/form.html",
        {
            "fields": form_fields(model, state.values, state.errors, options),
            "errors": state.errors,
            "heading": heading,
            "action": action,
            "back": back,
            "button": button,
            "version": version,
            "comparison": comparison,
            "nav_active": "admin",
        },
        status_code=status,
    )


@router.get("/", name="admin.index")
def index(request: Request, session: SessionDep, user: AdminUser) -> HTMLResponse:
    users = admin.list_users(session=session)
    return render(
        request,
        "admin/index.html",
        {
            "places": admin.list_places(session=session),
            "users": users,
            "erased_ids": {person.id for person in users if is_erased(person)},
            "nav_active": "admin",
        },
    )


@router.get("/places/new", name="admin.new_place")
def new_place(request: Request, user: AdminUser) -> HTMLResponse:
    return _form_page(
        request,
        model=PlaceForm,
        state=FormState(values={}),
        heading="Add a place",
        action=url(request, "admin.create_place"),
        back=url(request, "admin.index"),
        button="Add place",
    )


@router.post("/places/new", name="admin.create_place")
def create_place(request: Request, session: SessionDep, user: AdminUser, form: FormDataDep) -> Response:
    state = parse_form(PlaceForm, form)
    if state.data is not None:
        try:
            place = admin.create_place(session=session, actor=user, form=state.data)
        except FieldError as duplicate:
            state.errors[duplicate.field] = duplicate.message
        else:
            return redirect(
                request, url(request, "admin.place", place_slug=place.slug), flash=f"{place.name} added"
            )
    return _form_page(
        request,
        model=PlaceForm,
        state=state,
        heading="Add a place",
        status=400,
        action=url(request, "admin.create_place"),
        back=url(request, "admin.index"),
        button="Add place",
    )


def _user_options(session: SessionDep) -> dict[str, list[tuple[str, str]]]:
    return {
        "user_id": [
            (str(u.id), f"{u.name} ({u.email})") for u in admin.list_users(session=session) if u.active
        ]
    }


def _place_page(
    request: Request,
    session: SessionDep,
    place: Place,
    state: FormState[MembershipForm] | None = None,
    status: int = 200,
) -> HTMLResponse:
    state = state or FormState(values={})
    return render(
        request,
        "admin/place.html",
        {
            "place": place,
            "areas": admin.list_areas(session=session, place=place),
            "memberships": admin.memberships_of_place(session=session, place=place),
            "fields": form_fields(MembershipForm, state.values, state.errors, _user_options(session)),
            "errors": state.errors,
            "nav_active": "admin",
        },
        status_code=status,
    )


@router.get("/places/{place_slug}/", name="admin.place")
def place_page(request: Request, session: SessionDep, user: AdminUser, place_slug: str) -> HTMLResponse:
    return _place_page(request, session, admin.get_place(session=session, place_slug=place_slug))


@router.post("/places/{place_slug}/memberships", name="admin.add_membership")
def add_membership(
    request: Request, session: SessionDep, user: AdminUser, place_slug: str, form: FormDataDep
) -> Response:
    place = admin.get_place(session=session, place_slug=place_slug)
    state = parse_form(MembershipForm, form)
    if state.data is None:
        return _place_page(request, session, place, state, status=400)
    admin.add_membership(session=session, actor=user, place=place, form=state.data)
    return redirect(request, url(request, "admin.place", place_slug=place.slug), flash="Membership saved")


@router.post("/places/{place_slug}/memberships/{membership_id}/remove", name="admin.remove_membership")
def remove_membership(
    request: Request, session: SessionDep, user: AdminUser, place_slug: str, membership_id: int
) -> Response:
    place = admin.get_place(session=session, place_slug=place_slug)
    admin.remove_membership(session=session, actor=user, place=place, membership_id=membership_id)
    return redirect(request, url(request, "admin.place", place_slug=place.slug), flash="Membership removed")


@router.get("/places/{place_slug}/areas/new", name="admin.new_area")
def new_area(request: Request, session: SessionDep, user: AdminUser, place_slug: str) -> HTMLResponse:
    place = admin.get_place(session=session, place_slug=place_slug)
    return _form_page(
        request,
        model=AreaForm,
        state=FormState(values={}),
        heading=f"Add an area to {place.name}",
        action=url(request, "admin.create_area", place_slug=place.slug),
        back=url(request, "admin.place", place_slug=place.slug),
        button="Add area",
    )


@router.post("/places/{place_slug}/areas/new", name="admin.create_area")
def create_area(
    request: Request, session: SessionDep, user: AdminUser, place_slug: str, form: FormDataDep
) -> Response:
    place = admin.get_place(session=session, place_slug=place_slug)
    state = parse_form(AreaForm, form)
    if state.data is not None:
        try:
            area = admin.create_area(session=session, place=place, actor=user, form=state.data)
        except FieldError as duplicate:
            state.errors[duplicate.field] = duplicate.message
        else:
            return redirect(
                request, url(request, "admin.place", place_slug=place.slug), flash=f"{area.name} added"
            )
    return _form_page(
        request,
        model=AreaForm,
        state=state,
        heading=f"Add an area to {place.name}",
        status=400,
        action=url(request, "admin.create_area", place_slug=place.slug),
        back=url(request, "admin.place", place_slug=place.slug),
        button="Add area",
    )


@router.get("/places/{place_slug}/areas/{area_id}/edit", name="admin.edit_area_form")
def edit_area_form(
    request: Request, session: SessionDep, user: AdminUser, place_slug: str, area_id: int
) -> HTMLResponse:
    place = admin.get_place(session=session, place_slug=place_slug)
    area = admin.get_area(session=session, place=place, area_id=area_id)
    return _form_page(
        request,
        model=AreaForm,
        state=FormState(values=initial_values(AreaForm, area)),
        heading=f"Change {area.name}",
        version=area.version,
        action=url(request, "admin.edit_area", place_slug=place.slug, area_id=area.id),
        back=url(request, "admin.place", place_slug=place.slug),
        button="Save area",
    )


@router.post("/places/{place_slug}/areas/{area_id}/edit", name="admin.edit_area")
def edit_area(
    request: Request, session: SessionDep, user: AdminUser, place_slug: str, area_id: int, form: FormDataDep
) -> Response:
    place = admin.get_place(session=session, place_slug=place_slug)
    area = admin.get_area(session=session, place=place, area_id=area_id)
    state = parse_form(AreaForm, form)
    loaded = expected_version(form)

    def page(status: int, version: int, comparison: list[tuple[str, str, str]] | None = None) -> HTMLResponse:
        return _form_page(
            request,
            model=AreaForm,
            state=state,
            heading=f"Change {area.name}",
            button="Save area",
            action=url(request, "admin.edit_area", place_slug=place.slug, area_id=area_id),
            back=url(request, "admin.place", place_slug=place.slug),
            status=status,
            version=version,
            comparison=comparison,
        )

    if state.data is not None:
        try:
            admin.update_area(
                session=session, place=place, area=area, actor=user, form=state.data, expected_version=loaded
            )
        except FieldError as duplicate:
            state.errors[duplicate.field] = duplicate.message
        except VersionConflict as conflict:
            return page(409, area.version, field_comparison(conflict.record, conflict.submitted))
        else:
            return redirect(
                request, url(request, "admin.place", place_slug=place.slug), flash=f"{area.name} saved"
            )
    return page(400, loaded or area.version)


@router.get("/users/new", name="admin.new_user")
def new_user(request: Request, user: AdminUser) -> HTMLResponse:
    return _form_page(
        request,
        model=UserForm,
        state=FormState(values={}),
        heading="Add a person",
        action=url(request, "admin.create_user"),
        back=url(request, "admin.index"),
        button="Add person",
    )


@router.post("/users/new", name="admin.create_user")
def create_user(request: Request, session: SessionDep, user: AdminUser, form: FormDataDep) -> Response:
    state = parse_form(UserForm, form)
    if state.data is not None:
        try:
            created = admin.create_user(session=session, actor=user, form=state.data)
        except FieldError as duplicate:
            state.errors[duplicate.field] = duplicate.message
        else:
            return redirect(request, url(request, "admin.index"), flash=f"{created.name} can now sign in")
    return _form_page(
        request,
        model=UserForm,
        state=state,
        heading="Add a person",
        status=400,
        action=url(request, "admin.create_user"),
        back=url(request, "admin.index"),
        button="Add person",
    )


@router.post("/users/{user_id}/active", name="admin.set_user_active")
def set_user_active(
    request: Request, session: SessionDep, user: AdminUser, user_id: int, form: FormDataDep
) -> Response:
    target = admin.get_user(session=session, user_id=user_id)
    active = form.get("active") == "true"
    admin.set_user_active(session=session, actor=user, user=target, active=active)
    message = f"{target.name} can sign in again" if active else f"{target.name} is deactivated and signed out"
    return redirect(request, url(request, "admin.index"), flash=message)


def _erase_page(
    request: Request, target: User, *, problem: str | None = None, status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "admin/erase_user.html",
        {"person": target, "problem": problem, "nav_active": "admin"},
        status_code=status,
    )


@router.get("/users/{user_id}/erase", name="admin.erase_user_form")
def erase_user_form(request: Request, session: SessionDep, user: AdminUser, user_id: int) -> HTMLResponse:
    target = erasure.get_erasable_user(session=session, user_id=user_id)
    return _erase_page(request, target, problem=erasure.erase_refusal(user=target, actor=user))


@router.post("/users/{user_id}/erase", name="admin.erase_user")
def erase_user(request: Request, session: SessionDep, user: AdminUser, user_id: int) -> Response:
    target = erasure.get_erasable_user(session=session, user_id=user_id)
    try:
        erasure.erase_user(session=session, user=target, actor=user)
    except erasure.CannotErase as refused:
        return _erase_page(request, target, problem=str(refused), status=400)
    message = "The account is erased. Its history now shows a former user"
    return redirect(request, url(request, "admin.index"), flash=message)
