from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "gjj.interchange"
    label = "interchange"
    verbose_name = "数据交换"

    def ready(self):
        # The service API's routes that store the core system's data live with the importer
        # (this layer sits above the API's); they join the service API once, here.
        from gjj.api.service import api
        from gjj.interchange.service import router

        api.add_router("/", router)
