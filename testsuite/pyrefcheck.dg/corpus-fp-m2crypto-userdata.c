/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <unistd.h>

/* A C library keeps a pointer it was given as "void *" user data: M2Crypto
   hands a Py_INCREF'd callback to SSL_CTX_set_default_passwd_cb_userdata
   (a system header), a thread gets its object through pthread_create.
   The reference taken for the library is the library's: silent.  A
   library that only reads the object ("const void *") keeps nothing.  */

static void *
worker (void *arg)
{
  return arg;
}

void
start_worker (PyObject *callback)
{
  pthread_t t;
  Py_INCREF (callback);
  if (pthread_create (&t, NULL, worker, callback) != 0)
    {
      Py_DECREF (callback);
      return;
    }
  pthread_detach (t);
}

void
set_userdata_first (PyObject *callback)
{
  pthread_t t;
  if (pthread_create (&t, NULL, worker, (void *)callback) == 0)
    Py_INCREF (callback);
}

void
dump_object (PyObject *obj)
{
  Py_INCREF (obj);
  if (write (2, obj, 0) < 0) /* { dg-warning "leak of 'obj' \\\[pyrefcheck-leak\\\]" } */
    return;
  Py_DECREF (obj);
}
