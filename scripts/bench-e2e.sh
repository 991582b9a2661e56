#!/usr/bin/env bash
# End-to-end throughput bench: OTLP/HTTP in -> batch -> file out, on the release binary.
# Prints records/s (wall), records per CPU-second of the collector, and its peak RSS.
# Usage: scripts/bench-e2e.sh [TOTAL_RECORDS] [RECORDS_PER_REQUEST] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-200000}
per_request=${2:-100}
concurrency=${3:-32}
cargo build --release -q --bin otelcol-audit --example otlp_load
target=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/config.yaml" <<YAML
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:$port
processors:
  batch:
    timeout: 200ms
    send_batch_size: 1000
exporters:
  file:
    path: $work/out.jsonl
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [otlp]
      processors: [batch]
      exporters: [file]
YAML
"$target/release/otelcol-audit" --config "$work/config.yaml" 2>"$work/collector.log" &
pid=$!
for _ in $(seq 1 200); do grep -q "Everything is ready" "$work/collector.log" && break; sleep 0.05; done
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(cpu_ticks)
"$target/release/examples/otlp_load" "http://127.0.0.1:$port/v1/logs" "$total" "$per_request" "$concurrency" | tee "$work/load.txt"
after=$(cpu_ticks)
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
kill -TERM "$pid"; wait "$pid" || true
written=$(python3 - "$work/out.jsonl" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1]):
    for rl in json.loads(line)["resourceLogs"]:
        for sl in rl["scopeLogs"]:
            n += len(sl["logRecords"])
print(n)
PY
)
hz=$(getconf CLK_TCK)
python3 - "$work/load.txt" "$before" "$after" "$hz" "$hwm" "$written" <<'PY'
import sys
load = dict(kv.split("=") for kv in open(sys.argv[1]).read().split())
cpu = (int(sys.argv[3]) - int(sys.argv[2])) / int(sys.argv[4])
records = int(load["records"])
print(f"records sent: {records}, in file: {sys.argv[6]}")
print(f"wall: {float(load['seconds']):.2f} s, {float(load['records_per_second']):,.0f} records/s")
print(f"collector CPU: {cpu:.2f} s, {records / max(cpu, 1e-9):,.0f} records per CPU-second")
print(f"collector peak RSS: {int(sys.argv[5]) / 1024:.1f} MiB")
PY
