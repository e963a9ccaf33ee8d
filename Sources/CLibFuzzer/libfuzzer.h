// libFuzzer's entry for programs that have their own main() (as Swift executables do):
// it parses libFuzzer's options from argc/argv and runs `callback` on each input. Only
// fuzz targets built with -sanitize=fuzzer call it; it is declared here, not linked.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
