/* test-parser-errors.c: every way libocispec-lite refuses a document, with
   the exact message: file, JSON path (array indexes included), and what was
   wrong.  Also checks nothing leaks on the error paths (run under valgrind
   by tests/valgrind-parser.sh).  */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oci-config.h"
#include "parser-test-util.h"
#include "tap.h"

enum kind
{
  CONFIG,
  PROCESS,
  RESOURCES
};

struct error_case
{
  enum kind kind;
  const char *json;
  const char *want;
};

/* A config with the required fields, plus more members.  */
#define CFG(more) "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\"}," more "}"
#define LINUX(more) CFG ("\"linux\":{" more "}")
#define RES(more) LINUX ("\"resources\":{" more "}")
#define PROC(more) CFG ("\"process\":{\"cwd\":\"/\",\"args\":[\"sh\"]," more "}")
#define SECCOMP(more) LINUX ("\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\"," more "}")
#define HOOK(more) CFG ("\"hooks\":{\"poststop\":[{\"path\":\"/bin/true\"}," more "]}")

static const struct error_case cases[] = {
  /* broken JSON: line and column of the offending byte */
  { CONFIG, "{]", "config.json:1:2: parse error: invalid object key (must be a string)" },
  { CONFIG, "{\n  \"ociVersion\": \"1.0.0\",\n  \"root\": x\n}",
    "config.json:3:11: parse error: invalid char in json text" },
  { CONFIG, "{\"ociVersion\":\"1.0.0\",}",
    "config.json:1:23: parse error: invalid object key (must be a string)" },
  { CONFIG, "{\"ociVersion\":\"1.0.0\"", "config.json:1:22: parse error: premature EOF" },
  { CONFIG, "", "config.json:1:1: parse error: premature EOF" },
  { CONFIG, "{} {}", "config.json:1:4: parse error: trailing garbage" },
  { CONFIG, "[1]", "config.json: expected object, got array" },
  { CONFIG, "\"x\"", "config.json: expected object, got string" },

  /* top level */
  { CONFIG, "{\"root\":{\"path\":\"r\"}}", "config.json: ociVersion: missing required field" },
  { CONFIG, "{\"ociVersion\":null,\"root\":{\"path\":\"r\"}}",
    "config.json: ociVersion: missing required field" },
  { CONFIG, "{\"ociVersion\":1,\"root\":{\"path\":\"r\"}}",
    "config.json: ociVersion: expected string, got integer" },
  { CONFIG, "{\"ociVersion\":\"2.0.0\",\"root\":{\"path\":\"r\"}}",
    "config.json: ociVersion \"2.0.0\": unsupported major version" },
  { CONFIG, "{\"ociVersion\":\"1.0\",\"root\":{\"path\":\"r\"}}",
    "config.json: ociVersion \"1.0\": not a semantic version" },
  { CONFIG, "{\"ociVersion\":\"1.0.0\"}", "config.json: root: missing required field" },
  { CONFIG, "{\"ociVersion\":\"1.0.0\",\"root\":{}}", "config.json: root.path: missing required field" },
  { CONFIG, "{\"ociVersion\":\"1.0.0\",\"root\":[]}", "config.json: root: expected object, got array" },
  { CONFIG, CFG ("\"root\":{\"path\":\"r\",\"readonly\":\"yes\"}"),
    "config.json: root.readonly: expected boolean, got string" },
  { CONFIG, CFG ("\"hostname\":[\"a\"]"), "config.json: hostname: expected string, got array" },
  { CONFIG, CFG ("\"domainname\":5"), "config.json: domainname: expected string, got integer" },
  { CONFIG, CFG ("\"hostname\":\"a\\u0000b\""), "config.json: hostname: string contains a NUL character" },
  { CONFIG, CFG ("\"annotations\":{\"a\":\"b\",\"c\":1}"),
    "config.json: annotations.c: expected string, got integer" },
  { CONFIG, CFG ("\"annotations\":{\"org.example\":true}"),
    "config.json: annotations[\"org.example\"]: expected string, got boolean" },
  { CONFIG, CFG ("\"annotations\":{\"a\\u0000b\":\"x\"}"),
    "config.json: annotations[\"a\"]: key contains a NUL character" },
  { CONFIG, CFG ("\"annotations\":{\"k\\u00e9y\":2}"),
    "config.json: annotations[\"k\xc3\xa9y\"]: expected string, got integer" },
  { CONFIG, CFG ("\"process\":{\"cwd\":\"/\",\"args\":[\"a\\u0000\"]}"),
    "config.json: process.args[0]: string contains a NUL character" },
  { CONFIG, CFG ("\"annotations\":{\"\":1}"), "config.json: annotations[\"\"]: expected string, got integer" },
  { CONFIG, CFG ("\"annotations\":[]"), "config.json: annotations: expected object, got array" },

  /* mounts */
  { CONFIG, CFG ("\"mounts\":{}"), "config.json: mounts: expected array, got object" },
  { CONFIG, CFG ("\"mounts\":[{\"destination\":\"/a\"},{\"type\":\"tmpfs\"}]"),
    "config.json: mounts[1].destination: missing required field" },
  { CONFIG, CFG ("\"mounts\":[{\"destination\":\"\"}]"), "config.json: mounts[0].destination: must not be empty" },
  { CONFIG, CFG ("\"mounts\":[\"/proc\"]"), "config.json: mounts[0]: expected object, got string" },
  { CONFIG, CFG ("\"mounts\":[{\"destination\":\"/a\",\"options\":[\"ro\",7]}]"),
    "config.json: mounts[0].options[1]: expected string, got integer" },
  { CONFIG, CFG ("\"mounts\":[{\"destination\":\"/a\",\"uidMappings\":[{\"containerID\":0,\"hostID\":1}]}]"),
    "config.json: mounts[0].uidMappings[0].size: missing required field" },
  { CONFIG, CFG ("\"mounts\":[{\"destination\":\"/a\",\"gidMappings\":[{\"hostID\":1,\"size\":1}]}]"),
    "config.json: mounts[0].gidMappings[0].containerID: missing required field" },

  /* process */
  { CONFIG, CFG ("\"process\":{\"args\":[\"sh\"]}"), "config.json: process.cwd: missing required field" },
  { CONFIG, CFG ("\"process\":{\"cwd\":\"/\"}"), "config.json: process.args: missing required field" },
  { CONFIG, CFG ("\"process\":{\"cwd\":\"/\",\"args\":[]}"), "config.json: process.args: must not be empty" },
  { CONFIG, CFG ("\"process\":{\"cwd\":\"tmp\",\"args\":[\"sh\"]}"),
    "config.json: process.cwd: \"tmp\" is not an absolute path" },
  { CONFIG, PROC ("\"terminal\":1"), "config.json: process.terminal: expected boolean, got integer" },
  { CONFIG, PROC ("\"env\":\"A=B\""), "config.json: process.env: expected array, got string" },
  { CONFIG, PROC ("\"consoleSize\":{\"width\":10}"), "config.json: process.consoleSize.height: missing required field" },
  { CONFIG, PROC ("\"user\":{\"additionalGids\":[\"1\"]}"),
    "config.json: process.user.additionalGids[0]: expected integer, got string" },
  { CONFIG, PROC ("\"consoleSize\":{\"height\":10}"), "config.json: process.consoleSize.width: missing required field" },
  { CONFIG, PROC ("\"consoleSize\":{\"height\":-1,\"width\":1}"),
    "config.json: process.consoleSize.height: value -1 is out of range for uint32" },
  { CONFIG, PROC ("\"user\":{\"uid\":4294967296}"),
    "config.json: process.user.uid: value 4294967296 is out of range for uint32" },
  { CONFIG, PROC ("\"user\":{\"gid\":1.5}"), "config.json: process.user.gid: expected integer, got 1.5" },
  { CONFIG, PROC ("\"user\":{\"uid\":\"0\"}"), "config.json: process.user.uid: expected integer, got string" },
  { CONFIG, PROC ("\"user\":{\"umask\":true}"), "config.json: process.user.umask: expected integer, got boolean" },
  { CONFIG, PROC ("\"user\":{\"additionalGids\":[1,-2]}"),
    "config.json: process.user.additionalGids[1]: value -2 is out of range for uint32" },
  { CONFIG, PROC ("\"capabilities\":{\"bounding\":[\"CAP_CHOWN\",\"CAP_FOO\"]}"),
    "config.json: process.capabilities.bounding[1]: unknown capability \"CAP_FOO\"" },
  { CONFIG, PROC ("\"capabilities\":{\"ambient\":[\"chown\"]}"),
    "config.json: process.capabilities.ambient[0]: unknown capability \"chown\"" },
  { CONFIG, PROC ("\"capabilities\":{\"effective\":[\"CAP_KILL\"],\"permitted\":[\"CAP_CHECKPOINT_RESTORE\",\"CAP_BPF\",\"CAP_LAST\"]}"),
    "config.json: process.capabilities.permitted[2]: unknown capability \"CAP_LAST\"" },
  { CONFIG, PROC ("\"capabilities\":{\"inheritable\":[null]}"),
    "config.json: process.capabilities.inheritable[0]: expected string, got null" },
  { CONFIG, PROC ("\"rlimits\":[{\"type\":\"RLIMIT_FOO\",\"soft\":1,\"hard\":1}]"),
    "config.json: process.rlimits[0].type: unknown rlimit \"RLIMIT_FOO\"" },
  { CONFIG, PROC ("\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1}]"),
    "config.json: process.rlimits[0].soft: missing required field" },
  { CONFIG, PROC ("\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"soft\":1}]"),
    "config.json: process.rlimits[0].hard: missing required field" },
  { CONFIG, PROC ("\"rlimits\":[{\"soft\":1,\"hard\":1}]"), "config.json: process.rlimits[0].type: missing required field" },
  { CONFIG, PROC ("\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"soft\":18446744073709551616,\"hard\":1}]"),
    "config.json: process.rlimits[0].soft: value 18446744073709551616 is out of range for uint64" },
  { CONFIG, PROC ("\"rlimits\":[{\"type\":\"RLIMIT_CORE\",\"soft\":1,\"hard\":1},{\"type\":\"RLIMIT_NOFILE\",\"soft\":1,\"hard\":1},{\"type\":\"RLIMIT_CORE\",\"soft\":2,\"hard\":2}]"),
    "config.json: process.rlimits[2].type: duplicate rlimit \"RLIMIT_CORE\"" },
  { CONFIG, PROC ("\"noNewPrivileges\":\"true\""), "config.json: process.noNewPrivileges: expected boolean, got string" },
  { CONFIG, PROC ("\"oomScoreAdj\":1001"), "config.json: process.oomScoreAdj: must be between -1000 and 1000, got 1001" },
  { CONFIG, PROC ("\"oomScoreAdj\":2147483648"), "config.json: process.oomScoreAdj: value 2147483648 is out of range for int32" },
  { CONFIG, PROC ("\"scheduler\":{\"nice\":1}"), "config.json: process.scheduler.policy: missing required field" },
  { CONFIG, PROC ("\"scheduler\":{\"policy\":\"SCHED_FOO\"}"),
    "config.json: process.scheduler.policy: unknown scheduler policy \"SCHED_FOO\"" },
  { CONFIG, PROC ("\"scheduler\":{\"policy\":\"SCHED_RR\",\"flags\":[\"SCHED_FLAG_RECLAIM\",\"SCHED_FLAG_X\"]}"),
    "config.json: process.scheduler.flags[1]: unknown scheduler flag \"SCHED_FLAG_X\"" },
  { CONFIG, PROC ("\"scheduler\":{\"policy\":\"SCHED_RR\",\"nice\":-2147483649}"),
    "config.json: process.scheduler.nice: value -2147483649 is out of range for int32" },
  { CONFIG, PROC ("\"scheduler\":{\"policy\":\"SCHED_DEADLINE\",\"runtime\":-1}"),
    "config.json: process.scheduler.runtime: value -1 is out of range for uint64" },
  { CONFIG, PROC ("\"ioPriority\":{\"priority\":1}"), "config.json: process.ioPriority.class: missing required field" },
  { CONFIG, PROC ("\"ioPriority\":{\"class\":\"IOPRIO_CLASS_NONE\"}"),
    "config.json: process.ioPriority.class: unknown ioPriority class \"IOPRIO_CLASS_NONE\"" },
  { CONFIG, PROC ("\"execCPUAffinity\":{\"initial\":\"0-3;5\"}"),
    "config.json: process.execCPUAffinity.initial: invalid CPU list \"0-3;5\"" },
  { CONFIG, PROC ("\"apparmorProfile\":{}"), "config.json: process.apparmorProfile: expected string, got object" },

  /* hooks */
  { CONFIG, HOOK ("{\"args\":[\"x\"]}"), "config.json: hooks.poststop[1].path: missing required field" },
  { CONFIG, HOOK ("{\"path\":\"bin/hook\"}"), "config.json: hooks.poststop[1].path: \"bin/hook\" is not an absolute path" },
  { CONFIG, HOOK ("{\"path\":\"/bin/hook\",\"timeout\":0}"),
    "config.json: hooks.poststop[1].timeout: must be greater than zero, got 0" },
  { CONFIG, HOOK ("{\"path\":\"/bin/hook\",\"timeout\":\"5\"}"),
    "config.json: hooks.poststop[1].timeout: expected integer, got string" },
  { CONFIG, CFG ("\"hooks\":{\"createRuntime\":{}}"), "config.json: hooks.createRuntime: expected array, got object" },
  { CONFIG, CFG ("\"hooks\":{\"prestart\":[{\"path\":\"/a\",\"env\":[1]}]}"),
    "config.json: hooks.prestart[0].env[0]: expected string, got integer" },

  /* linux: namespaces, mappings, devices */
  { CONFIG, LINUX ("\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"mount\"},{\"type\":\"foo\"}]"),
    "config.json: linux.namespaces[2].type: unknown namespace type \"foo\"" },
  { CONFIG, LINUX ("\"namespaces\":[{\"type\":\"pid\"},{\"path\":\"/proc/1/ns/net\"}]"),
    "config.json: linux.namespaces[1].type: missing required field" },
  { CONFIG, LINUX ("\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"net\"},{\"type\":\"pid\"}]"),
    "config.json: linux.namespaces[1].type: unknown namespace type \"net\"" },
  { CONFIG, LINUX ("\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"network\"},{\"type\":\"pid\"}]"),
    "config.json: linux.namespaces[2].type: duplicate namespace type \"pid\"" },
  { CONFIG, LINUX ("\"namespaces\":[{\"type\":\"network\",\"path\":\"netns/x\"}]"),
    "config.json: linux.namespaces[0].path: \"netns/x\" is not an absolute path" },
  { CONFIG, LINUX ("\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1},{\"containerID\":1,\"size\":1}]"),
    "config.json: linux.uidMappings[1].hostID: missing required field" },
  { CONFIG, LINUX ("\"gidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":-5}]"),
    "config.json: linux.gidMappings[0].size: value -5 is out of range for uint32" },
  { CONFIG, LINUX ("\"timeOffsets\":{\"boottime\":{\"secs\":9223372036854775808}}"),
    "config.json: linux.timeOffsets.boottime.secs: value 9223372036854775808 is out of range for int64" },
  { CONFIG, LINUX ("\"timeOffsets\":{\"monotonic\":{\"nanosecs\":1000000000}}"),
    "config.json: linux.timeOffsets.monotonic.nanosecs: must be less than 1000000000, got 1000000000" },
  { CONFIG, LINUX ("\"devices\":[{\"path\":\"/dev/x\",\"type\":\"x\",\"major\":1,\"minor\":1}]"),
    "config.json: linux.devices[0].type: unknown device type \"x\"" },
  { CONFIG, LINUX ("\"devices\":[{\"path\":\"/dev/x\",\"type\":99,\"major\":1,\"minor\":1}]"),
    "config.json: linux.devices[0].type: expected string, got integer" },
  { CONFIG, LINUX ("\"devices\":[{\"path\":\"/dev/x\",\"major\":1,\"minor\":1}]"),
    "config.json: linux.devices[0].type: missing required field" },
  { CONFIG, LINUX ("\"devices\":[{\"type\":\"c\",\"major\":1,\"minor\":1}]"),
    "config.json: linux.devices[0].path: missing required field" },
  { CONFIG, LINUX ("\"devices\":[{\"path\":\"/dev/x\",\"type\":\"b\",\"minor\":1}]"),
    "config.json: linux.devices[0].major: missing required field" },
  { CONFIG, LINUX ("\"devices\":[{\"path\":\"/dev/x\",\"type\":\"u\",\"major\":1}]"),
    "config.json: linux.devices[0].minor: missing required field" },
  { CONFIG, LINUX ("\"devices\":[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":1,\"minor\":1,\"uid\":-1}]"),
    "config.json: linux.devices[0].uid: value -1 is out of range for uint32" },
  { CONFIG, LINUX ("\"netDevices\":{\"eth0\":[]}"), "config.json: linux.netDevices.eth0: expected object, got array" },
  { CONFIG, LINUX ("\"netDevices\":{\"eth0\":{\"name\":23}}"),
    "config.json: linux.netDevices.eth0.name: expected string, got integer" },
  { CONFIG, LINUX ("\"cgroupsPath\":1"), "config.json: linux.cgroupsPath: expected string, got integer" },
  { CONFIG, LINUX ("\"sysctl\":{\"net.ipv4.ip_forward\":1}"),
    "config.json: linux.sysctl[\"net.ipv4.ip_forward\"]: expected string, got integer" },
  { CONFIG, LINUX ("\"rootfsPropagation\":\"rprivatex\""),
    "config.json: linux.rootfsPropagation: unknown propagation \"rprivatex\"" },
  { CONFIG, LINUX ("\"maskedPaths\":[\"/proc/kcore\",\"proc/keys\"]"),
    "config.json: linux.maskedPaths[1]: \"proc/keys\" is not an absolute path" },
  { CONFIG, LINUX ("\"readonlyPaths\":[\"\"]"), "config.json: linux.readonlyPaths[0]: \"\" is not an absolute path" },
  { CONFIG, LINUX ("\"mountLabel\":false"), "config.json: linux.mountLabel: expected string, got boolean" },
  { CONFIG, LINUX ("\"personality\":{\"domain\":\"LINUX64\"}"),
    "config.json: linux.personality.domain: unknown personality domain \"LINUX64\"" },
  { CONFIG, LINUX ("\"personality\":{\"flags\":[]}"), "config.json: linux.personality.domain: missing required field" },
  { CONFIG, LINUX ("\"memoryPolicy\":{\"mode\":\"MPOL_FOO\"}"),
    "config.json: linux.memoryPolicy.mode: unknown memory policy mode \"MPOL_FOO\"" },
  { CONFIG, LINUX ("\"memoryPolicy\":{\"nodes\":\"0\"}"), "config.json: linux.memoryPolicy.mode: missing required field" },
  { CONFIG, LINUX ("\"memoryPolicy\":{\"mode\":\"MPOL_BIND\",\"flags\":[\"MPOL_F_X\"]}"),
    "config.json: linux.memoryPolicy.flags[0]: unknown memory policy flag \"MPOL_F_X\"" },
  { CONFIG, LINUX ("\"intelRdt\":{\"memBwSchema\":\"L3:0=1\"}"),
    "config.json: linux.intelRdt.memBwSchema: must start with \"MB:\" and be one line" },
  { CONFIG, LINUX ("\"intelRdt\":{\"enableMonitoring\":\"yes\"}"),
    "config.json: linux.intelRdt.enableMonitoring: expected boolean, got string" },

  /* linux.resources */
  { CONFIG, RES ("\"memory\":{\"limit\":\"1G\"}"), "config.json: linux.resources.memory.limit: expected integer, got string" },
  { CONFIG, RES ("\"memory\":{\"limit\":9223372036854775808}"),
    "config.json: linux.resources.memory.limit: value 9223372036854775808 is out of range for int64" },
  { CONFIG, RES ("\"memory\":{\"swappiness\":-1}"),
    "config.json: linux.resources.memory.swappiness: value -1 is out of range for uint64" },
  { CONFIG, RES ("\"memory\":{\"disableOOMKiller\":0}"),
    "config.json: linux.resources.memory.disableOOMKiller: expected boolean, got integer" },
  { CONFIG, RES ("\"cpu\":{\"shares\":1e3}"), "config.json: linux.resources.cpu.shares: expected integer, got 1e3" },
  { CONFIG, RES ("\"cpu\":{\"cpus\":0}"), "config.json: linux.resources.cpu.cpus: expected string, got integer" },
  { CONFIG, RES ("\"pids\":{}"), "config.json: linux.resources.pids.limit: missing required field" },
  { CONFIG, RES ("\"pids\":{\"limit\":\"max\"}"), "config.json: linux.resources.pids.limit: expected integer, got string" },
  { CONFIG, RES ("\"devices\":[{\"allow\":true,\"type\":\"x\"}]"),
    "config.json: linux.resources.devices[0].type: unknown device type \"x\"" },
  { CONFIG, RES ("\"devices\":[{\"allow\":true,\"type\":[]}]"),
    "config.json: linux.resources.devices[0].type: expected string, got array" },
  { CONFIG, RES ("\"devices\":[{\"type\":\"c\"}]"), "config.json: linux.resources.devices[0].allow: missing required field" },
  { CONFIG, RES ("\"devices\":[{\"allow\":false},{\"allow\":true,\"access\":\"rwx\"}]"),
    "config.json: linux.resources.devices[1].access: invalid access \"rwx\": only r, w and m are allowed" },
  { CONFIG, RES ("\"blockIO\":{\"weight\":65536}"),
    "config.json: linux.resources.blockIO.weight: value 65536 is out of range for uint16" },
  { CONFIG, RES ("\"blockIO\":{\"weightDevice\":[{\"major\":8,\"weight\":10}]}"),
    "config.json: linux.resources.blockIO.weightDevice[0].minor: missing required field" },
  { CONFIG, RES ("\"blockIO\":{\"throttleWriteIOPSDevice\":[{\"minor\":0,\"rate\":1}]}"),
    "config.json: linux.resources.blockIO.throttleWriteIOPSDevice[0].major: missing required field" },
  { CONFIG, RES ("\"blockIO\":{\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":0,\"rate\":-1}]}"),
    "config.json: linux.resources.blockIO.throttleReadBpsDevice[0].rate: value -1 is out of range for uint64" },
  { CONFIG, RES ("\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":1},{\"pageSize\":\"0MB\",\"limit\":1}]"),
    "config.json: linux.resources.hugepageLimits[1].pageSize: invalid page size \"0MB\" (want a number and KB, MB or GB)" },
  { CONFIG, RES ("\"hugepageLimits\":[{\"pageSize\":\"2MB\"}]"),
    "config.json: linux.resources.hugepageLimits[0].limit: missing required field" },
  { CONFIG, RES ("\"hugepageLimits\":[{\"limit\":1}]"),
    "config.json: linux.resources.hugepageLimits[0].pageSize: missing required field" },
  { CONFIG, RES ("\"network\":{\"classID\":4294967296}"),
    "config.json: linux.resources.network.classID: value 4294967296 is out of range for uint32" },
  { CONFIG, RES ("\"network\":{\"priorities\":[{\"name\":\"eth0\"}]}"),
    "config.json: linux.resources.network.priorities[0].priority: missing required field" },
  { CONFIG, RES ("\"network\":{\"priorities\":[{\"priority\":1}]}"),
    "config.json: linux.resources.network.priorities[0].name: missing required field" },
  { CONFIG, RES ("\"rdma\":{\"mlx5_1\":{\"hcaHandles\":\"not a uint32\"}}"),
    "config.json: linux.resources.rdma.mlx5_1.hcaHandles: expected integer, got string" },
  { CONFIG, RES ("\"rdma\":{\"mlx4_0\":5}"), "config.json: linux.resources.rdma.mlx4_0: expected object, got integer" },
  { CONFIG, RES ("\"rdma\":{\"mlx4_0\":{\"hcaObjects\":-1}}"),
    "config.json: linux.resources.rdma.mlx4_0.hcaObjects: value -1 is out of range for uint32" },
  { CONFIG, RES ("\"unified\":{\"memory.max\":1024}"),
    "config.json: linux.resources.unified[\"memory.max\"]: expected string, got integer" },

  /* linux.seccomp */
  { CONFIG, LINUX ("\"seccomp\":{\"architectures\":[\"SCMP_ARCH_X86_64\"]}"),
    "config.json: linux.seccomp.defaultAction: missing required field" },
  { CONFIG, LINUX ("\"seccomp\":{\"defaultAction\":\"SCMP_ACT_DENY\"}"),
    "config.json: linux.seccomp.defaultAction: unknown seccomp action \"SCMP_ACT_DENY\"" },
  { CONFIG, SECCOMP ("\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_VAX\"]"),
    "config.json: linux.seccomp.architectures[1]: unknown seccomp architecture \"SCMP_ARCH_VAX\"" },
  { CONFIG, SECCOMP ("\"flags\":[\"SECCOMP_FILTER_FLAG_NEW_LISTENER\"]"),
    "config.json: linux.seccomp.flags[0]: unknown seccomp flag \"SECCOMP_FILTER_FLAG_NEW_LISTENER\"" },
  { CONFIG, SECCOMP ("\"defaultErrnoRet\":-1"), "config.json: linux.seccomp.defaultErrnoRet: value -1 is out of range for uint32" },
  { CONFIG, SECCOMP ("\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},{\"action\":\"SCMP_ACT_ERRNO\"}]"),
    "config.json: linux.seccomp.syscalls[1].names: missing required field" },
  { CONFIG, SECCOMP ("\"syscalls\":[{\"names\":[],\"action\":\"SCMP_ACT_ERRNO\"}]"),
    "config.json: linux.seccomp.syscalls[0].names: must not be empty" },
  { CONFIG, SECCOMP ("\"syscalls\":[{\"names\":[\"read\"]}]"),
    "config.json: linux.seccomp.syscalls[0].action: missing required field" },
  { CONFIG, SECCOMP ("\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_KILLALL\"}]"),
    "config.json: linux.seccomp.syscalls[0].action: unknown seccomp action \"SCMP_ACT_KILLALL\"" },
  { CONFIG, SECCOMP ("\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":\"EPERM\"}]"),
    "config.json: linux.seccomp.syscalls[0].errnoRet: expected integer, got string" },
  { CONFIG, SECCOMP ("\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_XOR\"}]}]"),
    "config.json: linux.seccomp.syscalls[0].args[0].op: unknown seccomp operator \"SCMP_CMP_XOR\"" },
  { CONFIG, SECCOMP ("\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"op\":\"SCMP_CMP_EQ\"}]}]"),
    "config.json: linux.seccomp.syscalls[0].args[0].value: missing required field" },
  { CONFIG, SECCOMP ("\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]"),
    "config.json: linux.seccomp.syscalls[0].args[0].index: missing required field" },
  { CONFIG, SECCOMP ("\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1}]}]"),
    "config.json: linux.seccomp.syscalls[0].args[0].op: missing required field" },
  { CONFIG, SECCOMP ("\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,\"valueTwo\":-3,\"op\":\"SCMP_CMP_EQ\"}]}]"),
    "config.json: linux.seccomp.syscalls[0].args[0].valueTwo: value -3 is out of range for uint64" },

  /* process.json for exec: paths start at the document */
  { PROCESS, "{\"args\":[\"sh\"]}", "process.json: cwd: missing required field" },
  { PROCESS, "{\"cwd\":\"/\",\"args\":[]}", "process.json: args: must not be empty" },
  { PROCESS, "{\"cwd\":\"/\",\"args\":[\"sh\"],\"user\":{\"uid\":-1}}",
    "process.json: user.uid: value -1 is out of range for uint32" },
  { PROCESS, "{\"cwd\":\"/\",\"args\":[\"sh\"],\"capabilities\":{\"bounding\":[\"CAP_NOPE\"]}}",
    "process.json: capabilities.bounding[0]: unknown capability \"CAP_NOPE\"" },
  { PROCESS, "[]", "process.json: expected object, got array" },
  { PROCESS, "{\"cwd\":\"/\",", "process.json:1:12: parse error: premature EOF" },

  /* LinuxResources for update --resources */
  { RESOURCES, "{\"memory\":{\"limit\":\"1G\"}}", "resources.json: memory.limit: expected integer, got string" },
  { RESOURCES, "{\"pids\":{\"limit\":1.5}}", "resources.json: pids.limit: expected integer, got 1.5" },
  { RESOURCES, "{\"cpu\":{\"quota\":\"max\"}}", "resources.json: cpu.quota: expected integer, got string" },
  { RESOURCES, "{\"blockIO\":{\"weight\":-1}}", "resources.json: blockIO.weight: value -1 is out of range for uint16" },
  { RESOURCES, "{\"memory\":[]}", "resources.json: memory: expected object, got array" },
  { RESOURCES, "null", "resources.json: expected object, got null" },
};

static const char *
kind_source (enum kind k)
{
  return k == CONFIG ? "config.json" : k == PROCESS ? "process.json" : "resources.json";
}

static void
run_case (size_t i, const struct error_case *t)
{
  char *err = NULL;
  int r;
  void *out = (void *) 1;
  size_t len = strlen (t->json);

  if (t->kind == CONFIG)
    r = oci_config_parse_data (t->json, len, kind_source (t->kind), (struct oci_config **) &out, &err);
  else if (t->kind == PROCESS)
    r = oci_process_parse_data (t->json, len, kind_source (t->kind), (struct oci_process **) &out, &err);
  else
    r = oci_resources_parse_data (t->json, len, kind_source (t->kind), (struct oci_resources **) &out,
                                  &err);
  TAP_OK (r < 0 && out == NULL, "case %zu is refused, no result", i);
  if (r == 0)
    {
      if (t->kind == CONFIG)
        oci_config_free (out);
      else if (t->kind == PROCESS)
        oci_process_free (out);
      else
        oci_resources_free (out);
    }
  TAP_STR_EQ (err, t->want, "case %zu: %s", i, t->want);
  free (err);
}

/* Unknown properties are ignored, as the spec requires; so are other
   platforms' sections.  */
static void
test_unknown_ignored (void)
{
  static const char doc[] = CFG ("\"x-vendor\":{\"a\":[1,{\"b\":null}]},\"windows\":{\"layerFolders\":[]},"
                                 "\"linux\":{\"futureField\":true,\"resources\":{\"memory\":{\"new\":\"x\"}}},"
                                 "\"process\":{\"cwd\":\"/\",\"args\":[\"sh\"],\"future\":1}");
  struct oci_config *c = NULL;
  char *err = NULL;
  int r = oci_config_parse_data (doc, sizeof doc - 1, "config.json", &c, &err);
  TAP_OK (r == 0, "unknown properties are ignored%s%s", err ? ": " : "", err ? err : "");
  oci_config_free (c);
  free (err);
}

/* Deep nesting in an ignored member: the tree builder grows its stacks
   (it is iterative, so depth costs memory, never C stack).  */
static void
test_deep_unknown (void)
{
  enum { DEPTH = 5000 };
  static const char head[] = "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\"},\"x\":";
  size_t hl = sizeof head - 1, len = hl + 2 * DEPTH + 1, i;
  char *doc = malloc (len);
  struct oci_config *c = NULL;
  char *err = NULL;
  int r;

  memcpy (doc, head, hl);
  for (i = 0; i < DEPTH; i++)
    {
      doc[hl + i] = '[';
      doc[hl + DEPTH + i] = ']';
    }
  doc[len - 1] = '}';
  r = oci_config_parse_data (doc, len, "config.json", &c, &err);
  TAP_OK (r == 0 && c != NULL && c->root != NULL, "%d nested arrays in an unknown member", DEPTH);
  oci_config_free (c);
  free (err);
  free (doc);
}

/* The major versions read: 0.x drafts (the spec's own example) and 1.x,
   with SemVer pre-release and build parts.  */
static void
test_versions_accepted (void)
{
  static const char *const versions[] = { "0.5.0-dev", "1.0.0", "1.0.2-dev", "1.3.0", "1.4.0+build.7" };
  size_t i;
  for (i = 0; i < sizeof versions / sizeof versions[0]; i++)
    {
      char doc[128], *err = NULL;
      struct oci_config *c = NULL;
      int r;
      snprintf (doc, sizeof doc, "{\"ociVersion\":\"%s\",\"root\":{\"path\":\"r\"}}", versions[i]);
      r = oci_config_parse_data (doc, strlen (doc), "config.json", &c, &err);
      TAP_OK (r == 0, "ociVersion %s is accepted", versions[i]);
      oci_config_free (c);
      free (err);
    }
}

/* errmsg is optional: failures still fail, and nothing leaks (valgrind).  */
static void
test_null_errmsg (void)
{
  struct oci_config *c = (struct oci_config *) 1;
  struct oci_process *p = (struct oci_process *) 1;
  TAP_OK (oci_config_parse_data ("{]", 2, "config.json", &c, NULL) < 0 && c == NULL,
          "broken JSON without errmsg");
  TAP_OK (oci_config_parse_data ("{\"ociVersion\":\"1.0.0\"}", 21, "config.json", &c, NULL) < 0
            && c == NULL,
          "invalid config without errmsg");
  TAP_OK (oci_process_parse_file ("/nonexistent/process.json", "process.json", &p, NULL) < 0
            && p == NULL,
          "missing process.json without errmsg");
}

int
main (void)
{
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
    run_case (i, &cases[i]);
  test_unknown_ignored ();
  test_deep_unknown ();
  test_versions_accepted ();
  test_null_errmsg ();
  return tap_done ();
}
