"""The words of every email the toolkit sends: plain text, short, and saying why it came."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

SERVICE = "Cohesion Strategy Toolkit"
# An absolute link to a page: (route name, path parameters) -> https://…
LinkFor = Callable[..., str]


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def _footer() -> str:
    return f"\n\n--\n{SERVICE}\nThis email was sent automatically. Replies are not read."


def password_reset(*, name: str, link: str, minutes: int) -> Message:
    return Message(
        subject=f"Reset your password for the {SERVICE}",
        body=(
            f"Hello {name},\n\n"
            f"Someone asked to reset the password of your account. To choose a new password, open this link "
            f"within {minutes} minutes:\n\n{link}\n\n"
            "The link works once. If you did not ask for this, you can ignore this email: your password "
            "has not changed." + _footer()
        ),
    )


def invitation(*, name: str, inviter: str, link: str, days: int) -> Message:
    return Message(
        subject=f"You have been invited to the {SERVICE}",
        body=(
            f"Hello {name},\n\n"
            f"{inviter} has given you an account on the {SERVICE}. To choose your password and sign in, "
            f"open this link within {days} days:\n\n{link}\n\n"
            "The link works once. If it has expired, ask your administrator to send a new invitation."
            + _footer()
        ),
    )


def new_comment(*, name: str, author: str, about: str, place: str, excerpt: str, link: str) -> Message:
    return Message(
        subject=f"New review comment on {about} ({place})",
        body=(
            f"Hello {name},\n\n{author} commented on {about} in {place}:\n\n“{excerpt}”\n\n"
            f"Read and resolve it here:\n{link}" + _footer()
        ),
    )


def new_reply(*, name: str, author: str, about: str, place: str, excerpt: str, link: str) -> Message:
    return Message(
        subject=f"New reply on {about} ({place})",
        body=(
            f"Hello {name},\n\n{author} replied to a review comment on {about} in {place}:\n\n“{excerpt}”\n\n"
            f"Read the conversation here:\n{link}" + _footer()
        ),
    )


def comment_resolved(*, name: str, resolver: str, about: str, place: str, link: str) -> Message:
    return Message(
        subject=f"Your review comment on {about} was resolved ({place})",
        body=(
            f"Hello {name},\n\n{resolver} resolved your comment on {about} in {place}.\n\n"
            f"See the comment here:\n{link}" + _footer()
        ),
    )


@dataclass(frozen=True)
class DigestSection:
    heading: str
    lines: Sequence[str]


def weekly_summary(*, name: str, sections: Sequence[DigestSection], settings_link: str) -> Message:
    parts = [f"Hello {name},\n\nHere is what needs you this week."]
    for section in sections:
        parts.append(section.heading + "\n" + "\n".join(f"- {line}" for line in section.lines))
    parts.append(f"To change which emails you get, go to your account page:\n{settings_link}")
    return Message(subject=f"Your weekly summary from the {SERVICE}", body="\n\n".join(parts) + _footer())
