#!/usr/bin/env bash
# Seed 000's job, end to end: OTLP/HTTP load shaped like CAST AI receiver output -> seed 000's
# processors verbatim (transform, resource, batch 100) -> otlp_http encoding json (gzip) ->
# a fast local sink. Prints events/s (wall), events per collector CPU-second and peak RSS.
# With OTHER_COLLECTOR=/path/to/otelcol-contrib the same config runs through that binary too.
# Usage: scripts/bench-seed000.sh [TOTAL_EVENTS] [EVENTS_PER_REQUEST] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-200000}
per_request=${2:-100}
concurrency=${3:-32}
cargo build --release -q --bin otelcol-audit --example otlp_load --example bench_sink
target=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run_one() { # name binary
  local name=$1 bin=$2
  "$target/release/examples/bench_sink" > "$work/sink-$name.txt" &
  local sink=$!; pids+=("$sink")
  for _ in $(seq 1 100); do grep -q port= "$work/sink-$name.txt" 2>/dev/null && break; sleep 0.05; done
  local sink_port; sink_port=$(sed -n 's/^port=//p' "$work/sink-$name.txt")
  local port; port=$(free_port)
  cat > "$work/config-$name.yaml" <<YAML
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:$port
processors:
  transform:
    error_mode: ignore
    log_statements:
      - context: log
        statements:
          - set(body, String(attributes["event"])) where IsMap(attributes["event"])
          - delete_key(attributes, "event") where IsMap(attributes)
          - set(time, observed_time)
  resource:
    attributes:
      - key: service.name
        value: castai-audit-logs
        action: upsert
  batch:
    timeout: 5s
    send_batch_size: 100
exporters:
  otlphttp/sink:
    endpoint: http://127.0.0.1:$sink_port
    encoding: json
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [otlp]
      processors: [transform, resource, batch]
      exporters: [otlphttp/sink]
YAML
  "$bin" --config "$work/config-$name.yaml" 2>"$work/collector-$name.log" &
  local pid=$!; pids+=("$pid")
  for _ in $(seq 1 400); do
    curl -s -o /dev/null -X POST -H 'content-type: application/json' -d '{}' "http://127.0.0.1:$port/v1/logs" && break
    sleep 0.05
  done
  local before; before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  "$target/release/examples/otlp_load" "http://127.0.0.1:$port/v1/logs" "$total" "$per_request" "$concurrency" castai > "$work/load-$name.txt"
  local after; after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  local hwm; hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  local stats; stats=$(curl -s "http://127.0.0.1:$sink_port/stats")
  python3 - "$name" "$work/load-$name.txt" "$before" "$after" "$(getconf CLK_TCK)" "$hwm" "$stats" <<'PY'
import sys
name, load_file, before, after, hz, hwm, stats = sys.argv[1:]
load = dict(kv.split("=") for kv in open(load_file).read().split())
sink = dict(kv.split("=") for kv in stats.split())
cpu = (int(after) - int(before)) / int(hz)
events = int(load["records"])
print(f"[{name}] events sent: {events}, at the sink: {sink['records']} ({sink['requests']} requests, {sink['decode_errors']} undecodable)")
print(f"[{name}] wall: {float(load['seconds']):.2f} s, {float(load['records_per_second']):,.0f} events/s")
print(f"[{name}] collector CPU: {cpu:.2f} s, {events / max(cpu, 1e-9):,.0f} events per CPU-second")
print(f"[{name}] collector peak RSS: {int(hwm) / 1024:.1f} MiB")
PY
}

run_one otelcol-audit "$target/release/otelcol-audit"
if [ -n "${OTHER_COLLECTOR:-}" ]; then
  run_one other "$OTHER_COLLECTOR"
fi
