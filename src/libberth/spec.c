/* spec.c: the default config.json `berth spec` writes: runc's defaults
   (a busybox-friendly `sh`, the usual namespaces, masked and read-only
   paths, default mounts and capabilities) and runc's rootless variant.
   Only generates and writes the file; never validates a bundle.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "berth-features.h"
#include "oci-features.h"
#include "spec.h"
#include "util.h"

struct spec_mount
{
  const char *destination;
  const char *type;
  const char *source;
  const char *const *options;
};

#define STRV(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const struct spec_mount spec_mounts[] = {
  { "/proc", "proc", "proc", NULL },
  { "/dev", "tmpfs", "tmpfs", STRV ("nosuid", "strictatime", "mode=755", "size=65536k") },
  { "/dev/pts", "devpts", "devpts",
    STRV ("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5") },
  { "/dev/shm", "tmpfs", "shm", STRV ("nosuid", "noexec", "nodev", "mode=1777", "size=65536k") },
  { "/dev/mqueue", "mqueue", "mqueue", STRV ("nosuid", "noexec", "nodev") },
  { "/sys", "sysfs", "sysfs", STRV ("nosuid", "noexec", "nodev", "ro") },
  { "/sys/fs/cgroup", "cgroup", "cgroup", STRV ("nosuid", "noexec", "nodev", "relatime", "ro") },
};

/* A user namespace cannot mount a new sysfs unless it also owns the network
   namespace, so rootless containers bind the host's.  */
static const struct spec_mount spec_rootless_sys
    = { "/sys", "none", "/sys", STRV ("rbind", "nosuid", "noexec", "nodev", "ro") };

static const char *const spec_capabilities[] = {
  "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE", NULL,
};

static const char *const spec_capability_sets[] = {
  "bounding", "effective", "permitted", "ambient", NULL,
};

static const char *const spec_namespaces[] = {
  "pid", "network", "ipc", "uts", "mount", "cgroup", NULL,
};

static const char *const spec_masked_paths[] = {
  "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
  "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
  "/sys/firmware",
  /* RAPL energy counters leak data across containers (CVE-2020-8694).  */
  "/sys/devices/virtual/powercap", NULL,
};

static const char *const spec_readonly_paths[] = {
  "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger", NULL,
};

static const char *const spec_env[] = {
  "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", NULL,
};

static void
gen_process (yajl_gen g)
{
  size_t i;

  oci_gen_key (g, "process");
  yajl_gen_map_open (g);
  oci_gen_key_bool (g, "terminal", true);
  oci_gen_key (g, "user");
  yajl_gen_map_open (g);
  oci_gen_key_uint (g, "uid", 0);
  oci_gen_key_uint (g, "gid", 0);
  yajl_gen_map_close (g);
  oci_gen_key_strv (g, "args", STRV ("sh"));
  oci_gen_key_strv (g, "env", spec_env);
  oci_gen_key_string (g, "cwd", "/");
  oci_gen_key (g, "capabilities");
  yajl_gen_map_open (g);
  for (i = 0; spec_capability_sets[i]; i++)
    oci_gen_key_strv (g, spec_capability_sets[i], spec_capabilities);
  yajl_gen_map_close (g);
  oci_gen_key (g, "rlimits");
  yajl_gen_array_open (g);
  yajl_gen_map_open (g);
  oci_gen_key_string (g, "type", "RLIMIT_NOFILE");
  oci_gen_key_uint (g, "hard", 1024);
  oci_gen_key_uint (g, "soft", 1024);
  yajl_gen_map_close (g);
  yajl_gen_array_close (g);
  oci_gen_key_bool (g, "noNewPrivileges", true);
  yajl_gen_map_close (g);
}

static void
gen_mount (yajl_gen g, const struct spec_mount *m, bool rootless)
{
  const char *const *o;

  yajl_gen_map_open (g);
  oci_gen_key_string (g, "destination", m->destination);
  oci_gen_key_string (g, "type", m->type);
  oci_gen_key_string (g, "source", m->source);
  if (m->options)
    {
      oci_gen_key (g, "options");
      yajl_gen_array_open (g);
      for (o = m->options; *o; o++)
        /* Without a full id mapping the group "tty" (5) does not exist in
           the container's user namespace: devpts would refuse gid=5.  */
        if (!rootless || (strncmp (*o, "gid=", 4) != 0 && strncmp (*o, "uid=", 4) != 0))
          oci_gen_string (g, *o);
      yajl_gen_array_close (g);
    }
  yajl_gen_map_close (g);
}

static void
gen_mounts (yajl_gen g, bool rootless)
{
  size_t i;

  oci_gen_key (g, "mounts");
  yajl_gen_array_open (g);
  for (i = 0; i < sizeof spec_mounts / sizeof spec_mounts[0]; i++)
    {
      const struct spec_mount *m = &spec_mounts[i];
      if (rootless && strcmp (m->destination, "/sys") == 0)
        m = &spec_rootless_sys;
      gen_mount (g, m, rootless);
    }
  yajl_gen_array_close (g);
}

static void
gen_id_mapping (yajl_gen g, const char *key, unsigned long host_id)
{
  oci_gen_key (g, key);
  yajl_gen_array_open (g);
  yajl_gen_map_open (g);
  oci_gen_key_uint (g, "containerID", 0);
  oci_gen_key_uint (g, "hostID", host_id);
  oci_gen_key_uint (g, "size", 1);
  yajl_gen_map_close (g);
  yajl_gen_array_close (g);
}

static void
gen_namespaces (yajl_gen g, bool rootless)
{
  size_t i;

  oci_gen_key (g, "namespaces");
  yajl_gen_array_open (g);
  for (i = 0; spec_namespaces[i]; i++)
    {
      /* An unprivileged user cannot configure a new network namespace's
         links from the host, so rootless shares the caller's (as runc).  */
      if (rootless && strcmp (spec_namespaces[i], "network") == 0)
        continue;
      yajl_gen_map_open (g);
      oci_gen_key_string (g, "type", spec_namespaces[i]);
      yajl_gen_map_close (g);
    }
  if (rootless)
    {
      yajl_gen_map_open (g);
      oci_gen_key_string (g, "type", "user");
      yajl_gen_map_close (g);
    }
  yajl_gen_array_close (g);
}

static void
gen_linux (yajl_gen g, const struct spec_options *o)
{
  oci_gen_key (g, "linux");
  yajl_gen_map_open (g);
  if (o->rootless)
    {
      gen_id_mapping (g, "uidMappings", o->uid);
      gen_id_mapping (g, "gidMappings", o->gid);
    }
  else
    {
      /* Rootless leaves resources out: cgroups may not be delegated.  */
      oci_gen_key (g, "resources");
      yajl_gen_map_open (g);
      oci_gen_key (g, "devices");
      yajl_gen_array_open (g);
      yajl_gen_map_open (g);
      oci_gen_key_bool (g, "allow", false);
      oci_gen_key_string (g, "access", "rwm");
      yajl_gen_map_close (g);
      yajl_gen_array_close (g);
      yajl_gen_map_close (g);
    }
  gen_namespaces (g, o->rootless);
  oci_gen_key_strv (g, "maskedPaths", spec_masked_paths);
  oci_gen_key_strv (g, "readonlyPaths", spec_readonly_paths);
  yajl_gen_map_close (g);
}

int
spec_generate (const struct spec_options *o, char **json, size_t *len, berth_error_t **err)
{
  yajl_gen g = oci_gen_new ();
  char *msg = NULL;

  yajl_gen_map_open (g);
  oci_gen_key_string (g, "ociVersion", BERTH_OCI_VERSION);
  gen_process (g);
  oci_gen_key (g, "root");
  yajl_gen_map_open (g);
  oci_gen_key_string (g, "path", "rootfs");
  oci_gen_key_bool (g, "readonly", true);
  yajl_gen_map_close (g);
  oci_gen_key_string (g, "hostname", "berth");
  gen_mounts (g, o->rootless);
  gen_linux (g, o);
  yajl_gen_map_close (g);
  if (oci_gen_finish (g, "config.json", json, len, &msg) < 0)
    return berth_error_take (err, 0, msg);
  return 0;
}

int
spec_write (const char *bundle, const struct spec_options *o, berth_error_t **err)
{
  cleanup_free char *path = xasprintf ("%s/config.json", bundle ? bundle : ".");
  cleanup_free char *json = NULL;
  cleanup_close int fd = -1;
  size_t len = 0;
  int ret;

  ret = spec_generate (o, &json, &len, err);
  if (ret < 0)
    return ret;
  /* O_EXCL: never replace a config someone wrote, even if it appears
     between a check and the write.  */
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0 && errno == EEXIST)
    return berth_error_make (err, 0, "File %s exists. Remove it first", bundle ? path : "config.json");
  if (fd < 0)
    return berth_error_make (err, errno, "open %s", path);
  if (write_all_fd (fd, json, len) < 0)
    {
      int e = errno;
      unlink (path);
      return berth_error_make (err, e, "write %s", path);
    }
  return 0;
}
