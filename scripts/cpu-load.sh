#!/usr/bin/env bash
# Runs a command while N busy processes (default 2: one per core of a CI machine) compete for the CPU,
# to show that the suite checks behaviour and not speed:
#
#   bash scripts/cpu-load.sh bash .ci/run          # the command's exit code is returned
#   LOAD_PROCESSES=4 bash scripts/cpu-load.sh npx vitest run apps/server/test/jobs.test.ts
#
# The busy processes are plain `node -e` spin loops at normal priority, stopped when the command ends
# (also on Ctrl-C). The load average reached is printed at the end.
set -uo pipefail
if [ $# -eq 0 ]; then echo "usage: bash scripts/cpu-load.sh <command> [args...]" >&2; exit 2; fi
count=${LOAD_PROCESSES:-2}
pids=()
stop_load() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_load EXIT INT TERM
for _ in $(seq "$count"); do
  node -e 'for (;;) { Math.sqrt(Math.random()); }' &
  pids+=("$!")
done
echo "cpu-load: ${count} busy processes beside: $*" >&2
"$@"
status=$?
echo "cpu-load: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); exit ${status}" >&2
exit "$status"
