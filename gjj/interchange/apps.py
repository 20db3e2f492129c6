from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "gjj.interchange"
    label = "interchange"
    verbose_name = "数据交换"

    def ready(self):
        # The service API's routes that store the core system's data live with the importer
        # and the export (this layer sits above the API's); they join the service API once, here.
        from gjj.api.service import api
        from gjj.interchange import outbox, service

        api.add_router("/", service.router)
        api.add_router("/", outbox.router)
