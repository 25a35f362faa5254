"""The project as a whole: settings, demo data, the production stack, translations, logs."""

import io
import logging
import os
import pathlib
import subprocess
import sys

import polib
import pytest
import yaml
from django.core.management import call_command

ROOT = pathlib.Path(__file__).resolve().parents[2]


def load_settings(tmp_path, expression="s.DEBUG", **env) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter with exactly `env` (no .env file is read from tmp)."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='wellbeing.settings'; django.setup();"
        f"from django.conf import settings as s; print(repr(({expression})))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


PRODUCTION_SECRETS = (
    "DJANGO_SECRET_KEY",
    "EMAIL_URL",
    "CHECKUPS_NOTE_KEYS",
    "PEER_SUPPORT_NOTE_KEYS",
    "MONITOR_DRAFT_KEYS",
    "ACCOUNTS_PHONE_KEYS",
    "MESSAGE_KEY_SECRET",
    "EXPERTS_KEYS",
)


def fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def production_env(**overrides) -> dict:
    env = {
        "DJANGO_SECRET_KEY": "a-long-production-secret-that-is-not-in-the-source-0123456789",
        "EMAIL_URL": "smtp://localhost:25",
        "CHECKUPS_NOTE_KEYS": fernet_key(),
        "PEER_SUPPORT_NOTE_KEYS": fernet_key(),
        "MONITOR_DRAFT_KEYS": fernet_key(),
        "ACCOUNTS_PHONE_KEYS": fernet_key(),
        "EXPERTS_KEYS": fernet_key(),
        "MESSAGE_KEY_SECRET": "another-long-production-secret-for-message-keys-0123456789",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def test_with_no_environment_at_all_the_settings_refuse_to_start_and_name_what_is_missing(tmp_path):
    result = load_settings(tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    for name in (*PRODUCTION_SECRETS, "DJANGO_DEBUG=true"):
        assert name in result.stderr, name


def test_debug_asked_for_runs_the_embedded_default(tmp_path):
    expression = "s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND'], s.DEBUG"
    result = load_settings(tmp_path, expression, DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(
        ("django.db.backends.sqlite3", "filesystem://", "django.core.cache.backends.filebased.FileBasedCache", True)
    )


def test_production_variables_alone_start_production_with_the_given_keys(tmp_path):
    env = production_env()
    expression = "s.DEBUG, s.EMAIL_BACKEND, s.SECRET_KEY, s.CHECKUPS_NOTE_KEYS, s.PEER_SUPPORT_NOTE_KEYS"
    result = load_settings(tmp_path, expression, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(
        (
            False,
            "django.core.mail.backends.smtp.EmailBackend",
            env["DJANGO_SECRET_KEY"],
            [env["CHECKUPS_NOTE_KEYS"]],
            [env["PEER_SUPPORT_NOTE_KEYS"]],
        )
    )


@pytest.mark.parametrize("missing", PRODUCTION_SECRETS)
def test_production_without_one_secret_fails_and_names_it(tmp_path, missing):
    result = load_settings(tmp_path, **production_env(**{missing: None}))
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: Set ")
    assert missing in last_line


@pytest.mark.parametrize("url", ["consolemail://", "filemail:///tmp/mail"])
def test_production_refuses_mail_that_would_land_in_a_log_or_a_file(tmp_path, url):
    result = load_settings(tmp_path, **production_env(EMAIL_URL=url))
    assert result.returncode != 0
    assert "EMAIL_URL must name a mail server" in result.stderr


def test_the_image_and_compose_default_to_production_and_pass_the_secrets():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "DJANGO_DEBUG=false" in dockerfile.split("ENV ", 1)[1].splitlines()[0]
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name in ("web", "worker", "beat"):
        environment = compose["services"][name]["environment"]
        assert environment["DJANGO_DEBUG"] == "false"
        for variable in PRODUCTION_SECRETS:
            # `${X:?message}`: compose itself refuses to start without it.
            assert environment[variable].startswith(f"${{{variable}:?"), (name, variable)


def test_only_the_developer_commands_ask_for_debug():
    procfile = [line for line in (ROOT / "Procfile.dev").read_text().splitlines() if line and line[0] != "#"]
    assert procfile and all("DJANGO_DEBUG=${DJANGO_DEBUG:-true}" in line for line in procfile)
    assert "DJANGO_DEBUG ?= true\nexport DJANGO_DEBUG" in (ROOT / "Makefile").read_text()


def test_production_without_a_secret_key_fails_loudly(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import wellbeing.settings"],
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DJANGO_DEBUG": "false"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_a_bad_boolean_fails_loudly(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import wellbeing.settings"],
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DJANGO_DEBUG": "perhaps"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0


def _dump():
    out = io.StringIO()
    call_command(
        "dumpdata",
        "accounts",
        "auth.group",
        "mfa",
        "checkups",
        "surveys",
        "peer_support",
        "--natural-foreign",
        "--exclude=accounts.user",
        stdout=out,
    )
    from accounts.models import User

    users = sorted(User.objects.values_list("email", "first_name", "unit__code", "password", "language"))
    return out.getvalue(), users


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_database():
    call_command("seed_demo", stdout=io.StringIO())
    first = _dump()
    call_command("seed_demo", stdout=io.StringIO())
    assert _dump() == first


@pytest.mark.django_db
def test_seed_demo_makes_one_user_per_role_with_mfa_for_the_privileged():
    from allauth.mfa.utils import is_mfa_enabled

    from accounts.models import User
    from accounts.roles import Role

    call_command("seed_demo", stdout=io.StringIO())
    for role in Role:
        user = User.objects.filter(groups__name=role.value, email__endswith="@demo.example").first()
        assert user is not None, role
        assert user.check_password("demo-wellbeing-2026")
        assert is_mfa_enabled(user) == (role != Role.EMPLOYEE)


def test_the_compose_file_matches_the_project():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "worker", "beat"}
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    web_command = " ".join(services["web"]["command"])
    assert "migrate" not in web_command  # once, by the migrate service, however many web containers run
    assert "gunicorn wellbeing.wsgi:application" in web_command
    assert "0.0.0.0:8000" in web_command and "8000:8000" in services["web"]["ports"]
    for name in ("web", "worker", "beat"):
        after = services[name]["depends_on"]
        assert after["migrate"]["condition"] == "service_completed_successfully", name
        assert after["db"]["condition"] == "service_healthy", name
    assert services["worker"]["command"][:4] == ["celery", "-A", "wellbeing", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "wellbeing", "beat"]
    for name in ["db", "redis", "web", "worker"]:
        assert "healthcheck" in services[name], name
    assert {"pgdata", "redisdata"} <= set(compose["volumes"])
    environment = services["web"]["environment"]
    assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379")
    assert environment["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in environment["DATABASE_URL"]
    assert environment["MESSAGE_KEY_SECRET"].startswith("${MESSAGE_KEY_SECRET:?")  # required, never a default
    # The modules the services name exist.
    import importlib

    assert importlib.import_module("wellbeing.wsgi").application
    assert importlib.import_module("wellbeing.celery").app.main == "wellbeing"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile and "requirements.txt" in dockerfile


def test_the_scale_out_override_puts_nginx_in_front_of_the_web_containers():
    class ComposeLoader(yaml.SafeLoader):
        pass

    ComposeLoader.add_constructor("!reset", lambda loader, node: [])
    scale = yaml.load((ROOT / "deploy" / "compose.scale.yml").read_text(), Loader=ComposeLoader)
    services = scale["services"]
    assert services["web"]["ports"] == []  # published by the proxy only, so `--scale web=N` has no clash
    assert services["proxy"]["image"].startswith("nginx:")
    mount = services["proxy"]["volumes"][0].split(":")
    # Compose reads a relative path from the project directory (the first file's), not this file's.
    assert (ROOT / mount[0]).resolve() == ROOT / "deploy" / "nginx" / "portal.conf"
    conf = (ROOT / "deploy" / "nginx" / "portal.conf").read_text()
    assert "server web:8000 resolve;" in conf and "listen 8080;" in conf
    assert "beat" not in services  # exactly one beat, never scaled


def test_every_variable_the_settings_read_is_documented():
    import re

    settings_source = (ROOT / "wellbeing" / "settings.py").read_text()
    read = set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', settings_source))
    read |= set(re.findall(r'env\(\s*"([A-Z_]+)"', settings_source))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read - documented == set()


def _catalogues():
    return sorted(p for p in ROOT.rglob("locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_there_are_dutch_and_danish_catalogues():
    languages = {p.parts[-3] for p in _catalogues()}
    assert {"nl", "da"} <= languages


@pytest.mark.parametrize("po_path", _catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_translations_are_complete_and_compile(po_path, tmp_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [], f"untranslated in {po_path}: {untranslated[:5]}"
    assert fuzzy == [], f"fuzzy in {po_path}: {fuzzy[:5]}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages"
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo_path)) if e.msgstr}
    for entry in catalogue.translated_entries():
        if not entry.msgid_plural:
            assert compiled.get(entry.msgid) == entry.msgstr, f"{mo_path} is stale: run compilemessages"
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(po_path)], capture_output=True)
    if result.returncode == 127:  # pragma: no cover - gettext missing
        pytest.skip("msgfmt not installed")
    assert result.returncode == 0, result.stderr.decode()


def test_request_logs_carry_no_query_strings():
    from core.logging import StripQueryStringFilter

    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /selftest/who5/?q1=3&q2=4 HTTP/1.1", 200, 5),
        None,
    )
    StripQueryStringFilter().filter(record)
    assert record.getMessage() == '"GET /selftest/who5/ HTTP/1.1" 200 5'


def test_the_production_static_build_succeeds(tmp_path):
    """The Dockerfile runs collectstatic with the manifest storage; a missing file breaks the image."""
    key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='wellbeing.settings'; django.setup();"
        f"from django.conf import settings; settings.STATIC_ROOT={str(tmp_path)!r};"
        "from django.core.management import call_command; call_command('collectstatic', '--noinput', verbosity=0)"
    )
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "collectstatic-only",
        "EMAIL_URL": "dummymail://",
        "CHECKUPS_NOTE_KEYS": key,
        "PEER_SUPPORT_NOTE_KEYS": key,
        "MONITOR_DRAFT_KEYS": key,
        "ACCOUNTS_PHONE_KEYS": key,
        "EXPERTS_KEYS": key,
        "MESSAGE_KEY_SECRET": "collectstatic-only",
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles.json").exists()


def test_every_string_in_the_code_is_in_a_catalogue(tmp_path):
    """`make messages` run on a copy finds nothing the committed catalogues lack.

    A string marked in a way makemessages does not read (an alias such as `_lazy`), or added
    without running `make messages`, would show in English to a Dutch or Danish reader.
    """
    import shutil

    if shutil.which("msgmerge") is None:  # pragma: no cover - gettext missing
        pytest.skip("gettext not installed")
    skip = {".venv", ".git", "tests", "scripts", "var", "staticfiles", "static", "node_modules"}
    copy = tmp_path / "portal"
    shutil.copytree(
        ROOT, copy, ignore=lambda folder, names: [n for n in names if n in skip or n.endswith((".mo", ".pyc"))]
    )
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='wellbeing.settings'; django.setup();"
        "from django.conf import settings; import pathlib;"
        "settings.LOCALE_PATHS=[pathlib.Path.cwd() / 'locale'];"
        "from django.core.management import call_command;"
        "call_command('makemessages', locale=['nl', 'da'], no_wrap=True, no_obsolete=True, verbosity=0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_DEBUG": "true"},
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    for po_path in sorted(copy.rglob("locale/*/LC_MESSAGES/django.po")):
        missing = [e.msgid for e in polib.pofile(str(po_path)).untranslated_entries()]
        assert missing == [], f"not translated in {po_path.relative_to(copy)}: {missing[:5]}"


def test_code_only_commands_run_without_secrets_and_nothing_else_does(tmp_path):
    """`makemigrations --check` works on a bare checkout (as CI and a newcomer run it); a command
    that reads data, like `migrate`, still refuses to start in production without its secrets."""
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    check = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert "No changes detected" in check.stdout
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--plan"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert migrate.returncode != 0 and "DJANGO_SECRET_KEY" in migrate.stderr
