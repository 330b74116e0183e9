/* The C library wrapped by example.i.  */
extern int errno_flag;

typedef struct
{
  double x, y;
  char name[16];
} point;

int gcd (int a, int b);
double checked_sqrt (double x);
void divmod (int a, int b, int *quotient, int *remainder);
const char *greeting (const char *who);
void format_point (const point *p, char *buffer);
point *make_point (double x, double y);
void free_point (point *p);
double sum_array (const double *values, int n);
int count_char (const char *s, char c);
