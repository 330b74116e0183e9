/* The C library wrapped by example.i.  */
#include "example.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int errno_flag;

int
gcd (int a, int b)
{
  while (b)
    {
      int t = a % b;
      a = b;
      b = t;
    }
  return a;
}

double
checked_sqrt (double x)
{
  if (x < 0)
    {
      errno_flag = 1;
      return 0;
    }
  return sqrt (x);
}

void
divmod (int a, int b, int *quotient, int *remainder)
{
  *quotient = b ? a / b : 0;
  *remainder = b ? a % b : 0;
}

const char *
greeting (const char *who)
{
  static char buf[64];
  snprintf (buf, sizeof buf, "hello, %s", who);
  return buf;
}

void
format_point (const point *p, char *buffer)
{
  snprintf (buffer, 64, "%s(%g, %g)", p->name, p->x, p->y);
}

point *
make_point (double x, double y)
{
  point *p = calloc (1, sizeof *p);
  if (p)
    {
      p->x = x;
      p->y = y;
      strcpy (p->name, "p");
    }
  return p;
}

void
free_point (point *p)
{
  free (p);
}

double
sum_array (const double *values, int n)
{
  double s = 0;
  for (int i = 0; i < n; i++)
    s += values[i];
  return s;
}

int
count_char (const char *s, char c)
{
  int n = 0;
  for (; *s; s++)
    n += *s == c;
  return n;
}
