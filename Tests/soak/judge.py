#!/usr/bin/env python3
"""Judges a soak run made by drive.py, prints the summary and exits 1 on any violation.

    judge.py RUN_DIR [--journal FILE]

Reads RUN_DIR/manifest.jsonl (every file dropped and what its record must say), the event
log with all its rotated parts (RUN_DIR/log/events.jsonl.N in rotation order, then
events.jsonl), RUN_DIR/samples.jsonl (VmRSS and open descriptors every 2 s),
RUN_DIR/notify.jsonl (sd_notify datagrams), RUN_DIR/driver.json (what the driver did),
RUN_DIR/daemon-N.err (each incarnation's stderr), the spool as the run left it and, with
--journal, the journal entries (journalctl -o json).

Violations:
  * a dropped file with no record, or with more than one; a record for no dropped file
    or for a file that must be left alone; the wrong event or reason (bad inputs must be
    rejected with their reason; a classified record must name the expected format);
    per content, not exactly one classified record, or a duplicate whose duplicate_of is
    not that record's seq; a record id that is not the sha256 of the bytes dropped;
  * a log line that is not a JSON object, a seq seen twice or going backwards;
  * a classified record whose archived file is not in done/, anything left in
    processing/, anything left in incoming/ except the names that must stay (and those
    gone);
  * per incarnation, after its warm-up: VmRSS less the content index rising more than
    2 MiB above the warm-up's peak, or the descriptors more than 4 above theirs. The
    content index (one 16-byte slot per article id, grown by half at 80 % fill, see
    ContentIndex.swift) is the daemon's one state that rightly grows with the articles
    it has seen; its size at any moment follows from the log, so it is subtracted;
  * the daemon exiting other than by the driver's SIGKILL, or SIGTERM not giving 0;
  * a stderr line at warning or above that is not allow-listed (refused reloads, the
    disk-full pause, a torn tail cut after a SIGKILL), or any line that is not the
    daemon's;
  * refused reloads not matching the broken configurations sent, good reloads not
    matching the good ones and rotations; no pause or no resume in the disk-full
    episode, or a pause outside it; a gap between WATCHDOG=1 pings above 30 s.
"""
import argparse
import datetime
import json
import os
import re
import sys
from collections import Counter, defaultdict

RSS_DRIFT_KIB = 2048
INDEX_SLOT_BYTES = 16
FD_DRIFT = 4
DISKFULL_SETTLE = 30.0
WATCHDOG_LIMIT = 30.0

ALLOWED = [
    ("refused reload", re.compile(r"^newsclass: error: reload refused: ")),
    ("disk-full pause", re.compile(r"^newsclass: error: paused: log disk full")),
    ("torn tail cut", re.compile(r"^newsclass: warning: .*: cut a torn last line of \d+ bytes left by a crash$")),
    # the kernel's queue (max_queued_events) is finite; the daemon rescans, as designed
    ("inotify overflow, rescan", re.compile(r"^newsclass: warning: the inotify event queue overflowed: rescanning")),
]
# what a crash prints (glibc's assert, Swift's runtime, the kernel's signals via a shell)
CRASH = re.compile(r"Assertion .* failed|Fatal error|Segmentation fault|Illegal instruction|Aborted|"
                   r"Stack dump|Current stack trace|terminate called")
LEVEL = re.compile(r"^newsclass: (warning|error|critical): ")


def parse_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()


class Judge:
    def __init__(self, run, journal):
        self.run = run
        self.journal = journal
        self.violations = []
        self.info = []

    def bad(self, what, examples=()):
        examples = list(examples)
        text = what
        if examples:
            text += ": " + "; ".join(str(e) for e in examples[:5]) + (" …" if len(examples) > 5 else "")
        self.violations.append(text)

    def load(self):
        with open(os.path.join(self.run, "driver.json")) as f:
            self.driver = json.load(f)
        self.manifest = {}
        with open(os.path.join(self.run, "manifest.jsonl")) as f:
            for line in f:
                m = json.loads(line)
                if m["file"] in self.manifest:
                    self.bad("the driver dropped one name twice", [m["file"]])
                self.manifest[m["file"]] = m
        self.samples = [json.loads(l) for l in open(os.path.join(self.run, "samples.jsonl"))]
        self.notify = [json.loads(l) for l in open(os.path.join(self.run, "notify.jsonl"))]

    # ------------------------------------------------------------ the event log
    def read_log(self):
        logdir = os.path.join(self.run, "log")
        if not os.path.isdir(logdir) or not any(n.startswith("events.jsonl") for n in os.listdir(logdir)):
            logdir = os.path.join(self.run, "log.kept")   # judged again after the run
        parts = []
        for name in os.listdir(logdir):
            m = re.fullmatch(r"events\.jsonl\.(\d+)", name)
            if m:
                parts.append((int(m.group(1)), name))
        parts.sort()
        names = [n for _, n in parts]
        if os.path.exists(os.path.join(logdir, "events.jsonl")):
            names.append("events.jsonl")
        self.parts = names
        self.records = []
        not_json = []
        backwards = []
        last_seq = None
        for name in names:
            with open(os.path.join(logdir, name), "rb") as f:
                data = f.read()
            if data and not data.endswith(b"\n"):
                tail = len(data) - data.rfind(b"\n") - 1
                not_json.append(f"{name}: no newline at the end ({tail} bytes)")
            for number, line in enumerate(data.split(b"\n"), 1):
                if not line:
                    continue
                try:
                    r = json.loads(line)
                    assert isinstance(r, dict) and isinstance(r.get("seq"), int)
                except Exception:
                    not_json.append(f"{name}:{number}: {line[:80]!r}")
                    continue
                r["_part"] = name
                if last_seq is not None and r["seq"] <= last_seq:
                    backwards.append(f"{name}:{number}: seq {r['seq']} after {last_seq}")
                last_seq = r["seq"]
                self.records.append(r)
        if not_json:
            self.bad(f"{len(not_json)} event-log lines are not JSON records", not_json)
        if backwards:
            self.bad(f"{len(backwards)} records with a seq not above the one before", backwards)
        seqs = Counter(r["seq"] for r in self.records)
        twice = [s for s, c in seqs.items() if c > 1]
        if twice:
            self.bad(f"{len(twice)} seqs used twice", sorted(twice))
        self.by_seq = {r["seq"]: r for r in self.records}
        if seqs:
            lo, hi = min(seqs), max(seqs)
            self.seq_gaps = (hi - lo + 1) - len(seqs)
        else:
            self.seq_gaps = 0

    # ------------------------------------------------------------ one record per file
    def check_records(self):
        per_file = defaultdict(list)
        unknown = []
        for r in self.records:
            if r.get("file") in self.manifest:
                per_file[r["file"]].append(r)
            else:
                unknown.append(f"seq {r['seq']} {r.get('file')!r}")
        if unknown:
            self.bad(f"{len(unknown)} records for files the driver did not drop", unknown)
        missing, extra, wrong, stayed_recorded, bad_id = [], [], [], [], []
        self.outcomes = Counter()
        groups = defaultdict(list)
        for name, m in self.manifest.items():
            recs = per_file.get(name, [])
            if m["kind"] == "stay":
                if recs:
                    stayed_recorded.append(repr(name))
                continue
            if not recs:
                missing.append(f"{name!r} ({m['kind']}, dropped at {m['t']:.1f}s)")
                continue
            if len(recs) > 1:
                extra.append(f"{name!r}: seqs {[r['seq'] for r in recs]}")
            r = recs[0]
            self.outcomes[(r["event"], r.get("reason", ""))] += 1
            if m["event"] == "classified":
                if r["event"] not in ("classified", "duplicate"):
                    wrong.append(f"{name!r} ({m['kind']}): {r['event']} {r.get('reason', '')} {r.get('detail', '')}")
                    continue
                if r["event"] == "classified" and m["format"] and r.get("format") != m["format"]:
                    wrong.append(f"{name!r} ({m['kind']}): format {r.get('format')}, expected {m['format']}")
                groups[m["id"]].append((name, r))
            else:
                if r["event"] != m["event"] or r.get("reason") != m["reason"]:
                    wrong.append(f"{name!r} ({m['kind']}): {r['event']} {r.get('reason', '')}, "
                                 f"expected {m['event']} {m['reason']}")
            if m["id"] is not None and r.get("id") is not None and r["id"] != m["id"]:
                bad_id.append(f"{name!r}: {r['id']} is not the dropped bytes' {m['id']}")
            if m["id"] is not None and r.get("id") is None and r["event"] != "rejected":
                bad_id.append(f"{name!r}: no id")
        if missing:
            self.bad(f"{len(missing)} dropped files have no record", missing)
        if extra:
            self.bad(f"{len(extra)} files have more than one record", extra)
        if wrong:
            self.bad(f"{len(wrong)} records say the wrong thing", wrong)
        if stayed_recorded:
            self.bad(f"{len(stayed_recorded)} names that must be left alone got a record", stayed_recorded)
        if bad_id:
            self.bad(f"{len(bad_id)} records with a wrong id", bad_id)
        # per content: one classified record, the others duplicates of it
        dup_problems = []
        self.dup_groups = 0
        for ident, members in groups.items():
            classified = [r for _, r in members if r["event"] == "classified"]
            if len(members) > 1:
                self.dup_groups += 1
            if len(classified) != 1:
                dup_problems.append(f"{ident[:19]}…: {len(classified)} classified records among {len(members)} copies "
                                    f"(seqs {[r['seq'] for _, r in members]})")
                continue
            first = classified[0]["seq"]
            for name, r in members:
                if r["event"] == "duplicate" and r.get("duplicate_of") != first:
                    dup_problems.append(f"{name!r}: duplicate_of {r.get('duplicate_of')}, the classified one is {first}")
        if dup_problems:
            self.bad(f"{len(dup_problems)} contents without exactly one classified record", dup_problems)
        self.per_file = per_file

    # ------------------------------------------------------------ the spool afterwards
    def check_spool(self):
        spool = os.path.join(self.run, "spool")
        processing = os.listdir(os.path.join(spool, "processing")) if os.path.isdir(
            os.path.join(spool, "processing")) else []
        if processing:
            self.bad(f"{len(processing)} entries left in processing/", [repr(p) for p in processing])
        left = []
        present = set()
        incoming = os.path.join(os.fsencode(spool), b"incoming")
        for root, dirs, files in os.walk(incoming):
            for f in files:
                rel = os.path.relpath(os.path.join(root, f), incoming)
                from drive import display  # the same display form the manifest uses
                name = display(rel)
                present.add(name)
                m = self.manifest.get(name)
                if m is None or m["kind"] != "stay":
                    left.append(repr(name))
        self.left_in_incoming = left
        if left:
            self.bad(f"{len(left)} files left in incoming/ that should have been taken", left)
        gone = [n for n, m in self.manifest.items() if m["kind"] == "stay" and n not in present]
        self.stay_count = sum(1 for m in self.manifest.values() if m["kind"] == "stay")
        if gone:
            self.bad(f"{len(gone)} names that must be left alone are gone from incoming/", gone)
        unarchived = [f"seq {r['seq']} {r.get('archived')!r}" for r in self.records
                      if r["event"] == "classified" and r.get("archived")
                      and not os.path.lexists(os.path.join(spool, r["archived"]))]
        if unarchived:
            self.bad(f"{len(unarchived)} classified records whose archived file is not there", unarchived)
        failed = os.path.join(spool, "failed")
        self.failed_files = sum(len(fs) for _, _, fs in os.walk(failed)) if os.path.isdir(failed) else 0

    # ------------------------------------------------------------ memory and descriptors
    def check_resources(self):
        warm = self.driver["warmup"]
        index_at = self.content_index_timeline()
        self.resources = []
        for inc in self.driver["incarnations"]:
            ss = [s for s in self.samples if s["n"] == inc["n"] and s["ready"]]
            row = {"n": inc["n"], "samples": len(ss)}
            if not ss:
                self.resources.append(row)
                continue
            ready = inc["ready"]
            # the disk-full pause and its catch-up are a regime of their own (claims and
            # records held while the log cannot be written, then the backlog): their peak
            # counts as warm-up, and what follows is judged against it
            df = self.driver.get("diskfull") or {}
            def settling(s):
                return s["t"] < ready + warm or (
                    df.get("end") is not None and df["begin"] <= s["t"] <= df["end"] + DISKFULL_SETTLE)
            warmup = [s for s in ss if settling(s)]
            after = [s for s in ss if not settling(s)]
            row.update(rss_start=ss[0]["rss_kib"], rss_end=ss[-1]["rss_kib"], rss_max=max(s["rss_kib"] for s in ss),
                       fd_start=ss[0]["fds"], fd_end=ss[-1]["fds"], fd_min=min(s["fds"] for s in ss),
                       fd_max=max(s["fds"] for s in ss), cpu_s=ss[-1]["cpu_s"], threads=ss[-1]["threads"])
            if warmup and after:
                def net(s):
                    return s["rss_kib"] - index_at(s["wall"])
                base = max(warmup, key=net)
                peak = max(after, key=net)
                base_fd = max(s["fds"] for s in warmup)
                rss_rise = net(peak) - net(base)
                index_growth = index_at(after[-1]["wall"]) - index_at(warmup[-1]["wall"])
                fd_rise = max(s["fds"] for s in after) - base_fd
                row.update(rss_rise=rss_rise, index_growth=index_growth, fd_rise=fd_rise, judged=len(after))
                if rss_rise > RSS_DRIFT_KIB:
                    # for the triage: how many reloads that built a new classifier came between
                    reloads = sum(1 for e in self.driver["events"] if e["what"] == "sighup" and e["n"] == inc["n"]
                                  and not e["why"].startswith("config-broken") and base["t"] < e["t"] <= peak["t"])
                    self.bad(f"incarnation {inc['n']}: VmRSS less the content index rose {rss_rise} KiB above its "
                             f"warm-up peak (limit {RSS_DRIFT_KIB}): {base['rss_kib']} KiB at {base['t']:.0f}s "
                             f"(index {index_at(base['wall'])}), {peak['rss_kib']} KiB at {peak['t']:.0f}s "
                             f"(index {index_at(peak['wall'])}), {reloads} good reloads between")
                if fd_rise > FD_DRIFT:
                    peak = max(after, key=lambda s: s["fds"])
                    self.bad(f"incarnation {inc['n']}: {fd_rise} more open descriptors than its warm-up peak "
                             f"{base_fd}, at {peak['t']:.0f}s")
            self.resources.append(row)

    def content_index_timeline(self):
        """KiB of the daemon's content index at a wall time: the distinct ids of the
        classified records written by then, laid out as ContentIndex does (slots start
        at 1024 and grow by half when an insert would pass 80 % fill; 16 bytes a slot).
        A restart rebuilds it from every log part, to the same size."""
        import bisect
        times, kib = [0.0], [0]
        seen = set()
        slots = 0
        for r in self.records:   # in seq order, which is time order
            if r["event"] != "classified" or r.get("id") in seen:
                continue
            seen.add(r.get("id"))
            if len(seen) * 5 > slots * 4:
                slots = max(1024, slots + slots // 2)
                times.append(parse_time(r["time"]))
                kib.append(slots * INDEX_SLOT_BYTES // 1024)
        def at(wall):
            return kib[bisect.bisect_right(times, wall) - 1]
        return at

    # ------------------------------------------------------------ lifecycle, stderr, notify
    def check_lifecycle(self):
        incs = self.driver["incarnations"]
        hups = [e for e in self.driver["events"] if e["what"] == "sighup"]
        self.crashed_hups = set()
        for inc in incs:
            if inc["how"] == "unexpected":
                cause = ""
                for e in hups:
                    if e["n"] == inc["n"] and 0 <= inc["end"] - e["t"] <= 5:
                        cause = f", {inc['end'] - e['t']:.1f} s after a SIGHUP ({e['why']})"
                        self.crashed_hups.add(id(e))
                self.bad(f"incarnation {inc['n']} (pid {inc['pid']}) exited by itself with status {inc['rc']} "
                         f"at {inc['end']:.1f}s{cause}; see daemon-{inc['n']}.err")
            elif inc["how"] == "sigterm" and inc["rc"] != 0:
                self.bad(f"incarnation {inc['n']}: SIGTERM gave exit status {inc['rc']}, not 0")
            elif inc["how"] is None:
                self.bad(f"incarnation {inc['n']} never ended")
            if inc["ready"] is None:
                self.bad(f"incarnation {inc['n']} never sent READY=1")
        # watchdog: from READY to the end, no gap over the limit
        gaps = []
        self.max_watchdog_gap = 0.0
        for inc in incs:
            if inc["ready"] is None or inc["end"] is None:
                continue
            points = [inc["ready"]] + inc["watchdog"] + [inc["end"]]
            gap = max(b - a for a, b in zip(points, points[1:]))
            self.max_watchdog_gap = max(self.max_watchdog_gap, gap)
            if gap > WATCHDOG_LIMIT:
                gaps.append(f"incarnation {inc['n']}: {gap:.1f} s")
        if gaps:
            self.bad("WATCHDOG=1 pings stopped for longer than WatchdogSec=30s", gaps)

        # stderr
        self.allowed_counts = Counter()
        self.reload_lines = Counter()
        unexplained = []
        after_crash = set()
        for prev, inc in zip(incs, incs[1:]):
            if prev["how"] in ("sigkill", "unexpected"):
                after_crash.add(inc["n"])
        for inc in incs:
            path = os.path.join(self.run, f"daemon-{inc['n']}.err")
            try:
                lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
            except OSError:
                continue
            for line in lines:
                if "configuration reloaded" in line:
                    self.reload_lines["good"] += 1
                if "reload refused" in line:
                    self.reload_lines["refused"] += 1
                if "event log reopened" in line:
                    self.reload_lines["reopened"] += 1
                if "paused: " in line:
                    self.reload_lines["paused"] += 1
                if "resumed: " in line:
                    self.reload_lines["resumed"] += 1
                if not line.startswith("newsclass: ") or CRASH.search(line):
                    unexplained.append(f"daemon-{inc['n']}.err: {line[:200]}")
                    continue
                if not LEVEL.match(line):
                    continue
                for label, pattern in ALLOWED:
                    if pattern.search(line) and (label != "torn tail cut" or inc["n"] in after_crash):
                        self.allowed_counts[label] += 1
                        break
                else:
                    unexplained.append(f"daemon-{inc['n']}.err: {line[:200]}")
        if unexplained:
            self.bad(f"{len(unexplained)} stderr lines not explained", unexplained)

        # reloads: what the driver sent against what the daemon said
        sent = Counter()
        for e in hups:
            if id(e) in self.crashed_hups:
                sent["crashed"] += 1   # reported above with the exit
                continue
            why = e["why"]
            sent["broken" if why.startswith("config-broken") else "rotate" if why == "rotate" else "good"] += 1
        self.sent = sent
        if self.reload_lines["refused"] != sent["broken"]:
            self.bad(f"{sent['broken']} broken configurations sent, {self.reload_lines['refused']} reloads refused")
        if self.reload_lines["good"] != sent["good"] + sent["rotate"]:
            self.bad(f"{sent['good'] + sent['rotate']} SIGHUPs with a good configuration sent, "
                     f"{self.reload_lines['good']} reloads done")
        if self.reload_lines["reopened"] != sent["rotate"]:
            self.bad(f"{sent['rotate']} rotations, the log reopened {self.reload_lines['reopened']} times")
        reloading = sum(inc["reloads"] for inc in incs)
        if reloading != sum(sent.values()):
            self.bad(f"{sum(sent.values())} SIGHUPs sent, {reloading} RELOADING=1 notifications")

        # the disk-full episode
        df = self.driver.get("diskfull")
        self.pause_status = []
        for n in self.notify:
            for line in n["msg"].split("\n"):
                if line.startswith("STATUS=paused"):
                    self.pause_status.append(n["t"])
        if df is None:
            self.info.append("no disk-full episode in this run")
        elif df.get("failed"):
            self.bad(f"the disk-full episode could not be set up: {df['failed']}")
        else:
            inside = [t for t in self.pause_status if df["begin"] - 1 <= t <= df["end"] + 15]
            outside = [t for t in self.pause_status if t not in inside]
            if not inside or self.reload_lines["paused"] == 0:
                self.bad(f"the disk-full episode ({df['begin']:.0f}-{df['end']:.0f}s) did not pause the daemon")
            if self.reload_lines["resumed"] < self.reload_lines["paused"]:
                self.bad(f"{self.reload_lines['paused']} pauses but {self.reload_lines['resumed']} resumes")
            if outside:
                self.bad("the daemon paused outside the disk-full episode", [f"{t:.1f}s" for t in outside])

    def check_journal(self):
        self.journal_summary = None
        if not self.journal or not os.path.exists(self.journal):
            return
        per_seq = Counter()
        other = Counter()
        with open(self.journal, encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    e = json.loads(line)
                except ValueError:
                    continue
                seq = e.get("NEWSCLASS_SEQ")
                if seq is not None:
                    per_seq[int(seq)] += 1
                else:
                    other[e.get("PRIORITY", "?")] += 1
        log_seqs = set(self.by_seq)
        missing = sorted(log_seqs - set(per_seq))
        twice = sorted(s for s, c in per_seq.items() if c > 1)
        stray = sorted(set(per_seq) - log_seqs)
        self.journal_summary = {"entries": sum(per_seq.values()), "missing": len(missing), "twice": len(twice),
                                "not_in_log": len(stray), "daemon_messages": sum(other.values())}
        if missing:
            self.info.append(f"journal: {len(missing)} records have no journal entry (first seqs {missing[:8]}); "
                             "a SIGKILL between a record's fsync and its journal entry loses the entry")
        if twice:
            self.bad(f"{len(twice)} records have more than one journal entry", twice)
        if stray:
            self.bad(f"{len(stray)} journal entries for seqs not in the event log", stray)

    # ------------------------------------------------------------ report
    def report(self):
        d = self.driver
        out = []
        w = out.append
        w("")
        w(f"== newsclass soak: {d['minutes']:g} min, seed {d['seed']}, run {self.run}")
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(d["counts"].items(), key=lambda kv: -kv[1]))
        w(f"files dropped        {d['dropped']:>8}   ({kinds})")
        w(f"nested folders       {d['folders']:>8}")
        w(f"records              {len(self.records):>8}   in {len(self.parts)} log parts, seq gaps {self.seq_gaps}")
        for (event, reason), c in sorted(self.outcomes.items(), key=lambda kv: -kv[1]):
            w(f"  {event + (' / ' + reason if reason else ''):<30} {c:>8}")
        w(f"contents dropped more than once {self.dup_groups}")
        missing = sum(1 for n, m in self.manifest.items() if m["kind"] != "stay" and not self.per_file.get(n))
        dups = sum(1 for rs in self.per_file.values() if len(rs) > 1)
        w(f"missing records      {missing:>8}")
        w(f"files with 2+ records{dups:>8}")
        w(f"left in incoming/    {len(self.left_in_incoming):>8}   (+ {self.stay_count} that must stay)")
        w(f"in failed/           {self.failed_files:>8}   (files and their .reason.json)")
        incs = d["incarnations"]
        restarts = sum(1 for i in incs[1:])
        kills = sum(1 for i in incs if i["how"] == "sigkill")
        ready_after = ", ".join("%.1f" % (i["ready"] - i["start"]) for i in incs if i["ready"] is not None)
        w(f"incarnations         {len(incs):>8}   ({kills} SIGKILLed, {restarts} restarts, "
          f"ready after {ready_after} s)")
        w(f"reloads good         {self.reload_lines['good']:>8}   (sent: {self.sent['good']} good + "
          f"{self.sent['rotate']} rotations)")
        forms = Counter(e["why"].split(":", 1)[1] for e in d["events"]
                        if e["what"] == "sighup" and e["why"].startswith("config-broken:"))
        w(f"reloads refused      {self.reload_lines['refused']:>8}   (sent: {self.sent['broken']} broken: "
          f"{', '.join(f'{k} {v}' for k, v in forms.items())}"
          f"{'; ' + str(self.sent['crashed']) + ' crashed the daemon' if self.sent['crashed'] else ''})")
        w(f"log reopened         {self.reload_lines['reopened']:>8}")
        df = d.get("diskfull")
        if df and not df.get("failed"):
            w(f"disk full            {df['begin']:.0f}-{df['end']:.0f}s: paused {self.reload_lines['paused']}x, "
              f"resumed {self.reload_lines['resumed']}x, STATUS=paused seen at "
              f"{', '.join(f'{t:.1f}' for t in self.pause_status[:3]) or 'never'} s")
        w(f"watchdog             longest gap between WATCHDOG=1 {self.max_watchdog_gap:.1f} s (limit {WATCHDOG_LIMIT:g})")
        if self.allowed_counts:
            w("allow-listed stderr  " + ", ".join(f"{k} {v}" for k, v in self.allowed_counts.items()))
        if self.journal_summary:
            j = self.journal_summary
            w(f"journal              {j['entries']} record entries, {j['missing']} records without one, "
              f"{j['twice']} with two or more, {j['daemon_messages']} other entries")
        w("")
        w(f"memory and descriptors per incarnation (warm-up: {d['warmup']:g} s after READY, and the disk-full "
          f"episode + {DISKFULL_SETTLE:g} s; VmRSS KiB; rise: of VmRSS less the content index, max after "
          f"warm-up - warm-up peak, limit {RSS_DRIFT_KIB}; index+: the index's growth meanwhile)")
        w(f"  {'#':>2} {'samples':>7} {'rss start':>9} {'rss end':>8} {'rss max':>8} {'rise':>6} {'index+':>7} "
          f"{'fd start':>8} {'fd end':>6} {'fd min-max':>10} {'fd rise':>7} {'cpu s':>6}")
        for r in self.resources:
            if "rss_start" not in r:
                w(f"  {r['n']:>2} {r['samples']:>7}   (no samples)")
                continue
            rise = f"{r['rss_rise']:>6}" if "rss_rise" in r else f"{'-':>6}"
            allowed = f"{r['index_growth']:>7}" if "index_growth" in r else f"{'-':>7}"
            fdr = f"{r['fd_rise']:>7}" if "fd_rise" in r else f"{'-':>7}"
            w(f"  {r['n']:>2} {r['samples']:>7} {r['rss_start']:>9} {r['rss_end']:>8} {r['rss_max']:>8} {rise} "
              f"{allowed} {r['fd_start']:>8} {r['fd_end']:>6} {str(r['fd_min']) + '-' + str(r['fd_max']):>10} "
              f"{fdr} {r['cpu_s']:>6.1f}")
        for line in self.info:
            w("note: " + line)
        w("")
        if self.violations:
            w(f"SOAK FAILED: {len(self.violations)} violation(s)")
            for v in self.violations:
                w("  - " + v)
        else:
            w("SOAK PASSED: no violations")
        print("\n".join(out))

    def main(self):
        self.load()
        if self.driver.get("aborted"):
            self.bad("the driver aborted (the daemon never became ready)")
        self.read_log()
        self.check_records()
        self.check_spool()
        self.check_resources()
        self.check_lifecycle()
        self.check_journal()
        self.report()
        return 1 if self.violations else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run")
    ap.add_argument("--journal")
    a = ap.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.dont_write_bytecode = True
    sys.exit(Judge(a.run, a.journal).main())


if __name__ == "__main__":
    main()
