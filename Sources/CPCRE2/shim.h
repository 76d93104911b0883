#ifndef REFUSALD_CPCRE2_SHIM_H
#define REFUSALD_CPCRE2_SHIM_H

// Swift sees libpcre2-8 only through this header. The 8-bit code unit width must be fixed
// before pcre2.h is included; the function-like macros it defines (pcre2_compile, ...) do not
// import, so Swift calls the _8 suffixed names directly.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>

// PCRE2_ZERO_TERMINATED and PCRE2_UNSET are ~(size_t)0; as Swift constants they overflow Int.
static inline size_t cpcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }
static inline size_t cpcre2_unset(void) { return PCRE2_UNSET; }

#endif
