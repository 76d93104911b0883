#include "CLibFuzzer.h"

/* Part of libFuzzer (compiler-rt) since LLVM 11; linked by -sanitize=fuzzer. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int refusald_fuzz_run(int argc, char **argv, refusald_fuzz_callback callback) {
    return LLVMFuzzerRunDriver(&argc, &argv, callback);
}
