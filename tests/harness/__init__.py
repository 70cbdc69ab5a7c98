"""Harnesses that drive the real window for a long time: the watchdog, the monkey (soak)
test, the scene fuzzer and the layout sweep. Each runs as its own process, so a freeze
ends that process with a report instead of hanging the test run."""
