"""The admin site at /admin/: staff manage every entity, only superusers the users."""

from flask import abort
from flask import redirect
from flask import request
from flask import url_for
from flask_admin import AdminIndexView
from flask_admin.contrib.sqla import ModelView
from flask_admin.form import BaseForm
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import PasswordField
from wtforms.validators import Optional
from wtforms.validators import ValidationError

from .extensions import admin
from .extensions import db
from .forms import normalize_username
from .forms import password_problems
from .forms import username_taken
from .models import Category
from .models import Comment
from .models import Post
from .models import Tag
from .models import Token
from .models import User


class StaffOnly:
    """Access control for every admin page: active staff users only."""

    def is_accessible(self):
        return current_user.is_authenticated and current_user.is_staff

    def inaccessible_callback(self, name, **kwargs):
        if current_user.is_authenticated:
            abort(403)
        return redirect(url_for("auth.login", next=request.full_path.removesuffix("?")))


class AdminForm(FlaskForm, BaseForm):
    """Flask-Admin's form with Flask-WTF's CSRF token: the one CSRFProtect checks."""


class StaffIndexView(StaffOnly, AdminIndexView):
    pass


class StaffModelView(StaffOnly, ModelView):
    form_base_class = AdminForm


class OwnedModelView(StaffModelView):
    """For models with an owner: the staff user who creates a row owns it."""

    def on_model_change(self, form, model, is_created):
        if is_created:
            model.owner_id = current_user.id


class SuperuserOnly(StaffOnly):
    """Users, their flags and their tokens: for superusers, as Django's permissions say."""

    def is_accessible(self):
        return super().is_accessible() and current_user.is_superuser


class UserAdmin(SuperuserOnly, StaffModelView):
    column_list = ["username", "email", "is_staff", "is_active", "date_joined"]
    column_searchable_list = ["username", "email"]
    column_filters = ["is_staff", "is_superuser", "is_active"]
    # the hash is never shown or edited: staff may set a new password instead
    form_columns = [
        "username",
        "email",
        "password",
        "is_active",
        "is_staff",
        "is_superuser",
    ]
    form_extra_fields = {"password": PasswordField("New password", [Optional()])}

    def on_model_change(self, form, model, is_created):
        # the rules of the sign-up form, which Django's admin forms also apply
        model.username = normalize_username(model.username)
        if username_taken(model.username) and (is_created or _renamed(model)):
            raise ValidationError("A user with that username already exists.")
        if form.password.data:
            problems = password_problems(form.password.data, model.username)
            if problems:
                raise ValidationError(" ".join(problems))
            model.set_password(form.password.data)
        elif is_created:
            # like Django's set_unusable_password(): no password logs in
            model.password_hash = "!"


def _renamed(user: User) -> bool:
    return bool(db.inspect(user).attrs.username.history.deleted)


class TokenAdmin(SuperuserOnly, StaffModelView):
    column_list = ["key", "user", "created"]
    form_columns = ["user"]

    def on_model_change(self, form, model, is_created):
        if is_created:
            model.key = Token.generate_key()


class CategoryAdmin(StaffModelView):
    column_list = ["name", "parent"]
    column_searchable_list = ["name"]
    column_filters = ["parent"]
    column_default_sort = [("id", False)]
    form_columns = ["name", "parent"]


class TagAdmin(StaffModelView):
    column_list = ["name"]
    column_searchable_list = ["name"]
    column_default_sort = [("id", False)]
    form_columns = ["name"]


class PostAdmin(OwnedModelView):
    column_list = ["title", "status", "category", "created_at"]
    column_searchable_list = ["title", "body"]
    column_filters = ["status", "category"]
    column_default_sort = [("created_at", True), ("id", False)]
    form_columns = [
        "title",
        "slug",
        "body",
        "status",
        "category",
        "tags",
        "published_at",
    ]
    # help text is data, not markup: Flask-Admin shows descriptions unescaped
    column_descriptions = {
        "slug": escape("Used in the post's URL"),
    }
    form_choices = {
        "status": Post.STATUS_CHOICES,
    }


class CommentAdmin(OwnedModelView):
    column_list = ["post", "approved"]
    column_searchable_list = ["body"]
    column_filters = ["post", "approved"]
    column_default_sort = [("created_at", False), ("id", False)]
    form_columns = ["post", "body", "approved"]


admin.add_view(UserAdmin(User, db, name="Users"))
admin.add_view(TokenAdmin(Token, db, name="Tokens"))
admin.add_view(CategoryAdmin(Category, db, name="Categories"))
admin.add_view(TagAdmin(Tag, db, name="Tags"))
admin.add_view(PostAdmin(Post, db, name="Posts"))
admin.add_view(CommentAdmin(Comment, db, name="Comments"))


def init_app(app):
    """Serve the admin site at /admin/, behind the staff-only index page."""
    admin.init_app(app, index_view=StaffIndexView())
