/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Format strings of PyArg_Parse*, Py_BuildValue and
   PyObject_CallFunction against the C types of their arguments
   [pyrefcheck-format].  The correct functions come first: every code of
   both grammars, with the types CPython reads; they must stay silent.  */

typedef struct
{
  PyObject_HEAD
  int value;
} CounterObject;

static int
convert_positive (PyObject *o, void *out)
{
  long v = PyLong_AsLong (o);
  if (v == -1 && PyErr_Occurred ())
    return 0;
  *(long *)out = v;
  return 1;
}

static PyObject *
build_from (void *p)
{
  return PyLong_FromVoidPtr (p);
}

static PyObject *
ok_parse_numbers (PyObject *self, PyObject *args)
{
  unsigned char b, bb;
  char c;
  short h;
  unsigned short hh;
  int i, C, p;
  unsigned int ii;
  long l;
  unsigned long k;
  long long L;
  unsigned long long K;
  Py_ssize_t n;
  float f;
  double d;
  Py_complex D;
  if (!PyArg_ParseTuple (args, "bBchHiIlkLKnfdDCp", &b, &bb, &c, &h, &hh,
                         &i, &ii, &l, &k, &L, &K, &n, &f, &d, &D, &C, &p))
    return NULL;
  Py_RETURN_NONE;
}

static PyObject *
ok_parse_strings (PyObject *self, PyObject *args)
{
  const char *s, *z, *y;
  char *enc = NULL, *enc2 = NULL;
  Py_ssize_t slen, ylen, elen;
  Py_buffer sb, wb;
  const unsigned short *table;
  Py_ssize_t table_len;
  /* The bytes read as another integer array (crcmod): silent.  */
  if (!PyArg_ParseTuple (args, "s#", &table, &table_len))
    return NULL;
  if (!PyArg_ParseTuple (args, "s#zyes|es#s*w*:strings", &s, &slen, &z, &y,
                         "utf-8", &enc, "latin-1", &enc2, &elen, &sb, &wb))
    return NULL;
  PyMem_Free (enc);
  PyMem_Free (enc2);
  PyBuffer_Release (&sb);
  PyBuffer_Release (&wb);
  (void)ylen;
  Py_RETURN_NONE;
}

static PyObject *
ok_parse_objects (PyObject *self, PyObject *args)
{
  PyObject *o, *list, *bytes, *str, *ba;
  CounterObject *counter;
  long conv;
  if (!PyArg_ParseTuple (args, "OO!SUY(O!)O&;bad arguments", &o,
                         &PyList_Type, &list, &bytes, &str, &ba,
                         &PyLong_Type, &counter, convert_positive, &conv))
    return NULL;
  Py_RETURN_NONE;
}

static PyObject *
ok_parse_keywords (PyObject *self, PyObject *args, PyObject *kwds)
{
  static char *kwlist[] = { "", "name", "count", "flag", NULL };
  PyObject *first;
  const char *name = "x";
  int count = 1, flag = 0;
  if (!PyArg_ParseTupleAndKeywords (args, kwds, "O|si$p:keywords", kwlist,
                                    &first, &name, &count, &flag))
    return NULL;
  Py_RETURN_NONE;
}

static PyObject *
ok_parse_single (PyObject *self, PyObject *arg)
{
  int v;
  if (!PyArg_Parse (arg, "i", &v))
    return NULL;
  return PyLong_FromLong (v);
}

static PyObject *
ok_build (PyObject *self, PyObject *args)
{
  char c = 'x';
  short h = 1;
  unsigned u = 2;
  long l = 3;
  unsigned long k = 4;
  long long L = 5;
  Py_ssize_t n = 6;
  float f = 1.5f;
  Py_complex D = { 1.0, 2.0 };
  const char *s = "abc";
  int x = 0;
  return Py_BuildValue ("{s:(bhiIlkLKn)s:[fdD]s:(cCs#zyU)s:O&s:O}", "ints",
                        c, h, x, u, l, k, L, (unsigned long long)L, n,
                        "reals", f, 2.5, &D, "text", c, x, s, n, NULL, s,
                        s, "conv", build_from, (void *)s, "args", args);
}

struct flags
{
  long long wide : 40;
  unsigned small : 3;
};

/* A bit-field is passed in its mode; a C99 double complex is laid out
   as Py_complex; a frame is an object even where its struct is opaque
   (3.11).  */
static PyObject *
ok_odd_types (PyObject *self, PyObject *args)
{
  struct flags fl = { 5, 1 };
  double _Complex dc;
  if (!PyArg_ParseTuple (args, "D", &dc))
    return NULL;
  return Py_BuildValue ("(LiO)", fl.wide, fl.small, PyEval_GetFrame ());
}

/* BUG: PyEval_CallFunction never reads Py_ssize_t lengths.  */
static PyObject *
bad_eval_call (PyObject *self, PyObject *args)
{
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  return PyEval_CallFunction (self, "(s#)", "ab", (Py_ssize_t)2); /* { dg-warning "'#' formats cannot be used with this function" } */
}

static PyObject *
ok_call (PyObject *self, PyObject *args)
{
  PyObject *r = PyObject_CallFunction (self, "(is)", 1, "one");
  if (!r)
    return NULL;
  Py_DECREF (r);
  r = PyObject_CallFunction (self, NULL);
  if (!r)
    return NULL;
  Py_DECREF (r);
  return PyObject_CallMethod (self, "m", "O", args);
}

/* BUG: a long where "i" stores an int, and the object itself where "O"
   stores into a PyObject *.  */
static PyObject *
bad_parse_types (PyObject *self, PyObject *args)
{
  PyObject *o = NULL;
  long count;
  if (!PyArg_ParseTuple (args, "iO", &count, o)) /* { dg-warning "argument 3 of 'PyArg_ParseTuple' has type 'long int \\\*', but 'i' in format 'iO' expects 'int \\\*' \\\[pyrefcheck-format\\\]" } */
    /* { dg-warning "argument 4 of 'PyArg_ParseTuple' has type 'PyObject \\\*' \\{aka 'struct _object \\*\\*?'\\}, but 'O' in format 'iO' expects 'PyObject \\\*\\\*'" "" { target *-*-* } .-1 } */
    return NULL;
  Py_RETURN_NONE;
}

/* BUG: "O!" takes the type first; these two are swapped.  */
static PyObject *
bad_parse_swapped (PyObject *self, PyObject *args)
{
  PyObject *list;
  if (!PyArg_ParseTuple (args, "O!", &list, &PyList_Type)) /* { dg-warning "argument 3 of 'PyArg_ParseTuple' has type 'PyObject \\\*\\\*' \\{aka 'struct _object \\*\\*?'\\}, but 'O!' in format 'O!' expects 'PyTypeObject \\\*'" } */
    /* { dg-warning "argument 4 of 'PyArg_ParseTuple' has type 'PyTypeObject \\\*' \\{aka 'struct _typeobject \\*'\\}, but 'O!' in format 'O!' expects 'PyObject \\\*\\\*'" "" { target *-*-* } .-1 } */
    return NULL;
  Py_RETURN_NONE;
}

/* BUG: "s#" stores a Py_ssize_t length under PY_SSIZE_T_CLEAN; an int
   gets half of it written past its end.  A double where "f" stores a
   float.  */
static PyObject *
bad_parse_sizes (PyObject *self, PyObject *args)
{
  const char *s;
  int len;
  double f;
  if (!PyArg_ParseTuple (args, "s#f", &s, &len, &f)) /* { dg-warning "argument 4 of 'PyArg_ParseTuple' has type 'int \\\*', but 's#' in format 's#f' expects 'Py_ssize_t \\\*'" } */
    /* { dg-warning "argument 5 of 'PyArg_ParseTuple' has type 'double \\\*', but 'f' in format 's#f' expects 'float \\\*'" "" { target *-*-* } .-1 } */
    return NULL;
  Py_RETURN_NONE;
}

/* BUG: too many and too few arguments for the format.  */
static PyObject *
bad_parse_counts (PyObject *self, PyObject *args)
{
  int a, b;
  if (!PyArg_ParseTuple (args, "i", &a, &b)) /* { dg-warning "too many arguments for format 'i' of 'PyArg_ParseTuple': it reads 1, the call passes 2" } */
    return NULL;
  if (!PyArg_ParseTuple (args, "ii", &a)) /* { dg-warning "too few arguments for format 'ii' of 'PyArg_ParseTuple': it reads 2, the call passes 1 \\\(the first missing is the 'int \\\*' of 'i'\\\)" } */
    return NULL;
  Py_RETURN_NONE;
}

/* BUG: codes CPython does not know, and a bracket left open.  */
static PyObject *
bad_codes (PyObject *self, PyObject *args)
{
  int a;
  if (!PyArg_ParseTuple (args, "q", &a)) /* { dg-warning "format 'q' of 'PyArg_ParseTuple', at 'q' \\\(offset 0\\\): unknown format code" } */
    return NULL;
  if (!PyArg_ParseTuple (args, "(ii", &a, &a)) /* { dg-warning "format '\\\(ii' of 'PyArg_ParseTuple', at 'end' \\\(offset 3\\\): unmatched parenthesis" } */
    return NULL;
  if (!PyArg_ParseTuple (args, "i$i", &a, &a)) /* { dg-warning "'\\\$' \\\(keyword-only arguments\\\) is only valid in PyArg_ParseTupleAndKeywords" } */
    return NULL;
  return Py_BuildValue ("[ip", a, a); /* { dg-warning "format '\\\[ip' of 'Py_BuildValue', at 'p' \\\(offset 2\\\): unknown format code" } */
}

/* BUG: Py_BuildValue reads a long for "l" and a double for "d"; an int
   is neither.  "s#" reads a Py_ssize_t length.  */
static PyObject *
bad_build (PyObject *self, PyObject *args)
{
  int n = 1;
  return Py_BuildValue ("(lds#)", n, 1, "abc", 3); /* { dg-warning "argument 2 of 'Py_BuildValue' has type 'int', but 'l' in format '\\\(lds#\\\)' expects 'long'" } */
  /* { dg-warning "argument 3 of 'Py_BuildValue' has type 'int', but 'd' in format '\\\(lds#\\\)' expects 'double'" "" { target *-*-* } .-1 } */
  /* { dg-warning "argument 5 of 'Py_BuildValue' has type 'int', but 's#' in format '\\\(lds#\\\)' expects 'Py_ssize_t'" "" { target *-*-* } .-2 } */
}

/* BUG: PyObject_CallFunction with a format reads its arguments like
   Py_BuildValue: a C string is no object.  */
static PyObject *
bad_call (PyObject *self, PyObject *args)
{
  return PyObject_CallMethod (self, "m", "O", "text"); /* { dg-warning "argument 4 of 'PyObject_CallMethod' has type 'char \\\*', but 'O' in format 'O' expects 'PyObject \\\*'" } */
}

/* BUG: the keyword list names two arguments of three; the other is not
   NULL-terminated; an unnamed (positional-only) after a named one.  */
static PyObject *
bad_keywords (PyObject *self, PyObject *args, PyObject *kwds)
{
  static char *kwlist[] = { "a", "b", NULL };
  static char *unterminated[] = { "a" };
  static char *order[] = { "a", "", NULL };
  PyObject *a, *b = NULL, *c = NULL;
  if (!PyArg_ParseTupleAndKeywords (args, kwds, "O|OO", kwlist, &a, &b, &c)) /* { dg-warning "keyword list 'kwlist' of 'PyArg_ParseTupleAndKeywords' has 2 names, but its format has 3 arguments; the arguments past the names cannot be passed" } */
    return NULL;
  if (!PyArg_ParseTupleAndKeywords (args, kwds, "O", unterminated, &a)) /* { dg-warning "keyword list 'unterminated' of 'PyArg_ParseTupleAndKeywords' does not end with NULL" } */
    return NULL;
  if (!PyArg_ParseTupleAndKeywords (args, kwds, "OO", order, &a, &b)) /* { dg-warning "keyword list 'order' of 'PyArg_ParseTupleAndKeywords' has an empty name after a named one" } */
    return NULL;
  /* The format has an item the list does not name, and the call no
     output for it: CPython never reads it (zstandard's compress): only
     the list is reported.  */
  static char *data_only[] = { "data", NULL };
  Py_buffer source;
  if (!PyArg_ParseTupleAndKeywords (args, kwds, "y*|O:compress", data_only, &source)) /* { dg-warning "keyword list 'data_only' of 'PyArg_ParseTupleAndKeywords' has 1 names, but its format has 2 arguments; the arguments past the names cannot be passed" } */
    return NULL;
  PyBuffer_Release (&source);
  if (!PyArg_ParseTupleAndKeywords (args, kwds, "O", kwlist, &a)) /* { dg-warning "keyword list 'kwlist' of 'PyArg_ParseTupleAndKeywords' has 2 names, but its format has 1 arguments \\\(SystemError at run time\\\)" } */
    return NULL;
  Py_RETURN_NONE;
}

static PyMethodDef format_methods[] = {
  { "ok_parse_numbers", ok_parse_numbers, METH_VARARGS, NULL },
  { "ok_parse_strings", ok_parse_strings, METH_VARARGS, NULL },
  { "ok_parse_objects", ok_parse_objects, METH_VARARGS, NULL },
  { "ok_parse_keywords", (PyCFunction)(void (*) (void))ok_parse_keywords,
    METH_VARARGS | METH_KEYWORDS, NULL },
  { "ok_parse_single", ok_parse_single, METH_O, NULL },
  { "ok_build", ok_build, METH_VARARGS, NULL },
  { "ok_call", ok_call, METH_VARARGS, NULL },
  { "ok_odd_types", ok_odd_types, METH_VARARGS, NULL },
  { "bad_eval_call", bad_eval_call, METH_VARARGS, NULL },
  { "bad_parse_types", bad_parse_types, METH_VARARGS, NULL },
  { "bad_parse_swapped", bad_parse_swapped, METH_VARARGS, NULL },
  { "bad_parse_sizes", bad_parse_sizes, METH_VARARGS, NULL },
  { "bad_parse_counts", bad_parse_counts, METH_VARARGS, NULL },
  { "bad_codes", bad_codes, METH_VARARGS, NULL },
  { "bad_build", bad_build, METH_VARARGS, NULL },
  { "bad_call", bad_call, METH_VARARGS, NULL },
  { "bad_keywords", (PyCFunction)(void (*) (void))bad_keywords,
    METH_VARARGS | METH_KEYWORDS, NULL },
  { NULL, NULL, 0, NULL }
};
