/* namespaces.c: what each linux.namespaces entry means for the kernel: the
   clone flags, setns by path, id maps, time offsets, and the settings that
   live in one namespace (lo, names, sysctl).  Never mounts, never forks.  */
#include <config.h>

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "namespaces.h"
#include "userns.h"
#include "util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const int ns_clone_flag[OCI_NS_COUNT] = {
  [OCI_NS_PID] = CLONE_NEWPID,     [OCI_NS_NETWORK] = CLONE_NEWNET,
  [OCI_NS_MOUNT] = CLONE_NEWNS,    [OCI_NS_IPC] = CLONE_NEWIPC,
  [OCI_NS_UTS] = CLONE_NEWUTS,     [OCI_NS_USER] = CLONE_NEWUSER,
  [OCI_NS_CGROUP] = CLONE_NEWCGROUP, [OCI_NS_TIME] = CLONE_NEWTIME,
};

static bool
ns_is_new (const struct ns_plan *p, enum oci_namespace_type t)
{
  return p->present[t] && p->join_fds[t] < 0;
}

static bool
key_is (const char *key, const char *const *list)
{
  for (; *list; list++)
    if (strcmp (key, *list) == 0)
      return true;
  return false;
}

/* runc's rule: a sysctl is allowed only when it belongs to a namespace the
   container does not share with the host.  */
static int
ns_validate_sysctl (const struct oci_config *c, const struct ns_plan *p, berth_error_t **err)
{
  static const char *const ipc_keys[] = { "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",
                                          "kernel.sem", "kernel.shmall", "kernel.shmmax",
                                          "kernel.shmmni", "kernel.shm_rmid_forced", NULL };
  static const char *const uts_keys[] = { "kernel.hostname", "kernel.domainname", NULL };
  const struct oci_map *m = &c->linux_->sysctl;
  size_t i;

  for (i = 0; i < m->len; i++)
    {
      const char *k = m->keys[i];
      if (strstr (k, "..") != NULL)
        return berth_error_make (err, 0, "linux.sysctl: invalid key \"%s\"", k);
      if (key_is (k, ipc_keys) || strncmp (k, "fs.mqueue.", 10) == 0)
        {
          if (!p->present[OCI_NS_IPC])
            return berth_error_make (err, 0, "linux.sysctl: \"%s\" is not allowed in the host's ipc namespace", k);
        }
      else if (strncmp (k, "net.", 4) == 0)
        {
          if (!p->present[OCI_NS_NETWORK])
            return berth_error_make (err, 0, "linux.sysctl: \"%s\" is not allowed in the host's network namespace", k);
        }
      else if (key_is (k, uts_keys))
        {
          if (!p->present[OCI_NS_UTS])
            return berth_error_make (err, 0, "linux.sysctl: \"%s\" is not allowed in the host's uts namespace", k);
        }
      else
        return berth_error_make (err, 0, "linux.sysctl: \"%s\" is not in a separate kernel namespace", k);
    }
  return 0;
}

static int
ns_validate (const struct oci_config *c, const struct ns_plan *p, berth_error_t **err)
{
  const struct oci_linux *l = c->linux_;

  /* Without a private mount namespace every mount would land on the host
     and outlive the container.  */
  if (!p->present[OCI_NS_MOUNT])
    return berth_error_make (err, 0, "linux.namespaces: a mount namespace is required");
  if ((c->hostname && *c->hostname) && !p->present[OCI_NS_UTS])
    return berth_error_make (err, 0, "hostname: cannot set the hostname without a private uts namespace");
  if ((c->domainname && *c->domainname) && !p->present[OCI_NS_UTS])
    return berth_error_make (err, 0, "domainname: cannot set the domainname without a private uts namespace");
  if (p->new_user_ns && (l->n_uid_mappings == 0 || l->n_gid_mappings == 0))
    return berth_error_make (err, 0, "linux.uidMappings: a new user namespace needs uidMappings and gidMappings");
  if (!p->present[OCI_NS_USER] && (l->n_uid_mappings || l->n_gid_mappings))
    return berth_error_make (err, 0, "linux.uidMappings: mappings need a user namespace");
  if ((l->time_monotonic.set || l->time_boottime.set) && !p->new_time_ns)
    return berth_error_make (err, 0, "linux.timeOffsets: offsets need a new time namespace");
  return ns_validate_sysctl (c, p, err);
}

int
ns_plan_build (const struct oci_config *c, struct ns_plan *p, berth_error_t **err)
{
  const struct oci_linux *l = c->linux_;
  size_t i;

  memset (p, 0, sizeof *p);
  for (i = 0; i < OCI_NS_COUNT; i++)
    p->join_fds[i] = -1;
  if (l == NULL)
    return berth_error_make (err, 0, "linux: missing (a mount namespace is required)");

  for (i = 0; i < l->n_namespaces; i++)
    {
      const struct oci_namespace *ns = &l->namespaces[i];
      const char *name = oci_namespace_type_name (ns->type);
      if (p->present[ns->type])
        return berth_error_make (err, 0, "linux.namespaces: duplicate namespace \"%s\"", name);
      p->present[ns->type] = true;
      if (ns->path && *ns->path)
        {
          p->join_fds[ns->type] = open (ns->path, O_RDONLY | O_CLOEXEC);
          if (p->join_fds[ns->type] < 0)
            return berth_error_make (err, errno, "linux.namespaces: open %s namespace path %s",
                                     name, ns->path);
          p->joins = true;
        }
      else if (ns->type == OCI_NS_CGROUP)
        p->new_cgroup_ns = true;
      else if (ns->type == OCI_NS_TIME)
        p->new_time_ns = true;
      else
        p->clone_flags |= ns_clone_flag[ns->type];
    }
  p->new_user_ns = ns_is_new (p, OCI_NS_USER);
  p->in_user_ns = p->present[OCI_NS_USER];
  return ns_validate (c, p, err);
}

void
ns_plan_close (struct ns_plan *p)
{
  size_t i;
  for (i = 0; i < OCI_NS_COUNT; i++)
    if (p->join_fds[i] >= 0)
      {
        close (p->join_fds[i]);
        p->join_fds[i] = -1;
      }
}

int
ns_join (const struct ns_plan *p, berth_error_t **err)
{
  /* The user namespace first: it grants the capabilities needed to join
     the namespaces it owns.  Mount last but one, pid last: both change what
     this process sees but not what it is.  */
  static const enum oci_namespace_type order[] = { OCI_NS_USER, OCI_NS_IPC, OCI_NS_UTS,
                                                   OCI_NS_NETWORK, OCI_NS_CGROUP, OCI_NS_TIME,
                                                   OCI_NS_MOUNT, OCI_NS_PID };
  size_t i;

  for (i = 0; i < sizeof order / sizeof order[0]; i++)
    {
      enum oci_namespace_type t = order[i];
      if (p->join_fds[t] < 0)
        continue;
      if (setns (p->join_fds[t], ns_clone_flag[t]) < 0)
        return berth_error_make (err, errno, "setns %s namespace", oci_namespace_type_name (t));
    }
  return 0;
}

int
ns_unshare_time (const struct oci_linux *l, berth_error_t **err)
{
  char buf[128];
  int n;

  if (unshare (CLONE_NEWTIME) < 0)
    return berth_error_make (err, errno, "unshare time namespace");
  n = snprintf (buf, sizeof buf, "monotonic %lld %u\nboottime %lld %u\n",
                l->time_monotonic.set ? (long long) l->time_monotonic.secs : 0LL,
                l->time_monotonic.set ? l->time_monotonic.nanosecs : 0,
                l->time_boottime.set ? (long long) l->time_boottime.secs : 0LL,
                l->time_boottime.set ? l->time_boottime.nanosecs : 0);
  return write_file ("/proc/self/timens_offsets", buf, n, err);
}

static int
write_id_map (pid_t pid, const char *file, const struct oci_id_mapping *m, size_t n,
              berth_error_t **err)
{
  cleanup_free char *path = xasprintf ("/proc/%d/%s", (int) pid, file);
  cleanup_free char *buf = NULL;
  size_t len = 0, i;
  FILE *f = open_memstream (&buf, &len);
  int ret;

  if (f == NULL)
    return berth_error_make (err, errno, "open_memstream");
  for (i = 0; i < n; i++)
    fprintf (f, "%u %u %u\n", m[i].container_id, m[i].host_id, m[i].size);
  fclose (f);
  /* The kernel takes the whole map in one write.  */
  ret = write_file (path, buf, len, err);
  if (ret < 0)
    return berth_error_wrap (err, "linux.%s", strcmp (file, "uid_map") == 0 ? "uidMappings" : "gidMappings");
  return 0;
}

int
ns_write_id_maps (pid_t pid, const struct oci_linux *l, berth_error_t **err)
{
  int ret;

  /* Rootless with subordinate ids: the setuid helpers (userns.c).  */
  if (userns_needs_helpers (l))
    return userns_write_maps_with_helpers (pid, l, err);
  /* As runc: without CAP_SETGID in the parent namespace the kernel only
     accepts a gid_map once setgroups is denied.  */
  if (geteuid () != 0)
    {
      cleanup_free char *path = xasprintf ("/proc/%d/setgroups", (int) pid);
      ret = write_file (path, "deny", 4, err);
      if (ret < 0)
        return ret;
    }
  ret = write_id_map (pid, "uid_map", l->uid_mappings, l->n_uid_mappings, err);
  if (ret < 0)
    return ret;
  return write_id_map (pid, "gid_map", l->gid_mappings, l->n_gid_mappings, err);
}

int
ns_bring_up_loopback (berth_error_t **err)
{
  struct ifreq ifr;
  cleanup_close int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return berth_error_make (err, errno, "socket for lo");
  memset (&ifr, 0, sizeof ifr);
  strcpy (ifr.ifr_name, "lo");
  if (ioctl (fd, SIOCGIFFLAGS, &ifr) < 0)
    return berth_error_make (err, errno, "get flags of lo");
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  if (ioctl (fd, SIOCSIFFLAGS, &ifr) < 0)
    return berth_error_make (err, errno, "bring up lo");
  return 0;
}

int
ns_set_names (const struct oci_config *c, berth_error_t **err)
{
  if (c->hostname && *c->hostname && sethostname (c->hostname, strlen (c->hostname)) < 0)
    return berth_error_make (err, errno, "hostname: sethostname `%s`", c->hostname);
  if (c->domainname && *c->domainname
      && setdomainname (c->domainname, strlen (c->domainname)) < 0)
    return berth_error_make (err, errno, "domainname: setdomainname `%s`", c->domainname);
  return 0;
}

int
ns_write_sysctl (const struct oci_config *c, berth_error_t **err)
{
  const struct oci_map *m = &c->linux_->sysctl;
  size_t i;

  for (i = 0; i < m->len; i++)
    {
      cleanup_free char *path = xasprintf ("/proc/sys/%s", m->keys[i]);
      char *s;
      int ret;
      /* "net.ipv4.ip_forward" -> net/ipv4/ip_forward; a key already in the
         slash form (interface names may contain dots) is kept as is.  */
      if (strchr (m->keys[i], '/') == NULL)
        for (s = path + 10; *s; s++)
          if (*s == '.')
            *s = '/';
      ret = write_file (path, m->values[i], strlen (m->values[i]), err);
      if (ret < 0)
        return berth_error_wrap (err, "linux.sysctl \"%s\"", m->keys[i]);
    }
  return 0;
}
