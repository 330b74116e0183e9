/* { dg-do compile } */
/* Bad uses of the ownership attributes are errors that say what is
   wrong.  */
#include <Python.h>

extern int steals_past_end (PyObject *a, PyObject *b)
    __attribute__ ((pyrefcheck_steals_reference_to_arg (3))); /* { dg-error "'pyrefcheck_steals_reference_to_arg' attribute argument '3' is out of range: 'steals_past_end' has 2 parameters, numbered from 1" } */

extern int steals_zero (PyObject *a)
    __attribute__ ((pyrefcheck_steals_reference_to_arg (0))); /* { dg-error "argument '0' is out of range: 'steals_zero' has 1 parameter, numbered from 1" } */

extern int steals_nothing (void)
    __attribute__ ((pyrefcheck_steals_reference_to_arg (1))); /* { dg-error "argument '1': 'steals_nothing' has no parameters" } */

extern int steals_string (PyObject *a)
    __attribute__ ((pyrefcheck_steals_reference_to_arg ("a"))); /* { dg-error "argument '\"a\"' is not an integer constant \\(the number of a parameter, from 1\\)" } */

extern int steals_int (int n, PyObject *a)
    __attribute__ ((pyrefcheck_steals_reference_to_arg (1))); /* { dg-error "parameter 1 of 'steals_int' has type 'int', not a pointer to a Python object" } */

extern int steals_twice (PyObject *a)
    __attribute__ ((pyrefcheck_steals_reference_to_arg (1),
                    pyrefcheck_steals_reference_to_arg_on_success (1))); /* { dg-error "parameter 1 of 'steals_twice' is already stolen even on failure" } */

extern int new_int (void)
    __attribute__ ((pyrefcheck_returns_new_ref)); /* { dg-error "'pyrefcheck_returns_new_ref' attribute on 'new_int', which returns 'int', not a pointer to a Python object" } */

extern PyObject *new_and_borrowed (void)
    __attribute__ ((pyrefcheck_returns_borrowed_ref,
                    pyrefcheck_returns_new_ref)); /* { dg-error "'pyrefcheck_returns_new_ref' attribute on 'new_and_borrowed', which is already declared to return a borrowed reference" } */

extern PyObject *cpy_and_new (void)
    __attribute__ ((pyrefcheck_returns_new_ref,
                    cpychecker_returns_borrowed_ref)); /* { dg-error "'cpychecker_returns_borrowed_ref' attribute on 'cpy_and_new', which is already declared to return a new reference" } */

extern void sets_exception_void (void)
    __attribute__ ((pyrefcheck_sets_exception_on_error)); /* { dg-error "'pyrefcheck_sets_exception_on_error' attribute on 'sets_exception_void', which returns 'void': only a function returning a pointer \\(NULL on error\\) or an integer \\(negative on error\\) has an error value" } */

extern PyObject *negative_pointer (void)
    __attribute__ ((cpychecker_negative_result_sets_exception)); /* { dg-error "'cpychecker_negative_result_sets_exception' attribute on 'negative_pointer', which returns 'PyObject \\*' \\{aka 'struct _object \\*'\\}, not an integer" } */

extern PyObject *variable __attribute__ ((pyrefcheck_returns_new_ref)); /* { dg-error "'pyrefcheck_returns_new_ref' attribute applies only to function declarations" } */

extern PyTypeObject NotAString
    __attribute__ ((cpychecker_type_object_for_typedef (42))); /* { dg-error "'cpychecker_type_object_for_typedef' attribute argument is not a string \\(the name of a typedef\\)" } */

extern int type_object_on_function (void)
    __attribute__ ((cpychecker_type_object_for_typedef ("X"))); /* { dg-error "'cpychecker_type_object_for_typedef' attribute applies only to variables \\(a type object\\)" } */

/* gcc's own checks of the number of arguments.  */
extern int cpy_two (PyObject *a, PyObject *b)
    __attribute__ ((cpychecker_steals_reference_to_arg (1, 2))); /* { dg-error "wrong number of arguments specified for 'cpychecker_steals_reference_to_arg' attribute" } */
/* { dg-message "expected between 1 and 1, found 2" "" { target *-*-* } .-1 } */

extern PyObject *new_with_argument (void)
    __attribute__ ((pyrefcheck_returns_new_ref (1))); /* { dg-error "wrong number of arguments specified for 'pyrefcheck_returns_new_ref' attribute" } */
/* { dg-message "expected between 0 and 0, found 1" "" { target *-*-* } .-1 } */
