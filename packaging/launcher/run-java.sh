# shellcheck shell=bash
# The daemon's JVM flags, in one place: sourced by bin/docker-events-reactor (from the sources) and
# by /usr/bin/docker-events-reactor (the Debian package). run_reactor JAR ARCHIVE ARGS... execs Java.

run_reactor() {
  local jar=$1 archive=$2
  shift 2

  # Without a UTF-8 locale, JDK 17 turns non-ASCII process arguments into '?'.
  case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
    *UTF-8* | *utf8* | *UTF8* | *utf-8*) ;;
    *) export LC_ALL=C.UTF-8 ;;
  esac

  # A small daemon: Serial GC and a small heap; C1 only (C2 threads and code cost memory and did
  # not lower the latency measurably), one compiler thread; VFORK spawns commands about twice as
  # fast as the default on JDK 17. A 2 MiB young generation and a heap given back down to 30 % free:
  # the pages start-up's garbage touched stay few (idle RSS -1.5 MiB, docs/benchmarks.md). No
  # hsperfdata: its sampler woke the JVM twenty times a second for counters only jstat reads (jcmd
  # PID, JFR included, works without them). The compiler hears of a method every 16 calls, not
  # 128, and keeps a queued method for a second, not 50 ms: behind start-up's queue, the per-event
  # code was otherwise dropped as stale between events a trickle apart and ran interpreted for
  # the next thousand or so (docs/benchmarks.md).
  # REACTOR_JAVA_OPTS replaces all of these flags.
  local base="-XX:+UseSerialGC -Xms8m -Xmx64m -Xmn2m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:Tier0InvokeNotifyFreqLog=4 -XX:TieredCompileTaskTimeout=1000 -Xss512k -XX:-UsePerfData -Djdk.lang.Process.launchMechanism=VFORK"
  local java
  java=$(command -v java) || { echo "docker-events-reactor: no java on the PATH (Java 17 or later)" >&2; return 127; }
  java=$(readlink -f "$java")

  # Class-data-sharing archives, trained once per jar and JVM: JDK 17 has no
  # -XX:+AutoCreateSharedArchive, hence this.
  # The daemon's: four seconds of a reactor whose one rule matches nothing; start to connected drops
  # from about 650 to 400 ms and the idle RSS by 2 to 3 MiB (docs/benchmarks.md). The other
  # commands' (replay, check, explain): a replay of two events, which loads no Docker client; it
  # is what a replay of a file spends most of its start-up on without it. That one is a static
  # archive (the classes of the training listed, then dumped): the dynamic kind cannot hold
  # picocli's classes, which are Java 5 class files, and a replay starts 20-30 ms sooner with them.
  # Those commands are short batch jobs, not the daemon: a 16 MiB young generation, which holds
  # the events a replay has read ahead, where the daemon's 2 MiB made them old and collected again.
  local cli_archive=${archive%.jsa}-cli.jsa cli=
  if [ -z "${REACTOR_JAVA_OPTS:-}" ]; then
    case "${1:-}" in
      replay | check | explain | health | reload | --version | -V | --help | -h | help)
        archive=$cli_archive cli=1
        base="$base -Xms24m -Xmn16m"
        ;;
    esac
  fi
  # An archive is code the JVM maps into the process: one in a directory another user owns, or
  # itself another user's, could be theirs. None is trained there (root running the CLI beside the
  # daemon's cache, say), and one found there is not loaded, which is said.
  local ours=1
  if [ -e "$(dirname "$archive")" ] \
    && { [ ! -O "$(dirname "$archive")" ] || { [ -e "$archive" ] && [ ! -O "$archive" ]; }; }; then
    ours=
    if [ -z "${REACTOR_JAVA_OPTS:-}" ] && [ -e "$archive" ]; then
      echo "docker-events-reactor: not using the class-data archive $archive: it or its directory belongs to another user; running without it" >&2
    fi
  fi
  if [ -n "$ours" ] && [ -z "${REACTOR_JAVA_OPTS:-}" ] \
    && { [ ! -f "$archive" ] || [ "$jar" -nt "$archive" ] || [ "$java" -nt "$archive" ]; } \
    && mkdir -p "$(dirname "$archive")" 2>/dev/null && [ -w "$(dirname "$archive")" ]; then
    echo "docker-events-reactor: training the class-data archive $archive (once per build)" >&2
    local training trained=
    # Beside the archive, so that the last step is a rename, never a copy across file systems.
    # The launchers run under set -e: a step that fails here (a full cache has no room for the
    # training's files) is let through, for it costs only the archive, never the start.
    if training=$(mktemp -d "$(dirname "$archive")/training.XXXXXX" 2>/dev/null); then
      if [ -n "$cli" ]; then
        # shellcheck disable=SC2086
        printf 'events_reactor:\n  training:\n    event: {type: container, action: start}\n    run: ["true", "%%%%actor.name%%%%"]\n' 2>/dev/null >"$training/rules.yml" \
          && printf '%s\n' \
            '{"Type":"container","Action":"start","Actor":{"ID":"0123456789ab","Attributes":{"image":"busybox","name":"training"}},"scope":"local","time":1,"timeNano":1000000000}' \
            '{"Type":"network","Action":"connect","Actor":{"ID":"cdef","Attributes":{"container":"0123456789ab","name":"bridge"}},"scope":"local","time":2,"timeNano":2000000000}' \
            2>/dev/null >"$training/events.jsonl" \
          && timeout -s TERM 20 "$java" $base -XX:DumpLoadedClassList="$training/classes" -jar "$jar" \
          replay -c "$training/rules.yml" --events "$training/events.jsonl" </dev/null >/dev/null 2>&1 \
          && timeout -s TERM 60 "$java" $base -Xshare:dump -XX:SharedClassListFile="$training/classes" \
            -XX:SharedArchiveFile="$training/reactor.jsa" -cp "$jar" </dev/null >/dev/null 2>&1 || true
      else
        # Not systemd's business: the training run must not report itself ready or alive.
        # shellcheck disable=SC2086
        printf 'events_reactor:\n  training:\n    event: {type: plugin, action: never}\n    run: ["true"]\n' 2>/dev/null >"$training/rules.yml" \
          && env -u NOTIFY_SOCKET -u WATCHDOG_USEC -u WATCHDOG_PID \
          timeout -s TERM 4 "$java" $base -XX:ArchiveClassesAtExit="$training/reactor.jsa" -jar "$jar" \
          run -c "$training/rules.yml" </dev/null >/dev/null 2>&1 || true
      fi
      if [ -s "$training/reactor.jsa" ] && mv "$training/reactor.jsa" "$archive"; then trained=1; fi
      rm -rf "$training"
    fi
    [ -n "$trained" ] \
      || echo "docker-events-reactor: could not train the class-data archive in $(dirname "$archive") (full?): running without it" >&2
  fi

  local opts
  if [ -n "${REACTOR_JAVA_OPTS:-}" ]; then
    opts=$REACTOR_JAVA_OPTS
  elif [ -n "$ours" ] && [ -r "$archive" ]; then
    opts="$base -XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
  else
    opts="$base -Xshare:auto"
  fi
  # shellcheck disable=SC2086
  exec "$java" $opts -jar "$jar" "$@"
}
