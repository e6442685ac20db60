import unittest

from main import expand


class ExpandHidden(unittest.TestCase):
    def test_empty_pattern(self):
        self.assertEqual(expand(""), [""])

    def test_alternatives_keep_their_written_order(self):
        self.assertEqual(expand("{c,a,b}"), ["c", "a", "b"])

    def test_duplicates_are_kept(self):
        self.assertEqual(expand("{x,x}"), ["x", "x"])

    def test_commas_outside_groups_are_ordinary(self):
        self.assertEqual(expand("a,b"), ["a,b"])
        self.assertEqual(expand("x,{1,2},y"), ["x,1,y", "x,2,y"])

    def test_groups_next_to_each_other(self):
        self.assertEqual(expand("{a,b}{1,2}{x,y}"), ["a1x", "a1y", "a2x", "a2y", "b1x", "b1y", "b2x", "b2y"])

    def test_deep_nesting(self):
        self.assertEqual(expand("{a,{b,{c,{d,e}}}}!"), ["a!", "b!", "c!", "d!", "e!"])

    def test_group_inside_an_alternative_with_text_after_it(self):
        self.assertEqual(expand("{x{1,2}y,z}"), ["x1y", "x2y", "z"])

    def test_all_alternatives_empty(self):
        self.assertEqual(expand("a{,}b"), ["ab", "ab"])

    def test_spaces_and_unicode_are_copied(self):
        self.assertEqual(expand("{café,naïve} crème"), ["café crème", "naïve crème"])

    def test_many_groups_give_every_combination_in_order(self):
        result = expand("{0,1}" * 12)
        self.assertEqual(len(result), 4096)
        self.assertEqual(result, [format(n, "012b") for n in range(4096)])
