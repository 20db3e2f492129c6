from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "gjj.inbox"
    label = "inbox"
    verbose_name = "消息"
