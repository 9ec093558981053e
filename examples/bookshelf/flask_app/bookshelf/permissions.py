"""Who may read and write through the API: twins of DRF's permission classes.

A view asks each of its permissions; a refusal is a 401 for anonymous users
and a 403 for signed-in ones, as in DRF.
"""

from flask import abort
from flask import g
from flask import request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from .auth import token_key
from .extensions import csrf

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def check_authentication():
    """DRF's rules: a bad token is a 401, and a browser session needs CSRF to write."""
    if token_key() is not None and not current_user.is_authenticated:
        abort(401, "Invalid token.")
    session_user = current_user.is_authenticated and not g.get("token_authenticated")
    if session_user and request.method not in SAFE_METHODS:
        try:
            csrf.protect()
        except CSRFError as error:
            abort(403, f"CSRF Failed: {error.description}")


def permitted(permissions, request, row=None):
    """Whether every permission lets ``request`` through (to ``row``, when given)."""
    if row is None:
        return all(permission.has_permission(request) for permission in permissions)
    return all(
        permission.has_object_permission(request, row) for permission in permissions
    )


def check_permissions(permissions, row=None):
    """Ask every permission (of the view, or of ``row``); refuse with 401 or 403."""
    if not permitted(permissions, request, row):
        if not current_user.is_authenticated:
            abort(401, "Authentication credentials were not provided.")
        abort(403, "You do not have permission to perform this action.")


class BasePermission:
    def has_permission(self, request):
        return True

    def has_object_permission(self, request, obj):
        return True


class IsAuthenticated(BasePermission):
    def has_permission(self, request):
        return current_user.is_authenticated


class IsAuthenticatedOrReadOnly(BasePermission):
    def has_permission(self, request):
        return request.method in SAFE_METHODS or current_user.is_authenticated


class IsOwnerOrStaffOrReadOnly(BasePermission):
    """Anyone may read; only the owner or a staff user may change or delete."""

    def has_object_permission(self, request, obj):
        if request.method in SAFE_METHODS:
            return True
        return obj.owner_id == current_user.id or current_user.is_staff
