"""Publication is part of the approval: each approving member votes on it, and the version carries the result."""

from dataclasses import dataclass

from initiatives.models import Decision, InitiativeVersion


@dataclass(frozen=True)
class Publication:
    """What an approval says about the public pages: publish at all, and which optional fields to show."""

    publish: bool = False
    contacts: bool = False
    budget: bool = False

    def votes(self) -> dict:
        """The member's vote as the decision's fields; no field is public unless the initiative is published."""
        return {
            "publish": self.publish,
            "publish_contacts": self.publish and self.contacts,
            "publish_budget": self.publish and self.budget,
        }


def agreed_publication(approvals) -> Publication:
    """The publication the approving decisions agree on (the one home of the rule): the version is published
    only if every approval says so, and a field is public only if every approval marks it. Not publishing is the
    default, so one member's "no" keeps it off the public pages. The embargo in force is applied on top, when
    the public pages read (public.queries)."""
    votes = [(d.publish, d.publish_contacts, d.publish_budget) for d in approvals]
    if not votes:
        return Publication()
    publish, contacts, budget = (all(column) for column in zip(*votes, strict=True))
    return Publication(publish, publish and contacts, publish and budget)


def record_publication(version, *, revision: int) -> None:
    """On approval: store on the version what the approving decisions on the approved text (`revision`) agree on
    (a queryset update, like the state, so it does not enter the document's history)."""
    approvals = version.decisions.filter(revision=revision, outcome=Decision.Outcome.APPROVE)
    agreed = agreed_publication(approvals)
    InitiativeVersion.objects.filter(pk=version.pk).update(
        published=agreed.publish, public_contacts=agreed.contacts, public_budget=agreed.budget
    )
