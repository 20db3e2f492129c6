"""A changed or reset password ends the app's logins too (sessions end by their auth hash)."""

from django.dispatch import receiver

from gjj.api.tokens import tokens_revoke
from gjj.identity.services import password_changed


@receiver(password_changed, dispatch_uid="gjj_api_revoke_tokens")
def revoke_tokens(sender, user, **kwargs):
    tokens_revoke(user=user)
