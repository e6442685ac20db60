import unittest

from main import Peekable


class PeekableVisible(unittest.TestCase):
    def test_peek_does_not_consume(self):
        tokens = Peekable(["let", "x", "=", "1"])
        self.assertEqual(tokens.peek(), "let")
        self.assertEqual(next(tokens), "let")
        self.assertEqual(tokens.take(2), ["x", "="])

    def test_prepended_items_come_first(self):
        tokens = Peekable(["1"])
        tokens.prepend("(", "2")
        self.assertEqual(list(tokens), ["(", "2", "1"])

    def test_exhausted_iterator_is_false_and_peek_gives_the_default(self):
        tokens = Peekable(["1"])
        next(tokens)
        self.assertEqual((bool(tokens), tokens.peek("end")), (False, "end"))
