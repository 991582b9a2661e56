#!/usr/bin/env bash
# The whole test suite: installs what the tests need (Python OTLP peers, cargo-nextest if
# missing), then runs every test of the workspace. CI (.ci/run) calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-test-peers.sh
scripts/test-helm.sh --install-only >/dev/null  # Helm 3.6.2 for tests/helm_chart.rs
export OTELCOL_TEST_PYTHON="$PWD/.venv-test/bin/python"
if ! cargo nextest --version >/dev/null 2>&1; then
  cargo install cargo-nextest --locked
fi
cargo build --workspace --bins
cargo nextest run --workspace --no-fail-fast
cargo test --workspace --doc
