"""Matrix rows for single sign-on: everything is reached before logging in, except the logout towards a provider."""

from tests.matrix import LOGIN, REDIRECT, ROLES, everyone_logged_in, rows_for

ANYONE_REDIRECTED = {role: REDIRECT for role in ROLES}

ROWS = [
    # Off to the provider of the chosen organisation; an unknown one is not found.
    *rows_for("sso_start", ANYONE_REDIRECTED, kwargs=lambda w: {"provider": "kommune"}),
    *rows_for("sso_start", {role: 404 for role in ROLES}, kwargs=lambda w: {"provider": "ukendt"}, case="unknown"),
    # Without a configured provider named: back to the login page.
    *rows_for("saml2_login", ANYONE_REDIRECTED),
    # The assertion consumer: a POST without an answer is refused, whoever sends it.
    *rows_for("saml2_acs", {role: 400 for role in ROLES}, method="post"),
    *rows_for("saml2_logout", {**everyone_logged_in(REDIRECT), "anonymous": LOGIN}),
    *rows_for("saml2_ls", {role: 400 for role in ROLES}),
    *rows_for("saml2_ls_post", {role: 400 for role in ROLES}, method="post"),
    *rows_for("saml2_metadata", {role: 200 for role in ROLES}),
]
