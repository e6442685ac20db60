const test = require("node:test");
const assert = require("node:assert/strict");
const { sortStudents } = require("./main.js");

test("sorts by year, then score from the highest, then name", () => {
  const students = [
    { name: "Zoe", year: 10, score: 91 },
    { name: "bea", year: 9, score: 78 },
    { name: "Adam", year: 9, score: 78 },
    { name: "Liam", year: 9, score: 95.5 },
  ];
  assert.deepEqual(sortStudents(students), [
    { name: "Liam", year: 9, score: 95.5 },
    { name: "Adam", year: 9, score: 78 },
    { name: "bea", year: 9, score: 78 },
    { name: "Zoe", year: 10, score: 91 },
  ]);
});

test("an empty list gives an empty array", () => {
  assert.deepEqual(sortStudents([]), []);
});
