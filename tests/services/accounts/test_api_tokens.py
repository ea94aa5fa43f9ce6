"""Personal API tokens: stored as a hash, owner-only revocation, and what a token may no longer do."""

import hashlib
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.models import ApiToken, AuditEvent
from app.services.accounts import api_tokens
from tests.conftest import World


def test_a_new_token_is_random_and_only_its_hash_and_prefix_are_kept(session: Session, world: World) -> None:
    officer = world.users["officer"]
    first = api_tokens.create_token(session=session, user=officer, name="  Power BI  ")
    second = api_tokens.create_token(session=session, user=officer, name="Spreadsheet")
    assert first.secret.startswith("cst_") and len(first.secret) == 47
    assert first.secret != second.secret
    stored = session.get(ApiToken, first.token.id)
    assert stored is not None
    assert stored.name == "Power BI"
    assert stored.token_hash == hashlib.sha256(first.secret.encode()).hexdigest()
    assert stored.prefix == first.secret[:12]
    assert first.secret not in {stored.token_hash, stored.prefix, stored.name}
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "api_token_created")).all()
    assert [e.detail for e in events] == [
        f"API token “Power BI” ({first.secret[:12]}…)",
        f"API token “Spreadsheet” ({second.secret[:12]}…)",
    ]
    assert {e.actor_id for e in events} == {officer.id}


def test_list_shows_only_your_own_tokens_newest_first(session: Session, world: World) -> None:
    officer, facilitator = world.users["officer"], world.users["facilitator"]
    older = api_tokens.create_token(session=session, user=officer, name="Older")
    older.token.created_at -= timedelta(days=1)
    api_tokens.create_token(session=session, user=officer, name="Newer")
    api_tokens.create_token(session=session, user=facilitator, name="Not yours")
    assert [t.name for t in api_tokens.list_tokens(session=session, user=officer)] == ["Newer", "Older"]


def test_authenticate_gives_the_owner_and_notes_use_at_most_once_a_minute(
    session: Session, world: World
) -> None:
    officer = world.users["officer"]
    new = api_tokens.create_token(session=session, user=officer, name="Report")
    assert new.token.last_used_at is None
    assert api_tokens.authenticate_token(session=session, secret=new.secret) is officer
    first_use = new.token.last_used_at
    assert first_use is not None
    api_tokens.authenticate_token(session=session, secret=new.secret)
    assert new.token.last_used_at == first_use, "used again within a minute: not written again"
    new.token.last_used_at = first_use - timedelta(minutes=2)
    api_tokens.authenticate_token(session=session, secret=new.secret)
    assert new.token.last_used_at > first_use


def test_only_the_owner_may_revoke_and_a_revoked_token_is_refused(session: Session, world: World) -> None:
    officer = world.users["officer"]
    new = api_tokens.create_token(session=session, user=officer, name="Report")
    token_id = new.token.id or 0
    with pytest.raises(api_tokens.TokenNotFound):
        api_tokens.revoke_token(session=session, user=world.users["facilitator"], token_id=token_id)
    assert new.token.revoked_at is None
    api_tokens.revoke_token(session=session, user=officer, token_id=token_id)
    revoked_at = new.token.revoked_at
    assert revoked_at is not None
    api_tokens.revoke_token(session=session, user=officer, token_id=token_id)
    assert new.token.revoked_at == revoked_at, "revoking twice changes nothing"
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "api_token_revoked")).all()
    assert len(events) == 1
    with pytest.raises(api_tokens.TokenRejected, match="revoked"):
        api_tokens.authenticate_token(session=session, secret=new.secret)


def test_unknown_tokens_and_deactivated_owners_are_refused(session: Session, world: World) -> None:
    officer = world.users["officer"]
    new = api_tokens.create_token(session=session, user=officer, name="Report")
    with pytest.raises(api_tokens.TokenRejected, match="not recognised"):
        api_tokens.authenticate_token(session=session, secret=new.secret + "x")
    officer.active = False
    with pytest.raises(api_tokens.TokenRejected, match="deactivated"):
        api_tokens.authenticate_token(session=session, secret=new.secret)
