#!/usr/bin/env python3
"""bench.py: the side-by-side benchmark of berth, crun, runc and the floor program.

It owns the scenarios, the bundles, interleaving, statistics and the report.
It never times anything itself: every measurement is taken by the C timer
(timer.c) that it drives over a pipe, so no Python start-up or scheduling lands
inside a number.  Started by contrib/bench/run, which has already moved it into
a private mount namespace with /sys/fs/cgroup/unified unmounted.
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OCI_VERSION = "1.1.0"
NAMESPACES = ["pid", "network", "ipc", "uts", "mount", "cgroup"]
MIB = 1024.0


class BenchError(Exception):
    pass


class Sample:
    __slots__ = ("status", "wall_ms", "cpu_ms", "rss_kb")

    def __init__(self, status, wall_ns, user_us, sys_us, rss_kb):
        self.status = status
        self.wall_ms = wall_ns / 1e6
        self.cpu_ms = (user_us + sys_us) / 1e3
        self.rss_kb = rss_kb

    @property
    def ok(self):
        return self.status in ("exit:0", "polled-exit:0")


class Timer:
    """The C timer process: spawns commands and measures them."""

    def __init__(self, path, log):
        self.log = log
        self.proc = subprocess.Popen([path, log], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)

    def _ask(self, fields):
        line = "\t".join(str(f) for f in fields)
        if "\n" in line:
            raise BenchError("newline in a command: %r" % line)
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline().split()
        if not reply:
            raise BenchError("the timer died")
        if reply[0] != "ok":
            raise BenchError("timer: " + " ".join(reply[1:]))
        return Sample(reply[1], int(reply[2]), int(reply[3]), int(reply[4]), int(reply[5]))

    def log_size(self):
        try:
            return os.path.getsize(self.log)
        except OSError:
            return 0

    def log_since(self, offset):
        with open(self.log, "rb") as f:
            f.seek(offset)
            text = f.read().decode(errors="replace").strip()[-600:]
        return " | ".join(l for l in text.splitlines() if l.strip())

    def run(self, argv, timeout=60):
        return self._ask(["R", timeout] + list(argv))

    def wait(self, pidfile, timeout=30):
        return self._ask(["W", timeout, pidfile])

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("Q\n")
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Runtime:
    def __init__(self, name, path, workdir):
        self.name = name
        self.path = path
        self.root = os.path.join(workdir, "state", name)
        self.maybe_alive = set()
        os.makedirs(self.root, exist_ok=True)

    def cmd(self, *args):
        return [self.path, "--root", self.root] + list(args)


class Bench:
    def __init__(self, opts):
        self.opts = opts
        self.workdir = tempfile.mkdtemp(prefix="berth-bench.")
        self.cgroup_prefix = "berth-bench.%d" % os.getpid()
        self.rootfs = os.path.join(self.workdir, "rootfs")
        self.results = {}      # scenario -> runtime -> op -> [Sample]
        self.failures = {}     # (scenario, runtime) -> message
        self.excluded = {}     # runtime -> reason (could not run at all)
        self.runtimes = []
        self.floor = None
        self.timer = None
        self.floor_sleeper = None
        self.base_config = None
        self.config_source = None
        self.state_fs = None
        self.isolation = {}
        self.floor_variants = []

    # ---- set-up --------------------------------------------------------

    def build_helpers(self):
        cc = os.environ.get("CC", "cc")
        for name in ("timer", "floor"):
            given = getattr(self.opts, name)
            if given:
                if not os.access(given, os.X_OK):
                    raise BenchError("%s program %s is not executable" % (name, given))
                continue
            out = os.path.join(self.workdir, name)
            src = os.path.join(HERE, name + ".c")
            # The timer is static: until exec, its posix_spawn child shares
            # its memory, and the kernel counts that in the child's peak RSS.
            for extra in ([["-static"]] if name == "timer" else []) + [[]]:
                r = subprocess.run([cc, "-O2", "-Wall", "-Wextra", "-o", out, src] + extra,
                                   capture_output=True, text=True)
                if r.returncode == 0:
                    break
            if r.returncode != 0:
                raise BenchError("cannot build %s: %s" % (src, r.stderr.strip()))
            setattr(self.opts, name, out)

    def make_rootfs(self):
        busybox = self.opts.busybox
        if not os.path.exists(busybox):
            raise BenchError("%s not found: apt-get install busybox-static" % busybox)
        for d in ("bin", "dev", "proc", "sys", "tmp", "etc", "root"):
            os.makedirs(os.path.join(self.rootfs, d), exist_ok=True)
        shutil.copy(busybox, os.path.join(self.rootfs, "bin", "busybox"))
        for applet in ("true", "sleep", "sh"):
            os.symlink("busybox", os.path.join(self.rootfs, "bin", applet))
        with open(os.path.join(self.rootfs, "etc", "passwd"), "w") as f:
            f.write("root:x:0:0:root:/root:/bin/sh\n")
        with open(os.path.join(self.rootfs, "etc", "group"), "w") as f:
            f.write("root:x:0:\n")

    def load_base_config(self):
        """`berth spec` when it works, else `runc spec` (+ cgroup namespace)."""
        candidates = []
        if self.opts.berth:
            candidates.append(("berth spec", [self.opts.berth, "spec"]))
        for name in ("runc", "crun"):
            path = shutil.which(name)
            if path:
                candidates.append(("%s spec + cgroup namespace" % name, [path, "spec"]))
        for label, argv in candidates:
            d = tempfile.mkdtemp(dir=self.workdir, prefix="spec.")
            try:
                r = subprocess.run(argv, cwd=d, capture_output=True, text=True, timeout=20)
                with open(os.path.join(d, "config.json")) as f:
                    cfg = json.load(f)
                if r.returncode == 0 and isinstance(cfg.get("linux", {}).get("namespaces"), list):
                    self.base_config, self.config_source = cfg, label
                    return
            except (OSError, ValueError, subprocess.SubprocessError):
                pass
        raise BenchError("no runtime could write a default config (tried: %s)"
                         % ", ".join(l for l, _ in candidates))

    def bundle(self, rt_name, tag, args, edit=None):
        """A bundle dir whose config.json is the default config with ARGS and
        its own cgroupsPath, sharing the one rootfs."""
        d = os.path.join(self.workdir, "bundles", rt_name, tag)
        if os.path.exists(os.path.join(d, "config.json")):
            return d
        os.makedirs(d)
        cfg = json.loads(json.dumps(self.base_config))
        # crun 1.8.1 rejects "1.2.0" and later ("unknown version specified");
        # every runtime here accepts 1.1.0, and the config uses nothing newer.
        cfg["ociVersion"] = OCI_VERSION
        proc = cfg.setdefault("process", {})
        proc["terminal"] = False
        proc["args"] = list(args)
        cfg.setdefault("root", {})["path"] = self.rootfs
        linux = cfg.setdefault("linux", {})
        have = {ns.get("type") for ns in linux.setdefault("namespaces", [])}
        for ns in NAMESPACES:
            if ns not in have:
                linux["namespaces"].append({"type": ns})
        linux["cgroupsPath"] = "/%s/%s-%s" % (self.cgroup_prefix, rt_name, tag)
        if edit:
            edit(cfg)
        with open(os.path.join(d, "config.json"), "w") as f:
            json.dump(cfg, f, indent=1)
        return d

    def mount_state_tmpfs(self):
        """State roots live on tmpfs, as /run does on a normal host (here /run
        and /tmp are ext4, whose metadata updates would dominate `create`).
        Only inside the private mount namespace that contrib/bench/run made:
        the mount is invisible outside it and goes away with it."""
        state = os.path.join(self.workdir, "state")
        os.makedirs(state, exist_ok=True)
        self.state_fs = "the work dir's file system"
        if os.environ.get("BERTH_BENCH_PRIVATE_NS"):
            r = subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=0700", "berth-bench-state", state],
                               capture_output=True, text=True)
            if r.returncode == 0:
                self.state_fs = "a private tmpfs (like /run)"

    def setup(self):
        self.build_helpers()
        self.make_rootfs()
        self.mount_state_tmpfs()
        self.timer = Timer(self.opts.timer, os.path.join(self.workdir, "log"))
        wanted = [r.strip() for r in self.opts.runtimes.split(",") if r.strip()]
        for name in wanted:
            if name == "floor":
                self.floor = self.opts.floor
                continue
            if "=" in name:  # NAME=PATH: any other binary, e.g. a static berth build
                name, path = name.split("=", 1)
            else:
                path = self.opts.berth if name == "berth" else shutil.which(name)
            if not path or not os.access(path, os.X_OK):
                self.excluded[name] = "not installed"
                continue
            self.runtimes.append(Runtime(name, os.path.abspath(path), self.workdir))
        self.load_base_config()
        self.make_cgroup_parent()
        if self.floor and self.opts.floor_cgroups:
            self.floor_variants = self.floor_cgroup_variants()

    def cgroup_homes(self):
        """(path, fstype) of every cgroup mount under /sys/fs/cgroup."""
        homes = []
        with open("/proc/self/mountinfo") as f:
            for line in f:
                x = line.split()
                fstype = x[x.index("-") + 1]
                if fstype in ("cgroup", "cgroup2") and x[4].startswith("/sys/fs/cgroup"):
                    homes.append((x[4], fstype))
        return homes

    def make_cgroup_parent(self):
        """The cgroupsPath parent (/PREFIX) is made once, here, in every
        hierarchy, as an engine's parent (podman's libpod_parent, a k8s pod
        slice) exists before its containers: every runtime then creates and
        removes only its own leaf.  Without it the first runtime to run makes
        the parent, runc and crun leave it, and berth (which removes the
        parents it made) would pay a second level only when it happens to
        run first or alone.  remove_cgroups() removes it at the end."""
        for home, fstype in self.cgroup_homes():
            top = os.path.join(home, self.cgroup_prefix)
            try:
                os.mkdir(top)
            except OSError:
                continue
            if fstype != "cgroup2":
                continue
            # cgroup2: delegate what the root delegates, as a slice would
            try:
                with open(os.path.join(home, "cgroup.subtree_control")) as f:
                    ctrls = f.read().split()
                for c in ctrls:
                    with open(os.path.join(top, "cgroup.subtree_control"), "w") as f:
                        f.write("+" + c)
            except OSError:
                pass

    def floor_cgroup_variants(self):
        """Floor contenders that also create and join a cgroup per hierarchy:
        "procs" as runc and crun do it (the parent writes the pid into
        cgroup.procs) and the cheap way ("self": the child writes 0 into the
        v1 tasks file; "clone3": CLONE_INTO_CGROUP on cgroup2)."""
        homes = self.cgroup_homes()
        v1 = [h for h, fstype in homes if fstype == "cgroup" and h.startswith("/sys/fs/cgroup/")]
        v2 = "/sys/fs/cgroup" if ("/sys/fs/cgroup", "cgroup2") in homes else None
        if v1:
            modes, homes = ("procs", "self"), v1
        elif v2:
            modes, homes = ("procs", "clone3"), [v2]
        else:
            return []
        return [("floor+cg-" + m, m, ":".join("%s/%s/floor-%s" % (h, self.cgroup_prefix, m) for h in homes))
                for m in modes]

    # ---- measuring -----------------------------------------------------

    def record(self, scenario, who, op, sample):
        self.results.setdefault(scenario, {}).setdefault(who, {}).setdefault(op, []).append(sample)

    def step(self, scenario, who, op, argv, timeout=60, record=True):
        """Run ARGV through the timer; raise BenchError with the runtime's own
        message when it fails."""
        off = self.timer.log_size()
        s = self.timer.run(argv, timeout)
        if not s.ok:
            raise BenchError("%s %s: %s: %s" % (who, op, s.status, self.timer.log_since(off)))
        if record:
            self.record(scenario, who, op, s)
        return s

    def wait_pidfile(self, scenario, who, pidfile, record=True):
        s = self.timer.wait(pidfile)
        if s.status.startswith("polled-"):
            self.failures.setdefault((scenario, who), "container process was not re-parented to "
                                     "the timer; its exit was polled (unfair)")
        if s.status.endswith("timeout"):
            raise BenchError("%s: container did not exit" % who)
        if record:
            self.record(scenario, who, "wait", s)
        return s

    def order(self, items, i):
        """Rotate the order every iteration: A B C, B C A, ... (interleaved)."""
        k = i % len(items) if items else 0
        return items[k:] + items[:k]

    def interleave(self, scenario, contenders, iterations, once):
        """Warm up each contender untimed, drop the ones that fail, then run
        ONCE(who, i, record) for each iteration in rotating order."""
        alive = []
        for who in contenders:
            name = who if isinstance(who, str) else who.name
            try:
                once(who, -1, False)
                alive.append(who)
            except BenchError as e:
                self.failures[(scenario, name)] = str(e)
                self.cleanup_runtime(who)
        for i in range(iterations):
            for who in self.order(alive, i):
                name = who if isinstance(who, str) else who.name
                try:
                    once(who, i, True)
                except BenchError as e:
                    self.failures[(scenario, name)] = str(e)
                    self.cleanup_runtime(who)
                    alive = [a for a in alive if a is not who]

    def cleanup_runtime(self, rt):
        if not isinstance(rt, Runtime):
            return
        for cid in list(rt.maybe_alive):
            subprocess.run(rt.cmd("delete", "--force", cid), capture_output=True, timeout=60)
            rt.maybe_alive.discard(cid)

    # ---- isolation check --------------------------------------------------

    def inspect_process(self, pid, cgroups_path):
        """What the kernel shows for PID: which of the six namespaces differ
        from ours, and in how many cgroup hierarchies it sits at CGROUPS_PATH
        (the v2 line is skipped when /sys/fs/cgroup/unified is unmounted)."""
        new_ns = []
        for ns in ("pid", "net", "ipc", "uts", "mnt", "cgroup"):
            try:
                if os.readlink("/proc/%s/ns/%s" % (pid, ns)) != os.readlink("/proc/self/ns/%s" % ns):
                    new_ns.append(ns)
            except OSError:
                pass
        inside = total = 0
        unified_gone = bool(os.environ.get("BERTH_BENCH_UNMOUNTED_UNIFIED"))
        with open("/proc/%s/cgroup" % pid) as f:
            for line in f:
                _, ctrls, path = line.rstrip("\n").split(":", 2)
                if not ctrls and unified_gone:
                    continue
                total += 1
                inside += path == cgroups_path
        return new_ns, inside, total

    def check_isolation(self):
        """Start one sleeping container per runtime and record what isolation
        it really got, so that a runtime skipping work (e.g. cgroups) shows."""
        self.isolation = {}
        for rt in self.runtimes:
            cid = "check"
            try:
                c, s, pidfile = self.start_sleeper(rt, "check", cid, "check")
                with open(pidfile) as f:
                    pid = f.read().strip()
                cg = "/%s/%s-check" % (self.cgroup_prefix, rt.name)
                self.isolation[rt.name] = self.inspect_process(pid, cg)
                self.stop_sleeper(rt, cid, pidfile, "check")
            except (BenchError, OSError) as e:
                self.isolation[rt.name] = str(e)
                self.cleanup_runtime(rt)

    # ---- scenarios -----------------------------------------------------

    def scenario_version(self):
        def once(rt, i, rec):
            self.step("version", rt.name, "version", [rt.path, "--version"], record=rec)
        self.interleave("version", self.runtimes, self.opts.iterations, once)

    def scenario_run(self):
        variants = {name: (mode, dirs) for name, mode, dirs in self.floor_variants}

        def once(who, i, rec):
            if who == "floor":
                self.step("run", "floor", "run", [self.floor, "run", self.rootfs, "/bin/true"], record=rec)
                return
            if who in variants:
                mode, dirs = variants[who]
                self.step("run", who, "run", [self.floor, "run-cg", mode, dirs, self.rootfs, "/bin/true"],
                          record=rec)
                return
            b = self.bundle(who.name, "run", ["/bin/true"])
            cid = "run-%d" % i
            who.maybe_alive.add(cid)
            self.step("run", who.name, "run", who.cmd("run", "--bundle", b, cid), record=rec)
            who.maybe_alive.discard(cid)
        contenders = ([("floor")] if self.floor else []) + list(variants) + self.runtimes
        self.interleave("run", contenders, self.opts.iterations, once)

    def scenario_lifecycle(self):
        def once(rt, i, rec):
            b = self.bundle(rt.name, "life", ["/bin/true"])
            cid = "life-%d" % i
            pidfile = os.path.join(self.workdir, "%s-%s.pid" % (rt.name, cid))
            rt.maybe_alive.add(cid)
            parts = [self.step("lifecycle", rt.name, "create",
                               rt.cmd("create", "--bundle", b, "--pid-file", pidfile, cid), record=rec),
                     self.step("lifecycle", rt.name, "start", rt.cmd("start", cid), record=rec),
                     self.wait_pidfile("lifecycle", rt.name, pidfile, record=rec),
                     self.step("lifecycle", rt.name, "delete", rt.cmd("delete", cid), record=rec)]
            rt.maybe_alive.discard(cid)
            os.unlink(pidfile)
            if rec:
                total = Sample("exit:0", 0, 0, 0, max(p.rss_kb for p in parts))
                total.wall_ms = sum(p.wall_ms for p in parts)
                total.cpu_ms = sum(p.cpu_ms for p in parts)
                self.record("lifecycle", rt.name, "total", total)
        self.interleave("lifecycle", self.runtimes, self.opts.iterations, once)

    def start_sleeper(self, rt, tag, cid, scenario, record=False):
        """create + start a container running sleep; returns (create, start)."""
        b = self.bundle(rt.name, tag, ["/bin/sleep", "3600"])
        pidfile = os.path.join(self.workdir, "%s-%s.pid" % (rt.name, cid))
        rt.maybe_alive.add(cid)
        c = self.step(scenario, rt.name, "create",
                      rt.cmd("create", "--bundle", b, "--pid-file", pidfile, cid), record=record)
        s = self.step(scenario, rt.name, "start", rt.cmd("start", cid), record=record)
        return c, s, pidfile

    def stop_sleeper(self, rt, cid, pidfile, scenario, record=False):
        """kill KILL + wait + delete, as an engine does; returns the samples."""
        k = self.step(scenario, rt.name, "kill", rt.cmd("kill", cid, "KILL"), record=record)
        w = self.wait_pidfile(scenario, rt.name, pidfile, record=record)
        d = self.step(scenario, rt.name, "delete", rt.cmd("delete", cid), record=record)
        rt.maybe_alive.discard(cid)
        os.unlink(pidfile)
        return k, w, d

    def start_floor_sleeper(self):
        p = subprocess.Popen([self.floor, "run", self.rootfs, "/bin/sleep", "3600"])
        self.floor_sleeper = p
        children = "/proc/%d/task/%d/children" % (p.pid, p.pid)
        for _ in range(500):
            try:
                with open(children) as f:
                    kids = f.read().split()
                if kids:
                    with open("/proc/%s/comm" % kids[0]) as f:
                        if f.read().strip() == "sleep":
                            return kids[0]
            except OSError:
                pass
            time.sleep(0.01)
        raise BenchError("floor sleeper did not start")

    def stop_floor_sleeper(self):
        p, self.floor_sleeper = self.floor_sleeper, None
        if p is None:
            return
        try:
            with open("/proc/%d/task/%d/children" % (p.pid, p.pid)) as f:
                for kid in f.read().split():
                    os.kill(int(kid), signal.SIGKILL)
        except OSError:
            pass
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()

    def scenario_exec(self):
        targets = {}
        contenders = []
        if self.floor:
            try:
                targets["floor"] = self.start_floor_sleeper()
                contenders.append("floor")
            except BenchError as e:
                self.failures[("exec", "floor")] = str(e)
        for rt in self.runtimes:
            try:
                targets[rt.name] = self.start_sleeper(rt, "exec", "exec-target", "exec")[2]
                contenders.append(rt)
            except BenchError as e:
                self.failures[("exec", rt.name)] = "cannot start the target container: %s" % e
                self.cleanup_runtime(rt)

        def once(who, i, rec):
            if who == "floor":
                self.step("exec", "floor", "exec", [self.floor, "exec", targets["floor"], "/bin/true"],
                          record=rec)
                return
            self.step("exec", who.name, "exec", who.cmd("exec", "exec-target", "/bin/true"), record=rec)
        try:
            self.interleave("exec", contenders, self.opts.iterations, once)
        finally:
            self.stop_floor_sleeper()
            for rt in self.runtimes:
                if "exec-target" in rt.maybe_alive:
                    try:
                        self.stop_sleeper(rt, "exec-target", targets[rt.name], "exec")
                    except BenchError as e:
                        self.failures.setdefault(("exec", rt.name), "teardown: %s" % e)
                        self.cleanup_runtime(rt)

    def fill_round(self, rt, rnd):
        n = self.opts.fill
        made = []
        try:
            for k in range(n):
                cid = "fill-%d" % k
                c, s, pidfile = self.start_sleeper(rt, "fill-%d" % k, cid, "fill")
                made.append((cid, pidfile))
                self.record("fill", rt.name, "create+start@%d" % (k + 1),
                            Sample("exit:0", (c.wall_ms + s.wall_ms) * 1e6, 0,
                                   (c.cpu_ms + s.cpu_ms) * 1e3, max(c.rss_kb, s.rss_kb)))
            sums = Sample("exit:0", 0, 0, 0, 0)
            for cid, pidfile in made:
                k, w, d = self.stop_sleeper(rt, cid, pidfile, "fill")
                sums.wall_ms += k.wall_ms + w.wall_ms + d.wall_ms
                sums.cpu_ms += k.cpu_ms + w.cpu_ms + d.cpu_ms
            made = []
            self.record("fill", rt.name, "delete-all", sums)
        finally:
            if made:
                self.cleanup_runtime(rt)

    def scenario_fill(self):
        alive = list(self.runtimes)
        for rnd in range(self.opts.fill_rounds):
            for rt in self.order(alive, rnd):
                try:
                    self.fill_round(rt, rnd)
                except BenchError as e:
                    self.failures[("fill", rt.name)] = str(e)
                    alive = [a for a in alive if a is not rt]
        for rt in self.runtimes:
            ops = self.results.get("fill", {}).get(rt.name)
            if not ops:
                continue
            rounds = len(ops.get("delete-all", []))
            created = {}
            for k in range(self.opts.fill):
                created[k + 1] = ops.get("create+start@%d" % (k + 1), [])
            total = []
            for r in range(rounds):
                t = Sample("exit:0", 0, 0, 0, 0)
                t.wall_ms = sum(created[k][r].wall_ms for k in created if len(created[k]) > r)
                t.cpu_ms = sum(created[k][r].cpu_ms for k in created if len(created[k]) > r)
                total.append(t)
            ops["create+start-all"] = total

    # ---- cleanup -------------------------------------------------------

    def cleanup(self):
        self.stop_floor_sleeper()
        for rt in self.runtimes:
            try:
                self.cleanup_runtime(rt)
            except (OSError, subprocess.SubprocessError):
                pass
            # anything the runtime still lists in its private root
            try:
                r = subprocess.run(rt.cmd("list", "-q"), capture_output=True, text=True, timeout=30)
                for cid in r.stdout.split():
                    subprocess.run(rt.cmd("delete", "--force", cid), capture_output=True, timeout=60)
            except (OSError, subprocess.SubprocessError):
                pass
        if self.timer:
            self.timer.close()
        self.remove_cgroups()
        self.unmount_leftovers()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def remove_cgroups(self):
        """Remove every cgroup under OUR prefix, deepest first, in every
        hierarchy; nothing else is touched.  Where a hierarchy directory is
        not a cgroup mount (the unmounted /sys/fs/cgroup/unified is plain
        tmpfs here, which crun still writes cgroup.procs files into), our
        prefix is a plain directory tree and is removed as such."""
        base = "/sys/fs/cgroup"
        fstypes = {}
        try:
            with open("/proc/self/mountinfo") as f:
                for line in f:
                    fields = line.split()
                    fstypes[fields[4]] = fields[fields.index("-") + 1]
        except (OSError, ValueError):
            pass
        homes = [base]
        try:
            homes += [os.path.join(base, h) for h in sorted(os.listdir(base))]
        except OSError:
            pass
        for home in homes:
            top = os.path.join(home, self.cgroup_prefix)
            if not os.path.isdir(top):
                continue
            if not fstypes.get(home, "").startswith("cgroup"):
                shutil.rmtree(top, ignore_errors=True)
            for attempt in range(50):
                for dirpath, dirs, _ in os.walk(top, topdown=False):
                    try:
                        os.rmdir(dirpath)
                    except OSError:
                        pass
                if not os.path.exists(top):
                    break
                time.sleep(0.1)
            if os.path.exists(top):
                self.failures[("cleanup", top)] = "could not remove %s" % top

    def unmount_leftovers(self):
        try:
            with open("/proc/self/mountinfo") as f:
                points = [line.split()[4] for line in f]
        except OSError:
            return
        for p in sorted((p for p in points if p.startswith(self.workdir)), reverse=True):
            subprocess.run(["umount", "-l", p], capture_output=True)

    # ---- report ----------------------------------------------------------

    def ops_of(self, scenario, who):
        return self.results.get(scenario, {}).get(who, {})

    def median(self, scenario, who, op, field):
        s = self.ops_of(scenario, who).get(op)
        if not s:
            return None
        return statistics.median(getattr(x, field) for x in s)


def fmt(v, width=7, prec=2):
    return ("%*.*f" % (width, prec, v)) if v is not None else "%*s" % (width, "-")


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def print_table(b, out):
    o = b.opts
    w = out.write
    mi = open("/proc/self/mountinfo").read()
    w("berth benchmark: %d iterations per scenario (after one untimed warm-up), interleaved in "
      "rotating order (A B C, B C A, ...); %d-container fill x %d round(s)\n"
      % (o.iterations, o.fill, o.fill_rounds))
    if " /sys/fs/cgroup/unified " in mi:
        w("cgroups: /sys/fs/cgroup/unified is STILL mounted (hybrid): crun may refuse to run\n")
    elif os.environ.get("BERTH_BENCH_UNMOUNTED_UNIFIED"):
        w("cgroups: every runtime ran inside ONE private mount namespace (unshare -m --propagation "
          "private) with /sys/fs/cgroup/unified unmounted, so all saw the same cgroup v1 layout\n")
    else:
        w("cgroups: all runtimes ran in one private mount namespace (nothing to unmount)\n")
    w("config: %s, ociVersion %s; args /bin/true (sleep 3600 for exec/fill); namespaces %s; "
      "cgroupsPath /%s/<runtime>-<tag> (the parent /%s made by the bench before any run, as an engine's "
      "parent cgroup: each runtime creates and removes only its leaf)\n"
      % (b.config_source, OCI_VERSION, ",".join(NAMESPACES), b.cgroup_prefix, b.cgroup_prefix))
    w("contenders: %s\n" % ", ".join(
        ["%s=%s" % (r.name, r.path) for r in b.runtimes] + (["floor=%s" % b.floor] if b.floor else [])))
    w("state and bundles: %s (removed at exit); runtime state roots on %s\n" % (b.workdir, b.state_fs))
    for name, why in b.excluded.items():
        w("  %s: excluded (%s)\n" % (name, why))
    try:
        load = open("/proc/loadavg").read().split()[:3]
        w("host: %d cpus, load average %s at the end (other work on the host inflates wall times; "
          "the interleaving spreads it over every runtime alike)\n" % (os.cpu_count() or 0, " ".join(load)))
    except OSError:
        pass
    for name, iso in b.isolation.items():
        if isinstance(iso, str):
            w("isolation check: %s: could not run a container: %s\n" % (name, iso))
            continue
        new_ns, inside, total = iso
        missing = [n for n in ("pid", "net", "ipc", "uts", "mnt", "cgroup") if n not in new_ns]
        w("isolation check: %-6s new namespaces: %s%s; in its cgroupsPath in %d/%d hierarchies%s\n"
          % (name, ",".join(new_ns) or "none", " (MISSING %s)" % ",".join(missing) if missing else "",
             inside, total, "" if inside == total else
             "  <-- NOT in its cgroup: its numbers exclude cgroup set-up, the comparison is unfair"))
    if b.floor:
        w("isolation check: floor  new namespaces: pid,net,ipc,uts,mnt,cgroup by construction; no cgroup "
          "(by design)\n")
    for name, mode, dirs in b.floor_variants:
        w("floor variant: %s = the floor + mkdir, join and rmdir of one cgroup per hierarchy, joined %s\n"
          % (name, {"procs": "by the parent writing the pid into cgroup.procs (as runc and crun do)",
                    "self": "by the child itself writing 0 into the v1 tasks file",
                    "clone3": "with clone3(CLONE_INTO_CGROUP)"}[mode]))
    w("wall = elapsed ms; cpu = user+sys ms of the runtime process and every descendant reaped during the "
      "operation; rss = peak RSS (ru_maxrss) of the runtime process tree, MiB\n")

    names = (["floor"] if b.floor else []) + [v[0] for v in b.floor_variants] + [r.name for r in b.runtimes]
    sections = [
        ("version", "`RUNTIME --version` (binary start-up cost)", ["version"]),
        ("run", "run /bin/true", ["run"]),
        ("lifecycle", "create + start + wait + delete (separate invocations)",
         ["create", "start", "wait", "delete", "total"]),
        ("exec", "exec /bin/true into a running container", ["exec"]),
    ]
    hdr = ("  %-14s %-7s %22s %22s %7s %6s %6s %6s %6s\n"
           % ("runtime", "op", "wall ms med [min-max]", "cpu ms med [min-max]", "rss MiB",
              "w/crun", "c/crun", "w/flr", "c/flr"))
    for scen, title, ops in sections:
        if scen not in b.results:
            continue
        w("\n== %s\n" % title)
        w(hdr)
        for who in names:
            data = b.ops_of(scen, who)
            for op in ops:
                s = data.get(op)
                if not s:
                    continue
                walls = [x.wall_ms for x in s]
                cpus = [x.cpu_ms for x in s]
                mw, mc = statistics.median(walls), statistics.median(cpus)
                rss = statistics.median(x.rss_kb for x in s) / MIB if op != "wait" else None
                cw, cc = b.median(scen, "crun", op, "wall_ms"), b.median(scen, "crun", op, "cpu_ms")
                fw, fc = b.median(scen, "floor", op, "wall_ms"), b.median(scen, "floor", op, "cpu_ms")
                if op == "wait":
                    cw = cc = fw = fc = None  # often ~0: the exit lands inside `start`
                w("  %-14s %-7s %8.2f [%5.2f-%6.2f] %8.2f [%5.2f-%6.2f] %7s %6s %6s %6s %6s\n"
                  % (who, op, mw, min(walls), max(walls), mc, min(cpus), max(cpus),
                     fmt(rss, 7, 2) if rss is not None else "-",
                     fmt(ratio(mw, cw), 6), fmt(ratio(mc, cc), 6),
                     fmt(ratio(mw, fw), 6), fmt(ratio(mc, fc), 6)))
        for who in names:
            if (scen, who) in b.failures:
                w("  %s: FAILED: %s\n" % (who, b.failures[(scen, who)]))

    if "fill" in b.results or any(k[0] == "fill" for k in b.failures):
        n = o.fill
        wins = fill_windows(n)
        w("\n== %d containers alive at once (sleep 3600); per-container create+start ms at k alive: median "
          "over a window of positions [lo-hi] of every round; all / delete-all: seconds for the whole fill "
          "(delete = kill + wait + delete)\n" % n)
        w("  %-14s %-4s %s %12s %12s %10s\n" % ("runtime", "", " ".join(
            "%16s" % ("@%d [%d-%d]" % (c, lo, hi)) for c, lo, hi in wins),
            "all (s)", "delete-all s", "last/first"))
        for who in names:
            data = b.ops_of("fill", who)
            if not data:
                continue
            for field, label in (("wall_ms", "wall"), ("cpu_ms", "cpu")):
                meds = [fill_window_median(data, lo, hi, field) for _, lo, hi in wins]
                allw = [getattr(x, field) for x in data.get("create+start-all", [])]
                dall = [getattr(x, field) for x in data.get("delete-all", [])]
                w("  %-14s %-4s %s %12s %12s %10s\n" % (
                    who if field == "wall_ms" else "", label, " ".join("%16s" % fmt(m, 8) for m in meds),
                    fmt(statistics.median(allw) / 1e3 if allw else None, 10, 3),
                    fmt(statistics.median(dall) / 1e3 if dall else None, 10, 3),
                    fmt(ratio(meds[-1], meds[0]), 8)))
        for who in names:
            if ("fill", who) in b.failures:
                w("  %s: FAILED: %s\n" % (who, b.failures[("fill", who)]))

    for key, msg in b.failures.items():
        if key[0] == "cleanup":
            w("\ncleanup problem: %s\n" % msg)
    print_targets(b, out)


def fill_windows(n):
    """(label, lo, hi) windows of 1-based positions: the first 5, around 10,
    the last 5 -- clipped to N."""
    wins = [(1, 1, min(5, n))]
    if n >= 10:
        wins.append((10, 8, min(12, n)))
    if n > 12:
        wins.append((n, max(1, n - 4), n))
    return wins


def fill_window_median(data, lo, hi, field="wall_ms"):
    vals = []
    for k in range(lo, hi + 1):
        vals += [getattr(x, field) for x in data.get("create+start@%d" % k, [])]
    return statistics.median(vals) if vals else None


def print_targets(b, out):
    w = out.write
    w("\n== targets (berth, medians)\n")
    have = any(r.name == "berth" for r in b.runtimes)
    rows = []

    def target(label, value, limit, unit="x"):
        if value is None:
            rows.append((label, "n/a", "-", "berth not measured" if not have else "no data"))
            return
        verdict = "PASS" if value <= limit else "MISS"
        rows.append((label, verdict, "%.2f%s" % (value, unit), "limit %.2f%s" % (limit, unit)))

    target("run /bin/true wall <= 0.6x crun",
           ratio(b.median("run", "berth", "run", "wall_ms"), b.median("run", "crun", "run", "wall_ms")), 0.6)
    target("run /bin/true cpu <= 0.5x crun",
           ratio(b.median("run", "berth", "run", "cpu_ms"), b.median("run", "crun", "run", "cpu_ms")), 0.5)
    target("create+start+delete wall <= 0.7x crun",
           ratio(b.median("lifecycle", "berth", "total", "wall_ms"),
                 b.median("lifecycle", "crun", "total", "wall_ms")), 0.7)
    peak, where = None, None
    for scen, ops in b.results.items():
        if scen == "version":
            continue  # a container operation's peak, not --version's
        for op, s in ops.get("berth", {}).items():
            if op in ("wait", "total", "delete-all", "create+start-all") or not s:
                continue
            m = statistics.median(x.rss_kb for x in s) / MIB
            if m > 0 and (peak is None or m > peak):
                peak, where = m, "%s/%s" % (scen, op.split("@")[0])
    target("peak RSS of a berth process <= 2.0 MiB%s" % (" (%s)" % where if where else ""),
           peak, 2.0, " MiB")
    data = b.ops_of("fill", "berth")
    wins = fill_windows(b.opts.fill)
    first = fill_window_median(data, wins[0][1], wins[0][2]) if data else None
    last = fill_window_median(data, wins[-1][1], wins[-1][2]) if data else None
    target("create at %d alive <= 1.2x at 1 alive" % b.opts.fill, ratio(last, first), 1.2)
    if data and rows[-1][1] != "n/a":
        cpu = ratio(fill_window_median(data, wins[-1][1], wins[-1][2], "cpu_ms"),
                    fill_window_median(data, wins[0][1], wins[0][2], "cpu_ms"))
        if cpu is not None:  # cpu time does not suffer from a loaded host's scheduling noise
            rows[-1] = rows[-1][:3] + (rows[-1][3] + "; the same in cpu time: %.2fx" % cpu,)
    iso = b.isolation.get("berth")
    provisional = isinstance(iso, tuple) and (len(iso[0]) < 6 or iso[1] < iso[2])
    for label, verdict, value, note in rows:
        if provisional and verdict in ("PASS", "MISS"):
            verdict += "*"
        w("  %-5s %-52s %10s  (%s)\n" % (verdict, label, value, note))
    if provisional:
        w("  * provisional: berth's container did not get full isolation (see the isolation check "
          "above), so berth skipped work that crun and runc did\n")


def dump_json(b, path):
    data = {"options": vars(b.opts), "config_source": b.config_source,
            "failures": {"%s/%s" % k: v for k, v in b.failures.items()},
            "results": {scen: {who: {op: [{"status": s.status, "wall_ms": s.wall_ms, "cpu_ms": s.cpu_ms,
                                           "rss_kb": s.rss_kb} for s in samples]
                                     for op, samples in ops.items()}
                               for who, ops in whos.items()}
                        for scen, whos in b.results.items()}}
    with open(path, "w") as f:
        json.dump(data, f, indent=1)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="contrib/bench/run",
                                description="Side-by-side start-up benchmark: berth, crun, runc, floor.")
    p.add_argument("--iterations", "-n", type=int, default=30, help="timed runs per scenario (default 30)")
    p.add_argument("--runtimes", default="berth,crun,runc,floor",
                   help="comma list of berth,crun,runc,floor and NAME=PATH for any other runtime binary "
                   "(e.g. berth-static=/tmp/b/berth); default: all that are installed")
    p.add_argument("--fill", type=int, default=100, help="containers alive at once in the fill scenario")
    p.add_argument("--fill-rounds", type=int, default=3, help="fill rounds per runtime (default 3)")
    p.add_argument("--scenarios", default="version,run,lifecycle,exec,fill",
                   help="comma list of version,run,lifecycle,exec,fill")
    p.add_argument("--berth", default=os.path.join(HERE, "..", "..", "berth"), help="the berth binary")
    p.add_argument("--floor", help="the floor program (default: build contrib/bench/floor.c)")
    p.add_argument("--timer", help="the timer program (default: build contrib/bench/timer.c)")
    p.add_argument("--busybox", default="/bin/busybox", help="static busybox for the rootfs")
    p.add_argument("--no-floor-cgroups", dest="floor_cgroups", action="store_false",
                   help="leave out the floor variants that also join cgroups")
    p.add_argument("--json", help="also write every sample to this JSON file")
    o = p.parse_args(argv)
    for name in ("berth", "floor", "timer"):
        if getattr(o, name):
            setattr(o, name, os.path.abspath(getattr(o, name)))
    if o.iterations < 1 or o.fill < 1 or o.fill_rounds < 1:
        p.error("counts must be >= 1")
    return o


def main(argv):
    opts = parse_args(argv)
    if os.geteuid() != 0:
        sys.stderr.write("bench: must run as root\n")
        return 2
    b = Bench(opts)

    def on_signal(sig, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_signal)
    try:
        b.setup()
        scenarios = [s.strip() for s in opts.scenarios.split(",") if s.strip()]
        sys.stderr.write("bench: isolation check...\n")
        b.check_isolation()
        for scen in ("version", "run", "lifecycle", "exec", "fill"):
            if scen in scenarios:
                sys.stderr.write("bench: %s...\n" % scen)
                getattr(b, "scenario_" + scen)()
    except BenchError as e:
        sys.stderr.write("bench: %s\n" % e)
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("bench: interrupted, cleaning up\n")
        return 130
    finally:
        b.cleanup()
    print_table(b, sys.stdout)
    if opts.json:
        dump_json(b, opts.json)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
