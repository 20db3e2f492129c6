from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "gjj.certificates"
    verbose_name = "证明"
