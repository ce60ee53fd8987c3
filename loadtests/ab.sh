#!/usr/bin/env bash
# Compares two builds of the engine (or one build with two sets of settings) in alternating runs of the load harness,
# A then B, pair after pair, on the same machine: how the benchmark sections of docs/BENCHMARKS.md measure a change,
# since this machine's speed drifts by more than most changes between one run and the next.
#
# Each run is the harness with the embedded engine (normal-day scenario, SQLite unless an engine setting says
# otherwise). The engine's /metrics are read twice during the measured part of the run, half its duration apart, and a
# Markdown table is printed with one row per run (sales/s, sale p99, the engine's CPU per call, its collections and
# pauses, bytes allocated per call, SQLite commits and writes per batch; the harness's CPU per call from /proc), then
# the ratio of B's mean sales/s to A's.
#
# Usage: bash loadtests/ab.sh [options]
#   --a DIR              checkout of build A (default: this repository)
#   --b DIR              checkout of build B (default: the same as A)
#   --a-env KEY=VALUE    environment of A's runs (repeatable), e.g. AcquirerEngine__Storage__MaxWriteBatch=1
#   --b-env KEY=VALUE    environment of B's runs (repeatable)
#   --a-arg ARG          an extra harness argument of A's runs (repeatable), e.g. --a-arg --client-transport --a-arg httpclient
#   --b-arg ARG          an extra harness argument of B's runs (repeatable)
#   --pairs N            pairs of runs (default 3)
#   --concurrency N      closed model with N terminals selling back to back (default 64)
#   --rate N             open model at N sales/s instead
#   --duration D         measured part of each run (default 20s)
#   --warmup D           warm-up before it, not measured (default 5s)
#   --merchants N        merchants (default 200)
#   --seed N             data seed (default 20261122)
#   --no-build           use the builds as they are (Release, loadtests/AcquirerEngine.LoadTests)
# Needs: the .NET SDK, curl, python3. Reports of every run stay in a temporary directory printed at the end.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

a_dir="$repo_root"; b_dir=""; a_env=(); b_env=(); a_args=(); b_args=()
pairs=3; load=(--concurrency 64); duration=20s; warmup=5s; merchants=200; seed=20261122; build=1
usage() { sed -n '2,27p' "$0"; }
need_value() { if [ $# -lt 2 ] || [ -z "$2" ]; then echo "ab.sh: $1 needs a value" >&2; exit 2; fi; }
while [ $# -gt 0 ]; do
  case "$1" in
    --a) need_value "$@"; a_dir="$2"; shift 2 ;;
    --b) need_value "$@"; b_dir="$2"; shift 2 ;;
    --a-env) need_value "$@"; a_env+=("$2"); shift 2 ;;
    --b-env) need_value "$@"; b_env+=("$2"); shift 2 ;;
    --a-arg) need_value "$@"; a_args+=("$2"); shift 2 ;;
    --b-arg) need_value "$@"; b_args+=("$2"); shift 2 ;;
    --pairs) need_value "$@"; pairs="$2"; shift 2 ;;
    --concurrency) need_value "$@"; load=(--concurrency "$2"); shift 2 ;;
    --rate) need_value "$@"; load=(--rate "$2"); shift 2 ;;
    --duration) need_value "$@"; duration="$2"; shift 2 ;;
    --warmup) need_value "$@"; warmup="$2"; shift 2 ;;
    --merchants) need_value "$@"; merchants="$2"; shift 2 ;;
    --seed) need_value "$@"; seed="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "ab.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
b_dir="${b_dir:-$a_dir}"
for env_setting in ${a_env[@]+"${a_env[@]}"} ${b_env[@]+"${b_env[@]}"}; do
  case "$env_setting" in
    *=*) ;;
    *) echo "ab.sh: '$env_setting' is not KEY=VALUE" >&2; exit 2 ;;
  esac
done
if ! [[ "$pairs" =~ ^[1-9][0-9]*$ ]]; then echo "ab.sh: --pairs must be a positive whole number, not '$pairs'" >&2; exit 2; fi

# Seconds in a duration the harness accepts (20s, 500ms, 2m).
seconds() {
  case "$1" in
    *ms) awk -v v="${1%ms}" 'BEGIN { print v / 1000 }' ;;
    *s) echo "${1%s}" ;;
    *m) awk -v v="${1%m}" 'BEGIN { print v * 60 }' ;;
    *) echo "ab.sh: a duration is like 20s, 500ms or 2m, not '$1'" >&2; exit 2 ;;
  esac
}
measured="$(seconds "$duration")"; warm="$(seconds "$warmup")"
# The two reads of /metrics: a quarter into the measured part, then half of it later.
first_read="$(awk -v w="$warm" -v m="$measured" 'BEGIN { print w + m / 4 }')"
between_reads="$(awk -v m="$measured" 'BEGIN { print m / 2 }')"

harness() { echo "$1/loadtests/AcquirerEngine.LoadTests/bin/Release/net10.0/AcquirerEngine.LoadTests.dll"; }
# One build per checkout: A and B are often the same one with different settings.
checkouts=("$a_dir")
if [ "$(cd "$b_dir" && pwd)" != "$(cd "$a_dir" && pwd)" ]; then checkouts+=("$b_dir"); fi
for dir in "${checkouts[@]}"; do
  if [ "$build" -eq 1 ]; then
    echo "building $dir (Release)" >&2
    dotnet build -c Release --nologo -v quiet "$dir/loadtests/AcquirerEngine.LoadTests" >&2
  fi
  if [ ! -f "$(harness "$dir")" ]; then echo "ab.sh: no Release build of the harness in $dir" >&2; exit 2; fi
done

work="$(mktemp -d -t acquirer-ab-XXXXXX)"
# User plus system CPU of a process in clock ticks (fields 14 and 15 of /proc/PID/stat); empty if it is gone.
harness_ticks() { if [ -n "$1" ] && [ -r "/proc/$1/stat" ]; then awk '{ print $14 + $15 }' "/proc/$1/stat"; fi; }
run_one() {
  # run_one LABEL DIR [KEY=VALUE...] -- [HARNESS ARG...]
  local label="$1" dir="$2"; shift 2
  local out="$work/$label" port=$(( 20000 + RANDOM % 20000 )) envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  mkdir -p "$out"
  ( cd "$work" && env ${envs[@]+"${envs[@]}"} dotnet "$(harness "$dir")" --scenario normal-day --engine embedded "${load[@]}" \
      --duration "$duration" --warmup "$warmup" --merchants "$merchants" --seed "$seed" --report-dir "$out" \
      --engine-setting "Metrics:Listen=127.0.0.1:$port" "$@" > "$out/log.txt" 2>&1 ) &
  local pid=$!
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "http://127.0.0.1:$port/metrics" && break
    sleep 0.2
  done
  # The harness's own CPU, read at the same moments: it shares the machine's cores with the engine.
  local harness_pid; harness_pid="$(pgrep -n -f -- "$(harness "$dir") --scenario normal-day" || true)"
  sleep "$first_read"; curl -s "http://127.0.0.1:$port/metrics" > "$out/metrics-1.txt" || true
  harness_ticks "$harness_pid" > "$out/harness-ticks-1.txt"
  sleep "$between_reads"; curl -s "http://127.0.0.1:$port/metrics" > "$out/metrics-2.txt" || true
  harness_ticks "$harness_pid" > "$out/harness-ticks-2.txt"
  local rc=0
  wait "$pid" || rc=$?
  echo "$rc" > "$out/exit-code"
  echo "$label done (exit $rc)" >&2
}

for pair in $(seq 1 "$pairs"); do
  run_one "a$pair" "$a_dir" ${a_env[@]+"${a_env[@]}"} -- ${a_args[@]+"${a_args[@]}"}
  run_one "b$pair" "$b_dir" ${b_env[@]+"${b_env[@]}"} -- ${b_args[@]+"${b_args[@]}"}
done

python3 - "$work" "$pairs" "$between_reads" "$(getconf CLK_TCK)" <<'PY'
import sys, os
work, pairs, interval, ticks_per_second = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])

def ticks(path):
    try:
        return float(open(path).read().strip())
    except (OSError, ValueError):
        return None

def metrics(path):
    values = {}
    if not os.path.exists(path):
        return values
    for line in open(path):
        if line.startswith('#') or not line.strip():
            continue
        key, _, value = line.rstrip().rpartition(' ')
        try:
            values[key] = float(value)
        except ValueError:
            pass
    return values

def sale_row(report):
    if not os.path.exists(report):
        return None
    header = None
    for line in open(report):
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if cells and cells[0] == 'step':
            header = cells
        elif header and cells and cells[0] == 'sale':
            return dict(zip(header, cells))
    return None

def run(label):
    out = os.path.join(work, label)
    a, b = metrics(os.path.join(out, 'metrics-1.txt')), metrics(os.path.join(out, 'metrics-2.txt'))
    def delta(prefix, contains=''):
        return sum(v - a.get(k, 0) for k, v in b.items() if k.startswith(prefix) and contains in k)
    per10 = 10 / interval
    calls = delta('acquirer_grpc_server_requests_total')
    commits = delta('acquirer_storage_commit_seconds_count')
    writes = delta('acquirer_storage_write_batch_size_sum')
    row = sale_row(os.path.join(out, 'report.md')) or {}
    h1, h2 = ticks(os.path.join(out, 'harness-ticks-1.txt')), ticks(os.path.join(out, 'harness-ticks-2.txt'))
    harness = (h2 - h1) / ticks_per_second / calls * 1e6 if calls and h1 is not None and h2 is not None else float('nan')
    return {
        'label': label,
        'exit': open(os.path.join(out, 'exit-code')).read().strip(),
        'sales': float(row.get('RPS', 'nan')),
        'p99': row.get('p99', '-'),
        'cpu': delta('dotnet_process_cpu_time_seconds_total') / calls * 1e6 if calls else float('nan'),
        'harness': harness,
        'gc': '/'.join('%.0f' % (delta('dotnet_gc_collections_total', 'gc_heap_generation="gen%d"' % g) * per10) for g in range(3)),
        'pause': delta('dotnet_gc_pause_time_seconds_total') * per10 * 1000,
        'bytes': delta('dotnet_gc_heap_total_allocated_bytes_total') / calls if calls else float('nan'),
        'commits': commits * per10,
        'batch': writes / commits if commits else float('nan'),
    }

runs = {(side, i): run(f'{side}{i}') for i in range(1, pairs + 1) for side in 'ab'}
print('| run | exit | sales/s | sale p99 ms | engine CPU per call | harness CPU per call | gen0/gen1/gen2 per 10 s | GC pause per 10 s | bytes per call | commits per 10 s | writes per batch |')
print('|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|')
for i in range(1, pairs + 1):
    for side in 'ab':
        r = runs[(side, i)]
        print(f"| {r['label']} | {r['exit']} | {r['sales']:,.0f} | {r['p99']} | {r['cpu']:.0f} us | {r['harness']:.0f} us | {r['gc']} | {r['pause']:.0f} ms "
              f"| {r['bytes']:,.0f} | {r['commits']:,.0f} | {r['batch']:.1f} |")
mean = lambda side: sum(runs[(side, i)]['sales'] for i in range(1, pairs + 1)) / pairs
by_pair = ', '.join(f"{runs[('b', i)]['sales'] / runs[('a', i)]['sales']:.2f}x" for i in range(1, pairs + 1))
print()
print(f"B/A sales per second: {mean('b') / mean('a'):.2f}x of the means ({mean('b'):,.0f} against {mean('a'):,.0f}); by pair {by_pair}")
PY
echo "reports: $work" >&2
