#!/usr/bin/env bash
# Seed 000's job, end to end: OTLP/HTTP load shaped like CAST AI receiver output -> seed 000's
# processors verbatim (transform, resource, batch) -> otlp_http (gzip) -> a fast local sink.
# Prints events/s (wall), the collector's CPU seconds and peak RSS, and the 1-minute load.
#
# Usage:
#   scripts/bench-seed000.sh [TOTAL_EVENTS] [EVENTS_PER_REQUEST] [CONCURRENCY]
#       one run; BATCH=<send_batch_size> (default 100) and ENCODING=json|proto (default json)
#       choose the point, COMPRESSION=gzip|zstd|none (default gzip, the seed's). With OTHER_COLLECTOR=/path/to/otelcol-contrib the same config runs
#       through that binary too.
#   scripts/bench-seed000.sh --matrix [RUNS] [TOTAL_EVENTS] [EVENTS_PER_REQUEST] [CONCURRENCY]
#       send_batch_size 100 and 8192 x encoding json and proto, RUNS times each (default 3),
#       then the idle RSS RUNS times; prints every run and a Markdown table of the medians.
#       Defaults: 300000 events, 100 per request (one request = one batch of 100; the batch
#       processor does not split larger requests unless send_batch_max_size is set), 128
#       requests in flight (12,800 events, so a batch of 8192 fills without waiting for the
#       5 s timeout: the receiver answers only after delivery).
#   scripts/bench-seed000.sh --idle
#   NO_BUILD=1 ... skips the release build (uses the binaries in target/release).
#       idle RSS: the seed's whole config verbatim (castai_audit_logs receiver polling an
#       `apisim castai` with no events, health_check), RSS 10 s after start.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=single
case "${1:-}" in
  --matrix) mode=matrix; shift; runs=${1:-3}; shift || true ;;
  --idle) mode=idle; shift; runs=1 ;;
esac
if [ "$mode" = single ]; then
  total=${1:-200000}; per_request=${2:-100}; concurrency=${3:-32}
else
  total=${1:-300000}; per_request=${2:-100}; concurrency=${3:-128}
fi
if [ -z "${NO_BUILD:-}" ]; then # NO_BUILD=1: use the release binaries already built
  cargo build --release -q -p otelcol-audit --bin otelcol-audit --examples
  cargo build --release -q -p apisim --bin apisim
fi
target=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
load1() { cut -d' ' -f1 /proc/loadavg; }

start_sink() { # name -> sets sink, sink_port
  rm -f "$work/sink-$1.txt"
  "$target/release/examples/bench_sink" > "$work/sink-$1.txt" &
  sink=$!; pids+=("$sink")
  for _ in $(seq 1 100); do grep -q port= "$work/sink-$1.txt" 2>/dev/null && break; sleep 0.05; done
  sink_port=$(sed -n 's/^port=//p' "$work/sink-$1.txt")
}

# One run: name binary batch encoding. Prints a human line and a `RESULT ...` line.
run_one() {
  local name=$1 bin=$2 batch=$3 encoding=$4
  local tag="$name batch=$batch encoding=$encoding"
  start_sink "$name"
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
    send_batch_size: $batch
exporters:
  otlphttp/sink:
    endpoint: http://127.0.0.1:$sink_port
    encoding: $encoding
    compression: ${COMPRESSION:-gzip}
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
  local load; load=$(load1)
  local before; before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  "$target/release/examples/otlp_load" "http://127.0.0.1:$port/v1/logs" "$total" "$per_request" "$concurrency" castai > "$work/load-$name.txt"
  local after; after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  local hwm; hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  local stats; stats=$(curl -s "http://127.0.0.1:$sink_port/stats")
  kill "$sink" 2>/dev/null || true; wait "$sink" 2>/dev/null || true
  python3 - "$tag" "$work/load-$name.txt" "$before" "$after" "$(getconf CLK_TCK)" "$hwm" "$stats" "$load" <<'PY'
import sys
tag, load_file, before, after, hz, hwm, stats, load1 = sys.argv[1:]
load = dict(kv.split("=") for kv in open(load_file).read().split())
sink = dict(kv.split("=") for kv in stats.split())
cpu = (int(after) - int(before)) / int(hz)
events = int(load["records"])
rate = float(load["records_per_second"])
print(f"[{tag}] events sent: {events}, at the sink: {sink['records']} ({sink['requests']} requests, {sink['decode_errors']} undecodable)")
print(f"[{tag}] wall: {float(load['seconds']):.2f} s, {rate:,.0f} events/s; collector CPU: {cpu:.2f} s ({events / max(cpu, 1e-9):,.0f} events per CPU-second); peak RSS: {int(hwm) / 1024:.1f} MiB; load {load1}")
print(f"RESULT {tag.replace(' ', ',')} rate={rate:.0f} cpu={cpu:.2f} rss_mib={int(hwm) / 1024:.1f} sent={events} sink={sink['records']} load={load1}")
PY
}

# Idle RSS: the seed config verbatim, its receiver polling an empty CAST AI double.
run_idle() {
  start_sink idle
  local api_port health state
  api_port=$(free_port); health=$(free_port); state="$work/idle-state.json"
  rm -f "$work/apisim.txt" "$state"
  "$target/release/apisim" castai --listen "127.0.0.1:$api_port" --events 0 > "$work/apisim.txt" &
  local api=$!; pids+=("$api")
  for _ in $(seq 1 100); do grep -q listening "$work/apisim.txt" 2>/dev/null && break; sleep 0.05; done
  cp tests/fixtures/seed000-config.yaml "$work/seed.yaml"
  local load; load=$(load1)
  rm -f "$work/collector-idle.log"
  CASTAI_API_URL="http://127.0.0.1:$api_port" CASTAI_API_KEY=test-key CASTAI_CLUSTER_ID="" \
    "$target/release/otelcol-audit" --config "$work/seed.yaml" \
    --set "receivers.castai_audit_logs.storage.filename=$state" \
    --set "extensions.health_check.endpoint=127.0.0.1:$health" \
    --set "exporters.otlphttp/last9.endpoint=http://127.0.0.1:$sink_port" \
    --set "exporters.otlphttp/last9.headers.Authorization=Basic aWRsZTppZGxl" \
    --set "service.telemetry.metrics.level=none" 2>"$work/collector-idle.log" &
  local pid=$!; pids+=("$pid")
  for _ in $(seq 1 200); do grep -q "Everything is ready" "$work/collector-idle.log" && break; sleep 0.05; done
  sleep 10
  local rss hwm
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status"); hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  kill "$api" "$sink" 2>/dev/null || true; wait "$api" "$sink" 2>/dev/null || true
  echo "[idle] RSS 10 s after start: $((rss / 1024)).$(((rss % 1024) * 10 / 1024)) MiB (peak $((hwm / 1024)).$(((hwm % 1024) * 10 / 1024)) MiB); load $load"
  echo "RESULT idle rss_kib=$rss hwm_kib=$hwm load=$load"
}

case "$mode" in
  single)
    run_one otelcol-audit "$target/release/otelcol-audit" "${BATCH:-100}" "${ENCODING:-json}"
    if [ -n "${OTHER_COLLECTOR:-}" ]; then
      run_one other "$OTHER_COLLECTOR" "${BATCH:-100}" "${ENCODING:-json}"
    fi
    ;;
  idle) run_idle ;;
  matrix)
    results="$work/results.txt"
    for run in $(seq 1 "$runs"); do
      for batch in 100 8192; do
        for encoding in json proto; do
          run_one otelcol-audit "$target/release/otelcol-audit" "$batch" "$encoding" | tee -a "$results"
        done
      done
      run_idle | tee -a "$results"
    done
    python3 - "$results" "$total" "$per_request" "$concurrency" <<'PY'
import statistics, sys
points, idle = {}, []
for line in open(sys.argv[1]):
    if not line.startswith("RESULT "):
        continue
    parts = line.split()
    fields = dict(p.split("=", 1) for p in parts[2:])
    if parts[1] == "idle":
        idle.append(fields)
        continue
    tag = dict(p.split("=") for p in parts[1].split(",")[1:])
    points.setdefault((int(tag["batch"]), tag["encoding"]), []).append(fields)
print(f"\n{sys.argv[2]} events per run, {sys.argv[3]} per request, {sys.argv[4]} requests in flight; medians of {max(len(v) for v in points.values())} runs")
print("| send_batch_size | encoding | events/s | collector CPU s | peak RSS | all at the sink | load (1 min) during the runs |")
print("|---|---|---|---|---|---|---|")
for (batch, encoding), runs in sorted(points.items()):
    med = lambda k: statistics.median(float(r[k]) for r in runs)
    complete = all(r["sink"] == r["sent"] for r in runs)
    loads = ", ".join(r["load"] for r in runs)
    print(f"| {batch} | {encoding} | {med('rate'):,.0f} | {med('cpu'):.2f} | {med('rss_mib'):.1f} MiB | {'yes' if complete else 'NO'} | {loads} |")
if idle:
    rss = statistics.median(int(r["rss_kib"]) for r in idle) / 1024
    loads = ", ".join(r["load"] for r in idle)
    print(f"\nidle RSS (seed config verbatim, 10 s after start), median of {len(idle)}: {rss:.1f} MiB (load {loads})")
PY
    ;;
esac
