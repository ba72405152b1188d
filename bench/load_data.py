"""The load benchmark's data: national-scale index data, `--initiatives` initiatives and logged-in users.

Run against an empty, migrated database (bench/load_run.py does that); writes the users' session cookies and
the initiatives' ids as JSON for the locustfile, so the load test spends no time on password hashing.

    .venv/bin/python bench/load_data.py --initiatives 300 --out /tmp/tryg-load.json
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryg.settings")

import django  # noqa: E402

django.setup()

# The users the load test logs in as, in turn: mostly municipal staff; one in ten a police liaison and one in ten
# a steering-group member, so ten of fifty decide (about the size of the real steering group).
ROLES = ("Kommunal medarbejder",) * 4 + ("Politikontakt",) + ("Kommunal medarbejder",) * 4 + ("Styregruppemedlem",)


def build_load_data(initiatives: int = 300, users: int = 50) -> dict:
    """Fill the current (empty) database; returns what the locustfile needs: sessions and initiative ids."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from accounts.models import Organisation
    from bench.national_data import load_national_data
    from initiatives.models import Initiative
    from tests.initiatives.factories import bulk_initiatives

    User = get_user_model()
    author = User.objects.create(username="bench-author", first_name="Bench", last_name="Forfatter")
    author.groups.add(Group.objects.get(name="Kommunal medarbejder"))
    load_national_data(by=author)
    bulk_initiatives(initiatives, author=author)
    groups = {group.name: group for group in Group.objects.filter(name__in=ROLES)}
    sessions = []
    for number in range(users):
        role = ROLES[number % len(ROLES)]
        user = User.objects.create(
            username=f"bench-{number:02d}",
            first_name="Bench",
            last_name=f"Bruger {number:02d}",
            organisation=Organisation.POLICE if role == "Politikontakt" else Organisation.MUNICIPALITY,
        )
        user.groups.add(groups[role])
        client = Client()  # one each: logging in on a used client would end the previous user's session
        client.force_login(user)
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return {
        "sessions": sessions,
        "initiatives": list(Initiative.objects.order_by("pk").values_list("pk", flat=True)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=300)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    data = build_load_data(args.initiatives, args.users)
    Path(args.out).write_text(json.dumps(data))
    print(f"{args.initiatives} initiatives, {len(data['sessions'])} logged-in users")


if __name__ == "__main__":
    main()
