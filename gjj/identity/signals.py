"""Start the session clocks at every login (the login form, the admin, test clients)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from gjj.identity.middleware import mark_session_start


@receiver(user_logged_in, dispatch_uid="gjj_identity_session_start")
def start_session_clocks(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_session_start(request)
