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

/* A straightforward implementation of FIPS 180-4, written for
   pyrefcheck so that the daemon needs no crypto library.  Checked against
   Python's hashlib by testsuite/check-triage-proto.sh.  */

#include "sha256.h"

#include <string.h>

static const uint32_t round_constants[64]
    = { 0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
        0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
        0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
        0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
        0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
        0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2 };

#define ROTR(X, N) (((X) >> (N)) | ((X) << (32 - (N))))

void
sha256_init (struct sha256_ctx *ctx)
{
  static const uint32_t initial[8]
      = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
          0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
  memcpy (ctx->m_state, initial, sizeof initial);
  ctx->m_bytes = 0;
  ctx->m_used = 0;
}

/* Expand the 64-byte BLOCK into the message schedule W.  */
static void
expand_block (const unsigned char *block, uint32_t w[64])
{
  int i;
  for (i = 0; i < 16; i++)
    w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16
           | (uint32_t)block[4 * i + 2] << 8 | (uint32_t)block[4 * i + 3];
  for (i = 16; i < 64; i++)
    {
      uint32_t s0
          = ROTR (w[i - 15], 7) ^ ROTR (w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1
          = ROTR (w[i - 2], 17) ^ ROTR (w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
}

/* Run the compression function of CTX over one 64-byte BLOCK.  */
static void
compress (struct sha256_ctx *ctx, const unsigned char *block)
{
  uint32_t w[64], v[8];
  int i;
  expand_block (block, w);
  memcpy (v, ctx->m_state, sizeof v);
  for (i = 0; i < 64; i++)
    {
      uint32_t s1 = ROTR (v[4], 6) ^ ROTR (v[4], 11) ^ ROTR (v[4], 25);
      uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
      uint32_t t1 = v[7] + s1 + ch + round_constants[i] + w[i];
      uint32_t s0 = ROTR (v[0], 2) ^ ROTR (v[0], 13) ^ ROTR (v[0], 22);
      uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
      memmove (v + 1, v, 7 * sizeof v[0]);
      v[4] += t1;
      v[0] = t1 + s0 + maj;
    }
  for (i = 0; i < 8; i++)
    ctx->m_state[i] += v[i];
}

void
sha256_update (struct sha256_ctx *ctx, const void *data, size_t len)
{
  const unsigned char *p = (const unsigned char *)data;
  ctx->m_bytes += len;
  while (len)
    {
      size_t n = 64 - ctx->m_used;
      if (n > len)
        n = len;
      memcpy (ctx->m_block + ctx->m_used, p, n);
      ctx->m_used += n;
      p += n;
      len -= n;
      if (ctx->m_used == 64)
        {
          compress (ctx, ctx->m_block);
          ctx->m_used = 0;
        }
    }
}

void
sha256_final (struct sha256_ctx *ctx, unsigned char digest[32])
{
  uint64_t bits = ctx->m_bytes * 8;
  unsigned char pad = 0x80, zero = 0, len[8];
  int i;
  sha256_update (ctx, &pad, 1);
  while (ctx->m_used != 56)
    sha256_update (ctx, &zero, 1);
  for (i = 0; i < 8; i++)
    len[i] = (unsigned char)(bits >> (56 - 8 * i));
  sha256_update (ctx, len, 8);
  for (i = 0; i < 32; i++)
    digest[i] = (unsigned char)(ctx->m_state[i / 4] >> (24 - 8 * (i % 4)));
}

void
sha256_to_hex (const unsigned char digest[32], char hex[65])
{
  static const char digits[] = "0123456789abcdef";
  int i;
  for (i = 0; i < 32; i++)
    {
      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 15];
    }
  hex[64] = '\0';
}

void
sha256_hex (const void *data, size_t len, char hex[65])
{
  struct sha256_ctx ctx;
  unsigned char digest[32];
  sha256_init (&ctx);
  sha256_update (&ctx, data, len);
  sha256_final (&ctx, digest);
  sha256_to_hex (digest, hex);
}
