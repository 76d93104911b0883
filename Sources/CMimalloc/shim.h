#ifndef REFUSALD_CMIMALLOC_SHIM_H
#define REFUSALD_CMIMALLOC_SHIM_H

// mimalloc (Debian libmimalloc-dev). Linking it ahead of libc makes it the process allocator by ELF symbol
// interposition (malloc, free, realloc, ... resolve to it in every library, glibc's own calls included).
#include <mimalloc.h>

#endif
