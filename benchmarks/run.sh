#!/usr/bin/env bash
# Runs the benchmarks one after the other and keeps every output under benchmarks/results/<UTC time>/.
#   benchmarks/run.sh                 # all of them, about 10 minutes
#   benchmarks/run.sh invoke turns    # a subset: invoke activation turns http reminders
# Run it on a quiet machine: check `uptime` first; the load average goes into each output.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -pl benchmarks compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
OUT="benchmarks/results/$(date -u +%Y%m%dT%H%MZ)"
mkdir -p "$OUT"
FJ4=-Djava.util.concurrent.ForkJoinPool.common.parallelism=4
{ echo "# $(date -u)"; nproc; free -h; java -version 2>&1; uptime; } > "$OUT/machine.txt"

run() {
  local name=$1; shift
  echo ">> $name ($(uptime | sed 's/.*load/load/'))"
  java "$@" 2> "$OUT/$name.err" | tee "$OUT/$name.txt"
}

what=("$@")
[ ${#what[@]} -eq 0 ] && what=(invoke turns activation http reminders)
for w in "${what[@]}"; do
  case $w in
    invoke)
      run invoke-fj4 $FJ4 -cp "$CP" io.capa.benchmarks.invoke.InProcessInvoke
      run invoke-fj-default -cp "$CP" io.capa.benchmarks.invoke.InProcessInvoke ;;
    activation)
      run activation $FJ4 -cp "$CP" io.capa.benchmarks.activation.ActivationLatency ;;
    turns)
      run turns-h2 $FJ4 -cp "$CP" io.capa.benchmarks.turns.StatefulTurns --backend h2
      run turns-postgres $FJ4 -cp "$CP" io.capa.benchmarks.turns.StatefulTurns --backend postgres ;;
    http)
      run http $FJ4 -cp "$CP" io.capa.benchmarks.http.HttpInvoke ;;
    reminders)
      run reminders -Xmx1g $FJ4 -cp "$CP" io.capa.benchmarks.reminders.ReminderLoad ;;
    *) echo "unknown benchmark: $w (invoke activation turns http reminders)" >&2; exit 2 ;;
  esac
done
echo "outputs in $OUT"
