"""The words of the spec format (docs/spec.md): keys, types, options, limits and reserved names."""

from __future__ import annotations

import keyword
import re

TOP_LEVEL_KEYS = ("project_name", "project_slug", "description", "entities")
ENTITY_KEYS = (
    "fields",
    "plural",
    "display",
    "owner",
    "timestamps",
    "ordering",
    "unique_together",
    "admin",
    "api",
)
ADMIN_KEYS = ("list", "search", "filter")
API_KEYS = ("read", "write", "page_size")
API_READ = ("public", "authenticated")
API_WRITE = ("owner", "authenticated", "staff")
ON_DELETE = ("cascade", "protect", "set_null")
PAGE_SIZE_RANGE = (1, 1000)

FIELD_TYPES = (
    *"string text integer float decimal boolean date datetime time".split(),
    *"email url choice json fk m2m".split(),
)
RELATION_TYPES = ("fk", "m2m")
COMMON_OPTIONS = ("type", "required", "unique", "index", "default", "help", "label")
TYPE_OPTIONS: dict[str, tuple[str, ...]] = {
    "string": ("max_length", "min_length", "pattern"),
    "text": (),
    "integer": ("min", "max"),
    "float": ("min", "max"),
    "decimal": ("max_digits", "decimal_places", "min", "max"),
    "boolean": (),
    "date": (),
    "datetime": (),
    "time": (),
    "email": ("max_length",),
    "url": ("max_length",),
    "choice": ("choices",),
    "json": (),
    "fk": ("to", "on_delete", "related_name"),
    "m2m": ("to", "related_name"),
}
FORBIDDEN_OPTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "required": {
        "boolean": ("a boolean always has a value", "remove it; 'default: true' sets the value"),
    },
    "unique": {
        "boolean": ("a boolean has only two values", "remove it"),
        "text": ("long text cannot be unique", "use a string field with a max_length instead"),
        "json": ("a JSON value cannot be unique", "remove it"),
        "m2m": ("a many-to-many field has no column of its own", "remove it"),
        "fk": (
            "a unique fk is a one-to-one link, which diptych does not generate",
            "remove it (Django would warn, fields.W342)",
        ),
    },
    "index": {
        "text": (
            "PostgreSQL refuses index entries longer than about 2.7 kB",
            "use a string field with a max_length instead",
        ),
        "fk": ("an fk is indexed already", "remove it"),
        "m2m": ("a many-to-many field has no column of its own", "remove it"),
        "json": ("a JSON value has no order to index", "remove it"),
    },
    "default": {
        kind: (
            "diptych generates no default for this type",
            "remove it and set the value in code after generating",
        )
        for kind in ("fk", "m2m", "date", "datetime", "time", "json")
    },
}
DEFAULT_MAX_LENGTH = {"string": 255, "email": 254, "url": 200}
MAX_LENGTH_LIMIT = 10_000
MAX_DIGITS_LIMIT = 38
CHOICE_MAX_LENGTH = 255
INTEGER_RANGE = (-(2**31), 2**31 - 1)
SEARCH_TYPES = ("string", "text", "email", "url", "choice")
STRING_TYPES = SEARCH_TYPES
"""Types stored as "" when optional, never NULL (Django's convention)."""
FILTER_TYPES = ("boolean", "choice", "fk", "string", "integer", "date")
UNORDERED_TYPES = ("m2m", "json")
"""Types that hold no single comparable value: never a display, an ordering or a unique set."""
NOT_IN_UNIQUE_SETS = {
    "m2m": "has no column of its own",
    "text": "is long text, which cannot be unique",
    "json": "is a JSON value, which cannot be unique",
}
"""Types a unique_together set may not hold, and why."""
NOT_LISTED_BY_DEFAULT = ("text", *UNORDERED_TYPES)
"""Types the admin's list leaves out unless admin.list names them (long or many values)."""
TIMESTAMP_FIELDS = ("created_at", "updated_at")

RESERVED_SLUGS = frozenset(
    "django flask tests test site admin api config migrations static templates accounts users"
    " werkzeug sqlalchemy alembic rest_framework marshmallow wtforms".split()
)
GENERATED_CLASS_NAMES = frozenset(
    # what the generated modules import or define beside the entities: an entity
    # of the same name would shadow it (Flask's modules import entities by name)
    "APIClient AbstractUser AdminForm AdminIndexView AppConfig AuthActions"
    " AuthenticationForm BaseCommand BaseForm BasePermission Blueprint BooleanFilter"
    " Bootstrap4Theme CSRFError CSRFProtect CaptureQueriesContext ChoiceFilter Client"
    " Command Conflict DataRequired DecimalString DeclarativeBase DefaultRouter Double"
    " ENTITIES EXCLUDE Email Engine Entity ExactFilter Flask FlaskForm FlaskLoginClient ForeignKey"
    " HTTPException HomeView HttpResponse ImproperlyConfigured Integer IntegrityError"
    " InvalidOperation IsAuthenticated IsAuthenticatedOrReadOnly IsOwnerOrStaffOrReadOnly"
    " IsStaffOrReadOnly ItemAPI JSONRenderer JsonResponse Length ListAPI LockedOut"
    " LoginFailure LoginForm LoginManager Mapped MaxValueValidator MeView MethodView"
    " MinLengthValidator RegexValidator"
    " Migrate Migration MinValueValidator ModelSchema ModelView NumberRange Numeric"
    " Optional OwnedModelView PageNumberPagination PasswordField Path ProtectedError"
    " ProxyFix Regexp Related RelatedFilter RelatedList RequestFactory Resource"
    " SQLAlchemy SQLAlchemySchema SequenceMatcher SignUpForm SignUpView SignupForm"
    " StaffIndexView StaffModelAdmin StaffModelView StaffOnly String StringField"
    " SuperuserOnly Text TokenAdmin TokenProxy TooManyRequests URL URLField UTC UTCDateTime"
    " UserAdmin UserCreationForm UserMixin UserSchema UserSerializer ValidationError"
    " Api Body DatabaseError DjangoFilterBackend FlaskBlueprint FlaskParser ListArgs Lock"
    " Float MarshmallowPlugin MetaData ObtainAuthToken OpenAPIView OpenApiTypes OperationalError"
    " OrderingFilter Paginated Parser RelatedIds RelatedRow SQLAlchemyError Schema SearchArgs"
    " SpectacularAPIView SpectacularSwaggerView TokenRequestSchema TokenSchema TokenView"
    " TrueOrFalseFilter WhiteNoise JSONParser Lower RequestDataTooBig SearchFilter"
    " BadSignature EmailField EmailMessage JSONFormatter Mail PasswordResetForm SetPasswordForm"
    " URLSafeTimedSerializer ANYONE AUTHENTICATED INTEGER METHODS"
    " BaseConverter Digits Lookup PasswordChangeForm RequestRedirect Response ModelSerializer"
    " Any JSON JSONField JSONText JSONValue"
    # and the first halves of those named entity + suffix (StaffModel + Admin)
    " Boolean Choice Exact List Ordering PageNumber SQLAlchemy Search StaffModel TokenRequest"
    " TrueOrFalse URLSafeTimed".split()
)
"""Tests/test_generated_names.py reads the templates to keep this list complete."""
RESERVED_ENTITY_NAMES = (
    frozenset(
        "User Group Permission Token Session ContentType LogEntry Model Admin"
        " Base Meta Decimal Date DateTime Enum".split()
    )
    | GENERATED_CLASS_NAMES
    | frozenset(keyword.kwlist)
)
GENERATED_FIELDS = frozenset({"id", "pk", "owner", "owner_id", "created_at", "updated_at"})
RESERVED_ATTRIBUTES = frozenset(
    "objects query query_class metadata registry save delete clean full_clean check"
    " refresh_from_db validate_unique validate_constraints serializable_value from_db pk"
    " get_deferred_fields prepare_database_save unique_error_message date_error_message"
    " clean_fields get_constraints Meta DoesNotExist MultipleObjectsReturned".split()
)
MODULE_NAMES = frozenset(
    # what the generated model, serializer and schema classes use in their bodies
    # (``models.CharField``, ``fields.String``, ``mapped_column``): a field of the
    # same name declared before the use would hide it
    "auto_field blank_or db digits fields mapped_column models new_session_token now_utc"
    " pre_load relationship serializers validate".split()
)
"""Tests/test_generated_names.py reads the rendered classes to keep this list complete."""
RESERVED_PLURALS = frozenset({"token", "me"})
USER_ATTRIBUTES = frozenset(
    "id pk password username email first_name last_name is_staff is_active is_superuser"
    " date_joined last_login groups user_permissions auth_token logentry".split()
)
"""Attributes the built-in user already has, which a reverse name must not take."""

SLUG_PATTERN = re.compile(r"[a-z_][a-z0-9_]*")
ENTITY_NAME_PATTERN = re.compile(r"[A-Z][A-Za-z0-9]*")
FIELD_NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
PLURAL_PATTERN = re.compile(r"[a-z][a-z0-9-]*")
_DOMAIN = r"(?:localhost|(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@" + _DOMAIN)
URL_PATTERN = re.compile(r"(?:https?|ftps?)://" + _DOMAIN + r"(?::\d{1,5})?(?:[/?#]\S*)?")
