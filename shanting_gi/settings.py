"""Settings for the Shanting GI portal, driven entirely by environment variables.

With nothing set it runs as a development site on SQLite with DEBUG on. Production sets
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL); see README.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "insecure-development-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "simple_history",
    "django_filters",
    "import_export",  # Excel / CSV import and export of producers and authorisations
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc served by the app, no CDN
    "corsheaders",
    "shanting_gi.core",  # the kernel: base model, history, search text, rate limits …
    "products",
    "producers.register",  # app label "producers"
    "producers.labels",
    "inspections",
    "producers.accounts",
    "shanting_gi.portal",  # consultation, news, events, industry, the government-site pages
    "shanting_gi.demo",  # demo data, seed_demo and create_demo_admin
    "shanting_gi",  # the site on top; last, so its post_migrate sees every permission
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may answer on its own (WhiteNoise, CommonMiddleware).
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shanting_gi.core.middleware.CookieLanguageMiddleware",  # Chinese unless chosen otherwise
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "shanting_gi.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shanting_gi.portal.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "shanting_gi.wsgi.application"

# Database: SQLite (tuned for a small server) unless DATABASE_URL names another one.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on
                # busy_timeout instead of failing with "database is locked" mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Producers sign in at /accounts/ with their user name or their credit code; bureau staff
# at /admin/.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "producers.accounts.backends.CreditCodeBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "home"

# Internationalisation: Chinese first, complete English. Source strings are English;
# Chinese lives in locale/zh_Hans/. No language prefix in URLs: the cookie decides.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static files through WhiteNoise; hashed, compressed names when DEBUG is off.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Complaint photos and application documents: never published, served by permission checks.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: keep request bodies bounded; photos and PDFs are validated again by the forms.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Caches: a file-based cache shared by the gunicorn workers of one host by default;
# REDIS_URL switches to a cache shared across hosts.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", BASE_DIR / ".cache" / "django"),
        }
    }

# Security headers; the HTTPS-only ones are on whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a commitment the operator makes with the browser vendors for the
        # whole domain (gov.cn subdomains included); it is opt-in, not a default.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Email: the console in development; SMTP settings from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@shanting-gi.example")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Change reasons are the staff's own words (why an authorisation was suspended …): no cut-off.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True  # history is a record, not an undo button

# Label codes are signed with these keys (see producers/labels.py). Each key has a version
# that travels inside the code, so a new key can be introduced for new batches while labels
# already printed keep verifying. LABEL_SIGNING_KEYS="1:<secret>,2:<secret>"; the highest
# version signs new batches. Development derives a key from SECRET_KEY.
LABEL_SIGNING_KEYS = {
    int(version): key.encode()
    for version, _sep, key in (
        item.partition(":") for item in env_list("LABEL_SIGNING_KEYS") if ":" in item
    )
}
if not LABEL_SIGNING_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured("LABEL_SIGNING_KEYS must be set when DEBUG is off.")
    LABEL_SIGNING_KEYS = {1: ("label-dev:" + SECRET_KEY).encode()}
# The one official address printed in every QR code and named on the verify page.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# A genuine code checked more often than this is flagged as possibly copied.
LABEL_SCAN_WARNING_THRESHOLD = int(os.environ.get("LABEL_SCAN_WARNING_THRESHOLD", 20))
# Verification attempts per client address and window, counted in the default cache.
VERIFY_RATE_LIMIT = int(os.environ.get("VERIFY_RATE_LIMIT", 30))
VERIFY_RATE_WINDOW_SECONDS = int(os.environ.get("VERIFY_RATE_WINDOW_SECONDS", 60))
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For entries are trusted.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))

# Open-data API (shanting_gi/api/): read-only registers, verification and complaints.
# Anonymous only: no session or token authentication, hence no CSRF on the API's POST.
# API_THROTTLE_RATE is per client address ("120/min", "2000/hour"); counted in the cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.MultiPartParser"],
    "DEFAULT_THROTTLE_CLASSES": ["shanting_gi.opendata.throttling.AnonThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_THROTTLE_RATE", "120/min")},
    "DEFAULT_SCHEMA_CLASS": "shanting_gi.opendata.schema.ApiSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "山亭区地理标志产品信息查询平台 开放数据接口 / Shanting GI platform open-data API",
    "DESCRIPTION": (
        "山亭区地理标志产品（山亭火樱桃、店子长红枣）的公开数据：产品、保护范围、质量指标、"
        "文件、生产者及专用标志使用授权、抽检结果、执法案件、销售点与年度统计；另可核验标签码"
        "或统一社会信用代码，并提交投诉。\n\n"
        "Public data on the geographical-indication products of Shanting District: products, "
        "protection areas, quality indicators, documents, producers and their special-mark "
        "authorisations, spot-check results, enforcement cases, outlets and annual statistics; "
        "plus label-code / credit-code verification and consumer complaints.\n\n"
        "**数据许可 / Licence:** 开放数据，采用 CC BY 4.0 许可，署名“山亭区市场监督管理局”。 / "
        "Open data under CC BY 4.0, attribution “山亭区市场监督管理局” (Shanting District "
        "Administration for Market Regulation).\n\n"
        "列表按页返回（每页最多 100 条），可用 `updated_since` 增量同步；匿名访问有频率限制，"
        "超限时返回 429 与 Retry-After。 / Lists are paginated (at most 100 per page) and take "
        "`updated_since` for incremental sync; anonymous use is rate-limited, answering 429 with "
        "Retry-After.\n\n"
        "按产品、乡镇或年份筛选时，参数只需符合所述格式（产品 slug、370406xxx 乡镇代码、年份）；"
        "格式正确但没有对应记录时返回空列表，格式不符时返回 400。现有产品和乡镇见 "
        "/api/v1/products/ 与 /api/v1/towns/。本说明不列举数据，数据变化时接口说明不变。 / "
        "Filters naming a product, town or year take a value of the form described (a slug, a "
        "370406xxx town code, a year): one of that form that names nothing gives an empty list, "
        "any other answers 400. The products and towns that exist are listed at "
        "/api/v1/products/ and /api/v1/towns/; this schema enumerates no data, so it does not "
        "change when the data does.\n\n"
        "文字信息（核验结论、错误信息）为中文；带 Cookie `lang=en` 时为英文（与网站相同）。 / "
        "Messages (verdicts, errors) are in Chinese, in English with the cookie `lang=en` (as "
        "on the site)."
    ),
    "VERSION": "1.0.0",
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    "CONTACT": {"name": "山亭区市场监督管理局 / Shanting District AMR"},
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ProducerKindEnum": "producers.register.models.ProducerKind",
        "OutletKindEnum": "producers.register.models.OutletKind",
        "DocumentKindEnum": "products.models.DocumentKind",
        "ImageKindEnum": "products.models.ImageKind",
        "AuthorisationStatusEnum": "producers.register.models.AuthorisationStatus",
        "ProductStatusEnum": "products.models.ProductStatus",
        "CaseStatusEnum": "inspections.models.CaseStatus",
    },
}
# CORS is closed unless CORS_ALLOWED_ORIGINS names origins ("https://a.example,https://b…");
# it only ever applies to the API and the exports.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/(api|exports)/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST"]

# Time limits of complaints on the staff work queue, in working days from receipt (~ from
# 《市场监督管理投诉举报处理暂行办法》(2019): 7 working days to decide whether to accept a
# complaint, 15 to check a report and decide on a case; to be verified by the bureau).
COMPLAINT_ACCEPTANCE_WORKING_DAYS = int(os.environ.get("COMPLAINT_ACCEPTANCE_WORKING_DAYS", 7))
COMPLAINT_HANDLING_WORKING_DAYS = int(os.environ.get("COMPLAINT_HANDLING_WORKING_DAYS", 15))

# The portal's own name, shown in the admin and the pages.
SITE_NAME = _("Shanting District Geographical Indication Product Information Platform")

# Public forms (complaints, consultations) refuse a form sent back sooner than this after it
# was shown: a person reads before sending, a bot does not (shanting_gi/core/spam.py).
SPAM_MIN_FILL_SECONDS = 3

# The conventions of a Chinese government website (《政府网站发展指引》, 国办发〔2017〕47号):
# who runs the site and how to reach it, shown in the footer and on the contact page. The
# identification codes are issued to a real site and are shown only when set — never
# invented: SITE_ID_CODE (网站标识码, also the SiteIDCode meta tag), ICP_NUMBER (ICP 备案号),
# PUBLIC_SECURITY_RECORD (公安机关备案号), GOV_MARK_URL (the 党政机关网站标识 verification page).
SITE_SPONSOR = os.environ.get("SITE_SPONSOR", "")  # 主办单位; default: the district bureau
SITE_ORGANISER = os.environ.get("SITE_ORGANISER", "")  # 承办单位, when it differs
SITE_ADDRESS = os.environ.get("SITE_ADDRESS", "")
SITE_PHONE = os.environ.get("SITE_PHONE", "")
SITE_EMAIL = os.environ.get("SITE_EMAIL", "")
SITE_OFFICE_HOURS = os.environ.get("SITE_OFFICE_HOURS", "")
SITE_ID_CODE = os.environ.get("SITE_ID_CODE", "")
ICP_NUMBER = os.environ.get("ICP_NUMBER", "")
PUBLIC_SECURITY_RECORD = os.environ.get("PUBLIC_SECURITY_RECORD", "")
GOV_MARK_URL = os.environ.get("GOV_MARK_URL", "")
# Links out: the district government's portal, and the national 我为政府网站找错 platform
# (a site registered there gets an address of its own to put here).
DISTRICT_PORTAL_URL = os.environ.get("DISTRICT_PORTAL_URL", "http://www.shanting.gov.cn/")
GOV_ERROR_REPORT_URL = os.environ.get("GOV_ERROR_REPORT_URL", "https://zfwzzc.www.gov.cn/")
