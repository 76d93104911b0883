#ifndef REFUSALD_CLIBFUZZER_H
#define REFUSALD_CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's per-input callback: returns 0 (non-zero values are reserved by libFuzzer).
typedef int (*refusald_fuzz_callback)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver (argument parsing, corpus, mutation loop) with `callback`.
///
/// SwiftPM links every Swift executable with `main` renamed to `<Module>_main`, which shadows the
/// `main` that `-sanitize=fuzzer` brings in; so each harness has an ordinary `@main` that calls this.
int refusald_fuzz_run(int argc, char **argv, refusald_fuzz_callback callback);

#endif
