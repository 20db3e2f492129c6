from django.apps import AppConfig


class LoanAppsConfig(AppConfig):
    name = "gjj.loanapps"
    label = "loanapps"
    verbose_name = "贷款申请"

    def ready(self):
        from gjj.applications.registry import BusinessHooks, register
        from gjj.loanapps import selectors, services

        register(
            BusinessHooks(
                code=selectors.BUSINESS,
                checks=services.application_checks,
                summary=services.application_summary,
                export=services.application_export,
                done_text="借款合同已签订并放款，可在“贷款信息”中查看合同和还款计划。",
            )
        )
