/* nft-dlopen.c: the few libnftables entry points nat.c uses, resolved with
   dlopen on first use.  Linking libnftables pulls six shared libraries into
   every berth invocation (~1 ms of dynamic loading), though only NAT needs
   it; never used for anything but forwarding these calls.  */
#include <config.h>

#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>

#include <nftables/libnftables.h>

#define NFT_SONAME "libnftables.so.1"

struct nft_syms
{
  struct nft_ctx *(*ctx_new) (uint32_t);
  void (*ctx_free) (struct nft_ctx *);
  int (*buffer_output) (struct nft_ctx *);
  int (*buffer_error) (struct nft_ctx *);
  const char *(*get_output_buffer) (struct nft_ctx *);
  const char *(*get_error_buffer) (struct nft_ctx *);
  void (*output_set_flags) (struct nft_ctx *, unsigned int);
  int (*run_cmd_from_buffer) (struct nft_ctx *, const char *);
};

/* Filled once, then read-only: a process-wide cache of immutable symbol
   addresses (dlopen itself keeps the library for the process lifetime).  */
static struct nft_syms syms;
static int syms_state; /* 0 untried, 1 loaded, -1 unavailable */

static int
syms_load (void)
{
  void *h;

  if (syms_state)
    return syms_state;
  h = dlopen (NFT_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (h == NULL)
    {
      /* nat.c only sees a NULL context; say why (a static berth needs the
         glibc it was built with to dlopen).  */
      fprintf (stderr, "berth: cannot load " NFT_SONAME ": %s\n", dlerror ());
      return syms_state = -1;
    }
#define SYM(field, name)                                                                           \
  if ((*(void **) &syms.field = dlsym (h, name)) == NULL)                                          \
    {                                                                                              \
      fprintf (stderr, "berth: " NFT_SONAME ": no symbol %s\n", name);                              \
      return syms_state = -1;                                                                      \
    }
  SYM (ctx_new, "nft_ctx_new");
  SYM (ctx_free, "nft_ctx_free");
  SYM (buffer_output, "nft_ctx_buffer_output");
  SYM (buffer_error, "nft_ctx_buffer_error");
  SYM (get_output_buffer, "nft_ctx_get_output_buffer");
  SYM (get_error_buffer, "nft_ctx_get_error_buffer");
  SYM (output_set_flags, "nft_ctx_output_set_flags");
  SYM (run_cmd_from_buffer, "nft_run_cmd_from_buffer");
#undef SYM
  return syms_state = 1;
}

/* Every other entry point takes a ctx, which only exists once loaded.  */
struct nft_ctx *
nft_ctx_new (uint32_t flags)
{
  if (syms_load () < 0)
    {
      errno = ENOSYS;
      return NULL;
    }
  return syms.ctx_new (flags);
}

void
nft_ctx_free (struct nft_ctx *ctx)
{
  syms.ctx_free (ctx);
}

int
nft_ctx_buffer_output (struct nft_ctx *ctx)
{
  return syms.buffer_output (ctx);
}

int
nft_ctx_buffer_error (struct nft_ctx *ctx)
{
  return syms.buffer_error (ctx);
}

const char *
nft_ctx_get_output_buffer (struct nft_ctx *ctx)
{
  return syms.get_output_buffer (ctx);
}

const char *
nft_ctx_get_error_buffer (struct nft_ctx *ctx)
{
  return syms.get_error_buffer (ctx);
}

void
nft_ctx_output_set_flags (struct nft_ctx *ctx, unsigned int flags)
{
  syms.output_set_flags (ctx, flags);
}

int
nft_run_cmd_from_buffer (struct nft_ctx *nft, const char *buf)
{
  return syms.run_cmd_from_buffer (nft, buf);
}
