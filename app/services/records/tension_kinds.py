"""The tension log's entries in the record kinds registry (``kinds``): a place's own records, outside the
strategy and its stages, each behind the tension log permission.
"""

from app.models import (
    Area,
    EvidenceType,
    RumourResponse,
    Spread,
    Struggle,
    TensionCategory,
    TensionEntry,
    TensionLevel,
    TensionSource,
    TensionStatus,
    User,
    WeeklyLevel,
)
from app.services.records.kind_types import Hook, Kind, Page

_TENSIONS = "app.services.tensions.log"

TENSION_KINDS: tuple[Kind, ...] = (
    Kind(
        model=TensionEntry,
        noun="tension log entry",
        labels={
            "observed_on": "Observed on",
            "title": "Short description",
            "category": "Category",
            "area_ids": "Areas",
            "what_happened": "What happened",
            "source": "Source",
            "evidence_type": "Evidence type",
            "spread": "Spread",
            "impact": "Impact",
            "police_reference": "Police reference",
            "struggle_ids": "Related struggles",
            "actions_taken": "Actions taken",
            "status": "Status",
            "follow_up_on": "Follow up on",
            "earlier_entry_ids": "Earlier entries of the same rumour",
        },
        page=Page("tensions.show_entry", "entry_id", in_strategy=False),
        personal=True,
        choices={
            "category": TensionCategory,
            "source": TensionSource,
            "evidence_type": EvidenceType,
            "spread": Spread,
            "status": TensionStatus,
        },
        lookups={"area_ids": Area, "struggle_ids": Struggle, "earlier_entry_ids": TensionEntry},
        check=Hook(_TENSIONS, "restored_entry"),
        after_save=Hook(_TENSIONS, "index_areas"),
        restricted=True,
    ),
    Kind(
        model=RumourResponse,
        noun="rumour response",
        labels={
            "draft": "Response",
            "drafted_by_id": "Drafted by",
            "signed_off_by_id": "Signed off by",
            "published_on": "Published on",
            "published_where": "Published where",
        },
        page=Page("tensions.index", in_strategy=False),
        personal=True,
        lookups={"drafted_by_id": User, "signed_off_by_id": User},
        restricted=True,
    ),
    Kind(
        model=WeeklyLevel,
        noun="weekly tension level",
        labels={
            "week_start": "Week beginning",
            "area_id": "Area",
            "level": "Level",
            "reason": "Reason",
            "published": "Shared with councillors",
        },
        page=Page("tensions.picture", in_strategy=False),
        choices={"level": TensionLevel},
        lookups={"area_id": Area},
        restricted=True,
    ),
)
