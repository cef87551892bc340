#!/usr/bin/env python3
"""profile.py: run one container operation of each runtime under a profiler,
in the benchmark's environment (same private mount namespace, bundle and
default config as bench.py), and print a short summary per tool.

It owns only the wrapping and the summaries; bundles, runtimes and clean-up
are bench.py's.  Numbers taken under a profiler are never benchmark numbers.

Tools: perftrace (perf trace -s: per process, the syscalls that take the
time -- low overhead, the first thing to look at), strace (syscall counts, -f), trace (full strace -f -tt -T kept in the
out dir), ltrace (library calls, -f -c), heap (valgrind memcheck heap
summary per process), callgrind (top functions by instructions), perf (perf
record -g over repeated runs: where the cycles go by DSO and symbol),
perfstat (task-clock, page faults, context switches over repeated runs), ldso
(LD_DEBUG=statistics: time in the dynamic loader, relocations).
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

TOOLS = ["perftrace", "strace", "trace", "ltrace", "heap", "callgrind", "perf", "perfstat", "ldso"]


class Profiler:
    def __init__(self, b, out, op, repeat):
        self.b = b
        self.out = out
        self.op = op
        self.repeat = repeat
        self.serial = 0
        self.no_rlimits = False

    def bundle(self, rt):
        if not self.no_rlimits:
            return self.b.bundle(rt.name, "prof", ["/bin/true"])
        # valgrind lowers the fd hard limit for itself, so the default
        # config's RLIMIT_NOFILE 1024/1024 would fail with EPERM
        return self.b.bundle(rt.name, "prof-vg", ["/bin/true"],
                             edit=lambda cfg: cfg.get("process", {}).pop("rlimits", None))

    def op_argv(self, rt):
        """argv of one operation with a fresh id, plus the clean-up argv."""
        self.serial += 1
        cid = "prof-%d" % self.serial
        rt.maybe_alive.add(cid)
        if self.op == "run":
            b = self.bundle(rt)
            return rt.cmd("run", "--bundle", b, cid), rt.cmd("delete", "--force", cid)
        if self.op == "create":
            b = self.bundle(rt)
            self.pidfile = os.path.join(self.out, "%s.pid" % cid)
            return (rt.cmd("create", "--bundle", b, "--pid-file", self.pidfile, cid),
                    rt.cmd("delete", "--force", cid))
        if self.op == "version":
            return [rt.path, "--version"], None
        raise bench.BenchError("unknown op %s" % self.op)

    def once(self, rt, wrapper, env=None, timeout=300):
        argv, undo = self.op_argv(rt)
        # a file, not a pipe: a container process left by `create` would hold
        # a pipe open and block the read forever
        log = os.path.join(self.out, "%s.output" % rt.name)
        try:
            with open(log, "w") as f:
                p = subprocess.Popen(wrapper + argv, stdin=subprocess.DEVNULL, stdout=f, stderr=f, env=env)
                if self.op == "create" and wrapper:
                    self.release_created(p, undo, timeout)
                r = subprocess.CompletedProcess(p.args, p.wait(timeout=timeout))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            raise
        finally:
            if undo:
                subprocess.run(undo, capture_output=True, timeout=60)
        if r.returncode != 0:
            with open(log, errors="replace") as f:
                err = [l for l in f.read().splitlines() if l.strip() and not l.startswith("==")]
            print("  %s: exit %d under %s: %s" % (rt.name, r.returncode, wrapper[0] if wrapper else "env",
                                                   err[-1] if err else ""))
        return r

    def release_created(self, p, undo, timeout):
        """A tracer that follows children (strace -f, ltrace -f) only exits
        when the created container process does: once `create` has written
        its pid file and had a moment to exit, delete the container."""
        for _ in range(int(timeout * 20)):
            if p.poll() is not None:
                return
            if os.path.exists(self.pidfile):
                break
            time.sleep(0.05)
        time.sleep(0.5)
        if p.poll() is None and undo:
            subprocess.run(undo, capture_output=True, timeout=60)

    def loop_script(self, rt):
        """A shell script running the operation REPEAT times (for perf)."""
        lines = ["#!/bin/sh"]
        for _ in range(self.repeat):
            argv, undo = self.op_argv(rt)
            lines.append(" ".join(argv) + " >/dev/null 2>&1")
            if undo and self.op != "run":  # run deletes its own container
                lines.append(" ".join(undo) + " >/dev/null 2>&1")
        path = os.path.join(self.out, "%s.loop.sh" % rt.name)
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        os.chmod(path, 0o755)
        return path

    def path(self, rt, what):
        return os.path.join(self.out, "%s.%s" % (rt.name, what))

    # ---- tools ------------------------------------------------------------

    def tool_perftrace(self, rt):
        f = self.path(rt, "perf-trace.txt")
        self.once(rt, ["perf", "trace", "-s", "-o", f, "--"])
        procs = re.split(r"\n (?=\S.* \(\d+\), \d+ events)", open(f).read())
        for block in procs:
            head = block.strip().splitlines()[0] if block.strip() else ""
            m = re.match(r"(.*) \((\d+)\), (\d+) events", head)
            if not m:
                continue
            rows = []
            for l in block.splitlines():
                x = l.split()
                if len(x) >= 8 and x[1].isdigit() and re.match(r"^[0-9.]+$", x[3]):
                    rows.append((float(x[3]), x[0], int(x[1])))
            rows.sort(reverse=True)
            total = sum(r[0] for r in rows)
            print("  %s %s pid %s: %d syscalls, %.2f ms in syscalls; top: %s"
                  % (rt.name, m.group(1), m.group(2), sum(r[2] for r in rows), total,
                     ", ".join("%s x%d %.2f" % (n, c, t) for t, n, c in rows[:6])))

    def tool_strace(self, rt):
        f = self.path(rt, "strace-c.txt")
        self.once(rt, ["strace", "-f", "-c", "-S", "calls", "-o", f])
        text = open(f).read()
        lines = text.splitlines()
        total = [l for l in lines if l.strip().endswith("total")]
        print("  %s: %s" % (rt.name, total[0].strip() if total else "(no total)"))
        body = [l for l in lines if re.match(r"^\s*[0-9.]+\s+[0-9.]+", l) and not l.strip().endswith("total")]
        for l in body[:14]:
            print("    " + l.strip())

    def tool_trace(self, rt):
        f = self.path(rt, "strace.txt")
        self.once(rt, ["strace", "-f", "-tt", "-T", "-s", "80", "-o", f])
        lines = open(f).read().splitlines()
        pids = {l.split()[0] for l in lines if l and l[0].isdigit()}
        execs = [l for l in lines if " execve(" in l]
        clones = [l for l in lines if re.search(r" (clone3?|fork|vfork)\(", l)]
        print("  %s: %d syscall lines, %d processes, %d execve, %d clone/fork -> %s"
              % (rt.name, len(lines), len(pids), len(execs), len(clones), f))
        for l in execs:
            print("    " + l[:150])

    def tool_ltrace(self, rt):
        if not shutil.which("ltrace"):
            print("  ltrace not installed (apt-get install ltrace)")
            return
        f = self.path(rt, "ltrace-c.txt")
        self.once(rt, ["ltrace", "-f", "-c", "-o", f], timeout=60)
        lines = open(f).read().splitlines()
        total = [l for l in lines if l.strip().endswith("total")]
        print("  %s: %s" % (rt.name, total[0].strip() if total else "(no total)"))
        body = [l for l in lines if re.match(r"^\s*[0-9.]+\s+[0-9.]+", l) and not l.strip().endswith("total")]
        body.sort(key=lambda l: -int(l.split()[3]) if len(l.split()) > 3 and l.split()[3].isdigit() else 0)
        for l in body[:12]:
            print("    " + l.strip())

    def tool_heap(self, rt):
        pattern = self.path(rt, "memcheck.%p")
        for old in glob.glob(self.path(rt, "memcheck.*")):
            os.unlink(old)
        self.once(rt, ["valgrind", "--tool=memcheck", "--trace-children=no", "--leak-check=no",
                       "--log-file=" + pattern])
        for f in sorted(glob.glob(self.path(rt, "memcheck.*"))):
            text = open(f).read()
            m = re.search(r"total heap usage: ([0-9,]+) allocs, ([0-9,]+) frees, ([0-9,]+) bytes allocated", text)
            cmd = re.search(r"Command: (.*)", text)
            print("  %s pid %s: %s  [%s]" % (rt.name, f.rsplit(".", 1)[1],
                                            "%s allocs, %s frees, %s bytes" % m.groups() if m else "no summary",
                                            (cmd.group(1)[:70] if cmd else "?")))

    def tool_callgrind(self, rt):
        pattern = self.path(rt, "callgrind.%p")
        for old in glob.glob(self.path(rt, "callgrind.*")):
            os.unlink(old)
        self.once(rt, ["valgrind", "--tool=callgrind", "--trace-children=no", "--callgrind-out-file=" + pattern])
        for f in sorted(glob.glob(self.path(rt, "callgrind.*"))):
            r = subprocess.run(["callgrind_annotate", "--inclusive=no", f], capture_output=True, text=True)
            lines = r.stdout.splitlines()
            tot = [l for l in lines if "PROGRAM TOTALS" in l]
            print("  %s pid %s: %s" % (rt.name, f.rsplit(".", 1)[1], tot[0].strip() if tot else "?"))
            start = next((i for i, l in enumerate(lines) if "file:function" in l), None)
            if start is not None:
                for l in [x for x in lines[start + 2:] if x.strip()][:15]:
                    print("    " + l.strip()[:140])

    def tool_perf(self, rt):
        script = self.loop_script(rt)
        data = self.path(rt, "perf.data")
        subprocess.run(["perf", "record", "-q", "-F", "20000", "-g", "-o", data, "--", script],
                       capture_output=True, timeout=600)
        for sort, n in (("comm,dso", 12), ("sym", 25)):
            r = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children", "-g", "none",
                                "--sort", sort, "--percent-limit", "0.7"], capture_output=True, text=True)
            rows = [l for l in r.stdout.splitlines() if l.strip() and not l.startswith("#")]
            print("  %s (%d x %s), by %s:" % (rt.name, self.repeat, self.op, sort))
            for l in rows[:n]:
                print("    " + l.strip()[:140])

    def tool_perfstat(self, rt):
        f = self.path(rt, "perf-stat.txt")
        argv, undo = self.op_argv(rt)
        if undo:
            # a fresh id per repetition: the shell's pid
            argv = ["sh", "-c", "exec " + " ".join(argv[:-1]) + " prof-$$"]
        subprocess.run(["perf", "stat", "-r", str(self.repeat), "-e",
                        "task-clock,page-faults,context-switches,cpu-migrations", "-o", f] + argv,
                       capture_output=True, timeout=600)
        print("  %s (%d x %s, each through one sh exec):" % (rt.name, self.repeat, self.op))
        for l in open(f).read().splitlines():
            if re.search(r"task-clock|page-faults|context-switches|migrations|elapsed", l):
                print("    " + l.strip())
        subprocess.run(["sh", "-c", "for c in $(%s list -q); do %s delete --force $c; done"
                        % (" ".join(rt.cmd()), " ".join(rt.cmd()))], capture_output=True)

    def tool_ldso(self, rt):
        prefix = self.path(rt, "ldso")
        for old in glob.glob(prefix + ".*"):
            os.unlink(old)
        env = dict(os.environ, LD_DEBUG="statistics", LD_DEBUG_OUTPUT=prefix)
        self.once(rt, [], env=env)
        files = sorted(glob.glob(prefix + ".*"))
        if not files:
            print("  %s: no dynamic loader statistics (static binary?)" % rt.name)
        for f in files:
            text = open(f).read()
            t = re.search(r"total startup time in dynamic loader: ([^\n]*)", text)
            rel = re.search(r"number of relocations: (\d+)", text)
            cache = re.search(r"number of relocations from cache: (\d+)", text)
            relative = re.search(r"number of relative relocations: (\d+)", text)
            print("  %s pid %s: ld.so %s; relocations %s (+%s from cache), relative %s"
                  % (rt.name, f.rsplit(".", 1)[1], t.group(1).strip() if t else "?",
                     rel.group(1) if rel else "?", cache.group(1) if cache else "?",
                     relative.group(1) if relative else "?"))


def main(argv):
    p = argparse.ArgumentParser(prog="contrib/bench/profile",
                                description="Profile one container operation of each runtime.")
    p.add_argument("--runtimes", default="berth,crun,runc")
    p.add_argument("--tools", default="perftrace,strace,trace,heap,ldso,perfstat",
                   help="comma list of " + ",".join(TOOLS))
    p.add_argument("--op", default="run", choices=["run", "create", "version"])
    p.add_argument("--repeat", type=int, default=20, help="repetitions for perf and perfstat")
    p.add_argument("--out", help="keep the profiles here (default: a new /tmp/berth-profile.* dir)")
    p.add_argument("--berth", default=os.path.join(bench.HERE, "..", "..", "berth"))
    p.add_argument("--busybox", default="/bin/busybox")
    o = p.parse_args(argv)
    out = o.out or subprocess.run(["mktemp", "-d", "/tmp/berth-profile.XXXXXX"],
                                  capture_output=True, text=True).stdout.strip()
    os.makedirs(out, exist_ok=True)
    bopts = bench.parse_args(["--runtimes", o.runtimes, "--berth", o.berth, "--busybox", o.busybox])
    b = bench.Bench(bopts)
    try:
        b.setup()
        prof = Profiler(b, out, o.op, o.repeat)
        for tool in [t.strip() for t in o.tools.split(",") if t.strip()]:
            if tool not in TOOLS:
                raise bench.BenchError("unknown tool %s" % tool)
            print("== %s (%s)" % (tool, o.op))
            prof.no_rlimits = tool in ("heap", "callgrind")
            if prof.no_rlimits:
                print("  (config without process.rlimits: valgrind keeps the fd hard limit for itself)")
            for rt in b.runtimes:
                try:
                    getattr(prof, "tool_" + tool)(rt)
                except (OSError, subprocess.SubprocessError) as e:
                    print("  %s: %s failed: %s" % (rt.name, tool, e))
                b.cleanup_runtime(rt)
        print("profiles kept in %s" % out)
    except bench.BenchError as e:
        sys.stderr.write("profile: %s\n" % e)
        return 1
    finally:
        b.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
