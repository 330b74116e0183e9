/* SHA-256 (FIPS 180-4), for fingerprints and cache checksums.
   Copyright (C) 2026 The pyrefcheck authors.

   This file is part of pyrefcheck.

   pyrefcheck is free software; you can redistribute it and/or modify it
   under the terms of the GNU General Public License as published by the
   Free Software Foundation; either version 3, or (at your option) any
   later version.

   pyrefcheck is distributed in the hope that it will be useful, but
   WITHOUT ANY WARRANTY; without even the implied warranty of
   MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
   General Public License for more details.

   You should have received a copy of the GNU General Public License
   along with pyrefcheck; see the file COPYING.  If not see
   <http://www.gnu.org/licenses/>.  */

#ifndef PYREFCHECK_TRIAGE_SHA256_H
#define PYREFCHECK_TRIAGE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C"
{
#endif

  /* The state of one hash computation.  */
  struct sha256_ctx
  {
    uint32_t m_state[8];
    uint64_t m_bytes;
    unsigned char m_block[64];
    size_t m_used;
  };

  void sha256_init (struct sha256_ctx *ctx);
  void sha256_update (struct sha256_ctx *ctx, const void *data, size_t len);
  void sha256_final (struct sha256_ctx *ctx, unsigned char digest[32]);

  /* Write the hex SHA-256 of DATA (LEN bytes) into HEX (65 bytes).  */
  void sha256_hex (const void *data, size_t len, char hex[65]);

  /* Write DIGEST as hex into HEX (65 bytes).  */
  void sha256_to_hex (const unsigned char digest[32], char hex[65]);

#ifdef __cplusplus
}
#endif

#endif /* PYREFCHECK_TRIAGE_SHA256_H */
