"""Factories for initiative documents, and the POST data a user's browser would send for one."""

import datetime
from decimal import Decimal

import factory

import datacache
from focusareas.models import FocusArea
from indicators.models import SubGoal
from initiatives.models import Contribution, EffectGoal, Initiative, InitiativeVersion, LocalArea, Partner
from tests.accounts.factories import UserFactory


class LocalAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalArea
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Lokalområde {n}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partner {n}")


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    created_by = factory.SubFactory(UserFactory)


class InitiativeVersionFactory(factory.django.DjangoModelFactory):
    """A complete version of a new initiative (its Initiative points at it); `sub_goals=[1, 3]` picks
    the sub-goals it contributes to, each with one quantitative effect goal on the first."""

    class Meta:
        model = InitiativeVersion
        skip_postgeneration_save = True

    # A SubFactory, so build() stays in memory and only create() saves the initiative.
    initiative = factory.SubFactory(InitiativeFactory, created_by=factory.SelfAttribute("..author"))
    author = factory.SubFactory(UserFactory)
    last_edited_by = factory.SelfAttribute("author")
    title = factory.Sequence(lambda n: f"Initiativ {n}")
    summary = "Et kort resumé."
    description = "Første afsnit.\n\nAndet afsnit."
    focus_area = factory.LazyFunction(lambda: FocusArea.objects.get(slug="indbrudsforebyggelse-og-nabohjaelp"))
    basis = InitiativeVersion.Basis.DEVELOPMENT
    learning_question = "Hvad virker?"
    responsibility = InitiativeVersion.Responsibility.MUNICIPALITY
    municipal_contact = factory.SelfAttribute("author")
    target_group = "Borgere i Aarhus"
    whole_municipality = True
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 12, 31)

    @factory.post_generation
    def sub_goals(self, create, extracted, **kwargs):
        if not create:
            return
        numbers = extracted if extracted is not None else [1]
        for number in numbers:
            Contribution.objects.create(
                version=self, sub_goal=SubGoal.objects.get(number=number), how=f"Bidrager til delmål {number}."
            )
        if numbers:
            EffectGoal.objects.create(
                version=self,
                description="Færre indbrud",
                kind=EffectGoal.Kind.QUANTITATIVE,
                sub_goal=SubGoal.objects.get(number=numbers[0]),
                metric="Anmeldte indbrud",
                unit="antal",
                baseline_value=Decimal("120"),
                baseline_date=datetime.date(2025, 1, 1),
                target_value=Decimal("100"),
                target_date=datetime.date(2026, 12, 31),
                data_source="Politiet",
            )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        version = super()._create(model_class, *args, **kwargs)
        Initiative.objects.filter(pk=version.initiative_id).update(latest_version=version)
        if version.state == InitiativeVersion.State.APPROVED:
            Initiative.objects.filter(pk=version.initiative_id).update(approved_version=version)
        version.initiative.refresh_from_db()
        return version


def _typed(number) -> str:
    """A stored decimal as a Danish user types it: decimal comma, no trailing zeros ("120", "62,5")."""
    if number is None:
        return ""
    text = f"{number:f}"
    return (text.rstrip("0").rstrip(".") if "." in text else text).replace(".", ",")


def document_data(version: InitiativeVersion | None = None, **overrides) -> dict:
    """The form data for a version as the edit page shows it, or a complete new document without one."""
    sub_goals = list(SubGoal.objects.all())
    if version is None:
        data = {
            "title": "Tryghedsvandringer i Gellerup",
            "summary": "Beboere og politi går sammen gennem området.",
            "description": "Vi går en tur.\n\nOg taler om det.",
            "focus_area": FocusArea.objects.get(slug="indbrudsforebyggelse-og-nabohjaelp").pk,
            "basis": InitiativeVersion.Basis.DEVELOPMENT,
            "learning_question": "Gør vandringer beboerne mere trygge?",
            "responsibility": InitiativeVersion.Responsibility.MUNICIPALITY,
            "target_group": "Beboere",
            "whole_municipality": "on",
            "start_date": "2026-03-01",
            "end_date": "2026-11-30",
            "origin": InitiativeVersion.Origin.NEW,
            "revision": "1",
        }
        contributions = {1: "Færre oplever problemer."}
        goals = [
            {
                "description": "Flere trygge beboere",
                "kind": EffectGoal.Kind.QUANTITATIVE,
                "sub_goal": sub_goals[0].pk,
                "metric": "Andel trygge",
                "unit": "procent",
                "baseline_value": "70",
                "baseline_date": "2025-06-01",
                "target_value": "75",
                "target_date": "2026-12-01",
                "data_source": "Beboerundersøgelse",
                "frequency": "12",
                "tolerance": "0,10",
            }
        ]
    else:
        data = {
            name: getattr(version, name)
            for name in [
                "title",
                "summary",
                "description",
                "basis",
                "evidence_summary",
                "evidence_references",
                "learning_question",
                "responsibility",
                "target_group",
                "origin",
                "funding_source",
                "embargo_reason",
            ]
        }
        data.update(
            focus_area=version.focus_area_id,
            other_focus_areas=[a.pk for a in version.other_focus_areas.all()],
            municipal_contact=version.municipal_contact_id or "",
            police_contact=version.police_contact_id or "",
            local_areas=[a.pk for a in version.local_areas.all()],
            partners=[p.pk for p in version.partners.all()],
            start_date=version.start_date.isoformat(),
            end_date=version.end_date.isoformat() if version.end_date else "",
            budget=_typed(version.budget),
            embargo_until=version.embargo_until.isoformat() if version.embargo_until else "",
            revision=str(version.revision),
        )
        if version.whole_municipality:
            data["whole_municipality"] = "on"
        contributions = {c.sub_goal.number: c.how for c in version.contributions.all()}
        goals = [
            {
                "id": g.pk,
                "description": g.description,
                "kind": g.kind,
                "sub_goal": g.sub_goal_id,
                "metric": g.metric,
                "unit": g.unit,
                "baseline_value": _typed(g.baseline_value),
                "baseline_date": g.baseline_date.isoformat() if g.baseline_date else "",
                "target_value": _typed(g.target_value),
                "target_date": g.target_date.isoformat() if g.target_date else "",
                "data_source": g.data_source,
                "method": g.method,
                "frequency": g.frequency,
                "tolerance": str(g.tolerance).replace(".", ","),
                "change_reason": g.change_reason,
            }
            for g in version.effect_goals.all()
        ]
    if not data.get("municipal_contact") and version is None:
        data["municipal_contact"] = ""
    initial_goals = len(goals) if version is not None else 0
    data.update(
        {
            "delmaal-TOTAL_FORMS": "3",
            "delmaal-INITIAL_FORMS": "3",
            "delmaal-MIN_NUM_FORMS": "0",
            "delmaal-MAX_NUM_FORMS": "1000",
            "effektmaal-TOTAL_FORMS": str(len(goals) + 2),
            "effektmaal-INITIAL_FORMS": str(initial_goals),
            "effektmaal-MIN_NUM_FORMS": "0",
            "effektmaal-MAX_NUM_FORMS": "20",
        }
    )
    for index, sub_goal in enumerate(sub_goals):
        if sub_goal.number in contributions:
            data[f"delmaal-{index}-selected"] = "on"
            data[f"delmaal-{index}-how"] = contributions[sub_goal.number]
    for index, goal in enumerate(goals):
        for name, value in goal.items():
            data[f"effektmaal-{index}-{name}"] = value
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# The states a bulk-built data set cycles through: most initiatives are approved, a fifth await the steering group.
BULK_STATES = [
    InitiativeVersion.State.APPROVED,
    InitiativeVersion.State.APPROVED,
    InitiativeVersion.State.APPROVED,
    InitiativeVersion.State.APPROVED,
    InitiativeVersion.State.SUBMITTED,
    InitiativeVersion.State.SUBMITTED,
    InitiativeVersion.State.RETURNED,
    InitiativeVersion.State.DRAFT,
    InitiativeVersion.State.DRAFT,
    InitiativeVersion.State.COMPLETED,
]


def bulk_initiatives(count: int, *, author, focus_areas=None, submitted_at=None) -> None:
    """`count` initiatives in a few bulk queries (the factory would take minutes for thousands), for the load
    benchmark and the tests that compare data sizes: one version each, spread over `focus_areas` (default: all)
    and BULK_STATES, contributing to one sub-goal, with a submission event for those awaiting a decision.
    No history rows: nothing here reads them for the pages measured."""
    from django.utils import timezone

    from initiatives.models import Event

    areas = list(focus_areas or FocusArea.objects.order_by("order"))
    sub_goals = list(SubGoal.objects.order_by("number"))
    submitted_at = submitted_at or timezone.now()
    start = Initiative.objects.count()
    initiatives = Initiative.objects.bulk_create([Initiative(created_by=author) for _ in range(count)])
    if initiatives[0].pk is None:  # backends that return no ids on bulk insert
        initiatives = list(Initiative.objects.order_by("pk")[start:])
    versions = InitiativeVersion.objects.bulk_create(
        [
            InitiativeVersion(
                initiative=initiative,
                state=BULK_STATES[index % len(BULK_STATES)],
                title=f"Initiativ {start + index + 1} om tryghed",
                summary="Et kort resumé.",
                description="Første afsnit.\n\nAndet afsnit.",
                focus_area=areas[index % len(areas)],
                basis=InitiativeVersion.Basis.DEVELOPMENT,
                learning_question="Hvad virker?",
                responsibility=InitiativeVersion.Responsibility.MUNICIPALITY,
                municipal_contact=author,
                target_group="Borgere i Aarhus",
                whole_municipality=True,
                start_date=datetime.date(2026, 1, 1),
                author=author,
                last_edited_by=author,
            )
            for index, initiative in enumerate(initiatives)
        ]
    )
    for initiative, version in zip(initiatives, versions, strict=True):
        initiative.latest_version = version
        if version.state in (InitiativeVersion.State.APPROVED, InitiativeVersion.State.COMPLETED):
            initiative.approved_version = version
    Initiative.objects.bulk_update(initiatives, ["latest_version", "approved_version"], batch_size=500)
    Contribution.objects.bulk_create(
        [
            Contribution(version=version, sub_goal=sub_goals[index % len(sub_goals)], how="Bidrager til delmålet.")
            for index, version in enumerate(versions)
        ]
    )
    # One quarterly goal each, never reported: every initiative in force is overdue for follow-up, the worst case
    # for the pages that list overdue goals.
    EffectGoal.objects.bulk_create(
        [
            EffectGoal(
                version=version,
                description="Flere borgere føler sig trygge i området.",
                kind=EffectGoal.Kind.QUALITATIVE,
                sub_goal=sub_goals[index % len(sub_goals)],
                method="Interview med beboere.",
                frequency=EffectGoal.Frequency.QUARTERLY,
            )
            for index, version in enumerate(versions)
        ]
    )
    Event.objects.bulk_create(
        [
            Event(
                initiative_id=version.initiative_id,
                version=version,
                actor=author,
                organisation=author.organisation,
                action=Event.Action.SUBMITTED,
                from_state=InitiativeVersion.State.DRAFT,
                to_state=InitiativeVersion.State.SUBMITTED,
                at=submitted_at,
            )
            for version in versions
            if version.state == InitiativeVersion.State.SUBMITTED
        ]
    )
    datacache.bump()  # bulk writes send no signals: the pages kept in memory must see them, as after an import


def approved_initiatives(count: int, *, author, sub_goals=(1, 2, 3), local_area=None) -> None:
    """`count` initiatives in force (approved), each contributing to `sub_goals`, written in bulk for size tests
    and benchmarks (no history rows); copies of one complete version made by InitiativeVersionFactory."""
    import copy

    template = InitiativeVersionFactory(author=author, sub_goals=[])
    initiatives = Initiative.objects.bulk_create([Initiative(created_by=author) for _ in range(count)])
    versions = []
    for n, initiative in enumerate(initiatives):
        version = copy.copy(template)
        version.pk = None
        version.initiative = initiative
        version.title = f"Godkendt initiativ {n}"
        version.state = InitiativeVersion.State.APPROVED
        versions.append(version)
    versions = InitiativeVersion.objects.bulk_create(versions)
    for initiative, version in zip(initiatives, versions, strict=True):
        initiative.latest_version = initiative.approved_version = version
    Initiative.objects.bulk_update(initiatives, ["latest_version", "approved_version"])
    numbers = {s.number: s for s in SubGoal.objects.filter(number__in=sub_goals)}
    Contribution.objects.bulk_create(
        [Contribution(version=v, sub_goal=numbers[n], how="Bidrager.") for v in versions for n in sub_goals]
    )
    if local_area is not None:
        through = InitiativeVersion.local_areas.through
        through.objects.bulk_create([through(initiativeversion=v, localarea=local_area) for v in versions])
    datacache.bump()  # bulk writes send no signals
