"""What each person chooses about the email they get."""

from sqlmodel import Session

from app.models import NotificationPreference, User
from app.services.accounts import audit


def set_notifications(*, session: Session, user: User, choice: NotificationPreference) -> None:
    user.notifications = choice
    session.add(user)
    audit.record_own_event(
        session=session,
        user=user,
        action="notifications_changed",
        detail=f"Chose to hear about review comments: {choice.label.lower()}",
    )
    session.flush()
