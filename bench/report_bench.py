"""Server time and SQL queries of the yearly status report (page, XLSX, PDF) with 300 initiatives and 2,000
follow-up records.

Builds a throwaway database (the test database of DATABASE_URL, or SQLite), fills it with made-up initiatives in
force in 2025 (three effect goals each, about seven records per quantitative goal, learning notes and end
evaluations), and times each URL through Django's test client after a warm-up.

    DEBUG=true .venv/bin/python bench/report_bench.py
    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/tryg_followup .venv/bin/python bench/report_bench.py
"""

import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryg.settings")

import django  # noqa: E402

from bench.throwaway import throwaway_database  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

INITIATIVES, RECORDS = 300, 2000
RUNS = {
    "/opfoelgning/statusrapport/2025/": 10,
    "/opfoelgning/statusrapport/2025/rapport.xlsx": 10,
    "/opfoelgning/statusrapport/2025/rapport.pdf": 3,
}


def fill() -> None:
    """300 initiatives across the focus areas, states and responsibilities; 2,000 records on their goals."""
    from focusareas.models import FocusArea
    from followup.models import FollowUpRecord, LearningNote
    from indicators.models import SubGoal
    from initiatives.models import Contribution, EffectGoal, EndEvaluation, Initiative, InitiativeVersion

    State, Responsibility = InitiativeVersion.State, InitiativeVersion.Responsibility
    areas, sub_goals = list(FocusArea.objects.all()), list(SubGoal.objects.all())
    states = [State.APPROVED] * 6 + [State.COMPLETED, State.DRAFT, State.SUBMITTED]
    start = datetime.date(2025, 1, 1)
    quantitative = []
    for n in range(INITIATIVES):
        initiative = Initiative.objects.create()
        version = InitiativeVersion.objects.create(
            initiative=initiative,
            title=f"Initiativ {n} (opdigtet)",
            summary="Opdigtet.",
            description="Opdigtet.",
            focus_area=areas[n % len(areas)],
            basis=InitiativeVersion.Basis.DEVELOPMENT,
            learning_question="?",
            responsibility=list(Responsibility)[n % 3],
            target_group="Borgere",
            whole_municipality=True,
            start_date=start,
            end_date=datetime.date(2026, 12, 31),
            state=states[n % len(states)],
            embargo_until=datetime.date(2030, 1, 1) if n % 25 == 0 else None,
        )
        approved = version if version.state in {State.APPROVED, State.COMPLETED} else None
        Initiative.objects.filter(pk=initiative.pk).update(latest_version=version, approved_version=approved)
        Contribution.objects.create(version=version, sub_goal=sub_goals[n % len(sub_goals)], how="Opdigtet.")
        for k in range(2):
            quantitative.append(
                EffectGoal.objects.create(
                    version=version,
                    description=f"Mål {k} for initiativ {n}",
                    kind=EffectGoal.Kind.QUANTITATIVE,
                    sub_goal=sub_goals[n % len(sub_goals)],
                    unit="antal",
                    baseline_value=Decimal(100),
                    baseline_date=start,
                    target_value=Decimal(80 + 40 * k),
                    target_date=datetime.date(2026, 6, 30),
                    frequency=EffectGoal.Frequency.QUARTERLY,
                )
            )
        EffectGoal.objects.create(
            version=version,
            description=f"Iagttagelse for initiativ {n}",
            kind=EffectGoal.Kind.QUALITATIVE,
            sub_goal=sub_goals[0],
            method="Interviews",
        )
        LearningNote.objects.create(
            initiative=initiative, date=datetime.date(2025, 1 + n % 12, 1), text=f"Opdigtet læring {n}."
        )
        if version.state == State.COMPLETED:
            EndEvaluation.objects.create(
                version=version, worked="Opdigtet.", did_not_work="Opdigtet.", recommendation="juster"
            )
    FollowUpRecord.objects.bulk_create(
        FollowUpRecord(
            initiative_id=goal.version.initiative_id,
            goal=goal.lineage,
            date=datetime.date(2025, 1 + i % 12, 1 + i % 28),
            value=Decimal(100 - i % 30),
            comment="Opdigtet.",
        )
        for i, goal in ((i, quantitative[i % len(quantitative)]) for i in range(RECORDS))
    )


def main() -> None:
    from django.test import Client

    with throwaway_database():
        from accounts.roles import Role
        from followup.models import FollowUpRecord
        from initiatives.models import Initiative
        from tests.accounts.factories import UserFactory

        fill()
        client = Client()
        client.force_login(UserFactory(username="bench", role=Role.MUNICIPAL_STAFF))
        print(
            f"{connection.vendor}: {Initiative.objects.count()} initiatives, "
            f"{FollowUpRecord.objects.count()} follow-up records"
        )
        for url, runs in RUNS.items():
            client.get(url)  # warm-up: templates, translations, fonts
            timings, cpu = [], []
            for _ in range(runs):
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
                assert response.status_code == 200, response.status_code
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            # CPU time of this process too: on a shared machine the wall time mostly measures the other load.
            print(
                f"{url}: median {statistics.median(timings):.2f} s (CPU {statistics.median(cpu):.2f} s), "
                f"max {max(timings):.2f} s, "
                f"{len(queries)} queries, {len(response.content) / 1024:.0f} KB"
            )


if __name__ == "__main__":
    main()
