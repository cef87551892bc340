/* oci-internal.h: how the section readers of libocispec-lite call each
   other (config -> process, linux -> resources, seccomp).  Not installed,
   not used by the runtime.  */
#ifndef OCI_INTERNAL_H
#define OCI_INTERNAL_H

#include "oci-config.h"
#include "oci-json.h"

/* oci-config.c */
int oci_read_id_mapping (struct oj_ctx *c, const struct oj *obj, void *out);
int oci_check_absolute (struct oj_ctx *c, const struct oj *v, const char *value);
/* The shape of every public parse function: the document's top level must
   be an object; `read` fills a zeroed struct of `size` bytes, `free_fn`
   releases it on failure.  errmsg may be NULL.  */
int oci_parse_document (const char *data, size_t len, const char *source, size_t size,
                        oj_fields_fn read, void (*free_fn) (void *), void **out,
                        char **errmsg);
/* Same, reading the file first; a failed open leaves errno set and says
   "SOURCE: open PATH: strerror".  */
int oci_parse_document_file (const char *path, const char *source, size_t size,
                             oj_fields_fn read, void (*free_fn) (void *), void **out,
                             char **errmsg);

/* oci-process.c */
int oci_read_process (struct oj_ctx *c, const struct oj *obj, void *out);
void oci_process_clear (struct oci_process *p);

/* oci-linux.c */
int oci_read_linux (struct oj_ctx *c, const struct oj *obj, void *out);
void oci_linux_free (struct oci_linux *l);

/* oci-resources.c */
int oci_read_resources (struct oj_ctx *c, const struct oj *obj, void *out);
void oci_resources_clear (struct oci_resources *r);

/* oci-seccomp.c */
int oci_read_seccomp (struct oj_ctx *c, const struct oj *obj, void *out);
void oci_seccomp_free (struct oci_seccomp *s);

#endif
