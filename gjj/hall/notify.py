"""What the depositor is told when an application changes: a message in 消息 (channel
网厅-个人版, in the same transaction as the change) and, when it is approved, returned for
correction, refused or finished, an SMS after the change is committed (a gateway failure is
logged, never raised: the message box has it anyway)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import receiver

from gjj.applications.services import application_changed
from gjj.identity.sms import SmsGatewayError, send_sms
from gjj.inbox.models import Message

logger = logging.getLogger(__name__)
CHANNEL = "网厅-个人版"

# The changes that also go out as an SMS (every change is a message in 消息).
SMS_EVENTS = frozenset({"approved", "returned", "refused", "done"})


@receiver(application_changed, dispatch_uid="gjj_hall_application_message")
def application_message(sender, application, event, text, now, **kwargs):
    Message.objects.create(
        xxid=f"{application.sqid}-{application.version}",
        person_id=application.person_id,
        ywmc=application.ywxx,
        xxnr=text,
        tsqd=CHANNEL,
        tssj=now,
    )


@receiver(application_changed, dispatch_uid="gjj_hall_application_sms")
def application_sms(sender, application, event, text, **kwargs):
    if event not in SMS_EVENTS:
        return

    def send():
        phone = application.person.sjhm
        if not phone:
            return
        try:
            send_sms(phone, f"【住房公积金】{text}")
        except SmsGatewayError:
            logger.warning("application SMS not sent (%s %s)", application.sqid, event)

    transaction.on_commit(send)
