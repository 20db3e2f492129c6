from django.apps import AppConfig


class PrepaymentsConfig(AppConfig):
    name = "gjj.prepayments"
    label = "prepayments"
    verbose_name = "提前还款业务"

    def ready(self):
        from gjj.applications.registry import BusinessHooks, register
        from gjj.prepayments import selectors, services

        register(
            BusinessHooks(
                code=selectors.BUSINESS,
                checks=services.application_checks,
                summary=services.application_summary,
                export=services.application_export,
                done_text="提前还款已扣款入账，还款计划已按新的计划更新。",
            )
        )
