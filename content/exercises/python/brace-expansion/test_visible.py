import unittest

from main import expand


class ExpandVisible(unittest.TestCase):
    def test_two_groups_leftmost_changes_slowest(self):
        self.assertEqual(
            expand("src/{app,test}/{models,views}"),
            ["src/app/models", "src/app/views", "src/test/models", "src/test/views"],
        )

    def test_nested_group(self):
        self.assertEqual(expand("{a,b{c,d}}e"), ["ae", "bce", "bde"])

    def test_empty_alternative(self):
        self.assertEqual(expand("file{,.bak}"), ["file", "file.bak"])

    def test_pattern_without_groups(self):
        self.assertEqual(expand("plain"), ["plain"])
