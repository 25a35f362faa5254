#!/usr/bin/env bash
# Pinned, hashed requirements from the `.in` files (pip-tools).
#   scripts/requirements.sh compile   rewrite requirements.txt and requirements-dev.txt
#   scripts/requirements.sh check     fail if they do not match the `.in` files (CI)
# Existing pins are kept; to upgrade a package, delete its lines from the .txt files first.
set -euo pipefail
cd "$(dirname "$0")/.."
PIPTOOLS_COMPILE_CMD="${PIPTOOLS_COMPILE_CMD:-$(pwd)/.venv/bin/pip-compile}"
compile() {
  "$PIPTOOLS_COMPILE_CMD" --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
    --no-emit-find-links --output-file="$1" "$2" 2> >(grep -v "WARNING: Location" >&2)
}
case "${1:-}" in
  compile)
    compile requirements.txt requirements.in
    compile requirements-dev.txt requirements-dev.in
    ;;
  check)
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    cp requirements.in requirements-dev.in requirements.txt requirements-dev.txt "$work/"
    (cd "$work" && compile requirements.txt requirements.in && compile requirements-dev.txt requirements-dev.in)
    if ! diff -u requirements.txt "$work/requirements.txt" || ! diff -u requirements-dev.txt "$work/requirements-dev.txt"; then
      echo "The pinned requirements do not match the .in files: run scripts/requirements.sh compile" >&2
      exit 1
    fi
    echo "requirements match their .in files"
    ;;
  *)
    echo "usage: $0 compile|check" >&2
    exit 2
    ;;
esac
