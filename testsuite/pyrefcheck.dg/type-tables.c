/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

/* PyMemberDef entries whose type code does not match the struct field at
   their offset [pyrefcheck-member-table], and tp_dealloc functions of
   GC types that do not untrack the object before clearing it
   [pyrefcheck-gc-untrack]: the collector may then visit a half-destroyed
   object.  Static types and PyType_Spec heap types alike.  */

typedef struct
{
  PyObject_HEAD
  PyObject *name;
  int count;
  long total;
  double ratio;
  char flag;
  Py_ssize_t size;
  char *label;
} PointObject;

/* Correct: every code matches its field.  */
static PyMemberDef point_members[] = {
  { "name", T_OBJECT_EX, offsetof (PointObject, name), READONLY, NULL },
  { "count", T_INT, offsetof (PointObject, count), 0, NULL },
  { "total", T_LONG, offsetof (PointObject, total), 0, NULL },
  { "ratio", T_DOUBLE, offsetof (PointObject, ratio), 0, NULL },
  { "flag", T_BOOL, offsetof (PointObject, flag), 0, NULL },
  { "size", T_PYSSIZET, offsetof (PointObject, size), READONLY, NULL },
  { "label", T_STRING, offsetof (PointObject, label), READONLY, NULL },
  { NULL }
};

static int
point_traverse (PointObject *self, visitproc visit, void *arg)
{
  Py_VISIT (self->name);
  return 0;
}

static int
point_clear (PointObject *self)
{
  Py_CLEAR (self->name);
  return 0;
}

/* Correct: untracks through a helper first.  */
static void
point_untrack (PointObject *self)
{
  PyObject_GC_UnTrack (self);
}

static void
point_dealloc (PointObject *self)
{
  point_untrack (self);
  point_clear (self);
  Py_TYPE (self)->tp_free ((PyObject *)self);
}

static PyTypeObject Point_Type = {
  PyVarObject_HEAD_INIT (NULL, 0).tp_name = "tables.Point",
  .tp_basicsize = sizeof (PointObject),
  .tp_dealloc = (destructor)point_dealloc,
  .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
  .tp_traverse = (traverseproc)point_traverse,
  .tp_clear = (inquiry)point_clear,
  .tp_members = point_members,
};

typedef struct
{
  PyObject_HEAD
  PyObject *items;
  short small;
  long long big;
  float f;
} BoxObject;

static PyMemberDef box_members[] = {
  /* BUG: a long read from a short field.  */
  { "small", T_LONG, offsetof (BoxObject, small), 0, NULL }, /* { dg-warning "member 'small' of 'box_members' is T_LONG \\\(long\\\), but the field at offset 24, 'small', has type 'short int' \\\[pyrefcheck-member-table\\\]"  } */
  /* BUG: an object read from a long long.  */
  { "big", T_OBJECT, offsetof (BoxObject, big), 0, NULL }, /* { dg-warning "member 'big' of 'box_members' is T_OBJECT \\\(PyObject \\\*\\\), but the field at offset 32, 'big', has type 'long long int'"  } */
  /* BUG: a double read from a float.  */
  { "f", T_DOUBLE, offsetof (BoxObject, f), 0, NULL }, /* { dg-warning "member 'f' of 'box_members' is T_DOUBLE \\\(double\\\), but the field at offset 40, 'f', has type 'float'"  } */
  { "items", T_OBJECT, offsetof (BoxObject, items), READONLY, NULL },
  { NULL }
};

static int
box_traverse (BoxObject *self, visitproc visit, void *arg)
{
  Py_VISIT (self->items);
  return 0;
}

/* BUG: clears its object while the collector can still see it.  */
static void
box_dealloc (BoxObject *self) /* { dg-warning "'box_dealloc', the tp_dealloc of 'Box_Type', a type with Py_TPFLAGS_HAVE_GC, does not call PyObject_GC_UnTrack before destroying the object \\\[pyrefcheck-gc-untrack\\\]" } */
{
  Py_CLEAR (self->items);
  Py_TYPE (self)->tp_free ((PyObject *)self);
}

static PyTypeObject Box_Type = {
  PyVarObject_HEAD_INIT (NULL, 0).tp_name = "tables.Box",
  .tp_basicsize = sizeof (BoxObject),
  .tp_dealloc = (destructor)box_dealloc,
  .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
  .tp_traverse = (traverseproc)box_traverse,
  .tp_members = box_members,
};

/* Not a GC type: nothing to untrack.  */
typedef struct
{
  PyObject_HEAD
  int value;
} PlainObject;

static void
plain_dealloc (PlainObject *self)
{
  Py_TYPE (self)->tp_free ((PyObject *)self);
}

static PyTypeObject Plain_Type = {
  PyVarObject_HEAD_INIT (NULL, 0).tp_name = "tables.Plain",
  .tp_basicsize = sizeof (PlainObject),
  .tp_dealloc = (destructor)plain_dealloc,
  .tp_flags = Py_TPFLAGS_DEFAULT,
};

/* A heap type from a spec.  */
typedef struct
{
  PyObject_HEAD
  PyObject *dict;
  unsigned int mask;
  char pad[8];
} HeapObject;

static PyMemberDef heap_members[] = {
  /* BUG: an unsigned long read from an unsigned int.  */
  { "mask", T_ULONG, offsetof (HeapObject, mask), 0, NULL }, /* { dg-warning "member 'mask' of 'heap_members' is T_ULONG \\\(unsigned long\\\), but the field at offset 24, 'mask', has type 'unsigned int'" } */
  { "__dict__", T_OBJECT, offsetof (HeapObject, dict), READONLY, NULL },
  /* Not members but offsets for the type (zope.interface, wrapt):
     silent.  */
  { "__dictoffset__", T_PYSSIZET, offsetof (HeapObject, dict), READONLY,
    NULL },
  { NULL }
};

static int
heap_traverse (HeapObject *self, visitproc visit, void *arg)
{
  Py_VISIT (self->dict);
  Py_VISIT (Py_TYPE (self));
  return 0;
}

/* BUG: the same, for a heap type.  */
static void
heap_dealloc (HeapObject *self) /* { dg-warning "'heap_dealloc', the tp_dealloc of 'heap_spec', a type with Py_TPFLAGS_HAVE_GC, does not call PyObject_GC_UnTrack" } */
{
  PyTypeObject *tp = Py_TYPE (self);
  Py_CLEAR (self->dict);
  tp->tp_free ((PyObject *)self);
  Py_DECREF (tp);
}

static PyType_Slot heap_slots[] = {
  { Py_tp_dealloc, heap_dealloc },
  { Py_tp_traverse, heap_traverse },
  { Py_tp_members, heap_members },
  { 0, NULL },
};

static PyType_Spec heap_spec = {
  "tables.Heap",
  sizeof (HeapObject),
  0,
  Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
  heap_slots,
};

/* A GC subtype whose dealloc chains to its base through a pointer: the
   base may untrack, so it is not reported.  */
static void
sub_dealloc (PointObject *self)
{
  Py_CLEAR (self->name);
  Point_Type.tp_dealloc ((PyObject *)self);
}

static PyTypeObject Sub_Type = {
  PyVarObject_HEAD_INIT (NULL, 0).tp_name = "tables.Sub",
  .tp_basicsize = sizeof (PointObject),
  .tp_dealloc = (destructor)sub_dealloc,
  .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
  .tp_base = &Point_Type,
};

/* The struct of a member table declared in a header, and a struct of
   the same size in this file: which one the table describes is not
   guessed (the wrong guess would report each member): silent.  */
#include "tables-objs.h"

typedef struct
{
  PyObject_HEAD
  double a;
  long b;
} SameSizeObject;

static PyMemberDef pair_members[] = {
  { "x", T_OBJECT, offsetof (PairObject, x), READONLY, NULL },
  { "y", T_OBJECT_EX, offsetof (PairObject, y), READONLY, NULL },
  { NULL }
};

static PyMemberDef same_size_members[] = {
  { "a", T_DOUBLE, offsetof (SameSizeObject, a), READONLY, NULL },
  { NULL }
};

static PyTypeObject Pair_Type = {
  PyVarObject_HEAD_INIT (NULL, 0).tp_name = "tables.Pair",
  .tp_basicsize = sizeof (PairObject),
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_members = pair_members,
};

static PyTypeObject SameSize_Type = {
  PyVarObject_HEAD_INIT (NULL, 0).tp_name = "tables.SameSize",
  .tp_basicsize = sizeof (SameSizeObject),
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_members = same_size_members,
};

PyMODINIT_FUNC
PyInit_tables (void)
{
  (void)Box_Type;
  (void)Plain_Type;
  (void)Sub_Type;
  (void)Pair_Type;
  (void)SameSize_Type;
  (void)heap_spec;
  PyErr_SetString (PyExc_ImportError, "a test, not a module");
  return NULL;
}
