"""All models, imported in one place so that versioning can be configured once."""

import sqlalchemy as sa
from sqlalchemy_continuum import version_class, versioning_manager
from sqlmodel import SQLModel

from app.models.base import Versioned, utcnow
from app.models.place import Area, Place, Strategy, StrategyStatus
from app.models.user import LoginAttempt, Membership, Role, User, UserSession

sa.orm.configure_mappers()

Transaction = versioning_manager.transaction_cls
metadata = SQLModel.metadata

__all__ = [
    "Area",
    "LoginAttempt",
    "Membership",
    "Place",
    "Role",
    "Strategy",
    "StrategyStatus",
    "Transaction",
    "User",
    "UserSession",
    "Versioned",
    "metadata",
    "utcnow",
    "version_class",
]
