from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "gjj.people"
    label = "people"
    verbose_name = "缴存人"
