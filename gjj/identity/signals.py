"""Start the session clocks at every login (the login form, the admin, test clients); send the
SMS that follows an application's change."""

import logging

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from gjj.applications.services import SMS_EVENTS, application_changed
from gjj.identity.middleware import mark_session_start
from gjj.identity.sms import SmsGatewayError, send_sms

logger = logging.getLogger(__name__)


@receiver(user_logged_in, dispatch_uid="gjj_identity_session_start")
def start_session_clocks(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_session_start(request)


@receiver(application_changed, dispatch_uid="gjj_identity_application_sms")
def application_sms(sender, application, event, text, **kwargs):
    """An SMS when an application is approved, returned for correction, refused or finished
    (the message in 消息 is written by the application service itself). A gateway failure is
    logged, never raised: the change is already committed and the message box has it."""
    if event not in SMS_EVENTS:
        return
    phone = application.person.sjhm
    if not phone:
        return
    try:
        send_sms(phone, f"【住房公积金】{text}")
    except SmsGatewayError:
        logger.warning("application SMS not sent (%s %s)", application.sqid, event)
