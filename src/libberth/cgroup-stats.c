/* cgroup-stats.c: the statistics of `berth events` in runc's JSON shape
   (cpu, memory, pids, blkio, hugetlb), read from v1 or v2 files.  Only
   reads cgroup files.  */
#include <config.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "util.h"

#define STR(g, s) yajl_gen_string ((g), (const unsigned char *) (s), strlen (s))
#define KV(g, k, v)                                                            \
  do                                                                           \
    {                                                                          \
      STR (g, k);                                                              \
      yajl_gen_integer ((g), (long long) (v));                                 \
    }                                                                          \
  while (0)

/* A number file ("max" reads as 0, as runc reports an unlimited value).  */
static unsigned long long
read_u64 (const char *dir, const char *file)
{
  cleanup_free char *buf = NULL;
  if (dir == NULL || cgroup_read (dir, file, &buf, NULL) < 0)
    return 0;
  return strtoull (buf, NULL, 10);
}

/* "key value" lines: the value of KEY, 0 when absent.  */
static unsigned long long
keyed (const char *buf, const char *key)
{
  size_t kl = strlen (key);
  const char *p = buf;
  while (p && *p)
    {
      if (strncmp (p, key, kl) == 0 && p[kl] == ' ')
        return strtoull (p + kl + 1, NULL, 10);
      p = strchr (p, '\n');
      if (p)
        p++;
    }
  return 0;
}

static unsigned long long
read_keyed (const char *dir, const char *file, const char *key)
{
  cleanup_free char *buf = NULL;
  if (dir == NULL || cgroup_read (dir, file, &buf, NULL) < 0)
    return 0;
  return keyed (buf, key);
}

static void
gen_number_list (yajl_gen g, const char *key, const char *dir, const char *file)
{
  cleanup_free char *buf = NULL;
  char *p, *end;
  STR (g, key);
  yajl_gen_array_open (g);
  if (dir && cgroup_read (dir, file, &buf, NULL) == 0)
    for (p = buf;; p = end)
      {
        unsigned long long v = strtoull (p, &end, 10);
        if (end == p)
          break;
        yajl_gen_integer (g, (long long) v);
      }
  yajl_gen_array_close (g);
}

static void
gen_cpu (yajl_gen g, const struct cgroup_manager *m)
{
  const char *acct = cgroup_manager_path (m, CGROUP_CPUACCT), *cpu = cgroup_manager_path (m, CGROUP_CPU);
  bool v2 = m->layout == CGROUP_LAYOUT_UNIFIED;
  cleanup_free char *stat = NULL;

  if (cpu)
    cgroup_read (cpu, "cpu.stat", &stat, NULL);
  STR (g, "cpu");
  yajl_gen_map_open (g);
  STR (g, "usage");
  yajl_gen_map_open (g);
  if (v2)
    {
      KV (g, "total", keyed (stat ? stat : "", "usage_usec") * 1000);
      KV (g, "kernel", keyed (stat ? stat : "", "system_usec") * 1000);
      KV (g, "user", keyed (stat ? stat : "", "user_usec") * 1000);
    }
  else
    {
      KV (g, "total", read_u64 (acct, "cpuacct.usage"));
      gen_number_list (g, "percpu", acct, "cpuacct.usage_percpu");
      gen_number_list (g, "percpu_kernel", acct, "cpuacct.usage_percpu_sys");
      gen_number_list (g, "percpu_user", acct, "cpuacct.usage_percpu_user");
      /* cpuacct.stat counts USER_HZ (100 Hz) ticks.  */
      KV (g, "kernel", read_keyed (acct, "cpuacct.stat", "system") * 10000000ULL);
      KV (g, "user", read_keyed (acct, "cpuacct.stat", "user") * 10000000ULL);
    }
  yajl_gen_map_close (g);
  STR (g, "throttling");
  yajl_gen_map_open (g);
  KV (g, "periods", keyed (stat ? stat : "", "nr_periods"));
  KV (g, "throttledPeriods", keyed (stat ? stat : "", "nr_throttled"));
  KV (g, "throttledTime", v2 ? keyed (stat ? stat : "", "throttled_usec") * 1000
                             : keyed (stat ? stat : "", "throttled_time"));
  yajl_gen_map_close (g);
  yajl_gen_map_close (g);
}

static void
gen_mem_entry (yajl_gen g, const char *key, const char *dir, const char *prefix)
{
  char f[96];
  STR (g, key);
  yajl_gen_map_open (g);
  snprintf (f, sizeof f, "%s.limit_in_bytes", prefix);
  KV (g, "limit", read_u64 (dir, f));
  snprintf (f, sizeof f, "%s.usage_in_bytes", prefix);
  KV (g, "usage", read_u64 (dir, f));
  snprintf (f, sizeof f, "%s.max_usage_in_bytes", prefix);
  KV (g, "max", read_u64 (dir, f));
  snprintf (f, sizeof f, "%s.failcnt", prefix);
  KV (g, "failcnt", read_u64 (dir, f));
  yajl_gen_map_close (g);
}

static void
gen_raw (yajl_gen g, const char *buf)
{
  const char *p = buf;
  STR (g, "raw");
  yajl_gen_map_open (g);
  while (p && *p)
    {
      const char *sp = strchr (p, ' '), *nl = strchr (p, '\n');
      if (sp == NULL || (nl && sp > nl))
        break;
      yajl_gen_string (g, (const unsigned char *) p, sp - p);
      yajl_gen_integer (g, (long long) strtoull (sp + 1, NULL, 10));
      p = nl ? nl + 1 : NULL;
    }
  yajl_gen_map_close (g);
}

static void
gen_memory (yajl_gen g, const struct cgroup_manager *m)
{
  const char *dir = cgroup_manager_path (m, CGROUP_MEMORY);
  cleanup_free char *stat = NULL;

  if (dir)
    cgroup_read (dir, "memory.stat", &stat, NULL);
  STR (g, "memory");
  yajl_gen_map_open (g);
  if (m->layout == CGROUP_LAYOUT_UNIFIED)
    {
      unsigned long long cur = read_u64 (dir, "memory.current");
      KV (g, "cache", keyed (stat ? stat : "", "file"));
      STR (g, "usage");
      yajl_gen_map_open (g);
      KV (g, "limit", read_u64 (dir, "memory.max"));
      KV (g, "usage", cur);
      KV (g, "max", read_u64 (dir, "memory.peak"));
      KV (g, "failcnt", read_keyed (dir, "memory.events", "max"));
      yajl_gen_map_close (g);
      /* runc reports v2 swap as memory+swap, like v1's memsw.  */
      STR (g, "swap");
      yajl_gen_map_open (g);
      KV (g, "limit", read_u64 (dir, "memory.swap.max"));
      KV (g, "usage", read_u64 (dir, "memory.swap.current") + cur);
      yajl_gen_map_close (g);
    }
  else
    {
      KV (g, "cache", keyed (stat ? stat : "", "cache"));
      gen_mem_entry (g, "usage", dir, "memory");
      gen_mem_entry (g, "swap", dir, "memory.memsw");
      gen_mem_entry (g, "kernel", dir, "memory.kmem");
      gen_mem_entry (g, "kernelTCP", dir, "memory.kmem.tcp");
    }
  gen_raw (g, stat);
  yajl_gen_map_close (g);
}

static void
gen_pids (yajl_gen g, const struct cgroup_manager *m)
{
  const char *dir = cgroup_manager_path (m, CGROUP_PIDS);
  STR (g, "pids");
  yajl_gen_map_open (g);
  KV (g, "current", read_u64 (dir, "pids.current"));
  KV (g, "limit", read_u64 (dir, "pids.max"));
  yajl_gen_map_close (g);
}

/* v1 "8:0 Read 4096" lines, or v2 io.stat "8:0 rbytes=N wbytes=N rios=N wios=N".  */
static void
gen_io_list (yajl_gen g, const char *key, const char *buf, bool v2, bool bytes)
{
  char *copy = xstrdup (buf ? buf : ""), *saveptr = NULL, *line;
  STR (g, key);
  yajl_gen_array_open (g);
  for (line = strtok_r (copy, "\n", &saveptr); line; line = strtok_r (NULL, "\n", &saveptr))
    {
      unsigned major, minor;
      char op[16];
      unsigned long long v;
      if (sscanf (line, "%u:%u", &major, &minor) != 2)
        continue;
      if (!v2)
        {
          if (sscanf (line, "%*u:%*u %15s %llu", op, &v) != 2)
            continue;
          yajl_gen_map_open (g);
          KV (g, "major", major);
          KV (g, "minor", minor);
          STR (g, "op");
          STR (g, op);
          KV (g, "value", v);
          yajl_gen_map_close (g);
          continue;
        }
      {
        static const char *const ops[2] = { "Read", "Write" };
        const char *keys[2] = { bytes ? "rbytes=" : "rios=", bytes ? "wbytes=" : "wios=" };
        int k;
        for (k = 0; k < 2; k++)
          {
            const char *p = strstr (line, keys[k]);
            if (p == NULL)
              continue;
            yajl_gen_map_open (g);
            KV (g, "major", major);
            KV (g, "minor", minor);
            STR (g, "op");
            STR (g, ops[k]);
            KV (g, "value", strtoull (p + strlen (keys[k]), NULL, 10));
            yajl_gen_map_close (g);
          }
      }
    }
  yajl_gen_array_close (g);
  free (copy);
}

static void
gen_blkio (yajl_gen g, const struct cgroup_manager *m)
{
  const char *dir = cgroup_manager_path (m, CGROUP_BLKIO);
  bool v2 = m->layout == CGROUP_LAYOUT_UNIFIED;
  cleanup_free char *bytes = NULL, *ios = NULL;

  if (dir && v2)
    cgroup_read (dir, "io.stat", &bytes, NULL);
  else if (dir)
    {
      cgroup_read (dir, "blkio.throttle.io_service_bytes_recursive", &bytes, NULL);
      cgroup_read (dir, "blkio.throttle.io_serviced_recursive", &ios, NULL);
    }
  STR (g, "blkio");
  yajl_gen_map_open (g);
  gen_io_list (g, "ioServiceBytesRecursive", bytes, v2, true);
  gen_io_list (g, "ioServicedRecursive", v2 ? bytes : ios, v2, false);
  yajl_gen_map_close (g);
}

/* Page sizes from /sys/kernel/mm/hugepages: "hugepages-2048kB" -> "2MB".  */
static void
gen_hugetlb (yajl_gen g, const struct cgroup_manager *m)
{
  const char *dir = cgroup_manager_path (m, CGROUP_HUGETLB);
  bool v2 = m->layout == CGROUP_LAYOUT_UNIFIED;
  DIR *d = opendir ("/sys/kernel/mm/hugepages");
  struct dirent *de;

  STR (g, "hugetlb");
  yajl_gen_map_open (g);
  while (d && dir && (de = readdir (d)))
    {
      unsigned long long kb;
      char size[32], f[96];
      if (sscanf (de->d_name, "hugepages-%llukB", &kb) != 1)
        continue;
      if (kb >= 1048576)
        snprintf (size, sizeof size, "%lluGB", kb / 1048576);
      else if (kb >= 1024)
        snprintf (size, sizeof size, "%lluMB", kb / 1024);
      else
        snprintf (size, sizeof size, "%llukB", kb);
      STR (g, size);
      yajl_gen_map_open (g);
      snprintf (f, sizeof f, v2 ? "hugetlb.%s.current" : "hugetlb.%s.usage_in_bytes", size);
      KV (g, "usage", read_u64 (dir, f));
      if (!v2)
        {
          snprintf (f, sizeof f, "hugetlb.%s.max_usage_in_bytes", size);
          KV (g, "max", read_u64 (dir, f));
          snprintf (f, sizeof f, "hugetlb.%s.failcnt", size);
          KV (g, "failcnt", read_u64 (dir, f));
        }
      else
        {
          snprintf (f, sizeof f, "hugetlb.%s.events", size);
          KV (g, "failcnt", read_keyed (dir, f, "max"));
        }
      yajl_gen_map_close (g);
    }
  if (d)
    closedir (d);
  yajl_gen_map_close (g);
}

void
cgroup_manager_gen_stats (const struct cgroup_manager *m, yajl_gen g)
{
  yajl_gen_map_open (g);
  gen_cpu (g, m);
  gen_memory (g, m);
  gen_pids (g, m);
  gen_blkio (g, m);
  gen_hugetlb (g, m);
  yajl_gen_map_close (g);
}
