"""Administration: places, areas, users and memberships. Admins only."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from app.deps import AdminUser, SessionDep, SettingsDep
from app.form_pages import F, FormPage, show, show_saved, submit
from app.forms import FormState
from app.models import Area, Place, User
from app.schemas import AreaForm, MembershipForm, PlaceForm
from app.schemas.account import InviteForm, PolicyForm
from app.services.accounts import admin, erasure, passwords, two_factor
from app.services.records.history import is_erased
from app.templating import render
from app.web import FormDataDep, expected_version, links, redirect, url

router = APIRouter(prefix="/admin")


def _admin_place(user: AdminUser, session: SessionDep, place_slug: str) -> Place:
    return admin.get_place(session=session, place_slug=place_slug)


# The place a page of administration is about, for an administrator (anyone else is refused first).
AdminPlace = Annotated[Place, Depends(_admin_place)]


def place_url(request: Request, place: Place) -> str:
    """The administration page of ``place``, where its changes are confirmed."""
    return url(request, "admin.place", place_slug=place.slug)


def _form_page(form: type[F], *, heading: str, action: str, back: str, button: str) -> FormPage[F]:
    """The administration pages share one form template; each says what it is for and where it goes."""
    context = {"heading": heading, "action": action, "back": back, "button": button, "nav_active": "admin"}
    return FormPage(template="admin/form.html", form=form, context=context)


def _index_form_page(
    request: Request, form: type[F], *, heading: str, action: str, button: str
) -> FormPage[F]:
    """A form reached from the administration index, which it posts to route ``action`` and goes back to."""
    return _form_page(
        form, heading=heading, action=url(request, action), back=url(request, "admin.index"), button=button
    )


def _new_place_page(request: Request) -> FormPage[PlaceForm]:
    return _index_form_page(
        request, PlaceForm, heading="Add a place", action="admin.create_place", button="Add place"
    )


def _area_page(request: Request, place: Place, area: Area | None) -> FormPage[AreaForm]:
    return _form_page(
        AreaForm,
        heading=f"Change {area.name}" if area else f"Add an area to {place.name}",
        action=url(request, "admin.edit_area", place_slug=place.slug, area_id=area.id)
        if area
        else url(request, "admin.create_area", place_slug=place.slug),
        back=place_url(request, place),
        button="Save area" if area else "Add area",
    )


def _new_user_page(request: Request) -> FormPage[InviteForm]:
    return _index_form_page(
        request, InviteForm, heading="Invite a person", action="admin.create_user", button="Send invitation"
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
            "invited_ids": {person.id for person in users if not passwords.has_password(person)},
            "two_factor_required": two_factor.get_policy(session=session).require_two_factor,
            "nav_active": "admin",
        },
    )


@router.get("/places/new", name="admin.new_place")
def new_place(request: Request, user: AdminUser) -> HTMLResponse:
    return show(request, _new_place_page(request), FormState(values={}))


@router.post("/places/new", name="admin.create_place")
def create_place(request: Request, session: SessionDep, user: AdminUser, form: FormDataDep) -> Response:
    def save(data: PlaceForm) -> Response:
        place = admin.create_place(session=session, actor=user, form=data)
        return redirect(request, place_url(request, place), flash=f"{place.name} added")

    return submit(request, _new_place_page(request), form, save=save)


def _user_options(session: SessionDep) -> dict[str, list[tuple[str, str]]]:
    return {
        "user_id": [
            (str(u.id), f"{u.name} ({u.email})") for u in admin.list_users(session=session) if u.active
        ]
    }


def _place_page(session: SessionDep, place: Place) -> FormPage[MembershipForm]:
    """A place's areas and members, with the form that gives someone a role there."""
    return FormPage(
        template="admin/place.html",
        form=MembershipForm,
        context={"place": place, "nav_active": "admin"},
        options=lambda: _user_options(session),
        more=lambda: {
            "areas": admin.list_areas(session=session, place=place),
            "memberships": admin.memberships_of_place(session=session, place=place),
        },
    )


@router.get("/places/{place_slug}/", name="admin.place")
def place_page(request: Request, session: SessionDep, place: AdminPlace) -> HTMLResponse:
    return show(request, _place_page(session, place), FormState(values={}))


@router.post("/places/{place_slug}/memberships", name="admin.add_membership")
def add_membership(
    request: Request, session: SessionDep, user: AdminUser, place: AdminPlace, form: FormDataDep
) -> Response:
    def save(data: MembershipForm) -> str:
        admin.add_membership(session=session, actor=user, place=place, form=data)
        return place_url(request, place)

    return submit(request, _place_page(session, place), form, save=save, flash="Membership saved")


@router.post("/places/{place_slug}/memberships/{membership_id}/remove", name="admin.remove_membership")
def remove_membership(
    request: Request, session: SessionDep, user: AdminUser, place: AdminPlace, membership_id: int
) -> Response:
    admin.remove_membership(session=session, actor=user, place=place, membership_id=membership_id)
    return redirect(request, place_url(request, place), flash="Membership removed")


@router.get("/places/{place_slug}/areas/new", name="admin.new_area")
def new_area(request: Request, place: AdminPlace) -> HTMLResponse:
    return show(request, _area_page(request, place, None), FormState(values={}))


@router.post("/places/{place_slug}/areas/new", name="admin.create_area")
def create_area(
    request: Request, session: SessionDep, user: AdminUser, place: AdminPlace, form: FormDataDep
) -> Response:
    def save(data: AreaForm) -> Response:
        area = admin.create_area(session=session, place=place, actor=user, form=data)
        return redirect(request, place_url(request, place), flash=f"{area.name} added")

    return submit(request, _area_page(request, place, None), form, save=save)


@router.get("/places/{place_slug}/areas/{area_id}/edit", name="admin.edit_area_form")
def edit_area_form(request: Request, session: SessionDep, place: AdminPlace, area_id: int) -> HTMLResponse:
    area = admin.get_area(session=session, place=place, area_id=area_id)
    return show_saved(request, _area_page(request, place, area), area)


@router.post("/places/{place_slug}/areas/{area_id}/edit", name="admin.edit_area")
def edit_area(
    request: Request, session: SessionDep, user: AdminUser, place: AdminPlace, area_id: int, form: FormDataDep
) -> Response:
    area = admin.get_area(session=session, place=place, area_id=area_id)
    # Built before the save, so the heading names the area as it was.
    page = _area_page(request, place, area)

    def save(data: AreaForm) -> Response:
        admin.update_area(
            session=session,
            place=place,
            area=area,
            actor=user,
            form=data,
            expected_version=expected_version(form),
        )
        return redirect(request, place_url(request, place), flash=f"{area.name} saved")

    return submit(request, page, form, save=save, session=session, current_version=area.version)


@router.get("/users/new", name="admin.new_user")
def new_user(request: Request, user: AdminUser) -> HTMLResponse:
    return show(request, _new_user_page(request), FormState(values={}))


@router.post("/users/new", name="admin.create_user")
def create_user(
    request: Request, session: SessionDep, settings: SettingsDep, user: AdminUser, form: FormDataDep
) -> Response:
    """People choose their own password from the invitation; nobody else ever knows it."""

    def save(data: InviteForm) -> Response:
        invited = passwords.invite_user(
            session=session, actor=user, form=data, link_for=links(request), settings=settings
        )
        return redirect(
            request,
            url(request, "admin.index"),
            flash=f"Invitation sent to {invited.name} at {invited.email}",
        )

    return submit(request, _new_user_page(request), form, save=save)


@router.post("/users/{user_id}/invite", name="admin.resend_invitation")
def resend_invitation(
    request: Request, session: SessionDep, settings: SettingsDep, user: AdminUser, user_id: int
) -> Response:
    target = admin.get_user(session=session, user_id=user_id)
    passwords.resend_invitation(
        session=session, actor=user, user=target, link_for=links(request), settings=settings
    )
    return redirect(
        request, url(request, "admin.index"), flash=f"A new invitation is on its way to {target.email}"
    )


def _settings_page(request: Request) -> FormPage[PolicyForm]:
    return _index_form_page(
        request, PolicyForm, heading="Sign-in settings", action="admin.save_settings", button="Save settings"
    )


@router.get("/settings", name="admin.settings")
def settings_form(request: Request, session: SessionDep, user: AdminUser) -> HTMLResponse:
    policy = two_factor.get_policy(session=session)
    state = FormState[PolicyForm](values={"require_two_factor": policy.require_two_factor})
    return show(request, _settings_page(request), state)


@router.post("/settings", name="admin.save_settings")
def save_settings(request: Request, session: SessionDep, user: AdminUser, form: FormDataDep) -> Response:
    def save(data: PolicyForm) -> str:
        two_factor.set_policy(session=session, actor=user, form=data)
        return url(request, "admin.index")

    return submit(request, _settings_page(request), form, save=save, flash="Sign-in settings saved")


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
