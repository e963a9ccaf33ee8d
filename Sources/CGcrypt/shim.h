// The part of libgcrypt that NewsclassDigest wraps: message digests. libgcrypt is
// already a dependency of libsystemd0 (journal sealing), so hashing with it adds no
// package and no code to the binary.
#ifndef NEWSCLASS_CGCRYPT_SHIM_H
#define NEWSCLASS_CGCRYPT_SHIM_H

#include <gcrypt.h>

// gcry_control is variadic, which Swift cannot call: the library's documented start-up
// (check the version, no secure memory since no secret is hashed, initialisation
// finished), once, before the first digest.
static inline int newsclass_gcrypt_initialize(void) {
    if (gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) return 1;
    if (!gcry_check_version(GCRYPT_VERSION)) return 0;
    gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    return 1;
}

#endif
