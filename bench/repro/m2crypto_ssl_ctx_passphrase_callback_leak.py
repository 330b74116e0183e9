"""m2crypto 0.46.2, ssl_ctx_passphrase_callback (src/SWIG/_ssl.i,
_m2crypto_wrap.c:8455): the callback is Py_INCREF'd and handed to OpenSSL
as the SSL_CTX's default password callback data (a void *), and nothing
ever releases it: not ssl_ctx_free, not a later call replacing it.
Every SSL.Context.load_cert or load_cert_chain call leaks a reference to
its callback, even after the context is freed (a closure or bound method
per context leaks with all it refers to).  Measured: sys.getrefcount of
the callback after 1000 contexts created, given the callback and freed
(m2.ssl_ctx_new, m2.ssl_ctx_passphrase_callback, m2.ssl_ctx_free), and
after 100 SSL.Context ().load_cert of a missing file with that callback,
each context closed and collected."""
from _probe import require

require("M2Crypto")

import gc
import sys

from M2Crypto import SSL, m2


def cb(*args):
    return b"secret"


n = 1000
before = sys.getrefcount(cb)
for _ in range(n):
    ctx = m2.ssl_ctx_new(m2.sslv23_method())
    m2.ssl_ctx_passphrase_callback(ctx, cb)
    m2.ssl_ctx_free(ctx)
grown = sys.getrefcount(cb) - before
k = 100
before = sys.getrefcount(cb)
for _ in range(k):
    c = SSL.Context()
    try:
        c.load_cert("/nonexistent/cert.pem", callback=cb)
    except SSL.SSLError:
        pass
    c.close()
    del c
gc.collect()
grown2 = sys.getrefcount(cb) - before
print("ssl_ctx_passphrase_callback: the callback's refcount grew by %d in %d "
      "freed contexts, by %d in %d SSL.Context ().load_cert" % (grown, n,
                                                               grown2, k))
raise SystemExit(0 if grown >= n and grown2 >= k else 1)
