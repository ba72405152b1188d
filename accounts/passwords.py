"""How strong a password must be: zxcvbn's estimate (django-zxcvbn-password-validator), knowing Danish words people
build passwords from and the user's own names in the ways people join them ("jonas-holm-2026")."""

from django_zxcvbn_password_validator import ZxcvbnPasswordValidator

# Words a Danish password is often made of; zxcvbn's own dictionaries are English.
DANISH_WORDS = [
    "aarhus",
    "århus",
    "tryg",
    "trygaarhus",
    "tryghed",
    "politi",
    "politiet",
    "kommune",
    "kommunen",
    "østjylland",
    "jylland",
    "danmark",
    "sommer",
    "vinter",
    "forår",
    "efterår",
    "jul",
    "påske",
    "ferie",
    "sommerferie",
    "weekend",
    "fredag",
    "lørdag",
    "søndag",
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
    "adgangskode",
    "kodeord",
    "kode",
    "hemmelig",
    "velkommen",
    "hej",
    "hejsa",
    "kærlighed",
    "skat",
    "elsker",
    "mor",
    "far",
    "fodbold",
    "agf",
    "hund",
    "kat",
    "bil",
    "hus",
    "have",
    "kaffe",
    "øl",
]
SEPARATORS = ["", "-", ".", "_", " "]


class StrongPasswordValidator(ZxcvbnPasswordValidator):
    """zxcvbn at its highest strength (4: "cannot be guessed without a dedicated team and our database")."""

    def __init__(self, **options):
        super().__init__(**options)
        self.password_minimal_strength = 4
        self.extra_dictionary = [*self.extra_dictionary, *DANISH_WORDS]

    def _get_user_inputs(self, user):
        inputs = super()._get_user_inputs(user)
        if user is None:
            return inputs
        names = [part for name in (user.first_name, user.last_name) for part in name.lower().split() if part]
        combined = []
        for first in names:
            for second in names:
                if first != second:
                    combined += [f"{first}{separator}{second}" for separator in SEPARATORS]
        return [*inputs, *names, *combined]
