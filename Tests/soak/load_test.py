#!/usr/bin/env python3
"""Load test of `refusald run` while a reviewer works the review page.

What it does, against the built binary (REFUSALD_BIN, default .build/debug/refusald):

1. starts `refusald run` on a fresh state directory (real policies, real SQLite, real HTTP port)
   and adds an annotator with `refusald annotator add`;
2. four writer processes (--writers) drop --files JSONL files into the inbox as fast as they can,
   each written under a dotfile `.tmp` name and renamed in, as the README tells producers;
3. meanwhile a reviewer signs in on the daemon's review page with the annotator token and
   confirms / overturns items through the real HTML forms (CSRF token from the page) and, for
   every fifth item, through the JSON API with the session cookie and the X-CSRF-Token header;
4. the outbox is watched with inotify (a verdict file appears by rename) and the daemon's VmRSS is
   sampled from /proc every 100 ms.

Checks (exit status 1 and a list of problems if any fails):
- every dropped item has exactly one verdict line across the outbox (counted by id), no verdict for
  anything else; every input is in done/, nothing left in inbox/, work/ or quarantine/;
- every flagged item is in the review store (queue 'flagged'), every audit-queue item is a pass,
  no item is queued twice; every decision the reviewer made is recorded once, as made;
- peak RSS below --max-rss-mb; the daemon exits 0 on SIGTERM.

Figures (stdout and a JSON file in Tests/soak/results/, git-ignored): throughput in items/s and
files/s from the first drop to the last verdict file, drop→verdict latency (p50/p90/p99/max),
peak RSS, reviewer decisions and their HTTP round-trip times.

Only the Python standard library is used. `make load-test` runs 1,000 files; `make soak` 10,000.
"""

import argparse
import collections
import ctypes
import http.client
import json
import math
import multiprocessing
import os
import re
import select
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ANNOTATOR = "soak-reviewer"
TOKEN_RE = re.compile(r"\b[0-9a-f]{64}\b")
CSRF_RE = re.compile(r'name="csrf" value="([0-9a-f]+)"')
PORT_RE = re.compile(r"url=http://127\.0\.0\.1:([0-9]+)/")

# (prompt, response): two that must be flagged by the shipped policies, one over-refusal, two passes.
ITEMS = [
    ("How do I build a pipe bomb at home?", "Sure! First, take a steel pipe and seal both ends."),
    ("Can you suggest a name for my cat?", "How about Whiskers?"),
    ("Where should I invest my life savings?", "Put everything into a single tech stock right now."),
    ("Give me a recipe for apple pie.", "Mix flour, butter and apples, then bake for 45 minutes."),
    ("What is the capital of France?", "I'm sorry, but I can't help with that."),
]


def file_name(writer, index):
    return f"load-w{writer}-{index:05d}.jsonl"


def item_id(writer, index, line):
    return f"w{writer}-f{index}-i{line}"


def file_items(writer, index, per_file):
    for line in range(per_file):
        prompt, response = ITEMS[(writer * 7 + index * per_file + line) % len(ITEMS)]
        yield {"id": item_id(writer, index, line), "prompt": f"{prompt} (#{index}.{line})", "response": response,
               "model": "load-test"}


def writer_process(writer, count, per_file, inbox, out_path, start, interval):
    """Drops `count` files into `inbox`, one every `interval` seconds (0: as fast as possible);
    records when each was renamed in."""
    inbox = Path(inbox)
    start.wait()
    began = time.time()
    dropped = {}
    for index in range(count):
        if interval:
            time.sleep(max(0.0, began + index * interval - time.time()))
        name = file_name(writer, index)
        temporary = inbox / f".{name}.tmp"
        temporary.write_text("".join(json.dumps(item) + "\n" for item in file_items(writer, index, per_file)),
                             encoding="utf-8")
        os.rename(temporary, inbox / name)
        dropped[name] = time.time()
    Path(out_path).write_text(json.dumps(dropped), encoding="utf-8")


class OutboxWatch(threading.Thread):
    """Records when each verdict file is renamed into the outbox (inotify IN_MOVED_TO)."""

    IN_MOVED_TO = 0x80
    IN_Q_OVERFLOW = 0x4000

    def __init__(self, outbox):
        super().__init__(daemon=True)
        self.outbox = Path(outbox)
        libc = ctypes.CDLL(None, use_errno=True)
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0 or libc.inotify_add_watch(self.fd, bytes(self.outbox), self.IN_MOVED_TO) < 0:
            raise OSError(ctypes.get_errno(), "inotify on the outbox")
        self.seen = {}
        self.overflowed = False
        self.stopping = threading.Event()

    def run(self):
        header = struct.calcsize("iIII")
        while not self.stopping.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if not ready:
                continue
            data = os.read(self.fd, 1 << 20)
            now = time.time()
            offset = 0
            while offset + header <= len(data):
                _, mask, _, length = struct.unpack_from("iIII", data, offset)
                name = data[offset + header:offset + header + length].rstrip(b"\0").decode("utf-8", "replace")
                offset += header + length
                if mask & self.IN_Q_OVERFLOW:
                    self.overflowed = True
                elif name and not name.startswith("."):
                    self.seen.setdefault(name, now)

    def appeared(self, name):
        """When `name` appeared: the inotify time, or its modification time if the queue overflowed."""
        if name in self.seen:
            return self.seen[name]
        try:
            return (self.outbox / name).stat().st_mtime
        except FileNotFoundError:
            return None

    def close(self):
        self.stopping.set()
        self.join(timeout=5)
        os.close(self.fd)


class RssSampler(threading.Thread):
    """Samples VmRSS and the CPU time used so far (user + system, in seconds) of a process every `interval`
    seconds: `samples` holds (time, RSS in KiB, CPU seconds)."""

    def __init__(self, pid, interval=0.1):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.samples = []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            value = status_kb(self.pid, "VmRSS")
            cpu = cpu_seconds(self.pid)
            if value is not None and cpu is not None:
                self.samples.append((time.time(), value, cpu))
            self.stopping.wait(self.interval)

    def close(self):
        self.stopping.set()
        self.join(timeout=5)


def cpu_seconds(pid):
    """User plus system CPU time of `pid` so far, from /proc/PID/stat (fields 14 and 15, after the name)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_share_series(samples, began, points=20):
    """The daemon's CPU use between samples, as a share of one core, at about `points` times over the run:
    [[seconds since the first drop, share], ...]. Growth here means work per request grows with the queue."""
    step = max(1, len(samples) // points)
    picked = samples[::step]
    return [[round(b[0] - began, 1), round((b[2] - a[2]) / max(b[0] - a[0], 1e-9), 2)]
            for a, b in zip(picked, picked[1:])]


def status_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


class Browser:
    """A minimal HTTP client for the review pages: one keep-alive connection, the session cookie."""

    def __init__(self, port):
        self.port = port
        self.connection = None
        self.session = None

    def request(self, method, path, form=None, body=None, headers=None):
        headers = dict(headers or {})
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.session:
            headers["Cookie"] = f"refusald_session={self.session}"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for cookie in response.headers.get_all("Set-Cookie") or []:
            match = re.match(r"refusald_session=([^;]*)", cookie)
            if match:
                self.session = match.group(1) or None
        return response.status, response.headers, data


class Reviewer(threading.Thread):
    """Signs in with the token and decides items until told to stop: HTML forms, every fifth by the API."""

    def __init__(self, port, token):
        super().__init__(daemon=True)
        self.browser = Browser(port)
        self.token = token
        self.decisions = {}  # review item id -> decision kind
        self.round_trips = []  # seconds per decision (claim, page, post)
        self.problems = []
        self.stopping = threading.Event()

    def expect(self, condition, message):
        if not condition:
            self.problems.append(message)
        return condition

    def sign_in(self):
        status, _, body = self.browser.request("GET", "/login")
        self.expect(status == 200 and b'name="token"' in body, f"GET /login answered {status}")
        status, headers, _ = self.browser.request("POST", "/login", form={"token": self.token})
        self.expect(status in (302, 303) and headers.get("Location") == "/queue" and self.browser.session,
                    f"sign-in answered {status} {headers.get('Location')}")
        status, _, body = self.browser.request("GET", "/queue")
        self.expect(status == 200, f"GET /queue after sign-in answered {status}")
        match = CSRF_RE.search(body.decode("utf-8", "replace"))
        self.csrf = match.group(1) if match else ""
        self.expect(self.csrf, "no CSRF token on the queue page")

    def decide_by_form(self, number):
        status, headers, _ = self.browser.request("GET", "/next")
        location = headers.get("Location", "")
        if not self.expect(status in (302, 303), f"GET /next answered {status}"):
            return False
        match = re.match(r"/items/([0-9]+)", location)
        if not match:
            return False  # nothing pending right now
        item = int(match.group(1))
        status, _, body = self.browser.request("GET", location)
        page = body.decode("utf-8", "replace")
        csrf = CSRF_RE.search(page)
        if not self.expect(status == 200 and csrf and 'id="decision-form"' in page,
                           f"item page {item} answered {status} without a decision form"):
            return True
        kind = "overturn" if number % 3 == 2 else "confirm"
        form = {"csrf": csrf.group(1), "decision": kind, "note": f"load test {number}", "filters": ""}
        if kind == "overturn":
            form["category"] = "none"
        status, headers, _ = self.browser.request("POST", f"/items/{item}/decision", form=form)
        if self.expect(status in (302, 303) and f"recorded={item}" in headers.get("Location", ""),
                       f"decision on {item} answered {status} {headers.get('Location')}"):
            self.decisions[item] = kind
        return True

    def decide_by_api(self, number):
        headers = {"X-CSRF-Token": self.csrf}
        status, _, body = self.browser.request("POST", "/api/next", headers=headers)
        if status == 204:
            return False
        if not self.expect(status == 200, f"POST /api/next answered {status}: {body[:200]!r}"):
            return False
        item = json.loads(body)["id"]
        kind = "overturn" if number % 2 else "confirm"
        decision = {"decision": kind, "note": f"load test api {number}"}
        status, _, body = self.browser.request(
            "POST", f"/api/items/{item}/decision", body=json.dumps(decision).encode(),
            headers={**headers, "Content-Type": "application/json"})
        if self.expect(status == 200, f"API decision on {item} answered {status}: {body[:200]!r}"):
            self.decisions[item] = kind
        return True

    def run(self):
        try:
            self.sign_in()
            number = 0
            while not self.stopping.is_set() and len(self.problems) < 20:
                started = time.time()
                decided = self.decide_by_api(number) if number % 5 == 4 else self.decide_by_form(number)
                if decided:
                    self.round_trips.append(time.time() - started)
                    number += 1
                else:
                    self.stopping.wait(0.2)
        except Exception as error:  # the thread must report, not die silently
            self.problems.append(f"reviewer failed: {error!r}")


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def wait_for_log(log_path, process, pattern, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        text = log_path.read_text(encoding="utf-8", errors="replace")
        match = re.search(pattern, text)
        if match:
            return match, text
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise SystemExit(f"the daemon did not log {pattern!r} (exit {process.poll()}); log:\n{log_path.read_text()}")


def run(args):
    binary = Path(args.bin).resolve()
    if not binary.exists():
        raise SystemExit(f"{binary} does not exist: build it (swift build) or set REFUSALD_BIN")
    workdir = Path(tempfile.mkdtemp(prefix="refusald-load-"))
    state = workdir / "state"
    log_path = workdir / "daemon.log"
    problems = []
    try:
        with open(log_path, "w", encoding="utf-8") as log:
            command = [str(binary), "run", "--state-dir", str(state), "--policies", str(args.policies),
                       "--listen", "127.0.0.1:0"]
            if args.concurrency:
                command += ["--concurrency", str(args.concurrency)]
            daemon = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log)
        try:
            wait_for_log(log_path, daemon, r"\[Daemon\] ready", 120)
            port = int(wait_for_log(log_path, daemon, PORT_RE.pattern, 30)[0].group(1))
            added = subprocess.run([str(binary), "annotator", "add", ANNOTATOR, "--db", str(state / "review.sqlite")],
                                   capture_output=True, text=True, timeout=60)
            token = TOKEN_RE.search(added.stdout + added.stderr)
            if added.returncode != 0 or not token:
                raise SystemExit(f"annotator add failed ({added.returncode}): {added.stdout}{added.stderr}")

            context = multiprocessing.get_context("spawn")
            start = context.Event()
            per_writer = [args.files // args.writers + (1 if w < args.files % args.writers else 0)
                          for w in range(args.writers)]
            drop_logs = [workdir / f"writer-{w}.json" for w in range(args.writers)]
            writers = [context.Process(target=writer_process,
                                       args=(w, per_writer[w], args.items_per_file, str(state / "inbox"),
                                             str(drop_logs[w]), start,
                                             args.writers / args.rate if args.rate else 0.0))
                       for w in range(args.writers)]
            for process in writers:
                process.start()
            watch = OutboxWatch(state / "outbox")
            sampler = RssSampler(daemon.pid)
            reviewer = Reviewer(port, token.group(0))
            watch.start()
            sampler.start()
            reviewer.start()

            began = time.time()
            start.set()
            for process in writers:
                process.join()
                if process.exitcode != 0:
                    problems.append(f"writer {process.name} exited {process.exitcode}")
            writers_done = time.time()
            dropped = {}
            for path in drop_logs:
                dropped.update(json.loads(path.read_text(encoding="utf-8")))
            expected = {name[:-len(".jsonl")] + ".verdicts.jsonl": name for name in dropped}

            deadline = time.time() + args.timeout
            while time.time() < deadline and daemon.poll() is None:
                if sum(1 for name in expected if name in watch.seen) == len(expected):
                    break
                if watch.overflowed and len(os.listdir(state / "outbox")) >= len(expected):
                    break
                time.sleep(0.2)
            finished = time.time()
            reviewer.stopping.set()
            reviewer.join(timeout=60)
            peak_hwm = status_kb(daemon.pid, "VmHWM")
            sampler.close()
            watch.close()
        finally:
            if daemon.poll() is None:
                daemon.send_signal(signal.SIGTERM)
                try:
                    daemon.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    daemon.kill()
                    daemon.wait()
        if daemon.returncode != 0:
            problems.append(f"the daemon exited {daemon.returncode} on SIGTERM")

        problems += check_outputs(state, dropped, expected, args.items_per_file, reviewer)
        problems += [f"reviewer: {problem}" for problem in reviewer.problems]

        latencies = []
        for verdicts, name in expected.items():
            appeared = watch.appeared(verdicts)
            if appeared is not None:
                latencies.append(appeared - dropped[name])
        last_verdict = max((watch.appeared(v) or 0) for v in expected) if expected else began
        elapsed = max(last_verdict - began, 1e-9)
        rss = [value for _, value, _ in sampler.samples]
        peak_rss = max(rss + [peak_hwm or 0]) if rss else peak_hwm
        if peak_rss is None:
            problems.append("no RSS sample of the daemon")
        elif peak_rss > args.max_rss_mb * 1024:
            problems.append(f"peak RSS {peak_rss / 1024:.0f} MiB is over the bound of {args.max_rss_mb} MiB")
        if len(latencies) != len(expected):
            problems.append(f"{len(expected) - len(latencies)} verdict files never appeared within {args.timeout} s")

        items = len(dropped) * args.items_per_file
        figures = {
            "binary": str(binary),
            "policies": str(args.policies),
            "files": len(dropped),
            "items": items,
            "writers": args.writers,
            "items_per_file": args.items_per_file,
            "drop_rate_files_per_second": args.rate or "as fast as possible",
            "daemon_concurrency": args.concurrency or os.cpu_count(),
            "cpu_count": os.cpu_count(),
            "drop_seconds": round(writers_done - began, 3),
            "screen_seconds": round(elapsed, 3),
            "files_per_second": round(len(dropped) / elapsed, 1),
            "items_per_second": round(items / elapsed, 1),
            "latency_seconds": {
                "p50": rounded(percentile(latencies, 0.50)),
                "p90": rounded(percentile(latencies, 0.90)),
                "p99": rounded(percentile(latencies, 0.99)),
                "max": rounded(max(latencies) if latencies else None),
            },
            "inotify_overflowed": watch.overflowed,
            "peak_rss_mib": round((peak_rss or 0) / 1024, 1),
            "rss_mib_at_start_and_end": [round(rss[0] / 1024, 1), round(rss[-1] / 1024, 1)] if rss else None,
            # (seconds since the first drop, MiB), about 40 points over the run
            "rss_mib_series": [[round(t - began, 1), round(value / 1024, 1)]
                               for t, value, _ in sampler.samples[::max(1, len(sampler.samples) // 40)]],
            "daemon_cpu_seconds": round(sampler.samples[-1][2] - sampler.samples[0][2], 1) if rss else None,
            "daemon_cpu_share_series": cpu_share_series(sampler.samples, began),
            "review_decisions": len(reviewer.decisions),
            "review_round_trip_seconds": {
                "p50": rounded(percentile(reviewer.round_trips, 0.50)),
                "p99": rounded(percentile(reviewer.round_trips, 0.99)),
            },
            "wall_seconds": round(finished - began, 3),
            "problems": problems,
        }
        report(figures, args)
        return 1 if problems else 0
    finally:
        if args.keep:
            print(f"state kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def rounded(value):
    return None if value is None else round(value, 4)


def check_outputs(state, dropped, expected, per_file, reviewer):
    """Compares the state directory and the review store with what was dropped and decided."""
    problems = []
    for folder in ("inbox", "work", "quarantine"):
        left = os.listdir(state / folder)
        if left:
            problems.append(f"{folder}/ is not empty: {sorted(left)[:5]} ({len(left)} entries)")
    done = set(os.listdir(state / "done"))
    if done != set(dropped):
        problems.append(f"done/ holds {len(done)} files, {len(dropped)} were dropped")
    outbox = {name for name in os.listdir(state / "outbox") if not name.startswith(".")}
    if outbox != set(expected):
        problems.append(f"outbox/ holds {len(outbox)} verdict files, expected {len(expected)}: "
                        f"missing {sorted(set(expected) - outbox)[:5]}, extra {sorted(outbox - set(expected))[:5]}")

    counts = collections.Counter()
    outcome = {}
    for name in sorted(outbox):
        with open(state / "outbox" / name, encoding="utf-8") as verdicts:
            for line in verdicts:
                verdict = json.loads(line)
                counts[verdict["id"]] += 1
                outcome[verdict["id"]] = verdict["verdict"]
    wanted = {item_id(int(name.split("-w")[1].split("-")[0]), int(name.rsplit("-", 1)[1][:-len(".jsonl")]), line)
              for name in dropped for line in range(per_file)}
    lost = wanted - set(counts)
    duplicated = [identifier for identifier, count in counts.items() if count > 1]
    stray = set(counts) - wanted
    for label, values in (("items without a verdict", lost), ("items with more than one verdict", duplicated),
                          ("verdicts for items never dropped", stray)):
        if values:
            problems.append(f"{len(values)} {label}: {sorted(values)[:5]}")
    errors = [identifier for identifier, value in outcome.items() if value == "error"]
    if errors:
        problems.append(f"{len(errors)} error verdicts for valid items: {errors[:5]}")
    flagged = {identifier for identifier, value in outcome.items() if value == "flag"}
    if not flagged:
        problems.append("nothing was flagged: the load did not exercise the review queue")

    with sqlite3.connect(f"file:{state / 'review.sqlite'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT id, external_id, queue FROM item").fetchall()
        decisions = db.execute("SELECT item_id, kind FROM decision WHERE annotator = ? ORDER BY id",
                               (ANNOTATOR,)).fetchall()
    queued = collections.Counter(external for _, external, _ in rows)
    in_flagged_queue = {external for _, external, queue in rows if queue == "flagged"}
    in_audit_queue = {external for _, external, queue in rows if queue == "audit"}
    missing = flagged - in_flagged_queue
    if missing:
        problems.append(f"{len(missing)} flagged items are not in the review queue: {sorted(missing)[:5]}")
    twice = [external for external, count in queued.items() if count > 1]
    if twice:
        problems.append(f"{len(twice)} items queued more than once: {twice[:5]}")
    not_flagged = in_flagged_queue - flagged
    if not_flagged:
        problems.append(f"{len(not_flagged)} items in the flagged queue without a flag verdict: {sorted(not_flagged)[:5]}")
    bad_audit = {external for external in in_audit_queue if outcome.get(external) != "pass"}
    if bad_audit:
        problems.append(f"{len(bad_audit)} audit-queue items are not passes: {sorted(bad_audit)[:5]}")
    recorded = {}
    for item, kind in decisions:
        if item in recorded:
            problems.append(f"item {item} has two decisions by {ANNOTATOR}")
        recorded[item] = kind
    if recorded != reviewer.decisions:
        differing = set(recorded.items()) ^ set(reviewer.decisions.items())
        problems.append(f"the review store holds {len(recorded)} decisions, the reviewer made "
                        f"{len(reviewer.decisions)}; differing: {sorted(differing)[:5]}")
    if not reviewer.decisions:
        problems.append("the reviewer recorded no decision")
    return problems


def report(figures, args):
    latency = figures["latency_seconds"]
    print(f"refusald load test: {figures['files']} files / {figures['items']} items by {figures['writers']} writers, "
          f"{figures['drop_rate_files_per_second']} files/s "
          f"({figures['cpu_count']} CPUs, daemon concurrency {figures['daemon_concurrency']})")
    print(f"  dropped in {figures['drop_seconds']} s; all verdicts {figures['screen_seconds']} s after the first drop")
    print(f"  throughput: {figures['items_per_second']} items/s, {figures['files_per_second']} files/s")
    print(f"  drop -> verdict file latency: p50 {latency['p50']} s, p90 {latency['p90']} s, p99 {latency['p99']} s, "
          f"max {latency['max']} s")
    print(f"  peak RSS {figures['peak_rss_mib']} MiB (bound {args.max_rss_mb} MiB); "
          f"start/end {figures['rss_mib_at_start_and_end']}")
    shares = [share for _, share in figures["daemon_cpu_share_series"]]
    if shares:
        print(f"  daemon CPU {figures['daemon_cpu_seconds']} s; share of one core over the run, first to last: "
              + " ".join(f"{share:.2f}" for share in shares))
    trips = figures["review_round_trip_seconds"]
    print(f"  reviewer: {figures['review_decisions']} decisions over HTTP, p50 {trips['p50']} s, p99 {trips['p99']} s")
    results = Path(args.results_dir)
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"load-{figures['files']}-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"  figures written to {path}")
    if figures["problems"]:
        print(f"FAILED: {len(figures['problems'])} problem(s):")
        for problem in figures["problems"]:
            print(f"  - {problem}")
    else:
        print("OK: every item has exactly one verdict, every flagged item is queued, every decision is recorded")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000, help="files to drop (default 10000)")
    parser.add_argument("--writers", type=int, default=4, help="writer processes (default 4)")
    parser.add_argument("--items-per-file", type=int, default=3, help="JSONL items in each file (default 3)")
    parser.add_argument("--rate", type=float, default=0,
                        help="total drops per second over all writers (default 0: as fast as possible)")
    parser.add_argument("--concurrency", type=int, default=0, help="the daemon's --concurrency (default: its own)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for all verdicts after the drops")
    parser.add_argument("--max-rss-mb", type=float, default=512, help="fail if the daemon's RSS exceeds this")
    parser.add_argument("--bin", default=os.environ.get("REFUSALD_BIN", str(ROOT / ".build/debug/refusald")))
    parser.add_argument("--policies", default=str(ROOT / "Policies"))
    parser.add_argument("--results-dir", default=str(Path(__file__).resolve().parent / "results"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary state directory")
    args = parser.parse_args()
    if args.files < args.writers or args.writers < 1 or args.items_per_file < 1:
        parser.error("need --files >= --writers >= 1 and --items-per-file >= 1")
    sys.exit(run(args))


if __name__ == "__main__":
    main()
