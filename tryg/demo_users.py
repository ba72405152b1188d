"""The demo cast: one user per role, all with the same password (printed in the README)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import Organisation
from accounts.roles import Role

DEMO_PASSWORD = "tryg-demo-2026"

# username, first name, last name, organisation, roles
DEMO_USERS = [
    ("anne", "Anne", "Kjær", Organisation.MUNICIPALITY, [Role.MUNICIPAL_STAFF]),
    ("jonas", "Jonas", "Holm", Organisation.MUNICIPALITY, [Role.MUNICIPAL_STAFF]),
    ("peter", "Peter", "Lund", Organisation.POLICE, [Role.POLICE_LIAISON, Role.STEERING_MEMBER]),
    ("mette", "Mette", "Søndergaard", Organisation.MUNICIPALITY, [Role.STEERING_MEMBER]),
    ("admin", "Ida", "Administrator", Organisation.MUNICIPALITY, [Role.ADMINISTRATOR]),
]


def load_demo_users() -> int:
    """Create or refresh the demo users; returns how many were created."""
    User = get_user_model()
    created = 0
    for username, first, last, organisation, roles in DEMO_USERS:
        user, was_created = User.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.organisation = first, last, organisation
        user.email = f"{username}@example.invalid"
        user.is_staff = Role.ADMINISTRATOR in roles
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
        created += was_created
    return created
