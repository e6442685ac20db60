import unittest

from main import merge_logs


class MergeLogsVisible(unittest.TestCase):
    def test_entries_come_out_in_time_order_with_ties_by_server_order(self):
        logs = {
            "web-1": [(1, "GET /"), (4, "GET /cart"), (9, "POST /pay")],
            "db": [(2, "SELECT"), (4, "UPDATE")],
            "web-2": [(3, "GET /help")],
        }
        self.assertEqual(
            list(merge_logs(logs)),
            [
                (1, "web-1", "GET /"),
                (2, "db", "SELECT"),
                (3, "web-2", "GET /help"),
                (4, "web-1", "GET /cart"),
                (4, "db", "UPDATE"),
                (9, "web-1", "POST /pay"),
            ],
        )

    def test_no_servers(self):
        self.assertEqual(list(merge_logs({})), [])
