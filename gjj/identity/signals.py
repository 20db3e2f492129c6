"""Start the session clocks at every login (the login form, the admin, test clients), and keep
the list of signed-in devices (账户安全)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from gjj.identity.middleware import mark_session_start
from gjj.identity.security import session_end, session_register


@receiver(user_logged_in, dispatch_uid="gjj_identity_session_start")
def start_session_clocks(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_session_start(request)
        session_register(request, user)


@receiver(user_logged_out, dispatch_uid="gjj_identity_session_end")
def end_session(sender, request, user, **kwargs):
    if request is not None:
        session_end(request)
