/* berth-dmz.c: the trampoline a `run` init executes last, from a sealed
   memfd, so that when the container's program is exec'd /proc/self/exe
   names this memfd and never the host's berth binary (CVE-2019-5736).
   A few hundred bytes, no libc, no relocations: executing it costs a
   fraction of re-executing the whole runtime.  It only calls execve.

   argv: DMZ_MAGIC, the resolved program path, then the program's own argv
   (argv[0] as the user wrote it).  Anything else (e.g. a container script
   whose interpreter is /proc/self/exe) exits 127 instead of looping.  */
#include <asm/unistd.h>

#define DMZ_MAGIC "berth-dmz"

#if defined(__x86_64__)
__asm__ (".text\n"
         ".global _start\n"
         "_start:\n"
         "  mov %rsp, %rdi\n"
         "  and $-16, %rsp\n"
         "  call dmz_main\n"
         "  hlt\n");

static long
sys3 (long n, long a, long b, long c)
{
  long ret;
  __asm__ volatile ("syscall"
                    : "=a"(ret)
                    : "a"(n), "D"(a), "S"(b), "d"(c)
                    : "rcx", "r11", "memory");
  return ret;
}
#elif defined(__aarch64__)
__asm__ (".text\n"
         ".global _start\n"
         "_start:\n"
         "  mov x0, sp\n"
         "  bl dmz_main\n"
         "  brk #0\n");

static long
sys3 (long n, long a, long b, long c)
{
  register long x8 __asm__ ("x8") = n;
  register long x0 __asm__ ("x0") = a;
  register long x1 __asm__ ("x1") = b;
  register long x2 __asm__ ("x2") = c;
  __asm__ volatile ("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}
#else
#error "berth-dmz: no syscall glue for this architecture (configure disables the trampoline)"
#endif

static unsigned long
len (const char *s)
{
  unsigned long n = 0;
  while (s[n])
    n++;
  return n;
}

static void
put (const char *s)
{
  sys3 (__NR_write, 2, (long) s, (long) len (s));
}

/* The program path comes from config.json: control bytes as \xHH, like
   berth's own messages.  */
static void
put_escaped (const char *s)
{
  static const char hex[] = "0123456789abcdef";
  char b[4] = { '\\', 'x', 0, 0 };

  for (; *s; s++)
    {
      unsigned char c = (unsigned char) *s;
      if (c >= 0x20 && c != 0x7f)
        {
          sys3 (__NR_write, 2, (long) s, 1);
          continue;
        }
      b[2] = hex[c >> 4];
      b[3] = hex[c & 15];
      sys3 (__NR_write, 2, (long) b, 4);
    }
}

/* The errors an exec of an existing path can still give; the init checked
   that the path exists before it came here.  */
static const char *
reason (long e)
{
  switch (e)
    {
    case 1: return "Operation not permitted";
    case 2: return "No such file or directory";
    case 7: return "Argument list too long";
    case 8: return "Exec format error";
    case 12: return "Cannot allocate memory";
    case 13: return "Permission denied";
    case 20: return "Not a directory";
    case 21: return "Is a directory";
    case 26: return "Text file busy";
    case 40: return "Too many levels of symbolic links";
    default: return "exec failed";
    }
}

static int
is_magic (const char *s)
{
  const char *m = DMZ_MAGIC;
  while (*s && *s == *m)
    s++, m++;
  return *s == 0 && *m == 0;
}

__attribute__ ((noreturn, used)) void
dmz_main (long *sp)
{
  long argc = sp[0];
  char **argv = (char **) (sp + 1);
  char **envp = argv + argc + 1;
  long e = 0;

  if (argc >= 3 && is_magic (argv[0]))
    {
      e = -sys3 (__NR_execve, (long) argv[1], (long) (argv + 2), (long) envp);
      put ("berth: exec `");
      put_escaped (argv[1]);
      put ("`: ");
      put (reason (e));
      put ("\n");
    }
  else
    put ("berth-dmz: not a program to run\n");
  for (;;)
    sys3 (__NR_exit_group, 127, 0, 0);
}
