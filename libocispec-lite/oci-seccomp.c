/* oci-seccomp.c: linux.seccomp.  Checks actions, operators, architectures
   and flags against the spec's lists so a typo fails at parse time, not as a
   half-built filter; syscall names are left to libseccomp (they depend on
   the architecture and the library version).  */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "oci-internal.h"
#include "oci-tables.h"

static int
read_action (struct oj_ctx *c, const struct oj *v, char **out)
{
  int r = oj_string (c, v, out);
  if (r > 0 && oci_seccomp_action_from_name (*out) < 0)
    return oj_err (c, v, "unknown seccomp action \"%s\"", *out);
  return r;
}

/* Check each string of an already read array with lookup().  */
static int
check_names (struct oj_ctx *c, const struct oj *v, char **names, size_t n,
             long (*lookup) (const char *), const char *what)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (lookup (names[i]) < 0)
      {
        int r;
        oj_enter (c, v);
        r = oj_err (c, &v->items[i], "unknown %s \"%s\"", what, names[i]);
        oj_leave (c);
        return r;
      }
  return 1;
}

static long
arch_lookup (const char *name)
{
  return oci_seccomp_arch_from_name (name);
}

static int
read_arg (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_seccomp_arg *a = out;
  bool has_index = false, has_value = false;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "index"))
        r = oj_has (&has_index, oj_uint32 (c, m, &a->index));
      else if (oj_is (m, "value"))
        r = oj_has (&has_value, oj_uint64 (c, m, &a->value));
      else if (oj_is (m, "valueTwo"))
        r = oj_has (&a->has_value_two, oj_uint64 (c, m, &a->value_two));
      else if (oj_is (m, "op"))
        {
          r = oj_string (c, m, &a->op);
          if (r > 0 && oci_seccomp_operator_from_name (a->op) < 0)
            return oj_err (c, m, "unknown seccomp operator \"%s\"", a->op);
        }
      if (r < 0)
        return -1;
    }
  if (!has_index)
    return oj_missing (c, "index");
  if (!has_value)
    return oj_missing (c, "value");
  if (a->op == NULL)
    return oj_missing (c, "op");
  return 1;
}

static int
read_syscall (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_seccomp_syscall *s = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "names"))
        {
          r = oj_strv (c, m, &s->names, &s->n_names);
          if (r > 0 && s->n_names == 0)
            return oj_err (c, m, "must not be empty");
        }
      else if (oj_is (m, "action"))
        r = read_action (c, m, &s->action);
      else if (oj_is (m, "errnoRet"))
        r = oj_has (&s->has_errno_ret, oj_uint32 (c, m, &s->errno_ret));
      else if (oj_is (m, "args"))
        r = oj_object_array (c, m, sizeof *s->args, (void **) &s->args, &s->n_args, read_arg);
      if (r < 0)
        return -1;
    }
  if (s->names == NULL)
    return oj_missing (c, "names");
  if (s->action == NULL)
    return oj_missing (c, "action");
  return 1;
}

int
oci_read_seccomp (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_seccomp *s = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "defaultAction"))
        r = read_action (c, m, &s->default_action);
      else if (oj_is (m, "defaultErrnoRet"))
        r = oj_has (&s->has_default_errno_ret, oj_uint32 (c, m, &s->default_errno_ret));
      else if (oj_is (m, "architectures"))
        {
          r = oj_strv (c, m, &s->architectures, &s->n_architectures);
          if (r > 0)
            r = check_names (c, m, s->architectures, s->n_architectures, arch_lookup,
                             "seccomp architecture");
        }
      else if (oj_is (m, "flags"))
        {
          r = oj_strv (c, m, &s->flags, &s->n_flags);
          if (r > 0)
            r = check_names (c, m, s->flags, s->n_flags, oci_seccomp_flag_from_name,
                             "seccomp flag");
        }
      else if (oj_is (m, "listenerPath"))
        r = oj_string (c, m, &s->listener_path);
      else if (oj_is (m, "listenerMetadata"))
        r = oj_string (c, m, &s->listener_metadata);
      else if (oj_is (m, "syscalls"))
        r = oj_object_array (c, m, sizeof *s->syscalls, (void **) &s->syscalls, &s->n_syscalls,
                             read_syscall);
      if (r < 0)
        return -1;
    }
  if (s->default_action == NULL)
    return oj_missing (c, "defaultAction");
  return 1;
}

void
oci_seccomp_free (struct oci_seccomp *s)
{
  size_t i, j;
  if (s == NULL)
    return;
  free (s->default_action);
  oj_strv_free (s->architectures, s->n_architectures);
  oj_strv_free (s->flags, s->n_flags);
  free (s->listener_path);
  free (s->listener_metadata);
  for (i = 0; i < s->n_syscalls; i++)
    {
      struct oci_seccomp_syscall *sc = &s->syscalls[i];
      oj_strv_free (sc->names, sc->n_names);
      free (sc->action);
      for (j = 0; j < sc->n_args; j++)
        free (sc->args[j].op);
      free (sc->args);
    }
  free (s->syscalls);
  free (s);
}
