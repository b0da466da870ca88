"""Threads: the GIL is released during scans, redaction and column
classification; threads sharing one Rules object get the right results."""

import threading
import time

import comply

UNIT = "ticket: call 06 12 34 56 78 or write to jane@example.org, nothing else to see. "


def test_threads_sharing_rules_get_correct_results(rules):
    text = UNIT * 2000
    expected_spans = rules.scan(text)
    expected_redacted = rules.redact(text, style="mask")
    values = ["person%d@example.org" % i for i in range(2000)]
    expected_column = rules.classify_column("contact", values)
    failures = []

    def work():
        for _ in range(5):
            if rules.scan(text) != expected_spans:
                failures.append("scan")
            if rules.redact(text, style="mask") != expected_redacted:
                failures.append("redact")
            if rules.classify_column("contact", values) != expected_column:
                failures.append("column")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert len(expected_spans) == 4000


def observed_share_while_running(call):
    """Runs call() in a thread and returns the share of its run time during
    which this thread executed Python code.  With the GIL held for the
    whole C call, this thread could only run before the C call starts."""
    running = threading.Event()
    done = threading.Event()
    bounds = {}

    def worker():
        running.set()
        bounds["start"] = time.perf_counter()
        call()
        bounds["end"] = time.perf_counter()
        done.set()

    thread = threading.Thread(target=worker)
    thread.start()
    running.wait()
    seen = []
    while not done.is_set():
        seen.append(time.perf_counter())
    thread.join()
    inside = [t for t in seen if bounds["start"] <= t <= bounds["end"]]
    if not inside:
        return 0.0
    return (max(inside) - min(inside)) / (bounds["end"] - bounds["start"])


def test_scan_lets_other_threads_run(rules):
    text = UNIT * 60000  # about 5 MB: a scan of a few hundred milliseconds
    assert observed_share_while_running(lambda: rules.scan(text)) > 0.5


def test_redact_lets_other_threads_run(rules):
    text = UNIT * 60000
    assert observed_share_while_running(lambda: rules.redact(text)) > 0.5


def test_classify_column_lets_other_threads_run(rules):
    values = ["person%d@example.org" % i for i in range(200000)]
    assert observed_share_while_running(lambda: rules.classify_column("contact", values)) > 0.5


def test_layer_is_refused_while_a_scan_runs():
    own = comply.Rules.default()
    overlay = comply.Rules.default()
    text = UNIT * 60000
    thread = threading.Thread(target=lambda: own.scan(text))
    thread.start()
    refused = False
    while thread.is_alive():
        try:
            own.layer(overlay)
        except RuntimeError:
            refused = True
            break
    thread.join()
    # The scan lasts a few hundred milliseconds without the GIL: this thread
    # runs meanwhile and must be refused; once the scan is over, layer works.
    assert refused
    assert own.layer(overlay) is own
