"""
URL configuration for todo_site project.

The `urlpatterns` list routes URLs to views. For more information please see:
    https://docs.djangoproject.com/en/5.2/topics/http/urls/
"""

from django.contrib import admin
from django.urls import include
from django.urls import path

urlpatterns = [
    path("", include("todo.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "todo.views.bad_request"
handler404 = "todo.views.not_found"
handler500 = "todo.views.server_error"
