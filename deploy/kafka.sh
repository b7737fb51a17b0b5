#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft, combined broker + controller) on 127.0.0.1, for tests,
# benchmarks and local use. Needs Java 17 and Maven; the jars come from Maven Central once
# (deploy/kafka/pom.xml) and are reused offline afterwards.
#
#   deploy/kafka.sh install   fetch the jars into deploy/kafka/lib/
#   deploy/kafka.sh start     install if needed, format the data dir once, start, wait until ready,
#                             print the bootstrap address (127.0.0.1:$KAFKA_PORT) on stdout
#   deploy/kafka.sh stop      stop the broker started by this script, and wait for it to exit
#   deploy/kafka.sh status    print the bootstrap address and exit 0 if running, else exit 1
#
# Environment: KAFKA_PORT (default 9092; the controller listens on KAFKA_PORT+1),
# KAFKA_HEAP (default 512m), KAFKA_PARTITIONS (default partitions of new topics, default 4).
set -euo pipefail

HERE="$(cd "$(dirname "$0")/kafka" && pwd)"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="$((PORT + 1))"
HEAP="${KAFKA_HEAP:-512m}"
PARTITIONS="${KAFKA_PARTITIONS:-4}"
DATA="$HERE/data/$PORT"
PIDFILE="$DATA/broker.pid"
CLASSPATH="$HERE/lib/*"

log() { echo "kafka.sh: $*" >&2; }

install() {
  if [ -f "$HERE/lib/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is required: apt-get install -y maven"; exit 1; }
  command -v java >/dev/null || { log "Java 17 is required: apt-get install -y openjdk-17-jre-headless"; exit 1; }
  log "fetching Apache Kafka jars from Maven Central into $HERE/lib"
  (cd "$HERE" && mvn -B -q dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime >&2)
  touch "$HERE/lib/.complete"
}

running() {
  [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

write_config() {
  mkdir -p "$DATA/logs"
  cat > "$DATA/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA/logs
num.partitions=$PARTITIONS
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=24
PROPS
}

start() {
  install
  if running; then echo "127.0.0.1:$PORT"; return 0; fi
  if port_open; then log "port $PORT is taken by another process"; exit 1; fi
  write_config
  if [ ! -f "$DATA/logs/meta.properties" ]; then
    local cluster
    cluster="$(java -cp "$CLASSPATH" kafka.tools.StorageTool random-uuid)"
    java -cp "$CLASSPATH" -Dlog4j2.configurationFile="$HERE/log4j2.xml" -Dkafka.logs.dir="$DATA" \
      kafka.tools.StorageTool format -t "$cluster" -c "$DATA/server.properties" >&2
  fi
  log "starting broker on 127.0.0.1:$PORT (log: $DATA/server.log)"
  # 9>&-: the broker must not inherit the lock's descriptor, or it would hold the lock for its life.
  nohup java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$HERE/log4j2.xml" -Dkafka.logs.dir="$DATA" \
    -cp "$CLASSPATH" kafka.Kafka "$DATA/server.properties" > "$DATA/stdout.log" 2>&1 9>&- &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 120); do
    if ! running; then log "broker exited during start-up:"; tail -n 30 "$DATA/stdout.log" >&2; exit 1; fi
    if port_open && grep -q "Kafka Server started" "$DATA/server.log" 2>/dev/null; then
      echo "127.0.0.1:$PORT"; return 0
    fi
    sleep 0.5
  done
  log "broker not ready after 60 s; see $DATA/server.log"; exit 1
}

stop() {
  if ! running; then rm -f "$PIDFILE"; log "not running"; return 0; fi
  local pid; pid="$(cat "$PIDFILE")"
  kill "$pid"
  for _ in $(seq 1 60); do
    if ! kill -0 "$pid" 2>/dev/null; then rm -f "$PIDFILE"; log "stopped"; return 0; fi
    sleep 0.5
  done
  log "broker did not stop in 30 s; killing it"; kill -9 "$pid" || true; rm -f "$PIDFILE"
}

status() {
  if running && port_open; then echo "127.0.0.1:$PORT"; else log "not running"; exit 1; fi
}

# One start/stop/install at a time (parallel test files may all ask for the broker).
mkdir -p "$HERE/data"
exec 9>"$HERE/data/.lock"
flock 9

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 {install|start|stop|status}" >&2; exit 2 ;;
esac
