/**
 * Returns the students sorted by year (lowest first), then score (highest first), then name
 * (A to Z, ignoring case); full ties keep their order. `students` is not changed.
 * @param {{name: string, year: number, score: number}[]} students
 * @returns {{name: string, year: number, score: number}[]}
 */
function sortStudents(students) {
  const byName = (a, b) => {
    const x = a.name.toLowerCase();
    const y = b.name.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  };
  // Array.prototype.sort is stable, so a comparator that returns 0 for full ties keeps
  // their order. Sorting a copy leaves the caller's array alone.
  return [...students].sort((a, b) => a.year - b.year || b.score - a.score || byName(a, b));
}

module.exports = { sortStudents };
