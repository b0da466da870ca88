/*
 * retention.c - where a record stands under the retention rules of a pack
 * (comply_retention_deadline) and the cutoff date for bulk deletion
 * (comply_retention_cutoff). doc/retention.md gives the semantics.
 *
 * Everything works on calendar dates with comply_date_add (months first,
 * clamped, then days: CPC art. 641, Reg. 1182/71 art. 3). A record is due
 * on the deadline day itself ("due when today >= deadline", reference
 * §3.4 point 4). Nothing here allocates and nothing reads a clock.
 */
#include <string.h>

#include "internal.h"

/* Events with a meaning of their own (DESIGN.md: "a legal hold suspends
 * deletion"; CSP R1112-7, CSI L252-5: litigation suspends the clock). */
#define RETENTION_HOLD "legal_hold"
#define RETENTION_HOLD_END "legal_hold_end"

static const char *const stage_names[] = { "active", "archive", "delete_due", "hold", "unknown" };

const char *comply_stage_name(comply_stage stage)
{
    if ((unsigned)stage >= sizeof stage_names / sizeof stage_names[0])
        return NULL;
    return stage_names[stage];
}

/* What one rule says of one record. */
typedef struct retention_eval {
    const comply__jnode *rule;
    comply_stage stage;
    bool open_ended;      /* active phase not ended: no final date yet */
    bool minimum;         /* "limit": "minimum" */
    comply_date next_date, final_date;
    const char *next_action, *final_action, *missing_event;
} retention_eval;

static const comply_date no_date = { 0, 0, 0 };

/* ------------------------------------------------------------ rule data */

static const char *retention_string(const comply__jnode *obj, const char *key)
{
    const comply__jnode *n = comply__json_member(obj, key);
    return n && n->type == COMPLY__JSTRING ? n->str : NULL;
}

static bool retention_is(const comply__jnode *obj, const char *key, const char *value)
{
    const char *s = retention_string(obj, key);
    return s && strcmp(s, value) == 0;
}

static bool retention_list_has(const comply__jnode *list, const char *s)
{
    if (!list || list->type != COMPLY__JARRAY)
        return false;
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].type == COMPLY__JSTRING && strcmp(list->items[i].str, s) == 0)
            return true;
    return false;
}

static bool retention_never_store(const comply__jnode *rule)
{
    const comply__jnode *n = comply__json_member(rule, "never_store");
    return n && n->type == COMPLY__JTRUE;
}

static const char *retention_final_action(const comply__jnode *rule)
{
    const char *then = retention_string(rule, "then");
    return then ? then : "delete";
}

/* A duration of the rule; *present is false when the key is absent. The
 * schema has checked it already, so a parse failure is a broken object. */
static comply_status retention_duration(const comply__jnode *rule, const char *key, comply_duration *out,
                                        bool *present, comply_error *err)
{
    const char *text = retention_string(rule, key);
    memset(out, 0, sizeof *out);
    *present = text != NULL;
    if (!text)
        return COMPLY_OK;
    if (comply_duration_parse(text, out, NULL) != COMPLY_OK || comply_duration_has_time(out))
        return comply__error_set(err, COMPLY_ERULE, "retention rule \"%s\": invalid \"%s\"", rule->key, key);
    return COMPLY_OK;
}

/* Does the rule cover this purpose and category? A rule covers a purpose
 * that it lists, that lists it in its own `retention`, or any purpose when
 * it lists none; it covers a category that is one of its categories or
 * below one, or any category when it lists none. NULL matches anything. */
static bool retention_applies(const comply__jnode *rule, const char *purpose,
                              const comply__jnode *purpose_entry, const char *category)
{
    if (purpose) {
        const comply__jnode *ps = comply__json_member(rule, "purposes");
        bool ok = !ps || retention_list_has(ps, purpose) ||
                  (purpose_entry && retention_list_has(comply__json_member(purpose_entry, "retention"), rule->key));
        if (!ok)
            return false;
    }
    if (category) {
        const comply__jnode *cs = comply__json_member(rule, "categories");
        if (!cs)
            return true;
        for (size_t i = 0; i < cs->count; i++)
            if (cs->items[i].type == COMPLY__JSTRING && comply__key_within(category, cs->items[i].str))
                return true;
        return false;
    }
    return true;
}

/* ---------------------------------------------------------------- events */

/* The date of an event; when a name repeats, the latest date counts (the
 * last contact is the latest of the contacts). */
static bool retention_event(const comply_event *events, size_t n, const char *name, comply_date *out)
{
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(events[i].name, name) != 0)
            continue;
        if (!found || comply_date_compare(events[i].date, *out) > 0)
            *out = events[i].date;
        found = true;
    }
    return found;
}

/* A legal hold is in force when there is a "legal_hold" and no
 * "legal_hold_end" dated on or after the latest hold and on or before
 * today (an end dated in the future has not happened yet). */
static bool retention_hold_in_force(const comply_event *events, size_t n, comply_date today)
{
    comply_date hold;
    if (!retention_event(events, n, RETENTION_HOLD, &hold))
        return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(events[i].name, RETENTION_HOLD_END) == 0 && comply_date_compare(events[i].date, hold) >= 0 &&
            comply_date_compare(events[i].date, today) <= 0)
            return false;
    return true;
}

/* The earliest date among the events, or today when there are none. */
static comply_date retention_earliest(const comply_event *events, size_t n, comply_date today)
{
    if (n == 0)
        return today;
    comply_date d = events[0].date;
    for (size_t i = 1; i < n; i++)
        if (comply_date_compare(events[i].date, d) < 0)
            d = events[i].date;
    return d;
}

/* ---------------------------------------------------------------- anchors */

static int retention_two_digits(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Month `month`, day `day` of `year`, the day clamped to the month's end
 * (a fiscal year ending on 29 February ends on the 28th in other years). */
static comply_date retention_month_day(int year, int month, int day)
{
    comply_date d = { year, month, day };
    while (d.day > 28 && !comply_date_is_valid(d))
        d.day--;
    return d;
}

/* Moves `start` to the end of the (fiscal or calendar) year that holds it:
 * accounting documents count from the close of the financial year
 * (C. com. L123-22), not from the invoice date. */
static comply_status retention_anchor(const comply__jnode *rule, comply_date *start, comply_error *err)
{
    const char *anchor = retention_string(rule, "anchor");
    if (!anchor)
        return COMPLY_OK;
    int month = 12, day = 31;
    if (strcmp(anchor, "fiscal_year_end") == 0) {
        const char *fye = retention_string(rule, "fiscal_year_end");
        if (fye && strlen(fye) == 5) {
            month = retention_two_digits(fye);
            day = retention_two_digits(fye + 3);
        }
    }
    comply_date end = retention_month_day(start->year, month, day);
    if (comply_date_compare(*start, end) > 0) {
        if (start->year >= 9999)
            return comply__error_set(err, COMPLY_ERANGE, "retention rule \"%s\": the year end falls after 9999",
                                     rule->key);
        end = retention_month_day(start->year + 1, month, day);
    }
    *start = end;
    return COMPLY_OK;
}

/* ------------------------------------------------------------- one rule */

static void retention_unknown(retention_eval *ev, const char *missing)
{
    ev->stage = COMPLY_STAGE_UNKNOWN;
    ev->missing_event = missing;
}

/* The start of the period: the `from` event, the latest of the `latest_of`
 * events present, or the `active_until` event when there is no `from`.
 * Returns false (stage unknown or open-ended set in ev) when there is none. */
static bool retention_start(const comply__jnode *rule, const comply_event *events, size_t n, retention_eval *ev,
                            comply_date *start)
{
    const char *until = retention_string(rule, "active_until");
    const comply__jnode *from = comply__json_member(rule, "from");
    if (until) {
        comply_date end;
        if (!retention_event(events, n, until, &end)) {
            /* Until the relationship ends the record is simply active
             * (reference §1.6 point 2): absent is not unknown. */
            ev->stage = COMPLY_STAGE_ACTIVE;
            ev->open_ended = true;
            return false;
        }
        if (!from) {
            *start = end;
            return true;
        }
    }
    if (!from) { /* the schema requires `from` or `active_until` */
        retention_unknown(ev, until);
        return false;
    }
    if (from->type == COMPLY__JSTRING) {
        if (!retention_event(events, n, from->str, start)) {
            retention_unknown(ev, from->str);
            return false;
        }
        return true;
    }
    const comply__jnode *list = comply__json_member(from, "latest_of");
    bool any = false;
    for (size_t i = 0; list && i < list->count; i++) {
        comply_date d;
        if (list->items[i].type == COMPLY__JSTRING && retention_event(events, n, list->items[i].str, &d) &&
            (!any || comply_date_compare(d, *start) > 0)) {
            *start = d;
            any = true;
        }
    }
    if (!any)
        retention_unknown(ev, list && list->count ? list->items[0].str : NULL);
    return any;
}

static comply_status retention_range(const comply__jnode *rule, comply_status st, comply_error *err)
{
    if (st == COMPLY_ERANGE)
        return comply__error_set(err, COMPLY_ERANGE, "retention rule \"%s\": the deadline falls after 9999-12-31",
                                 rule->key);
    return comply__error_set(err, st, "retention rule \"%s\": the deadline cannot be computed", rule->key);
}

/* Where the record stands today under one rule. */
static comply_status retention_eval_rule(const comply__jnode *rule, const comply_event *events, size_t n,
                                         comply_date today, retention_eval *ev, comply_error *err)
{
    memset(ev, 0, sizeof *ev);
    ev->rule = rule;
    ev->minimum = retention_is(rule, "limit", "minimum");
    ev->final_action = retention_final_action(rule);

    if (retention_never_store(rule)) {
        /* Card security codes and the like: due from the moment they were
         * taken (délib. CNIL 2018-303 art. 4), and deleted, not anonymised. */
        ev->stage = COMPLY_STAGE_DELETE_DUE;
        ev->next_date = ev->final_date = retention_earliest(events, n, today);
        ev->next_action = ev->final_action = "delete";
        return COMPLY_OK;
    }

    comply_duration keep, archive;
    bool has_keep, has_archive;
    comply_status st;
    if ((st = retention_duration(rule, "keep", &keep, &has_keep, err)) != COMPLY_OK ||
        (st = retention_duration(rule, "archive_for", &archive, &has_archive, err)) != COMPLY_OK)
        return st;

    comply_date start;
    if (!retention_start(rule, events, n, ev, &start))
        return COMPLY_OK;
    if ((st = retention_anchor(rule, &start, err)) != COMPLY_OK)
        return st;

    comply_date end_active, end_archive;
    if ((st = comply_date_add(start, &keep, &end_active)) != COMPLY_OK)
        return retention_range(rule, st, err);
    end_archive = end_active;
    if (has_archive && (st = comply_date_add(end_active, &archive, &end_archive)) != COMPLY_OK)
        return retention_range(rule, st, err);
    ev->final_date = end_archive;

    if (comply_date_compare(today, end_active) < 0) {
        ev->stage = COMPLY_STAGE_ACTIVE;
        ev->next_date = end_active;
        ev->next_action = has_archive ? "archive" : ev->final_action;
    } else if (has_archive && comply_date_compare(today, end_archive) < 0) {
        ev->stage = COMPLY_STAGE_ARCHIVE;
        ev->next_date = end_archive;
        ev->next_action = ev->final_action;
    } else {
        ev->stage = COMPLY_STAGE_DELETE_DUE;
        ev->next_date = end_archive;
        ev->next_action = ev->final_action;
    }
    return COMPLY_OK;
}

/* -1, 0, 1 as a's final date is before, equal to or after b's; an
 * open-ended rule has the latest final date of all. */
static int retention_compare_final(const retention_eval *a, const retention_eval *b)
{
    if (a->open_ended || b->open_ended)
        return (int)a->open_ended - (int)b->open_ended;
    return comply_date_compare(a->final_date, b->final_date);
}

/* ---------------------------------------------------------------- lookup */

/* Checks the purpose and category named by the caller: a typo must not
 * silently select "the rules of any purpose". */
static comply_status retention_lookup(const comply_rules *rules, const char *purpose, const char *category,
                                      const comply__jnode **purpose_entry, comply_error *err)
{
    *purpose_entry = NULL;
    if (purpose) {
        *purpose_entry = comply__rules_entry(rules, COMPLY_SECTION_PURPOSES, purpose);
        if (!*purpose_entry)
            return comply__error_set(err, COMPLY_ENOTFOUND, "unknown purpose \"%.64s\"", purpose);
    }
    if (category && !comply_category_find(rules, category)) {
        if (comply__is_category_key(category))
            return comply__error_set(err, COMPLY_ENOTFOUND, "unknown category \"%.128s\"", category);
        return comply__error_set(err, COMPLY_ENOTFOUND, "unknown category (not a category key)");
    }
    return COMPLY_OK;
}

static comply_status retention_none(const char *purpose, const char *category, comply_error *err)
{
    return comply__error_set(err, COMPLY_ENOTFOUND, "no retention rule covers purpose %s%.64s%s and category %s%.128s%s",
                             purpose ? "\"" : "", purpose ? purpose : "(any)", purpose ? "\"" : "",
                             category ? "\"" : "", category ? category : "(any)", category ? "\"" : "");
}

/* ------------------------------------------------------------- deadline */

static comply_status retention_check_events(const comply_event *events, size_t n, comply_error *err)
{
    if (n && !events)
        return comply__error_set(err, COMPLY_EINVAL, "events is NULL but n_events is %zu", n);
    for (size_t i = 0; i < n; i++) {
        if (!events[i].name)
            return comply__error_set(err, COMPLY_EINVAL, "events[%zu] has no name", i);
        if (!comply_date_is_valid(events[i].date))
            return comply__error_set(err, COMPLY_EINVAL, "events[%zu] has an invalid date", i);
    }
    return COMPLY_OK;
}

static void retention_deadline_clear(comply_deadline *out)
{
    memset(out, 0, sizeof *out);
    out->stage = COMPLY_STAGE_UNKNOWN;
    out->next_date = out->final_date = no_date;
}

comply_status comply_retention_deadline(const comply_rules *rules, const char *purpose, const char *category,
                                        const comply_event *events, size_t n_events, comply_date today,
                                        comply_deadline *out, comply_error *err)
{
    if (!out)
        return comply__error_set(err, COMPLY_EINVAL, "deadline output is NULL");
    retention_deadline_clear(out);
    if (!rules)
        return comply__error_set(err, COMPLY_EINVAL, "rules is NULL");
    if (!comply_date_is_valid(today))
        return comply__error_set(err, COMPLY_EINVAL, "today is not a valid date");
    comply_status st;
    const comply__jnode *purpose_entry;
    if ((st = retention_check_events(events, n_events, err)) != COMPLY_OK ||
        (st = retention_lookup(rules, purpose, category, &purpose_entry, err)) != COMPLY_OK)
        return st;

    /* One pass keeps the first unknown rule, the deciding minimum (latest
     * final date) and the strictest rule (earliest final date). */
    retention_eval unknown = { 0 }, minimum = { 0 }, strictest = { 0 }, ev;
    size_t applied = 0;
    const size_t n_rules = comply_rules_entry_count(rules, COMPLY_SECTION_RETENTION);
    for (size_t i = 0; i < n_rules; i++) {
        const comply__jnode *rule = comply__rules_entry_at(rules, COMPLY_SECTION_RETENTION, i);
        if (!retention_applies(rule, purpose, purpose_entry, category))
            continue;
        applied++;
        if ((st = retention_eval_rule(rule, events, n_events, today, &ev, err)) != COMPLY_OK)
            return st;
        if (ev.stage == COMPLY_STAGE_UNKNOWN) {
            if (!unknown.rule)
                unknown = ev;
            continue;
        }
        if (ev.minimum && (!minimum.rule || retention_compare_final(&ev, &minimum) > 0))
            minimum = ev;
        if (!strictest.rule || retention_compare_final(&ev, &strictest) < 0)
            strictest = ev;
    }
    if (!applied)
        return retention_none(purpose, category, err);

    /* A missing event is never guessed; a legal minimum overrides shorter
     * maxima (CSP R1112-7, C. com. L123-22); else the strictest wins. */
    const retention_eval *d = unknown.rule ? &unknown : minimum.rule ? &minimum : &strictest;
    out->stage = d->stage;
    out->next_date = d->stage == COMPLY_STAGE_UNKNOWN ? no_date : d->next_date;
    out->next_action = d->stage == COMPLY_STAGE_UNKNOWN ? NULL : d->next_action;
    out->final_date = d->final_date;
    out->final_action = d->final_action;
    out->rule = d->rule->key;
    out->source = retention_string(comply__json_member(d->rule, "source"), "title");
    out->basis = retention_string(d->rule, "basis");
    out->missing_event = d->missing_event;

    for (size_t i = 0; i < n_rules; i++) {
        const comply__jnode *rule = comply__rules_entry_at(rules, COMPLY_SECTION_RETENTION, i);
        if (rule == d->rule || !retention_applies(rule, purpose, purpose_entry, category))
            continue;
        if (out->n_other < COMPLY_MAX_OTHER_RULES)
            out->other_rules[out->n_other] = rule->key;
        out->n_other++;
    }

    /* A hold suspends deletion whatever the clock says; the final date
     * stays, so that the caller sees what the hold holds back. */
    if (retention_hold_in_force(events, n_events, today)) {
        out->stage = COMPLY_STAGE_HOLD;
        out->next_date = no_date;
        out->next_action = NULL;
    }
    return COMPLY_OK;
}

/* --------------------------------------------------------------- cutoff */

/* Final date of a simple rule for a record whose event is on `day`;
 * false when it falls after 9999-12-31 (later than any today). */
static bool retention_final_of(comply_date day, const comply_duration *keep, const comply_duration *archive,
                               comply_date *out)
{
    comply_date end;
    return comply_date_add(day, keep, &end) == COMPLY_OK && comply_date_add(end, archive, out) == COMPLY_OK;
}

static bool retention_due_on(int64_t day, const comply_duration *keep, const comply_duration *archive,
                             comply_date today)
{
    comply_date d, final;
    if (comply_date_from_days(day, &d) != COMPLY_OK)
        return false;
    return retention_final_of(d, keep, archive, &final) && comply_date_compare(final, today) <= 0;
}

/* The first event date that is not due today: records whose event is
 * before it are exactly the ones due. The final date is non-decreasing in
 * the event date (month shifts clamp, day shifts are exact), so the due
 * dates form one run from 0001-01-01. today − archive − keep (comply_date_sub)
 * lands within a few days of the boundary, since subtracting months is not
 * an exact inverse of adding them; a short walk finds it exactly. */
static comply_status retention_rule_cutoff(const comply__jnode *rule, comply_date today, int64_t *cutoff,
                                           comply_error *err)
{
    comply_duration keep, archive;
    bool has_keep, has_archive;
    comply_status st;
    if ((st = retention_duration(rule, "keep", &keep, &has_keep, err)) != COMPLY_OK ||
        (st = retention_duration(rule, "archive_for", &archive, &has_archive, err)) != COMPLY_OK)
        return st;
    const int64_t first = comply_date_to_days((comply_date){ 1, 1, 1 });
    const int64_t last = comply_date_to_days((comply_date){ 9999, 12, 31 });
    comply_date guess, mid;
    int64_t c = first;
    if (comply_date_sub(today, &archive, &mid) == COMPLY_OK && comply_date_sub(mid, &keep, &guess) == COMPLY_OK)
        c = comply_date_to_days(guess);
    if (retention_due_on(c, &keep, &archive, today)) {
        while (c <= last && retention_due_on(c, &keep, &archive, today))
            c++;
        if (c > last)
            return comply__error_set(err, COMPLY_ERANGE, "retention rule \"%s\": the cutoff falls after 9999-12-31",
                                     rule->key);
    } else {
        while (c > first && !retention_due_on(c - 1, &keep, &archive, today))
            c--;
    }
    *cutoff = c;
    return COMPLY_OK;
}

/* Why a rule has no single cutoff, or NULL when it has one. */
static const char *retention_not_simple(const comply__jnode *rule)
{
    if (retention_never_store(rule))
        return "it is never_store: every record is due";
    const comply__jnode *from = comply__json_member(rule, "from");
    if (comply__json_member(rule, "active_until"))
        return "it has an open-ended active phase (active_until)";
    if (!from || from->type != COMPLY__JSTRING)
        return "it counts from the latest of several events (latest_of)";
    if (comply__json_member(rule, "anchor"))
        return "it counts from the end of a year (anchor)";
    return NULL;
}

comply_status comply_retention_cutoff(const comply_rules *rules, const char *purpose, const char *category,
                                      comply_date today, comply_date *cutoff_out, const char **event_out,
                                      comply_error *err)
{
    if (!cutoff_out || !event_out)
        return comply__error_set(err, COMPLY_EINVAL, "cutoff and event outputs are required");
    *cutoff_out = no_date;
    *event_out = NULL;
    if (!rules)
        return comply__error_set(err, COMPLY_EINVAL, "rules is NULL");
    if (!comply_date_is_valid(today))
        return comply__error_set(err, COMPLY_EINVAL, "today is not a valid date");
    comply_status st;
    const comply__jnode *purpose_entry;
    if ((st = retention_lookup(rules, purpose, category, &purpose_entry, err)) != COMPLY_OK)
        return st;

    /* With one event column, "due under the strictest rule" is "due under
     * any rule": the latest of the cutoffs. "Due under the legal minima"
     * is "due under all of them": the earliest of the minima's cutoffs. */
    const char *event = NULL, *event_rule = NULL;
    int64_t any_max = INT64_MIN, min_min = INT64_MAX;
    bool applied = false, has_minimum = false;
    const size_t n_rules = comply_rules_entry_count(rules, COMPLY_SECTION_RETENTION);
    for (size_t i = 0; i < n_rules; i++) {
        const comply__jnode *rule = comply__rules_entry_at(rules, COMPLY_SECTION_RETENTION, i);
        if (!retention_applies(rule, purpose, purpose_entry, category))
            continue;
        applied = true;
        const char *why = retention_not_simple(rule);
        if (why)
            return comply__error_set(err, COMPLY_ENOTFOUND, "no single cutoff: retention rule \"%s\": %s", rule->key,
                                     why);
        const char *from = retention_string(rule, "from");
        if (event && strcmp(event, from) != 0)
            return comply__error_set(err, COMPLY_ENOTFOUND,
                                     "no single cutoff: retention rules \"%s\" and \"%s\" count from different events",
                                     event_rule, rule->key);
        event = from;
        event_rule = rule->key;
        int64_t c = 0;
        if ((st = retention_rule_cutoff(rule, today, &c, err)) != COMPLY_OK)
            return st;
        if (c > any_max)
            any_max = c;
        if (retention_is(rule, "limit", "minimum")) {
            has_minimum = true;
            if (c < min_min)
                min_min = c;
        }
    }
    if (!applied)
        return retention_none(purpose, category, err);
    if (comply_date_from_days(has_minimum ? min_min : any_max, cutoff_out) != COMPLY_OK)
        return comply__error_set(err, COMPLY_ERANGE, "the cutoff falls outside years 0001..9999");
    *event_out = event;
    return COMPLY_OK;
}
