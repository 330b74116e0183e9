/* An object struct declared in a header, for type-tables.c: the member
   table check must see it next to the main file's struct of the same
   size.  */
#ifndef TABLES_OBJS_H
#define TABLES_OBJS_H
typedef struct
{
  PyObject_HEAD
  PyObject *x;
  PyObject *y;
} PairObject;
#endif
