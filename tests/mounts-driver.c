/* mounts-driver.c: runs mounts_prepare_rootfs / mounts_pivot_root /
   mounts_finish_rootfs for real (as root) in a new mount+pid namespace, then
   execs a command inside the result.  Used by bats/mounts.bats to test the
   mounts concern on its own; builds the oci_config by hand from flags:
     mounts-driver [-m TYPE:SOURCE:DEST[:OPT,OPT...]]... [-d TYPE:PATH:MAJ:MIN[:MODE[:UID:GID]]]...
                   [-M MASKED]... [-R READONLY]... [-p ROOTFS_PROPAGATION] [-r] [-n]
                   [-u] [-g] [-c CONSOLE] ROOTFS BUNDLE -- CMD...
   -r root.readonly, -n --no-pivot, -u in_user_ns (devices bound), -g cgroupns.
   -j CONFIG.json takes mounts, linux.* and root from a real config.json
   (parsed by libocispec-lite) instead of the flags above.
   Without arguments it prints a skipped TAP plan (it is built with the tests).  */
#include <config.h>

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mounts.h"
#include "util.h"

static char **
split (const char *s, char sep, size_t *n)
{
  char **v = NULL;
  char *copy = xstrdup (s), *p = copy, *tok;
  *n = 0;
  while ((tok = strsep (&p, (char[]){ sep, 0 })) != NULL)
    {
      v = xrealloc (v, (*n + 2) * sizeof *v);
      v[(*n)++] = xstrdup (tok);
      v[*n] = NULL;
    }
  free (copy);
  return v;
}

static void
add_mount (struct oci_config *c, const char *spec)
{
  size_t n, i;
  char **f = split (spec, ':', &n);
  struct oci_mount *m;

  if (n < 3)
    {
      fprintf (stderr, "bad -m %s\n", spec);
      exit (2);
    }
  c->mounts = xrealloc (c->mounts, (c->n_mounts + 1) * sizeof *c->mounts);
  m = &c->mounts[c->n_mounts++];
  memset (m, 0, sizeof *m);
  m->type = *f[0] ? f[0] : NULL;
  m->source = *f[1] ? f[1] : NULL;
  m->destination = f[2];
  if (n > 3 && *f[3])
    m->options = split (f[3], ',', &m->n_options);
  for (i = 4; i < n; i++)
    free (f[i]);
  free (f);
}

static void
add_device (struct oci_config *c, const char *spec)
{
  size_t n;
  char **f = split (spec, ':', &n);
  struct oci_device *d;

  if (n < 4)
    {
      fprintf (stderr, "bad -d %s\n", spec);
      exit (2);
    }
  c->linux_->devices = xrealloc (c->linux_->devices, (c->linux_->n_devices + 1) * sizeof (struct oci_device));
  d = &c->linux_->devices[c->linux_->n_devices++];
  memset (d, 0, sizeof *d);
  d->type = f[0][0];
  d->path = f[1];
  d->major = atoll (f[2]);
  d->minor = atoll (f[3]);
  if (n > 4)
    {
      d->has_file_mode = true;
      d->file_mode = strtoul (f[4], NULL, 8);
    }
  if (n > 6)
    {
      d->has_uid = d->has_gid = true;
      d->uid = atoi (f[5]);
      d->gid = atoi (f[6]);
    }
}

static void
push (char ***v, size_t *n, const char *s)
{
  *v = xrealloc (*v, (*n + 1) * sizeof **v);
  (*v)[(*n)++] = xstrdup (s);
}

static int
fail (const char *step, berth_error_t *err)
{
  fprintf (stderr, "mounts-driver: %s: %s\n", step, err ? err->msg : "?");
  return 1;
}

static int
container (struct oci_config *c, struct mounts_options *o, char **cmd)
{
  berth_error_t *err = NULL;

  if (mounts_prepare_rootfs (c, o, &err) < 0)
    return fail ("prepare", err);
  if (mounts_pivot_root (o, &err) < 0)
    return fail ("pivot", err);
  if (mounts_finish_rootfs (c, &err) < 0)
    return fail ("finish", err);
  execvp (cmd[0], cmd);
  fprintf (stderr, "mounts-driver: exec %s: %s\n", cmd[0], strerror (errno));
  return 127;
}

int
main (int argc, char **argv)
{
  struct oci_config c, *parsed = NULL;
  struct oci_linux l;
  struct oci_root root;
  struct oci_namespace ns = { .type = OCI_NS_CGROUP };
  struct mounts_options o = { 0 };
  int flags = CLONE_NEWNS | CLONE_NEWPID, opt, status;
  pid_t pid;

  if (argc == 1)
    {
      printf ("1..0 # SKIP mounts-driver is run by bats/mounts.bats\n");
      return 0;
    }
  memset (&c, 0, sizeof c);
  memset (&l, 0, sizeof l);
  memset (&root, 0, sizeof root);
  c.linux_ = &l;
  c.root = &root;
  while ((opt = getopt (argc, argv, "+m:d:M:R:p:rnugc:j:")) != -1)
    switch (opt)
      {
      case 'm':
        add_mount (&c, optarg);
        break;
      case 'd':
        add_device (&c, optarg);
        break;
      case 'M':
        push (&l.masked_paths, &l.n_masked_paths, optarg);
        break;
      case 'R':
        push (&l.readonly_paths, &l.n_readonly_paths, optarg);
        break;
      case 'p':
        l.rootfs_propagation = optarg;
        break;
      case 'r':
        root.readonly = true;
        break;
      case 'n':
        o.no_pivot = true;
        break;
      case 'u':
        o.in_user_ns = true;
        break;
      case 'g':
        l.namespaces = &ns;
        l.n_namespaces = 1;
        flags |= CLONE_NEWCGROUP;
        break;
      case 'c':
        o.console_path = optarg;
        break;
      case 'j':
        {
          char *msg = NULL;
          if (oci_config_parse_file (optarg, optarg, &parsed, &msg) < 0)
            {
              fprintf (stderr, "mounts-driver: %s\n", msg);
              return 2;
            }
        }
        break;
      default:
        return 2;
      }
  if (argc - optind < 3)
    {
      fprintf (stderr, "usage: mounts-driver [options] ROOTFS BUNDLE CMD...\n");
      return 2;
    }
  if (argc - optind > 3 && strcmp (argv[optind + 2], "--") == 0)
    {
      argv[optind + 2] = argv[optind + 1];
      argv[optind + 1] = argv[optind];
      optind++;
    }
  o.rootfs = realpath (argv[optind], NULL);
  o.bundle = argv[optind + 1];
  if (o.rootfs == NULL)
    {
      perror (argv[optind]);
      return 2;
    }
  if (parsed)
    {
      size_t i;
      for (i = 0; parsed->linux_ && i < parsed->linux_->n_namespaces; i++)
        if (parsed->linux_->namespaces[i].type == OCI_NS_CGROUP)
          flags |= CLONE_NEWCGROUP;
    }
  if (unshare (flags) < 0)
    {
      perror ("unshare");
      return 1;
    }
  /* A child, so it is pid 1 of the new pid namespace and may mount proc.  */
  pid = fork ();
  if (pid < 0)
    return 1;
  if (pid == 0)
    _exit (container (parsed ? parsed : &c, &o, argv + optind + 2));
  if (waitpid (pid, &status, 0) < 0)
    return 1;
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}
