/* update.c: `berth update`: runc's flags and --resources FILE|- (a
   LinuxResources document) into one oci_resources, applied live by
   cgroup_cmd_update.  Parses only; never touches a cgroup itself.  */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup-cmd.h"
#include "cli/cli.h"
#include "oci-config.h"
#include "util.h"

static const char usage[] =
  "Usage: berth update [options] ID\n\n"
  "Change the resource limits of a running container.\n\n"
  "  -r, --resources FILE       a LinuxResources JSON document (\"-\": stdin);\n"
  "                             the flags below override its fields\n"
  "  --memory SIZE              memory limit (e.g. 64m; -1: unlimited)\n"
  "  --memory-reservation SIZE  memory soft limit\n"
  "  --memory-swap SIZE         memory+swap limit (-1: unlimited)\n"
  "  --kernel-memory SIZE       kernel memory limit (cgroup v1)\n"
  "  --kernel-memory-tcp SIZE   kernel TCP buffer limit (cgroup v1)\n"
  "  --cpu-shares N             relative CPU weight (--cpu-share too)\n"
  "  --cpu-quota N              CFS quota in microseconds per period (-1: none)\n"
  "  --cpu-period N             CFS period in microseconds\n"
  "  --cpu-burst N              CFS burst in microseconds\n"
  "  --cpu-rt-period N          real-time period (cgroup v1)\n"
  "  --cpu-rt-runtime N         real-time runtime (cgroup v1)\n"
  "  --cpu-idle N               SCHED_IDLE for the group (0 or 1)\n"
  "  --cpuset-cpus LIST         CPUs allowed (e.g. 0-2,4)\n"
  "  --cpuset-mems LIST         memory nodes allowed\n"
  "  --pids-limit N             maximum number of tasks (0 or -1: unlimited)\n"
  "  --blkio-weight N           block IO weight (10-1000)\n"
  "  --l3-cache-schema S, --mem-bw-schema S   Intel RDT (not supported)\n";

enum
{
  OPT_MEMORY = 256,
  OPT_MEMORY_RESERVATION,
  OPT_MEMORY_SWAP,
  OPT_KERNEL_MEMORY,
  OPT_KERNEL_MEMORY_TCP,
  OPT_CPU_SHARES,
  OPT_CPU_QUOTA,
  OPT_CPU_PERIOD,
  OPT_CPU_BURST,
  OPT_CPU_RT_PERIOD,
  OPT_CPU_RT_RUNTIME,
  OPT_CPU_IDLE,
  OPT_CPUSET_CPUS,
  OPT_CPUSET_MEMS,
  OPT_PIDS_LIMIT,
  OPT_BLKIO_WEIGHT,
  OPT_L3_CACHE,
  OPT_MEM_BW,
};

/* runc's RAMInBytes: "64m", "1.5g", "512MiB", "100"; binary units.  "-1": unlimited.  */
static int
parse_size (const char *s, int64_t *out)
{
  static const char units[] = "bkmgtp";
  char *end = NULL;
  double v;
  const char *u;
  int shift = 0;

  if (strcmp (s, "-1") == 0)
    {
      *out = -1;
      return 0;
    }
  errno = 0;
  v = strtod (s, &end);
  if (errno || end == s || v < 0 || !isdigit ((unsigned char) *s))
    return -1;
  while (*end == ' ')
    end++;
  if (*end)
    {
      u = strchr (units, tolower ((unsigned char) *end));
      if (u == NULL)
        return -1;
      shift = (int) (u - units) * 10;
      end++;
      if (*u != 'b')
        {
          if (tolower ((unsigned char) *end) == 'i')
            end++;
          if (tolower ((unsigned char) *end) == 'b')
            end++;
        }
      if (*end)
        return -1;
    }
  v *= (double) (1ULL << shift);
  if (v > 9.2e18)
    return -1;
  *out = (int64_t) v;
  return 0;
}

static int
parse_int (const char *s, int64_t *out)
{
  char *end = NULL;
  long long v;
  errno = 0;
  v = strtoll (s, &end, 10);
  if (errno || end == s || *end)
    return -1;
  *out = v;
  return 0;
}

static int
read_resources (struct cli_ctx *ctx, const char *file, struct oci_resources **out)
{
  cleanup_error berth_error_t *err = NULL;
  cleanup_free char *data = NULL;
  char *msg = NULL;
  size_t len = 0;
  int ret;

  if (strcmp (file, "-") == 0)
    ret = read_all_fd (0, "stdin", &data, &len, &err);
  else
    ret = read_all_file (file, &data, &len, &err);
  if (ret < 0)
    return cli_report (ctx, &err);
  if (oci_resources_parse_data (data, len, strcmp (file, "-") == 0 ? "stdin" : file, out, &msg) < 0)
    {
      berth_error_take (&err, EINVAL, msg);
      return cli_report (ctx, &err);
    }
  return 0;
}

static struct oci_memory *
memory_of (struct oci_resources *r)
{
  if (r->memory == NULL)
    r->memory = xmalloc0 (sizeof *r->memory);
  return r->memory;
}

static struct oci_cpu *
cpu_of (struct oci_resources *r)
{
  if (r->cpu == NULL)
    r->cpu = xmalloc0 (sizeof *r->cpu);
  return r->cpu;
}

/* Apply one flag to R; returns 0, or 1 after printing a usage error.  */
static int
apply_flag (struct cli_ctx *ctx, struct oci_resources *r, int opt, const char *name, const char *arg)
{
  int64_t v = 0;
  bool size = opt == OPT_MEMORY || opt == OPT_MEMORY_RESERVATION || opt == OPT_MEMORY_SWAP
              || opt == OPT_KERNEL_MEMORY || opt == OPT_KERNEL_MEMORY_TCP;

  if (opt == OPT_L3_CACHE || opt == OPT_MEM_BW)
    return cli_usage_error (ctx, "--%s: Intel RDT (linux.intelRdt) is not supported by berth", name);
  if (opt == OPT_CPUSET_CPUS || opt == OPT_CPUSET_MEMS)
    {
      char **dst = opt == OPT_CPUSET_CPUS ? &cpu_of (r)->cpus : &cpu_of (r)->mems;
      free (*dst);
      *dst = xstrdup (arg);
      return 0;
    }
  if ((size ? parse_size (arg, &v) : parse_int (arg, &v)) < 0)
    return cli_usage_error (ctx, "--%s: invalid value \"%s\"", name, arg);
  switch (opt)
    {
    case OPT_MEMORY:
      memory_of (r)->has_limit = true, r->memory->limit = v;
      break;
    case OPT_MEMORY_RESERVATION:
      memory_of (r)->has_reservation = true, r->memory->reservation = v;
      break;
    case OPT_MEMORY_SWAP:
      memory_of (r)->has_swap = true, r->memory->swap = v;
      break;
    case OPT_KERNEL_MEMORY:
      memory_of (r)->has_kernel = true, r->memory->kernel = v;
      break;
    case OPT_KERNEL_MEMORY_TCP:
      memory_of (r)->has_kernel_tcp = true, r->memory->kernel_tcp = v;
      break;
    case OPT_CPU_SHARES:
      cpu_of (r)->has_shares = true, r->cpu->shares = (uint64_t) v;
      break;
    case OPT_CPU_QUOTA:
      cpu_of (r)->has_quota = true, r->cpu->quota = v;
      break;
    case OPT_CPU_PERIOD:
      cpu_of (r)->has_period = true, r->cpu->period = (uint64_t) v;
      break;
    case OPT_CPU_BURST:
      cpu_of (r)->has_burst = true, r->cpu->burst = (uint64_t) v;
      break;
    case OPT_CPU_RT_PERIOD:
      cpu_of (r)->has_realtime_period = true, r->cpu->realtime_period = (uint64_t) v;
      break;
    case OPT_CPU_RT_RUNTIME:
      cpu_of (r)->has_realtime_runtime = true, r->cpu->realtime_runtime = v;
      break;
    case OPT_CPU_IDLE:
      cpu_of (r)->has_idle = true, r->cpu->idle = v;
      break;
    case OPT_PIDS_LIMIT:
      r->has_pids_limit = true, r->pids_limit = v;
      break;
    case OPT_BLKIO_WEIGHT:
      if (v < 0 || v > 1000)
        return cli_usage_error (ctx, "--blkio-weight: %s is out of range (10-1000)", arg);
      if (r->block_io == NULL)
        r->block_io = xmalloc0 (sizeof *r->block_io);
      r->block_io->has_weight = true, r->block_io->weight = (uint16_t) v;
      break;
    default:
      break;
    }
  return 0;
}

int
cli_update (struct cli_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = {
    { "resources", required_argument, NULL, 'r' },
    { "memory", required_argument, NULL, OPT_MEMORY },
    { "memory-reservation", required_argument, NULL, OPT_MEMORY_RESERVATION },
    { "memory-swap", required_argument, NULL, OPT_MEMORY_SWAP },
    { "kernel-memory", required_argument, NULL, OPT_KERNEL_MEMORY },
    { "kernel-memory-tcp", required_argument, NULL, OPT_KERNEL_MEMORY_TCP },
    { "cpu-shares", required_argument, NULL, OPT_CPU_SHARES },
    { "cpu-share", required_argument, NULL, OPT_CPU_SHARES },
    { "cpu-quota", required_argument, NULL, OPT_CPU_QUOTA },
    { "cpu-period", required_argument, NULL, OPT_CPU_PERIOD },
    { "cpu-burst", required_argument, NULL, OPT_CPU_BURST },
    { "cpu-rt-period", required_argument, NULL, OPT_CPU_RT_PERIOD },
    { "cpu-rt-runtime", required_argument, NULL, OPT_CPU_RT_RUNTIME },
    { "cpu-idle", required_argument, NULL, OPT_CPU_IDLE },
    { "cpuset-cpus", required_argument, NULL, OPT_CPUSET_CPUS },
    { "cpuset-mems", required_argument, NULL, OPT_CPUSET_MEMS },
    { "pids-limit", required_argument, NULL, OPT_PIDS_LIMIT },
    { "blkio-weight", required_argument, NULL, OPT_BLKIO_WEIGHT },
    { "l3-cache-schema", required_argument, NULL, OPT_L3_CACHE },
    { "mem-bw-schema", required_argument, NULL, OPT_MEM_BW },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  struct
  {
    int opt;
    const char *name;
    const char *arg;
  } flags[64];
  size_t n_flags = 0, i;
  const char *resources_file = NULL;
  struct oci_resources *r = NULL;
  cleanup_error berth_error_t *err = NULL;
  int c, idx = 0, ret;

  opterr = 0;
  while ((c = getopt_long (argc, argv, "+r:h", opts, &idx)) != -1)
    {
      if (c == 'h')
        return cli_print_help (usage);
      if (c == 'r')
        resources_file = optarg;
      else if (c == '?' || c == ':')
        return cli_usage_error (ctx, "unknown option or missing value: %s", argv[optind - 1]);
      else if (n_flags < sizeof flags / sizeof flags[0])
        {
          const char *name = argv[optind - 1] + 2;
          size_t k;
          for (k = 0; opts[k].name; k++)
            if (opts[k].val == c)
              {
                name = opts[k].name;
                break;
              }
          flags[n_flags].opt = c, flags[n_flags].name = name, flags[n_flags].arg = optarg;
          n_flags++;
        }
    }
  if (optind + 1 != argc)
    return cli_usage_error (ctx, "expected exactly one container ID");
  if (cli_check_id (ctx, argv[optind]) != 0)
    return 1;
  if (resources_file)
    {
      ret = read_resources (ctx, resources_file, &r);
      if (ret != 0)
        return ret;
    }
  else
    r = xmalloc0 (sizeof *r);
  for (i = 0; i < n_flags; i++)
    if (apply_flag (ctx, r, flags[i].opt, flags[i].name, flags[i].arg) != 0)
      {
        oci_resources_free (r);
        return 1;
      }
  ret = cgroup_cmd_update (ctx->root, argv[optind], r, &err);
  oci_resources_free (r);
  if (ret < 0)
    return cli_report (ctx, &err);
  return 0;
}
