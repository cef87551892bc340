/* seccomp-filter.c: compile linux.seccomp with libseccomp, load it with seccomp(2),
   and hand a SCMP_ACT_NOTIFY listener to its agent.  Compiling happens in the
   runtime before the fork so the child's work is a single syscall; this file
   never decides when the filter is loaded (security.c does).  */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <yajl/yajl_gen.h>

#include "seccomp-filter.h"
#include "util.h"

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1UL << 4)
#endif

static void
cleanup_scmp_ctx (scmp_filter_ctx *ctx)
{
  if (*ctx)
    seccomp_release (*ctx);
}
#define cleanup_scmp __attribute__ ((cleanup (cleanup_scmp_ctx)))

static const struct
{
  const char *name;
  unsigned int flag;
} filter_flags[] = {
  { "SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC },
  { "SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG },
  { "SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW },
  { "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV },
};

static const struct
{
  const char *name;
  enum scmp_compare op;
} compare_ops[] = {
  { "SCMP_CMP_NE", SCMP_CMP_NE },         { "SCMP_CMP_LT", SCMP_CMP_LT },
  { "SCMP_CMP_LE", SCMP_CMP_LE },         { "SCMP_CMP_EQ", SCMP_CMP_EQ },
  { "SCMP_CMP_GE", SCMP_CMP_GE },         { "SCMP_CMP_GT", SCMP_CMP_GT },
  { "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

/* errnoRet only makes sense for ERRNO and TRACE (the spec says the runtime
   MUST fail otherwise); both default to EPERM, as runc does.  */
static int
resolve_action (const char *name, bool has_errno, uint32_t errno_ret, const char *field,
                uint32_t *out, berth_error_t **err)
{
  uint32_t ret = has_errno ? (errno_ret & 0xffff) : EPERM;

  if (name == NULL)
    return berth_error_make (err, 0, "%s: missing action", field);
  if (strcmp (name, "SCMP_ACT_ERRNO") == 0)
    *out = SCMP_ACT_ERRNO (ret);
  else if (strcmp (name, "SCMP_ACT_TRACE") == 0)
    *out = SCMP_ACT_TRACE (ret);
  else if (has_errno)
    return berth_error_make (err, 0, "%s: errnoRet is only valid with SCMP_ACT_ERRNO "
                                          "and SCMP_ACT_TRACE, not `%s`", field, name);
  else if (strcmp (name, "SCMP_ACT_KILL") == 0 || strcmp (name, "SCMP_ACT_KILL_THREAD") == 0)
    *out = SCMP_ACT_KILL_THREAD;
  else if (strcmp (name, "SCMP_ACT_KILL_PROCESS") == 0)
    *out = SCMP_ACT_KILL_PROCESS;
  else if (strcmp (name, "SCMP_ACT_TRAP") == 0)
    *out = SCMP_ACT_TRAP;
  else if (strcmp (name, "SCMP_ACT_ALLOW") == 0)
    *out = SCMP_ACT_ALLOW;
  else if (strcmp (name, "SCMP_ACT_LOG") == 0)
    *out = SCMP_ACT_LOG;
  else if (strcmp (name, "SCMP_ACT_NOTIFY") == 0)
    *out = SCMP_ACT_NOTIFY;
  else
    return berth_error_make (err, 0, "%s: unknown seccomp action `%s`", field, name);
  return 0;
}

/* "SCMP_ARCH_X86_64" -> libseccomp's "x86_64".  */
static int
add_architecture (scmp_filter_ctx ctx, const char *name, berth_error_t **err)
{
  char lower[64];
  const char *p = name;
  size_t i;
  uint32_t arch;
  int ret;

  if (strncmp (p, "SCMP_ARCH_", 10) == 0)
    p += 10;
  for (i = 0; p[i] && i + 1 < sizeof lower; i++)
    lower[i] = tolower ((unsigned char) p[i]);
  lower[i] = '\0';
  arch = seccomp_arch_resolve_name (lower);
  if (arch == 0)
    return berth_error_make (err, 0, "linux.seccomp.architectures: unknown architecture `%s`",
                             name);
  ret = seccomp_arch_add (ctx, arch);
  if (ret < 0 && ret != -EEXIST)
    return berth_error_make (err, -ret, "seccomp_arch_add `%s`", name);
  return 0;
}

static int
resolve_flags (const struct oci_seccomp *s, unsigned int *flags, berth_error_t **err)
{
  size_t i, j;

  for (i = 0; i < s->n_flags; i++)
    {
      for (j = 0; j < sizeof filter_flags / sizeof filter_flags[0]; j++)
        if (strcmp (s->flags[i], filter_flags[j].name) == 0)
          break;
      if (j == sizeof filter_flags / sizeof filter_flags[0])
        return berth_error_make (err, 0, "linux.seccomp.flags: unknown flag `%s`",
                                 s->flags[i]);
      *flags |= filter_flags[j].flag;
    }
  return 0;
}

static int
resolve_args (const struct oci_seccomp_syscall *sc, size_t k, struct scmp_arg_cmp *conds,
              bool *same_index, berth_error_t **err)
{
  size_t i, j;

  *same_index = false;
  for (i = 0; i < sc->n_args; i++)
    {
      const struct oci_seccomp_arg *a = &sc->args[i];
      for (j = 0; j < sizeof compare_ops / sizeof compare_ops[0]; j++)
        if (a->op && strcmp (a->op, compare_ops[j].name) == 0)
          break;
      if (j == sizeof compare_ops / sizeof compare_ops[0])
        return berth_error_make (err, 0, "linux.seccomp.syscalls[%zu].args[%zu]: unknown "
                                              "operator `%s`", k, i, a->op ? a->op : "");
      if (a->index > 5)
        return berth_error_make (err, 0, "linux.seccomp.syscalls[%zu].args[%zu]: index %u "
                                              "out of range", k, i, a->index);
      /* For MASKED_EQ `value` is the mask and `valueTwo` the datum.  */
      conds[i].arg = a->index;
      conds[i].op = compare_ops[j].op;
      conds[i].datum_a = a->value;
      conds[i].datum_b = a->value_two;
      for (j = 0; j < i; j++)
        if (sc->args[j].index == a->index)
          *same_index = true;
    }
  return 0;
}

/* libseccomp refuses two conditions on one argument in a rule; as runc does,
   such a rule becomes one rule per condition (any may match).  */
static int
add_one_syscall (scmp_filter_ctx ctx, uint32_t action, int nr, const struct scmp_arg_cmp *conds,
                 size_t n, bool same_index)
{
  size_t i;
  int ret;

  if (!same_index)
    return seccomp_rule_add_array (ctx, action, nr, n, conds);
  for (i = 0; i < n; i++)
    {
      ret = seccomp_rule_add_array (ctx, action, nr, 1, &conds[i]);
      if (ret < 0)
        return ret;
    }
  return 0;
}

static int
add_syscall_rules (scmp_filter_ctx ctx, const struct oci_seccomp *s, uint32_t default_action,
                   bool *notify, berth_error_t **err)
{
  size_t k, i;
  int ret;

  for (k = 0; k < s->n_syscalls; k++)
    {
      const struct oci_seccomp_syscall *sc = &s->syscalls[k];
      struct scmp_arg_cmp conds[6];
      cleanup_free char *field = NULL;
      bool same_index;
      uint32_t action;

      if (sc->n_args > 6)
        return berth_error_make (err, 0, "linux.seccomp.syscalls[%zu]: more than 6 args", k);
      field = xasprintf ("linux.seccomp.syscalls[%zu]", k);
      ret = resolve_action (sc->action, sc->has_errno_ret, sc->errno_ret, field, &action, err);
      if (ret < 0)
        return ret;
      /* libseccomp rejects a rule equal to the default: it would be a no-op.  */
      if (action == default_action)
        continue;
      ret = resolve_args (sc, k, conds, &same_index, err);
      if (ret < 0)
        return ret;
      if (action == SCMP_ACT_NOTIFY)
        *notify = true;
      for (i = 0; i < sc->n_names; i++)
        {
          int nr = seccomp_syscall_resolve_name (sc->names[i]);
          if (nr == __NR_SCMP_ERROR)
            continue; /* unknown to this libseccomp/kernel: skipped, as runc */
          ret = add_one_syscall (ctx, action, nr, conds, sc->n_args, same_index);
          if (ret < 0)
            return berth_error_make (err, -ret, "%s: seccomp_rule_add `%s`", field, sc->names[i]);
        }
    }
  return 0;
}

static int
export_program (scmp_filter_ctx ctx, struct seccomp_plan *p, berth_error_t **err)
{
  cleanup_close int fd = memfd_create ("berth-seccomp", MFD_CLOEXEC);
  struct stat st;
  int ret;

  if (fd < 0)
    return berth_error_make (err, errno, "memfd_create seccomp program");
  ret = seccomp_export_bpf (ctx, fd);
  if (ret < 0)
    return berth_error_make (err, -ret, "seccomp_export_bpf");
  if (fstat (fd, &st) < 0)
    return berth_error_make (err, errno, "fstat seccomp program");
  if (st.st_size == 0 || st.st_size % sizeof (struct sock_filter) != 0
      || st.st_size / sizeof (struct sock_filter) > BPF_MAXINSNS)
    return berth_error_make (err, E2BIG, "seccomp program of %lld bytes", (long long) st.st_size);
  p->filter = xmalloc (st.st_size);
  if (pread (fd, p->filter, st.st_size, 0) != st.st_size)
    return berth_error_make (err, errno ? errno : EIO, "read seccomp program");
  p->len = st.st_size / sizeof (struct sock_filter);
  return 0;
}

static int
compile_plan (const struct oci_seccomp *s, struct seccomp_plan **out, berth_error_t **err)
{
  cleanup_scmp scmp_filter_ctx ctx = NULL;
  struct seccomp_plan *p;
  uint32_t default_action;
  unsigned int flags = 0;
  bool notify = false;
  size_t i;
  int ret;

  ret = resolve_action (s->default_action, s->has_default_errno_ret, s->default_errno_ret,
                        "linux.seccomp.defaultAction", &default_action, err);
  if (ret < 0)
    return ret;
  if (default_action == SCMP_ACT_NOTIFY)
    return berth_error_make (err, 0, "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot "
                                          "be the default action");
  ret = resolve_flags (s, &flags, err);
  if (ret < 0)
    return ret;
  ctx = seccomp_init (default_action);
  if (ctx == NULL)
    return berth_error_make (err, 0, "seccomp_init");
  for (i = 0; i < s->n_architectures; i++)
    {
      ret = add_architecture (ctx, s->architectures[i], err);
      if (ret < 0)
        return ret;
    }
  ret = add_syscall_rules (ctx, s, default_action, &notify, err);
  if (ret < 0)
    return ret;
  if (notify && s->listener_path == NULL)
    return berth_error_make (err, 0, "linux.seccomp: SCMP_ACT_NOTIFY needs listenerPath");

  p = xmalloc0 (sizeof *p);
  ret = export_program (ctx, p, err);
  if (ret < 0)
    {
      seccomp_plan_free (p);
      return ret;
    }
  /* The kernel refuses TSYNC with a listener unless told to report a
     failed sync as ESRCH, and WAIT_KILLABLE_RECV without a listener (it
     only changes how a notifying task waits): drop it then, as libseccomp.  */
  if (notify)
    flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER
             | ((flags & SECCOMP_FILTER_FLAG_TSYNC) ? SECCOMP_FILTER_FLAG_TSYNC_ESRCH : 0);
  else
    flags &= ~SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
  p->flags = flags;
  p->notify = notify;
  *out = p;
  return 0;
}

/* The compile cache.  Compiling a multi-arch profile such as Docker's costs
   ~10 ms (libseccomp's x86 socketcall/ipc rewrites dominate) on every start;
   the BPF only depends on the profile, libseccomp and the kernel, so it is
   kept in CACHE_DIR/<fnv64 of those>.  A hit requires the stored canonical
   text to equal ours byte for byte: a hash collision can never hand a
   container someone else's filter.  Cache failures are never fatal.  */
#define CACHE_MAGIC "berth-seccomp-cache-1\n"

static void
canon_str (FILE *f, const char *v)
{
  if (v == NULL)
    fputs ("-;", f);
  else
    fprintf (f, "%zu:%s;", strlen (v), v);
}

static char *
canonical_text (const struct oci_seccomp *s, size_t *len)
{
  const struct scmp_version *v = seccomp_version ();
  char *buf = NULL;
  struct utsname u;
  size_t i, j;
  FILE *f = open_memstream (&buf, len);

  if (f == NULL)
    abort ();
  uname (&u);
  fprintf (f, "%u.%u.%u;%u;", v->major, v->minor, v->micro, seccomp_api_get ());
  canon_str (f, u.release);
  canon_str (f, u.machine);
  canon_str (f, s->default_action);
  fprintf (f, "%d:%u;", s->has_default_errno_ret, s->default_errno_ret);
  canon_str (f, s->listener_path ? "L" : NULL);
  fprintf (f, "A%zu;", s->n_architectures);
  for (i = 0; i < s->n_architectures; i++)
    canon_str (f, s->architectures[i]);
  fprintf (f, "F%zu;", s->n_flags);
  for (i = 0; i < s->n_flags; i++)
    canon_str (f, s->flags[i]);
  fprintf (f, "S%zu;", s->n_syscalls);
  for (i = 0; i < s->n_syscalls; i++)
    {
      const struct oci_seccomp_syscall *sc = &s->syscalls[i];
      canon_str (f, sc->action);
      fprintf (f, "%d:%u;N%zu;", sc->has_errno_ret, sc->errno_ret, sc->n_names);
      for (j = 0; j < sc->n_names; j++)
        canon_str (f, sc->names[j]);
      fprintf (f, "G%zu;", sc->n_args);
      for (j = 0; j < sc->n_args; j++)
        {
          fprintf (f, "%u:%llu:%d:%llu;", sc->args[j].index, (unsigned long long) sc->args[j].value,
                   sc->args[j].has_value_two, (unsigned long long) sc->args[j].value_two);
          canon_str (f, sc->args[j].op);
        }
    }
  fclose (f);
  return buf;
}

static uint64_t
fnv1a (const char *p, size_t len)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  while (len--)
    h = (h ^ (unsigned char) *p++) * 0x100000001b3ULL;
  return h;
}

struct cache_header
{
  uint32_t canon_len;
  uint32_t flags;
  uint32_t notify;
  uint32_t len;
};

static struct seccomp_plan *
cache_load (const char *path, const char *canon, size_t canon_len)
{
  cleanup_close int fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  cleanup_free char *buf = NULL;
  const size_t ml = sizeof CACHE_MAGIC - 1;
  struct cache_header h;
  struct seccomp_plan *p;
  struct stat st;
  size_t len;

  /* Only a file we wrote ourselves and nobody else can write.  */
  if (fd < 0 || fstat (fd, &st) < 0 || st.st_uid != geteuid () || (st.st_mode & 022)
      || !S_ISREG (st.st_mode))
    return NULL;
  if (read_all_fd (fd, path, &buf, &len, NULL) < 0 || len < ml + sizeof h
      || memcmp (buf, CACHE_MAGIC, ml) != 0)
    return NULL;
  memcpy (&h, buf + ml, sizeof h);
  if (h.canon_len != canon_len || h.len == 0 || h.len > BPF_MAXINSNS
      || len != ml + sizeof h + canon_len + (size_t) h.len * sizeof (struct sock_filter)
      || memcmp (buf + ml + sizeof h, canon, canon_len) != 0)
    return NULL;
  p = xmalloc0 (sizeof *p);
  p->len = h.len;
  p->flags = h.flags;
  p->notify = h.notify != 0;
  p->filter = xmalloc (h.len * sizeof (struct sock_filter));
  memcpy (p->filter, buf + ml + sizeof h + canon_len, h.len * sizeof (struct sock_filter));
  return p;
}

static void
cache_store (const char *dir, const char *path, const char *canon, size_t canon_len,
             const struct seccomp_plan *p)
{
  const size_t ml = sizeof CACHE_MAGIC - 1;
  struct cache_header h = { .canon_len = canon_len, .flags = p->flags, .notify = p->notify,
                            .len = p->len };
  size_t flen = (size_t) p->len * sizeof (struct sock_filter);
  cleanup_free char *buf = xmalloc (ml + sizeof h + canon_len + flen);

  if (mkdir (dir, 0700) < 0 && errno != EEXIST)
    return;
  memcpy (buf, CACHE_MAGIC, ml);
  memcpy (buf + ml, &h, sizeof h);
  memcpy (buf + ml + sizeof h, canon, canon_len);
  memcpy (buf + ml + sizeof h + canon_len, p->filter, flen);
  write_file_atomic (path, buf, ml + sizeof h + canon_len + flen, 0600, NULL);
}

int
seccomp_plan_build (const struct oci_seccomp *s, const char *cache_dir, struct seccomp_plan **out,
                    berth_error_t **err)
{
  cleanup_free char *canon = NULL;
  cleanup_free char *path = NULL;
  size_t canon_len;
  int ret;

  if (cache_dir == NULL)
    return compile_plan (s, out, err);
  canon = canonical_text (s, &canon_len);
  path = xasprintf ("%s/%016llx", cache_dir, (unsigned long long) fnv1a (canon, canon_len));
  *out = cache_load (path, canon, canon_len);
  if (*out)
    return 0;
  ret = compile_plan (s, out, err);
  if (ret < 0)
    return ret;
  cache_store (cache_dir, path, canon, canon_len, *out);
  return 0;
}

void
seccomp_plan_free (struct seccomp_plan *p)
{
  if (p == NULL)
    return;
  free (p->filter);
  free (p);
}

int
seccomp_plan_load (const struct seccomp_plan *p, int *listener_fd, berth_error_t **err)
{
  struct sock_fprog prog = { .len = p->len, .filter = p->filter };
  long ret;

  ret = syscall (__NR_seccomp, SECCOMP_SET_MODE_FILTER, p->flags, &prog);
  if (ret < 0)
    return berth_error_make (err, errno, "seccomp(SECCOMP_SET_MODE_FILTER, flags 0x%x)", p->flags);
  if (listener_fd)
    *listener_fd = p->notify ? (int) ret : -1;
  return 0;
}

static void
gen_string (yajl_gen g, const char *key, const char *value)
{
  yajl_gen_string (g, (const unsigned char *) key, strlen (key));
  yajl_gen_string (g, (const unsigned char *) value, strlen (value));
}

char *
seccomp_listener_state_json (const struct seccomp_listener_state *st)
{
  const char *version = st->oci_version ? st->oci_version : "1.3.0";
  yajl_gen g = yajl_gen_alloc (NULL);
  const unsigned char *buf;
  size_t len, i;
  char *out;

  yajl_gen_map_open (g);
  gen_string (g, "ociVersion", version);
  yajl_gen_string (g, (const unsigned char *) "fds", 3);
  yajl_gen_array_open (g);
  yajl_gen_string (g, (const unsigned char *) "seccompFd", 9);
  yajl_gen_array_close (g);
  yajl_gen_string (g, (const unsigned char *) "pid", 3);
  yajl_gen_integer (g, st->pid);
  if (st->metadata)
    gen_string (g, "metadata", st->metadata);
  yajl_gen_string (g, (const unsigned char *) "state", 5);
  yajl_gen_map_open (g);
  gen_string (g, "ociVersion", version);
  gen_string (g, "id", st->id ? st->id : "");
  gen_string (g, "status", st->status ? st->status : "creating");
  yajl_gen_string (g, (const unsigned char *) "pid", 3);
  yajl_gen_integer (g, st->pid);
  gen_string (g, "bundle", st->bundle ? st->bundle : "");
  if (st->annotations && st->annotations->len > 0)
    {
      yajl_gen_string (g, (const unsigned char *) "annotations", 11);
      yajl_gen_map_open (g);
      for (i = 0; i < st->annotations->len; i++)
        gen_string (g, st->annotations->keys[i], st->annotations->values[i]);
      yajl_gen_map_close (g);
    }
  yajl_gen_map_close (g);
  yajl_gen_map_close (g);
  yajl_gen_get_buf (g, &buf, &len);
  out = xmalloc (len + 1);
  memcpy (out, buf, len);
  out[len] = '\0';
  yajl_gen_free (g);
  return out;
}

int
seccomp_listener_connect (const char *listener_path, berth_error_t **err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  cleanup_close int sock = -1;

  if (strlen (listener_path) >= sizeof addr.sun_path)
    return berth_error_make (err, ENAMETOOLONG, "linux.seccomp.listenerPath `%s`", listener_path);
  strcpy (addr.sun_path, listener_path);
  sock = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0)
    return berth_error_make (err, errno, "socket for listenerPath");
  if (connect (sock, (struct sockaddr *) &addr, sizeof addr) < 0)
    return berth_error_make (err, errno, "connect to seccomp listenerPath `%s`", listener_path);
  return steal_fd (&sock);
}

int
seccomp_listener_send_on (int sock, int listener_fd, const struct seccomp_listener_state *st,
                          berth_error_t **err)
{
  cleanup_free char *json = seccomp_listener_state_json (st);
  char control[CMSG_SPACE (sizeof (int))] = { 0 };
  size_t sent = 0, len = strlen (json);
  struct msghdr msg = { 0 };
  struct cmsghdr *cmsg;
  struct iovec iov;

  /* The fd rides with the first bytes; the rest (if the socket buffer
     splits it) follows on the same connection.  */
  iov.iov_base = json;
  iov.iov_len = len;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsg = CMSG_FIRSTHDR (&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (cmsg), &listener_fd, sizeof (int));
  while (sent < len)
    {
      ssize_t w = sendmsg (sock, &msg, MSG_NOSIGNAL);
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0)
        return berth_error_make (err, errno, "send the seccomp state to listenerPath");
      sent += w;
      iov.iov_base = json + sent;
      iov.iov_len = len - sent;
      msg.msg_control = NULL;
      msg.msg_controllen = 0;
    }
  return 0;
}

int
seccomp_listener_send (const char *listener_path, int listener_fd,
                       const struct seccomp_listener_state *st, berth_error_t **err)
{
  cleanup_close int sock = seccomp_listener_connect (listener_path, err);
  if (sock < 0)
    return sock;
  return seccomp_listener_send_on (sock, listener_fd, st, err);
}

static bool
action_allows (const char *action)
{
  return strcmp (action, "SCMP_ACT_ALLOW") == 0 || strcmp (action, "SCMP_ACT_LOG") == 0;
}

bool
seccomp_config_allows (const struct oci_seccomp *s, const char *syscall)
{
  bool named = false;
  size_t i, j;

  if (s == NULL)
    return true;
  for (i = 0; i < s->n_syscalls; i++)
    for (j = 0; j < s->syscalls[i].n_names; j++)
      if (strcmp (s->syscalls[i].names[j], syscall) == 0)
        {
          if (!action_allows (s->syscalls[i].action) || s->syscalls[i].n_args > 0)
            return false;
          named = true;
        }
  return named || action_allows (s->default_action);
}
