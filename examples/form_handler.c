/*
 * form_handler.c - a web form handler's two libcomply calls: check the
 * form's declared collection against its purpose before storing anything,
 * and redact the personal values a customer typed into a free-text comment.
 *
 *   cc form_handler.c $(pkg-config --cflags --libs comply) -o form_handler
 *   ./form_handler [DECLARATION.json]
 *
 * Without an argument it checks the declaration below. Exit 0 when the
 * form may store submissions, 1 when the check found errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <comply.h>

/* What the contact form collects, and why (doc/collection.md). */
static const char declaration[] =
    "{\"purpose\": \"after_sales_support\", \"legal_basis\": \"contract\","
    " \"fields\": [{\"name\": \"email\", \"category\": \"contact.email\", \"required\": true},"
    "             {\"name\": \"order_number\", \"category\": \"interaction.order\", \"required\": true},"
    "             {\"name\": \"message\", \"category\": \"interaction.support_ticket\", \"required\": true}],"
    " \"notice\": {\"provided\": true, \"url\": \"https://shop.example/privacy\"},"
    " \"audience\": {\"minors\": false},"
    " \"security\": {\"encryption_in_transit\": true, \"encryption_at_rest\": true,"
    "              \"access_review_days\": 90, \"mfa_for_admins\": true},"
    " \"controller\": {\"name\": \"Shop Example SAS\", \"contact\": \"privacy@shop.example\"},"
    " \"rights\": {\"channel\": \"https://shop.example/my-rights\","
    "            \"supported\": [\"access\", \"rectification\", \"erasure\", \"portability\"]}}";

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n == cap) {
            char *b = realloc(buf, cap = cap ? cap * 2 : 4096);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return buf;
}

/* Prints the findings; returns the number of errors. */
static size_t print_findings(const comply_report *report)
{
    size_t errors = 0;
    for (size_t i = 0; i < comply_report_count(report); i++) {
        const comply_finding *f = comply_report_get(report, i);
        errors += f->severity == COMPLY_SEVERITY_ERROR;
        printf("  %-7s %s%s%s: %s\n", comply_severity_name(f->severity), f->code, f->field ? " " : "",
               f->field ? f->field : "", f->message_en);
    }
    return errors;
}

int main(int argc, char **argv)
{
    comply_rules *rules = NULL;
    comply_report *report = NULL;
    comply_error err;
    char *text = NULL, *redacted = NULL;
    size_t len = sizeof declaration - 1;
    const char *json = declaration, *source = "<built-in form>";
    int rc = 1;
    if (argc > 1) {
        if (!(text = read_file(argv[1], &len))) {
            fprintf(stderr, "cannot read %s\n", argv[1]);
            return 2;
        }
        json = text;
        source = argv[1];
    }
    if (comply_rules_default(&rules, &err) != COMPLY_OK ||
        comply_check_collection_json(rules, json, len, source, NULL, &report, &err) != COMPLY_OK) {
        fprintf(stderr, "%s:%lu:%lu: %s\n", err.source, err.line, err.column, err.message);
        goto out;
    }
    printf("%s (purpose %s): %zu finding(s)\n", source, comply_report_purpose(report), comply_report_count(report));
    if (print_findings(report) > 0) {
        printf("refused: the form must be fixed before it stores anything\n");
        goto out;
    }
    /* A submission arrives: store the comment redacted, never the raw text. */
    const char comment[] = "Colis abîmé, rappelez-moi au 06 12 34 56 78 ou écrivez à jeanne.martin@exemple.fr";
    if (comply_redact(rules, comment, sizeof comment - 1, COMPLY_REDACT_TAG, NULL, &redacted, NULL, &err) !=
        COMPLY_OK) {
        fprintf(stderr, "redaction failed: %s\n", err.message);
        goto out;
    }
    printf("stored comment: %s\n", redacted);
    rc = strstr(redacted, "[PHONE]") && strstr(redacted, "[EMAIL]") ? 0 : 1;
out:
    comply_free(rules, redacted);
    comply_report_free(report);
    comply_rules_free(rules);
    free(text);
    return rc;
}
