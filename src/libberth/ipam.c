/* ipam.c: address leases as files, serialized by a flock on the bridge's
   lease directory.  Only bookkeeping under the state root: it never touches
   a link, an address on a link or a rule.  */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipam.h"
#include "util.h"

/* `~` cannot appear in a container id, so this never collides with a
   container's state directory (the lifecycle uses "tmp~" the same way).  */
#define IPAM_DIR "network~"
#define SUBNET_FILE "subnet"
#define CREATED_FILE "bridge-created"

static char *
ipam_dir_path (const char *state_root, const char *bridge)
{
  return xasprintf ("%s/" IPAM_DIR "/%s", state_root, bridge);
}

int
ipam_lock (const char *state_root, const char *bridge, int *dirfd, berth_error_t **err)
{
  cleanup_free char *path = ipam_dir_path (state_root, bridge);
  int ret;

  for (;;)
    {
      cleanup_close int fd = -1;
      struct stat st;

      ret = mkdir_p (path, 0700, err);
      if (ret < 0)
        return berth_error_wrap (err, "lease directory for bridge `%s`", bridge);
      fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (fd < 0)
        return berth_error_make (err, errno, "open %s", path);
      if (TEMP_FAILURE_RETRY (flock (fd, LOCK_EX)) < 0)
        return berth_error_make (err, errno, "flock %s", path);
      if (fstat (fd, &st) < 0)
        return berth_error_make (err, errno, "fstat %s", path);
      /* The last user removes the directory under the lock; a waiter that
         then wins the lock holds an unlinked directory and must start over.  */
      if (st.st_nlink > 0)
        {
          *dirfd = steal_fd (&fd);
          return 0;
        }
    }
}

static int
read_at (int dirfd, const char *name, char **out)
{
  cleanup_close int fd = openat (dirfd, name, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  return read_all_fd (fd, name, out, NULL, NULL) < 0 ? -EIO : 0;
}

int
ipam_check_subnet (int dirfd, const char *bridge, const struct net_cidr *subnet,
                   berth_error_t **err)
{
  char net[16];
  cleanup_free char *want = xasprintf ("%s/%u\n", net_addr_format (subnet->addr, net), subnet->prefix);
  cleanup_free char *have = NULL;
  cleanup_close int fd = -1;
  int ret;

  ret = read_at (dirfd, SUBNET_FILE, &have);
  if (ret == 0)
    {
      if (strcmp (have, want) != 0)
        return berth_error_make (err, 0, "berth.network.subnet: bridge `%s` already serves subnet %.*s, not %.*s",
                                 bridge, (int) strcspn (have, "\n"), have, (int) strcspn (want, "\n"), want);
      return 0;
    }
  if (ret != -ENOENT)
    return berth_error_make (err, -ret, "read lease subnet of bridge `%s`", bridge);
  fd = openat (dirfd, SUBNET_FILE, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || write_all_fd (fd, want, strlen (want)) < 0)
    return berth_error_make (err, errno, "write lease subnet of bridge `%s`", bridge);
  return 0;
}

/* A lease is stale when the state dir of the container that took it is gone
   (the container was deleted by a berth that crashed before releasing it, or
   its state root was wiped).  */
static bool
lease_is_stale (int dirfd, const char *name)
{
  cleanup_free char *content = NULL;
  char *state_dir;

  if (read_at (dirfd, name, &content) < 0)
    return false;
  state_dir = strchr (content, '\n');
  if (state_dir == NULL)
    return true; /* torn write by a crashed create */
  state_dir++;
  state_dir[strcspn (state_dir, "\n")] = '\0';
  return state_dir[0] == '\0' || (access (state_dir, F_OK) < 0 && errno == ENOENT);
}

static bool
is_lease_name (const char *name)
{
  struct net_cidr c;
  return net_cidr_parse (name, false, "lease", &c, NULL) == 0 && strchr (name, '/') == NULL;
}

/* 0: leased now; -EEXIST: taken by a live container; other negative: error.  */
static int
try_lease (int dirfd, uint32_t addr, const char *id, const char *state_dir)
{
  char name[16];
  cleanup_free char *content = xasprintf ("%s\n%s\n", id, state_dir);
  cleanup_close int fd = -1;

  net_addr_format (addr, name);
  fd = openat (dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST && lease_is_stale (dirfd, name))
    fd = openat (dirfd, name, O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  if (write_all_fd (fd, content, strlen (content)) < 0)
    {
      int e = errno;
      unlinkat (dirfd, name, 0);
      return -e;
    }
  return 0;
}

static char *
lease_owner (int dirfd, uint32_t addr)
{
  char name[16];
  char *content = NULL;
  if (read_at (dirfd, net_addr_format (addr, name), &content) < 0)
    return xstrdup ("?");
  content[strcspn (content, "\n")] = '\0';
  return content;
}

int
ipam_acquire (int dirfd, const struct net_cidr *subnet, uint32_t gateway, uint32_t wanted,
              const char *id, const char *state_dir, uint32_t *out, berth_error_t **err)
{
  uint32_t a, first = net_subnet_first_host (subnet), last = net_subnet_last_host (subnet);
  char buf[16];
  int ret;

  if (wanted)
    {
      ret = try_lease (dirfd, wanted, id, state_dir);
      if (ret == -EEXIST)
        {
          cleanup_free char *owner = lease_owner (dirfd, wanted);
          return berth_error_make (err, 0, "berth.network.address: %s is already leased to container `%s`",
                                   net_addr_format (wanted, buf), owner);
        }
      if (ret < 0)
        return berth_error_make (err, -ret, "lease %s", net_addr_format (wanted, buf));
      *out = wanted;
      return 0;
    }
  for (a = first; a <= last && a >= first; a++)
    {
      if (a == gateway)
        continue;
      ret = try_lease (dirfd, a, id, state_dir);
      if (ret == 0)
        {
          *out = a;
          return 0;
        }
      if (ret != -EEXIST)
        return berth_error_make (err, -ret, "lease %s", net_addr_format (a, buf));
    }
  return berth_error_make (err, ENOSPC, "allocate an address in %s/%u",
                           net_addr_format (subnet->addr, buf), subnet->prefix);
}

int
ipam_release (int dirfd, uint32_t addr, const char *id, berth_error_t **err)
{
  char name[16];
  cleanup_free char *owner = lease_owner (dirfd, addr);

  net_addr_format (addr, name);
  if (strcmp (owner, id) != 0)
    return 0; /* gone, or reclaimed and re-leased by another container */
  if (unlinkat (dirfd, name, 0) < 0 && errno != ENOENT)
    return berth_error_make (err, errno, "remove lease %s", name);
  return 0;
}

int
ipam_count_leases (int dirfd, size_t *n, berth_error_t **err)
{
  int fd = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d;
  struct dirent *de;
  size_t count = 0;

  if (fd < 0 || (d = fdopendir (fd)) == NULL)
    {
      int e = errno;
      if (fd >= 0)
        close (fd);
      return berth_error_make (err, e, "list leases");
    }
  while ((de = readdir (d)))
    {
      if (!is_lease_name (de->d_name))
        continue;
      if (lease_is_stale (dirfd, de->d_name))
        unlinkat (dirfd, de->d_name, 0);
      else
        count++;
    }
  closedir (d);
  *n = count;
  return 0;
}

bool
ipam_bridge_created (int dirfd)
{
  return faccessat (dirfd, CREATED_FILE, F_OK, 0) == 0;
}

int
ipam_mark_bridge_created (int dirfd, berth_error_t **err)
{
  int fd = openat (dirfd, CREATED_FILE, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return berth_error_make (err, errno, "record bridge creation");
  close (fd);
  return 0;
}

int
ipam_remove_dir (const char *state_root, const char *bridge, int dirfd, berth_error_t **err)
{
  cleanup_free char *path = ipam_dir_path (state_root, bridge);
  unlinkat (dirfd, SUBNET_FILE, 0);
  unlinkat (dirfd, CREATED_FILE, 0);
  if (rmdir (path) < 0 && errno != ENOENT && errno != ENOTEMPTY)
    return berth_error_make (err, errno, "rmdir %s", path);
  return 0;
}
