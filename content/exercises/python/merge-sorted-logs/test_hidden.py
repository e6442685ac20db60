import itertools
import random
import unittest

from main import merge_logs


def recording(entries, log, name):
    """Yield `entries`, noting in `log` the name of the server each time one is read."""
    for entry in entries:
        log.append(name)
        yield entry


class MergeLogsHidden(unittest.TestCase):
    def test_empty_logs_are_skipped(self):
        logs = {"a": [], "b": [(5, "x")], "c": []}
        self.assertEqual(list(merge_logs(logs)), [(5, "b", "x")])

    def test_single_server_keeps_its_order_including_equal_timestamps(self):
        logs = {"solo": [(1, "first"), (1, "second"), (2, "third")]}
        self.assertEqual(
            list(merge_logs(logs)),
            [(1, "solo", "first"), (1, "solo", "second"), (2, "solo", "third")],
        )

    def test_ties_follow_dictionary_order_not_names(self):
        logs = {"zeta": [(7, "z")], "alpha": [(7, "a")], "mid": [(7, "m")]}
        self.assertEqual([server for _, server, _ in merge_logs(logs)], ["zeta", "alpha", "mid"])

    def test_messages_are_never_compared(self):
        logs = {"a": [(1, {"user": 1}), (2, {"user": 2})], "b": [(1, {"user": 3})]}
        self.assertEqual(
            list(merge_logs(logs)),
            [(1, "a", {"user": 1}), (1, "b", {"user": 3}), (2, "a", {"user": 2})],
        )

    def test_iso_timestamps(self):
        logs = {
            "eu": [("2024-03-01T10:00:00", "start"), ("2024-03-01T10:05:00", "stop")],
            "us": [("2024-03-01T09:59:59", "ping")],
        }
        self.assertEqual([m for _, _, m in merge_logs(logs)], ["ping", "start", "stop"])

    def test_creating_the_generator_reads_nothing(self):
        reads = []
        merge_logs({"a": recording([(1, "x")], reads, "a")})
        self.assertEqual(reads, [])

    def test_reads_one_entry_ahead_per_server(self):
        reads = []
        logs = {
            "a": recording([(1, "a1"), (4, "a2"), (5, "a3")], reads, "a"),
            "b": recording([(2, "b1"), (3, "b2")], reads, "b"),
        }
        merged = merge_logs(logs)
        self.assertEqual(next(merged), (1, "a", "a1"))
        self.assertEqual(reads, ["a", "b"])
        self.assertEqual(next(merged), (2, "b", "b1"))
        self.assertEqual(reads, ["a", "b", "a"])
        self.assertEqual(next(merged), (3, "b", "b2"))
        self.assertEqual(reads, ["a", "b", "a", "b"])

    def test_endless_logs(self):
        logs = {
            "even": ((t, "e") for t in itertools.count(0, 2)),
            "odd": ((t, "o") for t in itertools.count(1, 2)),
        }
        first = list(itertools.islice(merge_logs(logs), 6))
        self.assertEqual([t for t, _, _ in first], [0, 1, 2, 3, 4, 5])

    def test_log_going_back_in_time_raises_value_error_when_read(self):
        merged = merge_logs({"a": [(5, "ok"), (3, "late")], "b": [(9, "x")]})
        self.assertEqual(next(merged), (5, "a", "ok"))
        with self.assertRaises(ValueError):
            next(merged)

    def test_a_thousand_servers(self):
        rng = random.Random(5)
        names = [f"srv-{n:04d}" for n in range(1_000)]
        rng.shuffle(names)
        logs = {}
        expected = []
        for position, name in enumerate(names):
            offset = rng.randrange(5)
            entries = [(k * 7 + offset, (name, k)) for k in range(100)]
            logs[name] = iter(entries)
            expected += [(t, position, k, name) for k, (t, _) in enumerate(entries)]
        expected.sort()
        self.assertEqual(
            list(merge_logs(logs)),
            [(t, name, (name, k)) for t, _, k, name in expected],
        )
