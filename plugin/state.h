/* pyrefcheck: the abstract state of one path through a function.
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

#ifndef PYREFCHECK_STATE_H
#define PYREFCHECK_STATE_H

/* An integer value of up to 64 bits, signed or unsigned, held exactly.  */
typedef __int128 pr_int;

/* A closed range of integers [LO, HI].  */
struct pr_range
{
  pr_int lo, hi;
};

/* Where in memory a value lives.  */
enum loc_kind
{
  LOC_LOCAL,  /* a local variable or parameter of this function */
  LOC_GLOBAL, /* a variable with static storage */
  LOC_HEAP    /* memory reached through a pointer (a field of an object) */
};

struct mem_loc
{
  unsigned char kind;
  /* Index in the function's local or global table, or for LOC_HEAP the
     object the pointer points to.  */
  unsigned base;
  /* Offset from the start of BASE, in bits.  */
  HOST_WIDE_INT offset;
};

/* Where an abstract object came from.  */
enum origin
{
  ORIGIN_NULL,     /* the NULL pointer */
  ORIGIN_NEW,      /* a new reference returned by a call */
  ORIGIN_BORROWED, /* a borrowed reference returned by a call */
  ORIGIN_PARAM,    /* a parameter of the function */
  ORIGIN_FIELD,    /* loaded from memory: a field, a global, an array */
  ORIGIN_STATIC,   /* a statically allocated object: &PyLong_Type, Py_None */
  ORIGIN_UNKNOWN,  /* returned by a call whose ownership rules we lack */
  ORIGIN_OPAQUE,   /* a pointer to something that is not a Python object */
  ORIGIN_ADDR,     /* the address of a tracked memory location */
  ORIGIN_INT       /* an integer stored in a tracked memory location */
};

/* What we know of whether a pointer is NULL.  */
enum nullness
{
  NN_UNKNOWN,
  NN_NONNULL,
  NN_NULL
};

/* The error indicator.  */
enum exc_state
{
  EXC_UNKNOWN,
  EXC_CLEAR,
  EXC_SET,
  EXC_ENTRY, /* as the caller left it, untouched (a helper's, on entry) */
  /* As the caller left it, which was clear: the helper called an API
     function, which CPython does not allow with an exception set.  */
  EXC_ENTRY_CLEAR
};

/* Return true if the error indicator EXC is known to be clear.  */
inline bool
exc_clear_p (unsigned char exc)
{
  return exc == EXC_CLEAR || exc == EXC_ENTRY_CLEAR;
}

/* Object flags.  */
#define OF_PYOBJ 0x01    /* a Python object: reference counting applies */
#define OF_SHARED 0x02   /* others may hold references (it was passed on) */
#define OF_ESCAPED 0x04  /* passed to a function whose rules we lack */
#define OF_RELEASED 0x08 /* this function released its last reference */
#define OF_REPORTED 0x10 /* a finding was reported on it on this path */
#define OF_API_NULL 0x20 /* NULL because an API call failed */
/* The result of an API call that returns NULL on failure, not checked
   yet: a NULL test splits the path (the call failed / succeeded), and
   dereferencing it unchecked is a finding.  */
#define OF_MAYBE_FAILED 0x40
/* If the call failed, it set an exception.  */
#define OF_FAIL_SETS_EXC 0x80
/* A parameter that is not a Python object (PyObject **out, a C struct):
   the memory it points to is the caller's.  */
#define OF_PARAM 0x100
/* A pointer computed by arithmetic (p + i): the memory it reaches has no
   name we can track.  */
#define OF_DERIVED 0x200
/* Memory that holds references for a Python object (a module's state):
   storing into it takes a reference, as a field does.  */
#define OF_STATE_MEMORY 0x400
/* The items array of a tuple or list (ob_item): what is loaded from it
   stays the container's.  */
#define OF_ITEMS 0x800
/* Produced by a call through an output parameter (PyErr_Fetch,
   PyArg_ParseTuple), not as its result.  */
#define OF_OUTPUT 0x1000
/* Kept until the function returns, though nothing points to it: a
   parameter stolen only on success, whose fate depends on the value
   returned.  */
#define OF_KEEP 0x2000

/* Saturation limit of the reference counters.  */
#define COUNT_MAX 7

/* An abstract object: the target of one or more pointers.  */
struct pobj
{
  unsigned char origin;
  unsigned char nullness;
  /* The balance of references this function is responsible for: +1 for
     each new reference it receives or takes (Py_INCREF), -1 for each one
     it gives away (a steal, a store into memory, a return) or releases.
     Positive at the end: a leak.  Negative: it gave away references it
     never had (a debt).  Saturates at +-COUNT_MAX.  */
  signed char owned;
  /* References to it held by memory locations we track.  */
  unsigned char held;
  unsigned short flags;
  /* How many loads through memory produced it (self->a->b: 2); bounded,
     so that walking a linked structure in a loop terminates.  */
  unsigned char depth;
  /* The statement that produced it (a call or a load), or NULL.  */
  gimple *site;
  /* Where it was released (for use-after-release messages).  */
  gimple *event_site;
  /* Where the balance first went negative (a steal or a store of a
     reference not owned), and the argument number of the steal (0 for a
     store).  */
  gimple *debt_site;
  unsigned char debt_argno;
  /* Where this function gave its last reference away (a steal or a
     store), and the steal's argument number (0 for a store).  */
  gimple *transfer_site;
  unsigned char transfer_argno;
  /* ORIGIN_STATIC: the object's VAR_DECL; ORIGIN_PARAM: the PARM_DECL.  */
  tree decl;
  /* ORIGIN_ADDR: the location it points to.  */
  mem_loc loc;
  /* ORIGIN_INT: the range of the integer (DECL is its type).  */
  HOST_WIDE_INT int_lo, int_hi;
  /* A user-visible name (not part of the state's identity).  */
  tree name;
};

struct ssa_binding
{
  unsigned version;
  unsigned obj;
};

struct mem_binding
{
  mem_loc loc;
  unsigned obj;
};

struct int_fact
{
  unsigned version;
  pr_range range;
};

/* A relation between two integer values (by their fact versions, see
   values.cc): A < B, A <= B, A == B or A != B (CODE is LT_EXPR,
   LE_EXPR, EQ_EXPR or NE_EXPR), as a condition on the path showed.
   When B is REL_CONSTANT, the relation is A != K (a hole in the middle of
   A's range, which the range cannot show).  */
struct int_rel
{
  unsigned a, b;
  unsigned char code;
  pr_int k;
};

#define REL_CONSTANT (~0u)

/* The abstract state on one path at one point.  Bindings are kept
   sorted so that states compare cheaply.  */
struct pstate
{
  vec<pobj> objs;
  vec<ssa_binding> ssa;
  vec<mem_binding> mem;
  vec<int_fact> ints;
  /* Kept sorted by (A, B, CODE).  */
  vec<int_rel> rels;
  unsigned char exc;
  /* The statement that left the error indicator clear when it could
     have set it (PyDict_GetItem returning NULL, PyErr_Clear), for
     messages; not part of the state's identity.  */
  gimple *exc_site;
  hashval_t hash;
  /* The hash without where objects came from (see state_similar_p).  */
  hashval_t shape_hash;
};

/* state.cc */
pstate *state_new ();
pstate *state_copy (const pstate *s);
void state_free (pstate *s);
unsigned state_add_object (pstate *s, enum origin origin,
                           enum nullness nullness, bool pyobj);
int state_lookup_ssa (const pstate *s, unsigned version);
void state_bind_ssa (pstate *s, unsigned version, unsigned obj);
void state_unbind_ssa (pstate *s, unsigned version);
int state_lookup_mem (const pstate *s, const mem_loc &loc);
void state_bind_mem (pstate *s, const mem_loc &loc, unsigned obj);
void state_unbind_mem_under (pstate *s, const mem_loc &loc, bool whole_base);
const pr_range *state_lookup_int (const pstate *s, unsigned version);
void state_set_int (pstate *s, unsigned version, const pr_range &r);
void state_unbind_int (pstate *s, unsigned version);
void state_add_rel (pstate *s, unsigned a, unsigned b, unsigned char code,
                    pr_int k = 0);
void state_kill_rels (pstate *s, unsigned version);
void state_canonicalize (pstate *s);
void state_canonicalize_keeping (pstate *s, bool keep);
bool state_equal_p (const pstate *a, const pstate *b);
bool state_similar_p (const pstate *a, const pstate *b);
bool state_equal_but_ints_p (const pstate *a, const pstate *b);
bool state_drop_int_facts (pstate *s);
void state_dump (FILE *f, const pstate *s);
int mem_loc_compare (const mem_loc &a, const mem_loc &b);

/* Objects no longer reachable, found by state_collect_garbage.  */
struct dead_object
{
  pobj obj;
};
void state_collect_garbage (pstate *s, vec<dead_object> *dead);

#endif /* PYREFCHECK_STATE_H */
