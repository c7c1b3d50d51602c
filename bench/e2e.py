#!/usr/bin/env python3
"""End-to-end latency, loss and footprint of docker-events-reactor beside what users run today.

Every contender runs the same action, bench/stamp (a static C program), for every `volume create`
event; the latency of an event is the time stamp writes minus the event's own timeNano. Load is
generated through the Engine API over its socket with keep-alive (raw HTTP), never the docker CLI;
python3-docker serves the Python contender and the delivery floor.
Run by bench/run, which builds what this needs. Prints a table and writes target/bench/e2e.json.
With --quick (bench/run --quick): the reactor at its defaults and with `order: rule`, and the
Python loop only; isolated events and the 1,000-event burst after a shorter warm-up; the ratios
of one run, in a few minutes (target/bench/e2e-quick.json); then the CPU per command beside the
Python loop's (alternated rounds) and the stages of the isolated events from a flight recording
(bench/stages). With --cpu, only those two (target/bench/e2e-cpu.json).
"""
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import http.client
import socket

import docker

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "bench")
STAMP = os.path.join(OUT, "stamp")
SPAWNFLOOR = os.path.join(OUT, "spawnfloor")
QUICK = "--quick" in sys.argv[1:]
# --cpu (bench/run --cpu): only the CPU per command beside Python's and the stages' recording.
CPU_ONLY = "--cpu" in sys.argv[1:]
ISOLATED = int(os.environ.get("BENCH_ISOLATED", "200"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "1000" if QUICK else "2000"))
BURSTS = [int(b) for b in os.environ.get("BENCH_BURSTS", "1000" if QUICK else "1000,5000").split(",")]
SUSTAINED = int(os.environ.get("BENCH_SUSTAINED", "900"))
BURST_REPEATS = int(os.environ.get("BENCH_BURST_REPEATS", "5"))
CPU_EVENTS = int(os.environ.get("BENCH_CPU_EVENTS", "300"))
CPU_ROUNDS = int(os.environ.get("BENCH_CPU_ROUNDS", "3"))
# BENCH_PROFILE=1: the stages' run also samples the CPU each millisecond (bench/profile.jfc).
PROFILE = os.environ.get("BENCH_PROFILE", "0") != "0"
SOCKET = "/var/run/docker.sock"
prefix = "bench%x" % int(time.time())
counter = [0]


class Engine(http.client.HTTPConnection):
    """A keep-alive HTTP connection to the engine's socket: raw http.client costs the generator a
    fraction of docker-py's CPU per call, leaving the machine to the contenders."""

    def __init__(self):
        super().__init__("localhost")

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(SOCKET)

    def call(self, method, path, body=None):
        self.request(method, path, body=json.dumps(body) if body is not None else None,
                     headers={"Content-Type": "application/json"})
        response = self.getresponse()
        data = response.read()
        if response.status >= 300 and response.status != 404:
            raise RuntimeError("%s %s: %d %s" % (method, path, response.status, data[:200]))
        return data


def create_volumes(n, gap=0.0, threads=1):
    """Creates n volumes (n `volume create` events), `gap` seconds apart; returns their names."""
    names = []
    lock = threading.Lock()

    def work(count):
        engine = Engine()
        for _ in range(count):
            with lock:
                counter[0] += 1
                name = "%s-%d" % (prefix, counter[0])
                names.append(name)
            engine.call("POST", "/volumes/create", {"Name": name})
            if gap:
                time.sleep(gap)
        engine.close()

    per = [n // threads + (1 if i < n % threads else 0) for i in range(threads)]
    workers = [threading.Thread(target=work, args=(c,)) for c in per]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return names


def remove_volumes(names):
    engine = Engine()
    for name in names:
        engine.call("DELETE", "/volumes/" + name)
    engine.close()


def read_stamps(path):
    if not os.path.exists(path):
        return []
    stamps = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                stamps.append((int(parts[0]), int(parts[1])))
    return stamps


def wait_for(path, count, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if len(read_stamps(path)) >= count:
            return
        time.sleep(0.05)


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def summarize(stamps, expected, first_event_ns):
    lat = [(done - tn) / 1e6 for done, tn in stamps]
    seen = {tn for _, tn in stamps}
    return {
        "events": expected,
        "acted": len(seen),
        "lost": expected - len(seen),
        "duplicates": len(stamps) - len(seen),
        "p50_ms": round(percentile(lat, 50), 3),
        "p99_ms": round(percentile(lat, 99), 3),
        "max_ms": round(max(lat), 3) if lat else float("nan"),
        "drain_ms": round((max(d for d, _ in stamps) - first_event_ns) / 1e6, 1) if stamps else float("nan"),
    }


class Contender:
    """One way of acting on events, started as a process that calls stamp for each volume create."""

    def __init__(self, name, command, env=None, ready=None):
        self.name, self.command, self.env, self.ready = name, command, env or {}, ready

    def start(self, stamps):
        env = dict(os.environ, STAMPS=stamps, STAMP=STAMP, **self.env)
        self.log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
        self.started = time.time()
        command = ["bash", "-c", self.command] if isinstance(self.command, str) else self.command
        self.proc = subprocess.Popen(command, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 60
        while self.ready and self.ready not in open(self.log.name).read():
            if time.time() > deadline or self.proc.poll() is not None:
                # Not left running behind the failed run, reading events and taking CPU.
                if self.proc.poll() is None:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                raise RuntimeError("%s did not start: %s" % (self.name, open(self.log.name).read()[-2000:]))
            time.sleep(0.005)
        self.ready_after = time.time() - self.started
        time.sleep(1.0)

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)


def rss_kib(pid, field):
    """VmRSS or VmHWM summed over the contender's process group: bash's loop is bash plus the docker
    CLI (plus jq), the reactor one JVM."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                if int(f.read().rsplit(")", 1)[1].split()[2]) != pid:
                    continue
            with open("/proc/%s/status" % entry) as f:
                for line in f:
                    if line.startswith(field + ":"):
                        total += int(line.split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds(pgid):
    """User + system CPU of the processes in the group, their own (not their exited children's):
    the JVM (the launcher execs it), or bash's exec of python3."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            continue
    return total


def thread_cpu_seconds(pid):
    """Each thread's own user + system CPU, by thread name (threads of one name summed)."""
    threads = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        threads[name] = threads.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return threads


def load_average():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def cpu_round(contender, stamps):
    """The contender's own CPU per command over CPU_EVENTS isolated events (50 ms apart, about 20
    a second), once warm (the warm-up's events at full speed first, as before the other phases),
    and their latency; the idle background of the run is included, as it is a cost of keeping the
    contender."""
    pid, rss = warmed(contender, stamps)
    load = load_average()
    before = own_cpu_seconds(pid)
    threads_before = thread_cpu_seconds(pid)
    t0 = time.time_ns()
    names = create_volumes(CPU_EVENTS, gap=0.05)
    wait_for(stamps, len(names), 30)
    used = own_cpu_seconds(pid) - before
    threads = thread_cpu_seconds(pid)
    row = summarize(read_stamps(stamps), len(names), t0)
    remove_volumes(names)
    contender.stop()
    row["cpu_ms_per_command"] = round(used / len(names) * 1000, 3)
    # Where it went, by thread (the process's main thread included), ms per command.
    row["threads_ms_per_command"] = {
        name: round((cpu - threads_before.get(name, 0.0)) / len(names) * 1000, 3)
        for name, cpu in sorted(threads.items(), key=lambda t: threads_before.get(t[0], 0.0) - t[1])
        if cpu - threads_before.get(name, 0.0) > 0}
    row["load"] = load
    row["since_ns"] = t0
    row["idle_rss_mib"] = rss
    return row


def warmed(contender, stamps):
    """Starts the contender and runs the warm-up's events through it; its pid and its RSS (MiB)
    once ready, before the warm-up."""
    if os.path.exists(stamps):
        os.remove(stamps)
    contender.start(stamps)
    pid = contender.proc.pid
    rss = round(rss_kib(pid, "VmRSS") / 1024, 1)
    names = create_volumes(WARMUP, threads=4)
    wait_for(stamps, len(names), 120)
    remove_volumes(names)
    time.sleep(1)
    os.remove(stamps)
    return pid, rss


def write_rules(path, stamps, options=""):
    """The contenders' rule: stamp for each volume created by this run (the engine is shared, and
    others' tests create volumes too)."""
    with open(path, "w") as f:
        f.write("events_reactor:\n  stamp:\n    event: {type: volume, action: create,"
                " actor: {id: {glob: '%s-*'}}}\n"
                "    run: [%s, %s, '%%%%timeNano%%%%']\n%s" % (prefix, json.dumps(STAMP), json.dumps(stamps), options))


def cpu_rounds(launcher, rules, stamps, python, tmp):
    """CPU per command, the reactor's beside the Python loop's: CPU_ROUNDS alternated rounds, each
    contender started afresh in each; the medians, and the ratio of the medians."""
    rows = {"reactor": [], "python": []}
    for _ in range(CPU_ROUNDS):
        rows["reactor"].append(cpu_round(
            Contender("reactor", [launcher, "run", "-c", rules], ready="connected to the Docker engine"),
            stamps))
        rows["python"].append(cpu_round(Contender("python", python, ready="ready"), os.path.join(tmp, "python")))
        print("  round: reactor %s; python %s" % (
            json.dumps(rows["reactor"][-1]), json.dumps(rows["python"][-1])), flush=True)
    medians = {
        name: {
            "cpu_ms_per_command": statistics.median(r["cpu_ms_per_command"] for r in runs),
            "p50_ms": statistics.median(r["p50_ms"] for r in runs),
            "load": [r["load"] for r in runs],
            "rounds": runs,
        }
        for name, runs in rows.items()
    }
    return medians


def stage_round(launcher, rules, stamps):
    """One more round of the reactor under a flight recording of its stages (and, with
    BENCH_PROFILE=1, its CPU samples); bench/stages prints what the isolated events went through."""
    recording = os.path.join(OUT, "stages.jfr")
    settings = os.path.join(ROOT, "bench", "profile.jfc" if PROFILE else "stages.jfc")
    env = {"JAVA_TOOL_OPTIONS": "-XX:StartFlightRecording=filename=%s,settings=%s,dumponexit=true"
           % (recording, settings)}
    row = cpu_round(Contender("reactor", [launcher, "run", "-c", rules], env,
                              ready="connected to the Docker engine"), stamps)
    print("  recorded: %s" % json.dumps(row), flush=True)
    subprocess.run([os.path.join(ROOT, "bench", "stages"), recording, "--since", str(row["since_ns"])]
                   + (["--profile"] if PROFILE else []), check=True)


def idle_cpu(launcher):
    """CPU time of the whole daemon per event that matches no rule, once warm (after 3,000)."""
    with tempfile.TemporaryDirectory() as tmp:
        rules = os.path.join(tmp, "none.yml")
        with open(rules, "w") as f:
            f.write("events_reactor:\n  nothing:\n    event: {type: plugin}\n    run: [true]\n")
        c = Contender("reactor", [launcher, "run", "-c", rules], ready="connected to the Docker engine")
        c.start(os.path.join(tmp, "unused"))
        pid = c.proc.pid
        remove_volumes(create_volumes(1500, threads=4))
        time.sleep(1)
        before = cpu_seconds(pid)
        names = create_volumes(5000, threads=4)
        time.sleep(1)
        used = cpu_seconds(pid) - before
        remove_volumes(names)
        c.stop()
    return round(used / 5 * 1000, 2)  # ms per 1,000 events


def delivery_floor(n=200):
    """How long the engine takes to deliver an event to a subscriber that does nothing else."""
    received = []
    stop = threading.Event()

    def listen():
        client = docker.APIClient(base_url="unix:///var/run/docker.sock", version="auto")
        for event in client.events(decode=True, filters={"type": "volume", "event": "create"}):
            received.append((time.time_ns(), event["timeNano"]))
            if stop.is_set():
                return

    t = threading.Thread(target=listen, daemon=True)
    t.start()
    time.sleep(1)
    names = create_volumes(n, gap=0.05)
    time.sleep(1)
    stop.set()
    remove_volumes(names)
    return [(r - tn) / 1e6 for r, tn in received]


def spawn_floor(n=1000):
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([SPAWNFLOOR, str(n), STAMP, os.path.join(tmp, "s")], capture_output=True, text=True, check=True)
    return [int(x) / 1e6 for x in out.stdout.split()]


def isolated(stamps):
    if os.path.exists(stamps):
        os.remove(stamps)
    t0 = time.time_ns()
    names = create_volumes(ISOLATED, gap=0.05)
    wait_for(stamps, len(names), 30)
    remove_volumes(names)
    return summarize(read_stamps(stamps), len(names), t0)


def run(contender, results, stamps, reactor=False):
    """Isolated events cold (just started) and warm, bursts; for the reactor footprint and a
    sustained rate. The warm-up burst is the same for everyone and is not measured: a daemon runs
    for weeks, and a JVM compiles its hot code in its first few thousand events."""
    row = {}
    if os.path.exists(stamps):
        os.remove(stamps)
    contender.start(stamps)
    pid = contender.proc.pid  # the launcher execs java: same pid
    row["start_to_ready_ms"] = round(contender.ready_after * 1000)
    row["idle_rss_mib"] = round(rss_kib(pid, "VmRSS") / 1024, 1)
    if os.path.exists(stamps):
        os.remove(stamps)
    if not QUICK:
        row["cold"] = isolated(stamps)
    names = create_volumes(WARMUP, threads=4)
    wait_for(stamps, (0 if QUICK else ISOLATED) + len(names), 120)
    remove_volumes(names)
    time.sleep(1)
    row["isolated"] = isolated(stamps)
    for burst in BURSTS:
        # A burst's tail swings from run to run (one stall of the engine or the machine is the
        # p99 of 1,000 events: 0.07x to 2.9x the Python loop's across one day's quick runs), so
        # a burst of up to 1,000 is repeated and the run with the median p99 stands for it; every
        # repetition's p99 is kept beside it, and what any of them lost is counted.
        runs = []
        for _ in range(BURST_REPEATS if burst <= 1000 else 1):
            time.sleep(1)
            if os.path.exists(stamps):
                os.remove(stamps)
            t0 = time.time_ns()
            names = create_volumes(burst, threads=4)
            wait_for(stamps, len(names), 120)
            time.sleep(1)
            runs.append(summarize(read_stamps(stamps), len(names), t0))
            remove_volumes(names)
        median = dict(sorted(runs, key=lambda run: run["p99_ms"])[len(runs) // 2])
        median["lost"] = sum(run["lost"] for run in runs)
        median["p99_runs_ms"] = [run["p99_ms"] for run in runs]
        row["burst_%d" % burst] = median
    row["peak_rss_mib"] = round(rss_kib(pid, "VmHWM") / 1024, 1)
    if reactor and not QUICK:
        time.sleep(1)
        os.remove(stamps)
        t0 = time.time_ns()
        names = []
        for _ in range(10):
            start = time.time()
            names += create_volumes(SUSTAINED, threads=8)
            time.sleep(max(0, 1 - (time.time() - start)))
        generated_s = (time.time_ns() - t0) / 1e9
        wait_for(stamps, len(names), 60)
        row["sustained"] = summarize(read_stamps(stamps), len(names), t0)
        row["sustained"]["offered_per_s"] = round(len(names) / generated_s)
        remove_volumes(names)
    contender.stop()
    results[contender.name] = row
    print("  %-8s %s" % (contender.name, json.dumps(row)), flush=True)


def main():
    os.makedirs(OUT, exist_ok=True)
    launcher = os.path.join(ROOT, "bin", "docker-events-reactor")
    reactors = []
    # The defaults (one command at a time per actor, up to four actors at once), then the former
    # default: one command at a time per rule.
    # And the defaults with commands started by the JDK and util-linux setsid, as before posix_spawn.
    for name, options in [("reactor", ""), ("reactor-rule", "    order: rule\n"), ("reactor-jdk", "")]:
        stamps = os.path.join(OUT, name + "-stamps")
        rules = os.path.join(OUT, name + "-rules.yml")
        write_rules(rules, stamps, options)
        env = {"JAVA_TOOL_OPTIONS": "-Dreactor.spawn=jdk"} if name == "reactor-jdk" else {}
        reactors.append((name, rules, stamps, env))
    results = {}
    python = ("/usr/bin/python3 -c 'import docker,os,subprocess\n"
              "c=docker.from_env()\nprint(\"ready\",flush=True)\n"
              "for e in c.events(decode=True, filters={\"type\":\"volume\",\"event\":\"create\"}):\n"
              " if e[\"Actor\"][\"ID\"].startswith(\"%s-\"):\n"
              "  subprocess.run([os.environ[\"STAMP\"], os.environ[\"STAMPS\"], str(e[\"timeNano\"])])'" % prefix)
    if CPU_ONLY:
        with tempfile.TemporaryDirectory() as tmp:
            results["cpu"] = cpu_rounds(launcher, reactors[0][1], reactors[0][2], python, tmp)
        print_cpu(results["cpu"])
        print("stages of the isolated events, from a flight recording (bench/stages):", flush=True)
        stage_round(launcher, reactors[0][1], reactors[0][2])
        with open(os.path.join(OUT, "e2e-cpu.json"), "w") as f:
            json.dump(results, f, indent=2)
        return
    if QUICK:
        quick(launcher, reactors, python, results)
        return
    print("floors:", flush=True)
    delivery = delivery_floor()
    spawn = spawn_floor()
    results["floor"] = {
        "delivery_p50_ms": round(percentile(delivery, 50), 3),
        "delivery_p99_ms": round(percentile(delivery, 99), 3),
        "spawn_p50_ms": round(percentile(spawn, 50), 3),
        "spawn_p99_ms": round(percentile(spawn, 99), 3),
        "p50_ms": round(percentile(delivery, 50) + percentile(spawn, 50), 3),
        "p99_ms": round(percentile(delivery, 99) + percentile(spawn, 99), 3),
    }
    print("  floor    %s" % json.dumps(results["floor"]), flush=True)
    # The shells extract timeNano with bash expansions: jq would round it (it exceeds 2^53).
    extract = "t=${l##*\\\"timeNano\\\":}; t=${t%%\\}}"
    events = "docker events --filter type=volume --filter event=create --format '{{json .}}'"
    bash = "echo ready; %s | while read -r l; do %s; \"$STAMP\" \"$STAMPS\" \"$t\"; done" % (events, extract)
    bash_jq = ("echo ready; %s | while read -r l; do id=$(jq -r .Actor.ID <<<\"$l\"); %s; "
               "\"$STAMP\" \"$STAMPS\" \"$t\"; done" % (events, extract))
    print("contenders:", flush=True)
    for name, rules, stamps, env in reactors:
        run(Contender(name, [launcher, "run", "-c", rules], env, ready="connected to the Docker engine"),
            results, stamps, reactor=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, command in [("python", python), ("bash", bash), ("bash+jq", bash_jq)]:
            run(Contender(name, command, ready="ready"), results, os.path.join(tmp, name))
    results["reactor"]["cpu_ms_per_1000_unmatched"] = idle_cpu(launcher)
    with open(os.path.join(OUT, "e2e.json"), "w") as f:
        json.dump(results, f, indent=2)
    print_table(results)


def quick(launcher, reactors, python, results):
    """The reactor at its defaults, with order: rule, and the Python loop; ratios of this run."""
    print("contenders (quick):", flush=True)
    for name, rules, stamps, env in reactors:
        run(Contender(name, [launcher, "run", "-c", rules], env, ready="connected to the Docker engine"),
            results, stamps, reactor=True)
    with tempfile.TemporaryDirectory() as tmp:
        run(Contender("python", python, ready="ready"), results, os.path.join(tmp, "python"))
        print("CPU per command (%d alternated rounds of %d isolated events):" % (CPU_ROUNDS, CPU_EVENTS),
              flush=True)
        name, rules, stamps, _ = reactors[0]
        results["cpu"] = cpu_rounds(launcher, rules, stamps, python, tmp)
    print("stages of the isolated events, from a flight recording (bench/stages):", flush=True)
    stage_round(launcher, reactors[0][1], reactors[0][2])
    with open(os.path.join(OUT, "e2e-quick.json"), "w") as f:
        json.dump(results, f, indent=2)
    print()
    print("%-13s %9s %9s %12s %8s %9s %7s %9s" % (
        "", "iso p50", "iso p99", "1k-burst p99", "1k lost", "1k drain", "start", "RSS idle"))
    for name in ["reactor", "reactor-rule", "reactor-jdk", "python"]:
        row = results[name]
        print("%-13s %9.2f %9.2f %12.1f %8d %7.0fms %5dms %7.1fMi" % (
            name, row["isolated"]["p50_ms"], row["isolated"]["p99_ms"], row["burst_1000"]["p99_ms"],
            row["burst_1000"]["lost"], row["burst_1000"]["drain_ms"], row["start_to_ready_ms"],
            row["idle_rss_mib"]))
    p = results["python"]
    print()
    for name in ["reactor", "reactor-rule", "reactor-jdk"]:
        row = results[name]
        print("%s / python: isolated p50 %.2fx, p99 %.2fx; 1k-burst p99 %.2fx, drain %.2fx" % (
            name, row["isolated"]["p50_ms"] / p["isolated"]["p50_ms"],
            row["isolated"]["p99_ms"] / p["isolated"]["p99_ms"],
            row["burst_1000"]["p99_ms"] / p["burst_1000"]["p99_ms"],
            row["burst_1000"]["drain_ms"] / p["burst_1000"]["drain_ms"]))
    d, r = results["reactor"], results["reactor-rule"]
    print_burst_runs(results, ["reactor", "reactor-rule", "reactor-jdk", "python"])
    print("reactor / reactor-rule: 1k-burst p99 %.2fx, drain %.2fx" % (
        d["burst_1000"]["p99_ms"] / r["burst_1000"]["p99_ms"],
        d["burst_1000"]["drain_ms"] / r["burst_1000"]["drain_ms"]))
    print_cpu(results["cpu"])


def print_cpu(cpu):
    """The bar of our own: CPU per command beside the Python loop's, medians of the rounds."""
    r, p = cpu["reactor"], cpu["python"]
    print("CPU per command, median of %d alternated rounds (load average at each: reactor %s, python %s):"
          % (len(r["rounds"]), r["load"], p["load"]))
    print("  reactor %.3f ms, python %.3f ms: %.2fx; isolated p50 %.2f against %.2f ms: %.2fx" % (
        r["cpu_ms_per_command"], p["cpu_ms_per_command"], r["cpu_ms_per_command"] / p["cpu_ms_per_command"],
        r["p50_ms"], p["p50_ms"], r["p50_ms"] / p["p50_ms"]))


def print_burst_runs(r, names):
    """The p99 of each repetition of the 1,000-event burst: the table shows the median one."""
    for name in names:
        runs = r[name]["burst_1000"].get("p99_runs_ms", [])
        print("%s: 1k-burst p99 of each run %s ms" % (name, ", ".join("%.1f" % p for p in runs)))


def print_table(r):
    f = r["floor"]
    print()
    print("%-11s %9s %9s %9s %12s %12s %8s %9s %7s %9s %9s" % (
        "", "cold p50", "iso p50", "iso p99", "1k-burst p99", "5k-burst p99", "5k lost", "5k drain",
        "start", "RSS idle", "RSS peak"))
    for name in ["reactor", "reactor-rule", "reactor-jdk", "python", "bash", "bash+jq"]:
        row = r[name]
        print("%-11s %9.2f %9.2f %9.2f %12.1f %12.1f %8d %7.0fms %5dms %7.1fMi %7.1fMi" % (
            name, row["cold"]["p50_ms"], row["isolated"]["p50_ms"], row["isolated"]["p99_ms"],
            row["burst_1000"]["p99_ms"], row["burst_5000"]["p99_ms"], row["burst_5000"]["lost"],
            row["burst_5000"]["drain_ms"], row["start_to_ready_ms"], row["idle_rss_mib"],
            row["peak_rss_mib"]))
    print("%-11s %9s %9.2f %9.2f" % ("floor", "", f["p50_ms"], f["p99_ms"]))
    p = r["python"]
    print()
    for name in ["reactor", "reactor-rule", "reactor-jdk"]:
        row = r[name]
        print("%s: isolated p50/p99 %.2f/%.2f x python, p50 %.2f x floor; 1k-burst p99 %.2f x python;"
              " sustained %d/s offered, %d lost, p99 %.0f ms; start %d ms; RSS idle %.1f, peak %.1f MiB" % (
                  name, row["isolated"]["p50_ms"] / p["isolated"]["p50_ms"],
                  row["isolated"]["p99_ms"] / p["isolated"]["p99_ms"], row["isolated"]["p50_ms"] / f["p50_ms"],
                  row["burst_1000"]["p99_ms"] / p["burst_1000"]["p99_ms"], row["sustained"]["offered_per_s"],
                  row["sustained"]["lost"], row["sustained"]["p99_ms"], row["start_to_ready_ms"],
                  row["idle_rss_mib"], row["peak_rss_mib"]))
    print_burst_runs(r, ["reactor", "reactor-rule", "reactor-jdk", "python", "bash", "bash+jq"])
    print("reactor: %.3f ms CPU per event that matches nothing (whole daemon)" % (
        r["reactor"]["cpu_ms_per_1000_unmatched"] / 1000))


if __name__ == "__main__":
    main()
