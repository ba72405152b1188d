"""Initiative documents (initiativdokumenter), versioned.

`Initiative` is the stable identity: its number, who created it, and pointers to its working version and its
currently valid approved version. `InitiativeVersion` is one version of the document with every field the
strategy asks for; contributions to sub-goals and effect goals hang off the version, so an approved version
stays frozen while a new one is written. Only the approval workflow changes a version's `state`.

The models live in three modules: `documents` (the initiative, its versions and what a version names), `goals`
(effect goals and the end evaluation) and `approval` (the quorum rule, decisions and the timeline).
"""

from initiatives.models.approval import ApprovalRule, Decision, Event
from initiatives.models.documents import (
    Contribution,
    Initiative,
    InitiativeVersion,
    InitiativeVersionQuerySet,
    LocalArea,
    Partner,
    embargo_in_force,
    in_force,
)
from initiatives.models.goals import EffectGoal, EndEvaluation

__all__ = [
    "ApprovalRule",
    "Contribution",
    "Decision",
    "EffectGoal",
    "EndEvaluation",
    "Event",
    "Initiative",
    "InitiativeVersion",
    "InitiativeVersionQuerySet",
    "LocalArea",
    "Partner",
    "embargo_in_force",
    "in_force",
]
