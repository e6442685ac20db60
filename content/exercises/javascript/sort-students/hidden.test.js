const test = require("node:test");
const assert = require("node:assert/strict");
const { sortStudents } = require("./main.js");

const s = (name, year, score) => ({ name, year, score });

test("a single student", () => {
  assert.deepEqual(sortStudents([s("Mia", 7, 64)]), [s("Mia", 7, 64)]);
});

test("the year comes before the score", () => {
  assert.deepEqual(sortStudents([s("Top", 2, 100), s("Low", 1, 0)]), [s("Low", 1, 0), s("Top", 2, 100)]);
});

test("years are compared as numbers", () => {
  assert.deepEqual(
    sortStudents([s("Ten", 10, 50), s("Nine", 9, 50), s("One", 1, 50)]),
    [s("One", 1, 50), s("Nine", 9, 50), s("Ten", 10, 50)],
  );
});

test("the highest score comes first, decimals included", () => {
  assert.deepEqual(
    sortStudents([s("Ann", 5, 87), s("Ben", 5, 87.5), s("Cem", 5, 0), s("Dan", 5, 100)]),
    [s("Dan", 5, 100), s("Ben", 5, 87.5), s("Ann", 5, 87), s("Cem", 5, 0)],
  );
});

test("the score comes before the name", () => {
  assert.deepEqual(sortStudents([s("Abe", 3, 70), s("Zed", 3, 71)]), [s("Zed", 3, 71), s("Abe", 3, 70)]);
});

test("names are compared ignoring upper and lower case", () => {
  assert.deepEqual(
    sortStudents([s("Zoe", 4, 80), s("bea", 4, 80), s("adam", 4, 80), s("Carl", 4, 80)]),
    [s("adam", 4, 80), s("bea", 4, 80), s("Carl", 4, 80), s("Zoe", 4, 80)],
  );
});

test("a name before a longer name that starts with it", () => {
  assert.deepEqual(sortStudents([s("Annabel", 6, 90), s("Anna", 6, 90)]), [s("Anna", 6, 90), s("Annabel", 6, 90)]);
});

test("names equal apart from case keep their order", () => {
  assert.deepEqual(
    sortStudents([s("ana", 8, 75), s("ANA", 8, 75), s("Ana", 8, 75)]),
    [s("ana", 8, 75), s("ANA", 8, 75), s("Ana", 8, 75)],
  );
  assert.deepEqual(
    sortStudents([s("ANA", 8, 75), s("Ana", 8, 75), s("ana", 8, 75)]),
    [s("ANA", 8, 75), s("Ana", 8, 75), s("ana", 8, 75)],
  );
});

test("full ties keep their order", () => {
  const first = { name: "Sam", year: 12, score: 60, id: 1 };
  const second = { name: "Sam", year: 12, score: 60, id: 2 };
  assert.deepEqual(sortStudents([first, second]), [first, second]);
  assert.deepEqual(sortStudents([second, first]), [second, first]);
});

test("the original list is not changed", () => {
  const students = [s("Zoe", 2, 50), s("Amy", 1, 50)];
  sortStudents(students);
  assert.deepEqual(students, [s("Zoe", 2, 50), s("Amy", 1, 50)]);
});

test("a whole school list", () => {
  const students = [
    s("Noah", 11, 72), s("emma", 7, 88), s("Olivia", 11, 72), s("liam", 7, 88.5),
    s("Ava", 13, 55), s("Elijah", 7, 100), s("sophia", 11, 90), s("James", 13, 55),
    s("Isabella", 7, 88), s("lucas", 12, 0), s("Mia", 11, 72), s("Amelia", 12, 61.25),
    s("Henry", 1, 33), s("Harper", 12, 61.25), s("Evelyn", 7, 42), s("benjamin", 13, 99),
  ];
  assert.deepEqual(sortStudents(students).map((x) => x.name), [
    "Henry",
    "Elijah", "liam", "emma", "Isabella", "Evelyn",
    "sophia", "Mia", "Noah", "Olivia",
    "Amelia", "Harper", "lucas",
    "benjamin", "Ava", "James",
  ]);
});
