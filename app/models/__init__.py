"""All models, imported in one place so that versioning can be configured once."""

import sqlalchemy as sa
from sqlalchemy_continuum import version_class, versioning_manager
from sqlmodel import SQLModel

from app.models.account import (
    AccountPolicy,
    LinkPurpose,
    NotificationPreference,
    OneTimeLink,
    OutboundEmail,
    PendingNotice,
    RecoveryCode,
    ResetRequest,
    SingleSignOnRequest,
)
from app.models.audit import AuditEvent
from app.models.base import Versioned, utcnow
from app.models.form_submission import FormSubmission
from app.models.indexes import add_scale_indexes
from app.models.listening import (
    PROFILE_FIELDS,
    ConsentBasis,
    ListeningExercise,
    ListeningMethod,
    ScoreSet,
    SurveyUpload,
    SurveyUploadChunk,
    Theme,
    ThemeDecision,
    ThemeGroupDismissal,
    Voice,
    VoiceCount,
    VoiceKind,
    VoiceTheme,
)
from app.models.mapping import (
    SEVERITY_WORDS,
    CandidateDismissal,
    EvidenceLink,
    Strength,
    StrengthKind,
    StrengthStatus,
    Struggle,
    Trend,
)
from app.models.narrative import CouncilLogo, NarrativePart, NarrativeSection
from app.models.place import Area, Place, PlaceImport, Strategy, StrategyStatus
from app.models.plan import (
    Action,
    ActionStatus,
    FundingSource,
    Indicator,
    IndicatorKind,
    PerformanceQuestion,
    Polarity,
    Priority,
)
from app.models.progress import ActionUpdate, Measurement
from app.models.public import PublicPage, PublicText
from app.models.review import CommentStatus, Edition, ReviewComment
from app.models.tensions import (
    IMPACT_WORDS,
    EvidenceType,
    RumourResponse,
    Spread,
    TensionCategory,
    TensionEntry,
    TensionEntryArea,
    TensionLevel,
    TensionSource,
    TensionStatus,
    WeeklyLevel,
)
from app.models.user import ApiToken, LoginAttempt, Membership, Role, User, UserSession

sa.orm.configure_mappers()
add_scale_indexes()

Transaction = versioning_manager.transaction_cls
metadata = SQLModel.metadata

__all__ = [
    "IMPACT_WORDS",
    "PROFILE_FIELDS",
    "SEVERITY_WORDS",
    "AccountPolicy",
    "Action",
    "ActionStatus",
    "ActionUpdate",
    "ApiToken",
    "Area",
    "AuditEvent",
    "CandidateDismissal",
    "CommentStatus",
    "ConsentBasis",
    "CouncilLogo",
    "Edition",
    "EvidenceLink",
    "EvidenceType",
    "FormSubmission",
    "FundingSource",
    "Indicator",
    "IndicatorKind",
    "LinkPurpose",
    "ListeningExercise",
    "ListeningMethod",
    "LoginAttempt",
    "Measurement",
    "Membership",
    "NarrativePart",
    "NarrativeSection",
    "NotificationPreference",
    "OneTimeLink",
    "OutboundEmail",
    "PendingNotice",
    "PerformanceQuestion",
    "Place",
    "PlaceImport",
    "Polarity",
    "Priority",
    "PublicPage",
    "PublicText",
    "RecoveryCode",
    "ResetRequest",
    "ReviewComment",
    "Role",
    "RumourResponse",
    "ScoreSet",
    "SingleSignOnRequest",
    "Spread",
    "Strategy",
    "StrategyStatus",
    "Strength",
    "StrengthKind",
    "StrengthStatus",
    "Struggle",
    "SurveyUpload",
    "SurveyUploadChunk",
    "TensionCategory",
    "TensionEntry",
    "TensionEntryArea",
    "TensionLevel",
    "TensionSource",
    "TensionStatus",
    "Theme",
    "ThemeDecision",
    "ThemeGroupDismissal",
    "Transaction",
    "Trend",
    "User",
    "UserSession",
    "Versioned",
    "Voice",
    "VoiceCount",
    "VoiceKind",
    "VoiceTheme",
    "WeeklyLevel",
    "metadata",
    "utcnow",
    "version_class",
]
