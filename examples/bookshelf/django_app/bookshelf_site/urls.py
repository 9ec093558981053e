"""
URL configuration for bookshelf_site project.

The `urlpatterns` list routes URLs to views. For more information please see:
    https://docs.djangoproject.com/en/5.2/topics/http/urls/
"""

from django.contrib import admin
from django.urls import include
from django.urls import path

urlpatterns = [
    path("", include("bookshelf.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "bookshelf.views.bad_request"
handler404 = "bookshelf.views.not_found"
handler500 = "bookshelf.views.server_error"
