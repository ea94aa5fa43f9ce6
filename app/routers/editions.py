"""Editions of a strategy's stages: publish, list, view as it was, compare any two."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from app import form_pages, views
from app.deps import StrategyAccess
from app.errors import FieldError
from app.schemas import EditionForm
from app.services.outputs import edition_screens
from app.services.records import editions
from app.stages import STAGES
from app.views import EditView, PublishedView
from app.web import int_or_none, screen_context, stage_context

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/editions")


@router.get("/", name="editions.index")
def index(view: PublishedView) -> HTMLResponse:
    all_editions = editions.list_editions(**view.of)
    by_stage = {stage.slug: [e for e in all_editions if e.stage == stage.slug] for stage in STAGES}
    return view.page(
        "editions/index.html",
        stages=STAGES,
        by_stage=by_stage,
        statuses={
            s.stage.slug: s
            for s in editions.stage_statuses(**view.of, drafts=view.ctx.access.can_read_drafts)
        },
    )


def _publish_page(ctx: StrategyAccess, stage: str) -> form_pages.FormPage[EditionForm]:
    return form_pages.FormPage(
        template="editions/publish.html",
        form=EditionForm,
        context=stage_context(ctx, stage=editions.get_stage(stage)),
    )


@router.get("/publish/{stage}", name="editions.publish_form")
def publish_form(view: EditView, stage: str) -> HTMLResponse:
    return view.show(_publish_page(view.ctx, stage))


@router.post("/publish/{stage}", name="editions.publish")
def publish(write: views.StageEdit, stage: str) -> Response:
    page = _publish_page(write.ctx, stage)  # an unknown stage is a 404 before the form is read

    def save(data: EditionForm) -> Response:
        try:
            edition = editions.publish_edition(
                **write.by,
                stage=stage,
                title=data.title,
                note=data.note,
                decided_on=data.decided_on,
                decision_to_come=data.decision_to_come,
            )
        except editions.DecisionInFuture:
            raise FieldError(
                "decided_on",
                "The date of the decision must be today or in the past, or tick that the decision is still "
                "to come",
            ) from None
        except editions.NothingToPublish:
            raise FieldError(
                "title", "There is nothing in this stage to publish yet. Add a record first."
            ) from None
        target = write.url("editions.show", edition_id=edition.id)
        return write.redirect(target, flash=f"Edition {edition.number} published")

    return write.submit(page, save=save)


@router.get("/{edition_id}/", name="editions.show")
def show(view: PublishedView, edition_id: int) -> HTMLResponse:
    screen = edition_screens.edition_screen(
        **view.of, place=view.place, edition_id=edition_id, personal=view.ctx.access.can_read_drafts
    )
    return view.page("editions/show.html", **screen_context(screen))


@router.get("/compare", name="editions.compare")
def compare(view: PublishedView, from_id: str | None = None, to_id: str | None = None) -> HTMLResponse:
    """Two editions of one stage; ``to_id`` may be "draft" (the stage now) for those who see drafts."""
    screen = edition_screens.comparison_screen(
        **view.of,
        from_id=int_or_none(from_id) or 0,
        to_id=None if to_id == "draft" else int_or_none(to_id) or 0,
        drafts=view.ctx.access.can_read_drafts,
    )
    return view.page("editions/compare.html", **screen_context(screen))
