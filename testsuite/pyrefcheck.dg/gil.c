/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <unistd.h>

/* Python touched while the GIL is released [pyrefcheck-gil]: a C API
   call or a reference count change between Py_BEGIN_ALLOW_THREADS and
   Py_END_ALLOW_THREADS, a return that skips Py_END_ALLOW_THREADS, a
   second release.  Correct: plain C work in the released region, the
   GIL taken back with PyGILState_Ensure for a callback, raw memory and
   PyThread_* calls, a release under a condition undone under the same
   condition, and the headers' inline accessors that read a field of an
   object the thread keeps alive; the GIL taken back in a helper of the
   unit, a project's own Py-named C function.  */

static PyObject *
ok_read (PyObject *self, PyObject *args)
{
  int fd;
  Py_ssize_t n;
  char buf[256];
  if (!PyArg_ParseTuple (args, "i", &fd))
    return NULL;
  Py_BEGIN_ALLOW_THREADS
  n = read (fd, buf, sizeof buf);
  Py_END_ALLOW_THREADS
  if (n < 0)
    return PyErr_SetFromErrno (PyExc_OSError);
  return PyBytes_FromStringAndSize (buf, n);
}

static PyObject *
ok_write_bytes (PyObject *self, PyObject *args)
{
  int fd;
  PyObject *data;
  Py_ssize_t n;
  if (!PyArg_ParseTuple (args, "iS", &fd, &data))
    return NULL;
  Py_BEGIN_ALLOW_THREADS
  n = write (fd, PyBytes_AS_STRING (data), PyBytes_GET_SIZE (data));
  Py_END_ALLOW_THREADS
  return PyLong_FromSsize_t (n);
}

static void
report_progress (PyObject *callback, int done)
{
  PyGILState_STATE g = PyGILState_Ensure ();
  PyObject *r = PyObject_CallFunction (callback, "i", done);
  Py_XDECREF (r);
  PyGILState_Release (g);
}

static PyObject *
ok_callback (PyObject *self, PyObject *callback)
{
  char *scratch;
  Py_BEGIN_ALLOW_THREADS
  scratch = PyMem_RawMalloc (64);
  PyGILState_STATE g = PyGILState_Ensure ();
  PyObject *r = PyObject_CallNoArgs (callback);
  Py_XDECREF (r);
  PyGILState_Release (g);
  PyMem_RawFree (scratch);
  Py_END_ALLOW_THREADS
  report_progress (callback, 1);
  Py_RETURN_NONE;
}

static PyObject *
ok_conditional (PyObject *self, PyObject *arg)
{
  int release = PyObject_IsTrue (arg);
  PyThreadState *save = NULL;
  if (release < 0)
    return NULL;
  if (release)
    save = PyEval_SaveThread ();
  usleep (10);
  if (release)
    PyEval_RestoreThread (save);
  return PyLong_FromLong (release);
}

static PyObject *
ok_unblock (PyObject *self, PyObject *args)
{
  int fd;
  if (!PyArg_ParseTuple (args, "i", &fd))
    return NULL;
  Py_BEGIN_ALLOW_THREADS
  fsync (fd);
  Py_BLOCK_THREADS
  if (PyErr_CheckSignals () < 0)
    {
      Py_UNBLOCK_THREADS
      close (fd);
      Py_BLOCK_THREADS
      return NULL;
    }
  Py_UNBLOCK_THREADS
  close (fd);
  Py_END_ALLOW_THREADS
  Py_RETURN_NONE;
}

/* The work and Py_END_ALLOW_THREADS share the return's block at -O1 and
   above: the return is reached with the GIL held.  */
static PyObject *
ok_sync (PyObject *self, PyObject *arg)
{
  int fd = PyLong_AsLong (arg), r = 0;
  Py_BEGIN_ALLOW_THREADS
  if (fd >= 0)
    r = fsync (fd);
  Py_END_ALLOW_THREADS
  return PyLong_FromLong (r);
}

/* A project's own function named like the C API (declared here, not in
   Python's headers nor in the ownership table) is plain C.  */
int PyGSL_checksum (const char *buf, int n);

/* A helper of the unit that takes the GIL back.  */
static void
reacquire (PyThreadState *ts)
{
  PyEval_RestoreThread (ts);
}

static PyObject *
ok_helpers (PyObject *self, PyObject *args)
{
  char buf[8] = "abc";
  int r;
  PyThreadState *ts = PyEval_SaveThread ();
  r = PyGSL_checksum (buf, 3);
  reacquire (ts);
  return PyLong_FromLong (r);
}

/* BUG: raises, and releases a reference, without the GIL.  */
static PyObject *
bad_error_inside (PyObject *self, PyObject *args)
{
  int fd;
  Py_ssize_t n;
  char buf[16];
  if (!PyArg_ParseTuple (args, "i", &fd))
    return NULL;
  Py_INCREF (args);
  Py_BEGIN_ALLOW_THREADS /* { dg-message "the GIL is released here" } */
  n = read (fd, buf, sizeof buf);
  if (n < 0)
    PyErr_SetFromErrno (PyExc_OSError); /* { dg-warning "'PyErr_SetFromErrno' is called with the GIL released; the C API needs it \\(call it after Py_END_ALLOW_THREADS, or take the GIL with PyGILState_Ensure\\) \\\[pyrefcheck-gil\\\]" } */
  Py_DECREF (args); /* { dg-warning "'Py_DECREF' is called with the GIL released" } */
  Py_END_ALLOW_THREADS
  if (n < 0)
    return NULL;
  return PyBytes_FromStringAndSize (buf, n);
}

/* BUG: the early return leaves the GIL released.  */
static PyObject *
bad_return_inside (PyObject *self, PyObject *args)
{
  int fd;
  if (!PyArg_ParseTuple (args, "i", &fd))
    return NULL;
  Py_BEGIN_ALLOW_THREADS /* { dg-message "the GIL is released here" } */
  if (fsync (fd) < 0)
    return NULL; /* { dg-warning "'bad_return_inside' returns with the GIL released" } */
  /* { dg-warning "returning NULL without setting an exception" "" { target *-*-* } .-1 } */
  Py_END_ALLOW_THREADS
  Py_RETURN_NONE;
}

/* BUG: nested releases: the inner one runs without the GIL.  */
static PyObject *
bad_nested (PyObject *self, PyObject *args)
{
  Py_BEGIN_ALLOW_THREADS /* { dg-message "the GIL is released here" } */
  usleep (1);
  Py_BEGIN_ALLOW_THREADS /* { dg-warning "'PyEval_SaveThread' releases the GIL a second time" } */
  usleep (1);
  Py_END_ALLOW_THREADS
  Py_END_ALLOW_THREADS
  Py_RETURN_NONE;
}

/* BUG: the reference count itself, by hand.  */
static PyObject *
bad_refcnt (PyObject *self, PyObject *arg)
{
  Py_ssize_t count;
  Py_BEGIN_ALLOW_THREADS /* { dg-message "the GIL is released here" } */
  count = arg->ob_refcnt; /* { dg-warning "an object's 'ob_refcnt' is used with the GIL released" } */
  Py_END_ALLOW_THREADS
  return PyLong_FromSsize_t (count);
}

static PyMethodDef gil_methods[] = {
  { "ok_read", ok_read, METH_VARARGS, NULL },
  { "ok_write_bytes", ok_write_bytes, METH_VARARGS, NULL },
  { "ok_callback", ok_callback, METH_O, NULL },
  { "ok_conditional", ok_conditional, METH_O, NULL },
  { "ok_unblock", ok_unblock, METH_VARARGS, NULL },
  { "ok_sync", ok_sync, METH_O, NULL },
  { "ok_helpers", ok_helpers, METH_VARARGS, NULL },
  { "bad_error_inside", bad_error_inside, METH_VARARGS, NULL },
  { "bad_return_inside", bad_return_inside, METH_VARARGS, NULL },
  { "bad_nested", bad_nested, METH_NOARGS, NULL },
  { "bad_refcnt", bad_refcnt, METH_O, NULL },
  { NULL, NULL, 0, NULL }
};
