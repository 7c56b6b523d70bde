#!/usr/bin/env bash
# Runs the benchmarks one after the other and keeps every output under benchmarks/results/<UTC time>/.
#   benchmarks/run.sh                 # all of them, about 10 minutes
#   benchmarks/run.sh invoke turns    # a subset: invoke activation turns http reminders reminders-1m micro persistence
#                                     #   rpc rpc-chain rpc-cpp rpc-stream state pubsub sidecar footprint mqtt
# The rpc entries need capnp-wire and capnp-rpc-streams installed (mvn -o -q -B install -DskipTests
# -pl capnp-wire,capnp-rpc-streams); rpc-chain, rpc-cpp and rpc-stream also build the C++ reference
# peer (capnp-rpc-streams/cpp/build.sh, which needs g++ and libcapnp-dev).
# sidecar and footprint start nodes from dist/target (mvn -o -q -B -pl dist install -DskipTests first)
# and need capa-sdk installed.
# Run it on a quiet machine: check `uptime` first; the load average goes into each output.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -pl benchmarks compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
OUT="benchmarks/results/$(date -u +%Y%m%dT%H%MZ)"
mkdir -p "$OUT"
# The launcher's JVM flags (see ../capa): the collector for every run, the common pool size for all
# but the run that checks the JVM default.
GC=-XX:+UseParallelGC
FJ4="$GC -Djava.util.concurrent.ForkJoinPool.common.parallelism=4"
{ echo "# $(date -u)"; nproc; grep -m1 'model name' /proc/cpuinfo; free -h; java -version 2>&1; uptime; } > "$OUT/machine.txt"

run() {
  local name=$1; shift
  echo ">> $name ($(uptime | sed 's/.*load/load/'))"
  java "$@" 2> "$OUT/$name.err" | tee "$OUT/$name.txt"
}

# The benchmark class path over copies of the project's own jars: other builds may reinstall them in
# ~/.m2 (and recompile benchmarks/target/classes) while a long benchmark runs, and a JVM whose jar is
# rewritten under it fails.
stable_cp() {
  if [ -z "${STABLE_CP:-}" ]; then
    local dir entries=() e
    dir=$(mktemp -d -t capa-bench-cp-XXXXXX)
    trap 'rm -rf "'"$dir"'"' EXIT
    IFS=: read -ra parts <<< "$CP"
    for e in "${parts[@]}"; do
      if [[ $e == */io/capa/*.jar ]]; then cp "$e" "$dir/"; entries+=("$dir/$(basename "$e")");
      elif [[ $e == benchmarks/target/classes ]]; then cp -r "$e" "$dir/classes"; entries+=("$dir/classes");
      else entries+=("$e"); fi
    done
    STABLE_CP=$(IFS=:; echo "${entries[*]}")
  fi
  echo "$STABLE_CP"
}

cpp_peer() {
  capnp-rpc-streams/cpp/build.sh >&2
}

what=("$@")
[ ${#what[@]} -eq 0 ] && what=(invoke turns activation http reminders micro persistence)
for w in "${what[@]}"; do
  case $w in
    invoke)
      run invoke-fj4 $FJ4 -cp "$CP" io.capa.benchmarks.invoke.InProcessInvoke
      run invoke-fj-default $GC -cp "$CP" io.capa.benchmarks.invoke.InProcessInvoke ;;
    activation)
      run activation $FJ4 -cp "$CP" io.capa.benchmarks.activation.ActivationLatency ;;
    turns)
      run turns-h2 $FJ4 -cp "$CP" io.capa.benchmarks.turns.StatefulTurns --backend h2
      run turns-postgres $FJ4 -cp "$CP" io.capa.benchmarks.turns.StatefulTurns --backend postgres ;;
    http)
      # Dapr's port when it is free; a free port otherwise (the output says which).
      ports=()
      ss -ltn | grep -q ':3500 ' && ports+=(--port 0)
      ss -ltn | grep -q ':3501 ' && ports+=(--peer-port 0)
      run http $FJ4 -cp "$CP" io.capa.benchmarks.http.HttpInvoke "${ports[@]}" ;;
    reminders)
      # 30,000 fired/s from as many reminders as register in 45 s (period 2 s): the firing-rate goal.
      run reminders -Xmx1g $FJ4 -cp "$CP" io.capa.benchmarks.reminders.ReminderLoad \
        --reminders 60000 --rate 30000 --register-budget 45s --measure 20s ;;
    reminders-1m)
      # The full million at 30,000 fired/s (period 33 s); needs registration above 17,000/s to fit.
      run reminders-1m -Xmx1g $FJ4 -cp "$CP" io.capa.benchmarks.reminders.ReminderLoad \
        --reminders 1000000 --rate 30000 --register-budget 60s --measure 30s ;;
    micro)
      run micro -cp "$CP" org.openjdk.jmh.Main GridPointBenchmark ;;
    rpc)
      # Cap'n Proto RPC (capnp-rpc-streams) against grpc-java: unary echo over loopback TCP.
      run rpc $FJ4 -cp "$CP" io.capa.benchmarks.rpc.RpcEchoBench --peers grpc,capa ;;
    rpc-chain)
      # Promise pipelining through a proxy adding 1 ms each way, Java and C++ servers.
      cpp_peer
      run rpc-chain $FJ4 -cp "$CP" io.capa.benchmarks.rpc.PipelineChain --samples 300 ;;
    rpc-cpp)
      # Java client against the C++ reference (libcapnp) client on the same C++ server.
      cpp_peer
      run rpc-cpp $FJ4 -cp "$CP" io.capa.benchmarks.rpc.CppCompare ;;
    rpc-stream)
      # 2,000 x 64 KiB through a `-> stream` method: MB/s and what the receiver holds.
      cpp_peer
      run rpc-stream $FJ4 -cp "$CP" io.capa.benchmarks.rpc.StreamBench ;;
    persistence)
      # The persistence plugins against their bare drivers: journal writes, then recovery of 100,000 events.
      for b in h2 postgres mariadb redis; do
        run persistence-write-$b $FJ4 -cp "$CP" io.capa.benchmarks.persistence.WriteThroughput --backend $b
        run persistence-recovery-$b $FJ4 -cp "$CP" io.capa.benchmarks.persistence.RecoveryTime --backend $b
      done ;;
    state)
      # State get/save through the HTTP API, the sidecar RPC and the state service against Lettuce and JDBC alone.
      for b in redis postgres; do
        run state-$b $FJ4 -cp "$CP" io.capa.benchmarks.state.StateBench --backend $b
      done
      ;;
    pubsub)
      # Publish-to-delivery through the pub/sub building block vs its broker SPI alone: Kafka in this
      # JVM (kafka-testkit), then NATS JetStream on 127.0.0.1:4222.
      for b in kafka nats; do
        run pubsub-$b $FJ4 -cp "$CP" io.capa.benchmarks.pubsub.PubSubBench --backend $b
      done ;;
    sidecar-state)
      # State get/save through the SDK over RPC vs in-process vs Lettuce / JDBC, on Redis and PostgreSQL.
      for b in redis postgresql; do
        run sidecar-state-$b $FJ4 -cp "$CP" io.capa.benchmarks.sidecar.SidecarStateBench --backend $b
      done ;;
    sidecar)
      # Actor calls through the sidecar (a node as ./capa run starts it, in a child process; this JVM
      # calls it with the SDK over one RPC connection) against the same calls in-process.
      stable_cp > /dev/null
      # SIDECAR_NODE_JVM adds JVM options to the node's (a collector replaces the launcher's).
      run sidecar $FJ4 -cp "$STABLE_CP" io.capa.benchmarks.sidecar.SidecarInvoke --node-log "$OUT/sidecar-node.log" \
        --node-jvm "${SIDECAR_NODE_JVM:-}" ;;
    footprint)
      # The node's RSS idle and under 1,000 calls/s, heap, NMT, start time; JVM-flag variants as extra rows.
      stable_cp > /dev/null
      run footprint $FJ4 -cp "$STABLE_CP" io.capa.benchmarks.sidecar.SidecarFootprint --out "$OUT/footprint-nodes" ;;
    kafka-binding)
      # bindings.kafka output against a raw KafkaProducer with the same settings, then input into an
      # actor: records/s and produce-to-target p99 at half that rate; Kafka in this JVM.
      run kafka-binding $FJ4 -cp "$CP" io.capa.benchmarks.bindings.KafkaBindingBench --records 100000 --rounds 3 ;;
    mqtt)
      # MQTT round trip (publish to arrival) through bindings.mqtt3 output and input against Paho alone,
      # on the local mosquitto (--url tcp://host:port for another broker).
      run mqtt $FJ4 -cp "$CP" io.capa.benchmarks.bindings.MqttRoundTripBench ;;
    *) echo "unknown benchmark: $w (invoke activation turns http reminders reminders-1m micro persistence rpc rpc-chain rpc-cpp rpc-stream state pubsub kafka-binding mqtt sidecar sidecar-state footprint)" >&2; exit 2 ;;
  esac
done
echo "outputs in $OUT"
