/* pyrefcheck: operations on abstract states.
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

#include "gcc-plugin.h"
#include "system.h"
#include "coretypes.h"
#include "tree.h"
#include "gimple.h"
#include "inchash.h"
#include "pyrefcheck.h"
#include "state.h"

/* Return a new, empty state with an unknown error indicator.  */
pstate *
state_new ()
{
  pstate *s = XCNEW (pstate);
  s->exc = EXC_UNKNOWN;
  return s;
}

/* Return a copy of S.  */
pstate *
state_copy (const pstate *s)
{
  pstate *c = XCNEW (pstate);
  c->objs = s->objs.copy ();
  c->ssa = s->ssa.copy ();
  c->mem = s->mem.copy ();
  c->ints = s->ints.copy ();
  c->rels = s->rels.copy ();
  c->exc = s->exc;
  c->exc_site = s->exc_site;
  c->hash = s->hash;
  c->shape_hash = s->shape_hash;
  return c;
}

void
state_free (pstate *s)
{
  if (!s)
    return;
  s->objs.release ();
  s->ssa.release ();
  s->mem.release ();
  s->ints.release ();
  s->rels.release ();
  free (s);
}

/* Add an object to S and return its index.  */
unsigned
state_add_object (pstate *s, enum origin origin, enum nullness nullness,
                  bool pyobj)
{
  pobj o;
  memset (&o, 0, sizeof o);
  o.origin = origin;
  o.nullness = nullness;
  o.flags = pyobj ? OF_PYOBJ : 0;
  s->objs.safe_push (o);
  return s->objs.length () - 1;
}

/* Return the index of the binding of VERSION in S->ssa, or where it
   would be inserted as -(index + 1).  */
static int
find_ssa (const pstate *s, unsigned version)
{
  int lo = 0, hi = s->ssa.length ();
  while (lo < hi)
    {
      int mid = (lo + hi) / 2;
      if (s->ssa[mid].version < version)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < (int)s->ssa.length () && s->ssa[lo].version == version)
    return lo;
  return -(lo + 1);
}

/* Return the object bound to SSA name VERSION, or -1.  */
int
state_lookup_ssa (const pstate *s, unsigned version)
{
  int i = find_ssa (s, version);
  return i >= 0 ? (int)s->ssa[i].obj : -1;
}

void
state_bind_ssa (pstate *s, unsigned version, unsigned obj)
{
  int i = find_ssa (s, version);
  if (i >= 0)
    s->ssa[i].obj = obj;
  else
    {
      ssa_binding b = { version, obj };
      s->ssa.safe_insert (-i - 1, b);
    }
}

void
state_unbind_ssa (pstate *s, unsigned version)
{
  int i = find_ssa (s, version);
  if (i >= 0)
    s->ssa.ordered_remove (i);
}

/* Order of memory locations: kind, base, offset.  */
int
mem_loc_compare (const mem_loc &a, const mem_loc &b)
{
  if (a.kind != b.kind)
    return a.kind < b.kind ? -1 : 1;
  if (a.base != b.base)
    return a.base < b.base ? -1 : 1;
  if (a.offset != b.offset)
    return a.offset < b.offset ? -1 : 1;
  return 0;
}

static int
find_mem (const pstate *s, const mem_loc &loc)
{
  int lo = 0, hi = s->mem.length ();
  while (lo < hi)
    {
      int mid = (lo + hi) / 2;
      if (mem_loc_compare (s->mem[mid].loc, loc) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < (int)s->mem.length () && mem_loc_compare (s->mem[lo].loc, loc) == 0)
    return lo;
  return -(lo + 1);
}

/* Return the object stored at LOC, or -1 when not known.  */
int
state_lookup_mem (const pstate *s, const mem_loc &loc)
{
  int i = find_mem (s, loc);
  return i >= 0 ? (int)s->mem[i].obj : -1;
}

void
state_bind_mem (pstate *s, const mem_loc &loc, unsigned obj)
{
  int i = find_mem (s, loc);
  if (i >= 0)
    s->mem[i].obj = obj;
  else
    {
      mem_binding b;
      b.loc = loc;
      b.obj = obj;
      s->mem.safe_insert (-i - 1, b);
    }
}

/* Forget what is stored at LOC, or (WHOLE_BASE) anywhere in LOC's base
   variable or object.  */
void
state_unbind_mem_under (pstate *s, const mem_loc &loc, bool whole_base)
{
  unsigned i = 0;
  while (i < s->mem.length ())
    {
      const mem_loc &l = s->mem[i].loc;
      if (l.kind == loc.kind && l.base == loc.base
          && (whole_base || l.offset == loc.offset))
        s->mem.ordered_remove (i);
      else
        i++;
    }
}

static int
find_int (const pstate *s, unsigned version)
{
  int lo = 0, hi = s->ints.length ();
  while (lo < hi)
    {
      int mid = (lo + hi) / 2;
      if (s->ints[mid].version < version)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < (int)s->ints.length () && s->ints[lo].version == version)
    return lo;
  return -(lo + 1);
}

const pr_range *
state_lookup_int (const pstate *s, unsigned version)
{
  int i = find_int (s, version);
  return i >= 0 ? &s->ints[i].range : NULL;
}

void
state_set_int (pstate *s, unsigned version, const pr_range &r)
{
  int i = find_int (s, version);
  if (i >= 0)
    s->ints[i].range = r;
  else
    {
      int_fact f;
      f.version = version;
      f.range = r;
      s->ints.safe_insert (-i - 1, f);
    }
}

void
state_unbind_int (pstate *s, unsigned version)
{
  int i = find_int (s, version);
  if (i >= 0)
    s->ints.ordered_remove (i);
}

/* Forget all integer facts, those on SSA names and those remembered in
   memory (a widening step when a block has seen too many distinct
   states).  Return true if S had any.  */
bool
state_drop_int_facts (pstate *s)
{
  bool any = !s->ints.is_empty () || !s->rels.is_empty ();
  s->ints.truncate (0);
  s->rels.truncate (0);
  unsigned j = 0;
  for (unsigned i = 0; i < s->mem.length (); i++)
    if (s->objs[s->mem[i].obj].origin == ORIGIN_INT)
      any = true;
    else
      s->mem[j++] = s->mem[i];
  s->mem.truncate (j);
  return any;
}

/* Order of relations.  */
static int
compare_rels (const int_rel &x, const int_rel &y)
{
  if (x.a != y.a)
    return x.a < y.a ? -1 : 1;
  if (x.b != y.b)
    return x.b < y.b ? -1 : 1;
  if (x.code != y.code)
    return x.code - y.code;
  return x.k < y.k ? -1 : x.k > y.k ? 1 : 0;
}

/* Remember that A CODE B holds (see int_rel).  */
void
state_add_rel (pstate *s, unsigned a, unsigned b, unsigned char code, pr_int k)
{
  int_rel r = { a, b, code, k };
  unsigned i = 0;
  while (i < s->rels.length () && compare_rels (s->rels[i], r) < 0)
    i++;
  if (i < s->rels.length () && compare_rels (s->rels[i], r) == 0)
    return;
  s->rels.safe_insert (i, r);
}

/* Forget the relations of VERSION, which is being redefined or is
   dead.  */
void
state_kill_rels (pstate *s, unsigned version)
{
  unsigned j = 0;
  for (unsigned i = 0; i < s->rels.length (); i++)
    if (s->rels[i].a != version && s->rels[i].b != version)
      s->rels[j++] = s->rels[i];
  s->rels.truncate (j);
}

/* Renumber the objects of S by MAP (old index -> new index, or -1 for
   removed objects), keeping NEW_COUNT objects.  */
static void
renumber_objects (pstate *s, const vec<int> &map, unsigned new_count)
{
  vec<pobj> objs = vNULL;
  objs.safe_grow_cleared (new_count);
  for (unsigned i = 0; i < s->objs.length (); i++)
    if (map[i] >= 0)
      objs[map[i]] = s->objs[i];
  for (unsigned i = 0; i < new_count; i++)
    if (objs[i].origin == ORIGIN_ADDR && objs[i].loc.kind == LOC_HEAP)
      objs[i].loc.base = map[objs[i].loc.base];
  s->objs.release ();
  s->objs = objs;
  for (unsigned i = 0; i < s->ssa.length (); i++)
    s->ssa[i].obj = map[s->ssa[i].obj];
  unsigned j = 0;
  for (unsigned i = 0; i < s->mem.length (); i++)
    {
      mem_binding b = s->mem[i];
      if (b.loc.kind == LOC_HEAP)
        {
          if (map[b.loc.base] < 0)
            continue;
          b.loc.base = map[b.loc.base];
        }
      if (map[b.obj] < 0)
        continue;
      b.obj = map[b.obj];
      s->mem[j++] = b;
    }
  s->mem.truncate (j);
}

static int
compare_mem_bindings (const void *a, const void *b)
{
  return mem_loc_compare (((const mem_binding *)a)->loc,
                          ((const mem_binding *)b)->loc);
}

/* Mark object I reachable, and what it points into.  */
static void
mark_reachable (const pstate *s, vec<bool> &reach, unsigned i)
{
  while (!reach[i])
    {
      reach[i] = true;
      const pobj &o = s->objs[i];
      if (o.origin != ORIGIN_ADDR || o.loc.kind != LOC_HEAP)
        break;
      i = o.loc.base;
    }
}

/* Return true if O is a value as memory gave it to us (or NULL): loading
   the location again would give an equivalent object, so remembering it
   is not worth a distinct state.  */
static bool
pristine_p (const pobj &o)
{
  if (o.origin == ORIGIN_NULL)
    return !(o.flags & OF_API_NULL);
  if (o.origin != ORIGIN_FIELD && o.origin != ORIGIN_OPAQUE)
    return false;
  if (o.owned != 0 || o.held != (o.flags & OF_PYOBJ ? 1 : 0) || !o.site)
    return false;
  return !(o.flags
           & (OF_RELEASED | OF_REPORTED | OF_API_NULL | OF_MAYBE_FAILED));
}

/* Forget what fields and globals hold when it is pristine and nothing
   else (no SSA name, local, or other binding) points to it.  */
static void
forget_pristine_memory (pstate *s)
{
  unsigned n = s->objs.length ();
  auto_vec<unsigned> uses;
  uses.safe_grow_cleared (n);
  for (unsigned i = 0; i < s->ssa.length (); i++)
    uses[s->ssa[i].obj] += 2;
  for (unsigned i = 0; i < s->mem.length (); i++)
    {
      uses[s->mem[i].obj]++;
      if (s->mem[i].loc.kind == LOC_HEAP)
        uses[s->mem[i].loc.base] += 2;
    }
  for (unsigned i = 0; i < n; i++)
    if (s->objs[i].origin == ORIGIN_ADDR && s->objs[i].loc.kind == LOC_HEAP)
      uses[s->objs[i].loc.base] += 2;
  unsigned j = 0;
  for (unsigned i = 0; i < s->mem.length (); i++)
    {
      const mem_binding &b = s->mem[i];
      if (b.loc.kind != LOC_LOCAL && uses[b.obj] == 1
          && pristine_p (s->objs[b.obj]))
        continue;
      s->mem[j++] = b;
    }
  s->mem.truncate (j);
}

/* Remove from S the objects no pointer we track can reach any more, and
   append them to DEAD (when DEAD is not NULL) so the caller can report
   references that leak with them.  */
void
state_collect_garbage (pstate *s, vec<dead_object> *dead)
{
  unsigned n = s->objs.length ();
  auto_vec<bool> reach;
  reach.safe_grow_cleared (n);
  for (unsigned i = 0; i < s->ssa.length (); i++)
    mark_reachable (s, reach, s->ssa[i].obj);
  for (unsigned i = 0; i < s->mem.length (); i++)
    if (s->mem[i].loc.kind != LOC_HEAP)
      mark_reachable (s, reach, s->mem[i].obj);
  /* A static object (&PyFoo_Type) is always there: keep it while this
     function holds references to it or owes one.  */
  for (unsigned i = 0; i < n; i++)
    if ((s->objs[i].decl && VAR_P (s->objs[i].decl) && s->objs[i].owned != 0)
        || (s->objs[i].flags & OF_KEEP))
      mark_reachable (s, reach, i);
  /* What parameters point to outlives their SSA names: keep what it
     holds while it matters for ownership (an output parameter holding a
     reference this function took).  */
  for (unsigned i = 0; i < s->mem.length (); i++)
    {
      const mem_binding &b = s->mem[i];
      if (b.loc.kind == LOC_HEAP && s->objs[b.obj].owned != 0
          && (s->objs[b.loc.base].origin == ORIGIN_PARAM
              || (s->objs[b.loc.base].flags & OF_PARAM)))
        {
          mark_reachable (s, reach, b.loc.base);
          mark_reachable (s, reach, b.obj);
        }
    }
  bool changed = true;
  while (changed)
    {
      changed = false;
      for (unsigned i = 0; i < s->mem.length (); i++)
        if (s->mem[i].loc.kind == LOC_HEAP && reach[s->mem[i].loc.base]
            && !reach[s->mem[i].obj])
          {
            mark_reachable (s, reach, s->mem[i].obj);
            changed = true;
          }
    }
  auto_vec<int> map;
  map.safe_grow (n);
  unsigned count = 0;
  for (unsigned i = 0; i < n; i++)
    {
      if (reach[i])
        map[i] = count++;
      else
        {
          map[i] = -1;
          if (dead)
            {
              dead_object d;
              d.obj = s->objs[i];
              dead->safe_push (d);
            }
        }
    }
  if (count != n)
    renumber_objects (s, map, count);
}

/* Give object I (old numbering) the next canonical number.  */
static void
visit_canonical (const pstate *s, vec<int> &map, unsigned *next, unsigned i)
{
  while (map[i] < 0)
    {
      map[i] = (*next)++;
      const pobj &o = s->objs[i];
      if (o.origin != ORIGIN_ADDR || o.loc.kind != LOC_HEAP)
        break;
      i = o.loc.base;
    }
}

/* Hash one object (all fields but the name; without the statements it
   came from when SHAPE).  */
static void
hash_object (inchash::hash &h, const pobj &o, bool shape)
{
  h.add_int (o.origin | o.nullness << 8 | (o.owned & 0xff) << 16
             | o.held << 24);
  h.add_int (o.flags | o.depth << 16);
  if (!shape)
    {
      h.add_ptr (o.site);
      h.add_ptr (o.event_site);
      h.add_ptr (o.debt_site);
      h.add_int (o.debt_argno);
      h.add_ptr (o.transfer_site);
    }
  h.add_ptr (o.decl);
  if (o.origin == ORIGIN_ADDR)
    {
      h.add_int (o.loc.kind);
      h.add_int (o.loc.base);
      h.add_hwi (o.loc.offset);
    }
  if (o.origin == ORIGIN_INT)
    {
      h.add_hwi (o.int_lo);
      h.add_hwi (o.int_hi);
    }
}

/* Hash the canonical state S (without provenance when SHAPE).  */
static hashval_t
hash_state (const pstate *s, bool shape)
{
  inchash::hash h;
  h.add_int (s->exc);
  for (unsigned i = 0; i < s->objs.length (); i++)
    hash_object (h, s->objs[i], shape);
  for (unsigned i = 0; i < s->ssa.length (); i++)
    {
      h.add_int (s->ssa[i].version);
      h.add_int (s->ssa[i].obj);
    }
  for (unsigned i = 0; i < s->mem.length (); i++)
    {
      h.add_int (s->mem[i].loc.kind);
      h.add_int (s->mem[i].loc.base);
      h.add_hwi (s->mem[i].loc.offset);
      h.add_int (s->mem[i].obj);
    }
  for (unsigned i = 0; i < s->rels.length (); i++)
    {
      h.add_int (s->rels[i].a ^ s->rels[i].b << 12 ^ s->rels[i].code << 24);
      h.add_hwi ((HOST_WIDE_INT)s->rels[i].k);
    }
  for (unsigned i = 0; i < s->ints.length (); i++)
    {
      h.add_int (s->ints[i].version);
      h.add_hwi ((HOST_WIDE_INT)s->ints[i].range.lo);
      h.add_hwi ((HOST_WIDE_INT)s->ints[i].range.hi);
    }
  return h.end ();
}

/* Return true if O is a plain NULL pointer, with no history.  */
static bool
plain_null_p (const pobj &o)
{
  return o.origin == ORIGIN_NULL && o.flags == 0 && !o.site;
}

/* Make all plain NULL pointers of S one object.  */
static void
merge_nulls (pstate *s)
{
  int first = -1;
  for (unsigned i = 0; i < s->objs.length () && first < 0; i++)
    if (plain_null_p (s->objs[i]))
      first = i;
  if (first < 0)
    return;
  for (unsigned i = 0; i < s->ssa.length (); i++)
    if (plain_null_p (s->objs[s->ssa[i].obj]))
      s->ssa[i].obj = first;
  for (unsigned i = 0; i < s->mem.length (); i++)
    if (plain_null_p (s->objs[s->mem[i].obj]))
      s->mem[i].obj = first;
}

/* Number the objects of S in a canonical order (by the bindings that
   reach them), sort the bindings, and compute S->hash, so that two states
   that differ only in object numbering compare equal.  Call after
   state_collect_garbage.  */
void
state_canonicalize (pstate *s)
{
  state_canonicalize_keeping (s, false);
}

/* As state_canonicalize; when KEEP, objects nothing reaches stay (last,
   in their order): in the middle of a block they may still have a leak
   to report, at the next block's entry.  */
void
state_canonicalize_keeping (pstate *s, bool keep)
{
  merge_nulls (s);
  forget_pristine_memory (s);
  if (!keep)
    state_collect_garbage (s, NULL);
  unsigned n = s->objs.length (), next = 0;
  auto_vec<int> map;
  map.safe_grow (n);
  for (unsigned i = 0; i < n; i++)
    map[i] = -1;
  for (unsigned i = 0; i < s->ssa.length (); i++)
    visit_canonical (s, map, &next, s->ssa[i].obj);
  for (unsigned i = 0; i < s->mem.length (); i++)
    if (s->mem[i].loc.kind != LOC_HEAP)
      visit_canonical (s, map, &next, s->mem[i].obj);
  /* Heap bindings, in order of their (canonical) base.  */
  bool changed = true;
  while (changed)
    {
      changed = false;
      int best = -1;
      for (unsigned i = 0; i < s->mem.length (); i++)
        {
          const mem_binding &b = s->mem[i];
          if (b.loc.kind != LOC_HEAP || map[b.loc.base] < 0 || map[b.obj] >= 0)
            continue;
          if (best < 0 || map[b.loc.base] < map[s->mem[best].loc.base]
              || (map[b.loc.base] == map[s->mem[best].loc.base]
                  && b.loc.offset < s->mem[best].loc.offset))
            best = i;
        }
      if (best >= 0)
        {
          visit_canonical (s, map, &next, s->mem[best].obj);
          changed = true;
        }
    }
  for (unsigned i = 0; i < n; i++)
    if (map[i] < 0)
      map[i] = next++;
  renumber_objects (s, map, n);
  s->mem.qsort (compare_mem_bindings);

  s->hash = hash_state (s, false);
  s->shape_hash = hash_state (s, true);
}

static bool
objects_equal_p (const pobj &a, const pobj &b, bool shape)
{
  if (a.origin != b.origin || a.nullness != b.nullness || a.owned != b.owned
      || a.held != b.held || a.flags != b.flags || a.decl != b.decl
      || a.depth != b.depth)
    return false;
  if (!shape
      && (a.site != b.site || a.event_site != b.event_site
          || a.debt_site != b.debt_site || a.debt_argno != b.debt_argno
          || a.transfer_site != b.transfer_site))
    return false;
  if (a.origin == ORIGIN_INT)
    return a.int_lo == b.int_lo && a.int_hi == b.int_hi;
  return a.origin != ORIGIN_ADDR || mem_loc_compare (a.loc, b.loc) == 0;
}

/* How states_equal_p compares.  */
enum state_compare
{
  COMPARE_ALL,    /* everything */
  COMPARE_SHAPE,  /* not where the objects came from */
  COMPARE_OBJECTS /* everything but the integer facts */
};

/* Return true if the canonical states A and B are the same, as far as
   HOW looks.  */
static bool
states_equal_p (const pstate *a, const pstate *b, enum state_compare how)
{
  bool shape = how == COMPARE_SHAPE;
  bool ints = how != COMPARE_OBJECTS;
  if ((how == COMPARE_SHAPE && a->shape_hash != b->shape_hash)
      || (how == COMPARE_ALL && a->hash != b->hash) || a->exc != b->exc
      || a->objs.length () != b->objs.length ()
      || a->ssa.length () != b->ssa.length ()
      || a->mem.length () != b->mem.length ())
    return false;
  if (ints
      && (a->ints.length () != b->ints.length ()
          || a->rels.length () != b->rels.length ()))
    return false;
  for (unsigned i = 0; ints && i < a->rels.length (); i++)
    if (compare_rels (a->rels[i], b->rels[i]) != 0)
      return false;
  for (unsigned i = 0; i < a->objs.length (); i++)
    if (!objects_equal_p (a->objs[i], b->objs[i], shape))
      return false;
  for (unsigned i = 0; i < a->ssa.length (); i++)
    if (a->ssa[i].version != b->ssa[i].version
        || a->ssa[i].obj != b->ssa[i].obj)
      return false;
  for (unsigned i = 0; i < a->mem.length (); i++)
    if (mem_loc_compare (a->mem[i].loc, b->mem[i].loc) != 0
        || a->mem[i].obj != b->mem[i].obj)
      return false;
  for (unsigned i = 0; ints && i < a->ints.length (); i++)
    if (a->ints[i].version != b->ints[i].version
        || a->ints[i].range.lo != b->ints[i].range.lo
        || a->ints[i].range.hi != b->ints[i].range.hi)
      return false;
  return true;
}

/* Return true if the canonical states A and B differ at most in their
   integer facts and relations.  */
bool
state_equal_but_ints_p (const pstate *a, const pstate *b)
{
  return states_equal_p (a, b, COMPARE_OBJECTS);
}

/* Return true if the canonical states A and B are the same.  */
bool
state_equal_p (const pstate *a, const pstate *b)
{
  return states_equal_p (a, b, COMPARE_ALL);
}

/* Return true if A and B differ at most in where their objects came
   from.  Every transition treats such states alike, so one can stand
   for the other; only the statements a finding would cite differ.  */
bool
state_similar_p (const pstate *a, const pstate *b)
{
  return states_equal_p (a, b, COMPARE_SHAPE);
}

static const char *const origin_names[]
    = { "null",   "new",     "borrowed", "param", "field",
        "static", "unknown", "opaque",   "addr",  "int" };

/* Print S to F, for the dump argument.  */
void
state_dump (FILE *f, const pstate *s)
{
  static const char *const exc_names[]
      = { "?", "clear", "set", "entry", "entry-clear" };
  static const char *const nn_names[] = { "?", "nonnull", "null" };
  fprintf (f, "    exc=%s\n", exc_names[s->exc]);
  for (unsigned i = 0; i < s->objs.length (); i++)
    {
      const pobj &o = s->objs[i];
      fprintf (f, "    #%u %s %s owned=%d held=%u flags=%x", i,
               origin_names[o.origin], nn_names[o.nullness], o.owned, o.held,
               o.flags);
      if (o.name && DECL_P (o.name) && DECL_NAME (o.name))
        fprintf (f, " '%s'", IDENTIFIER_POINTER (DECL_NAME (o.name)));
      if (o.origin == ORIGIN_ADDR)
        fprintf (f, " -> [%u:%u+%ld]", o.loc.kind, o.loc.base,
                 (long)o.loc.offset);
      fputc ('\n', f);
    }
  for (unsigned i = 0; i < s->ssa.length (); i++)
    fprintf (f, "    _%u = #%u\n", s->ssa[i].version, s->ssa[i].obj);
  for (unsigned i = 0; i < s->mem.length (); i++)
    fprintf (f, "    [%u:%u+%ld] = #%u\n", s->mem[i].loc.kind,
             s->mem[i].loc.base, (long)s->mem[i].loc.offset, s->mem[i].obj);
  for (unsigned i = 0; i < s->ints.length (); i++)
    fprintf (f, "    _%u in [%lld, %lld]\n", s->ints[i].version,
             (long long)s->ints[i].range.lo, (long long)s->ints[i].range.hi);
  for (unsigned i = 0; i < s->rels.length (); i++)
    if (s->rels[i].b == REL_CONSTANT)
      fprintf (f, "    _%u %s %lld\n", s->rels[i].a,
               get_tree_code_name ((enum tree_code)s->rels[i].code),
               (long long)s->rels[i].k);
    else
      fprintf (f, "    _%u %s _%u\n", s->rels[i].a,
               get_tree_code_name ((enum tree_code)s->rels[i].code),
               s->rels[i].b);
}
