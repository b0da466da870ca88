/*
 * runner.h - the CUnit runner the test programs share: tables of tests
 * grouped in suites, run verbosely; the exit status is 0 when every
 * assertion held, 1 when one failed, 2 on a framework error.
 */
#ifndef COMPLY_TEST_RUNNER_H
#define COMPLY_TEST_RUNNER_H

#include <CUnit/Basic.h>

typedef struct test_entry {
    const char *name;
    CU_TestFunc fn;
} test_entry;

#define TEST(fn) { #fn, fn }

/* A suite: its name, its tests (ending with { NULL, NULL }), and optional
 * set-up and tear-down run around them. */
typedef struct test_suite {
    const char *name;
    const test_entry *tests;
    CU_InitializeFunc init; /* may be NULL */
    CU_CleanupFunc clean;   /* may be NULL */
} test_suite;

/* Runs the suites (the list ends with { NULL, NULL }). */
static inline int tu_run_suites(const test_suite *suites)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    int rc = 0;
    for (const test_suite *s = suites; s->name && rc == 0; s++) {
        CU_pSuite suite = CU_add_suite(s->name, s->init, s->clean);
        if (!suite)
            rc = 2;
        for (const test_entry *t = s->tests; suite && t->name && rc == 0; t++)
            if (!CU_add_test(suite, t->name, t->fn))
                rc = 2;
    }
    if (rc == 0) {
        CU_basic_set_mode(CU_BRM_VERBOSE);
        if (CU_basic_run_tests() != CUE_SUCCESS)
            rc = 2;
        else if (CU_get_number_of_failures() > 0 || CU_get_number_of_suites_failed() > 0)
            rc = 1;
    }
    if (CU_get_error() != CUE_SUCCESS && rc == 0)
        rc = 2;
    CU_cleanup_registry();
    return rc;
}

#endif
