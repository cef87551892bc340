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
/* Parse a whole document into a tree and check its top level is an object.  */
int oci_doc_open (struct oj_doc *doc, struct oj_ctx *c, const char *data, size_t len,
                  const char *source, char **errmsg);
/* Read a file whole; errors are "SOURCE: open PATH: strerror".  */
int oci_read_file (const char *path, const char *source, char **data, size_t *len,
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
