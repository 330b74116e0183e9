"""m2crypto 0.46.2, _wrap_BIO_PYFD_CTX_fd_set (_m2crypto_wrap.c:13260,
SWIG 4's -builtin member setter): deleting the attribute calls the setter
with a NULL value, "if (!args) SWIG_fail;" returns NULL without an
exception, and Python raises SystemError instead of a TypeError or
AttributeError."""
from _probe import require

require("M2Crypto")

import M2Crypto._m2crypto as m

ctx = m.BIO_PYFD_CTX()
ctx.fd = 3
try:
    del ctx.fd
except SystemError as e:
    print("del BIO_PYFD_CTX().fd: SystemError: %s" % e)
    raise SystemExit(0)
except BaseException as e:
    print("del BIO_PYFD_CTX().fd: %s: %s (not the bug)" % (type(e).__name__, e))
    raise SystemExit(1)
print("del BIO_PYFD_CTX().fd: no error (not the bug)")
raise SystemExit(1)
