#!/usr/bin/env bash
# Known vulnerabilities in the pinned requirements (pip-audit against PyPI's advisory data).
# Installs nothing: the pins carry hashes, so pip-audit reads them as they are (--disable-pip).
# Fails on any known vulnerability, and on any package it could not check (--strict): an audit
# that could not ask the service never passes as clean.
#
# PIP_AUDIT_UNREACHABLE_OK=1: when the service cannot be reached at all (a network that lets
# pip download packages but blocks PyPI's per-release JSON, as some mirrors and sandboxes do),
# print a loud NOT AUDITED banner and exit 0 instead of 1. Never set it where the service is
# reachable: there every failure fails.
set -euo pipefail
cd "$(dirname "$0")/.."
probe_url="https://pypi.org/pypi/django/$(sed -n 's/^django==\([^ ]*\).*/\1/p' requirements.txt)/json"
if ! curl -fsS -o /dev/null --max-time 20 "$probe_url"; then
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  echo "!! NOT AUDITED: the vulnerability service cannot be reached ($probe_url)." >&2
  echo "!! Nothing is known about vulnerabilities in requirements.txt or requirements-dev.txt." >&2
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  if [ "${PIP_AUDIT_UNREACHABLE_OK:-0}" = "1" ]; then
    exit 0
  fi
  exit 1
fi
exec .venv/bin/pip-audit --strict --disable-pip --require-hashes --progress-spinner off \
  -r requirements.txt -r requirements-dev.txt
