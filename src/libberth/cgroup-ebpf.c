/* cgroup-ebpf.c: the cgroup v2 device filter, a BPF_PROG_TYPE_CGROUP_DEVICE
   program hand-assembled from the device rules and attached to the
   container's cgroup with the raw bpf() syscall.  Only detaches programs
   attached directly to the container's own cgroup.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "cgroup.h"
#include "util.h"

/* Registers of the program: r1 = ctx, r2 = access_type, r3 = type,
   r4 = access, r5 = major, r6 = minor, r7 = scratch.  */
enum
{
  R0 = 0, R1, R2, R3, R4, R5, R6, R7
};

static struct bpf_insn
insn (uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
  struct bpf_insn i;
  memset (&i, 0, sizeof i);
  i.code = code;
  i.dst_reg = dst;
  i.src_reg = src;
  i.off = off;
  i.imm = imm;
  return i;
}

#define LDX_W(dst, src, off) insn (BPF_LDX | BPF_MEM | BPF_W, dst, src, off, 0)
#define MOV32_REG(dst, src) insn (BPF_ALU | BPF_MOV | BPF_X, dst, src, 0, 0)
#define AND32_IMM(dst, imm) insn (BPF_ALU | BPF_AND | BPF_K, dst, 0, 0, imm)
#define RSH32_IMM(dst, imm) insn (BPF_ALU | BPF_RSH | BPF_K, dst, 0, 0, imm)
#define MOV64_IMM(dst, imm) insn (BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define JNE_IMM(dst, imm, off) insn (BPF_JMP | BPF_JNE | BPF_K, dst, 0, off, imm)
#define JEQ_IMM(dst, imm, off) insn (BPF_JMP | BPF_JEQ | BPF_K, dst, 0, off, imm)
#define EXIT() insn (BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static int
access_bits (const char *access)
{
  int bits = 0;
  if (strchr (access, 'm'))
    bits |= BPF_DEVCG_ACC_MKNOD;
  if (strchr (access, 'r'))
    bits |= BPF_DEVCG_ACC_READ;
  if (strchr (access, 'w'))
    bits |= BPF_DEVCG_ACC_WRITE;
  return bits;
}

/* One rule: a run of "skip unless" jumps, then r0 = verdict; exit.  Returns
   the number of instructions written at P; *unconditional when no test was
   needed (the rules before it are then unreachable).  */
static size_t
assemble_rule (const struct cgroup_device_rule *r, struct bpf_insn *p, bool *unconditional)
{
  const int all = BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE;
  int acc = access_bits (r->access);
  size_t n = 0, jumps[6], n_jumps = 0, i;

  if (r->type != 'a')
    {
      jumps[n_jumps++] = n;
      p[n++] = JNE_IMM (R3, r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR, 0);
    }
  if (acc != all)
    {
      p[n++] = MOV32_REG (R7, R4);
      if (r->allow)
        {
          /* allow only when every requested access is in the rule */
          p[n++] = AND32_IMM (R7, ~acc & all);
          jumps[n_jumps++] = n;
          p[n++] = JNE_IMM (R7, 0, 0);
        }
      else
        {
          /* deny as soon as one requested access is in the rule */
          p[n++] = AND32_IMM (R7, acc);
          jumps[n_jumps++] = n;
          p[n++] = JEQ_IMM (R7, 0, 0);
        }
    }
  if (r->major >= 0)
    {
      jumps[n_jumps++] = n;
      p[n++] = JNE_IMM (R5, (int32_t) r->major, 0);
    }
  if (r->minor >= 0)
    {
      jumps[n_jumps++] = n;
      p[n++] = JNE_IMM (R6, (int32_t) r->minor, 0);
    }
  p[n++] = MOV64_IMM (R0, r->allow ? 1 : 0);
  p[n++] = EXIT ();
  for (i = 0; i < n_jumps; i++)
    p[jumps[i]].off = (int16_t) (n - jumps[i] - 1);
  *unconditional = n_jumps == 0;
  return n;
}

size_t
cgroup_ebpf_assemble (const struct cgroup_device_rule *rules, size_t n_rules, struct bpf_insn **out)
{
  /* prologue 7, at most 8 per rule, epilogue 2 */
  struct bpf_insn *p = xmalloc ((7 + 8 * n_rules + 2) * sizeof *p);
  size_t n = 0, i;
  bool unconditional = false;

  p[n++] = LDX_W (R2, R1, offsetof (struct bpf_cgroup_dev_ctx, access_type));
  p[n++] = MOV32_REG (R3, R2);
  p[n++] = AND32_IMM (R3, 0xffff);
  p[n++] = MOV32_REG (R4, R2);
  p[n++] = RSH32_IMM (R4, 16);
  p[n++] = LDX_W (R5, R1, offsetof (struct bpf_cgroup_dev_ctx, major));
  p[n++] = LDX_W (R6, R1, offsetof (struct bpf_cgroup_dev_ctx, minor));
  /* The last matching rule wins: test them from the last one back.  The
     verifier refuses unreachable code, so stop after an unconditional one.  */
  for (i = n_rules; i-- > 0 && !unconditional;)
    n += assemble_rule (&rules[i], p + n, &unconditional);
  if (!unconditional)
    {
      p[n++] = MOV64_IMM (R0, 0);
      p[n++] = EXIT ();
    }
  *out = p;
  return n;
}

static int
bpf (int cmd, union bpf_attr *attr)
{
  return (int) syscall (__NR_bpf, cmd, attr, sizeof *attr);
}

static int
load_program (const struct bpf_insn *insns, size_t n, berth_error_t **err)
{
  union bpf_attr attr;
  cleanup_free char *log = NULL;
  int fd;

  memset (&attr, 0, sizeof attr);
  attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  attr.insns = (uint64_t) (uintptr_t) insns;
  attr.insn_cnt = (uint32_t) n;
  attr.license = (uint64_t) (uintptr_t) "GPL";
  fd = bpf (BPF_PROG_LOAD, &attr);
  if (fd >= 0)
    return fd;
  if (errno != EINVAL && errno != EACCES)
    return berth_error_make (err, errno, "bpf(BPF_PROG_LOAD) of the device filter");
  /* Load again with the verifier log, only to explain the failure.  */
  log = xmalloc0 (16384);
  attr.log_level = 1;
  attr.log_buf = (uint64_t) (uintptr_t) log;
  attr.log_size = 16384;
  fd = bpf (BPF_PROG_LOAD, &attr);
  if (fd >= 0)
    return fd;
  return berth_error_make (err, errno, "bpf(BPF_PROG_LOAD) of the device filter (verifier: %.400s)",
                           log);
}

/* Programs attached directly to the cgroup (not inherited ones).  */
static int
query_attached (int cgroup_fd, uint32_t *ids, uint32_t *count)
{
  union bpf_attr attr;
  memset (&attr, 0, sizeof attr);
  attr.query.target_fd = cgroup_fd;
  attr.query.attach_type = BPF_CGROUP_DEVICE;
  attr.query.prog_ids = (uint64_t) (uintptr_t) ids;
  attr.query.prog_cnt = *count;
  if (bpf (BPF_PROG_QUERY, &attr) < 0)
    return -1;
  *count = attr.query.prog_cnt;
  return 0;
}

static void
detach_by_id (int cgroup_fd, uint32_t id)
{
  union bpf_attr attr;
  cleanup_close int prog_fd = -1;

  memset (&attr, 0, sizeof attr);
  attr.prog_id = id;
  prog_fd = bpf (BPF_PROG_GET_FD_BY_ID, &attr);
  if (prog_fd < 0)
    return;
  memset (&attr, 0, sizeof attr);
  attr.target_fd = cgroup_fd;
  attr.attach_bpf_fd = prog_fd;
  attr.attach_type = BPF_CGROUP_DEVICE;
  bpf (BPF_PROG_DETACH, &attr);
}

int
cgroup_ebpf_apply_devices (const char *path, const struct cgroup_device_rule *rules, size_t n,
                           berth_error_t **err)
{
  cleanup_free struct bpf_insn *insns = NULL;
  cleanup_close int cgroup_fd = -1, prog_fd = -1;
  uint32_t old[64], n_old = 64, i;
  union bpf_attr attr;
  size_t n_insns;

  n_insns = cgroup_ebpf_assemble (rules, n, &insns);
  cgroup_fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cgroup_fd < 0)
    return berth_error_make (err, errno, "open %s", path);
  if (query_attached (cgroup_fd, old, &n_old) < 0)
    n_old = 0;
  prog_fd = load_program (insns, n_insns, err);
  if (prog_fd < 0)
    return prog_fd;
  memset (&attr, 0, sizeof attr);
  attr.target_fd = cgroup_fd;
  attr.attach_bpf_fd = prog_fd;
  attr.attach_type = BPF_CGROUP_DEVICE;
  /* ALLOW_MULTI: a program someone attached above stays in force too.  */
  attr.attach_flags = BPF_F_ALLOW_MULTI;
  if (bpf (BPF_PROG_ATTACH, &attr) < 0)
    return berth_error_make (err, errno, "bpf(BPF_PROG_ATTACH) of the device filter to %s", path);
  /* The new filter is in force: drop the one it replaces.  */
  for (i = 0; i < n_old && i < 64; i++)
    detach_by_id (cgroup_fd, old[i]);
  return 0;
}
