/* A stand-in for Python's headers, for tests of version selection: the
   test defines PY_VERSION_HEX (as a number) and includes this, which
   declares what the tests call, as Python's headers of any version from
   3.11 on would.  pyrefcheck picks the ownership rows of the version
   PY_VERSION_HEX names.  */
#ifndef PYSTUB_H
#define PYSTUB_H

#ifndef PY_VERSION_HEX
#error "define PY_VERSION_HEX before including pystub.h"
#endif

typedef long Py_ssize_t;
struct _typeobject;
typedef struct _object
{
  Py_ssize_t ob_refcnt;
  struct _typeobject *ob_type;
} PyObject;

extern void Py_INCREF (PyObject *);
extern void Py_DECREF (PyObject *);
extern void Py_XDECREF (PyObject *);
extern PyObject *PyLong_FromLong (long);
extern int PyModule_AddObject (PyObject *, const char *, PyObject *);
/* New in 3.13.  */
extern int PyModule_Add (PyObject *, const char *, PyObject *);
extern int PyDict_GetItemRef (PyObject *, PyObject *, PyObject **);
/* Formats: from 3.13 on, PyArg_ParseTuple itself reads Py_ssize_t
   lengths (no _SizeT variants).  */
extern int PyArg_ParseTuple (PyObject *, const char *, ...);
extern PyObject *Py_BuildValue (const char *, ...);

#endif /* PYSTUB_H */
