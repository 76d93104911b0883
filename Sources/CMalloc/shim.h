#ifndef REFUSALD_CMALLOC_SHIM_H
#define REFUSALD_CMALLOC_SHIM_H

// glibc's allocator controls (malloc_trim), which the Glibc module does not import.
#include <malloc.h>

#endif
