"""Administration: places, areas, users and memberships. Admins only."""

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.deps import AdminUser, SessionDep, SettingsDep
from app.form_pages import F, FormPage
from app.forms import FormState
from app.models import Area, Place, User
from app.schemas import AreaForm, MembershipForm, PlaceForm
from app.schemas.account import InviteForm, PolicyForm
from app.services.accounts import admin, erasure, passwords, screens, two_factor
from app.views import AdminEdit, AdminView, UserRead
from app.web import links, screen_context

router = APIRouter(prefix="/admin")


def _admin_place(user: AdminUser, session: SessionDep, place_slug: str) -> Place:
    return admin.get_place(session=session, place_slug=place_slug)


# The place a page of administration is about, for an administrator (anyone else is refused first).
AdminPlace = Annotated[Place, Depends(_admin_place)]


def place_url(view: UserRead, place: Place) -> str:
    """The administration page of ``place``, where its changes are confirmed."""
    return view.url("admin.place", place_slug=place.slug)


def _form_page(form: type[F], *, heading: str, action: str, back: str, button: str) -> FormPage[F]:
    """The administration pages share one form template; each says what it is for and where it goes."""
    context = {"heading": heading, "action": action, "back": back, "button": button, "nav_active": "admin"}
    return FormPage(template="admin/form.html", form=form, context=context)


def _index_form_page(view: UserRead, form: type[F], *, heading: str, action: str, button: str) -> FormPage[F]:
    """A form reached from the administration index, which it posts to route ``action`` and goes back to."""
    return _form_page(
        form, heading=heading, action=view.url(action), back=view.url("admin.index"), button=button
    )


def _new_place_page(view: UserRead) -> FormPage[PlaceForm]:
    return _index_form_page(
        view, PlaceForm, heading="Add a place", action="admin.create_place", button="Add place"
    )


def _area_page(view: UserRead, place: Place, area: Area | None) -> FormPage[AreaForm]:
    return _form_page(
        AreaForm,
        heading=f"Change {area.name}" if area else f"Add an area to {place.name}",
        action=view.url("admin.edit_area", place_slug=place.slug, area_id=area.id)
        if area
        else view.url("admin.create_area", place_slug=place.slug),
        back=place_url(view, place),
        button="Save area" if area else "Add area",
    )


def _new_user_page(view: UserRead) -> FormPage[InviteForm]:
    return _index_form_page(
        view, InviteForm, heading="Invite a person", action="admin.create_user", button="Send invitation"
    )


@router.get("/", name="admin.index")
def index(view: AdminView) -> HTMLResponse:
    return view.page("admin/index.html", **screen_context(screens.admin_screen(session=view.session)))


@router.get("/places/new", name="admin.new_place")
def new_place(view: AdminView) -> HTMLResponse:
    return view.show(_new_place_page(view))


@router.post("/places/new", name="admin.create_place")
def create_place(write: AdminEdit) -> Response:
    def save(data: PlaceForm) -> Response:
        place = admin.create_place(**write.by, form=data)
        return write.redirect(place_url(write, place), flash=f"{place.name} added")

    return write.submit(_new_place_page(write), save=save)


def _user_options(session: Session) -> dict[str, list[tuple[str, str]]]:
    return {
        "user_id": [
            (str(u.id), f"{u.name} ({u.email})") for u in admin.list_users(session=session) if u.active
        ]
    }


def _place_page(session: Session, place: Place) -> FormPage[MembershipForm]:
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
def place_page(view: AdminView, place: AdminPlace) -> HTMLResponse:
    return view.show(_place_page(view.session, place))


@router.post("/places/{place_slug}/memberships", name="admin.add_membership")
def add_membership(write: AdminEdit, place: AdminPlace) -> Response:
    def save(data: MembershipForm) -> str:
        admin.add_membership(**write.by, place=place, form=data)
        return place_url(write, place)

    return write.submit(_place_page(write.session, place), save=save, flash="Membership saved")


@router.post("/places/{place_slug}/memberships/{membership_id}/remove", name="admin.remove_membership")
def remove_membership(write: AdminEdit, place: AdminPlace, membership_id: int) -> Response:
    admin.remove_membership(**write.by, place=place, membership_id=membership_id)
    return write.redirect(place_url(write, place), flash="Membership removed")


@router.get("/places/{place_slug}/areas/new", name="admin.new_area")
def new_area(view: AdminView, place: AdminPlace) -> HTMLResponse:
    return view.show(_area_page(view, place, None))


@router.post("/places/{place_slug}/areas/new", name="admin.create_area")
def create_area(write: AdminEdit, place: AdminPlace) -> Response:
    def save(data: AreaForm) -> Response:
        area = admin.create_area(**write.by, place=place, form=data)
        return write.redirect(place_url(write, place), flash=f"{area.name} added")

    return write.submit(_area_page(write, place, None), save=save)


@router.get("/places/{place_slug}/areas/{area_id}/edit", name="admin.edit_area_form")
def edit_area_form(view: AdminView, place: AdminPlace, area_id: int) -> HTMLResponse:
    area = admin.get_area(session=view.session, place=place, area_id=area_id)
    return view.show_saved(_area_page(view, place, area), area)


@router.post("/places/{place_slug}/areas/{area_id}/edit", name="admin.edit_area")
def edit_area(write: AdminEdit, place: AdminPlace, area_id: int) -> Response:
    area = admin.get_area(session=write.session, place=place, area_id=area_id)
    # Built before the save, so the heading names the area as it was.
    page = _area_page(write, place, area)

    def save(data: AreaForm) -> Response:
        admin.update_area(**write.by, place=place, area=area, form=data, expected_version=write.version)
        return write.redirect(place_url(write, place), flash=f"{area.name} saved")

    return write.submit(page, save=save, current_version=area.version)


@router.get("/users/new", name="admin.new_user")
def new_user(view: AdminView) -> HTMLResponse:
    return view.show(_new_user_page(view))


@router.post("/users/new", name="admin.create_user")
def create_user(write: AdminEdit, settings: SettingsDep) -> Response:
    """People choose their own password from the invitation; nobody else ever knows it."""

    def save(data: InviteForm) -> Response:
        invited = passwords.invite_user(
            **write.by, form=data, link_for=links(write.request), settings=settings
        )
        flash = f"Invitation sent to {invited.name} at {invited.email}"
        return write.redirect(write.url("admin.index"), flash=flash)

    return write.submit(_new_user_page(write), save=save)


@router.post("/users/{user_id}/invite", name="admin.resend_invitation")
def resend_invitation(write: AdminEdit, settings: SettingsDep, user_id: int) -> Response:
    target = admin.get_user(session=write.session, user_id=user_id)
    passwords.resend_invitation(**write.by, user=target, link_for=links(write.request), settings=settings)
    return write.redirect(write.url("admin.index"), flash=f"A new invitation is on its way to {target.email}")


def _settings_page(view: UserRead) -> FormPage[PolicyForm]:
    return _index_form_page(
        view, PolicyForm, heading="Sign-in settings", action="admin.save_settings", button="Save settings"
    )


@router.get("/settings", name="admin.settings")
def settings_form(view: AdminView) -> HTMLResponse:
    policy = two_factor.get_policy(session=view.session)
    return view.show(
        _settings_page(view), FormState(values={"require_two_factor": policy.require_two_factor})
    )


@router.post("/settings", name="admin.save_settings")
def save_settings(write: AdminEdit) -> Response:
    def save(data: PolicyForm) -> str:
        two_factor.set_policy(**write.by, form=data)
        return write.url("admin.index")

    return write.submit(_settings_page(write), save=save, flash="Sign-in settings saved")


@router.post("/users/{user_id}/active", name="admin.set_user_active")
def set_user_active(write: AdminEdit, user_id: int) -> Response:
    target = admin.get_user(session=write.session, user_id=user_id)
    active = write.form.get("active") == "true"
    admin.set_user_active(**write.by, user=target, active=active)
    message = f"{target.name} can sign in again" if active else f"{target.name} is deactivated and signed out"
    return write.redirect(write.url("admin.index"), flash=message)


def _erase_page(
    view: UserRead, target: User, *, problem: str | None = None, status: int = 200
) -> HTMLResponse:
    return view.page("admin/erase_user.html", person=target, problem=problem, status_code=status)


@router.get("/users/{user_id}/erase", name="admin.erase_user_form")
def erase_user_form(view: AdminView, user_id: int) -> HTMLResponse:
    target = erasure.get_erasable_user(session=view.session, user_id=user_id)
    return _erase_page(view, target, problem=erasure.erase_refusal(user=target, actor=view.user))


@router.post("/users/{user_id}/erase", name="admin.erase_user")
def erase_user(write: AdminEdit, user_id: int) -> Response:
    target = erasure.get_erasable_user(session=write.session, user_id=user_id)
    try:
        erasure.erase_user(session=write.session, user=target, actor=write.user)
    except erasure.CannotErase as refused:
        return _erase_page(write, target, problem=str(refused), status=400)
    return write.redirect(
        write.url("admin.index"), flash="The account is erased. Its history now shows a former user"
    )
