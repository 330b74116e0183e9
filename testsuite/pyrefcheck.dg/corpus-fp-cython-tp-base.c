/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* A corpus false positive (doc/corpus-results.md), fixed: Cython
   3.3 output of cytoolz 1.2.0 (itertoolz.c:48751 and 15 more, the
   __Pyx_modinit_Exttype_* functions) sets a static type's tp_base from
   the module state's type pointers before PyType_Ready.  tp_base of a
   static type is a plain pointer: storing into it takes no reference
   (PyType_Ready takes one only for the base it fills in itself), but the
   engine takes the store for one that gives a reference away.  */

typedef struct
{
  PyTypeObject *base_type;
  PyTypeObject *sub_type;
} module_state;

static module_state state;

static int
ok_set_tp_base_from_state (void)
{
  state.sub_type->tp_base = state.base_type; /* { dg-bogus "storing borrowed reference 'state.base_type' without taking a new reference" "tp_base takes no reference" } */
  return PyType_Ready (state.sub_type);
}
