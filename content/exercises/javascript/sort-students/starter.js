/**
 * Returns the students sorted by year (lowest first), then score (highest first), then name
 * (A to Z, ignoring case); full ties keep their order. `students` is not changed.
 * @param {{name: string, year: number, score: number}[]} students
 * @returns {{name: string, year: number, score: number}[]}
 */
function sortStudents(students) {
  // Your code here.
  return [...students];
}

module.exports = { sortStudents };
