"""Who a provider says a user is, and the assertions already used (so none is accepted twice)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Identity(models.Model):
    """The link between a Tryg user and their subject (NameID) at one provider: a user created by single sign-on
    is found again by it, and a local account (the break-glass account, a demo user) is never taken over by a
    provider that happens to send the same username."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="sso_identity"
    )
    provider = models.CharField(_("identity provider"), max_length=50)
    subject = models.CharField(_("subject"), max_length=255)
    first_seen = models.DateTimeField(_("first sign-in"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last sign-in"), auto_now=True)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [models.UniqueConstraint(fields=["provider", "subject"], name="sso_identity_unique_subject")]

    def __str__(self) -> str:
        return f"{self.provider}: {self.subject}"


class UsedAssertion(models.Model):
    """An assertion ID Tryg accepted; its primary key refuses the same assertion a second time. Rows are kept until
    the assertion would have expired anyway (then `prune`)."""

    assertion_id = models.CharField(max_length=255, primary_key=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.assertion_id
