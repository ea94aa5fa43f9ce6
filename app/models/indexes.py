"""Indexes that keep per-place pages the same cost at national scale (see bench/RESULTS.md).

SQLAlchemy-Continuum builds the version tables from the models and copies only single-column indexes, so the
composite indexes those tables need are declared here, once the mappers (and so the version tables) exist.
"""

import sqlalchemy as sa
from sqlalchemy_continuum import version_class

from app.models.listening import ListeningExercise, ScoreSet, Voice, VoiceTheme
from app.models.mapping import Strength, Struggle
from app.models.plan import Action, Indicator, Priority
from app.models.progress import ActionUpdate, Measurement

# The record kinds of the four stages: "changed since the last edition" and "latest change" ask for a
# strategy's versions after a transaction, which without (strategy_id, transaction_id) reads every version
# of the strategy, or every later version in the whole database.
STAGE_MODELS = (
    ListeningExercise, ScoreSet, Voice, Strength, Struggle,
    Priority, Action, Indicator, ActionUpdate, Measurement,
)  # fmt: skip


def add_scale_indexes() -> None:
    for model in STAGE_MODELS:
        table = version_class(model).__table__
        sa.Index(f"ix_{table.name}_strategy_id_transaction_id", table.c.strategy_id, table.c.transaction_id)
    # Voices of a strategy in one area, in id order: the voices list filtered by area and its pages.
    voice = Voice.__table__  # type: ignore[attr-defined]
    sa.Index("ix_voice_strategy_id_area_id", voice.c.strategy_id, voice.c.area_id)
    # A strategy's voices in id order, walked until a page of voices without themes is found (the queue).
    sa.Index("ix_voice_strategy_id_id", voice.c.strategy_id, voice.c.id)
    # The voices with a theme, read from the index alone (the voices list filtered by theme).
    voice_theme = VoiceTheme.__table__  # type: ignore[attr-defined]
    # A place's newest voices with themes, which theme suggestions learn from.
    sa.Index("ix_voice_theme_place_id_voice_id", voice_theme.c.place_id, voice_theme.c.voice_id)
    sa.Index(
        "ix_voice_theme_place_id_theme_id_voice_id",
        voice_theme.c.place_id,
        voice_theme.c.theme_id,
        voice_theme.c.voice_id,
    )
