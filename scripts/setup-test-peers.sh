#!/usr/bin/env bash
# Installs the test peers (the OTel Python SDK and OTLP packages, pinned) into .venv-test.
# Idempotent: does nothing when the pinned set is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-test
req=scripts/requirements-test.txt
stamp="$venv/.installed-$(sha256sum "$req" | cut -c1-16)"
if [ -f "$stamp" ]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
touch "$stamp"
echo "test peers installed in $venv"
