#!/usr/bin/env python3
"""The soak driver: one newsclass daemon under mixed load and faults for a set time.

    drive.py --bin BINARY --run DIR --minutes M [--seed S]

Run by Tests/soak/soak.sh as root inside a private mount namespace, with DIR/log already
a tmpfs (the disk-full episode shrinks it and fills it) and, when it could be started, a
private journald. Everything happens from this one process, on one clock:

  * drops, by the safe drop (write under a dot-name, rename in), on a 60-second cycle of
    bursts and trickles between 50 and 2,000 files/s, about a third of them into nested
    folders made on the fly (incoming/d3/d17/…), with duplicate content, and every kind
    of bad input: empty, binary junk, invalid UTF-8, oversized (> max_bytes), names with
    a newline or control characters or bytes that are not UTF-8, symlinks, FIFOs,
    unreadable files (mode 000), plus HTML, JSON, e-mail, GB18030, UTF-16, hard links
    (found by the reconcile scan) and names that must be left alone;
  * SIGHUP every 30 s, alternating a broken configuration and a good one;
  * log rotation every 60 s (rename events.jsonl -> events.jsonl.N, then SIGHUP);
  * SIGKILL and restart every 3 minutes (5 s before each multiple of 3 minutes);
  * one disk-full episode (the log's tmpfs shrunk to its use + 8 MiB and filled by a
    ballast file, which is removed after 20 s);
  * VmRSS and the number of open descriptors of the daemon every 2 s, and every sd_notify
    datagram it sends (the driver is its NOTIFY_SOCKET, WATCHDOG_USEC=30 s).

The daemon runs as `nobody` (setpriv), so that mode-000 files are really unreadable.
After the load it waits for the spool to drain, stops the daemon with SIGTERM and writes
DIR/manifest.jsonl (every file dropped and what its record must say), DIR/samples.jsonl
and DIR/driver.json for judge.py.
"""
import argparse
import hashlib
import json
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# files/s, seconds: one minute of load, repeated (about 290 files/s on average).
CYCLE = [(2000, 3), (50, 12), (400, 8), (50, 10), (1000, 4), (100, 13), (250, 10)]

# kind -> weight, for the drops that are not oversized (those come on a timer).
KINDS = [
    ("text", 66.0), ("dup", 6.0), ("html", 3.0), ("json", 3.0), ("email", 3.0),
    ("gb18030", 2.0), ("utf16", 2.0), ("markdown", 1.0),
    ("empty", 1.5), ("binary", 1.5), ("badutf8", 1.5), ("badname", 1.5),
    ("symlink", 1.0), ("fifo", 1.0), ("unreadable", 1.0),
    ("hardlink", 0.2), ("stay", 0.3),
]

# What the record of each kind must say. "classified" kinds may also come out as
# "duplicate" when their content was seen before (judge.py checks that per content).
EXPECT = {
    "text": ("classified", None, "text"),
    "dup": ("classified", None, None),
    "html": ("classified", None, "html"),
    "json": ("classified", None, "json"),
    "email": ("classified", None, "email"),
    "gb18030": ("classified", None, "text"),
    "utf16": ("classified", None, "text"),
    "markdown": ("classified", None, "markdown"),
    "hardlink": ("classified", None, "text"),
    "empty": ("rejected", "empty", None),
    "binary": ("rejected", "binary", None),
    "badutf8": ("rejected", "bad_encoding", None),
    "oversized": ("rejected", "too_large", None),
    "badname": ("rejected", "bad_name", None),
    "symlink": ("rejected", "not_regular_file", None),
    "fifo": ("rejected", "not_regular_file", None),
    "unreadable": ("rejected", "unreadable", None),
    "stay": (None, None, None),   # no record; must still be in incoming/ at the end
}

MAX_BYTES = 1 << 20
MAX_FOLDERS = 300


def display(path: bytes) -> str:
    """The daemon's display form of a path (SpoolPath+Display): well-formed UTF-8 as is,
    every other byte as \\xHH, a backslash doubled."""
    text = path.decode("utf-8", "surrogateescape")
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append("\\x%02X" % (code - 0xDC00))
        elif ch == "\\":
            out.append("\\\\")
        else:
            out.append(ch)
    return "".join(out)


# ------------------------------------------------------------------ configurations
def config_text(spool, log, generation, broken=None):
    text = f"""# newsclass soak configuration, generation {generation}
[spool]
path = "{spool}"
include = ["**"]
exclude = ["*.skip", "**/*.skip"]
unfinished = [".*", "*.tmp", "*.part", "*.crdownload", "*.swp", "*~"]
max_bytes = {MAX_BYTES}
after = "archive"
reconcile_seconds = 15.0

[log]
path = "{log}"

[daemon]
workers = 0

[classifier]
title_weight = {2.0 if generation % 2 else 2.5}
"""
    if broken == "syntax":
        text += "[[[broken\n"
    elif broken == "unknown_key":
        text = text.replace("[daemon]\n", "[daemon]\nworkerz = 3\n")
    elif broken == "bad_value":
        text = text.replace(f"max_bytes = {MAX_BYTES}", "max_bytes = -5")
    elif broken == "bad_type":
        text = text.replace('after = "archive"', "after = 42")
    elif broken == "bad_glob_list":
        text = text.replace('include = ["**"]', 'include = "**"')
    return text


# ------------------------------------------------------------------ article bodies
CHINESE = [
    "国家发展改革委等部门发布通知，要求全面整治虚拟货币挖矿活动，严禁新增项目，加快存量项目有序退出。",
    "内蒙古对虚拟货币挖矿企业实行惩罚性电价，并开通举报热线，清理关停比特币矿场。",
    "中央纪委国家监委通报，某市原副市长严重违纪违法，收受巨额贿赂，被开除党籍和公职，涉嫌受贿犯罪问题移送检察机关。",
    "审计发现多名官员利用职务便利贪污公款，相关人员已被立案审查调查。",
    "中国承诺力争二〇三〇年前实现碳达峰、二〇六〇年前实现碳中和，逐步减少煤电，推动能源绿色低碳转型。",
    "专家指出，比特币挖矿耗电巨大，碳排放不容忽视，整治挖矿有助于实现气候目标。",
    "今天天气晴朗，市民在公园里散步，图书馆举办了读书分享会。",
]


class Articles:
    """Unique article texts: a pool of corpus articles (../shared/bench/corpus.py when it
    is there, else the repo's examples/) with a unique last line per drop."""

    def __init__(self, rng):
        self.rng = rng
        self.pool = []
        bench = os.path.join(os.path.dirname(REPO), "shared", "bench")
        try:
            sys.path.insert(0, bench)
            import corpus  # noqa: E402  (the shared generator; deterministic per seed)
            crng = random.Random(rng.random())
            for _ in range(600):
                self.pool.append(corpus.make_article(crng, corpus.choose_topics(crng)))
            self.source = "../shared/bench/corpus.py"
        except Exception:
            examples = os.path.join(REPO, "examples")
            for name in sorted(os.listdir(examples)):
                if name.endswith((".txt", ".md")):
                    with open(os.path.join(examples, name), encoding="utf-8") as f:
                        self.pool.append(f.read())
            self.source = "examples/"
        if not self.pool:
            self.pool = ["Officials ordered crypto mining farms shut in a crackdown on bitcoin mining.\n"]

    def text(self, serial):
        body = self.rng.choice(self.pool)
        return f"{body}\n\nSoak reference {serial:08d} ({self.rng.getrandbits(64):016x}).\n"

    def chinese(self, serial):
        lines = self.rng.sample(CHINESE, 4)
        return "新闻稿\n\n" + "\n".join(lines) + f"\n\n编号 {serial:08d}-{self.rng.getrandbits(48):012x}\n"


def content_for(kind, serial, arts, rng):
    """The bytes of one drop of `kind` (not for symlink/fifo/dup/hardlink/oversized)."""
    if kind in ("text", "unreadable", "badname", "stay"):
        return arts.text(serial).encode()
    if kind == "markdown":
        body = arts.text(serial)
        return (f"# Soak brief {serial}\n\n" + body.replace("\n\n", "\n\n- ", 1) + "\n").encode()
    if kind == "html":
        body = arts.text(serial)
        paras = "".join(f"<p>{p}</p>\n" for p in body.split("\n\n") if p.strip())
        return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Soak {serial}</title></head>\n"
                f"<body><nav>Home | World</nav><article><h1>Soak {serial}</h1>\n{paras}</article></body></html>\n").encode()
    if kind == "json":
        body = arts.text(serial)
        return json.dumps({"headline": f"Soak report {serial}", "articleBody": body, "id": serial}).encode()
    if kind == "email":
        body = arts.text(serial)
        return (f"From: desk@example.org\nTo: analysts@example.org\nSubject: Soak alert {serial}\n"
                f"Date: Mon, 23 Nov 2026 10:00:00 +0000\nMessage-ID: <soak-{serial}@example.org>\n"
                f"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{body}").encode()
    if kind == "gb18030":
        return arts.chinese(serial).encode("gb18030")
    if kind == "utf16":
        return arts.chinese(serial).encode("utf-16")   # with a byte-order mark
    if kind == "empty":
        return b""
    if kind == "binary":
        head = b"\x7fELF\x02\x01\x01\x00" if rng.random() < 0.5 else b"\x00\x01\x02\x03PK\x03\x04"
        return head + rng.randbytes(rng.randint(200, 6000))
    if kind == "badutf8":
        # declared UTF-8 (an HTML meta charset) but dozens of invalid sequences
        junk = b"".join(rng.choice([b"\xc3\x28", b"\xa0\xa1", b"\xe2\x28\xa1", b"\xff", b"\xf0\x28\x8c\x28"])
                        + b" word " for _ in range(40))
        return (b"<html><head><meta charset=\"utf-8\"><title>bad</title></head><body><p>"
                + junk + f" {serial:08d}".encode() + b"</p></body></html>\n")
    raise ValueError(kind)


# ------------------------------------------------------------------ the driver
class Driver:
    def __init__(self, a):
        self.a = a
        self.rng = random.Random(a.seed)
        self.run = os.path.abspath(a.run)
        self.spool = os.path.join(self.run, "spool")
        self.incoming = os.path.join(self.spool, "incoming")
        self.logdir = os.path.join(self.run, "log")
        self.log = os.path.join(self.logdir, "events.jsonl")
        self.config = os.path.join(self.run, "etc", "newsclass.toml")
        self.cache = os.path.join(self.run, "cache")
        self.stage = os.path.join(self.run, "stage")   # hard links come from here (same filesystem)
        self.duration = a.minutes * 60.0
        self.arts = Articles(self.rng)
        self.serial = 0
        self.folders = [b""]             # relative to incoming/, bytes; b"" = incoming/
        self.folder_seq = 0
        self.classified_contents = []    # (bytes, id) of drops expected classified, for dups
        self.manifest = open(os.path.join(self.run, "manifest.jsonl"), "w")
        self.samples = open(os.path.join(self.run, "samples.jsonl"), "w")
        self.notes = open(os.path.join(self.run, "notify.jsonl"), "w")
        self.counts = {}
        self.events = []                 # (t, wall, what, detail) driver actions, for the judge
        self.incarnations = []           # dicts: n, pid, start, ready, end, how, rc
        self.proc = None
        self.cur = None
        self.generation = 0
        self.hup_n = 0
        self.rotation_n = 0
        self.diskfull = None
        self.broken_forms = ["syntax", "unknown_key", "bad_value", "bad_type", "bad_glob_list"]
        if not a.broken_toml:
            self.broken_forms.remove("syntax")

    # ---- bookkeeping
    def now(self):
        return time.monotonic() - self.t0

    def note(self, what, **detail):
        self.events.append({"t": round(self.now(), 3), "wall": time.time(), "what": what, **detail})
        print(f"[{self.now():7.1f}s] {what} {json.dumps(detail) if detail else ''}", flush=True)

    # ---- setup
    def setup(self):
        os.umask(0)
        for d in (self.spool, self.incoming, os.path.dirname(self.config)):
            os.makedirs(d, exist_ok=True)
        # incoming/ as installed (1730, the daemon's); the spool root the daemon's own.
        os.chown(self.spool, 65534, 65534)
        os.chmod(self.spool, 0o755)
        os.chown(self.incoming, 65534, 65534)
        os.chmod(self.incoming, 0o1730)
        os.makedirs(self.stage, mode=0o755, exist_ok=True)
        os.chown(self.logdir, 65534, 65534)
        os.chmod(self.logdir, 0o755)
        os.chmod(os.path.dirname(self.config), 0o755)
        # the matcher's tables as the unit keeps them (CacheDirectory=, 0700, the daemon's)
        os.makedirs(self.cache, mode=0o700, exist_ok=True)
        os.chown(self.cache, 65534, 65534)
        self.write_config(None)
        self.notify_path = os.path.join(self.run, "notify.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.notify_path)
        os.chmod(self.notify_path, 0o777)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.sock.setblocking(False)

    def write_config(self, broken):
        self.generation += 1
        text = config_text(self.spool, self.log, self.generation, broken)
        tmp = self.config + ".new"
        with open(tmp, "w") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.rename(tmp, self.config)

    # ---- the daemon
    def start_daemon(self, why):
        n = len(self.incarnations) + 1
        err = open(os.path.join(self.run, f"daemon-{n}.err"), "wb")
        out = open(os.path.join(self.run, f"daemon-{n}.out"), "wb")
        env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LANG": "C.UTF-8",
               "NOTIFY_SOCKET": self.notify_path, "WATCHDOG_USEC": "30000000", "CACHE_DIRECTORY": self.cache}
        cmd = ["setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups", "--",
               self.a.bin, "run", "--config", self.config, "--spool", self.spool, "--log", self.log]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        err.close()
        out.close()
        self.cur = {"n": n, "pid": self.proc.pid, "start": self.now(), "start_wall": time.time(),
                    "ready": None, "ready_wall": None, "end": None, "how": None, "rc": None, "why": why,
                    "watchdog": [], "reloads": 0, "status": []}
        self.incarnations.append(self.cur)
        with open(os.path.join(self.run, "daemon.pid"), "w") as f:
            f.write(f"{self.proc.pid}\n")
        self.note("start", n=n, pid=self.proc.pid, why=why)

    def ready(self):
        return self.cur is not None and self.cur["ready"] is not None and self.cur["end"] is None

    def daemon_exited(self, how):
        rc = self.proc.wait()
        self.cur["end"] = self.now()
        self.cur["end_wall"] = time.time()
        self.cur["how"] = how
        self.cur["rc"] = rc
        self.note("exit", n=self.cur["n"], rc=rc, how=how)

    def kill_and_restart(self):
        self.note("sigkill", n=self.cur["n"], pid=self.proc.pid)
        self.proc.send_signal(signal.SIGKILL)
        self.daemon_exited("sigkill")
        self.write_config(None)          # a restart must not meet a broken file
        self.start_daemon("after SIGKILL")

    def check_alive(self):
        if self.proc is not None and self.cur["end"] is None and self.proc.poll() is not None:
            self.daemon_exited("unexpected")
            # as systemd's Restart=on-failure would
            self.write_config(None)
            self.start_daemon("after an unexpected exit")

    def read_notify(self):
        while True:
            try:
                data, anc, _, _ = self.sock.recvmsg(4096, socket.CMSG_SPACE(12))
            except BlockingIOError:
                return
            pid = None
            for level, kind, payload in anc:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    pid = struct.unpack("iII", payload[:12])[0]
            text = data.decode("utf-8", "replace")
            t = self.now()
            self.notes.write(json.dumps({"t": round(t, 3), "wall": time.time(), "pid": pid, "msg": text}) + "\n")
            inc = next((i for i in reversed(self.incarnations) if i["pid"] == pid), None)
            if inc is None:
                continue
            for line in text.split("\n"):
                if line == "READY=1" and inc["ready"] is None:
                    inc["ready"] = t
                    inc["ready_wall"] = time.time()
                    self.note("ready", n=inc["n"], after=round(t - inc["start"], 2))
                elif line == "WATCHDOG=1":
                    inc["watchdog"].append(round(t, 3))
                elif line == "RELOADING=1":
                    inc["reloads"] += 1
                elif line.startswith("STATUS="):
                    status = line[7:]
                    # the notable ones, each time it changes (the counts change every second)
                    notable = "paused" in status or "refused" in status
                    last = inc["status"][-1][1] if inc["status"] else None
                    if (notable or (last is not None and ("paused" in last or "refused" in last))) \
                            and status != last:
                        inc["status"].append((round(t, 3), status))

    # ---- drops
    def next_serial(self):
        self.serial += 1
        return self.serial

    def pick_folder(self):
        if self.rng.random() < 0.65 or len(self.folders) == 1:
            return b""
        return self.rng.choice(self.folders[1:])

    def new_folder(self):
        """A chain of 1-4 new folders below incoming/ or below a folder that exists, made
        on the fly: sometimes straight in place (racing the daemon's watch-then-scan),
        sometimes prepared under a dot-name and renamed in (as the README says)."""
        if len(self.folders) >= MAX_FOLDERS:
            return
        shallow = [f for f in self.folders if f.count(b"/") < 6]
        parent = self.rng.choice(shallow) if self.rng.random() < 0.6 else b""
        depth = self.rng.randint(1, 4)
        names = []
        for _ in range(depth):
            self.folder_seq += 1
            names.append(b"d%d" % self.folder_seq)
        rel = b"/".join(([parent] if parent else []) + names)
        full = os.path.join(os.fsencode(self.incoming), rel)
        if self.rng.random() < 0.5:
            os.makedirs(full, mode=0o777, exist_ok=True)
        else:
            top = os.path.join(os.fsencode(self.incoming), parent, b"." + names[0])
            os.makedirs(os.path.join(top, *names[1:]) if names[1:] else top, mode=0o777)
            os.rename(top, os.path.join(os.fsencode(self.incoming), parent, names[0]))
        for i in range(1, depth + 1):
            self.folders.append(b"/".join(([parent] if parent else []) + names[:i]))

    def drop(self, kind):
        serial = self.next_serial()
        folder = self.pick_folder()
        base = b"n%08d" % serial
        name = base + b".txt"
        data = None
        if kind == "badname":
            name = base + self.rng.choice([b"\nsecond-line.txt", b"\x01ctrl.txt", b"\x1b[31mred.txt",
                                           b"\tta\x7fb.txt", b"-caf\xe9.txt", b"\r.txt"])
        elif kind in ("html",):
            name = base + b".html"
        elif kind == "json":
            name = base + b".json"
        elif kind == "email":
            name = base + b".eml"
        elif kind == "markdown":
            name = base + b".md"
        elif kind == "stay":
            name = self.rng.choice([b".stay-" + base + b".txt", base + b".txt.part", base + b".skip",
                                    base + b".txt~"])
        if kind == "dup":
            if not self.classified_contents:
                kind = "text"
            else:
                data, _ = self.rng.choice(self.classified_contents)
        if kind == "oversized":
            data = (b"oversized soak article %d. " % serial) * ((MAX_BYTES + self.rng.randint(1, 65536)) // 24 + 1)
        if data is None and kind not in ("symlink", "fifo", "hardlink"):
            data = content_for(kind, serial, self.arts, self.rng)
        d = os.path.join(os.fsencode(self.incoming), folder) if folder else os.fsencode(self.incoming)
        tmp = os.path.join(d, b".tmp-" + base)
        final = os.path.join(d, name)
        if kind == "symlink":
            os.symlink(self.rng.choice([b"/etc/passwd", b"../nowhere", b"/dev/zero"]), tmp)
        elif kind == "fifo":
            os.mkfifo(tmp, 0o666)
        elif kind == "hardlink":
            data = content_for("text", serial, self.arts, self.rng)
            staged = os.path.join(os.fsencode(self.stage), base)
            with open(staged, "wb") as f:
                f.write(data)
            os.chmod(staged, 0o644)
            # a link appears with IN_CREATE only: no close-write, no move — the periodic
            # reconcile scan has to find it
            os.link(staged, final)
            os.unlink(staged)
            tmp = None
        else:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
            if kind == "unreadable":
                os.chmod(tmp, 0)
        if tmp is not None:
            os.rename(tmp, final)
        rel = (folder + b"/" + name) if folder else name
        ident = None
        if data is not None and kind not in ("unreadable", "oversized"):
            ident = "sha256:" + hashlib.sha256(data).hexdigest()
        event, reason, fmt = EXPECT[kind]
        if event == "classified":
            if len(self.classified_contents) < 5000:
                self.classified_contents.append((data, ident))
            elif self.rng.random() < 0.05:
                self.classified_contents[self.rng.randrange(5000)] = (data, ident)
        self.manifest.write(json.dumps({
            "serial": serial, "file": display(rel), "kind": kind, "event": event, "reason": reason,
            "format": fmt, "id": ident, "t": round(self.now(), 3)}) + "\n")
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def drop_some(self, n):
        for _ in range(n):
            r = self.rng.random() * self.kind_total
            for kind, w in KINDS:
                r -= w
                if r < 0:
                    break
            self.drop(kind)

    # ---- faults
    def hup(self, why):
        self.proc.send_signal(signal.SIGHUP)
        self.note("sighup", n=self.cur["n"], why=why)

    def config_hup(self):
        self.hup_n += 1
        if self.hup_n % 2 == 1:
            form = self.broken_forms[(self.hup_n // 2) % len(self.broken_forms)]
            self.write_config(form)
            self.hup("config-broken:" + form)
        else:
            self.write_config(None)
            self.hup("config-good")

    def rotate(self):
        self.rotation_n += 1
        target = f"{self.log}.{self.rotation_n}"
        try:
            os.rename(self.log, target)
        except FileNotFoundError:
            self.note("rotate-skipped", why="no events.jsonl")
            return
        self.note("rotate", to=os.path.basename(target))
        self.hup("rotate")

    def statvfs_used(self):
        st = os.statvfs(self.logdir)
        return (st.f_blocks - st.f_bfree) * st.f_frsize

    def diskfull_begin(self):
        ballast = os.path.join(self.logdir, "ballast")
        for _ in range(50):
            size_kib = (self.statvfs_used() + (8 << 20)) // 1024 + 4
            r = subprocess.run(["mount", "-o", f"remount,size={size_kib}k", self.logdir],
                               capture_output=True, text=True)
            if r.returncode == 0:
                break
            time.sleep(0.02)
        else:
            self.diskfull = {"failed": r.stderr.strip(), "begin": self.now(), "end": self.now()}
            self.note("diskfull-failed", why=r.stderr.strip())
            return
        fd = os.open(ballast, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        chunk = b"\0" * 65536
        written = 0
        for size in (65536, 4096, 512, 1):
            while True:
                try:
                    n = os.write(fd, chunk[:size])
                except OSError:
                    break
                if n <= 0:
                    break
                written += n
        os.close(fd)
        self.diskfull = {"begin": self.now(), "begin_wall": time.time(), "size_kib": size_kib,
                         "ballast": written, "end": None}
        self.note("diskfull-begin", size_kib=size_kib, ballast=written)

    def diskfull_end(self):
        os.unlink(os.path.join(self.logdir, "ballast"))
        r = subprocess.run(["mount", "-o", f"remount,size={self.a.log_fs_mib}m", self.logdir],
                           capture_output=True, text=True)
        self.diskfull["end"] = self.now()
        self.diskfull["end_wall"] = time.time()
        self.note("diskfull-end", remount=r.returncode)

    # ---- sampling
    def sample(self):
        if self.cur is None or self.cur["end"] is not None:
            return
        pid = self.cur["pid"]
        try:
            with open(f"/proc/{pid}/status") as f:
                status = {l.split(":")[0]: l.split()[1] for l in f if l.startswith(("VmRSS:", "RssAnon:"))}
            rss, anon = int(status["VmRSS"]), int(status["RssAnon"])
            fds = len(os.listdir(f"/proc/{pid}/fd"))
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            threads = int(fields[17])
        except (OSError, KeyError, ValueError, IndexError):
            return
        self.samples.write(json.dumps({
            "t": round(self.now(), 3), "wall": time.time(), "n": self.cur["n"], "pid": pid,
            "ready": self.cur["ready"] is not None, "rss_kib": rss, "anon_kib": anon, "fds": fds, "cpu_s": cpu,
            "threads": threads, "diskfull": self.diskfull is not None and self.diskfull["end"] is None}) + "\n")

    # ---- main loop
    def takeable_left(self):
        """Files in incoming/ that the daemon should still take, and files in processing/."""
        left = 0
        for root, dirs, files in os.walk(os.fsencode(self.incoming)):
            dirs[:] = [d for d in dirs if not d.startswith(b".")]
            for f in files:
                if f.startswith(b".") or f.endswith((b".part", b".skip", b"~", b".tmp")):
                    continue
                left += 1
        try:
            left += len(os.listdir(os.path.join(self.spool, "processing")))
        except FileNotFoundError:
            pass
        return left

    def main(self):
        self.setup()
        self.kind_total = sum(w for _, w in KINDS)
        self.t0 = time.monotonic()
        self.note("begin", minutes=self.a.minutes, seed=self.a.seed, articles=self.arts.source,
                  broken_forms=self.broken_forms)
        self.start_daemon("first start")
        deadline = self.now() + 60
        while not self.ready() and self.now() < deadline:
            self.read_notify()
            self.check_alive()
            time.sleep(0.01)
        if not self.ready():
            self.note("never-ready")
            return self.finish(aborted=True)

        cycle_len = sum(s for _, s in CYCLE)
        next_hup = 15.0
        next_rotate = 60.0
        next_kill = 175.0
        next_sample = 0.0
        next_folder = 1.0
        next_oversized = 5.0
        df_at = self.a.diskfull_at if self.a.diskfull_at is not None else self.duration / 2 + 20
        df_hold = 20.0
        dropped_by_phase = {}
        while True:
            t = self.now()
            if t >= self.duration:
                break
            self.read_notify()
            self.check_alive()
            # the load: which phase of the cycle, how many files are due in it
            k, into = divmod(t, cycle_len)
            acc = 0
            for i, (rate, secs) in enumerate(CYCLE):
                if into < acc + secs:
                    key = (int(k), i)
                    due = int(rate * self.a.load * (into - acc)) - dropped_by_phase.get(key, 0)
                    due = min(due, 200)
                    if due > 0:
                        self.drop_some(due)
                        dropped_by_phase[key] = dropped_by_phase.get(key, 0) + due
                    break
                acc += secs
            if t >= next_folder:
                self.new_folder()
                next_folder += self.rng.uniform(2, 8)
            if t >= next_oversized:
                self.drop("oversized")
                next_oversized += self.rng.uniform(5, 15)
            if t >= next_sample:
                self.sample()
                next_sample += 2.0
            # faults, only against a daemon that is up (a supervisor sends reloads after READY)
            if self.diskfull is None and t >= df_at:
                self.diskfull_begin()
            elif self.diskfull is not None and self.diskfull["end"] is None and t >= self.diskfull["begin"] + df_hold:
                self.diskfull_end()
            in_diskfull = self.diskfull is not None and self.diskfull["end"] is None
            if t >= next_kill and self.ready():
                if in_diskfull or (self.diskfull is None and df_at - 5 <= t < df_at + 1):
                    pass  # never SIGKILL during the disk-full episode: it would blur both
                else:
                    self.kill_and_restart()
                    next_kill += 180.0
            if t >= next_rotate and self.ready():
                self.rotate()
                next_rotate += 60.0
            if t >= next_hup and self.ready():
                self.config_hup()
                next_hup += 30.0
            time.sleep(0.005)

        self.note("load-end", dropped=self.serial)
        if self.diskfull is not None and self.diskfull["end"] is None:
            self.diskfull_end()
        self.write_config(None)
        # drain: nothing takeable left in incoming/ or processing/ (the reconcile scan
        # takes up to 15 s for hard links), or give up after --drain seconds
        drain_deadline = self.now() + self.a.drain
        quiet_since = None
        while self.now() < drain_deadline:
            self.read_notify()
            self.check_alive()
            if self.now() >= next_sample:
                self.sample()
                next_sample += 2.0
            if self.takeable_left() == 0:
                quiet_since = quiet_since or self.now()
                if self.now() - quiet_since >= 3:
                    break
            else:
                quiet_since = None
            time.sleep(0.2)
        self.note("drained" if quiet_since else "drain-timeout", left=self.takeable_left())
        self.sample()
        return self.finish()

    def finish(self, aborted=False):
        if self.proc is not None and self.cur["end"] is None:
            self.note("sigterm", n=self.cur["n"])
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.note("sigterm-timeout")
                self.proc.kill()
            self.daemon_exited("sigterm")
        self.read_notify()
        for f in (self.manifest, self.samples, self.notes):
            f.close()
        with open(os.path.join(self.run, "driver.json"), "w") as f:
            json.dump({"minutes": self.a.minutes, "seed": self.a.seed, "duration": self.duration,
                       "aborted": aborted, "dropped": self.serial, "counts": self.counts,
                       "folders": len(self.folders) - 1, "events": self.events,
                       "incarnations": self.incarnations, "diskfull": self.diskfull,
                       "warmup": self.a.warmup, "articles": self.arts.source,
                       "broken_forms": self.broken_forms}, f, indent=1)
        return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--run", required=True)
    ap.add_argument("--minutes", type=float, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--load", type=float, default=1.0, help="multiplies every rate of the cycle")
    ap.add_argument("--drain", type=float, default=300, help="seconds to wait for the spool to drain")
    ap.add_argument("--diskfull-at", type=float, default=None, help="seconds (default: the middle + 20 s)")
    ap.add_argument("--log-fs-mib", type=int, default=1024)
    ap.add_argument("--warmup", type=float, default=60)
    ap.add_argument("--broken-toml", type=int, default=1,
                    help="1: the broken configurations include a file ending in '[[[broken'")
    a = ap.parse_args()
    driver = Driver(a)
    try:
        rc = driver.main()
    finally:
        # an exception or Ctrl-C: never leave the daemon running
        if driver.proc is not None and driver.proc.poll() is None:
            driver.proc.kill()
            driver.proc.wait()
    sys.exit(rc)


if __name__ == "__main__":
    main()
