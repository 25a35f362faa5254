"""The backup scripts never put the database password on a command line (`ps` and /proc show
every process's arguments to every local user): libpq gets it by PGPASSWORD. Checked with
stand-in pg_dump, pg_restore and psql that write down their arguments and environment."""

import os
import stat
import subprocess
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SECRET = "S3c@ret:pw"
URL = "postgres://wellbeing:S3c%40ret%3Apw@db.example:5432/wellbeing"

FAKE = """#!/usr/bin/env bash
printf '%s\\n' "$(basename "$0") $*" >> "$LOG"
printf 'PGPASSWORD=%s\\n' "${PGPASSWORD:-}" >> "$LOG"
case "$(basename "$0")" in
  pg_dump) for arg in "$@"; do case "$arg" in --file=*) : > "${arg#--file=}" ;; esac; done ;;
  psql) echo 0 ;;
esac
"""


def tools(tmp_path) -> dict:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("pg_dump", "pg_restore", "psql"):
        tool = bin_dir / name
        tool.write_text(FAKE)
        tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    log = tmp_path / "calls.log"
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "LOG": str(log)}, log


def test_backup_gives_the_password_by_the_environment_not_the_command_line(tmp_path):
    env, log = tools(tmp_path)
    result = subprocess.run(
        ["scripts/backup.sh", str(tmp_path / "out")],
        cwd=ROOT,
        env={**env, "DATABASE_URL": URL},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    calls = log.read_text()
    command_lines = [line for line in calls.splitlines() if not line.startswith("PGPASSWORD=")]
    assert any(line.startswith("pg_dump ") for line in command_lines)
    assert all("S3c" not in line for line in command_lines), calls
    assert "--dbname=postgresql://wellbeing@db.example:5432/wellbeing" in calls
    assert f"PGPASSWORD={SECRET}" in calls  # percent-decoded, as libpq would read it from the URL
    assert Path(result.stdout.strip()).exists()


def test_a_failed_backup_leaves_no_half_file(tmp_path):
    env, _log = tools(tmp_path)
    failing = Path(env["PATH"].split(":")[0]) / "pg_restore"
    failing.write_text("#!/usr/bin/env bash\nexit 1\n")
    out = tmp_path / "out"
    result = subprocess.run(
        ["scripts/backup.sh", str(out)],
        cwd=ROOT,
        env={**env, "DATABASE_URL": URL},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert list(out.iterdir()) == []


def test_restore_gives_the_password_by_the_environment_not_the_command_line(tmp_path):
    env, log = tools(tmp_path)
    dump = tmp_path / "wellbeing.dump"
    dump.write_bytes(b"")
    result = subprocess.run(
        ["scripts/restore.sh", "--no-check", str(dump), URL],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    command_lines = [line for line in log.read_text().splitlines() if not line.startswith("PGPASSWORD=")]
    assert {line.split()[0] for line in command_lines} == {"pg_restore", "psql"}
    assert all("S3c" not in line for line in command_lines)
    assert f"PGPASSWORD={SECRET}" in log.read_text()
