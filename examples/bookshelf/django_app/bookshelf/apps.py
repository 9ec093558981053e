from django.apps import AppConfig


class BookshelfConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bookshelf"
    verbose_name = "Bookshelf"
