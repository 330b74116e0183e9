/* { dg-do compile } */
/* { dg-options "-ftrack-macro-expansion=0" } */
/* macro-tables.c without macro locations: no macro call is recognised
   (PyDate_FromDate's result is of unknown ownership), and nothing
   breaks.  */
#include "macro-tables.c"
